"""Real full disks and read-only file systems for tests, in a private mount namespace.

``run_mounted`` runs a command under ``unshare --user --map-root-user --mount``:
inside, a folder can be a tiny tmpfs (writes beyond its size fail with ENOSPC,
as on a full disk) or a read-only bind mount of itself (writes fail with EROFS).
The mounts exist only for that process tree and vanish with it, so nothing is
left behind and nothing outside the namespace is affected. Where user
namespaces are unavailable the test is skipped.
"""

from __future__ import annotations

import functools
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

UNSHARE = ["unshare", "--user", "--map-root-user", "--mount"]


@functools.cache
def _namespaces_work() -> bool:
    if shutil.which("unshare") is None:
        return False
    try:
        done = subprocess.run([*UNSHARE, "true"], capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def need_namespaces() -> None:
    if not _namespaces_work():
        pytest.skip("needs `unshare` with user and mount namespaces (util-linux) to make a real full disk "
                    "or read-only file system")


def babelpress(*args: str | Path) -> list[str]:
    """The command line of the installed CLI, as a user runs it."""
    return [sys.executable, "-m", "translate", *map(str, args)]


def run_mounted(
    command: Sequence[str],
    *,
    full: Path | None = None,
    size: str = "4k",
    fill: Sequence[tuple[Path, Path]] = (),
    read_only: Sequence[Path] = (),
    keep: Path | None = None,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """Run ``command`` with ``full`` a tmpfs of ``size`` and each of ``read_only`` mounted read-only.

    ``fill`` copies ``(source, destination)`` files into the tmpfs before the
    command runs; ``keep`` receives a copy of the tmpfs (modes kept) once it
    has run, since the tmpfs itself vanishes with the namespace.
    """
    need_namespaces()
    steps = ["set -e"]
    if full is not None:
        steps.append(f"mount -t tmpfs -o size={size},mode=0755 tmpfs {shlex.quote(str(full))}")
        steps += [f"cp {shlex.quote(str(src))} {shlex.quote(str(dst))}" for src, dst in fill]
    for folder in read_only:
        quoted = shlex.quote(str(folder))
        steps += [f"mount --bind {quoted} {quoted}", f"mount -o remount,bind,ro {quoted}"]
    steps += ["set +e", shlex.join(command), "status=$?"]
    if keep is not None and full is not None:
        steps.append(f"cp -a {shlex.quote(str(full))}/. {shlex.quote(str(keep))}/")
    steps.append("exit $status")
    return subprocess.run(
        [*UNSHARE, "sh", "-c", "\n".join(steps)], capture_output=True, text=True, timeout=timeout,
        cwd=cwd, env=dict(env if env is not None else os.environ),
    )
