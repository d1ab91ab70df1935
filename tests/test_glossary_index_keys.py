"""The index's keys of forms of several words: what they find, and what they leave untried.

A form of several words is keyed by its first word with each ending, one space
and the start of its second word, over a text whose white space is squeezed.
Whatever the text's spacing, case or endings, matching through the index must
give what trying every form over the whole text gives (``find_entries``); and a
form whose first word occurs without its second word must not even be tried.
"""

from __future__ import annotations

import pytest

from translate.glossary import Entry, Glossary, find_terms, match
from translate.glossary.match import find_entries

GLOSSARY = Glossary(
    (
        Entry("kmu", {"de": "mittelständische Unternehmen", "en": "SMEs"}),
        Entry("ldm", {"de": "Land der Mitte", "en": "Middle Kingdom"}),
        Entry("bzns", {"de": "über (BZNS)", "en": "via (BZNS)"}),
        Entry("realitaet", {"de": "Niere -realität", "en": "kidney reality"}),
        Entry("strasse", {"de": "Große Straße", "en": "high street"}),
        Entry("pena", {"de": "Peña Nieto"}, keep=True),
        Entry("covid", {"de": "COVID-19 Pandemie", "en": "COVID-19 pandemic"}),
        Entry("handel", {"de": "Handel", "en": "trade"}),
        Entry("vertrag", {"de": "Vertrag von Lissabon", "en": "Treaty of Lisbon"}),
        Entry("eu", {"de": "EU Kommission", "en": "EU Commission"}, case_sensitive=True),
    )
)

TEXTS = [
    "Kleine und mittelständischen Unternehmen profitieren.",
    "Kleine und mittelständischen  Unternehmen profitieren.",
    "Kleine und mittelständischer\tUnternehmen profitieren.",
    "Kleine und mittelständisches\u00a0Unternehmen profitieren.",
    "Kleine und mittelständischem\n Unternehmen profitieren.",
    "  Mittelständische Unternehmen profitieren. ",
    "MITTELSTÄNDISCHEN UNTERNEHMEN IM LAND DER MITTE",
    "Die Märkte des Landes der Mitte und des Landes  der  Mitte.",
    "Das Land, der Mitte zugewandt, und das Land derMitte.",
    "Die Diagnose erfolgte über (BZNS) und über (bzns), nicht über BZNS.",
    "Eine Niere -realität, keine Niere-realität.",
    "Die Große Straße, die große Straße und die GROSSE STRASSE.",
    "Die Großen Straßen der Stadt und die Großes  Straße.",
    "Peña Nietos Regierung und Peña  Nieto, nicht Peñas Nieto.",
    "Die COVID-19 Pandemie und die COVID-19  Pandemien.",
    "Der Vertrag von Lissabon, der Vertrages von Lissabon und der Vertrag  von  Lissabon.",
    "Die EU Kommission, die EU  Kommissionen, nicht die eu Kommission.",
    "Der Handelsvertrag von Lissabon und der Handel von Waren.",
    "",
    "   ",
]


@pytest.mark.parametrize("text", TEXTS)
def test_the_index_finds_what_trying_every_form_finds(text: str) -> None:
    expected = find_entries(GLOSSARY.entries, text, "de")
    assert find_terms(GLOSSARY, text) == expected


def test_spacing_endings_and_case_between_the_words_are_matched() -> None:
    found = [(m.text, m.entry.id) for text in TEXTS[:7] for m in find_terms(GLOSSARY, text)]
    assert found == [
        ("mittelständischen Unternehmen", "kmu"),
        ("mittelständischen  Unternehmen", "kmu"),
        ("mittelständischer\tUnternehmen", "kmu"),
        ("mittelständisches\u00a0Unternehmen", "kmu"),
        ("mittelständischem\n Unternehmen", "kmu"),
        ("Mittelständische Unternehmen", "kmu"),
        ("MITTELSTÄNDISCHEN UNTERNEHMEN", "kmu"),
        ("LAND DER MITTE", "ldm"),
    ]


def test_spans_point_into_the_original_text_when_spacing_or_case_folding_moves_it() -> None:
    text = "  Die  GROSSE STRASSE, die Große  Straße und Peña\t\tNietos Haus."
    spans = [(text[m.start:m.end], m.entry.id) for m in find_terms(GLOSSARY, text)]
    assert spans == [("Große  Straße", "strasse"), ("Peña\t\tNietos", "pena")]


def test_a_form_whose_first_word_is_not_followed_by_its_second_is_never_tried(monkeypatch) -> None:
    padding = [Entry(f"p{n:04d}", {"de": f"Unternehmen Nummer{n}", "en": f"company {n}"}) for n in range(300)]
    glossary = Glossary((*padding, *GLOSSARY.entries))
    tried: list[str] = []
    original = match._source_pattern

    def counting(form: str, *args):  # type: ignore[no-untyped-def]
        tried.append(form)
        return original(form, *args)

    monkeypatch.setattr(match, "_source_pattern", counting)
    text = "Unternehmen Nummer12 und andere Unternehmen, mittelständische Unternehmen sowie Unternehmen Zahl."
    found = [(m.text, m.entry.id) for m in find_terms(glossary, text)]
    assert found == [("Unternehmen Nummer12", "p0012"), ("mittelständische Unternehmen", "kmu")]
    # "Unternehmen" is followed by "Nummer12", "," and "Zahl": of the 300 forms starting
    # with it only those whose second word starts "Num" are tried, and no other form.
    assert set(tried) == {f"Unternehmen Nummer{n}" for n in range(300)} | {"mittelständische Unternehmen"}
    tried.clear()
    assert find_terms(glossary, "Unternehmen, Unternehmen und Unternehmen Zahl.") == []
    assert tried == []


def test_forms_outside_german_take_plural_endings_on_every_word() -> None:
    glossary = Glossary((Entry("fta", {"en": "trade agreement", "de": "Handelsabkommen"}),), source="en")
    text = "Two trades agreements, one trade  agreement and a tradeagreement."
    assert find_terms(glossary, text) == find_entries(glossary.entries, text, "en")
    assert [m.text for m in find_terms(glossary, text)] == ["trades agreements", "trade  agreement"]


def test_forms_starting_with_punctuation_are_found_wherever_they_occur() -> None:
    glossary = Glossary((
        Entry("who", {"de": "(WHO)", "en": "(WHO)"}, keep=True),
        Entry("net", {"de": ".NET Framework", "en": ".NET Framework"}, keep=True),
        Entry("handel", {"de": "Handel", "en": "trade"}),
    ))
    texts = ["Die Weltgesundheitsorganisation (WHO) und das .NET Framework.", "Ohne Klammern: WHO, NET.",
             "Handel (who) mit .net  Framework", "Kein Zeichen davon hier"]
    assert [[(m.text, m.entry.id) for m in find_terms(glossary, text)] for text in texts] == [
        [("(WHO)", "who"), (".NET Framework", "net")], [], [("Handel", "handel"), ("(who)", "who"),
                                                           (".net  Framework", "net")], []]
    assert all(find_terms(glossary, text) == find_entries(glossary.entries, text, "de") for text in texts)
