"""The output manifest a publish keeps between its chunks: the same bytes, and never a stale copy.

A publish in chunks keeps the manifest it read (as the text of each record)
and writes it after every chunk; these tests check that the file is exactly
what a fresh encoding of the whole manifest gives, and that a manifest
replaced by another publish between two chunks is read again, not overwritten
with what this one remembered.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from publish_helpers import built, report, request

from translate.publish import store
from translate.publish.bundle import MANIFEST, dump_json
from translate.publish.commit import commit
from translate.publish.verify import verify_bundle

TEXT = "Titel\n\nErster Absatz. Zweiter Satz.\n"


def _encoded_again(out: Path) -> bytes:
    return dump_json(json.loads((out / MANIFEST).read_text(encoding="utf-8")))


def test_the_manifest_is_written_as_one_encoding_of_all_of_it(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    # "a-b" sorts before "a" as a slug, after it as a path prefix ("a-b/" > "a/" is false: '-' < '/')
    kept = commit(request(out), [built(TEXT, "a"), built(TEXT, "a-b"), built("Ü\n\nÄrger. Öl.\n", "umlaut")],
                  report())
    assert (out / MANIFEST).read_bytes() == _encoded_again(out)
    kept.add_pending("zwei", {"slug": "zwei", "languages": ["de", "fr"]}, {"zwei/index.fr.md": b"x"})
    kept.write()
    data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert data["languages"] == ["de", "en"] and list(data["pending"]) == ["zwei"]  # listed ones only
    assert (out / MANIFEST).read_bytes() == _encoded_again(out)


def test_an_empty_manifest_is_written_as_one_encoding_too(tmp_path: Path) -> None:
    manifest = store.OutputManifest(tmp_path, "bundle")
    manifest.write()
    data = json.loads((tmp_path / MANIFEST).read_text(encoding="utf-8"))
    assert data["documents"] == {} and data["files"] == [] and data["languages"] == []
    assert (tmp_path / MANIFEST).read_bytes() == _encoded_again(tmp_path)


def test_a_manifest_replaced_between_two_chunks_is_read_again(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    first = commit(request(out), [built(TEXT, "eins")], report())
    # Another publish into the same --out, between this one's chunks.
    commit(request(out), [built(TEXT, "fremd")], report())
    second = commit(request(out), [built(TEXT, "zwei")], report(), manifest=first)
    assert second is not first
    listed = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["documents"]
    assert sorted(listed) == ["eins", "fremd", "zwei"]
    assert verify_bundle(out).ok


def test_the_manifest_left_by_the_previous_chunk_is_kept_and_stays_true(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    first = commit(request(out), [built(TEXT, "eins")], report())
    second = commit(request(out), [built(TEXT, "zwei")], report(), manifest=first)
    assert second is first
    assert sorted(store.OutputManifest(out, "bundle").documents) == ["eins", "zwei"]
    assert (out / MANIFEST).read_bytes() == _encoded_again(out)
    assert verify_bundle(out).ok


def test_kept_records_come_back_in_the_order_python_sorts_their_keys(tmp_path: Path) -> None:
    manifest = store.OutputManifest(tmp_path, "bundle")
    keys = ["z", "Z", "ä", "a-b", "a/b", "a", "é", "中文", "𝔘", "0", "ß"]
    for key in keys:
        manifest.files[key] = {"path": key, "sha256": "0" * 64, "size": 1}
    assert [key for key, _ in manifest.files.ordered()] == sorted(keys) == list(manifest.files)
    assert manifest.files["ä"] == {"path": "ä", "sha256": "0" * 64, "size": 1}
    del manifest.files["ä"]
    assert "ä" not in manifest.files and len(manifest.files) == len(keys) - 1


def test_a_replaced_document_no_longer_counts_its_old_languages(tmp_path: Path) -> None:
    manifest = store.OutputManifest(tmp_path, "bundle")
    manifest.replace_document("eins", {"slug": "eins", "languages": ["de", "fr"]}, {"eins/index.fr.md": b"x"})
    manifest.replace_document("eins", {"slug": "eins", "languages": ["de", "en"]}, {"eins/index.en.md": b"y"})
    manifest.write()
    data = json.loads((tmp_path / MANIFEST).read_text(encoding="utf-8"))
    assert data["languages"] == ["de", "en"]
    assert [record["path"] for record in data["files"]] == ["eins/index.en.md"]


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to see the process's open files")
def test_the_kept_records_leave_no_file_behind(tmp_path: Path) -> None:
    """Past SQLite's page cache the records spill to a temporary file, deleted as soon as it is opened."""
    manifest = store.OutputManifest(tmp_path, "bundle")
    for number in range(20_000):  # about 6 MB of records: more than the 2 MB cache
        manifest.files[f"bericht-{number}/index.en.md"] = {"path": f"bericht-{number}/index.en.md",
                                                           "sha256": f"{number:064x}", "size": number}
    opened = [os.readlink(f"/proc/self/fd/{fd}") for fd in os.listdir("/proc/self/fd")
              if os.path.islink(f"/proc/self/fd/{fd}")]
    scratch = [name for name in opened if "etilqs_" in name]  # SQLite's name for its temporary files
    assert scratch and all(name.endswith("(deleted)") for name in scratch)
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    assert manifest.files["bericht-19999/index.en.md"]["size"] == 19_999
