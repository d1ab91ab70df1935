"""``babelpress review``: export segments for review in a CAT tool, and import the reviewed file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from translate.cli.common import engine_options, memory_options, open_memory, parse_languages, reviewer_option
from translate.cli.glossary_options import glossary_options

_FORMATS = ("xliff", "po")
_ORDERS = ("document", "confidence")


def _project(sources: tuple[Path, ...], config_file: Path | None, source_lang: str | None,
             encoding: str | None) -> Any:
    """babelpress.yaml (or the defaults) with SOURCES, --from and --encoding applied, as ``publish`` reads it."""
    from translate.cli.common import project_config

    config, config_path = project_config(sources, config_file, "no sources")
    if source_lang is not None:
        config.source_lang = source_lang.strip().lower()
    if encoding is not None:
        config.encoding = encoding
    if config_path is None:
        config.memory, config.use_memory = None, True
    return config


def _memory_flags(config: Any, memory_file: Path | None, no_memory: bool) -> tuple[Path | None, bool]:
    if memory_file is None and not no_memory:
        return config.memory, not config.use_memory
    return memory_file, no_memory


@click.group("review")
def review() -> None:
    """Review machine translations in a CAT tool (Weblate, OmegaT, memoQ, Poedit).

    \b
    1. babelpress review export --to es --out review.xlf
       writes every sentence of the sources with the Spanish translation the
       next publish writes, as XLIFF 1.2 (or --format po); machine targets
       need review, human ones are marked translated.
    2. Edit the targets in the CAT tool (keep each inline tag once).
    3. babelpress review import review.xlf
       stores each target you changed or marked translated as a human
       translation in the translation memory.
    4. babelpress publish: the pages now carry the reviewed sentences.

    Both commands read SOURCES, languages, the glossary and the memory from
    babelpress.yaml as `publish` does; flags override it.
    """


@review.command("export")
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--to", "targets", required=True, help="The target language to review (one per file).")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write (replaced atomically).")
@click.option("--format", "fmt", type=click.Choice(_FORMATS),
              help="xliff (XLIFF 1.2) or po [default: po for a .po --out, else xliff].")
@click.option("--order", type=click.Choice(_ORDERS), default="document", show_default=True,
              help="document: as the sources run; confidence: the lowest model score first (human "
                   "translations last), to review the weakest sentences first.")
@click.option("--from", "source_lang", help="Source language (default de).")
@click.option("--encoding", help="Encoding of the sources (default utf-8).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Project configuration (default ./babelpress.yaml when it exists).")
@engine_options
@glossary_options
@memory_options
def export_command(sources: tuple[Path, ...], targets: str, out: Path, fmt: str | None, order: str,
                   source_lang: str | None,
                   encoding: str | None, config_file: Path | None, beam_size: int, threads: int,
                   compute_type: str, glossary: Path | None, no_glossary: bool, strict: bool,
                   memory_file: Path | None, no_memory: bool) -> None:
    """Write the sentences of SOURCES and their --to translation for review, as XLIFF 1.2 or PO.

    Each segment is one sentence, located as DOCUMENT:BLOCK.SENTENCE (the
    document's slug, the block's and the sentence's number) with the source
    file, and notes naming each glossary term in it and its status and the
    model's confidence in a machine target ("model confidence: -0.83 (lowest
    10% of this export)": its mean log-probability per token, at most 0). The
    sentences are translated as `publish` translates them (from the memory
    where it has them), so the targets are exactly what publish writes.

    \b
      babelpress review export --to es --out review.es.xlf
      babelpress review export article.md --to en --format po --out review.en.po
      babelpress review export --to es --order confidence --out weakest-first.xlf
    """
    from translate.cli.glossary_options import glossary_from_options
    from translate.engine.decoder import Engine, EngineSettings
    from translate.errors import ConfigError
    from translate.files import write_atomic
    from translate.publish.review import collect, load_project, ordered, write_po, write_xliff

    config = _project(sources, config_file, source_lang, encoding)
    languages = parse_languages(targets)
    if len(languages) != 1:
        raise click.UsageError(f"--to names {len(languages)} languages; a review file holds one: export each.")
    target = languages[0]
    if target == config.source_lang:
        raise ConfigError(f"--to {target} is the source language; give the language of the translation to review.")
    fmt = fmt or ("po" if out.suffix.lower() in (".po", ".pot") else "xliff")
    if glossary is None and not no_glossary and (config.glossary_required or config.glossary.is_file()):
        glossary = config.glossary
    terms = glossary_from_options(glossary, no_glossary)
    project = load_project(config.sources, config.root, config.source_lang, config.encoding)
    engine = Engine(settings=EngineSettings.with_threads(threads, beam_size=beam_size, compute_type=compute_type))
    memory_file, no_memory = _memory_flags(config, memory_file, no_memory)
    with open_memory(memory_file, no_memory) as memory:
        segments = collect(project, config.source_lang, target, engine, glossary=terms, memory=memory)
    writer = write_po if fmt == "po" else write_xliff
    write_atomic(out, writer(ordered(segments, order), config.source_lang, target), what="review file")
    review_count = sum(not s.human for s in segments)
    click.echo(f"Wrote {len(segments)} segments of {len(project)} document{'s' * (len(project) != 1)} to {out} "
               f"({review_count} to review, {len(segments) - review_count} already human translations).", err=True)


@review.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--from", "source_lang", help="Source language (default de).")
@click.option("--encoding", help="Encoding of the sources (default utf-8).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Project configuration (default ./babelpress.yaml when it exists).")
@click.option("--json", "as_json", is_flag=True,
              help='Print what happened to every unit as JSON on stdout (on a fatal error: {"error": MESSAGE}).')
@reviewer_option
@glossary_options
@memory_options
@click.pass_context
def import_command(ctx: click.Context, file: Path, sources: tuple[Path, ...], source_lang: str | None,
                   encoding: str | None, config_file: Path | None, as_json: bool, reviewer: str | None,
                   glossary: Path | None,
                   no_glossary: bool, strict: bool, memory_file: Path | None, no_memory: bool) -> None:
    """Store the targets of a reviewed FILE (XLIFF 1.2 or PO) as human translations.

    A target is stored when the reviewer changed it or marked it translated
    (XLIFF state translated, final or signed-off; PO not fuzzy); the next
    `publish` then writes it. Each unit must still be a sentence of SOURCES
    (default: babelpress.yaml's) and keep the inline tags of its source; the
    others are skipped and listed with the reason. The glossary options are
    accepted for symmetry with export and not used.
    """
    ctx.meta["babelpress.json"] = as_json
    from translate.cli.common import system_user
    from translate.errors import ConfigError
    from translate.publish.review import load_project, project_sentences, read_review, store_review

    config = _project(sources, config_file, source_lang, encoding)
    project = load_project(config.sources, config.root, config.source_lang, config.encoding)
    known = project_sentences([(slug, document) for slug, _, document in project], config.source_lang)
    review_file = read_review(file, known)
    memory_file, no_memory = _memory_flags(config, memory_file, no_memory)
    if no_memory:
        raise ConfigError("review import stores into the translation memory; it cannot run with --no-memory.")
    with open_memory(memory_file, False) as memory:
        report = store_review(review_file, known, config.source_lang, memory, reviewer=reviewer or system_user())
    if as_json:
        click.echo(json.dumps(report.summary(), indent=2, ensure_ascii=False))
    for item in report.skipped:
        click.echo(f"Skipped {item['id']}: {item['reason']}.", err=True)
    click.echo(f"Read {report.read} units from {file}: {len(report.stored)} stored as human translations "
               f"({review_file.target_lang}), {report.unchanged} unchanged, {len(report.skipped)} skipped.", err=True)
