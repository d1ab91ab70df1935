"""Writing files: modes kept, full disks and read-only file systems, pages babelpress did not write.

Full disks and read-only file systems are real (a tiny tmpfs, a read-only
bind mount; see ``mounts.py``); only a quota and a permission error, which
cannot be made in a test, are injected.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from heldout import heldout
from mounts import babelpress, run_mounted
from support import ROOT, SEED

from translate.cli import cli
from translate.errors import OutputError
from translate.files import write_atomic
from translate.memory import SegmentKey, TranslationMemory

SHIPPED_GLOSSARY = ROOT / "glossary" / "terms.yaml"
DEEPL_CSV = ROOT / "tests" / "fixtures" / "glossary" / "deepl.de-en.csv"
SLUG = "mexiko-setzt-e-commerce-als-wirtschaftswaffe-ein"


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [str(arg) for arg in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def umask_027() -> Iterator[None]:
    """Run the test under umask 027: new files must come out 0640 (not 0600, not 0644)."""
    previous = os.umask(0o027)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    source = tmp_path / "article.txt"
    source.write_text(" ".join(sample.de for sample in heldout()[:2]) + "\n", encoding="utf-8")
    return source


# -- modes ---------------------------------------------------------------------


def test_glossary_edits_keep_the_mode_of_the_glossary_file(tmp_path: Path, umask_027: None) -> None:
    path = tmp_path / "terms.yaml"
    shutil.copy(SHIPPED_GLOSSARY, path)
    path.chmod(0o664)  # shared with the group
    steps = [
        ("add", "--term", "de=Handelspartner", "--term", "en=trading partner"),
        ("edit", "handelspartner", "--note", "A country one trades with."),
        ("import", DEEPL_CSV, "--to", "en"),
        ("remove", "handelspartner"),
    ]
    for step in steps:
        code, _, err = run("glossary", "--glossary", path, *step)
        assert code == 0, err
        assert oct(mode(path)) == oct(0o664), f"glossary {step[0]} changed the file's mode"


def test_new_glossary_and_exports_get_the_umask_mode(tmp_path: Path, umask_027: None) -> None:
    glossary = tmp_path / "new" / "terms.yaml"
    code, _, err = run("glossary", "--glossary", glossary, "add", "--term", "de=Zoll", "--term", "en=tariff")
    assert code == 0, err
    code, _, err = run("glossary", "--glossary", glossary, "export", tmp_path / "terms.tbx")
    assert code == 0, err
    memory = tmp_path / "memory.sqlite3"
    with TranslationMemory.open(memory) as tm:
        tm.store_many([(SegmentKey.make("Hallo.", "de", "en", "de_en@1", "{}"), "Hello.")])
    code, _, err = run("memory", "export", tmp_path / "memory.tmx", "--memory", memory)
    assert code == 0, err
    for written in (glossary, tmp_path / "terms.tbx", tmp_path / "memory.tmx"):
        assert oct(mode(written)) == oct(0o640), written.name


def test_exports_keep_the_mode_of_the_file_they_replace(tmp_path: Path, umask_027: None) -> None:
    glossary = tmp_path / "terms.yaml"
    shutil.copy(SHIPPED_GLOSSARY, glossary)
    export = tmp_path / "terms.tbx"
    export.write_text("old export\n")
    export.chmod(0o644)  # published for everyone to read
    code, _, err = run("glossary", "--glossary", glossary, "export", export)
    assert code == 0, err
    assert "old export" not in export.read_text()
    assert oct(mode(export)) == oct(0o644)


def test_translate_and_publish_files_get_the_umask_mode_and_keep_a_changed_one(
    seed_project: Path, article: Path, umask_027: None
) -> None:
    pages = seed_project / "pages"
    code, _, err = run("translate", article, "--to", "en,es", "--out", pages, "--quiet")
    assert code == 0, err
    assert {name: oct(mode(pages / name)) for name in ("article.en.md", "article.es.md")} == {
        "article.en.md": oct(0o640), "article.es.md": oct(0o640)}
    (pages / "article.en.md").chmod(0o644)
    code, _, err = run("translate", article, "--to", "en,es", "--out", pages, "--quiet", "--beam-size", "1")
    assert code == 0, err
    assert oct(mode(pages / "article.en.md")) == oct(0o644), "a rewritten page keeps its mode"

    code, _, err = run("publish", "seeds/", "--to", "en", "--out", "site", "--quiet")
    assert code == 0, err
    site = seed_project / "site"
    written = [".babelpress-manifest.json", f"{SLUG}/index.de.md", f"{SLUG}/index.en.md",
               f"{SLUG}/.babelpress-manifest.json"]
    assert {name: oct(mode(site / name)) for name in written} == {name: oct(0o640) for name in written}
    (site / SLUG / "index.en.md").chmod(0o644)
    (site / ".babelpress-manifest.json").chmod(0o644)
    code, _, err = run("publish", "seeds/", "--to", "en", "--out", "site", "--quiet", "--beam-size", "1")
    assert code == 0, err
    assert oct(mode(site / SLUG / "index.en.md")) == oct(0o644)
    assert oct(mode(site / ".babelpress-manifest.json")) == oct(0o644)
    assert oct(mode(site / SLUG / "index.de.md")) == oct(0o640)


# -- full disks, read-only file systems ------------------------------------------


def test_translate_out_on_a_full_disk_writes_no_language(models_env: Path, tmp_path: Path, article: Path) -> None:
    out, kept = tmp_path / "out", tmp_path / "kept"
    out.mkdir()
    kept.mkdir()
    done = run_mounted(babelpress("translate", article, "--to", "en,es", "--out", out, "--quiet"),
                       full=out, size="4k", keep=kept)  # room for one page, not two
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith(f"Error: Cannot write {out}/article.")
    assert "the disk is full" in done.stderr and "No file was written" in done.stderr
    assert len(done.stderr.splitlines()) == 1
    assert files_in(kept) == {}, "all languages or none: no page and no temporary file is left"


def test_publish_on_a_full_disk_is_one_message_and_leaves_nothing(seed_project: Path) -> None:
    out, kept = seed_project / "site", seed_project / "kept"
    out.mkdir()
    kept.mkdir()
    done = run_mounted(babelpress("publish", "seeds/", "--to", "en", "--out", out, "--quiet"),
                       full=out, size="4k", keep=kept, cwd=seed_project)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr == (f"Error: Cannot write into {out}: the disk is full. Free some space there and run "
                           "again, or choose another --out directory.\n")
    assert files_in(kept) == {".babelpress.lock": b""}, "no staging folder, no half bundle"


def test_glossary_edit_on_a_full_disk_names_the_glossary(tmp_path: Path) -> None:
    folder, kept = tmp_path / "glossary", tmp_path / "kept"
    folder.mkdir()
    kept.mkdir()
    path = folder / "terms.yaml"
    done = run_mounted(babelpress("glossary", "--glossary", path, "add", "--term", "de=Zoll", "--term", "en=tariff"),
                       full=folder, size="8k", fill=[(SHIPPED_GLOSSARY, path)], keep=kept)  # room for one copy
    assert done.returncode == 1, done.stderr
    assert done.stderr == (f"Error: Cannot write the glossary {path}: the disk is full. Free some space there "
                           "and run again, or keep the glossary in a writable place and pass --glossary PATH.\n")
    assert files_in(kept) == {"terms.yaml": SHIPPED_GLOSSARY.read_bytes()}


def test_glossary_edit_on_a_read_only_file_system_names_the_glossary(tmp_path: Path) -> None:
    folder = tmp_path / "glossary"
    folder.mkdir()
    path = folder / "terms.yaml"
    shutil.copy(SHIPPED_GLOSSARY, path)
    done = run_mounted(babelpress("glossary", "--glossary", path, "add", "--term", "de=Zoll", "--term", "en=tariff"),
                       read_only=[folder])
    assert done.returncode == 1, done.stderr
    assert done.stderr == (f"Error: Cannot write the glossary {path}: it is on a read-only file system. "
                           "Keep the glossary in a writable place and pass --glossary PATH.\n")
    assert "--out" not in done.stderr
    assert files_in(folder) == {"terms.yaml": SHIPPED_GLOSSARY.read_bytes()}


def test_memory_export_on_a_full_disk(tmp_path: Path) -> None:
    memory = tmp_path / "memory.sqlite3"
    with TranslationMemory.open(memory) as tm:
        tm.store_many([(SegmentKey.make(f"Satz {i}.", "de", "en", "de_en@1", "{}"), f"Sentence {i}.")
                       for i in range(100)])
    out, kept = tmp_path / "exports", tmp_path / "kept"
    out.mkdir()
    kept.mkdir()
    done = run_mounted(babelpress("memory", "export", out / "memory.tmx", "--memory", memory),
                       full=out, size="4k", keep=kept)
    assert done.returncode == 1, done.stderr
    assert done.stderr == (f"Error: Cannot write {out}/memory.tmx: the disk is full. Free some space there and "
                           "run again, or write it somewhere else.\n")
    assert files_in(kept) == {}


@pytest.mark.parametrize(("code", "says"), [
    (errno.EDQUOT, "Cannot write {path}: your disk quota is used up. Free some space there and run again, "
                   "or write it somewhere else."),
    (errno.EACCES, "Cannot write {path}: permission denied. Make {folder} writable for you, "
                   "or write it somewhere else."),
])
def test_write_failures_name_the_file_and_the_cause(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   code: int, says: str) -> None:
    path = tmp_path / "export.tbx"
    path.write_text("before\n")

    def fail(*_: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "fsync", fail)  # a quota or permission refusal cannot be made for real as root
    with pytest.raises(OutputError) as caught:
        write_atomic(path, "after\n")
    assert str(caught.value) == says.format(path=path, folder=tmp_path)
    assert files_in(tmp_path) == {"export.tbx": b"before\n"}


# -- translate --out and files babelpress did not write ----------------------------


def test_translate_out_does_not_replace_a_file_it_did_not_write(models_env: Path, tmp_path: Path,
                                                               article: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    mine = out / "article.en.md"
    mine.write_text("My own English version.\n")
    code, _, err = run("translate", article, "--to", "en,es", "--out", out, "--quiet")
    assert code == 1
    assert err == (f"Error: {out} already has article.en.md, which babelpress did not write (or which was "
                   "changed since). Move it away, choose another --out directory, or pass --force to "
                   "replace it.\n")
    assert files_in(out) == {"article.en.md": b"My own English version.\n"}, "no language is written"

    code, _, err = run("translate", article, "--to", "en,es", "--out", out, "--quiet", "--force")
    assert code == 0, err
    translated = mine.read_text()
    assert translated != "My own English version.\n"
    code, _, err = run("translate", article, "--to", "en,es", "--out", out, "--quiet")
    assert code == 0, err  # babelpress wrote it: replaced without --force

    mine.write_text(translated + "A line the editor added.\n")
    code, _, err = run("translate", article, "--to", "en", "--out", out, "--quiet")
    assert code == 1 and "already has article.en.md" in err
    assert mine.read_text().endswith("A line the editor added.\n")


def test_translate_help_explains_when_it_replaces_files() -> None:
    code, out, _ = run("translate", "--help")
    assert code == 0
    words = " ".join(out.split())
    assert "an existing file is replaced only when babelpress wrote it and it is unchanged since" in words
    assert "--force Replace files in --out that babelpress did not write, or that were edited since." in words


def test_translate_out_cut_between_its_renames_still_knows_its_pages(
    models_env: Path, tmp_path: Path, article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    code, _, err = run("translate", article, "--to", "en,es", "--out", out, "--quiet")
    assert code == 0, err
    before = files_in(out)
    article.write_text(heldout()[5].de + "\n", encoding="utf-8")
    real_replace, calls = os.replace, []

    def cut_after_two(source: object, target: object) -> None:  # the record and one page, then the "kill"
        calls.append(target)
        if len(calls) > 2:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real_replace(source, target)  # type: ignore[arg-type]

    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", cut_after_two)
        code, _, err = run("translate", article, "--to", "en,es", "--out", out, "--quiet")
    assert code == 1 and err.startswith(f"Error: Cannot write {out}/article.es.md: ")
    assert files_in(out)["article.es.md"] == before["article.es.md"], "the old page is whole"
    assert files_in(out)["article.en.md"] != before["article.en.md"], "the new page is whole"
    assert sorted(files_in(out)) == [".babelpress-pages.json", "article.en.md", "article.es.md"]
    code, _, err = run("translate", article, "--to", "en,es", "--out", out, "--quiet")
    assert code == 0, "both pages, old and new, are still known as babelpress's: " + err
