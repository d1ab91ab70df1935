"""CSV glossaries from the field: the user names which column holds which language.

The real files are the Tor Project's Transifex exports in
``../shared/corpus/glossary-csv`` (see its SOURCE.md): English-keyed, one
English ``term`` per row with its part of speech, a comment and the German
(``de``) or Spanish (``translation_es``, ``comment_es``, CRLF) translation.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import ROOT, shared_path

from translate.cli import cli
from translate.errors import TermbaseFormatError
from translate.glossary import Glossary, load_glossary
from translate.glossary.formats import import_terms, parse_columns
from translate.glossary.formats.merge import CONFLICT, NO_SOURCE, NO_TRANSLATION

FIXTURES = ROOT / "tests" / "fixtures" / "glossary"
DE_COLUMNS = "de=de,en=term,note=comment"
ES_COLUMNS = "en=term,es=translation_es,note=comment_es"


def _tor(lang: str) -> Path:
    return shared_path("corpus", "glossary-csv", f"tor-glossary.en-{lang}.csv")


def _records(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.DictReader(handle))


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def _counts(report: object) -> tuple[int, ...]:
    return tuple(getattr(report, name) for name in ("added", "updated", "unchanged", "duplicate", "total_skipped"))


def test_tor_en_de_imports_german_as_source_and_english_as_rendering() -> None:
    path = _tor("de")
    glossary, report = import_terms(Glossary(), path, columns=parse_columns([DE_COLUMNS]))
    # Every one of the 2,035 records is accounted for; the multi-line comments
    # are one row each.
    assert report.total == _records(path) == 2035
    assert sum(_counts(report)) == report.total
    # 667 rows have German: 619 make (or add a form to) an entry, 7 repeat an
    # earlier row, 41 give a German term another English one. Of the 1,368
    # without German, 38 repeat an entry's English (``Commit,Verb`` after
    # ``Commit,Noun``) and 1,330 have nothing to attach to.
    assert _counts(report) == (619, 0, 0, 45, 1371)
    assert report.created == len(glossary) == 601
    assert dict(report.skipped) == {NO_SOURCE: 1330, CONFLICT: 41}
    donation = next(entry for entry in glossary.entries if entry.terms["de"] == "Spendenprozess")
    assert donation.terms == {"de": "Spendenprozess", "en": "donation process"}  # leading spaces gone
    assert (
        "line 487", CONFLICT, "de: F&A; en: Q&A (entry 'f-a' has en: FAQ)"
    ) in report.details  # F&A was FAQ on line 142
    assert next(e for e in glossary.entries if e.terms["de"] == "rund um die Uhr").note.startswith("Twenty-four hours")
    android = next(entry for entry in glossary.entries if entry.terms["de"] == "Android")
    assert android.keep and android.terms == {"de": "Android"}  # the same in both: a name kept as it is
    # The line of a skipped row is the line its record starts on, even after multi-line comments.
    lines = path.read_text(encoding="utf-8").splitlines()
    where, reason, what = report.details[-1]
    assert reason == NO_SOURCE
    assert lines[int(where.removeprefix("line ")) - 1].startswith(what.removeprefix("en: ").split()[0])


def test_tor_en_es_completes_the_german_entries_through_english() -> None:
    german, _ = import_terms(Glossary(), _tor("de"), columns=parse_columns([DE_COLUMNS]))
    path = _tor("es")
    glossary, report = import_terms(german, path, columns=parse_columns([ES_COLUMNS]))
    assert report.total == _records(path) == 2035  # CRLF, multi-line quoted fields
    assert sum(_counts(report)) == report.total
    # No German in the file: nothing new is created, Spanish goes to the entries
    # whose English rendering the row shares (or, for a name kept as it is,
    # whose German), every other row says why not.
    assert _counts(report) == (0, 256, 439, 26, 1314)
    assert dict(report.skipped) == {NO_SOURCE: 1292, CONFLICT: 22}
    assert len(glossary) == len(german)
    bridge = next(entry for entry in glossary.entries if entry.terms["de"] == "Brücke")
    assert bridge.terms == {"de": "Brücke", "en": "bridge", "es": "puente de red"}
    donation = next(entry for entry in glossary.entries if entry.terms["de"] == "Spendenprozess")
    assert "es" not in donation.terms  # the Spanish file has no translation for it
    homepage = glossary.get("homepage")
    assert homepage is not None and homepage.keep and homepage.terms == {"de": "Homepage", "es": "página de Inicio"}
    with_spanish = [entry for entry in glossary.entries if "es" in entry.terms]
    assert len(with_spanish) == report.updated
    assert (
        "line 873", CONFLICT, "en: bridge; es: puentear (entry 'bruecke' has es: puente de red)"
    ) in report.details  # "bridge" the verb, after the noun
    # On its own the file has no German to hang anything on.
    alone, report = import_terms(Glossary(), path, columns=parse_columns([ES_COLUMNS]))
    assert len(alone) == 0 and report.total == 2035
    assert report.added + report.updated == 0


def test_column_choices_with_a_header_of_other_names(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "g.csv",
        "English,Deutsch,Kommentar\r\nfree trade agreement,Freihandelsabkommen,\"Trade,\r\nnot a deal\"\r\n"
        "market,Absatzmarkt,\r\n,Onlineriese,\r\nmarket,Markt,\r\n",
    )
    glossary, report = import_terms(Glossary(), path, columns=parse_columns(["de=deutsch", "en=English", "note=Kommentar"]))
    assert _counts(report) == (3, 0, 0, 0, 1)  # Markt joins Absatzmarkt as a form: one English term
    assert report.details == [("line 5", NO_TRANSLATION, "de: Onlineriese")]
    fta = glossary.get("freihandelsabkommen")
    assert fta is not None and fta.terms["en"] == "free trade agreement" and fta.note == "Trade,\nnot a deal"
    market = glossary.get("absatzmarkt")
    assert market is not None and market.forms == {"de": ("Markt",)}


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("de=de,en=english", "there is no column 'english'; the header's columns are: term, pos, comment, de"),
        ("de=de,pos=pos", "'pos' is neither a language code nor 'note'"),
        ("de=de", "name the columns of at least two languages"),
        ("de=de,en=term,de=comment", "'de' is given twice"),
        ("de=de,en", "'en': write LANG=COLUMN or note=COLUMN"),
    ],
)
def test_bad_column_choices_are_named(tmp_path: Path, spec: str, message: str) -> None:
    path = _write(tmp_path, "tor.csv", "term,pos,comment,de\nmarket,Noun,,Markt\n")
    with pytest.raises(TermbaseFormatError) as caught:
        import_terms(Glossary(), path, columns=parse_columns([spec]))
    assert message in str(caught.value)


def test_a_row_wider_than_the_header_is_named_with_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "g.tsv", "de\ten\tnote\nMarkt\tmarket\t\nAbkommen\tagreement, deal\tnot\tquoted\n")
    with pytest.raises(TermbaseFormatError) as caught:
        import_terms(Glossary(), path, fmt="tsv", columns=parse_columns(["de=de,en=en,note=note"]))
    assert str(caught.value) == (
        f"{path}:3: 4 cells, but the header has 3 columns; a TSV cell cannot hold a tab."
    )


def test_a_header_without_column_choices_is_told_how_to_name_them(tmp_path: Path) -> None:
    path = _write(tmp_path, "tor.csv", "term,pos,comment,de\nmarket,Noun,,Markt\n")
    with pytest.raises(TermbaseFormatError) as caught:
        import_terms(Glossary(), path)
    assert str(caught.value) == (
        f"{path}:1: the first row (term, pos, comment, de) is not a DeepL glossary row; if it is a header, "
        "say which column holds which language with --columns LANG=COLUMN,...,note=COLUMN, "
        "e.g. --columns LANG=term,de=de,note=comment."
    )


def test_deepl_layout_is_still_detected_with_and_without_a_language_header(tmp_path: Path) -> None:
    # No header: two columns, the languages from --to (and the glossary's source).
    _, report = import_terms(Glossary(), FIXTURES / "deepl.de-en.csv", target="en")
    assert (report.added, report.total) == (6, 9)
    # A header of language codes names the columns itself and is not imported as a term.
    path = _write(tmp_path, "h.csv", "DE,EN\nAbkommen,agreement\nVertrag,treaty\n")
    glossary, report = import_terms(Glossary(), path)
    assert _counts(report) == (2, 0, 0, 0, 0)
    assert [entry.terms for entry in glossary.entries] == [
        {"de": "Abkommen", "en": "agreement"}, {"de": "Vertrag", "en": "treaty"}
    ]
    path = _write(tmp_path, "h3.tsv", "en\tde\tes\nagreement\tAbkommen\tacuerdo\n")
    glossary, report = import_terms(Glossary(), path)
    assert report.added == 1 and glossary.entries[0].terms == {"de": "Abkommen", "en": "agreement", "es": "acuerdo"}
    with pytest.raises(TermbaseFormatError, match=r"h.csv:1: the header names de→en but the import was asked for de→es"):
        import_terms(Glossary(), tmp_path / "h.csv", target="es")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_cli_columns_options_are_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, "tor.csv", "term,pos,comment,de\nmarket,Noun,,Markt\n")
    code, _, err = run("glossary", "--glossary", "g.yaml", "import", "tor.csv", "--columns", "de=de,en=term", "--to", "en")
    assert code == 2 and "--columns names every language; leave out --from and --to" in err
    code, _, err = run("glossary", "--glossary", "g.yaml", "import", "tor.csv", "--columns", "de=de,xx=term")
    assert code == 2 and "Invalid value for --columns: 'xx' is neither a language code nor 'note'" in err
    code, _, err = run("glossary", "--glossary", "g.yaml", "import", "tor.csv", "--columns", "de=de,en=english")
    assert code == 1 and err == (
        "Error: tor.csv: there is no column 'english'; the header's columns are: term, pos, comment, de.\n"
    )
    _write(tmp_path, "t.tbx", "<tbx/>")
    code, _, err = run("glossary", "--glossary", "g.yaml", "import", "t.tbx", "--columns", "de=de,en=term")
    assert code == 2 and "--columns applies to CSV/TSV files" in err
    assert not (tmp_path / "g.yaml").exists()
    code, out, _ = run("glossary", "import", "--help")
    assert "--columns de=de,en=term,note=comment" in out and "tor-glossary.en-es.csv" in out


def _babelpress(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "translate", *args], cwd=cwd, env=dict(os.environ), capture_output=True, text=True,
        timeout=120,
    )


def test_subprocess_imports_both_tor_files_every_row_accounted_for(tmp_path: Path) -> None:
    de, es = _tor("de"), _tor("es")
    result = _babelpress("glossary", "--glossary", "g.yaml", "import", str(de), "--columns", DE_COLUMNS, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Imported {de} into g.yaml: 2035 rows: ")
    german = load_glossary(tmp_path / "g.yaml")
    result = _babelpress(
        "glossary", "--glossary", "g.yaml", "import", str(es), "--columns", ES_COLUMNS, "--details", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"Imported {es} into g.yaml: 2035 rows: 0 added, ")
    assert lines[1] == (
        "  No column holds de, the glossary's source language: a row can only add to the entry "
        "that already has its en or es term."
    )
    listed = [line for line in lines[2:] if line.startswith(("  skipped line ", "  duplicate line "))]
    assert len(listed) == len(lines) - 2  # --details lists every skip and duplicate
    spanish = load_glossary(tmp_path / "g.yaml")
    assert len(spanish) == len(german)
    assert sum("es" in entry.terms for entry in spanish.entries) > 150
    assert "Traceback" not in result.stderr
