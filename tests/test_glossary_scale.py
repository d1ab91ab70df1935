"""Large glossaries: importing 100,000 CSV rows or TBX entries, in one go or in ten parts, with progress."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from terminal import on_a_terminal

from translate.glossary import Glossary
from translate.glossary.formats import import_terms
from translate.glossary.model import Entry

ROWS = 100_000
PARTS_ROWS = 20_000  # the ten-part comparison (bench/glossary_import.py runs it on 100,000 rows)
TIMEOUT = 120  # seconds a run may take before the test gives up on it (today's code never finished)


def _csv_lines(start: int, stop: int) -> str:
    return "".join(f"Begriff{i},term{i}\n" for i in range(start, stop))


def _tbx(count: int) -> str:
    entries = "".join(
        f'<conceptEntry id="c{i}"><langSec xml:lang="de"><termSec><term>Begriff{i}</term></termSec></langSec>'
        f'<langSec xml:lang="en"><termSec><term>term{i}</term></termSec></langSec></conceptEntry>\n'
        for i in range(count)
    )
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<tbx type="TBX-Basic" style="dca" xml:lang="de" '
            'xmlns="urn:iso:std:iso:30042:ed-2">\n<text><body>\n' + entries + "</body></text>\n</tbx>\n")


def _babelpress(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "translate", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=TIMEOUT)


class _Lookups:
    """Counts how often the merge asks an entry for its terms: the work of an import."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        for name in ("source_forms", "accepted", "target"):
            original = getattr(Entry, name)

            def counted(entry: Entry, *args: str, _original=original) -> object:  # type: ignore[no-untyped-def]
                self.calls += 1
                return _original(entry, *args)

            monkeypatch.setattr(Entry, name, counted)


@pytest.fixture
def lookups(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Lookups]:
    yield _Lookups(monkeypatch)


@pytest.mark.parametrize("fmt", ["csv", "tbx"])
def test_import_work_grows_linearly_with_the_file(tmp_path: Path, lookups: _Lookups, fmt: str) -> None:
    """Twice the rows, about twice the work (before: each row looked at every entry so far)."""
    counts = []
    for size in (1000, 2000):
        path = tmp_path / f"terms-{size}.{fmt}"
        path.write_text(_csv_lines(0, size) if fmt == "csv" else _tbx(size), encoding="utf-8")
        lookups.calls = 0
        result, report = import_terms(Glossary(), path, target="en" if fmt == "csv" else None)
        assert (len(result), report.added) == (size, size)
        counts.append(lookups.calls)
    assert counts[1] <= 2.5 * counts[0], counts


def test_a_large_csv_imports_the_same_in_one_go_as_in_ten_parts(tmp_path: Path) -> None:
    whole = tmp_path / "all.csv"
    whole.write_text(_csv_lines(0, PARTS_ROWS), encoding="utf-8")
    done = _babelpress("glossary", "--glossary", "one.yaml", "import", str(whole), "--to", "en", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"{PARTS_ROWS} rows: {PARTS_ROWS} added, 0 updated, 0 unchanged, 0 duplicate, 0 skipped" in done.stdout
    assert done.stderr == ""  # not a terminal: no progress line
    step = PARTS_ROWS // 10
    for part in range(10):
        chunk = tmp_path / f"part{part}.csv"
        chunk.write_text(_csv_lines(part * step, (part + 1) * step), encoding="utf-8")
        done = _babelpress("glossary", "--glossary", "ten.yaml", "import", str(chunk), "--to", "en", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert f"{step} rows: {step} added" in done.stdout
    one, ten = (tmp_path / "one.yaml").read_bytes(), (tmp_path / "ten.yaml").read_bytes()
    assert one == ten
    assert one.count(b"\n- id: ") == PARTS_ROWS
    done = _babelpress("glossary", "--glossary", "ten.yaml", "validate", cwd=tmp_path)
    assert done.returncode == 0 and f"valid, {PARTS_ROWS} entries (languages: de, en)" in done.stdout


def test_a_100000_entry_tbx_imports_like_the_same_rows_as_csv(tmp_path: Path) -> None:
    (tmp_path / "all.tbx").write_text(_tbx(ROWS), encoding="utf-8")
    done = _babelpress("glossary", "--glossary", "tbx.yaml", "import", "all.tbx", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"{ROWS} entries: {ROWS} added, 0 updated" in done.stdout
    text = (tmp_path / "tbx.yaml").read_text(encoding="utf-8")
    assert text.count("\n- id: ") == ROWS
    assert "- id: c99999\n  de: Begriff99999\n  en: term99999\n" in text


def test_a_long_import_shows_progress_on_a_terminal_and_not_with_quiet(tmp_path: Path) -> None:
    (tmp_path / "big.csv").write_text(_csv_lines(0, 20_000), encoding="utf-8")
    code, shown = on_a_terminal(["glossary", "--glossary", "a.yaml", "import", "big.csv", "--to", "en"], tmp_path,
                                 TIMEOUT)
    assert code == 0, shown
    assert re.search(r"Importing \[#+\] 100%  20000/20000\r\n", shown), shown[-300:]
    assert shown.count("\r") < 60
    code, shown = on_a_terminal(["glossary", "--glossary", "b.yaml", "import", "big.csv", "--to", "en", "-q"],
                                 tmp_path, TIMEOUT)
    assert code == 0 and shown == "", shown[-300:]
    assert (tmp_path / "a.yaml").read_bytes() == (tmp_path / "b.yaml").read_bytes()
