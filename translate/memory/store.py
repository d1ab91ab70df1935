"""The translation memory: an embedded SQLite store of translated segments.

One file, opened in WAL mode so readers never block the single writer; every
write is one ``BEGIN IMMEDIATE`` transaction and a second process waits for it
(``busy_timeout``) instead of failing, so concurrent runs are safe. Each row
carries a checksum over its key and translation, verified on every read: a
damaged file raises :class:`~translate.errors.CorruptMemoryError` naming the
file and ``babelpress memory check`` — it never yields a wrong translation.

A memory that cannot be written (a read-only file system, no write
permission on the file or its folder) is opened read-only: lookups work,
:meth:`TranslationMemory.store_many` stores nothing (a run goes on with what
it reuses; :attr:`TranslationMemory.warning` says so) and the explicit
writes (import, prune) raise a clear error.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TypeVar

from translate.errors import CorruptMemoryError, TranslationMemoryError
from translate.files import os_error_cause
from translate.memory import schema
from translate.memory.keys import SegmentKey
from translate.memory.location import memory_path, on_read_only_file_system, read_only_reason


__all__ = ["Entry", "MemoryStats", "Origin", "PruneReport", "TranslationMemory", "connect_read_only",
           "remove_wal_files", "wal_files"]

Origin = Literal["machine", "human"]
T = TypeVar("T")

# Rows per IN (...) query: far below SQLite's variable limit, large enough that
# a run of thousands of segments is a handful of statements.
_CHUNK = 500
# A hit refreshes ``used_at`` (for `prune --unused-days`) at most this often,
# so re-publishing an unchanged project writes almost nothing.
_TOUCH_EVERY_S = 3600.0
_COLUMNS = (
    "key, source_text, source_lang, target_lang, route, settings, context, "
    "target_text, origin, checksum, created_at, used_at, meta, score, reviewer"
)


@dataclass(frozen=True, slots=True)
class Entry:
    """One stored translation. Human entries have empty route, settings and context."""

    key: SegmentKey
    translation: str
    origin: Origin = "machine"
    created_at: float = 0.0
    used_at: float = 0.0
    meta: str = ""  # the caller's note stored with it (e.g. glossary term rows as JSON)
    score: float | None = None  # machine entries: the model's length-normalized log-probability (None: unknown)
    reviewer: str = ""  # human entries: who reviewed it ("" where unknown)

    @property
    def digest(self) -> str:
        return self.key.human if self.origin == "human" else self.key.digest


@dataclass(frozen=True)
class MemoryStats:
    path: Path
    entries: int
    machine: int
    human: int
    pairs: dict[str, int]  # "de-en" -> entries
    routes: dict[str, int]  # route signature -> machine entries
    size_bytes: int
    schema_version: int
    last_used: float | None
    reviewers: dict[str, int] = field(default_factory=dict)  # reviewer ("" unknown) -> human entries


@dataclass(frozen=True)
class PruneReport:
    removed: int
    kept: int


def _checksum(digest: str, translation: str, origin: str, meta: str,
              score: float | None = None, reviewer: str = "") -> str:
    payload = f"{digest}\x00{origin}\x00{translation}" + (f"\x00{meta}" if meta else "")
    # Only when set, so that the rows of earlier schemas keep their checksums.
    if score is not None:
        payload += f"\x00score={score!r}"
    if reviewer:
        payload += f"\x00reviewer={reviewer}"
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


def _chunks(items: Sequence[T], size: int = _CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _error_name(exc: sqlite3.Error) -> str:
    return getattr(exc, "sqlite_errorname", "") or ""


class TranslationMemory:
    """Open with :meth:`open`; use as a context manager or call :meth:`close`."""

    def __init__(self, connection: sqlite3.Connection, path: Path, read_only_reason: str | None = None) -> None:
        self._connection = connection
        self.path = path
        self.read_only_reason = read_only_reason  # why it was opened read-only; None when writable

    @property
    def read_only(self) -> bool:
        return self.read_only_reason is not None

    @property
    def warning(self) -> str | None:
        """What a run should tell its user about this memory (None: nothing)."""
        if self.read_only_reason is None:
            return None
        return (f"the translation memory {self.path} is read-only ({self.read_only_reason}): stored "
                "translations are reused, new ones are not stored. Give a writable one with --memory PATH, "
                "or skip it with --no-memory.")

    # -- opening -----------------------------------------------------------

    @classmethod
    def open(
        cls, path: str | os.PathLike[str] | None = None, *, create: bool = True, timeout: float = 30.0
    ) -> TranslationMemory:
        """Open (and with ``create``, create or migrate) the memory at ``path``.

        ``path`` defaults to :func:`~translate.memory.location.default_memory_path`.
        ``timeout`` is how long a write waits for another process's transaction.
        """
        target = memory_path(path)
        if target.is_dir():
            raise TranslationMemoryError(f"{target} is a directory; give the memory's file name, e.g. {target}/memory.sqlite3.")
        reason = read_only_reason(target)
        if target.exists() and reason is not None:
            return cls._open_read_only(target, reason, timeout)
        if not target.exists():
            if not create:
                raise TranslationMemoryError(
                    f"There is no translation memory at {target} yet: it is created by the first run "
                    "that translates with it (or give another file with --memory PATH)."
                )
            if reason is not None:
                raise _cannot_create(target, reason)
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise _cannot_create(target, os_error_cause(exc)) from None
        memory = cls(_connect(target, timeout), target)
        try:
            with memory._guard():
                _use_wal(memory._connection, timeout)
                # NORMAL is durable across application crashes in WAL mode; only
                # an OS crash may lose the last transactions, never corrupt the file.
                memory._connection.execute("PRAGMA synchronous=NORMAL")
                try:
                    schema.migrate(memory._connection)
                except ValueError as exc:
                    raise CorruptMemoryError(
                        f"{target} cannot be used as a translation memory: {exc}. "
                        "Give another file with --memory PATH."
                    ) from None
        except BaseException:
            memory.close()
            raise
        return memory

    @classmethod
    def _open_read_only(cls, target: Path, reason: str, timeout: float) -> TranslationMemory:
        """Open a memory that cannot be written: reads only, and only at the current schema."""
        try:
            connection = connect_read_only(target, timeout)
        except sqlite3.Error as exc:
            raise _translate_error(exc, target) from None
        memory = cls(connection, target, reason)
        try:
            with memory._guard():
                problem = _schema_problem(connection)
                if problem is not None:
                    raise CorruptMemoryError(
                        f"{target} cannot be used as a translation memory: {problem}. "
                        "Give another file with --memory PATH."
                    )
                found = schema.user_version(connection)
                if found < schema.SCHEMA_VERSION:
                    raise TranslationMemoryError(
                        f"The translation memory {target} has schema version {found} and must be updated to "
                        f"{schema.SCHEMA_VERSION}, which needs writing to it, but {reason}. Open it once "
                        "where it can be written, or give another file with --memory PATH."
                    )
        except BaseException:
            memory.close()
            raise
        return memory

    def _refuse_writes(self) -> None:
        if self.read_only_reason is not None:
            raise TranslationMemoryError(
                f"The translation memory {self.path} is read-only ({self.read_only_reason}): nothing can be "
                "stored in it. Copy it to a writable place and pass --memory PATH."
            )

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """Turn SQLite failures into one clear, file-naming error."""
        try:
            yield
        except sqlite3.Error as exc:
            raise _translate_error(exc, self.path) from None

    @contextmanager
    def _transaction(self, mode: str = "IMMEDIATE") -> Iterator[sqlite3.Connection]:
        with self._guard():
            self._connection.execute(f"BEGIN {mode}")
            try:
                yield self._connection
            except BaseException:
                if self._connection.in_transaction:  # SQLite may have rolled back already (a full disk)
                    self._connection.execute("ROLLBACK")
                raise
            self._connection.execute("COMMIT")

    # -- reading -----------------------------------------------------------

    def lookup_many(self, keys: Iterable[SegmentKey], *, touch: bool = True) -> dict[SegmentKey, Entry]:
        """Stored translations for ``keys``, a human one winning over a machine one.

        One read transaction with one ``IN (...)`` query per 500 keys, however
        many keys: a human entry matches every key of its text and language
        pair, whatever the route, settings or context.
        """
        wanted = list(dict.fromkeys(keys))
        if not wanted:
            return {}
        machine = {key.digest: key for key in wanted}
        human: dict[str, list[SegmentKey]] = {}
        for key in wanted:
            human.setdefault(key.human, []).append(key)
        rows = self._select(list(machine) + list(human))
        found: dict[SegmentKey, Entry] = {}
        for row in rows:
            if row[8] == "human":
                for key in human.get(row[0], ()):
                    found[key] = self._entry(row)
            elif row[0] in machine:
                key = machine[row[0]]
                entry = self._entry(row)
                if key not in found:  # a human entry seen earlier wins
                    found[key] = entry
        if touch and rows:
            self._touch([row[0] for row in rows if row[11] < time.time() - _TOUCH_EVERY_S])
        return found

    def find(self, digests: Iterable[str]) -> dict[str, Entry]:
        """The stored entries with exactly these digests, as they are (no precedence, no usage update)."""
        return {row[0]: self._entry(row) for row in self._select(list(dict.fromkeys(digests)))}

    def _select(self, digests: Sequence[str]) -> list[tuple]:  # type: ignore[type-arg]
        rows: list[tuple] = []  # type: ignore[type-arg]
        with self._transaction("DEFERRED") as db:
            for chunk in _chunks(digests):
                marks = ",".join("?" * len(chunk))
                rows.extend(db.execute(f"SELECT {_COLUMNS} FROM segments WHERE key IN ({marks})", chunk))
        # Human rows first, so that the loop in lookup_many lets them win.
        rows.sort(key=lambda row: row[8] != "human")
        return rows

    def _entry(self, row: tuple) -> Entry:  # type: ignore[type-arg]
        (digest, text, source, target, route, settings, context, translation, origin,
         checksum, created, used, meta, score, reviewer) = row
        key = SegmentKey(text, source, target, route, settings, context)
        entry = Entry(key, translation, origin, created, used, meta, score, reviewer)
        if entry.digest != digest or _checksum(digest, translation, origin, meta, score, reviewer) != checksum:
            raise CorruptMemoryError(
                f"The translation memory {self.path} is damaged: a stored entry does not match its "
                f"checksum. Run `babelpress memory check --memory {self.path}`; then move the file away "
                "to start afresh (re-import a TMX export to keep human translations)."
            )
        return entry

    def _touch(self, digests: Sequence[str]) -> None:
        if not digests or self.read_only:
            return
        now = time.time()
        try:
            with self._transaction() as db:
                for chunk in _chunks(digests):
                    marks = ",".join("?" * len(chunk))
                    db.execute(f"UPDATE segments SET used_at = ? WHERE key IN ({marks})", (now, *chunk))
        except TranslationMemoryError as exc:
            # A read-only memory still serves lookups; only the usage date is lost.
            if "read-only" not in str(exc):
                raise

    def entries(self) -> Iterator[Entry]:
        """Every entry, ordered by language pair, source text and origin."""
        with self._guard():
            cursor = self._connection.execute(
                f"SELECT {_COLUMNS} FROM segments ORDER BY source_lang, target_lang, source_text, origin, key"
            )
            for row in cursor:
                yield self._entry(row)

    def scan(self) -> tuple[int, int]:
        """``(entries, damaged)``: every row read and checked against its checksum."""
        total = damaged = 0
        with self._guard():
            for row in self._connection.execute(f"SELECT {_COLUMNS} FROM segments"):
                total += 1
                try:
                    self._entry(row)
                except CorruptMemoryError:
                    damaged += 1
        return total, damaged

    def __len__(self) -> int:
        with self._guard():
            return int(self._connection.execute("SELECT count(*) FROM segments").fetchone()[0])

    def stats(self) -> MemoryStats:
        with self._transaction("DEFERRED") as db:
            origins = Counter(dict(db.execute("SELECT origin, count(*) FROM segments GROUP BY origin").fetchall()))
            pairs = {
                f"{src}-{tgt}": n
                for src, tgt, n in db.execute(
                    "SELECT source_lang, target_lang, count(*) FROM segments GROUP BY 1, 2 ORDER BY 1, 2"
                )
            }
            routes = dict(db.execute(
                "SELECT route, count(*) FROM segments WHERE origin = 'machine' GROUP BY 1 ORDER BY 1"
            ).fetchall())
            last_used = db.execute("SELECT max(used_at) FROM segments").fetchone()[0]
            reviewers = dict(db.execute(
                "SELECT reviewer, count(*) FROM segments WHERE origin = 'human' GROUP BY 1 ORDER BY 1"
            ).fetchall())
            version = schema.user_version(db)
        size = sum(
            candidate.stat().st_size
            for candidate in (self.path, Path(f"{self.path}-wal"))
            if candidate.exists()
        )
        return MemoryStats(
            path=self.path,
            entries=sum(origins.values()),
            machine=origins.get("machine", 0),
            human=origins.get("human", 0),
            pairs=pairs,
            routes=routes,
            size_bytes=size,
            schema_version=version,
            last_used=last_used,
            reviewers=reviewers,
        )

    # -- writing -----------------------------------------------------------

    def store_many(
        self,
        items: Iterable[tuple[SegmentKey, str]],
        *,
        origin: Origin = "machine",
        meta: Mapping[SegmentKey, str] | None = None,
        scores: Mapping[SegmentKey, float | None] | None = None,
        reviewer: str = "",
    ) -> int:
        """Store ``(key, translation)`` pairs in one transaction; return how many.

        A machine entry replaces one with the same key. With ``origin="human"``
        only each key's text and language pair count. ``meta`` gives a key's
        note, returned as :attr:`Entry.meta` by lookups. A memory opened
        read-only stores nothing and returns 0: the run that calls this goes
        on with what it reused (its :attr:`warning` tells the user).
        ``scores`` gives a machine entry's model score; ``reviewer`` names
        who reviewed human entries.
        """
        if self.read_only:
            return 0
        now = time.time()
        notes, marks = meta or {}, scores or {}
        who = reviewer if origin == "human" else ""
        return self.add_entries(
            Entry(key, text, origin, now, now, notes.get(key, ""), marks.get(key) if origin == "machine" else None, who)
            for key, text in items
        )

    def add_entries(self, entries: Iterable[Entry]) -> int:
        """Insert or replace whole entries (dates kept) in one transaction."""
        self._refuse_writes()
        rows = []
        for entry in entries:
            key = entry.key
            if entry.origin == "human":  # human entries apply to any route, settings, context
                key = SegmentKey(key.text, key.source, key.target, "", "", "")
                entry = Entry(key, entry.translation, "human", entry.created_at, entry.used_at, entry.meta,
                              None, entry.reviewer)
            digest = entry.digest
            rows.append((
                digest, key.text, key.source, key.target, key.route, key.settings, key.context,
                entry.translation, entry.origin,
                _checksum(digest, entry.translation, entry.origin, entry.meta, entry.score, entry.reviewer),
                entry.created_at, entry.used_at, entry.meta, entry.score, entry.reviewer,
            ))
        if not rows:
            return 0
        with self._transaction() as db:
            db.executemany(
                f"INSERT INTO segments ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
                "ON CONFLICT(key) DO UPDATE SET target_text = excluded.target_text, "
                "checksum = excluded.checksum, used_at = excluded.used_at, meta = excluded.meta, "
                "score = excluded.score, reviewer = excluded.reviewer",
                rows,
            )
        return len(rows)

    def prune(
        self,
        *,
        unused_days: float | None = None,
        installed: Collection[str] | None = None,
        include_human: bool = False,
        now: Callable[[], float] = time.time,
    ) -> PruneReport:
        """Remove machine entries not used for ``unused_days``, or made with a
        package whose signature is not in ``installed``. Human entries stay
        unless ``include_human`` (then only the age rule applies to them)."""
        if unused_days is None and installed is None:
            raise TranslationMemoryError("Nothing to prune by: give an age (days unused) or the installed packages.")
        self._refuse_writes()
        removed = 0
        with self._transaction() as db:
            origins = "('machine', 'human')" if include_human else "('machine')"
            if unused_days is not None:
                cutoff = now() - unused_days * 86400
                removed += db.execute(
                    f"DELETE FROM segments WHERE used_at < ? AND origin IN {origins}", (cutoff,)
                ).rowcount
            if installed is not None:
                keep = set(installed)
                stale = [
                    route for (route,) in db.execute("SELECT DISTINCT route FROM segments WHERE origin = 'machine'")
                    if any(hop not in keep for hop in route.split(">"))
                ]
                for chunk in _chunks(stale):
                    marks = ",".join("?" * len(chunk))
                    removed += db.execute(
                        f"DELETE FROM segments WHERE origin = 'machine' AND route IN ({marks})", chunk
                    ).rowcount
            kept = int(db.execute("SELECT count(*) FROM segments").fetchone()[0])
        if removed:
            with self._guard():
                self._connection.execute("VACUUM")
        return PruneReport(removed=removed, kept=kept)


def _use_wal(connection: sqlite3.Connection, timeout: float) -> None:
    """Switch the file to WAL mode, waiting up to ``timeout`` for other processes.

    SQLite answers the journal-mode change with "database is locked" at once,
    without its busy handler, while another connection is opening or
    converting the same new file; several runs that create one memory at the
    same instant hit that, so the change is retried until the timeout.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def _connect(path: Path, timeout: float) -> sqlite3.Connection:
    try:
        # Autocommit mode: transactions are explicit (BEGIN IMMEDIATE for writes).
        return sqlite3.connect(str(path), timeout=timeout, isolation_level=None)
    except sqlite3.Error as exc:
        raise _translate_error(exc, path) from None


def wal_files(path: Path) -> list[Path]:
    """The files SQLite keeps beside a WAL-mode database while it is open (``-wal``, ``-shm``) that exist now."""
    return [found for found in (Path(f"{path}-wal"), Path(f"{path}-shm")) if found.exists()]


def remove_wal_files(path: Path, timeout: float = 5.0) -> None:
    """Let SQLite remove the ``-wal`` and ``-shm`` files a read-only connection left beside ``path``.

    A read-only connection to a WAL-mode file creates its ``-shm`` index (and an
    empty ``-wal``) when they are missing, and cannot remove them as it closes. A
    read-write connection that writes nothing can: the last connection to close
    removes them, under SQLite's own locks, so they stay while another process
    has the file open. Where that fails (busy, damaged), they stay as they are.
    """
    try:
        connection = sqlite3.connect(str(path), timeout=timeout, isolation_level=None)
        try:
            connection.execute("PRAGMA schema_version").fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        pass


def connect_read_only(path: Path, timeout: float = 5.0) -> sqlite3.Connection:
    """A read-only connection that never changes the file (SQLite's ``mode=ro``).

    Beside it, SQLite may create the ``-shm`` and ``-wal`` files of a WAL-mode
    file; :func:`remove_wal_files` removes them afterwards.

    A WAL-mode file on a read-only file system cannot be opened that way
    when its ``-shm`` index is missing, as it is after the last writer closed
    it cleanly; then, with no ``-wal`` content left to read and nothing able
    to change the file, it is opened ``immutable`` instead.
    """
    uri = f"{path.resolve().as_uri()}?mode=ro"
    connection = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None)
    try:
        connection.execute("PRAGMA schema_version").fetchone()  # the real open happens here
        return connection
    except sqlite3.Error as exc:
        connection.close()
        if not isinstance(exc, sqlite3.OperationalError) or not on_read_only_file_system(path):
            raise
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise TranslationMemoryError(
            f"The translation memory {path} cannot be read on this read-only file system: {wal} holds "
            "changes not yet merged into it, which SQLite can read only where it may write beside the file. "
            "Merge them where it can be written (`babelpress memory stats` does), give another file with "
            "--memory PATH, or skip it with --no-memory."
        )
    return sqlite3.connect(f"{uri}&immutable=1", uri=True, timeout=timeout, isolation_level=None)


def _schema_problem(connection: sqlite3.Connection) -> str | None:
    """Why a file must not be read as a memory (as :func:`schema.migrate` decides), or None."""
    found, identity = schema.user_version(connection), schema.application_id(connection)
    if identity not in (0, schema.APPLICATION_ID) or (found == 0 and identity == 0 and schema.has_tables(connection)):
        return "it is an SQLite database of another program, not a babelpress translation memory"
    if found > schema.SCHEMA_VERSION:
        return (f"it has schema version {found}, newer than this babelpress knows ({schema.SCHEMA_VERSION}); "
                "upgrade babelpress")
    return None


def _cannot_create(target: Path, cause: str) -> TranslationMemoryError:
    return TranslationMemoryError(
        f"Cannot create the translation memory {target}: {cause}. Give a writable place with --memory PATH "
        "(or BABELPRESS_MEMORY), or translate without it with --no-memory."
    )


def _translate_error(exc: sqlite3.Error, path: Path) -> TranslationMemoryError:
    name = _error_name(exc)
    message = str(exc)
    if name.startswith("SQLITE_BUSY") or "locked" in message:
        return TranslationMemoryError(
            f"The translation memory {path} is busy: another babelpress run kept it locked too long. "
            "Try again when that run has finished."
        )
    if name.startswith("SQLITE_FULL") or "disk is full" in message:
        return TranslationMemoryError(
            f"The translation memory {path} cannot store more: the disk is full. Free some space there, "
            "or give another memory with --memory PATH."
        )
    if name.startswith("SQLITE_READONLY") or "readonly" in message:
        return TranslationMemoryError(
            f"The translation memory {path} is read-only ({message}). Give a writable one with --memory PATH, "
            "or skip it with --no-memory."
        )
    if name.startswith(("SQLITE_CANTOPEN", "SQLITE_IOERR", "SQLITE_FULL", "SQLITE_PERM")) or isinstance(
        exc, sqlite3.OperationalError
    ) and ("unable to open" in message or "disk" in message):
        return TranslationMemoryError(f"The translation memory {path} cannot be used: {message}.")
    return CorruptMemoryError(
        f"The translation memory {path} is damaged or is not a babelpress memory ({message}). "
        f"Run `babelpress memory check --memory {path}` for details; move the file away to start "
        "an empty memory (a TMX export re-imports with `babelpress memory import`)."
    )
