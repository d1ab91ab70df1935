"""The model's confidence in each decoded sentence: scored, stored, reused, reported.

A score is CTranslate2's length-normalized log-probability of the translation
(per target token, at most 0; the closer to 0, the surer the model). These
tests decode with the synthetic test models and a real SQLite memory.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from heldout import heldout
from translate.memory import TranslationMemory
from translate.run.keys import memory_keys
from translate.run.translate import translate_sentences

SENTENCES = [e.de for e in heldout()[:6]] + ["2024"]  # the last one has no letter: copied, not scored


@pytest.fixture
def tm(tmp_path: Path):  # type: ignore[no-untyped-def]
    with TranslationMemory.open(tmp_path / "memory.sqlite3") as memory:
        yield memory


def test_decoded_scores_are_stored_and_the_same_scores_come_back_when_reused(engine, tm) -> None:  # type: ignore[no-untyped-def]
    plan = engine.plan("de", ["en", "es"])
    cold = translate_sentences(engine, plan, SENTENCES, memory=tm)
    for target in ("en", "es"):
        scores = cold.scores[target]
        assert len(scores) == len(SENTENCES) and scores[-1] is None
        assert all(isinstance(s, float) and s <= 0.0 for s in scores[:-1]), scores
    keys = memory_keys(plan, engine.settings.signature(), SENTENCES)
    stored = tm.lookup_many(keys["en"])
    assert [stored[k].score for k in keys["en"]] == cold.scores["en"]
    engine.reset_stats()
    warm = translate_sentences(engine, plan, SENTENCES, memory=tm)
    assert engine.stats.calls == 0 and warm.reused == len(SENTENCES)
    assert warm.scores == cold.scores


def test_a_pivot_translation_scores_as_its_weakest_hop(engine) -> None:  # type: ignore[no-untyped-def]
    plan = engine.plan("de", ["es"])
    first, second = plan.routes["es"].hops
    result = translate_sentences(engine, plan, SENTENCES[:4])
    english = engine.decode_hop(first, SENTENCES[:4])
    spanish = engine.decode_hop(second, [h.text for h in english])
    assert result.scores["es"] == [min(a.score, b.score) for a, b in zip(english, spanish)]


def test_a_plain_run_scores_each_sentence_as_the_model_decoded_it(engine) -> None:  # type: ignore[no-untyped-def]
    plan = engine.plan("de", ["en"])
    result = translate_sentences(engine, plan, SENTENCES[:4])
    assert result.scores["en"] == [h.score for h in engine.decode_hop(plan.routes["en"].hops[0], SENTENCES[:4])]


def test_a_glossary_repaired_translation_is_scored_as_the_text_published(engine) -> None:  # type: ignore[no-untyped-def]
    from translate import glossary as glossary_module

    sentences = [e.de for e in heldout() if "freihandelsabkommen" in e.de.lower()][:3]
    glossary = glossary_module.parse_glossary(
        "version: 1\nsource: de\nentries:\n  - id: fta\n    de: Freihandelsabkommen\n    en: free trade deal\n")
    plan = engine.plan("de", ["en"])
    result = translate_sentences(engine, plan, sentences, glossary=glossary)
    hop = plan.routes["en"].hops[0]
    assert all("free trade deal" in t for t in result.translations["en"])
    assert result.scores["en"] == engine.score(hop, sentences, result.translations["en"])
    assert all(s is not None and s <= 0.0 for s in result.scores["en"])


# -- publish ------------------------------------------------------------------


def _article(root: Path) -> Path:
    samples = heldout()[:6]
    body = " ".join(s.de for s in samples[:3]) + "\n\n" + " ".join(s.de for s in samples[3:6])
    source = root / "artikel.md"
    source.write_text(f"# Die Zölle\n\n{body}\n\nSeite 2024\n", encoding="utf-8")
    return source


def _publish(*extra: str) -> dict[str, object]:
    import json

    from click.testing import CliRunner

    from translate.cli import cli

    result = CliRunner().invoke(cli, ["publish", "artikel.md", "--to", "en,es", "--memory", "memory.sqlite3",
                                      "--json", *extra], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return dict(json.loads(result.stdout))


def test_publish_json_counts_low_confidence_segments_the_same_cold_and_warm(seed_project: Path) -> None:
    _article(seed_project)
    cold = _publish("--confidence-threshold", "0")
    assert cold["translated"] == cold["segments"] == 8
    with TranslationMemory.open(seed_project / "memory.sqlite3") as memory:
        scores = sorted(e.score for e in memory.entries() if e.score is not None)
    assert len(scores) == 2 * 8  # every sentence into both languages
    assert cold["low_confidence"] == len(scores) and cold["confidence_threshold"] == 0.0
    warm = _publish("--confidence-threshold", "0")
    assert (warm["translated"], warm["low_confidence"]) == (0, cold["low_confidence"])
    middle = scores[len(scores) // 2]
    assert _publish("--confidence-threshold", str(middle))["low_confidence"] == sum(s < middle for s in scores)
    assert _publish("--confidence-threshold", "-50")["low_confidence"] == 0


def test_publish_has_a_documented_default_threshold_and_refuses_a_positive_one(seed_project: Path) -> None:
    from click.testing import CliRunner

    from translate.cli import cli
    from translate.defaults import CONFIDENCE_THRESHOLD

    _article(seed_project)
    assert _publish()["confidence_threshold"] == CONFIDENCE_THRESHOLD < 0
    help_text = CliRunner().invoke(cli, ["publish", "--help"]).stdout
    assert "--confidence-threshold" in help_text and "review export --order confidence" in " ".join(help_text.split())
    result = CliRunner().invoke(cli, ["publish", "artikel.md", "--confidence-threshold", "0.5"])
    assert result.exit_code == 2 and "--confidence-threshold" in result.stderr and "Traceback" not in result.stderr


# -- review export --------------------------------------------------------------

XLF = "{urn:oasis:names:tc:xliff:document:1.2}"


def _export(root: Path, *extra: str) -> Path:
    from click.testing import CliRunner

    from translate.cli import cli

    out = root / ("review.po" if "po" in extra else "review.xlf")
    result = CliRunner().invoke(cli, ["review", "export", "artikel.md", "--memory", "memory.sqlite3", "--to", "es",
                                      "--out", str(out), *extra], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return out


def _confidence(notes: list[str]) -> float | None:
    import re

    found = [re.fullmatch(r"model confidence: (-?\d+\.\d\d) \(lowest (\d+)% of this export\)", n) for n in notes]
    matched = [m for m in found if m]
    assert len(matched) <= 1, notes
    return float(matched[0].group(1)) if matched else None


def test_review_export_notes_each_score_and_orders_lowest_first(seed_project: Path) -> None:
    import xml.etree.ElementTree as ET

    import polib
    from lxml import etree

    from support import ROOT

    _article(seed_project)
    (seed_project / "memory.sqlite3").unlink(missing_ok=True)
    by_document = _export(seed_project)
    in_order = [u.get("id") for u in ET.parse(by_document).getroot().iter(f"{XLF}trans-unit")]
    assert in_order == ["die-zoelle:1.1", *[f"die-zoelle:2.{k}" for k in (1, 2, 3)],
                        *[f"die-zoelle:3.{k}" for k in (1, 2, 3)], "die-zoelle:4.1"]
    with TranslationMemory.open(seed_project / "memory.sqlite3") as memory:
        stored = {e.key.text: e.score for e in memory.entries() if e.key.target == "es"}

    lowest = _export(seed_project, "--order", "confidence")
    schema = etree.XMLSchema(etree.parse(str(ROOT / "tests" / "fixtures" / "xliff-1.2" / "xliff-core-1.2-strict.xsd")))
    assert schema.validate(etree.parse(str(lowest))), schema.error_log
    units = list(ET.parse(lowest).getroot().iter(f"{XLF}trans-unit"))
    assert sorted(u.get("id") for u in units) == sorted(in_order)
    scores = []
    for unit in units:
        source = "".join(unit.find(f"{XLF}source").itertext())  # type: ignore[union-attr]
        score = _confidence([n.text or "" for n in unit.iter(f"{XLF}note")])
        assert score == round(stored[source], 2)  # type: ignore[arg-type]
        scores.append(stored[source])
    assert scores == sorted(scores) and len(set(scores)) > 1
    first = [n.text for n in units[0].iter(f"{XLF}note")]
    assert any("(lowest 13% of this export)" in (n or "") for n in first), first  # 1 of 8 segments, rounded up

    po = polib.pofile(str(_export(seed_project, "--order", "confidence", "--format", "po")))
    assert [stored[e.msgid] for e in po] == scores
    assert all(_confidence(e.comment.splitlines()) is not None for e in po)


def test_a_human_segment_has_no_score_and_comes_last(seed_project: Path) -> None:
    import xml.etree.ElementTree as ET

    from translate.memory import SegmentKey

    _article(seed_project)
    first = heldout()[0].de
    with TranslationMemory.open(seed_project / "memory.sqlite3") as memory:
        memory.store_many([(SegmentKey.make(first, "de", "es", "", ""), "Revisada.")], origin="human", reviewer="x")
    units = list(ET.parse(_export(seed_project, "--order", "confidence")).getroot().iter(f"{XLF}trans-unit"))
    last = units[-1]
    assert "".join(last.find(f"{XLF}target").itertext()) == "Revisada."  # type: ignore[union-attr]
    assert _confidence([n.text or "" for n in last.iter(f"{XLF}note")]) is None
    assert all(_confidence([n.text or "" for n in u.iter(f"{XLF}note")]) is not None for u in units[:-1])
