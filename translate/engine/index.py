"""Installing packages by language pair from the Argos package index (needs internet).

The index is a JSON list of package metadata with download ``links``. When it
has no direct package for a pair, the English pivot pair is installed instead
(de→es = de→en + en→es).
"""

from __future__ import annotations

import json
import os
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from translate.engine import install, packages, paths
from translate.errors import NetworkError, PackageError

TIMEOUT_SECONDS = 30
INDEX_PAGE = "https://www.argosopentech.com/argospm/index/"


def _offline_message(what: str, url: str, reason: object) -> str:
    return (
        f"Could not download {what} from {url} ({reason}). Installing a model by language "
        "pair needs internet once; translating never does. On a machine with internet, "
        f"download the .argosmodel file (listed at {INDEX_PAGE}), copy it here and run "
        "`babelpress models install PATH/TO/FILE.argosmodel`."
    )


def _fetch(url: str, what: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return bytes(response.read())
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise NetworkError(_offline_message(what, url, reason)) from None


def fetch_index(url: str | None = None) -> list[dict[str, Any]]:
    url = url or paths.package_index_url()
    try:
        data = json.loads(_fetch(url, "the package index"))
    except ValueError:
        raise NetworkError(f"The package index at {url} is not valid JSON; try again later.") from None
    if not isinstance(data, list):
        raise NetworkError(f"The package index at {url} is not a list of packages.")
    return [entry for entry in data if isinstance(entry, dict) and entry.get("type", "translate") == "translate"]


def plan(index: list[dict[str, Any]], source: str, target: str) -> list[dict[str, Any]]:
    """The index entries to install for ``source``→``target``: direct, else via English."""

    def entry(src: str, tgt: str) -> dict[str, Any] | None:
        matches = [e for e in index if e.get("from_code") == src and e.get("to_code") == tgt]
        return matches[-1] if matches else None

    direct = entry(source, target)
    if direct is not None:
        return [direct]
    first, second = entry(source, "en"), entry("en", target)
    if first is not None and second is not None and "en" not in (source, target):
        return [first, second]
    raise PackageError(
        f"The Argos package index has no model for {source}→{target}, neither directly nor "
        f"through English. See `babelpress models list --available` for the pairs it offers."
    )


def download(entry: dict[str, Any], report: Callable[[str], None] | None = None) -> tuple[Path, str]:
    """Download one package into Argos' download cache (atomically): its path and its link."""
    links = [link for link in entry.get("links", []) if isinstance(link, str)]
    if not links:
        raise PackageError(f"The index entry for {entry.get('from_code')}→{entry.get('to_code')} has no download link.")
    name = f"translate-{entry.get('from_code')}_{entry.get('to_code')}.argosmodel"
    target_dir = paths.downloads_dir()
    target_dir.mkdir(parents=True, exist_ok=True)
    last_error: NetworkError | None = None
    for link in links:
        if report:
            report(f"Downloading {link}")
        try:
            data = _fetch(link, f"the {entry.get('from_code')}→{entry.get('to_code')} model")
        except NetworkError as exc:
            last_error = exc
            continue
        fd, tmp = tempfile.mkstemp(prefix=".download-", dir=target_dir)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        final = target_dir / name
        os.replace(tmp, final)
        return final, link
    assert last_error is not None  # links is non-empty, so some attempt failed
    raise last_error


def install_pair(
    source: str, target: str, report: Callable[[str], None] | None = None
) -> list[packages.ModelPackage]:
    """Download and install what translating ``source``→``target`` needs."""
    installed = []
    for entry in plan(fetch_index(), source, target):
        path, link = download(entry, report)
        # The downloaded file is deleted either way: messages name where it came from.
        shown = f"The {entry.get('from_code')}→{entry.get('to_code')} package downloaded from {link}"
        try:
            installed.append(install.install_file(path, shown=shown))
        finally:
            path.unlink(missing_ok=True)
    return installed
