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


def test_the_index_is_built_once_per_glossary_and_narrows_the_forms_tried(monkeypatch) -> None:
    from translate.glossary import Entry, Glossary, find_terms, index, match

    entries = [Entry(f"e{n:05d}", {"de": f"Fachbegriff{n}", "en": f"term {n}"}) for n in range(2000)]
    glossary = Glossary((*entries, Entry("fha", {"de": "Freihandelsabkommen", "en": "free trade agreement"})))
    built: list[int] = []
    original_init = index.SourceIndex.__init__

    def counting_init(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        built.append(1)
        original_init(self, *args, **kwargs)

    monkeypatch.setattr(index.SourceIndex, "__init__", counting_init)
    tried: list[str] = []
    original_pattern = match._source_pattern

    def counting_pattern(form: str, *args):  # type: ignore[no-untyped-def]
        tried.append(form)
        return original_pattern(form, *args)

    monkeypatch.setattr(match, "_source_pattern", counting_pattern)
    texts = [f"Das Freihandelsabkommen Nummer {n} gilt, der Fachbegriff1234 auch." for n in range(50)]
    results = [[(m.text, m.entry.id) for m in find_terms(glossary, text)] for text in texts]
    assert results == [[("Freihandelsabkommen", "fha"), ("Fachbegriff1234", "e01234")]] * 50
    assert len(built) == 1  # one index for the glossary, not one per sentence
    # Only forms that occur in the text are tried (Fachbegriff1 is inside Fachbegriff1234), not all 2,001.
    assert set(tried) == {"Fachbegriff1", "Fachbegriff12", "Fachbegriff123", "Fachbegriff1234", "Freihandelsabkommen"}
