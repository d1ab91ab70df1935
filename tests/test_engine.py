"""The engine decoding real CTranslate2 test models: accuracy, pivoting, batching, counters."""

from __future__ import annotations

from pathlib import Path

import pytest
from heldout import heldout

from translate.engine.decoder import Engine, EngineSettings
from translate.engine.packages import installed_packages


def test_learned_synthetic_language_de_en(engine: Engine) -> None:
    """The test model really translates its synthetic language (held-out sentences)."""
    samples = heldout()
    output = engine.translate([s.de for s in samples], "de", "en")
    exact = sum(out == s.en for out, s in zip(output, samples)) / len(samples)
    assert exact >= 0.95


def test_pivot_de_en_es_exact(engine: Engine) -> None:
    samples = heldout()[:8]
    route = engine.route("de", "es")
    assert route.describe() == "de→en→es"
    output = engine.translate([s.de for s in samples], "de", "es")
    assert output == [s.es for s in samples]
    assert engine.stats.calls_by_pair == {"de-en": 1, "en-es": 1}


def test_200_sentences_to_two_targets_one_call_per_hop(engine: Engine) -> None:
    samples = (heldout() * 2)[:200]
    sentences = [f"{s.de}" for s in samples]
    result = engine.translate_many(sentences, engine.plan("de", ["en", "es"]))
    assert len(result["en"]) == len(result["es"]) == 200
    # de→en is shared by both targets and decoded once; en→es once.
    assert engine.stats.calls == 2
    assert engine.stats.calls_by_pair == {"de-en": 1, "en-es": 1}
    # Each distinct sentence is decoded once per hop.
    unique = len(set(sentences))
    assert engine.stats.sentences == unique + len(set(result["en"]))
    assert engine.stats.source_tokens > 0 and engine.stats.target_tokens > 0
    assert engine.stats.seconds > 0


def test_models_load_once_per_engine(installed_models: Path) -> None:
    engine = Engine(installed_packages(installed_models), EngineSettings(beam_size=1))
    sample = heldout()[0]
    for _ in range(3):
        engine.translate([sample.de], "de", "es")
    assert engine.stats.models_loaded == 2
    assert engine.stats.calls == 6


def test_segments_without_letters_are_copied(engine: Engine) -> None:
    assert engine.translate(["2017", "", " – ", "3,5"], "de", "en") == ["2017", "", " – ", "3,5"]
    assert engine.stats.calls == 0


def test_n_best_hypotheses(engine: Engine) -> None:
    package = engine.route("de", "en").hops[0]
    (hyps,) = engine.decode(package, [heldout()[3].de], num_hypotheses=3)
    assert len(hyps) == 3
    assert len({h.text for h in hyps}) == 3
    scores = [h.score for h in hyps]
    assert scores == sorted(scores, reverse=True)


def test_forced_target_prefix_and_attention(engine: Engine) -> None:
    """A forced prefix starts the hypothesis; the model continues after it."""
    package = engine.route("de", "en").hops[0]
    sample = heldout()[4]
    (plain,) = engine.decode(package, [sample.de], return_attention=True)
    hyp = plain[0]
    assert hyp.attention is not None and len(hyp.attention) == len(hyp.tokens)
    forced_prefix = hyp.tokens[:2]
    (forced,) = engine.decode(package, [sample.de], target_prefixes=[forced_prefix])
    assert forced[0].tokens[:2] == forced_prefix
    assert forced[0].text == hyp.text


def test_a_bound_per_sentence_ends_each_on_its_own(engine: Engine) -> None:
    """Lone phrases are decoded in one call, each stopping at its own bound while the rest go on."""
    package = engine.route("de", "en").hops[0]
    samples = heldout()[:4]
    free = engine.decode(package, [s.de for s in samples], greedy=True)
    lengths = [len(found[0].tokens) for found in free]
    bounds = [2, max(lengths), 1, 3]
    bounded = engine.decode(package, [s.de for s in samples], greedy=True, max_length=bounds)
    assert engine.stats.calls == 2
    for found, unbounded, bound in zip(bounded, free, bounds):
        tokens = found[0].tokens
        assert len(tokens) == min(bound, len(unbounded[0].tokens))
        assert tokens == unbounded[0].tokens[: len(tokens)]  # greedy: the same start, cut at the bound
    with pytest.raises(ValueError, match="greedy"):
        engine.decode(package, [samples[0].de], max_length=[3])


def test_package_target_prefix_is_stripped(tmp_path: Path, installed_models: Path) -> None:
    """A package whose metadata declares a target_prefix gets it forced and removed."""
    import json
    import shutil

    (original,) = [p for p in installed_packages(installed_models) if p.pair == "de-en"]
    copy = tmp_path / "pkgs" / original.name
    shutil.copytree(original.path, copy)
    meta = json.loads((copy / "metadata.json").read_text())
    sample = heldout()[5]
    base = Engine(installed_packages(installed_models), EngineSettings(beam_size=1))
    (hyp,) = base.decode(original, [sample.de])
    meta["target_prefix"] = hyp[0].tokens[0]
    (copy / "metadata.json").write_text(json.dumps(meta))
    (prefixed,) = installed_packages(tmp_path / "pkgs")
    engine = Engine([prefixed], EngineSettings(beam_size=1))
    (out,) = engine.decode(prefixed, [sample.de])
    # The forced first token is not repeated in the output; the rest follows.
    assert out[0].tokens == hyp[0].tokens[1:]


def test_invalid_settings_are_rejected() -> None:
    from translate.errors import ConfigError

    with pytest.raises(ConfigError, match="beam size"):
        EngineSettings(beam_size=0)
