"""Paths and small helpers that tests import (fixtures live in conftest.py).

This module imports neither argostranslate nor translate: conftest.py sets up the
environment before either may be imported.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "tests" / "models"
SHARED = ROOT.parent / "shared"
SEED = ROOT / "seeds" / "000_372d4bbeff55e4fb.txt"
DE_EN = MODELS / "translate-de_en-synthetic.argosmodel"
EN_ES = MODELS / "translate-en_es-synthetic.argosmodel"


def shared_path(*parts: str) -> Path:
    """A path in ../shared, skipping the test when that folder is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not available (the shared corpus sits beside the repository in CI)")
    return path
