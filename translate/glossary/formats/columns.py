"""CSV and TSV with a header, the user naming which column holds what.

Glossaries exported from Transifex, spreadsheets and other tools have a
header row and more columns than a DeepL pair: ``term,pos,comment,de`` (one
English term per row with its German translation). A :class:`ColumnMap`
says which column holds which language and which hold the note::

    de=de,en=term,note=comment

Columns are named as the header writes them (any case). Each row becomes
one concept in the languages named, so the merge decides as for any import:
a row with a term in the glossary's source language makes or extends an
entry; a row without one can only add its languages to the entry that
already has one of its terms (``en=term,es=translation_es`` adds Spanish to
the entries whose English matches), the others are skipped with the reason.
A header made only of language codes (``de,en``) names its columns itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from translate.errors import TermbaseFormatError
from translate.glossary.formats.merge import Concept
from translate.glossary.formats.tabular import Rows, records
from translate.glossary.model import clean_term, is_language

NOTE = "note"
_EXAMPLE = "e.g. de=de,en=term,note=comment"


@dataclass(frozen=True)
class ColumnMap:
    """Header names per language, in the order given, and the note columns."""

    languages: tuple[tuple[str, str], ...]  # (language, column)
    notes: tuple[str, ...] = ()

    @property
    def codes(self) -> list[str]:
        return [lang for lang, _ in self.languages]


def parse_columns(specs: Iterable[str]) -> ColumnMap:
    """``["de=de,en=term", "note=comment"]`` → a :class:`ColumnMap`; bad syntax is a :class:`TermbaseFormatError`."""
    languages: dict[str, str] = {}
    notes: list[str] = []
    for spec in specs:
        for item in spec.split(","):
            key, sep, column = (part.strip() for part in item.partition("="))
            if not sep or not key or not column:
                raise TermbaseFormatError(f"'{item.strip()}': write LANG=COLUMN or note=COLUMN, {_EXAMPLE}.")
            key = key.lower()
            if key == NOTE:
                notes.append(column)
            elif not is_language(key):
                raise TermbaseFormatError(
                    f"'{key}' is neither a language code nor 'note': write LANG=COLUMN or note=COLUMN, {_EXAMPLE}."
                )
            elif key in languages:
                raise TermbaseFormatError(f"'{key}' is given twice (columns '{languages[key]}' and '{column}').")
            else:
                languages[key] = column
    if len(languages) < 2:
        raise TermbaseFormatError(f"name the columns of at least two languages, {_EXAMPLE}.")
    return ColumnMap(tuple(languages.items()), tuple(notes))


def language_header(row: list[str]) -> ColumnMap | None:
    """The columns a header of language codes names (``de,en`` or ``EN\\tDE\\tES``), else None."""
    codes = [cell.strip().lower() for cell in row]
    if len(codes) < 2 or len(set(codes)) != len(codes) or not all(is_language(code) for code in codes):
        return None
    return ColumnMap(tuple((code, cell.strip()) for code, cell in zip(codes, row)))


def _index(header: list[str], column: str, name: str) -> int:
    names = [cell.strip() for cell in header]
    for matches in ([i for i, cell in enumerate(names) if cell == column],
                    [i for i, cell in enumerate(names) if cell.casefold() == column.casefold()]):
        if len(matches) > 1:
            raise TermbaseFormatError(f"{name}: the header has {len(matches)} columns named '{column}'.")
        if matches:
            return matches[0]
    raise TermbaseFormatError(
        f"{name}: there is no column '{column}'; the header's columns are: {', '.join(names)}."
    )


def read_columns(text: str, name: str, delimiter: str, columns: ColumnMap, source: str) -> list[Concept]:
    """Concepts from CSV/TSV text whose first row is a header, read as ``columns`` says."""
    rows = Rows(source)
    header: list[str] | None = None
    where: list[tuple[str, int]] = []
    notes: list[int] = []
    for line, row in records(text, name, delimiter):
        if header is None:
            if not any(cell.strip() for cell in row):
                continue  # blank lines before the header
            header = row
            where = [(lang, _index(header, column, name)) for lang, column in columns.languages]
            notes = [_index(header, column, name) for column in columns.notes]
            used = [index for _, index in where] + notes
            if len(set(used)) != len(used):
                twice = next(header[i].strip() for i in used if used.count(i) > 1)
                raise TermbaseFormatError(f"{name}: the column '{twice}' is named for more than one language or note.")
            continue
        if not row:
            continue  # a blank line
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header):]):
            raise TermbaseFormatError(
                f"{name}:{line}: {len(row)} cells, but the header has {len(header)} columns; "
                + ("a TSV cell cannot hold a tab." if delimiter == "\t" else 'a cell with a comma in it must be quoted ("a, b").')
            )
        cells = row + [""] * (len(header) - len(row))
        if not any(cell.strip() for cell in cells):
            rows.empty(line)
            continue
        note = "\n".join(cells[i].strip() for i in notes if cells[i].strip())
        rows.add({lang: clean_term(cells[i]) for lang, i in where}, line, note)
    if header is None:  # pragma: no cover - an empty file is refused before it is parsed
        raise TermbaseFormatError(f"{name} is empty: there are no terms to import.")
    return rows.concepts
