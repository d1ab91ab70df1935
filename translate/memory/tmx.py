"""TMX 1.4 export and import, so the memory travels to and from CAT tools.

Export writes one ``<tu>`` per entry with its source and target ``<tuv>``, the
TMX dates, and babelpress' key fields as ``<prop type="x-babelpress-…">``
elements (origin, route, settings, context, meta), so a file exported here
re-imports as exactly the same entries. CAT tools (OmegaT, Trados, memoQ)
keep or drop the props; a unit without them is a human translation, and human
translations take precedence over machine ones at lookup. A character XML 1.0
cannot hold (a C0 control other than tab, LF and CR; U+FFFE, U+FFFF) is written
as ``<ph type="x-babelpress-char">U+001B</ph>`` and read back as the character;
a CR as ``&#13;``, which XML keeps (a literal CR would be read as LF).

Import reads TMX 1.1–1.4: ``xml:lang`` or the older ``lang``, the unit's or the
header's ``srclang`` (every other ``<tuv>`` is a target), and the text of each
``<seg>`` without inline native codes (``<bpt>``, ``<ept>``, ``<ph>``, ``<it>``,
``<ut>``; the text of ``<hi>`` and ``<sub>`` is kept). Files come from outside,
so they are parsed with defusedxml: a document that declares entities is
refused instead of expanded.
"""

from __future__ import annotations

import os
import re
import time
import xml.etree.ElementTree as ET
from calendar import timegm
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from translate import __version__
from translate.errors import InputError
from translate.files import write_atomic
from translate.memory.keys import SegmentKey
from translate.memory.store import Entry, Origin, TranslationMemory

__all__ = ["ImportReport", "TmxUnits", "export_tmx", "import_tmx", "read_tmx", "store_tmx"]

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_PROP = "x-babelpress-"
_NATIVE_CODES = {"bpt", "ept", "ph", "it", "ut"}
_DATE_FORMAT = "%Y%m%dT%H%M%SZ"
# XML 1.0 holds no C0 control character but tab, LF and CR, not even as a
# character reference, and neither U+FFFE nor U+FFFF. Export writes each as a
# TMX placeholder, <ph type="x-babelpress-char">U+001B</ph>, which CAT tools
# keep as an inline tag and import turns back into the character.
_NOT_XML = re.compile("([\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff])")
_CHAR = "x-babelpress-char"
_CHAR_TEXT = re.compile(r"U\+([0-9A-F]{4,6})")


@dataclass
class ImportReport:
    path: Path
    human: int = 0
    machine: int = 0
    skipped: int = 0
    reasons: list[str] = field(default_factory=list)  # the first few skip reasons
    pairs: dict[str, int] = field(default_factory=dict)

    @property
    def imported(self) -> int:
        return self.human + self.machine

    def skip(self, reason: str) -> None:
        self.skipped += 1
        if len(self.reasons) < 5:
            self.reasons.append(reason)


def _date(seconds: float) -> str:
    return time.strftime(_DATE_FORMAT, time.gmtime(seconds))


def _parse_date(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return float(timegm(time.strptime(value.strip(), _DATE_FORMAT)))
    except ValueError:
        return None


def _lang(code: str) -> str:
    """``de-DE`` / ``DE_de`` → ``de``: babelpress pairs use base language codes."""
    return code.strip().replace("_", "-").split("-")[0].lower()


def export_tmx(memory: TranslationMemory, path: Path) -> int:
    """Write every entry of ``memory`` to ``path`` as TMX 1.4; return the count."""
    entries = list(memory.entries())
    sources = {entry.key.source for entry in entries}
    root = ET.Element("tmx", version="1.4")
    ET.SubElement(root, "header", {
        "creationtool": "babelpress",
        "creationtoolversion": __version__,
        "segtype": "sentence",
        "o-tmf": "babelpress",
        "adminlang": "en",
        "srclang": sources.pop() if len(sources) == 1 else "*all*",
        "datatype": "plaintext",
        "creationdate": _date(time.time()),
    })
    body = ET.SubElement(root, "body")
    segments: list[tuple[ET.Element, str]] = []
    for entry in entries:
        key = entry.key
        unit = ET.SubElement(body, "tu", {
            "tuid": entry.digest[:16],
            "srclang": key.source,
            "creationdate": _date(entry.created_at),
            "changedate": _date(entry.created_at),
            "lastusagedate": _date(entry.used_at),
            "creationid": "babelpress" if entry.origin == "machine" else "human",
        })
        props: dict[str, str] = {"origin": entry.origin}
        if entry.origin == "machine":
            props.update(route=key.route, settings=key.settings, context=key.context)
        if entry.meta:
            props["meta"] = entry.meta
        for name, value in props.items():
            ET.SubElement(unit, "prop", type=_PROP + name).text = value
        for lang, text in ((key.source, key.text), (key.target, entry.translation)):
            segments.append((ET.SubElement(ET.SubElement(unit, "tuv", {_XML_LANG: lang}), "seg"), text))
    ET.indent(root, space="  ")  # before the segments are filled: indenting must not touch their text
    for seg, text in segments:
        _fill(seg, text)
    # A literal CR would come back as LF (XML end-of-line handling); ElementTree
    # escapes it in attributes only, so every CR left is in text content.
    data = ET.tostring(root, encoding="utf-8").replace(b"\r", b"&#13;")
    write_atomic(path, b'<?xml version="1.0" encoding="UTF-8"?>\n' + data + b"\n")
    return len(entries)


def _fill(seg: ET.Element, text: str) -> None:
    """``text`` as the content of ``seg``, each character XML 1.0 cannot hold as a ``<ph>``."""
    pieces = _NOT_XML.split(text)
    seg.text = pieces[0]
    for char, tail in zip(pieces[1::2], pieces[2::2]):
        placeholder = ET.SubElement(seg, "ph", type=_CHAR)
        placeholder.text = f"U+{ord(char):04X}"
        placeholder.tail = tail


def _seg_text(seg: ET.Element) -> str:
    parts = [seg.text or ""]
    for child in seg:
        char = _CHAR_TEXT.fullmatch((child.text or "").strip()) if child.get("type") == _CHAR else None
        if child.tag == "ph" and char is not None and int(char.group(1), 16) <= 0x10FFFF:
            parts.append(chr(int(char.group(1), 16)))
        elif child.tag not in _NATIVE_CODES:
            parts.append(_seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


@dataclass
class TmxUnits:
    """The entries read from a TMX file, not yet stored (:func:`read_tmx`)."""

    path: Path
    entries: list[Entry]
    report: ImportReport


def import_tmx(
    memory: TranslationMemory, path: Path, *, origin: Literal["auto", "human"] = "auto"
) -> ImportReport:
    """Add the translation units of the TMX file ``path`` to ``memory``: :func:`read_tmx`, then :func:`store_tmx`."""
    return store_tmx(memory, read_tmx(path, origin=origin))


def store_tmx(memory: TranslationMemory, units: TmxUnits) -> ImportReport:
    """Store what :func:`read_tmx` read, in one transaction."""
    report = units.report
    memory.add_entries(units.entries)
    for entry in units.entries:
        pair = f"{entry.key.source}-{entry.key.target}"
        report.pairs[pair] = report.pairs.get(pair, 0) + 1
        if entry.origin == "human":
            report.human += 1
        else:
            report.machine += 1
    return report


def read_tmx(path: Path, *, origin: Literal["auto", "human"] = "auto") -> TmxUnits:
    """Read the translation units of the TMX file ``path``; a bad file fails here, before any memory opens.

    With ``origin="auto"`` a unit carrying babelpress' machine props is
    restored as that machine entry and every other unit is a human
    translation; ``origin="human"`` makes every unit human (e.g. after a
    reviewer corrected an exported memory).
    """
    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException

    report = ImportReport(path=path)
    if not path.is_file():
        raise InputError(f"{path} does not exist." if not path.exists() else f"{path} is not a file.")
    entries: list[Entry] = []
    header_source: str | None = None
    seen_root = False
    try:
        for event, element in SafeET.iterparse(os.fspath(path), events=("start", "end")):
            if event == "start":
                if not seen_root:
                    seen_root = True
                    if element.tag != "tmx":
                        raise InputError(f"{path} is not a TMX file: its root element is <{element.tag}>, not <tmx>.")
                continue
            if element.tag == "header":
                srclang = element.get("srclang", "")
                header_source = None if srclang in ("", "*all*") else _lang(srclang)
            elif element.tag == "tu":
                entry_list = _unit_entries(element, header_source, origin, report)
                entries.extend(entry_list)
                element.clear()
    except DefusedXmlException as exc:
        raise InputError(
            f"{path} declares XML entities or external references ({type(exc).__name__}), which "
            "TMX never needs; babelpress refuses to expand them. Re-export it from the CAT tool."
        ) from None
    except ET.ParseError as exc:
        raise _parse_error(path, exc) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path} cannot be decoded: {exc.reason}; TMX files are UTF-8 or UTF-16.") from None
    except OSError as exc:
        raise InputError(f"{path} cannot be read: {exc.strerror}.") from None
    return TmxUnits(path, entries, report)


_DECLARED = re.compile(rb"""\A\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def _parse_error(path: Path, exc: ET.ParseError) -> InputError:
    """The message for a file expat rejects: empty, in an undeclared encoding, or not well-formed."""
    line, column = exc.position
    reason = str(exc).split(": line ")[0]  # expat appends the position we already give
    try:
        data = path.read_bytes()
    except OSError:
        data = b"<"
    if not data.strip():
        return InputError(f"{path} is empty: there are no translation units to import.")
    declared = _DECLARED.match(data[:1024])
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")) and (declared is None or declared.group(1).lower() in
                                                              (b"utf-8", b"utf8")):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as bad:
            newline = b"\n"
            line = data.count(newline, 0, bad.start) + 1
            column = bad.start - data.rfind(newline, 0, bad.start)
            try:
                data.decode("cp1252")
                name = "windows-1252"
            except UnicodeDecodeError:
                name = "ITS-ENCODING"
            return InputError(
                f"{path} is not UTF-8 (line {line}, column {column}: {data[bad.start:bad.start + 1]!r}) and "
                "declares no other encoding. Save it as UTF-8, or name its encoding in its first line: "
                f'<?xml version="1.0" encoding="{name}"?>.'
            )
    return InputError(f"{path} is not well-formed XML (line {line}, column {column}): {reason}.")


def _unit_entries(
    unit: ET.Element, header_source: str | None, origin: str, report: ImportReport
) -> list[Entry]:
    unit_id = unit.get("tuid") or "without tuid"
    props = {
        prop.get("type", "")[len(_PROP):]: prop.text or ""
        for prop in unit.findall("prop")
        if prop.get("type", "").startswith(_PROP)
    }
    variants: list[tuple[str, str]] = []
    for tuv in unit.findall("tuv"):
        lang = tuv.get(_XML_LANG) or tuv.get("lang")
        seg = tuv.find("seg")
        if not lang or seg is None:
            report.skip(f"unit {unit_id}: a <tuv> without language or <seg>")
            return []
        variants.append((_lang(lang), _seg_text(seg)))
    source_code = _lang(unit.get("srclang", "")) if unit.get("srclang", "*all*") != "*all*" else header_source
    if source_code is None:
        report.skip(f"unit {unit_id}: no source language (srclang is *all* and the unit names none)")
        return []
    sources = [text for lang, text in variants if lang == source_code]
    if not sources:
        report.skip(f"unit {unit_id}: no <tuv> in the source language {source_code}")
        return []
    targets = [(lang, text) for lang, text in variants if lang != source_code and text.strip()]
    if not targets or not sources[0].strip():
        report.skip(f"unit {unit_id}: no translation")
        return []
    created = _parse_date(unit.get("creationdate")) or time.time()
    used = _parse_date(unit.get("lastusagedate")) or _parse_date(unit.get("changedate")) or created
    machine = origin == "auto" and props.get("origin") == "machine" and "route" in props and "settings" in props
    kind: Origin = "machine" if machine else "human"
    entries = []
    for lang, text in targets:
        if machine:
            key = SegmentKey.make(sources[0], source_code, lang, props["route"], props["settings"], props.get("context", ""))
        else:
            key = SegmentKey.make(sources[0], source_code, lang, "", "", "")
        entries.append(Entry(key, text, kind, created, used, props.get("meta", "")))
    return entries
