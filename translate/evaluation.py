"""Scoring a translation run against reference translations.

A test set is two aligned files, one segment per line (a sentence or a whole
paragraph, as in WMT23). Every line is a plain document of a prepared run
(:mod:`translate.run.batch`: the same sentence plan as ``translate`` and
``publish``, one batched model call per hop), put back together, and scored with
sacrebleu's corpus BLEU and chrF under their default settings — the same
figures and signatures as ``sacrebleu REF -i HYP -m bleu chrf``, so they can be
compared with published results. With a glossary, the run enforces it and the
report adds the term success rate: of the glossary terms found in the source
lines, the share whose glossary translation appears in the output line.

sacrebleu is imported only when scoring, so the CLI stays fast.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from translate.documents.plain import PlainDocument
from translate.errors import InputError
from translate.files import read_source
from translate.run.batch import prepare

if TYPE_CHECKING:
    from translate.engine.decoder import Engine
    from translate.engine.plan import RoutePlan
    from translate.glossary.model import Glossary

__all__ = ["EvaluationReport", "Scores", "TermScore", "evaluate", "read_test_set", "score", "term_success", "translate_lines"]


@dataclass(frozen=True)
class Scores:
    bleu: float
    bleu_signature: str
    chrf: float
    chrf_signature: str


@dataclass(frozen=True)
class TermScore:
    found: int  # (line, glossary entry) pairs whose term occurs in the source
    correct: int  # ... whose glossary translation is in the output as often as in the source

    @property
    def rate(self) -> float:
        return self.correct / self.found if self.found else 1.0


@dataclass(frozen=True)
class EvaluationReport:
    source: str
    target: str
    lines: int
    sentences: int
    seconds: float  # translating, not scoring
    scores: Scores
    hypotheses: list[str]
    terms: TermScore | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "source": self.source, "target": self.target, "lines": self.lines,
            "sentences": self.sentences, "seconds": round(self.seconds, 3),
            "bleu": round(self.scores.bleu, 2), "bleu_signature": self.scores.bleu_signature,
            "chrf": round(self.scores.chrf, 2), "chrf_signature": self.scores.chrf_signature,
        }
        if self.terms is not None:
            data["terms"] = {**asdict(self.terms), "rate": self.terms.rate}
        return data


def _lines(path: Path) -> list[str]:
    text = read_source(path)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def read_test_set(source_path: Path, reference_path: Path) -> tuple[list[str], list[str]]:
    """Aligned source and reference lines; a clear error when they do not align."""
    sources, references = _lines(source_path), _lines(reference_path)
    if not sources:
        raise InputError(f"{source_path} is empty: give one source segment per line.")
    if len(sources) != len(references):
        raise InputError(
            f"{source_path} has {len(sources)} lines but {reference_path} has {len(references)}: "
            "the source and the reference must be aligned line by line."
        )
    return sources, references


def translate_lines(
    engine: Engine, plan: RoutePlan, lines: Sequence[str], glossary: Glossary | None = None
) -> tuple[list[str], int]:
    """One translation per line into the plan's one target; and the sentence count."""
    (target,) = plan.targets
    run = prepare(plan, [PlainDocument(f"line {number}", line) for number, line in enumerate(lines, 1)])
    done = run.translate(engine, glossary=glossary)
    # A hypothesis is one line: a newline inside a translation would shift every later line.
    output = [units[target][0].replace("\n", " ") for units in done.units]
    return output, len(run.sentences)


def score(hypotheses: Sequence[str], references: Sequence[str]) -> Scores:
    """sacrebleu corpus BLEU and chrF with default settings (one reference)."""
    from sacrebleu.metrics.bleu import BLEU
    from sacrebleu.metrics.chrf import CHRF

    bleu, chrf = BLEU(), CHRF()
    refs = [list(references)]
    return Scores(
        bleu=bleu.corpus_score(list(hypotheses), refs).score,
        bleu_signature=str(bleu.get_signature()),
        chrf=chrf.corpus_score(list(hypotheses), refs).score,
        chrf_signature=str(chrf.get_signature()),
    )


def term_success(glossary: Glossary, sources: Sequence[str], hypotheses: Sequence[str], target: str) -> TermScore:
    """How many source terms got their glossary translation (per line and entry)."""
    from translate.glossary.check import check_translation

    found = correct = 0
    for source_line, hypothesis in zip(sources, hypotheses):
        for row in check_translation(glossary, hypothesis, target, source_line):
            if row.status in ("ok", "missing") and row.line == 0:
                found += 1
                correct += row.status == "ok"
    return TermScore(found=found, correct=correct)


def evaluate(
    engine: Engine,
    sources: Sequence[str],
    references: Sequence[str],
    source: str,
    target: str,
    glossary: Glossary | None = None,
) -> EvaluationReport:
    """Translate ``sources`` and score the output against ``references``."""
    plan = engine.plan(source, [target])  # a missing model fails before any work
    started = time.perf_counter()
    hypotheses, sentences = translate_lines(engine, plan, sources, glossary)
    seconds = time.perf_counter() - started
    return EvaluationReport(
        source=source,
        target=target,
        lines=len(sources),
        sentences=sentences,
        seconds=seconds,
        scores=score(hypotheses, references),
        hypotheses=hypotheses,
        terms=term_success(glossary, sources, hypotheses, target) if glossary is not None else None,
    )
