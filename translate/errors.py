"""The one exception tree of babelpress.

Library code raises these; the CLI turns them into a clean message and exit
status 1 at a single place (:func:`translate.cli.main`). Every message says what
is wrong and how to fix it.
"""

from __future__ import annotations


class BabelpressError(Exception):
    """Base class of every error babelpress reports to its user (exit status 1)."""


class ConfigError(BabelpressError):
    """A configuration value or file is invalid."""


class InputError(BabelpressError):
    """An input document cannot be read or parsed."""


class PackageError(BabelpressError):
    """A model package is missing, broken or cannot be installed."""


class ModelNotInstalledError(PackageError):
    """No installed package (direct or through a pivot) serves a language pair."""


class NetworkError(PackageError):
    """The package index or a package download could not be reached."""


class EngineError(BabelpressError):
    """The translation engine failed while loading or decoding a model."""


class ClusterError(BabelpressError):
    """The cluster decoding a run cannot be reached, or failed (see :mod:`translate.cluster`)."""


class OutputError(BabelpressError):
    """A result cannot be written where it was asked to go."""


class TranslationMemoryError(BabelpressError):
    """The translation memory cannot be opened, read or written."""


class CorruptMemoryError(TranslationMemoryError):
    """The translation memory file is damaged or is not a babelpress memory."""


class GlossaryError(ConfigError):
    """A glossary file is missing, malformed or inconsistent, or an edit would make it so.

    ``problems`` holds every ``(file, line, message)`` found, so one run can
    report all of them; ``line`` is 0 where no single line is to blame.
    """

    def __init__(self, message: str, problems: list[tuple[str, int, str]] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class TermbaseFormatError(InputError):
    """A CSV/TSV or TBX file to import cannot be read as a termbase."""
