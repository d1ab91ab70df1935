"""glossary_context: a segment's key changes exactly when an entry matching it changes."""

from __future__ import annotations

from translate.glossary import parse_glossary
from translate.memory import SegmentKey
from translate.run.keys import glossary_context

GLOSSARY = """\
version: 1
source: de
entries:
  - id: fta
    de: Freihandelsabkommen
    en: free trade deal
    es: acuerdo de libre comercio
  - id: tariff
    de: Zoll
    en: tariff
    es: arancel
    note: customs duty
"""

SEGMENTS = [
    "Das Freihandelsabkommen wurde unterzeichnet.",
    "Der Zoll steigt.",
    "Die Verhandlungen dauern an.",
    "Die Partner des Freihandelsabkommens erhöhen den Zoll.",
]


def contexts(text: str) -> list[str]:
    context = glossary_context(parse_glossary(text), SEGMENTS, "de")
    return [context(i, "en") for i in range(len(SEGMENTS))]


def test_segments_without_terms_keep_their_plain_key() -> None:
    before = contexts(GLOSSARY)
    assert before[2] == ""
    assert all(c.startswith("glossary:") for i, c in enumerate(before) if i != 2)
    assert len({before[0], before[1], before[3]}) == 3  # different entries, different fingerprints
    assert glossary_context(None, SEGMENTS, "de")(0, "en") == ""


def test_editing_one_entry_changes_only_the_segments_containing_its_term() -> None:
    before = contexts(GLOSSARY)
    after = contexts(GLOSSARY.replace("en: free trade deal", "en: free trade agreement"))
    changed = [i for i in range(len(SEGMENTS)) if before[i] != after[i]]
    assert changed == [0, 3]  # the inflected "Freihandelsabkommens" counts too


def test_the_note_does_not_change_any_translation() -> None:
    assert contexts(GLOSSARY) == contexts(GLOSSARY.replace("note: customs duty", "note: import duty"))


def test_a_new_entry_changes_only_segments_with_its_term() -> None:
    added = GLOSSARY + "  - id: talks\n    de: Verhandlungen\n    en: negotiations\n"
    before, after = contexts(GLOSSARY), contexts(added)
    assert [i for i in range(len(SEGMENTS)) if before[i] != after[i]] == [2]


def test_the_fingerprint_separates_memory_keys() -> None:
    before = contexts(GLOSSARY)
    after = contexts(GLOSSARY.replace("es: arancel", "es: tarifa"))
    keys = [SegmentKey.make(SEGMENTS[1], "de", "es", "r@1", "{}", c) for c in (before[1], after[1])]
    assert keys[0] != keys[1]
