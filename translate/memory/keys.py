"""What identifies a stored translation: the segment key.

A key covers everything that can change a segment's output, so a stored
translation is reused only when decoding again would give the same text:

* the **normalized source text** (:func:`normalize`),
* the **language pair** (``source`` → ``target``),
* the **route**: the signature (``name@version``) of each model package the
  segment goes through, joined by ``>`` (``translate-de_en@1.9>translate-en_es@1.0``
  for German→Spanish through English; one signature for a direct hop),
* the **decoding settings** (``EngineSettings.signature()``, as canonical JSON),
* an opaque **context** string chosen by the caller: the fingerprint of the
  glossary entries that match the segment, so editing one entry re-translates
  only the segments that contain its term (``""`` when nothing applies).

Human translations (imported from TMX) are keyed by normalized source text and
language pair only: they apply whatever model, settings or context a run uses.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

__all__ = ["SegmentKey", "human_digest", "normalize", "route_signature", "settings_signature"]

_WHITESPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """The form of a source segment that keys the memory.

    Unicode NFC (text pasted from macOS often arrives decomposed) and every run
    of whitespace — tabs, newlines, no-break spaces — collapsed to one space,
    without leading or trailing whitespace. Both changes are invisible to the
    models: SentencePiece's ``nmt_nfkc`` normalization and the BPE tokenizer
    already fold whitespace this way, so two texts with one normal form always
    decode to the same output. Case and punctuation are kept: they change it.
    """
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


class _Signed(Protocol):
    @property
    def signature(self) -> str: ...


def route_signature(hops: Sequence[_Signed]) -> str:
    """``"a@1>b@2"`` for the model packages a segment goes through, in order."""
    return ">".join(hop.signature for hop in hops)


def settings_signature(settings: Mapping[str, Any]) -> str:
    """Decoding settings as canonical JSON (sorted keys, no spaces)."""
    return json.dumps(dict(settings), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _digest(*parts: str) -> str:
    # NUL cannot occur in any field that matters here (normalize() keeps it,
    # but it is no separator a language code or signature contains), and the
    # field count is fixed, so the joined form is unambiguous.
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()


def human_digest(source_text: str, source: str, target: str) -> str:
    """The key of a human translation: normalized text and language pair only."""
    return _digest("human", normalize(source_text), source, target)


@dataclass(frozen=True, slots=True)
class SegmentKey:
    """Everything that determines a machine translation of one segment.

    Build keys with :meth:`make`, which normalizes the text and the settings;
    two keys are equal exactly when a stored translation may be reused.
    """

    text: str  # normalized source text
    source: str
    target: str
    route: str  # route_signature() of the packages used
    settings: str  # settings_signature() of the decoding settings
    context: str = ""

    @classmethod
    def make(
        cls,
        text: str,
        source: str,
        target: str,
        route: str,
        settings: Mapping[str, Any] | str,
        context: str = "",
    ) -> SegmentKey:
        signature = settings if isinstance(settings, str) else settings_signature(settings)
        return cls(normalize(text), source.lower(), target.lower(), route, signature, context)

    @property
    def digest(self) -> str:
        """The stored primary key (sha256 over every field)."""
        return _digest("machine", self.text, self.source, self.target, self.route, self.settings, self.context)

    @property
    def human(self) -> str:
        """The primary key a human translation of this segment would have."""
        return _digest("human", self.text, self.source, self.target)
