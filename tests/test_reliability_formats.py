"""Exchange formats under hostile input: TMX that stays XML, UTF-16 sources,
messages that name the right file and option, and import reports that
account for every row and unit they read."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from translate.cli import cli
from translate.memory import Entry, SegmentKey, TranslationMemory


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def rows(path: Path) -> set[tuple[object, ...]]:
    """Every entry of the memory at ``path``, as a comparable row."""
    with TranslationMemory.open(path, create=False) as tm:
        return {(e.digest, e.key, e.translation, e.origin, e.meta, e.created_at, e.used_at) for e in tm.entries()}


def assert_well_formed(path: Path) -> None:
    """Python's expat parser is strict about XML 1.0 characters; xmllint too, where installed."""
    ET.parse(path)  # raises ParseError on a control character, even as a character reference
    xmllint = shutil.which("xmllint")
    if xmllint is not None:
        result = subprocess.run([xmllint, "--noout", str(path)], capture_output=True, text=True, timeout=60)
        assert (result.returncode, result.stderr) == (0, "")


# -- item 6: TMX export of control characters --------------------------------------------------

CONTROL = "".join(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r") + "\ufffe\uffff"


def test_control_characters_export_as_xml_and_import_back_exactly(tmp_path: Path) -> None:
    source = tmp_path / "tm.sqlite3"
    settings = '{"beam_size":4}'
    with TranslationMemory.open(source) as tm:
        tm.add_entries([
            Entry(SegmentKey.make("Farbe \x1b[1mrot\x1b[0m, Feld\x01Wert.", "de", "en", "de_en@1", settings),
                  "Colour \x1b[1mred\x1b[0m, field\x01value.", "machine", 1_600_000_000.0, 1_700_000_000.0),
            Entry(SegmentKey.make("Alle " + CONTROL + " Zeichen.", "de", "en", "de_en@1", settings),
                  "All " + CONTROL + " characters,\r\nwith a CR\rand\ta tab.", "machine", 1_600_000_001.0,
                  1_700_000_001.0, '[{"entry":"x","note":"\\u001b"}]'),
            Entry(SegmentKey.make("Nur\x00Null\x0b\x0c.", "de", "es", "", ""), "Solo\x00nulo\x07.", "human",
                  1_600_000_002.0, 1_600_000_003.0),
        ])
    tmx = tmp_path / "out" / "memory.tmx"
    assert run("memory", "export", str(tmx), "--memory", str(source)) == (0, f"Exported 3 entries to {tmx}\n", "")
    assert_well_formed(tmx)
    copy = tmp_path / "copy.sqlite3"
    code, _, err = run("memory", "import", str(tmx), "--memory", str(copy))
    assert (code, err) == (0, "")
    assert rows(copy) == rows(source)
    code, out, _ = run("memory", "export", "--help")
    assert code == 0 and "control character" in out and "x-babelpress-char" in out


# -- item 6: UTF-16 files ------------------------------------------------------------------------

UTF16_CASES = {
    "BOM, little-endian, default encoding": ("utf-16-le", b"\xff\xfe", ()),
    "BOM, big-endian, default encoding": ("utf-16-be", b"\xfe\xff", ()),
    "BOM, --encoding utf-16": ("utf-16-le", b"\xff\xfe", ("--encoding", "utf-16")),
    "no BOM, --encoding utf-16-le": ("utf-16-le", b"", ("--encoding", "utf-16-le")),
    "UTF-8 BOM, --encoding utf-16": ("utf-8", b"\xef\xbb\xbf", ("--encoding", "utf-16")),
}


@pytest.mark.parametrize("case", UTF16_CASES, ids=list(UTF16_CASES))
def test_utf16_documents_translate_like_their_utf8_copy(models_env: Path, tmp_path: Path, case: str) -> None:
    from heldout import heldout

    codec, bom, options = UTF16_CASES[case]
    text = heldout()[0].de + "\r\n" + heldout()[1].de + "\r\n"
    plain = tmp_path / "utf8.txt"
    plain.write_text(text, encoding="utf-8", newline="")
    wide = tmp_path / "wide.txt"
    wide.write_bytes(bom + text.encode(codec))
    expected = run("translate", str(plain), "--to", "en")
    assert expected[0] == 0, expected
    assert run("translate", str(wide), "--to", "en", *options) == expected


def test_binary_files_stay_binary_and_utf16_without_bom_says_how_to_read_it(tmp_path: Path) -> None:
    blob = tmp_path / "image.txt"
    blob.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")
    for options in ((), ("--encoding", "utf-16")):
        code, _, err = run("translate", str(blob), "--to", "en", *options)
        assert (code, err) == (1, f"Error: {blob} looks like a binary file, not a text document; "
                                  "give a .txt or .md file.\n")
    bare = tmp_path / "bare.txt"
    bare.write_bytes("Guten Tag.\n".encode("utf-16-le"))
    code, _, err = run("translate", str(bare), "--to", "en")
    assert code == 1
    assert err == (f"Error: {bare} looks like UTF-16 text without a byte-order mark; "
                   "pass --encoding utf-16-le.\n")


def test_glossary_import_reads_a_utf16_csv_with_bom(tmp_path: Path) -> None:
    csv_file = tmp_path / "excel.csv"
    csv_file.write_bytes("Straße,street\r\nZölle,tariffs\r\n".encode("utf-16"))  # Excel's "Unicode text"
    glossary = tmp_path / "g.yaml"
    code, out, err = run("glossary", "--glossary", str(glossary), "import", str(csv_file), "--to", "en")
    assert (code, err) == (0, "")
    from translate.glossary import load_glossary

    assert [entry.terms for entry in load_glossary(glossary).entries] == [
        {"de": "Straße", "en": "street"}, {"de": "Zölle", "en": "tariffs"}]


def test_utf16_tbx_declaring_entities_is_refused(tmp_path: Path) -> None:
    bomb = ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE tbx [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            '<tbx><text><body><conceptEntry id="x"><langSec xml:lang="de"><termSec><term>&b;</term></termSec>'
            '</langSec><langSec xml:lang="en"><termSec><term>b</term></termSec></langSec></conceptEntry>'
            "</body></text></tbx>")
    path = tmp_path / "bomb.tbx"
    path.write_bytes(bomb.encode("utf-16"))
    glossary = tmp_path / "g.yaml"
    code, _, err = run("glossary", "--glossary", str(glossary), "import", str(path))
    assert code == 1
    assert "declares XML entities" in err
    assert not glossary.exists()


# -- item 9: messages name an option that exists, the right kind of file, the path ---------------


def test_glossary_import_has_the_encoding_option_its_message_suggests(tmp_path: Path) -> None:
    csv_file = tmp_path / "latin.csv"
    csv_file.write_bytes("Straße,street\n".encode("cp1252"))
    glossary = tmp_path / "g.yaml"
    code, _, err = run("glossary", "--glossary", str(glossary), "import", str(csv_file), "--to", "en")
    assert code == 1
    assert err == (f"Error: {csv_file} is not valid UTF-8 (byte 4: b'\\xdf'). It decodes as Windows-1252/Latin-1. "
                   "Convert it with `iconv -f WINDOWS-1252 -t UTF-8 FILE > FILE.utf8` or pass --encoding cp1252.\n")
    assert not glossary.exists()
    code, out, err = run("glossary", "--glossary", str(glossary), "import", str(csv_file), "--to", "en",
                         "--encoding", "cp1252")
    assert (code, err) == (0, "")
    from translate.glossary import load_glossary

    assert [entry.terms for entry in load_glossary(glossary).entries] == [{"de": "Straße", "en": "street"}]


def test_glossary_check_has_the_encoding_option_its_message_suggests(tmp_path: Path) -> None:
    glossary = tmp_path / "g.yaml"
    glossary.write_text("source: de\nentries:\n- id: strasse\n  de: Straße\n  en: street\n", encoding="utf-8")
    translation = tmp_path / "page.en.txt"
    translation.write_bytes("The Straße is long.\n".encode("cp1252"))
    code, _, err = run("glossary", "--glossary", str(glossary), "check", str(translation), "--lang", "en")
    assert code == 1 and "or pass --encoding cp1252." in err
    code, out, err = run("glossary", "--glossary", str(glossary), "check", str(translation), "--lang", "en",
                         "--encoding", "cp1252")
    assert code == 1 and err == ""  # the finding, not a decoding error
    assert out.endswith(f"{translation}: 1 glossary problem (en).\n") and "'Straße' (use 'street')" in out


def test_a_binary_csv_is_asked_to_be_a_csv(tmp_path: Path) -> None:
    for name in ("terms.csv", "terms.tsv"):
        path = tmp_path / name
        path.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00")  # an .xlsx renamed
        code, _, err = run("glossary", "--glossary", str(tmp_path / "g.yaml"), "import", str(path), "--to", "en")
        assert (code, err) == (1, f"Error: {path} looks like a binary file, not a text document; "
                                  "give a CSV or TSV text file (save a spreadsheet as CSV UTF-8).\n")


def test_empty_import_files_are_named_by_their_path(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    glossary, memory = tmp_path / "g.yaml", tmp_path / "tm.sqlite3"
    for name, content in (("empty.csv", ""), ("empty.tsv", "\n\n"), ("empty.tbx", " \n")):
        path = folder / name
        path.write_text(content, encoding="utf-8")
        code, _, err = run("glossary", "--glossary", str(glossary), "import", str(path), "--to", "en")
        assert (code, err) == (1, f"Error: {path} is empty: there are no terms to import.\n")
    path = folder / "empty.tmx"
    path.write_text("\n", encoding="utf-8")
    code, _, err = run("memory", "import", str(path), "--memory", str(memory))
    assert (code, err) == (1, f"Error: {path} is empty: there are no translation units to import.\n")
    assert not glossary.exists() and not memory.exists()


def test_a_latin1_tmx_says_how_to_fix_it_without_an_option_it_lacks(tmp_path: Path) -> None:
    path = tmp_path / "latin.tmx"
    path.write_bytes('<tmx version="1.4"><header srclang="de"/><body>\n<tu><tuv xml:lang="de"><seg>Straße</seg>'
                     '</tuv><tuv xml:lang="en"><seg>street</seg></tuv></tu></body></tmx>\n'.encode("cp1252"))
    code, _, err = run("memory", "import", str(path), "--memory", str(tmp_path / "tm.sqlite3"))
    assert code == 1
    assert err == (f"Error: {path} is not UTF-8 (line 2, column 33: b'\\xdf') and declares no other encoding. "
                   "Save it as UTF-8, or name its encoding in its first line: "
                   "<?xml version=\"1.0\" encoding=\"windows-1252\"?>.\n")


# -- item 10: import reports account for every row and unit ---------------------------------------


def test_csv_import_accounts_for_every_row(tmp_path: Path) -> None:
    glossary = tmp_path / "g.yaml"
    glossary.write_text("source: de\nentries:\n- id: vertrag\n  de: Vertrag\n  en: treaty\n"
                        "- id: markt\n  de: Markt\n  es: mercado\n", encoding="utf-8")
    csv_file = tmp_path / "deepl.csv"
    csv_file.write_text("Zoll,tariff\nZoll,tariff\nZölle,tariff\nVertrag,treaty\nVertrag,contract\n"
                        "Markt,market\nOnlineriese,\n\n", encoding="utf-8")
    code, out, err = run("glossary", "--glossary", str(glossary), "import", str(csv_file), "--to", "en", "--details")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"Imported {csv_file} into {glossary}: 7 rows: 2 added (1 new entry), 1 updated, 1 unchanged, "
        "1 duplicate, 2 skipped (1 conflicting translation (the entry has another term for that language); "
        "1 no translation (only a source-language term)).",
        "  duplicate line 2: repeats line 1: de: Zoll; en: tariff (entry 'zoll')",
        "  skipped line 5: conflicting translation (the entry has another term for that language): "
        "de: Vertrag; en: contract (entry 'vertrag' has en: treaty)",
        "  skipped line 7: no translation (only a source-language term): de: Onlineriese",
    ]
    from translate.glossary import load_glossary

    entries = {entry.id: entry for entry in load_glossary(glossary).entries}
    assert entries["zoll"].terms == {"de": "Zoll", "en": "tariff"} and entries["zoll"].forms == {"de": ("Zölle",)}
    assert entries["markt"].terms == {"de": "Markt", "en": "market", "es": "mercado"}


def test_tbx_import_numbers_add_up_to_the_entries_read(tmp_path: Path) -> None:
    from support import shared_path

    from translate.glossary import Glossary
    from translate.glossary.formats import import_terms

    path = shared_path("corpus", "tbx", "weblate-glossary.de.tbx")
    _, report = import_terms(Glossary(), path)
    assert report.total == path.read_bytes().count(b"<termEntry") == 485
    assert (report.added, report.updated, report.unchanged, report.duplicate, report.total_skipped) == (400, 0, 0, 8, 77)


CAT_TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="Example" segtype="sentence" o-tmf="x" adminlang="en" srclang="*all*" datatype="html"/>
  <body>
    <tu tuid="a"><tuv xml:lang="de"><seg>Ja.</seg></tuv><tuv xml:lang="en"><seg>Yes.</seg></tuv></tu>
    <tu tuid="b" srclang="de"><tuv xml:lang="de"><seg>Nein.</seg></tuv><tuv xml:lang="en"><seg>No.</seg></tuv></tu>
    <tu tuid="c" srclang="de"><tuv xml:lang="de"><seg>Nein.</seg></tuv><tuv xml:lang="en"><seg>No.</seg></tuv></tu>
    <tu tuid="d" srclang="de"><tuv xml:lang="de"><seg>Das ist <b>wichtig</b>.</seg></tuv>
      <tuv xml:lang="en"><seg>This is <b>important</b>.</seg></tuv></tu>
    <tu tuid="e" srclang="de"><tuv xml:lang="en"><seg>Orphan.</seg></tuv></tu>
    <tu tuid="f" srclang="de"><tuv xml:lang="de"><seg>Leer.</seg></tuv><tuv xml:lang="en"><seg> </seg></tuv></tu>
    <tu tuid="g" srclang="de"><tuv xml:lang="de"><seg>Hallo.</seg></tuv><tuv xml:lang="en"><seg>Hello.</seg></tuv></tu>
    <tu tuid="h" srclang="de"><tuv xml:lang="de"><seg>Tschüss.</seg></tuv><tuv xml:lang="en"><seg>Goodbye.</seg></tuv></tu>
  </body>
</tmx>
"""


def test_tmx_import_accounts_for_every_unit(tmp_path: Path) -> None:
    memory = tmp_path / "tm.sqlite3"
    with TranslationMemory.open(memory) as tm:
        tm.store_many([(SegmentKey.make("Hallo.", "de", "en", "", ""), "Hello."),
                       (SegmentKey.make("Tschüss.", "de", "en", "", ""), "Bye.")], origin="human")
    tmx = tmp_path / "cat.tmx"
    tmx.write_text(CAT_TMX, encoding="utf-8")
    code, out, err = run("memory", "import", str(tmx), "--memory", str(memory))
    assert code == 0
    assert out.splitlines() == [
        f"Imported {tmx}: 9 translations in 8 units: 4 added, 1 updated, 1 unchanged, 1 duplicate, 2 skipped.",
        "Stored 5 entries (5 human, 0 machine): de-en 4, en-de 1.",
    ]
    assert err.splitlines() == [
        "Skipped 2:",
        "  no <tuv> in the source language de: unit 5 (tuid e)",
        "  no translation (the en <seg> is empty): unit 6 (tuid f)",
        "Duplicate 1:",
        "  unit 3 (tuid c): de→en repeats unit 2 (tuid b)",
        "Inline markup dropped (the segment text is kept):",
        "  <b> (not TMX markup): unit 4 (tuid d)",
    ]
    with TranslationMemory.open(memory, create=False) as tm:
        found = {(e.key.source, e.key.target, e.key.text): e.translation for e in tm.entries()}
    assert found == {
        ("de", "en", "Ja."): "Yes.", ("en", "de", "Yes."): "Ja.", ("de", "en", "Nein."): "No.",
        ("de", "en", "Das ist wichtig."): "This is important.", ("de", "en", "Hallo."): "Hello.",
        ("de", "en", "Tschüss."): "Goodbye.",
    }
    # The same file again: everything it could store is there already.
    code, out, _ = run("memory", "import", str(tmx), "--memory", str(memory))
    assert out.splitlines()[0] == (f"Imported {tmx}: 9 translations in 8 units: 0 added, 0 updated, 6 unchanged, "
                                   "1 duplicate, 2 skipped.")
