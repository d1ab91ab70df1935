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
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from translate.documents.plain import PlainDocument
from translate.errors import InputError
from translate.files import decode_source, read_bytes
from translate.run.batch import prepare

if TYPE_CHECKING:
    from translate.engine.decoder import Engine
    from translate.engine.plan import RoutePlan
    from translate.glossary.model import Glossary

__all__ = [
    "EvaluationReport", "MarkupScore", "Scores", "TermScore", "evaluate", "evaluate_markup", "markup_elements",
    "read_test_set", "score", "term_success", "translate_lines", "visible_text",
]


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
    # Test sets are UTF-8 (WMT's are); evaluate has no --encoding to suggest.
    text = decode_source(read_bytes(path), str(path), expected="a text file, one segment per line", option=None)
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


# --- inline markup ------------------------------------------------------------------

_VOIDS = ("footnote_ref", "html_inline", "hardbreak")
_PAIRS = {"link_open": "link", "strong_open": "strong", "em_open": "emphasis", "s_open": "strikethrough"}


@dataclass(frozen=True)
class MarkupScore:
    """How a run carried inline Markdown, per element kind."""

    lines: int
    exact: int  # lines whose whole output equals the reference, markup included
    text_kept: int  # lines whose output, markup removed, equals the translation of the plain line
    elements: dict[str, int]  # per kind: elements in the references
    placed: dict[str, int]  # per kind: of those, found in the output around the same words
    outputs: list[str] = field(default_factory=list)  # the translated lines, markup included
    scores: Scores | None = None  # BLEU/chrF of what a reader sees (markup removed) against the same of the references

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"lines": self.lines, "exact": self.exact, "text_kept": self.text_kept,
                                "elements": self.elements, "placed": self.placed,
                                "rates": {kind: round(rate, 4) for kind, rate in self.rates().items()}}
        if self.scores is not None:
            data.update(bleu=round(self.scores.bleu, 2), chrf=round(self.scores.chrf, 2))
        return data

    def rates(self) -> dict[str, float]:
        return {kind: self.placed.get(kind, 0) / count for kind, count in self.elements.items() if count}


def markup_elements(markdown: str) -> list[tuple[str, str]]:
    """``(kind, words)`` of every inline element of a Markdown line.

    A pair's words are the text it wraps; code is its own text; an image is
    its alt text; a void (footnote reference, HTML tag, hard break) is the word
    right before it. Two outputs place an element alike when both have it.
    """
    from translate.documents.markdown import inline_tokens

    found: list[tuple[str, str]] = []
    visible: list[str] = []
    open_at: list[tuple[str, int]] = []
    for token in inline_tokens(markdown):
        if token.type in _PAIRS:
            open_at.append((_PAIRS[token.type], len("".join(visible))))
        elif token.type.endswith("_close") and open_at:
            kind, start = open_at.pop()
            found.append((kind, "".join(visible)[start:].strip()))
        elif token.type == "code_inline":
            found.append(("code", token.content))
            visible.append(token.content)
        elif token.type == "image":
            found.append(("image", token.content))
            visible.append(token.content)
        elif token.type in _VOIDS:
            before = "".join(visible).split()
            found.append((token.type.replace("_inline", "").replace("_ref", ""), before[-1] if before else ""))
        elif token.type in ("text", "text_special", "softbreak"):
            visible.append(token.content if token.type != "softbreak" else " ")
    return sorted(found)


def visible_text(markdown: str) -> str:
    """The text a reader sees of a Markdown line (markup removed)."""
    from translate.documents.markdown import plain_inline

    return plain_inline(markdown)


def evaluate_markup(
    engine: Engine, sources: Sequence[str], references: Sequence[str], source: str, target: str,
    glossary: Glossary | None = None,
) -> MarkupScore:
    """Translate tagged lines (one Markdown sentence or paragraph each) and their plain forms; compare.

    Every line is a Markdown document of its own, translated in one prepared
    run with the plain lines (one batched call per hop), exactly as a publish
    would; the figures need no real model to be meaningful as a mechanism
    check, and measure a real model's own behaviour when one is installed.
    """
    from translate.documents.markdown import MarkdownDocument

    plan = engine.plan(source, [target])
    marked = [MarkdownDocument(f"line {n}", line) for n, line in enumerate(sources, 1)]
    plain = [PlainDocument(f"plain {n}", visible_text(line)) for n, line in enumerate(sources, 1)]
    done = prepare(plan, [*marked, *plain]).translate(engine, glossary=glossary)
    outputs = [document.render(units[target]).text.rstrip("\n") for document, units in zip(marked, done.units)]
    plains = [units[target][0] for units in done.units[len(marked):]]
    elements: dict[str, int] = {}
    placed: dict[str, int] = {}
    exact = kept = 0
    for output, reference, plain_output in zip(outputs, references, plains):
        exact += output == reference
        kept += visible_text(output) == plain_output.strip()
        got = markup_elements(output)
        for element in markup_elements(reference):
            elements[element[0]] = elements.get(element[0], 0) + 1
            if element in got:
                got.remove(element)
                placed[element[0]] = placed.get(element[0], 0) + 1
    scores = score([visible_text(o) for o in outputs], [visible_text(r) for r in references])
    return MarkupScore(len(sources), exact, kept, dict(sorted(elements.items())), dict(sorted(placed.items())),
                       outputs, scores)
