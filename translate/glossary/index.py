"""The source index of a termbase: which entries can occur in a text, found in one pass.

Matching (:mod:`translate.glossary.match`) decides with one regular expression
per form whether an entry occurs. Trying every form against every sentence
costs time in proportion to the termbase, so a :class:`SourceIndex` narrows the
forms down first: every word of a form occurs literally (only its case may
differ) wherever the form matches, so an Aho-Corasick automaton over the
case-folded *longest word* of each form gives, in one pass over the case-folded
text, every form that can match (a form whose other words are missing is
dropped with a substring test). The exact rules then run on those candidates
only, in the glossary's order, so results are the same as trying every form.

The index is built once per glossary and language (:func:`source_index`
keeps it) and never per sentence.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import re

import ahocorasick

from translate.glossary.model import Entry, Glossary


@dataclass(frozen=True)
class Candidate:
    """One form of one entry that may occur in a text (``order`` is the glossary's order)."""

    order: int
    entry: Entry
    form: str
    words: tuple[str, ...]  # its case-folded words, each of which must occur in the text


def _key(form: str) -> str:
    """What must occur in the case-folded text for ``form`` to match: its longest word."""
    return max(form.split(), key=len, default="").casefold()


class SourceIndex:
    """The forms of ``entries`` in ``lang``, keyed by their case-folded longest word."""

    def __init__(self, entries: Iterable[Entry], lang: str) -> None:
        keyed: dict[str, list[Candidate]] = {}
        self._always: list[Candidate] = []  # forms without a word (never expected, kept safe)
        order = 0
        for entry in entries:
            for form in entry.source_forms(lang):
                candidate = Candidate(order, entry, form, tuple(word.casefold() for word in form.split()))
                order += 1
                key = _key(form)
                if key:
                    keyed.setdefault(key, []).append(candidate)
                else:
                    self._always.append(candidate)
        self._automaton: ahocorasick.Automaton | None = None
        if keyed:
            automaton = ahocorasick.Automaton()
            for key, candidates in keyed.items():
                automaton.add_word(key, tuple(candidates))
            automaton.make_automaton()
            self._automaton = automaton
        self.size = order
        # Compiled source patterns of the forms met so far, kept with the index so that
        # a large termbase does not thrash a shared cache (see match.find_terms).
        self.patterns: dict[tuple[str, bool, bool], re.Pattern[str]] = {}

    def candidates(self, folded: str) -> Iterator[Candidate]:
        """The forms all of whose words occur in ``folded`` (a case-folded text), in glossary order."""
        found: dict[int, Candidate] = {candidate.order: candidate for candidate in self._always}
        if self._automaton is not None and folded:
            for _end, candidates in self._automaton.iter(folded):
                for candidate in candidates:
                    if candidate.order not in found and all(word in folded for word in candidate.words):
                        found[candidate.order] = candidate
        for order in sorted(found):
            yield found[order]


def source_index(glossary: Glossary, lang: str | None = None) -> SourceIndex:
    """The index of ``glossary``'s source forms in ``lang`` (default its source), built once per glossary."""
    lang = lang or glossary.source
    key = f"source-index:{lang}"
    index = glossary.derived.get(key)
    if not isinstance(index, SourceIndex):
        index = glossary.derived[key] = SourceIndex(glossary.entries, lang)
    return index
