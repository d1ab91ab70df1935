"""``babelpress glossary``: list, show, edit, validate, import, export and check the termbase."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from translate.defaults import DEFAULT_GLOSSARY

F = TypeVar("F", bound=Callable[..., Any])


def _path_option(func: F) -> F:
    return click.option(
        "--glossary",
        "glossary_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help=f"The glossary file [default: {DEFAULT_GLOSSARY}].",
    )(func)


def _path(ctx: click.Context, given: Path | None) -> Path:
    return given or (ctx.obj or {}).get("glossary") or DEFAULT_GLOSSARY


def _load(path: Path, create: bool = False) -> Any:
    from translate.glossary import Glossary, load_glossary

    if create and not path.exists():
        return Glossary(path=path)
    return load_glossary(path)


def _pairs(values: tuple[str, ...], option: str) -> list[tuple[str, str]]:
    pairs = []
    for value in values:
        lang, sep, text = value.partition("=")
        if not sep or not lang.strip() or not text.strip():
            raise click.BadParameter(f"'{value}': write LANG=TEXT, e.g. en=\"free trade agreement\".", param_hint=option)
        pairs.append((lang.strip().lower(), text.strip()))
    return pairs


@click.group("glossary")
@_path_option
@click.pass_context
def glossary(ctx: click.Context, glossary_path: Path | None) -> None:
    """Edit and inspect the glossary that every translation enforces.

    The glossary is a YAML termbase (default glossary/terms.yaml): one entry
    per concept with a term per language, accepted forms, forbidden
    renderings and keep (names never translated). Writes are atomic and keep
    a fixed order and layout.

    \b
      babelpress glossary list
      babelpress glossary add --term de=Absatzmarkt --term en=market --term es=mercado
      babelpress glossary import terms.tbx
      babelpress glossary check article.en.md --lang en --source article.txt
    """
    ctx.obj = {"glossary": glossary_path}


@glossary.command("list")
@_path_option
@click.pass_context
def list_command(ctx: click.Context, glossary_path: Path | None) -> None:
    """List every entry with its terms."""
    path = _path(ctx, glossary_path)
    terms = _load(path)
    languages = terms.languages
    rows = []
    for entry in terms.entries:
        cells = [entry.id]
        for lang in languages:
            target = entry.target(lang, terms.source)
            cells.append(target if target and (lang in entry.terms or lang == terms.source) else ("(keep)" if target else ""))
        flags = [flag for flag, on in (("keep", entry.keep), ("case-sensitive", entry.case_sensitive)) if on]
        cells.append(",".join(flags))
        rows.append(cells)
    header = ["id", *languages, "flags"]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
    click.echo(f"{len(terms)} entries in {path} (languages: {', '.join(languages)}).")


@glossary.command("show")
@click.argument("entry_id")
@_path_option
@click.pass_context
def show_command(ctx: click.Context, entry_id: str, glossary_path: Path | None) -> None:
    """Show one entry as it is written in the file."""
    from translate.glossary.edit import require
    from translate.glossary.writer import render_entry

    path = _path(ctx, glossary_path)
    terms = _load(path)
    entry = require(terms, entry_id)
    click.echo("\n".join(render_entry(entry, terms.source)))


def _change_options(func: F) -> F:
    for decorator in reversed([
        click.option("--term", "terms", multiple=True, metavar="LANG=TEXT", help="Set the term of a language (repeatable)."),
        click.option("--form", "forms", multiple=True, metavar="LANG=TEXT", help="Add an accepted form (plural, inflection, variant spelling)."),
        click.option("--forbid", "forbid", multiple=True, metavar="LANG=TEXT", help="Add a rendering that is always wrong."),
        click.option("--keep/--translate", "keep", default=None, help="A name that is never translated, or not."),
        click.option("--case-sensitive/--ignore-case", "case_sensitive", default=None, help="Match the exact case only, or any case."),
        click.option("--note", default=None, help="A remark for translators and editors."),
    ]):
        func = decorator(func)
    return func


def _save(terms: Any, path: Path, message: str) -> None:
    from translate.glossary.writer import save_glossary

    save_glossary(terms, path)
    click.echo(message)


@glossary.command("add")
@click.option("--id", "entry_id", help="The entry's id [default: derived from the source term].")
@_change_options
@_path_option
@click.pass_context
def add_command(
    ctx: click.Context, entry_id: str | None, terms: tuple[str, ...], forms: tuple[str, ...], forbid: tuple[str, ...],
    keep: bool | None, case_sensitive: bool | None, note: str | None, glossary_path: Path | None,
) -> None:
    """Add an entry (creates the glossary file if needed).

    \b
      babelpress glossary add --term de=Absatzmarkt --term en=market --term es=mercado
      babelpress glossary add --term de=Alibaba --keep --case-sensitive
    """
    from translate.glossary.edit import Change, add_entry

    path = _path(ctx, glossary_path)
    change = Change(
        terms=dict(_pairs(terms, "--term")), forms=_pairs(forms, "--form"), forbidden=_pairs(forbid, "--forbid"),
        keep=keep, case_sensitive=case_sensitive, note=note,
    )
    updated, entry = add_entry(_load(path, create=True), change, entry_id)
    _save(updated, path, f"Added entry '{entry.id}' to {path}.")


@glossary.command("edit")
@click.argument("entry_id")
@_change_options
@click.option("--remove-term", "drop_terms", multiple=True, metavar="LANG", help="Remove a language's term.")
@click.option("--remove-form", "drop_forms", multiple=True, metavar="LANG=TEXT", help="Remove an accepted form.")
@click.option("--remove-forbidden", "drop_forbidden", multiple=True, metavar="LANG=TEXT", help="Remove a forbidden rendering.")
@click.option("--rename", "new_id", help="Give the entry a new id.")
@_path_option
@click.pass_context
def edit_command(
    ctx: click.Context, entry_id: str, terms: tuple[str, ...], forms: tuple[str, ...], forbid: tuple[str, ...],
    keep: bool | None, case_sensitive: bool | None, note: str | None, drop_terms: tuple[str, ...],
    drop_forms: tuple[str, ...], drop_forbidden: tuple[str, ...], new_id: str | None, glossary_path: Path | None,
) -> None:
    """Change entry ENTRY_ID.

    \b
      babelpress glossary edit freihandelsabkommen --form en="free trade agreements"
      babelpress glossary edit amazon --case-sensitive --note "The company, not the river."
    """
    from translate.glossary.edit import Change, edit_entry

    change = Change(
        terms=dict(_pairs(terms, "--term")), drop_terms=[lang.lower() for lang in drop_terms],
        forms=_pairs(forms, "--form"), drop_forms=_pairs(drop_forms, "--remove-form"),
        forbidden=_pairs(forbid, "--forbid"), drop_forbidden=_pairs(drop_forbidden, "--remove-forbidden"),
        keep=keep, case_sensitive=case_sensitive, note=note,
    )
    if change == Change() and not new_id:
        raise click.UsageError("nothing to change: give --term, --form, --forbid, --note, --keep, ... (see --help).")
    path = _path(ctx, glossary_path)
    updated, entry = edit_entry(_load(path), entry_id, change, new_id)
    _save(updated, path, f"Updated entry '{entry.id}' in {path}.")


@glossary.command("remove")
@click.argument("entry_id")
@_path_option
@click.pass_context
def remove_command(ctx: click.Context, entry_id: str, glossary_path: Path | None) -> None:
    """Remove entry ENTRY_ID."""
    from translate.glossary.edit import remove_entry

    path = _path(ctx, glossary_path)
    updated, entry = remove_entry(_load(path), entry_id)
    _save(updated, path, f"Removed entry '{entry.id}' from {path}.")


@glossary.command("validate")
@_path_option
@click.pass_context
def validate_command(ctx: click.Context, glossary_path: Path | None) -> None:
    """Check the glossary file; every problem is reported with its line."""
    from translate.glossary.loader import paused_gc

    path = _path(ctx, glossary_path)
    with paused_gc():
        terms = _load(path)
        click.echo(
            f"{path}: valid, {len(terms)} entries (languages: {', '.join(terms.languages)}); sha256 {terms.sha256}."
        )


class _Progress:
    """The progress line of an import, drawn once the number of rows is known (silent off a terminal, or -q)."""

    def __init__(self, label: str, quiet: bool) -> None:
        import sys

        self.label, self.stream = label, sys.stderr
        self.shown = not quiet and self.stream.isatty()
        self.line: Any = None

    def update(self, amount: int, total: int) -> None:
        if not self.shown:
            return
        if self.line is None:
            from translate.cli.progress import ProgressLine

            self.line = ProgressLine(total, self.label, self.stream)
        self.line.update(amount)

    def finish(self) -> None:
        if self.line is not None:
            self.line.finish()


_format = click.option("--format", "fmt", type=click.Choice(["csv", "tsv", "tbx"]), help="File format [default: from the extension].")
_from = click.option("--from", "source", help="CSV/TSV: language of the first column [default: the glossary's source].")
_to = click.option("--to", "target", help="CSV/TSV: language of the second column.")


@glossary.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@_format
@_from
@_to
@click.option("--columns", "columns", multiple=True, metavar="LANG=COLUMN,...",
              help="CSV/TSV with a header: which column holds which language and which the note "
                   "(note=COLUMN), by the header's names, e.g. de=de,en=term,note=comment (repeatable).")
@click.option("--encoding", default="utf-8", show_default=True,
              help="CSV/TSV: the file's encoding, e.g. cp1252 (a byte-order mark is honoured; "
                   "a TBX file declares its own).")
@click.option("--dry-run", is_flag=True, help="Report what would be imported; write nothing.")
@click.option("--details", is_flag=True, help="List every skipped row or entry with its reason, and every duplicate.")
@click.option("-q", "--quiet", is_flag=True, help="No progress line.")
@_path_option
@click.pass_context
def import_command(
    ctx: click.Context, file: Path, fmt: str | None, source: str | None, target: str | None,
    columns: tuple[str, ...], encoding: str, dry_run: bool, details: bool, quiet: bool, glossary_path: Path | None,
) -> None:
    """Merge FILE (TBX, or CSV/TSV) into the glossary.

    New concepts are added, concepts sharing a term with an entry add their
    missing languages to it, and the rest is skipped with a reason. The
    report accounts for every CSV/TSV row or TBX entry read: added, updated,
    unchanged (the glossary had it), duplicate (an earlier one of the file
    said it) or skipped.

    A CSV/TSV file is read in the DeepL layout (source,target per row, no
    header; a header of language codes such as de,en names its columns)
    unless --columns names the columns of its header: LANG=COLUMN for each
    language, note=COLUMN for remarks. The Tor Project's glossaries are
    English-keyed, with the headers "term,pos,comment,de" and
    "term,pos,comment,translation_es,comment_es". Import the German one
    first, its de column as the source term and term as the English; the
    Spanish one has no German, so a row can only add its Spanish to the entry
    that has its English term, and every other row is skipped with the reason.

    \b
      babelpress glossary import terms.tbx
      babelpress glossary import deepl-de-en.csv --to en
      babelpress glossary import tor-glossary.en-de.csv --columns de=de,en=term,note=comment
      babelpress glossary import tor-glossary.en-es.csv --columns en=term,es=translation_es,note=comment_es
    """
    from translate.errors import TermbaseFormatError
    from translate.glossary.formats import detect_format, import_terms, parse_columns
    from translate.glossary.writer import save_glossary

    tbx = detect_format(file, fmt) == "tbx"
    if encoding.replace("_", "-").lower() not in ("utf-8", "utf8") and tbx:
        raise click.UsageError("--encoding applies to CSV/TSV files; a TBX file names its encoding in its first line.")
    chosen = None
    if columns:
        if tbx:
            raise click.UsageError("--columns applies to CSV/TSV files; a TBX file names the language of every term.")
        if source or target:
            raise click.UsageError("--columns names every language; leave out --from and --to.")
        try:
            chosen = parse_columns(columns)
        except TermbaseFormatError as exc:
            raise click.BadParameter(str(exc), param_hint="--columns") from None
    path = _path(ctx, glossary_path)
    progress = _Progress("Importing", quiet)
    try:
        updated, report = import_terms(_load(path, create=True), file, fmt, source, target, encoding, chosen,
                                       progress.update)
    finally:
        progress.finish()
    if not dry_run:
        save_glossary(updated, path)
    verb = "Would import" if dry_run else "Imported"
    click.echo(f"{verb} {file} into {path}: {report.summary()}.")
    if chosen is not None and updated.source not in chosen.codes:
        click.echo(
            f"  No column holds {updated.source}, the glossary's source language: a row can only add to the entry "
            f"that already has its {' or '.join(chosen.codes)} term."
        )
    if details:
        for line in report.listing:
            click.echo(f"  {line}")


@glossary.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@_format
@_from
@_to
@_path_option
@click.pass_context
def export_command(
    ctx: click.Context, file: Path, fmt: str | None, source: str | None, target: str | None, glossary_path: Path | None,
) -> None:
    """Write the glossary to FILE as TBX (every language) or CSV/TSV (one pair, DeepL layout)."""
    from translate.files import write_atomic
    from translate.glossary.formats import detect_format, export_terms

    path = _path(ctx, glossary_path)
    fmt = detect_format(file, fmt)
    text, count = export_terms(_load(path), fmt, source, target)
    write_atomic(file, text)
    what = "entries" if fmt == "tbx" else "rows"
    click.echo(f"Exported {count} {what} from {path} to {file}.")


@glossary.command("check")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--lang", required=True, help="Language of FILE (en, es, ...).")
@click.option("--source", "source_file", type=click.Path(dir_okay=False, path_type=Path),
              help="The source text FILE translates; adds a count of missing terms.")
@click.option("--encoding", default="utf-8", show_default=True,
              help="Encoding of FILE and --source (a byte-order mark is honoured).")
@_path_option
@click.pass_context
def check_command(
    ctx: click.Context, file: Path, lang: str, source_file: Path | None, encoding: str, glossary_path: Path | None,
) -> None:
    """Check an existing translation FILE against the glossary (machine or human).

    Reports forbidden renderings and source terms left untranslated (with
    their line) and, with --source, terms the translation is missing. Exits
    with status 1 when there is any such finding.
    """
    from translate.files import read_source
    from translate.glossary.check import check_translation, has_problems

    path = _path(ctx, glossary_path)
    terms = _load(path)
    text = read_source(file, encoding)
    source_text = read_source(source_file, encoding) if source_file else None
    rows = check_translation(terms, text, lang.strip().lower(), source_text)
    for row in rows:
        if row.line:
            click.echo(f"{file}:{row.line}: {row.status}: {row.entry}: '{row.found}' (use '{row.expected}')")
        else:
            click.echo(f"{file}: {row.status}: {row.entry}: '{row.expected}' (found {row.found})")
    problems = sum(1 for row in rows if row.status != "ok")
    click.echo(f"{file}: {problems} glossary problem{'s' if problems != 1 else ''} ({lang}).")
    if has_problems(rows):
        raise click.exceptions.Exit(1)
