"""``babelpress evaluate``: BLEU, chrF, glossary term success and the WMT term success rate of a run."""

from __future__ import annotations

import json
from pathlib import Path

from typing import TYPE_CHECKING

import click

from translate.cli.common import engine_options, parse_languages

if TYPE_CHECKING:
    from translate.engine.decoder import Engine
    from translate.glossary.model import Glossary


@click.command("evaluate")
@click.option("--source", "source_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Source segments, one per line (not needed with a WMT25 --terms file).")
@click.option("--reference", "reference_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Reference translations, aligned line by line with --source.")
@click.option("--to", "target", required=True, help="Target language of the references (e.g. en).")
@click.option("--from", "source", default="de", show_default=True, help="Source language.")
@click.option("--glossary", "glossary_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Enforce this glossary and report its term success rate.")
@click.option("--terms", "terms_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Per-sentence term constraints in a WMT terminology format: report the WMT term success "
                   "rate (scored, not enforced).")
@click.option("--terms-format", type=click.Choice(["wmt23", "wmt25"]),
              help="Format of --terms: wmt23 (one JSON list of {lang: term} objects per source line) or wmt25 "
                   "(JSON records with the texts and proper/random/noterm dictionaries). Default: told by line 1.")
@click.option("--terms-mode", type=click.Choice(["proper", "random", "noterm"]),
              help="Which dictionary of a wmt25 record to score (default: proper; a wmt23 file is one mode).")
@click.option("--output", "output_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the translations here, one per line (to score them with other tools).")
@click.option("--markup", is_flag=True,
              help="The lines are Markdown with inline markup: report how each kind of element was carried "
                   "(placed around the same words as in the reference), per kind.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@engine_options
def evaluate(
    source_file: Path | None, reference_file: Path | None, target: str, source: str, glossary_file: Path | None,
    terms_file: Path | None, terms_format: str | None, terms_mode: str | None, output_file: Path | None, markup: bool,
    as_json: bool, beam_size: int, threads: int, compute_type: str,
) -> None:
    """Translate --source and score it against --reference with sacrebleu.

    Prints corpus BLEU and chrF (sacrebleu's defaults, with their signatures,
    so figures compare with published ones) and, with --glossary, the share of
    glossary terms in the source that got their glossary translation.

    With --terms, a file of per-sentence term constraints in the formats of
    the WMT terminology task (WMT23 deen.term.proper/random, WMT25 track-1
    JSONL records, whose texts stand in for --source and --reference), it adds
    the term success rate as that task defines it (WMT25's track-1 scorer,
    following Semenov et al. 2023): over all term pairs whose source term is in
    the source line, the share whose target term is in the output line, both
    compared lower-cased as substrings (the official scorer also accepts a
    lemma match, which babelpress does not make). The constraints are scored,
    not enforced: to enforce terms, give them as a --glossary.

    With --markup, every line is a Markdown sentence or paragraph with inline
    markup (bold, links, code, images, HTML, footnote references), and the
    report says, per kind of element, how often the output has it around the
    same words as the reference, how many lines came out exactly, and how many
    read (markup removed) exactly as the translation of the plain line.

    \b
      babelpress evaluate --source test.de --reference test.en --to en
      babelpress evaluate --source test.de --reference test.en --to en --glossary glossary/terms.yaml --json
      babelpress evaluate --source tagged.de.md --reference tagged.en.md --to en --markup
      babelpress evaluate --source deen.de --reference deen.en --to en --terms deen.term.proper
      babelpress evaluate --from en --to es --terms full_data.enes.jsonl --terms-mode random --json
    """
    from translate.engine.decoder import Engine, EngineSettings
    from translate.evaluation import evaluate as run_evaluation
    from translate.errors import InputError
    from translate.evaluation import TermConstraints, read_term_constraints, read_test_set
    from translate.glossary.loader import load_glossary
    from translate.files import write_atomic

    languages = parse_languages(target)
    if len(languages) != 1:
        raise click.BadParameter("evaluate scores one language at a time: give one --to language.", param_hint="--to")
    source = source.strip().lower()
    constraints: TermConstraints | None = None
    if terms_file is not None and markup:
        raise InputError("--terms scores plain lines: leave out --markup.")
    if source_file is not None and reference_file is not None:
        sources, references = read_test_set(source_file, reference_file)
        if terms_file is not None:
            constraints = read_term_constraints(terms_file, source, languages[0], format=terms_format,
                                                mode=terms_mode, lines=len(sources), source_name=str(source_file))
    elif terms_file is not None and source_file is None and reference_file is None:
        constraints = read_term_constraints(terms_file, source, languages[0], format=terms_format, mode=terms_mode)
        if constraints.sources is None or constraints.references is None:
            raise InputError(f"{terms_file} holds only terms ({constraints.format}): give --source and --reference.")
        sources, references = constraints.sources, constraints.references
    else:
        raise InputError("give --source and --reference (or a WMT25 --terms file, whose records hold both).")
    glossary = load_glossary(glossary_file) if glossary_file is not None else None
    engine = Engine(settings=EngineSettings.with_threads(threads, beam_size=beam_size, compute_type=compute_type))
    if markup:
        return _markup_report(engine, sources, references, source, languages[0], glossary, output_file, as_json)
    report = run_evaluation(engine, sources, references, source, languages[0], glossary, constraints)
    if output_file is not None:
        write_atomic(output_file, "\n".join(report.hypotheses) + "\n")
    if as_json:
        click.echo(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
        return
    rows = [
        ("BLEU", f"{report.scores.bleu:.1f}", report.scores.bleu_signature),
        ("chrF", f"{report.scores.chrf:.1f}", report.scores.chrf_signature),
    ]
    if report.terms is not None:
        rows.append(("terms", f"{100 * report.terms.rate:.1f}",
                     f"{report.terms.correct} of {report.terms.found} glossary terms translated as listed"))
    if report.constraints is not None and report.constraint_score is not None:
        met, rate = report.constraint_score, report.constraint_score.rate
        mode = f" {report.constraints.mode}" if report.constraints.mode else ""
        rows.append(("TSR", f"{100 * rate:.1f}" if rate is not None else "-",
                     f"{met.matched} of {met.found} term constraints met "
                     f"({report.constraints.format}{mode}, WMT term success rate)"))
    click.echo(f"{report.source}→{report.target}: {report.lines} lines, {report.sentences} sentences, "
               f"translated in {report.seconds:.1f} s")
    click.echo(f"{'metric':<7} {'score':>6}  signature")
    for name, value, detail in rows:
        click.echo(f"{name:<7} {value:>6}  {detail}")


def _markup_report(engine: Engine, sources: list[str], references: list[str], source: str, target: str,
                   glossary: Glossary | None, output_file: Path | None, as_json: bool) -> None:
    from translate.evaluation import evaluate_markup
    from translate.files import write_atomic

    result = evaluate_markup(engine, sources, references, source, target, glossary)
    if output_file is not None:
        write_atomic(output_file, "\n".join(result.outputs) + "\n")
    if as_json:
        click.echo(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
        return
    click.echo(f"{source}→{target}: {result.lines} lines; exact (markup included) {result.exact}; "
               f"text as without markup {result.text_kept}")
    click.echo(f"{'element':<14} {'placed':>7} {'of':>5} {'rate':>7}")
    for kind, count in result.elements.items():
        placed = result.placed.get(kind, 0)
        click.echo(f"{kind:<14} {placed:>7} {count:>5} {100 * placed / count:>6.1f}%")
    if result.scores is not None:
        click.echo(f"BLEU {result.scores.bleu:.1f}, chrF {result.scores.chrf:.1f} (on the text a reader sees)")
