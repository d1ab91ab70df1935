"""Editing a glossary: add, change and remove entries, keeping it valid.

Every function returns a new :class:`Glossary` and raises
:class:`GlossaryError` (naming the file) when the result would break a rule,
so a failed edit never reaches the disk.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from translate.errors import GlossaryError
from translate.glossary.loader import glossary_error
from translate.glossary.model import Entry, Glossary, is_language, slugify
from translate.glossary.validate import check_glossary


@dataclass
class Change:
    """What an ``add`` or ``edit`` asks for; empty fields leave things as they are."""

    terms: dict[str, str] = field(default_factory=dict)  # set the term of a language
    drop_terms: list[str] = field(default_factory=list)  # remove a language's term
    forms: list[tuple[str, str]] = field(default_factory=list)  # (lang, form) to add
    drop_forms: list[tuple[str, str]] = field(default_factory=list)
    forbidden: list[tuple[str, str]] = field(default_factory=list)
    drop_forbidden: list[tuple[str, str]] = field(default_factory=list)
    keep: bool | None = None
    case_sensitive: bool | None = None
    note: str | None = None


def _name(glossary: Glossary) -> str:
    return str(glossary.path) if glossary.path else "glossary"


def _checked(glossary: Glossary) -> Glossary:
    problems = check_glossary(glossary, _name(glossary))
    if problems:
        raise glossary_error([(name, 0, message) for name, _line, message in problems])
    return glossary


def _languages(pairs: Iterable[tuple[str, str]] | Mapping[str, str] | Iterable[str]) -> None:
    for item in pairs:
        lang = item if isinstance(item, str) else item[0]
        if not is_language(lang):
            raise GlossaryError(f"'{lang}' is not a language code (such as de, en, es).")


def _apply(entry: Entry, change: Change) -> Entry:
    _languages(change.terms)
    _languages(change.drop_terms)
    for pairs in (change.forms, change.drop_forms, change.forbidden, change.drop_forbidden):
        _languages(pairs)
    terms = {**entry.terms, **change.terms}
    for lang in change.drop_terms:
        if lang not in terms:
            raise GlossaryError(f"entry '{entry.id}' has no {lang} term to remove.")
        del terms[lang]
    forms = {lang: list(values) for lang, values in entry.forms.items()}
    forbidden = {lang: list(values) for lang, values in entry.forbidden.items()}
    for table, added, dropped, what in (
        (forms, change.forms, change.drop_forms, "form"),
        (forbidden, change.forbidden, change.drop_forbidden, "forbidden rendering"),
    ):
        for lang, value in added:
            table.setdefault(lang, []).append(value)
        for lang, value in dropped:
            if value not in table.get(lang, []):
                raise GlossaryError(f"entry '{entry.id}' has no {lang} {what} '{value}'.")
            table[lang].remove(value)
    return replace(
        entry,
        terms=terms,
        forms={lang: tuple(values) for lang, values in forms.items()},
        forbidden={lang: tuple(values) for lang, values in forbidden.items()},
        keep=entry.keep if change.keep is None else change.keep,
        case_sensitive=entry.case_sensitive if change.case_sensitive is None else change.case_sensitive,
        note=entry.note if change.note is None else change.note,
    )


def require(glossary: Glossary, entry_id: str) -> Entry:
    entry = glossary.get(entry_id)
    if entry is None:
        raise GlossaryError(
            f"{_name(glossary)} has no entry '{entry_id}'; `babelpress glossary list` shows the ids."
        )
    return entry


def add_entry(glossary: Glossary, change: Change, entry_id: str | None = None) -> tuple[Glossary, Entry]:
    """A new entry; its id defaults to a slug of its source term."""
    source_term = change.terms.get(glossary.source)
    if not source_term:
        raise GlossaryError(f"a new entry needs its {glossary.source} term (--term {glossary.source}=...).")
    entry_id = entry_id or slugify(source_term)
    if glossary.get(entry_id) is not None:
        raise GlossaryError(f"{_name(glossary)} already has an entry '{entry_id}'; change it with `babelpress glossary edit {entry_id}`.")
    entry = _apply(Entry(id=entry_id, terms={}), change)
    return _checked(glossary.replace([*glossary.entries, entry])), entry


def edit_entry(glossary: Glossary, entry_id: str, change: Change, new_id: str | None = None) -> tuple[Glossary, Entry]:
    old = require(glossary, entry_id)
    entry = _apply(old, change)
    if new_id and new_id != old.id:
        if glossary.get(new_id) is not None and glossary.get(new_id) is not old:
            raise GlossaryError(f"{_name(glossary)} already has an entry '{new_id}'.")
        entry = replace(entry, id=new_id)
    return _checked(glossary.replace([entry if e is old else e for e in glossary.entries])), entry


def remove_entry(glossary: Glossary, entry_id: str) -> tuple[Glossary, Entry]:
    old = require(glossary, entry_id)
    return glossary.replace([e for e in glossary.entries if e is not old]), old
