"""The benchmark's documents: real German news paragraphs grouped into articles."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from translate.sentences import split_with_gaps

ROOT = Path(__file__).resolve().parent.parent
WMT23 = ROOT.parent / "shared" / "corpus" / "wmt23-de-en" / "generaltest2023.de-en.src.de"


@dataclass(frozen=True)
class Corpus:
    documents: list[str]  # paragraphs separated by blank lines
    source: str
    sentences: int
    dropped: int  # paragraphs left out (a sentence seen before, or one without letters)
    edit_target: tuple[int, int]  # (document, paragraph) that the edit run changes


def _paragraphs() -> tuple[list[str], str]:
    if WMT23.is_file():
        return WMT23.read_text(encoding="utf-8").splitlines(), "WMT23 de-en source (generaltest2023.de-en.src.de)"
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    text = "\n\n".join(path.read_text(encoding="utf-8") for path in seeds)
    return [p.strip() for p in text.split("\n\n")], f"seed articles ({len(seeds)} files; ../shared is absent)"


def load_corpus(documents: int, limit: int = 0) -> Corpus:
    """``documents`` articles of consecutive paragraphs, every sentence distinct.

    The engine decodes a repeated sentence once and copies sentences without
    letters; Argos decodes both. Paragraphs holding such sentences are left out
    so that every system decodes exactly the same sentences.
    """
    raw, source = _paragraphs()
    if limit:
        raw = raw[:limit]
    seen: set[str] = set()
    paragraphs: list[list[str]] = []
    dropped = 0
    for paragraph in raw:
        if not paragraph.strip():
            continue
        sentences = split_with_gaps(paragraph.strip(), "de")[0]
        if any(s in seen or not any(ch.isalpha() for ch in s) for s in sentences) or len(set(sentences)) < len(sentences):
            dropped += 1
            continue
        seen.update(sentences)
        paragraphs.append(sentences)
    count = min(documents, len(paragraphs))
    docs = []
    for index in range(count):
        part = paragraphs[index * len(paragraphs) // count:(index + 1) * len(paragraphs) // count]
        docs.append(part)
    # The edit: a paragraph of three or more sentences in the middle of the
    # corpus, not a document's first (its title and folder name come from it).
    middle = count // 2
    target = next(
        ((d, p) for d in list(range(middle, count)) + list(range(middle))
         for p, s in enumerate(docs[d]) if p > 0 and len(s) >= 3),
        (middle, len(docs[middle]) - 1),
    )
    texts = ["\n\n".join(" ".join(sentences) for sentences in doc) for doc in docs]
    return Corpus(texts, source, sum(len(s) for doc in docs for s in doc), dropped, target)
