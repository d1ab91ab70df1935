"""Incremental re-publishing through the translation memory (real publishes, real SQLite)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner
from support import ROOT

from translate.cli import cli
from translate.documents import load_document
from translate.run.units import sentences_of

SEED = ROOT / "seeds" / "000_372d4bbeff55e4fb.txt"


def publish(*extra: str) -> dict[str, object]:
    result = CliRunner().invoke(
        cli, ["publish", "seeds/", "--to", "en,es", "--out", "output", "--json", "--no-glossary", *extra],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def snapshot(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()
            and not p.name.startswith(".")}



def test_unchanged_republish_makes_no_engine_call(seed_project: Path) -> None:
    first = publish()
    assert first["engine_calls"] == 2  # de→en once for both targets, en→es once
    assert first["translated"] == first["segments"] and first["reused"] == 0
    before = snapshot(seed_project / "output")
    second = publish()
    assert second["engine_calls"] == 0
    assert second["translated"] == 0 and second["reused"] == second["segments"]
    assert snapshot(seed_project / "output") == before  # byte-identical bundle


def test_one_changed_paragraph_translates_only_its_segments(seed_project: Path) -> None:
    publish()
    seed = seed_project / "seeds" / SEED.name
    text = seed.read_text(encoding="utf-8")
    old = "Hierdurch würde mexikanischen Unternehmen der Handel erleichtert."
    new = "Hierdurch würde mexikanischen Firmen der Handel erleichtert."
    assert text.count(old) == 1
    seed.write_text(text.replace(old, new), encoding="utf-8")
    second = publish()
    assert second["translated"] == 1  # the one edited sentence
    assert second["reused"] == second["segments"] - 1
    assert second["engine_calls"] == 2
    assert second["segments"] == len(sentences_of(load_document(seed).units, "de"))


def test_no_memory_translates_everything(seed_project: Path) -> None:
    publish()
    again = publish("--no-memory")
    assert again["reused"] == 0 and again["engine_calls"] == 2


def test_edited_glossary_entry_retranslates_only_its_segments(seed_project: Path) -> None:
    glossary = seed_project / "glossary" / "terms.yaml"
    glossary.parent.mkdir()
    shutil.copy(ROOT / "glossary" / "terms.yaml", glossary)

    def run() -> dict[str, object]:
        result = CliRunner().invoke(
            cli, ["publish", "seeds/", "--to", "en", "--out", "output", "--json", "--quiet"],
            catch_exceptions=False,
        )
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)

    first = run()
    assert first["translated"] == first["segments"]
    seed_sentences = sentences_of(load_document(seed_project / "seeds" / SEED.name).units, "de")
    with_term = sum("Freihandelsabkommen" in s for s in seed_sentences)
    assert with_term == 4
    text = glossary.read_text(encoding="utf-8")
    glossary.write_text(text.replace("en: free trade agreement\n", "en: free-trade agreement\n", 1), encoding="utf-8")
    second = run()
    assert second["translated"] == with_term
    assert second["reused"] == second["segments"] - with_term
