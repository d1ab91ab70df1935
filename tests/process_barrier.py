"""A barrier for test subprocesses, and the times they record around it.

Each of ``parties`` processes calls ``arrive_and_wait(folder, parties, name)``: it
notes its arrival in ``folder/ready/<name>`` and returns once all ``parties`` have
arrived (after ``timeout`` seconds it exits with an error instead). When its work is
done it calls ``finished(folder, name)``. ``assert_overlapped`` then checks that every
process had arrived before any of them finished: their runs intersect in time.

Run as a script, it wraps ``python -m MODULE ARGS...`` in the barrier:

    python tests/process_barrier.py FOLDER PARTIES NAME -m MODULE [ARGS...]

Standard library only (it runs in the child processes); times are ``time.monotonic()``,
one clock for the whole machine on Linux and macOS.
"""

from __future__ import annotations

import os
import runpy
import sys
import time
from pathlib import Path

SCRIPT = Path(__file__).resolve()


def _note(folder: Path, event: str, name: str) -> None:
    path = Path(folder, event, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{name}.partial")
    partial.write_text(repr(time.monotonic()), encoding="utf-8")
    os.replace(partial, path)  # a note appears whole or not at all


def times(folder: Path, event: str) -> dict[str, float]:
    """The time each process noted for ``event`` ("ready" or "end"), by name."""
    notes = Path(folder, event)
    if not notes.is_dir():
        return {}
    return {p.name: float(p.read_text(encoding="utf-8")) for p in notes.iterdir() if not p.name.startswith(".")}


def arrive_and_wait(folder: Path, parties: int, name: str, timeout: float = 60.0) -> None:
    _note(folder, "ready", name)
    deadline = time.monotonic() + timeout
    while (arrived := len(times(folder, "ready"))) < parties:
        if time.monotonic() > deadline:
            raise SystemExit(f"barrier: only {arrived} of {parties} processes arrived within {timeout:.0f} s")
        time.sleep(0.005)


def finished(folder: Path, name: str) -> None:
    _note(folder, "end", name)


def assert_overlapped(folder: Path, names: list[str]) -> None:
    """Every process had arrived at the barrier before any of them finished."""
    ready, end = times(folder, "ready"), times(folder, "end")
    assert sorted(ready) == sorted(end) == sorted(names), (ready, end)
    assert max(ready.values()) < min(end.values()), (ready, end)


def _main(argv: list[str]) -> None:
    folder, parties, name, flag, module, *args = argv
    assert flag == "-m", "usage: process_barrier.py FOLDER PARTIES NAME -m MODULE [ARGS...]"
    arrive_and_wait(Path(folder), int(parties), name)
    sys.argv = [module, *args]
    sys.path[0] = os.getcwd()  # as ``python -m`` has it, instead of this script's folder
    try:
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    finally:
        finished(Path(folder), name)


if __name__ == "__main__":
    _main(sys.argv[1:])
