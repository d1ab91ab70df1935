"""Reading source files and writing results safely.

Writes are atomic: data goes to a temporary file in the destination directory,
is flushed to disk and renamed over the target, so a crash never leaves a
half-written file behind. The file keeps the mode of the one it replaces; a
new file gets the mode the umask gives (as ``open`` would). A write that fails
(a full disk, a read-only file system, no permission) raises one
:class:`~translate.errors.OutputError` naming the file, the cause and what to
do, and leaves no temporary file behind.
"""

from __future__ import annotations

import ctypes
import errno
import os
import secrets
import stat
from collections.abc import Iterable, Sequence
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


_CAUSES = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "your disk quota is used up",
    errno.EROFS: "it is on a read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
}
_ELSEWHERE = "write it somewhere else"


def os_error_cause(exc: OSError) -> str:
    """What went wrong, in the user's words: "the disk is full", "it is on a read-only file system", ..."""
    return _CAUSES.get(exc.errno or 0) or exc.strerror or str(exc)


def write_error(path: Path, exc: OSError, elsewhere: str = _ELSEWHERE, *, what: str = "",
                into: bool = False) -> OutputError:
    """One message for a failed write: the path, the cause and what to do.

    ``elsewhere`` is the way out that does not need the failing place, as an
    imperative phrase ("choose another --out directory"); ``what`` names the
    file ("the glossary "); ``into`` says the failure is the folder's.
    """
    code = exc.errno or 0
    place = f"{'into ' if into else ''}{what}{path}"
    if code in (errno.ENOSPC, errno.EDQUOT):
        advice = f"Free some space there and run again, or {elsewhere}"
    elif code == errno.EROFS:
        advice = elsewhere[:1].upper() + elsewhere[1:]
    elif code in (errno.EACCES, errno.EPERM):
        advice = f"Make {path if into else path.parent} writable for you, or {elsewhere}"
    else:
        advice = f"Check that {path if into else path.parent} is a folder you can write, or {elsewhere}"
    return OutputError(f"Cannot write {place}: {os_error_cause(exc)}. {advice}.")


def _mode_for(path: Path) -> int | None:
    """The mode ``path`` has now (kept when it is replaced), or None for a new file."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return None


def stage_file(path: Path, data: str | bytes | Iterable[str]) -> Path:
    """Write ``data`` to a new temporary file beside ``path``, flushed to disk; return its path.

    ``data`` may be pieces of text (UTF-8), written one after the other, for
    a text too large to hold twice. The temporary file already has the mode
    ``path`` should end with: the current file's, else what the umask gives
    a new file (the kernel applies it, so the umask is never read or
    changed). Raises ``OSError``; on error nothing is left behind.
    """
    pieces = [data] if isinstance(data, (str, bytes)) else data
    keep = _mode_for(path)
    while True:
        temporary = path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp"
        try:
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
            break
        except FileExistsError:
            continue
    try:
        with os.fdopen(fd, "wb", buffering=1 << 20) as handle:
            if keep is not None:
                os.fchmod(handle.fileno(), keep)
            for piece in pieces:
                handle.write(piece.encode("utf-8") if isinstance(piece, str) else piece)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def sync_folder(folder: Path) -> None:
    """Flush a folder's entries (the renames into it) to disk, where the platform allows."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(path: Path, data: str | bytes, elsewhere: str = _ELSEWHERE, *, what: str = "") -> None:
    """Write ``data`` to ``path`` all at once: readers see the old or the new file, never half.

    An existing file keeps its mode. On failure raises :class:`OutputError`
    (see :func:`write_error` for ``elsewhere`` and ``what``) and ``path`` is
    as it was.
    """
    write_all_atomic([(path, data)], elsewhere, what=what)


def write_all_atomic(files: Sequence[tuple[Path, str | bytes]], elsewhere: str = _ELSEWHERE, *,
                     what: str = "") -> None:
    """Write several files all or none: every one is staged first, then each is renamed into place.

    A full disk or any other failure while staging leaves every target as it
    was (with several files the error adds "No file was written."); only the
    renames, which need no space, come after it, in the order given.
    """
    staged: list[tuple[Path, Path]] = []
    renamed = 0
    try:
        for target, data in files:
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise _failed(write_error(target.parent, exc, elsewhere, into=True), len(files), 0) from None
            try:
                staged.append((stage_file(target, data), target))
            except OSError as exc:
                raise _failed(write_error(target, exc, elsewhere, what=what), len(files), 0) from None
        for temporary, target in staged:
            try:
                os.replace(temporary, target)
            except OSError as exc:
                raise _failed(write_error(target, exc, elsewhere, what=what), len(files), renamed) from None
            renamed += 1
    finally:
        for temporary, _ in staged[renamed:]:
            temporary.unlink(missing_ok=True)
    for folder in dict.fromkeys(path.parent for path, _ in files):
        sync_folder(folder)


def _failed(error: OutputError, total: int, written: int) -> OutputError:
    if total == 1:
        return error
    done = "No file was written." if not written else f"Only {written} of {total} files were written."
    return OutputError(f"{error} {done}")


def exchange(new: Path, current: Path) -> bool:
    """Atomically swap two directories (Linux renameat2); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(new), at_fdcwd, os.fsencode(current), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EPERM, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(current))
