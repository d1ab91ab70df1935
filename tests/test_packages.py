"""Installing, listing and removing real .argosmodel packages."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from support import DE_EN, EN_ES

from translate.engine import install, packages
from translate.errors import PackageError


def test_install_file_lists_package(argos_home: Path) -> None:
    package = install.install_file(DE_EN)
    assert package.pair == "de-en"
    assert package.path.parent == argos_home
    assert [p.pair for p in packages.installed_packages()] == ["de-en"]
    # Nothing but the package itself is left in the packages directory.
    assert [p.name for p in argos_home.iterdir()] == [package.name]


def test_argostranslate_loader_accepts_installed_packages(argos_home: Path) -> None:
    """Argos Translate's own loader reads what babelpress installed."""
    import argostranslate.package as argos_package

    install.install_file(DE_EN)
    install.install_file(EN_ES)
    loaded = argos_package.get_installed_packages(path=[argos_home])
    assert sorted((p.from_code, p.to_code) for p in loaded) == [("de", "en"), ("en", "es")]
    for pkg in loaded:
        assert pkg.tokenizer.encode("Mexiko plant ein Abkommen.")  # its tokenizer loads and works
        assert (pkg.package_path / "model" / "model.bin").is_file()


def test_install_directory_and_reinstall_replaces(argos_home: Path, tmp_path: Path) -> None:
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(EN_ES) as archive:
        archive.extractall(unpacked)
    (source,) = list(unpacked.iterdir())
    first = install.install_directory(source)
    second = install.install_directory(source)
    assert first.path == second.path
    assert len(packages.installed_packages()) == 1
    assert source.is_dir()  # the source directory is copied, not moved


def test_remove(argos_home: Path) -> None:
    package = install.install_file(DE_EN)
    packages.remove(package)
    assert packages.installed_packages() == []
    assert not package.path.exists()


def _zip(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize(
    "files, message",
    [
        ({"a/metadata.json": b"{}", "b/metadata.json": b"{}"}, "exactly one top-level directory"),
        ({"../evil/metadata.json": b"{}"}, "unsafe path"),
        ({"pkg/readme.txt": b"hi"}, "no metadata.json"),
        ({"pkg/metadata.json": b"not json"}, "cannot be read as JSON"),
        ({"pkg/metadata.json": json.dumps({"from_code": "de", "to_code": "en"}).encode()}, "model/model.bin"),
    ],
)
def test_broken_packages_are_refused_and_leave_nothing(
    argos_home: Path, tmp_path: Path, files: dict[str, bytes], message: str
) -> None:
    broken = _zip(tmp_path / "broken.argosmodel", files)
    with pytest.raises(PackageError, match=message):
        install.install_file(broken)
    assert packages.installed_packages() == []
    assert not argos_home.exists() or list(argos_home.iterdir()) == []
    assert not list(argos_home.parent.glob(".babelpress-install-*"))


def test_not_a_zip(argos_home: Path, tmp_path: Path) -> None:
    fake = tmp_path / "fake.argosmodel"
    fake.write_text("hello")
    with pytest.raises(PackageError, match="zip archives"):
        install.install_file(fake)


def test_foreign_directories_do_not_hide_models(argos_home: Path) -> None:
    install.install_file(DE_EN)
    (argos_home / "not-a-package").mkdir()
    assert [p.pair for p in packages.installed_packages()] == ["de-en"]


def test_select_by_pair_or_name(argos_home: Path) -> None:
    package = install.install_file(DE_EN)
    found = packages.installed_packages()
    assert packages.select(found, "de-en") == [package]
    assert packages.select(found, "de_en") == [package]
    assert packages.select(found, package.name) == [package]
    assert packages.select(found, "en-es") == []
