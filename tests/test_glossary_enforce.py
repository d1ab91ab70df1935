"""Enforcing the glossary with the real (synthetic-language) test models.

The de→en test model learned "Freihandelsabkommen" → "free trade deal"; the
glossary demands "free trade agreement" (and, through the English pivot,
"tratado de libre comercio" where the en→es model says "acuerdo de libre
comercio"). The expected English is the held-out reference translation with
only the term changed: the rest of each sentence must stay exactly as the
model translates it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import synthetic
from support import ROOT
from heldout import Example, heldout

from translate.engine.decoder import Engine
from translate.errors import GlossaryError
from translate.enforce.report import has_violations
from translate.glossary import Entry, Glossary, find_glossary, load_glossary
from translate.enforce.enforce import MAX_PREFIX_ROUNDS
from translate.run.translate import translate_sentences

SHIPPED = ROOT / "glossary" / "terms.yaml"
FIXTURES = ROOT / "tests" / "fixtures" / "glossary"


def _first(predicate) -> Example:  # type: ignore[no-untyped-def]
    return next(example for example in heldout() if predicate(example))


def term_cases() -> dict[str, Example]:
    """One held-out sentence per inflected or compound form of the term."""
    plain = lambda e: "EU" not in e.de  # noqa: E731
    return {
        "nominative/accusative": _first(
            lambda e: plain(e) and " Freihandelsabkommen " in e.de and "free trade deal " in e.en
        ),
        "genitive": _first(lambda e: plain(e) and "Freihandelsabkommens" in e.de),
        "plural": _first(lambda e: plain(e) and "free trade deals" in e.en),
        "EU compound": _first(lambda e: "EU-Freihandelsabkommen " in e.de and "EU free trade deal " in e.en),
        "EU compound plural": _first(lambda e: "EU free trade deals" in e.en),
    }


def spanish_with_glossary_term(es: str) -> str:
    """The Spanish reference with the models' term replaced by the glossary's (same gender)."""
    return es.replace("acuerdos de libre comercio", "tratados de libre comercio").replace(
        "acuerdo de libre comercio", "tratado de libre comercio"
    )


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(SHIPPED)


def test_the_plain_models_say_free_trade_deal(engine: Engine) -> None:
    # The premise: without the glossary the models use their own term.
    cases = list(term_cases().values())
    out = engine.translate_many([c.de for c in cases], engine.plan("de", ["en", "es"]))
    assert out["en"] == [c.en for c in cases]
    assert all("free trade deal" in text for text in out["en"])
    assert all("acuerdo" in text and "tratado" not in text for text in out["es"])


def test_inflected_forms_come_out_as_free_trade_agreement(engine: Engine, glossary: Glossary) -> None:
    cases = term_cases()
    sources = [case.de for case in cases.values()]
    result = translate_sentences(engine, engine.plan("de", ["en"]), sources, glossary=glossary)
    expected = [synthetic.en_agreement_variant(case.en) for case in cases.values()]
    assert result.translations["en"] == expected
    rows = [row for row in result.terms if row.entry == "freihandelsabkommen"]
    assert [row.source for row in rows] == [
        "Freihandelsabkommen", "Freihandelsabkommens", "Freihandelsabkommen",
        "EU-Freihandelsabkommen", "EU-Freihandelsabkommen",
    ]
    # The model never wrote "free trade agreement" itself: each one was chosen
    # from the n-best list or repaired, none is left violated.
    assert {row.status for row in rows} <= {"chosen from n-best", "repaired"}
    assert not has_violations(result.terms)
    # Names in the same sentences were already right.
    assert {row.status for row in result.terms if row.entry != "freihandelsabkommen"} <= {"kept"}


def test_spanish_pivot_enforces_each_hop(engine: Engine, glossary: Glossary) -> None:
    cases = term_cases()
    sources = [case.de for case in cases.values()]
    result = translate_sentences(engine, engine.plan("de", ["en", "es"]), sources, glossary=glossary)
    assert result.translations["en"] == [synthetic.en_agreement_variant(case.en) for case in cases.values()]
    for text in result.translations["es"]:
        assert "tratado de libre comercio" in text or "tratados de libre comercio" in text
        assert "acuerdo de libre comercio" not in text and "acuerdos de libre comercio" not in text
    # Exactly the reference with only the term changed, here too.
    assert result.translations["es"] == [spanish_with_glossary_term(case.es) for case in cases.values()]
    hops = [(row.language, row.hop, row.source, row.expected) for row in result.terms
            if row.entry == "freihandelsabkommen"]
    # The English hop is decoded once and reported for both languages; the
    # English term is the source term of the English→Spanish hop.
    assert hops.count(("es", "en-es", "free trade agreement", "tratado de libre comercio")) >= 3
    assert ("es", "en-es", "free trade agreements", "tratado de libre comercio") in hops
    assert len([h for h in hops if h[0] == "en"]) == len([h for h in hops if h[:2] == ("es", "de-en")]) == 5
    assert not has_violations(result.terms)


def test_every_held_out_sentence_with_the_term(engine: Engine, glossary: Glossary) -> None:
    cases = [e for e in heldout() if "Freihandelsabkommen" in e.de]
    assert len(cases) >= 40
    result = translate_sentences(engine, engine.plan("de", ["en", "es"]), [c.de for c in cases], glossary=glossary)
    assert result.translations["en"] == [synthetic.en_agreement_variant(c.en) for c in cases]
    for text in result.translations["es"]:
        assert "tratado de libre comercio" in text or "tratados de libre comercio" in text
    assert result.translations["es"] == [spanish_with_glossary_term(c.es) for c in cases]
    assert not has_violations(result.terms)
    # Every step is one batched call per hop for all sentences, never one per
    # sentence: plain, n-best and at most MAX_PREFIX_ROUNDS forced-prefix calls.
    assert engine.stats.calls_by_pair["de-en"] <= 2 + MAX_PREFIX_ROUNDS < len(cases)
    assert engine.stats.calls_by_pair["en-es"] <= 2 + MAX_PREFIX_ROUNDS


def test_without_glossary_nothing_changes(engine: Engine) -> None:
    case = term_cases()["genitive"]
    result = translate_sentences(engine, engine.plan("de", ["en"]), [case.de])
    assert result.translations["en"] == [case.en] and result.terms == []


def test_names_are_kept(engine: Engine, glossary: Glossary) -> None:
    case = _first(lambda e: "Alibaba" in e.de and "Freihandelsabkommen" not in e.de)
    result = translate_sentences(engine, engine.plan("de", ["en"]), [case.de], glossary=glossary)
    assert result.translations["en"] == [case.en]
    assert {(row.entry, row.status) for row in result.terms} >= {("alibaba", "kept")}


@pytest.mark.parametrize(
    ("name", "rendering"),
    [
        ("Nieto", "Peña Nieto"),  # "ñ" is not even in the English model's vocabulary
        ("Amazon", "Amazon.com"),
    ],
)
def test_a_name_the_model_would_not_write_is_forced(engine: Engine, name: str, rendering: str) -> None:
    # The models pass names through; a glossary that renders one differently
    # in English must be obeyed anyway, and the rest of each sentence kept.
    cases = [e for e in heldout() if f" {name} " in f" {e.de} " and e.en.count(name) == 1
             and "Freihandelsabkommen" not in e.de][:4]
    glossary = Glossary((Entry("name", {"de": name, "en": rendering}, case_sensitive=True),))
    result = translate_sentences(engine, engine.plan("de", ["en"]), [c.de for c in cases], glossary=glossary)
    assert result.translations["en"] == [c.en.replace(name, rendering) for c in cases]
    assert {row.status for row in result.terms} == {"repaired"}
    assert {row.method for row in result.terms} <= {"prefix", "replacement"}


def test_broken_glossary_stops_before_any_model_loads(installed_models: Path) -> None:
    from translate.engine.decoder import Engine, EngineSettings
    from translate.engine.packages import installed_packages

    engine = Engine(installed_packages(installed_models), EngineSettings())
    for broken in ("bad_yaml.yaml", "duplicate_term.yaml"):
        with pytest.raises(GlossaryError) as caught:
            find_glossary(FIXTURES / broken)
        assert str(caught.value).startswith(f"{FIXTURES / broken}:")
    assert engine.stats.models_loaded == 0 and engine.stats.calls == 0
