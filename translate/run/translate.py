"""The one place a run's sentences are translated: memory, then glossary, then engine.

:func:`translate_sentences` takes every sentence of a run (every document,
every unit) and a :class:`~translate.engine.plan.RoutePlan`, and returns the
translations into every target of the plan. The stages that change *what*
gets decoded plug in here, in this order:

1. the translation memory: sentences translated before (same text, route,
   model versions, decoding settings and matching glossary entries) are
   reused; only the rest go on;
2. inline markup: its markers are taken out (:mod:`translate.run.markup`),
   so that the glossary and the engine see only natural text, and put back
   into each hop's translation afterwards;
3. the glossary: its terms are enforced on every hop of what is decoded
   (:mod:`translate.enforce`);
4. the engine: one batched CTranslate2 call per hop (and, when sentences
   carry markup, one that translates their marked words on their own;
   where the glossary changed a translation, one that aligns it with its
   source).

Commands never talk to the engine's decoding methods directly; they go
through :class:`translate.run.batch.PreparedRun`, which calls this.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Protocol

from translate.defaults import DECODE_GROUP
from translate.engine.decoder import Engine
from translate.engine.plan import RoutePlan, StepKey
from translate.engine.protocols import Hypothesis, Progress
from translate.enforce.align import piece_spans
from translate.enforce.report import TermRow, decode_rows, encode_rows
from translate.run.markup import Marked, project, strip

if TYPE_CHECKING:
    from translate.engine.packages import ModelPackage
    from translate.glossary.model import Glossary
    from translate.memory.reuse import Fresh
    from translate.memory.store import TranslationMemory

__all__ = ["Executor", "LocalExecutor", "TranslationResult", "decode_groups", "decode_sentences", "merge_results",
           "route_score", "translate_sentences"]


def route_score(hops: Sequence[float | None]) -> float | None:
    """A translation's score from its hops' scores: the lowest (a pivot is as sure as its weakest hop).

    Each hop's score is CTranslate2's length-normalized log-probability of
    that hop's output (per target token, at most 0). Hops without a score
    (a sentence without letters, copied) do not count; none at all: None.
    """
    known = [score for score in hops if score is not None]
    return min(known) if known else None


@dataclass
class TranslationResult:
    """Translations per target language, aligned with the input sentences."""

    translations: dict[str, list[str]]
    terms: list[TermRow] = field(default_factory=list)  # glossary report rows
    reused: int = 0  # sentences served from the translation memory
    translated: int = 0  # sentences decoded by the engine
    markup: Counter[str] = field(default_factory=Counter)  # markers placed, by method (copy, alone, …)
    # Per target, aligned: the model's score of each translation (see :func:`route_score`);
    # None where there is none (a copied sentence, a human translation).
    scores: dict[str, list[float | None]] = field(default_factory=dict)
    # Per target, aligned: whether the translation is a human one from the memory (reviewed).
    human: dict[str, list[bool]] = field(default_factory=dict)


class Executor(Protocol):
    """Where the sentences the memory lacks are decoded (glossary and markup included).

    :meth:`decode` is given the sentences cut into *groups*
    (:func:`decode_groups`) and yields each group's
    :func:`decode_sentences` result, in order, as it is done. The group is
    the unit of decoding everywhere: what is batched together in a group is
    the same wherever it is decoded, so the translations are too (a model's
    near-ties can fall either way when other sentences share its batches).
    The default, ``None`` wherever an executor is asked for, is this process
    (:class:`LocalExecutor`); a cluster's (:mod:`translate.cluster`) must
    yield exactly what it yields.
    """

    def decode(
        self, engine: Engine, plan: RoutePlan, groups: Sequence[Sequence[str]], progress: Progress | None,
        glossary: Glossary | None,
    ) -> Iterator[TranslationResult]: ...


class LocalExecutor:
    """Decodes in this process, group after group, with the run's engine."""

    def decode(
        self, engine: Engine, plan: RoutePlan, groups: Sequence[Sequence[str]], progress: Progress | None,
        glossary: Glossary | None,
    ) -> Iterator[TranslationResult]:
        for group in groups:
            yield decode_sentences(engine, plan, group, progress, glossary)


def decode_groups(sentences: Sequence[str], size: int = DECODE_GROUP) -> list[Sequence[str]]:
    """``sentences`` in consecutive groups of ``size`` (the last one shorter)."""
    return [sentences[start : start + size] for start in range(0, len(sentences), size)]


def merge_results(results: Iterable[TranslationResult], targets: Sequence[str]) -> TranslationResult:
    """One result for consecutive groups: lists joined, term rows moved to the joined positions."""
    merged = TranslationResult({t: [] for t in targets}, scores={t: [] for t in targets},
                               human={t: [] for t in targets})
    for result in results:
        offset = merged.translated  # the sentences of the groups before this one
        for target in targets:
            merged.translations[target].extend(result.translations[target])
            merged.scores[target].extend(result.scores[target])
            merged.human[target].extend(result.human[target])
        merged.terms.extend(replace(row, segment=row.segment + offset) for row in result.terms)
        merged.translated += result.translated
        merged.markup.update(result.markup)
    merged.terms.sort(key=lambda row: (row.language, row.segment))  # as the enforcer orders one group's
    return merged


def translate_sentences(
    engine: Engine,
    plan: RoutePlan,
    sentences: Sequence[str],
    progress: Progress | None = None,
    *,
    glossary: Glossary | None = None,
    memory: TranslationMemory | None = None,
    executor: Executor | None = None,
) -> TranslationResult:
    """Translate ``sentences`` into each target of ``plan``.

    With a ``glossary`` its terms are enforced on every hop and ``terms``
    holds one :class:`TermRow` per occurrence, target language and hop;
    sentences without a term still go through the normal batched path. With
    a ``memory`` only sentences it does not hold are decoded, and their rows
    are stored with them, so a reused sentence is reported as it was when
    first translated. Without one, each distinct sentence is decoded once and
    its repeats take its translation and rows.
    """
    decoder = executor or LocalExecutor()
    if memory is None:
        # Each distinct sentence decoded once, whichever groups its repeats would fall in
        # (with a memory, its lookup does this).
        distinct = list(dict.fromkeys(sentences))
        once = merge_results(decoder.decode(engine, plan, decode_groups(distinct), progress, glossary),
                             plan.targets)
        if len(distinct) == len(sentences):
            return once
        if progress is not None:  # a repeat counts as done on every hop
            progress((len(sentences) - len(distinct)) * plan.hop_count)
        return _repeated(once, sentences, distinct, plan.targets)
    from translate.memory.reuse import translate_with_memory
    from translate.run.keys import glossary_context, memory_keys

    keys = memory_keys(plan, engine.settings.signature(), sentences,
                       glossary_context(glossary, [strip(s).plain for s in sentences], plan.source))
    decoded = 0

    placed: Counter[str] = Counter()

    def misses(todo: list[str], languages: list[str]) -> Iterator[Fresh]:
        nonlocal decoded
        decoded += len(todo)
        for fresh in decoder.decode(engine, plan.only(languages), decode_groups(todo), progress, glossary):
            placed.update(fresh.markup)
            yield _with_notes(fresh, fresh.translated)

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
    return TranslationResult(result.translations, terms, reused=result.reused, translated=result.translated,
                             markup=placed, scores=result.scores, human=result.human)


def _repeated(result: TranslationResult, sentences: Sequence[str], distinct: Sequence[str],
              targets: Sequence[str]) -> TranslationResult:
    """``result`` (of the ``distinct`` sentences) for all ``sentences``: each repeat takes its sentence's translation and term rows."""
    number = {sentence: index for index, sentence in enumerate(distinct)}
    each = [number[sentence] for sentence in sentences]
    places: dict[int, list[int]] = {}
    for index, found in enumerate(each):
        places.setdefault(found, []).append(index)
    terms = [replace(row, segment=index) for row in result.terms for index in places[row.segment]]
    terms.sort(key=lambda row: (row.language, row.segment))  # as merge_results orders them
    return TranslationResult(
        {target: [result.translations[target][found] for found in each] for target in targets},
        terms, translated=len(sentences), markup=result.markup,
        scores={target: [result.scores[target][found] for found in each] for target in targets},
        human={target: [result.human[target][found] for found in each] for target in targets})


def decode_sentences(
    engine: Engine,
    plan: RoutePlan,
    sentences: Sequence[str],
    progress: Progress | None,
    glossary: Glossary | None,
) -> TranslationResult:
    """Decode ``sentences`` into every target of ``plan``: markup stripped, glossary enforced, markup placed.

    No memory: every sentence is decoded (its term rows' ``segment`` indexes
    ``sentences``). This is what runs where decoding runs, in this process or
    on a cluster's workers.
    """
    marked = [strip(sentence) for sentence in sentences]
    plain = [m.plain for m in marked]
    has_markup = any(m.marks for m in marked)
    rows: list[TermRow] = []
    hypotheses: dict[StepKey, list[Hypothesis]] = {}
    if glossary is not None and glossary.entries:
        from translate.enforce.apply import enforce_steps

        steps, rows = enforce_steps(engine, plain, plan, glossary, progress)
        # A repaired hypothesis is not one the model chose: each hop's output is
        # scored as the text it is, in one batched scoring call per hop.
        hop_scores = {step.key: engine.score(step.package, steps[step.parent], steps[step.key])
                      for step in plan.steps}
    else:  # the attention placing markup needs comes with the translation itself
        hypotheses = engine.decode_steps(plain, plan, progress, attention=has_markup)
        steps = {key: [h.text for h in found] for key, found in hypotheses.items()}
        hop_scores = {step.key: [h.score for h in hypotheses[step.key]] for step in plan.steps}
    scores = {
        target: [route_score([hop_scores[step.key][i] for step in plan.along(target)]) for i in range(len(plain))]
        for target in plan.targets
    }
    methods: Counter[str] = Counter()
    if has_markup:
        steps = _place_markup(engine, plan, list(sentences), marked, steps, methods, rows, hypotheses)
    translations = {target: steps[plan.final(target)] for target in plan.targets}
    return TranslationResult(translations=translations, terms=rows, translated=len(sentences), markup=methods,
                             scores=scores, human={t: [False] * len(sentences) for t in plan.targets})


def _place_markup(
    engine: Engine, plan: RoutePlan, sentences: list[str], marked: list[Marked], steps: dict[StepKey, list[str]],
    methods: Counter[str], rows: Sequence[TermRow] = (), hypotheses: dict[StepKey, list[Hypothesis]] | None = None,
) -> dict[StepKey, list[str]]:
    """Every step's translations with the markers of its input projected into them.

    Hop by hop: the markers of a pivot's second hop are those projected into
    the first hop's output. Per hop, the sentences with markers take the
    attention of their own decoding (or, where the glossary changed a
    translation, of one aligning call) and their marked words translated on
    their own; marked words that are a glossary term take the term's
    rendering instead, so a forced term stays inside its emphasis or link.
    """
    terms: dict[tuple[int, str], dict[str, str]] = {}
    for row in rows:
        if row.status != "violated":
            terms.setdefault((row.segment, row.hop), {})[row.source] = row.expected
    placed: dict[StepKey, list[str]] = {(): sentences}
    inputs: dict[StepKey, list[Marked]] = {(): marked}
    for step in plan.steps:
        sources, outputs = inputs[step.parent], steps[step.key]
        todo = [i for i, m in enumerate(sources) if m.marks]
        decoded = (hypotheses or {}).get(step.key, [])
        known = {i: decoded[i] for i in todo
                 if i < len(decoded) and decoded[i].attention and decoded[i].text == outputs[i]}
        rest = [i for i in todo if i not in known]
        known.update(zip(rest, engine.align(step.package, [sources[i].plain for i in rest],
                                            [outputs[i] for i in rest])))
        aligned = [known[i] for i in todo]
        hop = f"{step.package.from_code}-{step.package.to_code}"
        alone = _lone_translations(engine, step.package, [sources[i] for i in todo],
                                   [outputs[i] for i in todo], [terms.get((i, hop), {}) for i in todo])
        tokenizer = engine.tokenizer(step.package)
        texts = list(outputs)
        for i, hypothesis, own in zip(todo, aligned, alone):
            source = sources[i]
            projected = project(source, None, piece_spans(tokenizer.encode(source.plain), source.plain),
                                outputs[i], piece_spans(hypothesis.tokens, outputs[i]), hypothesis.attention, own)
            texts[i] = projected.text
            methods.update(projected.methods.values())
        placed[step.key] = texts
        inputs[step.key] = [strip(text) for text in texts]
    return placed


def _lone_translations(
    engine: Engine, package: ModelPackage, sources: list[Marked], outputs: list[str], terms: list[dict[str, str]]
) -> list[dict[int, str]]:
    """Per sentence, the words each marker needs translated on their own, translated in one call.

    A pair's words when they do not stand unchanged in the translation (a
    copy needs no model), a void's word before it; a pair around the whole
    sentence needs nothing, and a pair around a glossary term (``terms``:
    source form → rendering on this hop) takes the term's rendering.
    """
    wanted: dict[str, int] = {}
    asks: list[dict[int, str]] = []
    known: list[dict[int, str]] = []
    for source, output, rendered in zip(sources, outputs, terms):
        offsets = {mark.index: mark.offset for mark in source.marks}
        ask: dict[int, str] = {}
        given: dict[int, str] = {}
        for opener, closer in source.partners.items():
            words = source.plain[offsets[opener] : offsets[closer]].strip()
            whole = offsets[opener] == 0 and offsets[closer] >= len(source.plain)
            if words in rendered:
                given[opener] = rendered[words]
            elif words and not whole and output.count(words) != 1:
                ask[opener] = words
        paired = set(source.partners) | set(source.partners.values())
        for mark in source.marks:
            before = source.plain[: mark.offset].split()
            if mark.index not in paired and before and 0 < mark.offset < len(source.plain):
                ask[mark.index] = before[-1]
        for words in ask.values():
            wanted.setdefault(words, len(wanted))
        asks.append(ask)
        known.append(given)
    found: dict[str, str] = {}
    if wanted:  # greedy, and about as long as the phrase: it is evidence, not the translation
        # One call, each phrase capped at one and a half times its pieces plus two: a model
        # that runs on after a lone phrase stops there, and the phrase leaves the batch while
        # longer ones go on.
        tokenizer = engine.tokenizer(package)
        group = list(wanted)
        caps = [(3 * len(tokenizer.encode(words))) // 2 + 2 for words in group]
        for words, hypotheses in zip(group, engine.decode(package, group, max_length=caps, greedy=True)):
            found[words] = hypotheses[0].text
    return [{**{index: found[words] for index, words in ask.items()}, **given} for ask, given in zip(asks, known)]


def _with_notes(result: TranslationResult, size: int) -> Fresh:
    """The decoded translations plus, per target and sentence, its rows as the memory's note."""
    from translate.memory.reuse import Fresh

    rows: dict[str, list[list[TermRow]]] = {t: [[] for _ in range(size)] for t in result.translations}
    for row in result.terms:
        rows[row.language][row.segment].append(row)
    notes = {target: [encode_rows(found) for found in per_sentence] for target, per_sentence in rows.items()}
    return Fresh(result.translations, notes, result.scores)
