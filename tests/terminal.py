"""Running babelpress with its stderr on a real terminal (a pty), as a user sees progress lines."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path


def on_a_terminal(args: list[str], cwd: Path, timeout: float = 300) -> tuple[int, str]:
    """``python -m translate ARGS`` with stderr on a pty: its exit status and everything it showed there."""
    parent, child = pty.openpty()
    try:
        process = subprocess.Popen([sys.executable, "-m", "translate", *args], cwd=cwd, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=child)
        os.close(child)
        child = -1
        chunks = []
        while True:
            try:
                data = os.read(parent, 65536)
            except OSError:  # the terminal closed: the command is done
                break
            if not data:
                break
            chunks.append(data)
        code = process.wait(timeout=timeout)
    finally:
        os.close(parent)
        if child >= 0:
            os.close(child)
    return code, b"".join(chunks).decode("utf-8", "replace")
