"""Markup projected into translations of plain sentences, with the test models' own attention.

The mechanism of :mod:`translate.run.markup`, through real decoding on both
hops of the pivot: each generated case's German sentence is stripped of its
markers, the plain sentence decoded (de→en, then the English output en→es),
and the markers projected with the model's attention, the words' own copies
and the words translated alone. What the test models' attention is worth says
nothing about a real model's: `babelpress evaluate` is where a user measures
that.
"""

from __future__ import annotations

from collections import Counter

import pytest
from markup_set import MarkupCase, markup_cases

from translate.engine.decoder import Engine
from translate.engine.packages import ModelPackage
from translate.enforce.align import piece_spans
from translate.run.markup import Marked, project, strip

VOIDS = ("footnote",)  # elements with no words of their own: a marker after the anchor


def _with_markers(case: MarkupCase, lang: int) -> tuple[str, dict[int, int]]:
    """The case's plain sentence in ``lang`` with ``<N>`` markers around (or after) its anchors."""
    text = case.plain[lang]
    marks: list[tuple[int, int, str]] = []  # (offset, order, marker)
    partners: dict[int, int] = {}
    for number, (anchor, element) in enumerate(zip(case.anchors, case.elements)):
        span = anchor.spans[lang]
        if element in VOIDS:
            marks.append((span.end, 1, f"<{2 * number}/>"))
        else:
            partners[2 * number] = 2 * number + 1
            marks.append((span.start, 2, f"<{2 * number}>"))
            marks.append((span.end, 0, f"</{2 * number + 1}>"))
    for offset, _, marker in sorted(marks, reverse=True):
        text = text[:offset] + marker + text[offset:]
    return text, partners


def _hop(engine: Engine, package: ModelPackage, sentences: list[str], partners: list[dict[int, int]]
         ) -> tuple[list[str], list[str], Counter[str]]:
    """Plain translations and projected ones of marked ``sentences``; the methods used."""
    marked: list[Marked] = [strip(sentence) for sentence in sentences]
    plain = engine.decode(package, [m.plain for m in marked], return_attention=True)
    # What each marker's words are, translated alone: a pair's words, a void's word before it.
    wanted: list[tuple[int, int, str]] = []  # (sentence, marker, words)
    for number, (m, pairs) in enumerate(zip(marked, partners)):
        offsets = {mark.index: mark.offset for mark in m.marks}
        for opener, closer in pairs.items():
            wanted.append((number, opener, m.plain[offsets[opener]:offsets[closer]]))
        for mark in m.marks:
            if mark.index not in pairs and mark.index not in pairs.values():
                before = m.plain[:mark.offset].split()
                wanted.append((number, mark.index, before[-1] if before else ""))
    lone = engine.decode(package, [words or "." for _, _, words in wanted], max_length=16)
    alone: list[dict[int, str]] = [{} for _ in marked]
    for (number, marker, _), hyps in zip(wanted, lone):
        alone[number][marker] = hyps[0].text
    tokenizer = engine.tokenizer(package)
    out, methods = [], Counter[str]()
    for m, hyps, pairs, own in zip(marked, plain, partners, alone):
        best = hyps[0]
        projected = project(m, pairs, piece_spans(tokenizer.encode(m.plain), m.plain), best.text,
                            piece_spans(best.tokens, best.text), best.attention, own)
        out.append(projected.text)
        methods.update(projected.methods.values())
    return [hyps[0].text for hyps in plain], out, methods


@pytest.fixture(scope="module")
def projected(shared_engine: Engine) -> dict[str, tuple[list[MarkupCase], list[str], list[str], Counter[str]]]:
    cases = markup_cases()
    plan = shared_engine.plan("de", ["es"])
    de_en, en_es = (step.package for step in plan.steps)
    sources = [_with_markers(case, 0) for case in cases]
    partners = [pairs for _, pairs in sources]
    en_plain, en_marked, en_methods = _hop(shared_engine, de_en, [text for text, _ in sources], partners)
    es_plain, es_marked, es_methods = _hop(shared_engine, en_es, en_marked, partners)
    return {"en": (cases, en_plain, en_marked, en_methods), "es": (cases, es_plain, es_marked, es_methods)}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_markup_lands_on_the_reference_words(projected, lang: str) -> None:  # type: ignore[no-untyped-def]
    cases, plain, marked, methods = projected[lang]
    index = 1 if lang == "en" else 2
    exact: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for case, text, with_marks in zip(cases, plain, marked):
        if text != case.plain[index]:
            continue  # the model's plain translation is not the reference: nothing to compare
        total[case.kind] += 1
        exact[case.kind] += with_marks == _with_markers(case, index)[0]
    assert sum(total.values()) >= 200
    rates = {kind: exact[kind] / total[kind] for kind in total}
    assert sum(exact.values()) / sum(total.values()) >= 0.95, (rates, methods)
    assert min(rates.values()) >= 0.8, rates


@pytest.mark.parametrize("lang", ["en", "es"])
def test_removing_the_markers_gives_the_plain_translation(projected, lang: str) -> None:  # type: ignore[no-untyped-def]
    _, plain, marked, _ = projected[lang]
    assert [strip(text).plain for text in marked] == plain


def test_every_marker_comes_back_once_and_pairs_stay_nested(projected) -> None:  # type: ignore[no-untyped-def]
    cases, _, marked, _ = projected["es"]
    for case, text in zip(cases, marked):
        source, partners = _with_markers(case, 0)
        assert sorted(m.index for m in strip(text).marks) == sorted(m.index for m in strip(source).marks)
        order = [m.index for m in strip(text).marks]
        for opener, closer in partners.items():
            assert order.index(opener) < order.index(closer), text
