"""Enforcing glossary terms on one hop (one model, one language pair).

CTranslate2 has no lexically constrained decoding, so a term is enforced with
what it does offer, cheapest first, each step one batched ``decode`` call for
every segment that still needs it:

1. **n-best**: the plain translation (the engine's own beam, with
   attention) either renders every term (*kept*) or the sentence is decoded
   again with ``n`` hypotheses and the best-scored one that renders them all
   is *chosen from n-best*.
2. **forced prefix**: find where the first missing term's rendering starts in
   the best hypothesis (a forbidden rendering found there, else the attention
   alignment of the source term), force the hypothesis up to that point plus
   the tokenized glossary term as ``target_prefixes``, and let the model
   continue freely. The best-scored continuation that renders the term wins;
   repeated while it fixes one more term per round (*repaired*, ``prefix``).
3. **verified replacement**: as a last resort, a known wrong rendering (a
   forbidden form, else the aligned span) is replaced by the term, and the
   result is kept only if it then renders every term (*repaired*,
   ``replacement``).

What is still missing after that is *violated*; the segment keeps the
hypothesis that renders the most terms.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from translate.engine.protocols import Decoder, Hypothesis
from translate.enforce.align import aligned_range, piece_spans, token_at, tokens_in
from translate.enforce.criteria import follows, is_plural, number_hint, plausible, rendered
from translate.glossary.match import Rendering, renderings
from translate.glossary.model import Entry
from translate.enforce.report import KEPT, NBEST, REPAIRED, VIOLATED
from translate.engine.packages import ModelPackage

DEFAULT_N_BEST = 8
MAX_PREFIX_ROUNDS = 4


@dataclass
class Occurrence:
    """A term to render on this hop, as found in the hop's input."""

    entry: Entry
    source: str  # the form in the input text ("Freihandelsabkommens", "free trade agreement")
    span: tuple[int, int] | None  # its characters in the input; None when it is not there


@dataclass
class Job:
    """One distinct input sentence with terms, and what enforcement made of it."""

    text: str
    occurrences: list[Occurrence]
    output: str = ""
    statuses: list[tuple[str, str]] = field(default_factory=list)  # (status, method) per occurrence
    hints: list[bool | None] = field(default_factory=list)  # grammatical number per occurrence


@dataclass
class _Request:
    """One forced-prefix decode: ``form`` forced where occurrence ``index`` belongs."""

    item: _Pending
    index: int
    prefix: list[str]
    form: str
    char_start: int  # where the forced form starts in the text
    tail: str  # what followed the wrong rendering before
    wrong: str  # the wrong rendering itself


@dataclass
class _Pending:
    job: Job
    plain: Hypothesis
    current: Hypothesis  # best so far: renders the most terms
    methods: list[str]  # per occurrence: "" until repaired by a method


class HopEnforcer:
    """Enforces the terms of many jobs on one package, in batched steps."""

    def __init__(self, engine: Decoder, package: ModelPackage, origin: str, n_best: int = DEFAULT_N_BEST) -> None:
        self.engine = engine
        self.package = package
        self.target = package.to_code
        self.input = package.from_code
        self.origin = origin  # the glossary's source language (targets of names derive from it)
        self.n_best = max(1, n_best)

    # -- checking ---------------------------------------------------------

    def satisfied(self, job: Job, text: str) -> list[bool]:
        """Per occurrence: does ``text`` render it, in the right grammatical number?"""
        hints = job.hints or [None] * len(job.occurrences)
        return rendered([o.entry for o in job.occurrences], hints, text, self.target, self.origin, self.input)

    def renderings(self, entry: Entry, text: str) -> Rendering:
        return renderings(entry, text, self.target, self.origin, self.input)

    def _hints(self, job: Job, plain: Hypothesis) -> list[bool | None]:
        """The number of each occurrence as the plain translation rendered it, right or wrong.

        Only an actual rendering (accepted or forbidden) tells; where the model
        wrote something else, the number is left open rather than guessed.
        """
        spans: dict[str, list[tuple[int, int]]] = {}
        hints: list[bool | None] = []
        for occurrence in job.occurrences:
            entry = occurrence.entry
            if entry.id not in spans:
                found = self.renderings(entry, plain.text)
                spans[entry.id] = sorted(found.accepted + found.forbidden)
            if spans[entry.id]:
                start, end = spans[entry.id].pop(0)
                hints.append(number_hint(entry, plain.text[start:end]))
            else:
                hints.append(None)
        return hints

    def _plausible(self, hypothesis: Hypothesis, plain: Hypothesis) -> bool:
        return plausible(hypothesis.text, plain.text)

    # -- the steps --------------------------------------------------------

    def run(self, jobs: Sequence[Job]) -> None:
        """Fill ``output`` and ``statuses`` of every job."""
        if not jobs:
            return
        # The plain translation, decoded exactly as the normal path does (the
        # engine's beam), so that "kept" means the model got it right itself.
        plain_results = self.engine.decode(self.package, [job.text for job in jobs], return_attention=True)
        undecided: list[tuple[Job, Hypothesis, list[bool]]] = []
        for job, (plain, *_rest) in zip(jobs, plain_results):
            job.hints = self._hints(job, plain)
            first = self.satisfied(job, plain.text)
            job.statuses = [(KEPT, "") if ok else (VIOLATED, "") for ok in first]
            job.output = plain.text
            if not all(first):
                undecided.append((job, plain, first))
        pending: list[_Pending] = []
        if undecided and self.n_best > 1:
            alternatives = self.engine.decode(
                self.package, [job.text for job, _, _ in undecided], num_hypotheses=self.n_best
            )
        else:
            alternatives = [[] for _ in undecided]
        for (job, plain, first), hypotheses in zip(undecided, alternatives):
            chosen = next(
                (h for h in hypotheses if self._plausible(h, plain) and all(self.satisfied(job, h.text))), None
            )
            if chosen is not None:
                job.output = chosen.text
                job.statuses = [(KEPT, "") if ok else (NBEST, "n-best") for ok in first]
            else:
                pending.append(_Pending(job, plain, plain, [""] * len(first)))
        for _round in range(MAX_PREFIX_ROUNDS):
            if not pending:
                break
            pending = self._prefix_round(pending)
        for item in pending:
            self._replace(item)

    def _finish(self, item: _Pending, text: str, method: str) -> None:
        """Record ``text`` as the output; statuses follow from what it renders."""
        job = item.job
        first = self.satisfied(job, item.plain.text)
        now = self.satisfied(job, text)
        job.output = text
        statuses = []
        for index, (was, ok) in enumerate(zip(first, now)):
            if was and ok:
                statuses.append((KEPT, ""))
            elif ok:
                statuses.append((REPAIRED, item.methods[index] or method))
            else:
                statuses.append((VIOLATED, ""))
        job.statuses = statuses

    def _locate(self, item: _Pending, index: int) -> tuple[int, int] | None:
        """Target token range of occurrence ``index``'s (wrong) rendering in ``item.current``."""
        hypothesis = item.current
        occurrence = item.job.occurrences[index]
        target_spans = piece_spans(hypothesis.tokens, hypothesis.text)
        found = self.renderings(occurrence.entry, hypothesis.text)
        if found.forbidden:
            start, end = found.forbidden[0]
            first = token_at(target_spans, start)
            last = max(tokens_in(target_spans, start, end), default=first)
            return first, last + 1
        if occurrence.span is None:
            return None
        tokenizer = self.engine.tokenizer(self.package)
        source_tokens = tokenizer.encode(item.job.text)
        source_spans = piece_spans(source_tokens, item.job.text)
        indexes = tokens_in(source_spans, *occurrence.span)
        return aligned_range(hypothesis.attention, indexes, hypothesis.tokens)

    def _forms(self, entry: Entry, capital: bool) -> list[str]:
        forms = list(entry.accepted(self.target, self.origin))
        if capital and not entry.case_sensitive:
            forms = [form[:1].upper() + form[1:] for form in forms]
        return forms

    def _prefix_round(self, pending: list[_Pending]) -> list[_Pending]:
        """One batched decode: each pending job forces its first missing term."""
        requests: list[_Request] = []
        tokenizer = self.engine.tokenizer(self.package)
        unresolved: list[_Pending] = []
        for item in pending:
            missing = [i for i, ok in enumerate(self.satisfied(item.job, item.current.text)) if not ok]
            place = self._locate(item, missing[0]) if missing else None
            tokens = item.current.tokens
            spans = piece_spans(tokens, item.current.text)
            if place is None or place[0] >= len(spans) or place[1] <= place[0]:
                unresolved.append(item)
                continue
            start, end = place
            char_start, char_end = spans[start][0], spans[min(end, len(spans)) - 1][1]
            tail, wrong = item.current.text[char_end:], item.current.text[char_start:char_end]
            capital = start == 0 or tokens[start].lstrip("\u2581")[:1].isupper()
            for form in self._forms(item.job.occurrences[missing[0]].entry, capital):
                prefix = list(tokens[:start]) + tokenizer.encode(form)
                requests.append(_Request(item, missing[0], prefix, form, char_start, tail, wrong))
        results = (
            self.engine.decode(
                self.package,
                [request.item.job.text for request in requests],
                target_prefixes=[request.prefix for request in requests],
                return_attention=True,
            )
            if requests
            else []
        )
        best: dict[int, tuple[float, Hypothesis]] = {}
        for request, hypotheses in zip(requests, results):
            hypothesis, item = hypotheses[0], request.item
            if not self._progress(request, hypothesis):
                continue
            score = hypothesis.score if hypothesis.score is not None else 0.0
            if id(item) not in best or score > best[id(item)][0]:
                best[id(item)] = (score, hypothesis)
        still: list[_Pending] = []
        for item in {id(request.item): request.item for request in requests}.values():
            if id(item) not in best:
                unresolved.append(item)
                continue
            hypothesis = best[id(item)][1]
            before = self.satisfied(item.job, item.current.text)
            after = self.satisfied(item.job, hypothesis.text)
            for index, (was, ok) in enumerate(zip(before, after)):
                if ok and not was and not item.methods[index]:
                    item.methods[index] = "prefix"
            item.current = hypothesis
            if all(after):
                self._finish(item, hypothesis.text, "prefix")
            else:
                still.append(item)
        for item in unresolved:
            self._replace(item)
        return still

    def _progress(self, request: _Request, hypothesis: Hypothesis) -> bool:
        """Is the forced continuation a step forward and still the model's sentence?"""
        item = request.item
        before = self.satisfied(item.job, item.current.text)
        after = self.satisfied(item.job, hypothesis.text)
        if not after[request.index] or any(was and not ok for was, ok in zip(before, after)):
            return False
        if not self._plausible(hypothesis, item.plain):
            return False
        at = hypothesis.text.find(request.form, max(0, request.char_start - 2))
        return at >= 0 and follows(hypothesis.text[at + len(request.form) :], request.tail, request.wrong)

    def _replace(self, item: _Pending) -> None:
        """Last resort: substitute known wrong renderings, keep the result only if it checks out."""
        text = item.current.text
        for index, ok in enumerate(self.satisfied(item.job, text)):
            if ok:
                continue
            occurrence = item.job.occurrences[index]
            span = self._wrong_span(item, index, text)
            if span is None:
                continue
            start, end = span
            wrong = text[start:end]
            form = _closest_form(self._forms(occurrence.entry, wrong[:1].isupper()), item.job.hints[index])
            candidate = text[:start] + form + text[end:]
            before = self.satisfied(item.job, text)
            after = self.satisfied(item.job, candidate)
            if after[index] and not any(was and not now for was, now in zip(before, after)):
                text = candidate
                if not item.methods[index]:
                    item.methods[index] = "replacement"
        self._finish(item, text, "replacement")

    def _wrong_span(self, item: _Pending, index: int, text: str) -> tuple[int, int] | None:
        """Characters of ``text`` that render occurrence ``index`` wrongly, if they can be told."""
        occurrence = item.job.occurrences[index]
        found = self.renderings(occurrence.entry, text)
        if found.forbidden:
            return found.forbidden[0]
        if text != item.current.text:
            return None  # token positions refer to the hypothesis, not to an edited text
        place = self._locate(item, index)
        if place is None:
            return None
        spans = piece_spans(item.current.tokens, text)
        if place[0] >= len(spans):
            return None
        start = spans[place[0]][0]
        end = spans[min(place[1], len(spans)) - 1][1]
        # An aligned span that holds another entry's correct rendering is not ours to replace.
        for other in item.job.occurrences:
            for a, b in self.renderings(other.entry, text).accepted:
                if a < end and start < b:
                    return None
        if end <= start or end - start > 3 * len(occurrence.entry.accepted(self.target, self.origin)[0]) + 10:
            return None
        return start, end


def _closest_form(forms: list[str], plural: bool | None) -> str:
    """The accepted form of the wanted grammatical number (``deals`` → ``agreements``)."""
    if plural is not None:
        for form in forms:
            if is_plural(form) == plural:
                return form
    return forms[0]
