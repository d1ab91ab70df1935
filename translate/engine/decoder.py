"""The translation engine: batched CTranslate2 decoding over Argos packages.

One :class:`Engine` per process loads each package's model and tokenizer once
and translates whole lists of sentences in a single ``translate_batch`` call
per hop (token-based batches; CTranslate2 sorts by length internally).
Languages without a direct package are reached through a pivot, and when
several targets share a first hop (de→en for both en and es) it is decoded once.

``ctranslate2`` is imported here only, and lazily, so the CLI starts fast.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from translate.engine.packages import ModelPackage, installed_packages
from translate.engine.plan import RoutePlan, StepKey
from translate.engine.protocols import Hypothesis, Progress
from translate.engine.routes import Route
from translate.engine.tokenizers import BPETokenizer, SentencePieceTokenizer, load_tokenizer
from translate.errors import ConfigError, EngineError

if TYPE_CHECKING:
    import ctranslate2

__all__ = ["Engine", "EngineSettings", "EngineStats", "Hypothesis", "Progress"]


BATCH_TOKENS = 2048
"""Source tokens decoded at once, across all parallel batches: the decoding's working set.

Each batch holds, per sentence and beam, the decoder's state and the
encoder's output for every layer; at beam 4 a 2,048-token batch of a
Transformer-base model holds about 400 MB. Two parallel batches of 1,024
tokens decode as fast as two of 2,048 on two cores and hold half of it."""


@dataclass(frozen=True)
class EngineSettings:
    """Decoding settings; part of every stored translation's signature."""

    beam_size: int = 4
    # Source tokens per CTranslate2 batch; 0: BATCH_TOKENS shared among the two parallel batches, so that
    # two batches decoded at once hold what one did (bench/README.md, "token-based batch size").
    max_batch_tokens: int = 0
    compute_type: str = "int8"
    device: str = "cpu"
    # Two batches decoded in parallel with one thread each is fastest on a
    # 2-core machine, 3-4x faster than one batch on all cores for the few
    # sentences of an edit or a --text run (bench/README.md, "threads").
    inter_threads: int = field(default_factory=lambda: _split_threads(0)[0])
    intra_threads: int = field(default_factory=lambda: _split_threads(0)[1])
    max_decoding_length: int = 256
    length_penalty: float = 1.0

    def __post_init__(self) -> None:
        if self.beam_size < 1:
            raise ConfigError(f"beam size must be at least 1 (got {self.beam_size}).")
        if self.max_batch_tokens < 0:
            raise ConfigError(f"max batch tokens must be at least 1 (got {self.max_batch_tokens}).")
        if self.inter_threads < 1 or self.intra_threads < 0:
            raise ConfigError("threads must be positive (intra_threads may be 0 for 'all cores').")
        if self.max_batch_tokens == 0:  # frozen: the one place the default is resolved
            # Shared among the parallel batches a machine of two cores or more decodes; a fixed
            # share, not inter_threads, so the batches (and translations) are the same anywhere.
            object.__setattr__(self, "max_batch_tokens", max(1, BATCH_TOKENS // _SHARES))

    @classmethod
    def with_threads(cls, threads: int = 0, **options: Any) -> EngineSettings:
        """Settings using ``threads`` CPU threads in all (0: every core)."""
        inter, intra = _split_threads(threads)
        return cls(inter_threads=inter, intra_threads=intra, **options)

    def signature(self) -> dict[str, Any]:
        """The settings that change a translation's text (threads do not)."""
        return {
            "beam_size": self.beam_size,
            "compute_type": self.compute_type,
            "max_decoding_length": self.max_decoding_length,
            "length_penalty": self.length_penalty,
        }


@dataclass
class EngineStats:
    """Counters for tests and benchmarks: what the engine actually did."""

    calls: int = 0  # translate_batch calls, one per hop and request
    sentences: int = 0  # sentences sent to the model (after de-duplication)
    source_tokens: int = 0
    target_tokens: int = 0
    seconds: float = 0.0  # time inside CTranslate2
    models_loaded: int = 0
    routes_resolved: int = 0  # routes looked up (RoutePlan.resolve: one per target and run)
    calls_by_pair: Counter[str] = field(default_factory=Counter)
    scored: int = 0  # given translations scored (score_batch), not counted in calls

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["calls_by_pair"] = dict(self.calls_by_pair)
        return data


class _LoadedPackage:
    def __init__(self, package: ModelPackage, settings: EngineSettings) -> None:
        import ctranslate2

        self.package = package
        self.prefix = package.target_prefix.split() if package.target_prefix else []
        try:
            self.translator: ctranslate2.Translator = ctranslate2.Translator(
                str(package.model_dir),
                device=settings.device,
                compute_type=settings.compute_type,
                inter_threads=settings.inter_threads,
                intra_threads=settings.intra_threads,
            )
            self.tokenizer: SentencePieceTokenizer | BPETokenizer = load_tokenizer(package)
        except (RuntimeError, OSError, ValueError) as exc:
            raise EngineError(
                f"The model package {package.name} ({package.path}) could not be loaded: {exc}. "
                f"Reinstall it with `babelpress models install {package.from_code} {package.to_code}` "
                "or from its .argosmodel file."
            ) from None


class Engine:
    """Translates lists of sentences between languages with installed packages."""

    def __init__(
        self,
        packages: Sequence[ModelPackage] | None = None,
        settings: EngineSettings | None = None,
    ) -> None:
        self._packages = list(packages) if packages is not None else None
        self.settings = settings or EngineSettings()
        self.stats = EngineStats()
        self._loaded: dict[str, _LoadedPackage] = {}

    @property
    def packages(self) -> list[ModelPackage]:
        if self._packages is None:
            self._packages = installed_packages()
        return self._packages

    def plan(self, source: str, targets: Sequence[str]) -> RoutePlan:
        """Resolve the routes of a run once; a missing model fails here, before any work."""
        plan = RoutePlan.resolve(self.packages, source, targets)
        self.stats.routes_resolved += len(plan.targets)
        return plan

    def route(self, source: str, target: str) -> Route:
        """One pair's route (a plan of one target)."""
        return self.plan(source, [target]).routes[target]

    def reset_stats(self) -> None:
        self.stats = EngineStats()

    def close(self) -> None:
        """Release every loaded model."""
        self._loaded.clear()

    def _load(self, package: ModelPackage) -> _LoadedPackage:
        key = str(package.path)
        if key not in self._loaded:
            self._loaded[key] = _LoadedPackage(package, self.settings)
            self.stats.models_loaded += 1
        return self._loaded[key]

    def tokenizer(self, package: ModelPackage) -> SentencePieceTokenizer | BPETokenizer:
        """The package's tokenizer (loads the package on first use).

        The glossary encodes target terms with it to force them through
        ``target_prefixes``, and maps source terms to token positions.
        """
        return self._load(package).tokenizer

    def decode(
        self,
        package: ModelPackage,
        sentences: Sequence[str],
        *,
        num_hypotheses: int = 1,
        target_prefixes: Sequence[Sequence[str] | None] | None = None,
        return_attention: bool = False,
        progress: Progress | None = None,
        max_length: int | Sequence[int] | None = None,
        greedy: bool = False,
    ) -> list[list[Hypothesis]]:
        """Decode ``sentences`` with one package in one batched call.

        ``target_prefixes`` (tokens per sentence, after the package's own
        prefix) force the start of a hypothesis; the glossary uses it to repair
        a term. ``max_length`` bounds the target tokens below the settings'
        limit (a lone phrase may make a model trained on sentences run on);
        a sequence bounds each sentence on its own, which needs ``greedy``:
        a sentence leaves the batch at its bound, and the rest go on.
        ``greedy`` decodes with beam 1 (a forced prefix needs no beam).
        Returns ``num_hypotheses`` hypotheses per sentence, best first.
        """
        if not sentences:
            return []
        loaded = self._load(package)
        tokenizer = loaded.tokenizer
        source = tokenizer.encode_batch(list(sentences))
        prefixes: list[list[str]] | None = None
        if loaded.prefix or target_prefixes is not None:
            extra = target_prefixes or [None] * len(source)
            prefixes = [loaded.prefix + list(p or []) for p in extra]
        bounds: list[int] | None = None
        if max_length is not None and not isinstance(max_length, int):
            if not greedy:
                raise ValueError("a bound per sentence needs greedy decoding")
            bounds = [min(bound, self.settings.max_decoding_length) for bound in max_length]
            max_length = max(bounds)
        options = dict(
            max_batch_size=self._batch_tokens(source),
            batch_type="tokens",
            beam_size=max(1 if greedy else self.settings.beam_size, num_hypotheses),
            num_hypotheses=num_hypotheses,
            length_penalty=self.settings.length_penalty,
            max_decoding_length=min(max_length or self.settings.max_decoding_length,
                                    self.settings.max_decoding_length),
            return_scores=True,
            return_attention=return_attention,
            replace_unknowns=True,
        )
        if bounds is not None:  # CTranslate2 asks after each token (its prefix's too) whether that sentence is done
            options["callback"] = lambda step: step.step + 1 >= bounds[step.batch_id]
        started = time.perf_counter()
        try:
            if progress is None:
                results = loaded.translator.translate_batch(source, prefixes, **options)
            else:
                results = self._with_progress(loaded.translator, source, prefixes, options, progress)
        except RuntimeError as exc:
            raise EngineError(f"Decoding with {package.name} failed: {exc}") from None
        self.stats.seconds += time.perf_counter() - started
        self.stats.calls += 1
        self.stats.calls_by_pair[package.pair] += 1
        self.stats.sentences += len(source)
        self.stats.source_tokens += sum(len(tokens) for tokens in source)
        output: list[list[Hypothesis]] = []
        drop = len(loaded.prefix)
        for result in results:
            hypotheses = []
            for index, tokens in enumerate(result.hypotheses):
                tokens = list(tokens[drop:])
                self.stats.target_tokens += len(tokens)
                scores = result.scores
                attention = result.attention[index][drop:] if return_attention else None
                hypotheses.append(
                    Hypothesis(
                        text=tokenizer.decode(tokens).strip(),
                        tokens=tokens,
                        score=scores[index] if scores else None,
                        attention=attention,
                    )
                )
            output.append(hypotheses)
        return output

    def _batch_tokens(self, source: Sequence[Sequence[str]]) -> int:
        """The tokens per CTranslate2 batch: the settings' budget, or less, so both workers get a share.

        A call smaller than two full batches (lone phrases, a short document)
        would otherwise be one batch on one worker while the other idles. The
        share count is fixed (the parallel batches of a machine with two cores
        or more), not read from the thread settings: the batches, and so the
        translations, are the same with any number of threads, on any machine
        or cluster worker.
        """
        budget, workers = self.settings.max_batch_tokens, _SHARES
        total = sum(len(tokens) for tokens in source)
        if workers > 1 and total < budget * workers:
            return max(1, min(budget, -(-total // workers) + max(len(tokens) for tokens in source)))
        return budget

    @staticmethod
    def _with_progress(
        translator: ctranslate2.Translator,
        source: list[list[str]],
        prefixes: list[list[str]] | None,
        options: dict[str, Any],
        progress: Progress,
    ) -> list[Any]:
        # Still one batched call: asynchronous results let us report progress
        # as CTranslate2 finishes its internal length-sorted batches.
        pending = translator.translate_batch(source, prefixes, asynchronous=True, **options)
        results = []
        for item in pending:
            results.append(item.result())
            progress(1)
        return results

    def translate_hop(
        self, package: ModelPackage, sentences: Sequence[str], progress: Progress | None = None
    ) -> list[str]:
        """Best translation of each sentence with one package.

        Identical sentences are decoded once; segments without any letter
        (numbers, punctuation, empty) are copied as they are.
        """
        return [hypothesis.text for hypothesis in self.decode_hop(package, sentences, progress)]

    def decode_hop(
        self, package: ModelPackage, sentences: Sequence[str], progress: Progress | None = None,
        attention: bool = False,
    ) -> list[Hypothesis]:
        """:meth:`translate_hop` with each best hypothesis (its tokens; its attention if asked).

        A sentence copied as it is (no letter) has no tokens and no attention.
        """
        unique: dict[str, int] = {}
        for sentence in sentences:
            if _needs_model(sentence) and sentence not in unique:
                unique[sentence] = len(unique)
        wanted = list(unique)
        done = self.decode(package, wanted, progress=progress, return_attention=attention) if wanted else []
        if progress is not None:
            progress(len(sentences) - len(wanted))
        return [done[unique[s]][0] if s in unique else Hypothesis(s, [], None) for s in sentences]

    def translate(
        self, sentences: Sequence[str], source: str, target: str, progress: Progress | None = None
    ) -> list[str]:
        """Best translation of each sentence into one target (resolves its own plan)."""
        return self.translate_many(sentences, self.plan(source, [target]), progress)[target]

    def translate_many(
        self, sentences: Sequence[str], plan: RoutePlan, progress: Progress | None = None
    ) -> dict[str, list[str]]:
        """Translate ``sentences`` into every target of ``plan``; shared hops run once."""
        steps = self.decode_steps(sentences, plan, progress)
        return {target: [hypothesis.text for hypothesis in steps[plan.final(target)]] for target in plan.targets}

    def decode_steps(
        self, sentences: Sequence[str], plan: RoutePlan, progress: Progress | None = None, attention: bool = False
    ) -> dict[StepKey, list[Hypothesis]]:
        """Every step's best hypotheses (``()``: the sentences, as hypotheses without tokens)."""
        outputs: dict[StepKey, list[Hypothesis]] = {(): [Hypothesis(s, [], None) for s in sentences]}
        for step in plan.steps:
            inputs = [hypothesis.text for hypothesis in outputs[step.parent]]
            outputs[step.key] = self.decode_hop(step.package, inputs, progress, attention)
        return outputs

    def score(self, package: ModelPackage, sources: Sequence[str], targets: Sequence[str]) -> list[float | None]:
        """The model's score of each given translation: its mean log-probability per target token.

        One batched CTranslate2 ``score_batch`` call: the same measure as a
        decoded hypothesis's score (length-normalized log-probability), for a
        text the model did not necessarily choose (a glossary-repaired one).
        A source without any letter (copied, not decoded) has no score.
        """
        wanted = [i for i, (source, target) in enumerate(zip(sources, targets))
                  if _needs_model(source) and target.strip()]
        found: list[float | None] = [None] * len(sources)
        if not wanted:
            return found
        loaded = self._load(package)
        tokenizer = loaded.tokenizer
        source = tokenizer.encode_batch([sources[i] for i in wanted])
        target = [loaded.prefix + tokenizer.encode(targets[i]) for i in wanted]
        try:
            results = loaded.translator.score_batch(source, target, max_batch_size=self._batch_tokens(source),
                                                    batch_type="tokens", offset=len(loaded.prefix))
        except RuntimeError as exc:
            raise EngineError(f"Scoring with {package.name} failed: {exc}") from None
        self.stats.scored += len(wanted)
        for index, result in zip(wanted, results):
            probs = list(result.log_probs)
            found[index] = sum(probs) / len(probs) if probs else None
        return found

    def align(self, package: ModelPackage, sources: Sequence[str], targets: Sequence[str]) -> list[Hypothesis]:
        """Each target as the model's forced translation of its source, with its attention.

        One batched call: the target's tokens are forced as a prefix, so the
        model attends as it would have producing them (what placing inline
        markup into a translation needs).
        """
        if not sources:
            return []
        tokenizer = self._load(package).tokenizer
        prefixes = [tokenizer.encode(target) for target in targets]
        found = self.decode(package, sources, target_prefixes=prefixes, return_attention=True,
                            max_length=max(len(prefix) for prefix in prefixes) + 1, greedy=True)
        aligned = []
        for prefix, target, hypotheses in zip(prefixes, targets, found):
            attention = (hypotheses[0].attention or [])[: len(prefix)]
            aligned.append(Hypothesis(target, prefix, hypotheses[0].score, attention))
        return aligned


_SHARES = 2  # a small call is cut into this many batches (see Engine._batch_tokens)


def _split_threads(threads: int) -> tuple[int, int]:
    """``threads`` (0: all cores) as (parallel batches, threads per batch)."""
    total = threads if threads > 0 else (os.cpu_count() or 1)
    inter = min(2, total)
    return inter, max(1, total // inter)


def _needs_model(sentence: str) -> bool:
    return any(ch.isalpha() for ch in sentence)
