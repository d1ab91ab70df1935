"""translate_with_memory: reuse what is stored, decode only what changed.

The first tests drive it with a recording stand-in for the engine call, to pin
down *which* segments get decoded; the last ones run the real engine on the
synthetic test models and count its calls.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from support import DE_EN, EN_ES
from translate.memory import SegmentKey, TranslationMemory, translate_with_memory
from translate.run.keys import glossary_context, memory_keys


class Recorder:
    """Stands in for the engine: upper-cases text and records every call."""

    def __init__(self) -> None:
        self.calls: list[tuple[list[str], list[str]]] = []

    def __call__(self, segments: list[str], targets: list[str]) -> Mapping[str, Sequence[str]]:
        self.calls.append((list(segments), list(targets)))
        return {target: [f"{target}:{s.upper()}" for s in segments] for target in targets}


def keys_of(segments: Sequence[str], targets: Sequence[str], context: dict[tuple[int, str], str] | None = None):  # type: ignore[no-untyped-def]
    return {
        t: [
            SegmentKey.make(s, "de", t, f"de_{t}@1", "{}", (context or {}).get((i, t), ""))
            for i, s in enumerate(segments)
        ]
        for t in targets
    }


@pytest.fixture
def tm(tmp_path: Path):  # type: ignore[no-untyped-def]
    with TranslationMemory.open(tmp_path / "memory.sqlite3") as memory:
        yield memory


SEGMENTS = ["Erster Satz.", "Zweiter Satz.", "Dritter Satz.", "Erster Satz."]


def test_first_run_decodes_each_distinct_segment_once_then_nothing(tm: TranslationMemory) -> None:
    engine = Recorder()
    first = translate_with_memory(tm, SEGMENTS, keys_of(SEGMENTS, ["en", "es"]), engine)
    assert engine.calls == [(["Erster Satz.", "Zweiter Satz.", "Dritter Satz."], ["en", "es"])]
    assert (first.reused, first.translated, first.pairs_translated) == (0, 4, 8)
    second = translate_with_memory(tm, SEGMENTS, keys_of(SEGMENTS, ["en", "es"]), engine)
    assert len(engine.calls) == 1  # no call at all
    assert second.translations == first.translations
    assert first.translations["es"][3] == "es:ERSTER SATZ."
    assert (second.reused, second.translated, second.pairs_reused) == (4, 0, 8)


def test_an_edited_segment_is_the_only_one_decoded(tm: TranslationMemory) -> None:
    engine = Recorder()
    translate_with_memory(tm, SEGMENTS, keys_of(SEGMENTS, ["en"]), engine)
    edited = ["Erster Satz.", "Zweiter, geänderter Satz.", "Dritter Satz.", "Erster Satz."]
    result = translate_with_memory(tm, edited, keys_of(edited, ["en"]), engine)
    assert engine.calls[1] == (["Zweiter, geänderter Satz."], ["en"])
    assert (result.reused, result.translated) == (3, 1)
    assert result.translations["en"][1] == "en:ZWEITER, GEÄNDERTER SATZ."


def test_a_changed_context_redecodes_only_its_segment_and_target(tm: TranslationMemory) -> None:
    engine = Recorder()
    translate_with_memory(tm, SEGMENTS, keys_of(SEGMENTS, ["en", "es"]), engine)
    # A glossary entry for Spanish that matches only "Dritter Satz." changed.
    result = translate_with_memory(
        tm, SEGMENTS, keys_of(SEGMENTS, ["en", "es"], {(2, "es"): "glossary:v2"}), engine)
    assert engine.calls[1] == (["Dritter Satz."], ["es"])
    assert (result.reused, result.translated, result.pairs_translated) == (3, 1, 1)


def test_whitespace_and_unicode_variants_reuse_the_stored_translation(tm: TranslationMemory) -> None:
    engine = Recorder()
    translate_with_memory(tm, ["Mu\u0308nchen  ist schön."], keys_of(["Mu\u0308nchen  ist schön."], ["en"]), engine)
    result = translate_with_memory(tm, ["München ist schön."], keys_of(["München ist schön."], ["en"]), engine)
    assert len(engine.calls) == 1
    assert result.translations == {"en": ["en:MU\u0308NCHEN  IST SCHÖN."]}


def test_a_human_translation_is_used_and_never_overwritten(tm: TranslationMemory) -> None:
    tm.store_many([(SegmentKey.make("Zweiter Satz.", "de", "en", "", ""), "The second sentence.")], origin="human")
    engine = Recorder()
    result = translate_with_memory(tm, SEGMENTS, keys_of(SEGMENTS, ["en"]), engine)
    assert engine.calls == [(["Erster Satz.", "Dritter Satz."], ["en"])]
    assert result.translations["en"][1] == "The second sentence."
    assert tm.stats().human == 1 and tm.stats().machine == 2


def test_keys_must_align_with_segments(tm: TranslationMemory) -> None:
    with pytest.raises(ValueError, match="2 keys for en, 4 segments"):
        translate_with_memory(tm, SEGMENTS, {"en": keys_of(SEGMENTS[:2], ["en"])["en"]}, Recorder())


# -- with the real engine ---------------------------------------------------

needs_models = pytest.mark.skipif(
    not (DE_EN.exists() and EN_ES.exists()), reason="the synthetic test models are not built yet")


@needs_models
def test_unchanged_rerun_makes_no_engine_call_and_an_edit_decodes_one_sentence(engine, tm) -> None:  # type: ignore[no-untyped-def]
    from heldout import heldout

    segments = [example.de for example in heldout()[:12]]

    def run(texts: list[str]):  # type: ignore[no-untyped-def]
        keys = memory_keys(engine.plan("de", ["en", "es"]), engine.settings.signature(), texts)
        return translate_with_memory(tm, texts, keys, lambda todo, langs: engine.translate_many(todo, engine.plan("de", langs)))

    cold = run(segments)
    assert cold.translations == engine.translate_many(segments, engine.plan("de", ["en", "es"]))
    engine.reset_stats()
    warm = run(segments)
    assert engine.stats.calls == 0
    assert warm.translations == cold.translations
    assert (warm.reused, warm.translated) == (12, 0)

    edited = list(segments)
    edited[5] = heldout()[20].de
    edit = run(edited)
    assert engine.stats.sentences == 2  # that sentence, once per hop (de→en, en→es)
    assert engine.stats.calls == 2
    assert (edit.reused, edit.translated) == (11, 1)
    assert edit.translations["es"][5] == engine.translate([heldout()[20].de], "de", "es")[0]


@needs_models
def test_keys_name_the_route_and_decoding_settings(engine) -> None:  # type: ignore[no-untyped-def]
    keys = memory_keys(engine.plan("de", ["en", "es"]), engine.settings.signature(), ["Hallo."], context=lambda i, t: f"ctx-{t}")
    en, es = keys["en"][0], keys["es"][0]
    assert en.route == engine.route("de", "en").hops[0].signature
    assert es.route == " > ".join(h.signature for h in engine.route("de", "es").hops).replace(" > ", ">")
    assert ">" in es.route
    assert f'"beam_size":{engine.settings.beam_size}' in en.settings
    assert (en.context, es.context) == ("ctx-en", "ctx-es")


def test_notes_from_the_decoder_come_back_with_reused_segments(tm: TranslationMemory) -> None:
    from translate.memory import Fresh

    def with_notes(segments: list[str], targets: list[str]) -> Fresh:
        return Fresh(
            translations={t: [s.upper() for s in segments] for t in targets},
            meta={t: [f"terms of {s}" if "Zweiter" in s else "" for s in segments] for t in targets},
        )

    first = translate_with_memory(tm, SEGMENTS, keys_of(SEGMENTS, ["en"]), with_notes)
    assert first.meta == {"en": ["", "terms of Zweiter Satz.", "", ""]}
    again = translate_with_memory(tm, SEGMENTS, keys_of(SEGMENTS, ["en"]), Recorder())
    assert (again.reused, again.meta) == (4, first.meta)


@needs_models
def test_editing_one_glossary_entry_retranslates_only_segments_with_its_term(engine, tm) -> None:  # type: ignore[no-untyped-def]
    from heldout import heldout

    from translate import glossary as glossary_module
    from translate.run.translate import translate_sentences

    with_term = [e.de for e in heldout() if "freihandelsabkommen" in e.de.lower()][:4]
    without = [e.de for e in heldout() if "freihandelsabkommen" not in e.de.lower()][:6]
    segments = with_term + without
    text = ("version: 1\nsource: de\nentries:\n  - id: fta\n    de: Freihandelsabkommen\n"
            "    en: free trade deal\n    es: acuerdo de libre comercio\n"
            "  - id: trump\n    de: Donald Trump\n    en: Donald Trump\n    es: Donald Trump\n")
    decoded: list[list[str]] = []

    def run(glossary_text: str):  # type: ignore[no-untyped-def]
        glossary = glossary_module.parse_glossary(glossary_text)
        keys = memory_keys(engine.plan("de", ["en", "es"]), engine.settings.signature(), segments, glossary_context(glossary, segments, "de"))

        def misses(todo: list[str], langs: list[str]) -> Mapping[str, Sequence[str]]:
            decoded.append(todo)
            return translate_sentences(engine, engine.plan("de", langs), todo, glossary=glossary).translations

        return translate_with_memory(tm, segments, keys, misses)

    run(text)
    engine.reset_stats()
    assert run(text).reused == len(segments) and engine.stats.calls == 0
    edited = run(text.replace("es: acuerdo de libre comercio", "es: tratado de libre comercio"))
    assert decoded[-1] == with_term
    assert (edited.reused, edited.translated) == (len(without), len(with_term))
