"""What the rest of babelpress types against: a decoder and its tokenizers.

:class:`translate.engine.decoder.Engine` is the one real implementation;
enforcement (:mod:`translate.enforce`) and its tests depend only on these
protocols, so a test can stand in a scripted model for the engine's calls.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from translate.engine.packages import ModelPackage

__all__ = ["Decoder", "Hypothesis", "Progress", "Tokenizer"]

Progress = Callable[[int], None]
"""Called with the number of sentences just finished."""


@dataclass(frozen=True)
class Hypothesis:
    """One decoded translation: its text, target tokens, score and (if asked) attention."""

    text: str
    tokens: list[str]
    score: float | None
    attention: list[list[float]] | None = None


class Tokenizer(Protocol):
    def encode(self, text: str) -> list[str]: ...

    def decode(self, tokens: list[str]) -> str: ...


class Decoder(Protocol):
    """Batched decoding with one package, as enforcement uses it."""

    def tokenizer(self, package: ModelPackage) -> Tokenizer: ...

    def decode(
        self,
        package: ModelPackage,
        sentences: Sequence[str],
        *,
        num_hypotheses: int = 1,
        target_prefixes: Sequence[Sequence[str] | None] | None = None,
        return_attention: bool = False,
    ) -> list[list[Hypothesis]]: ...

    def translate_hop(
        self, package: ModelPackage, sentences: Sequence[str], progress: Progress | None = None
    ) -> list[str]: ...
