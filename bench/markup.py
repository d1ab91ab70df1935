"""How the pipeline carries inline Markdown through translation, per element kind.

A script, not a test: it translates the cases of ``tests/markup_set.py`` with
the synthetic test models and prints a table per element kind and target
language, then one JSON line with the same figures.

The test models translate plain synthetic sentences almost perfectly, so the
plain German sentence of every case is translated too: only a case whose
plain output equals its plain reference says anything about markup. Per kind
and language:

* ``plain ok``: the plain sentence came out exactly as its reference;
* ``marked ok``: among those, the marked output equals the marked reference
  (the sentence itself; a footnote case's definition is left out);
* ``text ok``: the marked output, markup removed, reads exactly as the plain
  output (were words lost or moved by the markup?), over all cases;
* ``markup ok``: the marked output holds the reference's elements, with the
  same link targets, code and HTML (wherever they ended up), over all cases;
* ``moved`` / ``lost`` / ``other``: the warnings ``Document.render`` gave.

Everything runs as ``babelpress translate FILE.md --to en,es`` does (one
Markdown document per case, all of them in one prepared run: one batched
call per hop, es through en), without a glossary and without a translation
memory. The models are installed into a temporary directory, which every
Argos and XDG directory points into before anything imports the library or
Argos Translate, and which is removed at the end.

    .venv/bin/python bench/markup.py [--seed 2026] [--n 240] [--show 3]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "tests" / "models"
PACKAGES = (MODELS / "translate-de_en-synthetic.argosmodel", MODELS / "translate-en_es-synthetic.argosmodel")
TARGETS = ("en", "es")

_HOME = Path(tempfile.mkdtemp(prefix="babelpress-markup-bench-"))
for _var, _sub in {
    "XDG_DATA_HOME": "data",
    "XDG_CONFIG_HOME": "config",
    "XDG_CACHE_HOME": "cache",
    "ARGOS_PACKAGES_DIR": "packages",
    "BABELPRESS_MEMORY": "memory.sqlite3",  # never used (no memory= below); a stray default stays in here
}.items():
    os.environ[_var] = str(_HOME / _sub)
os.environ["ARGOS_PACKAGE_INDEX"] = "http://127.0.0.1:9/"  # offline: nothing may be fetched
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(MODELS)]

from markup_set import KINDS, MarkupCase, markup_cases, markup_signature, visible_text  # noqa: E402

WARNINGS = {"moved": "was moved to the end of its sentence", "lost": "were lost in translation and left out"}


@dataclass
class Outcome:
    """One case in one target language."""

    case: MarkupCase
    lang: str
    marked: str  # the rendered document, trailing newline stripped
    plain: str  # the rendered plain sentence
    warnings: list[str]

    @property
    def sentence(self) -> str:
        """The marked sentence alone: a footnote definition follows after a blank line."""
        return self.marked.split("\n\n", 1)[0]

    @property
    def plain_ok(self) -> bool:
        return self.plain == self.case.plain[1 + TARGETS.index(self.lang)]

    @property
    def marked_ok(self) -> bool:
        return self.sentence == self.case.marked(self.lang)

    @property
    def text_ok(self) -> bool:
        return visible_text(self.marked) == self.plain

    @property
    def markup_ok(self) -> bool:
        return markup_signature(self.marked) == markup_signature(self.case.document(self.lang))

    def warning_counts(self) -> Counter[str]:
        counts: Counter[str] = Counter()
        for warning in self.warnings:
            counts[next((name for name, text in WARNINGS.items() if text in warning), "other")] += 1
        return counts


@dataclass
class Row:
    cases: int = 0
    plain_ok: int = 0
    marked_ok: int = 0  # among plain_ok
    text_ok: int = 0
    markup_ok: int = 0
    warnings: Counter[str] = field(default_factory=Counter)

    def add(self, outcome: Outcome) -> None:
        self.cases += 1
        self.plain_ok += outcome.plain_ok
        self.marked_ok += outcome.plain_ok and outcome.marked_ok
        self.text_ok += outcome.text_ok
        self.markup_ok += outcome.markup_ok
        self.warnings.update(outcome.warning_counts())

    def figures(self) -> dict[str, Any]:
        return {
            "cases": self.cases, "plain_exact": self.plain_ok, "marked_exact": self.marked_ok,
            "text_equals_plain": self.text_ok, "markup_kept": self.markup_ok,
            "moved": self.warnings["moved"], "lost": self.warnings["lost"], "other": self.warnings["other"],
        }


def install_models() -> Path:
    from translate.engine.install import install_file

    root = Path(os.environ["ARGOS_PACKAGES_DIR"])
    for package in PACKAGES:
        install_file(package, root)
    return root


def translate_all(cases: list[MarkupCase], root: Path) -> list[Outcome]:
    """Every marked document and every plain sentence, in one run (as the CLI batches its files)."""
    from translate.documents import parse_document
    from translate.engine.decoder import Engine, EngineSettings
    from translate.engine.packages import installed_packages
    from translate.run.batch import prepare

    marked = [parse_document(f"case-{i}.md", case.document("de"), markdown=True) for i, case in enumerate(cases)]
    plain = [parse_document(f"plain-{i}.md", case.plain.de, markdown=True) for i, case in enumerate(cases)]
    documents = marked + plain
    engine = Engine(installed_packages(root), EngineSettings(beam_size=4))
    run = prepare(engine.plan("de", list(TARGETS)), documents)
    done = run.translate(engine)
    outcomes = []
    for index, case in enumerate(cases):
        for lang in TARGETS:
            rendered = marked[index].render(done.units[index][lang])
            plain_out = plain[index].render(done.units[len(cases) + index][lang]).text
            outcomes.append(Outcome(case, lang, rendered.text.rstrip("\n"), plain_out.rstrip("\n"),
                                    rendered.warnings))
    return outcomes


def _percent(part: int, whole: int) -> str:
    return f"{part:>3}/{whole:<3} {100 * part / whole:>5.1f}%" if whole else f"{part:>3}/{whole:<3}    — "


def table(rows: dict[tuple[str, str], Row]) -> str:
    head = (f"{'kind':<14}{'lang':<5}{'cases':>5}  {'plain ok':<15}{'marked ok (of plain ok)':<24}"
            f"{'text ok':<15}{'kept anywhere':<15}{'moved':>6}{'lost':>6}{'other':>6}")
    lines = [head, "-" * len(head)]
    for (kind, lang), row in rows.items():
        if kind == "all" and lang == TARGETS[0]:
            lines.append("-" * len(head))
        lines.append(
            f"{kind:<14}{lang:<5}{row.cases:>5}  {_percent(row.plain_ok, row.cases):<15}"
            f"{_percent(row.marked_ok, row.plain_ok):<24}{_percent(row.text_ok, row.cases):<15}"
            f"{_percent(row.markup_ok, row.cases):<15}{row.warnings['moved']:>6}{row.warnings['lost']:>6}"
            f"{row.warnings['other']:>6}"
        )
    return "\n".join(lines)


def show_failures(outcomes: list[Outcome], count: int) -> None:
    """``count`` failing outcomes per kind: markup failures on a well translated sentence first."""
    for kind in KINDS:
        failing = [o for o in outcomes if o.case.kind == kind and not (o.plain_ok and o.marked_ok)]
        failing.sort(key=lambda o: not o.plain_ok)
        print(f"\n== {kind}: {len(failing)} of {sum(o.case.kind == kind for o in outcomes)} failing")
        for outcome in failing[:count]:
            reference = outcome.case.marked(outcome.lang)
            print(f"  [{outcome.lang}] {outcome.case.detail}{'' if outcome.plain_ok else ' (plain output wrong too)'}")
            print(f"    source:    {outcome.case.de}")
            print(f"    reference: {reference}")
            print(f"    output:    {outcome.sentence}")
            if not outcome.plain_ok:
                print(f"    plain out: {outcome.plain}")
            for warning in outcome.warnings:
                print(f"    warning:   {warning.split(': ', 1)[-1]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=2026, help="seed of tests/markup_set.py (default 2026)")
    parser.add_argument("--n", type=int, default=240, help="number of cases (default 240, about 20 per kind)")
    parser.add_argument("--show", type=int, default=0, metavar="K", help="print K failing examples per kind")
    args = parser.parse_args()
    try:
        started = time.perf_counter()
        cases = markup_cases(args.seed, args.n)
        outcomes = translate_all(cases, install_models())
        rows: dict[tuple[str, str], Row] = {}
        for kind in [k for k in KINDS if any(c.kind == k for c in cases)] + ["all"]:
            for lang in TARGETS:
                rows[(kind, lang)] = Row()
        for outcome in outcomes:
            rows[(outcome.case.kind, outcome.lang)].add(outcome)
            rows[("all", outcome.lang)].add(outcome)
        print(f"inline Markdown through translation: {len(cases)} cases of tests/markup_set.py (seed {args.seed}), "
              f"synthetic test models, beam 4, de→en and de→en→es; {time.perf_counter() - started:.1f} s")
        print(table(rows))
        if args.show:
            show_failures(outcomes, args.show)
        figures: dict[str, Any] = {}
        for (kind, lang), row in rows.items():
            figures.setdefault(kind, {})[lang] = row.figures()
        print(json.dumps({"seed": args.seed, "n": len(cases), "kinds": figures}, ensure_ascii=False))
    finally:
        shutil.rmtree(_HOME, ignore_errors=True)


if __name__ == "__main__":
    main()
