"""Choosing which installed packages translate a language pair.

A direct package wins; otherwise the shortest chain through pivot languages
(English first, as every Argos language has an English package), e.g.
de→es = de→en→es.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from translate.errors import ModelNotInstalledError
from translate.engine.packages import ModelPackage

PREFERRED_PIVOTS = ("en",)
MAX_HOPS = 3


@dataclass(frozen=True)
class Route:
    source: str
    target: str
    hops: tuple[ModelPackage, ...]

    @property
    def languages(self) -> list[str]:
        return [self.source] + [hop.to_code for hop in self.hops]

    def describe(self) -> str:
        return "→".join(self.languages)


def _version_key(package: ModelPackage) -> tuple[tuple[int, ...], str]:
    numbers = []
    for part in package.package_version.split("."):
        numbers.append(int(part) if part.isdigit() else 0)
    return tuple(numbers), package.name


def best_by_pair(packages: list[ModelPackage]) -> dict[tuple[str, str], ModelPackage]:
    """One package per (from, to) pair: the highest package version wins."""
    chosen: dict[tuple[str, str], ModelPackage] = {}
    for package in sorted(packages, key=_version_key):
        chosen[(package.from_code, package.to_code)] = package
    return chosen


def find_route(packages: list[ModelPackage], source: str, target: str) -> Route:
    """The route from ``source`` to ``target``.

    Raises:
        ModelNotInstalledError: with the command that installs what is missing.
    """
    if source == target:
        return Route(source, target, ())
    graph: dict[str, list[ModelPackage]] = {}
    for (src, _), package in sorted(best_by_pair(packages).items()):
        graph.setdefault(src, []).append(package)
    for edges in graph.values():
        # Breadth-first search visits preferred pivots first among equal-length routes.
        edges.sort(key=lambda p: (p.to_code not in PREFERRED_PIVOTS, p.to_code))
    queue: deque[tuple[str, tuple[ModelPackage, ...]]] = deque([(source, ())])
    seen = {source}
    while queue:
        language, hops = queue.popleft()
        if len(hops) >= MAX_HOPS:
            continue
        for package in graph.get(language, []):
            if package.to_code == target:
                return Route(source, target, hops + (package,))
            if package.to_code not in seen:
                seen.add(package.to_code)
                queue.append((package.to_code, hops + (package,)))
    raise ModelNotInstalledError(missing_model_message(source, target, packages))


def missing_model_message(source: str, target: str, packages: list[ModelPackage]) -> str:
    installed = ", ".join(sorted({p.pair for p in packages})) or "none"
    return (
        f"No translation model is installed for {source}→{target}, neither directly nor "
        f"through a pivot language (installed pairs: {installed}). "
        f"Install one with `babelpress models install {source} {target}` (needs internet; "
        f"installs {source}→en→{target} when no direct model exists), or offline from a "
        f"package file with `babelpress models install PATH/TO/translate-{source}_{target}.argosmodel`."
    )
