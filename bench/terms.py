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

``PYTHONPATH=../other-checkout python bench/terms.py`` measures another
checkout's matcher on the same glossaries and sentences (the table's first
line says whose), so that a change can be compared with the code before it
in one run.
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
sys.path.append(str(ROOT))  # after PYTHONPATH, which may name another checkout to measure
sys.path.insert(0, str(HERE))

CORPUS = ROOT.parent / "shared" / "corpus" / "terminology" / "wmt23-deen"
SIZES = (100, 1_000, 10_000, 100_000)


def glossary_of(size: int, real_entries: int | None = None) -> Any:
    """``size`` entries: the first real pairs (all of them, or ``real_entries``), padded with generated ones."""
    from translate.glossary import Entry, Glossary

    sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "termbase"))
    from make_reference import wmt_glossary

    real = list(wmt_glossary(CORPUS).entries)
    entries = real[: min(size, real_entries if real_entries is not None else size)]
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


def _child(size: int, repeat: int, real_entries: int | None) -> None:
    from translate.glossary import find_terms
    from translate.glossary.index import source_index
    from translate.run.keys import glossary_context

    glossary = glossary_of(size, real_entries)
    lines = sentences()
    started = time.perf_counter()
    source_index(glossary, "de")
    build = time.perf_counter() - started
    # The first pass also compiles the rule of every form it meets (as a publish does once).
    started = time.perf_counter()
    matches = sum(len(find_terms(glossary, line)) for line in lines)
    cold = time.perf_counter() - started
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        matches = sum(len(find_terms(glossary, line)) for line in lines)
        best = min(best, time.perf_counter() - started)
    started = time.perf_counter()
    glossary_context(glossary, lines, "de")
    fingerprint = time.perf_counter() - started
    print(json.dumps({"entries": len(glossary), "real_entries": real_entries, "sentences": len(lines),
                      "matches": matches, "index_build_seconds": build, "first_pass_seconds": cold,
                      "match_seconds": best,
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
    parser.add_argument("--real", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--repeat", type=int, default=3, help="match each size this often, keep the best (default 3)")
    parser.add_argument("--decode-sentences", type=int, default=0,
                        help="decode only this many sentences and scale to all (default 0: all)")
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--length", type=int, default=24)
    parser.add_argument("--no-decode", action="store_true", help="skip the decode comparison")
    args = parser.parse_args()
    if args.child:
        _child(args.child, args.repeat, args.real)
        return
    if not CORPUS.is_dir():
        raise SystemExit(f"{CORPUS} is absent: the benchmark needs the WMT23 terminology test set there")
    rows = []
    # The four sizes, then 100,000 entries holding only the first 100 real pairs: the same
    # terms occur as at 100 entries, so the difference is what the other 99,900 cost.
    for size, real in [(size, None) for size in SIZES] + [(SIZES[-1], SIZES[0])]:
        command = [sys.executable, __file__, "--child", str(size), "--repeat", str(args.repeat)]
        if real is not None:
            command += ["--real", str(real)]
        done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=3600)
        if done.returncode != 0:
            raise SystemExit(done.stderr)
        rows.append(json.loads(done.stdout.splitlines()[-1]))
    same = rows.pop()
    import translate

    print(f"matching code: {Path(translate.__file__).parent}")
    decode = None
    if not args.no_decode:
        seconds, decoded = _decode_seconds(args.decode_sentences, args.beam, args.length)
        decode = seconds * rows[-1]["sentences"] / decoded
    print(f"{'entries':>16} {'matches':>8} {'index s':>8} {'1st pass s':>10} {'match s':>8} {'us/sent':>8} "
          f"{'us/match':>8} {'keys s':>7} {'RSS MB':>7}")
    for row in rows + [same]:
        label = f"{row['entries']:,}" + (f" ({row['real_entries']} real)" if row["real_entries"] else "")
        print(f"{label:>16} {row['matches']:>8} {row['index_build_seconds']:>8.2f} {row['first_pass_seconds']:>10.2f} "
              f"{row['match_seconds']:>8.2f} {row['match_seconds_per_sentence'] * 1e6:>8.1f} "
              f"{row['match_seconds'] / max(row['matches'], 1) * 1e6:>8.1f} "
              f"{row['fingerprint_seconds']:>7.2f} {row['peak_rss_mb']:>7.0f}")
    ratio = rows[-1]["match_seconds_per_sentence"] / rows[0]["match_seconds_per_sentence"]
    same_ratio = same["match_seconds_per_sentence"] / rows[0]["match_seconds_per_sentence"]
    print(f"per-sentence matching, 100,000 / 100 entries: {ratio:.2f}x (goal: at most 2x); "
          f"{rows[-1]['matches'] / max(rows[0]['matches'], 1):.0f}x as many terms are found")
    print(f"per-sentence matching, 100,000 entries holding the same 100 real ones / 100 entries: {same_ratio:.2f}x")
    share = None
    if decode is not None:
        # The first pass (rules compiled as they are met), as one publish of these sentences pays it.
        share = rows[-1]["first_pass_seconds"] / decode
        print(f"decode of the same {rows[-1]['sentences']} sentences: {decode:.1f} s"
              f"{' (scaled from %d)' % args.decode_sentences if args.decode_sentences else ''}; "
              f"matching at 100,000 entries (first pass) is {share:.1%} of it (goal: under 10%)")
    print(json.dumps({"bench": "terms", "sizes": rows, "same_terms_at_100k": same, "ratio_100k_to_100": ratio,
                      "ratio_same_terms_100k_to_100": same_ratio, "decode_seconds": decode,
                      "match_share_of_decode_at_100k": share}))


if __name__ == "__main__":
    main()
