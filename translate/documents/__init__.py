"""Source documents: the seed plain-text format and Markdown.

:func:`load_document` reads a file and picks the format by its suffix
(``.md``/``.markdown`` → Markdown, anything else → the seed rules);
:func:`parse_document` does the same for text already in memory.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from translate.documents.markdown import MarkdownDocument
from translate.documents.model import Document, Rendered
from translate.documents.seed import SeedDocument
from translate.errors import InputError
from translate.files import decode_source, read_bytes

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
# No word of any language is this long; a run like it is data, and the segmenter would cut it anywhere.
_NOT_TEXT = re.compile(r"[^\s<>]{1001,}")

__all__ = ["Document", "MarkdownDocument", "Rendered", "SeedDocument", "load_document", "parse_document"]


def parse_document(name: str, text: str, markdown: bool, lang: str = "de",
                   path: Path | None = None) -> Document:
    """Parse ``text``; raise :class:`InputError` when there is nothing to translate."""
    if not text.strip():
        raise InputError(f"{name} is empty: there is nothing to translate.")
    document: Document = MarkdownDocument(name, text, path) if markdown else SeedDocument(name, text, path, lang)
    for unit in document.units:  # units hold only what is translated (no code, no link targets)
        run = _NOT_TEXT.search(unit)
        if run:
            line = text.count("\n", 0, max(text.find(run.group()[:200]), 0)) + 1
            raise InputError(
                f"{name}: line {line} holds a run of {len(run.group()):,} characters without a space, which is "
                "not text a model can translate (encoded or minified data?). Break it up, or put it in a code "
                "block or a link target, where it is copied as it is."
            )
    if not document.has_text:
        raise InputError(
            f"{name} has nothing to translate: it holds only code, HTML or link targets. "
            "Leave it out of the run, or add a title to its front matter."
        )
    return document


def load_document(path: Path, encoding: str = "utf-8", lang: str = "de", name: str | None = None) -> Document:
    """Read and parse one source file; ``document.sha256`` is the hash of its bytes."""
    name = name or str(path)
    data = read_bytes(path, name)
    text = decode_source(data, name, encoding)
    document = parse_document(name, text, path.suffix.lower() in MARKDOWN_SUFFIXES, lang, path)
    document.sha256 = hashlib.sha256(data).hexdigest()
    return document
