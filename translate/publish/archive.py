"""Deterministic archives of a published document: same files, same bytes.

Entries are sorted, timestamps fixed (1980-01-01 for zip, the epoch for
tar), owners and permissions normalised, and the gzip header carries no
name or time.
"""

from __future__ import annotations

import gzip
import io
import tarfile
import zipfile
from collections.abc import Mapping

FORMATS = ("zip", "tar.gz")
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def archive_name(slug: str, kind: str) -> str:
    return f"{slug}.{kind}"


def build_archive(files: Mapping[str, bytes], kind: str) -> bytes:
    """``files`` (archive path → bytes) as one ``zip`` or ``tar.gz`` archive."""
    buffer = io.BytesIO()
    if kind == "zip":
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(files):
                entry = zipfile.ZipInfo(path, date_time=_ZIP_TIME)
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = 0o644 << 16
                entry.create_system = 3  # Unix, whatever system builds it
                archive.writestr(entry, files[path])
        return buffer.getvalue()
    if kind == "tar.gz":
        raw = io.BytesIO()
        with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
            for path in sorted(files):
                member = tarfile.TarInfo(path)
                member.size = len(files[path])
                member.mtime = 0
                member.mode = 0o644
                member.uid = member.gid = 0
                member.uname = member.gname = ""
                tar.addfile(member, io.BytesIO(files[path]))
        with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0) as packed:
            packed.write(raw.getvalue())
        return buffer.getvalue()
    raise ValueError(f"unknown archive format {kind!r}; use one of {', '.join(FORMATS)}")
