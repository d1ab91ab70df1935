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


def decode_source(
    data: bytes,
    name: str,
    encoding: str = "utf-8",
    *,
    expected: str = "a .txt or .md file",
    option: str | None = "--encoding",
) -> str:
    """Decode a source document, with a clear message for binary or undecodable input.

    A byte-order mark names the encoding whenever ``encoding`` is a Unicode one
    (UTF-8, the default, or UTF-16/32), so a UTF-16 file saved by Windows tools
    reads as it is. The check for binary data (NUL) runs on the decoded text
    for UTF-16/32 and on the bytes otherwise. ``expected`` says what file to
    give instead of a binary one; ``option`` is the caller's flag that chooses
    the encoding, named in the hints (``None``: the command has none).
    """
    import codecs

    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        raise InputError(f"Unknown encoding '{encoding}'; use a Python codec name such as utf-8 or cp1252.") from None
    skipped = 0
    if codec.startswith(("utf-8", "utf-16", "utf-32")):
        for bom, named in ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
                           (b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
            if data.startswith(bom):
                codec, skipped = named, len(bom)
                break
    body = data[skipped:]
    head = body[:8192]
    if codec == "utf-16":  # no byte-order mark: the side of the zero bytes of Latin text tells the order
        codec = "utf-16-be" if head[0::2].count(0) > head[1::2].count(0) else "utf-16-le"
    wide = codec.startswith(("utf-16", "utf-32"))

    def binary() -> InputError:
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if len(head) >= 4 and min(even, odd) == 0 and max(even, odd) * 4 >= len(head):
            order = "le" if odd else "be"
            fix = f"pass {option} utf-16-{order}" if option else "save it as UTF-8"
            return InputError(f"{name} looks like UTF-16 text without a byte-order mark; {fix}.")
        return InputError(f"{name} looks like a binary file, not a text document; give {expected}.")

    if not wide and b"\x00" in head:
        raise binary()
    try:
        text = body.decode(codec)
    except UnicodeDecodeError as exc:
        if b"\x00" in head:
            raise binary() from None
        where = f"byte {skipped + exc.start}: {body[exc.start:exc.start + 1]!r}"
        latin = codec in ("utf-8", "utf-8-sig")
        try:
            body.decode("cp1252")
        except UnicodeDecodeError:
            latin = False
        if latin:
            switch = f" or pass {option} cp1252" if option else ""
            raise InputError(
                f"{name} is not valid UTF-8 ({where}). It decodes as Windows-1252/Latin-1. Convert it with "
                f"`iconv -f WINDOWS-1252 -t UTF-8 FILE > FILE.utf8`{switch}."
            ) from None
        switch = f", or pass {option} with the encoding it is in" if option else ""
        raise InputError(f"{name} is not valid {codec.upper()} ({where}). Save it as UTF-8{switch}.") from None
    if wide and "\x00" in text[:8192]:
        raise binary()
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
