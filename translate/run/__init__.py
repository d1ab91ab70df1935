"""The run layer: the one pipeline every command that translates calls.

* :mod:`~translate.run.units` — units ↔ sentences (the one sentence plan and rebuild);
* :mod:`~translate.run.batch` — :func:`prepare` a run over documents, then translate it;
* :mod:`~translate.run.translate` — :func:`translate_sentences`: memory, glossary, engine;
* :mod:`~translate.run.keys` — the translation memory's keys for a run's sentences.

It stands on the engine (decoding), enforcement (the glossary during
decoding), the memory (a leaf store) and the document model; commands and
the writers above it never call the engine's decoding directly.
"""
