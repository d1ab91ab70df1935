"""A published bundle builds with a real static site generator (mkdocs + mkdocs-static-i18n)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from support import ROOT

from translate.cli import cli

SEED = ROOT / "seeds" / "000_372d4bbeff55e4fb.txt"
SLUG = "mexiko-setzt-e-commerce-als-wirtschaftswaffe-ein"

MKDOCS_YML = """\
site_name: babelpress test site
docs_dir: docs
site_dir: site
theme:
  name: mkdocs
plugins:
  - i18n:
      docs_structure: suffix
      languages:
        - {locale: de, default: true, name: Deutsch, build: true}
        - {locale: en, name: English, build: true}
        - {locale: es, name: Español, build: true}
"""


def test_mkdocs_builds_one_page_per_language(tmp_path: Path, models_env: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("mkdocs_static_i18n", reason="installed by the test extras (make test)")
    shutil.copy(SEED, tmp_path / SEED.name)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["publish", SEED.name, "--to", "en,es", "--out", "docs", "-q",
                                      "--beam-size", "1"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=tmp_path, capture_output=True,
                           text=True, timeout=300)
    assert build.returncode == 0, build.stderr
    site = tmp_path / "site"
    pages = {"de": site / SLUG / "index.html", "en": site / "en" / SLUG / "index.html",
             "es": site / "es" / SLUG / "index.html"}
    built = sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html") if SLUG in p.as_posix())
    assert built == sorted(p.relative_to(site).as_posix() for p in pages.values())
    for lang, page in pages.items():
        html = page.read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in html
        front = yaml.safe_load((tmp_path / "docs" / SLUG / f"index.{lang}.md").read_text().split("---\n")[1])
        title = re.search(r"<title>(.*?)</title>", html)
        assert title is not None and title.group(1).startswith(_escape(front["title"]))
        assert html.count("<h2") == 3  # the seed's three headings on every language's page


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
