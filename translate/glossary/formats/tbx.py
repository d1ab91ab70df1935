"""TBX (TermBase eXchange, ISO 30042) import and export.

Import reads both generations found in the wild: TBX v2 ``<martif>``
(``termEntry/langSet/tig|ntig/term``, e.g. Weblate and Translate Toolkit
exports) and TBX v3 ``<tbx>`` in DCA style (``conceptEntry/langSec/termSec/
term``: TBX-Core, TBX-Basic). The first term of a language (or the one marked
``preferredTerm``) is the term; further ones are accepted forms; terms marked
``deprecatedTerm``/``supersededTerm`` are forbidden renderings. Notes and
descriptions at entry level become the entry's note.

Export writes TBX v3 TBX-Basic (DCA), losslessly for babelpress: the
administrative status tells term, form and forbidden rendering apart, and two
entry-level notes (``babelpress: keep``, ``babelpress: case-sensitive``) carry
the flags TBX has no data category for.

Parsing uses defusedxml over the standard library's ``xml.etree`` (expat): it
never fetches external DTDs, and a file that declares entities at all, which
no termbase needs, is refused in whatever encoding it is written (UTF-16 too).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from translate.errors import TermbaseFormatError
from translate.glossary.formats.merge import Concept
from translate.glossary.model import Glossary, clean_term

TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FLAG_KEEP = "babelpress: keep"
FLAG_CASE = "babelpress: case-sensitive"
_ENTRY_START = re.compile(r"<(?:[\w.-]+:)?(?:termEntry|conceptEntry)\b")
_STATUS_TYPES = {"administrativeStatus", "normativeAuthorization"}


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _text(element: ET.Element) -> str:
    return clean_term("".join(element.itertext()))


def _children(element: ET.Element, *names: str) -> list[ET.Element]:
    return [child for child in element if _local(child.tag) in names]


def _language(element: ET.Element) -> str:
    value = element.get(XML_LANG) or element.get("lang") or ""
    return value.split("-")[0].split("_")[0].strip().lower()


def parse_tbx(data: bytes, name: str) -> list[Concept]:
    """Concepts from the bytes of a TBX file.

    The file is parsed as a stream (``iterparse``): each entry is turned into
    a :class:`Concept` when it ends and then dropped, so the XML tree of a
    100,000-entry file is never held in memory at once.
    """
    import io

    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException

    wide = data.startswith((b"\xff\xfe", b"\xfe\xff"))  # UTF-16: lines are counted in the decoded text
    text = data.decode("utf-16" if wide else "utf-8", errors="replace")
    starts = _ENTRY_START.finditer(text)  # where each entry starts, in document order
    line, offset = 1, 0
    where: dict[int, str] = {}  # id(element) -> "line N", from its start tag
    stack: list[ET.Element] = []
    concepts: list[Concept] = []
    try:
        for event, element in SafeET.iterparse(io.BytesIO(data), events=("start", "end")):
            if event == "start":
                if not stack and _local(element.tag) not in ("martif", "tbx"):
                    raise TermbaseFormatError(
                        f"{name}: not a TBX file (the root element is <{_local(element.tag)}>, "
                        "expected <tbx> or <martif>)."
                    )
                stack.append(element)
                if _local(element.tag) in ("termEntry", "conceptEntry"):
                    found = next(starts, None)
                    if found is not None:
                        line += text.count("\n", offset, found.start())
                        offset = found.start()
                    where[id(element)] = f"line {line}" if found is not None else f"entry {len(where) + 1}"
                continue
            stack.pop()
            if _local(element.tag) in ("termEntry", "conceptEntry"):
                concepts.append(_concept(element, where.pop(id(element))))
                if stack and not any(_local(outer.tag) in ("termEntry", "conceptEntry") for outer in stack):
                    del stack[-1][:]  # this entry and the ones before it are done with
    except DefusedXmlException:
        raise TermbaseFormatError(
            f"{name}: declares XML entities, which babelpress does not expand; remove the <!ENTITY> declarations."
        ) from None
    except ET.ParseError as exc:
        position = getattr(exc, "position", None)
        raise TermbaseFormatError(f"{name}:{position[0] if position else 0}: not well-formed XML ({exc}).") from None
    return concepts


def _concept(element: ET.Element, where: str) -> Concept:
    concept = Concept(terms={}, id=element.get("id"), where=where)
    notes = []
    for child in _children(element, "note", "descrip"):
        value = _text(child)
        if value == FLAG_KEEP:
            concept.keep = True
        elif value == FLAG_CASE:
            concept.case_sensitive = True
        elif value:
            notes.append(value)
    concept.note = "; ".join(notes)
    for lang_element in _children(element, "langSet", "langSec"):
        lang = _language(lang_element)
        if not lang:
            continue
        preferred: list[str] = []
        others: list[str] = []
        for group in _children(lang_element, "tig", "ntig", "termSec"):
            term = next((el for el in group.iter() if _local(el.tag) == "term"), None)
            if term is None:
                continue
            value = _text(term)
            status = " ".join(
                _text(note) for note in group.iter() if _local(note.tag) == "termNote" and note.get("type") in _STATUS_TYPES
            ).lower()
            if not value:
                continue
            if "deprecated" in status or "superseded" in status or "forbidden" in status:
                concept.forbidden.setdefault(lang, []).append(value)
            elif "preferred" in status:
                preferred.append(value)
            else:
                others.append(value)
        terms = preferred + others
        concept.terms.setdefault(lang, []).extend(terms or [""])
    return concept


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = text
    return element


def _term(parent: ET.Element, value: str, status: str) -> None:
    section = _sub(parent, "termSec")
    _sub(section, "term", value)
    _sub(section, "termNote", f"{status}-admn-sts", type="administrativeStatus")


def write_tbx(glossary: Glossary) -> str:
    """The glossary as a TBX v3 TBX-Basic document (DCA style)."""
    root = ET.Element("tbx", {"type": "TBX-Basic", "style": "dca", XML_LANG: glossary.source, "xmlns": TBX_NS})
    header = _sub(_sub(root, "tbxHeader"), "fileDesc")
    _sub(_sub(header, "sourceDesc"), "p", f"babelpress glossary, content sha256 {glossary.sha256}")
    body = _sub(_sub(root, "text"), "body")
    for entry in glossary.entries:
        concept = _sub(body, "conceptEntry", id=entry.id)
        if entry.keep:
            _sub(concept, "note", FLAG_KEEP)
        if entry.case_sensitive:
            _sub(concept, "note", FLAG_CASE)
        if entry.note:
            _sub(concept, "note", entry.note)
        for lang in sorted(entry.languages, key=lambda code: (code != glossary.source, code)):
            section = _sub(concept, "langSec", **{XML_LANG: lang})
            if lang in entry.terms:
                _term(section, entry.terms[lang], "preferredTerm")
            for form in entry.forms.get(lang, ()):
                _term(section, form, "admittedTerm")
            for form in entry.forbidden.get(lang, ()):
                _term(section, form, "deprecatedTerm")
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
