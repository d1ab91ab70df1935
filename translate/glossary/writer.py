"""Writing a glossary back to YAML: one fixed order and layout, atomically.

The file is rendered by hand rather than with ``yaml.dump`` so that the layout
is ours to keep stable: entries sorted by id, keys in a fixed order, short
lists inline, one blank line between entries. Adding or editing one entry
changes only that entry's lines.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from translate.files import write_atomic
from translate.glossary.loader import FORMAT_VERSION, SafeLoader, parse_glossary, paused_gc
from translate.glossary.model import Entry, Glossary

HEADER = """\
# babelpress glossary: one entry per concept, enforced in every translation.
# Keys: id, a term per language (de, en, es, ...), forms (more accepted forms
# per language), forbidden (renderings that are always wrong), keep (a name
# that is never translated), case_sensitive, note.
# `babelpress glossary add/edit/remove/import` rewrite this file in this layout
# and keep no other comments; put remarks in an entry's note.
"""


# Words of letters, digits, '_' and '-' starting with a letter, single spaces between:
# plain YAML whenever the resolver reads them as text (not ``yes``, ``null``, ...).
# Most terms are such words; only the others pay for a trial parse.
_WORDS = re.compile(r"[^\W\d_][\w-]*(?: [\w-]+)*")
_RESOLVER = yaml.resolver.Resolver()
_TEXT = "tag:yaml.org,2002:str"


def _plain_ok(value: str, flow: bool) -> bool:
    if _WORDS.fullmatch(value):
        return bool(_RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == _TEXT)  # type: ignore[no-untyped-call]
    if not value or value != value.strip() or "\n" in value or value[0] in "\"'":
        return False
    if flow and any(ch in value for ch in ",[]{}#"):
        return False
    try:
        return bool(yaml.load(value, Loader=SafeLoader) == value)
    except yaml.YAMLError:
        return False


def scalar(value: str, flow: bool = False) -> str:
    """``value`` as a YAML scalar: plain where that reads back the same, else double-quoted."""
    if _plain_ok(value, flow):
        return value
    # A JSON string is a valid YAML double-quoted scalar.
    return json.dumps(value, ensure_ascii=False)


def _inline_list(values: tuple[str, ...]) -> str:
    return "[" + ", ".join(scalar(value, flow=True) for value in values) + "]"


def _language_order(languages: list[str], source: str) -> list[str]:
    return sorted(languages, key=lambda lang: (lang != source, lang))


def render_entry(entry: Entry, source: str) -> list[str]:
    """The lines of one entry, starting with ``- id:``."""
    lines = [f"- id: {scalar(entry.id)}"]
    for lang in _language_order(list(entry.terms), source):
        lines.append(f"  {lang}: {scalar(entry.terms[lang])}")
    if entry.keep:
        lines.append("  keep: true")
    if entry.case_sensitive:
        lines.append("  case_sensitive: true")
    for key, table in (("forms", entry.forms), ("forbidden", entry.forbidden)):
        if table:
            lines.append(f"  {key}:")
            for lang in _language_order(list(table), source):
                lines.append(f"    {lang}: {_inline_list(table[lang])}")
    if entry.note:
        lines.append(f"  note: {scalar(entry.note)}")
    return lines


def render_glossary(glossary: Glossary) -> str:
    """The whole file as text."""
    lines = [HEADER.rstrip("\n"), f"version: {FORMAT_VERSION}", f"source: {glossary.source}"]
    if not glossary.entries:
        lines.append("entries: []")
        return "\n".join(lines) + "\n"
    lines.append("entries:")
    for index, entry in enumerate(glossary.entries):
        if index:
            lines.append("")
        lines.extend(render_entry(entry, glossary.source))
    return "\n".join(lines) + "\n"


def save_glossary(glossary: Glossary, path: Path | str) -> None:
    """Write ``glossary`` to ``path`` atomically, after checking that it reads back equal."""
    path = Path(path)
    with paused_gc():
        text = render_glossary(glossary)
    # Validation happens here, on the exact text about to be written: a
    # glossary babelpress writes is always one it can load again.
    again = parse_glossary(text, str(path))
    if again != glossary:  # pragma: no cover - a rendering bug, not a user error
        raise AssertionError("the glossary did not read back equal to what was written")
    write_atomic(path, text, "keep the glossary in a writable place and pass --glossary PATH", what="the glossary ")
