"""The seed format: plain-text articles as in ``seeds/``.

Rules (tested on ``seeds/000_372d4bbeff55e4fb.txt``):

1. **Metadata.** The file may start with `` date YYYY-MM `` (or ``YYYY-MM-DD``),
   directly followed by the first paragraph on the same line. The date goes
   to the front matter and is removed from the text; one that is no calendar
   date (``2017-13``) is an error. A month is written as its first day with
   ``date_precision: month`` (``frontmatter.date_fields``), so site generators
   read it and the precision is kept.
2. **Blocks** are separated by blank lines.
3. **Headings.** A block is a heading when it is a single line of at most
   15 words and 150 characters that does not end like a sentence (``.``,
   ``,``, ``;``, ``:``); it may end in ``?`` or ``!``
   ("Wird es ein Freihandelsabkommen mit China geben?"). Everything else is
   a paragraph.
4. **Title.** The first heading is the title. It also stays in the body where
   it stands, as every heading does (as ``##``, since site generators print
   the title as the page's ``h1``), so no text is lost or moved. A seed
   without headings takes the first sentence of its first paragraph as title.

Rendered, a seed is Markdown: headings as ``## …``, paragraphs as they are
(escaped where a character would otherwise be Markdown syntax), blocks
separated by one blank line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from translate.documents.frontmatter import calendar_date, dump_mapping
from translate.documents.inline import escape_text
from translate.documents.model import Document, Rendered
from translate.errors import InputError
from translate.sentences import split_sentences

_DATE = re.compile(r"\A[ \t]*date[ \t]+(\d{4}-\d{2}(?:-\d{2})?)(?:[ \t]+|[ \t]*\n|\Z)")
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")
MAX_HEADING_WORDS = 15
MAX_HEADING_CHARS = 150


@dataclass(frozen=True)
class Block:
    kind: str  # "heading" or "paragraph"
    text: str


def is_heading(block: str) -> bool:
    """Rule 3 of the module docstring."""
    line = block.strip()
    return (
        "\n" not in line
        and 0 < len(line) <= MAX_HEADING_CHARS
        and len(line.split()) <= MAX_HEADING_WORDS
        and not line.endswith((".", ",", ";", ":", "…"))
        and any(char.isalpha() for char in line)
    )


class SeedDocument(Document):
    format = "seed"

    def __init__(self, name: str, text: str, path: Path | None = None, lang: str = "de") -> None:
        super().__init__(name, text, path)
        body = text
        match = _DATE.match(text)
        if match:
            self.date = match.group(1)
            if calendar_date(self.date) is None:
                raise InputError(f"{name}: the date {self.date!r} on its first line is not a calendar date. "
                                 "Write it as YYYY-MM or YYYY-MM-DD, or remove it.")
            body = text[match.end():]
        self.blocks = [
            Block("heading" if is_heading(part) else "paragraph", part.strip())
            for part in _BLANK_LINES.split(body)
            if part.strip()
        ]
        self.units = [block.text for block in self.blocks]
        self._title_unit = next((i for i, b in enumerate(self.blocks) if b.kind == "heading"), -1)
        if self._title_unit >= 0:
            self.title = self.blocks[self._title_unit].text
        elif self.blocks:
            first = split_sentences(self.blocks[0].text, lang)
            if first:
                self.title = first[0].text
                self._title_unit = len(self.units)
                self.units.append(self.title)  # identical sentences are decoded once

    def render(
        self, translations: Sequence[str] | None = None, meta: Mapping[str, Any] | None = None
    ) -> Rendered:
        texts = self._unit_texts(translations)
        parts = []
        for block, text in zip(self.blocks, texts):
            text = text.strip() or block.text
            if block.kind == "heading":
                escaped = escape_text(text)
                if escaped.endswith("#"):
                    escaped = escaped[:-1] + "\\#"  # a closing "#" sequence would vanish
                parts.append("## " + escaped)
            else:
                parts.append(escape_text(text, line_start=True))
        body = "\n\n".join(parts) + "\n"
        title = (texts[self._title_unit].strip() if self._title_unit >= 0 else None) or self.title
        if meta is not None:
            values = {"title": title} if title else {}
            values.update(meta)
            body = "---\n" + dump_mapping(values) + "---\n\n" + body
        return Rendered(body, title)
