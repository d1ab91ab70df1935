"""``babelpress glossary``: every subcommand through CliRunner, plus real subprocesses."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from support import ROOT

from translate.cli import cli
from translate.cli.glossary_options import glossary_from_options, glossary_options
from translate.glossary import load_glossary

SHIPPED = ROOT / "glossary" / "terms.yaml"
FIXTURES = ROOT / "tests" / "fixtures" / "glossary"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory with the shipped glossary at its default place."""
    (tmp_path / "glossary").mkdir()
    shutil.copy(SHIPPED, tmp_path / "glossary" / "terms.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_list_and_show(project: Path) -> None:
    code, out, _ = run("glossary", "list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["id", "de", "en", "es", "flags"]
    assert lines[-1] == "18 entries in glossary/terms.yaml (languages: de, en, es)."
    fta = next(line for line in lines if line.startswith("freihandelsabkommen "))
    assert fta.split("  ")[0] == "freihandelsabkommen" and "free trade agreement" in fta
    assert "tratado de libre comercio" in fta
    code, out, _ = run("glossary", "show", "land-der-mitte")
    assert code == 0
    assert out.splitlines()[:4] == ["- id: land-der-mitte", "  de: Land der Mitte", "  en: Middle Kingdom", "  es: Reino del Medio"]


def test_add_edit_remove_round_trip(project: Path) -> None:
    path = project / "glossary" / "terms.yaml"
    before = path.read_text(encoding="utf-8")
    code, out, _ = run(
        "glossary", "add", "--term", "de=Handelspartner", "--term", "en=trading partner", "--term", "es=socio comercial"
    )
    assert (code, out) == (0, "Added entry 'handelspartner' to glossary/terms.yaml.\n")
    code, out, _ = run(
        "glossary", "edit", "handelspartner", "--form", "es=socios comerciales", "--forbid", "en=trade partner",
        "--note", "Countries Mexico trades with.",
    )
    assert (code, out) == (0, "Updated entry 'handelspartner' in glossary/terms.yaml.\n")
    entry = load_glossary(path).get("handelspartner")
    assert entry is not None
    assert entry.forms == {"es": ("socios comerciales",)} and entry.forbidden == {"en": ("trade partner",)}
    assert entry.note == "Countries Mexico trades with."
    code, out, _ = run("glossary", "remove", "handelspartner")
    assert (code, out) == (0, "Removed entry 'handelspartner' from glossary/terms.yaml.\n")
    assert path.read_text(encoding="utf-8") == before


def test_add_creates_a_new_glossary_file(tmp_path: Path) -> None:
    path = tmp_path / "new" / "g.yaml"
    code, out, _ = run("glossary", "--glossary", str(path), "add", "--term", "de=Alibaba", "--keep", "--case-sensitive")
    assert (code, out) == (0, f"Added entry 'alibaba' to {path}.\n")
    entry = load_glossary(path).get("alibaba")
    assert entry is not None and entry.keep and entry.case_sensitive


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["edit", "nope", "--note", "x"], 1, "Error: glossary/terms.yaml has no entry 'nope'; `babelpress glossary list` shows the ids.\n"),
        (["show", "nope"], 1, "Error: glossary/terms.yaml has no entry 'nope'; `babelpress glossary list` shows the ids.\n"),
        (
            ["add", "--term", "de=Alibaba", "--term", "en=Ali Baba", "--id", "ali"],
            1,
            "Error: glossary/terms.yaml: the de term 'Alibaba' is also in entry 'alibaba' (line 23); "
            "a source term may belong to one entry only.\n",
        ),
        (["add", "--term", "en=market"], 1, "Error: a new entry needs its de term (--term de=...).\n"),
        (["edit", "amazon", "--remove-form", "de=Amazonas"], 1, "Error: entry 'amazon' has no de form 'Amazonas'.\n"),
    ],
)
def test_edit_errors_are_one_clear_line_and_change_nothing(project: Path, args: list[str], code: int, message: str) -> None:
    before = (project / "glossary" / "terms.yaml").read_bytes()
    result = run("glossary", *args)
    assert (result[0], result[2]) == (code, message)
    assert (project / "glossary" / "terms.yaml").read_bytes() == before


def test_usage_errors(project: Path) -> None:
    code, _, err = run("glossary", "edit", "amazon")
    assert code == 2 and "Error: nothing to change: give --term, --form, --forbid, --note, --keep, ... (see --help)." in err
    code, _, err = run("glossary", "add", "--term", "de")
    assert code == 2 and "Error: Invalid value for --term: 'de': write LANG=TEXT" in err


def test_validate(project: Path) -> None:
    code, out, _ = run("glossary", "validate")
    sha = load_glossary(SHIPPED).sha256
    assert (code, out) == (0, f"glossary/terms.yaml: valid, 18 entries (languages: de, en, es); sha256 {sha}.\n")
    broken = FIXTURES / "duplicate_term.yaml"
    code, _, err = run("glossary", "validate", "--glossary", str(broken))
    assert code == 1
    assert err == (
        f"Error: {broken}:11: the de term 'freihandelsabkommen' is also in entry 'freihandelsabkommen' (line 3); "
        "a source term may belong to one entry only.\n"
    )


def test_import_reports_counts_and_why(project: Path) -> None:
    code, out, _ = run("glossary", "--glossary", "fresh.yaml", "import", str(FIXTURES / "deepl.de-en.csv"), "--to", "en", "--details")
    assert code == 0
    assert out.splitlines() == [
        f"Imported {FIXTURES / 'deepl.de-en.csv'} into fresh.yaml: 9 rows: 6 added (5 new entries), 0 updated, "
        "0 unchanged, 0 duplicate, 3 skipped "
        "(1 conflicting translation (the entry has another term for that language); "
        "1 no term in the glossary's source language; 1 no translation (only a source-language term)).",
        "  skipped line 6: conflicting translation (the entry has another term for that language): "
        "de: Absatzmarkt; en: sales market (entry 'absatzmarkt' has en: market)",
        "  skipped line 7: no translation (only a source-language term): de: Onlineriese",
        "  skipped line 8: no term in the glossary's source language: en: e-commerce",
    ]
    assert len(load_glossary(project / "fresh.yaml")) == 5
    code, out, _ = run("glossary", "import", str(FIXTURES / "medical.yaml"))
    assert code == 1  # a .yaml file is not an exchange format


def test_import_dry_run_writes_nothing(project: Path) -> None:
    before = (project / "glossary" / "terms.yaml").read_bytes()
    code, out, _ = run("glossary", "import", str(FIXTURES / "deepl.de-en.csv"), "--to", "en", "--dry-run")
    assert code == 0 and out.startswith("Would import ")
    assert (project / "glossary" / "terms.yaml").read_bytes() == before


def test_export_and_reimport(project: Path) -> None:
    code, out, _ = run("glossary", "export", "out.tbx")
    assert (code, out) == (0, "Exported 18 entries from glossary/terms.yaml to out.tbx.\n")
    code, out, _ = run("glossary", "--glossary", "copy.yaml", "import", "out.tbx")
    assert (code, out) == (0, "Imported out.tbx into copy.yaml: 18 entries: 18 added, 0 updated, 0 unchanged, "
                              "0 duplicate, 0 skipped.\n")
    assert load_glossary(project / "copy.yaml") == load_glossary(SHIPPED)
    code, _, err = run("glossary", "export", "out.csv")
    assert code == 1
    assert err == "Error: a CSV glossary holds one language pair: choose the target language with --to (en, es).\n"
    code, out, _ = run("glossary", "export", "out.tsv", "--to", "es")
    assert (code, out) == (0, "Exported 28 rows from glossary/terms.yaml to out.tsv.\n")
    assert "Freihandelsabkommen\ttratado de libre comercio\n" in (project / "out.tsv").read_text(encoding="utf-8")


def test_check_a_human_translation(project: Path) -> None:
    (project / "a.txt").write_text(
        "Mexiko will ein Freihandelsabkommen mit dem Land der Mitte.\n\n"
        "Das Freihandelsabkommen ist Zukunftsmusik. Alibaba konkurriert mit Amazon.\n",
        encoding="utf-8",
    )
    (project / "a.en.md").write_text(
        "Mexico wants a free trade deal with the Middle Kingdom.\n\n"
        "The Freihandelsabkommen is a distant prospect. Alibaba competes with Amazon.\n",
        encoding="utf-8",
    )
    code, out, _ = run("glossary", "check", "a.en.md", "--lang", "en")
    assert code == 1
    assert out.splitlines() == [
        "a.en.md:1: forbidden: freihandelsabkommen: 'free trade deal' (use 'free trade agreement')",
        "a.en.md:3: untranslated: freihandelsabkommen: 'Freihandelsabkommen' (use 'free trade agreement')",
        "a.en.md: ok: alibaba: 'Alibaba' (found 1)",
        "a.en.md: ok: amazon: 'Amazon' (found 1)",
        "a.en.md: ok: land-der-mitte: 'Middle Kingdom' (found 1)",
        "a.en.md: ok: zukunftsmusik: 'distant prospect' (found 1)",
        "a.en.md: 2 glossary problems (en).",
    ]
    code, out, _ = run("glossary", "check", "a.en.md", "--lang", "en", "--source", "a.txt")
    assert code == 1
    assert "a.en.md: missing: freihandelsabkommen: 'free trade agreement' (found 0 of 2)" in out.splitlines()
    assert out.splitlines()[-1] == "a.en.md: 3 glossary problems (en)."
    (project / "good.en.md").write_text("A free trade agreement with the Middle Kingdom.\n", encoding="utf-8")
    code, out, _ = run("glossary", "check", "good.en.md", "--lang", "en")
    assert code == 0 and out.splitlines()[-1] == "good.en.md: 0 glossary problems (en)."


def test_shared_glossary_options(project: Path) -> None:
    seen = []

    @click.command()
    @glossary_options
    def command(glossary: Path | None, no_glossary: bool, strict: bool) -> None:
        terms = glossary_from_options(glossary, no_glossary)
        seen.append((None if terms is None else len(terms), strict))

    runner = CliRunner()
    assert runner.invoke(command, [], catch_exceptions=False).exit_code == 0  # default file found
    assert runner.invoke(command, ["--no-glossary", "--strict"], catch_exceptions=False).exit_code == 0
    assert seen == [(18, False), (None, True)]
    result = runner.invoke(command, ["--glossary", "x.yaml", "--no-glossary"])
    assert result.exit_code == 2 and "--glossary and --no-glossary contradict each other" in result.stderr


def _babelpress(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    return subprocess.run(
        [sys.executable, "-m", "translate", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60
    )


def test_subprocess_validate_broken_glossary(tmp_path: Path) -> None:
    broken = FIXTURES / "bad_yaml.yaml"
    result = _babelpress("glossary", "validate", "--glossary", str(broken), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == (
        f"Error: {broken}:8: not valid YAML: expected ',' or ']', but got ':' (while parsing a flow sequence at line 7).\n"
    )
    assert "Traceback" not in result.stderr


def test_subprocess_import_shared_tbx(tmp_path: Path) -> None:
    from support import shared_path

    tbx = shared_path("corpus", "tbx", "tbx-core-sdl-adobe.de-en.tbx")
    result = _babelpress("glossary", "--glossary", "g.yaml", "import", str(tbx), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        f"Imported {tbx} into g.yaml: 223 entries: 170 added, 0 updated, 0 unchanged, 0 duplicate, 53 skipped "
        "(9 conflicting translation (the entry has another term for that language); "
        "44 no term in the glossary's source language).\n"
    )
    assert len(load_glossary(tmp_path / "g.yaml")) == 170
