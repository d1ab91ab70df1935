"""Generate the benchmark's German→English model: real size, random weights.

No real model can be downloaded here, and speed does not depend on what the
weights say, only on their shapes. So this builds a model of the size of the
Argos Translate packages (Transformer-base: 6 encoder and 6 decoder layers,
d_model 512, feed-forward 2048, 8 heads, a 32,000-entry vocabulary, int8)
with a SentencePiece tokenizer trained on the real German text of the WMT
test sets in ``../shared/corpus/wmt23-de-en/`` (the seed articles when that
folder is absent), and packs it as an Argos package (``.argosmodel``).

The weights are random (numpy, fixed seed), so the output is gibberish. The
output bias of the end-of-sentence token is set very low: the model never
stops by itself, and every system compared decodes exactly the same number of
tokens per sentence (``max_decoding_length``) — identical work.

    python bench/make_model.py            # builds bench/.cache/ once, then reuses it
    python bench/make_model.py --force    # rebuild

Only numpy, sentencepiece and ctranslate2 are needed (no torch).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CACHE = HERE / ".cache"
CORPUS = ROOT.parent / "shared" / "corpus" / "wmt23-de-en"
PACKAGE_NAME = "translate-de_en-bench"
VERSION = "1.0"  # bump when the recipe below changes

VOCAB_SIZE = 32_000
LAYERS = 6
D_MODEL = 512
FFN = 2048
HEADS = 8
SEED = 1234


def german_text() -> tuple[list[str], str]:
    """Training lines for the tokenizer and a description of where they came from."""
    files = sorted(CORPUS.glob("*.src.de")) if CORPUS.is_dir() else []
    if not files:
        files = sorted((ROOT / "seeds").glob("*.txt"))
    lines = [line.strip() for path in files for line in path.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if line], ", ".join(str(path.relative_to(ROOT.parent)) for path in files)


def train_tokenizer(lines: list[str], workdir: Path) -> tuple[Path, list[str]]:
    import sentencepiece as spm

    text = workdir / "train.txt"
    text.write_text("\n".join(lines) + "\n", encoding="utf-8")
    prefix = workdir / "sentencepiece"
    spm.SentencePieceTrainer.train(
        input=str(text),
        model_prefix=str(prefix),
        vocab_size=VOCAB_SIZE,
        # A few hundred KB of text cannot fill 32k pieces; take what it gives
        # and pad the model's vocabulary below to the realistic size.
        hard_vocab_limit=False,
        model_type="unigram",
        character_coverage=1.0,
        byte_fallback=True,
        num_threads=2,
        minloglevel=2,
    )
    sp = spm.SentencePieceProcessor(model_file=f"{prefix}.model")
    pieces = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    return Path(f"{prefix}.model"), pieces


def build_model(pieces: list[str], out: Path) -> dict[str, int]:
    import numpy as np
    from ctranslate2.specs import TransformerSpec, common_spec

    vocabulary = list(pieces) + [f"<unused{i}>" for i in range(VOCAB_SIZE - len(pieces))]
    rng = np.random.default_rng(SEED)

    def matrix(rows: int, cols: int) -> np.ndarray:
        return (rng.standard_normal((rows, cols), dtype=np.float32) * (1.0 / np.sqrt(cols))).astype(np.float32)

    def linear(spec: common_spec.LinearSpec, rows: int, cols: int) -> None:
        spec.weight = matrix(rows, cols)
        spec.bias = np.zeros(rows, dtype=np.float32)

    def norm(spec: common_spec.LayerNormSpec) -> None:
        spec.gamma = np.ones(D_MODEL, dtype=np.float32)
        spec.beta = np.zeros(D_MODEL, dtype=np.float32)

    def ffn(spec) -> None:  # type: ignore[no-untyped-def]
        norm(spec.layer_norm)
        linear(spec.linear_0, FFN, D_MODEL)
        linear(spec.linear_1, D_MODEL, FFN)

    spec = TransformerSpec.from_config((LAYERS, LAYERS), HEADS, pre_norm=True)
    for side in (spec.encoder, spec.decoder):
        embeddings = side.embeddings[0] if isinstance(side.embeddings, list) else side.embeddings
        embeddings.weight = matrix(VOCAB_SIZE, D_MODEL)
        norm(side.layer_norm)
    for layer in spec.encoder.layer:
        linear(layer.self_attention.linear[0], 3 * D_MODEL, D_MODEL)  # fused q, k, v
        linear(layer.self_attention.linear[1], D_MODEL, D_MODEL)
        norm(layer.self_attention.layer_norm)
        ffn(layer.ffn)
    for layer in spec.decoder.layer:
        linear(layer.self_attention.linear[0], 3 * D_MODEL, D_MODEL)
        linear(layer.self_attention.linear[1], D_MODEL, D_MODEL)
        norm(layer.self_attention.layer_norm)
        linear(layer.attention.linear[0], D_MODEL, D_MODEL)  # query
        linear(layer.attention.linear[1], 2 * D_MODEL, D_MODEL)  # fused k, v of the encoder output
        linear(layer.attention.linear[2], D_MODEL, D_MODEL)
        norm(layer.attention.layer_norm)
        ffn(layer.ffn)
    linear(spec.decoder.projection, VOCAB_SIZE, D_MODEL)
    eos = vocabulary.index("</s>")
    spec.decoder.projection.bias[eos] = -1e4  # never stop early: fixed-length decoding
    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    spec.validate()
    spec.optimize(quantization="int8")
    out.mkdir(parents=True, exist_ok=True)
    spec.save(str(out))
    return {"vocabulary": len(vocabulary), "sentencepiece_pieces": len(pieces)}


def make_package(force: bool = False) -> Path:
    """Build (or reuse) ``bench/.cache/translate-de_en-bench.argosmodel``; return its path."""
    archive = CACHE / f"{PACKAGE_NAME}-{VERSION}.argosmodel"
    if archive.is_file() and not force:
        return archive
    CACHE.mkdir(parents=True, exist_ok=True)
    lines, sources = german_text()
    with tempfile.TemporaryDirectory(dir=CACHE) as tmp:
        work = Path(tmp)
        package = work / PACKAGE_NAME
        package.mkdir()
        sp_model, pieces = train_tokenizer(lines, work)
        shutil.copy(sp_model, package / "sentencepiece.model")
        sizes = build_model(pieces, package / "model")
        metadata = {
            "package_version": VERSION,
            "argos_version": "1.9",
            "from_code": "de",
            "from_name": "German",
            "to_code": "en",
            "to_name": "English",
            "type": "translate",
            "description": (
                "babelpress benchmark model: Transformer-base shape, random weights, never a translation. "
                f"Tokenizer trained on {sources}."
            ),
            "benchmark": {"layers": [LAYERS, LAYERS], "d_model": D_MODEL, "ffn": FFN, "heads": HEADS, **sizes},
        }
        (package / "metadata.json").write_text(json.dumps(metadata, indent=2) + "\n", encoding="utf-8")
        partial = work / archive.name
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_STORED) as zf:
            for path in sorted(package.rglob("*")):
                zf.write(path, path.relative_to(work).as_posix())
        partial.replace(archive)
    return archive


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="rebuild even if the cached model exists")
    args = parser.parse_args()
    archive = make_package(force=args.force)
    print(f"{archive} ({archive.stat().st_size / 1e6:.0f} MB)", file=sys.stderr)


if __name__ == "__main__":
    main()
