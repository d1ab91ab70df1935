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


def read_pairs(text: str, name: str, delimiter: str, source: str | None, target: str | None) -> list[Concept]:
    """Concepts from DeepL-layout CSV (``delimiter=","``) or TSV (``"\\t"``) text."""
    stream = io.StringIO(text.removeprefix("\ufeff"), newline="")
    # TSV has no quoting at all: a '"' inside a term is just a character.
    if delimiter == "\t":
        rows = csv.reader(stream, delimiter="\t", quoting=csv.QUOTE_NONE)
    else:
        rows = csv.reader(stream)
    groups: dict[tuple[str, str, str], Concept] = {}
    concepts: list[Concept] = []
    try:
        for row in rows:
            line = rows.line_num
            where = f"{name}:{line}"
            if not any(cell.strip() for cell in row):
                if len(row) > 1:  # a row of empty cells is a row read: skipped for having no term
                    concepts.append(Concept(terms={}, where=f"line {line}"))
                continue
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
            term, translation = clean_term(row[0]), clean_term(row[1])
            key = (src_lang, tgt_lang, translation.casefold())
            concept = Concept(terms={src_lang: [term], tgt_lang: [translation]}, where=f"line {line}",
                              joins=groups.get(key) if translation else None)
            if translation and concept.joins is None:
                groups[key] = concept
                if term == translation and src_lang != tgt_lang:  # a name that stays as it is
                    concept.keep = True
                    concept.terms = {src_lang: [term]}
            concepts.append(concept)
    except csv.Error as exc:
        raise TermbaseFormatError(f"{name}:{rows.line_num}: not readable as CSV: {exc}.") from None
    return concepts


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
