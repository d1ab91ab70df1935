"""What one published document consists of: its files, front matter and manifest.

Layouts (paths relative to ``--out``):

* ``bundle`` (default): ``<slug>/index.<lang>.md`` for the source language and
  each target, plus ``<slug>/.babelpress-manifest.json`` (and
  ``<slug>/.babelpress-terminology.json`` with a glossary) — the page-bundle
  suffix layout that Hugo and mkdocs-static-i18n read;
* ``folders``: ``<lang>/<slug>.md`` (terminology in
  ``.babelpress-terminology/<slug>.json``).

babelpress' own files are dot-files: Hugo and mkdocs skip names that start with
a dot, so a site built from ``--out`` never publishes them. The previous
version's names (``manifest.json``, ``terminology.json``) are still read.

Nothing here depends on the clock: the same inputs give the same bytes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from translate import __version__
from translate.documents.frontmatter import date_fields
from translate.documents.model import Document
from translate.enforce.report import TermRow
from translate.sentences import SEGMENTER_VERSION

GENERATOR = "babelpress"
MANIFEST = ".babelpress-manifest.json"
TERMINOLOGY = ".babelpress-terminology.json"
TERMINOLOGY_FOLDER = ".babelpress-terminology"  # the folders layout's reports, one per document
LEGACY_MANIFEST = "manifest.json"  # what earlier releases named the manifest (still read)


@dataclass(frozen=True)
class Provenance:
    """What a run's translations were made with (recorded in every file)."""

    source_lang: str
    engine: Mapping[str, Any]  # EngineSettings.signature()
    models: Mapping[str, Sequence[str]]  # target → package signature of each hop
    glossary_sha256: str | None


@dataclass
class BuiltDocument:
    """The files of one document, ready to be written (paths relative to --out)."""

    slug: str
    source: str
    files: dict[str, bytes]
    entry: dict[str, Any]  # the document's record in the output manifest
    warnings: list[str] = field(default_factory=list)


def file_path(layout: str, slug: str, lang: str) -> str:
    return f"{slug}/index.{lang}.md" if layout == "bundle" else f"{lang}/{slug}.md"


def terminology_path(layout: str, slug: str) -> str:
    return f"{slug}/{TERMINOLOGY}" if layout == "bundle" else f"{TERMINOLOGY_FOLDER}/{slug}.json"


def file_record(path: str, data: bytes) -> dict[str, Any]:
    return {"path": path, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}


def dump_json(data: Any) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def build_document(
    document: Document,
    slug: str,
    source: str,
    translations: Mapping[str, Sequence[str]],
    provenance: Provenance,
    layout: str,
    terms: Sequence[TermRow] | None = None,
    reviewed: Mapping[str, int] | None = None,
) -> BuiltDocument:
    """Render ``document`` in its language and every translated one.

    ``source`` is the source path as recorded (relative to the project).
    ``reviewed`` counts, per language, the sentences that come from human
    translations: a page with some gets ``reviewed: N`` in its front matter
    and the manifest entry ``"reviewed": {lang: N}``; with none, neither
    appears, so an unreviewed document's bytes do not change.
    ``terms`` (the glossary report rows of this document; ``None`` when no
    glossary was used) become the terminology report beside the pages.
    """
    source_lang = provenance.source_lang
    human = {lang: n for lang, n in (reviewed or {}).items() if n > 0 and lang in translations}
    languages = [source_lang, *translations]
    source_file = file_path(layout, slug, source_lang)
    files: dict[str, bytes] = {}
    warnings: list[str] = []
    for lang in languages:
        meta: dict[str, Any] = {"lang": lang}
        if document.date:
            meta.update(date_fields(document.date))
        meta.update(
            source=source,
            source_lang=source_lang,
            source_sha256=document.sha256,
            translationKey=slug,
        )
        if lang != source_lang:
            meta["translation_of"] = source_file
        if lang in human:
            meta["reviewed"] = human[lang]
        meta["models"] = list(provenance.models.get(lang, []))
        meta["glossary_sha256"] = provenance.glossary_sha256
        meta["babelpress_version"] = __version__
        rendered = document.render(translations[lang] if lang != source_lang else None, meta)
        warnings.extend(f"{w} ({lang})" for w in rendered.warnings)
        files[file_path(layout, slug, lang)] = rendered.text.encode("utf-8")
    entry: dict[str, Any] = {
        "generator": GENERATOR,
        "babelpress_version": __version__,
        "slug": slug,
        "source": source,
        "source_sha256": document.sha256,
        "source_lang": source_lang,
        "languages": languages,
        "engine": dict(provenance.engine),
        "models": {lang: list(provenance.models.get(lang, [])) for lang in translations},
        "glossary_sha256": provenance.glossary_sha256,
        "segmenter_version": SEGMENTER_VERSION,
    }
    if human:
        entry["reviewed"] = dict(sorted(human.items()))
    if terms is not None:
        report = {"glossary_sha256": provenance.glossary_sha256, "occurrences": [row.in_bundle() for row in terms]}
        files[terminology_path(layout, slug)] = dump_json(report)
    if layout == "bundle":
        manifest = dict(entry)
        manifest["files"] = [file_record(path.split("/", 1)[1], data) for path, data in sorted(files.items())]
        files[f"{slug}/{MANIFEST}"] = dump_json(manifest)
    return BuiltDocument(slug, source, files, entry, warnings)
