"""The projection's rules on hand-made inputs: what holds whatever a model does."""

from __future__ import annotations

import random

from translate.enforce.align import piece_spans
from translate.run.markup import project, strip


def _pieces(text: str) -> list[str]:
    return ["\u2581" + word for word in text.split()]


def _place(source: str, translation: str, attention: list[list[float]] | None = None) -> str:
    marked = strip(source)
    return project(marked, None, piece_spans(_pieces(marked.plain), marked.plain), translation,
                   piece_spans(_pieces(translation), translation), attention).text


def test_strip_gives_the_plain_sentence_and_the_pairs() -> None:
    marked = strip("Die <0>Zölle</1> schaden <2/> den Unternehmen.")
    assert marked.plain == "Die Zölle schaden den Unternehmen."
    assert dict(marked.partners) == {0: 1}
    assert [(m.index, m.offset) for m in marked.marks] == [(0, 4), (1, 9), (2, 18)]


def test_copied_words_take_their_markup_whatever_the_order() -> None:
    assert _place("Gestern hat <0>Alibaba</1> gewonnen.", "Alibaba won yesterday.") == "<0>Alibaba</1> won yesterday."


def test_without_any_evidence_every_marker_still_comes_back_once_and_nested() -> None:
    rng = random.Random(7)
    words = "one two three four five six seven eight".split()
    for _ in range(200):
        sentence = " ".join(rng.sample(words, 6)) + "."
        source = "<0>Ein</1> <2>zwei <3>drei</4></5> vier <6/> fünf sechs."
        placed = _place(source, sentence)  # no attention, no copy: position only
        marks = strip(placed)
        assert marks.plain == sentence  # the words are the model's, untouched
        assert sorted(m.index for m in marks.marks) == [0, 1, 2, 3, 4, 5, 6]
        order = [m.index for m in marks.marks]
        assert order.index(0) < order.index(1) and order.index(2) < order.index(3) < order.index(4) < order.index(5)
        assert not (order.index(0) < order.index(2) < order.index(1))  # siblings never cross or nest


def test_voids_keep_their_spacing_and_code_spans_do_not_merge() -> None:
    placed = _place("Blöcke: <0/> mit <1/> und so.", "Blocks with and so.")
    assert placed == "Blocks with <0/> and <1/> so."  # spaced as in the source, each on its own
    note = _place("Das Abkommen<0/> gilt.", "The agreement applies.")
    assert " <0/>" not in note and strip(note).plain == "The agreement applies."  # it clings to a word, as there
