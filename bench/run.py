"""babelpress speed benchmark: a script, not a test.

    python bench/run.py                 # generated Transformer-base model (bench/make_model.py)
    python bench/run.py --model de-en   # the installed real German→English model
    python bench/run.py --levers        # also measure the speed levers (batch size, threads, beam …)

Compares, in one run, on the WMT23 German paragraphs grouped into documents
(the seed articles when ../shared is absent):

  (a) babelpress' document pipeline vs. Argos Translate's own per-paragraph
      routine ``argostranslate.translate.apply_packaged_translation`` fed the
      very same sentence splits — same model, same beam size;
  (b) babelpress vs. one bare ``ctranslate2.Translator.translate_batch`` call
      over the same sentences, tokenized beforehand (the engine's limit);
  (c) a cold run with an empty translation memory vs. a warm re-run (nothing
      changed) vs. a re-run with one paragraph edited;
  (d) the peak memory (RSS) of the cold run of all documents, in its own process;
  (e) the cost of inline markup: the (a) documents as Markdown with a bold word
      and a link in every paragraph vs. the same documents without markup (the
      aligning and the words-alone calls are what markup adds).

With the generated model every system decodes exactly ``--length`` tokens per
sentence (its end-of-sentence token is suppressed), so all do identical work.
Prints a table, then one JSON line with the headline figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CACHE = HERE / ".cache"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from docs import Corpus, load_corpus  # noqa: E402
from systems import (  # noqa: E402
    System,
    machine_info,
    marked_up,
    publish_run,
    run_argos,
    run_babelpress,
    run_ctranslate2,
    run_markdown,
)


def _child(args: argparse.Namespace) -> None:
    """The cold run of (c)/(d) in a fresh process: time and peak RSS."""
    import ctranslate2  # noqa: F401 - imported before timing, as in the parent's warm and edit runs

    corpus = load_corpus(args.docs, args.paragraphs)
    system = System.open(args.model, args.length, args.beam)
    memory = Path(args.child_memory)
    result = publish_run(system, corpus.documents, memory, memory.parent / "publish")
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def _cold_in_child(args: argparse.Namespace, memory: Path) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__)), "--child-memory", str(memory), "--docs", str(args.docs),
               "--paragraphs", str(args.paragraphs),
               "--beam", str(args.beam), "--length", str(args.length)]
    if args.model:
        command += ["--model", args.model]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"the cold run failed:\n{done.stderr}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _edit(corpus: Corpus) -> tuple[list[str], int, int]:
    """The documents with every sentence of one mid-sized paragraph edited."""
    from translate.sentences import split_with_gaps

    doc, para = corpus.edit_target
    paragraphs = corpus.documents[doc].split("\n\n")
    sentences, gaps = split_with_gaps(paragraphs[para], "de")
    edited = [s.split(" ", 1)[0] + " aktuell " + s.split(" ", 1)[1] if " " in s else s + " aktuell" for s in sentences]
    from translate.sentences import reassemble

    paragraphs[para] = reassemble(edited, gaps)
    documents = list(corpus.documents)
    documents[doc] = "\n\n".join(paragraphs)
    return documents, doc, len(sentences)


def _row(name: str, seconds: float, sentences: int, note: str = "", cpu: float | None = None) -> str:
    rate = sentences / seconds if seconds > 0 else float("inf")
    cpu_part = f" {cpu:8.2f} s CPU" if cpu is not None else " " * 15
    return f"  {name:<44} {seconds:9.2f} s{cpu_part} {rate:9.1f} sent/s  {note}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="use the installed model for this pair (e.g. de-en) instead of the generated one")
    parser.add_argument("--docs", type=int, default=100, help="documents for (c) and (d) (default 100)")
    parser.add_argument("--paragraphs", type=int, default=0,
                        help="use only the first N paragraphs of the corpus (default: all; for quick trial runs)")
    parser.add_argument("--compare-docs", type=int, default=25,
                        help="of those, how many documents (a) and (b) translate (default 25)")
    parser.add_argument("--beam", type=int, default=4, help="beam size for every system (default 4, as Argos)")
    parser.add_argument("--length", type=int, default=24,
                        help="tokens decoded per sentence with the generated model (default 24)")
    parser.add_argument("--repeat", type=int, default=2, help="time babelpress and bare CTranslate2 this often, keep the best")
    parser.add_argument("--markup-repeat", type=int, default=6,
                        help="pairs of runs (with and without markup) for (e), order alternating (default 6)")
    parser.add_argument("--levers", action="store_true", help="also measure the speed levers")
    parser.add_argument("--lever-sentences", type=int, default=200, help="sentences per lever measurement (default 200)")
    parser.add_argument("--ray", action="store_true",
                        help="also (f): the cold publish of the --docs documents on a local Ray cluster (2 workers × "
                             "1 thread) against the local executor; needs the ray extra")
    parser.add_argument("--ray-only", action="store_true", help="only (f)")
    parser.add_argument("--ray-rounds", type=int, default=2,
                        help="publishes per executor for (f), turns alternating (default 2)")
    parser.add_argument("--child-memory", help=argparse.SUPPRESS)
    parser.add_argument("--batch-size-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not args.model:
        # Argos reads (and creates) its directories when first imported: with the
        # generated model, keep it inside the cache; --model uses the real ones.
        os.environ.setdefault("ARGOS_PACKAGES_DIR", str(CACHE / "argos-home" / "packages"))
        os.environ.setdefault("XDG_DATA_HOME", str(CACHE / "argos-home" / "data"))
        os.environ.setdefault("XDG_CACHE_HOME", str(CACHE / "argos-home" / "cache"))
    if args.child_memory:
        _child(args)
        return
    if args.batch_size_child:
        from levers import batch_size_child

        batch_size_child(System.open(args.model, args.length, args.beam), load_corpus(args.docs, args.paragraphs), args.batch_size_child)
        return

    started = time.perf_counter()
    load_before = os.getloadavg()
    corpus = load_corpus(args.docs, args.paragraphs)
    compare = corpus.documents[: args.compare_docs]
    system = System.open(args.model, args.length, args.beam)
    info = machine_info()
    print(f"babelpress benchmark — {system.description}")
    print(f"machine: {info['cpu']}, {info['cores']} cores, Python {info['python']}, "
          f"CTranslate2 {info['ctranslate2']}, load average {load_before[0]:.2f} at start")
    print(f"corpus: {corpus.source}: {len(corpus.documents)} documents, {corpus.sentences} sentences; "
          f"(a)/(b) on the first {len(compare)} documents")
    print()
    if args.ray_only:
        found = _part_f(system, corpus, args)
        print(json.dumps({"ray_vs_local": round(found["ratio"], 4)}))
        return

    # (a) and (b): same sentences, same model, same beam.
    # Interleaved, best of --repeat: other load on a shared machine hits both alike.
    bp_runs, ct2_runs = [], []
    for _ in range(args.repeat):
        bp_runs.append(run_babelpress(system, compare))
        ct2_runs.append(run_ctranslate2(system, compare))
    bp = min(bp_runs, key=lambda r: r["seconds"])
    ct2 = min(ct2_runs, key=lambda r: r["seconds"])
    # Argos as shipped (its threads are babelpress' defaults: one translator, all
    # cores inside each call), and with one thread per call, its fastest setting
    # on small per-paragraph batches here; vs_argos uses the faster of the two.
    argos_default = run_argos(system, compare)
    argos_single = run_argos(system, compare, intra_threads=1)
    argos = min(argos_default, argos_single, key=lambda r: r["seconds"])
    for name, result in (("babelpress", bp), ("CTranslate2 bare", ct2), ("Argos", argos_default),
                         ("Argos (1 thread)", argos_single)):
        if result["sentences"] != bp["sentences"]:
            sys.exit(f"{name} translated {result['sentences']} sentences, babelpress {bp['sentences']}")
    vs_argos = argos["seconds"] / bp["seconds"]
    overhead = bp["seconds"] / ct2["seconds"] - 1
    print(f"(a)+(b) {bp['sentences']} sentences, beam {args.beam}" + (
        f", {args.length} target tokens each" if not args.model else ""))
    print(_row("babelpress document pipeline", bp["seconds"], bp["sentences"],
               f"{bp['target_tokens']} target tokens", bp["cpu_seconds"]))
    print(_row("bare ctranslate2 translate_batch", ct2["seconds"], ct2["sentences"],
               f"{ct2['target_tokens']} target tokens", ct2["cpu_seconds"]))
    for label, result in (("argostranslate, as shipped (intra_threads=0)", argos_default),
                          ("argostranslate, ARGOS_INTRA_THREADS=1", argos_single)):
        print(_row(label, result["seconds"], result["sentences"],
                   f"{result['target_tokens']} target tokens, {result['calls']} paragraphs, "
                   f"its batch size {result['batch_size']} tokens", result["cpu_seconds"]))
    print(f"  → babelpress is {vs_argos:.2f}× faster than Argos' routine at its fastest thread setting "
          f"(target ≥ 2×); {argos_default['seconds'] / bp['seconds']:.2f}× faster than Argos as shipped")
    print(f"  → babelpress overhead over bare CTranslate2: {100 * overhead:+.1f}% (target ≤ 10%), "
          f"{100 * (bp['cpu_seconds'] / ct2['cpu_seconds'] - 1):+.1f}% in CPU time; "
          f"{bp['seconds'] - bp['decode_seconds']:.2f} s of babelpress' time is spent outside CTranslate2 "
          f"(segmenting, tokenizing, reassembling)")
    print()

    # (c) and (d): cold in its own process (peak RSS), then warm and one edit here.
    with tempfile.TemporaryDirectory(prefix="babelpress-bench-") as tmp:
        memory = Path(tmp) / "memory.sqlite3"
        cold = _cold_in_child(args, memory)
        edited_docs, edited_doc, edited_sentences = _edit(corpus)
        # cold publish, warm re-publish, one paragraph edited
        workdir = memory.parent / "publish"
        warm = publish_run(system, corpus.documents, memory, workdir)
        edit = publish_run(system, edited_docs, memory, workdir)
        if warm["outputs"] != cold["outputs"]:
            sys.exit("the warm re-publish did not leave every published file byte-identical")
        differ = [name for name in edit["outputs"] if edit["outputs"].get(name) != cold["outputs"].get(name)]
        # Top-level files (the manifest) list every document, so they change with any.
        changed = sorted({name.split("/")[0] for name in differ if "/" in name})
        if len(changed) != 1:
            sys.exit(f"the edit changed the files of {changed}, expected one document's")
        unchanged = sum(1 for name in cold["outputs"] if edit["outputs"].get(name) == cold["outputs"][name])
        top = sorted(name for name in differ if "/" not in name)
        identity = (f"  warm: all {len(cold['outputs'])} published files byte-identical; edit: only the files "
                    f"of {changed[0]}/ and {', '.join(top) or 'no top-level file'} changed, "
                    f"{unchanged} of {len(cold['outputs'])} byte-identical")
    warm_vs_cold = cold["seconds"] / warm["seconds"]
    edit_vs_cold = edit["seconds"] / cold["seconds"]
    print(f"(c) translation memory, {len(corpus.documents)} documents, {cold['sentences']} sentences "
          f"(via {cold['path']})")
    print(_row("cold run (empty memory, model loads)", cold["seconds"], cold["sentences"],
               f"{cold['engine_calls']} engine calls, {cold['decoded']} sentences decoded"))
    print(_row("warm re-run (nothing changed)", warm["seconds"], warm["sentences"],
               f"{warm['engine_calls']} engine calls, {warm['reused']} segments reused"))
    print(_row(f"one paragraph edited ({edited_sentences} sentences)", edit["seconds"], edit["sentences"],
               f"{edit['engine_calls']} engine calls, {edit['decoded']} sentences decoded"))
    print(identity)
    print(f"  → warm re-run {warm_vs_cold:.0f}× faster than cold (target ≥ 50×)")
    print(f"  → one edited paragraph costs {100 * edit_vs_cold:.1f}% of cold (target ≤ 15%)")
    print()
    print(f"(d) peak RSS of the cold run of {len(corpus.documents)} documents: {cold['peak_rss_mb']:.0f} MB "
          f"({system.settings.inter_threads} batches of up to {system.settings.max_batch_tokens} source tokens "
          f"decoded in parallel)")

    # (e) what placing inline markup costs: same documents, with and without markup, in pairs whose
    # order alternates; the median of the pairs' ratios, as one pair on a shared machine is noise.
    marked_docs = marked_up(compare)
    pairs = []
    for turn in range(args.markup_repeat):
        if turn % 2:
            marked_run = run_markdown(system, marked_docs)
            plain_run = run_markdown(system, compare)
        else:
            plain_run = run_markdown(system, compare)
            marked_run = run_markdown(system, marked_docs)
        pairs.append((plain_run, marked_run))
    markup_cost = statistics.median(m["seconds"] / p["seconds"] - 1 for p, m in pairs)
    markup_cpu = statistics.median(m["cpu_seconds"] / p["cpu_seconds"] - 1 for p, m in pairs)
    plain_md = min((p for p, _ in pairs), key=lambda r: r["seconds"])
    marked_md = min((m for _, m in pairs), key=lambda r: r["seconds"])
    print()
    print(f"(e) inline markup, {len(compare)} documents as Markdown, a bold word and a link in every paragraph "
          f"({args.markup_repeat} pairs, fastest of each shown)")
    print(_row("without markup", plain_md["seconds"], plain_md["sentences"],
               f"{plain_md['calls']} engine calls, {plain_md['tokens']} tokens decoded", plain_md["cpu_seconds"]))
    print(_row("with markup", marked_md["seconds"], marked_md["sentences"],
               f"{marked_md['calls']} engine calls, {marked_md['tokens']} tokens decoded; "
               f"placed by {marked_md['markup']}", marked_md["cpu_seconds"]))
    print(f"  → placing the markup costs {100 * markup_cost:+.1f}% (target ≤ 5%), {100 * markup_cpu:+.1f}% in CPU "
          f"time (medians of the pairs' ratios; pairs ranged {100 * min(m['seconds'] / p['seconds'] - 1 for p, m in pairs):+.1f}%"
          f" to {100 * max(m['seconds'] / p['seconds'] - 1 for p, m in pairs):+.1f}%)")

    if args.levers:
        from levers import measure_levers

        print()
        child_args = ["--docs", str(args.docs), "--paragraphs", str(args.paragraphs)]
        measure_levers(system, corpus, sentences=args.lever_sentences,
                       child_args=child_args + (["--model", args.model] if args.model else []))

    ray_vs_local = _part_f(system, corpus, args)["ratio"] if args.ray else None

    load_after = os.getloadavg()
    print()
    print(f"total {time.perf_counter() - started:.0f} s; load average {load_after[0]:.2f} at the end "
          f"({info['cores']} cores: above that, other work shared the CPU)")
    print(json.dumps({
        "vs_argos": round(vs_argos, 3),
        "overhead_vs_ctranslate2": round(overhead, 4),
        "warm_vs_cold": round(warm_vs_cold, 1),
        "edit_vs_cold": round(edit_vs_cold, 4),
        "peak_rss_mb": round(cold["peak_rss_mb"], 1),
        "markup_cost": round(markup_cost, 4),
        **({"ray_vs_local": round(ray_vs_local, 4)} if ray_vs_local is not None else {}),
    }))


def _part_f(system: System, corpus: Corpus, args: argparse.Namespace) -> dict[str, Any]:
    from cluster import measure_cluster, report

    print()
    found = measure_cluster(system, corpus.documents, args.ray_rounds)
    for line in report(found):
        print(line)
    return found


if __name__ == "__main__":
    main()
