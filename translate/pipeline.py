"""Translation of texts and documents: units → sentences → one batched call → text.

:func:`translate_texts` handles plain text (``--text``, stdin);
:class:`DocumentBatch` handles parsed documents (seed files, Markdown).

Every sentence of every input is collected first and translated in a single
:meth:`Engine.translate_many` call, so each hop is one batched model call no
matter how many files or targets a run has. Spacing and blank lines between
sentences and paragraphs are restored exactly.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from translate.documents.model import Document
from translate.documents.segments import UnitPlan, plan_unit, rebuild_unit
from translate.engine.decoder import Engine, Progress
from translate.segment import reassemble, split_with_gaps
from translate.service import translate_segments

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


@dataclass
class _Layout:
    """Where each sentence of one text came from, to put translations back."""

    gaps: list[list[str]]  # per paragraph: the whitespace around its sentences
    sizes: list[int]  # per paragraph: how many sentences
    breaks: list[str]  # the text between paragraphs (and before/after)


def _layout(text: str, lang: str, sentences: list[str]) -> _Layout:
    layout = _Layout(gaps=[], sizes=[], breaks=[])
    position = 0
    paragraphs = []
    for match in _PARAGRAPH_BREAK.finditer(text):
        paragraphs.append(text[position : match.start()])
        layout.breaks.append(match.group())
        position = match.end()
    paragraphs.append(text[position:])
    for paragraph in paragraphs:
        found, gaps = split_with_gaps(paragraph, lang)
        sentences.extend(found)
        layout.gaps.append(list(gaps))
        layout.sizes.append(len(found))
    return layout


def _rebuild(layout: _Layout, translated: list[str]) -> str:
    parts = []
    offset = 0
    for index, (gaps, size) in enumerate(zip(layout.gaps, layout.sizes)):
        parts.append(reassemble(translated[offset : offset + size], gaps))
        offset += size
        if index < len(layout.breaks):
            parts.append(layout.breaks[index])
    return "".join(parts)


def count_sentences(texts: Sequence[str], source: str) -> int:
    sentences: list[str] = []
    for text in texts:
        _layout(text, source, sentences)
    return len(sentences)


def translate_texts(
    engine: Engine,
    texts: Sequence[str],
    source: str,
    targets: Sequence[str],
    progress: Progress | None = None,
) -> list[dict[str, str]]:
    """Translate each text into every target language.

    Returns, per input text, a mapping of target language to translated text.
    """
    sentences: list[str] = []
    layouts = [_layout(text, source, sentences) for text in texts]
    translated = translate_segments(engine, sentences, source, targets, progress).translations
    results: list[dict[str, str]] = [{} for _ in texts]
    for target in targets:
        offset = 0
        for index, layout in enumerate(layouts):
            size = sum(layout.sizes)
            results[index][target] = _rebuild(layout, translated[target][offset : offset + size])
            offset += size
    return results


@dataclass
class BatchTranslation:
    """What :meth:`DocumentBatch.run` produced, per document."""

    units: list[dict[str, list[str]]]  # per document: target → translated units
    terms: list[list[dict[str, Any]]]  # per document: glossary report rows
    reused: int = 0  # segment translations served from the translation memory
    translated: int = 0  # segment translations decoded by the engine


class DocumentBatch:
    """Every translatable sentence of several documents, translated in one call.

    All units of all documents are cut into sentences up front; one
    :func:`translate_segments` call then translates them into every target
    (one batched engine call per hop), and :meth:`run` hands back, per
    document and target, the translated units ready for ``Document.render``,
    plus each document's glossary report.
    """

    def __init__(self, documents: Sequence[Document], source: str) -> None:
        self.documents = list(documents)
        self.source = source
        self.sentences: list[str] = []
        self._plans: list[list[UnitPlan]] = [
            [plan_unit(unit, source, self.sentences) for unit in document.units] for document in self.documents
        ]

    @property
    def sizes(self) -> list[int]:
        """How many sentences each document contributed, in order."""
        return [sum(plan.size for plan in plans) for plans in self._plans]

    def run(
        self,
        engine: Engine,
        targets: Sequence[str],
        progress: Progress | None = None,
        **options: Any,
    ) -> BatchTranslation:
        """Translate every document; ``options`` go to :func:`translate_segments` (glossary, memory)."""
        result = translate_segments(engine, self.sentences, self.source, targets, progress, **options)
        translated = result.translations
        units: list[dict[str, list[str]]] = [{} for _ in self.documents]
        for target in targets:
            offset = 0
            for index, plans in enumerate(self._plans):
                rebuilt = []
                for plan in plans:
                    rebuilt.append(rebuild_unit(plan, translated[target][offset : offset + plan.size]))
                    offset += plan.size
                units[index][target] = rebuilt
        terms: list[list[dict[str, Any]]] = [[] for _ in self.documents]
        if result.terms:
            from translate.enforce.report import TermRow, assign_documents

            for row in assign_documents([TermRow(**r) for r in result.terms], self.sizes):
                terms[row.document].append(row.to_json())
        return BatchTranslation(units, terms, result.reused, result.translated)

    def translate(
        self, engine: Engine, targets: Sequence[str], progress: Progress | None = None
    ) -> list[dict[str, list[str]]]:
        """Only the translated units of :meth:`run`."""
        return self.run(engine, targets, progress).units
