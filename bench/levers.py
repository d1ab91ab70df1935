"""Speed levers, each measured alone on the same subset of sentences.

Every row decodes the same sentences with the same model; only the lever
changes. Times are wall-clock seconds of the translation call (the model is
loaded and warmed up first), best of ``repeat`` runs.
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from docs import Corpus
from systems import WARM_UP, System, _translator, sentences_of, translate_texts

from translate.engine.decoder import Engine


def _best(run: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def _engine(system: System, **changes: Any) -> Engine:
    engine = Engine([system.package], replace(system.settings, **changes))
    engine.translate(WARM_UP, "de", "en")
    return engine


def _documents_for(corpus: Corpus, sentences: int) -> list[str]:
    chosen, count = [], 0
    for document in corpus.documents:
        if count >= sentences:
            break
        chosen.append(document)
        count += len(sentences_of([document]))
    return chosen


def measure_levers(
    system: System, corpus: Corpus, sentences: int = 200, repeat: int = 1, child_args: Sequence[str] = ()
) -> list[tuple[str, str, float]]:
    """Print and return ``(lever, setting, seconds)`` rows."""
    documents = _documents_for(corpus, sentences)
    texts = sentences_of(documents)
    rows: list[tuple[str, str, float]] = []

    def row(lever: str, setting: str, seconds: float) -> None:
        rows.append((lever, setting, seconds))
        print(f"  {lever:<26} {setting:<54} {seconds:8.2f} s {len(texts) / seconds:7.1f} sent/s", flush=True)

    print(f"speed levers: {len(texts)} sentences in {len(documents)} documents, best of {repeat}")
    engine = _engine(system)
    row("batching across documents", "one call for all documents", _best(
        lambda: translate_texts(engine, documents, "de", ["en"]), repeat))
    row("batching across documents", "one call per document", _best(
        lambda: [translate_texts(engine, [d], "de", ["en"]) for d in documents], repeat))

    # Sorting: CTranslate2 sorts a call's inputs by length before cutting its
    # token batches. Compare with batches cut in document order.
    from translate.engine.tokenizers import load_tokenizer

    tokenizer = load_tokenizer(system.package)
    tokens = tokenizer.encode_batch(texts)
    translator = _translator(system)
    s = system.settings
    options = dict(beam_size=s.beam_size, length_penalty=s.length_penalty,
                   max_decoding_length=s.max_decoding_length, return_scores=True)
    translator.translate_batch(tokens[:2], **options)
    shuffled = list(tokens)
    random.Random(7).shuffle(shuffled)
    row("sorting by length", "CTranslate2 sorts (shuffled input)", _best(
        lambda: translator.translate_batch(shuffled, max_batch_size=s.max_batch_tokens, batch_type="tokens", **options),
        repeat))

    def unsorted_batches() -> None:
        batch: list[list[str]] = []
        for item in tokens:
            # A padded batch costs its longest sentence times its size.
            if batch and (len(batch) + 1) * max(len(item), max(map(len, batch))) > s.max_batch_tokens:
                translator.translate_batch(batch, **options)
                batch = []
            batch.append(item)
        if batch:
            translator.translate_batch(batch, **options)

    row("sorting by length", "no sorting (batches in input order)", _best(unsorted_batches, repeat))

    # Each batch size in its own process, so that its peak memory shows too.
    for tokens_per_batch in (512, 1024, 2048, 4096, 8192):
        seconds, rss = _batch_size_child(system, sentences, tokens_per_batch, repeat, child_args)
        row("token-based batch size", f"max_batch_tokens={tokens_per_batch} ({rss:.0f} MB peak)", seconds)

    for inter, intra in ((1, 0), (1, 1), (2, 1), (1, 2)):
        engine = _engine(system, inter_threads=inter, intra_threads=intra)
        one = _best(lambda: engine.translate(texts[:1], "de", "en"), 3)
        four = _best(lambda: engine.translate(texts[:4], "de", "en"), 3)
        label = f"inter={inter}, intra={intra}{' (all cores)' if intra == 0 else ''}; 1 / 4 sentences {one:.2f} / {four:.2f} s"
        row("threads (2 cores)", label, _best(lambda: engine.translate(texts, "de", "en"), repeat))

    for beam in (1, 2, 4):
        engine = _engine(system, beam_size=beam)
        row("beam size", f"beam_size={beam}", _best(lambda: engine.translate(texts, "de", "en"), repeat))

    def load() -> None:
        fresh = Engine([system.package], system.settings)
        fresh.translate(WARM_UP, "de", "en")

    row("reusing translators", "load model + tokenizer (once per run)", _best(load, repeat))
    engine = _engine(system)
    row("reusing translators", "one sentence, model already loaded", _best(
        lambda: engine.translate(WARM_UP, "de", "en"), repeat))
    return rows


def _batch_size_child(
    system: System, sentences: int, tokens_per_batch: int, repeat: int, child_args: Sequence[str]
) -> tuple[float, float]:
    command = [sys.executable, str(Path(__file__).resolve().parent / "run.py"), "--batch-size-child",
               f"{sentences},{tokens_per_batch},{repeat}", "--beam", str(system.settings.beam_size),
               "--length", str(system.settings.max_decoding_length), *child_args]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    data = json.loads(done.stdout.strip().splitlines()[-1])
    return float(data["seconds"]), float(data["peak_rss_mb"])


def batch_size_child(system: System, corpus: Corpus, spec: str) -> None:
    """In a fresh process: translate the lever sentences with one batch size."""
    sentences, tokens_per_batch, repeat = (int(part) for part in spec.split(","))
    texts = sentences_of(_documents_for(corpus, sentences))
    engine = _engine(system, max_batch_tokens=tokens_per_batch)
    seconds = _best(lambda: engine.translate(texts, "de", "en"), repeat)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_rss_mb": peak}))


def summarize(rows: Sequence[tuple[str, str, float]]) -> dict[str, float]:
    return {f"{lever}: {setting}": round(seconds, 3) for lever, setting, seconds in rows}
