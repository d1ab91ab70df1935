"""``publish``: sources → one batched translation → bundles swapped into ``--out``.

:func:`prepare` reads and checks everything that can fail before a model is
loaded (the routes, resolved once into the run's plan; the sources; the
output folder); :meth:`Publication.run` then translates every sentence of
every document into every target in one prepared run
(:mod:`translate.run.batch`), renders, stages and commits. A bad document is reported and skipped, the others are published,
unless ``fail_fast`` asks to stop at the first problem.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from translate.documents import MARKDOWN_SUFFIXES, load_document
from translate.documents.model import Document
from translate.engine.decoder import Engine
from translate.engine.plan import RoutePlan
from translate.engine.protocols import Progress
from translate.errors import BabelpressError, InputError
from translate.heap import return_freed_memory
from translate.publish import store
from translate.memory.keys import SegmentKey
from translate.publish.bundle import BuiltDocument, Provenance, build_document
from translate.publish.edits import EditProblem, read_edits
from translate.publish.commit import commit
from translate.publish.request import PublishReport, PublishRequest
from translate.publish.slug import slugify
from translate.run.batch import BatchTranslation, PreparedRun, count_sentences
from translate.run.batch import prepare as prepare_run

SOURCE_SUFFIXES = MARKDOWN_SUFFIXES | {".txt"}


def expand_sources(sources: list[Path]) -> list[tuple[Path, str | None]]:
    """Files to publish; a directory stands for its .md/.markdown/.txt files.

    Returns ``(path, error)`` pairs, the error set for a missing or empty
    source. A folder's symbolic links are followed only to files inside that
    folder: a link out of it, or a broken one, is an error naming the link.
    """
    found: list[tuple[Path, str | None]] = []
    for source in sources:
        if source.is_dir():
            files = sorted(p for p in source.iterdir() if p.suffix.lower() in SOURCE_SUFFIXES
                           and not p.name.startswith(".") and (p.is_symlink() or p.is_file()))
            if not files:
                found.append((source, f"{source} holds no .md, .markdown or .txt files."))
            found.extend((path, _link_problem(path, source)) for path in files)
        elif not source.exists():
            found.append((source, f"{source} does not exist."))
        else:
            found.append((source, None))
    return found


def _link_problem(path: Path, folder: Path) -> str | None:
    """Why a symbolic link found in ``folder`` is not published (None: it is not a link, or fine)."""
    if not path.is_symlink():
        return None
    target = path.resolve()
    if not target.exists():
        return (f"{path} is a broken symbolic link (to {target}): remove it, or point it at the file it "
                "stands for.")
    if not target.is_relative_to(folder.resolve()):
        return (f"{path} is a symbolic link to {target}, outside {folder}: a folder is published only with "
                "the files inside it. Give the file itself as a source to publish it.")
    if not target.is_file():
        return f"{path} is a symbolic link to {target}, which is not a file."
    return None


def claim_slug(slugs: dict[str, str], document: Document, path: Path, name: str) -> str:
    """``document``'s folder name (its ``slug:``, else its title, else the file name), recorded in ``slugs``.

    Raises:
        InputError: when an earlier source of the run (``slugs``: slug → name) has it.
    """
    slug = slugify(document.slug or "") or slugify(document.title or "") or slugify(path.stem) or "document"
    if slug in slugs:
        raise InputError(
            f"{name} would publish to the same folder '{slug}' as {slugs[slug]}; give one of them "
            "another title or a `slug:` in its front matter."
        )
    slugs[slug] = name
    return slug


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
class _Figures:
    """Per target language, each sentence of one document: its model score and whether it is a human one."""

    scores: dict[str, list[float | None]]
    human: dict[str, list[bool]]

    def low(self, threshold: float) -> int:
        return sum(1 for found in self.scores.values() for score in found if score is not None and score < threshold)

    def reviewed(self) -> dict[str, int]:
        """Per language, the sentences that come from human translations (languages with none left out)."""
        return {lang: sum(flags) for lang, flags in self.human.items() if any(flags)}


def _figures(done: BatchTranslation, sizes: list[int]) -> list[_Figures]:
    found, start = [], 0
    for size in sizes:
        found.append(_Figures({lang: row[start:start + size] for lang, row in done.scores.items()},
                              {lang: row[start:start + size] for lang, row in done.human.items()}))
        start += size
    return found


@dataclass(slots=True)
class _Source:
    """One checked source; a publish holds one per document for the whole run, so it keeps little."""

    name: str  # str(path): the path is made again when needed
    slug: str
    sentences: int  # what the check found (the progress total counts them)
    sha256: bytes  # of the bytes checked (the digest, not its hex): a source changed since is not published
    document: Document | None  # kept for the first chunk only; the others are read again when their turn comes

    @property
    def path(self) -> Path:
        return Path(self.name)


@dataclass
class _Chunk:
    """Consecutive sources translated, built and committed together (see :class:`Publication`)."""

    numbers: list[int]  # each source's place in the run (its document number in the term report)
    sources: list[_Source]
    documents: list[Document]
    prepared: PreparedRun
    figures: list[_Figures] = field(default_factory=list)  # per document, as finally published


class Publication:
    """A checked publish, ready to run.

    The sources are translated, built and committed in *chunks* of consecutive
    documents of about ``request.chunk`` sentences each (at least one document),
    so what a publish holds at any time is one chunk, whatever the size of the
    corpus. Within a chunk, sentences of every document are batched together
    (sorted by length, repeats decoded once, the memory asked first); each
    chunk is committed like a publish of its own (staged, locked, swapped), so
    a kill leaves every chunk before it published and verifying, and the next
    run reuses what the memory kept.
    """

    def __init__(self, request: PublishRequest, engine: Engine, plan: RoutePlan, sources: list[_Source],
                 report: PublishReport, started: float) -> None:
        self.request, self.engine, self.plan, self.sources, self.report = request, engine, plan, sources, report
        self._started = started
        self.manifest: store.OutputManifest | None = None  # as the last chunk left it (see commit)
        self.report.segments = sum(source.sentences for source in sources)
        self.total = self.report.segments * plan.hop_count
        self.provenance = Provenance(  # the same for every chunk
            source_lang=request.source_lang,
            engine=engine.settings.signature(),
            models={t: plan.signatures(t) for t in request.targets},
            glossary_sha256=request.glossary.sha256 if request.glossary else None,
        )

    def run(self, progress: Progress | None = None, on_wait: Callable[[str], None] | None = None) -> PublishReport:
        request, report = self.request, self.report
        if self.sources:
            store.ensure_out(request.out)  # here, not in prepare(): a cluster is reached between the two
            report.term_documents = [s.name for s in self.sources]
            report.confidence_threshold = request.confidence_threshold
            calls = self.engine.stats.calls
            for numbers in self._spans():
                chunk = self._chunk(numbers)
                if chunk is None:
                    continue
                self._publish(chunk, progress, on_wait)
                del chunk  # nothing else holds its documents and translations: garbage now, before the trim
                return_freed_memory()
            report.engine_calls = self.engine.stats.calls - calls
        report.seconds = time.perf_counter() - self._started
        return report

    def _spans(self) -> Iterator[range]:
        """The numbers of the sources of each chunk: consecutive, about ``request.chunk`` sentences (one source at least)."""
        start = 0
        while start < len(self.sources):
            end, size = start, 0
            while end < len(self.sources) and (end == start or size + self.sources[end].sentences <= self.request.chunk):
                size += self.sources[end].sentences
                end += 1
            yield range(start, end)
            start = end

    def _chunk(self, numbers: range) -> _Chunk | None:
        """The sources numbered ``numbers``, read (again, unless kept from the check) now that their turn has come.

        None when none of them can be read any more.
        """
        kept: list[int] = []
        documents: list[Document] = []
        for number in numbers:
            document = self._reread(self.sources[number])
            if document is not None:
                kept.append(number)
                documents.append(document)
        if not kept:
            return None
        return _Chunk(kept, [self.sources[n] for n in kept], documents, prepare_run(self.plan, documents))

    def _reread(self, source: _Source) -> Document | None:
        document, source.document = source.document, None
        if document is not None:
            return document
        try:
            document = load_document(source.path, self.request.encoding, self.request.source_lang, source.name)
            if bytes.fromhex(document.sha256 or "") != source.sha256:
                raise InputError(f"{source.name} changed while this publish ran; publish again to include it.")
        except BabelpressError as exc:
            if self.request.fail_fast:
                raise
            self.report.errors.append({"source": source.name, "error": str(exc)})
            return None
        return document

    def _publish(self, chunk: _Chunk, progress: Progress | None, on_wait: Callable[[str], None] | None) -> None:
        request, report = self.request, self.report
        done = chunk.prepared.translate(self.engine, progress, glossary=request.glossary, memory=request.memory,
                                        executor=request.executor)
        report.translated += done.translated
        report.reused += done.reused
        for method, count in done.markup.items():
            report.markup[method] = report.markup.get(method, 0) + count
        report.markup = dict(sorted(report.markup.items()))
        chunk.figures = _figures(done, chunk.prepared.sizes)
        provenance = self.provenance
        built = [
            build_document(document, s.slug, recorded_path(s.path, request.root), done.units[i],
                           provenance, request.layout,
                           done.terms[i] if request.glossary is not None else None,
                           chunk.figures[i].reviewed())
            for i, (s, document) in enumerate(zip(chunk.sources, chunk.documents))
        ]
        learned: dict[str, str] = {}
        if request.memory is not None and not request.force:
            learned = _keep_edits(self, chunk, built, done, provenance)
        for number, rows in zip(chunk.numbers, done.terms):
            report.terms.add(replace(row, document=number) for row in rows)
        report.low_confidence += sum(f.low(request.confidence_threshold) for f in chunk.figures)
        self.manifest = commit(request, built, report, on_wait, learned, self.manifest)


def _keep_edits(publication: Publication, chunk: _Chunk, built: list[BuiltDocument], done: BatchTranslation,
                provenance: Provenance) -> dict[str, str]:
    """Read pages edited by hand back as human translations, and rebuild their documents with them.

    Returns, per edited page: ``""`` where its edit is kept (the page may be
    replaced: it holds the edit), else why it cannot be (the commit then
    leaves the document as it is).
    """
    request, report = publication.request, publication.report
    manifest = publication.manifest = store.OutputManifest.current(request.out, request.layout, publication.manifest)
    outcome: dict[str, str] = {}
    redo: list[int] = []
    offsets = [0]
    for size in chunk.prepared.sizes:
        offsets.append(offsets[-1] + size)
    assert request.memory is not None
    for index, (parsed, document) in enumerate(zip(chunk.documents, built)):
        if manifest.documents.get(document.slug, {}).get("source") != document.source:
            continue
        edited = {path: (request.out / path).read_bytes()
                  for path in store.edited_paths(request.out, document.slug, manifest)}
        if not edited:
            continue
        first, last = offsets[index], offsets[index + 1]
        try:
            edits = read_edits(
                document=parsed, slug=document.slug, source=document.source, layout=request.layout,
                provenance=provenance, plans=chunk.prepared.units[index],
                machine={lang: done.sentences[lang][first:last] for lang in request.targets},
                pages=document.files, edited=edited, records=manifest.files,
                reviewed=chunk.figures[index].reviewed(),
            )
            if request.memory.read_only:
                raise EditProblem("the translation memory is read-only, so the edit cannot be stored")
        except EditProblem as exc:
            outcome.update({path: str(exc) for path in edited})
            continue
        sentences = chunk.prepared.sentences
        request.memory.store_many(
            [(SegmentKey.make(sentences[first + k], request.source_lang, lang, "", ""), text)
             for k, lang, text in edits.translations], origin="human", reviewer=request.reviewer)
        report.reviewed += len(edits.translations)
        outcome.update({path: "" for path in edits.paths})
        redo.append(index)
    if redo:  # the memory now holds the edits: translate those documents again, from it
        again = prepare_run(publication.plan, [chunk.documents[i] for i in redo])
        result = again.translate(publication.engine, glossary=request.glossary, memory=request.memory,
                                 executor=request.executor)
        for position, figures in enumerate(_figures(result, again.sizes)):
            chunk.figures[redo[position]] = figures
        for position, index in enumerate(redo):
            origin = chunk.sources[index]
            built[index] = build_document(
                chunk.documents[index], origin.slug, recorded_path(origin.path, request.root),
                result.units[position], provenance, request.layout,
                result.terms[position] if request.glossary is not None else None,
                chunk.figures[index].reviewed())
    return outcome


def prepare(request: PublishRequest, engine: Engine) -> Publication:
    """Read and check every source and resolve every route; load no model and write nothing yet.

    Each source is read and parsed here, so a bad one is reported (or, with
    ``fail_fast``, stops the run) before anything is translated or written;
    only the documents of the first chunk are kept, the others are read again
    when their chunk comes (see :class:`Publication`).
    """
    started = time.perf_counter()
    plan = engine.plan(request.source_lang, request.targets)  # a missing model fails here, before any work
    report = PublishReport()
    sources: list[_Source] = []
    slugs: dict[str, str] = {}
    kept, keeping = 0, True  # the documents of the first chunk are kept: their sentences, and whether to go on
    for path, problem in expand_sources(request.sources):
        name = str(path)
        try:
            if problem:
                raise InputError(problem)
            document = load_document(path, request.encoding, request.source_lang, name)
            slug = claim_slug(slugs, document, path, name)
        except BabelpressError as exc:
            if request.fail_fast:
                raise
            report.errors.append({"source": name, "error": str(exc)})
            continue
        sentences = count_sentences(plan, document)
        keeping = keeping and (kept == 0 or kept + sentences <= request.chunk)
        sources.append(_Source(name, slug, sentences, bytes.fromhex(document.sha256 or ""),
                               document if keeping else None))
        kept += sentences if keeping else 0
    return Publication(request, engine, plan, sources, report, started)
