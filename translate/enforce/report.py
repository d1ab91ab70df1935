"""The terminology report: one row per term occurrence, per language and hop.

Rows are :class:`TermRow` from enforcement to the writers. They change form
only twice: :func:`encode_rows` / :func:`decode_rows` are the one pair that
turns a segment's rows into the note the translation memory stores with it
and back, and :meth:`TermRow.to_json` is what ``terminology.json`` holds.
"""

from __future__ import annotations

import bisect
import json
from collections import Counter
from collections.abc import Iterable, Sequence
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

    ``segment`` indexes the sentences given to ``translate_sentences`` (or, after
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

    def in_bundle(self) -> dict[str, Any]:
        """The row as ``terminology.json`` holds it: without the document's place in the run.

        Publishing a document alone or with others must give the same bytes.
        """
        return {key: value for key, value in asdict(self).items() if key != "document"}


def encode_rows(rows: Sequence[TermRow]) -> str:
    """One segment's rows as the note stored with it in the translation memory ("" for none)."""
    if not rows:
        return ""
    return json.dumps([row.to_json() for row in rows], ensure_ascii=False, sort_keys=True)


def decode_rows(note: str, segment: int) -> list[TermRow]:
    """The rows of :func:`encode_rows`, placed at ``segment`` of the current run."""
    if not note:
        return []
    return [replace(TermRow(**data), segment=segment) for data in json.loads(note)]


def has_violations(rows: Iterable[TermRow]) -> bool:
    """True when any occurrence ended ``violated`` (what ``--strict`` fails on)."""
    return any(row.status == VIOLATED for row in rows)


def summarize(rows: Iterable[TermRow]) -> dict[str, int]:
    """Occurrences per status, every status present (zero where none)."""
    return TermTally(rows).summary()


def assign_documents(rows: Iterable[TermRow], sizes: Sequence[int]) -> list[TermRow]:
    """Turn run-wide segment indexes into (document, segment within it).

    ``sizes`` is the number of segments of each document, in the order their
    segments were concatenated for ``translate_sentences``.
    """
    starts = []
    total = 0
    for size in sizes:
        starts.append(total)
        total += size
    located = []
    for row in rows:
        # The last document starting at or before the segment (a document of no segments shares
        # its start with the next one, which is the one that holds the segment).
        document = max(bisect.bisect_right(starts, row.segment) - 1, 0)
        located.append(replace(row, document=document, segment=row.segment - starts[document] if starts else row.segment))
    return located


def _table(header: Sequence[str], body: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *body)]
    lines = ["  ".join(str(cell).ljust(width) for cell, width in zip(header, widths)).rstrip()]
    lines.append("  ".join("-" * width for width in widths))
    lines.extend("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip() for row in body)
    return lines


class TermTally:
    """What the terminal table and a report's counts say of term rows, gathered as the rows come.

    A publish adds each chunk's rows and keeps only this, never every row of a
    corpus: per language, hop, entry and expected rendering, a count per status,
    and each violated occurrence (the table lists those one by one).
    """

    def __init__(self, rows: Iterable[TermRow] = ()) -> None:
        self.groups: dict[tuple[str, str, str, str], Counter[str]] = {}
        self.violated: list[TermRow] = []
        self.occurrences = 0
        self.add(rows)

    def add(self, rows: Iterable[TermRow]) -> None:
        for row in rows:
            self.groups.setdefault((row.language, row.hop, row.entry, row.expected), Counter())[row.status] += 1
            self.occurrences += 1
            if row.status == VIOLATED:
                self.violated.append(row)

    def summary(self) -> dict[str, int]:
        """Occurrences per status, every status present."""
        counts: Counter[str] = Counter()
        for found in self.groups.values():
            counts.update(found)
        return {status: counts.get(status, 0) for status in STATUSES}

    def table(self, documents: Sequence[str] | None = None) -> str:
        """A short terminal table: per language, hop and entry, how often each status occurred.

        Violated occurrences are then listed one per line with their place;
        ``documents`` names each ``row.document`` (its index is shown without it).
        """
        if not self.occurrences:
            return "Glossary: no terms found in the source."
        header = ["lang", "hop", "entry", "expected", "found", "kept", "n-best", "repaired", "violated"]
        body = [
            [lang, hop, entry, expected, str(sum(counts.values()))] + [str(counts.get(status, 0)) for status in STATUSES]
            for (lang, hop, entry, expected), counts in sorted(self.groups.items())
        ]
        lines = _table(header, body)
        lines.append(
            f"Glossary: {self.occurrences} term occurrences: "
            + ", ".join(f"{count} {status}" for status, count in self.summary().items())
            + "."
        )
        for row in self.violated:
            place = documents[row.document] if documents is not None else row.document
            lines.append(
                f"  violated: document {place}, segment {row.segment} "
                f"({row.language}, hop {row.hop}): '{row.source}' "
                f"should be rendered '{row.expected}'"
            )
        return "\n".join(lines)


def format_report_table(rows: Sequence[TermRow], documents: Sequence[str] | None = None) -> str:
    """:meth:`TermTally.table` of ``rows``."""
    return TermTally(rows).table(documents)
