"""Where the translation memory lives.

In order of precedence: an explicit path (``--memory PATH`` or the
``memory:`` key of ``babelpress.yaml``), the ``BABELPRESS_MEMORY`` environment
variable, then ``memory.sqlite3`` in the user's data directory
(``~/.local/share/babelpress`` on Linux, ``~/Library/Application Support/babelpress``
on macOS, ``%LOCALAPPDATA%\\babelpress`` on Windows). Everything is resolved
when called, never at import, so tests and scripts can point it elsewhere.
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
