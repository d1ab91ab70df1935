"""Inline markup that the model never sees: strip it, translate, project it back.

A sentence of a unit carries its inline Markdown as ``<N>`` markers (see
:mod:`translate.documents.inline`): a *pair* of markers around words
(emphasis, strong, a link's label) or a *void* marker where an element with no
translatable words stood (an image, a footnote reference, an HTML tag). The
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

_MARKER = re.compile(r"<\s*(\d{1,4})\s*>")

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


@dataclass(frozen=True)
class Marked:
    plain: str
    marks: tuple[Mark, ...]

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
    length = 0
    position = 0
    for match in _MARKER.finditer(sentence):
        text = sentence[position : match.start()]
        if text.startswith(" ") and parts and parts[-1].endswith(" "):
            text = text[1:]  # "den <0> Unternehmen" → "den Unternehmen"
        if not parts and not marks:
            text = text.lstrip(" ")
        parts.append(text)
        length += len(text)
        marks.append(Mark(int(match.group(1)), length))
        position = match.end()
    tail = sentence[position:]
    if tail.startswith(" ") and parts and parts[-1].endswith(" "):
        tail = tail[1:]
    parts.append(tail)
    plain = "".join(parts)
    if plain.endswith(" ") and marks:
        trimmed = plain.rstrip(" ")
        marks = [Mark(m.index, min(m.offset, len(trimmed))) for m in marks]
        plain = trimmed
    return Marked(plain, tuple(marks))


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
    partners: Mapping[int, int],
    source_spans: Sequence[tuple[int, int]],
    translation: str,
    target_spans: Sequence[tuple[int, int]],
    attention: Sequence[Sequence[float]] | None,
    alone: Mapping[int, str] | None = None,
) -> Projected:
    """``translation`` with the markers of ``marked`` put in (see the module docstring).

    ``partners`` maps each opening marker to its closing one (every other
    marker is void); ``source_spans`` / ``target_spans`` are the character
    spans of the source and target pieces; ``attention`` has, per target
    piece, its attention over the source pieces (``None``: none known).
    ``alone`` may give, per opening marker, the words it wraps translated on
    their own, and per void marker, the word before it translated on its own.
    """
    result = Projected(translation)
    if not marked.marks:
        return result
    units = _units(target_spans, translation, attention)
    if not units:  # nothing to attach to: the markers stand around the whole text
        text = "".join(f"<{m.index}>" for m in marked.marks if m.index in partners) + translation
        text += "".join(f"<{m.index}>" for m in marked.marks if m.index not in partners)
        result.text = text
        result.methods = {m.index: POSITION for m in marked.marks}
        return result
    ranges: dict[int, tuple[int, int]] = {}  # open marker → unit range [first, last)
    placed: list[tuple[int, int, int, int]] = []  # (source start, end, first, last unit), outer first
    length = len(marked.plain)
    for opener, closer in _pairs(marked, partners):
        words = marked.plain[opener.offset : closer.offset].strip()
        found, method = _copy(translation, words, units), COPY
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
        found = _fit(found, placed, opener.offset, closer.offset, len(units))
        ranges[opener.index] = found
        placed.append((opener.offset, closer.offset, *found))
        result.methods[opener.index] = result.methods[closer.index] = method
    inserts: list[tuple[int, int, str]] = []  # (character, order, marker)
    order = {mark.index: position for position, mark in enumerate(marked.marks)}
    for opener, closer in _pairs(marked, partners):
        first, last = ranges[opener.index]
        inserts.append((units[first].start, order[opener.index], f"<{opener.index}>"))
        inserts.append((units[last - 1].end, order[closer.index], f"<{closer.index}>"))
    for mark in marked.marks:
        if mark.index in partners or mark.index in partners.values():
            continue
        lone = _alone(translation, alone[mark.index], units, 1) if alone and mark.index in alone else None
        if lone is not None:
            character, method = units[lone[1] - 1].end, ALONE
        else:
            character, method = _void_place(mark, marked, source_spans, units, attention is not None)
        character = _clamp_void(character, mark, ranges, marked, partners, units)
        inserts.append((character, order[mark.index], f"<{mark.index}>"))
        result.methods[mark.index] = method
    text = translation
    for character, _, marker in sorted(inserts, key=lambda item: (item[0], item[1]), reverse=True):
        text = text[:character] + marker + text[character:]
    result.text = text
    return result


def _fit(
    found: tuple[int, int], placed: Sequence[tuple[int, int, int, int]], start: int, end: int, size: int
) -> tuple[int, int]:
    """Clamp a pair's unit range into the pairs around it and off its siblings.

    ``placed`` holds the pairs fixed so far, outer ones first, as
    ``(source start, source end, first unit, last unit)``.
    """
    first, last = found
    for outer_start, outer_end, outer_first, outer_last in placed:
        if outer_start <= start and end <= outer_end:  # it encloses this pair
            first, last = max(first, outer_first), min(last, outer_last)
            if first >= last:
                first, last = outer_first, outer_first + 1
        elif first < outer_last and outer_first < last:  # a sibling: they must not overlap
            if outer_start < start:
                first = max(first, outer_last)
            else:
                last = min(last, outer_first)
            if first >= last:
                spot = outer_last if outer_start < start else outer_first - 1
                spot = min(max(spot, 0), size - 1)
                first, last = spot, spot + 1
    return first, max(last, first + 1)


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
    """A void inside a pair in the source stays inside that pair in the translation."""
    offsets = {m.index: m.offset for m in marked.marks}
    order = {m.index: position for position, m in enumerate(marked.marks)}
    for opener, (first, last) in ranges.items():
        closer = partners[opener]
        if order[opener] < order[mark.index] < order[closer] or (
            offsets[opener] < mark.offset < offsets[closer]
        ):
            low, high = units[first].start, units[last - 1].end
            character = min(max(character, low), high)
    return character
