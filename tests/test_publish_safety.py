"""What a publish never does: replace another source's bundle, lose a bundle mid-swap, or fail without a JSON answer."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from publish_helpers import built, report, request

from translate.cli import cli
from translate.publish import store
from translate.publish.commit import commit
from translate.publish.verify import verify_bundle

TEXT = "Titel\n\nErster Absatz. Zweiter Satz.\n"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_a_later_source_with_the_same_slug_does_not_replace_the_bundle(seed_project: Path) -> None:
    (seed_project / "a.md").write_text("# Die Zölle\n\nEins.\n", encoding="utf-8")
    (seed_project / "b.md").write_text("# Die Zoelle\n\nZwei.\n", encoding="utf-8")
    assert run("publish", "a.md", "--to", "en")[0] == 0
    bundle = seed_project / "output" / "die-zoelle"
    before = {p.name: p.read_bytes() for p in bundle.iterdir()}
    code, out, err = run("publish", "b.md", "--to", "en", "--json")
    assert code == 1
    assert json.loads(out)["errors"] == [{"source": "b.md", "error": (
        "b.md: not published: output/die-zoelle holds a.md, another source whose title "
        "gives the same folder name 'die-zoelle'. Give one of them a `slug:` in its front matter (or another "
        "title), publish into another --out, or pass --force to replace it.")}]
    assert {p.name: p.read_bytes() for p in bundle.iterdir()} == before
    assert verify_bundle(seed_project / "output").ok
    assert run("publish", "a.md", "--to", "en")[0] == 0, "its own source republishes"
    assert run("publish", "b.md", "--to", "en", "--force")[0] == 0
    assert "Zwei" in (bundle / "index.de.md").read_text(encoding="utf-8")
    assert verify_bundle(seed_project / "output").ok


def test_a_fatal_error_with_json_is_a_json_object(seed_project: Path) -> None:
    (seed_project / "output").write_text("a file where the output folder goes")
    code, out, err = run("publish", "seeds/", "--to", "en", "--json")
    assert code == 1
    message = json.loads(out)["error"]
    assert "output" in message and message in err


def test_an_interrupted_two_rename_swap_keeps_the_old_bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the atomic exchange is missing, Ctrl-C between the two renames puts the old bundle back."""
    out = tmp_path / "out"
    out.mkdir()
    commit(request(out), [built(TEXT, "titel")], report())
    old = (out / "titel" / "index.en.md").read_bytes()
    monkeypatch.setattr(store, "exchange", lambda new, current: False)
    real_rename = Path.rename

    def rename(self: Path, target: str | os.PathLike[str]) -> Path:
        if self.parent.name == "new" and Path(target) == out / "titel":
            raise KeyboardInterrupt  # the old bundle is already in old/
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(KeyboardInterrupt):
        commit(request(out), [built(TEXT, "titel", suffix=" v2")], report())
    monkeypatch.setattr(Path, "rename", real_rename)
    assert (out / "titel" / "index.en.md").read_bytes() == old
    assert verify_bundle(out).ok and verify_bundle(out / "titel").ok
    assert not list(out.glob(store.STAGING_PREFIX + "*"))


def test_verify_accepts_either_version_of_a_pending_document(tmp_path: Path) -> None:
    """A publish killed mid-swap leaves some documents old, some new: each verifies, and the next settles."""
    out = tmp_path / "out"
    out.mkdir()
    commit(request(out), [built(TEXT, "eins"), built(TEXT, "zwei")], report())
    manifest = store.OutputManifest(out, "bundle")
    newer = [built(TEXT, "eins", suffix=" v2"), built(TEXT, "zwei", suffix=" v2")]
    for document in newer:
        manifest.add_pending(document.slug, document.entry, document.files)
    manifest.write()
    assert verify_bundle(out).ok  # both old
    for relative, data in newer[0].files.items():  # "eins" swapped in, "zwei" not yet
        (out / relative).write_bytes(data)
    assert verify_bundle(out).ok
    (out / "zwei" / "index.en.md").write_text("changed by hand")
    assert verify_bundle(out).changed == ["zwei/index.en.md"]
    (out / "zwei" / "index.en.md").write_bytes(built(TEXT, "zwei").files["zwei/index.en.md"])
    settled = store.OutputManifest(out, "bundle")
    assert settled.settle()
    settled.write()
    data = json.loads((out / ".babelpress-manifest.json").read_text())
    assert "pending" not in data
    assert verify_bundle(out).ok
    by_path = {r["path"]: r for r in data["files"]}
    assert by_path["eins/index.en.md"]["size"] == len(newer[0].files["eins/index.en.md"])
    assert by_path["zwei/index.en.md"]["size"] == len(built(TEXT, "zwei").files["zwei/index.en.md"])


def test_a_hand_edit_is_never_replaced_without_force(seed_project: Path) -> None:
    (seed_project / "a.md").write_text("# Erster Titel\n\nEins.\n", encoding="utf-8")
    (seed_project / "b.md").write_text("# Zweiter Titel\n\nZwei.\n", encoding="utf-8")
    assert run("publish", "a.md", "b.md", "--to", "en")[0] == 0
    edited = seed_project / "output" / "erster-titel" / "index.en.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA reviewer's line.\n", encoding="utf-8")
    kept = edited.read_bytes()
    (seed_project / "b.md").write_text("# Zweiter Titel\n\nZwei. Drei.\n", encoding="utf-8")
    code, out, err = run("publish", "a.md", "b.md", "--to", "en", "--json")
    assert code == 1
    assert json.loads(out)["errors"] == [{"source": "a.md", "error": (
        "a.md: not published: erster-titel/index.en.md in output was edited since babelpress wrote it, and "
        "babelpress never replaces an edit. It cannot be kept as a translation: erster-titel/index.en.md: the edit "
        "near line 18 changes more than the words of a sentence (the text between sentences, the front matter or "
        "the Markdown structure: a block added, removed or moved). Keep the edit elsewhere (`babelpress verify` "
        "lists what changed) and publish again, or pass --force to replace it.")}]
    assert edited.read_bytes() == kept
    assert "Drei" in (seed_project / "output" / "zweiter-titel" / "index.de.md").read_text(encoding="utf-8")
    assert run("publish", "a.md", "--to", "en", "--force")[0] == 0
    assert "reviewer" not in edited.read_text(encoding="utf-8")
    assert verify_bundle(seed_project / "output").ok


def test_a_publish_with_only_bad_sources_prints_no_term_table(seed_project: Path) -> None:
    (seed_project / "glossary.yaml").write_text(
        "version: 1\nsource: de\nentries:\n- id: zoll\n  de: Zoll\n  en: tariff\n", encoding="utf-8")
    (seed_project / "empty.txt").write_text("  \n", encoding="utf-8")
    code, _, err = run("publish", "empty.txt", "--to", "en", "--glossary", "glossary.yaml")
    assert code == 1
    assert "Glossary:" not in err
    assert "Error: empty.txt is empty: there is nothing to translate." in err
