"""``babelpress memory stats | export | import | prune | check``."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from translate.cli import cli
from translate.memory import SegmentKey, TranslationMemory


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def memory_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "tm.sqlite3"
    monkeypatch.setenv("BABELPRESS_MEMORY", str(path))
    with TranslationMemory.open(path) as tm:
        tm.store_many([
            (SegmentKey.make("Hallo.", "de", "en", "de_en@1", "{}"), "Hello."),
            (SegmentKey.make("Hallo.", "de", "es", "de_en@1>en_es@1", "{}"), "Hola."),
        ])
        tm.store_many([(SegmentKey.make("Tschüss.", "de", "en", "", ""), "Bye.")], origin="human")
    return path


def test_stats_as_json(memory_file: Path) -> None:
    code, out, _ = run("memory", "stats", "--json")
    assert code == 0
    data = json.loads(out)
    assert {k: data[k] for k in ("path", "entries", "machine", "human", "pairs", "routes")} == {
        "path": str(memory_file), "entries": 3, "machine": 2, "human": 1,
        "pairs": {"de-en": 2, "de-es": 1}, "routes": {"de_en@1": 1, "de_en@1>en_es@1": 1}}


def test_stats_table(memory_file: Path) -> None:
    code, out, _ = run("memory", "stats")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith(f"Translation memory {memory_file} (") and lines[0].endswith(", schema 3)")
    assert lines[1:8] == [
        "Entries: 3 (2 machine, 1 human)",
        "  de-en           2",
        "  de-es           1",
        "Reviewed by:",
        "         1  (unknown)",
        "Models:",
        "         1  de_en@1",
    ]


def test_memory_option_overrides_the_environment(memory_file: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite3"
    code, _, err = run("memory", "stats", "--memory", str(other))
    assert code == 1
    assert err == (f"Error: There is no translation memory at {other} yet: it is created by the first run "
                   "that translates with it (or give another file with --memory PATH).\n")
    assert not other.exists()


def test_export_import_round_trip_through_the_cli(memory_file: Path, tmp_path: Path) -> None:
    tmx = tmp_path / "export.tmx"
    assert run("memory", "export", str(tmx)) == (0, f"Exported 3 entries to {tmx}\n", "")
    copy = tmp_path / "copy.sqlite3"
    code, out, err = run("memory", "import", str(tmx), "--memory", str(copy))
    assert (code, err) == (0, "")
    assert out == (f"Imported {tmx}: 3 translations in 3 units: 3 added, 0 updated, 0 unchanged, 0 duplicate, "
                   "0 skipped.\nStored 3 entries (1 human, 2 machine): de-en 2, de-es 1.\n")
    with TranslationMemory.open(memory_file) as a, TranslationMemory.open(copy) as b:
        assert sorted((e.digest, e.translation, e.origin) for e in a.entries()) == sorted(
            (e.digest, e.translation, e.origin) for e in b.entries())


def test_import_reports_skipped_units(memory_file: Path, tmp_path: Path) -> None:
    tmx = tmp_path / "cat.tmx"
    tmx.write_text(
        '<tmx version="1.4"><header srclang="de"/><body>'
        '<tu tuid="1"><tuv xml:lang="de"><seg>Ja.</seg></tuv><tuv xml:lang="en"><seg>Yes.</seg></tuv></tu>'
        '<tu tuid="2"><tuv xml:lang="en"><seg>No.</seg></tuv></tu>'
        "</body></tmx>", encoding="utf-8")
    code, out, err = run("memory", "import", str(tmx))
    assert code == 0
    assert out == (f"Imported {tmx}: 2 translations in 2 units: 1 added, 0 updated, 0 unchanged, 0 duplicate, "
                   "1 skipped.\nStored 1 entry (1 human, 0 machine): de-en 1.\n")
    assert err == "Skipped 1:\n  no <tuv> in the source language de: unit 2 (tuid 2)\n"


def test_import_of_a_broken_file_fails_cleanly(memory_file: Path, tmp_path: Path) -> None:
    tmx = tmp_path / "broken.tmx"
    tmx.write_text("<tmx><body>", encoding="utf-8")
    code, out, err = run("memory", "import", str(tmx))
    assert (code, out) == (1, "")
    assert err == f"Error: {tmx} is not well-formed XML (line 1, column 11): no element found.\n"


def test_prune_needs_a_rule_and_removes_old_machine_entries(memory_file: Path) -> None:
    code, _, err = run("memory", "prune")
    assert code == 2
    assert "say what to prune: --unused-days N and/or --uninstalled." in err
    with sqlite3.connect(memory_file) as db:
        db.execute("UPDATE segments SET used_at = used_at - 100 * 86400")
    db.close()
    assert run("memory", "prune", "--unused-days", "30") == (0, "Removed 2 entries; 1 remain.\n", "")
    assert run("memory", "prune", "--unused-days", "30", "--include-human") == (
        0, "Removed 1 entries; 0 remain.\n", "")


def test_prune_uninstalled_keeps_nothing_when_no_model_is_installed(memory_file: Path, argos_home: Path) -> None:
    assert run("memory", "prune", "--uninstalled") == (0, "Removed 2 entries; 1 remain.\n", "")


def test_check_passes_and_fails_with_the_reason(memory_file: Path) -> None:
    assert run("memory", "check") == (0, f"OK: {memory_file}: 3 entries, schema 3.\n", "")
    with sqlite3.connect(memory_file) as db:
        db.execute("UPDATE segments SET target_text = 'Adiós.' WHERE target_text = 'Hola.'")
    db.close()
    code, out, err = run("memory", "check")
    assert (code, out) == (1, "")
    assert err == (
        f"Error: The translation memory {memory_file} failed its check:\n"
        "  - 1 of 3 entries do not match their checksum\n"
        "Move the file away to start an empty memory; human translations come back from a TMX file "
        "with `babelpress memory import`.\n")


def test_a_corrupt_memory_is_named_in_a_subprocess(tmp_path: Path) -> None:
    path = tmp_path / "broken.sqlite3"
    path.write_bytes(os.urandom(8192))
    env = {**os.environ, "BABELPRESS_MEMORY": str(path)}
    result = subprocess.run([sys.executable, "-m", "translate", "memory", "stats"],
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: The translation memory {path} is damaged or is not a babelpress memory")
    assert f"`babelpress memory check --memory {path}`" in result.stderr
    assert "Traceback" not in result.stderr
    check = subprocess.run([sys.executable, "-m", "translate", "memory", "check"],
                           capture_output=True, text=True, env=env, timeout=60)
    assert check.returncode == 1
    assert "failed its check:\n  - SQLite cannot read it: file is not a database\n" in check.stderr
