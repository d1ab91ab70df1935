"""Constants and the one language-code rule that several wings share.

Kept free of imports from the rest of babelpress, so the command line can
name a default (in ``--help``, say) without loading the module that uses it.
"""

from __future__ import annotations

import re
from pathlib import Path

__all__ = [
    "COMPUTE_TYPES",
    "DEFAULT_GLOSSARY",
    "DEFAULT_OUT",
    "SOURCE_LANGUAGE",
    "TARGETS",
    "is_language_code",
]

SOURCE_LANGUAGE = "de"
TARGETS = ("en",)
DEFAULT_OUT = Path("output")
DEFAULT_GLOSSARY = Path("glossary") / "terms.yaml"
"""The project glossary, relative to the working directory (or to babelpress.yaml)."""

COMPUTE_TYPES = ("int8", "int8_float32", "int16", "float32", "default")
"""CTranslate2 weight types babelpress offers; int8 is the default and fastest on CPU."""

CONFIDENCE_THRESHOLD = -1.0
"""Below this model score a machine translation counts as low-confidence.

A score is CTranslate2's length-normalized log-probability: the mean
log-probability per target token, at most 0. -1.0 means the model gave its
tokens, on geometric average, less than e^-1 (about 37 %) probability: a
guess rather than a translation it is sure of. Scores depend on the model;
measure yours (``babelpress review export --order confidence``)."""

_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})?$")


def is_language_code(code: str) -> bool:
    """``de``, ``ast``, ``pt-br``, ``zh-hant``: a lower-case ISO 639 code, optionally with one subtag.

    The one syntax rule for language codes, wherever one is given (flags,
    babelpress.yaml, glossary keys, model pairs).
    """
    return bool(_LANGUAGE_CODE.match(code))

# Sentences a publish translates, builds and commits together: what it holds in memory at
# once, whatever the size of the corpus (larger chunks batch a little better, and hold more).
PUBLISH_CHUNK = 2048

# Sentences decoded together, wherever they are decoded (this process or a Ray cluster's
# worker): the unit of batching, so a sentence's translation does not depend on where it
# ran, and the unit a translation memory stores as soon as it is decoded (a killed run
# keeps every group before the one it was decoding).
DECODE_GROUP = 128
