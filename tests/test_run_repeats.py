"""Without a translation memory, a run decodes each distinct sentence once, wherever its repeats fall.

A run's sentences are decoded in groups (``decode_groups``); a sentence that
comes back in another group, or another document, is not decoded again: it
takes its first occurrence's translation, scores and glossary rows.
"""

from __future__ import annotations

from dataclasses import replace

from translate.defaults import DECODE_GROUP
from translate.run.translate import translate_sentences

GLOSSARY = ("version: 1\nsource: de\nentries:\n  - id: fta\n    de: Freihandelsabkommen\n"
            "    en: free trade deal\n    es: acuerdo de libre comercio\n")


def test_repeats_in_other_groups_are_decoded_once_and_translated_alike(engine) -> None:  # type: ignore[no-untyped-def]
    from heldout import heldout

    distinct = list(dict.fromkeys(example.de for example in heldout()))[:DECODE_GROUP]
    sentences = distinct * 3  # every sentence in three different decode groups
    plan = engine.plan("de", ["en", "es"])
    steps: list[int] = []
    result = translate_sentences(engine, plan, sentences, steps.append)
    assert engine.stats.sentences == len(distinct) * plan.hop_count
    assert sum(steps) == len(sentences) * plan.hop_count  # the progress bar still reaches its total
    alone = translate_sentences(engine, plan, distinct)
    for target in plan.targets:
        assert result.translations[target] == alone.translations[target] * 3
        assert result.scores[target] == alone.scores[target] * 3
    assert result.translated == len(sentences)


def test_a_repeat_gets_its_sentences_glossary_rows(engine) -> None:  # type: ignore[no-untyped-def]
    from heldout import heldout

    from translate.glossary import parse_glossary

    glossary = parse_glossary(GLOSSARY)
    term = next(example.de for example in heldout() if "freihandelsabkommen" in example.de.lower())
    other = next(example.de for example in heldout() if "freihandelsabkommen" not in example.de.lower())
    plan = engine.plan("de", ["en", "es"])
    once = translate_sentences(engine, plan, [term, other], glossary=glossary)
    assert once.terms, "the test needs a sentence with a term"
    twice = translate_sentences(engine, plan, [term, other, term], glossary=glossary)
    expected = once.terms + [replace(row, segment=2) for row in once.terms if row.segment == 0]
    assert twice.terms == sorted(expected, key=lambda row: (row.language, row.segment))
    assert twice.translations == {target: found + found[:1] for target, found in once.translations.items()}
