"""Reading a JSON text member by member gives what ``json.loads`` gives, and refuses what it refuses; written piece by piece, what ``json.dumps`` writes."""

from __future__ import annotations

import json
from typing import Any

import pytest

from translate.cli.common import echo_pieces
from translate.publish.jsonstream import JsonStream
from translate.publish.request import PublishReport, Published


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


def _report(documents: int) -> PublishReport:
    report = PublishReport(errors=[{"source": "kaputt.md", "error": "not UTF-8:\n line 2"}],
                           warnings=["„Zitat“ \\ und \"mehr\""], markup={"copy": 2}, segments=7, seconds=1.23456)
    for number in range(documents):
        report.documents.append(Published.of(f"docs/Bericht {number} – Übersicht.md", f"bericht-{number}",
                                             [f"en/bericht-{number}.md", f"es/bericht-{number}.md"][: number % 3]))
    return report


@pytest.mark.parametrize("documents", [0, 1, 3])
def test_the_report_written_piece_by_piece_is_json_dumps_of_it(documents: int) -> None:
    report = _report(documents)
    assert "".join(report.summary_json()) == json.dumps(report.summary(), indent=2, ensure_ascii=False)


def test_the_pieces_printed_in_small_runs_make_the_same_text(capsys: pytest.CaptureFixture[str]) -> None:
    report = _report(5)
    echo_pieces(report.summary_json(), size=10)
    assert capsys.readouterr().out == json.dumps(report.summary(), indent=2, ensure_ascii=False) + "\n"
