"""Sentence segmentation: abbreviation and number rules, exact spans, reassembly."""

from __future__ import annotations

import random

import pytest
from support import ROOT, shared_path

from translate.sentences import (
    DEFAULT_MAX_CHARS,
    SEGMENTER_VERSION,
    Segment,
    reassemble,
    split_sentences,
    split_with_gaps,
)

SEED_ARTICLE = ROOT / "seeds" / "000_372d4bbeff55e4fb.txt"

# Each case lists the expected sentences; the paragraph is them joined by spaces.
GERMAN = [
    # Abbreviations in the middle of a sentence.
    ("Obst, z. B. Äpfel, ist gesund.", "Das weiß jeder."),
    ("Obst, z.B. Äpfel, ist gesund.", "Das weiß jeder."),
    ("Er kommt, d. h. Sie müssen warten.", "Gut."),
    ("Er schrieb u. a. Romane.", "Sie las sie."),
    ("Dr. Müller und Prof. Schmidt kamen.", "Alle jubelten."),
    ("Siehe Nr. 5 und S. 12.", "Dort steht es."),
    ("Er wohnt in Zimmer Nr. 5.", "Dort ist es ruhig."),
    ("Es gab Äpfel, Birnen usw. zum Nachtisch.", "Gut."),
    ("Äpfel bzw. Birnen sind Obst.", "Gut."),
    ("Es kamen ca. 300 Leute.", "Das war viel."),
    ("Es kostet 3,5 Mio. Euro und 2 Mrd. Dollar.", "Teuer."),
    ("Vgl. Kapitel 2.", "Dort steht mehr."),
    ("Siehe vgl. Meier 2010, S. 4.", "Dort steht es."),
    ("Kabel, Stecker etc.", "Das Paket war vollständig."),
    ("Es war gültig gem. Art. 3 GG.", "Danach nicht mehr."),
    ("Die ev. Kirche lädt ein.", "Alle kommen."),
    # "usw."/"etc." at the end: German capitalises nouns, so only a word that opens
    # sentences (no noun) makes the dot a boundary.
    ("Wir kaufen Äpfel, Birnen usw.", "Dann gehen wir heim."),
    ("Wir kaufen Äpfel, Birnen usw.", "Die Kasse ist voll."),
    ("Steckdosen in 1, 2, 3 etc. Räume entfernt.",),
    # Ordinals, dates, decimals, times.
    ("Am 24. November 2017 kam er.", "Dann ging er."),
    ("Wir feiern am 3. Oktober.", "Das ist ein Feiertag."),
    ("Im 19. Jahrhundert war das so.", "Heute nicht."),
    ("Der 1. FC Köln spielt gegen den 1. FC Union.",),
    ("Friedrich holt 60. Weltcupsieg.",),
    ("Er landete auf Platz 3.", "Der Sieger kam aus Köln."),
    # A small number before a noun stays an ordinal; when in doubt, not cutting is
    # the cheaper mistake (two sentences still translate well together).
    ("Er ist 50. Tatsächlich war er älter.",),
    ("Er ist 50.", "Er war aber älter."),
    ("Das war im Jahr 2017.", "Seitdem ist viel passiert."),
    ("Ludwig XIV. war König.", "Im XIX. Jahrhundert nicht."),
    ("Schritte: 1. Öffnen Sie das Menü.", "2. Klicken Sie auf OK."),
    ("Der Umsatz stieg um 3.5 Prozent.", "Gut."),
    ("Am 24.11.2017 um 12.30 Uhr.", "Pünktlich."),
    ("Das kostet 1.000.", "Viel Geld."),
    # Initials.
    ("J. R. R. Tolkien schrieb Bücher.", "Viele lasen sie."),
    ("John F. Kennedy sprach in Berlin.", "Alle hörten zu."),
    # Quotes.
    ("„Das ist gut“, sagte er.", "Sie nickte."),
    ('„Das ist gut", sagte er.',),
    ("Er sagte: „Wir kommen.“", "Dann ging er."),
    ('Er sagte: "Wir kommen."', "Dann ging er."),
    ("„Kommst du?“ fragte er.", "Sie schwieg."),
    ("„Kommst du?“, fragte er.",),
    ("Er las »Faust.«", "Danach schlief er."),
    ("Das ist klar (siehe oben.)", "Weiter geht's."),
    # Question and exclamation marks, ellipses.
    ("Wie geht es dir?", "Gut!", "Und dir?"),
    ("Was?!", "Wirklich?"),
    ("Er wartete...", "Dann kam sie."),
    ("Er wartete … und wartete.", "Dann ging er."),
    ("Er wartete …", "Dann ging er."),
    ("Er sagte [...] Wichtiges.", "Gut."),
    # URLs and e-mail addresses.
    ("Mehr unter https://www.example.de/a.b?x=1.", "Danke."),
    ("Schreiben Sie an info@example.de.", "Wir antworten."),
    ("Die Seite www.heise.de.", "Ist gut."),
    ("Siehe www.example.com/Seite.Nr.5 für Details.",),
    # Headings and lower case after a dot.
    ("Mexiko setzt E-Commerce als Wirtschaftswaffe ein",),
    ("Ende. und weiter",),
    ("Ein Satz",),
]

ENGLISH = [
    ("Mr. Smith arrived.", "He was late."),
    ("Mrs. Jones and Dr. Brown met.", "They talked."),
    ("Fruit, e.g. apples, is healthy.", "So is tea."),
    ("Tea, i.e. Earl Grey, was served.", "Good."),
    ("The U.S. economy grew.", "Prices rose."),
    ("See No. 5 and Fig. 3.", "Then stop."),
    ("We met at 5 p.m.", "The bar was full."),
    ("Apples, pears etc.", "The basket was full."),
    ("It grew 3.5 percent.", "Good."),
    ('He said: "We are coming."', "Then he left."),
]

SPANISH = [
    ("El Sr. García llegó.", "Estaba cansado."),
    ("La Sra. López y la Dra. Ruiz hablan.", "Bien."),
    ("Hay ciudades, p. ej. Madrid, muy grandes.", "Bien."),
    ("Vive en EE. UU. desde 2010.", "Le gusta."),
    ("¿Vienes?", "¡Claro!", "Vamos."),
    ("—¿Vienes? —preguntó él.",),
    ("¿Qué hora es?, preguntó.", "Nadie sabía."),
    ("Manzanas, peras etc.", "El cesto estaba lleno."),
    ("Telefónica S.A. anunció cambios.", "Bien."),
]


def _check_spans(paragraph: str, segments: list[Segment]) -> None:
    position = 0
    for segment in segments:
        assert paragraph[segment.start : segment.end] == segment.text
        assert segment.text and segment.text == segment.text.strip()
        assert segment.start >= position and paragraph[position : segment.start].strip() == ""
        position = segment.end
    assert paragraph[position:].strip() == ""


def _cases(cases: list[tuple[str, ...]]) -> pytest.MarkDecorator:
    return pytest.mark.parametrize("expected", cases, ids=[" ".join(c)[:40] for c in cases])


@_cases(GERMAN)
def test_german(expected: tuple[str, ...]) -> None:
    paragraph = " ".join(expected)
    segments = split_sentences(paragraph, "de")
    assert tuple(s.text for s in segments) == expected
    _check_spans(paragraph, segments)


@_cases(ENGLISH)
def test_english(expected: tuple[str, ...]) -> None:
    assert tuple(split_with_gaps(" ".join(expected), "en")[0]) == expected


@_cases(SPANISH)
def test_spanish(expected: tuple[str, ...]) -> None:
    assert tuple(split_with_gaps(" ".join(expected), "es")[0]) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("de", ["Er kam am 3. Oktober."]),
        ("de-AT", ["Er kam am 3. Oktober."]),
        ("DE", ["Er kam am 3. Oktober."]),
        ("en", ["Er kam am 3.", "Oktober."]),  # ordinals with a dot are German only
        ("fr", ["Er kam am 3.", "Oktober."]),
    ],
)
def test_language_selects_rules(lang: str, expected: list[str]) -> None:
    assert split_with_gaps("Er kam am 3. Oktober.", lang)[0] == expected


def test_spans_are_exact() -> None:
    paragraph = "  Erster Satz.   Zweiter Satz!\tDritter?  "
    assert split_sentences(paragraph) == [
        Segment("Erster Satz.", 2, 14),
        Segment("Zweiter Satz!", 17, 30),
        Segment("Dritter?", 31, 39),
    ]


def test_gaps_keep_all_whitespace() -> None:
    paragraph = " \n Erster Satz.  \n Zweiter Satz. \n"
    sentences, gaps = split_with_gaps(paragraph)
    assert sentences == ["Erster Satz.", "Zweiter Satz."]
    assert gaps == [" \n ", "  \n ", " \n"]
    assert reassemble(sentences, gaps) == paragraph


def test_translated_sentences_keep_original_spacing() -> None:
    _, gaps = split_with_gaps("Hallo Welt.  Wie geht es?\n")
    assert reassemble(["Hello world.", "How are you?"], gaps) == "Hello world.  How are you?\n"


@pytest.mark.parametrize("paragraph", ["", " ", "\n", " \t\n \u00a0 "])
def test_blank_paragraph_has_no_sentences(paragraph: str) -> None:
    assert split_with_gaps(paragraph) == ([], [paragraph])
    assert split_sentences(paragraph) == []
    assert reassemble([], [paragraph]) == paragraph


def test_reassemble_rejects_mismatched_gaps() -> None:
    with pytest.raises(ValueError, match="one more gap"):
        reassemble(["a", "b"], ["", ""])


def test_soft_line_break_is_whitespace() -> None:
    paragraph = "Dies ist ein langer\nSatz über\nzwei Zeilen.\nDer nächste."
    assert split_with_gaps(paragraph)[0] == [
        "Dies ist ein langer\nSatz über\nzwei Zeilen.",
        "Der nächste.",
    ]


def test_blank_line_always_separates() -> None:
    sentences, gaps = split_with_gaps("Überschrift ohne Punkt\n\nDer Text beginnt z.\n\nB. hier")
    assert sentences == ["Überschrift ohne Punkt", "Der Text beginnt z.", "B. hier"]
    assert gaps == ["", "\n\n", "\n\n", ""]


def test_non_breaking_spaces_separate_tokens() -> None:
    paragraph = "Das gilt z.\u00a0B. für Äpfel. Gut."
    sentences, gaps = split_with_gaps(paragraph)
    assert sentences == ["Das gilt z.\u00a0B. für Äpfel.", "Gut."]
    assert reassemble(sentences, gaps) == paragraph


def test_long_sentence_is_cut_at_whitespace() -> None:
    words = [f"wort{i}" for i in range(3000)]  # no punctuation at all
    paragraph = " ".join(words)
    sentences, gaps = split_with_gaps(paragraph)
    assert len(sentences) > 1
    assert all(len(s) <= DEFAULT_MAX_CHARS for s in sentences)
    assert " ".join(sentences).split() == words  # cut between words, never inside
    assert gaps[0] == gaps[-1] == "" and set(gaps[1:-1]) == {" "}
    assert reassemble(sentences, gaps) == paragraph


def test_chunks_fill_up_to_max_chars() -> None:
    assert split_with_gaps("aaa bbb ccc ddd. Eee", max_chars=7) == (
        ["aaa bbb", "ccc", "ddd.", "Eee"],
        ["", " ", " ", " ", ""],
    )


def test_token_longer_than_max_chars_is_cut_hard() -> None:
    paragraph = "kurz " + "x" * 25 + " ende"
    sentences, gaps = split_with_gaps(paragraph, max_chars=10)
    assert sentences == ["kurz", "x" * 10, "x" * 10, "x" * 5, "ende"]
    assert gaps == ["", " ", "", "", " ", ""]
    assert reassemble(sentences, gaps) == paragraph


def test_max_chars_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_chars"):
        split_sentences("Satz.", max_chars=0)


_ALPHABET = "aAbZ äÖüß \n\n\t\u00a0..!?…,;:„“\"'»«()[]¿¡12390-@/zBDrNUSw"
_FUZZ_WORDS = ["z.", "B.", "Dr.", "usw.", "Nr.", "3.", "2017.", "Der", "dann", "e.g.", "Sr.", "...", "„Ja.“"]


@pytest.mark.parametrize("lang", ["de", "en", "es"])
@pytest.mark.parametrize("max_chars", [DEFAULT_MAX_CHARS, 7])
def test_fuzz_reassembly_is_exact(lang: str, max_chars: int) -> None:
    rng = random.Random(f"{lang}-{max_chars}")  # deterministic
    for _ in range(1500):
        parts = [
            rng.choice(_FUZZ_WORDS) + " " if rng.random() < 0.3 else rng.choice(_ALPHABET)
            for _ in range(rng.randrange(60))
        ]
        paragraph = "".join(parts)
        segments = split_sentences(paragraph, lang, max_chars)
        _check_spans(paragraph, segments)
        assert all(len(s.text) <= max_chars for s in segments)
        assert all(not s.text[0].isspace() and not s.text[-1].isspace() for s in segments)
        sentences, gaps = split_with_gaps(paragraph, lang, max_chars)
        assert len(gaps) == len(sentences) + 1
        assert all(gap.strip() == "" for gap in gaps)
        assert reassemble(sentences, gaps) == paragraph


def test_large_paragraph_without_line_breaks() -> None:
    # Correctness only; the scan is linear by construction (one pass over the
    # tokens, regular expressions only on short strings), so no timing here.
    unit = "Am 3. Oktober kam Dr. Müller, d. h. ca. 3,5 Mio. Menschen sahen zu. Warum? "
    repeats = 1_000_000 // len(unit) + 1
    paragraph = unit * repeats
    sentences, gaps = split_with_gaps(paragraph)
    assert len(sentences) == 2 * repeats
    assert sentences[:2] == [
        "Am 3. Oktober kam Dr. Müller, d. h. ca. 3,5 Mio. Menschen sahen zu.",
        "Warum?",
    ]
    assert reassemble(sentences, gaps) == paragraph


@pytest.mark.parametrize(
    "paragraph", ["." * 200_000, "„" * 200_000 + " x", "a." * 100_000, "x" * 200_000, "? " * 100_000]
)
def test_degenerate_large_input(paragraph: str) -> None:
    sentences, gaps = split_with_gaps(paragraph)
    assert all(len(s) <= DEFAULT_MAX_CHARS for s in sentences)
    assert reassemble(sentences, gaps) == paragraph


def _seed_paragraphs() -> list[str]:
    return SEED_ARTICLE.read_text(encoding="utf-8").split("\n\n")


def test_seed_article_reassembles_exactly() -> None:
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    pieces = []
    for paragraph in text.split("\n\n"):
        sentences, gaps = split_with_gaps(paragraph)
        assert all("\n" not in s for s in sentences)
        pieces.append(reassemble(sentences, gaps))
    assert "\n\n".join(pieces) == text


def test_seed_article_boundaries() -> None:
    sentences = [s for p in _seed_paragraphs() for s in split_with_gaps(p)[0]]
    assert (
        "So ist laut IT-Times (via-Link am Ende des Artikels) ein Deal zwischen Mexiko und "
        "dem Onlineriesen Alibaba in trockenen Tüchern." in sentences
    )
    assert "Immerhin muss sich das Unternehmen gegen starke Konkurrenten wie Amazon behaupten." in sentences
    assert sentences[1] == "Dennoch ist Mexiko wirtschaftlich extrem abhängig von seinem nördlichen Nachbarn."
    assert len(sentences) == 27


@pytest.mark.parametrize(
    "heading",
    [
        "Wird es ein Freihandelsabkommen mit China geben?",
        "Der Deal mit Alibaba",
        "Mexiko setzt E-Commerce als Wirtschaftswaffe ein",
    ],
)
def test_seed_article_headings_are_one_segment(heading: str) -> None:
    paragraph = next(p for p in _seed_paragraphs() if p.strip() == heading)
    assert split_with_gaps(paragraph)[0] == [heading]


# Abbreviations that must never close a sentence in running German news text.
_NEVER_LAST = {
    "z.", "B.", "Dr.", "Prof.", "Nr.", "bzw.", "ca.", "vgl.", "d.", "u.", "z.B.", "d.h.", "u.a.",
    "Mio.", "Mrd.", "St.", "S.",
}


def test_wmt23_news_text() -> None:
    source = shared_path("corpus", "wmt23-de-en", "generaltest2023.de-en.src.de")
    total = 0
    for line in source.read_text(encoding="utf-8").splitlines():
        sentences, gaps = split_with_gaps(line)
        assert reassemble(sentences, gaps) == line
        for sentence in sentences[:-1]:
            assert sentence.split()[-1] not in _NEVER_LAST, sentence
        total += len(sentences)
    assert total > 1000  # lines hold several sentences each; they must be found


def test_version_is_a_string() -> None:
    assert SEGMENTER_VERSION == "1"
