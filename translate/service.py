"""The one entry point every command uses to translate segments.

``translate_segments`` takes all segments of a run (every document, every
paragraph) and returns their translations into every target language. It is
where the stages that change *what* gets decoded plug in: the glossary
(enforcing terms) and the translation memory (reusing earlier results). Callers
— the ``translate`` and ``publish`` commands, benchmarks — never talk to the
engine's decoding methods directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from translate.engine import Engine, Progress

if TYPE_CHECKING:
    from translate.glossary.model import Glossary


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
) -> TranslationResult:
    """Translate ``segments`` from ``source`` into each of ``targets``.

    With a ``glossary`` its terms are enforced on every hop and ``terms``
    holds one report row (:class:`translate.glossary.TermRow` as a dict) per
    occurrence, target language and hop; segments without a term still go
    through the normal batched path.
    """
    if glossary is not None and glossary.entries:
        from translate.glossary.apply import translate_with_glossary

        translations, rows = translate_with_glossary(engine, segments, source, targets, glossary, progress)
        return TranslationResult(
            translations=translations, terms=[row.to_json() for row in rows], translated=len(segments)
        )
    translations = engine.translate_many(segments, source, targets, progress)
    return TranslationResult(translations=translations, translated=len(segments))
