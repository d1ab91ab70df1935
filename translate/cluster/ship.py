"""Model packages carried to a cluster's nodes, without a shared file system.

The driver zips each package of the run once (:func:`pack`) and puts the
archive into Ray's object store; a node fetches it from there once, and the
first worker on the node unpacks it (:func:`unpack_on_node`) into a cache
folder named after the archive's SHA-256, which every later worker and run on
that node reuses without fetching the archive again. Workers on one node
take turns through a file lock, and a package is renamed into place whole, so
a worker killed while unpacking leaves nothing a later one would load.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from translate.engine.packages import ModelPackage, load_package
from translate.engine.unpack import extract

__all__ = ["cache_root", "pack", "unpack_on_node"]


def pack(package: ModelPackage) -> tuple[str, bytes]:
    """``package``'s folder as an uncompressed zip archive, and the archive's SHA-256.

    Uncompressed: model weights do not compress, and the archive is unpacked
    on every node. Members are sorted, so one package always gives one digest.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for path in sorted(package.path.rglob("*")):
            if path.is_file():
                info = zipfile.ZipInfo(f"{package.name}/{path.relative_to(package.path).as_posix()}")
                with path.open("rb") as source, archive.open(info, "w") as sink:
                    shutil.copyfileobj(source, sink, 1 << 20)
    data = buffer.getvalue()
    return hashlib.sha256(data).hexdigest(), data


def cache_root() -> Path:
    """Where a node keeps unpacked packages: ``$TMPDIR/babelpress-packages-<uid>``."""
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return Path(tempfile.gettempdir()) / f"babelpress-packages-{uid}"


def unpack_on_node(digest: str, name: str, fetch: Callable[[], bytes]) -> ModelPackage:
    """The package archived as ``digest``, unpacked on this node (``fetch`` gives the archive when needed)."""
    folder = cache_root() / digest
    target = folder / name
    if not target.is_dir():
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        with _locked(folder / ".lock"):
            if not target.is_dir():
                staging = Path(tempfile.mkdtemp(prefix=".unpacking-", dir=folder))
                try:
                    with zipfile.ZipFile(io.BytesIO(fetch())) as archive:
                        top = extract(archive, staging, name)
                    os.replace(staging / top, target)
                finally:
                    shutil.rmtree(staging, ignore_errors=True)
    return load_package(target, shown=name)


class _locked:
    """An exclusive lock on ``path`` while the ``with`` block runs (one process of the node at a time)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.handle: io.TextIOWrapper | None = None

    def __enter__(self) -> None:
        import fcntl

        self.handle = open(self.path, "a", encoding="utf-8")
        fcntl.flock(self.handle, fcntl.LOCK_EX)

    def __exit__(self, *_: object) -> None:
        if self.handle is not None:
            self.handle.close()  # closing releases the lock
