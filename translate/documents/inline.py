"""Inline Markdown → text with placeholders for the engine, and back.

markdown-it-py finds the inline constructs (code spans, links, emphasis,
HTML, …) but its tokens carry no source offsets. :func:`parser` wraps its
inline rules so that each rule records the span of source it consumed; from
those spans :func:`scan` cuts an inline run into literal text and *pieces*:

* **atoms** (images, inline HTML, entities, escapes, footnote references,
  hard breaks, long code spans) — replaced by one void marker ``<N/>`` and put
  back byte for byte;
* **open/close markers** (``[`` … ``](url)`` of a link, ``*``/``**``/``~~``) —
  a marker pair ``<N>`` … ``</M>``, so the words between them are translated
  in their sentence;
* **verbatim pairs** (short code spans and autolinks) — a marker pair around
  the code's or URL's text, so that the sentence reads naturally; whatever
  stands between the markers after translation is replaced by the source's
  code or autolink, byte for byte.

The run layer (:mod:`translate.run.markup`) takes the markers out before the
engine sees a sentence and projects them into its translation, so they come
back properly nested. :func:`restore` puts the pieces back and still repairs
what cannot be projected: a lost atom is appended, a broken marker pair is
removed — and reported, never dropped silently (a link then comes back whole,
with its source label).
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

# Markers: "<N>" opens a pair, "</N>" closes one, "<N/>" stands alone; N is the piece's index.
_PLACEHOLDER_RE = re.compile(r"<\s*/?\s*(\d{1,4})\s*/?\s*>")
# Code spans and autolinks this short read as words of their sentence; longer ones are atoms.
_VERBATIM_WORDS = 4
_VERBATIM_CHARS = 60


def placeholder(index: int, kind: str = "atom") -> str:
    """The marker of piece ``index``: ``<N>`` (open), ``</N>`` (close) or ``<N/>`` (atom)."""
    return {"open": f"<{index}>", "close": f"</{index}>"}.get(kind, f"<{index}/>")


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
    verbatim: bool = False  # code and autolinks: the pair stands for ``raw``, whatever it wraps


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
        if span.rule == "backticks" and not any(t.type == "code_inline" for t in span.tokens):
            continue  # a lone backtick is text (it is escaped on the way back)
        shown = _verbatim_text(span)
        if shown is not None and not nested:
            cuts.append((span.start, span.end, "verbatim", span))
        elif span.rule in _ATOM_RULES:
            hard = any(t.type == "hardbreak" for t in span.tokens)
            cuts.append((span.start, span.end, "hard" if hard else "atom", span))
        elif span.rule == "newline":
            hard = any(t.type == "hardbreak" for t in span.tokens)
            start = span.start
            while start > 0 and content[start - 1] == " ":
                start -= 1
            cuts.append((start, span.end, "hard" if hard else "soft", span))
        elif span.rule == "image" and not nested and _alt_reads_as_words(content, span):
            cuts.append((span.start, span.start + 2, "open", span))  # "![" alt "](src)": like a link
            cuts.append((span.label_end, span.end, "close", span))
        elif span.rule == "image":
            cuts.append((span.start, span.end, "image", span))
        elif span.rule == "link":
            cuts.append((span.start, span.start + 1, "open", span))
            cuts.append((span.label_end, span.end, "close", span))
        elif span.rule in ("emphasis", "strikethrough"):
            for start, end, role in _emphasis_runs(span):
                cuts.append((start, end, role, None))
    taken = _html_pairs(content, sorted(cuts, key=lambda cut: (cut[0], cut[1])))
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
        if kind == "verbatim" and owner is not None:
            result.pieces.append(Piece("open", raw, partner=index + 1, verbatim=True))
            result.pieces.append(Piece("close", "", partner=index, verbatim=True))
            parts.append(placeholder(index, "open") + (_verbatim_text(owner) or "") + placeholder(index + 1, "close"))
            continue
        if kind == "image" and owner is not None and not nested:
            result.pieces.append(Piece("atom", raw, alt=len(result.alts),
                                       alt_suffix=content[owner.label_end:owner.end]))
            alt_spans = owner.tokens[-1].meta.get(_ENV_KEY, []) if owner.tokens else []
            result.alts.append(scan(content[owner.start + 2:owner.label_end], alt_spans, nested=True))
        elif kind == "open":
            skip = 2 if owner is not None and owner.rule == "image" else 1
            label = content[start + skip:owner.label_end] if owner is not None and owner.label_end >= 0 else ""
            result.pieces.append(Piece("open", raw, label=label, emphasis=owner is None))
            stack.append(index)
        elif kind == "close" and stack:
            opener = stack.pop()
            result.pieces[opener] = _with_partner(result.pieces[opener], index)
            result.pieces.append(Piece("close", raw, partner=opener, emphasis=owner is None))
        else:
            result.pieces.append(Piece("atom", raw))
        parts.append(placeholder(index, result.pieces[index].kind))
    parts.append(content[position:])
    for index in stack:  # an opener without closer: keep it in place as an atom
        result.pieces[index] = Piece("atom", result.pieces[index].raw)
    result.template = "".join(parts)
    return result


def _with_partner(piece: Piece, partner: int) -> Piece:
    return Piece(piece.kind, piece.raw, partner, piece.label, piece.alt, piece.alt_suffix, piece.emphasis,
                 piece.verbatim)


_HTML_OPEN = re.compile(r"<([A-Za-z][\w-]*)(?:\s[^<>]*)?>\Z")


def _html_pairs(
    content: str, cuts: list[tuple[int, int, str, _Span | None]]
) -> list[tuple[int, int, str, _Span | None]]:
    """An inline HTML tag and its closing tag with nothing else between them (``<kbd>x</kbd>``) pair up.

    Each is still put back byte for byte; as a pair, the words between them
    are placed with them in the translation.
    """
    paired = list(cuts)
    for number in range(len(paired) - 1):
        start, end, kind, owner = paired[number]
        after = paired[number + 1]
        if kind != "atom" or owner is None or owner.rule != "html_inline" or after[2] != "atom":
            continue
        opening = _HTML_OPEN.match(content[start:end])
        if (opening and after[3] is not None and after[3].rule == "html_inline"
                and content[after[0]:after[1]].lower() == f"</{opening.group(1).lower()}>"):
            paired[number] = (start, end, "open", owner)
            paired[number + 1] = (after[0], after[1], "close", after[3])
    return paired


def _alt_reads_as_words(content: str, span: _Span) -> bool:
    """An image whose alt text is plain words: the alt is translated in its sentence."""
    if span.label_end < 0 or not content[span.start + 2:span.label_end].strip():
        return False
    inner = span.tokens[-1].meta.get(_ENV_KEY, []) if span.tokens else []
    return not inner and "\n" not in content[span.start:span.end]


def _verbatim_text(span: _Span) -> str | None:
    """The text a short code span or autolink shows, read as words of its sentence; else None."""
    if span.rule == "backticks":
        shown = "".join(t.content for t in span.tokens if t.type == "code_inline")
    elif span.rule == "autolink":
        shown = "".join(t.content for t in span.tokens if t.type == "text")
    else:
        return None
    if not shown.strip() or "\n" in shown or len(shown) > _VERBATIM_CHARS or len(shown.split()) > _VERBATIM_WORDS:
        return None
    if _PLACEHOLDER_RE.search(shown) or "<" in shown or ">" in shown:
        return None  # it would read as a marker
    return shown


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
        elif piece.kind == "open" and index in broken and piece.verbatim:
            appended.append(piece.raw)
            warnings.append(f"{piece.raw} lost its place in translation and was moved to the end of its sentence")
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
    verbatim_until = -1  # inside a verbatim pair: what the translation has there is replaced
    held: list[str] = []  # atoms that landed inside one: they follow the code
    piece_at = -1
    for (start, end), index in events:
        if verbatim_until < 0:
            parts.append((True, translated[position:start]))
        position = end
        usable = index >= 0 and index not in broken and index not in consumed
        if verbatim_until >= 0:
            if index == verbatim_until:
                verbatim_until = -1
                for text in held:  # apart from the code, so that two code spans cannot merge
                    parts.extend([(True, " "), (False, text)])
                held = []
            elif usable and (pieces[index].kind == "atom" or (pieces[index].verbatim and pieces[index].kind == "open")):
                held.append(_piece_text(pieces[index], alts))  # other code, an image, a note: it follows
            elif usable and pieces[index].kind == "open" and not pieces[index].verbatim:
                warnings.append(f"markup {pieces[index].raw}… inside {pieces[piece_at].raw} could not be kept")
            continue
        if usable:
            piece = pieces[index]
            if piece.verbatim and piece.kind == "open":
                verbatim_until, piece_at = piece.partner, index
            parts.append((False, _piece_text(piece, alts)))
    for text in held:
        parts.extend([(True, " "), (False, text)])
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
