"""How long `babelpress glossary import`, `validate` and `check` take on large generated glossaries.

    .venv/bin/python bench/glossary_import.py                     # CSV 1k-100k, ten parts, TBX 100k, validate, check
    .venv/bin/python bench/glossary_import.py --sizes 1000,2000 --no-tbx

A script, not a test: each command runs as a real process (the CLI a user
runs) on files generated in a temporary directory (``Begriff{i},term{i}``
rows; TBX v3 entries with a German and an English term), and the wall time
is printed, one line per run, then one JSON line. ``--timeout`` stops a run
that takes too long (it is reported as such, not waited for).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BABELPRESS = [sys.executable, "-m", "translate"]


def write_csv(path: Path, rows: int, start: int = 0) -> None:
    path.write_text("".join(f"Begriff{i},term{i}\n" for i in range(start, start + rows)), encoding="utf-8")


def write_tbx(path: Path, entries: int) -> None:
    head = ('<?xml version="1.0" encoding="UTF-8"?>\n<tbx type="TBX-Basic" style="dca" xml:lang="de" '
            'xmlns="urn:iso:std:iso:30042:ed-2">\n<tbxHeader><fileDesc><sourceDesc><p>bench</p></sourceDesc>'
            '</fileDesc></tbxHeader>\n<text><body>\n')
    with path.open("w", encoding="utf-8") as out:
        out.write(head)
        for i in range(entries):
            out.write(f'<conceptEntry id="c{i}"><langSec xml:lang="de"><termSec><term>Begriff{i}</term></termSec>'
                      f'</langSec><langSec xml:lang="en"><termSec><term>term{i}</term></termSec></langSec>'
                      "</conceptEntry>\n")
        out.write("</body></text>\n</tbx>\n")


def run(args: list[str], timeout: float) -> float | None:
    """Seconds the command took, or None when it ran past ``timeout``."""
    start = time.perf_counter()
    try:
        done = subprocess.run([*BABELPRESS, *args], capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode not in (0, 1):
        raise SystemExit(f"babelpress {' '.join(args)} failed:\n{done.stderr}")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,2000,4000,16000,100000", help="CSV row counts to import")
    parser.add_argument("--tbx", type=int, default=100000, help="entries of the TBX import (0: none)")
    parser.add_argument("--no-tbx", action="store_const", const=0, dest="tbx")
    parser.add_argument("--parts", type=int, default=100000,
                        help="rows imported in one go and in ten parts, the two YAML files compared (0: skip)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before a run is given up")
    options = parser.parse_args()
    results: dict[str, float | None] = {}

    def show(name: str, seconds: float | None) -> None:
        results[name] = None if seconds is None else round(seconds, 2)
        print(f"{name:32s} {'> %.0f s (stopped)' % options.timeout if seconds is None else '%.2f s' % seconds}",
              flush=True)

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for size in (int(value) for value in options.sizes.split(",") if value):
            source, glossary = root / f"rows-{size}.csv", root / f"csv-{size}.yaml"
            write_csv(source, size)
            seconds = run(["glossary", "--glossary", str(glossary), "import", str(source), "--to", "en"], options.timeout)
            show(f"import csv {size}", seconds)
            if seconds is not None and glossary.exists():
                show(f"validate {size}", run(["glossary", "--glossary", str(glossary), "validate"], options.timeout))
                text = root / "article.en.md"
                text.write_text(" ".join(f"term{i}" for i in range(0, size, max(1, size // 200))) + "\n",
                                encoding="utf-8")
                show(f"check {size}", run(["glossary", "--glossary", str(glossary), "check", str(text), "--lang", "en"],
                                          options.timeout))
        if options.parts:
            size, step = options.parts, options.parts // 10
            whole, one, ten = root / "parts-all.csv", root / "parts-one.yaml", root / "parts-ten.yaml"
            write_csv(whole, size)
            show(f"import csv {size} (one go)",
                 run(["glossary", "--glossary", str(one), "import", str(whole), "--to", "en"], options.timeout))
            start = time.perf_counter()
            for part in range(10):
                chunk = root / f"part{part}.csv"
                write_csv(chunk, step, part * step)
                if run(["glossary", "--glossary", str(ten), "import", str(chunk), "--to", "en"], options.timeout) is None:
                    raise SystemExit(f"importing part {part + 1} of 10 took more than {options.timeout} s")
            show(f"import csv {size} (ten parts)", time.perf_counter() - start)
            same = one.exists() and ten.exists() and one.read_bytes() == ten.read_bytes()
            print(f"{'ten parts == one go':32s} {'same bytes' if same else 'DIFFERENT'}", flush=True)
            results["ten_parts_same"] = float(same)
        if options.tbx:
            source, glossary = root / "entries.tbx", root / "tbx.yaml"
            write_tbx(source, options.tbx)
            show(f"import tbx {options.tbx}", run(["glossary", "--glossary", str(glossary), "import", str(source)],
                                                  options.timeout))
    print(json.dumps(results))


if __name__ == "__main__":
    main()
