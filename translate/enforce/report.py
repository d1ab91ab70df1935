"""The terminology report: one row per term occurrence, per language and hop.

Rows are plain dataclasses with a JSON-ready :meth:`TermRow.to_json`, so a
publisher can write them to ``terminology.json`` as they are; the helpers
below accept rows either as :class:`TermRow` or as the dicts that
:class:`translate.service.TranslationResult` carries.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

KEPT = "kept"
NBEST = "chosen from n-best"
REPAIRED = "repaired"
VIOLATED = "violated"
STATUSES = (KEPT, NBEST, REPAIRED, VIOLATED)



@dataclass(frozen=True)
class TermRow:
    """What happened to one occurrence of a glossary term on one hop.

    ``segment`` indexes the segments given to ``translate_segments`` (or, after
    :func:`assign_documents`, the segments of ``document``). ``hop`` is the
    model pair (``de-en``; a pivot into Spanish has a ``de-en`` and an ``en-es``
    row); ``source`` is the form found in that hop's input, ``expected`` the
    glossary's term for the hop's output language. ``method`` says how a term
    that the plain translation missed was put right: ``n-best``, ``prefix``
    (forced decoding) or ``replacement`` (a verified substitution).
    """

    document: int
    segment: int
    language: str
    hop: str
    entry: str
    source: str
    expected: str
    status: str
    method: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _field(row: TermRow | Mapping[str, Any], name: str) -> Any:
    return getattr(row, name) if isinstance(row, TermRow) else row[name]


def has_violations(rows: Iterable[TermRow | Mapping[str, Any]]) -> bool:
    """True when any occurrence ended ``violated`` (what ``--strict`` fails on)."""
    return any(_field(row, "status") == VIOLATED for row in rows)


def summarize(rows: Iterable[TermRow | Mapping[str, Any]]) -> dict[str, int]:
    """Occurrences per status, every status present (zero where none)."""
    counts = Counter(_field(row, "status") for row in rows)
    return {status: counts.get(status, 0) for status in STATUSES}


def assign_documents(rows: Iterable[TermRow], sizes: Sequence[int]) -> list[TermRow]:
    """Turn run-wide segment indexes into (document, segment within it).

    ``sizes`` is the number of segments of each document, in the order their
    segments were concatenated for ``translate_segments``.
    """
    starts = []
    total = 0
    for size in sizes:
        starts.append(total)
        total += size
    located = []
    for row in rows:
        document = max((i for i, start in enumerate(starts) if start <= row.segment), default=0)
        located.append(replace(row, document=document, segment=row.segment - starts[document] if starts else row.segment))
    return located


def _table(header: Sequence[str], body: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *body)]
    lines = ["  ".join(str(cell).ljust(width) for cell, width in zip(header, widths)).rstrip()]
    lines.append("  ".join("-" * width for width in widths))
    lines.extend("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip() for row in body)
    return lines


def format_report_table(rows: Sequence[TermRow | Mapping[str, Any]]) -> str:
    """A short terminal table: per language, hop and entry, how often each status occurred.

    Violated occurrences are then listed one per line with their place.
    """
    if not rows:
        return "Glossary: no terms found in the source."
    groups: dict[tuple[str, str, str, str], Counter[str]] = {}
    for row in rows:
        key = (_field(row, "language"), _field(row, "hop"), _field(row, "entry"), _field(row, "expected"))
        groups.setdefault(key, Counter())[_field(row, "status")] += 1
    header = ["lang", "hop", "entry", "expected", "found", "kept", "n-best", "repaired", "violated"]
    body = [
        [lang, hop, entry, expected, str(sum(counts.values()))] + [str(counts.get(status, 0)) for status in STATUSES]
        for (lang, hop, entry, expected), counts in sorted(groups.items())
    ]
    totals = summarize(rows)
    lines = _table(header, body)
    lines.append(
        f"Glossary: {len(rows)} term occurrences: "
        + ", ".join(f"{count} {status}" for status, count in totals.items())
        + "."
    )
    for row in rows:
        if _field(row, "status") == VIOLATED:
            lines.append(
                f"  violated: document {_field(row, 'document')}, segment {_field(row, 'segment')} "
                f"({_field(row, 'language')}, hop {_field(row, 'hop')}): '{_field(row, 'source')}' "
                f"should be rendered '{_field(row, 'expected')}'"
            )
    return "\n".join(lines)
