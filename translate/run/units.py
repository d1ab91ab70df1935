"""From translatable units to the sentences the engine sees, and back.

Each unit is cut into sentences by :mod:`translate.sentences`, keeping the
exact whitespace between them. Markers at the edges of a sentence that need
no placing (a pair around the whole sentence, such as a link around a list
item or bold around a label; a void at its very start or end) are moved into
that whitespace; a pair that ends or starts inside the sentence stays with
it. A sentence left with no letter is not sent to the engine. Line breaks
inside a sentence reach the engine as spaces.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from translate.sentences import reassemble, split_with_gaps

_EDGE_ITEM = re.compile(r"\s+|<(/?)(\d{1,4})(/?)>")


@dataclass
class UnitPlan:
    """Where the sentences of one unit go back."""

    gaps: list[str]

    @property
    def size(self) -> int:
        return len(self.gaps) - 1


def plan_unit(template: str, lang: str, sentences: list[str]) -> UnitPlan:
    """Append the sentences of ``template`` to ``sentences``; return how to rebuild it."""
    found, gaps = split_with_gaps(template, lang)
    plan = UnitPlan(gaps=[gaps[0]])
    for sentence, gap in zip(found, gaps[1:]):
        head, tail = _edges(sentence)
        core = sentence[head:tail]
        if not any(char.isalpha() for char in core):
            plan.gaps[-1] += sentence + gap
            continue
        plan.gaps[-1] += sentence[:head]
        sentences.append(" ".join(core.split("\n")) if "\n" in core else core)
        plan.gaps.append(sentence[tail:] + gap)
    return plan


def _edges(sentence: str) -> tuple[int, int]:
    """Where the part to translate starts and ends (see the module docstring).

    At the start, spaces, voids and markers whose partner is in another
    sentence move out, and so does an opener whose closer is in the run of
    markers at the end; it stops at the first opener whose closer is inside
    the sentence. At the end likewise, backwards.
    """
    items = [(m.start(), m.end(), m.group(1), m.group(2), m.group(3)) for m in _EDGE_ITEM.finditer(sentence)]
    partner: dict[int, int] = {}  # item position ↔ item position of its partner
    opened: list[int] = []
    for position, (_, _, slash, number, void) in enumerate(items):
        if number is None or void:
            continue
        if slash:
            if opened:
                start = opened.pop()
                partner[start], partner[position] = position, start
        else:
            opened.append(position)
    trailing = len(items)  # first item of the run that ends the sentence
    end = len(sentence)
    while trailing > 0 and items[trailing - 1][1] == end:
        trailing -= 1
        end = items[trailing][0]
    head, moved = 0, set()
    for position, (start, stop, slash, number, void) in enumerate(items):
        if start != head:
            break
        if number is not None and not slash and not void and position in partner:
            if partner[position] < trailing:
                break  # its closer is inside the sentence: the pair needs placing
            moved.add(partner[position])
        head = stop
    tail = len(sentence)
    for position in range(len(items) - 1, trailing - 1, -1):
        start, stop, slash, number, void = items[position]
        if stop != tail or start < head:
            break
        if number is not None and slash and position in partner and position not in moved:
            break  # its opener is inside the sentence
        tail = start
    return head, max(tail, head)


def rebuild_unit(plan: UnitPlan, translated: Sequence[str]) -> str:
    return reassemble(list(translated), plan.gaps)


def sentences_of(units: Sequence[str], lang: str) -> list[str]:
    """The sentences the engine sees for ``units`` (what a run counts as its segments)."""
    sentences: list[str] = []
    for unit in units:
        plan_unit(unit, lang, sentences)
    return sentences
