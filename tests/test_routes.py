"""Route choice between installed packages (pure logic over package records)."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.errors import ModelNotInstalledError
from translate.engine.packages import ModelPackage
from translate.engine.routes import find_route


def pkg(src: str, tgt: str, version: str = "1.0", name: str | None = None) -> ModelPackage:
    return ModelPackage(
        path=Path(name or f"translate-{src}_{tgt}-{version}"), from_code=src, to_code=tgt,
        from_name=src, to_name=tgt, package_version=version, argos_version="1.0",
        target_prefix="", tokenizer="sentencepiece",
    )


def test_direct_route_wins() -> None:
    packages = [pkg("de", "en"), pkg("en", "es"), pkg("de", "es")]
    assert find_route(packages, "de", "es").describe() == "de→es"


def test_pivot_through_english() -> None:
    route = find_route([pkg("de", "en"), pkg("en", "es")], "de", "es")
    assert route.describe() == "de→en→es"
    assert [h.pair for h in route.hops] == ["de-en", "en-es"]


def test_english_is_preferred_pivot() -> None:
    packages = [pkg("de", "fr"), pkg("fr", "es"), pkg("de", "en"), pkg("en", "es")]
    assert find_route(packages, "de", "es").describe() == "de→en→es"


def test_highest_version_is_used() -> None:
    old, new = pkg("de", "en", "1.0"), pkg("de", "en", "1.9")
    assert find_route([new, old], "de", "en").hops == (new,)


def test_same_language_needs_no_model() -> None:
    assert find_route([], "de", "de").hops == ()


def test_missing_pair_names_the_fix() -> None:
    with pytest.raises(ModelNotInstalledError) as info:
        find_route([pkg("de", "en")], "de", "es")
    message = str(info.value)
    assert "babelpress models install de es" in message
    assert ".argosmodel" in message
    assert "installed pairs: de-en" in message
