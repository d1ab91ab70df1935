"""When does a hypothesis render the glossary's terms, and is it still the model's sentence?

Two safeguards keep enforcement from trading one error for another:

* **grammatical number**: where the plain translation rendered a term in the
  plural ("free trade deals"), only a plural accepted form counts
  ("free trade agreements"), and a singular one where it was singular;
* **plausibility**: an alternative hypothesis or a forced continuation must
  not be cut short or run on (same final punctuation, similar length), and
  what the model writes after a forced term must follow what it wrote there
  before (:func:`follows`): forcing a term must not cost the rest of the
  sentence.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from translate.glossary.match import renderings
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
    input_lang: str | None = None,
) -> list[bool]:
    """Per occurrence (``entries[i]`` with number ``hints[i]``): does ``text`` render it?

    Occurrences of one entry are matched in order to its accepted renderings
    of the right number; each forbidden rendering in the text (including the
    entry's ``input_lang`` term copied untranslated) then costs the entry one
    occurrence.
    """
    result = [False] * len(entries)
    by_entry: dict[str, list[int]] = {}
    for index, entry in enumerate(entries):
        by_entry.setdefault(entry.id, []).append(index)
    for indexes in by_entry.values():
        entry = entries[indexes[0]]
        found = renderings(entry, text, target, origin, input_lang)
        accepted, forbidden = found.accepted, found.forbidden
        numbers = [is_plural(text[start:end]) for start, end in accepted]
        used: set[int] = set()
        satisfied = []
        for index in indexes:
            hint = None if entry.keep else hints[index]
            for slot, plural in enumerate(numbers):
                if slot not in used and (hint is None or plural == hint):
                    used.add(slot)
                    satisfied.append(index)
                    break
        for index in satisfied[: max(0, len(indexes) - len(forbidden))]:
            result[index] = True
    return result


def plausible(candidate: str, plain: str) -> bool:
    """Is ``candidate`` still a whole translation of the same sentence as ``plain``?

    Words, not tokens, are compared: a forced term can take many more tokens
    (byte pieces for a letter the model's vocabulary lacks) than the word it replaces.
    """
    if plain[-1:] in _FINAL and candidate[-1:] != plain[-1:]:
        return False
    candidate_words, plain_words = len(candidate.split()), len(plain.split())
    return 0.8 * plain_words <= candidate_words <= 1.25 * plain_words + 2


def _word(text: str) -> str:
    return text.strip(".,;:!?\"'()»«“”").casefold()


def follows(tail: str, before: str, replaced: str = "") -> bool:
    """Does ``tail`` (after a forced term) continue like ``before`` (after the wrong rendering)?

    At most one word may be added or dropped and, in a longer tail, a few
    change their ending (agreement with the new term); the model must not repeat the word
    it was made to replace (``Amazon.com Amazon``). Anything more means the
    forced term derailed the model.
    """
    old, new = before.split(), tail.split()
    if replaced.split() and new and _word(new[0]) == _word(replaced.split()[-1]):
        if not old or _word(old[0]) != _word(new[0]):
            return False
    changed = gained = 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "replace":
            for before_word, after_word in zip(old[i1:i2], new[j1:j2]):
                # Agreement changes an ending, not the word: nuevo → nueva, not Estados → Empresas.
                if _word(before_word)[:3] != _word(after_word)[:3]:
                    return False
                changed += 1
            gained += abs((i2 - i1) - (j2 - j1))
        elif tag in ("insert", "delete"):
            gained += max(i2 - i1, j2 - j1)
    return gained <= 1 and changed <= len(old) // 4
