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
header's ``srclang`` (every other ``<tuv>`` is a target; with ``*all*`` each
language is the source of every other one), and the text of each ``<seg>``
without inline native codes (``<bpt>``, ``<ept>``, ``<ph>``, ``<it>``,
``<ut>``; the text of ``<hi>``, ``<sub>`` and of elements TMX does not define,
such as ``<b>``, is kept). :func:`read_tmx` reads a whole file before
:func:`store_tmx` touches the memory, and the :class:`ImportReport` accounts
for every translation read: added, updated, unchanged, duplicate or skipped
with its reason, and the inline markup each unit lost. Files come from
outside, so they are parsed with defusedxml: a document that declares
entities is refused instead of expanded.
"""

from __future__ import annotations

import os
import math
import re
import time
import xml.etree.ElementTree as ET
from calendar import timegm
from dataclasses import dataclass, field, replace
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
_TMX_INLINE = {"hi": "TMX highlighting", "sub": "a TMX sub-flow"}  # inline elements whose text is kept
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
    """What became of every translation read; ``total`` is the sum of the five outcomes.

    A translation is one source→target pair of a unit (a unit with English
    and Spanish targets holds two); a unit that yields none counts as one
    skipped translation.
    """

    path: Path
    units: int = 0  # <tu> elements read
    added: int = 0
    updated: int = 0  # the memory had another translation for it
    unchanged: int = 0  # the memory had it already
    duplicate: int = 0  # an earlier or later unit of the file has the same source, pair (and key)
    skips: dict[str, list[str]] = field(default_factory=dict)  # reason -> the units skipped for it
    duplicates: list[str] = field(default_factory=list)  # "unit 3 (tuid c): de→en repeats unit 2 (tuid b)"
    markup: dict[str, list[str]] = field(default_factory=dict)  # inline markup dropped -> the units
    human: int = 0  # of the entries stored (added or updated)
    machine: int = 0
    pairs: dict[str, int] = field(default_factory=dict)  # entries stored per language pair

    @property
    def skipped(self) -> int:
        return sum(len(units) for units in self.skips.values())

    @property
    def total(self) -> int:
        return self.added + self.updated + self.unchanged + self.duplicate + self.skipped

    @property
    def imported(self) -> int:
        """Entries stored: added or updated."""
        return self.human + self.machine

    @property
    def reasons(self) -> list[str]:
        """``unit 3 (tuid t3): why`` for every skip."""
        return [f"{unit}: {reason}" for reason, units in self.skips.items() for unit in units]

    def skip(self, unit: str, reason: str) -> None:
        self.skips.setdefault(reason, []).append(unit)


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
        if entry.reviewer:  # TMX's own attribute for who last changed a unit
            unit.set("changeid", entry.reviewer)
        props: dict[str, str] = {"origin": entry.origin}
        if entry.origin == "machine":
            props.update(route=key.route, settings=key.settings, context=key.context)
            if entry.score is not None:
                props["score"] = repr(entry.score)
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


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _seg_text(seg: ET.Element, dropped: set[str]) -> str:
    """The text of ``seg``; what inline markup it loses goes into ``dropped``."""
    parts = [seg.text or ""]
    for child in seg:
        tag = _local(child.tag)
        char = _CHAR_TEXT.fullmatch((child.text or "").strip()) if child.get("type") == _CHAR else None
        if tag == "ph" and char is not None and int(char.group(1), 16) <= 0x10FFFF:
            parts.append(chr(int(char.group(1), 16)))
        elif tag in _NATIVE_CODES:
            dropped.add(f"<{tag}> (an inline code, its content left out)")
        else:
            dropped.add(f"<{tag}> ({_TMX_INLINE.get(tag, 'not TMX markup')})")
            parts.append(_seg_text(child, dropped))
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
    """Store what :func:`read_tmx` read, in one transaction; say what was added, updated, unchanged."""
    report = replace(units.report, pairs={})
    stored = memory.find(entry.digest for entry in units.entries)
    fresh: list[Entry] = []
    for entry in units.entries:
        old = stored.get(entry.digest)
        if old is not None and (old.translation, old.meta) == (entry.translation, entry.meta):
            report.unchanged += 1
            continue
        if old is None:
            report.added += 1
        else:
            report.updated += 1
        fresh.append(entry)
        pair = f"{entry.key.source}-{entry.key.target}"
        report.pairs[pair] = report.pairs.get(pair, 0) + 1
        if entry.origin == "human":
            report.human += 1
        else:
            report.machine += 1
    memory.add_entries(fresh)
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
    found: list[tuple[str, Entry]] = []
    header_source = ""
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
                header_source = element.get("srclang", "").strip()
            elif element.tag == "tu":
                report.units += 1
                tuid = element.get("tuid")
                label = f"unit {report.units}" + (f" (tuid {tuid})" if tuid else "")
                found.extend((label, entry) for entry in _unit_entries(element, label, header_source, origin, report))
                element.clear()
    except DefusedXmlException:
        raise InputError(
            f"{path} declares XML entities or external references, which "
            "TMX never needs; babelpress refuses to expand them. Re-export it from the CAT tool."
        ) from None
    except ET.ParseError as exc:
        raise _parse_error(path, exc) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path} cannot be decoded: {exc.reason}; TMX files are UTF-8 or UTF-16.") from None
    except OSError as exc:
        raise InputError(f"{path} cannot be read: {exc.strerror}.") from None
    return TmxUnits(path, _deduplicated(found, report), report)


def _deduplicated(found: list[tuple[str, Entry]], report: ImportReport) -> list[Entry]:
    """One entry per key: a later unit with another translation replaces an earlier one."""
    chosen: dict[str, tuple[str, Entry]] = {}
    for label, entry in found:
        earlier = chosen.get(entry.digest)
        if earlier is None:
            chosen[entry.digest] = (label, entry)
            continue
        report.duplicate += 1
        pair = f"{entry.key.source}→{entry.key.target}"
        if (earlier[1].translation, earlier[1].meta) == (entry.translation, entry.meta):
            report.duplicates.append(f"{label}: {pair} repeats {earlier[0]}")
        else:
            report.duplicates.append(f"{earlier[0]}: {pair} is replaced by {label}, a later translation of it")
            chosen[entry.digest] = (label, entry)
    return [entry for _, entry in chosen.values()]


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


def _unit_entries(unit: ET.Element, label: str, header_source: str, origin: str, report: ImportReport) -> list[Entry]:
    """The translations of one ``<tu>``; every one it cannot give is a skip with its reason."""
    props = {
        prop.get("type", "")[len(_PROP):]: prop.text or ""
        for prop in unit.findall("prop")
        if prop.get("type", "").startswith(_PROP)
    }
    variants: list[tuple[str, str]] = []
    dropped: set[str] = set()
    for tuv in unit.findall("tuv"):
        lang = tuv.get(_XML_LANG) or tuv.get("lang")
        seg = tuv.find("seg")
        if not lang or seg is None:
            report.skip(label, "a <tuv> without language or <seg>")
            return []
        variants.append((_lang(lang), _seg_text(seg, dropped)))
    for what in sorted(dropped):
        report.markup.setdefault(what, []).append(label)
    srclang = (unit.get("srclang") or "").strip() or header_source
    if not srclang:
        report.skip(label, "no source language (neither the unit nor the header has srclang)")
        return []
    created = _parse_date(unit.get("creationdate")) or time.time()
    used = _parse_date(unit.get("lastusagedate")) or _parse_date(unit.get("changedate")) or created
    if srclang == "*all*":  # any language is the source of every other one
        pairs = _all_pairs(variants, label, report)
    else:
        pairs = _pairs(variants, _lang(srclang), label, report)
    machine = (origin == "auto" and srclang != "*all*" and props.get("origin") == "machine"
               and "route" in props and "settings" in props)
    kind: Origin = "machine" if machine else "human"
    score: float | None = None
    if machine and props.get("score"):
        try:
            score = float(props["score"])
        except ValueError:
            score = None
        if score is not None and not math.isfinite(score):
            score = None
    reviewer = ""
    if not machine:  # who changed the unit last, else who created it (another tool's translator)
        creator = (unit.get("creationid") or "").strip()
        reviewer = (unit.get("changeid") or "").strip() or (creator if creator not in ("babelpress", "human") else "")
    entries = []
    for (source, text), (target, translation) in pairs:
        if machine:
            key = SegmentKey.make(text, source, target, props["route"], props["settings"], props.get("context", ""))
        else:
            key = SegmentKey.make(text, source, target, "", "", "")
        entries.append(Entry(key, translation, kind, created, used, props.get("meta", ""), score, reviewer))
    return entries


_Pair = tuple[tuple[str, str], tuple[str, str]]


def _pairs(variants: list[tuple[str, str]], source: str, label: str, report: ImportReport) -> list[_Pair]:
    sources = [variant for variant in variants if variant[0] == source]
    if not sources:
        report.skip(label, f"no <tuv> in the source language {source}")
        return []
    if not sources[0][1].strip():
        report.skip(label, f"no source text (the {source} <seg> is empty)")
        return []
    for _ in sources[1:]:
        report.skip(label, f"a second <tuv> in the source language {source} (the first one is the source)")
    targets = [variant for variant in variants if variant[0] != source]
    if not targets:
        report.skip(label, "no translation")
    pairs = []
    for target in targets:
        if target[1].strip():
            pairs.append((sources[0], target))
        else:
            report.skip(label, f"no translation (the {target[0]} <seg> is empty)")
    return pairs


def _all_pairs(variants: list[tuple[str, str]], label: str, report: ImportReport) -> list[_Pair]:
    filled = [variant for variant in variants if variant[1].strip()]
    if len({lang for lang, _ in filled}) < 2:
        report.skip(label, "no translation (srclang is *all*, and fewer than two languages have text)")
        return []
    for lang, text in variants:
        if not text.strip():
            report.skip(label, f"no translation (the {lang} <seg> is empty)")
    return [(a, b) for a in filled for b in filled if a[0] != b[0]]
