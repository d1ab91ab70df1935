"""Exchanging the glossary with other tools: CSV/TSV and TBX.

CSV/TSV is read in the DeepL layout (``source,target`` rows, no header, see
:mod:`.tabular`) unless its first row is a header: one of language codes
(``de,en``) names its columns itself, any other is read as a
:class:`ColumnMap` says (``de=de,en=term,note=comment``, see :mod:`.columns`).

:func:`import_terms` merges a file into a glossary and says what became of
every row or entry (added, updated, unchanged, duplicate, skipped and why); :func:`export_terms` renders a glossary for one format.
The format follows the file extension (``.csv``, ``.tsv``, ``.tbx``) unless
given.
"""

from __future__ import annotations

from pathlib import Path

from translate.errors import TermbaseFormatError
from translate.files import decode_source, read_bytes
from translate.glossary.formats.columns import ColumnMap, language_header, parse_columns, read_columns
from translate.glossary.formats.merge import REASONS, Concept, ImportReport, Progress, merge_concepts
from translate.glossary.formats.tabular import read_pairs, records, write_pairs
from translate.glossary.formats.tbx import parse_tbx, write_tbx
from translate.glossary.loader import paused_gc
from translate.glossary.model import Glossary

FORMATS = ("csv", "tsv", "tbx")
_EXPECTED = "a CSV or TSV text file (save a spreadsheet as CSV UTF-8)"

__all__ = [
    "FORMATS",
    "ColumnMap",
    "REASONS",
    "Concept",
    "ImportReport",
    "Progress",
    "detect_format",
    "export_terms",
    "import_terms",
    "parse_columns",
    "read_concepts",
]


def detect_format(path: Path, given: str | None = None) -> str:
    fmt = (given or path.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise TermbaseFormatError(
            f"{path}: cannot tell the format from the extension '{path.suffix}'; "
            "use .csv, .tsv or .tbx, or give --format csv|tsv|tbx."
        )
    return fmt


def read_concepts(
    path: Path,
    fmt: str | None = None,
    source: str | None = None,
    target: str | None = None,
    encoding: str = "utf-8",
    columns: ColumnMap | None = None,
    base: str | None = None,
) -> list[Concept]:
    """The concepts in an exchange file (no merging yet).

    ``encoding`` is that of a CSV/TSV file (a byte-order mark wins); a TBX
    file names its own in its XML declaration. ``columns`` reads a CSV/TSV
    file with a header. ``base`` is the glossary's source language: that of
    the first column when neither ``source`` nor a header names it.
    """
    fmt = detect_format(path, fmt)
    data = read_bytes(path)
    if fmt == "tbx":
        if not data.strip():
            raise TermbaseFormatError(f"{path} is empty: there are no terms to import.")
        return parse_tbx(data, str(path))
    text = decode_source(data, str(path), encoding, expected=_EXPECTED)
    if not text.strip():
        raise TermbaseFormatError(f"{path} is empty: there are no terms to import.")
    delimiter = "\t" if fmt == "tsv" else ","
    if columns is None:
        columns = _language_header(text, str(path), delimiter, source, target, base)
        if columns is None:
            return read_pairs(text, str(path), delimiter, source or base, target)
    return read_columns(text, str(path), delimiter, columns, base or source or columns.codes[0])


def _language_header(
    text: str, name: str, delimiter: str, source: str | None, target: str | None, base: str | None
) -> ColumnMap | None:
    """The columns named by a first row of language codes (``de,en``), checked against --from/--to."""
    first = next((row for _, row in records(text, name, delimiter) if any(cell.strip() for cell in row)), [])
    columns = language_header(first)
    if columns is not None:
        asked = [lang for lang in (source, target) if lang]
        if any(lang not in columns.codes for lang in asked):
            raise TermbaseFormatError(
                f"{name}:1: the header names {'→'.join(columns.codes)} but the import was asked for "
                f"{source or base or '?'}→{target or '?'}."
            )
    return columns


def import_terms(
    glossary: Glossary,
    path: Path,
    fmt: str | None = None,
    source: str | None = None,
    target: str | None = None,
    encoding: str = "utf-8",
    columns: ColumnMap | None = None,
    progress: Progress | None = None,
) -> tuple[Glossary, ImportReport]:
    """Merge the terms of ``path`` into ``glossary`` (``progress``: see :func:`.merge.merge_concepts`).

    For CSV/TSV ``source`` defaults to the glossary's source language and
    ``target`` must be given unless the rows or a header carry their language
    codes; ``columns`` names the columns of a file with another header (the
    languages are then those it names, so ``source`` and ``target`` are not given).
    """
    detected = detect_format(path, fmt)
    if columns is not None and (detected == "tbx" or source or target):
        raise TermbaseFormatError(
            "column choices apply to CSV/TSV files and name every language; give no source or target language."
        )
    with paused_gc():
        concepts = read_concepts(path, detected, source, target, encoding, columns, glossary.source)
        return merge_concepts(glossary, concepts, str(path), "entries" if detected == "tbx" else "rows", progress)


def export_terms(
    glossary: Glossary, fmt: str, source: str | None = None, target: str | None = None
) -> tuple[str, int]:
    """The glossary rendered as ``fmt`` text, and how many entries (TBX) or rows (CSV/TSV) it has."""
    if fmt == "tbx":
        return write_tbx(glossary), len(glossary.entries)
    source = source or glossary.source
    if target is None:
        others = [lang for lang in glossary.languages if lang != source]
        if len(others) != 1:
            raise TermbaseFormatError(
                f"a {fmt.upper()} glossary holds one language pair: choose the target language with --to "
                f"({', '.join(others) or 'the glossary has no translations'})."
            )
        target = others[0]
    if source == target:
        raise TermbaseFormatError(f"source and target language are both '{source}'.")
    return write_pairs(glossary, "\t" if fmt == "tsv" else ",", source, target)
