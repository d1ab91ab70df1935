"""What runs on a cluster's workers: :class:`BatchDecoder`, one Ray Data actor.

Each actor unpacks the run's packages on its node (:mod:`translate.cluster.ship`),
loads each model once, and decodes the groups of sentences Ray Data hands it
(:func:`translate.run.translate.decode_groups`) with
:func:`translate.run.translate.decode_sentences`, as a local run decodes
each group: the same batches, markup handling and glossary enforcement, so
the same translations. A group comes back as one JSON record
(:func:`to_record`), which the driver reads back (:func:`from_record`).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from translate.engine.decoder import Engine, EngineSettings
from translate.engine.plan import RoutePlan
from translate.enforce.report import TermRow
from translate.errors import ClusterError
from translate.run.translate import TranslationResult, decode_sentences

__all__ = ["BatchDecoder", "Shipment", "WorkerSpec", "from_record", "to_record"]


@dataclass(frozen=True)
class Shipment:
    """One package of the run, as the driver put it into the object store."""

    digest: str  # SHA-256 of the archive: the package's name in every node's cache
    name: str  # the package's folder name
    archive: Any  # ray.ObjectRef of the archive's bytes


@dataclass(frozen=True)
class WorkerSpec:
    """Everything an actor needs besides the glossary: the plan, where its packages are, how to decode."""

    version: str  # the driver's babelpress version: a worker must run the same code
    plan: RoutePlan  # as resolved on the driver (its packages' paths are the driver's)
    shipments: Mapping[str, Shipment]  # driver package path -> its shipment
    settings: EngineSettings
    glossary: Any  # ray.ObjectRef of the glossary, or None


class BatchDecoder:
    """A Ray Data callable class: models loaded in ``__init__``, one batch decoded per call."""

    def __init__(self, spec: WorkerSpec) -> None:
        import ray

        import translate
        from translate.cluster.ship import unpack_on_node

        if spec.version != translate.__version__:
            raise ClusterError(f"this worker runs babelpress {translate.__version__}, the driver "
                               f"{spec.version}: install the same version on every node.")
        local = {path: unpack_on_node(shipped.digest, shipped.name, partial(ray.get, shipped.archive))
                 for path, shipped in spec.shipments.items()}
        self.plan = spec.plan.moved(local)
        self.engine = Engine(list(local.values()), spec.settings)
        self.glossary = ray.get(spec.glossary) if spec.glossary is not None else None
        for step in self.plan.steps:  # load now: a broken package fails the actor, not a batch
            self.engine.tokenizer(step.package)

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        """Each row of ``batch`` is one group of sentences (JSON); each comes back as one JSON record."""
        import numpy

        records = []
        for group in batch["group"]:
            before = self.engine.stats.as_dict()
            result = decode_sentences(self.engine, self.plan, json.loads(str(group)), None, self.glossary)
            records.append(json.dumps(to_record(result, _delta(before, self.engine.stats.as_dict())),
                                      ensure_ascii=False))
        encoded = numpy.empty(len(records), dtype=object)
        encoded[:] = records
        return {"index": batch["index"], "record": encoded}


def to_record(result: TranslationResult, stats: dict[str, Any]) -> dict[str, Any]:
    """A group's result as JSON data (floats as Python writes them: read back, they are the same)."""
    return {"translations": result.translations, "scores": result.scores, "human": result.human,
            "terms": [row.to_json() for row in result.terms], "translated": result.translated,
            "markup": dict(result.markup), "stats": stats}


def from_record(record: dict[str, Any]) -> tuple[TranslationResult, dict[str, Any]]:
    """:func:`to_record` read back: the group's result, and the engine counters its decoding added."""
    result = TranslationResult(record["translations"], [TermRow(**row) for row in record["terms"]],
                               translated=record["translated"], markup=Counter(record["markup"]),
                               scores=record["scores"], human=record["human"])
    return result, record["stats"]


def _delta(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """The engine counters this batch added (``calls_by_pair`` per pair)."""
    found: dict[str, Any] = {}
    for name, value in after.items():
        if name == "calls_by_pair":
            found[name] = {pair: count - before[name].get(pair, 0) for pair, count in value.items()
                           if count != before[name].get(pair, 0)}
        elif name != "models_loaded" and name != "routes_resolved":
            found[name] = value - before[name]
    return found
