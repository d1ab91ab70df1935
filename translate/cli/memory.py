"""``babelpress memory``: inspect, move and maintain the translation memory."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def _memory_option(func: F) -> F:
    return click.option(
        "--memory",
        "memory_file",
        type=click.Path(dir_okay=False, path_type=Path),
        help="The memory file (default: $BABELPRESS_MEMORY, else memory.sqlite3 in the user data directory).",
    )(func)


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    value = n / 1024
    for unit in ("KB", "MB"):
        if value < 1024:
            return f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"


@click.group("memory")
def memory() -> None:
    """The translation memory: every segment translated so far, reused on the next run.

    \b
      babelpress memory stats
      babelpress memory export memory.tmx     # to OmegaT, Trados, memoQ …
      babelpress memory import reviewed.tmx   # human translations win over machine ones
      babelpress memory prune --unused-days 90 --uninstalled
      babelpress memory check
    """


@memory.command("stats")
@_memory_option
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def stats(memory_file: Path | None, as_json: bool) -> None:
    """How many translations the memory holds, per language pair and model."""
    from translate.memory import TranslationMemory

    with TranslationMemory.open(memory_file, create=False) as tm:
        figures = tm.stats()
    if as_json:
        data = {
            "path": str(figures.path), "entries": figures.entries, "machine": figures.machine,
            "human": figures.human, "pairs": figures.pairs, "routes": figures.routes,
            "size_bytes": figures.size_bytes, "schema_version": figures.schema_version,
            "last_used": figures.last_used, "reviewers": figures.reviewers,
        }
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    click.echo(f"Translation memory {figures.path} ({_size(figures.size_bytes)}, schema {figures.schema_version})")
    click.echo(f"Entries: {figures.entries} ({figures.machine} machine, {figures.human} human)")
    for pair, count in figures.pairs.items():
        click.echo(f"  {pair:<8} {count:>8}")
    if figures.reviewers:
        click.echo("Reviewed by:")
        for reviewer, count in figures.reviewers.items():
            click.echo(f"  {count:>8}  {reviewer or '(unknown)'}")
    if figures.routes:
        click.echo("Models:")
        for route, count in figures.routes.items():
            click.echo(f"  {count:>8}  {route}")
    if figures.last_used is not None:
        click.echo("Last used: " + time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(figures.last_used)))


@memory.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@_memory_option
def export(file: Path, memory_file: Path | None) -> None:
    """Write the whole memory to FILE as TMX 1.4 (for CAT tools).

    XML 1.0 cannot hold a control character (U+0000-U+001F except tab, LF and
    CR, and U+FFFE/U+FFFF), not even escaped; each one in a segment is written
    as the placeholder <ph type="x-babelpress-char">U+001B</ph>, which CAT
    tools keep as an inline tag and `babelpress memory import` turns back into
    the character, so an export re-imports exactly. A CR is written as &#13;.
    """
    from translate.memory import TranslationMemory, export_tmx

    with TranslationMemory.open(memory_file, create=False) as tm:
        count = export_tmx(tm, file)
    click.echo(f"Exported {count} entries to {file}")


@memory.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@_memory_option
@click.option("--as-human", is_flag=True,
              help="Treat every unit as a human translation, even units exported by babelpress "
                   "(e.g. after a reviewer corrected them).")
def import_(file: Path, memory_file: Path | None, as_human: bool) -> None:
    """Add the translation units of the TMX file FILE to the memory.

    Units from CAT tools are human translations: they are used for their
    source text and language pair whatever model or settings a run uses, and
    win over machine translations. A unit with srclang="*all*" gives a
    translation from each of its languages into each other one.

    The report accounts for every translation read (a unit with two target
    languages holds two): added, updated (the memory had another
    translation), unchanged, duplicate (another unit of the file has the same
    source and language pair; the later one is kept) or skipped, each skip
    with its reason. Inline markup a segment loses (TMX inline codes, or
    elements TMX does not define, such as <b>) is listed; its text is kept.
    """
    from translate.memory import TranslationMemory
    from translate.memory.tmx import read_tmx, store_tmx

    units = read_tmx(file, origin="human" if as_human else "auto")  # a bad file fails before the memory opens
    with TranslationMemory.open(memory_file) as tm:
        report = store_tmx(tm, units)
    pairs = ", ".join(f"{pair} {count}" for pair, count in report.pairs.items())
    click.echo(
        f"Imported {file}: {_plural(report.total, 'translation')} in {_plural(report.units, 'unit')}: "
        f"{report.added} added, {report.updated} updated, {report.unchanged} unchanged, "
        f"{report.duplicate} duplicate, {report.skipped} skipped."
    )
    click.echo(
        f"Stored {_plural(report.imported, 'entry', 'entries')} ({report.human} human, {report.machine} machine)"
        + (f": {pairs}." if pairs else ".")
    )
    if report.skips:
        click.echo(f"Skipped {report.skipped}:", err=True)
        for reason, skipped in report.skips.items():
            click.echo(f"  {reason}: {_few(skipped)}", err=True)
    if report.duplicates:
        click.echo(f"Duplicate {report.duplicate}:", err=True)
        for line in report.duplicates[:_SHOWN]:
            click.echo(f"  {line}", err=True)
        if len(report.duplicates) > _SHOWN:
            click.echo(f"  ... and {len(report.duplicates) - _SHOWN} more", err=True)
    if report.markup:
        click.echo("Inline markup dropped (the segment text is kept):", err=True)
        for what, where in report.markup.items():
            click.echo(f"  {what}: {_few(where)}", err=True)


_SHOWN = 10


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def _few(units: list[str]) -> str:
    """The first units of a list, and how many more."""
    shown = ", ".join(units[:_SHOWN])
    return shown + (f" and {len(units) - _SHOWN} more" if len(units) > _SHOWN else "")


@memory.command("prune")
@_memory_option
@click.option("--unused-days", type=click.FloatRange(min=0), help="Remove entries not used for this many days.")
@click.option("--uninstalled", is_flag=True, help="Remove machine entries made with models no longer installed.")
@click.option("--include-human", is_flag=True, help="Let --unused-days remove human translations too.")
def prune(memory_file: Path | None, unused_days: float | None, uninstalled: bool, include_human: bool) -> None:
    """Remove old machine translations; human ones are kept unless --include-human."""
    from translate.memory import TranslationMemory

    if unused_days is None and not uninstalled:
        raise click.UsageError("say what to prune: --unused-days N and/or --uninstalled.")
    installed = None
    if uninstalled:
        from translate.engine.packages import installed_packages

        installed = {package.signature for package in installed_packages()}
    with TranslationMemory.open(memory_file, create=False) as tm:
        report = tm.prune(unused_days=unused_days, installed=installed, include_human=include_human)
    click.echo(f"Removed {report.removed} entries; {report.kept} remain.")


@memory.command("check")
@_memory_option
def check(memory_file: Path | None) -> None:
    """Verify the memory file: SQLite integrity, schema version, every entry's checksum."""
    from translate.errors import CorruptMemoryError
    from translate.memory import check_memory

    report = check_memory(memory_file)
    if not report.ok:
        problems = "\n".join(f"  - {problem}" for problem in report.problems)
        raise CorruptMemoryError(
            f"The translation memory {report.path} failed its check:\n{problems}\n"
            "Move the file away to start an empty memory; human translations come back from a "
            "TMX file with `babelpress memory import`."
        )
    mode = f" (read-only: {report.read_only}; runs reuse it without storing new translations)" \
        if report.read_only else ""
    click.echo(f"OK: {report.path}: {report.entries} entries, schema {report.schema_version}{mode}.")
