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
With per-sentence term constraints in a WMT terminology format
(:func:`read_term_constraints`), it adds the WMT task's term success rate
(:func:`term_constraint_success`).

sacrebleu is imported only when scoring, so the CLI stays fast.
"""

from __future__ import annotations

import json
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
    "TERM_FORMATS", "TERM_MODES", "EvaluationReport", "MarkupScore", "Scores", "TermConstraintScore",
    "TermConstraints", "TermScore", "evaluate", "evaluate_markup", "markup_elements", "read_term_constraints",
    "read_test_set", "score", "term_constraint_success", "term_success", "translate_lines", "visible_text",
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
    constraints: TermConstraints | None = None
    constraint_score: TermConstraintScore | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "source": self.source, "target": self.target, "lines": self.lines,
            "sentences": self.sentences, "seconds": round(self.seconds, 3),
            "bleu": round(self.scores.bleu, 2), "bleu_signature": self.scores.bleu_signature,
            "chrf": round(self.scores.chrf, 2), "chrf_signature": self.scores.chrf_signature,
        }
        if self.terms is not None:
            data["terms"] = {**asdict(self.terms), "rate": self.terms.rate}
        if self.constraints is not None and self.constraint_score is not None:
            data["term_constraints"] = {
                "file": str(self.constraints.path), "format": self.constraints.format, "mode": self.constraints.mode,
                **asdict(self.constraint_score), "rate": self.constraint_score.rate,
            }
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
    constraints: TermConstraints | None = None,
) -> EvaluationReport:
    """Translate ``sources`` and score the output against ``references`` (and ``constraints``, if given)."""
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
        constraints=constraints,
        constraint_score=term_constraint_success(constraints, sources, hypotheses) if constraints else None,
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


# --- per-sentence term constraints (the WMT terminology task) ------------------------

TERM_FORMATS = ("wmt23", "wmt25")
TERM_MODES = ("proper", "random", "noterm")


@dataclass(frozen=True)
class TermConstraints:
    """The term pairs of each line of a test set, read from a WMT terminology file.

    ``wmt23``: one JSON list per line of the test set, each item an object keyed
    by language code (``[{"de": "Versorgung", "en": "treatment"}]``, the
    ``deen.term.proper``/``deen.term.random`` files). ``wmt25``: one JSON record
    per line holding the source and reference texts and three dictionaries of
    ``source term: target term`` (``proper``, ``random``, ``noterm``); ``mode``
    says which one is scored.
    """

    path: Path
    format: str
    mode: str | None
    pairs: list[list[tuple[str, str]]]  # per line: (source term, target term)
    sources: list[str] | None = None  # wmt25 records carry their texts
    references: list[str] | None = None


@dataclass(frozen=True)
class TermConstraintScore:
    listed: int  # term pairs in the file
    found: int  # ... whose source term occurs in the source line (lower-cased)
    matched: int  # ... of those, whose target term occurs in the output line (lower-cased)

    @property
    def rate(self) -> float | None:
        return self.matched / self.found if self.found else None


def _json_kind(value: object) -> str:
    return "a JSON list" if isinstance(value, list) else "a JSON object" if isinstance(value, dict) else "JSON"


def _term_pairs(where: str, items: object, source: str, target: str) -> list[tuple[str, str]]:
    if not isinstance(items, list):
        raise InputError(f"{where} must be a JSON list of term objects.")
    pairs = []
    for number, item in enumerate(items, 1):
        at = f"{where}, term {number}"
        if not isinstance(item, dict):
            raise InputError(f'{at} must be an object such as {{"{source}": "…", "{target}": "…"}}.')
        for language in (source, target):
            if language not in item:
                raise InputError(f'{at} has no "{language}" term (it has {", ".join(sorted(item))}): '
                                 "check --from and --to.")
            if not isinstance(item[language], str):
                raise InputError(f'{at}: "{language}" must be a string.')
        pairs.append((item[source], item[target]))
    return pairs


def read_term_constraints(
    path: Path, source: str, target: str, *, format: str | None = None, mode: str | None = None,
    lines: int | None = None, source_name: str = "the source",
) -> TermConstraints:
    """Read a WMT23 term-list file or a WMT25 JSONL file (``format`` None: told by its first line).

    ``mode`` picks a WMT25 record's dictionary (``proper`` when None); a WMT23
    file is one mode already and takes none. Every malformed line is reported
    with its number; ``lines`` is the number of
    source lines the file must match (a WMT25 file brings its own).
    """
    text = decode_source(read_bytes(path), str(path), expected="a JSON Lines file of term constraints",
                         option=None)
    rows = text.split("\n")
    if rows and rows[-1] == "":
        rows.pop()
    parsed: list[object] = []
    for number, row in enumerate(rows, 1):
        try:
            parsed.append(json.loads(row))
        except json.JSONDecodeError as error:
            raise InputError(f"{path}: line {number} is not valid JSON ({error.msg} at column {error.colno}): "
                             "every line holds one JSON list (WMT23) or one JSON object (WMT25).") from None
    if not parsed:
        raise InputError(f"{path} is empty: give one line of term constraints per source line.")
    detected = "wmt23" if isinstance(parsed[0], list) else "wmt25" if isinstance(parsed[0], dict) else None
    if detected is None:
        raise InputError(f"{path}: line 1 is neither a WMT23 term list ([{{…}}, …]) nor a WMT25 record ({{…}}).")
    if format is not None and format != detected:
        raise InputError(f"{path}: line 1 is {_json_kind(parsed[0])}, the {detected} format, not {format}: "
                         f"give --terms-format {detected} (or leave it out).")
    first = "a list" if detected == "wmt23" else "an object"
    for number, value in enumerate(parsed, 1):
        if type(value) is not type(parsed[0]):
            raise InputError(f"{path}: line {number} is {_json_kind(value)}, but line 1 is {first}: "
                             "a file holds one format.")
    if detected == "wmt23" and mode is not None:
        raise InputError(f"{path} is a WMT23 term list, one mode per file (deen.term.proper, deen.term.random): "
                         "leave out --terms-mode.")
    if detected == "wmt23":
        pairs = [_term_pairs(f"{path}: line {n}", value, source, target) for n, value in enumerate(parsed, 1)]
        constraints = TermConstraints(path, "wmt23", None, pairs)
    else:
        constraints = _wmt25(path, parsed, source, target, mode or "proper")
    if lines is not None and len(constraints.pairs) != lines:
        raise InputError(f"{path} has {len(constraints.pairs)} line{'s' if len(constraints.pairs) != 1 else ''} "
                         f"of term constraints but {source_name} has {lines} lines: "
                         "line N of the terms belongs to line N of the source.")
    return constraints


def _wmt25(path: Path, records: list[object], source: str, target: str, mode: str) -> TermConstraints:
    pairs: list[list[tuple[str, str]]] = []
    sources: list[str] = []
    references: list[str] = []
    for number, record in enumerate(records, 1):
        assert isinstance(record, dict)
        where = f"{path}: line {number}"
        for language, into in ((source, sources), (target, references)):
            if not isinstance(record.get(language), str):
                raise InputError(f'{where} has no "{language}" text (it has {", ".join(sorted(record))}): '
                                 "check --from and --to.")
            into.append(record[language])
        terms = record.get(mode, {})
        if not isinstance(terms, dict) or not all(isinstance(v, str) for v in terms.values()):
            raise InputError(f'{where}: "{mode}" must be an object of source term: target term strings.')
        pairs.append(list(terms.items()))
    return TermConstraints(path, "wmt25", mode, pairs, sources, references)


def term_constraint_success(
    constraints: TermConstraints, sources: Sequence[str], hypotheses: Sequence[str]
) -> TermConstraintScore:
    """The term success rate as the WMT terminology task scores it (micro-averaged over term pairs).

    As in the WMT 2025 track-1 scorer (``ranking/metric_track1/evaluate_track1.py``
    in github.com/wmt-conference/wmt25-terminology), which continues the WMT 2023
    task's rate (Semenov et al. 2023, "Findings of the WMT 2023 Shared Task on
    Machine Translation with Terminologies"): a pair counts when its source
    term occurs in the source line and is met when its target term occurs in
    the output line, both as substrings after lower-casing; the rate is the met
    pairs over the counted ones, over the whole set. The official scorer also
    accepts a match of the terms' stanza lemmas; babelpress does not lemmatize,
    so on inflected targets its figure can be lower than the official one.
    """
    listed = found = matched = 0
    for pairs, source_line, hypothesis in zip(constraints.pairs, sources, hypotheses):
        source_lower, hypothesis_lower = source_line.lower(), hypothesis.lower()
        for source_term, target_term in pairs:
            listed += 1
            if source_term.lower() in source_lower:
                found += 1
                matched += target_term.lower() in hypothesis_lower
    return TermConstraintScore(listed=listed, found=found, matched=matched)
