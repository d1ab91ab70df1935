"""``babelpress publish``: translate sources and write verifiable bundles."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from translate.cli.common import (
    echo_pieces,
    engine_options,
    memory_options,
    open_memory,
    parse_languages,
    progress_bar,
    project_config,
    reviewer_option,
    system_user,
)
from translate.cli.glossary_options import glossary_options
from translate.defaults import CONFIDENCE_THRESHOLD, PUBLISH_CHUNK

if TYPE_CHECKING:
    from translate.publish.config import ProjectConfig
    from translate.publish.request import PublishReport, PublishRequest
    from translate.publish.run import Publication
    from translate.run.translate import Executor

_LAYOUTS = ("bundle", "folders")
_ARCHIVES = ("zip", "tar.gz")
_EXECUTORS = ("local", "ray")


def _given(ctx: click.Context, name: str) -> bool:
    source = ctx.get_parameter_source(name)
    return source is not None and source.name not in ("DEFAULT", "DEFAULT_MAP")


@click.command("publish")
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--to", "targets", help="Target languages, comma-separated (default from babelpress.yaml, else en).")
@click.option("--from", "source_lang", help="Source language (default de).")
@click.option("--out", "out", type=click.Path(path_type=Path), help="Output folder (default output/).")
@click.option("--layout", type=click.Choice(_LAYOUTS), help="bundle: <slug>/index.<lang>.md; folders: <lang>/<slug>.md.")
@click.option("--force", is_flag=True, help="Replace files in --out that babelpress did not write.")
@click.option("--archive", type=click.Choice(_ARCHIVES), help="Also write each bundle as one archive.")
@click.option("--json", "as_json", is_flag=True,
              help='Print a machine-readable summary on stdout (on a fatal error: {"error": MESSAGE}).')
@click.option("--fail-fast", is_flag=True, help="Stop at the first bad document (publish nothing).")
@click.option("--encoding", help="Encoding of the sources (default utf-8).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Project configuration (default ./babelpress.yaml when it exists).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or status lines.")
@click.option("--confidence-threshold", type=click.FloatRange(max=0.0), default=CONFIDENCE_THRESHOLD,
              show_default=True,
              help="Machine segments whose model score (mean log-probability per token, at most 0) is below "
                   "this count as low-confidence (\"low_confidence\" in --json). Scores depend on the model: "
                   "measure yours, e.g. with `babelpress review export --order confidence`.")
@click.option("--chunk", type=click.IntRange(min=1), default=PUBLISH_CHUNK, show_default=True,
              help="Sentences translated and committed together. A publish holds one chunk in memory at a time, "
                   "however large the corpus; each chunk is committed as it is done, so an interrupted publish "
                   "keeps the chunks before it.")
@click.option("--executor", type=click.Choice(_EXECUTORS),
              help="Where sentences are decoded: local (this process, the default) or ray (a Ray cluster; "
                   "needs pip install 'babelpress[ray]'). Sources, memory, glossary and bundles stay here.")
@click.option("--ray-address", help="With --executor ray: the cluster to use (auto: the one `ray start` runs "
                                    "on this machine; HOST:6379; default RAY_ADDRESS, else a Ray started here).")
@click.option("--workers", type=click.IntRange(min=1),
              help="With --executor ray: decoding actors (default: as many as the cluster's CPUs allow).")
@click.option("--worker-threads", type=click.IntRange(min=1),
              help="With --executor ray: CPUs, and decoding threads, per actor (default 1).")
@reviewer_option
@engine_options
@glossary_options
@memory_options
@click.pass_context
def publish(
    ctx: click.Context, sources: tuple[Path, ...], targets: str | None, source_lang: str | None,
    out: Path | None, layout: str | None, force: bool, archive: str | None, as_json: bool,
    fail_fast: bool, encoding: str | None, config_file: Path | None, quiet: bool, confidence_threshold: float,
    reviewer: str | None, chunk: int,
    executor: str | None, ray_address: str | None, workers: int | None, worker_threads: int | None,
    beam_size: int, threads: int, compute_type: str,
    glossary: Path | None, no_glossary: bool, strict: bool, memory_file: Path | None, no_memory: bool,
) -> None:
    """Translate SOURCES into the --to languages and publish one bundle per document.

    SOURCES are .md files (Markdown, structure kept), seed .txt files or
    folders of them. Each document becomes <out>/<slug>/index.<lang>.md for
    the source language and every target, with YAML front matter and a
    .babelpress-manifest.json that `babelpress verify` checks (a dot-file,
    so site generators do not publish it). Without SOURCES the
    project's babelpress.yaml says what to publish; flags override it.

    \b
      babelpress publish                      # as babelpress.yaml says
      babelpress publish seeds/ --to en,es --out output/
      babelpress publish article.md --to es --layout folders --archive zip
    """
    ctx.meta["babelpress.json"] = as_json
    from translate.cli.glossary_options import glossary_from_options
    from translate.engine.decoder import Engine, EngineSettings
    from translate.publish.request import PublishRequest
    from translate.publish.run import prepare

    config, config_path = project_config(sources, config_file, "nothing to publish")
    if targets is not None:
        config.targets = parse_languages(targets)
    if source_lang is not None:
        config.source_lang = source_lang.strip().lower()
    if out is not None:
        config.out = out
    for name, value in (("layout", layout), ("archive", archive), ("encoding", encoding), ("executor", executor),
                        ("ray_address", ray_address), ("workers", workers), ("worker_threads", worker_threads)):
        if value is not None:
            setattr(config, name, value)
    for name in ("beam_size", "threads", "compute_type"):
        if _given(ctx, name) or config_path is None:
            setattr(config, name, locals()[name])

    if glossary is None and not no_glossary and (config.glossary_required or config.glossary.is_file()):
        glossary = config.glossary
    terms = glossary_from_options(glossary, no_glossary)  # a broken glossary stops here, before any model

    engine = Engine(settings=EngineSettings.with_threads(
        config.threads, beam_size=config.beam_size, compute_type=config.compute_type))
    request = PublishRequest(
        sources=config.sources, targets=config.targets, out=config.out, source_lang=config.source_lang,
        layout=config.layout, force=force, archive=config.archive, encoding=config.encoding,
        fail_fast=fail_fast, glossary=terms, root=config.root, confidence_threshold=confidence_threshold,
        reviewer=reviewer or system_user(), chunk=chunk,
    )
    publication = prepare(request, engine)  # a missing model fails here, before a cluster is touched

    def say(message: str) -> None:
        if not quiet:
            click.echo(message, err=True)

    with _executor(config, say) as request.executor:
        report = _run(publication, request, config, memory_file, no_memory, quiet, say)
    for warning in report.warnings:
        say(f"Warning: {warning}")
    if terms is not None and report.term_documents:  # no table when no document was translated
        say(report.terms.table(report.term_documents))
    for error in report.errors:
        click.echo(f"Error: {error['error']}", err=True)
    if as_json:
        echo_pieces(report.summary_json())  # a corpus's documents one by one, never all at once
    say(_summary_line(report.summary(published=False), config.out))
    if report.errors:
        ctx.exit(1)
    if strict and report.terms.violated:
        click.echo("Error: glossary terms were violated (see the table above); --strict fails the run.", err=True)
        ctx.exit(1)


def _run(publication: Publication, request: PublishRequest, config: ProjectConfig, memory_file: Path | None,
         no_memory: bool, quiet: bool, say: Callable[[str], None]) -> PublishReport:
    """Open the memory and run the publication with a progress line."""
    if memory_file is None and not no_memory:
        memory_file, no_memory = config.memory, not config.use_memory
    with open_memory(memory_file, no_memory) as memory, \
            progress_bar(publication.total, "Translating", quiet) as advance:
        request.memory = memory
        return publication.run(advance, on_wait=lambda message: say(f"babelpress: {message}"))


@contextmanager
def _executor(config: ProjectConfig, say: Callable[[str], None]) -> Iterator[Executor | None]:
    """The executor ``config`` asks for, connected (``None``: this process); disconnected afterwards."""
    if config.executor != "ray":
        yield None
        return
    from translate.cluster.executor import connect

    executor = connect(config.ray_address, config.workers, config.worker_threads)
    say(f"babelpress: decoding on the Ray cluster with {executor.workers} worker"
        f"{'s' * (executor.workers != 1)} of {executor.threads} thread{'s' * (executor.threads != 1)}.")
    try:
        yield executor
    finally:
        executor.close()


def _summary_line(summary: dict[str, Any], out: Path) -> str:
    failed = len(summary["errors"])
    line = (f"Published {summary['documents']} document{'s' * (summary['documents'] != 1)} "
            f"({summary['segments']} segments: {summary['translated']} translated, {summary['reused']} reused; "
            f"{summary['files']} files) into {out} in {summary['seconds']:.1f} s")
    return line + (f"; {failed} failed." if failed else ".")
