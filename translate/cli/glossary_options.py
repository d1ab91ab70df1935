"""The glossary flags every translating command shares: --glossary, --no-glossary, --strict.

Usage in a command::

    @glossary_options
    def publish(..., glossary: Path | None, no_glossary: bool, strict: bool) -> None:
        terms = glossary_from_options(glossary, no_glossary)  # before any model loads
        done = prepare(engine.plan("de", targets), documents).translate(engine, glossary=terms)
        rows = [row for rows in done.terms for row in rows]
        click.echo(format_report_table(rows), err=True)
        if strict and has_violations(rows):
            raise click.exceptions.Exit(1)
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from translate.glossary.model import Glossary

F = TypeVar("F", bound=Callable[..., Any])


def glossary_options(func: F) -> F:
    """Add ``--glossary PATH``, ``--no-glossary`` and ``--strict`` to a command."""
    func = click.option(
        "--strict",
        is_flag=True,
        help="Exit with status 1 if any glossary term could not be enforced (a 'violated' term).",
    )(func)
    func = click.option(
        "--no-glossary",
        is_flag=True,
        help="Translate without a glossary, even if glossary/terms.yaml exists.",
    )(func)
    func = click.option(
        "--glossary",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Glossary to enforce [default: glossary/terms.yaml when it exists].",
    )(func)
    return func


def glossary_from_options(glossary: Path | None, no_glossary: bool) -> Glossary | None:
    """The validated glossary the flags ask for (``None``: translate without one).

    Raises :class:`translate.errors.GlossaryError` with file and line for a
    broken glossary; call it before loading any model.
    """
    if glossary is not None and no_glossary:
        raise click.UsageError("--glossary and --no-glossary contradict each other; give one.")
    from translate.glossary import find_glossary

    return find_glossary(glossary, enabled=not no_glossary)
