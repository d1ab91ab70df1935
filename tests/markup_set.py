"""Synthetic sentences with inline Markdown, and their exact marked-up references.

The test models translate plain synthetic sentences almost perfectly, so any
damage on a marked-up sentence is the pipeline's doing. To see that damage
exactly, each reference must carry the SAME markup around the words that
really correspond to the marked source words. Nothing here guesses an
alignment: markup is only put on *anchors* whose correspondence is certain by
construction of the synthetic language:

* names from ``synthetic.NAMES`` (identical in all three languages), each
  occurring exactly once per language;
* numbers written in digits, the same digits exactly once per language;
* lexicon nouns (``synthetic.NOUNS``) where every language has exactly one
  whole-word occurrence of one of that noun's forms, not inside another
  noun's form (``deal`` inside ``free trade deal``);
* the same nouns with their article right before them in every language
  (``der Markt`` / ``the market`` / ``el mercado``; a Spanish ``al``/``del``
  or an adjective in between disqualifies it).

A word counts as whole when no letter, digit or hyphen touches it, so
``Trump`` in ``Trump-Regierung`` is not an occurrence. Anything ambiguous is
skipped, never resolved.

:func:`markup_cases` gives a balanced, deterministic list of cases (seed 2026
by default: the models were trained on seed 1). Run this file to print
samples and to check that every source and reference parses as the intended
CommonMark and reads, markup removed, exactly as its plain sentence
(markdown-it-py is needed only for that check and for :func:`visible_text`).
"""

from __future__ import annotations

import random
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

try:
    from synthetic import NAMES, NOUNS, Triple, generate
except ImportError:  # run as a script: tests/models is not on the path yet
    sys.path.insert(0, str(Path(__file__).resolve().parent / "models"))
    from synthetic import NAMES, NOUNS, Triple, generate

__all__ = ["KINDS", "Anchor", "MarkupCase", "markup_cases", "markup_signature", "visible_text"]

LANGS = ("de", "en", "es")
URL = "https://example.org/p?q=1"
TITLE = "Title"
FOOTNOTE_LABEL = "1"

# Every kind of case, in the round-robin order in which they are drawn.
KINDS = (
    "strong", "emphasis", "strikethrough", "link", "code", "image",
    "footnote", "html", "multiword", "two", "nested", "edge",
)
# Elements that may wrap any anchor; ``code`` and ``image`` need a name.
SIMPLE = ("strong", "emphasis", "strikethrough", "link", "html")
# The element of a ``multiword`` or ``edge`` case rotates through these.
ROTATING = ("strong", "emphasis", "link")

_ARTICLES = {
    "de": frozenset("der die das den dem des ein eine einen einem einer eines".split()),
    "en": frozenset("the a an".split()),
    "es": frozenset("el la los las un una".split()),
}


class Span(NamedTuple):
    start: int
    end: int


@dataclass(frozen=True)
class Anchor:
    """Words whose translation in each language is known exactly."""

    type: str  # "name", "number", "noun" or "noun+article"
    spans: tuple[Span, Span, Span]  # in plain.de, plain.en, plain.es

    def text(self, plain: Triple, lang: int = 0) -> str:
        span = self.spans[lang]
        return plain[lang][span.start:span.end]

    def overlaps(self, other: Anchor) -> bool:
        return any(a.start < b.end and b.start < a.end for a, b in zip(self.spans, other.spans))


@dataclass(frozen=True)
class MarkupCase:
    """One marked-up source sentence and its two marked-up references."""

    kind: str
    de: str
    en: str
    es: str
    plain: Triple
    # Footnote cases: the definition block of each language ("[^1]: ..."), a
    # plain synthetic sentence of its own so its translation is known too.
    # Empty strings for every other kind.
    definitions: Triple
    elements: tuple[str, ...]  # the elements put on ...
    anchors: tuple[Anchor, ...]  # ... and the anchors they are on (spans in ``plain``)
    detail: str  # which elements sit on which anchors, for reports

    def marked(self, lang: str) -> str:
        return {"de": self.de, "en": self.en, "es": self.es}[lang]

    def document(self, lang: str = "de") -> str:
        """The whole Markdown document: the sentence, then any footnote definition.

        A footnote reference parses as one only when its definition exists.
        """
        definition = self.definitions[LANGS.index(lang)]
        return self.marked(lang) + (f"\n\n{definition}" if definition else "")


# --- finding anchors -------------------------------------------------------


def _form_pattern(form: str, fold_first: bool) -> str:
    head, rest = form[0], re.escape(form[1:])
    if fold_first and head.isalpha():
        # English and Spanish capitalise a noun at the start of a sentence
        # or in a title ("President Nieto").
        head = f"[{head.lower()}{head.upper()}]"
    else:
        head = re.escape(head)
    return rf"(?<![\w-]){head}{rest}(?![\w-])"


def _matches(text: str, forms: set[str], fold_first: bool) -> list[Span]:
    found: list[Span] = []
    for form in forms:
        found.extend(Span(m.start(), m.end()) for m in re.finditer(_form_pattern(form, fold_first), text))
    return sorted(set(found))


def _noun_forms(lang: str) -> dict[str, set[str]]:
    forms: dict[str, set[str]] = {}
    for key, noun in NOUNS.items():
        if lang == "de":
            forms[key] = set(noun.sg) | set(noun.pl)
        elif lang == "en":
            forms[key] = {noun.en_sg, noun.en_pl}
        else:
            forms[key] = {noun.es_sg, noun.es_pl}
    return forms


_NOUN_FORMS = {lang: _noun_forms(lang) for lang in LANGS}


Occurrences = dict[str, list[Span]]  # per name or noun key: where its forms occur in one language


def _occurrences(plain: Triple, forms: dict[str, dict[str, set[str]]], fold: bool) -> list[Occurrences]:
    return [{key: _matches(text, key_forms, fold and lang != "de") for key, key_forms in forms[lang].items()}
            for lang, text in zip(LANGS, plain)]


def _unique(key: str, per_lang: list[Occurrences]) -> tuple[Span, Span, Span] | None:
    """The one occurrence of ``key`` in each language, unless that is ambiguous.

    Ambiguous: no or several occurrences in a language, or one lying inside
    another key's occurrence ("deal" in "free trade deal", "Trump" in
    "Donald Trump": the longer one is the anchor there).
    """
    if not all(len(found[key]) == 1 for found in per_lang):
        return None
    de, en, es = (found[key][0] for found in per_lang)
    for span, found in zip((de, en, es), per_lang):
        if any(o.start <= span.start and span.end <= o.end for other, spans in found.items() if other != key
               for o in spans):
            return None
    return de, en, es


_NAME_FORMS = {lang: {name: {name} for name in NAMES} for lang in LANGS}


def _name_anchors(plain: Triple) -> list[Anchor]:
    per_lang = _occurrences(plain, _NAME_FORMS, fold=False)
    return [Anchor("name", spans) for name in NAMES if (spans := _unique(name, per_lang))]


def _number_anchors(plain: Triple) -> list[Anchor]:
    numbers = sorted(set(re.findall(r"(?<![\w-])\d+(?![\w-])", plain.de)))
    per_lang = _occurrences(plain, {lang: {n: {n} for n in numbers} for lang in LANGS}, fold=False)
    return [Anchor("number", spans) for number in numbers if (spans := _unique(number, per_lang))]


def _article_before(text: str, span: Span, lang: str) -> Span | None:
    match = re.search(r"(?:(?<=[\s¿])|^)(\w+) $", text[:span.start])
    if match and match.group(1).lower() in _ARTICLES[lang]:
        return Span(match.start(1), span.end)
    return None


def _noun_anchors(plain: Triple) -> list[Anchor]:
    # English and Spanish forms may be capitalised; German nouns always are.
    per_lang = _occurrences(plain, _NOUN_FORMS, fold=True)
    anchors = []
    for key in NOUNS:
        spans = _unique(key, per_lang)
        if spans is None:
            continue
        anchors.append(Anchor("noun", spans))
        de, en, es = (_article_before(text, span, lang) for lang, text, span in zip(LANGS, plain, spans))
        if de and en and es:
            anchors.append(Anchor("noun+article", (de, en, es)))
    return anchors


def anchors_of(plain: Triple) -> list[Anchor]:
    """Every certain anchor of a triple (see the module docstring)."""
    return _name_anchors(plain) + _number_anchors(plain) + _noun_anchors(plain)


def _at_edge(text: str, span: Span) -> bool:
    start = 1 if text.startswith("¿") else 0
    return span.start == start or span.end == len(text) - 1  # before the final "." or "?"


def _words(anchor: Anchor, plain: Triple) -> int:
    return len(anchor.text(plain).split())


# --- putting markup on ----------------------------------------------------


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def wrap(element: str, text: str) -> str:
    """``text`` inside one inline element, as written in every language."""
    if element == "strong":
        return f"**{text}**"
    if element == "emphasis":
        return f"*{text}*"
    if element == "strikethrough":
        return f"~~{text}~~"
    if element == "link":
        return f'[{text}]({URL} "{TITLE}")'
    if element == "nested":
        return f'[**{text}**]({URL} "{TITLE}")'
    if element == "code":
        return f"`{text}`"
    if element == "image":
        return f"![{text}](img/{_slug(text)}.png)"
    if element == "footnote":
        return f"{text}[^{FOOTNOTE_LABEL}]"
    if element == "html":
        return f"<kbd>{text}</kbd>"
    raise ValueError(element)


def _apply(plain: str, marks: list[tuple[Span, str]]) -> str:
    """Wrap each span in its element, right to left so earlier offsets hold."""
    text = plain
    for span, element in sorted(marks, reverse=True):
        text = text[:span.start] + wrap(element, text[span.start:span.end]) + text[span.end:]
    return text


# What a case puts on: (anchor, element) pairs.
_Choice = list[tuple[Anchor, str]]


def _pick_anchor(rng: random.Random, anchors: list[Anchor]) -> Anchor:
    """An anchor type first, then an anchor of it, so the few names and numbers are not swamped by nouns."""
    kinds = sorted({a.type for a in anchors})
    kind = rng.choice(kinds)
    return rng.choice([a for a in anchors if a.type == kind])


def _choose(kind: str, plain: Triple, anchors: list[Anchor], rng: random.Random, turn: int) -> _Choice | None:
    """Which elements go on which anchors for ``kind``, or ``None`` if this triple cannot host it."""
    single = [a for a in anchors if _words(a, plain) == 1]  # one German word
    names = [a for a in anchors if a.type == "name"]
    if kind in ("strong", "emphasis", "strikethrough", "link", "html", "footnote", "nested"):
        return [(_pick_anchor(rng, single), kind)] if single else None
    if kind == "code":  # code is never translated: only what is the same in every language
        return [(rng.choice(names), "code")] if names else None
    if kind == "image":  # alt text that needs no translation, at an edge of every language
        edge = [a for a in names if all(_at_edge(t, s) for t, s in zip(plain, a.spans))]
        return [(rng.choice(edge), "image")] if edge else None
    if kind == "multiword":  # two-word names and nouns with their article, in turn
        wanted = ("name", "noun+article")[turn % 2]
        multi = [a for a in anchors if _words(a, plain) > 1 and a.type == wanted]
        return [(_pick_anchor(rng, multi), ROTATING[turn % len(ROTATING)])] if multi else None
    if kind == "edge":
        edge = [a for a in anchors if _at_edge(plain.de, a.spans[0])]
        return [(_pick_anchor(rng, edge), ROTATING[turn % len(ROTATING)])] if edge else None
    if kind == "two":
        if len(single) < 2:
            return None
        first = _pick_anchor(rng, single)
        rest = [a for a in single if not a.overlaps(first)]
        if not rest:
            return None
        second = _pick_anchor(rng, rest)
        elements = rng.sample(SIMPLE, 2)
        return [(first, elements[0]), (second, elements[1])]
    raise ValueError(kind)


def _case(kind: str, plain: Triple, choice: _Choice, definition: Triple | None) -> MarkupCase:
    marked = [_apply(text, [(a.spans[i], element) for a, element in choice]) for i, text in enumerate(plain)]
    detail = " + ".join(f"{element} on {a.type} {a.text(plain)!r}" for a, element in choice)
    if definition is None:
        definitions = Triple("", "", "")
    else:
        definitions = Triple(*(f"[^{FOOTNOTE_LABEL}]: {text}" for text in definition))
    elements = tuple(element for _, element in choice)
    anchors = tuple(anchor for anchor, _ in choice)
    return MarkupCase(kind, marked[0], marked[1], marked[2], plain, definitions, elements, anchors, detail)


def markup_cases(seed: int = 2026, n: int = 240) -> list[MarkupCase]:
    """``n`` cases, the kinds drawn in turn (so about ``n / 12`` each), deterministic for ``seed``.

    Each case takes the first unused triple of ``generate(seed, ...)`` that
    can host its kind; a kind that no triple of the pool can host is left
    out, so a kind may have fewer cases than its share.
    """
    pool = generate(seed, max(2000, 25 * n))
    rng = random.Random(f"markup:{seed}")
    used = [False] * len(pool)
    anchors = [anchors_of(t) for t in pool]
    cases: list[MarkupCase] = []
    exhausted: set[str] = set()
    turn = 0
    while len(cases) < n and len(exhausted) < len(KINDS):
        kind = KINDS[turn % len(KINDS)]
        turn += 1
        if kind in exhausted:
            continue
        for index, plain in enumerate(pool):
            if used[index]:
                continue
            choice = _choose(kind, plain, anchors[index], rng, turn // len(KINDS))
            if choice is None:
                continue
            used[index] = True
            definition = None
            if kind == "footnote":
                spare = used.index(False)
                used[spare] = True
                definition = pool[spare]
            cases.append(_case(kind, plain, choice, definition))
            break
        else:
            exhausted.add(kind)
    return cases


# --- reading Markdown back (markdown-it-py, imported only here) -------------


def reference_parser() -> Any:
    """CommonMark + strikethrough + footnotes, independent of the library's own parser."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    return MarkdownIt("commonmark").enable("strikethrough").use(footnote_plugin)


_PARSER: Any = None


def _parse(markdown: str) -> list[Any]:
    global _PARSER
    if _PARSER is None:
        _PARSER = reference_parser()
    return list(_PARSER.parse(markdown))


def _inline_tokens(markdown: str) -> list[Any]:
    """The inline tokens of the body: footnote definitions left out."""
    found, depth = [], 0
    for token in _parse(markdown):
        if token.type == "footnote_block_open":
            depth += 1
        elif token.type == "footnote_block_close":
            depth -= 1
        elif token.type == "inline" and depth == 0:
            found.append(token)
    return found


def _text(children: list[Any]) -> str:
    parts = []
    for token in children:
        if token.type in ("text", "text_special", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif token.type == "image":
            parts.append(_text(token.children or []))
    return "".join(parts)


def visible_text(markdown: str) -> str:
    """What a reader sees of the body, markup removed (an image shows its alt text)."""
    return "\n\n".join(_text(token.children or []) for token in _inline_tokens(markdown))


def markup_signature(markdown: str) -> Counter[str]:
    """The inline elements of the body, with what must survive translation unchanged.

    Link targets, image sources, code and HTML are part of an element's
    name; so is the enclosing link or emphasis (``strong@link``).
    """
    found: Counter[str] = Counter()
    for inline in _inline_tokens(markdown):
        stack: list[str] = []
        for token in inline.children or []:
            name = {"strong_open": "strong", "em_open": "emphasis", "s_open": "strikethrough",
                    "link_open": f"link:{token.attrs.get('href')}:{token.attrs.get('title')}"}.get(token.type)
            if name is not None:
                found[name + (f"@{stack[-1]}" if stack else "")] += 1
                stack.append(name.split(":")[0])
            elif token.type.endswith("_close") and stack:
                stack.pop()
            elif token.type == "code_inline":
                found[f"code:{token.content}"] += 1
            elif token.type == "image":
                found[f"image:{token.attrs.get('src')}"] += 1
            elif token.type == "html_inline":
                found[f"html:{token.content}"] += 1
            elif token.type == "footnote_ref":
                found[f"footnote:{token.meta.get('label')}"] += 1
    return found


def check(cases: list[MarkupCase]) -> list[str]:
    """Problems with the cases: a side that does not parse as meant, or does not read as its plain text."""
    problems = []
    for number, case in enumerate(cases):
        expected = markup_signature(case.document("de"))
        for lang, plain in zip(LANGS, case.plain):
            document = case.document(lang)
            if visible_text(document) != plain:
                problems.append(f"{number} {case.kind} {lang}: reads {visible_text(document)!r}, not {plain!r}")
            if visible_text(plain) != plain:
                problems.append(f"{number} {case.kind} {lang}: the plain sentence is not plain Markdown")
            if markup_signature(document) != expected:
                problems.append(f"{number} {case.kind} {lang}: markup {dict(markup_signature(document))} "
                                f"differs from the source's {dict(expected)}")
        if not expected or sum(expected.values()) < _expected_count(case):
            problems.append(f"{number} {case.kind}: the source parses with markup {dict(expected)}")
    return problems


def _expected_count(case: MarkupCase) -> int:
    # Each element yields one signature entry, except a nested link (two) and an HTML pair (two).
    return sum(2 if element in ("nested", "html") else 1 for element in case.elements)


def main(argv: list[str]) -> int:
    seed = int(argv[1]) if len(argv) > 1 else 2026
    n = int(argv[2]) if len(argv) > 2 else 240
    cases = markup_cases(seed, n)
    counts = Counter(case.kind for case in cases)
    anchor_types = Counter(anchor.type for case in cases for anchor in case.anchors)
    print(f"{len(cases)} cases (seed {seed}): " + ", ".join(f"{kind} {counts[kind]}" for kind in KINDS))
    print("anchors: " + ", ".join(f"{kind} {count}" for kind, count in sorted(anchor_types.items())))
    for kind in KINDS:
        for case in [c for c in cases if c.kind == kind][:2]:
            print(f"\n[{kind}] {case.detail}")
            for lang in LANGS:
                print(f"  {lang}: {case.document(lang)}".replace("\n\n", "  ⏎⏎  "))
    problems = check(cases)
    print(f"\ncheck: {len(problems)} problems")
    for problem in problems[:20]:
        print("  " + problem)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
