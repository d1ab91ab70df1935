"""Plain text as it comes (``--text``, stdin): one unit, spacing kept exactly."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from translate.documents.frontmatter import dump_mapping
from translate.documents.model import Document, Rendered


class PlainDocument(Document):
    """Text translated sentence by sentence, with every space and blank line kept."""

    format = "plain"

    def __init__(self, name: str, text: str) -> None:
        super().__init__(name, text)
        self.units = [text]

    def render(
        self, translations: Sequence[str] | None = None, meta: Mapping[str, Any] | None = None
    ) -> Rendered:
        text = translations[0] if translations is not None else self.text
        if meta is not None:
            text = "---\n" + dump_mapping(meta) + "---\n\n" + text
        return Rendered(text, None)
