"""CSV and TSV in the layout DeepL glossaries use.

One row per entry, source term first, target term second, for one language
pair; CSV rows may add the two language codes as third and fourth columns
(``Freihandelsabkommen,free trade agreement,de,en``). There is no header.

Export writes one row per *source form* (``Freihandelsabkommens`` too), all
with the entry's target term; import puts rows that share a target term back
into one entry (first row: the term, later rows: forms), each row counted in
the report on its own. A row that maps a term to itself is a name that stays
untranslated (``keep``). What the layout
cannot hold (target-language forms, forbidden renderings, notes, case
sensitivity) is not exported.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

from translate.errors import TermbaseFormatError
from translate.glossary.formats.merge import Concept
from translate.glossary.model import Glossary, clean_term, is_language


def _language(value: str, where: str) -> str:
    code = value.strip().lower()
    if not is_language(code):
        raise TermbaseFormatError(
            f"{where}: '{value}' is not a language code. The DeepL layout is "
            "source,target or source,target,source_lang,target_lang (e.g. de,en)."
        )
    return code


def records(text: str, name: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """Each CSV (``delimiter=","``) or TSV (``"\\t"``) record with the line it starts on.

    A quoted cell may span lines, so the line a record starts on is the one
    after the previous record's last.
    """
    stream = io.StringIO(text.removeprefix("\ufeff"), newline="")
    # TSV has no quoting at all: a '"' inside a term is just a character.
    if delimiter == "\t":
        rows = csv.reader(stream, delimiter="\t", quoting=csv.QUOTE_NONE)
    else:
        rows = csv.reader(stream)
    start = 1
    try:
        for row in rows:
            yield start, row
            start = rows.line_num + 1
    except csv.Error as exc:
        raise TermbaseFormatError(f"{name}:{rows.line_num}: not readable as CSV: {exc}.") from None


class Rows:
    """Turns rows into concepts, joining rows that share every translation into one entry.

    The first row of a group is the entry's term, later rows add forms; a row
    whose translations all repeat its source term is a name that stays as it
    is (``keep``).
    """

    def __init__(self, source: str | None) -> None:
        self.source = source
        self.groups: dict[tuple[tuple[str, str], ...], Concept] = {}
        self.concepts: list[Concept] = []

    def add(self, terms: dict[str, str], line: int, note: str = "") -> None:
        term = terms.get(self.source or "", "")
        targets = {lang: value for lang, value in terms.items() if lang != self.source and value}
        key = tuple(sorted((lang, value.casefold()) for lang, value in targets.items()))
        concept = Concept(terms={lang: [value] for lang, value in terms.items()}, where=f"line {line}", note=note,
                          joins=self.groups.get(key) if targets else None)
        if targets and concept.joins is None:
            self.groups[key] = concept
            if self.source and term and all(value == term for value in targets.values()):
                concept.keep = True  # a name that stays as it is
                concept.terms = {self.source: [term]}
        self.concepts.append(concept)

    def empty(self, line: int) -> None:
        """A row of empty cells: a row read, skipped for having no term."""
        self.concepts.append(Concept(terms={}, where=f"line {line}"))


def _is_pair_row(row: list[str]) -> bool:
    return len(row) == 2 or (len(row) == 4 and all(is_language(cell.strip().lower()) for cell in row[2:]))


def read_pairs(text: str, name: str, delimiter: str, source: str | None, target: str | None) -> list[Concept]:
    """Concepts from DeepL-layout CSV (``delimiter=","``) or TSV (``"\\t"``) text."""
    rows = Rows(source)
    first = True
    for line, row in records(text, name, delimiter):
        where = f"{name}:{line}"
        if not any(cell.strip() for cell in row):
            if len(row) > 1:
                rows.empty(line)
            continue
        if first and not _is_pair_row(row):
            raise TermbaseFormatError(
                f"{where}: the first row ({', '.join(cell.strip() for cell in row)}) is not a DeepL glossary row; "
                "if it is a header, say which column holds which language with --columns LANG=COLUMN,...,note=COLUMN, "
                f"e.g. --columns {suggest_columns(row)}."
            )
        first = False
        if len(row) not in (2, 4):
            raise TermbaseFormatError(
                f"{where}: {len(row)} columns; a DeepL glossary row has 2 (source,target) "
                "or 4 (source,target,source_lang,target_lang)."
            )
        src_lang, tgt_lang = source, target
        if len(row) == 4:
            src_lang, tgt_lang = _language(row[2], where), _language(row[3], where)
            if (source and src_lang != source) or (target and tgt_lang != target):
                raise TermbaseFormatError(
                    f"{where}: the row is {src_lang}→{tgt_lang} but the import was asked for {source}→{target}."
                )
        if not src_lang or not tgt_lang:
            raise TermbaseFormatError(
                f"{where}: the rows do not name their languages; give them with --from and --to."
            )
        if src_lang == tgt_lang:
            raise TermbaseFormatError(f"{where}: source and target language are both '{src_lang}'.")
        rows.source = src_lang
        rows.add({src_lang: clean_term(row[0]), tgt_lang: clean_term(row[1])}, line)
    return rows.concepts


_NOTE_WORDS = ("comment", "note", "definition", "description", "remark")


def _column_language(cell: str) -> str | None:
    """``de`` for a header cell ``de``, ``DE`` or ``translation_de``; None for ``comment_es`` or ``term``."""
    name = cell.strip().lower()
    if is_language(name):
        return name
    code = re.split(r"[_\- ]", name)[-1]
    if code != name and is_language(code) and not any(word in name for word in _NOTE_WORDS):
        return code
    return None


def suggest_columns(header: list[str]) -> str:
    """A ``--columns`` value for ``header`` to start from: ``de=de,LANG=term,note=comment``."""
    cells = [cell.strip() for cell in header if cell.strip()]
    languages = {cell: code for cell in cells if (code := _column_language(cell))}
    notes = [cell for cell in cells if cell not in languages and any(w in cell.lower() for w in _NOTE_WORDS)][:1]
    unknown = [cell for cell in cells if cell not in languages and cell not in notes]
    if len(set(languages.values())) < 2 and unknown:
        languages[unknown[0]] = "LANG"
    parts = [f"{languages[cell]}={cell}" for cell in cells if cell in languages]
    return ",".join(parts + [f"note={cell}" for cell in notes])


def write_pairs(glossary: Glossary, delimiter: str, source: str, target: str) -> tuple[str, int]:
    """DeepL-layout text for ``source``→``target`` and the number of rows."""
    out = io.StringIO()
    if delimiter == "\t":
        writer = csv.writer(out, delimiter="\t", quoting=csv.QUOTE_NONE, lineterminator="\n", escapechar=None)
    else:
        writer = csv.writer(out, lineterminator="\n")
    seen: set[str] = set()
    rows = 0
    for entry in glossary.entries:
        translation = entry.target(target, glossary.source)
        forms = entry.accepted(source, glossary.source) if source != glossary.source else entry.source_forms(source)
        if not translation or not forms:
            continue
        for form in forms:
            if form in seen:  # DeepL rejects a source term that appears twice
                continue
            seen.add(form)
            writer.writerow([form, translation])
            rows += 1
    return out.getvalue(), rows
