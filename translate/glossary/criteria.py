"""When does a hypothesis render the glossary's terms, and is it still the model's sentence?

Two safeguards keep enforcement from trading one error for another:

* **grammatical number**: where the plain translation rendered a term in the
  plural ("free trade deals"), only a plural accepted form counts
  ("free trade agreements"), and a singular one where it was singular;
* **plausibility**: an alternative hypothesis or a forced continuation must
  not be cut short or run on (same final punctuation, similar length).
"""

from __future__ import annotations

from collections.abc import Sequence

from translate.glossary.match import find_renderings
from translate.glossary.model import Entry

_FINAL = ".?!:;\"'»”)"


def is_plural(text: str) -> bool:
    """A rough plural test for English and Spanish renderings: a longer word ending in -s."""
    return any(len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "'s")) for word in text.split())


def number_hint(entry: Entry, rendering: str | None) -> bool | None:
    """The grammatical number a rendering shows (None: unknown, or a name)."""
    if rendering is None or entry.keep:
        return None
    return is_plural(rendering)


def rendered(
    entries: Sequence[Entry],
    hints: Sequence[bool | None],
    text: str,
    target: str,
    origin: str,
) -> list[bool]:
    """Per occurrence (``entries[i]`` with number ``hints[i]``): does ``text`` render it?

    Occurrences of one entry are matched in order to its accepted renderings
    of the right number; each forbidden rendering in the text then costs the
    entry one occurrence.
    """
    result = [False] * len(entries)
    by_entry: dict[str, list[int]] = {}
    for index, entry in enumerate(entries):
        by_entry.setdefault(entry.id, []).append(index)
    for indexes in by_entry.values():
        entry = entries[indexes[0]]
        accepted = find_renderings(entry, entry.accepted(target, origin), text)
        forbidden = [
            span
            for span in find_renderings(entry, entry.forbidden.get(target, ()), text)
            if not any(span[0] < end and start < span[1] for start, end in accepted)
        ]
        free = [is_plural(text[start:end]) for start, end in accepted]
        satisfied = []
        for index in indexes:
            hint = None if entry.keep else hints[index]
            slot = next((k for k, plural in enumerate(free) if plural is not None and (hint is None or plural == hint)), None)
            if slot is not None:
                free[slot] = None  # type: ignore[call-overload]
                satisfied.append(index)
        for index in satisfied[: max(0, len(indexes) - len(forbidden))]:
            result[index] = True
    return result


def plausible(candidate: str, plain: str, candidate_tokens: int, plain_tokens: int) -> bool:
    """Is ``candidate`` still a whole translation of the same sentence as ``plain``?"""
    if plain[-1:] in _FINAL and candidate[-1:] != plain[-1:]:
        return False
    return 0.8 * plain_tokens <= candidate_tokens <= 1.25 * plain_tokens + 2
