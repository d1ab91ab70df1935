"""Installed Argos Translate model packages: find, validate, install, remove.

A package is a directory holding ``metadata.json``, a CTranslate2 model in
``model/`` and a tokenizer (``sentencepiece.model`` or ``bpe.model``); an
``.argosmodel`` file is a zip archive of one such directory. babelpress keeps
that format and Argos' data directory, so both tools share their models.

Installs and removals are atomic: a package directory is built next to the
packages directory and renamed into place, so a crash never leaves a
half-extracted package that would break Argos Translate's own loader. Before
the rename, the built copy must load and translate a test sentence
(:mod:`translate.engine.probe`); a broken package leaves the installed one as
it was. Archives are unpacked with size limits (:mod:`translate.engine.unpack`).
Messages name the user's package file, never the staging copy.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from translate.engine import paths, unpack
from translate.files import exchange
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


def _staging_dir(root: Path) -> Path:
    """A temporary directory on the same filesystem as ``root``, outside it.

    Outside, because Argos' loader treats every directory in ``root`` as a
    package and fails on a half-built one.
    """
    root.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=".babelpress-install-", dir=root.parent))


def _unchanged(target: Path) -> str:
    """What a refused install left as it was, for its message."""
    if not target.exists():
        return ""
    try:
        return f"The {load_package(target).pair} model already installed is unchanged. "
    except PackageError:
        return f"{target} is unchanged. "


def _move_into_place(built: Path, root: Path, shown: str) -> ModelPackage:
    """Validate ``built``, prove it translates, then rename it into ``root``."""
    from translate.engine.probe import ProbeFailure, check_package

    package = load_package(built, shown)
    target = root / built.name
    try:
        check_package(package)
    except ProbeFailure as exc:
        raise PackageError(
            f"{shown} was not installed: its model does not load ({exc}). {_unchanged(target)}"
            "Download the package again."
        ) from None
    root.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        os.replace(built, target)
    elif exchange(built, target):  # one atomic step: the old package is now at ``built``
        shutil.rmtree(built, ignore_errors=True)
    else:  # two renames, where the exchange is missing; undone if interrupted between them
        trash = built.parent / (built.name + ".replaced")
        os.replace(target, trash)
        try:
            os.replace(built, target)
        except BaseException:
            os.replace(trash, target)
            raise
        shutil.rmtree(trash, ignore_errors=True)
    return ModelPackage(**{**package.__dict__, "path": target})


def _write_failed(shown: str, exc: OSError, root: Path) -> PackageError:
    # The OSError names a staging path that is gone once the install gives up.
    return PackageError(
        f"Could not install {shown}: {exc.strerror or exc}. Check that {root.parent} is writable "
        "and has room for the package, then try again."
    )


def install_file(source: Path, root: Path | None = None, *, shown: str | None = None) -> ModelPackage:
    """Install an ``.argosmodel`` (zip) file.

    ``shown`` names the package in messages (default: ``source``).
    """
    root = root or paths.packages_dir()
    name = shown or str(source)
    if not source.is_file():
        raise PackageError(f"{name} does not exist or is not a file.")
    if not zipfile.is_zipfile(source):
        raise PackageError(f"{name} is not an Argos model package (.argosmodel files are zip archives).")
    staging = _staging_dir(root)
    try:
        with zipfile.ZipFile(source) as archive:
            top = unpack.extract(archive, staging, name)
        return _move_into_place(staging / top, root, name)
    except zipfile.BadZipFile as exc:
        raise PackageError(f"{name} is damaged ({exc}). {unpack.AGAIN}") from None
    except OSError as exc:
        raise _write_failed(name, exc, root) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def install_directory(source: Path, root: Path | None = None) -> ModelPackage:
    """Install an unpacked package directory (copied, the source is left alone)."""
    root = root or paths.packages_dir()
    load_package(source)  # validate before copying anything
    staging = _staging_dir(root)
    try:
        built = staging / source.resolve().name
        shutil.copytree(source, built)
        return _move_into_place(built, root, str(source))
    except OSError as exc:
        raise _write_failed(str(source), exc, root) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def remove(package: ModelPackage) -> None:
    """Uninstall ``package``: renamed away first, so the removal is all or nothing."""
    staging = _staging_dir(package.path.parent)
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
