"""Source matching through the glossary's index finds exactly what the per-entry matcher found.

The reference (``tests/fixtures/termbase/wmt23-deen.matches.json.gz``) was made
by ``make_reference.py`` with the per-entry regular-expression matcher over
all of the WMT23 terminology test set's ``deen.de`` and its 9,309-entry
glossary; every match (spans, text, entry) must come out the same.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
from types import ModuleType

from support import ROOT, shared_path

REFERENCE = ROOT / "tests" / "fixtures" / "termbase"


def _maker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_reference", REFERENCE / "make_reference.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_matches_on_the_wmt23_test_set_equal_the_reference() -> None:
    corpus = shared_path("corpus", "terminology", "wmt23-deen")
    maker = _maker()
    glossary = maker.wmt_glossary(corpus)
    lines = maker.sentences(corpus)
    with gzip.open(REFERENCE / "wmt23-deen.matches.json.gz", "rt", encoding="utf-8") as handle:
        reference = json.load(handle)
    assert (len(glossary), glossary.sha256, len(lines)) == (
        reference["glossary_entries"], reference["glossary_sha256"], reference["sentences"])
    rows = maker.match_rows(glossary, lines)
    expected = reference["matches"]
    assert len(rows) == len(expected)
    differences = [(row, want) for row, want in zip(rows, expected) if row != want]
    assert not differences, differences[:5]
