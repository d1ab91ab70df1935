"""`verify` and folder scans stay inside the paths the user gave; damaged manifests are named as such."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import SEED

from translate.cli import cli

SLUG = "mexiko-setzt-e-commerce-als-wirtschaftswaffe-ein"
SECRET = "Die Zölle schaden den Unternehmen.\n"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def published(installed_models: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The seed published once (en), copied by each test that changes it."""
    folder = tmp_path_factory.mktemp("published")
    shutil.copy(SEED, folder / SEED.name)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ARGOS_PACKAGES_DIR", str(installed_models))
        patch.chdir(folder)
        code, _, err = run("publish", SEED.name, "--to", "en", "--out", "out", "-q", "--beam-size", "1",
                           "--no-memory")
    assert code == 0, err
    yield folder / "out"
    shutil.rmtree(folder)


@pytest.fixture
def out(published: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "site" / "out"
    shutil.copytree(published, copy, symlinks=True)
    return copy


def secret_file(tmp_path: Path) -> Path:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    return secret


def add_to_manifest(manifest: Path, entry: str, data: bytes) -> None:
    record = json.loads(manifest.read_text(encoding="utf-8"))
    record["files"].append({"path": entry, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()})
    manifest.write_text(json.dumps(record), encoding="utf-8")


@pytest.mark.parametrize("kind", ["absolute", "dotdot", "etc-passwd"])
def test_a_manifest_path_outside_the_bundle_is_an_error(out: Path, tmp_path: Path, kind: str) -> None:
    bundle = out / SLUG
    secret = secret_file(tmp_path)
    entry = {"absolute": str(secret), "dotdot": os.path.relpath(secret, bundle), "etc-passwd": "/etc/passwd"}[kind]
    add_to_manifest(bundle / ".babelpress-manifest.json", entry, secret.read_bytes())
    code, stdout, stderr = run("verify", str(bundle))
    assert code == 1
    assert stdout == ""
    assert stderr == (
        f"Error: {bundle / '.babelpress-manifest.json'} lists {entry!r}, a path outside {bundle}: "
        "a manifest lists only "
        "files inside its own folder, so this one was edited or damaged (nothing outside was read). "
        "Re-publish with `babelpress publish` to rewrite it.\n"
    )


def test_a_listed_file_replaced_by_a_symlink_is_changed_and_not_followed(out: Path, tmp_path: Path) -> None:
    page = out / SLUG / "index.en.md"
    elsewhere = tmp_path / "elsewhere.md"
    shutil.copy(page, elsewhere)  # the very same bytes, outside the bundle
    page.unlink()
    page.symlink_to(elsewhere)
    code, stdout, stderr = run("verify", str(out / SLUG))
    assert code == 1
    assert stdout == f"changed: {page}\n"
    assert stderr.endswith("1 changed, 0 missing, 0 extra.\n")


def test_a_bundle_folder_replaced_by_a_symlink_is_not_followed(out: Path, tmp_path: Path) -> None:
    moved = tmp_path / "moved"
    os.replace(out / SLUG, moved)
    (out / SLUG).symlink_to(moved, target_is_directory=True)
    code, stdout, _ = run("verify", str(out))
    assert code == 1
    assert sorted(stdout.splitlines()) == sorted(
        [f"changed: {out / SLUG / name}" for name in ("index.de.md", "index.en.md", ".babelpress-manifest.json")]
        + [f"extra: {out / SLUG}"])


@pytest.mark.parametrize("damage, why", [
    (lambda text: text[: len(text) // 2], "it is not valid JSON"),
    (lambda text: json.dumps({**json.loads(text), "files": "index.en.md"}), "its 'files' is not a list of files"),
    (lambda text: json.dumps({**json.loads(text), "files": [{"path": 3}]}), "its 'files' is not a list of files"),
])
def test_a_corrupt_manifest_is_called_corrupt_not_missing(out: Path, damage: object, why: str) -> None:
    manifest = out / SLUG / ".babelpress-manifest.json"
    assert callable(damage)
    manifest.write_text(damage(manifest.read_text(encoding="utf-8")), encoding="utf-8")
    code, stdout, stderr = run("verify", str(out / SLUG))
    assert code == 1 and stdout == ""
    assert stderr.startswith(f"Error: {manifest} is corrupt ({why}")
    assert stderr.endswith("). Re-publish with `babelpress publish` to rewrite it.\n")


def test_a_manifest_written_by_another_tool_is_named_as_such(out: Path) -> None:
    manifest = out / SLUG / ".babelpress-manifest.json"
    manifest.write_text(json.dumps({"generator": "hugo", "files": []}), encoding="utf-8")
    code, _, stderr = run("verify", str(out / SLUG))
    assert code == 1
    assert stderr == (f"Error: {manifest} was not written by babelpress: {out / SLUG} is not a published "
                      "bundle.\n")


def test_a_folder_scan_publishes_no_file_from_outside_the_folder(seed_project: Path) -> None:
    outside = secret_file(seed_project)
    inside = seed_project / "seeds" / "drafts"
    inside.mkdir()
    (inside / "zoll.txt").write_text("Die Zölle schaden den Kunden.\n", encoding="utf-8")
    (seed_project / "seeds" / "passwd.txt").symlink_to(outside)
    (seed_project / "seeds" / "zoll.txt").symlink_to(Path("drafts") / "zoll.txt")  # inside the folder: fine
    code, stdout, stderr = run("publish", "seeds", "--to", "en", "--out", "output", "--beam-size", "1", "--json")
    assert code == 1
    error = (f"seeds/passwd.txt is a symbolic link to {outside}, outside seeds: a folder is published only "
             "with the files inside it. Give the file itself as a source to publish it.")
    assert [line for line in stderr.splitlines() if line.startswith("Error:")] == [f"Error: {error}"]
    assert json.loads(stdout)["errors"] == [{"source": "seeds/passwd.txt", "error": error}]
    published = sorted(p.name for p in (seed_project / "output").iterdir() if not p.name.startswith("."))
    assert published == ["die-zoelle-schaden-den-kunden", SLUG]


def test_a_dangling_link_in_a_folder_is_an_error_naming_it(seed_project: Path) -> None:
    (seed_project / "seeds" / "gone.md").symlink_to(seed_project / "nowhere.md")
    code, _, stderr = run("publish", "seeds", "--to", "en", "--out", "output", "--beam-size", "1")
    assert code == 1
    assert [line for line in stderr.splitlines() if line.startswith("Error:")] == [
        f"Error: seeds/gone.md is a broken symbolic link (to {seed_project / 'nowhere.md'}): remove it, or "
        "point it at the file it stands for."
    ]
    assert (seed_project / "output" / SLUG / "index.en.md").is_file(), "the other documents are still published"
