"""``babelpress evaluate``: BLEU, chrF and glossary term success of a translation run."""

from __future__ import annotations

import json
from pathlib import Path

import click

from translate.cli.common import engine_options, parse_languages


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
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@engine_options
def evaluate(
    source_file: Path, reference_file: Path, target: str, source: str, glossary_file: Path | None,
    output_file: Path | None, as_json: bool, beam_size: int, threads: int, compute_type: str,
) -> None:
    """Translate --source and score it against --reference with sacrebleu.

    Prints corpus BLEU and chrF (sacrebleu's defaults, with their signatures,
    so figures compare with published ones) and, with --glossary, the share of
    glossary terms in the source that got their glossary translation.

    \b
      babelpress evaluate --source test.de --reference test.en --to en
      babelpress evaluate --source test.de --reference test.en --to en --glossary glossary/terms.yaml --json
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
