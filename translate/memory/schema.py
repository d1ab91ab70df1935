"""The memory's SQLite schema, as numbered migrations applied in one place.

``PRAGMA user_version`` records how many migrations a file has; :func:`migrate`
applies the missing ones in order, inside one write transaction, so two
processes opening a new file at once cannot both migrate it. A file whose
version is newer than this code knows is refused rather than misread.
``PRAGMA application_id`` marks the file as a babelpress memory, so another
program's SQLite database is never taken for one.
"""

from __future__ import annotations

import sqlite3

# "bpTM" in ASCII: identifies a babelpress translation memory file.
APPLICATION_ID = 0x6270544D

# Each migration is a tuple of statements (never split on ";": comments hold some).
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: one row per stored translation.
    (
        """
    CREATE TABLE segments (
        key         TEXT PRIMARY KEY,   -- SegmentKey.digest (machine) or human_digest (human)
        source_text TEXT NOT NULL,      -- normalized source segment
        source_lang TEXT NOT NULL,
        target_lang TEXT NOT NULL,
        route       TEXT NOT NULL,      -- package signatures, '>'-joined; '' for human entries
        settings    TEXT NOT NULL,      -- decoding settings JSON; '' for human entries
        context     TEXT NOT NULL,      -- caller's context (glossary fingerprint); '' for human
        target_text TEXT NOT NULL,
        origin      TEXT NOT NULL CHECK (origin IN ('machine', 'human')),
        checksum    TEXT NOT NULL,      -- over key and target text: detects damaged rows
        created_at  REAL NOT NULL,      -- Unix time
        used_at     REAL NOT NULL
    ) WITHOUT ROWID
    """,
        "CREATE INDEX segments_used_at ON segments (used_at)",
        "CREATE INDEX segments_pair ON segments (source_lang, target_lang)",
    ),
    # 2: an opaque note the caller stores with a translation and gets back with
    # it (the glossary's term rows for the segment), covered by the checksum.
    (
        "ALTER TABLE segments ADD COLUMN meta TEXT NOT NULL DEFAULT ''",
    ),
    # 3: the model's score of a machine entry (CTranslate2's length-normalized
    # log-probability; NULL where unknown, as for every entry stored before) and
    # who reviewed a human entry ('' where unknown). Both covered by the checksum
    # when set, so rows written before keep their checksums.
    (
        "ALTER TABLE segments ADD COLUMN score REAL",
        "ALTER TABLE segments ADD COLUMN reviewer TEXT NOT NULL DEFAULT ''",
    ),
)

SCHEMA_VERSION = len(MIGRATIONS)


def user_version(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def application_id(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA application_id").fetchone()[0])


def has_tables(connection: sqlite3.Connection) -> bool:
    return bool(connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0)


def migrate(connection: sqlite3.Connection) -> int:
    """Bring the file up to :data:`SCHEMA_VERSION`; return the version found before.

    The connection must be in autocommit mode (``isolation_level=None``).
    Raises ``ValueError`` for a file this code must not touch (another
    program's database, or a newer schema); the caller turns it into a
    user-facing error naming the file.
    """
    connection.execute("BEGIN IMMEDIATE")
    try:
        found = user_version(connection)
        identity = application_id(connection)
        if found == 0 and identity == 0 and has_tables(connection):
            raise ValueError("it is an SQLite database of another program, not a babelpress translation memory")
        if identity not in (0, APPLICATION_ID):
            raise ValueError("it is an SQLite database of another program, not a babelpress translation memory")
        if found > SCHEMA_VERSION:
            raise ValueError(
                f"it has schema version {found}, newer than this babelpress knows ({SCHEMA_VERSION}); "
                "upgrade babelpress"
            )
        for number in range(found, SCHEMA_VERSION):
            for statement in MIGRATIONS[number]:
                connection.execute(statement)
        if found < SCHEMA_VERSION:
            connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return found
