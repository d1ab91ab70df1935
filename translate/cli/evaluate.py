"""``babelpress evaluate``: BLEU, chrF and glossary term success of a translation run."""

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
@click.option("--source", "source_file", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Source segments, one per line.")
@click.option("--reference", "reference_file", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Reference translations, aligned line by line with --source.")
@click.option("--to", "target", required=True, help="Target language of the references (e.g. en).")
@click.option("--from", "source", default="de", show_default=True, help="Source language.")
@click.option("--glossary", "glossary_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Enforce this glossary and report its term success rate.")
@click.option("--output", "output_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the translations here, one per line (to score them with other tools).")
@click.option("--markup", is_flag=True,
              help="The lines are Markdown with inline markup: report how each kind of element was carried "
                   "(placed around the same words as in the reference), per kind.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@engine_options
def evaluate(
    source_file: Path, reference_file: Path, target: str, source: str, glossary_file: Path | None,
    output_file: Path | None, markup: bool, as_json: bool, beam_size: int, threads: int, compute_type: str,
) -> None:
    """Translate --source and score it against --reference with sacrebleu.

    Prints corpus BLEU and chrF (sacrebleu's defaults, with their signatures,
    so figures compare with published ones) and, with --glossary, the share of
    glossary terms in the source that got their glossary translation.

    With --markup, every line is a Markdown sentence or paragraph with inline
    markup (bold, links, code, images, HTML, footnote references), and the
    report says, per kind of element, how often the output has it around the
    same words as the reference, how many lines came out exactly, and how many
    read (markup removed) exactly as the translation of the plain line.

    \b
      babelpress evaluate --source test.de --reference test.en --to en
      babelpress evaluate --source test.de --reference test.en --to en --glossary glossary/terms.yaml --json
      babelpress evaluate --source tagged.de.md --reference tagged.en.md --to en --markup
    """
    from translate.engine.decoder import Engine, EngineSettings
    from translate.evaluation import evaluate as run_evaluation
    from translate.evaluation import read_test_set
    from translate.glossary.loader import load_glossary
    from translate.files import write_atomic

    languages = parse_languages(target)
    if len(languages) != 1:
        raise click.BadParameter("evaluate scores one language at a time: give one --to language.", param_hint="--to")
    sources, references = read_test_set(source_file, reference_file)
    glossary = load_glossary(glossary_file) if glossary_file is not None else None
    engine = Engine(settings=EngineSettings.with_threads(threads, beam_size=beam_size, compute_type=compute_type))
    if markup:
        return _markup_report(engine, sources, references, source.strip().lower(), languages[0], glossary,
                              output_file, as_json)
    report = run_evaluation(engine, sources, references, source.strip().lower(), languages[0], glossary)
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
