"""Hermetic test setup.

Argos Translate reads its directories from the environment when it is first
imported (and creates them), so the environment points at a private temporary
tree *before* anything can import it. babelpress itself resolves paths at call
time; per-test fixtures point it at fresh directories.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

_SESSION_HOME = Path(tempfile.mkdtemp(prefix="babelpress-tests-"))
for _var, _sub in {
    "XDG_DATA_HOME": "data",
    "XDG_CONFIG_HOME": "config",
    "XDG_CACHE_HOME": "cache",
    "ARGOS_PACKAGES_DIR": "data/argos-translate/packages",
}.items():
    os.environ[_var] = str(_SESSION_HOME / _sub)
# An unreachable index: no test may touch the network, and offline behaviour is what we test.
os.environ["ARGOS_PACKAGE_INDEX"] = "http://127.0.0.1:9/"

import pytest  # noqa: E402
from support import DE_EN, EN_ES, MODELS, SEED  # noqa: E402

sys.path.insert(0, str(MODELS))  # the synthetic-language generator (stdlib only)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(_SESSION_HOME, ignore_errors=True)


@pytest.fixture(autouse=True)
def private_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own translation memory: no test sees another's translations."""
    path = tmp_path / "memory.sqlite3"
    monkeypatch.setenv("BABELPRESS_MEMORY", str(path))
    return path


@pytest.fixture
def argos_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty Argos packages directory for one test."""
    packages = tmp_path / "argos-packages"
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(packages))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return packages


@pytest.fixture(scope="session")
def installed_models() -> Iterator[Path]:
    """Both synthetic test packages, installed once into a session directory."""
    from translate.engine import install

    root = _SESSION_HOME / "installed"
    install.install_file(DE_EN, root)
    install.install_file(EN_ES, root)
    yield root


@pytest.fixture
def models_env(installed_models: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point babelpress (and subprocesses) at the installed test packages."""
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(installed_models))
    return installed_models


@pytest.fixture(scope="session")
def shared_engine(installed_models: Path):  # type: ignore[no-untyped-def]
    """One engine for the session: each model loads once, as in a real process."""
    from translate.engine.decoder import Engine, EngineSettings
    from translate.engine.packages import installed_packages

    return Engine(installed_packages(installed_models), EngineSettings(beam_size=4))


@pytest.fixture
def engine(shared_engine):  # type: ignore[no-untyped-def]
    shared_engine.reset_stats()
    return shared_engine


@pytest.fixture
def seed_project(tmp_path: Path, models_env: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder with the seed article in seeds/, as the working directory."""
    (tmp_path / "seeds").mkdir()
    shutil.copy(SEED, tmp_path / "seeds" / SEED.name)
    monkeypatch.chdir(tmp_path)
    return tmp_path
