"""What a publish is asked to do, and what it reports: :class:`PublishRequest`, :class:`PublishReport`.

Their own module, so that the stages of a publish (:mod:`~translate.publish.run`,
:mod:`~translate.publish.commit`) and the command line share them without
importing each other.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from translate.defaults import CONFIDENCE_THRESHOLD, PUBLISH_CHUNK
from translate.enforce.report import TermTally
from translate.publish.jsonstream import listing, nested

if TYPE_CHECKING:
    from translate.glossary.model import Glossary
    from translate.run.translate import Executor
    from translate.memory.store import TranslationMemory

__all__ = ["PublishReport", "PublishRequest", "Published"]


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
    confidence_threshold: float = CONFIDENCE_THRESHOLD  # machine segments scored below it are low-confidence
    reviewer: str = ""  # who reviewed the hand edits read back from published pages
    chunk: int = PUBLISH_CHUNK  # sentences translated and committed together (see publish.run.Publication)
    executor: Executor | None = None  # where the memory's misses are decoded (None: this process)


class Published(NamedTuple):
    """One published document, as the report lists it.

    A report of a large corpus holds one per document for the whole run, so
    it is a tuple and its files are one string (``listing``, separated by
    NUL, which no path holds) rather than a tuple of strings.
    """

    source: str
    slug: str
    listing: str

    @classmethod
    def of(cls, source: str, slug: str, files: Iterable[str]) -> Published:
        return cls(source, slug, "\0".join(files))

    @property
    def files(self) -> tuple[str, ...]:
        return tuple(self.listing.split("\0")) if self.listing else ()

    def as_dict(self) -> dict[str, Any]:
        return {"source": self.source, "slug": self.slug, "files": list(self.files)}


@dataclass
class PublishReport:
    documents: list[Published] = field(default_factory=list)  # published, in the order committed
    errors: list[dict[str, str]] = field(default_factory=list)  # source, error
    warnings: list[str] = field(default_factory=list)
    terms: TermTally = field(default_factory=TermTally)  # the glossary report of all documents, counted
    term_documents: list[str] = field(default_factory=list)  # the source each row's document index names
    segments: int = 0
    translated: int = 0  # segments decoded by the engine in this run
    reused: int = 0  # segments served from the translation memory
    markup: dict[str, int] = field(default_factory=dict)  # inline markers placed in this run, by method
    engine_calls: int = 0  # batched model calls (0 when everything was reused)
    reviewed: int = 0  # sentence translations read back from pages edited by hand (kept as human translations)
    low_confidence: int = 0  # published (segment, language) machine translations scored below the threshold
    confidence_threshold: float = CONFIDENCE_THRESHOLD
    seconds: float = 0.0

    @property
    def files(self) -> list[str]:
        """Every file published, document after document."""
        return [path for document in self.documents for path in document.files]

    def summary(self, published: bool = True) -> dict[str, Any]:
        """The report as ``--json`` prints it (``published``: with the list of every document published)."""
        summary: dict[str, Any] = {
            "documents": len(self.documents),
            "segments": self.segments,
            "translated": self.translated,
            "reused": self.reused,
            "markup": self.markup,
            "engine_calls": self.engine_calls,
            "reviewed": self.reviewed,
            "low_confidence": self.low_confidence,
            "confidence_threshold": self.confidence_threshold,
            "files": sum(len(document.files) for document in self.documents),
            "seconds": round(self.seconds, 3),
            "errors": self.errors,
            "warnings": self.warnings,
            "terms": self.terms.summary() if self.terms.occurrences else {},
        }
        if published:
            summary["published"] = [document.as_dict() for document in self.documents]
        return summary

    def summary_json(self) -> Iterator[str]:
        """``json.dumps(self.summary(), indent=2, ensure_ascii=False)``, piece by piece.

        The published documents are laid out one at a time: the whole list
        as one text cost a corpus of 20,000 documents 36 MB at its very end.
        """
        head = json.dumps(self.summary(published=False), indent=2, ensure_ascii=False)
        yield head[: -len("\n}")] + ',\n  "published": '
        yield from listing("[", "]", (nested(document.as_dict()) for document in self.documents))
        yield "\n}"
