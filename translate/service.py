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
from typing import Any

from translate.engine import Engine, Progress


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
) -> TranslationResult:
    """Translate ``segments`` from ``source`` into each of ``targets``."""
    translations = engine.translate_many(segments, source, targets, progress)
    return TranslationResult(translations=translations, translated=len(segments))
