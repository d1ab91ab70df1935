"""Inline Markdown → text with placeholders for the engine, and back.

markdown-it-py finds the inline constructs (code spans, links, emphasis,
HTML, …) but its tokens carry no source offsets. :func:`parser` wraps its
inline rules so that each rule records the span of source it consumed; from
those spans :func:`scan` cuts an inline run into literal text and *pieces*:

* **atoms** (inline code, images, autolinks, inline HTML, entities, escapes,
  footnote references, hard breaks) — replaced by one placeholder and put back
  byte for byte;
* **open/close markers** (``[`` … ``](url)`` of a link, ``*``/``**``/``~~``) —
  one placeholder each, so the words between them are translated in their
  sentence.

The engine never sees code or URLs. :func:`restore` puts the pieces back
after translation and repairs what a model may have done to placeholders:
a lost atom is appended, a broken marker pair is removed — and reported, never
dropped silently (a link then comes back whole, with its source label).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.helpers import parseLinkLabel
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

_ENV_KEY = "babelpress_spans"
# Atoms: everything such a rule consumes is kept verbatim.
_ATOM_RULES = frozenset(
    {"backticks", "autolink", "html_inline", "entity", "escape", "footnote_ref", "footnote_inline"}
)
_MARKUP_TYPES = frozenset({"em_open", "em_close", "strong_open", "strong_close", "s_open", "s_close"})
# VitePress/markdown-it-container fences (":::tip Titel") are plain text to
# CommonMark; protect the fence and its keyword so a model cannot mangle them.
_CONTAINER = re.compile(r"(?m)^:{3,}[ \t]*[\w-]*")

PLACEHOLDER = "<{}>"
# Models may add spaces inside a placeholder; accept those on the way back.
_PLACEHOLDER_RE = re.compile(r"<\s*(\d{1,4})\s*>")


def placeholder(index: int) -> str:
    return PLACEHOLDER.format(index)


@dataclass
class _Span:
    rule: str
    start: int
    end: int
    tokens: list[Token]
    label_end: int = -1  # links and images: index of the "]" closing the label
    roles: list[str] = field(default_factory=list)  # emphasis: what each delimiter became


def _recording(name: str, fn: Callable[[StateInline, bool], bool]) -> Callable[[StateInline, bool], bool]:
    def rule(state: StateInline, silent: bool) -> bool:
        start, count = state.pos, len(state.tokens)
        if not fn(state, silent):
            return False
        spans = state.env.get(_ENV_KEY)
        if not silent and spans is not None:
            span = _Span(name, start, state.pos, state.tokens[count:])
            if name in ("link", "image"):
                span.label_end = parseLinkLabel(state, start + (1 if name == "image" else 0), True)
            spans.setdefault(id(state.tokens), []).append(span)
        return True

    return rule


def parser() -> MarkdownIt:
    """CommonMark + GFM tables and strikethrough + front matter + footnotes, recording spans."""
    md = (
        MarkdownIt("commonmark")
        .enable(["table", "strikethrough"])
        .use(front_matter_plugin)
        .use(footnote_plugin)
    )
    for rule in list(md.inline.ruler.__rules__):
        if rule.name not in ("text", "linkify"):
            md.inline.ruler.at(rule.name, _recording(rule.name, rule.fn))
    md.inline.ruler2.before("fragments_join", "babelpress_roles", _snapshot_roles)
    md.core.ruler.after("inline", "babelpress_spans", _attach_spans)
    return md


def _attach_spans(state: Any) -> None:
    # Later core rules may replace ``children`` lists, so hand each inline token
    # its spans now, while the list identity still matches.
    recorded = state.env.get(_ENV_KEY)
    if recorded is None:
        return
    for token in state.tokens:
        if token.type == "inline":
            token.meta[_ENV_KEY] = recorded.pop(id(token.children), [])
            for child in token.children or []:
                if child.type == "image":  # its alt text was parsed on its own
                    child.meta[_ENV_KEY] = recorded.pop(id(child.children), [])
    recorded.clear()


def spans_of(token: Token) -> list[_Span]:
    """The spans recorded for an inline token by a :func:`parser` parse."""
    spans: list[_Span] = token.meta.get(_ENV_KEY, [])
    return spans


def new_env() -> dict[str, Any]:
    return {_ENV_KEY: {}}


@dataclass(frozen=True)
class Piece:
    """A part of an inline run that is never translated."""

    kind: str  # "atom", "open" or "close"
    raw: str  # the source text it stands for
    partner: int = -1  # open ↔ close
    label: str = ""  # links (on the open marker): the source label, for repairs
    alt: int = -1  # images: index of the alt text in InlineText.alts
    alt_suffix: str = ""  # images: "](src "title")"
    emphasis: bool = False


@dataclass
class InlineText:
    """One inline run: a template with placeholders, and what they stand for."""

    template: str
    pieces: list[Piece] = field(default_factory=list)
    alts: list[InlineText] = field(default_factory=list)  # image alt texts, translated on their own


def _delimiter_widths(span: _Span) -> list[int]:
    length = span.end - span.start
    if span.rule == "emphasis":
        return [1] * length
    return ([1] if length % 2 else []) + [2] * (length // 2)  # strikethrough: "~" then pairs


def _snapshot_roles(state: StateInline) -> None:
    """Note which delimiter characters became markup, before fragments_join merges text tokens."""
    for span in state.env.get(_ENV_KEY, {}).get(id(state.tokens), []):
        if span.rule not in ("emphasis", "strikethrough") or span.roles:
            continue
        widths = _delimiter_widths(span)
        tokens = span.tokens[-len(widths):] if widths else []
        for token in tokens:
            if token.type in _MARKUP_TYPES:
                span.roles.append("open" if token.nesting == 1 else "close")
            elif token.type == "text" and token.content == "":
                span.roles.append("consumed")  # the other "*" of a "**" pair
            else:
                span.roles.append("")


def _emphasis_runs(span: _Span) -> list[tuple[int, int, str]]:
    """One run per emphasis marker that became markup ("**" is one marker).

    The second character of "**" is a "consumed" token just before a
    strong_open or just after a strong_close; it joins that marker.
    """
    runs: list[tuple[int, int, str]] = []
    waiting = -1  # start of a consumed character that belongs to the next opener
    absorbed: set[int] = set()
    position = span.start
    for width, role in zip(_delimiter_widths(span), span.roles):
        if role == "consumed":
            last = len(runs) - 1
            if last >= 0 and runs[last][2] == "close" and runs[last][1] == position and last not in absorbed:
                runs[last] = (runs[last][0], position + width, "close")
                absorbed.add(last)
            else:
                waiting = position
        elif role:
            start = waiting if waiting >= 0 else position
            runs.append((start, position + width, role))
            waiting = -1
        position += width
    return runs


def scan(content: str, spans: Sequence[_Span], nested: bool = False) -> InlineText:
    """Cut ``content`` (an inline token's source) into a template and pieces."""
    # (start, end, kind, extra): kind is atom/open/close/soft/hard/image/link
    cuts: list[tuple[int, int, str, _Span | None]] = []  # (start, end, kind, span)
    for span in spans:
        if span.rule in _ATOM_RULES:
            hard = any(t.type == "hardbreak" for t in span.tokens)
            cuts.append((span.start, span.end, "hard" if hard else "atom", span))
        elif span.rule == "newline":
            hard = any(t.type == "hardbreak" for t in span.tokens)
            start = span.start
            while start > 0 and content[start - 1] == " ":
                start -= 1
            cuts.append((start, span.end, "hard" if hard else "soft", span))
        elif span.rule == "image":
            cuts.append((span.start, span.end, "image", span))
        elif span.rule == "link":
            cuts.append((span.start, span.start + 1, "open", span))
            cuts.append((span.label_end, span.end, "close", span))
        elif span.rule in ("emphasis", "strikethrough"):
            for start, end, role in _emphasis_runs(span):
                cuts.append((start, end, role, None))
    taken = sorted(cuts, key=lambda cut: (cut[0], cut[1]))
    # Literal text that looks like a placeholder is protected as one, so that
    # restoring cannot confuse the two.
    starts = [cut[0] for cut in taken]
    extra: list[tuple[int, int, str, _Span | None]] = []
    for pattern in (_CONTAINER, _PLACEHOLDER_RE):
        for match in pattern.finditer(content):
            before = bisect.bisect_left(starts, match.end()) - 1  # cuts do not overlap each other
            if before < 0 or taken[before][1] <= match.start():
                extra.append((match.start(), match.end(), "atom", None))
    taken = sorted(taken + extra, key=lambda cut: (cut[0], cut[1]))

    result = InlineText(template="")
    parts: list[str] = []
    position = 0
    stack: list[int] = []
    for start, end, kind, owner in taken:
        if start < position:  # overlapping records never happen in CommonMark; be safe
            continue
        parts.append(content[position:start])
        raw = content[start:end]
        position = end
        if kind == "soft":
            parts.append("\n")
            continue
        if kind == "hard":
            raw = ("\\" if raw.lstrip(" ").startswith("\\") else "  ") + "\n"
            kind = "atom"
        index = len(result.pieces)
        if kind == "image" and owner is not None and not nested:
            result.pieces.append(Piece("atom", raw, alt=len(result.alts),
                                       alt_suffix=content[owner.label_end:owner.end]))
            alt_spans = owner.tokens[-1].meta.get(_ENV_KEY, []) if owner.tokens else []
            result.alts.append(scan(content[owner.start + 2:owner.label_end], alt_spans, nested=True))
        elif kind == "open":
            label = content[start + 1:owner.label_end] if owner is not None else ""
            result.pieces.append(Piece("open", raw, label=label, emphasis=owner is None))
            stack.append(index)
        elif kind == "close" and stack:
            opener = stack.pop()
            result.pieces[opener] = _with_partner(result.pieces[opener], index)
            result.pieces.append(Piece("close", raw, partner=opener, emphasis=owner is None))
        else:
            result.pieces.append(Piece("atom", raw))
        parts.append(placeholder(index))
    parts.append(content[position:])
    for index in stack:  # an opener without closer: keep it in place as an atom
        result.pieces[index] = Piece("atom", result.pieces[index].raw)
    result.template = "".join(parts)
    return result


def _with_partner(piece: Piece, partner: int) -> Piece:
    return Piece(piece.kind, piece.raw, partner, piece.label, piece.alt, piece.alt_suffix, piece.emphasis)


def plain(text: str) -> InlineText:
    """Plain text (seed paragraphs, alt texts, front-matter values): no pieces."""
    return InlineText(template=text)


# --- back from the engine -------------------------------------------------------

_ESCAPE = re.compile(r"[\\`*\[\]<]|~~|&(?=#?\w+;)|(?<!\w)_|_(?!\w)")
_BLOCK_START = re.compile(r"(?:#{1,6}(?=\s|$)|[-+*](?=\s|$)|>|\d{1,9}(?=[.)](?:\s|$))|=+\s*$|-{2,}|:{3})")


def escape_text(text: str, table: bool = False, line_start: bool = False) -> str:
    """Escape literal text so that Markdown shows it as written.

    With ``line_start`` the text begins a line (and so does every line after a
    newline in it): what would open a block there (``# ``, ``- ``, ``1. ``,
    ``>``) is escaped too.
    """
    text = _ESCAPE.sub(lambda m: "\\" + m.group(), text)
    if table:
        text = text.replace("|", "\\|")
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if number == 0 and not line_start:
            continue
        stripped = line.lstrip(" ")
        match = _BLOCK_START.match(stripped)
        if match:
            cut = len(line) - len(stripped) + (match.end() if match.group()[:1].isdigit() else 0)
            lines[number] = line[:cut] + "\\" + line[cut:]
    return "\n".join(lines)


@dataclass
class Restored:
    text: str
    warnings: list[str]


def restore(
    translated: str,
    inline: InlineText,
    alts: Sequence[str] = (),
    table: bool = False,
    line_start: bool = True,
) -> Restored:
    """Rebuild Markdown from a translated template (see the module docstring).

    ``alts`` are the already restored alt texts of the run's images.
    """
    pieces = inline.pieces
    found: dict[int, tuple[int, int]] = {}
    duplicates: list[tuple[int, int]] = []
    for match in _PLACEHOLDER_RE.finditer(translated):
        index = int(match.group(1))
        if index >= len(pieces) or index in found:
            duplicates.append(match.span())
        else:
            found[index] = match.span()
    warnings: list[str] = []
    broken = _broken_pairs(pieces, found)
    consumed: set[int] = set()  # a link put back whole brings its label's pieces along
    for index in sorted(broken):
        piece = pieces[index]
        if piece.kind == "open" and not piece.emphasis and index not in consumed:
            consumed.update(range(index + 1, piece.partner))
    broken -= consumed
    appended: list[str] = []
    for index, piece in enumerate(pieces):
        if index in consumed:
            continue
        if piece.kind == "atom" and index not in found:
            if not piece.raw.endswith("\n"):  # a lost hard line break is just left out
                appended.append(_piece_text(piece, alts))
        elif piece.kind == "open" and index in broken:
            if piece.emphasis:
                warnings.append(f"emphasis markers {piece.raw}…{pieces[piece.partner].raw} were lost in "
                                "translation and left out")
            else:
                appended.append(piece.raw + piece.label + pieces[piece.partner].raw)
                warnings.append(f"link [{piece.label}] was moved to the end of its sentence, untranslated")
    parts: list[tuple[bool, str]] = []  # (is literal text, markdown)
    position = 0
    events = sorted([(span, index) for index, span in found.items()] + [(span, -1) for span in duplicates])
    for (start, end), index in events:
        parts.append((True, translated[position:start]))
        position = end
        if index >= 0 and index not in broken and index not in consumed:
            parts.append((False, _piece_text(pieces[index], alts)))
    parts.append((True, translated[position:]))
    if appended:
        parts = _trim_end(parts)
        for extra in appended:
            parts.extend([(True, " "), (False, extra)])
    out: list[str] = []
    at_line_start = line_start
    for literal, text in parts:
        if literal and text:
            text = escape_text(text, table, at_line_start)
        out.append(text)
        if text:
            at_line_start = text.endswith("\n")
    text = "".join(out)
    while text.endswith(("  \n", "\\\n")):  # a line break the model moved to the very end
        text = text[:-3 if text.endswith("  \n") else -2].rstrip(" ")
    return Restored(text.strip(" ") if appended else text, warnings)


def _trim_end(parts: list[tuple[bool, str]]) -> list[tuple[bool, str]]:
    while parts and parts[-1][0] and not parts[-1][1].strip():
        parts.pop()
    if parts and parts[-1][0]:
        parts[-1] = (True, parts[-1][1].rstrip())
    return parts


def _piece_text(piece: Piece, alts: Sequence[str]) -> str:
    if piece.alt >= 0 and piece.alt < len(alts):
        return "![" + alts[piece.alt] + piece.alt_suffix
    return piece.raw


def _broken_pairs(pieces: Sequence[Piece], found: dict[int, tuple[int, int]]) -> set[int]:
    """Indexes of the open/close markers that cannot be put back as valid nesting."""
    broken: set[int] = set()
    for index, piece in enumerate(pieces):
        if piece.kind == "open" and (index not in found or piece.partner not in found
                                     or found[piece.partner][0] < found[index][0]):
            broken.update((index, piece.partner))
    while True:  # crossing pairs (a model swapped two markers): drop the inner one
        stack: list[int] = []
        crossing = -1
        for _, index in sorted((span, i) for i, span in found.items() if i not in broken):
            piece = pieces[index]
            if piece.kind == "open":
                stack.append(index)
            elif piece.kind == "close":
                if stack and stack[-1] == piece.partner:
                    stack.pop()
                else:
                    crossing = piece.partner
                    break
        if crossing < 0:
            return broken
        broken.update((crossing, pieces[crossing].partner))
