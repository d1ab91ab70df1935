"""A publish killed (SIGKILL, SIGTERM, Ctrl-C) at every step: <out> always verifies, nothing is decoded twice.

Real processes: each publish runs ``python -m translate publish`` and pauses at
a named point (``BABELPRESS_PAUSE_AT``, see :mod:`translate.checkpoints`),
where the test kills it. The tree is 20 documents published once, then
edited, so that every killed run replaces existing bundles; the memory is a
real SQLite file shared by the runs.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from translate.publish.store import STAGING_PREFIX
from translate.defaults import DECODE_GROUP
from translate.publish.verify import verify_bundle

sys.path.insert(0, str(Path(__file__).resolve().parent / "models"))
from synthetic import generate  # noqa: E402

DOCUMENTS = 20
SENTENCES = 30  # 600 distinct sentences: several groups of stored translations (DECODE_GROUP each)

# Every step of the commit, with the swaps spread over the 20 documents (and, in the decoding, the
# first chunk of translations stored: the 20th point).
COMMIT_POINTS = ["staged", "locked", "pending", "exchanged:1", "swapped:1", "exchanged:2", "swapped:3",
                 "swapped:5", "exchanged:7", "swapped:8", "swapped:10", "exchanged:12", "swapped:13", "swapped:15",
                 "exchanged:17", "swapped:18", "swapped:19", "swapped:20", "settled"]
SIGNALS = [signal.SIGKILL, signal.SIGTERM, signal.SIGINT]
CODES = {signal.SIGKILL: -9, signal.SIGTERM: 143, signal.SIGINT: 130}


def _write_documents(folder: Path, version: int) -> None:
    triples = generate(4040 + version, DOCUMENTS * SENTENCES)
    folder.mkdir(exist_ok=True)
    for number in range(DOCUMENTS):
        body = " ".join(t.de for t in triples[number * SENTENCES : (number + 1) * SENTENCES])
        (folder / f"doc{number:02d}.md").write_text(f"# Dokument {number}\n\nFassung {version}.\n\n{body}\n",
                                                   encoding="utf-8")


def _run(project: Path, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "translate", "publish", "docs", "--to", "en,es", "--out", "out",
                           "--memory", "memory.sqlite3", "--no-glossary", "--beam-size", "1", "--json", "-q"],
                          cwd=project, env=env, capture_output=True, text=True, timeout=timeout, check=False)


def _killed_at(project: Path, env: dict[str, str], point: str, sig: signal.Signals) -> int:
    marker = project / "paused"
    marker.unlink(missing_ok=True)
    paused = dict(env, BABELPRESS_PAUSE_AT=point, BABELPRESS_PAUSE_FILE=str(marker))
    process = subprocess.Popen(
        [sys.executable, "-m", "translate", "publish", "docs", "--to", "en,es", "--out", "out",
         "--memory", "memory.sqlite3", "--no-glossary", "--beam-size", "1", "-q"],
        cwd=project, env=paused, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 300
        while not marker.exists():
            if process.poll() is not None:
                pytest.fail(f"the publish ended (status {process.returncode}) before reaching {point}: "
                                f"{process.communicate(timeout=60)[1]}")
            assert time.monotonic() < deadline, f"the publish never reached {point}"
            time.sleep(0.02)
        process.send_signal(sig)
        process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=60)
    return process.returncode


def _stored(project: Path) -> int:
    with sqlite3.connect(project / "memory.sqlite3") as db:
        return int(db.execute("SELECT count(*) FROM segments").fetchone()[0])


@pytest.fixture
def project(tmp_path: Path, models_env: Path) -> Iterator[Path]:
    _write_documents(tmp_path / "docs", 1)
    yield tmp_path


def _verifies(out: Path) -> None:
    tree = verify_bundle(out)
    assert tree.ok, (tree.changed, tree.missing, tree.extra)
    for bundle in sorted(p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")):
        one = verify_bundle(bundle)
        assert one.ok, (bundle.name, one.changed, one.missing, one.extra)


def test_a_publish_killed_while_decoding_keeps_what_it_decoded(project: Path) -> None:
    env = dict(os.environ)
    assert _run(project, env).returncode == 0
    for version, sig in enumerate(SIGNALS, start=2):
        _write_documents(project / "docs", version)
        before = _stored(project)
        code = _killed_at(project, env, "stored:1", sig)  # the first group of the 620 new segments stored
        assert code == CODES[sig]
        assert _stored(project) - before == 2 * DECODE_GROUP  # into en and es
        _verifies(project / "out")
        done = _run(project, env)
        assert done.returncode == 0, done.stderr
        summary = json.loads(done.stdout)
        assert summary["reused"] >= DECODE_GROUP, summary  # what the killed run decoded is not decoded again
        assert summary["translated"] <= summary["segments"] - DECODE_GROUP
        _verifies(project / "out")
        assert not list((project / "out").glob(STAGING_PREFIX + "*"))


def test_a_publish_killed_at_every_step_of_its_commit_leaves_out_verifying(project: Path) -> None:
    env = dict(os.environ)
    assert _run(project, env).returncode == 0
    _write_documents(project / "docs", 2)  # every later run replaces all 20 bundles
    for number, point in enumerate(COMMIT_POINTS * len(SIGNALS)):
        sig = SIGNALS[(number + number // len(COMMIT_POINTS)) % len(SIGNALS)]  # each point meets each signal
        left = set((project / "out").glob(STAGING_PREFIX + "*"))
        code = _killed_at(project, env, point, sig)
        assert code == CODES[sig], (point, sig, code)
        _verifies(project / "out")
        if sig != signal.SIGKILL:  # its own clean-up ran: it left no staging folder
            assert set((project / "out").glob(STAGING_PREFIX + "*")) <= left, (point, sig)
    done = _run(project, env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["translated"] == 0, "a run decoded again what a killed run had decoded"
    _verifies(project / "out")
    assert not list((project / "out").glob(STAGING_PREFIX + "*"))
    for bundle in (project / "out").iterdir():
        if bundle.is_dir() and not bundle.name.startswith("."):
            assert "Fassung 2" in (bundle / "index.de.md").read_text(encoding="utf-8")
