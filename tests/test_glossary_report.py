"""The terminology report rows, their table, --strict's test, and document placement."""

from __future__ import annotations

import json
from dataclasses import replace

from translate.enforce.report import (
    TermRow,
    TermTally,
    assign_documents,
    decode_rows,
    encode_rows,
    format_report_table,
    has_violations,
    summarize,
)

ROWS = [
    TermRow(0, 0, "en", "de-en", "freihandelsabkommen", "Freihandelsabkommen", "free trade agreement", "repaired", "prefix"),
    TermRow(0, 3, "en", "de-en", "alibaba", "Alibaba", "Alibaba", "kept"),
    TermRow(0, 0, "es", "de-en", "freihandelsabkommen", "Freihandelsabkommen", "free trade agreement", "repaired", "prefix"),
    TermRow(0, 0, "es", "en-es", "freihandelsabkommen", "free trade agreement", "tratado de libre comercio", "violated"),
    TermRow(0, 5, "es", "en-es", "alibaba", "Alibaba", "Alibaba", "chosen from n-best", "n-best"),
]


def test_rows_are_json_ready() -> None:
    data = [row.to_json() for row in ROWS]
    assert json.loads(json.dumps(data)) == data
    assert data[0] == {
        "document": 0,
        "segment": 0,
        "language": "en",
        "hop": "de-en",
        "entry": "freihandelsabkommen",
        "source": "Freihandelsabkommen",
        "expected": "free trade agreement",
        "status": "repaired",
        "method": "prefix",
    }


def test_memory_notes_round_trip_rows_and_place_them_in_the_run() -> None:
    note = encode_rows(ROWS[:2])
    assert json.loads(note)[0]["entry"] == "freihandelsabkommen"  # what the memory stores: JSON
    assert decode_rows(note, 7) == [TermRow(**{**row.to_json(), "segment": 7}) for row in ROWS[:2]]
    assert (encode_rows([]), decode_rows("", 3)) == ("", [])


def test_bundle_rows_leave_out_the_document_index() -> None:
    assert "document" not in ROWS[0].in_bundle()
    assert ROWS[0].in_bundle() == {k: v for k, v in ROWS[0].to_json().items() if k != "document"}


def test_violations_and_summary() -> None:
    assert has_violations(ROWS)
    assert not has_violations([row for row in ROWS if row.status != "violated"])
    assert summarize(ROWS) == {"kept": 1, "chosen from n-best": 1, "repaired": 2, "violated": 1}


def test_table() -> None:
    assert format_report_table(ROWS).splitlines() == [
        "lang  hop    entry                expected                   found  kept  n-best  repaired  violated",
        "----  -----  -------------------  -------------------------  -----  ----  ------  --------  --------",
        "en    de-en  alibaba              Alibaba                    1      1     0       0         0",
        "en    de-en  freihandelsabkommen  free trade agreement       1      0     0       1         0",
        "es    de-en  freihandelsabkommen  free trade agreement       1      0     0       1         0",
        "es    en-es  alibaba              Alibaba                    1      0     1       0         0",
        "es    en-es  freihandelsabkommen  tratado de libre comercio  1      0     0       0         1",
        "Glossary: 5 term occurrences: 1 kept, 1 chosen from n-best, 2 repaired, 1 violated.",
        "  violated: document 0, segment 0 (es, hop en-es): 'free trade agreement' should be rendered "
        "'tratado de libre comercio'",
    ]
    assert format_report_table([]) == "Glossary: no terms found in the source."
    named = format_report_table(ROWS, ["seeds/artikel.txt"]).splitlines()[-1]
    assert named.startswith("  violated: document seeds/artikel.txt, segment 0 (es, hop en-es)")


def test_assign_documents_splits_run_wide_segment_numbers() -> None:
    # Three documents with 2, 0 and 4 segments: run segments 0-1, -, 2-5.
    rows = [TermRow(0, segment, "en", "de-en", "x", "X", "x", "kept") for segment in (0, 1, 2, 5)]
    placed = assign_documents(rows, [2, 0, 4])
    assert [(row.document, row.segment) for row in placed] == [(0, 0), (0, 1), (2, 0), (2, 3)]


def test_a_tally_fed_chunk_by_chunk_says_what_the_rows_say() -> None:
    """What a publish keeps of its rows (a TermTally, chunk after chunk) gives the table and counts of all of them."""
    rows = [replace(row, document=number) for number in range(3) for row in ROWS]
    tally = TermTally()
    for start in range(0, len(rows), 4):
        tally.add(rows[start : start + 4])
    names = ["a.md", "b.md", "c.md"]
    assert tally.table(names) == format_report_table(rows, names)
    assert tally.summary() == summarize(rows) == {"kept": 3, "chosen from n-best": 3, "repaired": 6, "violated": 3}
    assert tally.violated == [row for row in rows if row.status == "violated"]
    assert tally.occurrences == len(rows)
    assert TermTally().table() == "Glossary: no terms found in the source."
