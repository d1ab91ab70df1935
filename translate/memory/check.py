"""``babelpress memory check``: verify a memory file without trusting it."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from translate.errors import TranslationMemoryError
from translate.memory import schema
from translate.memory.location import memory_path, read_only_reason
from translate.memory.store import TranslationMemory, connect_read_only, remove_wal_files, wal_files

__all__ = ["CheckReport", "check_memory"]


@dataclass
class CheckReport:
    path: Path
    ok: bool
    schema_version: int | None = None
    entries: int = 0
    problems: list[str] = field(default_factory=list)
    read_only: str | None = None  # why runs cannot store into it (None: they can)


def check_memory(path: str | os.PathLike[str] | None = None) -> CheckReport:
    """SQLite's integrity check, the schema version and every row's checksum.

    Never raises for damage: the report lists what is wrong. Opens the file
    read-only, without migrating it and without writing anything beside it
    (a file on a read-only file system is checked as it is). Raises
    ``TranslationMemoryError`` only when there is no file at all or it cannot
    be opened (a matter of access, not of damage).
    """
    target = memory_path(path)
    report = CheckReport(path=target, ok=False)
    if not target.is_file():
        raise TranslationMemoryError(
            f"There is no translation memory at {target}"
            + (" (it is a directory)." if target.is_dir() else " (nothing has been translated with it yet).")
        )
    report.read_only = read_only_reason(target)
    found_beside = wal_files(target)  # what the check may leave beside the file: only these
    try:
        connection = connect_read_only(target)
    except sqlite3.OperationalError as exc:
        raise TranslationMemoryError(
            f"The translation memory {target} was not checked: SQLite cannot open it ({exc}). Check that "
            "you may read it and its folder, then run the check again."
        ) from None
    except sqlite3.DatabaseError as exc:
        report.problems.append(f"SQLite cannot read it: {exc}")
        return report
    try:
        integrity = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            report.problems.extend(f"SQLite: {line}" for line in integrity[:20])
        report.schema_version = schema.user_version(connection)
        if schema.application_id(connection) not in (0, schema.APPLICATION_ID) or (
            report.schema_version == 0 and schema.has_tables(connection)
        ):
            report.problems.append("it is another program's SQLite database, not a babelpress memory")
        elif report.schema_version != schema.SCHEMA_VERSION:
            report.problems.append(
                f"schema version {report.schema_version}, expected {schema.SCHEMA_VERSION}"
                + (" (open it once to migrate)" if report.schema_version < schema.SCHEMA_VERSION else "")
            )
        else:
            report.entries, damaged = TranslationMemory(connection, target).scan()
            if damaged:
                report.problems.append(f"{damaged} of {report.entries} entries do not match their checksum")
    except sqlite3.DatabaseError as exc:
        report.problems.append(f"SQLite cannot read it: {exc}")
    except TranslationMemoryError as exc:
        report.problems.append(str(exc))
    finally:
        connection.close()
        if not found_beside and report.read_only is None and wal_files(target):
            remove_wal_files(target)
    report.ok = not report.problems
    return report
