"""Merging imported concepts into a glossary, accounting for every one read.

Every importer (CSV/TSV, TBX) turns its file into :class:`Concept` objects,
one per CSV row or TBX entry; :func:`merge_concepts` decides for each one,
and the report's counts add up to the concepts read:

* **added**: it makes a new entry (it has a term in the glossary's source
  language that no entry has yet, and a translation or the do-not-translate
  mark), or it adds to an entry made by an earlier concept of the same file
  (a CSV row with another form of the same term);
* **updated**: it shares a term with an entry the glossary already had (a
  source term, or failing that a term in another language, e.g. the English
  one) and adds a language, a form or a forbidden rendering it lacked;
* **unchanged**: the glossary already had everything it says;
* **duplicate**: an earlier concept of the same file already said it;
* **skipped**, with one of the reasons in :data:`REASONS`. A concept that
  contradicts an entry (another English term for the same German term) is
  skipped as a whole rather than half-applied.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from translate.errors import GlossaryError
from translate.glossary.match import find_renderings
from translate.glossary.model import Entry, Glossary, clean_term, is_valid_id, slugify
from translate.glossary.validate import check_glossary

NO_TERM = "no term in any language"
NO_SOURCE = "no term in the glossary's source language"
NO_TRANSLATION = "no translation (only a source-language term)"
CONFLICT = "conflicting translation (the entry has another term for that language)"
REASONS = (NO_TERM, NO_SOURCE, NO_TRANSLATION, CONFLICT)


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
    # A CSV row whose translation an earlier row has too (a further form of
    # that row's term): it goes to the entry that row went to.
    joins: Concept | None = None


@dataclass
class ImportReport:
    """What happened to each concept read: ``total`` is the sum of the five outcomes."""

    unit: str = "entries"  # what a concept is in the file: "rows" (CSV/TSV) or "entries" (TBX)
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicate: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    created: int = 0  # new entries (several added rows can make one)
    details: list[tuple[str, str, str]] = field(default_factory=list)  # skipped: (where, reason, what)
    duplicates: list[tuple[str, str, str]] = field(default_factory=list)  # (where, earlier where, what)
    listing: list[str] = field(default_factory=list)  # every skip and duplicate, in file order, for people

    @property
    def total_skipped(self) -> int:
        return sum(self.skipped.values())

    @property
    def total(self) -> int:
        return self.added + self.updated + self.unchanged + self.duplicate + self.total_skipped

    def summary(self) -> str:
        """``9 rows: 6 added (5 new entries), 0 updated, 0 unchanged, 0 duplicate, 3 skipped (...)``."""
        text = f"{self.total} {self.unit}: {self.added} added"
        if self.created != self.added:
            text += f" ({self.created} new entr{'y' if self.created == 1 else 'ies'})"
        text += (f", {self.updated} updated, {self.unchanged} unchanged, {self.duplicate} duplicate, "
                 f"{self.total_skipped} skipped")
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
    def __init__(self, glossary: Glossary, unit: str) -> None:
        self.source = glossary.source
        self.entries: dict[str, Entry] = {entry.id: entry for entry in glossary.entries}
        self.original = dict(self.entries)  # the entries as the glossary had them
        self.before = set(self.entries)
        self.outcome: dict[int, str] = {}  # id(concept) -> "added" or "updated"
        self.report = ImportReport(unit=unit)
        self.placed: dict[int, str] = {}  # id(concept) -> the entry it went to
        self.conflicts: set[int] = set()  # id(concept) of concepts skipped as conflicting
        # (entry id, language, folded term) -> where in the file it came from, for "repeats line N"
        self.said: dict[tuple[str, str, str], tuple[int, str]] = {}
        self.seen = 0
        # Indexes, so that each concept costs the same however many entries there are:
        # the folded ids taken, each entry's place in ``entries`` (the first match wins,
        # as a scan in that order would find it), and (language or "", folded term) ->
        # the ids of the entries that may own that term ("" for a source term; a kept
        # name's source term is under every language, so under ("*", term)).
        self.taken = {key.casefold() for key in self.entries}
        self.order = {key: index for index, key in enumerate(self.entries)}
        self.terms: dict[tuple[str, str], set[str]] = {}
        for entry in self.entries.values():
            self.index(entry)

    def index(self, entry: Entry) -> None:
        """File ``entry`` under every term it has (an entry only ever gains terms in a merge)."""
        if entry.id not in self.order:
            self.order[entry.id] = len(self.order)
        keys = [("", form.casefold()) for form in entry.source_forms(self.source)]
        for lang, term in entry.terms.items():
            keys.append((lang, term.casefold()))
        for lang, values in entry.forms.items():
            keys.extend((lang, value.casefold()) for value in values)
        if entry.keep and self.source in entry.terms:
            keys.append(("*", entry.terms[self.source].casefold()))
        for key in keys:
            self.terms.setdefault(key, set()).add(entry.id)

    def owns(self, entry: Entry, lang: str, wanted: set[str]) -> bool:
        if lang == self.source:
            have = _folded(entry.source_forms(lang))
        else:
            # A name kept as it is has its source term in every language.
            have = _folded(entry.accepted(lang, self.source)) if lang in entry.terms or entry.keep else set()
        return bool(have & wanted)

    def owner(self, lang: str, terms: list[str]) -> Entry | None:
        """The first entry (in glossary order) that has one of ``terms`` in ``lang``."""
        wanted = _folded(terms)
        keys = [("", term) for term in wanted] if lang == self.source else [
            key for term in wanted for key in ((lang, term), ("*", term))]
        candidates = {entry_id for key in keys for entry_id in self.terms.get(key, ())}
        for entry_id in sorted(candidates, key=self.order.__getitem__):
            entry = self.entries[entry_id]
            if self.owns(entry, lang, wanted):
                return entry
        return None

    def new_id(self, concept: Concept) -> str:
        taken = self.taken
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
        self.report.listing.append(f"skipped {concept.where}: {reason}: {what}")
        if reason == CONFLICT:
            self.conflicts.add(id(concept))

    def record(self, entry_id: str, concept: Concept) -> None:
        """``concept`` changed entry ``entry_id``: remember where each of its terms came from."""
        self.placed[id(concept)] = entry_id
        for values in (concept.terms, concept.forbidden):
            for lang, terms in values.items():
                for term in terms:
                    self.said.setdefault((entry_id, lang, term.casefold()), (self.seen, concept.where))

    def nothing_new(self, entry: Entry, concept: Concept, label: str) -> None:
        """Unchanged (the glossary had it), or a duplicate of what an earlier concept said."""
        self.placed[id(concept)] = entry.id
        keys = [(entry.id, lang, term.casefold()) for lang, terms in concept.terms.items() for term in terms]
        earlier = [self.said[key] for key in keys if key in self.said]
        group = self.outcome.get(id(concept.joins)) if len(earlier) < len(keys) else None
        if group is not None:  # another row of a group that changed the entry: counted with it
            self.report.added += group == "added"
            self.report.updated += group == "updated"
            self.outcome[id(concept)] = group
            return
        original = self.original.get(entry.id)
        if len(earlier) < len(keys) and original is not None and all(
            _known(original, lang, term, self.source) for lang, terms in concept.terms.items() for term in terms
        ):
            self.report.unchanged += 1
            return
        self.report.duplicate += 1
        where = max(earlier)[1] if earlier else "an earlier entry"
        self.report.duplicates.append((concept.where, where, label))
        self.report.listing.append(f"duplicate {concept.where}: repeats {where}: {label}")

    def add(self, concept: Concept) -> None:
        self.seen += 1
        terms = {lang: [clean_term(t) for t in values if clean_term(t)] for lang, values in concept.terms.items()}
        concept.terms = {lang: values for lang, values in terms.items() if values}
        label = "; ".join(f"{lang}: {values[0]}" for lang, values in sorted(concept.terms.items()))
        if not concept.terms:
            self.skip(concept, NO_TERM, label)
            return
        first = concept.joins
        if first is not None and id(first) in self.placed:
            self.merge(self.entries[self.placed[id(first)]], concept, label)
            return
        if first is not None and id(first) in self.conflicts:
            self.skip(concept, CONFLICT, f"{label} (its translation conflicts as on {first.where})")
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
        self.taken.add(entry.id.casefold())
        self.index(entry)
        self.report.created += 1
        self.report.added += 1
        self.outcome[id(concept)] = "added"
        self.record(entry.id, concept)

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
            if lang == self.source and concept.joins is not None:
                # Another row of the same group: its term is a form, kept as written (as the export wrote it)
                new = [value for value in values if value not in entry.source_forms(lang)]
            else:
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
            self.nothing_new(entry, concept, f"{label} (entry '{entry.id}')")
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
        self.index(self.entries[entry.id])
        outcome = "updated" if entry.id in self.before else "added"
        self.report.updated += outcome == "updated"
        self.report.added += outcome == "added"
        self.outcome[id(concept)] = outcome
        self.record(entry.id, concept)


Progress = Callable[[int, int], None]  # (concepts merged since the last call, concepts in all)
_STRIDE = 1000  # concepts merged between two progress calls


def merge_concepts(
    glossary: Glossary, concepts: list[Concept], name: str = "import", unit: str = "entries",
    progress: Progress | None = None,
) -> tuple[Glossary, ImportReport]:
    """``glossary`` with ``concepts`` merged in, and what happened to each (``unit``: what one is called).

    ``progress`` is told every thousand concepts, and at the end, how many more were merged.
    """
    merger = _Merger(glossary, unit)
    for done, concept in enumerate(concepts, 1):
        merger.add(concept)
        if progress is not None and (done % _STRIDE == 0 or done == len(concepts)):
            progress(done % _STRIDE or _STRIDE, len(concepts))
    result = glossary.replace(merger.entries.values())
    problems = check_glossary(result, name)
    if problems:  # pragma: no cover - the merge rules above keep every invariant
        raise GlossaryError("; ".join(message for _, _, message in problems), problems)
    return result, merger.report
