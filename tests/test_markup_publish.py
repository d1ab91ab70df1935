"""Inline markup through publish: real documents, the memory, the glossary and a site generator."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from markdown_checks import _MD, _walk, protected
from markup_set import markup_cases
from support import ROOT, shared_path

from translate.cli import cli

# Inline elements whose count must not change: each comes back exactly once.
ELEMENTS = ("link_open", "image", "strong_open", "em_open", "s_open", "code_inline", "html_inline", "footnote_ref")


def _elements(text: str) -> Counter[str]:
    tokens = _walk([t for t in _MD.parse(text) if t.type != "front_matter"])
    return Counter(t.type for t in tokens if t.type in ELEMENTS)


def _publish(*args: str) -> dict[str, object]:
    result = CliRunner().invoke(cli, ["publish", *args, "-q", "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    summary: dict[str, object] = yaml.safe_load(result.stdout)
    return summary


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory: pytest.TempPathFactory, installed_models: Path) -> Path:
    """The German documents of the shared corpus published to en and es, twice, with one memory."""
    corpus = shared_path("corpus", "markdown-de")
    site = tmp_path_factory.mktemp("corpus-site")
    sources = site / "sources"
    sources.mkdir()
    for path in sorted(corpus.glob("*.de.md")):
        shutil.copy(path, sources / path.name)
    return site


def test_corpus_republish_is_byte_identical_and_every_element_survives(
    corpus_site: Path, models_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(corpus_site)
    monkeypatch.setenv("BABELPRESS_MEMORY", str(corpus_site / "memory.sqlite3"))
    cold = _publish("sources", "--to", "en,es", "--out", "docs", "--no-glossary")
    files = {p: p.read_bytes() for p in sorted((corpus_site / "docs").rglob("*")) if p.is_file()}
    warm = _publish("sources", "--to", "en,es", "--out", "docs", "--no-glossary")
    assert (warm["engine_calls"], warm["translated"]) == (0, 0)
    assert {p: p.read_bytes() for p in files} == files, "a re-publish from the memory gives the same bytes"
    assert not [w for w in cold["warnings"] if "moved to the end" in w or "lost" in w]  # type: ignore[union-attr]
    assert sum(cold["markup"].values()) > 1000  # type: ignore[union-attr]
    for published in cold["published"]:  # type: ignore[union-attr]
        source = corpus_site / published["source"]
        text = source.read_text(encoding="utf-8")
        bundle = corpus_site / "docs" / published["slug"]
        for lang in ("en", "es"):
            output = (bundle / f"index.{lang}.md").read_text(encoding="utf-8")
            assert _elements(output) == _elements(text), (source.name, lang)
            assert protected(output) == protected(text), (source.name, lang)
            # VitePress containers open and close where the source has them.
            fences = re.compile(r"(?m)^ *:{3,}[\w-]*")
            assert fences.findall(output) == fences.findall(text), (source.name, lang)


def test_a_term_forced_inside_bold_stays_inside_it(models_env: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    case = next(c for c in markup_cases() if c.kind == "strong" and "Freihandelsabkommen" in c.de)
    (tmp_path / "glossary").mkdir()
    shutil.copy(ROOT / "glossary" / "terms.yaml", tmp_path / "glossary" / "terms.yaml")
    (tmp_path / "artikel.md").write_text(case.de + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for lang, term in (("en", "free trade agreement"), ("es", "tratado de libre comercio")):
        result = CliRunner().invoke(cli, ["translate", "artikel.md", "--to", lang, "--no-memory"],
                                    catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
        assert f"**{term}**" in result.stdout, result.stdout


def test_evaluate_measures_markup_transfer_per_element_kind(models_env: Path, tmp_path: Path) -> None:
    cases = [c for c in markup_cases() if c.kind != "footnote"]  # a footnote needs its definition block
    (tmp_path / "tagged.de.md").write_text("".join(c.de + "\n" for c in cases), encoding="utf-8")
    (tmp_path / "tagged.es.md").write_text("".join(c.es + "\n" for c in cases), encoding="utf-8")
    result = CliRunner().invoke(cli, [
        "evaluate", "--source", str(tmp_path / "tagged.de.md"), "--reference", str(tmp_path / "tagged.es.md"),
        "--to", "es", "--markup", "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    report = yaml.safe_load(result.stdout)
    assert report["lines"] == len(cases) == 220
    assert set(report["elements"]) >= {"link", "strong", "emphasis", "strikethrough", "code", "image", "html"}
    assert report["text_kept"] == len(cases)  # the markup never changed the words
    assert report["exact"] >= 0.95 * len(cases)
    assert min(report["rates"].values()) >= 0.9, report["rates"]
