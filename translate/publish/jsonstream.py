"""Large JSON texts one member at a time: read with the standard library's decoder for each value, written piece by piece.

``json.loads`` of a whole output manifest builds every record of a corpus as
Python objects at once (several times the file's size); a publish that keeps
the records elsewhere (``store._Texts``) reads them one by one instead.
``json.dumps(..., indent=2)`` of a corpus-sized list builds every piece of
its text in one list first (36 MB for the report of 20,000 documents);
:func:`listing` and :func:`nested` write the same text one item at a time.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"[ \t\n\r]*")  # JSON's whitespace


class JsonStream:
    """A cursor over one JSON text: :meth:`members` and :meth:`elements` walk a container, :meth:`value` reads one.

    After each key :meth:`members` yields (or each turn of :meth:`elements`),
    the caller reads exactly one value: with :meth:`value`, or by walking it.
    Malformed text raises ``ValueError`` (as ``json.loads`` does).
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0

    def _skip(self) -> None:
        found = _SPACE.match(self.text, self.at)
        assert found is not None  # the pattern matches the empty string
        self.at = found.end()

    def _take(self, char: str) -> bool:
        """Step over ``char`` if it comes next (after whitespace)."""
        self._skip()
        if self.text.startswith(char, self.at):
            self.at += 1
            return True
        return False

    def _expect(self, char: str) -> None:
        if not self._take(char):
            raise ValueError(f"expected {char!r} at character {self.at}")

    def value(self) -> Any:
        self._skip()
        found, self.at = _DECODER.raw_decode(self.text, self.at)
        return found

    def members(self) -> Iterator[str]:
        """The keys of the object that comes next; the caller reads each one's value."""
        self._expect("{")
        if self._take("}"):
            return
        while True:
            key = self.value()
            if not isinstance(key, str):
                raise ValueError(f"an object's key is not a string at character {self.at}")
            self._expect(":")
            yield key
            if not self._take(","):
                self._expect("}")
                return

    def elements(self) -> Iterator[None]:
        """One turn per element of the array that comes next; the caller reads each element."""
        self._expect("[")
        if self._take("]"):
            return
        while True:
            yield None
            if not self._take(","):
                self._expect("]")
                return

    def end(self) -> None:
        """Raise ``ValueError`` unless only whitespace is left."""
        self._skip()
        if self.at != len(self.text):
            raise ValueError(f"extra data at character {self.at}")


def nested(value: Any) -> str:
    """``value`` as ``json.dumps(..., indent=2, ensure_ascii=False)`` lays it out two levels down.

    JSON escapes every newline inside a string, so each newline of the text is a
    line break of the layout, indented four more spaces.
    """
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n    ")


def listing(opening: str, closing: str, items: Iterable[str]) -> Iterator[str]:
    """A JSON object's or array's items (each already :func:`nested`) as ``indent=2`` lays them out one level down."""
    first = True
    for item in items:
        yield opening + "\n    " if first else ",\n    "
        yield item
        first = False
    yield opening + closing if first else "\n  " + closing
