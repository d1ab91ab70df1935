"""Checking an existing translation (machine or human) against the glossary.

Without the source text the check can only see what the translation itself
says: forbidden renderings, and source-language terms left untranslated. With
the source, it also counts each entry's occurrences on both sides and reports
terms the translation is missing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any

from translate.glossary.match import find_renderings, find_terms, renderings
from translate.glossary.model import Glossary

OK = "ok"
MISSING = "missing"
FORBIDDEN = "forbidden"
UNTRANSLATED = "untranslated"
PROBLEMS = (MISSING, FORBIDDEN, UNTRANSLATED)


@dataclass(frozen=True)
class CheckRow:
    entry: str
    expected: str  # the glossary's term in the checked language
    status: str  # ok | missing | forbidden | untranslated
    line: int  # line in the translation (0: the document as a whole)
    found: str  # the text found there, or the counts for ok/missing
    
    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def check_translation(glossary: Glossary, translation: str, lang: str, source_text: str | None = None) -> list[CheckRow]:
    """Rows for every finding in ``translation`` (written in ``lang``)."""
    rows: list[CheckRow] = []
    source = glossary.source
    wanted: Counter[str] = Counter()
    if source_text is not None:
        wanted.update(match.entry.id for match in find_terms(glossary, source_text))
    leftovers = {match.entry.id: match for match in find_terms(glossary, translation) if not match.entry.keep}
    for entry in glossary.entries:
        expected = entry.target(lang, source)
        if expected is None:
            continue
        found = renderings(entry, translation, lang, source)
        for start, end in found.forbidden:
            rows.append(CheckRow(entry.id, expected, FORBIDDEN, _line_of(translation, start), translation[start:end]))
        if entry.id in leftovers:
            # A source term left in the text, unless it is also an accepted rendering (E-Commerce).
            accepted = find_renderings(entry, entry.accepted(lang, source), translation)
            for match in find_terms(glossary.replace([entry]), translation):
                if not any(match.start < end and start < match.end for start, end in accepted):
                    rows.append(
                        CheckRow(entry.id, expected, UNTRANSLATED, _line_of(translation, match.start), match.text)
                    )
        if source_text is not None and wanted[entry.id]:
            have, need = len(found.accepted), wanted[entry.id]
            status = OK if have >= need else MISSING
            rows.append(CheckRow(entry.id, expected, status, 0, f"{have} of {need}"))
        elif source_text is None and found.accepted:
            rows.append(CheckRow(entry.id, expected, OK, 0, f"{len(found.accepted)}"))
    rows.sort(key=lambda row: (row.status == OK, row.line, row.entry))
    return rows


def has_problems(rows: list[CheckRow]) -> bool:
    return any(row.status in PROBLEMS for row in rows)
