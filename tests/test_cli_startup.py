"""`--help` stays light: no command's help loads the library behind it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click

from translate.cli import cli

ROOT = Path(__file__).resolve().parent.parent

# The wings that do the work; a --help must load none of them.
HEAVY = ("translate.glossary", "translate.memory", "translate.documents", "translate.engine",
         "translate.enforce", "translate.run", "translate.publish", "translate.evaluation")

_PROBE = """
import json, sys
from translate.cli import main
try:
    main(sys.argv[1:] + ["--help"])
except SystemExit as exit:
    code = exit.code
json.dump({"code": code, "modules": sorted(m for m in sys.modules if m.startswith("translate"))}, sys.stderr)
"""


def _command_paths() -> list[list[str]]:
    """Every command and subcommand, as the words that name it (the top level is [])."""
    context = click.Context(cli)
    paths: list[list[str]] = [[]]

    def walk(group: click.Group, prefix: list[str]) -> None:
        for name in group.list_commands(context):
            command = group.get_command(context, name)
            assert command is not None, name
            paths.append(prefix + [name])
            if isinstance(command, click.Group):
                walk(command, prefix + [name])

    walk(cli, [])
    return paths


def test_every_help_loads_no_glossary_memory_documents_or_engine_module() -> None:
    paths = _command_paths()
    assert ["publish"] in paths and ["glossary", "import"] in paths and ["memory", "check"] in paths
    assert ["review", "export"] in paths and ["review", "import"] in paths
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for words in paths:
        done = subprocess.run([sys.executable, "-c", _PROBE, *words], capture_output=True, text=True,
                              timeout=60, env=env, cwd=ROOT)
        result = json.loads(done.stderr)
        assert result["code"] == 0, words
        assert "Usage:" in done.stdout, words
        loaded = [m for m in result["modules"] if m.startswith(HEAVY)]
        assert loaded == [], f"{' '.join(['babelpress', *words, '--help'])} loads {loaded}"
