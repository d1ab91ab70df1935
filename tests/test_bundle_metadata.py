"""babelpress' own metadata (manifests, terminology reports) is kept where site generators do not publish it.

Hugo and mkdocs skip files and folders whose name starts with a dot, so the
manifests and terminology reports are dot-files: a site built from ``--out``
never serves them. Bundles published by the previous version (``manifest.json``,
``terminology.json``) still verify, and the next publish moves their metadata.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import ROOT, SEED

from translate.cli import cli

SLUG = "mexiko-setzt-e-commerce-als-wirtschaftswaffe-ein"
PREVIOUS = ROOT / "tests" / "fixtures" / "previous-version" / "output"  # the seed, published by the previous release
GLOSSARY = str(ROOT / "glossary" / "terms.yaml")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


@pytest.fixture
def project(seed_project: Path) -> Path:
    return seed_project


@pytest.mark.parametrize(("layout", "expected"), [
    ("bundle", [".babelpress-manifest.json", f"{SLUG}/.babelpress-manifest.json",
                f"{SLUG}/.babelpress-terminology.json", f"{SLUG}/index.de.md", f"{SLUG}/index.en.md"]),
    ("folders", [".babelpress-manifest.json", f".babelpress-terminology/{SLUG}.json", f"de/{SLUG}.md",
                 f"en/{SLUG}.md"]),
])
def test_metadata_is_in_dot_files(project: Path, layout: str, expected: list[str]) -> None:
    code, _, err = run("publish", "seeds/", "--to", "en", "--out", "out", "--layout", layout, "-q",
                       "--beam-size", "1", "--glossary", GLOSSARY)
    assert code == 0, err
    assert [name for name in files(project / "out") if name != ".babelpress.lock"] == expected
    code, stdout, _ = run("verify", "out")
    assert (code, stdout) == (0, f"OK out: {len(expected) - 1} files match out/.babelpress-manifest.json\n")


def test_bundles_of_the_previous_version_still_verify(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(PREVIOUS, tmp_path / "out")
    monkeypatch.chdir(tmp_path)
    code, stdout, err = run("verify", f"out/{SLUG}", "out")
    assert code == 0, err
    assert stdout == (f"OK out/{SLUG}: 4 files match out/{SLUG}/manifest.json\n"
                      "OK out: 5 files match out/manifest.json\n")
    (tmp_path / "out" / SLUG / "index.en.md").write_text("edited\n")
    code, stdout, _ = run("verify", "out")
    assert code == 1 and f"changed: out/{SLUG}/index.en.md" in stdout  # still checked, not merely accepted


def test_publishing_over_the_previous_version_moves_its_metadata(project: Path) -> None:
    shutil.copytree(PREVIOUS, project / "out")
    code, _, err = run("publish", "seeds/", "--to", "en,es", "--out", "out", "-q", "--beam-size", "1",
                       "--glossary", GLOSSARY)
    assert code == 0, err
    assert [name for name in files(project / "out") if name != ".babelpress.lock"] == [
        ".babelpress-manifest.json", f"{SLUG}/.babelpress-manifest.json", f"{SLUG}/.babelpress-terminology.json",
        f"{SLUG}/index.de.md", f"{SLUG}/index.en.md", f"{SLUG}/index.es.md"]
    code, stdout, _ = run("verify", "out", f"out/{SLUG}")
    assert code == 0, stdout


def test_a_sites_own_manifest_json_is_left_alone(project: Path) -> None:
    """A web app manifest in the site's content folder is the user's file: publishing beside it is fine."""
    (project / "out").mkdir()
    (project / "out" / "manifest.json").write_text('{"name": "My site", "start_url": "/"}\n')
    code, _, err = run("publish", "seeds/", "--to", "en", "--out", "out", "-q", "--beam-size", "1")
    assert code == 0, err
    assert (project / "out" / "manifest.json").read_text() == '{"name": "My site", "start_url": "/"}\n'
    assert (project / "out" / SLUG / "index.en.md").is_file()
