"""Exchange formats under hostile input: TMX that stays XML, UTF-16 sources,
messages that name the right file and option, and import reports that
account for every row and unit they read."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from translate.cli import cli
from translate.memory import Entry, SegmentKey, TranslationMemory


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def rows(path: Path) -> set[tuple[object, ...]]:
    """Every entry of the memory at ``path``, as a comparable row."""
    with TranslationMemory.open(path, create=False) as tm:
        return {(e.digest, e.key, e.translation, e.origin, e.meta, e.created_at, e.used_at) for e in tm.entries()}


def assert_well_formed(path: Path) -> None:
    """Python's expat parser is strict about XML 1.0 characters; xmllint too, where installed."""
    ET.parse(path)  # raises ParseError on a control character, even as a character reference
    xmllint = shutil.which("xmllint")
    if xmllint is not None:
        result = subprocess.run([xmllint, "--noout", str(path)], capture_output=True, text=True, timeout=60)
        assert (result.returncode, result.stderr) == (0, "")


# -- item 6: TMX export of control characters --------------------------------------------------

CONTROL = "".join(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r") + "\ufffe\uffff"


def test_control_characters_export_as_xml_and_import_back_exactly(tmp_path: Path) -> None:
    source = tmp_path / "tm.sqlite3"
    settings = '{"beam_size":4}'
    with TranslationMemory.open(source) as tm:
        tm.add_entries([
            Entry(SegmentKey.make("Farbe \x1b[1mrot\x1b[0m, Feld\x01Wert.", "de", "en", "de_en@1", settings),
                  "Colour \x1b[1mred\x1b[0m, field\x01value.", "machine", 1_600_000_000.0, 1_700_000_000.0),
            Entry(SegmentKey.make("Alle " + CONTROL + " Zeichen.", "de", "en", "de_en@1", settings),
                  "All " + CONTROL + " characters,\r\nwith a CR\rand\ta tab.", "machine", 1_600_000_001.0,
                  1_700_000_001.0, '[{"entry":"x","note":"\\u001b"}]'),
            Entry(SegmentKey.make("Nur\x00Null\x0b\x0c.", "de", "es", "", ""), "Solo\x00nulo\x07.", "human",
                  1_600_000_002.0, 1_600_000_003.0),
        ])
    tmx = tmp_path / "out" / "memory.tmx"
    assert run("memory", "export", str(tmx), "--memory", str(source)) == (0, f"Exported 3 entries to {tmx}\n", "")
    assert_well_formed(tmx)
    copy = tmp_path / "copy.sqlite3"
    code, _, err = run("memory", "import", str(tmx), "--memory", str(copy))
    assert (code, err) == (0, "")
    assert rows(copy) == rows(source)
    code, out, _ = run("memory", "export", "--help")
    assert code == 0 and "control character" in out and "x-babelpress-char" in out
