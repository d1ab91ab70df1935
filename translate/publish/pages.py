"""Loose pages: one Markdown file per input and language (``babelpress translate``).

Where :mod:`translate.publish.run` writes verifiable bundles, ``translate``
renders each translated document on its own: :func:`render_pages` gives the
text per language (a seed's date is kept as front matter) and
:func:`write_pages` writes ``<out>/<name>.<lang>.md`` atomically.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from translate.documents.model import Document
from translate.files import write_atomic

__all__ = ["page_name", "render_pages", "write_pages"]


def page_name(document: Document) -> str:
    """The file name stem of a document's pages: its file's stem, else its name (``text``, ``stdin``)."""
    return document.path.stem if document.path is not None else document.name


def render_pages(
    documents: Sequence[Document], units: Sequence[Mapping[str, Sequence[str]]], languages: Sequence[str]
) -> list[dict[str, str]]:
    """Per document, the rendered text in each language of ``units`` (translated units per language)."""
    pages = []
    for document, translated in zip(documents, units):
        meta = None
        if document.date:  # metadata found in a seed is kept, as front matter
            meta = {"lang": "", "date": document.date}
        pages.append({lang: document.render(translated[lang], meta and {**meta, "lang": lang}).text
                      for lang in languages})
    return pages


def write_pages(out: Path, documents: Sequence[Document], pages: Sequence[Mapping[str, str]]) -> list[Path]:
    """Write every page as ``<out>/<name>.<lang>.md``; the paths written, in order."""
    written = []
    for document, texts in zip(documents, pages):
        for language, body in texts.items():
            target = out / f"{page_name(document)}.{language}.md"
            write_atomic(target, body if body.endswith("\n") else body + "\n")
            written.append(target)
    return written
