"""Markdown sources: CommonMark (+ GFM tables, strikethrough, footnotes) with
optional YAML front matter, parsed by markdown-it-py.

Translated: headings, paragraphs (so list items, block quotes and footnote
texts), table cells, link texts, image alt texts, and the front-matter keys
``title`` and ``description``. Everything else — code blocks, inline code,
URLs, HTML, footnote labels, other front-matter keys, container markers —
is never shown to the engine and stays byte-identical: rendering replaces
only the source spans of the translated inline runs.

A translated paragraph keeps its first line's container prefix (``> ``,
``- ``, indentation); its sentences are joined on one line and the line
breaks between sentences are kept, each continued with the prefix of the
paragraph's second source line.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markdown_it.token import Token

from translate.documents import inline
from translate.documents.frontmatter import FrontMatter, dump_mapping
from translate.documents.model import Document, Rendered

_TRANSLATED_KEYS = ("title", "description")


@dataclass
class _Slot:
    start: int  # the source span the rendered text replaces
    end: int
    unit: int  # index of its template in Document.units
    text: inline.InlineText
    alt_units: list[int]
    cont_prefix: str  # continues a line break inside the run
    table: bool = False
    front_matter_key: str = ""
    line_start: bool = True  # paragraphs start lines; heading and cell texts do not


def _line_offsets(text: str) -> list[int]:
    offsets = [0]
    for index, char in enumerate(text):
        if char == "\n":
            offsets.append(index + 1)
    offsets.append(len(text) + 1)
    return offsets


def _plain(tokens: Sequence[Token]) -> str:
    """The visible text of inline tokens (for titles)."""
    parts = []
    for token in tokens:
        if token.type in ("text", "code_inline", "text_special"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif token.children:
            parts.append(_plain(token.children))
    return "".join(parts).strip()


def plain_inline(markdown: str) -> str:
    """Markdown inline text → the plain text a reader sees."""
    tokens = _PARSER.parseInline(markdown)
    return _plain(tokens[0].children or []) if tokens else markdown


def inline_tokens(markdown: str) -> list[Token]:
    """The inline tokens of a Markdown text's paragraphs, in order (footnote references resolved)."""
    found: list[Token] = []
    for token in _PARSER.parse(markdown, inline.new_env()):
        if token.type == "inline":
            found.extend(token.children or [])
    return found


_PARSER = inline.parser()


class MarkdownDocument(Document):
    format = "markdown"

    def __init__(self, name: str, text: str, path: Path | None = None) -> None:
        super().__init__(name, text, path)
        self._slots: list[_Slot] = []
        self._front: FrontMatter | None = None
        self._front_span = (0, 0)  # the YAML text between the --- lines
        self.skipped = 0  # inline runs whose source span could not be found (kept as they are)
        self._title_slot = -1
        env = inline.new_env()
        tokens = _PARSER.parse(text, env)
        self._lines = text.split("\n")
        self._offsets = _line_offsets(text)
        self._read_front_matter(tokens)
        self._read_blocks(tokens)

    # --- parsing -----------------------------------------------------------------

    def _read_front_matter(self, tokens: list[Token]) -> None:
        if not tokens or tokens[0].type != "front_matter" or tokens[0].map is None:
            return
        first, last = tokens[0].map  # lines of "---" … "---"
        start = self._offsets[first + 1]
        end = self._offsets[last - 1] if last - 1 > first else start
        self._front_span = (start, end)
        self._front = FrontMatter(self.text[start:end], self.name, first_line=first + 1)
        for key in _TRANSLATED_KEYS:
            value = self._front.string(key)
            if value is not None:
                self._slots.append(_Slot(0, 0, len(self.units), inline.plain(value), [], "",
                                         front_matter_key=key))
                self.units.append(value)
        self.title = self._front.string("title")
        self.slug = self._front.string("slug")
        date = self._front.data.get("date")
        self.date = str(date) if date is not None and not isinstance(date, (list, dict)) else None

    def _read_blocks(self, tokens: list[Token]) -> None:
        row_cursor: dict[int, int] = {}  # table row line → where the next cell is searched
        for index, token in enumerate(tokens):
            if token.type != "inline" or token.map is None or not token.content.strip():
                continue
            opener = tokens[index - 1] if index else token
            text = inline.scan(token.content, inline.spans_of(token))
            if opener.type in ("th_open", "td_open"):
                slot = self._cell_slot(token, text, row_cursor)
            elif opener.type == "heading_open" and opener.markup.startswith("#"):
                slot = self._heading_slot(token, text)
            else:
                last = token.map[1] - (1 if opener.type == "heading_open" else 0)  # setext underline
                slot = self._paragraph_slot(token, text, token.map[0], last)
            if slot is None:
                self.skipped += 1
                continue
            if opener.type == "heading_open" and self._title_slot < 0 and opener.tag == "h1":
                self._title_slot = len(self._slots)
                if self.title is None:
                    self.title = _plain(token.children or []) or None
            self._add(slot)

    def _add(self, slot: _Slot) -> None:
        slot.unit = len(self.units)
        self.units.append(slot.text.template)
        for alt in slot.text.alts:
            slot.alt_units.append(len(self.units))
            self.units.append(alt.template)
        self._slots.append(slot)

    def _heading_slot(self, token: Token, text: inline.InlineText) -> _Slot | None:
        line_no = token.map[0] if token.map else 0
        line = self._lines[line_no]
        marker_end = len(line) - len(line.lstrip(" ")) + len(line.lstrip(" ").split(" ", 1)[0])
        found = line.find(token.content, marker_end)
        if found < 0:
            return None
        start = self._offsets[line_no] + found
        return _Slot(start, start + len(token.content), 0, text, [], "", line_start=False)

    def _cell_slot(self, token: Token, text: inline.InlineText, cursor: dict[int, int]) -> _Slot | None:
        line_no = token.map[0] if token.map else 0
        line = self._lines[line_no]
        found = line.find(token.content, cursor.get(line_no, 0))
        if found < 0:
            return None
        cursor[line_no] = found + len(token.content)
        start = self._offsets[line_no] + found
        return _Slot(start, start + len(token.content), 0, text, [], "", table=True, line_start=False)

    def _paragraph_slot(self, token: Token, text: inline.InlineText, first: int, last: int) -> _Slot | None:
        content_lines = token.content.split("\n")
        if len(content_lines) != last - first:
            return None
        head, tail = self._lines[first], self._lines[last - 1]
        found = head.rfind(content_lines[0])
        found_tail = tail.rfind(content_lines[-1])
        if found < 0 or found_tail < 0:
            return None
        start = self._offsets[first] + found
        end = self._offsets[last - 1] + found_tail + len(content_lines[-1])
        if len(content_lines) > 1:
            second = self._lines[first + 1]
            cont = second[: max(second.rfind(content_lines[1]), 0)]
        else:
            cont = " " * found  # only a restored multi-line atom could need it
        return _Slot(start, end, 0, text, [], cont)

    # --- rendering ---------------------------------------------------------------

    def render(
        self, translations: Sequence[str] | None = None, meta: Mapping[str, Any] | None = None
    ) -> Rendered:
        texts = self._unit_texts(translations)
        edits: list[tuple[int, int, str]] = []
        front_values: dict[str, Any] = {}
        warnings: list[str] = []
        title: str | None = None
        for number, slot in enumerate(self._slots):
            if slot.front_matter_key:
                value = texts[slot.unit].strip() or self.units[slot.unit]
                front_values[slot.front_matter_key] = value
                continue
            alts = []
            for alt_unit, alt in zip(slot.alt_units, slot.text.alts):
                alts.append(inline.restore(texts[alt_unit], alt, table=slot.table, line_start=False).text)
            restored = inline.restore(texts[slot.unit], slot.text, alts, slot.table, slot.line_start)
            warnings.extend(f"{self.name}: {warning}" for warning in restored.warnings)
            markdown = restored.text if restored.text.strip() else self.text[slot.start:slot.end]
            if number == self._title_slot:
                title = plain_inline(markdown)
            edits.append((slot.start, slot.end, markdown.replace("\n", "\n" + slot.cont_prefix)))
        body = self.text
        for start, end, new in sorted(edits, reverse=True):
            body = body[:start] + new + body[end:]
        if "title" in front_values:
            title = front_values["title"]
        title = title or self.title
        values = dict(front_values)
        if meta is not None:
            if "title" not in values and title:
                values["title"] = title
            values.update(meta)
            if self._front is not None and "date" in self._front.data:
                values.pop("date", None)  # the source's own date stays as written
        if self._front is not None:
            start, end = self._front_span
            yaml_text = self._front.rewrite(values)
            if yaml_text and not yaml_text.endswith("\n"):
                yaml_text += "\n"
            body = body[:start] + yaml_text + body[end:]
        elif meta is not None:
            body = "---\n" + dump_mapping(values) + "---\n\n" + body
        return Rendered(body, title, warnings)
