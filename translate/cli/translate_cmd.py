"""``babelpress translate``: translate files, stdin or a text into other languages."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from translate.cli.common import engine_options, memory_options, open_memory, parse_languages, progress_bar
from translate.cli.glossary_options import glossary_options
from translate.errors import InputError

if TYPE_CHECKING:
    from translate.documents.model import Document
    from translate.enforce.report import TermRow

@click.command("translate")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=True, path_type=Path))
@click.option("--to", "targets", default="en", show_default=True, help="Target languages, comma-separated (en,es).")
@click.option("--from", "source", default="de", show_default=True, help="Source language.")
@click.option("--text", help="Translate this text instead of files.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write <name>.<lang>.md files into this directory.")
@click.option("--force", is_flag=True,
              help="Replace files in --out that babelpress did not write, or that were edited since.")
@click.option("--encoding", default="utf-8", show_default=True, help="Encoding of the input files.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or status lines.")
@engine_options
@glossary_options
@memory_options
def translate_command(
    files: tuple[Path, ...], targets: str, source: str, text: str | None, out_dir: Path | None, force: bool,
    encoding: str, quiet: bool, beam_size: int, threads: int, compute_type: str,
    glossary: Path | None, no_glossary: bool, strict: bool, memory_file: Path | None, no_memory: bool,
) -> None:
    """Translate FILES (or `-` for stdin, or --text) into the --to languages.

    .md files keep their Markdown structure (code, links and HTML are not
    touched); other files follow the seed rules (paragraphs, short lines as
    headings, a leading ` date YYYY-MM ` as front matter) and come out as
    Markdown. stdin and --text are translated as plain text.

    With one target language and no --out the translation goes to stdout;
    otherwise one Markdown file per input and language is written to --out
    as <name>.<lang>.md. All sentences of all inputs are translated together
    in one batched model call per hop.

    The pages of a run are written all or none. babelpress records what it
    writes in <out>/.babelpress-pages.json: an existing file is replaced only
    when babelpress wrote it and it is unchanged since; a file it did not
    write, or one edited by hand, is left alone unless you pass --force.

    \b
      babelpress translate --text "Das Abkommen ist unterzeichnet." --to es
      babelpress translate seeds/*.txt --to en,es --out output/
      cat article.txt | babelpress translate - --to en
    """
    from translate.cli.glossary_options import glossary_from_options
    from translate.documents import load_document
    from translate.engine.decoder import Engine, EngineSettings
    from translate.enforce.report import format_report_table
    from translate.files import decode_source
    from translate.publish.pages import check_pages, page_names, render_pages, write_pages
    from translate.run.batch import prepare

    languages = parse_languages(targets)
    source = source.strip().lower()
    if text is not None and files:
        raise click.UsageError("give either --text or FILES, not both.")
    if text is None and not files:
        raise click.UsageError("nothing to translate: give FILES, `-` for stdin, or --text \"...\".")
    documents: list[Document] = []
    if text is not None:
        documents = [_plain("--text", text)]
    for path in files:
        if str(path) == "-":
            documents.append(_plain("standard input", decode_source(sys.stdin.buffer.read(), "standard input", encoding)))
        else:
            documents.append(load_document(path, encoding, source))
    to_stdout = out_dir is None and len(languages) == 1
    if out_dir is None and not to_stdout and files and text is None:
        raise click.UsageError(
            f"translating into {len(languages)} languages writes one file per language: add --out DIR."
        )

    if out_dir is not None:  # refused before any model loads
        check_pages(out_dir, page_names(documents, languages), force)
    terms = glossary_from_options(glossary, no_glossary)  # validated before any model loads
    engine = Engine(settings=EngineSettings.with_threads(
        threads, beam_size=beam_size, compute_type=compute_type))
    run = prepare(engine.plan(source, languages), documents)  # a missing model fails before any work
    with open_memory(memory_file, no_memory) as memory, progress_bar(run.total, "Translating", quiet) as advance:
        done = run.translate(engine, advance, glossary=terms, memory=memory)
    rows = [row for rows in done.terms for row in rows]
    if rows and not quiet:
        click.echo(format_report_table(rows), err=True)
    results = render_pages(documents, done.units, languages)

    if to_stdout:
        click.echo("\n\n".join(result[languages[0]].rstrip("\n") for result in results))
        return _fail_if_strict(strict, rows)
    if out_dir is None:  # several languages of a --text or stdin: label each
        for result in results:
            for language in languages:
                click.echo(f"[{language}] {result[language].rstrip()}")
        return _fail_if_strict(strict, rows)
    for target in write_pages(out_dir, documents, results, force):
        if not quiet:
            click.echo(f"Wrote {target}", err=True)
    _fail_if_strict(strict, rows)


def _fail_if_strict(strict: bool, rows: list[TermRow]) -> None:
    from translate.enforce.report import has_violations

    if strict and has_violations(rows):
        raise click.ClickException("glossary terms were violated (see the table above); --strict fails the run.")


def _plain(name: str, text: str) -> Document:
    from translate.documents.plain import PlainDocument

    if not text.strip():
        raise InputError(f"{name} is empty: there is nothing to translate.")
    return PlainDocument(name, text)
