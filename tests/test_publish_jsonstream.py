"""Reading a JSON text member by member gives what ``json.loads`` gives, and refuses what it refuses."""

from __future__ import annotations

import json
from typing import Any

import pytest

from translate.publish.jsonstream import JsonStream


def _walk(stream: JsonStream) -> Any:
    """Rebuild a value by walking every object and array member by member."""
    stream._skip()
    ahead = stream.text[stream.at: stream.at + 1]
    if ahead == "{":
        return {key: _walk(stream) for key in stream.members()}
    if ahead == "[":
        return [_walk(stream) for _ in stream.elements()]
    return stream.value()


def _read(text: str) -> Any:
    stream = JsonStream(text)
    found = _walk(stream)
    stream.end()
    return found


@pytest.mark.parametrize("text", [
    "{}", "[]", " { } ", '{"a": 1}', '{"a":{"b":[1,2,{"c":null}]},"d":"x"}',
    '{\n  "documents": {\n    "ä": {"files": []}\n  },\n  "files": [\n    {"path": "a", "size": 1}\n  ]\n}\n',
    '[1, "two", 3.5, true, false, null, [], {}]', '{"dup": 1, "dup": 2}', '{"s": "\\u00e4\\n\\"}"}',
])
def test_a_walk_gives_what_json_loads_gives(text: str) -> None:
    assert _read(text) == json.loads(text)


@pytest.mark.parametrize("text", [
    "", "{", '{"a" 1}', '{"a": 1,}', '{"a": 1 "b": 2}', "[1 2]", "[1,]", '{"a": 1}}', '{1: 2}', '{"a": tru}',
])
def test_what_json_loads_refuses_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        json.loads(text)
    with pytest.raises(ValueError):
        _read(text)
