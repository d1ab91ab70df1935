"""The source index of a termbase: which entries can start where in a text, found in one pass.

Matching (:mod:`translate.glossary.match`) decides with one regular expression
per form whether an entry occurs. Trying every form against every sentence
costs time in proportion to the termbase, so a :class:`SourceIndex` names, for
a text, the forms that can match and where each must be tried.

A term starts where a word starts: at a letter or digit that follows no word
character (a space, punctuation, or the hyphen of a compound such as
``EU-Freihandelsabkommen``). The index marks every such place in the
case-folded text, with its white space squeezed to single spaces
(:class:`Marked`), and keeps one Aho-Corasick automaton over *keys* that can
only occur where a form can begin, so one pass over the text finds each form
whose key begins at a word start:

* a form of one word is keyed by that word (``Abkommen`` in ``Abkommens``,
  but not in ``Handelsabkommen``);
* a form of several words by its first word with each ending that word may
  take (:func:`inflections`), one space and the first characters of its
  second word (``mittelständischen Unt``), so a form whose first word is in
  the text but not followed by its second word costs nothing: the automaton
  never reports it. Its further words must occur in the text (a substring test).

The exact rule then runs once per remaining form and place, anchored at the
start of the hyphenated word holding the hit (see ``match.find_terms``), so the
result is what trying every form over the whole text gives, at a cost that
follows the text and what it holds, not the size of the termbase.

The index is built once per glossary and language (:func:`source_index`
keeps it) and never per sentence.

The automaton is ``ahocorasick-rs``'s contiguous NFA: its states lie in one
flat array, so a pass over the 270,000 keys of a 100,000-entry termbase costs
about 4 µs a sentence of the WMT23 test set against about 1 µs over a few
hundred keys. pyahocorasick's trie, whose children are reached through
pointers, took 10 to 18 µs there: the entries that never matched cost time.
The library's DFA is slower still on such a termbase and takes some 750 MB more.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Iterator

import ahocorasick_rs

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


_FEMININE = ("ung", "heit", "keit", "schaft", "ion", "tät", "ik", "ur", "ei")
GENITIVE = ("s",)  # the one ending of a name (``keep``), on its last word
PLURAL = ("s", "es")  # the endings of every word outside German


def german_endings(word: str) -> tuple[str, ...]:
    """The inflection endings a German word of this shape can take, in the order they are tried.

    Deliberately narrow, because a wrong match forces a term where it does not
    belong: ``Handel`` takes ``-s`` but not ``-n`` (``Handeln`` is another
    word). Umlaut plurals (``Märkte``) and the like are listed as forms. The
    matcher's rule (``match.german_ending``) and the index's keys both come
    from here, so the index never misses an ending the rule accepts.
    """
    if len(word) < 4 or not word[-1].isalpha():
        return ()
    lower = word.lower()
    if not word[0].isupper():  # adjectives and other lower-case words
        return ("m", "n", "r", "s") if lower.endswith("e") else ("e", "em", "en", "er", "es")
    if lower.endswith(_FEMININE):
        return ("en",)
    if lower.endswith("e"):
        return ("n", "ns", "s")
    if lower.endswith(("en", "em", "el")):
        return ("s",)
    if lower.endswith("er"):
        return ("s", "n")
    if lower.endswith(("s", "ß", "x", "z")):
        return ("es", "e", "en", "er", "ern")
    return ("s", "es", "e", "en", "er", "ern")


def inflections(word: str, keep: bool, german: bool, last: bool) -> tuple[str, ...]:
    """The endings the rule lets ``word`` of a form take (``last``: the form's last word)."""
    if keep:
        return GENITIVE if last else ()
    return german_endings(word) if german else PLURAL


class Rule:
    """How one form is decided at a place: its pattern, and shortcuts for a one-word form.

    A form of one word of letters and digits (``surfaces`` not None) matches a
    hyphenated word of the text as a whole, so where that word is one part
    (no hyphen, no underscore) most places are decided without the pattern:
    the word is the form with one of its endings, letter for letter
    (``surfaces``: matched, term and match the whole word); or its length is
    none the rule allows (``lengths``, None for a form that may start a closed
    compound); or it does not begin with the letter a case rule fixes
    (``first``). Anything else (other cases of letters, compounds, hyphens)
    is left to the pattern, whose answer these shortcuts only ever repeat.

    A form of two such words (``pair`` not None, each word's inflected forms)
    matches where the text holds one of each, letter for letter, one space
    between them and nothing joined to either by a hyphen: the match and term
    are those two words. Otherwise the pattern decides.
    """

    __slots__ = ("id", "pattern", "surfaces", "lengths", "first", "pair")

    def __init__(self, entry_id: str, pattern: re.Pattern[str], surfaces: frozenset[str] | None,
                 lengths: frozenset[int] | None, first: str | None,
                 pair: tuple[frozenset[str], frozenset[str]] | None) -> None:
        self.id = entry_id  # the entry's, at hand: its entry lies elsewhere in memory
        self.pattern = pattern
        self.surfaces = surfaces
        self.lengths = lengths
        self.first = first
        self.pair = pair


class Candidate:
    """One form of one entry (``order`` is its place in the glossary's order).

    Its attributes are slots, and its rule (what matching made of it, see
    :class:`Rule`) is kept on it: a large termbase's candidates lie all over
    memory, and each one named for a text costs a few cache misses; one object
    with its fields inline costs the fewest.
    """

    __slots__ = ("order", "entry", "form", "others", "compound", "rule")

    def __init__(self, order: int, entry: Entry, form: str, others: tuple[str, ...], compound: bool) -> None:
        self.order = order
        self.entry = entry
        self.form = form
        self.others = others  # its words not in its key, case-folded: each must occur in the text
        self.compound = compound  # may start a closed compound (see starts_compound)
        self.rule: Rule | None = None  # made by the matcher the first time the index names it


_START = re.compile(r"\b(?=[^\W_])")  # a letter or digit after no word character


class Marked:
    """A text case-folded, white space squeezed, with :data:`MARK` before every place a term can start.

    A term can start at a letter or digit that follows no word character (a
    space, punctuation, or the hyphen in ``EU-Freihandelsabkommen``); its
    regular expression is then tried where the hyphenated word around it (its
    chunk) begins: :meth:`chunk` says where that is in the original text.
    """

    def __init__(self, text: str) -> None:
        self.original = text
        squeezed = _squeezed(text)  # the keys of forms of several words hold one space
        marked = MARK.join(_START.split(squeezed))
        self.text = marked.casefold()
        # Unless squeezing or case-folding ("ß" -> "ss") moved characters, a place in the
        # text is its place in ``original`` plus the marks before it.
        self._moved = len(squeezed) != len(text) or len(self.text) != len(marked)
        self._starts: list[int] | None = None

    def chunk(self, mark: int) -> int:
        """Where, in the original text, the hyphenated word whose part starts at ``mark`` begins."""
        before = self.text.count(MARK, 0, mark)
        if self._moved:
            if self._starts is None:
                self._starts = [found.start() for found in _START.finditer(self.original)]
            at = self._starts[before]
        else:
            at = mark - before
        text = self.original
        if not at or text[at - 1] != "-":  # a word start follows no word character: only a hyphen joins
            return at
        while at and (text[at - 1] == "-" or (text[at - 1].isalnum() or text[at - 1] == "_")):
            at -= 1
        return at


def _squeezed(text: str) -> str:
    """``text`` with each run of white space one space and none at either end.

    Every white-space character but the space is unprintable, so a printable text
    without a double space or one at an end is already squeezed (the common case).
    """
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def marked(text: str) -> Marked:
    """``text`` marked for the index (see :class:`Marked`)."""
    return Marked(text)


def _marked_text(text: str) -> str:
    """``marked(text).text`` without the rest of a :class:`Marked` (for the keys, made by the hundred thousand)."""
    return MARK.join(_START.split(_squeezed(text))).casefold()


_SECOND = 3  # a key of a form of several words holds this many characters of its second word


def _key(word: str) -> str:
    """What the marked text holds where ``word`` starts (``""`` unless it starts with a letter or digit)."""
    return _marked_text(word) if word[:1].isalnum() else ""


def _pair_keys(words: list[str], keep: bool, german: bool) -> list[str]:
    """The keys of a form of several words: its first word, inflected each way, a space, its second word's start."""
    first = words[0]
    keys = []
    for ending in ("", *inflections(first, keep, german, last=False)):
        head = _marked_text(first + ending)
        keys.append(_marked_text(f"{first}{ending} {words[1]}")[: len(head) + 2 + _SECOND])
    return keys


class _Slot:
    """What the automaton reports for one key: the forms to try where it is found."""

    __slots__ = ("forms", "compounds", "word")

    def __init__(self, word: bool) -> None:
        self.word = word  # the key is a form of one word (else of the first words of forms of several)
        self.forms: list[Candidate] = []  # tried wherever the key starts a word
        # Tried where the key is followed by four more letters, so that only a closed
        # compound can match (None: the same as forms). A key of several words ends
        # inside the second word, so it tries its forms there too.
        self.compounds: list[Candidate] | None = [] if word else None

    def add(self, candidate: Candidate) -> None:
        self.forms.append(candidate)
        if candidate.compound and self.compounds is not None:
            self.compounds.append(candidate)

    def settle(self) -> None:
        """Drop the compound list when it says nothing the form list does not."""
        if self.compounds is not None and len(self.compounds) == len(self.forms):
            self.compounds = None


class SourceIndex:
    """The forms of ``entries`` in ``lang``, keyed as the module says."""

    def __init__(self, entries: Iterable[Entry], lang: str) -> None:
        slots: dict[str, _Slot] = {}
        german = is_german(lang)
        # Forms that do not start with a letter or digit ("(WHO)", ".NET"), keyed by their
        # case-folded first word wherever it occurs: tried over the whole text.
        loose: dict[str, _Slot] = {}
        order = 0
        for entry in entries:
            for form in entry.source_forms(lang):
                words = form.split()
                if not words:
                    continue
                first = _key(words[0])
                pairs = _pair_keys(words, entry.keep, german) if first and len(words) > 1 else []
                candidate = Candidate(order, entry, form,
                                      tuple(word.casefold() for word in words[2 if pairs else 1 :]),
                                      starts_compound(form, entry.keep, german))
                order += 1
                if not first:
                    word = words[0].casefold()
                    loose.setdefault(word, _Slot(True)).add(candidate)
                elif pairs:
                    for key in pairs:
                        slots.setdefault(key, _Slot(False)).add(candidate)
                else:
                    slots.setdefault(first, _Slot(True)).add(candidate)
        self._automaton = _automaton(slots)
        self._loose = _automaton(loose)
        # A text holding none of the loose keys' first characters holds none of them: one
        # search for those characters spares most texts the pass (see anywhere).
        firsts = "".join(sorted({word[0] for word in loose}))
        self._loose_firsts = re.compile(f"[{re.escape(firsts)}]") if firsts else None
        self.german = german
        self.size = order

    def places(self, text: str) -> list[tuple[list[Candidate], int, bool]]:
        """Where in ``text`` which forms can match: ``(forms, place, one word)`` for each key found.

        A place is the start of the hyphenated word in which the key begins, in
        the order the keys are found (a form can come more than once at one place).
        ``one word``: the forms are of one word (else of several, each holding the key's).
        """
        if self._automaton is None or not text:
            return []
        automaton, numbers, slots = self._automaton
        where = Marked(text)
        marks = where.text
        size = len(marks)
        chunk = where.chunk
        found: list[tuple[list[Candidate], int, bool]] = []
        # Every key found, overlapping ones too, as (key, start, end) in characters.
        for key, start, end in automaton.find_matches_as_indexes(marks, overlapping=True):
            slot = slots[numbers[key]]
            forms = slot.forms
            # Four more letters after the key: only a closed compound can still match
            # ("Abkommensverhandlungen"); an ending has at most three.
            if slot.compounds is not None and end + 4 <= size and marks[end : end + 4].isalnum():
                forms = slot.compounds
                if not forms:
                    continue
            found.append((forms, chunk(start), slot.word))
        return found

    def anywhere(self, folded: str) -> Iterator[Candidate]:
        """The forms not starting with a letter or digit whose words all occur in ``folded``."""
        if self._loose is None or self._loose_firsts is None or self._loose_firsts.search(folded) is None:
            return
        automaton, numbers, slots = self._loose
        seen: set[int] = set()
        for key, _start, _end in automaton.find_matches_as_indexes(folded, overlapping=True):
            for candidate in slots[numbers[key]].forms:
                if candidate.order not in seen and all_in(candidate.others, folded):
                    seen.add(candidate.order)
                    yield candidate


def all_in(words: tuple[str, ...], folded: str) -> bool:
    """Whether each of ``words`` occurs in ``folded``."""
    for word in words:
        if word not in folded:
            return False
    return True


_Automaton = tuple[ahocorasick_rs.AhoCorasick, "array[int]", list[_Slot]]


def _automaton(slots: dict[str, _Slot]) -> _Automaton | None:
    """An automaton over the keys of ``slots``; the slot of the key numbered ``k`` is ``slots[numbers[k]]``.

    The automaton numbers the keys in sorted order, which keeps the states of keys
    that share a beginning together, as they were in the trie before. The slots stay in
    the order they were made, and an array (which the garbage collector does
    not walk) maps one to the other: a list of the slots in sorted order would
    send each full collection to them in random order, and one such collection
    took 0.45 s instead of 0.15 s at 100,000 entries. The contiguous NFA is
    named rather than left to the library's choice, so that memory and speed
    do not jump from one kind of automaton to another as the termbase grows.
    """
    if not slots:
        return None
    made = list(slots)
    for key in made:
        slots[key].settle()
    # Made before the automaton, and nothing else kept: its build is when memory peaks.
    numbers = array("l", sorted(range(len(made)), key=made.__getitem__))
    automaton = ahocorasick_rs.AhoCorasick((made[number] for number in numbers),
                                           implementation=ahocorasick_rs.Implementation.ContiguousNFA)
    return automaton, numbers, [slots[key] for key in made]


def source_index(glossary: Glossary, lang: str | None = None) -> SourceIndex:
    """The index of ``glossary``'s source forms in ``lang`` (default its source), built once per glossary."""
    lang = lang or glossary.source
    key = f"source-index:{lang}"
    index = glossary.derived.get(key)
    if not isinstance(index, SourceIndex):
        index = glossary.derived[key] = SourceIndex(glossary.entries, lang)
    return index
