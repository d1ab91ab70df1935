"""Installed Argos Translate model packages: find, validate, remove (installing: :mod:`translate.engine.install`).

A package is a directory holding ``metadata.json``, a CTranslate2 model in
``model/`` and a tokenizer (``sentencepiece.model`` or ``bpe.model``); an
``.argosmodel`` file is a zip archive of one such directory. babelpress keeps
that format and Argos' data directory, so both tools share their models.

Removals are atomic: a package directory is renamed away first, so a crash
never leaves a half-removed package that would break Argos Translate's own
loader.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from translate.engine import paths
from translate.errors import PackageError

METADATA = "metadata.json"


@dataclass(frozen=True)
class ModelPackage:
    """One installed translation package."""

    path: Path
    from_code: str
    to_code: str
    from_name: str
    to_name: str
    package_version: str
    argos_version: str
    target_prefix: str
    tokenizer: str  # "sentencepiece" or "bpe"

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def pair(self) -> str:
        return f"{self.from_code}-{self.to_code}"

    @property
    def model_dir(self) -> Path:
        return self.path / "model"

    @property
    def tokenizer_file(self) -> Path:
        return self.path / ("sentencepiece.model" if self.tokenizer == "sentencepiece" else "bpe.model")

    @property
    def signature(self) -> str:
        """Name and version, as recorded with every stored translation."""
        return f"{self.name}@{self.package_version or '0'}"


def load_package(directory: Path, shown: str | None = None) -> ModelPackage:
    """Read and validate the package in ``directory``.

    ``shown`` names the package in messages (the user's package file when
    ``directory`` is a staging copy); by default, ``directory`` itself.

    Raises:
        PackageError: when a required file is missing or metadata is invalid.
    """
    name = shown or str(directory)
    try:
        meta = json.loads((directory / METADATA).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PackageError(f"{name} is not a model package: it has no {METADATA}.") from None
    except OSError as exc:
        raise PackageError(f"The {METADATA} of {name} cannot be read ({exc.strerror or exc}).") from None
    except ValueError as exc:
        raise PackageError(f"The {METADATA} of {name} cannot be read as JSON ({exc}).") from None
    if not isinstance(meta, dict):
        raise PackageError(f"The {METADATA} of {name} must hold a JSON object.")
    if meta.get("type", "translate") != "translate":
        raise PackageError(f"{name} is a '{meta.get('type')}' package, not a translation model.")
    from_code, to_code = meta.get("from_code"), meta.get("to_code")
    if not isinstance(from_code, str) or not isinstance(to_code, str) or not from_code or not to_code:
        raise PackageError(f"The {METADATA} of {name} must name 'from_code' and 'to_code'.")
    if not (directory / "model" / "model.bin").is_file():
        raise PackageError(f"{name} has no CTranslate2 model (model/model.bin is missing).")
    if (directory / "sentencepiece.model").is_file():
        tokenizer = "sentencepiece"
    elif (directory / "bpe.model").is_file():
        tokenizer = "bpe"
    else:
        raise PackageError(f"{name} has no tokenizer (sentencepiece.model or bpe.model).")
    return ModelPackage(
        path=directory,
        from_code=from_code,
        to_code=to_code,
        from_name=str(meta.get("from_name") or from_code),
        to_name=str(meta.get("to_name") or to_code),
        package_version=str(meta.get("package_version", "")),
        argos_version=str(meta.get("argos_version", "")),
        target_prefix=str(meta.get("target_prefix") or ""),
        tokenizer=tokenizer,
    )


def installed_packages(directory: Path | None = None) -> list[ModelPackage]:
    """All valid translation packages installed in ``directory`` (default: Argos' dir).

    Directories that are not valid packages are skipped: a foreign or broken
    folder must not hide the models that do work.
    """
    root = directory or paths.packages_dir()
    if not root.is_dir():
        return []
    found = []
    for child in sorted(root.iterdir()):
        if child.is_dir() and not child.name.startswith("."):
            try:
                found.append(load_package(child))
            except PackageError:
                continue
    return found


def staging_dir(root: Path) -> Path:
    """A temporary directory on the same filesystem as ``root``, outside it.

    Outside, because Argos' loader treats every directory in ``root`` as a
    package and fails on a half-built one.
    """
    root.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=".babelpress-install-", dir=root.parent))


def remove(package: ModelPackage) -> None:
    """Uninstall ``package``: renamed away first, so the removal is all or nothing."""
    staging = staging_dir(package.path.parent)
    try:
        os.replace(package.path, staging / package.name)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise PackageError(f"Could not remove {package.path}: {exc}") from None
    shutil.rmtree(staging, ignore_errors=True)


def select(packages: list[ModelPackage], spec: str) -> list[ModelPackage]:
    """Packages matching ``spec``: a directory name, or a pair like ``de-en``/``de_en``."""
    by_name = [p for p in packages if p.name == spec]
    if by_name:
        return by_name
    pair = spec.replace("_", "-").replace(" ", "-")
    return [p for p in packages if p.pair == pair]
