"""A reviewer's edit of a published page is kept, stored as a human translation, and reused."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from heldout import heldout

from translate.cli import cli
from translate.memory import TranslationMemory
from translate.publish.verify import verify_bundle


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _project(root: Path) -> tuple[Path, list[str]]:
    samples = heldout()[:6]
    body = " ".join(s.de for s in samples[:3]) + "\n\n" + " ".join(s.de for s in samples[3:6])
    source = root / "artikel.md"
    source.write_text(f"# Die Zölle\n\n{body}\n", encoding="utf-8")
    return source, [s.en for s in samples]


def publish(*extra: str) -> dict[str, object]:
    code, out, err = run("publish", "artikel.md", "--to", "en,es", "--memory", "memory.sqlite3", "--json", *extra)
    assert code == 0, err
    return dict(json.loads(out))


def test_an_edited_sentence_survives_the_next_publish_and_is_reused(seed_project: Path) -> None:
    source, english = _project(seed_project)
    publish()
    page = seed_project / "output" / "die-zoelle" / "index.en.md"
    machine = page.read_text(encoding="utf-8")
    assert english[1] in machine
    corrected = "The reviewer wrote this sentence."
    page.write_text(machine.replace(english[1], corrected), encoding="utf-8")
    edited = page.read_bytes()

    summary = publish()
    assert summary["reviewed"] == 1 and summary["translated"] == 0
    # The page keeps the edit: its body byte for byte; its front matter changes only in
    # gaining `reviewed: 1` (the sentence now comes from a human translation).
    now = page.read_bytes()
    assert now.split(b"\n---\n", 1)[1] == edited.split(b"\n---\n", 1)[1]
    assert now.split(b"\n---\n", 1)[0].replace(b"\nreviewed: 1", b"") == edited.split(b"\n---\n", 1)[0]
    assert verify_bundle(seed_project / "output").ok
    with TranslationMemory.open(seed_project / "memory.sqlite3") as memory:
        human = [e for e in memory.entries() if e.origin == "human"]
    assert [(e.key.source, e.key.target, e.translation) for e in human] == [("de", "en", corrected)]
    assert human[0].key.text == heldout()[1].de

    # The source gains a paragraph elsewhere: only that is decoded; the reviewed sentence stays.
    source.write_text(source.read_text(encoding="utf-8") + f"\n{heldout()[7].de}\n", encoding="utf-8")
    summary = publish()
    assert summary["translated"] == 1 and summary["reviewed"] == 0
    text = page.read_text(encoding="utf-8")
    assert corrected in text and english[1] not in text and heldout()[7].en in text
    assert verify_bundle(seed_project / "output").ok


def test_a_structure_breaking_edit_stops_the_document_and_force_overwrites(seed_project: Path) -> None:
    _project(seed_project)
    publish()
    bundle = seed_project / "output" / "die-zoelle"
    before = {p.name: p.read_bytes() for p in bundle.iterdir()}
    page = bundle / "index.es.md"
    paragraphs = page.read_text(encoding="utf-8").rsplit("\n\n", 2)
    page.write_text("\n\n".join([paragraphs[0], paragraphs[2], paragraphs[1]]), encoding="utf-8")  # moved a block
    moved = page.read_bytes()
    code, out, err = run("publish", "artikel.md", "--to", "en,es", "--memory", "memory.sqlite3", "--json")
    assert code == 1
    (error,) = json.loads(out)["errors"]
    assert "die-zoelle/index.es.md in output was edited since babelpress wrote it" in error["error"]
    assert "changes more than the words of a sentence" in error["error"] and "--force" in error["error"]
    assert page.read_bytes() == moved
    assert {p.name: p.read_bytes() for p in bundle.iterdir() if p.name != "index.es.md"} == \
        {name: data for name, data in before.items() if name != "index.es.md"}
    with TranslationMemory.open(seed_project / "memory.sqlite3") as memory:
        assert not [e for e in memory.entries() if e.origin == "human"]
    publish("--force")
    assert page.read_bytes() == before["index.es.md"]
    assert verify_bundle(seed_project / "output").ok
