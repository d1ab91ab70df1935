"""Who reviewed a human translation: named with --reviewer (default: the system user), stored, counted."""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from heldout import heldout

from translate.cli import cli
from translate.memory import TranslationMemory


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _project(root: Path) -> list[str]:
    samples = heldout()[:4]
    (root / "artikel.md").write_text("# Die Zölle\n\n" + " ".join(s.de for s in samples) + "\n", encoding="utf-8")
    return [s.en for s in samples]


def publish(*extra: str) -> dict[str, object]:
    code, out, err = run("publish", "artikel.md", "--to", "en", "--memory", "memory.sqlite3", "--json", *extra)
    assert code == 0, err
    return dict(json.loads(out))


def _reviewers(root: Path) -> dict[str, str]:
    with TranslationMemory.open(root / "memory.sqlite3") as memory:
        return {e.translation: e.reviewer for e in memory.entries() if e.origin == "human"}


def _edit(root: Path, old: str, new: str) -> None:
    page = root / "output" / "die-zoelle" / "index.en.md"
    page.write_text(page.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_publish_stores_a_hand_edit_with_the_reviewer_named(seed_project: Path) -> None:
    english = _project(seed_project)
    publish()
    _edit(seed_project, english[1], "Ana wrote this sentence.")
    assert publish("--reviewer", "Ana López")["reviewed"] == 1
    assert _reviewers(seed_project) == {"Ana wrote this sentence.": "Ana López"}
    code, out, _ = run("memory", "stats", "--memory", "memory.sqlite3", "--json")
    assert code == 0 and json.loads(out)["reviewers"] == {"Ana López": 1}
    code, out, _ = run("memory", "stats", "--memory", "memory.sqlite3")
    assert "Reviewed by:\n         1  Ana López\n" in out


def test_without_reviewer_the_system_user_is_recorded(seed_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOGNAME", "kim")  # what getpass.getuser() reads first
    english = _project(seed_project)
    publish()
    _edit(seed_project, english[2], "Kim wrote this sentence.")
    publish()
    assert _reviewers(seed_project) == {"Kim wrote this sentence.": "kim"}


def test_an_empty_reviewer_is_refused_with_one_message(seed_project: Path) -> None:
    _project(seed_project)
    code, _, err = run("publish", "artikel.md", "--to", "en", "--reviewer", "  ")
    assert code == 2 and "--reviewer" in err and "Traceback" not in err


def test_review_import_stores_the_reviewer_named(seed_project: Path) -> None:
    _project(seed_project)
    exported = seed_project / "review.po"
    code, _, err = run("review", "export", "artikel.md", "--memory", "memory.sqlite3", "--to", "en",
                       "--out", str(exported))
    assert code == 0, err
    po = polib.pofile(str(exported))
    po[1].msgstr = "Bo reviewed this sentence."
    po[1].flags = [f for f in po[1].flags if f != "fuzzy"]
    po.save(str(exported))
    code, out, err = run("review", "import", str(exported), "artikel.md", "--memory", "memory.sqlite3",
                         "--reviewer", "Bo", "--json")
    assert code == 0, err
    assert json.loads(out)["stored"] == 1
    assert _reviewers(seed_project) == {"Bo reviewed this sentence.": "Bo"}


def _front_matter(path: Path) -> tuple[dict[str, object], str]:
    import yaml

    head, body = path.read_text(encoding="utf-8")[4:].split("\n---\n", 1)
    return dict(yaml.safe_load(head)), body


def test_front_matter_and_manifests_count_the_reviewed_segments_only_when_there_are_some(seed_project: Path) -> None:
    from translate.publish.verify import verify_bundle

    english = _project(seed_project)
    code, _, err = run("publish", "artikel.md", "--to", "en,es", "--memory", "memory.sqlite3")
    assert code == 0, err
    bundle = seed_project / "output" / "die-zoelle"
    for lang in ("de", "en", "es"):
        assert "reviewed" not in _front_matter(bundle / f"index.{lang}.md")[0]
    assert "reviewed" not in json.loads((bundle / ".babelpress-manifest.json").read_text(encoding="utf-8"))
    _edit(seed_project, english[0], "The first sentence, reviewed.")
    _edit(seed_project, english[3], "The fourth sentence, reviewed.")
    code, _, err = run("publish", "artikel.md", "--to", "en,es", "--memory", "memory.sqlite3")
    assert code == 0, err
    meta, body = _front_matter(bundle / "index.en.md")
    assert meta["reviewed"] == 2 and "The first sentence, reviewed." in body
    assert "reviewed" not in _front_matter(bundle / "index.es.md")[0]
    assert "reviewed" not in _front_matter(bundle / "index.de.md")[0]
    own = json.loads((bundle / ".babelpress-manifest.json").read_text(encoding="utf-8"))
    top = json.loads((seed_project / "output" / ".babelpress-manifest.json").read_text(encoding="utf-8"))
    assert own["reviewed"] == {"en": 2}
    assert top["documents"]["die-zoelle"]["reviewed"] == {"en": 2}
    assert verify_bundle(seed_project / "output").ok
    before = (bundle / "index.en.md").read_bytes()
    code, out, err = run("publish", "artikel.md", "--to", "en,es", "--memory", "memory.sqlite3", "--json")
    assert code == 0, err
    assert json.loads(out)["reviewed"] == 0 and (bundle / "index.en.md").read_bytes() == before


def test_a_second_edit_of_a_reviewed_page_is_read_back_and_the_count_grows(seed_project: Path) -> None:
    english = _project(seed_project)
    publish()
    _edit(seed_project, english[0], "First, reviewed.")
    assert publish()["reviewed"] == 1
    page = seed_project / "output" / "die-zoelle" / "index.en.md"
    assert _front_matter(page)[0]["reviewed"] == 1
    _edit(seed_project, english[2], "Third, reviewed.")  # the page already says `reviewed: 1`
    assert publish()["reviewed"] == 1
    meta, body = _front_matter(page)
    assert meta["reviewed"] == 2 and "First, reviewed." in body and "Third, reviewed." in body
