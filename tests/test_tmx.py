"""TMX 1.4 export and import: round trips and files from CAT tools."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.errors import InputError
from translate.memory import Entry, SegmentKey, TranslationMemory, export_tmx, import_tmx


def entry_set(memory: TranslationMemory) -> set[tuple[object, ...]]:
    return {(e.key, e.translation, e.origin, int(e.created_at), int(e.used_at)) for e in memory.entries()}


@pytest.fixture
def tm(tmp_path: Path):  # type: ignore[no-untyped-def]
    with TranslationMemory.open(tmp_path / "memory.sqlite3") as memory:
        yield memory


def test_export_then_import_round_trips_every_segment(tm: TranslationMemory, tmp_path: Path) -> None:
    settings = '{"beam_size":4,"compute_type":"int8"}'
    tm.store_many([
        (SegmentKey.make("Die Zölle steigen um 5 %.", "de", "en", "de_en@1.9", settings), "Tariffs rise by 5%."),
        (SegmentKey.make("Die Zölle steigen um 5 %.", "de", "es", "de_en@1.9>en_es@1.0", settings),
         "Los aranceles suben un 5 %."),
        (SegmentKey.make("A < B & \"C\" > 'D'", "de", "en", "de_en@1.9", settings, "glossary:9f"),
         "  A < B & \"C\" > 'D'  "),
        (SegmentKey.make("Zeile\neins", "de", "en", "de_en@1.9", settings), "Line\none"),
        (SegmentKey.make("Emoji 🚀 und 中文.", "de", "en", "de_en@1.9", settings), "Emoji 🚀 and 中文."),
    ])
    tm.store_many([(SegmentKey.make("Freihandelsabkommen", "de", "en", "", ""), "free trade agreement")],
                  origin="human")
    path = tmp_path / "out" / "memory.tmx"
    assert export_tmx(tm, path) == 6
    with TranslationMemory.open(tmp_path / "copy.sqlite3") as copy:
        report = import_tmx(copy, path)
        assert (report.imported, report.human, report.machine, report.skipped) == (6, 1, 5, 0)
        assert report.pairs == {"de-en": 5, "de-es": 1}
        assert entry_set(copy) == entry_set(tm)
        # Restored machine entries answer the very same keys.
        k = SegmentKey.make("A < B & \"C\" > 'D'", "de", "en", "de_en@1.9", settings, "glossary:9f")
        assert copy.lookup_many([k])[k].translation == "  A < B & \"C\" > 'D'  "


def test_export_is_tmx_1_4(tm: TranslationMemory, tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    tm.store_many([(SegmentKey.make("Hallo.", "de", "en", "r@1", "{}"), "Hello.")])
    path = tmp_path / "m.tmx"
    export_tmx(tm, path)
    root = ET.parse(path).getroot()
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    assert header is not None
    assert {name: header.get(name) for name in ("creationtool", "segtype", "srclang", "datatype", "adminlang")} == {
        "creationtool": "babelpress", "segtype": "sentence", "srclang": "de", "datatype": "plaintext",
        "adminlang": "en"}
    unit = root.find("body/tu")
    assert unit is not None
    assert [child.tag for child in unit] == ["prop", "prop", "prop", "prop", "tuv", "tuv"]  # props before tuvs
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert [(tuv.get(lang), tuv.findtext("seg")) for tuv in unit.findall("tuv")] == [("de", "Hallo."), ("en", "Hello.")]
    assert len(unit.get("creationdate", "")) == 16 and unit.get("creationdate", "").endswith("Z")


OMEGAT = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx11.dtd">
<tmx version="1.1">
  <header creationtool="OmegaT" o-tmf="OmegaT TMX" adminlang="EN-US" datatype="plaintext"
          creationtoolversion="6.0.0" segtype="sentence" srclang="DE-DE"/>
  <body>
    <tu>
      <tuv lang="DE-DE"><seg>Das Freihandelsabkommen tritt in Kraft.</seg></tuv>
      <tuv lang="EN-GB"><seg>The free trade agreement enters into force.</seg></tuv>
      <tuv lang="ES-ES"><seg>El acuerdo de libre comercio entra en vigor.</seg></tuv>
    </tu>
    <tu tuid="t2" creationdate="20240102T030405Z" changedate="20240203T040506Z">
      <tuv xml:lang="de-DE"><seg>Klicken Sie <bpt i="1">&lt;b&gt;</bpt>hier<ept i="1">&lt;/b&gt;</ept>.</seg></tuv>
      <tuv xml:lang="en-GB"><seg>Click <bpt i="1">&lt;b&gt;</bpt>here<ept i="1">&lt;/b&gt;</ept>, <hi>now</hi>.</seg></tuv>
    </tu>
    <tu tuid="t3">
      <tuv xml:lang="de-DE"><seg>Nur Quelle.</seg></tuv>
      <tuv xml:lang="en-GB"><seg></seg></tuv>
    </tu>
  </body>
</tmx>
"""


def test_cat_tool_units_become_human_translations_for_any_model(tm: TranslationMemory, tmp_path: Path) -> None:
    path = tmp_path / "omegat.tmx"
    path.write_text(OMEGAT, encoding="utf-8")
    report = import_tmx(tm, path)
    assert (report.human, report.machine, report.skipped) == (3, 0, 1)
    assert report.reasons == ["unit 3 (tuid t3): no translation (the en <seg> is empty)"]
    assert report.markup == {"<bpt> (an inline code, its content left out)": ["unit 2 (tuid t2)"],
                             "<ept> (an inline code, its content left out)": ["unit 2 (tuid t2)"],
                             "<hi> (TMX highlighting)": ["unit 2 (tuid t2)"]}
    assert report.pairs == {"de-en": 2, "de-es": 1}
    wanted = [
        SegmentKey.make("Das Freihandelsabkommen tritt in Kraft.", "de", "es", "any-model@3", '{"beam_size":1}', "ctx"),
        SegmentKey.make("Klicken Sie hier.", "de", "en", "other@1", "{}"),
    ]
    found = tm.lookup_many(wanted)
    assert [found[k].translation for k in wanted] == [
        "El acuerdo de libre comercio entra en vigor.", "Click here, now."]
    assert all(found[k].origin == "human" for k in wanted)
    assert found[wanted[1]].created_at == 1704164645.0  # 2024-01-02 03:04:05 UTC


def test_as_human_turns_exported_machine_entries_into_human_ones(tm: TranslationMemory, tmp_path: Path) -> None:
    tm.store_many([(SegmentKey.make("Hallo.", "de", "en", "r@1", "{}"), "Hello.")])
    path = tmp_path / "m.tmx"
    export_tmx(tm, path)
    with TranslationMemory.open(tmp_path / "reviewed.sqlite3") as reviewed:
        report = import_tmx(reviewed, path, origin="human")
        assert (report.human, report.machine) == (1, 0)
        found = reviewed.lookup_many([SegmentKey.make("Hallo.", "de", "en", "new-model@2", "{}")])
        assert [e.translation for e in found.values()] == ["Hello."]


def test_imported_human_translation_replaces_the_previous_human_one(tm: TranslationMemory, tmp_path: Path) -> None:
    path = tmp_path / "a.tmx"
    path.write_text(OMEGAT, encoding="utf-8")
    import_tmx(tm, path)
    path.write_text(OMEGAT.replace("enters into force", "takes effect"), encoding="utf-8")
    import_tmx(tm, path)
    k = SegmentKey.make("Das Freihandelsabkommen tritt in Kraft.", "de", "en", "m@1", "{}")
    assert tm.lookup_many([k])[k].translation == "The free trade agreement takes effect."
    assert tm.stats().human == 3


BOMB = """<?xml version="1.0"?>
<!DOCTYPE tmx [
  <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
]>
<tmx version="1.4"><header srclang="de"/><body>
<tu><tuv xml:lang="de"><seg>&b;</seg></tuv><tuv xml:lang="en"><seg>x</seg></tuv></tu>
</body></tmx>
"""


@pytest.mark.parametrize(("content", "message"), [
    (BOMB, "{path} declares XML entities or external references, which TMX never needs; "
           "babelpress refuses to expand them. Re-export it from the CAT tool."),
    ("<tmx version='1.4'><body><tu>", "{path} is not well-formed XML (line 1, column 29): no element found."),
    ("<xliff version='1.2'/>", "{path} is not a TMX file: its root element is <xliff>, not <tmx>."),
    ("", "{path} is empty: there are no translation units to import."),
])
def test_bad_tmx_files_get_one_clear_message(tm: TranslationMemory, tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.tmx"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        import_tmx(tm, path)
    assert str(info.value) == message.format(path=path)
    assert len(tm) == 0


def test_missing_tmx_file(tm: TranslationMemory, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        import_tmx(tm, tmp_path / "none.tmx")


def test_entries_keep_their_dates_through_a_round_trip(tm: TranslationMemory, tmp_path: Path) -> None:
    key = SegmentKey.make("Alt.", "de", "en", "r@1", "{}")
    tm.add_entries([Entry(key, "Old.", "machine", created_at=1_600_000_000.0, used_at=1_700_000_000.0)])
    path = tmp_path / "m.tmx"
    export_tmx(tm, path)
    with TranslationMemory.open(tmp_path / "b.sqlite3") as other:
        import_tmx(other, path)
        (entry,) = other.entries()
        assert (entry.created_at, entry.used_at) == (1_600_000_000.0, 1_700_000_000.0)


def test_notes_travel_through_tmx(tm: TranslationMemory, tmp_path: Path) -> None:
    k = SegmentKey.make("Das Freihandelsabkommen.", "de", "en", "r@1", "{}", "glossary:1")
    tm.store_many([(k, "The free trade deal.")], meta={k: '[{"entry":"fta","status":"kept"}]'})
    path = tmp_path / "m.tmx"
    export_tmx(tm, path)
    with TranslationMemory.open(tmp_path / "b.sqlite3") as other:
        import_tmx(other, path)
        assert other.lookup_many([k])[k].meta == '[{"entry":"fta","status":"kept"}]'


def test_scores_and_reviewers_travel_through_tmx(tm: TranslationMemory, tmp_path: Path) -> None:
    machine = SegmentKey.make("Eins.", "de", "en", "de_en@1.9", '{"beam_size":4}')
    human = SegmentKey.make("Zwei.", "de", "en", "", "")
    tm.store_many([(machine, "One.")], scores={machine: -0.4375})
    tm.store_many([(human, "Two.")], origin="human", reviewer="Ana López")
    path = tmp_path / "memory.tmx"
    export_tmx(tm, path)
    text = path.read_text(encoding="utf-8")
    assert 'changeid="Ana López"' in text and 'type="x-babelpress-score">-0.4375<' in text
    with TranslationMemory.open(tmp_path / "copy.sqlite3") as copy:
        import_tmx(copy, path)
        found = copy.lookup_many([machine, human])
        assert (found[machine].score, found[machine].reviewer) == (-0.4375, "")
        assert (found[human].origin, found[human].reviewer, found[human].score) == ("human", "Ana López", None)


def test_a_cat_tools_translator_becomes_the_reviewer(tm: TranslationMemory, tmp_path: Path) -> None:
    path = tmp_path / "cat.tmx"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="x" creationtoolversion="1" '
        'segtype="sentence" o-tmf="x" adminlang="en" srclang="de" datatype="plaintext"/><body>'
        '<tu creationid="jmeier"><tuv xml:lang="de"><seg>Drei.</seg></tuv><tuv xml:lang="en"><seg>Three.</seg></tuv></tu>'
        '</body></tmx>\n', encoding="utf-8")
    import_tmx(tm, path)
    key = SegmentKey.make("Drei.", "de", "en", "", "")
    assert tm.lookup_many([key])[key].reviewer == "jmeier"
