"""Reuse stored translations and decode only the rest.

:func:`translate_with_memory` is what the run layer calls: given a run's
segments and, per target language, their keys, it looks every key up in one
batch, asks ``translate_misses`` to decode only the segments some target lacks
(all of them in one call, which hands back their translations in consecutive
parts as they are decoded), stores each part's translations in one
transaction as soon as it comes, and returns the
translations aligned with the input. The keys come from the caller
(:func:`translate.run.keys.memory_keys` builds them for a run); the notes are
opaque strings, so the memory knows nothing of engines or glossaries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from translate.checkpoints import reached
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
    scores: Mapping[str, Sequence[float | None]] = field(default_factory=dict)  # per target: the model's scores


TranslateMisses = Callable[
    [list[str], list[str]],
    "Mapping[str, Sequence[str]] | Fresh | Iterable[Mapping[str, Sequence[str]] | Fresh]",
]
"""``(segments, targets) ->`` the translations of ``segments``, whole or in consecutive parts.

Whole: ``{target: translations aligned with segments}`` (or a :class:`Fresh`).
In parts: an iterable of those, for consecutive parts of ``segments`` in
order, covering them exactly; each part is stored as soon as it is handed
back, before the next is asked for."""

@dataclass(frozen=True)
class MemoryResult:
    translations: dict[str, list[str]]  # per target, aligned with the input segments
    reused: int  # segments whose every target came from the memory
    translated: int  # segments sent to translate_misses (reused + translated == len(segments))
    pairs_reused: int  # (segment, target) pairs served from the memory
    pairs_translated: int  # (segment, target) pairs decoded and stored
    meta: dict[str, list[str]] = field(default_factory=dict)  # per target, aligned: each entry's note ("" if none)
    scores: dict[str, list[float | None]] = field(default_factory=dict)  # per target, aligned: model score or None
    human: dict[str, list[bool]] = field(default_factory=dict)  # per target, aligned: a human translation reused


def translate_with_memory(
    memory: TranslationMemory,
    segments: Sequence[str],
    keys: Mapping[str, Sequence[SegmentKey]],
    translate_misses: TranslateMisses,
) -> MemoryResult:
    """Translations of ``segments`` into every target of ``keys``, decoding only misses.

    ``keys[target][i]`` is the key of ``segments[i]`` for that target. When
    everything is stored, ``translate_misses`` is not called at all. Otherwise
    it is called once, with the distinct segments that miss for at least one
    target and the targets that miss anything; each part of its results is
    stored (only for the pairs that missed) as it comes, before the next is
    decoded, so a run that is killed keeps what it had decoded. A stored translation always wins over
    a fresh one, so a run's output never depends on which segments were
    cached.
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
    output: dict[str, list[str | None]] = {t: [None] * len(segments) for t in targets}
    notes: dict[str, list[str]] = {t: [""] * len(segments) for t in targets}
    scores: dict[str, list[float | None]] = {t: [None] * len(segments) for t in targets}
    human: dict[str, list[bool]] = {t: [False] * len(segments) for t in targets}
    pairs_reused = 0
    for target in targets:
        for index in range(len(segments)):
            entry = found.get(keys[target][index])
            if entry is not None:
                output[target][index], notes[target][index] = entry.translation, entry.meta
                scores[target][index], human[target][index] = entry.score, entry.origin == "human"
                pairs_reused += 1
    where: dict[str, list[int]] = {}
    for index, text in enumerate(segments):
        if text in todo:
            where.setdefault(text, []).append(index)
    texts = list(todo)
    start = 0
    answers = translate_misses(texts, missing_targets) if texts else ()
    for answer in [answers] if isinstance(answers, (Fresh, Mapping)) else answers:  # each part stored as it comes
        fresh = answer if isinstance(answer, Fresh) else Fresh(answer)
        size = len(fresh.translations[missing_targets[0]])
        part, start = texts[start : start + size], start + size
        if len(part) != size:
            raise ValueError(f"translate_misses gave more translations than the {len(texts)} segments")
        to_store: dict[SegmentKey, str] = {}
        to_note: dict[SegmentKey, str] = {}
        to_score: dict[SegmentKey, float | None] = {}
        for target in missing_targets:
            fresh_notes, fresh_scores = fresh.meta.get(target), fresh.scores.get(target)
            for position, text in enumerate(part):
                translation = fresh.translations[target][position]
                note = fresh_notes[position] if fresh_notes is not None else ""
                score = fresh_scores[position] if fresh_scores is not None else None
                for index in where[text]:
                    key = keys[target][index]
                    if key in found:
                        continue
                    output[target][index], notes[target][index] = translation, note
                    scores[target][index] = score
                    to_store[key] = translation
                    if note:
                        to_note[key] = note
                    if score is not None:
                        to_score[key] = score
        memory.store_many(to_store.items(), meta=to_note, scores=to_score)
        reached("stored")
    if start != len(texts):
        raise ValueError(f"translate_misses gave {start} translations for {len(texts)} segments")
    translated = sum(
        1 for index in range(len(segments)) if any(keys[t][index] not in found for t in targets)
    )
    return MemoryResult(
        translations={target: [t or "" for t in row] for target, row in output.items()},
        reused=len(segments) - translated,
        translated=translated,
        pairs_reused=pairs_reused,
        pairs_translated=len(segments) * len(targets) - pairs_reused,
        meta=notes,
        scores=scores,
        human=human,
    )
