"""The driver's side of decoding on a Ray cluster: :func:`connect` and :class:`RayExecutor`.

A publish with ``--executor ray`` keeps on the driver everything that must be
in one place (reading sources, the translation memory, loading and checking
the glossary, rendering and committing bundles) and hands the sentences the
memory lacks to :meth:`RayExecutor.decode`: a Ray Data dataset of sentences,
``map_batches`` through :class:`~translate.cluster.worker.BatchDecoder` on a
pool of actors, each loading each model once and decoding with as many
threads as it has CPUs. Each row of the dataset is one group of sentences
(:func:`translate.run.translate.decode_groups`), the unit a local run decodes
too, so the results are exactly what the local executor gives.

Faults are Ray's to mend: a worker that dies is restarted and its batch
retried (Ray Data's defaults for actor pools); a cluster that cannot be
reached fails in :func:`connect`, before anything is decoded or written.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from translate.cluster.worker import BatchDecoder, Shipment, WorkerSpec, from_record
from translate.engine.decoder import Engine
from translate.engine.plan import RoutePlan
from translate.engine.protocols import Progress
from translate.errors import BabelpressError, ClusterError, ConfigError
from translate.run.translate import TranslationResult

if TYPE_CHECKING:
    from translate.glossary.model import Glossary

__all__ = ["RayExecutor", "connect", "INSTALL_HINT"]

INSTALL_HINT = "pip install 'babelpress[ray]'"

WORKER_RESTARTS = 3
"""How often one decoding actor is restarted after dying, and one group retried, before the run fails."""

# How long the driver waits for a cluster's address to answer: one attempt of a few seconds
# (Ray's own default retries for minutes). Set only when an address is given; a user's
# environment wins.
_CONNECT_ENV = {
    "RAY_gcs_rpc_server_connect_timeout_s": "2",
    "RAY_gcs_server_port_wait_time_s": "1",
    "RAY_py_gcs_connect_timeout_s": "3",
}
_QUIET_ENV = {
    "RAY_USAGE_STATS_ENABLED": "0",  # an offline tool reports nothing home
    # Ray's C++ notices (one per actor and chunk, e.g. that an actor's arguments live in the
    # object store) stay off the terminal; Ray's errors reach babelpress as exceptions.
    "RAY_BACKEND_LOG_LEVEL": "fatal",
}


@dataclass
class ClusterStats:
    """What the cluster was asked to do in this run (the driver's count)."""

    datasets: int = 0  # decode calls that reached the cluster (none when the memory held everything)
    groups: int = 0  # groups of sentences decoded (translate.run.translate.decode_groups)
    sentences: int = 0


@dataclass
class RayExecutor:
    """Decodes on the Ray cluster this process is connected to (see :func:`connect`)."""

    workers: int
    threads: int = 1  # CPUs, and so decoding threads, per actor
    owned: bool = False  # this process started the connection (and ends it in close())
    scratch: str | None = None  # the folder of the Ray this process started for the run (removed in close())
    stats: ClusterStats = field(default_factory=ClusterStats)
    _shipped: dict[str, Shipment] = field(default_factory=dict)
    _glossaries: dict[int, tuple[Glossary, Any]] = field(default_factory=dict)

    def decode(
        self, engine: Engine, plan: RoutePlan, groups: Sequence[Sequence[str]], progress: Progress | None,
        glossary: Glossary | None,
    ) -> Iterator[TranslationResult]:
        """Each group's :func:`~translate.run.translate.decode_sentences` result, decoded on the cluster, in order.

        The groups are the rows of one dataset, so the actors start (and load
        their models) once per call; results that come back early wait until
        those before them are handed on.
        """
        if not groups:
            return
        self.stats.datasets += 1
        waiting: dict[int, TranslationResult] = {}
        ready = 0
        for index, record in self._records(engine, plan, groups, glossary):
            result, stats = from_record(record)
            _add_stats(engine, stats)
            self.stats.groups += 1
            self.stats.sentences += result.translated
            if progress is not None:
                progress(result.translated * plan.hop_count)
            waiting[index] = result
            while ready in waiting:
                yield waiting.pop(ready)
                ready += 1

    def _records(self, engine: Engine, plan: RoutePlan, groups: Sequence[Sequence[str]],
                 glossary: Glossary | None) -> Iterator[tuple[int, dict[str, Any]]]:
        import ray
        import ray.data

        spec = WorkerSpec(version=_version(), plan=plan, shipments=self._ship(plan),
                          settings=replace(engine.settings, inter_threads=1, intra_threads=self.threads),
                          glossary=self._glossary(glossary))
        dataset = ray.data.from_items([{"index": i, "group": json.dumps(list(group), ensure_ascii=False)}
                                       for i, group in enumerate(groups)], override_num_blocks=len(groups))
        decoded = dataset.map_batches(
            BatchDecoder, fn_constructor_args=(spec,), batch_size=1, batch_format="numpy",
            compute=ray.data.ActorPoolStrategy(size=min(self.workers, len(groups))), num_cpus=self.threads,
            # Ray Data restarts a dead actor and retries its group forever by default: a worker
            # that dies every time (short of memory, a crashing model) would hang the publish. Passed
            # as Ray remote arguments, the one way Ray Data takes them in the pinned range (<2.64).
            max_restarts=WORKER_RESTARTS, max_task_retries=WORKER_RESTARTS,
        )
        try:
            for batch in decoded.iter_batches(batch_size=None, batch_format="numpy"):
                for index, record in zip(batch["index"], batch["record"]):
                    yield int(index), json.loads(str(record))
        except Exception as exc:  # a worker's own error (a broken model, a wrong version) is the user's
            raise _reason(exc) from None

    def _ship(self, plan: RoutePlan) -> dict[str, Shipment]:
        """Every package of ``plan`` in the object store, each put there once per run."""
        import ray

        from translate.cluster.ship import pack

        for step in plan.steps:
            path = str(step.package.path)
            if path not in self._shipped:
                digest, data = pack(step.package)
                self._shipped[path] = Shipment(digest, step.package.name, ray.put(data))
        return {str(step.package.path): self._shipped[str(step.package.path)] for step in plan.steps}

    def _glossary(self, glossary: Glossary | None) -> Any:
        """The glossary in the object store, once per run; without what the driver derived from it."""
        import ray

        if glossary is None or not glossary.entries:
            return None
        if id(glossary) not in self._glossaries:
            self._glossaries[id(glossary)] = (glossary, ray.put(glossary.replace(glossary.entries)))
        return self._glossaries[id(glossary)][1]

    def close(self) -> None:
        """Let go of what was shipped; disconnect when :func:`connect` made the connection."""
        self._shipped.clear()
        self._glossaries.clear()
        if self.owned:
            import ray

            ray.shutdown()
        if self.scratch is not None:
            _remove(self.scratch)
            self.scratch = None


def _add_stats(engine: Engine, delta: dict[str, Any]) -> None:
    """Count the workers' decoding calls with the driver's engine, so a run reports them as its own."""
    stats = engine.stats
    for name, value in delta.items():
        if name == "calls_by_pair":
            stats.calls_by_pair.update(value)
        else:
            setattr(stats, name, getattr(stats, name) + value)


def _version() -> str:
    import translate

    return translate.__version__


def _reason(exc: BaseException) -> BabelpressError:
    """The babelpress error a worker raised, found in Ray's wrapping; else a cluster error saying what Ray said."""
    from ray.exceptions import RayActorError

    chain = list(_chain(exc))
    for current in chain:
        if isinstance(current, BabelpressError):
            return current
    first = str(exc).strip().splitlines()
    said = first[0] if first else type(exc).__name__
    if any(isinstance(current, RayActorError) for current in chain):  # Ray gave up on a dead actor
        return ClusterError(
            f"decoding on the Ray cluster failed: a decoding worker died and was restarted {WORKER_RESTARTS} "
            f"times without finishing its sentences ({said}). A worker killed again and again is most often "
            "short of memory: see `ray status` and the node's kernel log, and give it fewer threads "
            "(--worker-threads) or more memory."
        )
    return ClusterError(f"decoding on the Ray cluster failed: {said}")


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and what it wraps: Ray's ``cause``, else ``__cause__`` or ``__context__``, each once."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        cause = getattr(current, "cause", None)
        current = cause if isinstance(cause, BaseException) else current.__cause__ or current.__context__


def connect(address: str | None = None, workers: int | None = None, threads: int = 1) -> RayExecutor:
    """An executor on the cluster at ``address`` (``auto``: the one ``ray start`` runs on this machine).

    Without an address: the cluster in ``RAY_ADDRESS``, else a Ray started on
    this machine for the run. A process already connected (``ray.init`` called
    before) keeps its connection. ``workers`` actors of ``threads`` CPUs each;
    by default as many as the cluster's CPUs allow.

    Raises:
        ConfigError: when Ray is not installed, or the sizes do not fit the cluster.
        ClusterError: when the cluster cannot be reached.
    """
    if threads < 1 or (workers is not None and workers < 1):
        raise ConfigError("--workers and --worker-threads must be at least 1.")
    for name, value in {**_QUIET_ENV, **(_CONNECT_ENV if address else {})}.items():
        os.environ.setdefault(name, value)
    try:
        import ray
    except ImportError:
        raise ConfigError(f"--executor ray needs Ray, which is not installed: {INSTALL_HINT}") from None
    owned = not ray.is_initialized()
    scratch = None
    if owned:
        options: dict[str, Any] = {}
        if address is None and "RAY_ADDRESS" not in os.environ and "RAY_TMPDIR" not in os.environ:
            # A Ray started for this run keeps its sessions (logs, sockets, spilled objects) in a
            # folder of its own, removed when the run ends, not in the temporary folder's ray/.
            scratch = options["_temp_dir"] = tempfile.mkdtemp(prefix="bp-ray-")  # short: sockets live there
        try:
            with _stderr_quiet(address is not None):
                ray.init(address=address, include_dashboard=False, log_to_driver=False, logging_level="WARNING",
                         **options)
        except ConnectionError:
            _remove(scratch)
            raise ClusterError(
                f"cannot reach the Ray cluster at {address}: nothing answered there. Start one with "
                "`ray start --head` (then `ray start --address HEAD:6379` on the other nodes), or give its "
                "address with --ray-address (auto: the one started on this machine)."
            ) from None
        except (TimeoutError, RuntimeError, ValueError) as exc:
            _remove(scratch)
            where = f"at {address}" if address else "on this machine"
            said = str(exc).strip().splitlines()
            raise ClusterError(f"cannot start or reach the Ray cluster {where}: "
                               f"{said[0] if said else type(exc).__name__}.") from None
    _quiet_data()
    cpus = int(ray.cluster_resources().get("CPU", 0))
    if workers is None:
        workers = max(1, cpus // threads)
    elif workers * threads > cpus:
        if owned:
            ray.shutdown()
        _remove(scratch)
        raise ConfigError(f"the Ray cluster has {cpus} CPUs: {workers} workers of {threads} thread(s) need "
                          f"{workers * threads}. Lower --workers or --worker-threads, or add nodes.")
    return RayExecutor(workers=workers, threads=threads, owned=owned, scratch=scratch)


def _remove(folder: str | None) -> None:
    """Remove a Ray's session folder; its processes may still be closing their logs, so try a few times."""
    if folder is None:
        return
    for _ in range(20):
        shutil.rmtree(folder, ignore_errors=True)
        if not os.path.exists(folder):
            return
        time.sleep(0.1)


@contextmanager
def _stderr_quiet(quiet: bool) -> Iterator[None]:
    """Ray's C++ client writes each failed attempt to reach an address on stderr; the outcome is ours to say."""
    if not quiet:
        yield
        return
    import sys

    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as sink:
        os.dup2(sink.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def _quiet_data() -> None:
    """No Ray Data progress bars or banners on the user's terminal: babelpress shows its own progress."""
    import logging

    import ray.data

    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.print_on_execution_start = False
    context.execution_options.verbose_progress = False
    logging.getLogger("ray.data").setLevel(logging.ERROR)
