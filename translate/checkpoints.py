"""Named points of a publish where a test may pause it, to kill it there.

A publish passes :func:`reached` at each step that changes what is on disk
(staged, locked, manifest pending, each swap, settled; each stored chunk of
translations). Nothing happens unless ``BABELPRESS_PAUSE_AT`` names the point
(``name`` or ``name:N`` for its N-th passing, from 1); then the process
writes its PID into ``BABELPRESS_PAUSE_FILE`` and sleeps until killed (at
most ``BABELPRESS_PAUSE_SECONDS``, default 60). The fault-injection tests use
this to kill a publish at every step; users never set it.
"""

from __future__ import annotations

import os
import time
from collections import Counter

_passed: Counter[str] = Counter()


def reached(name: str) -> None:
    """Pause here if a test asked for this point (see the module's docstring)."""
    wanted = os.environ.get("BABELPRESS_PAUSE_AT")
    if not wanted:
        return
    _passed[name] += 1
    if wanted not in (name, f"{name}:{_passed[name]}"):
        return
    marker = os.environ.get("BABELPRESS_PAUSE_FILE")
    if marker:
        with open(marker, "w", encoding="utf-8") as handle:
            handle.write(str(os.getpid()))
    time.sleep(float(os.environ.get("BABELPRESS_PAUSE_SECONDS", "60")))
