"""Exchange formats: DeepL-layout CSV/TSV, TBX v2/v3, round trips and the real TBX files."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import ROOT, shared_path

from translate.errors import TermbaseFormatError
from translate.glossary import Glossary, load_glossary
from translate.glossary.formats import export_terms, import_terms
from translate.glossary.formats.merge import CONFLICT, NO_SOURCE, NO_TERM, NO_TRANSLATION

FIXTURES = ROOT / "tests" / "fixtures" / "glossary"
SHIPPED = ROOT / "glossary" / "terms.yaml"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_yaml_tbx_yaml_keeps_everything(tmp_path: Path) -> None:
    glossary = load_glossary(SHIPPED)
    text, count = export_terms(glossary, "tbx")
    assert count == len(glossary) == 18
    assert '<tbx type="TBX-Basic" style="dca" xml:lang="de" xmlns="urn:iso:std:iso:30042:ed-2">' in text
    back, report = import_terms(Glossary(), _write(tmp_path, "terms.tbx", text))
    assert (report.added, report.created, report.updated, report.total_skipped) == (18, 18, 0, 0)
    # Every term, form, forbidden rendering, flag, note and id survives: same content hash.
    assert back == glossary
    assert back.sha256 == glossary.sha256


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_yaml_csv_yaml_keeps_every_term(tmp_path: Path, fmt: str) -> None:
    glossary = load_glossary(SHIPPED)
    back = Glossary()
    reports = []
    for target in ("en", "es"):
        text, rows = export_terms(glossary, fmt, target=target)
        assert rows == 28  # one row per German term or form of all 18 entries
        back, report = import_terms(back, _write(tmp_path, f"terms.{target}.{fmt}", text), target=target)
        reports.append((report.created, report.added, report.updated, report.unchanged, report.total_skipped))
    # de→en creates every entry (28 rows: 18 terms, 10 forms); de→es adds Spanish
    # to the 10 translated entries (19 rows with their forms) and finds nothing
    # new in the 8 names that stay as they are (9 rows).
    assert reports == [(18, 28, 0, 0, 0), (0, 0, 19, 9, 0)]
    by_term = {entry.terms["de"]: entry for entry in back.entries}
    for entry in glossary.entries:
        copy = by_term[entry.terms["de"]]
        assert copy.terms == entry.terms
        assert copy.forms.get("de") == entry.forms.get("de")
        assert copy.keep == entry.keep
        assert copy.target("es", "de") == entry.target("es", "de")


def test_csv_import_groups_forms_and_reports_why_rows_are_skipped(tmp_path: Path) -> None:
    glossary, report = import_terms(Glossary(), FIXTURES / "deepl.de-en.csv", target="en")
    assert (report.created, report.added, report.updated, report.total) == (5, 6, 0, 9)  # 9 rows, one a form
    assert dict(report.skipped) == {CONFLICT: 1, NO_TRANSLATION: 1, NO_SOURCE: 1}
    assert [(where, reason) for where, reason, _ in report.details] == [
        ("line 6", CONFLICT),  # Absatzmarkt,sales market after Absatzmarkt,market
        ("line 7", NO_TRANSLATION),  # Onlineriese, (empty target)
        ("line 8", NO_SOURCE),  # ,e-commerce (empty source)
    ]
    fta = glossary.get("freihandelsabkommen")
    assert fta is not None and fta.forms == {"de": ("Freihandelsabkommens",)}
    alibaba = glossary.get("alibaba")
    assert alibaba is not None and alibaba.keep and alibaba.terms == {"de": "Alibaba"}
    kmu = glossary.get("mittelstaendische-unternehmen")
    assert kmu is not None and kmu.terms["en"] == "SMEs, small and medium-sized enterprises"


def test_csv_with_language_columns_and_bad_rows(tmp_path: Path) -> None:
    path = _write(tmp_path, "g.csv", "Abkommen,agreement,de,en\nVertrag,treaty,DE,EN\n")
    glossary, report = import_terms(Glossary(), path)
    assert report.added == 2 and glossary.get("vertrag").terms == {"de": "Vertrag", "en": "treaty"}  # type: ignore[union-attr]
    with pytest.raises(TermbaseFormatError, match=r"g2.csv:2: 3 columns; a DeepL glossary row has 2"):
        import_terms(Glossary(), _write(tmp_path, "g2.csv", "a,b\na,b,c\n"), target="en")
    with pytest.raises(TermbaseFormatError, match=r"the rows do not name their languages; give them with --from and --to"):
        import_terms(Glossary(), _write(tmp_path, "g3.csv", "a,b\n"))
    with pytest.raises(TermbaseFormatError, match=r"g4.csv:1: the first row \(term, de, pos, comment\) is not a DeepL"):
        import_terms(Glossary(), _write(tmp_path, "g4.csv", "term,de,pos,comment\n"))
    with pytest.raises(TermbaseFormatError, match=r"g5.csv:2: 'pos' is not a language code"):
        import_terms(Glossary(), _write(tmp_path, "g5.csv", "a,b,de,en\nterm,de,pos,comment\n"))
    with pytest.raises(TermbaseFormatError, match=r"cannot tell the format"):
        import_terms(Glossary(), _write(tmp_path, "g.txt", "a,b\n"))


def test_tbx_entities_and_broken_xml_are_refused(tmp_path: Path) -> None:
    bomb = '<?xml version="1.0"?><!DOCTYPE tbx [<!ENTITY a "aaaa">]><tbx><text><body/></text></tbx>'
    with pytest.raises(TermbaseFormatError, match="declares XML entities"):
        import_terms(Glossary(), _write(tmp_path, "bomb.tbx", bomb))
    with pytest.raises(TermbaseFormatError, match=r"broken.tbx:2: not well-formed XML"):
        import_terms(Glossary(), _write(tmp_path, "broken.tbx", "<tbx>\n<text></tbx>"))
    with pytest.raises(TermbaseFormatError, match=r"not a TBX file \(the root element is <xliff>"):
        import_terms(Glossary(), _write(tmp_path, "x.tbx", "<xliff/>"))


# The real TBX files in ../shared/corpus/tbx (see its SOURCE.md for their quirks).


def test_weblate_tbx_v2_de(tmp_path: Path) -> None:
    path = shared_path("corpus", "tbx", "weblate-glossary.de.tbx")
    glossary, report = import_terms(Glossary(), path)
    # 485 termEntry elements (EN source, DE target):
    assert (report.added, report.updated) == (400, 0)
    assert report.duplicate == 8  # e.g. "plural"/"Plural" → "Plural" twice
    assert dict(report.skipped) == {
        NO_SOURCE: 44,  # the 44 empty German <term/> (untranslated / do-not-translate names)
        CONFLICT: 33,  # an English source repeated with another German term, or vice versa
    }
    assert path.read_bytes().count(b"<term/>") == 44
    assert len(glossary) == 400
    assert ("line 177", NO_SOURCE, "en: Rollbar") in report.details
    assert ("line 1376", "line 1223", "de: Verlauf; en: history (entry 'verlauf')") in report.duplicates
    assert (
        "line 190", CONFLICT, "de: Dokumentation; en: documentation (entry 'dokumentation' has en: Docs)"
    ) in report.details
    # A descrip at entry level becomes the note; ids that clash ("1" is used many times) are replaced.
    rollbar_free = glossary.get("ihre-weblate-installation")
    assert rollbar_free is not None and rollbar_free.note.startswith("This is not universally usable")
    token = glossary.get("token")
    assert token is not None and token.note == "das Token (Singular), die Token (Plural)"


def test_weblate_es_merges_into_the_german_one_through_english() -> None:
    german, _ = import_terms(Glossary(), shared_path("corpus", "tbx", "weblate-glossary.de.tbx"))
    glossary, report = import_terms(german, shared_path("corpus", "tbx", "weblate-glossary.es.tbx"))
    # 186 EN→ES entries: none has German, so each either completes the entry that
    # shares its English term or is skipped.
    assert (report.added, report.updated, report.duplicate) == (0, 80, 5)
    assert dict(report.skipped) == {NO_SOURCE: 97, CONFLICT: 4}
    assert glossary.get("arbeitsbereich").terms == {  # type: ignore[union-attr]
        "de": "Arbeitsbereich",
        "en": "workspace",
        "es": "espacio de trabajo",
    }
    # On its own it has nothing to attach to: no German term anywhere.
    alone, report = import_terms(Glossary(), shared_path("corpus", "tbx", "weblate-glossary.es.tbx"))
    assert (report.added, report.updated, dict(report.skipped)) == (0, 0, {NO_SOURCE: 186})
    assert len(alone) == 0


def test_tbx_v3_core_de_en_with_synonyms() -> None:
    path = shared_path("corpus", "tbx", "tbx-core-sdl-adobe.de-en.tbx")
    glossary, report = import_terms(Glossary(), path)
    # 223 conceptEntry elements:
    assert (report.added, report.updated) == (170, 0)
    assert dict(report.skipped) == {NO_SOURCE: 44, CONFLICT: 9}  # 44 empty German <term/>
    assert path.read_bytes().count(b"<term/>") == 44
    fold = glossary.get("c1")
    assert fold is not None
    assert fold.terms == {"de": "Zickzackfalz", "en": "accordion fold"}
    assert fold.forms == {"de": ("Harmonikafalz",)}  # the second German termSec: a synonym
    assert (
        "line 1818", CONFLICT, "de: Klebebindung; en: perfect binding (entry 'c84' has en: glue binding)"
    ) in report.details


def test_tbx_v3_core_en_es_completes_a_german_glossary() -> None:
    path = shared_path("corpus", "tbx", "tbx-core-glosario.en-es.tbx")
    medical = load_glossary(FIXTURES / "medical.yaml")
    glossary, report = import_terms(medical, path)
    # 140 conceptEntry elements, English–Spanish: three complete a German entry,
    # one disagrees with the Spanish it already has, the rest have no German.
    assert (report.added, report.updated) == (0, 3)
    assert dict(report.skipped) == {NO_SOURCE: 136, CONFLICT: 1}
    assert [entry.terms.get("es") for entry in glossary.entries] == [
        "antiobiótico",  # sic, as in the file
        "recuento sanguíneo",
        "quimioterapia",  # kept: the file says "la quimioterapia"
        "estreñimiento",
    ]


def test_empty_concepts_are_skipped_with_their_reason(tmp_path: Path) -> None:
    text = """<tbx xmlns="urn:iso:std:iso:30042:ed-2"><text><body>
<conceptEntry id="a"><langSec xml:lang="de"><termSec><term/></termSec></langSec></conceptEntry>
<conceptEntry id="b"><langSec xml:lang="de-DE"><termSec><term>Markt</term></termSec></langSec></conceptEntry>
<conceptEntry id="c"><langSec xml:lang="de"><termSec><term>Preis</term></termSec></langSec>
<langSec xml:lang="en-GB"><termSec><term>price</term></termSec>
<termSec><term>prize</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
</langSec></conceptEntry>
</body></text></tbx>"""
    glossary, report = import_terms(Glossary(), _write(tmp_path, "t.tbx", text))
    assert report.added == 1
    assert [(where, reason) for where, reason, _ in report.details] == [("line 2", NO_TERM), ("line 3", NO_TRANSLATION)]
    price = glossary.get("c")
    assert price is not None and price.terms == {"de": "Preis", "en": "price"} and price.forbidden == {"en": ("prize",)}
