"""Slugs: stable, ASCII, German transliteration."""

from __future__ import annotations

import pytest

from translate.publish.slug import slugify


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Mexiko setzt E-Commerce als Wirtschaftswaffe ein", "mexiko-setzt-e-commerce-als-wirtschaftswaffe-ein"),
        ("Wird es ein Freihandelsabkommen mit China geben?", "wird-es-ein-freihandelsabkommen-mit-china-geben"),
        ("Größe, Übermaß & Ärger — öfter", "groesse-uebermass-aerger-oefter"),
        ("ÄÖÜ äöü ß ẞ", "aeoeue-aeoeue-ss-ss"),
        ("Café in São Paulo: ¿Qué tal?", "cafe-in-sao-paulo-que-tal"),
        ("000_372d4bbeff55e4fb", "000-372d4bbeff55e4fb"),
        ("日本語", ""),
        ("  --Vite 3.0 is out!--  ", "vite-3-0-is-out"),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug
    assert slugify(text) == slugify(text)  # stable
    assert slug.isascii()


def test_long_titles_are_cut_at_a_word() -> None:
    slug = slugify("Ein sehr langer Titel " * 10)
    assert len(slug) <= 80 and not slug.endswith("-")
    assert slug.startswith("ein-sehr-langer-titel-ein")
