"""Options and helpers shared by several commands."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from translate.defaults import COMPUTE_TYPES, is_language_code

if TYPE_CHECKING:
    from translate.publish.config import ProjectConfig

F = TypeVar("F", bound=Callable[..., Any])


def echo_pieces(pieces: Iterable[str], size: int = 1 << 16) -> None:
    """Print ``pieces`` of one text and a newline on stdout, about ``size`` characters at a time."""
    held: list[str] = []
    count = 0
    for piece in pieces:
        held.append(piece)
        count += len(piece)
        if count >= size:
            click.echo("".join(held), nl=False)
            held, count = [], 0
    click.echo("".join(held))


def parse_languages(value: str) -> list[str]:
    """``"en,es"`` → ``["en", "es"]`` (order kept, duplicates dropped)."""
    languages: list[str] = []
    for part in value.replace(" ", ",").split(","):
        code = part.strip().lower()
        if not code:
            continue
        if not is_language_code(code):
            raise click.BadParameter(f"'{part}' is not a language code (use e.g. en,es).")
        if code not in languages:
            languages.append(code)
    if not languages:
        raise click.BadParameter("name at least one target language, e.g. --to en,es.")
    return languages


def engine_options(func: F) -> F:
    """--beam-size, --threads and --compute-type, for every command that decodes."""
    func = click.option(
        "--compute-type",
        default="int8",
        show_default=True,
        type=click.Choice(COMPUTE_TYPES),
        help="CTranslate2 weight type; int8 is fastest on CPU.",
    )(func)
    func = click.option(
        "--threads",
        type=click.IntRange(min=0),
        default=0,
        show_default=True,
        help="CPU threads for decoding in all (0 = all cores), run as two batches in parallel.",
    )(func)
    func = click.option(
        "--beam-size",
        type=click.IntRange(min=1, max=16),
        default=4,
        show_default=True,
        help="Beam search width; 1 is greedy (fastest), 4 matches Argos Translate.",
    )(func)
    return func


@contextmanager
def progress_bar(total: int, label: str, quiet: bool) -> Iterator[Callable[[int], None]]:
    """A progress line on stderr (:mod:`translate.cli.progress`); silent when stderr is not a terminal or with -q."""
    if quiet or total <= 0 or not sys.stderr.isatty():
        yield lambda _n: None
        return
    from translate.cli.progress import ProgressLine

    line = ProgressLine(total, label, sys.stderr)
    try:
        yield line.update
    finally:
        line.finish()


def memory_options(func: F) -> F:
    """--memory PATH and --no-memory, for every command that translates."""
    func = click.option(
        "--no-memory",
        is_flag=True,
        help="Neither reuse nor record translations in the translation memory.",
    )(func)
    func = click.option(
        "--memory",
        "memory_file",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Translation memory file [default: $BABELPRESS_MEMORY, else memory.sqlite3 in the user data directory].",
    )(func)
    return func


def system_user() -> str:
    """The name of the user running babelpress (``getpass.getuser()``), else ``unknown``."""
    import getpass

    try:
        name = getpass.getuser().strip()
    except (OSError, KeyError, ImportError):  # no login name and no passwd entry for the uid
        name = ""
    return name or "unknown"


def _reviewer(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    name = " ".join(value.split())
    if not name or any(not ch.isprintable() for ch in name):
        raise click.BadParameter("give the reviewer's name (printable, not empty).", ctx, param)
    return name


def reviewer_option(func: F) -> F:
    """--reviewer NAME: who reviewed the human translations a command stores."""
    return click.option(
        "--reviewer", "reviewer", callback=_reviewer, metavar="NAME",
        help="Who reviewed the translations stored as human ones (recorded with each in the translation "
             "memory) [default: the system user, else 'unknown'].",
    )(func)


@contextmanager
def open_memory(path: Path | None, disabled: bool) -> Iterator[Any]:
    """The translation memory the flags ask for, closed afterwards (``None`` with --no-memory)."""
    if disabled:
        if path is not None:
            raise click.UsageError("--memory and --no-memory contradict each other; give one.")
        yield None
        return
    from translate.memory import TranslationMemory

    with TranslationMemory.open(path) as memory:
        if memory.warning:  # read-only: reused, not stored
            click.echo(f"Warning: {memory.warning}", err=True)
        yield memory


def project_config(sources: Sequence[Path], config_file: Path | None, nothing: str) -> tuple[ProjectConfig, Path | None]:
    """babelpress.yaml (``config_file``, else the one in the working folder, else defaults) with SOURCES applied.

    Returns the configuration and the file it came from (None: the defaults).
    ``nothing`` starts the usage error when there is nothing to work on.
    """
    from translate.publish.config import ProjectConfig, find_config, load_config

    config_path = config_file or find_config(Path.cwd())
    config = load_config(config_path) if config_path else ProjectConfig()
    if sources:
        config.sources = list(sources)
        config.root = Path.cwd() if config_path is None else config.root
    if not config.sources:
        raise click.UsageError(f"{nothing}: give SOURCES or list `sources:` in babelpress.yaml.")
    return config, config_path
