"""The ``context`` of a segment's key when a glossary is enforced.

A segment's translation depends on the glossary entries whose terms occur in
it, and on nothing else in the glossary. :func:`glossary_context` fingerprints
exactly those entries (everything about them that can change an output: the
terms, accepted and forbidden forms in every language, the keep and case
flags; not the note or the line), so editing one entry re-translates only the
segments containing its term, and a segment without any term keeps the key it
has without a glossary. A pivot's second hop enforces the entries found in the
source, so one fingerprint serves every target.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from translate.glossary.model import Entry, Glossary

__all__ = ["glossary_context"]


def _entry_data(entry: Entry) -> dict[str, Any]:
    # The note documents an entry and never changes a translation.
    return {key: value for key, value in entry.to_data().items() if key != "note"}


def glossary_context(glossary: Glossary | None, segments: Sequence[str], source: str) -> Callable[[int, str], str]:
    """``context(index, target)`` for :func:`translate.memory.keys_for_run`."""
    if glossary is None or not glossary.entries:
        return lambda _index, _target: ""
    from translate.glossary import find_terms

    fingerprints: list[str] = []
    for segment in segments:
        entries = {match.entry.id: match.entry for match in find_terms(glossary, segment, source)}
        if not entries:
            fingerprints.append("")
            continue
        data = [_entry_data(entries[name]) for name in sorted(entries)]
        canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        fingerprints.append("glossary:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32])
    return lambda index, _target: fingerprints[index]
