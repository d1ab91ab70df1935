"""The one entry point every command uses to translate segments.

``translate_segments`` takes all segments of a run (every document, every
paragraph) and returns their translations into every target language. It is
where the stages that change *what* gets decoded plug in, in this order:

1. the translation memory: segments translated before (same text, route,
   model versions, decoding settings and matching glossary entries) are
   reused; only the rest go on;
2. the glossary: its terms are enforced on every hop of what is decoded;
3. the engine: one batched CTranslate2 call per hop.

Callers — the ``translate``, ``publish`` and ``evaluate`` commands, the
benchmarks — never talk to the engine's decoding methods directly.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from translate.engine.decoder import Engine, Progress

if TYPE_CHECKING:
    from translate.glossary.model import Glossary
    from translate.memory import TranslationMemory
    from translate.memory.reuse import Fresh


@dataclass
class TranslationResult:
    """Translations per target language, aligned with the input segments."""

    translations: dict[str, list[str]]
    terms: list[dict[str, Any]] = field(default_factory=list)  # glossary report rows
    reused: int = 0  # segments served from the translation memory
    translated: int = 0  # segments decoded by the engine


def translate_segments(
    engine: Engine,
    segments: Sequence[str],
    source: str,
    targets: Sequence[str],
    progress: Progress | None = None,
    *,
    glossary: Glossary | None = None,
    memory: TranslationMemory | None = None,
) -> TranslationResult:
    """Translate ``segments`` from ``source`` into each of ``targets``.

    With a ``glossary`` its terms are enforced on every hop and ``terms``
    holds one report row (:class:`translate.glossary.TermRow` as a dict) per
    occurrence, target language and hop; segments without a term still go
    through the normal batched path. With a ``memory`` only segments it does
    not hold are decoded, and their report rows are stored with them, so a
    reused segment is reported as it was when first translated.
    """
    if memory is None:
        return _decode(engine, segments, source, targets, progress, glossary)
    from translate.memory import glossary_context, keys_for_run, translate_with_memory

    keys = keys_for_run(engine, segments, source, targets, glossary_context(glossary, segments, source))
    decoded = 0

    def misses(todo: list[str], languages: list[str]) -> Fresh:
        nonlocal decoded
        decoded = len(todo)
        return _with_notes(_decode(engine, todo, source, languages, progress, glossary), len(todo))

    result = translate_with_memory(memory, segments, keys, misses)
    if progress is not None:  # reused segments count as done on every hop
        progress((len(segments) - decoded) * engine.hop_count(source, targets))
    terms = [
        {**row, "segment": index}
        for target in targets
        for index, note in enumerate(result.meta.get(target, []))
        if note
        for row in json.loads(note)
    ]
    terms.sort(key=lambda row: (row["segment"], row["language"], row["hop"]))
    return TranslationResult(result.translations, terms, reused=result.reused, translated=result.translated)


def _decode(
    engine: Engine,
    segments: Sequence[str],
    source: str,
    targets: Sequence[str],
    progress: Progress | None,
    glossary: Glossary | None,
) -> TranslationResult:
    if glossary is not None and glossary.entries:
        from translate.enforce.apply import translate_with_glossary

        translations, rows = translate_with_glossary(engine, segments, source, targets, glossary, progress)
        return TranslationResult(
            translations=translations, terms=[row.to_json() for row in rows], translated=len(segments)
        )
    translations = engine.translate_many(segments, source, targets, progress)
    return TranslationResult(translations=translations, translated=len(segments))


def _with_notes(result: TranslationResult, size: int) -> Fresh:
    """The decoded translations plus, per target and segment, its report rows as JSON."""
    from translate.memory import Fresh

    rows: dict[str, list[list[dict[str, Any]]]] = {t: [[] for _ in range(size)] for t in result.translations}
    for row in result.terms:
        rows[row["language"]][row["segment"]].append(row)
    notes = {
        target: [json.dumps(found, ensure_ascii=False, sort_keys=True) if found else "" for found in per_segment]
        for target, per_segment in rows.items()
    }
    return Fresh(result.translations, notes)
