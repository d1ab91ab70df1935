"""Where a source term's rendering starts in a hypothesis: token offsets and attention.

CTranslate2 returns, with ``return_attention=True``, one attention vector over
the source tokens for every target token. A target token whose strongest
attention falls on the source term's tokens belongs to the term's rendering;
the first such token is where a forced prefix has to put the glossary term.
"""

from __future__ import annotations

from collections.abc import Sequence

_SPACE = "\u2581"  # SentencePiece's word-start marker


def piece_spans(pieces: Sequence[str], text: str) -> list[tuple[int, int]]:
    """Character span of each token in ``text``.

    Tokens are found left to right; one that cannot be found (normalised
    characters, byte-fallback pieces, BPE markers) gets an empty span at the
    current position, so the spans stay ordered and usable.
    """
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in pieces:
        core = piece.replace(_SPACE, " ").removesuffix("@@").strip()
        position = text.find(core, cursor) if core else -1
        if position < 0 or text[cursor:position].strip():
            spans.append((cursor, cursor))
            continue
        spans.append((position, position + len(core)))
        cursor = position + len(core)
    return spans


def tokens_in(spans: Sequence[tuple[int, int]], start: int, end: int) -> list[int]:
    """Indexes of the tokens that overlap ``[start, end)``."""
    return [i for i, (a, b) in enumerate(spans) if a < end and start < b]


def token_at(spans: Sequence[tuple[int, int]], offset: int) -> int:
    """Index of the token that covers (or first follows) character ``offset``."""
    for index, (start, end) in enumerate(spans):
        if end > offset or start >= offset:
            return index
    return len(spans)


def _word_start(tokens: Sequence[str], index: int) -> int:
    while 0 < index < len(tokens) and not tokens[index].startswith(_SPACE):
        index -= 1
    return index


def _word_end(tokens: Sequence[str], index: int) -> int:
    while index < len(tokens) and not tokens[index].startswith(_SPACE) and tokens[index][:1].isalnum():
        index += 1
    return index


def aligned_range(
    attention: Sequence[Sequence[float]] | None,
    source_tokens: Sequence[int],
    target_tokens: Sequence[str],
) -> tuple[int, int] | None:
    """Target token range ``[start, end)`` that renders the given source tokens.

    The range starts at the first target token attending most to the source
    term and runs over the following tokens that do too (a gap of one token is
    bridged), widened to whole words. ``None`` without attention.
    """
    if not attention or not source_tokens or not target_tokens:
        return None
    wanted = set(source_tokens)
    rows = attention[: len(target_tokens)]
    hits = [t for t, row in enumerate(rows) if row and max(range(len(row)), key=row.__getitem__) in wanted]
    if not hits:
        mass = [sum(row[i] for i in wanted if i < len(row)) for row in rows]
        hits = [max(range(len(mass)), key=mass.__getitem__)]
    start, end = hits[0], hits[0] + 1
    for t in hits[1:]:
        if t > end + 1:
            break
        end = t + 1
    return _word_start(target_tokens, start), _word_end(target_tokens, end)
