"""The translation memory: every translated segment, remembered and reused.

Modules: :mod:`~translate.memory.keys` (what identifies a stored translation
and how source text is normalized), :mod:`~translate.memory.location` (where
the file lives), :mod:`~translate.memory.schema` (numbered migrations),
:mod:`~translate.memory.store` (the SQLite store), :mod:`~translate.memory.tmx`
(TMX 1.4 export/import) and :mod:`~translate.memory.reuse` (lookup, decode the
misses, store).

A leaf store: it knows nothing of engines, glossaries or documents. The run
layer (:mod:`translate.run.translate`) builds the keys of a run's sentences
(:func:`translate.run.keys.memory_keys`) and calls::

    result = translate_with_memory(memory, sentences, keys, translate_misses)
    result.translations   # {target: [translation per sentence]}
    result.reused, result.translated   # sentences from memory / sent to the engine

``translate_misses`` may return a :class:`Fresh` instead of a plain mapping:
its ``meta`` holds an opaque note per sentence and target (the glossary's
term rows) that is stored with the entry and comes back in ``result.meta``
when the sentence is reused, so a report covers reused sentences too.
An unchanged run makes no engine call at all.
"""

from __future__ import annotations

from translate.memory.keys import SegmentKey, normalize, route_signature, settings_signature
from translate.memory.location import ENV_VAR, default_memory_path, memory_path
from translate.memory.reuse import Fresh, MemoryResult, translate_with_memory
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
    "import_tmx",
    "memory_path",
    "normalize",
    "route_signature",
    "settings_signature",
    "translate_with_memory",
]
