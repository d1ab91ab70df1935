"""Finding glossary terms in text.

Source matching (:func:`find_terms`) knows German word formation:

* inflection: each word of four letters or more may take the endings its
  shape allows (``Freihandelsabkommens``, ``mittelständischen Unternehmen``,
  see :func:`german_ending`); names (``keep``) take only the genitive ``s``;
* compounds: a term may be preceded or followed by hyphenated parts
  (``EU-Freihandelsabkommen``, ``E-Commerce-Plattform``) and a one-word term
  of seven letters or more may start a closed compound
  (``Freihandelsabkommensverhandlungen``). The
  term is never found in the *middle or end* of a closed compound, so
  ``Handelsbeschränkungen`` is not ``Beschränkungen``, and never inside an
  unrelated word (``Amazonas`` is not ``Amazon``, ``Trumpf`` not ``Trump``);
* case: case-insensitive unless the entry says ``case_sensitive``, except that
  a capitalised German term (a noun) never matches a lower-case word
  (``riesengroß`` is not ``Riese``);
* protected text: nothing inside URLs, e-mail addresses, domain names, inline
  or fenced code, identifiers or ``#PLACEHOLDER#`` tokens is ever matched;
* overlaps: the longest match wins (``Enrique Pena Nieto`` over ``Nieto``).

Target matching (:func:`find_renderings`) is looser on purpose: it decides
whether a translation *contains* an accepted rendering and accepts a plural
``s``/``es`` on any word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter

from translate.glossary.index import (
    GENITIVE,
    PLURAL,
    Candidate,
    Rule,
    all_in,
    german_endings,
    inflections,
    is_german,
    source_index,
    starts_compound,
)
from translate.glossary.model import Entry, Glossary


def _group(endings: tuple[str, ...]) -> str:
    """``endings`` as an optional regex group, tried in their order (``""`` for none)."""
    return f"(?:{'|'.join(endings)})?" if endings else ""


_WORD = r"[^\W_]"  # a letter or digit
_GENITIVE = _group(GENITIVE)
_LINKING = r"(?:s|es|n|en)?"  # Fugenelement before the rest of a closed compound
_PLURAL = _group(PLURAL)

_DOMAINS = (
    r"(?:com|org|net|de|at|ch|es|mx|io|eu|info|gov|edu|uk|fr|it|nl|co|us|tv|ai|app|dev|news|shop|online)\b"
)
_PROTECTED = re.compile(
    r"```.*?(?:```|\Z)"  # fenced code
    r"|`[^`\n]+`"  # inline code
    r"|<[^>\n]+>"  # HTML/XML tags and autolinks
    r"|\b(?:https?|ftp)://\S+|\bwww\.\S+"  # URLs
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail addresses
    rf"|(?<![\w.])(?:[\w-]+\.)+{_DOMAINS}(?:/\S*)?"  # domain names and paths on them
    r"|#[A-Z][A-Z_]*#"  # anonymisation placeholders (#PRS_ORG#)
    r"|\S*(?:_|\\|::)\S*",  # identifiers and paths: snake_case, C:\dir, mod::item
    re.DOTALL,
)
# What every protected span contains: a text with none of these has none (the common case).
_PROTECTED_SIGNS = ("`", "<", "@", "#", "_", "\\", "://", "www.", "::")
_DOMAIN_END = re.compile(rf"\.{_DOMAINS}")


@dataclass(frozen=True)
class Match:
    """One occurrence of an entry in a text."""

    entry: Entry
    start: int  # the whole word(s), compound parts included
    end: int
    text: str  # what the text says there, e.g. "EU-Freihandelsabkommens"
    term_start: int  # the part that is the term itself (for alignment)
    term_end: int


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` that are code, URLs or identifiers and must stay untouched."""
    for sign in _PROTECTED_SIGNS:  # a loop, not any(...): a generator costs more than the tests
        if sign in text:
            break
    else:
        if _DOMAIN_END.search(text) is None:
            return []
    return [match.span() for match in _PROTECTED.finditer(text)]


def german_ending(word: str) -> str:
    """The inflection endings a German word of this shape can take (a regex group).

    Deliberately narrow, because a wrong match forces a term where it does not
    belong: ``Handel`` takes ``-s`` but not ``-n`` (``Handeln`` is another
    word). Umlaut plurals (``Märkte``) and the like are listed as forms. The
    endings themselves are :func:`translate.glossary.index.german_endings`,
    which the index's keys are made of too.
    """
    return _group(german_endings(word))


@lru_cache(maxsize=4096)
def _source_pattern(form: str, case_sensitive: bool, keep: bool, german: bool) -> re.Pattern[str]:
    words = form.split()
    if keep:
        parts = [re.escape(word) for word in words]
        parts[-1] = parts[-1] + _GENITIVE
    else:
        parts = [re.escape(word) + (german_ending(word) if german else _PLURAL) for word in words]
    core = r"\s+".join(parts)
    if not case_sensitive:
        if german and form[0].isupper():
            # A German noun never starts lower case: "riesengroß" is no "Riese",
            # "weltweit" no "Welt". Capitals (headlines) still match.
            core = f"{re.escape(form[0])}(?i:{core[len(re.escape(form[0])):]})"
        else:
            core = f"(?i:{core})"
    closed = ""
    if starts_compound(form, keep, german):
        # The rest of a closed compound is lower case: Freihandelsabkommens|verhandlungen.
        # Short terms never start one: "Mitteilung" is no "Mitte".
        closed = f"(?:{_LINKING}[a-zäöüß]{{4,}})?"
    return re.compile(
        rf"(?<![\w-])(?P<pre>(?:{_WORD}+-)*)(?P<term>{core}){closed}(?:-{_WORD}+)*(?![\w-])"
    )


def _overlaps(span: tuple[int, int], spans: Sequence[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)


def find_terms(glossary: Glossary, text: str, lang: str | None = None) -> list[Match]:
    """Every glossary term in source ``text`` (written in ``lang``, default the glossary's source).

    Only the forms the glossary's index names are tried, each where the index
    says it can begin, so the cost follows the text, not the size of the termbase.
    The result is what :func:`find_entries` gives with every entry.
    """
    lang = lang or glossary.source
    folded = text.casefold()
    index = source_index(glossary, lang)
    german = index.german
    found: list[_Found] = []
    phrases: dict[int, tuple[Candidate, list[int]]] = {}
    seen: set[int] = set()  # order * stride + place of each form of one word tried in a hyphenated word
    stride = len(text) + 1
    for forms, begin, word in index.places(text):
        if not word:
            for candidate in forms:
                listed = phrases.get(candidate.order)
                if listed is not None:
                    listed[1].append(begin)
                elif not candidate.others or all_in(candidate.others, folded):
                    phrases[candidate.order] = (candidate, [begin])
            continue
        # A form of one word matches the hyphenated word at ``begin`` as a whole or not at all.
        stop = _RUN.match(text, begin).end()  # type: ignore[union-attr]  # [\w-]* always matches
        chunk = text[begin:stop]
        simple = "-" not in chunk and "_" not in chunk  # one part: its key is found once there
        for candidate in forms:
            order = candidate.order
            rule = candidate.rule or _rule_of(candidate, german)
            surfaces = rule.surfaces
            if simple and surfaces is not None:
                # What the rule says of a word of one part, without its pattern (see Rule).
                if chunk in surfaces:
                    found.append((begin - stop, begin, rule.id, order, stop, begin, stop, candidate.entry))
                    continue
                if rule.lengths is not None and len(chunk) not in rule.lengths:
                    continue
                if rule.first is not None and chunk[0] != rule.first:
                    continue
            elif not simple:
                tried = order * stride + begin
                if tried in seen:
                    continue
                seen.add(tried)
            hit = rule.pattern.match(text, begin)
            if hit is not None:
                found.append(_found(order, hit, candidate.entry))
    for order, (candidate, begins) in phrases.items():
        rule = candidate.rule or _rule_of(candidate, german)
        pair = rule.pair
        reached = -1  # as finditer goes: a match never starts inside the previous one
        for begin in begins if len(begins) == 1 else sorted(begins):
            if begin < reached:
                continue
            if pair is not None:
                stop = _end_of_pair(text, begin)
                first, space, second = text[begin:stop].partition(" ")
                if first in pair[0] and second in pair[1]:  # see Rule
                    found.append((begin - stop, begin, rule.id, order, stop, begin, stop, candidate.entry))
                    reached = stop
                    continue
            hit = rule.pattern.match(text, begin)
            if hit is not None:
                found.append(_found(order, hit, candidate.entry))
                reached = hit.end()
            else:
                reached = begin + 1  # the same place again fails again
    for candidate in index.anywhere(folded):
        pattern = (candidate.rule or _rule_of(candidate, german)).pattern
        found.extend(_found(candidate.order, hit, candidate.entry) for hit in pattern.finditer(text))
    return _matched(found, text)


def _rule_of(candidate: Candidate, german: bool) -> Rule:
    """The rule of ``candidate``, made (and its pattern compiled) the first time the index names it."""
    entry = candidate.entry
    form = candidate.form
    pattern = _source_pattern(form, entry.case_sensitive, entry.keep, german)
    surfaces = lengths = first = pair = None
    if form.isalnum():  # one word of letters and digits (\w but "_"): nothing else in the pattern's term
        surfaces = _inflected(form, entry.keep, german, last=True)
        if not starts_compound(form, entry.keep, german):
            lengths = frozenset(len(word) for word in surfaces)
        if entry.case_sensitive or (german and form[0].isupper()):
            first = form[0]  # the pattern's first letter is not under (?i)
    else:
        words = form.split(" ")
        if len(words) == 2 and words[0].isalnum() and words[1].isalnum():
            pair = (_inflected(words[0], entry.keep, german, last=False),
                    _inflected(words[1], entry.keep, german, last=True))
    rule = candidate.rule = Rule(entry.id, pattern, surfaces, lengths, first, pair)
    return rule


def _inflected(word: str, keep: bool, german: bool, last: bool) -> frozenset[str]:
    """``word`` and ``word`` with each ending the rule lets it take."""
    return frozenset([word, *(word + ending for ending in inflections(word, keep, german, last))])


_RUN = re.compile(r"[\w-]*")  # a hyphenated word: from a place on, what is word or hyphen
_PAIR = re.compile(r"[\w-]*\s+[\w-]*")  # two of them and the white space between


def _end_of_pair(text: str, begin: int) -> int:
    """Where the second hyphenated word from ``begin`` ends (``begin`` if no white space follows the first)."""
    found = _PAIR.match(text, begin)
    return begin if found is None else found.end()


def find_entries(entries: Iterable[Entry], text: str, lang: str) -> list[Match]:
    """Every term of ``entries`` in ``text``, trying each of their forms (for a few entries)."""
    folded, german = text.casefold(), is_german(lang)
    forms = ((entry, form) for entry in entries for form in entry.source_forms(lang))
    found: list[_Found] = []
    for order, (entry, form) in enumerate(forms):
        # Cheap pre-check before the regular expression: the first word's
        # first four letters must be in the text somewhere.
        if form[:4].casefold() in folded:
            pattern = _source_pattern(form, entry.case_sensitive, entry.keep, german)
            found.extend(_found(order, hit, entry) for hit in pattern.finditer(text))
    return _matched(found, text)


# One match before overlaps are resolved, ranked as it is to be chosen: longest first
# (start - end), then earliest, then the entry with the smaller id, then the earlier form
# (order); then its end, term start and term end, and the entry. A form is matched at most
# once at a place, so no two share start and order and no entries are ever compared.
_Found = tuple[int, int, str, int, int, int, int, Entry]


def _found(order: int, hit: re.Match[str], entry: Entry) -> _Found:
    start, end = hit.span()
    return (start - end, start, entry.id, order, end, *hit.span("term"), entry)


def _matched(found: list[_Found], text: str) -> list[Match]:
    """The matches of ``found`` outside protected text, overlaps resolved.

    The longest match wins; of equally long ones the earlier, then the entry with
    the smaller id, then the earlier form. A :class:`Match` is made only for the winners.
    """
    if not found:
        return []
    protected = protected_spans(text)
    if protected:
        found = [item for item in found if not _overlaps((item[1], item[4]), protected)]
    if len(found) > 1:
        found.sort()
    chosen: list[_Found] = []
    for item in found:
        start, end = item[1], item[4]
        for other in chosen:
            if start < other[4] and other[1] < end:
                break
        else:
            chosen.append(item)
    if len(chosen) > 1:
        chosen.sort(key=_BY_START)
    return [Match(entry, start, end, text[start:end], term_start, term_end)
            for _length, start, _id, _order, end, term_start, term_end, entry in chosen]


_BY_START = itemgetter(1)  # a found match's start


@lru_cache(maxsize=4096)
def _target_pattern(form: str, case_sensitive: bool, keep: bool) -> re.Pattern[str]:
    words = form.split()
    if keep:
        parts = [re.escape(word) for word in words]
    else:
        parts = [re.escape(word) + (_PLURAL if len(word) >= 3 and word[-1].isalpha() else "") for word in words]
    core = r"\s+".join(parts)
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile(rf"(?<![^\W_]){core}(?![^\W_])", flags)


def find_renderings(entry: Entry, forms: Iterable[str], text: str) -> list[tuple[int, int]]:
    """Non-overlapping spans in ``text`` where one of ``forms`` of ``entry`` appears."""
    spans: list[tuple[int, int]] = []
    for form in sorted(set(forms), key=len, reverse=True):
        for found in _target_pattern(form, entry.case_sensitive, entry.keep).finditer(text):
            if not _overlaps(found.span(), spans):
                spans.append(found.span())
    return sorted(spans)


@dataclass(frozen=True)
class Rendering:
    """How an entry is rendered in a translation: accepted and forbidden spans."""

    accepted: list[tuple[int, int]]
    forbidden: list[tuple[int, int]]


def renderings(entry: Entry, text: str, lang: str, source: str, input_lang: str | None = None) -> Rendering:
    """Accepted and forbidden renderings of ``entry`` in ``text`` (written in ``lang``).

    With ``input_lang`` (the language the text was translated from), the
    entry's terms in that language count as forbidden too when they differ
    from every accepted rendering: a term copied untranslated into the output
    ("Freihandelsabkommen", or "Nieto" where "Peña Nieto" is wanted) is wrong.
    """
    accepted = find_renderings(entry, entry.accepted(lang, source), text)
    wrong = list(entry.forbidden.get(lang, ()))
    if input_lang is not None and input_lang != lang:
        allowed = {form.casefold() for form in entry.accepted(lang, source)}
        wrong += [form for form in entry.accepted(input_lang, source) if form.casefold() not in allowed]
    forbidden = [span for span in find_renderings(entry, wrong, text) if not _overlaps(span, accepted)]
    return Rendering(accepted, forbidden)


def satisfied_count(entry: Entry, occurrences: int, text: str, lang: str, source: str) -> int:
    """How many of ``occurrences`` of ``entry`` the translation ``text`` renders correctly.

    Each correct rendering counts once; each forbidden rendering takes one away.
    """
    found = renderings(entry, text, lang, source)
    return max(0, min(len(found.accepted), occurrences - len(found.forbidden)))
