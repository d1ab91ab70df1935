"""Unpacking an ``.argosmodel`` (zip) archive without trusting it.

Member names must stay inside the archive's one top-level folder, and sizes
are checked twice: the sizes the archive declares before anything is written
(the total, and each large member's compression ratio, so a zip bomb is
refused up front), then the bytes actually written, as a running total while
each member is streamed out.
"""

from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath

from translate.errors import PackageError

# The largest real Argos packages unpack to well under 1 GiB.
MAX_UNPACKED_BYTES = 4 << 30
# Model weights barely compress; a large member that shrank more than this is not a model.
MAX_RATIO = 100
RATIO_FREE_BYTES = 1 << 20  # small files (metadata, READMEs) may compress as well as they like
CHUNK = 1 << 20
AGAIN = "Download the package again."


def human_size(size: int) -> str:
    """``size`` bytes in binary units, one decimal: ``2.0 MiB``."""
    value = float(size)
    for unit in ("B", "KiB", "MiB"):
        if value < 1024:
            return f"{size} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GiB"


def top_folder(archive: zipfile.ZipFile, shown: str) -> str:
    """Check the archive's member names; return its single top-level directory."""
    tops = set()
    for name in archive.namelist():
        pure = PurePosixPath(name)
        if pure.is_absolute() or ".." in pure.parts or "\\" in name or not pure.parts:
            raise PackageError(f"{shown} contains an unsafe path ({name!r}); refusing to install it.")
        tops.add(pure.parts[0])
    if len(tops) != 1:
        raise PackageError(
            f"{shown} is not an Argos model package: it must hold exactly one top-level "
            f"directory, found {len(tops)}."
        )
    return tops.pop()


def _check_declared(members: list[zipfile.ZipInfo], shown: str) -> None:
    total = sum(info.file_size for info in members)
    if total > MAX_UNPACKED_BYTES:
        raise PackageError(
            f"{shown} was not installed: it would unpack to {human_size(total)}, more than the "
            f"{human_size(MAX_UNPACKED_BYTES)} a model package may take. {AGAIN}"
        )
    for info in members:
        if info.file_size > RATIO_FREE_BYTES and info.file_size > MAX_RATIO * info.compress_size:
            ratio = info.file_size // max(info.compress_size, 1)
            raise PackageError(
                f"{shown} was not installed: {info.filename} would unpack from "
                f"{human_size(info.compress_size)} to {human_size(info.file_size)} ({ratio} times its "
                "packed size). No real model compresses like that: this is a zip bomb or a damaged "
                f"file, not a model package. {AGAIN}"
            )


def extract(archive: zipfile.ZipFile, into: Path, shown: str) -> str:
    """Unpack ``archive`` into ``into``; return its top-level folder's name.

    ``shown`` names the package in messages (the user's file, never ``into``).

    Raises:
        PackageError: on an unsafe name, or sizes past the limits (nothing
            large is written before the declared sizes are checked).
        OSError, zipfile.BadZipFile: when writing or reading fails.
    """
    top = top_folder(archive, shown)
    members = archive.infolist()
    _check_declared(members, shown)
    written = 0
    for info in members:
        target = into.joinpath(*PurePosixPath(info.filename).parts)
        if info.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with archive.open(info) as source, open(target, "wb") as sink:
            while chunk := source.read(CHUNK):
                written += len(chunk)
                if written > MAX_UNPACKED_BYTES:
                    raise PackageError(
                        f"{shown} was not installed: it unpacks to more than the "
                        f"{human_size(MAX_UNPACKED_BYTES)} a model package may take. {AGAIN}"
                    )
                sink.write(chunk)
    return top
