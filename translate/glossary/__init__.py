"""The glossary: a multilingual termbase that every translation obeys.

Public API (what commands and the publisher use):

* :func:`load_glossary` / :func:`find_glossary`: read and validate a YAML
  termbase (errors carry file and line); :func:`save_glossary` writes one back.
* :class:`Glossary` (``.sha256`` is its content hash) and :class:`Entry`.
* :func:`find_terms`: the terms in a source text.
* Enforcement during decoding is not here: :mod:`translate.enforce` applies
  a glossary on every hop and reports each occurrence as a
  :class:`translate.enforce.report.TermRow`.
* :func:`check_translation`: an existing translation against the glossary.
* :mod:`translate.glossary.formats`: CSV/TSV (DeepL layout) and TBX exchange.

Nothing here imports the engine: loading, editing or exchanging a glossary
never touches a model.
"""

from __future__ import annotations

from pathlib import Path

from translate.glossary.check import CheckRow, check_translation, has_problems
from translate.defaults import DEFAULT_GLOSSARY
from translate.glossary.loader import load_glossary, parse_glossary
from translate.glossary.match import Match, find_terms
from translate.glossary.model import Entry, Glossary
from translate.glossary.writer import render_glossary, save_glossary

__all__ = [
    "DEFAULT_GLOSSARY",
    "CheckRow",
    "Entry",
    "Glossary",
    "Match",
    "check_translation",
    "find_glossary",
    "find_terms",
    "has_problems",
    "load_glossary",
    "parse_glossary",
    "render_glossary",
    "save_glossary",
]


def find_glossary(path: Path | str | None = None, enabled: bool = True) -> Glossary | None:
    """The glossary a run should use.

    ``enabled=False`` (``--no-glossary``): none. A ``path`` given explicitly
    must exist. Without one, ``glossary/terms.yaml`` in the working directory
    is used when it exists. Always validated in full, before any model loads.
    """
    if not enabled:
        return None
    if path is not None:
        return load_glossary(path)
    if DEFAULT_GLOSSARY.is_file():
        return load_glossary(DEFAULT_GLOSSARY)
    return None
