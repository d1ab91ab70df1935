"""From translatable units to the sentences the engine sees, and back.

Each unit is cut into sentences by :mod:`translate.sentences`, keeping the
exact whitespace between them. Placeholders at the edges of a sentence
(a link around a whole list item, bold around a label) are moved into that
whitespace, so they are never sent to the engine at all; a sentence left
with no letter is not sent either. Line breaks inside a sentence reach the
engine as spaces.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from translate.sentences import reassemble, split_with_gaps

_LEADING = re.compile(r"(?:<\s*\d{1,4}\s*>|\s)+")
_TRAILING = re.compile(r"(?:<\s*\d{1,4}\s*>|\s)+\Z")


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
        lead = _LEADING.match(sentence)
        head = lead.end() if lead else 0
        trail = _TRAILING.search(sentence, head)
        tail = trail.start() if trail else len(sentence)
        core = sentence[head:tail]
        if not any(char.isalpha() for char in core):
            plan.gaps[-1] += sentence + gap
            continue
        plan.gaps[-1] += sentence[:head]
        sentences.append(" ".join(core.split("\n")) if "\n" in core else core)
        plan.gaps.append(sentence[tail:] + gap)
    return plan


def rebuild_unit(plan: UnitPlan, translated: Sequence[str]) -> str:
    return reassemble(list(translated), plan.gaps)


def sentences_of(units: Sequence[str], lang: str) -> list[str]:
    """The sentences the engine sees for ``units`` (what a run counts as its segments)."""
    sentences: list[str] = []
    for unit in units:
        plan_unit(unit, lang, sentences)
    return sentences
