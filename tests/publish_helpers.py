"""Building documents for publish tests without an engine (translations given as text)."""

from __future__ import annotations

from pathlib import Path

from translate.documents import parse_document
from translate.publish.bundle import BuiltDocument, Provenance, build_document
from translate.publish.request import PublishReport, PublishRequest

PROVENANCE = Provenance(source_lang="de", engine={"beam_size": 2}, models={"en": ["test-de_en@1"]},
                        glossary_sha256=None)


def built(text: str, slug: str, layout: str = "bundle", markdown: bool = False, suffix: str = "") -> BuiltDocument:
    """A document 'translated' by upper-casing (the engine is not what these tests check)."""
    document = parse_document(f"{slug}.txt", text, markdown)
    document.sha256 = "0" * 64
    units = [unit.upper() + suffix for unit in document.units]
    return build_document(document, slug, f"{slug}.txt", {"en": units}, PROVENANCE, layout)


def request(out: Path, **options: object) -> PublishRequest:
    return PublishRequest(sources=[], targets=["en"], out=out, **options)  # type: ignore[arg-type]


def report() -> PublishReport:
    return PublishReport()
