"""``babelpress.yaml``: a project's publishing settings, validated completely up front.

Every key is checked before any work starts; all problems are reported at
once, each with the file, the line and the key. Paths are relative to the
directory of the configuration file. Command-line flags override a setting
only when they are actually given.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from translate.defaults import COMPUTE_TYPES, DEFAULT_GLOSSARY, DEFAULT_OUT, SOURCE_LANGUAGE, TARGETS, is_language_code
from translate.errors import ConfigError

CONFIG_NAME = "babelpress.yaml"
LAYOUTS = ("bundle", "folders")
ARCHIVES = ("zip", "tar.gz")
EXECUTORS = ("local", "ray")


@dataclass
class ProjectConfig:
    """Publishing settings; every field has a default, so no file is needed."""

    root: Path = field(default_factory=Path)
    path: Path | None = None  # the file they came from
    sources: list[Path] = field(default_factory=list)
    source_lang: str = SOURCE_LANGUAGE
    targets: list[str] = field(default_factory=lambda: list(TARGETS))
    out: Path = field(default_factory=lambda: DEFAULT_OUT)
    layout: str = "bundle"
    glossary: Path = field(default_factory=lambda: DEFAULT_GLOSSARY)
    glossary_required: bool = False  # named in the file: then it must exist
    memory: Path | None = None  # None: the default translation memory
    use_memory: bool = True  # `memory: false` turns it off
    archive: str | None = None
    encoding: str = "utf-8"
    beam_size: int = 4
    threads: int = 0
    compute_type: str = "int8"
    executor: str = "local"  # where decoding runs: this process, or a Ray cluster
    ray_address: str | None = None  # None: RAY_ADDRESS, else a Ray started on this machine
    workers: int | None = None  # Ray actors (None: as many as the cluster's CPUs allow)
    worker_threads: int = 1  # CPUs (decoding threads) per Ray actor


_TOP_KEYS = ("sources", "source_lang", "targets", "out", "layout", "glossary", "memory", "archive", "encoding",
             "engine", "executor")
_ENGINE_KEYS = ("beam_size", "threads", "compute_type")
_EXECUTOR_KEYS = ("name", "address", "workers", "threads")


def find_config(directory: Path) -> Path | None:
    candidate = directory / CONFIG_NAME
    return candidate if candidate.is_file() else None


def load_config(path: Path) -> ProjectConfig:
    """Read and validate ``path``; raise :class:`ConfigError` listing every problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path} does not exist; create it or leave out --config.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path} cannot be read: {exc}.") from None
    try:
        alias = next((event for event in yaml.parse(text, Loader=yaml.SafeLoader)
                      if isinstance(event, yaml.AliasEvent)), None)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"{path}{where}: not valid YAML: {getattr(exc, 'problem', None) or exc}.") from None
    if alias is not None:  # nine nested aliases make a billion values; no setting needs one
        raise ConfigError(f"{path}:{(alias.start_mark.line if alias.start_mark else 0) + 1}: the YAML alias *{alias.anchor} is not allowed "
                          "here; write the value out in full.")
    config = ProjectConfig(root=path.parent, path=path, out=path.parent / DEFAULT_OUT,
                           glossary=path.parent / DEFAULT_GLOSSARY)
    if node is None:
        return config
    if not isinstance(node, yaml.MappingNode) or not isinstance(data, dict):
        raise ConfigError(f"{path}:1: the file must be a mapping of settings (key: value).")
    errors: list[str] = []
    _Validator(path, config, errors).top(node, data)
    if errors:
        raise ConfigError("invalid configuration:\n" + "\n".join(errors))
    return config


class _Validator:
    def __init__(self, path: Path, config: ProjectConfig, errors: list[str]) -> None:
        self.path, self.config, self.errors = path, config, errors

    def fail(self, node: yaml.Node, key: str, message: str) -> None:
        self.errors.append(f"{self.path}:{node.start_mark.line + 1}: {key}: {message}")

    def top(self, node: yaml.MappingNode, data: dict[Any, Any]) -> None:
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            if key not in _TOP_KEYS:
                self.fail(key_node, str(key), f"unknown key; known keys are {', '.join(_TOP_KEYS)}.")
                continue
            value = data.get(key)
            if key == "engine":
                self.engine(value_node, value)
            elif key == "executor":
                self.executor(value_node, value)
            else:
                getattr(self, "_" + key)(value_node, key, value)

    def _mapping(self, node: yaml.Node, value: Any, section: str, keys: tuple[str, ...],
                 check: Callable[[yaml.Node, str, str, Any], None]) -> None:
        """Each key of the ``section`` mapping given to ``check(value_node, section.key, key, value)``."""
        if not isinstance(node, yaml.MappingNode) or not isinstance(value, dict):
            self.fail(node, section, f"must be a mapping with {', '.join(keys)}.")
            return
        for key_node, value_node in node.value:
            key = key_node.value
            if key in keys:
                check(value_node, f"{section}.{key}", key, value.get(key))
            else:
                self.fail(key_node, f"{section}.{key}", f"unknown key; known keys are {', '.join(keys)}.")

    def engine(self, node: yaml.Node, value: Any) -> None:
        self._mapping(node, value, "engine", _ENGINE_KEYS, self._engine_key)

    def _engine_key(self, node: yaml.Node, name: str, key: str, item: Any) -> None:
        if key == "beam_size":
            if not _is_int(item) or not 1 <= item <= 16:
                self.fail(node, name, f"must be a whole number from 1 to 16, not {item!r}.")
            else:
                self.config.beam_size = item
        elif key == "threads":
            if not _is_int(item) or item < 0:
                self.fail(node, name, f"must be a whole number ≥ 0 (0 = all cores), not {item!r}.")
            else:
                self.config.threads = item
        elif item not in COMPUTE_TYPES:  # compute_type
            self.fail(node, name, f"must be one of {', '.join(COMPUTE_TYPES)}, not {item!r}.")
        else:
            self.config.compute_type = item

    def executor(self, node: yaml.Node, value: Any) -> None:
        """``executor: ray``, or a mapping: ``name`` (local, ray), ``address``, ``workers``, ``threads``."""
        if isinstance(node, yaml.ScalarNode):
            self._executor_name(node, "executor", value)
        else:
            self._mapping(node, value, "executor", _EXECUTOR_KEYS, self._executor_key)

    def _executor_key(self, node: yaml.Node, name: str, key: str, item: Any) -> None:
        if key == "name":
            self._executor_name(node, name, item)
        elif key == "address":
            if not isinstance(item, str) or not item.strip():
                self.fail(node, name, f"must be a Ray address such as auto or head-node:6379, not {item!r}.")
            else:
                self.config.ray_address = item.strip()
        elif not _is_int(item) or item < 1:  # workers, threads
            self.fail(node, name, f"must be a whole number ≥ 1, not {item!r}.")
        elif key == "workers":
            self.config.workers = item
        else:
            self.config.worker_threads = item

    def _executor_name(self, node: yaml.Node, key: str, value: Any) -> None:
        if value not in EXECUTORS:
            self.fail(node, key, f"must be one of {', '.join(EXECUTORS)}, not {value!r}.")
        else:
            self.config.executor = value

    def _sources(self, node: yaml.Node, key: str, value: Any) -> None:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not items or not all(isinstance(i, str) and i.strip() for i in items):
            self.fail(node, key, "must be a path or a list of paths (files or directories).")
            return
        self.config.sources = [self.config.root / item for item in items]

    def _source_lang(self, node: yaml.Node, key: str, value: Any) -> None:
        if not isinstance(value, str) or not is_language_code(value.lower()):
            self.fail(node, key, f"must be a language code such as de, not {value!r}.")
        else:
            self.config.source_lang = value.lower()

    def _targets(self, node: yaml.Node, key: str, value: Any) -> None:
        items = value.replace(" ", ",").split(",") if isinstance(value, str) else value
        if not isinstance(items, list):
            self.fail(node, key, "must be a list of language codes such as [en, es].")
            return
        codes = [str(item).strip().lower() for item in items if str(item).strip()]
        bad = [code for code in codes if not is_language_code(code)]
        if not codes or bad:
            self.fail(node, key, f"must be language codes such as [en, es]{'; not ' + ', '.join(bad) if bad else ''}.")
        else:
            self.config.targets = list(dict.fromkeys(codes))

    def _path(self, node: yaml.Node, key: str, value: Any) -> Path | None:
        if not isinstance(value, str) or not value.strip():
            self.fail(node, key, f"must be a path, not {value!r}.")
            return None
        return self.config.root / value

    def _out(self, node: yaml.Node, key: str, value: Any) -> None:
        path = self._path(node, key, value)
        if path is not None:
            self.config.out = path

    def _glossary(self, node: yaml.Node, key: str, value: Any) -> None:
        path = self._path(node, key, value)
        if path is not None:
            self.config.glossary = path
            self.config.glossary_required = True

    def _layout(self, node: yaml.Node, key: str, value: Any) -> None:
        if value not in LAYOUTS:
            self.fail(node, key, f"must be one of {', '.join(LAYOUTS)}, not {value!r}.")
        else:
            self.config.layout = value

    def _memory(self, node: yaml.Node, key: str, value: Any) -> None:
        if value is False:
            self.config.use_memory = False
            return
        self.config.memory = self._path(node, key, value)

    def _archive(self, node: yaml.Node, key: str, value: Any) -> None:
        if value is not None and value not in ARCHIVES:
            self.fail(node, key, f"must be one of {', '.join(ARCHIVES)} (or null), not {value!r}.")
        else:
            self.config.archive = value

    def _encoding(self, node: yaml.Node, key: str, value: Any) -> None:
        import codecs

        try:
            codecs.lookup(str(value))
        except LookupError:
            self.fail(node, key, f"unknown encoding {value!r}; use a codec name such as utf-8 or cp1252.")
            return
        self.config.encoding = str(value)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
