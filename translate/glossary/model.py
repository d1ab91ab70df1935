"""The termbase model: concept entries with a term per language.

A :class:`Glossary` is immutable; editing returns a new one (see
:mod:`translate.glossary.edit`). Entries are kept sorted by id so that two
glossaries with the same content compare equal, hash the same and are written
the same way.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from translate.defaults import is_language_code


# ISO 639-1 codes: a key of an entry is either one of the reserved keys or a
# language code (optionally with a region, de-at), so a typo such as ``nots``
# is reported instead of being taken for a language.
ISO_639_1 = frozenset(
    "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy "
    "da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu "
    "hy hz ia ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg "
    "li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or "
    "os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta "
    "te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu".split()
)
_ID = re.compile(r"^[A-Za-z][A-Za-z0-9._-]{0,79}$")


def is_language(code: str) -> bool:
    """True for ``de``, ``en``, ``pt-br``: a language code whose language is in ISO 639-1.

    The syntax is the one rule of :func:`translate.defaults.is_language_code`;
    a termbase also asks for a known two-letter language, because its entry
    keys mix languages with reserved keys (``nots`` must be an error).
    """
    return is_language_code(code) and code.split("-", 1)[0] in ISO_639_1


def is_valid_id(value: str) -> bool:
    """Ids are XML names too (TBX ``conceptEntry/@id``), so they start with a letter."""
    return bool(_ID.match(value))


_TRANSLITERATE = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"})


def slugify(term: str) -> str:
    """A readable id for a term: ``Freihandelsabkommen`` → ``freihandelsabkommen``."""
    text = unicodedata.normalize("NFKD", term.translate(_TRANSLITERATE))
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60].strip("-")
    if not slug or not slug[0].isalpha():
        slug = f"t-{slug}" if slug else "term"
    return slug


def clean_term(value: str) -> str:
    """Terms are stored with single spaces and no surrounding whitespace."""
    return " ".join(value.split())


def _dedupe(values: Iterable[str], exclude: Iterable[str] = ()) -> tuple[str, ...]:
    seen = {value for value in exclude}
    kept: list[str] = []
    for value in values:
        if value not in seen:
            seen.add(value)
            kept.append(value)
    return tuple(kept)


@dataclass(frozen=True)
class Entry:
    """One concept: its term per language and the rules for rendering it.

    ``forms`` are further accepted forms per language: in the source language
    they are matched as well (``Freihandelsabkommens``, a misspelling such as
    ``Pena``), in a target language they count as a correct rendering.
    ``forbidden`` renderings are always wrong (``free trade deal``). With
    ``keep`` the entry is a name that is never translated: its target term in
    every language is the source term unless a language gives its own.
    """

    id: str
    terms: Mapping[str, str]
    forms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    forbidden: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    keep: bool = False
    case_sensitive: bool = False
    note: str = ""
    line: int = field(default=0, compare=False)  # where the entry starts in its file

    def __post_init__(self) -> None:
        # Normalise once, so equality and hashing see content, not layout.
        terms = {lang: clean_term(term) for lang, term in sorted(self.terms.items())}
        forms = {}
        for lang, values in sorted(self.forms.items()):
            kept = _dedupe((clean_term(v) for v in values), exclude=[terms.get(lang, "")])
            if kept:
                forms[lang] = kept
        forbidden = {}
        for lang, values in sorted(self.forbidden.items()):
            kept = _dedupe(clean_term(v) for v in values)
            if kept:
                forbidden[lang] = kept
        object.__setattr__(self, "terms", terms)
        object.__setattr__(self, "forms", forms)
        object.__setattr__(self, "forbidden", forbidden)
        object.__setattr__(self, "note", self.note.strip())

    @property
    def languages(self) -> list[str]:
        return sorted(set(self.terms) | set(self.forms) | set(self.forbidden))

    def source_forms(self, lang: str) -> tuple[str, ...]:
        """Every form to look for in a text written in ``lang`` (term first)."""
        term = self.terms.get(lang)
        return ((term,) if term else ()) + tuple(self.forms.get(lang, ()))

    def target(self, lang: str, source: str) -> str | None:
        """The term to use in ``lang`` when translating from ``source``, if any."""
        if lang in self.terms:
            return self.terms[lang]
        if self.keep:
            return self.terms.get(source)
        return None

    def accepted(self, lang: str, source: str) -> tuple[str, ...]:
        """Every rendering that counts as correct in ``lang`` (preferred term first)."""
        term = self.target(lang, source)
        if term is None:
            return ()
        return _dedupe((term, *self.forms.get(lang, ())))

    def to_data(self) -> dict[str, Any]:
        """Plain data in canonical form (used for hashing, JSON and comparisons)."""
        return {
            "id": self.id,
            "terms": dict(self.terms),
            "forms": {lang: list(values) for lang, values in self.forms.items()},
            "forbidden": {lang: list(values) for lang, values in self.forbidden.items()},
            "keep": self.keep,
            "case_sensitive": self.case_sensitive,
            "note": self.note,
        }


@dataclass(frozen=True)
class Glossary:
    """A termbase: entries sorted by id, for one source language."""

    entries: tuple[Entry, ...] = ()
    source: str = "de"
    path: Path | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "entries", tuple(sorted(self.entries, key=lambda e: (e.id.casefold(), e.id))))

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, entry_id: str) -> Entry | None:
        folded = entry_id.casefold()
        for entry in self.entries:
            if entry.id.casefold() == folded:
                return entry
        return None

    @property
    def languages(self) -> list[str]:
        """Every language with a term, the source language first."""
        found = {lang for entry in self.entries for lang in entry.languages} | {self.source}
        return [self.source] + sorted(found - {self.source})

    def to_data(self) -> dict[str, Any]:
        return {"source": self.source, "entries": [entry.to_data() for entry in self.entries]}

    @cached_property
    def sha256(self) -> str:
        """Hash of the content (not the file layout): recorded with every publication."""
        canonical = json.dumps(self.to_data(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    @cached_property
    def derived(self) -> dict[str, Any]:
        """What is computed once per glossary and kept with it (:func:`translate.glossary.index.source_index`)."""
        return {}

    def replace(self, entries: Iterable[Entry]) -> Glossary:
        """The same glossary (source, path) with other entries."""
        return Glossary(entries=tuple(entries), source=self.source, path=self.path)
