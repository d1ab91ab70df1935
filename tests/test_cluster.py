"""``publish --executor ray``: the same bundles as a local publish, on a real local Ray cluster.

One Ray cluster (``ray.init(num_cpus=2)``) is started for this module and
shared by its tests; the test models decode on its actors, which get the
packages through the object store (unpacked into the cluster's own
temporary folder, removed afterwards). Each publish is compared, file by
file, with a local publish of the same sources, with the glossary and the
translation memory on.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ray = pytest.importorskip("ray", reason="the Ray executor needs the ray extra: pip install -e '.[test,ray]'")

from support import ROOT, SEED, shared_path  # noqa: E402

from translate.cluster.executor import WORKER_RESTARTS, RayExecutor, connect  # noqa: E402
from translate.defaults import DECODE_GROUP  # noqa: E402
from translate.errors import ClusterError, ConfigError  # noqa: E402
from translate.glossary.loader import load_glossary  # noqa: E402
from translate.memory.store import TranslationMemory  # noqa: E402
from translate.publish.request import PublishReport, PublishRequest  # noqa: E402
from translate.publish.run import prepare  # noqa: E402

sys.path.insert(0, str(ROOT / "tests" / "models"))
from synthetic import generate  # noqa: E402

GLOSSARY = ROOT / "glossary" / "terms.yaml"
_ENV = {"RAY_AUTH_MODE": "disabled", "RAY_USAGE_STATS_ENABLED": "0", "RAY_BACKEND_LOG_LEVEL": "fatal"}


@pytest.fixture(scope="module")
def cluster(installed_models: Path) -> Iterator[str]:
    """A local two-CPU Ray cluster for every test here; its address (for a CLI run to connect to)."""
    home = Path(tempfile.mkdtemp(prefix="bp-ray-"))  # short: Ray's sockets live under it
    saved = {name: os.environ.get(name) for name in (*_ENV, "TMPDIR")}
    os.environ.update(_ENV)
    os.environ["TMPDIR"] = str(home / "tmp")  # the workers unpack packages there (Ray's processes inherit it)
    (home / "tmp").mkdir()
    try:
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, _temp_dir=str(home / "ray"))
    finally:
        _restore({"TMPDIR": saved["TMPDIR"]})
    try:
        yield ray.get_runtime_context().gcs_address
    finally:
        ray.shutdown()
        _restore(saved)
        shutil.rmtree(home, ignore_errors=True)


def _restore(saved: dict[str, str | None]) -> None:
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def _generated(folder: Path, documents: int, sentences: int = 8, seed: int = 4242) -> Path:
    triples = generate(seed, documents * sentences)
    folder.mkdir(parents=True)
    for number in range(documents):
        mine = [t.de for t in triples[number * sentences : (number + 1) * sentences]]
        body = "\n\n".join(" ".join(mine[at : at + 4]) for at in range(0, len(mine), 4))
        (folder / f"doc{number:03d}.md").write_text(f"# Meldung {number}\n\n{body}\n", encoding="utf-8")
    return folder


def _sources(kind: str, tmp_path: Path) -> list[Path]:
    if kind == "seed":
        return [SEED]
    if kind == "markdown":
        corpus = shared_path("corpus", "markdown-de")
        return sorted(corpus.glob("*.de.md"))
    return [_generated(tmp_path / "generated", 200)]


def _publish(sources: list[Path], out: Path, memory: Path, engine: Any, executor: RayExecutor | None = None,
             progress: Any = None) -> PublishReport:
    with TranslationMemory.open(memory) as store:
        request = PublishRequest(sources=sources, targets=["en", "es"], out=out, glossary=load_glossary(GLOSSARY),
                                 memory=store, root=ROOT, executor=executor, reviewer="test")
        return prepare(request, engine).run(progress)


def _tree(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name != ".babelpress.lock"}


@pytest.mark.parametrize("kind", ["seed", "markdown", "generated"])
def test_ray_publish_gives_the_local_bundles_and_reuses_the_memory(
        kind: str, cluster: str, engine: Any, tmp_path: Path) -> None:
    sources = _sources(kind, tmp_path)
    local = _publish(sources, tmp_path / "local", tmp_path / "local.sqlite3", engine)
    executor = connect(workers=2)
    assert not executor.owned, "a process already connected keeps its connection"
    remote = _publish(sources, tmp_path / "ray", tmp_path / "ray.sqlite3", engine, executor)

    assert remote.translated == local.translated == local.segments > 0
    assert 0 < executor.stats.sentences <= remote.segments, "each distinct sentence decoded once, on the cluster"
    assert _tree(tmp_path / "ray") == _tree(tmp_path / "local")
    assert remote.summary()["terms"] == local.summary()["terms"]
    assert remote.engine_calls > 0, "the workers' decoding calls are counted as the run's"

    again = _publish(sources, tmp_path / "ray", tmp_path / "ray.sqlite3", engine, executor)
    assert (again.translated, again.reused, again.engine_calls) == (0, local.segments, 0)
    assert executor.stats.datasets == 1, "the second run sent nothing to the cluster"
    assert _tree(tmp_path / "ray") == _tree(tmp_path / "local")
    executor.close()


def _decoder_pids() -> list[int]:
    """The processes of this cluster's decoding actors (Ray names them after the class)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if b"BatchDecoder" in command:
                found.append(int(entry.name))
    return found


def _decoding(pid: int) -> bool:
    """Whether ``pid`` is still a live decoding actor (not gone, not a zombie its parent has yet to reap)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (OSError, IndexError):
        return False
    return state != "Z" and b"BatchDecoder" in command


def test_a_worker_killed_mid_run_is_replaced_and_the_bundles_are_the_same(
        cluster: str, engine: Any, tmp_path: Path) -> None:
    sources = [_generated(tmp_path / "docs", 60, seed=77)]  # 540 sentences: several groups for two actors
    _publish(sources, tmp_path / "local", tmp_path / "local.sqlite3", engine)
    executor = connect(workers=2)
    killed: list[int] = []

    def progress(_steps: int) -> None:
        if not killed:
            pids = _decoder_pids()
            assert pids, "no decoding actor is running"
            os.kill(pids[0], signal.SIGKILL)
            killed.append(pids[0])

    report = _publish(sources, tmp_path / "ray", tmp_path / "ray.sqlite3", engine, executor, progress)
    executor.close()
    assert killed and not _decoding(killed[0]), "the killed actor is gone (Ray started another)"
    assert report.translated == report.segments == executor.stats.sentences
    assert executor.stats.groups == -(-report.segments // DECODE_GROUP) > 2, "every group came back once"
    assert _tree(tmp_path / "ray") == _tree(tmp_path / "local")


def test_more_workers_than_the_cluster_has_cpus_is_refused(cluster: str) -> None:
    with pytest.raises(ConfigError, match="has 2 CPUs: 3 workers of 1 thread"):
        connect(workers=3)
    assert connect().workers == 2, "by default, one worker per CPU"


def _cli(project: Path, *extra: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "translate", "publish", "seeds", "--to", "en,es", "--out", "out",
               "--glossary", str(GLOSSARY), "--memory", "memory.sqlite3", "--json", "-q", *extra]
    return subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=timeout, check=False,
                          env={**os.environ, **_ENV})


def test_the_command_line_publishes_on_a_running_cluster(cluster: str, models_env: Path, tmp_path: Path) -> None:
    for name in ("local", "ray"):
        (tmp_path / name / "seeds").mkdir(parents=True)
        shutil.copy(SEED, tmp_path / name / "seeds")
    local = _cli(tmp_path / "local")
    remote = _cli(tmp_path / "ray", "--executor", "ray", "--ray-address", cluster, "--workers", "2")
    assert local.returncode == remote.returncode == 0, remote.stderr
    assert "Traceback" not in remote.stderr
    assert json.loads(remote.stdout)["translated"] == json.loads(local.stdout)["translated"] > 0
    assert _tree(tmp_path / "ray" / "out") == _tree(tmp_path / "local" / "out")


def test_an_unreachable_cluster_fails_before_any_output(models_env: Path, tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    shutil.copy(SEED, tmp_path / "seeds")
    done = _cli(tmp_path, "--executor", "ray", "--ray-address", "127.0.0.1:1", timeout=120)
    assert done.returncode == 1
    assert "cannot reach the Ray cluster at 127.0.0.1:1" in done.stderr
    assert "ray start --head" in done.stderr and "Traceback" not in done.stderr
    assert json.loads(done.stdout)["error"].startswith("cannot reach the Ray cluster")
    assert not (tmp_path / "out").exists() and not (tmp_path / "memory.sqlite3").exists()


def test_a_worker_that_dies_every_time_fails_the_run_with_a_clear_message(
        cluster: str, engine: Any, tmp_path: Path) -> None:
    """Every decoding actor is killed as soon as it runs: the publish gives up after Ray's bounded restarts."""
    sources = [_generated(tmp_path / "docs", 20, seed=78)]
    executor = connect(workers=2)
    done = threading.Event()
    killed: set[int] = set()

    def kill_every_worker() -> None:
        deadline = time.monotonic() + 600  # then stop, so that a run that never gives up still ends the test
        while not done.is_set() and time.monotonic() < deadline:
            for pid in _decoder_pids():
                if _decoding(pid):
                    try:
                        os.kill(pid, signal.SIGKILL)
                        killed.add(pid)
                    except ProcessLookupError:
                        pass
            time.sleep(0.05)

    killer = threading.Thread(target=kill_every_worker, daemon=True)
    killer.start()
    started = time.monotonic()
    try:
        with pytest.raises(ClusterError, match="a decoding worker died and was restarted 3 times"):
            _publish(sources, tmp_path / "out", tmp_path / "memory.sqlite3", engine, executor)
    finally:
        done.set()
        killer.join(timeout=30)
        executor.close()
    assert time.monotonic() - started < 600, "the run gave up before the killing stopped"
    assert len(killed) > WORKER_RESTARTS, "each actor was killed, restarted and killed again"
    assert not list((tmp_path / "out").glob("*/*.md")), "nothing of the failed chunk was published"


def test_a_ray_started_for_the_run_leaves_no_session_in_the_temporary_folder(models_env: Path, tmp_path: Path) -> None:
    """Without an address or RAY_ADDRESS the run starts its own Ray: its sessions and logs go when it ends.

    (Ray's default would keep them in the temporary folder's ``ray/``, one session per run.)
    """
    (tmp_path / "seeds").mkdir()
    shutil.copy(SEED, tmp_path / "seeds")
    temporary = Path(tempfile.mkdtemp(prefix="bp-t-"))  # short: Ray's sockets live under it
    try:
        env = {name: value for name, value in os.environ.items() if name not in ("RAY_ADDRESS", "RAY_TMPDIR")}
        command = [sys.executable, "-m", "translate", "publish", "seeds", "--to", "en", "--out", "out",
                   "--no-glossary", "--no-memory", "-q", "--executor", "ray", "--workers", "1"]
        done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False,
                              env={**env, **_ENV, "TMPDIR": str(temporary)})
        assert done.returncode == 0, done.stderr
        assert list((tmp_path / "out").rglob("*.md")), "the seed was published"
        # Only the node's cache of unpacked packages (kept so that each is unpacked once per node) is left.
        assert [p.name for p in temporary.iterdir()] == [f"babelpress-packages-{os.getuid()}"]
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
