"""Reading a glossary YAML file with every error tied to its file and line.

The file is composed into YAML nodes (``yaml.SafeLoader``, libyaml's where
available: the semantics of ``yaml.safe_load``, nothing more) so that each value keeps its position; then
structure and content are validated in full and all problems are reported at
once, before any model is loaded.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from translate.defaults import DEFAULT_GLOSSARY
from translate.errors import GlossaryError
from translate.glossary.model import Entry, Glossary
from translate.glossary.validate import Problem, check_glossary, is_language

TOP_KEYS = ("version", "source", "entries")
FLAG_KEYS = ("keep", "case_sensitive")
ENTRY_KEYS = ("id", "note", "forms", "forbidden", *FLAG_KEYS)
FORMAT_VERSION = 1
# libyaml's parser when PyYAML has it (the same SafeLoader semantics, ten times faster:
# a 100,000-entry glossary loads in seconds, not half a minute); else the pure-Python one.
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TEXT = "tag:yaml.org,2002:str"


class SafeLoader(_Base):  # type: ignore[valid-type,misc]
    """``_Base`` deciding at once that a plain scalar no implicit type starts with is text."""

    _typed_starts = frozenset(key for key in yaml.SafeLoader.yaml_implicit_resolvers if key)

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is yaml.ScalarNode and implicit[0] and value and value[0] not in self._typed_starts \
                and None not in self.yaml_implicit_resolvers:
            return _TEXT
        return super().resolve(kind, value, implicit)


def load_glossary(path: Path | str) -> Glossary:
    """Load and validate a glossary file; raises :class:`GlossaryError` with file:line."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise GlossaryError(
            f"{path}: the glossary does not exist. Create it with `babelpress glossary add`, "
            "give another file with --glossary, or translate without one (--no-glossary)."
        ) from None
    except IsADirectoryError:
        raise GlossaryError(f"{path}: is a directory; give the glossary's .yaml file.") from None
    except OSError as exc:
        raise GlossaryError(f"{path}: cannot be read: {exc.strerror}.") from None
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise GlossaryError(f"{path}:{line}: not UTF-8 text; save the glossary as UTF-8.") from None
    with paused_gc():
        glossary = parse_glossary(text, str(path))
        return Glossary(entries=glossary.entries, source=glossary.source, path=path)


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection inside: building a large termbase makes millions of acyclic
    objects, and each collection would walk them all again (100,000 entries: seconds, not minutes)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def parse_glossary(text: str, name: str = "<glossary>") -> Glossary:
    """Parse glossary YAML ``text``; ``name`` is used in error messages."""
    parser = _Parser(text, name)
    with paused_gc():
        glossary = parser.parse()
        problems = parser.problems + check_glossary(glossary, name, frozenset(parser.incomplete))
    problems.sort(key=lambda problem: problem[1])
    if problems:
        raise glossary_error(problems)
    return glossary


def glossary_error(problems: list[Problem]) -> GlossaryError:
    """One error listing every problem as ``file:line: message``."""
    lines = [f"{name}:{line}: {message}" if line else f"{name}: {message}" for name, line, message in problems]
    if len(lines) == 1:
        return GlossaryError(lines[0], problems)
    header = f"the glossary has {len(lines)} problems:"
    return GlossaryError("\n".join([header, *(f"  {line}" for line in lines)]), problems)


def _python_error(text: str) -> yaml.YAMLError | None:
    """The error the pure-Python parser reports for ``text`` (libyaml's wording is terser)."""
    loader = yaml.SafeLoader(text)
    try:
        loader.get_single_node()
    except yaml.YAMLError as exc:
        return exc
    finally:
        loader.dispose()
    return None


class _Parser:
    def __init__(self, text: str, name: str) -> None:
        self.text = text
        self.name = name
        self.problems: list[Problem] = []
        self.incomplete: set[str] = set()  # entries that lost a value to a reported problem
        self.loader = SafeLoader(text)

    def error(self, node: yaml.Node | None, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else 0
        self.problems.append((self.name, line, message))

    def parse(self) -> Glossary:
        try:
            root = self.loader.get_single_node()
        except yaml.YAMLError as first:
            exc = _python_error(self.text) or first  # its messages are the clearer ones
            mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
            line = mark.line + 1 if mark is not None else 0
            problem = getattr(exc, "problem", None) or str(exc)
            context, context_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
            if context and context_mark is not None and context_mark.line + 1 != line:
                problem = f"{problem} ({context} at line {context_mark.line + 1})"
            raise glossary_error([(self.name, line, f"not valid YAML: {problem}.")]) from None
        finally:
            self.loader.dispose()
        if root is None:
            return Glossary()
        if not isinstance(root, yaml.MappingNode):
            self.error(root, "the glossary must be a mapping with 'source' and 'entries' keys.")
            return Glossary()
        top = self.mapping(root, "the glossary", allowed=TOP_KEYS)
        source = "de"
        if "source" in top:
            node = top["source"][1]
            value = self.value(node)
            if isinstance(value, str) and is_language(value):
                source = value
            else:
                self.error(node, f"source: '{value}' is not a language code (such as de).")
        if "version" in top:
            node = top["version"][1]
            if self.value(node) != FORMAT_VERSION:
                self.error(node, f"version: this babelpress reads glossary format version {FORMAT_VERSION}.")
        entries: list[Entry] = []
        if "entries" in top:
            node = top["entries"][1]
            if isinstance(node, yaml.ScalarNode) and self.value(node) is None:
                pass
            elif not isinstance(node, yaml.SequenceNode):
                self.error(node, "entries: must be a list of entries (each starting with '- id: ...').")
            else:
                for item in node.value:
                    entry = self.entry(item)
                    if entry is not None:
                        entries.append(entry)
        return Glossary(entries=tuple(entries), source=source)

    def value(self, node: yaml.Node) -> Any:
        if node.tag == _TEXT and isinstance(node, yaml.ScalarNode):
            return node.value  # what construct_object makes of it, a hundred times faster
        return self.loader.construct_object(node, deep=True)

    def mapping(
        self, node: yaml.MappingNode, what: str, allowed: tuple[str, ...] = (), languages: bool = False
    ) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """Keys of a mapping node → (key node, value node); reports bad and duplicate keys."""
        found: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            key = self.value(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                self.error(key_node, f"{what}: keys must be text; quote the key '{getattr(key_node, 'value', '?')}'.")
                continue
            if key in found:
                line = found[key][0].start_mark.line + 1
                self.error(key_node, f"{what}: the key '{key}' appears twice (also at line {line}).")
                continue
            if key not in allowed and not (languages and is_language(key)):
                expected = ", ".join(allowed) + (", or a language code such as de, en, es" if languages else "")
                self.error(key_node, f"{what}: unknown key '{key}' (expected {expected}).")
                continue
            found[key] = (key_node, value_node)
        return found

    def text_value(self, node: yaml.Node, what: str) -> str | None:
        value = self.value(node) if isinstance(node, yaml.ScalarNode) else node
        if not isinstance(value, str):
            shown = getattr(node, "value", "a list or mapping") if isinstance(node, yaml.ScalarNode) else "a list or mapping"
            self.error(node, f"{what} must be text (got {shown!s}); put it in quotes.")
            return None
        if not value.strip():
            self.error(node, f"{what} is empty.")
            return None
        return value

    def text_list(self, node: yaml.Node, what: str) -> tuple[str, ...]:
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        values = []
        for item in items:
            value = self.text_value(item, what)
            if value is not None:
                values.append(value)
        return tuple(values)

    def entry(self, node: yaml.Node) -> Entry | None:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, "each entry must be a mapping (id: ..., de: ..., en: ...).")
            return None
        line = node.start_mark.line + 1
        problems_before = len(self.problems)
        id_nodes = [v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == "id"]
        entry_id = ""
        if not id_nodes:
            self.error(node, "entry without an id: add 'id: some-name'.")
        else:
            value = self.text_value(id_nodes[0], "id")
            entry_id = value.strip() if value else ""
        label = f"entry '{entry_id}'" if entry_id else "entry"
        keys = self.mapping(node, label, allowed=ENTRY_KEYS, languages=True)
        terms: dict[str, str] = {}
        tables: dict[str, dict[str, tuple[str, ...]]] = {"forms": {}, "forbidden": {}}
        flags = {"keep": False, "case_sensitive": False}
        note = ""
        for key, (_key_node, value_node) in keys.items():
            if key == "id":
                continue
            if is_language(key):
                term = self.text_value(value_node, f"{label}: the {key} term")
                if term is not None:
                    terms[key] = term
            elif key in flags:
                flag = self.value(value_node) if isinstance(value_node, yaml.ScalarNode) else None
                if isinstance(flag, bool):
                    flags[key] = flag
                else:
                    self.error(value_node, f"{label}: {key} must be true or false.")
            elif key == "note":
                value = self.value(value_node) if isinstance(value_node, yaml.ScalarNode) else None
                if isinstance(value, str):
                    note = value
                elif value is not None:
                    self.error(value_node, f"{label}: note must be text.")
            else:  # forms / forbidden: language -> one text or a list of texts
                if not isinstance(value_node, yaml.MappingNode):
                    self.error(value_node, f"{label}: {key} must map languages to lists, e.g. {key}: {{de: [...]}}.")
                    continue
                for lang, (_k, item) in self.mapping(value_node, f"{label}: {key}", languages=True).items():
                    tables[key][lang] = self.text_list(item, f"{label}: {key} {lang}")
        if not entry_id:
            return None
        if any(line <= problem_line for _name, problem_line, _message in self.problems[problems_before:]):
            self.incomplete.add(entry_id)
        return Entry(
            id=entry_id,
            terms=terms,
            forms=tables["forms"],
            forbidden=tables["forbidden"],
            keep=flags["keep"],
            case_sensitive=flags["case_sensitive"],
            note=note,
            line=line,
        )
