"""Publishing at corpus scale: a script, not a test.

    python bench/scale.py                      # 200, 2,000 and 20,000 documents
    python bench/scale.py --docs 200,2000      # other sizes
    python bench/scale.py --sentences 8        # sentences per document (default 8)

Generates synthetic German Markdown documents (``tests/models/synthetic.py``:
a title, then paragraphs of distinct generated sentences) and publishes each
set cold (empty translation memory) into English and Spanish with the test
models (``tests/models``: the real SentencePiece + CTranslate2 pipeline on
tiny models of a synthetic language), without a glossary, as a user runs it:
``python -m translate publish`` in its own process. Reports per size the wall
time, the time per document and the peak RSS of the publish process, then
one JSON line. Everything lives in a temporary folder that is removed.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
MODELS = ROOT / "tests" / "models"
sys.path.insert(0, str(MODELS))


def write_documents(folder: Path, count: int, sentences: int, seed: int = 7) -> int:
    """``count`` documents of ``sentences`` distinct sentences each, in paragraphs of up to four."""
    from synthetic import generate

    folder.mkdir(parents=True, exist_ok=True)
    triples = generate(seed, count * sentences)
    for number in range(count):
        mine = [t.de for t in triples[number * sentences : (number + 1) * sentences]]
        paragraphs = [" ".join(mine[at : at + 4]) for at in range(0, len(mine), 4)]
        text = f"# Bericht {number}\n\n" + "\n\n".join(paragraphs) + "\n"
        (folder / f"doc{number:05d}.md").write_text(text, encoding="utf-8")
    return len(triples)


def _environment(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"HOME": str(home), "XDG_DATA_HOME": str(home / "data"), "XDG_CACHE_HOME": str(home / "cache"),
                "XDG_CONFIG_HOME": str(home / "config"), "ARGOS_PACKAGES_DIR": str(home / "packages")})
    return env


def _install(env: dict[str, str]) -> None:
    for package in sorted(MODELS.glob("*.argosmodel")):
        subprocess.run([sys.executable, "-m", "translate", "models", "install", str(package)], env=env,
                       check=True, capture_output=True, timeout=600)


def publish(project: Path, env: dict[str, str], extra: list[str], timeout: float) -> dict[str, Any]:
    """One ``publish`` in its own process: its report, wall time and peak RSS."""
    command = [sys.executable, str(HERE / "measure.py"), sys.executable, "-m", "translate", "publish", "docs",
               "--to", "en,es", "--no-glossary", "--out", "out", "--memory", "memory.sqlite", "--json", *extra]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=timeout,
                          check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"publish failed ({done.returncode}):\n{done.stderr[-3000:]}")
    lines = done.stdout.strip().splitlines()
    measured = json.loads(lines[-1])
    report = json.loads("\n".join(lines[:-1]))
    return {"seconds": seconds, "peak_rss_mb": measured["peak_rss_mb"], "translated": report.get("translated"),
            "documents": report.get("documents")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", default="200,2000,20000", help="document counts, comma-separated")
    parser.add_argument("--sentences", type=int, default=8, help="sentences per document (default 8)")
    parser.add_argument("--timeout", type=float, default=7200, help="seconds one publish may take")
    parser.add_argument("--extra", default="", help="more publish options, space-separated")
    args = parser.parse_args()
    sizes = [int(size) for size in args.docs.split(",")]
    rows = []
    with tempfile.TemporaryDirectory(prefix="babelpress-scale-") as temp:
        home = Path(temp) / "home"
        env = _environment(home)
        _install(env)
        for size in sizes:
            project = Path(temp) / f"p{size}"
            distinct = write_documents(project / "docs", size, args.sentences)
            row = {"documents_in": size, "sentences": distinct,
                   **publish(project, env, args.extra.split(), args.timeout)}
            row["ms_per_document"] = row["seconds"] / size * 1000
            rows.append(row)
            print(f"{size:>7} documents {distinct:>8} sentences {row['seconds']:9.1f} s "
                  f"{row['ms_per_document']:8.1f} ms/doc {row['peak_rss_mb']:7.0f} MB peak RSS", flush=True)
    first, last = rows[0], rows[-1]
    print(f"peak RSS, largest / smallest: {max(r['peak_rss_mb'] for r in rows) / min(r['peak_rss_mb'] for r in rows):.2f}x"
          f" (goal: within 1.25x); time per document, {last['documents_in']} / "
          f"{rows[-2]['documents_in'] if len(rows) > 1 else first['documents_in']} documents: "
          f"{last['ms_per_document'] / (rows[-2] if len(rows) > 1 else first)['ms_per_document']:.2f}x (goal: at most 1.2x)")
    print(json.dumps({"bench": "scale", "sentences_per_document": args.sentences, "rows": rows,
                      "cpu": os.cpu_count(), "max_rss_children_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))


if __name__ == "__main__":
    main()
