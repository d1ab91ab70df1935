"""The one place a run's sentences are translated: memory, then glossary, then engine.

:func:`translate_sentences` takes every sentence of a run (every document,
every unit) and a :class:`~translate.engine.plan.RoutePlan`, and returns the
translations into every target of the plan. The stages that change *what*
gets decoded plug in here, in this order:

1. the translation memory: sentences translated before (same text, route,
   model versions, decoding settings and matching glossary entries) are
   reused; only the rest go on;
2. the glossary: its terms are enforced on every hop of what is decoded
   (:mod:`translate.enforce`);
3. the engine: one batched CTranslate2 call per hop.

Commands never talk to the engine's decoding methods directly; they go
through :class:`translate.run.batch.PreparedRun`, which calls this.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from translate.engine.decoder import Engine
from translate.engine.plan import RoutePlan
from translate.engine.protocols import Progress
from translate.enforce.report import TermRow, decode_rows, encode_rows

if TYPE_CHECKING:
    from translate.glossary.model import Glossary
    from translate.memory.reuse import Fresh
    from translate.memory.store import TranslationMemory

__all__ = ["TranslationResult", "translate_sentences"]


@dataclass
class TranslationResult:
    """Translations per target language, aligned with the input sentences."""

    translations: dict[str, list[str]]
    terms: list[TermRow] = field(default_factory=list)  # glossary report rows
    reused: int = 0  # sentences served from the translation memory
    translated: int = 0  # sentences decoded by the engine


def translate_sentences(
    engine: Engine,
    plan: RoutePlan,
    sentences: Sequence[str],
    progress: Progress | None = None,
    *,
    glossary: Glossary | None = None,
    memory: TranslationMemory | None = None,
) -> TranslationResult:
    """Translate ``sentences`` into each target of ``plan``.

    With a ``glossary`` its terms are enforced on every hop and ``terms``
    holds one :class:`TermRow` per occurrence, target language and hop;
    sentences without a term still go through the normal batched path. With
    a ``memory`` only sentences it does not hold are decoded, and their rows
    are stored with them, so a reused sentence is reported as it was when
    first translated.
    """
    if memory is None:
        return _decode(engine, plan, sentences, progress, glossary)
    from translate.memory.reuse import translate_with_memory
    from translate.run.keys import glossary_context, memory_keys

    keys = memory_keys(plan, engine.settings.signature(), sentences,
                       glossary_context(glossary, sentences, plan.source))
    decoded = 0

    def misses(todo: list[str], languages: list[str]) -> Fresh:
        nonlocal decoded
        decoded = len(todo)
        return _with_notes(_decode(engine, plan.only(languages), todo, progress, glossary), len(todo))

    result = translate_with_memory(memory, sentences, keys, misses)
    if progress is not None:  # reused sentences count as done on every hop
        progress((len(sentences) - decoded) * plan.hop_count)
    terms = [
        row
        for target in plan.targets
        for index, note in enumerate(result.meta.get(target, []))
        for row in decode_rows(note, index)
    ]
    terms.sort(key=lambda row: (row.segment, row.language, row.hop))
    return TranslationResult(result.translations, terms, reused=result.reused, translated=result.translated)


def _decode(
    engine: Engine,
    plan: RoutePlan,
    sentences: Sequence[str],
    progress: Progress | None,
    glossary: Glossary | None,
) -> TranslationResult:
    if glossary is not None and glossary.entries:
        from translate.enforce.apply import translate_with_glossary

        translations, rows = translate_with_glossary(engine, sentences, plan, glossary, progress)
        return TranslationResult(translations=translations, terms=rows, translated=len(sentences))
    translations = engine.translate_many(sentences, plan, progress)
    return TranslationResult(translations=translations, translated=len(sentences))


def _with_notes(result: TranslationResult, size: int) -> Fresh:
    """The decoded translations plus, per target and sentence, its rows as the memory's note."""
    from translate.memory.reuse import Fresh

    rows: dict[str, list[list[TermRow]]] = {t: [[] for _ in range(size)] for t in result.translations}
    for row in result.terms:
        rows[row.language][row.segment].append(row)
    notes = {target: [encode_rows(found) for found in per_sentence] for target, per_sentence in rows.items()}
    return Fresh(result.translations, notes)
