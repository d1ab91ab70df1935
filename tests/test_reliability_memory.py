"""The translation memory on a read-only file system or a full disk, for real (see ``mounts.py``)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from mounts import babelpress, run_mounted

from translate.memory import SegmentKey, TranslationMemory


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def a_memory(folder: Path, entries: int = 3) -> Path:
    folder.mkdir()
    path = folder / "memory.sqlite3"
    with TranslationMemory.open(path) as tm:
        tm.store_many([(SegmentKey.make(f"Satz {i}.", "de", "en", "de_en@1", "{}"), f"Sentence {i}.")
                       for i in range(entries)])
    return path


def test_publish_with_a_memory_on_a_read_only_file_system_reuses_it_and_stores_nothing(seed_project: Path) -> None:
    folder = seed_project / "shared-memory"
    folder.mkdir()
    memory = folder / "memory.sqlite3"
    first = run_mounted(babelpress("publish", "seeds/", "--to", "en", "--out", "first", "--memory", memory,
                                   "--json", "--quiet"), cwd=seed_project)
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["reused"] == 0
    stored = files_in(folder)

    done = run_mounted(babelpress("publish", "seeds/", "--to", "en,es", "--out", "second", "--memory", memory,
                                  "--json"), read_only=[folder], cwd=seed_project)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines()[0] == (
        f"Warning: the translation memory {memory} is read-only (it is on a read-only file system): "
        "stored translations are reused, new ones are not stored. Give a writable one with --memory PATH, "
        "or skip it with --no-memory.")
    summary = json.loads(done.stdout)
    assert summary["errors"] == [] and summary["reused"] == 0 < summary["translated"]  # es was never stored
    english = (seed_project / "first" / "mexiko-setzt-e-commerce-als-wirtschaftswaffe-ein" / "index.en.md")
    assert (seed_project / "second" / english.relative_to(seed_project / "first")).read_bytes() == english.read_bytes()
    assert files_in(folder) == stored, "the memory file is untouched"

    again = run_mounted(babelpress("publish", "seeds/", "--to", "en", "--out", "third", "--memory", memory,
                                   "--json", "--quiet"), read_only=[folder], cwd=seed_project)
    assert again.returncode == 0, again.stderr
    summary = json.loads(again.stdout)
    assert summary["translated"] == 0 and summary["reused"] == summary["segments"] > 0
    assert summary["engine_calls"] == 0


def test_memory_check_and_stats_on_a_read_only_file_system(tmp_path: Path) -> None:
    memory = a_memory(tmp_path / "mem")
    done = run_mounted(babelpress("memory", "check", "--memory", memory), read_only=[memory.parent])
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (f"OK: {memory}: 3 entries, schema 3 (read-only: it is on a read-only file system; "
                           "runs reuse it without storing new translations).\n")
    done = run_mounted(babelpress("memory", "stats", "--json", "--memory", memory), read_only=[memory.parent])
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["entries"] == 3


def test_memory_import_into_a_read_only_memory_says_so(tmp_path: Path) -> None:
    memory = a_memory(tmp_path / "mem")
    tmx = tmp_path / "memory.tmx"
    with TranslationMemory.open(memory) as tm:
        from translate.memory import export_tmx
        export_tmx(tm, tmx)
    before = files_in(memory.parent)
    done = run_mounted(babelpress("memory", "import", tmx, "--memory", memory), read_only=[memory.parent])
    assert done.returncode == 1
    assert done.stderr == (
        f"Error: The translation memory {memory} is read-only (it is on a read-only file system): nothing can "
        "be stored in it. Copy it to a writable place and pass --memory PATH.\n")
    assert files_in(memory.parent) == before


def test_a_new_memory_on_a_read_only_file_system_says_what_to_do(models_env: Path, tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    memory = folder / "memory.sqlite3"
    done = run_mounted(babelpress("translate", "--text", "Hallo.", "--to", "en", "--memory", memory),
                       read_only=[folder])
    assert done.returncode == 1
    assert done.stderr == (
        f"Error: Cannot create the translation memory {memory}: it is on a read-only file system. "
        "Give a writable place with --memory PATH (or BABELPRESS_MEMORY), or translate without it "
        "with --no-memory.\n")
    assert files_in(folder) == {}


def test_a_full_disk_under_the_memory_is_one_clear_message(tmp_path: Path) -> None:
    folder, kept = tmp_path / "mem", tmp_path / "kept"
    source = a_memory(tmp_path / "source")
    folder.mkdir()
    kept.mkdir()
    memory = folder / "memory.sqlite3"
    size = source.stat().st_size
    with sqlite3.connect(source) as db:  # the memory fills its disk: nothing more fits beside it
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tmx = tmp_path / "more.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="de" datatype="plaintext" '
        'segtype="sentence" adminlang="en" o-tmf="x" creationtool="x" creationtoolversion="1"/><body>'
        + "".join(f'<tu><tuv xml:lang="de"><seg>Noch ein Satz {i} {"x" * 200}.</seg></tuv>'
                  f'<tuv xml:lang="en"><seg>One more sentence {i}.</seg></tuv></tu>' for i in range(400))
        + "</body></tmx>\n", encoding="utf-8")
    done = run_mounted(babelpress("memory", "import", tmx, "--memory", memory), full=folder,
                       size=f"{size + 36 * 1024}", fill=[(source, memory)], keep=kept)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr == (
        f"Error: The translation memory {memory} cannot store more: the disk is full. Free some space there, "
        "or give another memory with --memory PATH.\n")
    with TranslationMemory.open(kept / "memory.sqlite3") as tm:
        assert len(tm) == 3, "the memory is intact: the failed import stored nothing"


def test_a_read_only_memory_with_unmerged_changes_says_what_to_do(models_env: Path, tmp_path: Path) -> None:
    """A copy taken while a run was writing: its -wal holds changes that need a writable place to be read."""
    writing = a_memory(tmp_path / "live")
    folder = tmp_path / "snapshot"
    folder.mkdir()
    memory = folder / "memory.sqlite3"
    with TranslationMemory.open(writing) as tm:
        tm._connection.execute("PRAGMA wal_autocheckpoint=0")
        tm.store_many([(SegmentKey.make("Noch einer.", "de", "en", "de_en@1", "{}"), "One more.")])
        shutil.copy(writing, memory)
        shutil.copy(f"{writing}-wal", f"{memory}-wal")
    expected = (
        f"Error: The translation memory {memory} cannot be read on this read-only file system: {memory}-wal "
        "holds changes not yet merged into it, which SQLite can read only where it may write beside the file. "
        "Merge them where it can be written (`babelpress memory stats` does), give another file with "
        "--memory PATH, or skip it with --no-memory.\n")
    for command in (("memory", "check", "--memory", memory),
                    ("translate", "--text", "Hallo.", "--to", "en", "--memory", memory)):
        done = run_mounted(babelpress(*command), read_only=[folder])
        assert (done.returncode, done.stderr) == (1, expected), command
    assert sorted(p.name for p in folder.iterdir()) == ["memory.sqlite3", "memory.sqlite3-wal"]
