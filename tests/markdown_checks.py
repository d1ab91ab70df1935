"""Structure comparisons for Markdown tests: rendered HTML, block tokens, protected spans."""

from __future__ import annotations

from collections import Counter
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin


def reference_parser() -> MarkdownIt:
    """A plain markdown-it-py parser, independent of babelpress' recording one."""
    return (MarkdownIt("commonmark").enable(["table", "strikethrough"])
            .use(front_matter_plugin).use(footnote_plugin))


_MD = reference_parser()


def html(text: str) -> str:
    return _MD.render(text)


def body_html(text: str) -> str:
    """HTML of everything but the front matter."""
    tokens = [t for t in _MD.parse(text) if t.type != "front_matter"]
    return _MD.renderer.render(tokens, _MD.options, {})


def block_structure(text: str) -> list[tuple[Any, ...]]:
    """The block token sequence: types, tags, nesting, markers, levels, list starts."""
    return [
        (t.type, t.tag, t.nesting, t.markup if t.type != "inline" else "", t.level, t.attrs.get("start"),
         t.info if t.type in ("fence", "list_item_open") else "")
        for t in _MD.parse(text)
        if t.type != "front_matter"
    ]


def _walk(tokens: list[Token]) -> list[Token]:
    found = []
    for token in tokens:
        found.append(token)
        if token.children:
            found.extend(_walk(token.children))
    return found


def protected(text: str) -> dict[str, Counter[str]]:
    """What translation must never change: code blocks, inline code, URLs, HTML."""
    tokens = _walk([t for t in _MD.parse(text) if t.type != "front_matter"])
    return {
        "code_blocks": Counter(t.content for t in tokens if t.type in ("fence", "code_block")),
        "fence_info": Counter(t.info for t in tokens if t.type == "fence"),
        "inline_code": Counter(t.content for t in tokens if t.type == "code_inline"),
        "urls": Counter(str(t.attrs.get("href") or t.attrs.get("src")) for t in tokens
                        if t.type in ("link_open", "image")),
        "html": Counter(t.content for t in tokens if t.type in ("html_block", "html_inline")),
        "footnotes": Counter(str(t.meta.get("label")) for t in tokens if t.type == "footnote_ref"),
    }


def raw_code_blocks(text: str) -> list[str]:
    """The source lines of every fenced and indented code block, byte for byte."""
    lines = text.split("\n")
    return ["\n".join(lines[t.map[0]:t.map[1]]) for t in _MD.parse(text)
            if t.type in ("fence", "code_block") and t.map]
