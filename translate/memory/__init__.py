"""The translation memory: every translated segment, remembered and reused.

Modules: :mod:`~translate.memory.keys` (what identifies a stored translation
and how source text is normalized), :mod:`~translate.memory.location` (where
the file lives), :mod:`~translate.memory.schema` (numbered migrations),
:mod:`~translate.memory.store` (the SQLite store), :mod:`~translate.memory.tmx`
(TMX 1.4 export/import) and :mod:`~translate.memory.reuse` (lookup, decode the
misses, store).

Using it from the service, where ``engine.translate_many`` was called::

    from translate.memory import TranslationMemory, keys_for_run, translate_with_memory

    with TranslationMemory.open(path) as memory:        # path None: the default location
        keys = keys_for_run(engine, segments, source, targets, context=None)
        result = translate_with_memory(
            memory, segments, keys,
            lambda todo, langs: engine.translate_many(todo, source, langs, progress),
        )
    result.translations   # {target: [translation per segment]}
    result.reused, result.translated   # segments from memory / sent to the engine

``context(index, target)`` returns an opaque string that becomes part of the
key: :func:`glossary_context` (``glossary_context(glossary, segments, source)``)
fingerprints the glossary entries matching each segment, so a changed glossary
entry re-translates exactly the segments containing it.
An unchanged run makes no engine call at all.

``translate_misses`` may return a :class:`Fresh` instead of a plain mapping:
its ``meta`` holds a note per segment and target (the glossary's term rows as
JSON) that is stored with the entry and comes back in ``result.meta`` when the
segment is reused, so a report covers reused segments too.
"""

from __future__ import annotations

from translate.memory.context import glossary_context
from translate.memory.keys import SegmentKey, normalize, route_signature, settings_signature
from translate.memory.location import ENV_VAR, default_memory_path, memory_path
from translate.memory.reuse import Fresh, MemoryResult, keys_for_run, translate_with_memory
from translate.memory.check import CheckReport, check_memory
from translate.memory.store import Entry, MemoryStats, PruneReport, TranslationMemory
from translate.memory.tmx import ImportReport, export_tmx, import_tmx

__all__ = [
    "ENV_VAR",
    "CheckReport",
    "Entry",
    "Fresh",
    "ImportReport",
    "MemoryResult",
    "MemoryStats",
    "PruneReport",
    "SegmentKey",
    "TranslationMemory",
    "check_memory",
    "default_memory_path",
    "export_tmx",
    "glossary_context",
    "import_tmx",
    "keys_for_run",
    "memory_path",
    "normalize",
    "route_signature",
    "settings_signature",
    "translate_with_memory",
]
