"""The systems the benchmark times, each over the same documents and sentences."""

from __future__ import annotations

import os
import platform
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from translate.engine.decoder import Engine, EngineSettings
from translate.engine.install import install_file
from translate.engine.packages import ModelPackage, installed_packages, load_package
from translate.documents.plain import PlainDocument
from translate.run.batch import prepare
from translate.sentences import split_with_gaps

CACHE = Path(__file__).resolve().parent / ".cache"
WARM_UP = ["Das ist ein kurzer Satz zum Aufwärmen."]


@dataclass(frozen=True)
class System:
    package: ModelPackage
    settings: EngineSettings
    fixed_length: int | None  # tokens per sentence when the model never stops by itself
    description: str

    @classmethod
    def open(cls, model: str | None, length: int, beam: int) -> System:
        if model:
            source, _, target = model.partition("-")
            found = [p for p in installed_packages() if p.from_code == source and p.to_code == target]
            if not found:
                raise SystemExit(f"no installed {model} package; install it with `babelpress models install {source} {target}`")
            return cls(found[0], EngineSettings(beam_size=beam), None, f"installed model {found[0].signature}")
        from make_model import PACKAGE_NAME, VERSION, make_package

        root = CACHE / "packages"
        directory = root / PACKAGE_NAME
        package = load_package(directory) if (directory / "metadata.json").is_file() else None
        if package is None or package.package_version != VERSION:
            package = install_file(make_package(), root)
        settings = EngineSettings(beam_size=beam, max_decoding_length=length)
        return cls(package, settings, length,
                   f"generated Transformer-base model {package.signature} (random weights, int8, "
                   f"{length} tokens per sentence)")

    def engine(self) -> Engine:
        return Engine([self.package], self.settings)


def paragraphs_of(documents: Sequence[str]) -> list[str]:
    return [p for doc in documents for p in doc.split("\n\n")]


def sentences_of(documents: Sequence[str]) -> list[str]:
    return [s for p in paragraphs_of(documents) for s in split_with_gaps(p, "de")[0]]


def translate_texts(
    engine: Engine, texts: Sequence[str], source: str, targets: Sequence[str], memory: Any = None
) -> tuple[list[dict[str, str]], Any]:
    """Plain texts through babelpress' run layer, as ``translate --text`` does: one prepared run."""
    documents = [PlainDocument(f"document {index}", text) for index, text in enumerate(texts)]
    run = prepare(engine.plan(source, targets), documents)
    done = run.translate(engine, memory=memory)
    pages = [{target: document.render(units[target]).text for target in targets}
             for document, units in zip(documents, done.units)]
    return pages, done


def run_babelpress(system: System, documents: Sequence[str]) -> dict[str, Any]:
    """The plain-text document pipeline: paragraphs → sentences → one batched call → text."""
    engine = system.engine()
    engine.translate(WARM_UP, "de", "en")  # model load is not what (a)/(b) compare
    engine.reset_stats()
    started, cpu = time.perf_counter(), time.process_time()
    translate_texts(engine, list(documents), "de", ["en"])
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "cpu_seconds": time.process_time() - cpu, "sentences": engine.stats.sentences, "target_tokens": engine.stats.target_tokens,
            "decode_seconds": engine.stats.seconds}


def _translator(system: System) -> Any:
    import ctranslate2

    return ctranslate2.Translator(
        str(system.package.model_dir), device=system.settings.device, compute_type=system.settings.compute_type,
        inter_threads=system.settings.inter_threads, intra_threads=system.settings.intra_threads,
    )


def run_ctranslate2(system: System, documents: Sequence[str]) -> dict[str, Any]:
    """One bare translate_batch over sentences tokenized beforehand, with the engine's options."""
    from translate.engine.tokenizers import load_tokenizer

    tokenizer = load_tokenizer(system.package)
    tokens = tokenizer.encode_batch(sentences_of(documents))
    translator = _translator(system)
    s = system.settings
    options = dict(max_batch_size=s.max_batch_tokens, batch_type="tokens", beam_size=s.beam_size,
                   length_penalty=s.length_penalty, max_decoding_length=s.max_decoding_length,
                   return_scores=True, replace_unknowns=True)
    translator.translate_batch([tokenizer.encode(WARM_UP[0])], **options)
    started, cpu = time.perf_counter(), time.process_time()
    results = translator.translate_batch(tokens, **options)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "cpu_seconds": time.process_time() - cpu, "sentences": len(tokens),
            "target_tokens": sum(len(r.hypotheses[0]) for r in results)}


class _OurSplits:
    """Argos' sentencizer interface, answering with babelpress' own splits."""

    def split_sentences(self, text: str) -> list[str]:
        return split_with_gaps(text, "de")[0]


class _PinnedLength:
    """The same CTranslate2 translator, with the decode length pinned like the other systems'."""

    def __init__(self, translator: Any, length: int | None) -> None:
        self.translator, self.length = translator, length
        self.sentences = self.target_tokens = 0

    def translate_batch(self, source: list[list[str]], *args: Any, **options: Any) -> Any:
        if self.length is not None:
            options["max_decoding_length"] = self.length
        results = self.translator.translate_batch(source, *args, **options)
        self.sentences += len(source)
        self.target_tokens += sum(len(r.hypotheses[0]) for r in results)
        return results


def run_argos(system: System, documents: Sequence[str], intra_threads: int | None = None) -> dict[str, Any]:
    """Argos Translate's per-paragraph routine, as its PackageTranslation runs it.

    ``intra_threads`` overrides Argos' own setting (``ARGOS_INTRA_THREADS``,
    default 0: all cores).
    """
    import ctranslate2
    from argostranslate import package as argos_package
    from argostranslate import settings as argos_settings
    from argostranslate.translate import apply_packaged_translation

    argos_settings.beam_size = system.settings.beam_size  # same beam (ARGOS_BEAM_SIZE)
    argos_settings.compute_type = system.settings.compute_type  # same weights type (ARGOS_COMPUTE_TYPE)
    if intra_threads is not None:
        argos_settings.intra_threads = intra_threads
    pkg = argos_package.Package(system.package.path)
    # Built the way argostranslate.translate.PackageTranslation.hypotheses builds it.
    translator = _PinnedLength(
        ctranslate2.Translator(
            model_path=str(pkg.package_path / "model"), device=argos_settings.device,
            inter_threads=argos_settings.inter_threads, intra_threads=argos_settings.intra_threads,
            compute_type=argos_settings.compute_type,
        ),
        system.fixed_length,
    )
    splits = _OurSplits()
    apply_packaged_translation(pkg, WARM_UP[0], translator, splits, num_hypotheses=1)  # type: ignore[arg-type]
    translator.sentences = translator.target_tokens = 0
    calls = 0
    started, cpu = time.perf_counter(), time.process_time()
    for document in documents:
        for paragraph in document.split("\n"):  # Argos' split_into_paragraphs
            apply_packaged_translation(pkg, paragraph, translator, splits, num_hypotheses=1)  # type: ignore[arg-type]
            calls += 1
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "cpu_seconds": time.process_time() - cpu, "sentences": translator.sentences, "target_tokens": translator.target_tokens,
            "calls": calls, "batch_size": argos_settings.batch_size, "intra_threads": argos_settings.intra_threads}


def machine_info() -> dict[str, Any]:
    import ctranslate2

    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(),
            "ctranslate2": ctranslate2.__version__}


def publish_run(system: System, documents: Sequence[str], memory: Path, workdir: Path,
                executor: Any = None) -> dict[str, Any]:
    """``publish`` of every document (one .txt source each) into ``workdir/out``.

    As a fresh command: new engine (the model loads lazily), memory opened,
    sources read, translated (where ``executor`` decodes; default this
    process), rendered and committed. ``outputs`` maps each
    published file to the sha256 of its bytes, to check byte-identical re-runs.
    """
    import hashlib

    from translate.memory import TranslationMemory
    from translate.publish.request import PublishRequest
    from translate.publish.run import prepare as prepare_publish

    sources, out = workdir / "sources", workdir / "out"
    sources.mkdir(parents=True, exist_ok=True)
    for index, document in enumerate(documents):
        path = sources / f"article-{index:03d}.txt"
        if not path.is_file() or path.read_text(encoding="utf-8") != document + "\n":
            path.write_text(document + "\n", encoding="utf-8")
    started = time.perf_counter()
    engine = system.engine()
    with TranslationMemory.open(memory) as tm:
        request = PublishRequest(sources=[sources], targets=["en"], out=out, source_lang="de", memory=tm, root=workdir,
                                 executor=executor)
        report = prepare_publish(request, engine).run()
    seconds = time.perf_counter() - started
    if report.errors:
        raise SystemExit(f"publish reported errors: {report.errors[:3]}")
    outputs = {
        path.relative_to(out).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(out.rglob("*")) if path.is_file() and not path.name.startswith(".")
    }
    return {"seconds": seconds, "sentences": report.segments, "engine_calls": engine.stats.calls,
            "decoded": engine.stats.sentences, "reused": report.reused, "outputs": outputs,
            "documents": len(report.documents), "path": "translate.publish (prepare + run: read, translate, render, commit)"}


def marked_up(documents: Sequence[str]) -> list[str]:
    """The documents as Markdown with inline markup in every paragraph: bold on its 2nd word, a link on its 5th."""
    out = []
    for document in documents:
        paragraphs = []
        for paragraph in document.split("\n\n"):
            words = paragraph.split(" ")
            if len(words) > 1:
                words[1] = f"**{words[1]}**"
            if len(words) > 4:
                words[4] = f"[{words[4]}](https://example.org/{len(paragraphs)})"
            paragraphs.append(" ".join(words))
        out.append("\n\n".join(paragraphs))
    return out


def run_markdown(system: System, documents: Sequence[str]) -> dict[str, Any]:
    """Markdown documents through the run layer, as ``publish`` translates them (model loaded and warm)."""
    from translate.documents.markdown import MarkdownDocument

    engine = system.engine()
    engine.translate(WARM_UP, "de", "en")
    engine.reset_stats()
    parsed = [MarkdownDocument(f"document {index}", text) for index, text in enumerate(documents)]
    started, cpu = time.perf_counter(), time.process_time()
    run = prepare(engine.plan("de", ["en"]), parsed)
    done = run.translate(engine)
    return {"seconds": time.perf_counter() - started, "cpu_seconds": time.process_time() - cpu,
            "sentences": len(run.sentences), "calls": engine.stats.calls, "decode_seconds": engine.stats.seconds,
            "tokens": engine.stats.target_tokens,
            "markup": done.markup}
