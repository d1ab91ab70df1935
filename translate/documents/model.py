"""The document model shared by every source format.

A :class:`Document` is its source text plus the *units* to translate: the
texts of headings, paragraphs, list items, table cells, alt texts and
front-matter values, in order, with placeholders standing in for whatever
must not be translated. :meth:`Document.render` puts translated units back
into the source, leaving everything else as it was.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Rendered:
    """A rendered document and what could only be kept on a best-effort basis."""

    text: str
    title: str | None
    warnings: list[str] = field(default_factory=list)


class Document(ABC):
    """A parsed source document."""

    format: str = ""

    def __init__(self, name: str, text: str, path: Path | None = None) -> None:
        self.name = name  # how messages refer to it (the path as given)
        self.text = text  # the decoded source
        self.path = path
        self.units: list[str] = []  # templates to translate, placeholders included
        self.title: str | None = None  # plain-text title in the source language
        self.date: str | None = None
        self.slug: str | None = None  # a slug the source asks for (front matter)
        self.sha256 = ""  # of the source file's bytes, when read from a file

    @property
    def has_text(self) -> bool:
        """Whether anything in it is worth translating (a letter outside code)."""
        return any(any(ch.isalpha() for ch in unit) for unit in self.units)

    def _unit_texts(self, translations: Sequence[str] | None) -> list[str]:
        """The texts to render: ``translations`` checked against :attr:`units`, or the units themselves."""
        texts = list(translations) if translations is not None else list(self.units)
        if len(texts) != len(self.units):
            raise ValueError(f"{self.name}: expected {len(self.units)} translations, got {len(texts)}")
        return texts

    @abstractmethod
    def render(
        self, translations: Sequence[str] | None = None, meta: Mapping[str, Any] | None = None
    ) -> Rendered:
        """The document with ``translations`` (aligned with :attr:`units`) in place.

        ``None`` renders the source text itself (through the same code path).
        ``meta`` is front matter to set: keys the source already has get the
        new value in place, others are added.
        """
