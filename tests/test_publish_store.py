"""Writing into --out: atomic swaps, ownership, recovery, layouts and archives (no engine)."""

from __future__ import annotations

import io
import json
import tarfile
import zipfile
from pathlib import Path

import pytest
from publish_helpers import built, report, request

from translate.errors import OutputError
from translate.publish import store
from translate.publish.archive import build_archive
from translate.publish.commit import commit
from translate.publish.verify import verify_bundle

TEXT = "Titel\n\nErster Absatz. Zweiter Satz.\n"


def test_bundle_is_written_with_manifests(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    result = report()
    commit(request(out), [built(TEXT, "titel")], result)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == [
        ".babelpress-manifest.json", ".babelpress.lock", "titel", "titel/.babelpress-manifest.json",
        "titel/index.de.md", "titel/index.en.md",
    ]
    assert result.files == ["titel/.babelpress-manifest.json", "titel/index.de.md", "titel/index.en.md"]
    top = json.loads((out / ".babelpress-manifest.json").read_text())
    assert top["layout"] == "bundle" and top["languages"] == ["de", "en"]
    assert [f["path"] for f in top["files"]] == result.files
    assert top["documents"]["titel"]["files"] == result.files
    assert verify_bundle(out).ok and verify_bundle(out / "titel").ok


def test_republish_replaces_the_whole_bundle(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    commit(request(out), [built(TEXT, "titel")], report())
    commit(request(out), [built(TEXT, "titel", suffix=" v2")], report())
    assert (out / "titel" / "index.en.md").read_text().endswith("ERSTER ABSATZ. ZWEITER SATZ. v2\n")
    assert not list(out.glob(".babelpress-tmp-*")) + list(out.glob(".babelpress-new-*")), \
        "no staging folder is left behind"
    assert verify_bundle(out).ok


def test_foreign_files_are_never_replaced_without_force(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "titel").mkdir(parents=True)
    (out / "titel" / "notes.txt").write_text("mine")
    result = report()
    commit(request(out), [built(TEXT, "titel"), built("Anderes\n\nText.\n", "anderes")], result)
    assert result.errors == [{"source": "titel.txt", "error": (
        f"titel.txt: not published: {out} already has titel/notes.txt, which babelpress did not write. "
        "Move it away, publish into another --out, or pass --force to replace it.")}]
    assert (out / "titel" / "notes.txt").read_text() == "mine"
    assert (out / "anderes" / "index.en.md").is_file(), "the other document is still published"
    with pytest.raises(OutputError, match="already has titel/notes.txt"):
        commit(request(out, fail_fast=True), [built(TEXT, "titel")], report())
    commit(request(out, force=True), [built(TEXT, "titel")], report())
    assert not (out / "titel" / "notes.txt").exists()
    assert verify_bundle(out / "titel").ok


def test_a_file_added_to_a_published_bundle_is_protected(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    commit(request(out), [built(TEXT, "titel")], report())
    (out / "titel" / "bild.png").write_bytes(b"\x89PNG")
    result = report()
    commit(request(out), [built(TEXT, "titel")], result)
    assert "titel/bild.png" in result.errors[0]["error"]
    assert (out / "titel" / "bild.png").exists()


def test_foreign_output_manifest_stops_the_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / ".babelpress-manifest.json").write_text('{"name": "someone else"}')
    with pytest.raises(OutputError, match="was not written by babelpress; refusing to replace it"):
        commit(request(out), [built(TEXT, "titel")], report())
    assert not (out / "titel").exists()


def test_recover_puts_back_a_bundle_moved_aside_by_a_killed_swap(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    commit(request(out), [built(TEXT, "titel")], report())
    before = (out / "titel" / "index.en.md").read_bytes()
    # The state a publish killed between the two renames of the fallback swap leaves:
    stale = out / (store.STAGING_PREFIX + "dead")
    (stale / "old").mkdir(parents=True)
    (stale / "new" / "titel").mkdir(parents=True)
    (out / "titel").rename(stale / "old" / "titel")
    with store.locked(out):
        store.recover(out)
    assert (out / "titel" / "index.en.md").read_bytes() == before
    assert not stale.exists()
    assert verify_bundle(out).ok


def test_recover_leaves_a_running_publish_alone(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    staging = store.Staging(out)
    try:
        store.recover(out)
        assert staging.path.is_dir()
    finally:
        staging.close()
    assert not staging.path.exists()


def test_folders_layout_and_archives(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    result = report()
    commit(request(out, layout="folders", archive="zip"), [built(TEXT, "titel", layout="folders")], result)
    assert result.files == ["de/titel.md", "en/titel.md", "titel.zip"]
    with zipfile.ZipFile(out / "titel.zip") as archive:
        assert archive.namelist() == ["de/titel.md", "en/titel.md"]
        assert archive.read("en/titel.md") == (out / "en" / "titel.md").read_bytes()
    assert verify_bundle(out).ok


def test_archives_are_deterministic() -> None:
    files = {"b/index.en.md": b"two", "a/index.de.md": b"one"}
    for kind in ("zip", "tar.gz"):
        assert build_archive(files, kind) == build_archive(dict(reversed(list(files.items()))), kind)
    with tarfile.open(fileobj=io.BytesIO(build_archive(files, "tar.gz"))) as archive:
        members = archive.getmembers()
        assert [m.name for m in members] == ["a/index.de.md", "b/index.en.md"]
        assert {(m.mtime, m.uid, m.uname, m.mode) for m in members} == {(0, 0, "", 0o644)}


def test_unwritable_out_is_one_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError, match=rf"^Cannot write into {blocker / 'out'}: Not a directory\. "
                       "Choose a writable --out directory\\.$"):
        store.ensure_out(blocker / "out")
