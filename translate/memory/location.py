"""Where the translation memory lives.

In order of precedence: an explicit path (``--memory PATH`` or the
``memory:`` key of ``babelpress.yaml``), the ``BABELPRESS_MEMORY`` environment
variable, then ``memory.sqlite3`` in the user's data directory
(``~/.local/share/babelpress`` on Linux, ``~/Library/Application Support/babelpress``
on macOS, ``%LOCALAPPDATA%\\babelpress`` on Windows). Everything is resolved
when called, never at import, so tests and scripts can point it elsewhere.

:func:`read_only_reason` tells, without writing anything, whether the file
(or the folder it would be created in) can be written at all: a memory on a
read-only file system or without write permission is opened read-only.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "BABELPRESS_MEMORY"
FILE_NAME = "memory.sqlite3"


def default_memory_path() -> Path:
    """``$BABELPRESS_MEMORY``, else the memory file in the user's data directory."""
    override = os.environ.get(ENV_VAR, "").strip()
    if override:
        return Path(override).expanduser()
    import platformdirs

    return platformdirs.user_data_path("babelpress", appauthor=False) / FILE_NAME


def memory_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The memory file to use: ``explicit`` when given, else :func:`default_memory_path`."""
    if explicit is not None and str(explicit).strip():
        return Path(explicit).expanduser()
    return default_memory_path()


def on_read_only_file_system(path: Path) -> bool:
    """Whether ``path`` (or, when it does not exist, its nearest existing folder) is on a read-only mount."""
    probe = path
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    try:
        return bool(os.statvfs(probe).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs (Windows): the permission checks below decide
        return False


def _may_write(path: Path) -> bool:
    effective = os.access in os.supports_effective_ids
    return os.access(path, os.W_OK, effective_ids=effective)


def read_only_reason(path: Path) -> str | None:
    """Why the memory file ``path`` cannot be written or created, or None when it can.

    SQLite needs to write the file and, for its journal, the folder it is in.
    """
    if on_read_only_file_system(path):
        return "it is on a read-only file system"
    if path.exists() and not _may_write(path):
        return "you may not write to it"
    if path.parent.is_dir() and not _may_write(path.parent):
        return f"you may not write to its folder {path.parent}"
    return None
