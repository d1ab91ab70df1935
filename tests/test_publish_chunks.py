"""A publish works through its corpus in chunks: same bundles, memory bounded, a kill keeps what was committed.

Real processes (``python -m translate publish``) with the test models. The
corpus is 12 generated documents of 5 sentences (plus a title each); ``--chunk
12`` cuts it into six chunks of two documents, the default takes it in one.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from translate.publish.verify import verify_bundle

sys.path.insert(0, str(Path(__file__).resolve().parent / "models"))
from synthetic import generate  # noqa: E402

DOCUMENTS, SENTENCES = 12, 5
GLOSSARY = Path(__file__).resolve().parent.parent / "glossary" / "terms.yaml"


def _write(folder: Path) -> None:
    triples = generate(9090, DOCUMENTS * SENTENCES)
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(DOCUMENTS):
        body = " ".join(t.de for t in triples[number * SENTENCES : (number + 1) * SENTENCES])
        (folder / f"doc{number:02d}.md").write_text(f"# Meldung {number}\n\n{body}\n", encoding="utf-8")


def _command(*extra: str) -> list[str]:
    return [sys.executable, "-m", "translate", "publish", "docs", "--to", "en,es", "--out", "out",
            "--memory", "memory.sqlite3", "--glossary", str(GLOSSARY), "--beam-size", "1", "--json", "-q", *extra]


def _publish(project: Path, *extra: str, env: dict[str, str] | None = None) -> tuple[int, dict]:  # type: ignore[type-arg]
    done = subprocess.run(_command(*extra), cwd=project, capture_output=True, text=True, timeout=300, check=False,
                          env=env)
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, json.loads(done.stdout)


def _tree(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()
            and not p.name.startswith(".babelpress.lock")}


def _wait_for(marker: Path, process: subprocess.Popen) -> None:  # type: ignore[type-arg]
    """Until the publish pauses after committing its first chunk (it writes ``marker``)."""
    deadline = time.monotonic() + 300
    while not marker.exists():
        assert process.poll() is None, process.communicate(timeout=60)[1]
        assert time.monotonic() < deadline, "the publish never committed its first chunk"
        time.sleep(0.02)


@pytest.fixture
def project(tmp_path: Path, models_env: Path) -> Path:
    _write(tmp_path / "docs")
    return tmp_path


def test_a_publish_in_chunks_gives_the_same_bundles_and_report_as_one_chunk(project: Path, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    other = tmp_path_factory.mktemp("one-chunk")
    _write(other / "docs")
    code, chunked = _publish(project, "--chunk", "12")
    assert code == 0, chunked
    code, whole = _publish(other)
    assert code == 0, whole
    assert chunked["documents"] == whole["documents"] == DOCUMENTS
    for key in ("segments", "translated", "reused", "terms", "low_confidence", "files"):
        assert chunked[key] == whole[key], key
    assert chunked["terms"], "the glossary found terms in the generated documents"
    assert chunked["engine_calls"] > whole["engine_calls"]  # it did work chunk by chunk
    assert _tree(project / "out") == _tree(other / "out")  # every page and manifest, byte for byte
    assert verify_bundle(project / "out").ok


def test_a_publish_killed_after_its_first_chunk_keeps_that_chunk_published(project: Path) -> None:
    marker = project / "paused"
    env = dict(os.environ, BABELPRESS_PAUSE_AT="settled:1", BABELPRESS_PAUSE_FILE=str(marker))
    process = subprocess.Popen(_command("--chunk", "12"), cwd=project, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    try:
        _wait_for(marker, process)
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=60)
    out = project / "out"
    tree = verify_bundle(out)
    assert tree.ok, (tree.changed, tree.missing, tree.extra)
    published = sorted(p.name for p in out.iterdir() if p.is_dir() and not p.name.startswith("."))
    assert published == ["meldung-0", "meldung-1"]  # the first chunk, and nothing of the second
    code, report = _publish(project, "--chunk", "12")
    assert code == 0, report
    assert report["documents"] == DOCUMENTS
    assert report["reused"] >= 2 * (SENTENCES + 1)  # the first chunk's sentences were not decoded again
    assert report["translated"] == report["segments"] - report["reused"]
    assert verify_bundle(out).ok


def test_a_source_changed_before_its_chunk_is_reported_and_the_rest_published(project: Path) -> None:
    marker = project / "paused"
    env = dict(os.environ, BABELPRESS_PAUSE_AT="settled:1", BABELPRESS_PAUSE_FILE=str(marker),
               BABELPRESS_PAUSE_SECONDS="4")
    process = subprocess.Popen(_command("--chunk", "12"), cwd=project, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(marker, process)
        changed = project / "docs" / "doc07.md"
        changed.write_text("# Meldung 7\n\nEine neue Fassung.\n", encoding="utf-8")
        stdout, stderr = process.communicate(timeout=300)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=60)
    assert process.returncode == 1, stderr
    report = json.loads(stdout)
    assert [error["source"] for error in report["errors"]] == ["docs/doc07.md"]
    assert "changed while this publish ran; publish again" in report["errors"][0]["error"]
    assert report["documents"] == DOCUMENTS - 1
    assert "Traceback" not in stderr
    assert verify_bundle(project / "out").ok


def test_fail_fast_still_publishes_nothing_when_a_late_chunk_holds_a_bad_source(project: Path) -> None:
    (project / "docs" / "doc11.md").write_bytes(b"\xff\xfe\x00broken")
    code, report = _publish(project, "--chunk", "12", "--fail-fast")
    assert code == 1
    assert "error" in report
    assert not (project / "out").exists() or not any(
        p for p in (project / "out").iterdir() if not p.name.startswith(".babelpress"))
