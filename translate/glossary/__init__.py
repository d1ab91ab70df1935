"""The glossary: a multilingual termbase that every translation obeys.

Public API (what commands and the publisher use):

* :func:`load_glossary` / :func:`find_glossary`: read and validate a YAML
  termbase (errors carry file and line); :func:`save_glossary` writes one back.
* :class:`Glossary` (``.sha256`` is its content hash) and :class:`Entry`.
* :func:`find_terms`: the terms in a source text.
* ``translate.service.translate_segments(..., glossary=...)`` enforces them;
  its ``terms`` are :class:`TermRow` dicts, summarised by
  :func:`format_report_table` and judged by :func:`has_violations`.
* :func:`check_translation`: an existing translation against the glossary.
* :mod:`translate.glossary.formats`: CSV/TSV (DeepL layout) and TBX exchange.

Heavy modules (the engine) are imported only by :mod:`.apply`, so loading a
glossary never loads a model.
"""

from __future__ import annotations

from pathlib import Path

from translate.glossary.check import CheckRow, check_translation, has_problems
from translate.glossary.loader import DEFAULT_GLOSSARY, load_glossary, parse_glossary
from translate.glossary.match import Match, find_terms
from translate.glossary.model import Entry, Glossary
from translate.glossary.report import (
    STATUSES,
    TermRow,
    assign_documents,
    format_report_table,
    has_violations,
    summarize,
)
from translate.glossary.writer import render_glossary, save_glossary

__all__ = [
    "DEFAULT_GLOSSARY",
    "STATUSES",
    "CheckRow",
    "Entry",
    "Glossary",
    "Match",
    "TermRow",
    "assign_documents",
    "check_translation",
    "find_glossary",
    "find_terms",
    "format_report_table",
    "has_problems",
    "has_violations",
    "load_glossary",
    "parse_glossary",
    "render_glossary",
    "save_glossary",
    "summarize",
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
