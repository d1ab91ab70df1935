"""Translating a run's segments with the glossary enforced on every hop.

Segments without a term take the engine's normal batched path
(the decoder's ``translate_hop``); segments with terms go through
:class:`HopEnforcer`, whose every step is one batched call for all of them.
The run's :class:`~translate.engine.plan.RoutePlan` is walked step by step,
as the engine walks it, so a hop shared by several targets (de→en for en and
es) is decoded and enforced once. On a
pivot the second hop's terms are the first hop's renderings: the English term
becomes the source term for English→Spanish.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from translate.enforce.enforce import DEFAULT_N_BEST, HopEnforcer, Job, Occurrence
from translate.enforce.report import TermRow
from translate.engine.packages import ModelPackage
from translate.engine.plan import RoutePlan, StepKey
from translate.engine.protocols import Decoder, Progress
from translate.glossary.match import find_renderings, find_terms
from translate.glossary.model import Glossary


@dataclass
class _HopResult:
    texts: list[str]
    occurrences: list[list[Occurrence]]  # what this hop had to render, per segment
    statuses: list[list[tuple[str, str] | None]]  # per segment and occurrence; None: not enforced here


def _enforced(occurrence: Occurrence, target: str, origin: str) -> bool:
    return occurrence.entry.target(target, origin) is not None


def _run_hop(
    engine: Decoder,
    package: ModelPackage,
    texts: list[str],
    occurrences: list[list[Occurrence]],
    origin: str,
    n_best: int,
    progress: Progress | None,
) -> _HopResult:
    target = package.to_code
    with_terms = [i for i, found in enumerate(occurrences) if any(_enforced(o, target, origin) for o in found)]
    chosen = set(with_terms)
    plain = [i for i in range(len(texts)) if i not in chosen]
    outputs = list(texts)
    for index, text in zip(plain, engine.translate_hop(package, [texts[i] for i in plain], progress)):
        outputs[index] = text
    jobs: dict[str, Job] = {}
    for index in with_terms:
        if texts[index] not in jobs:
            enforced = [o for o in occurrences[index] if _enforced(o, target, origin)]
            jobs[texts[index]] = Job(texts[index], enforced)
    HopEnforcer(engine, package, origin, n_best).run(list(jobs.values()))
    if progress is not None and with_terms:
        progress(len(with_terms))
    statuses: list[list[tuple[str, str] | None]] = [[None] * len(found) for found in occurrences]
    for index in with_terms:
        job = jobs[texts[index]]
        outputs[index] = job.output
        results = iter(job.statuses)
        statuses[index] = [next(results) if _enforced(o, target, origin) else None for o in occurrences[index]]
    return _HopResult(outputs, occurrences, statuses)


def _next_occurrences(result: _HopResult, target: str, origin: str) -> list[list[Occurrence]]:
    """The terms as the next hop will see them: their renderings in this hop's output."""
    carried: list[list[Occurrence]] = []
    for text, found in zip(result.texts, result.occurrences):
        spans: dict[str, list[tuple[int, int]]] = {}
        following = []
        for occurrence in found:
            entry = occurrence.entry
            if entry.id not in spans:
                accepted = entry.accepted(target, origin)
                spans[entry.id] = find_renderings(entry, accepted, text) if accepted else []
            span = spans[entry.id].pop(0) if spans[entry.id] else None
            source = text[span[0] : span[1]] if span else (entry.target(target, origin) or occurrence.source)
            following.append(Occurrence(entry, source, span))
        carried.append(following)
    return carried


def enforce_steps(
    engine: Decoder,
    segments: Sequence[str],
    plan: RoutePlan,
    glossary: Glossary,
    progress: Progress | None = None,
    n_best: int = DEFAULT_N_BEST,
) -> tuple[dict[StepKey, list[str]], list[TermRow]]:
    """The output of every step of ``plan`` with the glossary enforced, and the report rows."""
    origin = glossary.source
    first = [
        [Occurrence(m.entry, m.text, (m.term_start, m.term_end)) for m in find_terms(glossary, text, plan.source)]
        for text in segments
    ]
    inputs: dict[tuple[str, ...], tuple[list[str], list[list[Occurrence]]]] = {(): (list(segments), first)}
    hops: dict[tuple[str, ...], _HopResult] = {}
    for step in plan.steps:
        texts, occurrences = inputs[step.parent]
        result = _run_hop(engine, step.package, texts, occurrences, origin, n_best, progress)
        hops[step.key] = result
        inputs[step.key] = (result.texts, _next_occurrences(result, step.package.to_code, origin))
    rows: list[TermRow] = []
    for target in plan.targets:
        for step in plan.along(target):
            hop, result = step.package, hops[step.key]
            for segment, (found, statuses) in enumerate(zip(result.occurrences, result.statuses)):
                for occurrence, status in zip(found, statuses):
                    if status is None:
                        continue
                    rows.append(
                        TermRow(
                            document=0,
                            segment=segment,
                            language=target,
                            hop=f"{hop.from_code}-{hop.to_code}",
                            entry=occurrence.entry.id,
                            source=occurrence.source,
                            expected=occurrence.entry.target(hop.to_code, origin) or "",
                            status=status[0],
                            method=status[1],
                        )
                    )
    rows.sort(key=lambda row: (row.language, row.segment))
    return {key: texts for key, (texts, _) in inputs.items()}, rows
