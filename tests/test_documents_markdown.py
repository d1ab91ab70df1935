"""Markdown sources: parsing, placeholders, and rendering back without changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import SHARED, shared_path
from markdown_checks import block_structure, body_html, html, protected, raw_code_blocks

from translate.documents import load_document, parse_document
from translate.documents.inline import InlineText, Piece, restore
from translate.documents.markdown import MarkdownDocument
from translate.errors import InputError

CORPUS = SHARED / "corpus" / "markdown-de"
CORPUS_FILES = sorted(p.name for p in CORPUS.glob("*.md")) if CORPUS.is_dir() else ["(corpus missing)"]


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_corpus_round_trip_without_translation(name: str) -> None:
    """Parse then render: CommonMark-equivalent HTML, same blocks, same protected spans."""
    path = shared_path("corpus", "markdown-de", name)
    document = load_document(path)
    assert document.units, "every corpus file has text to translate"
    assert document.skipped == 0
    rendered = document.render().text
    assert html(rendered) == html(document.text)
    assert block_structure(rendered) == block_structure(document.text)
    assert protected(rendered) == protected(document.text)


def test_code_and_urls_never_reach_the_engine_but_as_words_of_their_sentence() -> None:
    path = shared_path("corpus", "markdown-de", "vite-env-and-mode.de.md")
    document = load_document(path)
    units = "\n".join(document.units)
    # A short code span reads as a word of its sentence, inside a verbatim pair; a long one is an atom.
    assert "<0>import.meta.env</1>" in units
    assert "import.meta.env.VITE_SOME_KEY" not in units
    assert all(block not in units for block in raw_code_blocks(document.text))  # fenced code
    assert "https://" not in units and "/config/shared-options.md" not in units  # link targets
    assert "ScrimbaLink" not in units  # HTML
    assert ":::" not in units  # container fences
    assert "Eingebaute Konstanten" in units and "Umgebungsvariablen und Modi" in units


def test_units_cover_headings_lists_quotes_tables_alts_links_and_front_matter() -> None:
    text = (
        "---\ntitle: Ein Titel\ndescription: Eine Beschreibung\nlayout: post\ntags: [a, b]\n---\n\n"
        "# Überschrift\n\n> Ein Zitat.\n\n- Punkt eins\n  - Unterpunkt\n3. Dritter\n\n"
        "| Kopf | `code` |\n|:----:|---|\n| Zelle | mehr |\n\n"
        "Text mit [Linktext](https://example.org/a?b=c) und ![Alternativtext](bild.png).[^1]\n\n"
        "[^1]: Die Fußnote.\n\n```python\nprint('nicht übersetzen')\n```\n"
    )
    document = parse_document("a.md", text, markdown=True)
    assert document.units == [
        "Ein Titel", "Eine Beschreibung", "Überschrift", "Ein Zitat.", "Punkt eins", "Unterpunkt",
        "Dritter", "Kopf", "<0>code</1>", "Zelle", "mehr", "Text mit <0>Linktext</1> und <2>Alternativtext</3>.<4/>",
        "Die Fußnote.",
    ]
    assert document.title == "Ein Titel"
    upper = [unit.upper() for unit in document.units]
    rendered = document.render(upper).text
    assert rendered.startswith(
        "---\ntitle: EIN TITEL\ndescription: EINE BESCHREIBUNG\nlayout: post\ntags: [a, b]\n---\n"
    )
    assert "# ÜBERSCHRIFT\n\n> EIN ZITAT.\n\n- PUNKT EINS\n  - UNTERPUNKT\n3. DRITTER\n" in rendered
    assert "| KOPF | `code` |\n|:----:|---|\n| ZELLE | MEHR |" in rendered
    assert "TEXT MIT [LINKTEXT](https://example.org/a?b=c) UND ![ALTERNATIVTEXT](bild.png).[^1]" in rendered
    assert "[^1]: DIE FUSSNOTE." in rendered
    assert "```python\nprint('nicht übersetzen')\n```\n" in rendered
    assert block_structure(rendered) == block_structure(text)


def test_front_matter_other_keys_stay_byte_identical() -> None:
    text = "---\ntitle: Alt\n# ein Kommentar\nauthor:\n  name: Jemand  # bleibt\ndate: 2022-07-23\n---\nText.\n"
    document = parse_document("a.md", text, markdown=True)
    rendered = document.render(["New: title", "Text en."], {"lang": "en", "date": "2022-07-23"}).text
    assert rendered == (
        "---\ntitle: 'New: title'\n# ein Kommentar\nauthor:\n  name: Jemand  # bleibt\ndate: 2022-07-23\n"
        "lang: en\n---\nText en.\n"
    )


def test_markdown_title_from_first_h1_goes_into_new_front_matter() -> None:
    document = parse_document("a.md", "Vorspann.\n\n# Der `wahre` Titel\n\nText.\n", markdown=True)
    assert document.title == "Der wahre Titel"
    rendered = document.render(None, {"lang": "de"}).text
    assert rendered == "---\ntitle: Der wahre Titel\nlang: de\n---\n\nVorspann.\n\n# Der `wahre` Titel\n\nText.\n"


def test_markdown_with_only_code_has_nothing_to_translate(tmp_path: Path) -> None:
    source = tmp_path / "code.md"
    source.write_text("```sh\nmake test\n```\n", encoding="utf-8")
    with pytest.raises(InputError, match="has nothing to translate: it holds only code"):
        load_document(source)


def test_multi_line_paragraph_in_quote_keeps_its_prefix_and_line_breaks() -> None:
    text = "> Erster Satz.\n> Zweiter Satz mit `code`.  \n> Dritter\n> Satz.\n"
    document = parse_document("a.md", text, markdown=True)
    assert document.units == ["Erster Satz.\nZweiter Satz mit <0>code</1>.<2/>Dritter\nSatz."]
    rendered = document.render(["First sentence.\nSecond with <0>code</1>.<2/>Third sentence."]).text
    assert rendered == "> First sentence.\n> Second with `code`.  \n> Third sentence.\n"
    assert block_structure(rendered) == block_structure(text)


# --- restoring the pieces, and repairing what could not be placed ---------------------

def _link_text() -> InlineText:
    return parse_document("a.md", "Siehe [die Doku](https://x.org/y) und `cfg` **jetzt**.", True)._slots[0].text  # type: ignore[attr-defined]


def test_restore_puts_every_piece_back() -> None:
    text = _link_text()
    assert text.template == "Siehe <0>die Doku</1> und <2>cfg</3> <4>jetzt</5>."
    restored = restore("See <0>the docs</1> and <2>cfg</3> <4>now</5>.", text)
    assert restored.text == "See [the docs](https://x.org/y) and `cfg` **now**."
    assert restored.warnings == []


def test_restore_keeps_code_byte_identical_whatever_the_translation_has_in_its_place() -> None:
    restored = restore("See <0>the docs</1> and <2>CFG-Datei</3> <4>now</5>.", _link_text())
    assert restored.text == "See [the docs](https://x.org/y) and `cfg` **now**."
    # Emphasis cannot stand inside code: it is reported, never silently dropped.
    restored = restore("See <0>the docs</1> and <2>c<4>f</5>g</3>.", _link_text())
    assert restored.text == "See [the docs](https://x.org/y) and `cfg`."
    assert restored.warnings == ["markup **… inside `cfg` could not be kept"]


def test_restore_appends_a_lost_atom_and_repairs_a_broken_link() -> None:
    restored = restore("See the docs</1> and <4>now</5>.", _link_text())
    # the link comes back whole, with its source label; the lost inline code is appended
    assert restored.text == "See the docs and **now**. [die Doku](https://x.org/y) `cfg`"
    assert restored.warnings == [
        "link [die Doku] was moved to the end of its sentence, untranslated",
        "`cfg` lost its place in translation and was moved to the end of its sentence",
    ]


def test_restore_reports_lost_emphasis_and_drops_duplicates() -> None:
    restored = restore("See <0>the docs</1></1> and <2>cfg</3> </5>now<4>.", _link_text())
    assert restored.text == "See [the docs](https://x.org/y) and `cfg` now."
    assert restored.warnings == ["emphasis markers **…** were lost in translation and left out"]


def test_restore_escapes_markdown_the_model_produced() -> None:
    text = InlineText("Text", [])
    assert restore("- a *b* [c] <d> `e` #1", text).text == "\\- a \\*b\\* \\[c\\] \\<d> \\`e\\` #1"
    assert restore("a | b", text, table=True).text == "a \\| b"


def test_literal_text_that_looks_like_a_placeholder_is_protected() -> None:
    document = parse_document("a.md", "Ein <3> Herz und <br> Umbruch.\n", markdown=True)
    assert document.units == ["Ein <0/> Herz und <1/> Umbruch."]
    assert isinstance(document, MarkdownDocument)
    assert document.render(["A <0/> heart and <1/> break."]).text == "A <3> heart and <br> break.\n"
    assert [p.raw for p in document._slots[0].text.pieces] == ["<3>", "<br>"]  # type: ignore[attr-defined]
    assert Piece("atom", "<3>") == document._slots[0].text.pieces[0]  # type: ignore[attr-defined]


def test_emphasis_runs_pair_correctly() -> None:
    document = parse_document("a.md", "Das ist **sehr *gut***, oder ***x** y*.\n", markdown=True)
    assert document.units == ["Das ist <0>sehr <1>gut</2></3>, oder <4><5>x</6> y</7>."]
    rendered = document.render(["That is <0>very <1>good</2></3>, or <4><5>x</6> y</7>."]).text
    assert body_html(rendered) == "<p>That is <strong>very <em>good</em></strong>, or <em><strong>x</strong> y</em>.</p>\n"
