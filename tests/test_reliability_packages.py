"""Model installs that must not break a working setup: corrupt models, zip bombs, clear errors."""

from __future__ import annotations

import functools
import http.server
import json
import re
import resource
import shutil
import signal
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import DE_EN, ROOT

from translate.cli import cli
from translate.engine import install, packages, unpack
from translate.errors import PackageError

SENTENCE = "Die Zölle schaden den Unternehmen."
TRANSLATION = "The tariffs harm the companies."
TIMEOUT = 180


def babelpress(*args: str, limit_file_size: int | None = None) -> subprocess.CompletedProcess[str]:
    """The real command line in its own process (environment inherited from the test)."""

    def limited() -> None:  # a write past the limit fails with EFBIG instead of filling the disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        assert limit_file_size is not None
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_file_size, limit_file_size))

    return subprocess.run(
        [sys.executable, "-m", "translate", *args], capture_output=True, text=True, timeout=TIMEOUT,
        cwd=ROOT, preexec_fn=limited if limit_file_size is not None else None,
    )


def repack(target: Path, change: dict[str, bytes | None], source: Path = DE_EN) -> Path:
    """A copy of ``source`` with members (named after the top-level folder) replaced or cut."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in original.infolist():
            inner = info.filename.split("/", 1)[1] if "/" in info.filename else ""
            data = original.read(info)
            if inner in change:
                replacement = change[inner]
                if replacement is None:
                    continue
                data = replacement
            copy.writestr(info.filename, data, zipfile.ZIP_DEFLATED)
    return target


def model_bin(cut: int) -> bytes:
    with zipfile.ZipFile(DE_EN) as archive:
        return archive.read("translate-de_en-synthetic/model/model.bin")[:cut]


def leftovers(argos_home: Path) -> list[str]:
    return sorted(p.name for p in argos_home.parent.iterdir() if p.name.startswith(".babelpress-install-"))


def test_a_corrupt_model_leaves_the_working_one_installed(argos_home: Path, tmp_path: Path) -> None:
    installed = babelpress("models", "install", str(DE_EN))
    assert installed.returncode == 0, installed.stderr
    before = babelpress("translate", "--text", SENTENCE, "--to", "en", "--no-memory")
    assert before.stdout.strip() == TRANSLATION, before.stderr
    good_bin = (argos_home / "translate-de_en-synthetic" / "model" / "model.bin").read_bytes()

    corrupt = repack(tmp_path / "corrupt.argosmodel", {"model/model.bin": model_bin(5000)})
    refused = babelpress("models", "install", str(corrupt))

    assert refused.returncode == 1
    assert refused.stderr.startswith(f"Error: {corrupt} was not installed: its model does not load")
    assert "invalid payload size" in refused.stderr  # what CTranslate2 found wrong
    assert "The de-en model already installed is unchanged." in refused.stderr
    assert "Traceback" not in refused.stderr and ".babelpress-install" not in refused.stderr
    assert refused.stdout == ""
    after = babelpress("translate", "--text", SENTENCE, "--to", "en", "--no-memory")
    assert after.returncode == 0, after.stderr
    assert after.stdout.strip() == TRANSLATION
    assert (argos_home / "translate-de_en-synthetic" / "model" / "model.bin").read_bytes() == good_bin
    assert sorted(p.name for p in argos_home.iterdir()) == ["translate-de_en-synthetic"]
    assert leftovers(argos_home) == []


@pytest.mark.parametrize("change, reason", [
    ({"model/model.bin": model_bin(5000)}, "invalid payload size"),
    ({"sentencepiece.model": b"this is not a SentencePiece model" * 10}, "sentencepiece.model"),
    ({"model/shared_vocabulary.json": b"[\"<unk>\", \"<s>\""}, "parse error"),
])
def test_a_package_that_cannot_translate_is_refused(
    argos_home: Path, tmp_path: Path, change: dict[str, bytes | None], reason: str
) -> None:
    broken = repack(tmp_path / "broken.argosmodel", change)
    with pytest.raises(PackageError) as caught:
        install.install_file(broken)
    message = str(caught.value)
    assert message.startswith(f"{broken} was not installed: its model does not load")
    assert reason in message
    assert "Download the package again" in message
    assert ".babelpress-install" not in message
    assert packages.installed_packages() == []
    assert leftovers(argos_home) == []


def test_a_corrupt_unpacked_directory_keeps_the_installed_copy(argos_home: Path, tmp_path: Path) -> None:
    good = install.install_file(DE_EN)
    unpacked = tmp_path / "unpacked"
    shutil.copytree(good.path, unpacked / good.name)
    (unpacked / good.name / "model" / "model.bin").write_bytes(model_bin(5000))
    with pytest.raises(PackageError, match=f"^{unpacked / good.name} was not installed: its model does not load"):
        install.install_directory(unpacked / good.name)
    from translate.engine.decoder import Engine, EngineSettings

    engine = Engine(packages.installed_packages(), EngineSettings(beam_size=1))
    assert engine.translate([SENTENCE], "de", "en") == [TRANSLATION]
    assert leftovers(argos_home) == []


def _zip_bomb(target: Path, size: int) -> Path:
    """A real package whose model.bin is ``size`` bytes of zeros, deflated (small on disk)."""
    with zipfile.ZipFile(DE_EN) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in original.infolist():
            if info.filename.endswith("model/model.bin"):
                with bomb.open(info.filename, "w", force_zip64=True) as member:
                    chunk = bytes(1 << 20)
                    for _ in range(size // len(chunk)):
                        member.write(chunk)
            else:
                bomb.writestr(info.filename, original.read(info))
    return target


@pytest.fixture(scope="module")
def zip_bomb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("bomb")
    bomb = _zip_bomb(folder / "translate-de_en-bomb.argosmodel", 2 << 30)
    assert bomb.stat().st_size < 16 << 20  # 2 GiB of zeros, a few MB on disk
    yield bomb
    shutil.rmtree(folder)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(argos_home: Path, zip_bomb: Path) -> None:
    # No file may grow past 64 MiB in this process: unpacking the bomb would fail with "File too large".
    refused = babelpress("models", "install", str(zip_bomb), limit_file_size=64 << 20)
    assert refused.returncode == 1
    assert re.fullmatch(
        re.escape(f"Error: {zip_bomb} was not installed: translate-de_en-synthetic/model/model.bin would unpack "
                  "from 2.0 MiB to 2.0 GiB (") + r"\d{4}" + re.escape(
            " times its packed size). No real model compresses like that: this is a zip bomb or a damaged "
            "file, not a model package. Download the package again.\n"),
        refused.stderr,
    ), refused.stderr
    assert not argos_home.exists() or list(argos_home.iterdir()) == []
    assert leftovers(argos_home) == []


def test_a_package_larger_than_the_limit_is_refused(
    argos_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(unpack, "MAX_UNPACKED_BYTES", 1 << 20)
    with pytest.raises(PackageError) as caught:
        install.install_file(DE_EN)
    assert str(caught.value) == (
        f"{DE_EN} was not installed: it would unpack to 2.0 MiB, more than the 1.0 MiB a model package "
        "may take. Download the package again."
    )
    assert packages.installed_packages() == []
    assert leftovers(argos_home) == []


def _zip(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize("files, message", [
    ({"pkg/readme.txt": b"hi"}, "{file} is not a model package: it has no metadata.json."),
    ({"pkg/metadata.json": b"not json"},
     "The metadata.json of {file} cannot be read as JSON (Expecting value: line 1 column 1 (char 0))."),
    ({"pkg/metadata.json": json.dumps({"from_code": "de", "to_code": "en"}).encode()},
     "{file} has no CTranslate2 model (model/model.bin is missing)."),
    ({"pkg/metadata.json": json.dumps({"from_code": "de", "to_code": "en"}).encode(), "pkg/model/model.bin": b"x"},
     "{file} has no tokenizer (sentencepiece.model or bpe.model)."),
])
def test_install_errors_name_the_package_file(
    argos_home: Path, tmp_path: Path, files: dict[str, bytes], message: str
) -> None:
    broken = _zip(tmp_path / "broken.argosmodel", files)
    result = CliRunner().invoke(cli, ["models", "install", str(broken)], catch_exceptions=False)
    assert result.exit_code == 1
    assert result.stderr == "Error: " + message.format(file=broken) + "\n"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@pytest.fixture
def corrupt_index(tmp_path: Path, argos_home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """An index on 127.0.0.1 whose de→en package has a cut model.bin."""
    site = tmp_path / "site"
    site.mkdir()
    repack(site / "de_en.argosmodel", {"model/model.bin": model_bin(5000)})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    (site / "index.json").write_text(json.dumps([
        {"type": "translate", "from_code": "de", "to_code": "en", "package_version": "1.0",
         "links": [base + "de_en.argosmodel"]},
    ]))
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", base)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


def test_a_corrupt_download_names_its_link_not_the_deleted_file(corrupt_index: str, argos_home: Path) -> None:
    result = CliRunner().invoke(cli, ["models", "install", "de", "en"], catch_exceptions=False)
    assert result.exit_code == 1
    error = result.stderr.splitlines()[-1]
    assert error.startswith(
        f"Error: The de→en package downloaded from {corrupt_index}de_en.argosmodel was not installed: "
        "its model does not load")
    assert "downloads" not in error and ".argosmodel:" not in error
    assert packages.installed_packages() == []
    downloads = argos_home.parent / "cache" / "argos-translate" / "downloads"
    assert not downloads.exists() or list(downloads.iterdir()) == []


def test_the_bytes_written_are_counted_too(argos_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Declared sizes can lie: the running total of what is written holds the limit on its own."""
    monkeypatch.setattr(unpack, "_check_declared", lambda members, shown: None)
    monkeypatch.setattr(unpack, "MAX_UNPACKED_BYTES", 1 << 20)
    with pytest.raises(PackageError) as caught:
        install.install_file(DE_EN)
    assert str(caught.value) == (
        f"{DE_EN} was not installed: it unpacks to more than the 1.0 MiB a model package may take. "
        "Download the package again."
    )
    assert packages.installed_packages() == []
    assert leftovers(argos_home) == []
