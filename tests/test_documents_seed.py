"""The seed format's rules, checked on the real seed article."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import ROOT

from translate.documents import load_document, parse_document
from translate.documents.seed import SeedDocument, is_heading
from translate.errors import InputError

SEED = ROOT / "seeds" / "000_372d4bbeff55e4fb.txt"
FIXTURES = ROOT / "tests" / "fixtures" / "publish"


def test_seed_metadata_title_and_headings() -> None:
    document = load_document(SEED)
    assert isinstance(document, SeedDocument)
    assert document.date == "2017-09"
    assert document.title == "Mexiko setzt E-Commerce als Wirtschaftswaffe ein"
    assert [block.kind for block in document.blocks] == [
        "paragraph", "heading", "paragraph", "heading", "paragraph", "heading", "paragraph",
    ]
    headings = [block.text for block in document.blocks if block.kind == "heading"]
    assert headings == [
        "Mexiko setzt E-Commerce als Wirtschaftswaffe ein",
        "Der Deal mit Alibaba",
        "Wird es ein Freihandelsabkommen mit China geben?",
    ]
    # The date line is metadata: the first paragraph starts right after it.
    assert document.blocks[0].text.startswith("Das Verhältnis zwischen Mexiko und den USA")
    assert "date" not in document.blocks[0].text
    assert document.sha256 and len(document.sha256) == 64


def test_seed_renders_as_markdown_golden() -> None:
    """Untranslated, the seed becomes Markdown with ## headings; text unchanged otherwise."""
    document = load_document(SEED)
    expected = (FIXTURES / "seed-body.de.md").read_text(encoding="utf-8")
    assert document.render().text == expected


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("Wird es ein Freihandelsabkommen mit China geben?", True),
        ("Der Deal mit Alibaba", True),
        ("Achtung!", True),
        ("Das ist ein kurzer Satz.", False),  # ends like a sentence
        ("Folgendes gilt:", False),
        ("eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn vierzehn fünfzehn sechzehn", False),
        ("Zeile eins\nZeile zwei", False),  # more than one line
        ("2017", False),  # no letter
    ],
)
def test_heading_rule(line: str, heading: bool) -> None:
    assert is_heading(line) is heading


def test_seed_without_heading_takes_first_sentence_as_title() -> None:
    document = parse_document("a.txt", "Erster Satz hier. Zweiter Satz.\n\nNoch ein Absatz.\n", markdown=False)
    assert document.title == "Erster Satz hier."
    assert [block.kind for block in document.blocks] == ["paragraph", "paragraph"]
    assert document.date is None


def test_seed_text_that_looks_like_markdown_is_escaped() -> None:
    text = "1. Januar war ein *guter* Tag mit [Klammern] und <Zeichen>.\n\n# Keine Überschrift.\n"
    rendered = parse_document("a.txt", text, markdown=False).render().text
    assert rendered == (
        "1\\. Januar war ein \\*guter\\* Tag mit \\[Klammern\\] und \\<Zeichen>.\n\n"
        "\\# Keine Überschrift.\n"
    )


def test_empty_seed_is_an_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text(" \n\n", encoding="utf-8")
    with pytest.raises(InputError, match="is empty: there is nothing to translate"):
        load_document(empty)


@pytest.mark.parametrize("date", ["2017-13", "2017-02-30", "2017-00"])
def test_seed_date_that_is_no_calendar_date_is_refused(date: str) -> None:
    """A site generator cannot read such a date: the seed is refused, naming the date and the fix."""
    with pytest.raises(InputError) as caught:
        parse_document("a.txt", f" date {date} Erster Satz hier.\n\nNoch ein Absatz.\n", markdown=False)
    assert str(caught.value) == (f"a.txt: the date {date!r} on its first line is not a calendar date. "
                                 "Write it as YYYY-MM or YYYY-MM-DD, or remove it.")
