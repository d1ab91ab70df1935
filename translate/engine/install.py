"""Installing model packages: unpacked with limits, proven to translate, swapped in atomically.

A package directory is built next to the packages directory (from an
``.argosmodel`` zip, unpacked with size limits by :mod:`translate.engine.unpack`,
or copied from an unpacked folder). Before it is renamed into place it must
load and translate a test sentence (:mod:`translate.engine.probe`), so a
broken package never replaces a working one; a package already installed is
swapped out in one atomic exchange. Messages name the user's package file,
never the staging copy.
"""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

from translate.engine import paths, unpack
from translate.engine.packages import ModelPackage, load_package, staging_dir
from translate.engine.probe import ProbeFailure, check_package
from translate.errors import PackageError
from translate.files import exchange

__all__ = ["install_directory", "install_file"]


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
    staging = staging_dir(root)
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
    staging = staging_dir(root)
    try:
        built = staging / source.resolve().name
        shutil.copytree(source, built)
        return _move_into_place(built, root, str(source))
    except OSError as exc:
        raise _write_failed(str(source), exc, root) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
