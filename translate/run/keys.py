"""The translation memory's keys for one run.

:func:`memory_keys` gives, per target of a :class:`RoutePlan`, the key of
every sentence: its text, the language pair, the signatures of the packages on
the target's route, the decoding settings and a *context* string.

The context is :func:`glossary_context`: a sentence's translation depends on
the glossary entries whose terms occur in it, and on nothing else in the
glossary, so it fingerprints exactly those entries (everything about them that
can change an output: the terms, accepted and forbidden forms in every
language, the keep and case flags; not the note or the line). Editing one
entry re-translates only the sentences containing its term, and a sentence
without any term keeps the key it has without a glossary. A pivot's second
hop enforces the entries found in the source, so one fingerprint serves every
target.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from translate.engine.plan import RoutePlan
from translate.memory.keys import SegmentKey, route_signature, settings_signature

if TYPE_CHECKING:
    from translate.glossary.model import Entry, Glossary

__all__ = ["Context", "glossary_context", "memory_keys"]

Context = Callable[[int, str], str]
"""``(sentence index, target) -> context string`` (e.g. a glossary fingerprint)."""


def memory_keys(
    plan: RoutePlan,
    settings: Mapping[str, Any],
    sentences: Sequence[str],
    context: Context | None = None,
) -> dict[str, list[SegmentKey]]:
    """Per target, the key of every sentence under ``plan``'s routes and ``settings``.

    Keys are end to end (German → Spanish through English is one key whose
    route names both packages), matching what the engine returns for a target.
    """
    signature = settings_signature(settings)
    keys: dict[str, list[SegmentKey]] = {}
    for target in plan.targets:
        route = route_signature(plan.routes[target].hops)
        keys[target] = [
            SegmentKey.make(text, plan.source, target, route, signature, context(index, target) if context else "")
            for index, text in enumerate(sentences)
        ]
    return keys


def _entry_data(entry: Entry) -> dict[str, Any]:
    # The note documents an entry and never changes a translation.
    return {key: value for key, value in entry.to_data().items() if key != "note"}


def glossary_context(glossary: Glossary | None, sentences: Sequence[str], source: str) -> Context:
    """``context(index, target)`` for :func:`memory_keys`."""
    if glossary is None or not glossary.entries:
        return lambda _index, _target: ""
    from translate.glossary.match import find_terms

    fingerprints: list[str] = []
    for sentence in sentences:
        entries = {match.entry.id: match.entry for match in find_terms(glossary, sentence, source)}
        if not entries:
            fingerprints.append("")
            continue
        data = [_entry_data(entries[name]) for name in sorted(entries)]
        canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        fingerprints.append("glossary:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32])
    return lambda index, _target: fingerprints[index]
