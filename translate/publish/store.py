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
import stat
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from translate import __version__
from translate.checkpoints import reached
from translate.errors import OutputError
from translate.files import exchange, write_atomic, write_error
from translate.publish.bundle import GENERATOR, LEGACY_MANIFEST, MANIFEST, BuiltDocument, dump_json, file_record

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
    """

    def __init__(self, out: Path, layout: str) -> None:
        self.out = out
        self.path = out / MANIFEST
        legacy = out / LEGACY_MANIFEST
        self.legacy = legacy if read_manifest(legacy) is not None else None
        existing = self.path.exists() or self.path.is_symlink()
        data = read_manifest(self.path if existing or self.legacy is None else self.legacy) or {}
        self.ours = bool(data) or not existing
        self.documents: dict[str, Any] = dict(data.get("documents", {}))
        self.files: dict[str, dict[str, Any]] = {r["path"]: r for r in data.get("files", []) if "path" in r}
        self.pending: dict[str, dict[str, Any]] = dict(data.get("pending", {}))
        self.layout = layout

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
                self.documents[slug] = pending["entry"]
                self.files.update(new)
        self.pending = {}
        return True

    def replace_document(self, slug: str, entry: dict[str, Any], files: dict[str, bytes]) -> None:
        old = self.documents.get(slug, {})
        for path in old.get("files", []):
            self.files.pop(path, None)
        record = dict(entry)
        record["files"] = sorted(files)
        self.documents[slug] = record
        for path, data in files.items():
            self.files[path] = file_record(path, data)

    def write(self) -> None:
        languages = sorted({lang for doc in self.documents.values() for lang in doc.get("languages", [])})
        data = {
            "generator": GENERATOR,
            "babelpress_version": __version__,
            "layout": self.layout,
            "languages": languages,
            "documents": {slug: self.documents[slug] for slug in sorted(self.documents)},
            "files": [self.files[path] for path in sorted(self.files)],
        }
        if self.pending:
            data["pending"] = {slug: self.pending[slug] for slug in sorted(self.pending)}
        write_atomic(self.path, dump_json(data), "choose another --out directory")
        if self.legacy is not None:  # the previous version's manifest: what it listed is in ours now
            try:
                self.legacy.unlink(missing_ok=True)
            except OSError as exc:
                raise output_error(self.out, exc) from None
            self.legacy = None


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
