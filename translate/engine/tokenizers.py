"""The tokenizer a package ships with: SentencePiece or BPE (Moses + subword-nmt).

Imported lazily by the engine; ``sentencepiece`` and ``sacremoses`` stay out of
start-up.
"""

from __future__ import annotations

from translate.engine.packages import ModelPackage


class SentencePieceTokenizer:
    def __init__(self, model_file: str) -> None:
        import sentencepiece

        self._sp = sentencepiece.SentencePieceProcessor(model_file=model_file)

    def encode(self, text: str) -> list[str]:
        return list(self._sp.encode(text, out_type=str))

    def encode_batch(self, texts: list[str]) -> list[list[str]]:
        return [list(tokens) for tokens in self._sp.encode(texts, out_type=str)]

    def decode(self, tokens: list[str]) -> str:
        # decode_pieces restores spaces and byte-fallback pieces; unlike Argos we
        # do not replace "_" with spaces, which corrupts identifiers and URLs.
        return str(self._sp.decode_pieces(tokens))


class BPETokenizer:
    """Argos' Moses + BPE tokenizer, used by older packages that ship ``bpe.model``."""

    def __init__(self, package: ModelPackage) -> None:
        from argostranslate.tokenizer import BPETokenizer as ArgosBPE

        self._bpe = ArgosBPE(package.tokenizer_file, package.from_code, package.to_code)

    def encode(self, text: str) -> list[str]:
        return list(self._bpe.encode(text))

    def encode_batch(self, texts: list[str]) -> list[list[str]]:
        return [self.encode(text) for text in texts]

    def decode(self, tokens: list[str]) -> str:
        return str(self._bpe.decode(tokens))


def load_tokenizer(package: ModelPackage) -> SentencePieceTokenizer | BPETokenizer:
    if package.tokenizer == "sentencepiece":
        return SentencePieceTokenizer(str(package.tokenizer_file))
    return BPETokenizer(package)
