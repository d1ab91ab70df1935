"""Consistency rules every glossary obeys, however it was made (file, edit, import)."""

from __future__ import annotations

import functools

from translate.glossary.model import Glossary, is_language as _is_language, is_valid_id

# The same few keys come back in every entry: decide each once.
is_language = functools.lru_cache(maxsize=4096)(_is_language)

Problem = tuple[str, int, str]  # (file, line, message)


def check_glossary(glossary: Glossary, name: str, incomplete: frozenset[str] = frozenset()) -> list[Problem]:
    """Every rule violation in ``glossary``; ``name`` is the file the lines refer to.

    Entries in ``incomplete`` lost a value to a reported syntax problem, so
    they are not also reported as missing a term.
    """
    problems: list[Problem] = []
    source = glossary.source
    ids: dict[str, int] = {}
    owners: dict[str, tuple[str, int]] = {}  # folded source form -> (entry id, line)
    # File order; entries made by an edit or import (line 0) come last, so an
    # existing entry keeps its terms and the new one is reported.
    for entry in sorted(glossary.entries, key=lambda e: (e.line == 0, e.line)):
        line = entry.line

        def report(message: str) -> None:
            problems.append((name, line, message))

        if not is_valid_id(entry.id):
            report(
                f"id '{entry.id}' is not valid: use letters, digits, '-', '_' or '.', starting with a letter."
            )
        folded_id = entry.id.casefold()
        if folded_id in ids:
            report(f"duplicate id '{entry.id}' (also used by the entry at line {ids[folded_id]}).")
        else:
            ids[folded_id] = line
        for lang in entry.languages:
            if not is_language(lang):
                report(f"'{lang}' is not an ISO 639-1 language code (such as de, en, es).")
        for lang, term in entry.terms.items():
            if not term:
                report(f"entry '{entry.id}' has an empty {lang} term.")
        for kind, table in (("form", entry.forms), ("forbidden rendering", entry.forbidden)):
            for lang, values in table.items():
                if any(not value for value in values):
                    report(f"entry '{entry.id}' has an empty {lang} {kind}.")
        if entry.id in incomplete:
            pass
        elif not entry.terms.get(source):
            report(f"entry '{entry.id}' has no {source} term (the glossary's source language).")
        targets = [lang for lang in entry.terms if lang != source]
        if not entry.keep and not targets and entry.id not in incomplete:
            report(
                f"entry '{entry.id}' has no translation: add a term for a target language "
                "or set keep: true for a name that is never translated."
            )
        for lang, values in entry.forbidden.items():
            accepted = {value.casefold() for value in entry.accepted(lang, source)}
            for value in values:
                if value.casefold() in accepted:
                    report(f"entry '{entry.id}': '{value}' is both an accepted and a forbidden {lang} rendering.")
        for form in entry.source_forms(source):
            key = form.casefold()
            if not key:
                continue
            if key in owners and owners[key][0] != entry.id:
                other, other_line = owners[key]
                where = f" (line {other_line})" if other_line else ""
                report(
                    f"the {source} term '{form}' is also in entry '{other}'{where}; "
                    "a source term may belong to one entry only."
                )
            else:
                owners.setdefault(key, (entry.id, line))
    return problems
