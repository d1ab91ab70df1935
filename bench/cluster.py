"""Part (f) of bench/run.py: a cold publish on a Ray cluster against the same publish decoded locally.

A two-CPU Ray cluster is started on this machine first (as a user's cluster
is running before they publish), then the same documents are published cold
(empty translation memory, fresh engine) alternately with the local executor
and with ``RayExecutor`` (2 workers × 1 thread), each ``--ray-rounds`` times.
Both must publish byte-identical files. Each run also records how long the
publish waited for decoding (the executor's results), so the rest — reading,
memory lookups and stores, rendering, committing: the driver's own work — is
measured per document and per sentence, for the extrapolation to N machines.
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from systems import System, publish_run

_ENV = {"RAY_AUTH_MODE": "disabled", "RAY_USAGE_STATS_ENABLED": "0", "RAY_BACKEND_LOG_LEVEL": "fatal"}


class _Timed:
    """An executor that counts the time the publish spends waiting for its results."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.waiting = inner, 0.0

    def decode(self, engine: Any, plan: Any, groups: Sequence[Sequence[str]], progress: Any,
               glossary: Any) -> Iterator[Any]:
        results = self.inner.decode(engine, plan, groups, progress, glossary)
        while True:
            started = time.perf_counter()
            try:
                result = next(results)
            except StopIteration:
                self.waiting += time.perf_counter() - started
                return
            self.waiting += time.perf_counter() - started
            yield result


def measure_cluster(system: System, documents: Sequence[str], rounds: int, workers: int = 2,
                    threads: int = 1) -> dict[str, Any]:
    import ray

    from translate.cluster.executor import connect
    from translate.run.translate import LocalExecutor

    home = Path(tempfile.mkdtemp(prefix="bp-ray-"))
    saved = dict(os.environ)
    os.environ.update(_ENV)
    os.environ["TMPDIR"] = str(home / "tmp")  # where the workers unpack the model
    (home / "tmp").mkdir()
    try:
        started = time.perf_counter()
        ray.init(num_cpus=workers * threads, include_dashboard=False, log_to_driver=False,
                 _temp_dir=str(home / "ray"))
        startup = time.perf_counter() - started
        os.environ.clear()
        os.environ.update(saved)
        runs: dict[str, list[dict[str, Any]]] = {"local": [], "ray": []}
        for turn in range(rounds):
            for name in (("local", "ray") if turn % 2 == 0 else ("ray", "local")):
                inner = LocalExecutor() if name == "local" else connect(workers=workers, threads=threads)
                timed = _Timed(inner)
                workdir = home / f"{name}-{turn}"
                result = publish_run(system, documents, workdir / "memory.sqlite3", workdir, executor=timed)
                result["waiting"] = timed.waiting
                runs[name].append(result)
                shutil.rmtree(workdir)
    finally:
        ray.shutdown()
        os.environ.clear()
        os.environ.update(saved)
        shutil.rmtree(home, ignore_errors=True)
    if any(run["outputs"] != runs["local"][0]["outputs"] for run in runs["local"] + runs["ray"]):
        raise SystemExit("the Ray publish did not give the local publish's files byte for byte")
    ratios = [r["seconds"] / l["seconds"] for l, r in zip(runs["local"], runs["ray"])]
    ray_best = min(runs["ray"], key=lambda run: run["seconds"])
    local_best = min(runs["local"], key=lambda run: run["seconds"])
    sentences, docs = ray_best["sentences"], ray_best["documents"]
    driver = ray_best["seconds"] - ray_best["waiting"]
    return {
        "startup_seconds": startup, "rounds": rounds, "workers": workers, "threads": threads,
        "local_seconds": local_best["seconds"], "ray_seconds": ray_best["seconds"],
        "ratio": statistics.median(ratios), "ratios": ratios,
        "sentences": sentences, "documents": docs,
        "driver_seconds": driver, "driver_ms_per_document": 1000 * driver / docs,
        "driver_ms_per_sentence": 1000 * driver / sentences,
        "worker_ms_per_sentence": 1000 * ray_best["waiting"] * workers / sentences,
        "local_driver_seconds": local_best["seconds"] - local_best["waiting"],
    }


def report(found: dict[str, Any]) -> list[str]:
    """The lines bench/run.py prints for part (f)."""
    d, w = found["driver_ms_per_sentence"], found["worker_ms_per_sentence"]
    lines = [
        f"(f) Ray executor, {found['documents']} documents, {found['sentences']} sentences, cold; "
        f"{found['workers']} workers × {found['threads']} thread on a local cluster "
        f"(started first, in {found['startup_seconds']:.1f} s); best of {found['rounds']}, turns alternating",
        f"  local executor {found['local_seconds']:9.2f} s   Ray {found['ray_seconds']:9.2f} s   "
        f"files byte-identical",
        f"  → Ray is {100 * (found['ratio'] - 1):+.1f}% against local (median of the pairs; "
        f"{', '.join(f'{100 * (r - 1):+.1f}%' for r in found['ratios'])}; target ≤ +15%)",
        f"  driver's own work (reading, memory, rendering, committing): {found['driver_seconds']:.2f} s = "
        f"{found['driver_ms_per_document']:.1f} ms per document, {d:.2f} ms per sentence "
        f"(local run: {found['local_driver_seconds']:.2f} s); decoding: {w:.1f} ms per sentence per worker",
    ]
    for machines in (1, 2, 4, 8, 16, 64):
        per_thousand = d + w / (machines * found["workers"])
        lines.append(f"    {machines:3d} machine(s) of {found['workers']} workers: ≈ {per_thousand:7.1f} s per 1,000 "
                     f"sentences ({per_thousand and 1000 / per_thousand:6.1f} sentences/s)")
    lines.append(f"  → the driver caps a run at ≈ {1000 / d:.0f} sentences/s, whatever the cluster's size"
                 if d > 0 else "  → the driver's own work was too small to measure")
    return lines
