"""The ``babelpress`` command line: a thin layer over the library.

Subcommands live in their own modules and are imported only when invoked (or
when ``--help`` lists them), so start-up stays fast. Library errors
(:class:`translate.errors.BabelpressError`) become one clean message and exit
status 1 here, in one place (and, for a command run with ``--json``, a JSON
object ``{"error": ...}`` on stdout); ``--debug`` shows the traceback
instead. Ctrl-C exits with status 130 and SIGTERM with 143, after the
command's own clean-up has run: nothing half-written is left behind.
"""

from __future__ import annotations

import importlib
import json
import logging
import signal
import sys
from typing import Any

import click

from translate import __version__
from translate.errors import BabelpressError
from translate.heap import limit_arenas

# name -> (module, attribute): each command's module is imported only when it is used.
COMMANDS: dict[str, tuple[str, str]] = {
    "translate": ("translate.cli.translate_cmd", "translate_command"),
    "models": ("translate.cli.models", "models"),
    "publish": ("translate.cli.publish", "publish"),
    "verify": ("translate.cli.verify", "verify"),
    "glossary": ("translate.cli.glossary", "glossary"),
    "memory": ("translate.cli.memory", "memory"),
    "evaluate": ("translate.cli.evaluate", "evaluate"),
    "review": ("translate.cli.review", "review"),
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module_name, attribute = COMMANDS[cmd_name]
        command = getattr(importlib.import_module(module_name), attribute)
        assert isinstance(command, click.Command)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BabelpressError as exc:
            if ctx.meta.get("babelpress.debug"):
                raise
            _json_error(ctx, str(exc))
            raise click.ClickException(str(exc)) from None
        except click.ClickException as exc:
            _json_error(ctx, exc.format_message())
            raise
        except KeyboardInterrupt as exc:
            if ctx.meta.get("babelpress.debug"):
                raise
            stopped = "terminated" if isinstance(exc, Terminated) else "interrupted"
            _json_error(ctx, stopped)
            click.echo(f"babelpress: {stopped}; nothing half-written was left. Run the command again to finish.",
                       err=True)
            ctx.exit(143 if isinstance(exc, Terminated) else 130)


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that every ``finally`` (staging folders, locks) runs."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated()


def _json_error(ctx: click.Context, message: str) -> None:
    """Commands run with ``--json`` (they set ``babelpress.json``) get their fatal error as JSON on stdout."""
    if ctx.meta.get("babelpress.json"):
        click.echo(json.dumps({"error": message}, ensure_ascii=False))


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="babelpress")
@click.option("--debug", is_flag=True, help="Show full tracebacks and debug logging.")
@click.option("-v", "--verbose", count=True, help="More diagnostics on stderr (repeatable).")
@click.pass_context
def cli(ctx: click.Context, debug: bool, verbose: int) -> None:
    """babelpress: translate German articles into English and Spanish, offline.

    Translation runs locally on Argos Translate model packages (CTranslate2 +
    SentencePiece); German→Spanish goes through English when no direct model
    is installed. Install models once with `babelpress models install de en`
    (or from a .argosmodel file when offline), then translate:

    \b
      babelpress translate seeds/article.txt --to en,es --out output/
      babelpress translate --text "Guten Morgen." --to en
    """
    ctx.meta["babelpress.debug"] = debug
    level = logging.DEBUG if debug else (logging.INFO if verbose else logging.WARNING)
    logging.basicConfig(level=level, format="babelpress: %(message)s", stream=sys.stderr)


def main(argv: list[str] | None = None) -> None:
    """Console entry point."""
    signal.signal(signal.SIGTERM, _terminate)
    limit_arenas()  # before any decoding thread exists (see translate.heap)
    cli.main(args=argv, prog_name="babelpress")
