"""Edits made by hand to published pages, read back as human translations.

A reviewer who corrects a published ``index.en.md`` in place has translated
some sentences. Before a publish replaces that page, :func:`read_edits`
compares it with the page babelpress would write now, which must be the
page it wrote before (same source, models and glossary: its bytes match the
output manifest's record), and finds which sentences changed:

* the page is rendered once more with an invisible mark around each
  translated sentence, so that the position of every sentence in the page
  is known exactly;
* the edited page is aligned with the machine page character by character
  (:mod:`difflib`); every change must fall inside one sentence (an edit
  that touches the text between sentences, the front matter keys or the
  block syntax, or that adds, removes or moves blocks, cannot be read back);
* each changed sentence is the reviewer's translation of its source
  sentence. Sentences with inline markup, and edits that add Markdown
  syntax, are not read back yet: they are reported instead.

Whatever cannot be read back is a :class:`EditProblem`; the publish then
leaves that document's files as they are and says what to do.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from translate.documents.model import Document
from translate.publish.bundle import Provenance, build_document, file_path
from translate.run.units import UnitPlan, rebuild_unit

__all__ = ["EditProblem", "Edits", "read_edits"]

_OPEN, _AT, _CLOSE = "\ue000", "\ue002", "\ue001"  # private-use characters: never in a page
_MARKED = re.compile(f"{_OPEN}(\\d+){_AT}|{_CLOSE}")
_MARKER = re.compile(r"</?\d{1,4}/?>")
_MARKDOWN = set("*_`[]<>|\\#\n")


class EditProblem(Exception):
    """An edited page whose changes cannot be read back as translations of its sentences."""


@dataclass
class Edits:
    """The reviewer's translations found in one document's edited pages."""

    translations: list[tuple[int, str, str]] = field(default_factory=list)  # (sentence, language, text)
    paths: list[str] = field(default_factory=list)  # the pages they were read from


def read_edits(
    *,
    document: Document,
    slug: str,
    source: str,
    layout: str,
    provenance: Provenance,
    plans: Sequence[UnitPlan],
    machine: Mapping[str, Sequence[str]],
    pages: Mapping[str, bytes],
    edited: Mapping[str, bytes],
    records: Mapping[str, Mapping[str, object]],
    reviewed: Mapping[str, int] | None = None,
) -> Edits:
    """The changed sentences of ``edited`` (path → bytes on disk) of one document.

    ``machine`` holds, per target language, the machine translation of each
    of the document's sentences; ``plans`` how they make its units; ``pages``
    the files babelpress would write now; ``records`` the output manifest's
    record of each file as it was published; ``reviewed`` the count of
    human-translated sentences per language the pages were built with.

    Raises:
        EditProblem: for the first edited page that cannot be read back.
    """
    found = Edits()
    for path, data in sorted(edited.items()):
        lang = next((code for code in machine if file_path(layout, slug, code) == path), None)
        if lang is None:
            raise EditProblem(f"{path} is not a translated page, so its edit cannot be kept as a translation")
        page = pages.get(path, b"")
        record = records.get(path, {})
        if hashlib.sha256(page).hexdigest() != record.get("sha256"):
            raise EditProblem(
                f"{path} was edited, and babelpress would not write the page it was edited from any more (its "
                "source, models or glossary changed since)"
            )
        marked = _marked_page(document, slug, source, layout, provenance, plans, machine, lang, path, reviewed or {})
        spans, plain = _spans(marked)
        text = page.decode("utf-8")
        if plain != text:
            raise EditProblem(f"{path}: babelpress cannot locate the sentences in this page")
        try:
            now = data.decode("utf-8")
        except UnicodeDecodeError:
            raise EditProblem(f"{path} is no longer UTF-8 text") from None
        changed = _changed_sentences(path, text, now, spans, machine[lang])
        found.translations.extend((index, lang, human) for index, human in changed)
        found.paths.append(path)
    return found


def _marked_page(document: Document, slug: str, source: str, layout: str, provenance: Provenance,
                 plans: Sequence[UnitPlan], machine: Mapping[str, Sequence[str]], lang: str, path: str,
                 reviewed: Mapping[str, int]) -> str:
    """The page with each translated sentence between invisible marks that carry its index."""
    sentences = machine[lang]
    units, offset = [], 0
    for plan in plans:
        units.append(rebuild_unit(plan, [f"{_OPEN}{offset + k}{_AT}{sentences[offset + k]}{_CLOSE}"
                                         for k in range(plan.size)]))
        offset += plan.size
    built = build_document(document, slug, source, {lang: units}, provenance, layout, reviewed=reviewed)
    return built.files[path].decode("utf-8")


def _spans(marked: str) -> tuple[list[tuple[int, int, int]], str]:
    """``(sentence, start, end)`` of every marked sentence in the page without marks, and that page."""
    spans: list[tuple[int, int, int]] = []
    plain: list[str] = []
    length, last, current = 0, 0, None
    for match in _MARKED.finditer(marked):
        plain.append(marked[last : match.start()])
        length += match.start() - last
        last = match.end()
        if match.group(1) is not None:
            current = (int(match.group(1)), length)
        elif current is not None:
            spans.append((current[0], current[1], length))
            current = None
    plain.append(marked[last:])
    return spans, "".join(plain)


def _changed_sentences(path: str, machine: str, edited: str, spans: Sequence[tuple[int, int, int]],
                       sentences: Sequence[str]) -> list[tuple[int, str]]:
    """Each sentence whose text the edit changed, with its new text (every change inside one sentence)."""
    opcodes = [op for op in difflib.SequenceMatcher(None, machine, edited, autojunk=False).get_opcodes()]
    changes = [op for op in opcodes if op[0] != "equal"]
    touched: dict[int, tuple[int, int, int]] = {}
    for _, i1, i2, _, _ in changes:
        span = next((s for s in spans if s[1] <= i1 and i2 <= s[2]), None)
        if span is None:
            line = machine.count("\n", 0, i1) + 1
            raise EditProblem(
                f"{path}: the edit near line {line} changes more than the words of a sentence (the text between "
                "sentences, the front matter or the Markdown structure: a block added, removed or moved)"
            )
        touched[span[1]] = span
    result: dict[int, str] = {}
    for index, start, end in touched.values():
        human = edited[_start(opcodes, start) : _end(opcodes, end)]
        if human == machine[start:end]:
            continue
        line = machine.count("\n", 0, start) + 1
        if machine[start:end] != sentences[index] or _MARKER.search(sentences[index]):
            raise EditProblem(f"{path}: the sentence edited near line {line} has inline markup, whose edits "
                              "babelpress cannot keep yet")
        if not human.strip() or set(human) & _MARKDOWN - set(machine[start:end]):
            raise EditProblem(f"{path}: the edit near line {line} empties a sentence or adds Markdown syntax, "
                              "which babelpress cannot keep as a translation yet")
        if result.get(index, human) != human:
            raise EditProblem(f"{path}: the same sentence was edited in two places in different ways")
        result[index] = human
    return sorted(result.items())


def _start(opcodes: Sequence[tuple[str, int, int, int, int]], position: int) -> int:
    """Where ``position`` of the machine page is in the edited one; text inserted there belongs after it."""
    for tag, i1, i2, j1, _ in opcodes:
        if tag == "equal" and i1 <= position < i2:
            return j1 + position - i1
        if tag != "equal" and i1 == position:
            return j1
    return opcodes[-1][4] if opcodes else 0


def _end(opcodes: Sequence[tuple[str, int, int, int, int]], position: int) -> int:
    """Where ``position`` is in the edited page; text inserted there belongs before it."""
    for tag, i1, i2, j1, j2 in reversed(opcodes):
        if tag == "equal" and i1 < position <= i2:
            return j1 + position - i1
        if tag != "equal" and i2 == position:
            return j2
    return 0
