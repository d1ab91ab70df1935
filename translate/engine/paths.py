"""Where babelpress and Argos Translate keep their files.

Everything is resolved at call time from the environment, so tests (and users)
can point babelpress at temporary directories without restarting anything. The
rules mirror ``argostranslate.settings`` exactly, so models that a user already
installed for Argos Translate or LibreTranslate are found, and models installed
by babelpress are seen by those tools.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

DEFAULT_INDEX_URL = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"


def _home() -> Path:
    if "SNAP" in os.environ and "SNAP_USER_DATA" in os.environ:
        return Path(os.environ["SNAP_USER_DATA"])
    return Path.home()


def argos_data_dir() -> Path:
    """``$XDG_DATA_HOME/argos-translate`` (default ``~/.local/share/argos-translate``)."""
    base = os.environ.get("XDG_DATA_HOME") or str(_home() / ".local" / "share")
    return Path(base) / "argos-translate"


def argos_config_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(_home() / ".config")
    return Path(base) / "argos-translate"


def argos_cache_dir() -> Path:
    # Argos Translate uses ~/.local/cache (not ~/.cache) as its default.
    base = os.environ.get("XDG_CACHE_HOME") or str(_home() / ".local" / "cache")
    return Path(base) / "argos-translate"


def _argos_setting(key: str) -> str | None:
    """An Argos setting: environment first, then Argos' settings.json."""
    value = os.environ.get(key)
    if value is not None:
        return value
    settings_file = argos_config_dir() / "settings.json"
    try:
        data = json.loads(settings_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    found = data.get(key) if isinstance(data, dict) else None
    return str(found) if found is not None else None


def packages_dir() -> Path:
    """The directory installed model packages live in (``ARGOS_PACKAGES_DIR``)."""
    configured = _argos_setting("ARGOS_PACKAGES_DIR")
    return Path(configured) if configured else argos_data_dir() / "packages"


def downloads_dir() -> Path:
    return argos_cache_dir() / "downloads"


def package_index_url() -> str:
    """URL of the Argos package index JSON (``ARGOS_PACKAGE_INDEX`` + ``index.json``)."""
    base = _argos_setting("ARGOS_PACKAGE_INDEX") or DEFAULT_INDEX_URL
    return base if base.endswith(".json") else base.rstrip("/") + "/index.json"
