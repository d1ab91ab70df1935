"""The import structure of docs/architecture.md, held against the code."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "translate"

# Floors of docs/architecture.md: a module imports only from lower floors or its own wing.
FLOORS = {
    "__main__": 8,
    "cli": 7,
    "publish": 6, "evaluation": 6, "cluster": 6,
    "run": 5,
    "enforce": 4,
    "glossary": 3, "memory": 3, "documents": 3, "engine": 3,
    "files": 2,
    "sentences": 1, "errors": 1, "defaults": 1, "checkpoints": 1, "heap": 1, "__init__": 1,
}


def _wing(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def _imports(path: Path) -> list[tuple[int, str]]:
    """``(line, wing)`` of every import of babelpress' own modules in ``path``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "translate":
            parts = node.module.split(".")
            if len(parts) > 1:
                found.append((node.lineno, parts[1]))
            else:  # from translate import __version__ / a wing
                found.extend((node.lineno, name.name if name.name in FLOORS else "__init__") for name in node.names)
        elif isinstance(node, ast.Import):
            for name in node.names:
                parts = name.name.split(".")
                if parts[0] == "translate" and len(parts) > 1:
                    found.append((node.lineno, parts[1]))
    return found


def test_every_module_belongs_to_a_wing_of_the_map() -> None:
    wings = {_wing(path) for path in PACKAGE.rglob("*.py")}
    assert wings == set(FLOORS), "a new wing goes into docs/architecture.md and FLOORS"


def test_imports_only_run_down_the_floors() -> None:
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        wing = _wing(path)
        for line, target in _imports(path):
            if target != wing and FLOORS[target] >= FLOORS[wing]:
                upward.append(f"{path.relative_to(PACKAGE.parent)}:{line} ({wing}) imports {target}")
    assert upward == []


def test_the_termbase_and_the_memory_know_no_engine() -> None:
    for wing, forbidden in (("glossary", {"engine", "enforce", "run", "memory"}),
                            ("memory", {"engine", "enforce", "run", "glossary", "documents"})):
        reached = {target for path in (PACKAGE / wing).rglob("*.py") for _, target in _imports(path)}
        assert not reached & forbidden, (wing, reached & forbidden)
