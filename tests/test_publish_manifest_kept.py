"""The output manifest a publish keeps between its chunks: the same bytes, and never a stale copy.

A publish in chunks keeps the manifest it read (as the text of each record)
and writes it after every chunk; these tests check that the file is exactly
what a fresh encoding of the whole manifest gives, and that a manifest
replaced by another publish between two chunks is read again, not overwritten
with what this one remembered.
"""

from __future__ import annotations

import json
from pathlib import Path

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
