"""YAML front matter: read it, and rewrite single keys without touching the rest.

A source's own front matter is kept byte for byte: only the values of the
keys babelpress translates (``title``, ``description``) or owns (``lang``,
``source``, …) are replaced, using the node marks of PyYAML's composer to find
them. Loading always goes through ``yaml.safe_load`` semantics (SafeLoader).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from translate.errors import InputError


_MONTH = re.compile(r"\d{4}-\d{2}")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def calendar_date(text: str) -> datetime.date | None:
    """The day a ``YYYY-MM-DD`` or ``YYYY-MM`` date stands for (a month: its first day); None if it is none."""
    if not (_MONTH.fullmatch(text) or _DAY.fullmatch(text)):
        return None
    try:
        return datetime.date.fromisoformat(text if len(text) == 10 else text + "-01")
    except ValueError:
        return None


def date_fields(text: str) -> dict[str, Any]:
    """Front matter for a source's date that site generators read as they are.

    Hugo (0.135 and later) and mkdocs want a full date; a source that says only
    ``2017-09`` gets ``date: 2017-09-01`` and ``date_precision: month``, so
    the first of the month is not mistaken for what the source said. A full
    date is written as a YAML date; anything else stays the string it was.
    """
    day = calendar_date(text)
    if day is None:
        return {"date": text}
    return {"date": day} if len(text) == 10 else {"date": day, "date_precision": "month"}


def dump_value(value: Any) -> str:
    """One YAML value as it goes after ``key: `` (block style for lists/maps)."""
    text: str = yaml.safe_dump(value, allow_unicode=True, default_flow_style=False, sort_keys=False, width=10**6)
    if isinstance(value, (list, dict)) and value:
        return "\n" + "".join("  " + line + "\n" for line in text.splitlines()).rstrip("\n")
    return str(text).removesuffix("\n...\n").rstrip("\n")


def dump_mapping(data: Mapping[str, Any]) -> str:
    """``key: value`` lines in the given order, ending with a newline."""
    return "".join(f"{key}: {dump_value(value)}\n".replace(": \n", ":\n", 1) for key, value in data.items())


@dataclass
class _Entry:
    key: str
    value: Any
    start: int  # offset of the key
    value_start: int
    value_end: int
    scalar: bool
    line_start: int  # offset of the key's line
    line_end: int  # offset after the entry's last line


class FrontMatter:
    """The YAML text between the ``---`` lines of a document."""

    def __init__(self, text: str, name: str, first_line: int = 1) -> None:
        self.text = text
        try:
            alias = next((event for event in yaml.parse(text, Loader=yaml.SafeLoader)
                          if isinstance(event, yaml.AliasEvent)), None)
            node = yaml.compose(text, Loader=yaml.SafeLoader)
            data = yaml.safe_load(text) if node is not None else None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" (line {mark.line + first_line + 1})" if mark is not None else ""
            raise InputError(
                f"{name}: the YAML front matter is not valid{where}: {getattr(exc, 'problem', exc)}. "
                "Fix the YAML between the --- lines."
            ) from None
        if alias is not None:  # an alias's value has no place of its own to rewrite, and nine make a bomb
            raise InputError(
                f"{name}: the YAML front matter uses the alias *{alias.anchor} (line "
                f"{(alias.start_mark.line if alias.start_mark else 0) + first_line + 1}); write the value out in full."
            )
        if data is None:
            data, node = {}, None
        if not isinstance(data, dict):
            raise InputError(f"{name}: the YAML front matter must be a mapping of keys to values.")
        self.data: dict[str, Any] = data
        self._entries: dict[str, _Entry] = {}
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    continue
                key = key_node.value
                line_start = text.rfind("\n", 0, key_node.start_mark.index) + 1
                end = value_node.end_mark.index
                line_end = text.find("\n", end - 1 if end and text[end - 1] == "\n" else end)
                line_end = len(text) if line_end < 0 else line_end + 1
                self._entries[key] = _Entry(
                    key, data.get(key), key_node.start_mark.index, value_node.start_mark.index,
                    end, isinstance(value_node, yaml.ScalarNode), line_start, line_end,
                )

    def string(self, key: str) -> str | None:
        """A top-level value that is a non-empty string, else None."""
        value = self.data.get(key)
        return value if isinstance(value, str) and value.strip() else None

    def rewrite(self, values: Mapping[str, Any]) -> str:
        """The YAML text with ``values`` set: changed scalars in place, new keys appended."""
        edits: list[tuple[int, int, str]] = []
        appended: dict[str, Any] = {}
        for key, value in values.items():
            entry = self._entries.get(key)
            if entry is None:
                appended[key] = value
            elif entry.value == value and type(entry.value) is type(value):
                continue  # unchanged: keep its bytes
            elif entry.scalar and not isinstance(value, (list, dict)):
                edits.append((entry.value_start, entry.value_end, dump_value(value)))
            else:
                edits.append((entry.line_start, entry.line_end, ""))
                appended[key] = value
        text = self.text
        for start, end, new in sorted(edits, reverse=True):
            text = text[:start] + new + text[end:]
        if appended:
            if text and not text.endswith("\n"):
                text += "\n"
            text += dump_mapping(appended)
        return text
