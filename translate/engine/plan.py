"""The routes of one run, resolved once: :class:`RoutePlan`.

A run translates from one source language into one or more targets. Before
anything is decoded, :meth:`RoutePlan.resolve` finds every target's route
(a missing model fails here, with the command that installs it) and lays the
routes out as *steps*: each distinct prefix of a route, in the order the
targets need them. A hop shared by several targets (de→en for both en and
es) is one step, so it is decoded, enforced and counted once.

Everything else that depends on the routes reads it from the plan: the
engine's and the enforcer's walk over the steps, the progress total
(:attr:`RoutePlan.hop_count`), the translation memory's route signature and
the provenance in published front matter (:meth:`RoutePlan.signatures`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from translate.engine.packages import ModelPackage
from translate.engine.routes import Route, find_route

__all__ = ["RoutePlan", "Step", "StepKey"]

StepKey = tuple[str, ...]
"""The package paths of a route's hops up to and including one step."""


@dataclass(frozen=True)
class Step:
    """One distinct hop: ``package`` translates the output of step ``parent``.

    ``parent`` is ``()`` for a first hop (it translates the source itself).
    """

    key: StepKey
    parent: StepKey
    package: ModelPackage


@dataclass(frozen=True)
class RoutePlan:
    source: str
    targets: tuple[str, ...]
    routes: Mapping[str, Route]
    steps: tuple[Step, ...]  # every distinct hop prefix, parents before children

    @classmethod
    def resolve(cls, packages: Sequence[ModelPackage], source: str, targets: Sequence[str]) -> RoutePlan:
        """Every target's route, each found once; raises ``ModelNotInstalledError``."""
        routes = {target: find_route(list(packages), source, target) for target in targets}
        return cls._build(source, routes)

    def only(self, targets: Sequence[str]) -> RoutePlan:
        """The plan for some of its targets, from the routes already resolved."""
        return self._build(self.source, {target: self.routes[target] for target in targets})

    def moved(self, packages: Mapping[str, ModelPackage]) -> RoutePlan:
        """The same routes with each hop's package replaced by ``packages[str(hop.path)]``.

        A cluster's worker unpacks the run's packages elsewhere: its plan takes
        the same hops in the same order from its own copies.
        """
        routes = {target: Route(route.source, route.target, tuple(packages[str(hop.path)] for hop in route.hops))
                  for target, route in self.routes.items()}
        return self._build(self.source, routes)

    @classmethod
    def _build(cls, source: str, routes: Mapping[str, Route]) -> RoutePlan:
        steps: dict[StepKey, Step] = {}
        for route in routes.values():
            done: StepKey = ()
            for hop in route.hops:
                key = done + (str(hop.path),)
                if key not in steps:
                    steps[key] = Step(key, done, hop)
                done = key
        return cls(source, tuple(routes), routes, tuple(steps.values()))

    @property
    def hop_count(self) -> int:
        """How many distinct hops a run decodes (the progress total per sentence)."""
        return len(self.steps)

    def final(self, target: str) -> StepKey:
        """The key of ``target``'s last step (``()`` when it is the source language)."""
        return tuple(str(hop.path) for hop in self.routes[target].hops)

    def along(self, target: str) -> Iterator[Step]:
        """The steps of ``target``'s route, first hop first."""
        by_key = {step.key: step for step in self.steps}
        done: StepKey = ()
        for hop in self.routes[target].hops:
            done = done + (str(hop.path),)
            yield by_key[done]

    def signatures(self, target: str) -> list[str]:
        """``name@version`` of each package on ``target``'s route, in order."""
        return [hop.signature for hop in self.routes[target].hops]
