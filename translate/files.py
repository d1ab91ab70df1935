"""Reading source files and writing results safely.

Writes are atomic: data goes to a temporary file in the destination directory,
is flushed to disk and renamed over the target, so a crash never leaves a
half-written file behind.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from translate.errors import InputError, OutputError


def decode_source(data: bytes, name: str, encoding: str = "utf-8") -> str:
    """Decode a source document, with a clear message for binary or non-UTF-8 input."""
    if b"\x00" in data[:8192]:
        raise InputError(f"{name} looks like a binary file, not a text document; give a .txt or .md file.")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        hint = ""
        try:
            data.decode("cp1252")
            hint = " It decodes as Windows-1252/Latin-1"
        except UnicodeDecodeError:
            pass
        raise InputError(
            f"{name} is not valid {encoding.upper()} (byte {exc.start}: {data[exc.start:exc.start + 1]!r})."
            f"{hint}. Convert it with `iconv -f WINDOWS-1252 -t UTF-8 FILE > FILE.utf8` or pass "
            "--encoding cp1252."
        ) from None
    except LookupError:
        raise InputError(f"Unknown encoding '{encoding}'; use a Python codec name such as utf-8 or cp1252.") from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


def read_bytes(path: Path, name: str | None = None) -> bytes:
    """The bytes of a source file, with one clear message when it cannot be read."""
    name = name or str(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{name} does not exist.") from None
    except IsADirectoryError:
        raise InputError(f"{name} is a directory; give the document files inside it.") from None
    except OSError as exc:
        raise InputError(f"{name} cannot be read: {exc.strerror}.") from None


def read_source(path: Path, encoding: str = "utf-8") -> str:
    return decode_source(read_bytes(path), str(path), encoding)


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` all at once: readers see the old or the new file, never half."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(
            f"Cannot write into {path.parent}: {exc.strerror}. Choose a writable --out directory."
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
