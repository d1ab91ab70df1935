"""Published bundles build as they are with mkdocs + mkdocs-static-i18n (``mkdocs build --strict``).

The site is what a user would have: a homepage per language and babelpress
publishing into ``docs/articles``. The test theme (a ``custom_dir`` with one
``main.html``, nothing downloaded) prints the title, date, language and the
links to the translations, which the tests read back from the built pages.

The corpus documents link to images and pages that are not part of the corpus
(their originals' repositories have them). mkdocs' ``validation`` setting
reports such links at INFO instead of failing the strict build, and the test
then requires every language's page to leave exactly the links unresolved that
the German source page does: a link babelpress damaged would differ.
"""

from __future__ import annotations

import posixpath
import re
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest
from sites import LANGS, SEED_SLUG, Page, Published, leaked_files, published_site

MKDOCS_YML = """\
site_name: babelpress test site
docs_dir: docs
site_dir: site
theme:
  name: null
  custom_dir: theme
validation:
  links:
    not_found: info
plugins:
  - i18n:
      docs_structure: suffix
      languages:
        - {locale: de, default: true, name: Deutsch, build: true}
        - {locale: en, name: English, build: true}
        - {locale: es, name: Español, build: true}
"""

MAIN_HTML = """<!DOCTYPE html>
<html lang="{{ i18n_page_locale }}"><head><title>{{ page.title }}</title></head>
<body><h1 class="title">{{ page.title }}</h1>
<time datetime="{{ page.meta.date }}" data-precision="{{ page.meta.date_precision }}"></time>
<ul class="translations">{% for locale, alternate in page.file.alternates.items() %}{% if locale != i18n_page_locale %}\
<li><a hreflang="{{ locale }}" href="{{ alternate.url | url }}">{{ locale }}</a></li>{% endif %}{% endfor %}</ul>
<main>{{ page.content }}</main></body></html>
"""

_NOT_FOUND = re.compile(r"Doc file '([^']*)' contains a link '([^']*)', but the target .* is not found")


@pytest.fixture(scope="module")
def mkdocs_site(tmp_path_factory: pytest.TempPathFactory,
                installed_models: Path) -> Iterator[tuple[Published, subprocess.CompletedProcess[str]]]:
    """The seed and the corpus published into docs/articles, and the site built once."""
    pytest.importorskip("mkdocs_static_i18n", reason="installed by the test extras (make test)")
    with published_site(tmp_path_factory.mktemp("mkdocs"), "docs/articles", installed_models) as published:
        root = published.root
        (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
        (root / "theme").mkdir()
        (root / "theme" / "main.html").write_text(MAIN_HTML, encoding="utf-8")
        for lang in LANGS:
            (root / "docs" / f"index.{lang}.md").write_text(f"---\ntitle: Home ({lang})\n---\n\nHome.\n", "utf-8")
        build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root,
                               capture_output=True, text=True, timeout=300)
        yield published, build


def _url(slug: str, lang: str) -> str:
    return f"articles/{slug}/" if lang == "de" else f"{lang}/articles/{slug}/"


def _page(published: Published, slug: str, lang: str) -> Page:
    return Page((published.root / "site" / _url(slug, lang) / "index.html").read_text(encoding="utf-8"))


def test_mkdocs_strict_builds_every_bundle_without_warnings(
        mkdocs_site: tuple[Published, subprocess.CompletedProcess[str]]) -> None:
    published, build = mkdocs_site
    assert build.returncode == 0, build.stderr
    assert [line for line in build.stderr.splitlines() if not line.startswith("INFO")] == []
    for slug in published.slugs:
        for lang in LANGS:
            assert (published.root / "site" / _url(slug, lang) / "index.html").is_file(), (slug, lang)


def test_mkdocs_publishes_no_babelpress_metadata(
        mkdocs_site: tuple[Published, subprocess.CompletedProcess[str]]) -> None:
    published, _ = mkdocs_site
    assert any(path.name.endswith("terminology.json") for path in published.out.rglob("*"))  # a glossary was used
    leaked = [path for path in leaked_files(published.root / "site") if not path.startswith("sitemap.xml")]
    assert leaked == []


def test_mkdocs_pages_are_linked_to_their_translations(
        mkdocs_site: tuple[Published, subprocess.CompletedProcess[str]]) -> None:
    published, _ = mkdocs_site
    for slug in published.slugs:
        for lang in LANGS:
            page = _page(published, slug, lang)
            assert page.lang == lang
            assert page.title == published.front(slug, lang)["title"]
            here = _url(slug, lang)
            resolved = {other: posixpath.normpath(posixpath.join(here, href)) + "/"
                        for other, href in page.translations().items()}
            assert resolved == {other: _url(slug, other) for other in LANGS if other != lang}


def test_mkdocs_pages_keep_the_source_structure_and_links(
        mkdocs_site: tuple[Published, subprocess.CompletedProcess[str]]) -> None:
    published, build = mkdocs_site
    unresolved: dict[str, set[str]] = defaultdict(set)
    for match in _NOT_FOUND.finditer(build.stderr):
        unresolved[match.group(1)].add(match.group(2))
    assert unresolved, "the corpus links to files it does not include"
    for slug in published.slugs:
        source = _page(published, slug, "de")
        for lang in ("en", "es"):
            page = _page(published, slug, lang)
            for tag in ("h1", "h2", "h3", "table", "pre", "li", "blockquote", "a", "img"):
                assert page.count(tag) == source.count(tag), (slug, lang, tag)
            assert unresolved[f"articles/{slug}/index.{lang}.md"] == unresolved[f"articles/{slug}/index.de.md"]
    assert _page(published, SEED_SLUG, "en").count("h2") == 3  # the seed's three headings


def test_mkdocs_dates_keep_the_precision_of_the_source(
        mkdocs_site: tuple[Published, subprocess.CompletedProcess[str]]) -> None:
    published, _ = mkdocs_site
    for lang in LANGS:
        page = _page(published, SEED_SLUG, lang)
        assert page.first(r'<time datetime="([^"]*)"') == "2017-09-01"
        assert page.first(r'data-precision="([^"]*)"') == "month"
