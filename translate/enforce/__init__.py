"""Enforcement: a glossary obeyed during decoding, on every hop of a route.

* :mod:`~translate.enforce.apply` — a run's sentences through every hop, terms enforced;
* :mod:`~translate.enforce.enforce` — one hop: n-best choice, forced prefixes, verified replacement;
* :mod:`~translate.enforce.criteria` — whether a hypothesis renders a term acceptably;
* :mod:`~translate.enforce.align` — source terms to token positions, attention to target spans;
* :mod:`~translate.enforce.report` — :class:`TermRow`, one per occurrence, language and hop.

It sits above the engine (it decodes through a :class:`translate.engine.protocols.Decoder`)
and the termbase (:mod:`translate.glossary`), which knows nothing of either.
"""
