"""Reuse stored translations and decode only the rest.

:func:`translate_with_memory` is what the run layer calls: given a run's
segments and, per target language, their keys, it looks every key up in one
batch, asks ``translate_misses`` to decode only the segments some target lacks
(one call, so the engine still batches them and decodes a shared pivot hop
once), stores what was decoded in one transaction, and returns the
translations aligned with the input. The keys come from the caller
(:func:`translate.run.keys.memory_keys` builds them for a run); the notes are
opaque strings, so the memory knows nothing of engines or glossaries.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from translate.memory.keys import SegmentKey
from translate.memory.store import TranslationMemory

__all__ = ["Fresh", "MemoryResult", "TranslateMisses", "translate_with_memory"]


@dataclass(frozen=True)
class Fresh:
    """What ``translate_misses`` may return instead of a plain mapping: the
    translations plus, per target, a note for each segment that is stored
    with its entry and handed back on reuse (e.g. the glossary's term rows for
    that segment, as JSON)."""

    translations: Mapping[str, Sequence[str]]
    meta: Mapping[str, Sequence[str]] = field(default_factory=dict)


TranslateMisses = Callable[[list[str], list[str]], "Mapping[str, Sequence[str]] | Fresh"]
"""``(segments, targets) -> {target: translations aligned with segments}`` (or a :class:`Fresh`)."""

@dataclass(frozen=True)
class MemoryResult:
    translations: dict[str, list[str]]  # per target, aligned with the input segments
    reused: int  # segments whose every target came from the memory
    translated: int  # segments sent to translate_misses (reused + translated == len(segments))
    pairs_reused: int  # (segment, target) pairs served from the memory
    pairs_translated: int  # (segment, target) pairs decoded and stored
    meta: dict[str, list[str]] = field(default_factory=dict)  # per target, aligned: each entry's note ("" if none)


def translate_with_memory(
    memory: TranslationMemory,
    segments: Sequence[str],
    keys: Mapping[str, Sequence[SegmentKey]],
    translate_misses: TranslateMisses,
) -> MemoryResult:
    """Translations of ``segments`` into every target of ``keys``, decoding only misses.

    ``keys[target][i]`` is the key of ``segments[i]`` for that target. When
    everything is stored, ``translate_misses`` is not called at all. Otherwise
    it is called once with the distinct segments that miss for at least one
    target and the targets that miss anything; its results are stored (only
    for the pairs that missed) and a stored translation always wins over a
    fresh one, so a run's output never depends on which segments were cached.
    """
    targets = list(keys)
    for target in targets:
        if len(keys[target]) != len(segments):
            raise ValueError(f"{len(keys[target])} keys for {target}, {len(segments)} segments")
    found = memory.lookup_many(key for target in targets for key in keys[target])
    missing_targets = [t for t in targets if any(key not in found for key in keys[t])]
    todo: dict[str, int] = {}  # distinct segment text -> position in the call
    for index, text in enumerate(segments):
        if any(keys[t][index] not in found for t in missing_targets) and text not in todo:
            todo[text] = len(todo)
    fresh = Fresh({})
    if todo:
        answer = translate_misses(list(todo), missing_targets)
        fresh = answer if isinstance(answer, Fresh) else Fresh(answer)
    output: dict[str, list[str]] = {}
    notes: dict[str, list[str]] = {}
    to_store: dict[SegmentKey, str] = {}
    to_note: dict[SegmentKey, str] = {}
    pairs_reused = 0
    for target in targets:
        row: list[str] = []
        row_notes: list[str] = []
        fresh_notes = fresh.meta.get(target)
        for index, text in enumerate(segments):
            key = keys[target][index]
            entry = found.get(key)
            if entry is not None:
                row.append(entry.translation)
                row_notes.append(entry.meta)
                pairs_reused += 1
            else:
                translation = fresh.translations[target][todo[text]]
                note = fresh_notes[todo[text]] if fresh_notes is not None else ""
                row.append(translation)
                row_notes.append(note)
                to_store[key] = translation
                if note:
                    to_note[key] = note
        output[target] = row
        notes[target] = row_notes
    memory.store_many(to_store.items(), meta=to_note)
    translated = sum(
        1 for index in range(len(segments)) if any(keys[t][index] not in found for t in targets)
    )
    return MemoryResult(
        translations=output,
        reused=len(segments) - translated,
        translated=translated,
        pairs_reused=pairs_reused,
        pairs_translated=len(segments) * len(targets) - pairs_reused,
        meta=notes,
    )
