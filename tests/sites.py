"""Publishing the seed and the Markdown corpus into a site folder, and reading the built pages back.

Shared by the static-site-generator tests (``test_hugo.py``, ``test_ssg.py``):
each publishes once per module with the synthetic test models, greedy decoding
and the project's glossary (so every bundle has its terminology report too).
"""

from __future__ import annotations

import html
import json
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from support import ROOT, SEED, SHARED

CORPUS = SHARED / "corpus" / "markdown-de"
SEED_SLUG = "mexiko-setzt-e-commerce-als-wirtschaftswaffe-ein"
LANGS = ("de", "en", "es")
# Every name babelpress has given its own metadata in a bundle or --out, old and new.
METADATA_NAMES = {"manifest.json", "terminology.json", ".babelpress-manifest.json", ".babelpress-terminology.json"}


@dataclass
class Published:
    root: Path  # the site folder (also the working directory of the publish)
    out: Path  # --out
    slugs: list[str]  # one per document

    def front(self, slug: str, lang: str) -> dict[str, Any]:
        text = (self.out / slug / f"index.{lang}.md").read_text(encoding="utf-8")
        data = yaml.safe_load(text.split("---\n")[1])
        assert isinstance(data, dict)
        return data


def corpus_sources() -> list[Path]:
    """The German documents of the Markdown corpus (its English file is a reference, not a source)."""
    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} is not available (the shared corpus sits beside the repository in CI)")
    return sorted(CORPUS.glob("*.de.md"))


@contextmanager
def published_site(root: Path, out: str, installed_models: Path) -> Iterator[Published]:
    """Publish the seed and the corpus into ``root/out`` (en and es); remove ``root`` afterwards."""
    from translate.cli import cli

    sources = root / "sources"
    sources.mkdir(parents=True)
    names = [SEED.name]
    shutil.copy(SEED, sources / SEED.name)
    for path in corpus_sources():
        shutil.copy(path, sources / path.name)
        names.append(path.name)
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("ARGOS_PACKAGES_DIR", str(installed_models))
            patch.chdir(root)
            result = CliRunner().invoke(cli, [
                "publish", *(f"sources/{name}" for name in names), "--to", "en,es", "--out", out, "-q",
                "--beam-size", "1", "--no-memory", "--glossary", str(ROOT / "glossary" / "terms.yaml"), "--json",
            ], catch_exceptions=False)
        assert result.exit_code == 0, result.output + result.stderr
        slugs = [document["slug"] for document in json.loads(result.stdout)["published"]]
        assert len(slugs) == len(names) and SEED_SLUG in slugs, slugs
        yield Published(root, root / out, slugs)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def leaked_files(site: Path) -> list[str]:
    """Files of the built site that are not pages: babelpress' metadata must never be among them."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*")
                  if p.is_file() and (p.suffix != ".html" or p.name in METADATA_NAMES))


@dataclass
class Page:
    """A built HTML page, as the test layouts print it."""

    text: str

    def first(self, pattern: str) -> str:
        match = re.search(pattern, self.text, re.S)
        assert match is not None, f"{pattern!r} not in the page"
        return html.unescape(match.group(1)).strip()

    @property
    def lang(self) -> str:
        return self.first(r'<html lang="([^"]*)"')

    @property
    def title(self) -> str:
        return self.first(r'<h1 class="title">(.*?)</h1>')

    def translations(self) -> dict[str, str]:
        links = self.first(r'<ul class="translations">(.*?)</ul>')
        return {lang: html.unescape(href) for lang, href in re.findall(r'hreflang="([^"]*)" href="([^"]*)"', links)}

    def count(self, tag: str) -> int:
        return len(re.findall(rf"<{tag}[\s>]", self.text))
