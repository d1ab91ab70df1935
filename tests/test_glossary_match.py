"""Finding glossary terms in German text: inflection, compounds, names, code and URLs, overlaps."""

from __future__ import annotations

from collections import Counter

import pytest
from support import ROOT, shared_path

from translate.glossary import Entry, Glossary, find_terms, load_glossary
from translate.glossary.match import find_renderings, satisfied_count

GLOSSARY = Glossary(
    (
        Entry("fha", {"de": "Freihandelsabkommen", "en": "free trade agreement"}),
        Entry("amazon", {"de": "Amazon"}, keep=True, case_sensitive=True),
        Entry("trump", {"de": "Trump"}, keep=True, case_sensitive=True),
        Entry("donald-trump", {"de": "Donald Trump"}, keep=True, case_sensitive=True),
        Entry("pena", {"de": "Enrique Peña Nieto"}, forms={"de": ("Enrique Pena Nieto",)}, keep=True),
        Entry("nieto", {"de": "Nieto"}, keep=True),
        Entry("kmu", {"de": "mittelständische Unternehmen", "en": "SMEs"}),
        Entry("ldm", {"de": "Land der Mitte", "en": "Middle Kingdom"}),
        Entry("ecommerce", {"de": "E-Commerce", "en": "e-commerce"}),
        Entry("markt", {"de": "Absatzmarkt", "en": "market"}, forms={"de": ("Absatzmärkte",)}),
        Entry("handel", {"de": "Handel", "en": "trade"}),
        Entry("mitte", {"de": "Mitte", "en": "middle"}),
    )
)


def found(text: str) -> list[tuple[str, str]]:
    return [(match.text, match.entry.id) for match in find_terms(GLOSSARY, text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ein Freihandelsabkommen wurde geschlossen.", [("Freihandelsabkommen", "fha")]),
        ("Die Folgen des Freihandelsabkommens sind groß.", [("Freihandelsabkommens", "fha")]),
        ("Das EU-Freihandelsabkommen gilt.", [("EU-Freihandelsabkommen", "fha")]),
        ("Die Freihandelsabkommensverhandlungen laufen.", [("Freihandelsabkommensverhandlungen", "fha")]),
        ("Ein Mexiko-China-Freihandelsabkommen-Entwurf.", [("Mexiko-China-Freihandelsabkommen-Entwurf", "fha")]),
        ("Die FREIHANDELSABKOMMEN der Welt.", [("FREIHANDELSABKOMMEN", "fha")]),  # headline capitals
        ("Kleine und mittelständischen Unternehmen profitieren.", [("mittelständischen Unternehmen", "kmu")]),
        ("Mittelständische Unternehmen profitieren.", [("Mittelständische Unternehmen", "kmu")]),
        ("Handel mit dem Land der Mitte.", [("Handel", "handel"), ("Land der Mitte", "ldm")]),
        ("Die Märkte des Landes der Mitte.", [("Landes der Mitte", "ldm")]),
        ("Im E-Commerce-Handel zählen Absatzmärkte.", [("E-Commerce-Handel", "ecommerce"), ("Absatzmärkte", "markt")]),
        ("Ein neuer Absatzmarktes wegen.", [("Absatzmarktes", "markt")]),
        ("Amazons Chef und Amazon-Gründer.", [("Amazons", "amazon"), ("Amazon-Gründer", "amazon")]),
        ("Die Trump-Regierung.", [("Trump-Regierung", "trump")]),
    ],
)
def test_inflected_and_compound_forms(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Der Amazonas ist ein Fluss.",  # not Amazon
        "Er spielt einen Trumpf aus.",  # not Trump
        "amazon ist kleingeschrieben.",  # case-sensitive name
        "Eine Mitteilung aus Mitteleuropa zur Wochenmitte.",  # Mitte inside other words
        "Das Atomabkommen und Handelsabkommen.",  # the term only ends a closed compound
        "Entschlossenes Handeln ist gefragt.",  # Handeln is not Handel
        "Ein riesengroßer, landesweiter Erfolg.",  # lower-case words are no nouns
        "Siehe https://example.com/Freihandelsabkommen und www.amazon.de/Amazon.",
        "Schreiben Sie `Freihandelsabkommen` oder mail@Freihandelsabkommen.de.",
        "```\nAmazon = Freihandelsabkommen()\n```",
        "Der Wert freihandelsabkommen_id und #PRS_ORG# Amazon_Store.",
        "<a href=\"Amazon\">",
    ],
)
def test_no_match_inside_unrelated_words_code_or_urls(text: str) -> None:
    assert found(text) == []


def test_longest_match_wins_over_a_contained_entry() -> None:
    assert found("Präsident Enrique Pena Nieto und später Nieto.") == [
        ("Enrique Pena Nieto", "pena"),
        ("Nieto", "nieto"),
    ]
    assert found("Präsident Donald Trump.") == [("Donald Trump", "donald-trump")]


def test_term_span_points_at_the_term_inside_a_compound() -> None:
    text = "Das EU-Freihandelsabkommen gilt."
    (match,) = find_terms(GLOSSARY, text)
    assert text[match.term_start : match.term_end] == "Freihandelsabkommen"


def test_target_side_counts_renderings_and_forbidden_forms() -> None:
    entry = Entry(
        "fha",
        {"de": "Freihandelsabkommen", "en": "free trade agreement"},
        forbidden={"en": ("free trade deal",)},
    )
    assert find_renderings(entry, ["free trade agreement"], "Two free trade agreements and a Free Trade Agreement.") == [
        (4, 25),
        (32, 52),
    ]
    assert satisfied_count(entry, 1, "the free trade agreement", "en", "de") == 1
    assert satisfied_count(entry, 2, "the free trade agreement", "en", "de") == 1
    assert satisfied_count(entry, 1, "the free trade deal", "en", "de") == 0
    # A forbidden rendering next to a correct one still costs an occurrence.
    assert satisfied_count(entry, 1, "the free trade agreement, the free trade deal", "en", "de") == 0


# The shipped glossary over ~2,500 real German news lines (WMT22/23): every match, reviewed.
SHIPPED_ON_WMT = {
    ("amazon", "Amazon"): 7,
    ("amazon", "Amazon-Gründer"): 4,
    ("donald-trump", "Donald Trump"): 2,
    ("donald-trump", "Donald Trumps"): 1,
    ("e-commerce", "eCommerce"): 1,
    ("trump", "Trump"): 4,
    ("us-praesident", "US-Präsident"): 3,
}

# Common nouns that occur inside many other words of the same corpus.
RISKY = Glossary(
    (
        Entry("abkommen", {"de": "Abkommen", "en": "agreement"}),
        Entry("mitte", {"de": "Mitte", "en": "middle"}),
        Entry("riese", {"de": "Riese", "en": "giant"}),
        Entry("markt", {"de": "Markt", "en": "market"}),
        Entry("land", {"de": "Land", "en": "country"}),
        Entry("handel", {"de": "Handel", "en": "trade"}),
        Entry("preis", {"de": "Preis", "en": "price"}),
        Entry("regierung", {"de": "Regierung", "en": "government"}),
    )
)
RISKY_ON_WMT = {
    ("abkommen", "Abkommen"): 1,
    ("handel", "Handel"): 2,
    ("land", "Land"): 8,
    ("land", "Landes"): 5,
    ("mitte", "Mitte"): 2,
    ("mitte", "Mitte-Regierung"): 1,  # "die Pläne der Mitte-Regierung": a hyphenated compound
    ("preis", "Preis"): 17,
    ("preis", "Preis-Leistung"): 2,
    ("preis", "Preise"): 1,
    ("preis", "Preisen"): 3,
    ("regierung", "EU-Regierungen"): 1,
    ("regierung", "Regierung"): 9,
    ("regierung", "Regierungsbildung"): 1,
    ("regierung", "Regierungschefin"): 1,
    ("regierung", "Regierungschefs"): 1,
    ("regierung", "Regierungsgebäude"): 1,
    ("regierung", "Regierungssitz"): 1,
    ("regierung", "US-Regierung"): 1,
    ("riese", "Riesen"): 4,  # the basketball team "MHP Riesen Ludwigsburg" / "die Riesen"
}


def _wmt_lines() -> list[str]:
    lines = []
    for name in ("generaltest2023.de-en.src.de", "generaltest2022.de-en.src.de"):
        lines += shared_path("corpus", "wmt23-de-en", name).read_text(encoding="utf-8").splitlines()
    return lines


@pytest.mark.parametrize(("glossary", "expected"), [("shipped", SHIPPED_ON_WMT), ("risky", RISKY_ON_WMT)])
def test_matches_on_real_german_news_are_exactly_the_reviewed_ones(glossary: str, expected: dict) -> None:
    terms = load_glossary(ROOT / "glossary" / "terms.yaml") if glossary == "shipped" else RISKY
    counts: Counter[tuple[str, str]] = Counter()
    for line in _wmt_lines():
        for match in find_terms(terms, line):
            counts[(match.entry.id, match.text)] += 1
            # Structure: a match is whole words, never part of a longer word.
            before = line[match.start - 1] if match.start else " "
            after = line[match.end] if match.end < len(line) else " "
            assert not before.isalnum() and not after.isalnum(), (line, match.text)
    assert dict(counts) == expected


def test_real_words_that_contain_a_risky_term_are_not_matched() -> None:
    text = "\n".join(_wmt_lines())
    # These words are in the corpus (checked first), and none of them is a match.
    for word in ("Mitteilung", "Mitteleuropa", "Wochenmitte", "Atomabkommen", "riesengroßen"):
        assert word in text
    matched = {match.text for line in _wmt_lines() for match in find_terms(RISKY, line)}
    assert not matched & {"Mitteilung", "Mitteleuropa", "Wochenmitte", "Atomabkommen", "riesengroßen"}
