"""Merging imported concepts into a glossary, counting what was taken and why not.

Every importer (CSV/TSV, TBX) turns its file into :class:`Concept` objects;
:func:`merge_concepts` decides for each one:

* **taken**: a new entry (it has a term in the glossary's source language
  that no entry has yet, and a translation or the do-not-translate mark);
* **merged**: it shares a term with an existing entry (a source term, or
  failing that a term in another language, e.g. the English one) and adds a
  language or a source-language form the entry lacked;
* **skipped**, with one of the reasons in :data:`REASONS`. A concept that
  contradicts an entry (another English term for the same German term) is
  skipped as a whole rather than half-applied.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from translate.errors import GlossaryError
from translate.glossary.match import find_renderings
from translate.glossary.model import Entry, Glossary, clean_term, is_valid_id, slugify
from translate.glossary.validate import check_glossary

NO_TERM = "no term in any language"
NO_SOURCE = "no term in the glossary's source language"
NO_TRANSLATION = "no translation (only a source-language term)"
DUPLICATE = "nothing new (duplicate of an existing entry)"
CONFLICT = "conflicting translation (the entry has another term for that language)"
REASONS = (NO_TERM, NO_SOURCE, NO_TRANSLATION, DUPLICATE, CONFLICT)


@dataclass
class Concept:
    """One entry as read from an exchange file, before merging."""

    terms: dict[str, list[str]]  # language -> terms, preferred first
    forbidden: dict[str, list[str]] = field(default_factory=dict)
    id: str | None = None
    note: str = ""
    keep: bool = False
    case_sensitive: bool = False
    where: str = ""  # "line 12" in the imported file


@dataclass
class ImportReport:
    taken: int = 0
    merged: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    details: list[tuple[str, str, str]] = field(default_factory=list)  # (where, reason, what)

    @property
    def total_skipped(self) -> int:
        return sum(self.skipped.values())

    def summary(self) -> str:
        """``took 3, merged 1, skipped 2 (1 duplicate ..., 1 conflicting ...)``."""
        text = f"took {self.taken}, merged {self.merged}, skipped {self.total_skipped}"
        if self.skipped:
            text += " (" + "; ".join(f"{count} {reason}" for reason, count in sorted(self.skipped.items())) + ")"
        return text


def _folded(values: list[str] | tuple[str, ...]) -> set[str]:
    return {value.casefold() for value in values}


def _known(entry: Entry, lang: str, value: str, source: str) -> bool:
    """Does ``entry`` already cover ``value`` in ``lang``?

    In a target language a plural of an accepted rendering counts as covered
    (``users`` for ``user``): checks accept it anyway, so it is no conflict.
    """
    if lang == source:
        return value.casefold() in _folded(entry.source_forms(lang))
    accepted = entry.accepted(lang, source)
    return value.casefold() in _folded(accepted) or (0, len(value)) in find_renderings(entry, accepted, value)


class _Merger:
    def __init__(self, glossary: Glossary) -> None:
        self.source = glossary.source
        self.entries: dict[str, Entry] = {entry.id: entry for entry in glossary.entries}
        self.report = ImportReport()

    def owner(self, lang: str, terms: list[str]) -> Entry | None:
        wanted = _folded(terms)
        for entry in self.entries.values():
            if lang == self.source:
                have = _folded(entry.source_forms(lang))
            else:
                have = _folded(entry.accepted(lang, self.source)) if lang in entry.terms else set()
            if have & wanted:
                return entry
        return None

    def new_id(self, concept: Concept) -> str:
        taken = {key.casefold() for key in self.entries}
        if concept.id and is_valid_id(concept.id) and concept.id.casefold() not in taken:
            return concept.id
        base = slugify(concept.terms[self.source][0])
        candidate, number = base, 2
        while candidate.casefold() in taken:
            candidate, number = f"{base}-{number}", number + 1
        return candidate

    def skip(self, concept: Concept, reason: str, what: str) -> None:
        self.report.skipped[reason] += 1
        self.report.details.append((concept.where, reason, what))

    def add(self, concept: Concept) -> None:
        terms = {lang: [clean_term(t) for t in values if clean_term(t)] for lang, values in concept.terms.items()}
        concept.terms = {lang: values for lang, values in terms.items() if values}
        label = "; ".join(f"{lang}: {values[0]}" for lang, values in sorted(concept.terms.items()))
        if not concept.terms:
            self.skip(concept, NO_TERM, label)
            return
        source_terms = concept.terms.get(self.source, [])
        entry = self.owner(self.source, source_terms) if source_terms else None
        if entry is None and not source_terms:
            for lang, values in sorted(concept.terms.items()):
                entry = self.owner(lang, values)
                if entry is not None:
                    break
        if entry is None:
            if not source_terms:
                self.skip(concept, NO_SOURCE, label)
            elif len(concept.terms) == 1 and not concept.keep:
                self.skip(concept, NO_TRANSLATION, label)
            else:
                self.create(concept)
            return
        self.merge(entry, concept, label)

    def create(self, concept: Concept) -> None:
        entry = Entry(
            id=self.new_id(concept),
            terms={lang: values[0] for lang, values in concept.terms.items()},
            forms={lang: tuple(values[1:]) for lang, values in concept.terms.items()},
            forbidden={lang: tuple(values) for lang, values in concept.forbidden.items()},
            keep=concept.keep,
            case_sensitive=concept.case_sensitive,
            note=concept.note,
        )
        self.entries[entry.id] = entry
        self.report.taken += 1

    def merge(self, entry: Entry, concept: Concept, label: str) -> None:
        terms = dict(entry.terms)
        forms = {lang: list(values) for lang, values in entry.forms.items()}
        changed = False
        for lang, values in sorted(concept.terms.items()):
            if lang not in terms and not (entry.keep and lang != self.source and values[0] == terms[self.source]):
                terms[lang] = values[0]
                forms[lang] = forms.get(lang, []) + values[1:]
                changed = True
                continue
            new = [value for value in values if not _known(entry, lang, value, self.source)]
            if not new:
                continue
            if lang != self.source:
                self.skip(concept, CONFLICT, f"{label} (entry '{entry.id}' has {lang}: {entry.target(lang, self.source)})")
                return
            other = self.owner(lang, new)
            if other is not None and other.id != entry.id:
                self.skip(concept, CONFLICT, f"{label} (also matches entry '{other.id}')")
                return
            forms[lang] = forms.get(lang, []) + new
            changed = True
        forbidden = {lang: list(values) for lang, values in entry.forbidden.items()}
        for lang, values in concept.forbidden.items():
            extra = [value for value in values if value.casefold() not in _folded(forbidden.get(lang, []))]
            if extra:
                forbidden[lang] = forbidden.get(lang, []) + extra
                changed = True
        if not changed:
            self.skip(concept, DUPLICATE, f"{label} (entry '{entry.id}')")
            return
        self.entries[entry.id] = Entry(
            id=entry.id,
            terms=terms,
            forms={lang: tuple(values) for lang, values in forms.items()},
            forbidden={lang: tuple(values) for lang, values in forbidden.items()},
            keep=entry.keep,
            case_sensitive=entry.case_sensitive,
            note=entry.note or concept.note,
            line=entry.line,
        )
        self.report.merged += 1


def merge_concepts(glossary: Glossary, concepts: list[Concept], name: str = "import") -> tuple[Glossary, ImportReport]:
    """``glossary`` with ``concepts`` merged in, and what happened to each."""
    merger = _Merger(glossary)
    for concept in concepts:
        merger.add(concept)
    result = glossary.replace(merger.entries.values())
    problems = check_glossary(result, name)
    if problems:  # pragma: no cover - the merge rules above keep every invariant
        raise GlossaryError("; ".join(message for _, _, message in problems), problems)
    return result, merger.report
