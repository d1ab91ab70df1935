"""`babelpress verify`: changed, missing and extra files are caught."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import ROOT

from translate.cli import cli

SEED = ROOT / "seeds" / "000_372d4bbeff55e4fb.txt"
SLUG = "mexiko-setzt-e-commerce-als-wirtschaftswaffe-ein"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def out(tmp_path: Path, models_env: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(SEED, tmp_path / SEED.name)
    monkeypatch.chdir(tmp_path)
    code, _, err = run("publish", SEED.name, "--to", "en,es", "--out", "out", "-q", "--beam-size", "1")
    assert code == 0, err
    return Path("out")


def test_fresh_bundle_verifies(out: Path) -> None:
    code, stdout, _ = run("verify", str(out / SLUG), str(out))
    assert code == 0
    assert stdout == (f"OK {out / SLUG}: 3 files match {out / SLUG / '.babelpress-manifest.json'}\n"
                      f"OK {out}: 4 files match {out / '.babelpress-manifest.json'}\n")


def test_hand_edited_file_is_caught(out: Path) -> None:
    target = out / SLUG / "index.es.md"
    target.write_text(target.read_text(encoding="utf-8").replace("## ", "## Editado: ", 1), encoding="utf-8")
    code, stdout, stderr = run("verify", str(out / SLUG))
    assert code == 1
    assert stdout == f"changed: {target}\n"
    assert stderr == f"Error: {out / SLUG} does not match its manifest: 1 changed, 0 missing, 0 extra.\n"
    code, stdout, _ = run("verify", str(out))  # the output manifest sees it too
    assert code == 1 and stdout == f"changed: {out / SLUG / 'index.es.md'}\n"


def test_missing_and_extra_files_are_caught(out: Path) -> None:
    (out / SLUG / "index.en.md").unlink()
    (out / SLUG / "notes.txt").write_text("added by hand")
    code, stdout, stderr = run("verify", str(out / SLUG))
    assert code == 1
    assert stdout == f"missing: {out / SLUG / 'index.en.md'}\nextra: {out / SLUG / 'notes.txt'}\n"
    assert "0 changed, 1 missing, 1 extra" in stderr


def test_a_folder_without_manifest_is_not_a_bundle(tmp_path: Path) -> None:
    code, _, stderr = run("verify", str(tmp_path))
    assert code == 1
    assert stderr == (f"Error: {tmp_path} has no babelpress manifest (.babelpress-manifest.json): "
                      "it is not a published bundle.\n")
