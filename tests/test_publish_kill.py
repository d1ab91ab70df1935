"""Real processes: a publish killed mid-run, and publishes racing into one --out."""

from __future__ import annotations

import fcntl
import os
import select
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import process_barrier
import pytest
from support import ROOT

from translate.publish.store import LOCK_NAME, STAGING_PREFIX
from translate.publish.verify import verify_bundle

SEED = ROOT / "seeds" / "000_372d4bbeff55e4fb.txt"
SLUG = "mexiko-setzt-e-commerce-als-wirtschaftswaffe-ein"


_started: list[subprocess.Popen[str]] = []


def publish_process(project: Path, *args: str, wrapper: Sequence[str] = ()) -> subprocess.Popen[str]:
    """``python -m translate publish ARGS``, or ``python WRAPPER... -m translate publish ARGS``."""
    process = subprocess.Popen(
        [sys.executable, *wrapper, "-m", "translate", "publish", *args, "--beam-size", "1"],
        cwd=project, env=dict(os.environ), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    _started.append(process)
    return process


def finish(process: subprocess.Popen[str], timeout: float = 300) -> str:
    """Wait for a publish, reading its pipes meanwhile (it cannot stall on a full one); its stderr."""
    try:
        return process.communicate(timeout=timeout)[1]
    except subprocess.TimeoutExpired:
        process.kill()
        stderr = process.communicate(timeout=60)[1]
        pytest.fail(f"the publish did not finish within {timeout} s; stderr: {stderr}")


@pytest.fixture(autouse=True)
def _no_publish_outlives_its_test() -> Iterator[None]:
    yield
    while _started:
        process = _started.pop()
        if process.poll() is None:
            process.kill()
        process.wait(timeout=60)
        for pipe in (process.stdout, process.stderr):
            if pipe:
                pipe.close()


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def wait_for_line(process: subprocess.Popen[str], wanted: str) -> list[str]:
    """Read stderr lines until one contains ``wanted`` (a generous guard against hanging)."""
    assert process.stderr is not None
    seen: list[str] = []
    while True:
        ready, _, _ = select.select([process.stderr], [], [], 300)
        assert ready, f"no progress from the publish; stderr so far: {seen}"
        line = process.stderr.readline()
        assert line, f"publish ended early: {seen}"
        seen.append(line)
        if wanted in line:
            return seen


@pytest.fixture
def project(tmp_path: Path, models_env: Path) -> Path:
    (tmp_path / "seeds").mkdir()
    shutil.copy(SEED, tmp_path / "seeds" / SEED.name)
    return tmp_path


def test_killed_publish_leaves_the_previous_bundle_intact(project: Path) -> None:
    first = publish_process(project, "seeds/", "--to", "en,es", "-q")
    stderr = finish(first)
    assert first.returncode == 0, stderr
    out = project / "output"
    before = snapshot(out / SLUG)
    top_before = (out / ".babelpress-manifest.json").read_bytes()

    # A changed source, so that the new bundle would differ from the old one.
    seed = project / "seeds" / SEED.name
    seed.write_text(seed.read_text(encoding="utf-8") + "\nEin neuer letzter Absatz.\n", encoding="utf-8")
    with open(out / LOCK_NAME, "a") as lock:
        # Holding the publish lock stops the second publish right before it swaps its
        # finished bundle in: it has translated and written every file by then.
        fcntl.flock(lock, fcntl.LOCK_EX)
        second = publish_process(project, "seeds/", "--to", "en,es")
        wait_for_line(second, "waiting for another publish into output to finish")
        staged = list(out.glob(STAGING_PREFIX + "*"))
        assert len(staged) == 1
        assert (staged[0] / "new" / SLUG / "index.es.md").is_file(), "the new bundle was fully written"
        second.send_signal(signal.SIGKILL)
        second.communicate(timeout=60)
        assert second.returncode == -signal.SIGKILL
        fcntl.flock(lock, fcntl.LOCK_UN)

    assert snapshot(out / SLUG) == before
    assert (out / ".babelpress-manifest.json").read_bytes() == top_before
    assert verify_bundle(out / SLUG).ok and verify_bundle(out).ok
    # The next publish clears what the killed one left and succeeds.
    third = publish_process(project, "seeds/", "--to", "en,es", "-q")
    stderr = finish(third)
    assert third.returncode == 0, stderr
    assert not list(out.glob(STAGING_PREFIX + "*"))
    assert snapshot(out / SLUG) != before
    assert "Ein neuer letzter Absatz." in (out / SLUG / "index.de.md").read_text(encoding="utf-8")
    assert verify_bundle(out).ok


def test_concurrent_publishes_into_one_out_do_not_corrupt_each_other(project: Path) -> None:
    other = project / "other"
    other.mkdir()
    (other / "zweiter.md").write_text("# Zweiter Artikel\n\nMexiko plant ein Abkommen.\n", encoding="utf-8")
    # Each publish starts only once all three processes are up and waiting for each other.
    barrier = project / "barrier"
    wrapper = [str(process_barrier.SCRIPT), str(barrier), "3"]
    processes = [
        publish_process(project, "seeds/", "--to", "en,es", "-q", wrapper=[*wrapper, "a"]),
        publish_process(project, "other/", "--to", "en,es", "-q", wrapper=[*wrapper, "b"]),
        publish_process(project, "seeds/", "--to", "en,es", "-q", wrapper=[*wrapper, "c"]),
    ]
    with ThreadPoolExecutor(len(processes)) as pool:  # all three pipes are read at once
        errors = list(pool.map(finish, processes))
    assert [process.returncode for process in processes] == [0, 0, 0], errors
    process_barrier.assert_overlapped(barrier, ["a", "b", "c"])
    out = project / "output"
    assert sorted(p.name for p in out.iterdir()) == [
        ".babelpress-manifest.json", ".babelpress.lock", SLUG, "zweiter-artikel"]
    result = verify_bundle(out)
    assert result.ok, result
    assert result.checked == 8  # 2 × (3 languages + bundle manifest)
