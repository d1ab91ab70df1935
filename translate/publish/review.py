"""Review in a CAT tool: the segments of a project exported as XLIFF 1.2 or PO, and read back.

:func:`collect` translates the project's sources as ``publish`` does (the
memory first, the engine for the rest), so every exported target is the
sentence the next publish writes. Each segment is one sentence, located by
its document's slug, block (unit) and sentence number (``slug:block.sentence``),
with each glossary occurrence as a note. :func:`write_xliff` writes XLIFF 1.2
(machine targets ``state="needs-review-translation"``,
``state-qualifier="mt-suggestion"``; human ones ``state="translated"``;
inline-markup markers as ``<g id>``/``<x id/>``, and the exported target
again as an ``<alt-trans>``, so an edit is seen even if the tool keeps the
state); :func:`write_po` writes PO (machine targets ``fuzzy``, markers as
text, a digest of the exported target in ``msgctxt``).

:func:`read_review` reads either format back (XLIFF with defusedxml: a file
from outside declaring entities is refused) and :func:`store_review` stores
each target the reviewer changed or marked translated as a human
translation, which wins over machine ones at the next publish. Every unit
read is accounted for: stored, unchanged, or skipped with its reason (empty,
changed inline markup, a source that is not a sentence of the project).
"""

from __future__ import annotations

import bisect
import hashlib
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from translate import __version__
from translate.documents.model import Document
from translate.enforce.report import TermRow
from translate.errors import InputError, TranslationMemoryError
from translate.memory.keys import SegmentKey
from translate.memory.store import TranslationMemory
from translate.run.units import plan_unit

if TYPE_CHECKING:
    from translate.engine.decoder import Engine
    from translate.glossary.model import Glossary

__all__ = ["FORMATS", "ORDERS", "collect", "ordered", "load_project", "partners", "ReviewFile", "ReviewReport", "ReviewUnit", "Segment", "project_sentences", "read_review",
           "store_review", "write_po", "write_xliff"]

FORMATS = ("xliff", "po")
_NS = "urn:oasis:names:tc:xliff:document:1.2"
_X = f"{{{_NS}}}"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_MARKER = re.compile(r"<(/?)(\d{1,4})(/?)>")
_REVIEWED = {"translated", "final", "signed-off"}


def _fingerprint(text: str) -> str:
    """A short digest of an exported PO target, kept in its ``msgctxt`` to tell whether the reviewer changed it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


@dataclass
class Segment:
    """One sentence of the project, with the target the next publish writes."""

    slug: str
    path: str  # the source as front matter records it
    unit: int  # 1-based block number in the document
    sentence: int  # 1-based sentence number in the block
    source: str
    target: str
    human: bool = False  # already a human translation: nothing to review
    notes: list[str] = field(default_factory=list)
    score: float | None = None  # the model's score of a machine target (None: human, or copied)

    @property
    def id(self) -> str:
        return f"{self.slug}:{self.unit}.{self.sentence}"


def locations(document: Document, lang: str) -> list[tuple[int, int, str]]:
    """``(block, sentence, text)`` of each sentence of ``document``, in run order (1-based)."""
    found: list[tuple[int, int, str]] = []
    for number, unit in enumerate(document.units, start=1):
        sentences: list[str] = []
        plan_unit(unit, lang, sentences)
        found.extend((number, k, text) for k, text in enumerate(sentences, start=1))
    return found


def project_sentences(documents: Sequence[tuple[str, Document]], lang: str) -> dict[str, str]:
    """Segment id → source sentence, for ``(slug, document)`` pairs."""
    return {f"{slug}:{unit}.{k}": text for slug, document in documents for unit, k, text in locations(document, lang)}


def term_note(row: TermRow) -> str:
    """One glossary occurrence as a reviewer reads it."""
    return f"Glossary term ({row.hop}): '{row.source}' must be '{row.expected}': {row.status}"


def load_project(sources: Sequence[Path], root: Path, source_lang: str, encoding: str) -> list[tuple[str, str, Document]]:
    """``(slug, recorded path, document)`` of every source, with the slugs ``publish`` gives them.

    Raises:
        InputError: for the first source that cannot be read, or two that would share a slug.
    """
    from translate.documents import load_document
    from translate.publish.run import claim_slug, expand_sources, recorded_path

    found: list[tuple[str, str, Document]] = []
    slugs: dict[str, str] = {}
    for path, problem in expand_sources(list(sources)):
        if problem:
            raise InputError(problem)
        document = load_document(path, encoding, source_lang, str(path))
        slug = claim_slug(slugs, document, path, str(path))
        found.append((slug, recorded_path(path, root), document))
    return found


def collect(project: Sequence[tuple[str, str, Document]], source_lang: str, target: str, engine: Engine, *,
            glossary: Glossary | None, memory: TranslationMemory | None) -> list[Segment]:
    """Every sentence of ``project`` with the ``target`` translation the next publish writes."""
    from translate.run.batch import prepare

    plan = engine.plan(source_lang, [target])
    done = prepare(plan, [document for _, _, document in project]).translate(engine, glossary=glossary,
                                                                             memory=memory)
    translations, scores = done.sentences[target], done.scores[target]
    segments: list[Segment] = []
    for index, (slug, path, document) in enumerate(project):
        first = len(segments)
        for unit, k, text in locations(document, plan.source):
            position = len(segments)
            segments.append(Segment(slug, path, unit, k, text, translations[position], score=scores[position]))
        for row in done.terms[index]:  # every hop on the way to ``target`` (a pivot's first hop too)
            segments[first + row.segment].notes.append(term_note(row))
    if memory is not None:
        keys = {s.id: SegmentKey.make(s.source, plan.source, target, "", "") for s in segments}
        found = memory.lookup_many(keys.values(), touch=False)
        for segment in segments:
            entry = found.get(keys[segment.id])
            segment.human = entry is not None and entry.origin == "human" and entry.translation == segment.target
            if segment.human:
                segment.score = None
    _note_confidence(segments)
    return segments


ORDERS = ("document", "confidence")


def _note_confidence(segments: Sequence[Segment]) -> None:
    """Note each machine segment's score and where it ranks among this export's (lowest N %)."""
    scored = sorted(s.score for s in segments if s.score is not None)
    for segment in segments:
        if segment.score is None:
            continue
        below = bisect.bisect_left(scored, segment.score)  # ties rank together
        share = math.ceil(100 * (below + 1) / len(scored))
        segment.notes.append(f"model confidence: {segment.score:.2f} (lowest {share}% of this export)")


def ordered(segments: Sequence[Segment], order: str) -> list[Segment]:
    """The segments in document order, or (``confidence``) the lowest-scoring first, human ones last."""
    if order == "document":
        return list(segments)
    if order != "confidence":
        raise ValueError(f"unknown order {order!r}")
    return sorted(segments, key=lambda s: (s.score is None, s.score if s.score is not None else 0.0))


# --- XLIFF 1.2 ---------------------------------------------------------------------------------------------------

def partners(text: str) -> dict[str, str]:
    """Each opening marker of ``text`` → its closing one (``<0>`` … ``</1>``), paired by nesting."""
    found: dict[str, str] = {}
    stack: list[str] = []
    for match in _MARKER.finditer(text):
        close, ident, void = match.groups()
        if void:
            continue
        if not close:
            stack.append(ident)
        elif stack:
            found[stack.pop()] = ident
    return found


def _inline(parent: ET.Element, text: str) -> None:
    """``text`` with its markers appended to ``parent``: a pair as ``<g id>``, a void as ``<x id/>``.

    A pair's ``<g>`` carries its opening marker's number; the closing one is
    the source's (:func:`partners`). A marker without a partner in the
    sentence is a ``<bx id/>`` or ``<ex id/>``.
    """
    pairs = partners(text)
    closing = set(pairs.values())
    stack, opened = [parent], []

    def put(value: str) -> None:
        holder = stack[-1]
        if len(holder):
            holder[-1].tail = (holder[-1].tail or "") + value
        else:
            holder.text = (holder.text or "") + value

    position = 0
    for match in _MARKER.finditer(text):
        put(text[position : match.start()])
        position = match.end()
        close, ident, void = match.groups()
        if void:
            ET.SubElement(stack[-1], f"{_X}x", id=ident)
        elif not close and ident in pairs:
            stack.append(ET.SubElement(stack[-1], f"{_X}g", id=ident))
            opened.append(ident)
        elif close and ident in closing and opened and pairs[opened[-1]] == ident:
            opened.pop()
            stack.pop()
        else:
            ET.SubElement(stack[-1], f"{_X}{'ex' if close else 'bx'}", id=ident)
    put(text[position:])


def _flatten(element: ET.Element, pairs: Mapping[str, str]) -> str:
    """An XLIFF ``<source>``/``<target>`` back to text with markers (a ``<g>`` closes as ``pairs`` says).

    Raises:
        ValueError: for inline codes babelpress does not write (``<ph>``, ``<bpt>``, ...).
    """
    parts = [element.text or ""]
    for child in element:
        name = child.tag.removeprefix(_X)
        ident = child.get("id", "")
        if name == "g" and ident.isdigit():
            parts.append(f"<{ident}>{_flatten(child, pairs)}</{pairs.get(ident, ident)}>")
        elif name in ("x", "bx", "ex") and ident.isdigit():
            parts.append({"x": f"<{ident}/>", "bx": f"<{ident}>", "ex": f"</{ident}>"}[name])
        elif name == "mrk":
            parts.append(_flatten(child, pairs))
        else:
            raise ValueError(f"the inline element <{name} id=\"{ident}\"> is not one babelpress wrote")
        parts.append(child.tail or "")
    return "".join(parts)


def write_xliff(segments: Sequence[Segment], source_lang: str, target_lang: str) -> bytes:
    """XLIFF 1.2 (strict schema), one ``<file>`` per run of segments of one document.

    In document order that is one ``<file>`` per document; segments in
    another order (lowest confidence first) open a new ``<file>`` wherever
    the document changes, so the units stay in the order given.
    """
    ET.register_namespace("", _NS)
    root = ET.Element(f"{_X}xliff", version="1.2")
    body: ET.Element | None = None
    current: str | None = None
    for segment in segments:
        if body is None or segment.slug != current:
            current = segment.slug
            file = ET.SubElement(root, f"{_X}file", {
                "original": segment.path, "source-language": source_lang, "target-language": target_lang,
                "datatype": "x-markdown", "tool-id": "babelpress"})
            header = ET.SubElement(file, f"{_X}header")
            ET.SubElement(header, f"{_X}tool", {"tool-id": "babelpress", "tool-name": "babelpress",
                                                "tool-version": __version__})
            body = ET.SubElement(file, f"{_X}body")
        unit = ET.SubElement(body, f"{_X}trans-unit", {"id": segment.id, _XML_SPACE: "preserve"})
        _inline(ET.SubElement(unit, f"{_X}source"), segment.source)
        state = {"state": "translated"} if segment.human else {
            "state": "needs-review-translation", "state-qualifier": "mt-suggestion"}
        _inline(ET.SubElement(unit, f"{_X}target", state), segment.target)
        group = ET.SubElement(unit, f"{_X}context-group", {"purpose": "location"})
        for kind, value in (("sourcefile", segment.path), ("x-babelpress-document", segment.slug),
                            ("x-babelpress-block", str(segment.unit)),
                            ("x-babelpress-sentence", str(segment.sentence))):
            ET.SubElement(group, f"{_X}context", {"context-type": kind}).text = value
        for note in segment.notes:
            ET.SubElement(unit, f"{_X}note", {"from": "babelpress"}).text = note
        alternative = ET.SubElement(unit, f"{_X}alt-trans", {"origin": "babelpress"})
        _inline(ET.SubElement(alternative, f"{_X}target"), segment.target)
    ET.indent(root)  # between elements only: xml:space="preserve" units keep their text as it is
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


# --- PO ----------------------------------------------------------------------------------------------------------

def write_po(segments: Sequence[Segment], source_lang: str, target_lang: str) -> bytes:
    """PO: one entry per sentence, ``msgctxt`` its id, markers as text, machine targets fuzzy."""
    import polib

    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": "babelpress review", "Language": target_lang, "X-Source-Language": source_lang,
        "MIME-Version": "1.0", "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit",
        "X-Generator": f"babelpress {__version__}",
    }
    for segment in segments:
        comments = [f"{segment.path}: document {segment.slug}, block {segment.unit}, sentence {segment.sentence}",
                    *segment.notes]
        po.append(polib.POEntry(msgctxt=f"{segment.id}@{_fingerprint(segment.target)}", msgid=segment.source, msgstr=segment.target,
                                comment="\n".join(comments), flags=[] if segment.human else ["fuzzy"]))
    return str(po).encode("utf-8")


# --- reading back ------------------------------------------------------------------------------------------------

@dataclass
class ReviewUnit:
    """One unit of a review file as the reviewer left it."""

    id: str
    source: str
    target: str
    original: str | None  # the target as exported (None: the tool dropped it)
    reviewed: bool  # marked translated (XLIFF state translated/final/signed-off; PO not fuzzy)
    problem: str = ""  # why it cannot be read (inline codes babelpress did not write)


@dataclass
class ReviewFile:
    format: str
    source_lang: str
    target_lang: str
    units: list[ReviewUnit]


def read_review(path: Path, known: Mapping[str, str]) -> ReviewFile:
    """Read an XLIFF 1.2 or PO file written by :func:`write_xliff`/:func:`write_po` and edited in a CAT tool.

    ``known`` (segment id → source sentence) tells how an XLIFF ``<g>`` closes.

    Raises:
        InputError: the file cannot be read, or is neither XLIFF 1.2 nor PO.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path} cannot be read: {exc.strerror or exc}.") from None
    looks_xml = data.lstrip()[:1] == b"<" or path.suffix.lower() in (".xlf", ".xliff")
    return _read_xliff(path, data, known) if looks_xml else _read_po(path, data)


def _not_review(path: Path, why: str) -> InputError:
    return InputError(f"{path} is not an XLIFF 1.2 or PO file ({why}); review a file written by "
                      "`babelpress review export`.")


def _read_xliff(path: Path, data: bytes, known: Mapping[str, str]) -> ReviewFile:
    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException

    try:
        root = SafeET.fromstring(data)
    except DefusedXmlException:
        raise _not_review(path, "it declares XML entities, which babelpress does not expand") from None
    except ET.ParseError as exc:
        raise _not_review(path, f"not well-formed XML: {exc}") from None
    if root.tag != f"{_X}xliff" or root.get("version") != "1.2":
        raise _not_review(path, f"its root element is <{root.tag.rsplit('}', 1)[-1]}>, not XLIFF 1.2 <xliff>")
    files = root.findall(f"{_X}file")
    if not files:
        raise _not_review(path, "it holds no <file>")
    languages = {(f.get("source-language", ""), f.get("target-language", "")) for f in files}
    if len(languages) != 1:
        raise InputError(f"{path} mixes language pairs ({', '.join(sorted('→'.join(p) for p in languages))}); "
                         "import one file per target language.")
    (source_lang, target_lang), = languages
    units: list[ReviewUnit] = []
    for unit in root.iter(f"{_X}trans-unit"):
        source, target = unit.find(f"{_X}source"), unit.find(f"{_X}target")
        alternative = unit.find(f"{_X}alt-trans[@origin='babelpress']/{_X}target")
        item = ReviewUnit(unit.get("id", ""), "", "", None, target is not None and target.get("state") in _REVIEWED)
        pairs = partners(known.get(item.id, ""))
        try:
            item.source = _flatten(source, pairs) if source is not None else ""
            item.target = _flatten(target, pairs) if target is not None else ""
            item.original = _flatten(alternative, pairs) if alternative is not None else None
        except ValueError as exc:
            item.problem = str(exc)
        units.append(item)
    return ReviewFile("xliff", source_lang.lower(), target_lang.lower(), units)


def _read_po(path: Path, data: bytes) -> ReviewFile:
    import polib

    try:
        po = polib.pofile(data.decode("utf-8"), wrapwidth=0)
    except UnicodeDecodeError:
        raise _not_review(path, "not UTF-8 text") from None
    except (OSError, ValueError) as exc:
        raise _not_review(path, str(exc).rstrip(".")) from None
    language, source_lang = po.metadata.get("Language", ""), po.metadata.get("X-Source-Language", "")
    if not language or not source_lang:
        raise _not_review(path, "its header names no Language and X-Source-Language")
    units: list[ReviewUnit] = []
    for entry in po:
        if entry.obsolete:
            continue
        ident, _, exported = (entry.msgctxt or "").partition("@")
        # The context's fingerprint stands for the exported target: equal fingerprints, unchanged target.
        original = entry.msgstr if exported and _fingerprint(entry.msgstr) == exported else ("" if exported else None)
        units.append(ReviewUnit(ident, entry.msgid, entry.msgstr, original, "fuzzy" not in entry.flags))
    return ReviewFile("po", source_lang.lower(), language.lower(), units)


@dataclass
class ReviewReport:
    """What an import did with every unit it read."""

    read: int = 0
    stored: list[str] = field(default_factory=list)  # ids
    unchanged: int = 0
    skipped: list[dict[str, str]] = field(default_factory=list)  # id, reason

    def summary(self) -> dict[str, object]:
        return {"read": self.read, "stored": len(self.stored), "unchanged": self.unchanged, "skipped": self.skipped}


def _markers(text: str) -> list[str]:
    return sorted(match.group(0) for match in _MARKER.finditer(text))


def store_review(review: ReviewFile, known: Mapping[str, str], source_lang: str,
                 memory: TranslationMemory, *, reviewer: str = "") -> ReviewReport:
    """Store each target the reviewer changed or marked translated as a human translation.

    ``reviewer`` (who reviewed the file) is recorded with each stored entry.

    ``known`` maps each segment id of the project to its source sentence;
    a unit whose id or source is not there is skipped. Raises
    :class:`InputError` for a file of another source language and
    :class:`TranslationMemoryError` for a memory that cannot be written.
    """
    if review.source_lang != source_lang:
        raise InputError(f"the review file translates from '{review.source_lang}', but the project's source "
                         f"language is '{source_lang}'; give --from {review.source_lang} or the right file.")
    if review.target_lang == source_lang:
        raise InputError(f"the review file's target language is the source language '{source_lang}'.")
    if memory.read_only:
        raise TranslationMemoryError(f"{memory.path} is read-only, so reviewed translations cannot be stored; "
                                     "make it writable or give another --memory.")
    report = ReviewReport(read=len(review.units))
    human = memory.lookup_many([SegmentKey.make(u.source, source_lang, review.target_lang, "", "")
                                for u in review.units if u.source], touch=False)
    items: list[tuple[SegmentKey, str]] = []
    for unit in review.units:
        key = SegmentKey.make(unit.source, source_lang, review.target_lang, "", "")
        reason = ""
        if unit.problem:
            reason = unit.problem
        elif known.get(unit.id) != unit.source:
            reason = ("not a sentence of the project's sources (the source changed since the export, or the "
                      "file is another project's): export again")
        else:
            entry = human.get(key)
            stored = entry.translation if entry is not None and entry.origin == "human" else None
            untouched = unit.target == unit.original if unit.original is not None else not unit.reviewed
            if not unit.target.strip():
                reason = "the target is empty"
            elif unit.target == stored or (untouched and not unit.reviewed):
                report.unchanged += 1
                continue
            elif _markers(unit.target) != _markers(unit.source):
                reason = (f"its inline markup differs from the source's ({' '.join(_markers(unit.source)) or 'none'}"
                          f" in the source, {' '.join(_markers(unit.target)) or 'none'} in the target): keep every "
                          "tag of the source once")
        if reason:
            report.skipped.append({"id": unit.id, "reason": reason})
            continue
        items.append((key, unit.target))
        report.stored.append(unit.id)
    if items:
        memory.store_many(items, origin="human", reviewer=reviewer)
    return report
