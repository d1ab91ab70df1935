"""The engine wing: Argos Translate model packages decoded with CTranslate2.

* :mod:`~translate.engine.paths` — where Argos keeps packages (its own rules);
* :mod:`~translate.engine.packages` — reading, validating, installing packages;
* :mod:`~translate.engine.index` — installing by language pair from the package index;
* :mod:`~translate.engine.routes` — which installed packages translate a pair (pivots);
* :mod:`~translate.engine.plan` — :class:`RoutePlan`, the routes of one run, resolved once;
* :mod:`~translate.engine.tokenizers` — SentencePiece and BPE tokenizers;
* :mod:`~translate.engine.decoder` — :class:`Engine`: batched decoding, one call per hop;
* :mod:`~translate.engine.protocols` — what the rest of babelpress types against.

This face imports nothing, so ``import translate.engine.paths`` stays light.
"""
