"""Proving a package works before it is installed: load it and decode one sentence.

A package can have every file in place and still be unusable (a cut
``model.bin``, a damaged tokenizer). The install loads the staged copy the
way a translation does (the tokenizer, then the engine's CTranslate2
translator) and decodes one short sentence, greedy and with a small length
bound, so that a broken package never replaces a working one.
"""

from __future__ import annotations

from translate.engine.packages import ModelPackage
from translate.errors import PackageError

SENTENCE = "Hello."
MAX_TOKENS = 8


class ProbeFailure(PackageError):
    """The package failed to load or decode; the text says why (without the staging path).

    The install turns it into the message the user sees, naming their package file.
    """


def _reason(exc: BaseException, package: ModelPackage) -> str:
    # The engine's own errors name the package's path; the cause is what went wrong.
    cause = exc.__cause__ or exc.__context__ or exc
    text = str(cause) or type(cause).__name__
    return text.replace(f"{package.path}/", "").replace(str(package.path), "the package")


def check_package(package: ModelPackage) -> None:
    """Load ``package`` and translate one short sentence with it.

    Raises:
        ProbeFailure: on any failure, with the reason.
    """
    from translate.engine.decoder import Engine, EngineSettings
    from translate.engine.tokenizers import load_tokenizer

    try:
        load_tokenizer(package).encode(SENTENCE)
    except Exception as exc:  # noqa: BLE001 - any failure of a foreign library means "broken package"
        raise ProbeFailure(f"{package.tokenizer_file.name} cannot be read: {_reason(exc, package)}") from None
    engine = Engine([package], EngineSettings(beam_size=1, inter_threads=1, intra_threads=1))
    try:
        found = engine.decode(package, [SENTENCE], max_length=MAX_TOKENS, greedy=True)
    except Exception as exc:  # noqa: BLE001 - as above
        raise ProbeFailure(_reason(exc, package)) from None
    finally:
        engine.close()
    if not found or not found[0]:
        raise ProbeFailure("it returned no translation for a test sentence")
