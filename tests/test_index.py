"""`babelpress models install FROM TO` against a package index served on loopback."""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import DE_EN, EN_ES

from translate.engine import packages
from translate.cli import cli


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@pytest.fixture
def index_server(tmp_path: Path, argos_home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An Argos-style index (index.json + .argosmodel links) on 127.0.0.1."""
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(DE_EN, site / "de_en.argosmodel")
    shutil.copy(EN_ES, site / "en_es.argosmodel")
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    index = [
        {"type": "translate", "from_code": "de", "to_code": "en", "package_version": "1.0",
         "from_name": "German", "to_name": "English", "links": [base + "missing.argosmodel", base + "de_en.argosmodel"]},
        {"type": "translate", "from_code": "en", "to_code": "es", "package_version": "1.0",
         "from_name": "English", "to_name": "Spanish", "links": [base + "en_es.argosmodel"]},
    ]
    (site / "index.json").write_text(json.dumps(index))
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", base)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site
    server.shutdown()
    server.server_close()


def test_install_pair_through_pivot_from_index(index_server: Path, argos_home: Path) -> None:
    result = CliRunner().invoke(cli, ["models", "install", "de", "es"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert "Installed de-en" in result.stdout and "Installed en-es" in result.stdout
    assert sorted(p.pair for p in packages.installed_packages()) == ["de-en", "en-es"]
    # The download cache keeps nothing behind once installed.
    downloads = Path(argos_home).parent / "cache" / "argos-translate" / "downloads"
    assert not downloads.exists() or list(downloads.iterdir()) == []


def test_list_available(index_server: Path) -> None:
    result = CliRunner().invoke(cli, ["models", "list", "--available", "--json"], catch_exceptions=False)
    assert result.exit_code == 0
    assert [row["pair"] for row in json.loads(result.stdout)] == ["de-en", "en-es"]


def test_pair_missing_from_index(index_server: Path) -> None:
    result = CliRunner().invoke(cli, ["models", "install", "de", "fr"], catch_exceptions=False)
    assert result.exit_code == 1
    assert "The Argos package index has no model for de→fr" in result.stderr
