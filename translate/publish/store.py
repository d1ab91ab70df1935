"""Writing into ``--out`` atomically, safely and one publish at a time.

* Every file is first written into a private staging folder inside ``--out``
  (same filesystem), ``.babelpress-tmp-*``, held by a lock while its process
  lives.
* Then the publish takes ``--out/.babelpress.lock`` (``fcntl.flock``; a second
  publish waits for it) and swaps each bundle folder in with one atomic
  ``renameat2(RENAME_EXCHANGE)`` — or, where that is missing, two renames
  whose interruption the next publish repairs. Single files (``folders``
  layout, archives, the output manifest) are replaced with ``os.replace``.
  A publish killed at any point leaves every bundle either old or new,
  never half-written.
* A path in ``--out`` that babelpress did not write (no babelpress manifest
  lists it) is never replaced without ``force``.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import shutil
import sqlite3
import stat
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, MutableMapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from translate import __version__
from translate.checkpoints import reached
from translate.errors import OutputError
from translate.files import exchange, stage_file, sync_folder, write_error
from translate.publish.bundle import GENERATOR, LEGACY_MANIFEST, MANIFEST, BuiltDocument, dump_json, file_record
from translate.publish.jsonstream import JsonStream, listing, nested

LOCK_NAME = ".babelpress.lock"
STAGING_PREFIX = ".babelpress-tmp-"
_OWNER = ".owner"


_KNOWN_CAUSES = (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM)


def output_error(out: Path, exc: OSError) -> OutputError:
    """One message for a failed write into ``out``, naming the cause."""
    if exc.errno in _KNOWN_CAUSES:  # a full disk, a read-only file system, no permission: say which
        return write_error(out, exc, "choose another --out directory", into=True)
    return OutputError(f"Cannot write into {out}: {exc.strerror or exc}. Choose a writable --out directory.")


def ensure_out(out: Path) -> None:
    """Create ``out`` (and check it can hold our lock file) before any translation work."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        with open(out / LOCK_NAME, "a"):
            pass
    except OSError as exc:
        raise output_error(out, exc) from None


@contextmanager
def locked(out: Path, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold ``out``'s publish lock; tell ``on_wait`` when another publish holds it."""
    try:
        handle = open(out / LOCK_NAME, "a")
    except OSError as exc:
        raise output_error(out, exc) from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                on_wait(f"waiting for another publish into {out} to finish")
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class Staging:
    """A private folder in ``out`` for one publish's files, removed on close."""

    def __init__(self, out: Path) -> None:
        self.out = out
        building: Path | None = None
        try:
            building = Path(tempfile.mkdtemp(prefix=".babelpress-new-", dir=out))
            self._owner: IO[str] = open(building / _OWNER, "w")
            fcntl.flock(self._owner, fcntl.LOCK_EX)  # tells other publishes we are alive
            self.path = out / (STAGING_PREFIX + building.name.removeprefix(".babelpress-new-"))
            building.rename(self.path)
            building = self.path
            (self.path / "new").mkdir()
            (self.path / "old").mkdir()
        except OSError as exc:
            if building is not None:
                shutil.rmtree(building, ignore_errors=True)
            if hasattr(self, "_owner"):
                self._owner.close()
            raise output_error(out, exc) from None

    def write(self, relative: str, data: bytes) -> Path:
        """Stage one file; it gets the mode of the file it will replace in ``out`` (else the umask's)."""
        target = self.path / "new" / relative
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "wb") as handle:
                mode = _mode_of(self.out / relative)
                if mode is not None:
                    os.fchmod(handle.fileno(), mode)
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as exc:
            raise output_error(self.out, exc) from None
        return target

    def close(self) -> None:
        _restore_old(self.path, self.path.parent)
        shutil.rmtree(self.path, ignore_errors=True)
        self._owner.close()


def _mode_of(path: Path) -> int | None:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return None


def recover(out: Path) -> None:
    """Undo what killed publishes left behind (call with the lock held)."""
    for staging in sorted(out.glob(STAGING_PREFIX + "*")):
        try:
            with open(staging / _OWNER, "a") as owner:
                fcntl.flock(owner, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            continue  # its publish is still running
        except OSError:
            pass
        _restore_old(staging, out)
        shutil.rmtree(staging, ignore_errors=True)


def _restore_old(staging: Path, out: Path) -> None:
    """A two-rename swap cut between its renames left a bundle's only copy in ``old/``: put it back."""
    old = staging / "old"
    if old.is_dir():
        for previous in old.iterdir():
            if not (out / previous.name).exists():
                previous.rename(out / previous.name)


def swap_directory(staged: Path, target: Path, old_dir: Path) -> None:
    """Put ``staged`` at ``target``; the previous ``target`` ends up in ``old_dir``."""
    if not target.exists():
        staged.rename(target)
        return
    if exchange(staged, target):
        reached("exchanged")
        staged.rename(old_dir / target.name)
        return
    target.rename(old_dir / target.name)  # closing the staging (or recover()) puts it back if we die here
    try:
        staged.rename(target)
    except BaseException:
        (old_dir / target.name).rename(target)
        raise


def manifest_path(folder: Path) -> Path:
    """Where ``folder``'s manifest is: its own name, else the previous version's (``manifest.json``)."""
    path = folder / MANIFEST
    legacy = folder / LEGACY_MANIFEST
    if not (path.exists() or path.is_symlink()) and (legacy.exists() or legacy.is_symlink()):
        return legacy
    return path


def read_manifest(path: Path) -> dict[str, Any] | None:
    """A babelpress manifest, or None when ``path`` is missing or not one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("generator") == GENERATOR else None


class _Texts(MutableMapping[str, dict[str, Any]]):
    """JSON objects kept as the text the manifest file spells them with, in a private scratch database.

    A manifest lists every document and file of ``--out`` (about 1.6 KB per
    document): held in the process, a publish of tens of thousands of
    documents would grow with the corpus. The texts live instead in an
    anonymous SQLite database (``sqlite3.connect("")``): SQLite keeps its
    pages in a bounded cache (2 MB) and spills the rest to a temporary file it
    deletes as soon as it opens it, so nothing is left behind, even after a
    kill. The manifest is written by streaming the texts in key order (only a
    changed record is encoded again), and a lookup parses the one record
    asked for. Keys are ordered as Python orders strings (SQLite compares
    their UTF-8 bytes, which is the same order).
    """

    def __init__(self) -> None:
        self._db = sqlite3.connect("", isolation_level=None)
        self._db.execute("PRAGMA journal_mode=OFF")  # scratch: nothing to recover after a crash
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.execute("CREATE TABLE texts (key TEXT PRIMARY KEY, text TEXT NOT NULL) WITHOUT ROWID")

    def __getitem__(self, key: str) -> dict[str, Any]:
        found: dict[str, Any] = json.loads(self.text(key))
        return found

    def __setitem__(self, key: str, value: dict[str, Any]) -> None:
        self._db.execute("INSERT OR REPLACE INTO texts VALUES (?, ?)", (key, nested(value)))

    def __delitem__(self, key: str) -> None:
        if self._db.execute("DELETE FROM texts WHERE key = ?", (key,)).rowcount == 0:
            raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        return self._db.execute("SELECT 1 FROM texts WHERE key = ?", (key,)).fetchone() is not None

    def __iter__(self) -> Iterator[str]:
        return iter([key for (key,) in self._db.execute("SELECT key FROM texts ORDER BY key")])

    def __len__(self) -> int:
        count: int = self._db.execute("SELECT count(*) FROM texts").fetchone()[0]
        return count

    def text(self, key: str) -> str:
        row = self._db.execute("SELECT text FROM texts WHERE key = ?", (key,)).fetchone()
        if row is None:
            raise KeyError(key)
        found: str = row[0]
        return found

    def ordered(self) -> Iterator[tuple[str, str]]:
        """Every key and its text, in key order (do not change the texts while this runs)."""
        return iter(self._db.execute("SELECT key, text FROM texts ORDER BY key"))


class OutputManifest:
    """``<out>/.babelpress-manifest.json``: every file babelpress wrote in ``out``, per document.

    While a publish swaps documents in, the manifest also lists them under
    ``pending``: their new entry and file records beside the old ones, so
    that at every instant each file on disk matches one of the two (verify
    accepts either). :meth:`settle` then keeps, per document, what is on
    disk; a publish settles at its end, and the next one settles what a
    killed one left pending.

    An ``out`` published by the previous version has ``manifest.json``: it is
    read, and removed once the manifest under the new name is written. A
    ``manifest.json`` babelpress did not write (a web app manifest) is not ours
    and is left alone.

    ``identity`` names the file this object last read or wrote (device,
    inode, size, modification time), so that a publish in chunks reads the
    manifest once and keeps it while nobody else replaces it
    (:meth:`current`).
    """

    def __init__(self, out: Path, layout: str) -> None:
        self.out = out
        self.path = out / MANIFEST
        legacy = out / LEGACY_MANIFEST
        self.legacy = legacy if read_manifest(legacy) is not None else None
        existing = self.path.exists() or self.path.is_symlink()
        self.identity: tuple[int, ...] | None = None
        self.layout = layout
        self._empty()
        if existing or self.legacy is None:
            head, self.identity = self._read(self.path)
        else:
            head = self._take(read_manifest(self.legacy) or {})
        self.ours = bool(head) or not existing

    def _empty(self) -> None:
        self.documents = _Texts()
        self.files = _Texts()
        self._languages: Counter[tuple[str, ...]] = Counter()  # documents per list of languages
        self.pending: dict[str, dict[str, Any]] = {}

    def _read(self, path: Path) -> tuple[dict[str, Any], tuple[int, ...] | None]:
        """Keep the records of the manifest at ``path``, one by one: its other members and the file's identity.

        A file that is missing, unreadable or not a babelpress manifest gives
        ``({}, None)`` and keeps nothing.
        """
        try:
            with open(path, "rb") as handle:
                found = os.fstat(handle.fileno())
                text = handle.read().decode("utf-8")
        except (OSError, ValueError):
            return {}, None
        head: dict[str, Any] = {}
        try:
            stream = JsonStream(text)
            for key in stream.members():
                if key == "documents":
                    for slug in stream.members():
                        self._set_document(slug, stream.value())
                elif key == "files":
                    for _ in stream.elements():
                        self._add_record(stream.value())
                elif key == "pending":
                    pending = stream.value()
                    self.pending = dict(pending) if isinstance(pending, dict) else {}
                else:
                    head[key] = stream.value()
            stream.end()
        except ValueError:
            head = {}
        if head.get("generator") != GENERATOR:
            self._empty()
            return {}, None
        return head, (found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns)

    def _take(self, data: dict[str, Any]) -> dict[str, Any]:
        """Keep the records of a manifest read whole (the previous version's); its other members."""
        documents = data.get("documents", {})
        for slug, entry in (documents.items() if isinstance(documents, dict) else ()):
            self._set_document(slug, entry)
        for record in data.get("files", []):
            self._add_record(record)
        self.pending = dict(data.get("pending", {}))
        return {key: value for key, value in data.items() if key not in ("documents", "files", "pending")}

    def _add_record(self, record: Any) -> None:
        if isinstance(record, dict) and isinstance(record.get("path"), str):
            self.files[record["path"]] = record

    @classmethod
    def current(cls, out: Path, layout: str, known: OutputManifest | None) -> OutputManifest:
        """``known`` while the manifest on disk is still the one it read or wrote, else the file read anew."""
        if known is not None and known.identity is not None and known.layout == layout \
                and known.identity == _identity(known.path):
            return known
        return cls(out, layout)

    def _set_document(self, slug: str, entry: Any) -> None:
        if slug in self.documents:
            self._languages[_languages_of(self.documents[slug])] -= 1
        self.documents[slug] = entry
        self._languages[_languages_of(entry)] += 1

    def owns(self, relative: str) -> bool:
        return relative in self.files or any(relative in p.get("entry", {}).get("files", [])
                                             for p in self.pending.values())

    def add_pending(self, slug: str, entry: dict[str, Any], files: dict[str, bytes]) -> None:
        """Record ``slug``'s new version beside its old one, before it is swapped in."""
        record = dict(entry)
        record["files"] = sorted(files)
        self.pending[slug] = {"entry": record, "files": [file_record(path, data) for path, data in files.items()]}

    def settle(self, swapped: bool = False) -> bool:
        """Per pending document, keep the version on disk (the new one where in doubt). True if any.

        ``swapped`` says every pending document was swapped in, so nothing is read back.
        """
        if not self.pending:
            return False
        for slug, pending in sorted(self.pending.items()):
            new = {record["path"]: record for record in pending.get("files", []) if "path" in record}
            old_paths = set(self.documents.get(slug, {}).get("files", []))
            on_disk_new = swapped or all(_matches(self.out / path, record) for path, record in new.items())
            on_disk_old = not swapped and all(
                _matches(self.out / path, self.files[path]) for path in old_paths if path in self.files)
            if on_disk_new or not on_disk_old:
                for path in old_paths:
                    self.files.pop(path, None)
                self._set_document(slug, pending["entry"])
                self.files.update(new)
        self.pending = {}
        return True

    def replace_document(self, slug: str, entry: dict[str, Any], files: dict[str, bytes]) -> None:
        old = self.documents.get(slug, {})
        for path in old.get("files", []):
            self.files.pop(path, None)
        record = dict(entry)
        record["files"] = sorted(files)
        self._set_document(slug, record)
        for path, data in files.items():
            self.files[path] = file_record(path, data)

    def write(self) -> None:
        """Replace the manifest file atomically; its bytes are ``dump_json`` of the whole manifest."""
        try:
            temporary = stage_file(self.path, self._pieces())
            try:
                os.replace(temporary, self.path)
            except BaseException:
                temporary.unlink(missing_ok=True)
                raise
            self.identity = _identity(self.path)
        except OSError as exc:
            raise write_error(self.path, exc, "choose another --out directory") from None
        sync_folder(self.path.parent)
        if self.legacy is not None:  # the previous version's manifest: what it listed is in ours now
            try:
                self.legacy.unlink(missing_ok=True)
            except OSError as exc:
                raise output_error(self.out, exc) from None
            self.legacy = None

    def _pieces(self) -> Iterator[str]:
        """The text of ``dump_json`` over the manifest, piece by piece, from the kept texts."""
        languages = sorted({lang for found, count in self._languages.items() if count > 0 for lang in found})
        head = dump_json({"generator": GENERATOR, "babelpress_version": __version__, "layout": self.layout,
                          "languages": languages}).decode("utf-8")
        yield head[: -len("\n}\n")]
        yield ',\n  "documents": '
        yield from listing("{", "}", (f"{json.dumps(slug, ensure_ascii=False)}: {text}"
                                       for slug, text in self.documents.ordered()))
        yield ',\n  "files": '
        yield from listing("[", "]", (text for _, text in self.files.ordered()))
        if self.pending:
            pending = {slug: self.pending[slug] for slug in sorted(self.pending)}
            yield ',\n  "pending": ' + json.dumps(pending, indent=2, ensure_ascii=False).replace("\n", "\n  ")
        yield "\n}\n"


def _languages_of(entry: Any) -> tuple[str, ...]:
    return tuple(entry.get("languages", [])) if isinstance(entry, dict) else ()


def _identity(path: Path) -> tuple[int, ...] | None:
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns


def _matches(path: Path, record: dict[str, Any]) -> bool:
    try:
        data = path.read_bytes()
    except OSError:
        return False
    return len(data) == record.get("size") and hashlib.sha256(data).hexdigest() == record.get("sha256")


def edited_paths(out: Path, slug: str, manifest: OutputManifest) -> list[str]:
    """Files babelpress wrote for ``slug`` that were changed since (an edit by hand, say)."""
    paths = manifest.documents.get(slug, {}).get("files", [])
    return [path for path in paths if path in manifest.files and (out / path).is_file()
            and not _matches(out / path, manifest.files[path])]


def foreign_paths(out: Path, built: BuiltDocument, layout: str, manifest: OutputManifest,
                  extra: Sequence[str] = ()) -> list[str]:
    """Paths this document would replace that babelpress did not write."""
    problems: list[str] = []
    if layout == "bundle":
        bundle = out / built.slug
        if bundle.is_symlink() or (bundle.exists() and not bundle.is_dir()):
            problems.append(built.slug)
        elif bundle.is_dir():
            own_path = manifest_path(bundle)
            own = read_manifest(own_path)
            listed = {r.get("path") for r in own.get("files", [])} if own else set()
            for path in sorted(bundle.rglob("*")):
                relative = path.relative_to(bundle).as_posix()
                if path.is_file() and relative != own_path.name and relative not in listed:
                    problems.append(f"{built.slug}/{relative}")
            if own is None and not problems:
                problems.append(f"{built.slug}/")
        candidates = list(extra)
    else:
        candidates = [*built.files, *extra]
    for relative in candidates:
        target = out / relative
        if (target.exists() or target.is_symlink()) and not manifest.owns(relative):
            problems.append(relative)
    return problems
