"""``publish``: sources → one batched translation → bundles swapped into ``--out``.

:func:`prepare` reads and checks everything that can fail before a model is
loaded (sources, routes, the output folder); :meth:`Publication.run` then
translates every segment of every document into every target with one
:func:`translate.service.translate_segments` call, renders, stages and
commits. A bad document is reported and skipped, the others are published,
unless ``fail_fast`` asks to stop at the first problem.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from translate.documents import MARKDOWN_SUFFIXES, load_document
from translate.documents.model import Document
from translate.engine.decoder import Engine, Progress
from translate.errors import BabelpressError, InputError
from translate.enforce.report import summarize
from translate.pipeline import DocumentBatch
from translate.publish import store
from translate.publish.bundle import Provenance, build_document
from translate.publish.commit import commit
from translate.publish.slug import slugify

if TYPE_CHECKING:
    from translate.glossary import Glossary
    from translate.memory import TranslationMemory

SOURCE_SUFFIXES = MARKDOWN_SUFFIXES | {".txt"}


@dataclass
class PublishRequest:
    sources: list[Path]
    targets: list[str]
    out: Path
    source_lang: str = "de"
    layout: str = "bundle"
    force: bool = False
    archive: str | None = None
    encoding: str = "utf-8"
    fail_fast: bool = False
    glossary: Glossary | None = None  # loaded and validated before any model
    memory: TranslationMemory | None = None  # reuse earlier translations; None: decode everything
    root: Path = field(default_factory=Path)  # source paths are recorded relative to it


@dataclass
class PublishReport:
    documents: list[dict[str, Any]] = field(default_factory=list)  # published: source, slug, files
    errors: list[dict[str, str]] = field(default_factory=list)  # source, error
    warnings: list[str] = field(default_factory=list)
    terms: list[dict[str, Any]] = field(default_factory=list)  # glossary report rows, all documents
    segments: int = 0
    translated: int = 0  # segments decoded by the engine in this run
    reused: int = 0  # segments served from the translation memory
    engine_calls: int = 0  # batched model calls (0 when everything was reused)
    files: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> dict[str, Any]:
        return {
            "documents": len(self.documents),
            "segments": self.segments,
            "translated": self.translated,
            "reused": self.reused,
            "engine_calls": self.engine_calls,
            "files": len(self.files),
            "seconds": round(self.seconds, 3),
            "errors": self.errors,
            "warnings": self.warnings,
            "terms": summarize(self.terms) if self.terms else {},
            "published": self.documents,
        }


def expand_sources(sources: list[Path]) -> list[tuple[Path, str | None]]:
    """Files to publish; a directory stands for its .md/.markdown/.txt files.

    Returns ``(path, error)`` pairs, the error set for a missing or empty source.
    """
    found: list[tuple[Path, str | None]] = []
    for source in sources:
        if source.is_dir():
            files = sorted(p for p in source.iterdir() if p.is_file() and p.suffix.lower() in SOURCE_SUFFIXES
                           and not p.name.startswith("."))
            if not files:
                found.append((source, f"{source} holds no .md, .markdown or .txt files."))
            found.extend((path, None) for path in files)
        elif not source.exists():
            found.append((source, f"{source} does not exist."))
        else:
            found.append((source, None))
    return found


def recorded_path(path: Path, root: Path) -> str:
    """The source path written into front matter: relative to the project when inside it."""
    absolute = path.absolute()
    for base in (root.absolute(), Path.cwd()):
        try:
            return absolute.relative_to(base).as_posix()
        except ValueError:
            continue
    return absolute.as_posix()


@dataclass
class _Source:
    path: Path
    name: str
    document: Document
    slug: str


class Publication:
    """A checked publish, ready to run."""

    def __init__(self, request: PublishRequest, engine: Engine, sources: list[_Source],
                 report: PublishReport, started: float) -> None:
        self.request, self.engine, self.sources, self.report = request, engine, sources, report
        self._started = started
        self.batch = DocumentBatch([s.document for s in sources], request.source_lang)
        self.report.segments = len(self.batch.sentences)
        self.total = len(self.batch.sentences) * engine.hop_count(request.source_lang, request.targets)

    def run(self, progress: Progress | None = None, on_wait: Callable[[str], None] | None = None) -> PublishReport:
        request, report = self.request, self.report
        if self.sources:
            calls = self.engine.stats.calls
            done = self.batch.run(self.engine, request.targets, progress,
                                  glossary=request.glossary, memory=request.memory)
            report.translated, report.reused = done.translated, done.reused
            report.engine_calls = self.engine.stats.calls - calls
            provenance = Provenance(
                source_lang=request.source_lang,
                engine=self.engine.settings.signature(),
                models={t: [hop.signature for hop in self.engine.route(request.source_lang, t).hops]
                        for t in request.targets},
                glossary_sha256=request.glossary.sha256 if request.glossary else None,
            )
            built = [
                build_document(s.document, s.slug, recorded_path(s.path, request.root), done.units[i],
                               provenance, request.layout,
                               done.terms[i] if request.glossary is not None else None)
                for i, s in enumerate(self.sources)
            ]
            for index, rows in enumerate(done.terms):
                report.terms.extend({**row, "document": self.sources[index].name} for row in rows)
            commit(request, built, report, on_wait)
        report.seconds = time.perf_counter() - self._started
        return report


def prepare(request: PublishRequest, engine: Engine) -> Publication:
    """Read every source, resolve every route and check ``out``; load no model yet."""
    started = time.perf_counter()
    for target in request.targets:
        engine.route(request.source_lang, target)  # a missing model fails here, before any work
    report = PublishReport()
    sources: list[_Source] = []
    slugs: dict[str, str] = {}
    for path, problem in expand_sources(request.sources):
        name = str(path)
        try:
            if problem:
                raise InputError(problem)
            document = load_document(path, request.encoding, request.source_lang, name)
            slug = slugify(document.slug or "") or slugify(document.title or "") or slugify(path.stem) or "document"
            if slug in slugs:
                raise InputError(
                    f"{name} would publish to the same folder '{slug}' as {slugs[slug]}; give one of them "
                    "another title or a `slug:` in its front matter."
                )
        except BabelpressError as exc:
            if request.fail_fast:
                raise
            report.errors.append({"source": name, "error": str(exc)})
            continue
        slugs[slug] = name
        sources.append(_Source(path, name, document, slug))
    if sources:
        store.ensure_out(request.out)
    return Publication(request, engine, sources, report, started)
