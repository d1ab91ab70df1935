"""The termbase: loading with file:line errors, writing in a stable layout, hashing, editing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import ROOT

from translate.errors import ConfigError, GlossaryError
from translate.glossary import Entry, Glossary, find_terms, load_glossary, parse_glossary, render_glossary, save_glossary
from translate.glossary.edit import Change, add_entry, edit_entry, remove_entry

FIXTURES = ROOT / "tests" / "fixtures" / "glossary"
SHIPPED = ROOT / "glossary" / "terms.yaml"
SEED = ROOT / "seeds" / "000_372d4bbeff55e4fb.txt"


def test_bad_yaml_names_file_and_line() -> None:
    path = FIXTURES / "bad_yaml.yaml"
    with pytest.raises(GlossaryError) as caught:
        load_glossary(path)
    # The flow list opened on line 7 is never closed; PyYAML notices on line 8.
    assert str(caught.value) == (
        f"{path}:8: not valid YAML: expected ',' or ']', but got ':' "
        "(while parsing a flow sequence at line 7)."
    )
    assert isinstance(caught.value, ConfigError)


def test_same_source_term_in_two_entries_is_an_error_with_line() -> None:
    path = FIXTURES / "duplicate_term.yaml"
    with pytest.raises(GlossaryError) as caught:
        load_glossary(path)
    assert str(caught.value) == (
        f"{path}:11: the de term 'freihandelsabkommen' is also in entry 'freihandelsabkommen' (line 3); "
        "a source term may belong to one entry only."
    )
    assert caught.value.problems == [(str(path), 11, caught.value.problems[0][2])]


def test_every_problem_is_reported_at_once() -> None:
    path = FIXTURES / "many_problems.yaml"
    with pytest.raises(GlossaryError) as caught:
        load_glossary(path)
    assert str(caught.value).splitlines() == [
        "the glossary has 5 problems:",
        f"  {path}:5: entry 'alibaba': keep must be true or false.",
        f"  {path}:7: duplicate id 'alibaba' (also used by the entry at line 3).",
        f"  {path}:10: entry 'alibaba': unknown key 'nots' (expected id, note, forms, forbidden, keep, "
        "case_sensitive, or a language code such as de, en, es).",
        f"  {path}:13: entry 'leer': the de term is empty.",
        f"  {path}:16: entry 'ohne-uebersetzung' has no translation: add a term for a target language "
        "or set keep: true for a name that is never translated.",
    ]


def test_missing_glossary_says_how_to_fix(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError) as caught:
        load_glossary(tmp_path / "none.yaml")
    assert "does not exist" in str(caught.value) and "--no-glossary" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- just a list\n", "<g>:1: the glossary must be a mapping with 'source' and 'entries' keys."),
        ("source: xx\nentries: []\n", "<g>:1: source: 'xx' is not a language code (such as de)."),
        ("entries:\n- id: a\n  de: [A]\n  en: b\n", "<g>:3: entry 'a': the de term must be text (got a list or mapping); put it in quotes."),
        ("entries:\n- id: a\n  de: yes\n  en: b\n", "<g>:3: entry 'a': the de term must be text (got yes); put it in quotes."),
        ("entries:\n- id: 1a\n  de: A\n  en: b\n", "<g>:2: id '1a' is not valid: use letters, digits, '-', '_' or '.', starting with a letter."),
        ("entries:\n- id: a\n  de: A\n  de: B\n  en: b\n", "<g>:4: entry 'a': the key 'de' appears twice (also at line 3)."),
        ("entries:\n- de: A\n  en: b\n", "<g>:2: entry without an id: add 'id: some-name'."),
        ("entries:\n- id: a\n  en: b\n", "<g>:2: entry 'a' has no de term (the glossary's source language)."),
        (
            "entries:\n- id: a\n  de: A\n  en: b\n  forbidden:\n    en: [B]\n",
            "<g>:2: entry 'a': 'B' is both an accepted and a forbidden en rendering.",
        ),
    ],
)
def test_validation_messages(text: str, message: str) -> None:
    with pytest.raises(GlossaryError) as caught:
        parse_glossary(text, "<g>")
    assert str(caught.value) == message


def test_shipped_glossary_is_valid_and_covers_the_seed_article() -> None:
    glossary = load_glossary(SHIPPED)
    assert glossary.languages == ["de", "en", "es"]
    fta = glossary.get("freihandelsabkommen")
    assert fta is not None
    assert (fta.terms["en"], fta.terms["es"]) == ("free trade agreement", "tratado de libre comercio")
    assert glossary.get("land-der-mitte").terms == {  # type: ignore[union-attr]
        "de": "Land der Mitte", "en": "Middle Kingdom", "es": "Reino del Medio"
    }
    pena = glossary.get("enrique-pena-nieto")
    assert pena is not None and pena.keep and pena.target("en", "de") == "Enrique Peña Nieto"
    found = {match.entry.id: match.text for match in find_terms(glossary, SEED.read_text(encoding="utf-8"))}
    assert found == {
        "absatzmarkt": "Absatzmarkt",
        "alibaba": "Alibaba",
        "amazon": "Amazon",
        "donald-trump": "Donald Trump",
        "e-commerce": "E-Commerce",
        "enrique-pena-nieto": "Enrique Pena Nieto",  # the article's spelling, accepted as a source form
        "freihandelsabkommen": "Freihandelsabkommen",
        "handelsbeschraenkung": "Handelsbeschränkungen",
        "in-trockenen-tuechern": "in trockenen Tüchern",
        "it-times": "IT-Times",
        "kmu": "kleine und mittelständische Unternehmen",
        "land-der-mitte": "Land der Mitte",
        "nieto": "Nieto",
        "onlinehaendlernews": "onlinehaendlernews",
        "onlineriese": "Onlineriesen",
        "trump": "Trump-Regierung",
        "us-praesident": "US Präsident",
        "zukunftsmusik": "Zukunftsmusik",
    }


def test_shipped_file_is_in_the_writers_layout() -> None:
    # So the first `glossary add` produces a diff of the new entry only.
    assert render_glossary(load_glossary(SHIPPED)) == SHIPPED.read_text(encoding="utf-8")


def test_hash_depends_on_content_not_layout() -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    glossary = parse_glossary(text)
    # Comments, blank lines, key order and quoting do not change the hash...
    shuffled = "# a comment\n" + text.replace("  keep: true\n  case_sensitive: true\n", "  case_sensitive: true\n  keep: true\n")
    shuffled = shuffled.replace("de: Alibaba", "de: 'Alibaba'")
    assert parse_glossary(shuffled).sha256 == glossary.sha256
    # ...a changed term does.
    changed = text.replace("en: Middle Kingdom", "en: Middle kingdom")
    assert parse_glossary(changed).sha256 != glossary.sha256
    assert len(glossary.sha256) == 64


def test_writer_quotes_what_yaml_would_misread(tmp_path: Path) -> None:
    tricky = Entry(
        "tricky",
        {"de": "yes", "en": "no: really", "es": "#1"},
        forms={"en": ["a, b", "[x]", "null"]},
        note='say "hi" # not a comment',
    )
    glossary = Glossary((tricky,))
    path = tmp_path / "g.yaml"
    save_glossary(glossary, path)
    assert load_glossary(path) == glossary
    assert '  de: "yes"\n' in path.read_text(encoding="utf-8")


def test_add_edit_remove_change_only_their_lines(tmp_path: Path) -> None:
    path = tmp_path / "terms.yaml"
    shutil.copy(SHIPPED, path)
    before = path.read_text(encoding="utf-8").splitlines()
    glossary, entry = add_entry(
        load_glossary(path), Change(terms={"de": "Handelspartner", "en": "trading partner", "es": "socio comercial"})
    )
    assert entry.id == "handelspartner"
    save_glossary(glossary, path)
    after = path.read_text(encoding="utf-8").splitlines()
    added = [line for line in after if line not in before]
    assert added == ["- id: handelspartner", "  de: Handelspartner", "  en: trading partner", "  es: socio comercial"]
    assert len(after) == len(before) + 5  # four lines and one blank separator

    glossary, _ = edit_entry(load_glossary(path), "handelspartner", Change(forms=[("es", "socios comerciales")]))
    save_glossary(glossary, path)
    assert "    es: [socios comerciales]" in path.read_text(encoding="utf-8")
    glossary, _ = remove_entry(load_glossary(path), "handelspartner")
    save_glossary(glossary, path)
    assert path.read_text(encoding="utf-8").splitlines() == before


def test_edits_that_break_a_rule_are_refused() -> None:
    glossary = load_glossary(SHIPPED)
    with pytest.raises(GlossaryError, match="the de term 'Alibaba' is also in entry 'alibaba'"):
        add_entry(glossary, Change(terms={"de": "Alibaba", "en": "Ali Baba"}), "ali")
    with pytest.raises(GlossaryError, match="already has an entry 'amazon'"):
        add_entry(glossary, Change(terms={"de": "Amazonas", "en": "Amazon"}), "amazon")
    with pytest.raises(GlossaryError, match="has no entry 'nothing'"):
        edit_entry(glossary, "nothing", Change(note="x"))
    with pytest.raises(GlossaryError, match="'english' is not a language code"):
        edit_entry(glossary, "amazon", Change(terms={"english": "Amazon"}))
    with pytest.raises(GlossaryError, match="has no translation"):
        edit_entry(glossary, "alibaba", Change(keep=False))
