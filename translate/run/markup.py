"""Inline markup that the model never sees: strip it, translate, project it back.

A sentence of a unit carries its inline Markdown as markers (see
:mod:`translate.documents.inline`): a *pair* ``<N>`` … ``</M>`` around words
(emphasis, strong, a link's label, a short code span's text) or a *void*
``<N/>`` where an element with no translatable words stood (an image, a
footnote reference, an HTML tag). A marker whose partner is in another
sentence counts as a void here. The
model gets the plain sentence; :func:`strip` removes the markers and records
where each stood. :func:`project` puts them into the translation, from the
evidence at hand, strongest first:

1. **copy** — the words a pair wraps occur exactly once, unchanged, in the
   translation (names, numbers, identifiers, code): the pair wraps them there;
2. **alone** — the words translated on their own (when the caller did so)
   occur once in the translation: the pair wraps them there (Argos
   Translate's method);
3. **attention** — each target piece takes the markup of the source piece it
   attends to most (the pieces of one word follow its first piece, as
   Bergamot does); a pair wraps the first to the last target word that took
   it, a void follows the word aligned to the source word before it;
4. **position** — without any of these (no attention, nothing aligned), the place
   proportional to the source's, on a word boundary.

Pairs stay properly nested (an inner pair is clamped into its outer one,
siblings never overlap), so whatever the model does, every marker comes back
exactly once, inside its own sentence, and removing the markers from the
result gives the model's translation of the plain sentence unchanged.
:class:`Projected` records which method placed each marker.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

__all__ = ["Mark", "Marked", "Projected", "project", "strip"]

_MARKER = re.compile(r"<(/?)(\d{1,4})(/?)>")

COPY = "copy"
ALONE = "alone"
ATTENTION = "attention"
EDGE = "edge"  # a void at the very start or end of the sentence stays there
POSITION = "position"


@dataclass(frozen=True)
class Mark:
    """Marker ``index`` stood at character ``offset`` of the plain sentence."""

    index: int
    offset: int
    text: str = ""  # the marker as written: <N>, </N> or <N/>
    gap: str = ""  # between it and the marker before it: "" when adjacent, else spaces ("words": one)
    spaced: tuple[bool, bool] = (False, False)  # whether a space stood right before / after it

    @property
    def written(self) -> str:
        return self.text or f"<{self.index}>"


@dataclass(frozen=True)
class Marked:
    plain: str
    marks: tuple[Mark, ...]
    partners: Mapping[int, int] = field(default_factory=dict)  # opening marker → its closing one

    @property
    def has_marks(self) -> bool:
        return bool(self.marks)


@dataclass
class Projected:
    """The translation with its markers, and how each marker was placed."""

    text: str
    methods: dict[int, str] = field(default_factory=dict)  # marker index → copy/attention/position


def strip(sentence: str) -> Marked:
    """The plain sentence and where its markers stood.

    A marker between two spaces leaves one space, so the model sees ordinary
    spacing; markers at the edges of the sentence stand at its ends.
    """
    parts: list[str] = []
    marks: list[Mark] = []
    partners: dict[int, int] = {}
    opened: list[int] = []
    length = 0
    position = 0
    previous_end = -1
    for match in _MARKER.finditer(sentence):
        between = sentence[previous_end : match.start()] if previous_end >= 0 else "x"
        # Markers that land together later keep what separated them: its spaces, or one space
        # for words (two code spans must not merge into one).
        gap = "" if not between else between if not between.strip() else " "
        previous_end = match.end()
        number = int(match.group(2))
        if match.group(1):
            if opened:
                partners[opened.pop()] = number
        elif not match.group(3):
            opened.append(number)
        text = sentence[position : match.start()]
        if text.startswith(" ") and parts and parts[-1].endswith(" "):
            text = text[1:]  # "den <0> Unternehmen" → "den Unternehmen"
        if not parts and not marks:
            text = text.lstrip(" ")
        parts.append(text)
        length += len(text)
        spaced = (sentence[match.start() - 1 : match.start()].isspace(), sentence[match.end() : match.end() + 1].isspace())
        marks.append(Mark(number, length, match.group(), gap, spaced))
        position = match.end()
    tail = sentence[position:]
    if tail.startswith(" ") and parts and parts[-1].endswith(" "):
        tail = tail[1:]
    parts.append(tail)
    plain = "".join(parts)
    if plain.endswith(" ") and marks:
        trimmed = plain.rstrip(" ")
        marks = [Mark(m.index, min(m.offset, len(trimmed)), m.text, m.gap, m.spaced) for m in marks]
        plain = trimmed
    return Marked(plain, tuple(marks), partners)


@dataclass(frozen=True)
class _Unit:
    """A target word (its pieces) or a punctuation piece: what markup attaches to."""

    start: int  # characters in the translation
    end: int
    source: int  # the source piece its first piece attends to most, -1 when unknown
    weights: tuple[float, ...] = ()  # its first piece's attention over the source pieces


def _units(
    spans: Sequence[tuple[int, int]], text: str, attention: Sequence[Sequence[float]] | None
) -> list[_Unit]:
    units: list[_Unit] = []
    for index, (start, end) in enumerate(spans):
        if start == end:
            continue
        row = tuple(attention[index]) if attention is not None and index < len(attention) else ()
        aligned = max(range(len(row)), key=row.__getitem__) if row else -1
        previous = units[-1] if units else None
        joined = previous is not None and previous.end == start and text[start:end][:1].isalnum() \
            and text[previous.end - 1 : previous.end].isalnum()
        if joined and previous is not None:  # a word's later piece follows its first piece
            units[-1] = _Unit(previous.start, end, previous.source, previous.weights)
        else:
            units.append(_Unit(start, end, aligned, row))
    return units


def _attended(units: Sequence[_Unit], inside: set[int]) -> tuple[int, int] | None:
    """The run of target units that renders the source pieces ``inside``.

    Each unit scores ``2 m - 1``, ``m`` being its attention mass on ``inside``
    (positive where most of it falls there); the best-scoring contiguous run
    wins, so a stray word that glances at the span does not stretch it.
    Without any positive unit, the one unit with the most mass.
    """
    if not inside or not any(unit.weights for unit in units):
        return None
    mass = [sum(w for i, w in enumerate(unit.weights) if i in inside) for unit in units]
    best, best_range = 0.0, None
    total, start = 0.0, 0
    for index, value in enumerate(mass):
        if total <= 0:
            total, start = 0.0, index
        total += 2 * value - 1
        if total > best:
            best, best_range = total, (start, index + 1)
    if best_range is None:
        top = max(range(len(mass)), key=mass.__getitem__)
        best_range = (top, top + 1) if mass[top] > 0 else None
    return best_range


def _alone(translation: str, rendering: str, units: Sequence[_Unit], words: int) -> tuple[int, int] | None:
    """The span translated on its own, found in the whole translation.

    Models trained on sentences may run on after a lone phrase, and add
    articles a phrase does not have in context, so the longest run of words
    from the first ``3 words + 2`` of ``rendering`` (a compound may become
    several words) that occurs exactly once in the translation is taken; case
    and trailing punctuation are ignored, and a word may differ in its ending
    (``deals`` for ``deal``).
    """
    tokens = [w.strip(".,;:!?¿¡\"'()").lower() for w in rendering.split()][: 3 * words + 2]
    tokens = [t for t in tokens if t]
    texts = [translation[unit.start:unit.end].lower() for unit in units]
    for size in range(len(tokens), 0, -1):
        for offset in range(len(tokens) - size + 1):
            phrase = tokens[offset : offset + size]
            found = [
                (start, start + size) for start in range(len(texts) - size + 1)
                if all(_same_word(phrase[k], texts[start + k]) for k in range(size))
            ]
            if len(found) == 1:
                return found[0]
    return None


def _trim(
    found: tuple[int, int], units: Sequence[_Unit], spans: Sequence[tuple[int, int]], start: int, end: int
) -> tuple[int, int]:
    """Drop what a phrase translated alone brings along from its neighbours.

    On its own, "company" comes out as "la empresa": a leading unit that
    renders a source word before the span (an article), or a trailing one
    that renders a word after it, is not part of the span.
    """
    before = {i for i, (a, b) in enumerate(spans) if a < b and b <= start}
    after = {i for i, (a, b) in enumerate(spans) if a < b and a >= end}
    first, last = found
    while last - first > 1 and units[first].source in before:
        first += 1
    while last - first > 1 and units[last - 1].source in after:
        last -= 1
    return first, last


def _same_word(a: str, b: str) -> bool:
    return a == b or _inflected(a, b)


def _inflected(a: str, b: str) -> bool:
    """Two forms of one word, as far as spelling tells: one starts the other, differing in an ending."""
    short, long = sorted((a, b), key=len)
    return len(short) >= 4 and long.startswith(short) and len(long) - len(short) <= 2


def _pairs(marked: Marked, partners: Mapping[int, int]) -> list[tuple[Mark, Mark]]:
    """The (open, close) marks, outer pairs before the pairs they contain."""
    by_index = {mark.index: mark for mark in marked.marks}
    order = {mark.index: position for position, mark in enumerate(marked.marks)}
    pairs = [(by_index[o], by_index[c]) for o, c in partners.items() if o in by_index and c in by_index
             and order[o] < order[c]]
    return sorted(pairs, key=lambda pair: (order[pair[0].index], -order[pair[1].index]))


def _covered(spans: Sequence[tuple[int, int]], start: int, end: int) -> set[int]:
    """Source pieces inside ``[start, end)`` (a piece counts when its middle is inside)."""
    return {i for i, (a, b) in enumerate(spans) if a < b and start <= (a + b) / 2 < end}


def _copy(text: str, words: str, units: Sequence[_Unit]) -> tuple[int, int] | None:
    """The unit range whose text is exactly ``words``, when it occurs once on unit boundaries."""
    if not words.strip():
        return None
    starts = {unit.start: i for i, unit in enumerate(units)}
    ends = {unit.end: i for i, unit in enumerate(units)}
    found = []
    position = text.find(words)
    while position >= 0:
        first, last = starts.get(position), ends.get(position + len(words))
        if first is not None and last is not None:
            found.append((first, last + 1))
        position = text.find(words, position + 1)
    return found[0] if len(found) == 1 else None


def _proportional(offset: int, length: int, units: Sequence[_Unit]) -> int:
    """The unit at the position proportional to ``offset`` in a source of ``length`` characters."""
    if not units:
        return 0
    return min(len(units) - 1, int(len(units) * offset / max(length, 1)))


def project(
    marked: Marked,
    partners: Mapping[int, int] | None,
    source_spans: Sequence[tuple[int, int]],
    translation: str,
    target_spans: Sequence[tuple[int, int]],
    attention: Sequence[Sequence[float]] | None,
    alone: Mapping[int, str] | None = None,
) -> Projected:
    """``translation`` with the markers of ``marked`` put in (see the module docstring).

    ``partners`` maps each opening marker to its closing one (every other
    marker is void; ``None``: the pairs :func:`strip` found); ``source_spans`` / ``target_spans`` are the character
    spans of the source and target pieces; ``attention`` has, per target
    piece, its attention over the source pieces (``None``: none known).
    ``alone`` may give, per opening marker, the words it wraps translated on
    their own, and per void marker, the word before it translated on its own.
    """
    result = Projected(translation)
    if not marked.marks:
        return result
    partners = marked.partners if partners is None else partners
    units = _units(target_spans, translation, attention)
    if not units:  # nothing to attach to: the markers stand around the whole text
        text = "".join(m.written for m in marked.marks if m.index in partners) + translation
        text += "".join(m.written for m in marked.marks if m.index not in partners)
        result.text = text
        result.methods = {m.index: POSITION for m in marked.marks}
        return result
    ranges: dict[int, tuple[int, int]] = {}  # open marker → unit range [first, last)
    placed: list[tuple[int, int, int, int]] = []  # (source start, end, first, last unit), outer first
    length = len(marked.plain)
    for opener, closer in _pairs(marked, partners):
        words = marked.plain[opener.offset : closer.offset].strip()
        found, method = _copy(translation, words, units), COPY
        if opener.offset == 0 and closer.offset >= length:
            found, method = (0, len(units)), EDGE  # around the whole sentence
        attended = None if found else _attended(units, _covered(source_spans, opener.offset, closer.offset))
        if found is None and alone and opener.index in alone:
            found, method = _alone(translation, alone[opener.index], units, len(words.split())), ALONE
            if found is not None:
                found = _trim(found, units, source_spans, opener.offset, closer.offset)
        if found is None:
            found, method = attended, ATTENTION
        if found is None:
            method = POSITION
        if found is None:
            middle = _proportional((opener.offset + closer.offset) // 2, length, units)
            found = (middle, middle + 1)
        words_at = [any(c.isalnum() for c in translation[u.start : u.end]) for u in units]
        found = _fit(_on_words(found, units, translation), placed, opener.offset, closer.offset, words_at)
        ranges[opener.index] = found
        placed.append((opener.offset, closer.offset, *found))
        result.methods[opener.index] = result.methods[closer.index] = method
    inserts: list[tuple[int, int, str]] = []  # (character, order, marker)
    order = {mark.index: position for position, mark in enumerate(marked.marks)}
    for opener, closer in _pairs(marked, partners):
        first, last = ranges[opener.index]
        inserts.append((units[first].start, order[opener.index], opener.written))
        inserts.append((units[last - 1].end, order[closer.index], closer.written))
    for mark in marked.marks:
        if mark.index in partners or mark.index in partners.values():
            continue
        lone = _alone(translation, alone[mark.index], units, 1) if alone and mark.index in alone else None
        if lone is not None:
            character, method = units[lone[1] - 1].end, ALONE
        else:
            character, method = _void_place(mark, marked, source_spans, units, attention is not None)
        character = _clamp_void(character, mark, ranges, marked, partners, units)
        if not mark.spaced[0] and 0 < character and translation[character - 1] == " " and mark.spaced[1]:
            character -= 1  # it clung to the word before it in the source ("Abkommen[^1] mit")
        inserts.append((character, order[mark.index], mark.written))
        result.methods[mark.index] = method
    result.text = _insert(translation, inserts, marked, partners)
    return result


def _insert(
    translation: str, inserts: Sequence[tuple[int, int, str]], marked: Marked, partners: Mapping[int, int]
) -> str:
    """Put the markers in; markers landing together keep what separated them in the source.

    A void keeps a space it had before or after it (``Blöcke: <0/> mit``), so
    it neither glues to a word nor merges with another element; two markers
    at one place are kept apart unless they touched in the source.
    """
    marks = marked.marks
    paired = set(partners) | set(partners.values())
    text = translation
    at = {marks[position].index: character for character, position, _ in inserts}
    closing = {closer: opener for opener, closer in partners.items()}

    order = {mark.index: position for position, mark in enumerate(marks)}

    def key(item: tuple[int, int, str]) -> tuple[int, int, int, int]:
        # At one place: closers first (the innermost first), then voids, then openers (the outermost first).
        character, position, _ = item
        index = marks[position].index
        if index in closing:  # inner pairs close first: opened later, or at one place later in the source
            opener = closing[index]
            return character, 0, -at.get(opener, character), -order[opener]
        if index in partners:  # outer pairs open first
            return character, 2, -at.get(partners[index], character), order[index]
        return character, 1, position, 0

    ordered = sorted(inserts, key=key)
    for number in range(len(ordered) - 1, -1, -1):
        character, position, marker = ordered[number]
        mark = marks[position]
        together = number > 0 and ordered[number - 1][0] == character
        lead = ""
        if together:
            previous = ordered[number - 1][1]
            if previous == position - 1:
                lead = mark.gap
            elif marks[previous].index not in partners and mark.index not in closing:
                lead = " "  # two elements side by side (not one inside the other) must not merge
        elif mark.index not in paired and mark.spaced[0] and character > 0 and text[character - 1].isalnum():
            lead = " "
        trail = ""
        alone_after = number + 1 == len(ordered) or ordered[number + 1][0] != character
        if (alone_after and mark.index not in paired and mark.spaced[1] and character < len(text)
                and text[character].isalnum()):
            trail = " "
        text = text[:character] + lead + marker + trail + text[character:]
    return text


def _fit(
    found: tuple[int, int], placed: Sequence[tuple[int, int, int, int]], start: int, end: int,
    words_at: Sequence[bool],
) -> tuple[int, int]:
    """Keep a pair inside the pairs around it in the source and apart from its siblings.

    ``placed`` holds the pairs fixed so far, outer ones first, as
    ``(source start, source end, first unit, last unit)``. Crossing pairs
    cannot be written, and a link inside a sibling link would no longer be a
    link: the range is clipped to the largest part free of siblings, or moved
    to the nearest free word (``words_at``: which units are words).
    """
    size = len(words_at)
    low, high = 0, size
    siblings: list[tuple[int, int]] = []
    for outer_start, outer_end, outer_first, outer_last in placed:
        if outer_start <= start and end <= outer_end:
            low, high = max(low, outer_first), min(high, outer_last)
        else:
            siblings.append((outer_first, outer_last))
    first, last = max(found[0], low), min(found[1], high)
    if first >= last:
        first, last = low, min(low + 1, high)
    taken = [False] * size
    for sibling_first, sibling_last in siblings:
        for unit in range(max(sibling_first, 0), min(sibling_last, size)):
            taken[unit] = True
    free: list[tuple[int, int]] = []
    run = -1
    for unit in range(first, last + 1):
        if unit < last and not taken[unit]:
            run = unit if run < 0 else run
        elif run >= 0:
            free.append((run, unit))
            run = -1
    free = [part for part in free if any(words_at[part[0] : part[1]])] or free
    if free and any(words_at[free[0][0] : free[0][1]]):
        best = max(free, key=lambda part: (sum(words_at[part[0] : part[1]]), -part[0]))
        first, last = best
        while last - first > 1 and not words_at[first]:
            first += 1
        while last - first > 1 and not words_at[last - 1]:
            last -= 1
        return first, last
    spare = [unit for unit in range(low, high) if not taken[unit] and words_at[unit]]
    spare = spare or [unit for unit in range(low, high) if not taken[unit]]
    if spare:
        nearest = min(spare, key=lambda unit: abs(unit - first))
        return nearest, nearest + 1
    return first, max(last, first + 1)


def _on_words(found: tuple[int, int], units: Sequence[_Unit], text: str) -> tuple[int, int]:
    """A pair wraps words: leading and trailing punctuation is left outside it.

    (Bold around a lone full stop would not even be bold in Markdown.) A
    range of punctuation only moves to the nearest word before it, or after.
    """
    def word(index: int) -> bool:
        return any(char.isalnum() for char in text[units[index].start : units[index].end])

    first, last = found
    while last - first > 1 and not word(first):
        first += 1
    while last - first > 1 and not word(last - 1):
        last -= 1
    if not word(first):
        before = [i for i in range(first - 1, -1, -1) if word(i)]
        after = [i for i in range(last, len(units)) if word(i)]
        nearest = before[0] if before else after[0] if after else first
        first, last = nearest, nearest + 1
    return first, last


def _source_word(spans: Sequence[tuple[int, int]], plain: str, piece: int) -> set[int]:
    """The source pieces of the word that ``piece`` belongs to."""
    word = {piece}
    low = piece
    while low > 0 and spans[low - 1][1] == spans[low][0] and plain[spans[low][0]:spans[low][0] + 1].isalnum():
        low -= 1
        word.add(low)
    high = piece
    while high + 1 < len(spans) and spans[high][1] == spans[high + 1][0] \
            and plain[spans[high + 1][0]:spans[high + 1][0] + 1].isalnum():
        high += 1
        word.add(high)
    return word


def _most_attending(units: Sequence[_Unit], pieces: set[int]) -> int | None:
    """The target unit that attends most to ``pieces``, when any attends to them at all."""
    mass = [sum(w for i, w in enumerate(unit.weights) if i in pieces) for unit in units]
    if not mass:
        return None
    top = max(range(len(mass)), key=mass.__getitem__)
    return top if mass[top] >= 0.2 else None


def _void_place(
    mark: Mark, marked: Marked, source_spans: Sequence[tuple[int, int]], units: Sequence[_Unit],
    attended: bool,
) -> tuple[int, str]:
    """Where a void marker goes: after the word rendering the source word before it.

    (Or, failing that, before the word rendering the source word after it.)
    """
    if mark.offset == 0:
        return units[0].start, EDGE
    if mark.offset >= len(marked.plain):
        return units[-1].end, EDGE
    before = [i for i, (a, b) in enumerate(source_spans) if a < b and b <= mark.offset]
    after = [i for i, (a, b) in enumerate(source_spans) if a < b and a >= mark.offset]
    if attended and before:
        unit = _most_attending(units, _source_word(source_spans, marked.plain, before[-1]))
        if unit is not None:
            return units[unit].end, ATTENTION
    if attended and after:
        unit = _most_attending(units, _source_word(source_spans, marked.plain, after[0]))
        if unit is not None:
            return units[unit].start, ATTENTION
    return units[_proportional(mark.offset, len(marked.plain), units)].end, POSITION


def _clamp_void(
    character: int, mark: Mark, ranges: Mapping[int, tuple[int, int]], marked: Marked,
    partners: Mapping[int, int], units: Sequence[_Unit],
) -> int:
    """A void inside a pair in the source stays inside it, and one outside stays outside.

    (A marker that lands inside a code span's pair would be lost with the
    text the code replaces.)
    """
    order = {m.index: position for position, m in enumerate(marked.marks)}
    for opener, (first, last) in ranges.items():
        low, high = units[first].start, units[last - 1].end
        if order[opener] < order[mark.index] < order[partners[opener]]:
            character = min(max(character, low), high)
        elif low < character < high:
            character = high if character - low > high - character else low
    return character
