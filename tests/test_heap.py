"""The allocator settings a run makes: at most ``ARENAS`` malloc arenas, whatever the number of threads."""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys

import pytest

_THREADS = """
import ctypes, sys, threading
from translate.heap import limit_arenas
if sys.argv[1] == "limit":
    limit_arenas()
libc = ctypes.CDLL(None)
libc.malloc.restype = ctypes.c_void_p
barrier = threading.Barrier(8)
def work():
    barrier.wait()  # all eight at once, so that glibc hands each its own arena if it may
    blocks = [libc.malloc(4096) for _ in range(200)]
    barrier.wait()
    for block in blocks:
        libc.free(ctypes.c_void_p(block))
threads = [threading.Thread(target=work) for _ in range(8)]
for thread in threads: thread.start()
for thread in threads: thread.join()
libc.malloc_stats()  # glibc: one "Arena N:" block per arena, on standard error
"""


def _arenas(mode: str, environment: dict[str, str]) -> int:
    done = subprocess.run([sys.executable, "-c", _THREADS, mode], capture_output=True, text=True, timeout=60,
                          env=environment, check=True)
    return sum(1 for line in done.stderr.splitlines() if line.startswith("Arena "))


@pytest.mark.skipif(not hasattr(ctypes.CDLL(None), "malloc_stats"), reason="needs glibc's malloc_stats")
def test_a_run_uses_at_most_two_arenas_and_the_users_setting_wins() -> None:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")}
    assert _arenas("default", environment) > 2  # glibc's own default: one per thread here
    assert _arenas("limit", environment) <= 2
    assert _arenas("limit", {**environment, "MALLOC_ARENA_MAX": "4"}) > 2  # left to the user
