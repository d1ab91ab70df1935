"""Where the index's automaton says a key is, in texts whose characters are not one byte each.

The automaton (ahocorasick-rs) searches the UTF-8 bytes of the marked text and
reports places in characters. A place off by one byte-to-character step would
anchor a form's rule at the wrong spot and lose or shift a match, so these
texts put two-, three- and four-byte characters (umlauts, ``ß`` whose
case-folding is longer, CJK, emoji, combining marks) before, between and
inside the terms, and overlapping keys ending at the same place. Matching
through the index must give what trying every form gives (``find_entries``),
and the terms must be found where they are.
"""

from __future__ import annotations

import pytest

from translate.glossary import Entry, Glossary, find_terms
from translate.glossary.match import find_entries

GLOSSARY = Glossary(
    (
        Entry("abk", {"de": "Abkommen", "en": "agreement"}),
        Entry("fhabk", {"de": "Freihandelsabkommen", "en": "free trade agreement"}),
        Entry("strasse", {"de": "Große Straße", "en": "high street"}),
        Entry("maerkte", {"de": "Märkte", "en": "markets"}),
        Entry("kmu", {"de": "mittelständische Unternehmen", "en": "SMEs"}),
        Entry("who", {"de": "(WHO)", "en": "(WHO)"}),
        Entry("pena", {"de": "Peña Nieto"}, keep=True),
    )
)

TEXTS = [
    "😀😀 Das Freihandelsabkommen und das Abkommen 🇪🇺.",
    "中文中文 Freihandelsabkommens 中文 Abkommens",
    "Straße straße ẞ Große Straße, GROSSE STRASSE, große Straßen 🚗 Große Straße",
    "Märkte\u0301 und Ma\u0308rkte und Märkte😀Märkte",
    "Die 😀 mittelständischen 😀 Unternehmen und mittelständische Unternehmen.",
    "ǅ ﬁ İ 😀 (WHO) und 😀(WHO)😀 und Peña Nietos 😀 Peña Nieto",
    "EU-Freihandelsabkommens😀verhandlungen und Freihandelsabkommensverhandlungen",
]


@pytest.mark.parametrize("text", TEXTS)
def test_the_index_finds_what_trying_every_form_finds(text: str) -> None:
    assert find_terms(GLOSSARY, text) == find_entries(GLOSSARY.entries, text, "de")


def test_terms_after_four_byte_characters_are_found_where_they_are() -> None:
    text = TEXTS[0]
    found = [(match.entry.id, text[match.start : match.end]) for match in find_terms(GLOSSARY, text)]
    assert found == [("fhabk", "Freihandelsabkommen"), ("abk", "Abkommen")]


def test_a_longer_case_folding_before_a_term_does_not_shift_it() -> None:
    text = "Straße ẞ und Straße: Große Straße 😀 und ẞ Großen Straße."
    found = [(match.entry.id, match.start, match.text) for match in find_terms(GLOSSARY, text)]
    first, second = text.index("Große Straße"), text.index("Großen Straße")
    assert found == [("strasse", first, "Große Straße"), ("strasse", second, "Großen Straße")]
