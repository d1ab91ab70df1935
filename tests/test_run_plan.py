"""RoutePlan: every route of a run is resolved once, and every stage reads it from the plan."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from heldout import heldout

from translate.documents import load_document
from translate.engine.decoder import Engine
from translate.engine.plan import RoutePlan
from translate.errors import ModelNotInstalledError
from translate.evaluation import evaluate
from translate.glossary import load_glossary
from translate.memory import TranslationMemory
from translate.publish.request import PublishRequest
from translate.publish.run import prepare as prepare_publish
from translate.publish.verify import verify_bundle
from translate.run.batch import prepare

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_372d4bbeff55e4fb.txt"
GLOSSARY = ROOT / "glossary" / "terms.yaml"


def test_a_pivot_shares_its_first_step(engine: Engine) -> None:
    plan = RoutePlan.resolve(engine.packages, "de", ["en", "es", "de"])
    assert [(s.package.pair, len(s.parent)) for s in plan.steps] == [("de-en", 0), ("en-es", 1)]
    assert plan.hop_count == 2
    assert [step.package.pair for step in plan.along("es")] == ["de-en", "en-es"]
    assert plan.final("de") == () and plan.final("es") == plan.steps[1].key
    assert plan.signatures("es") == [hop.signature for hop in plan.routes["es"].hops]
    only = plan.only(["en"])
    assert (only.targets, only.hop_count) == (("en",), 1)


def test_a_missing_model_fails_when_the_plan_is_resolved(engine: Engine) -> None:
    with pytest.raises(ModelNotInstalledError, match="babelpress models install de fr"):
        engine.plan("de", ["en", "fr"])


def test_publish_resolves_each_route_once(engine: Engine, tmp_path: Path, models_env: Path) -> None:
    # Glossary and memory on: every stage that needs a route (checks, memory keys,
    # enforcement on both hops, progress total, provenance) takes it from the one plan.
    shutil.copy(SEED, tmp_path / SEED.name)
    request = PublishRequest(sources=[tmp_path / SEED.name], targets=["en", "es"], out=tmp_path / "out",
                             glossary=load_glossary(GLOSSARY), root=tmp_path)
    with TranslationMemory.open(tmp_path / "memory.sqlite3") as memory:
        request.memory = memory
        publication = prepare_publish(request, engine)
        assert engine.stats.routes_resolved == 2
        report = publication.run()
        assert report.translated > 0 and not report.errors
        assert engine.stats.routes_resolved == 2, "one lookup per target for the whole run"
        engine.reset_stats()
        again = prepare_publish(request, engine).run()  # everything reused this time
    assert (again.reused, again.translated, engine.stats.calls) == (report.segments, 0, 0)
    assert engine.stats.routes_resolved == 2
    assert verify_bundle(tmp_path / "out").ok


def test_translate_and_evaluate_resolve_each_route_once(engine: Engine, tmp_path: Path) -> None:
    run = prepare(engine.plan("de", ["en", "es"]), [load_document(SEED)])
    with TranslationMemory.open(tmp_path / "memory.sqlite3") as memory:
        run.translate(engine, glossary=load_glossary(GLOSSARY), memory=memory)
    assert engine.stats.routes_resolved == 2
    engine.reset_stats()
    cases = heldout()[:5]
    report = evaluate(engine, [c.de for c in cases], [c.en for c in cases], "de", "en", load_glossary(GLOSSARY))
    assert report.lines == 5
    assert engine.stats.routes_resolved == 1
