"""Stable ASCII slugs: "Wird es ein Freihandelsabkommen geben?" → "wird-es-ein-freihandelsabkommen-geben"."""

from __future__ import annotations

import re
import unicodedata

# German transliterations first; everything else loses its accents (é → e).
_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS"})
_SPECIAL = str.maketrans({"æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "œ": "oe", "Œ": "OE", "ł": "l", "Ł": "L",
                          "đ": "d", "Đ": "D", "þ": "th", "ð": "d"})
MAX_LENGTH = 80


def slugify(text: str, max_length: int = MAX_LENGTH) -> str:
    """Lower-case ASCII words joined by ``-``; empty when ``text`` has no letter or digit."""
    text = unicodedata.normalize("NFC", text).translate(_GERMAN).translate(_SPECIAL)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(slug) > max_length:
        cut = slug.rfind("-", 0, max_length + 1)
        slug = slug[: cut if cut > max_length // 2 else max_length].strip("-")
    return slug
