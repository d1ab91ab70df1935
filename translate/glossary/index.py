"""The source index of a termbase: which entries can start where in a text, found in one pass.

Matching (:mod:`translate.glossary.match`) decides with one regular expression
per form whether an entry occurs. Trying every form against every sentence
costs time in proportion to the termbase, so a :class:`SourceIndex` names, for
a text, the forms that can match and the one position each must be tried at.

A term starts where a word starts: at a letter or digit that follows no word
character (a space, punctuation, or the hyphen of a compound such as
``EU-Freihandelsabkommen``). The index marks every such place in the
case-folded text (:func:`marked`) and keeps an Aho-Corasick automaton over the
marked, case-folded first word of every form, so one pass over the text finds
each form whose first word begins at a word start (``Abkommen`` in
``Abkommens``, but not in ``Handelsabkommen``). A form of several words whose
other words are missing from the text is dropped with a substring test. The
exact rule then runs once per remaining form, anchored at the start of the
hyphenated word holding the hit (see ``match.find_terms``), so the result is
what trying every form over the whole text gives, at a cost that follows the
text and what it holds, not the size of the termbase.

The index is built once per glossary and language (:func:`source_index`
keeps it) and never per sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import ahocorasick

from translate.glossary.model import Entry, Glossary

MARK = "\x00"  # put before every word start of a case-folded text; never in a form


def is_german(lang: str) -> bool:
    """Whether ``lang`` (``de``, ``de-AT`` …) gets German inflection and compound rules."""
    return lang.split("-")[0] == "de"


def starts_compound(form: str, keep: bool, german: bool) -> bool:
    """Whether ``form`` may start a closed compound (``Freihandelsabkommens|verhandlungen``).

    One German word of seven letters or more that is not a name: short terms
    never start one ("Mitteilung" is no "Mitte").
    """
    return german and not keep and len(form.split()) == 1 and len(form) >= 7 and form[-1].isalpha()


@dataclass(frozen=True)
class Candidate:
    """One form of one entry (``order`` is its place in the glossary's order)."""

    order: int
    entry: Entry
    form: str
    others: tuple[str, ...]  # its other words, case-folded: each must occur in the text
    compound: bool  # may start a closed compound (see starts_compound)


_START = re.compile(r"(?<!\w)(?=[^\W_])")  # a letter or digit after no word character
_NEXT_WORD = re.compile(r"\S*\s+" + MARK)  # to where the word after the next white space starts


class Marked:
    """A text case-folded with :data:`MARK` before every place a term can start.

    A term can start at a letter or digit that follows no word character (a
    space, punctuation, or the hyphen in ``EU-Freihandelsabkommen``); its
    regular expression is then tried where the hyphenated word around it (its
    chunk) begins: :meth:`chunk` says where that is in the original text.
    """

    def __init__(self, text: str, folded: str) -> None:
        self.original = text
        self.text = _START.sub(MARK, text).casefold()
        self._starts: list[int] | None = None
        if len(folded) != len(text):  # case-folding changed the length ("ß" -> "ss"): map marks by count
            self._starts = [found.start() for found in _START.finditer(text)]

    def chunk(self, mark: int) -> int:
        """Where, in the original text, the hyphenated word whose part starts at ``mark`` begins."""
        before = self.text.count(MARK, 0, mark)
        at = mark - before if self._starts is None else self._starts[before]
        text = self.original
        while at and (text[at - 1] == "-" or (text[at - 1].isalnum() or text[at - 1] == "_")):
            at -= 1
        return at

    def next_word(self, mark: int) -> int:
        """Where the word after the first white space following ``mark`` starts (-1: none, or not a word start)."""
        found = _NEXT_WORD.match(self.text, mark + 1)
        return found.end() if found is not None else -1


def marked(text: str) -> Marked:
    """``text`` marked for the index (see :class:`Marked`)."""
    return Marked(text, text.casefold())


_SECOND = 3  # forms of several words are told apart by this many characters of their second word


def _key(word: str) -> str:
    """What the marked text holds where ``word`` starts (``""`` unless it starts with a letter or digit)."""
    return marked(word).text if word[:1].isalnum() else ""


@dataclass
class _Group:
    """The forms whose first word has one key."""

    length: int  # of the key
    anyhow: list[Candidate]  # tried wherever the key is found
    by_second: dict[str, list[Candidate]]  # tried where the next word starts with this (1 to 3 characters)


class SourceIndex:
    """The forms of ``entries`` in ``lang``, keyed by their marked, case-folded first word."""

    def __init__(self, entries: Iterable[Entry], lang: str) -> None:
        groups: dict[str, _Group] = {}
        german = is_german(lang)
        # Forms that do not start with a letter or digit ("(WHO)", ".NET"), keyed by their
        # case-folded first word wherever it occurs: tried over the whole text.
        loose: dict[str, _Group] = {}
        order = 0
        for entry in entries:
            for form in entry.source_forms(lang):
                words = form.split()
                if not words:
                    continue
                candidate = Candidate(order, entry, form, tuple(word.casefold() for word in words[1:]),
                                      starts_compound(form, entry.keep, german))
                order += 1
                key = _key(words[0])
                if not key:
                    group = loose.setdefault(words[0].casefold(), _Group(len(words[0].casefold()), [], {}))
                    group.anyhow.append(candidate)
                    continue
                group = groups.setdefault(key, _Group(len(key), [], {}))
                second = _key(words[1])[1 : 1 + _SECOND] if len(words) > 1 else ""
                if second:
                    group.by_second.setdefault(second, []).append(candidate)
                else:
                    group.anyhow.append(candidate)
        self._automaton = _automaton(groups)
        self._loose = _automaton(loose)
        self.size = order
        # Compiled source patterns of the forms met so far, kept with the index so that
        # a large termbase does not thrash a shared cache (see match.find_terms).
        self.patterns: dict[tuple[str, bool, bool], re.Pattern[str]] = {}

    def hits(self, text: str, folded: str) -> Iterator[tuple[Candidate, int]]:
        """Each form that can match ``text`` (``folded`` is its case-folding) and where to try it.

        The position is the start of the hyphenated word in which the form's first
        word begins; a form comes once per such word, in no particular order.
        """
        if self._automaton is None or not text:
            return
        where = Marked(text, folded)
        seen: set[tuple[int, int]] = set()
        for end, group in self._automaton.iter(where.text):
            # Four more letters after the first word: only a closed compound can still match
            # ("Abkommensverhandlungen"); an ending has at most three.
            compound_only = where.text[end + 1 : end + 5].isalnum() and end + 5 <= len(where.text)
            candidates: list[Candidate] = group.anyhow
            if group.by_second and not compound_only:
                at = where.next_word(end)
                if at >= 0:
                    candidates = candidates + [
                        candidate
                        for size in range(1, _SECOND + 1)
                        for candidate in group.by_second.get(where.text[at : at + size], ())
                    ]
            begin = -1
            for candidate in candidates:
                if compound_only and not candidate.compound:
                    continue
                if begin < 0:
                    begin = where.chunk(end - group.length + 1)
                if (candidate.order, begin) in seen:
                    continue
                seen.add((candidate.order, begin))
                if all(word in folded for word in candidate.others):
                    yield candidate, begin

    def anywhere(self, folded: str) -> Iterator[Candidate]:
        """The forms not starting with a letter or digit whose words all occur in ``folded``."""
        if self._loose is None:
            return
        seen: set[int] = set()
        for _end, group in self._loose.iter(folded):
            for candidate in group.anyhow:
                if candidate.order not in seen and all(word in folded for word in candidate.others):
                    seen.add(candidate.order)
                    yield candidate


def _automaton(groups: dict[str, _Group]) -> ahocorasick.Automaton | None:
    if not groups:
        return None
    automaton = ahocorasick.Automaton()
    for key, group in groups.items():
        automaton.add_word(key, group)
    automaton.make_automaton()
    return automaton


def source_index(glossary: Glossary, lang: str | None = None) -> SourceIndex:
    """The index of ``glossary``'s source forms in ``lang`` (default its source), built once per glossary."""
    lang = lang or glossary.source
    key = f"source-index:{lang}"
    index = glossary.derived.get(key)
    if not isinstance(index, SourceIndex):
        index = glossary.derived[key] = SourceIndex(glossary.entries, lang)
    return index
