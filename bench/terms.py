"""Glossary matching at termbase scale: a script, not a test.

    python bench/terms.py                       # sizes 100, 1,000, 10,000, 100,000
    python bench/terms.py --decode-sentences 300  # decode only the first 300 sentences (faster)

Matches every sentence of the WMT23 terminology test set's ``deen.de``
(``../shared/corpus/terminology/wmt23-deen/``) against de→en glossaries of
100, 1,000, 10,000 and 100,000 entries: the real pairs of ``deen.term.proper``
(one entry per distinct German term, as in
``tests/fixtures/termbase/make_reference.py``), padded to 100,000 with
generated entries (German-looking compounds and two-word terms built from the
real terms' words, so they share prefixes and words with the text).
Each size is matched in its own process, so its peak RSS is its own; the
index is built before timing (once per glossary) and its build time is shown.
Then the same sentences are decoded with the generated Transformer-base
model (bench/make_model.py, as bench/run.py does) for the ratio of matching
to decoding. Prints a table, then one JSON line.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

CORPUS = ROOT.parent / "shared" / "corpus" / "terminology" / "wmt23-deen"
SIZES = (100, 1_000, 10_000, 100_000)


def glossary_of(size: int) -> Any:
    from translate.glossary import Entry, Glossary

    sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "termbase"))
    from make_reference import wmt_glossary

    real = list(wmt_glossary(CORPUS).entries)
    entries = real[:size]
    words = sorted({word for entry in real for word in entry.terms["de"].split() if len(word) >= 4})
    rng = random.Random(size)
    seen = {entry.terms["de"].casefold() for entry in entries}
    while len(entries) < size:
        a, b = rng.choice(words), rng.choice(words)
        term = f"{a}{b.lower()}" if rng.random() < 0.5 else f"{a} {b}"
        if term.casefold() in seen:
            continue
        seen.add(term.casefold())
        entries.append(Entry(f"g{len(entries):06d}", {"de": term, "en": f"generated term {len(entries)}"}))
    return Glossary(tuple(entries), source="de")


def sentences() -> list[str]:
    return (CORPUS / "deen.de").read_text(encoding="utf-8").splitlines()


def _child(size: int, repeat: int) -> None:
    from translate.glossary import find_terms
    from translate.glossary.index import source_index
    from translate.run.keys import glossary_context

    glossary = glossary_of(size)
    lines = sentences()
    started = time.perf_counter()
    source_index(glossary, "de")
    build = time.perf_counter() - started
    best = float("inf")
    matches = 0
    for _ in range(repeat):
        started = time.perf_counter()
        matches = sum(len(find_terms(glossary, line)) for line in lines)
        best = min(best, time.perf_counter() - started)
    started = time.perf_counter()
    glossary_context(glossary, lines, "de")
    fingerprint = time.perf_counter() - started
    print(json.dumps({"entries": len(glossary), "sentences": len(lines), "matches": matches,
                      "index_build_seconds": build, "match_seconds": best,
                      "match_seconds_per_sentence": best / len(lines), "fingerprint_seconds": fingerprint,
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def _decode_seconds(count: int, beam: int, length: int) -> tuple[float, int]:
    from systems import System

    lines = sentences()[:count] if count else sentences()
    system = System.open(None, length, beam)
    engine = system.engine()
    engine.translate(["Das ist ein kurzer Satz zum Aufwärmen."], "de", "en")
    started = time.perf_counter()
    engine.translate(lines, "de", "en")
    return time.perf_counter() - started, len(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--repeat", type=int, default=3, help="match each size this often, keep the best (default 3)")
    parser.add_argument("--decode-sentences", type=int, default=0,
                        help="decode only this many sentences and scale to all (default 0: all)")
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--length", type=int, default=24)
    parser.add_argument("--no-decode", action="store_true", help="skip the decode comparison")
    args = parser.parse_args()
    if args.child:
        _child(args.child, args.repeat)
        return
    if not CORPUS.is_dir():
        raise SystemExit(f"{CORPUS} is absent: the benchmark needs the WMT23 terminology test set there")
    rows = []
    for size in SIZES:
        done = subprocess.run([sys.executable, __file__, "--child", str(size), "--repeat", str(args.repeat)],
                              capture_output=True, text=True, check=False, timeout=3600)
        if done.returncode != 0:
            raise SystemExit(done.stderr)
        rows.append(json.loads(done.stdout.splitlines()[-1]))
    decode = None
    if not args.no_decode:
        seconds, decoded = _decode_seconds(args.decode_sentences, args.beam, args.length)
        decode = seconds * rows[-1]["sentences"] / decoded
    print(f"{'entries':>8} {'matches':>8} {'index s':>8} {'match s':>8} {'ms/sent':>8} {'keys s':>7} {'RSS MB':>7}")
    for row in rows:
        print(f"{row['entries']:>8} {row['matches']:>8} {row['index_build_seconds']:>8.2f} {row['match_seconds']:>8.2f} "
              f"{row['match_seconds_per_sentence'] * 1000:>8.3f} {row['fingerprint_seconds']:>7.2f} {row['peak_rss_mb']:>7.0f}")
    ratio = rows[-1]["match_seconds_per_sentence"] / rows[0]["match_seconds_per_sentence"]
    print(f"per-sentence matching, 100,000 / 100 entries: {ratio:.2f}x (goal: at most 2x)")
    share = None
    if decode is not None:
        share = rows[-1]["match_seconds"] / decode
        print(f"decode of the same {rows[-1]['sentences']} sentences: {decode:.1f} s"
              f"{' (scaled from %d)' % args.decode_sentences if args.decode_sentences else ''}; "
              f"matching at 100,000 entries is {share:.1%} of it (goal: under 10%)")
    print(json.dumps({"bench": "terms", "sizes": rows, "ratio_100k_to_100": ratio, "decode_seconds": decode,
                      "match_share_of_decode_at_100k": share}))


if __name__ == "__main__":
    main()
