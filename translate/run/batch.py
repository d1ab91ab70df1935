"""A run over documents: units → sentences → one batched translation → units.

:func:`prepare` cuts every unit of every document into sentences up front
(:mod:`translate.run.units`, the one sentence plan of babelpress) under a
:class:`~translate.engine.plan.RoutePlan` resolved once for the run; the
:class:`PreparedRun` knows its progress total before any model loads.
:meth:`PreparedRun.translate` then makes one
:func:`~translate.run.translate.translate_sentences` call (one batched engine
call per hop, however many documents and targets) and hands back, per
document and target, the translated units ready for ``Document.render``,
plus each document's glossary report.

Every command that translates goes through here: ``translate`` (files,
stdin, ``--text``), ``publish``, ``evaluate`` (each test line a plain
document) and the benchmark.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from translate.documents.model import Document
from translate.engine.decoder import Engine
from translate.engine.plan import RoutePlan
from translate.engine.protocols import Progress
from translate.enforce.report import TermRow, assign_documents
from translate.run.translate import Executor, translate_sentences
from translate.run.units import UnitPlan, plan_unit, rebuild_unit

if TYPE_CHECKING:
    from translate.glossary.model import Glossary
    from translate.memory.store import TranslationMemory

__all__ = ["BatchTranslation", "PreparedRun", "count_sentences", "prepare"]


@dataclass
class BatchTranslation:
    """What :meth:`PreparedRun.translate` produced, per document."""

    units: list[dict[str, list[str]]]  # per document: target → translated units
    terms: list[list[TermRow]]  # per document: glossary report rows (document = its index)
    reused: int = 0  # sentences served from the translation memory
    translated: int = 0  # sentences decoded by the engine
    markup: dict[str, int] = field(default_factory=dict)  # inline-markup markers placed, by method
    sentences: dict[str, list[str]] = field(default_factory=dict)  # target → every sentence's translation, in order
    scores: dict[str, list[float | None]] = field(default_factory=dict)  # target → every sentence's model score
    human: dict[str, list[bool]] = field(default_factory=dict)  # target → whether each is a human translation


@dataclass
class PreparedRun:
    """Every sentence of several documents, planned for one translation."""

    plan: RoutePlan
    documents: list[Document]
    sentences: list[str] = field(default_factory=list)
    units: list[list[UnitPlan]] = field(default_factory=list)  # per document, per unit

    @property
    def sizes(self) -> list[int]:
        """How many sentences each document contributed, in order."""
        return [sum(unit.size for unit in units) for units in self.units]

    @property
    def total(self) -> int:
        """Progress steps of the whole run: every sentence on every distinct hop."""
        return len(self.sentences) * self.plan.hop_count

    def translate(
        self,
        engine: Engine,
        progress: Progress | None = None,
        *,
        glossary: Glossary | None = None,
        memory: TranslationMemory | None = None,
        executor: Executor | None = None,
    ) -> BatchTranslation:
        """Translate every document into every target of the plan (decoding where ``executor`` says)."""
        result = translate_sentences(engine, self.plan, self.sentences, progress, glossary=glossary, memory=memory,
                                     executor=executor)
        units: list[dict[str, list[str]]] = [{} for _ in self.documents]
        for target in self.plan.targets:
            translated = result.translations[target]
            offset = 0
            for index, plans in enumerate(self.units):
                rebuilt = []
                for unit in plans:
                    rebuilt.append(rebuild_unit(unit, translated[offset : offset + unit.size]))
                    offset += unit.size
                units[index][target] = rebuilt
        terms: list[list[TermRow]] = [[] for _ in self.documents]
        for row in assign_documents(result.terms, self.sizes):
            terms[row.document].append(row)
        return BatchTranslation(units, terms, result.reused, result.translated, dict(sorted(result.markup.items())),
                                {target: list(result.translations[target]) for target in self.plan.targets},
                                {target: list(result.scores[target]) for target in self.plan.targets},
                                {target: list(result.human[target]) for target in self.plan.targets})


def count_sentences(plan: RoutePlan, document: Document) -> int:
    """How many sentences ``document`` gives the engine (what :func:`prepare` would cut it into)."""
    return len(prepare(plan, [document]).sentences)


def prepare(plan: RoutePlan, documents: Sequence[Document]) -> PreparedRun:
    """Cut every unit of ``documents`` into the sentences the engine will see."""
    run = PreparedRun(plan, list(documents))
    run.units = [[plan_unit(unit, plan.source, run.sentences) for unit in document.units] for document in run.documents]
    return run
