"""The babelpress command line, through click's CliRunner and a real subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from support import DE_EN, EN_ES, ROOT
from heldout import heldout

from translate.cli import cli


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_help_lists_commands() -> None:
    code, out, _ = run("--help")
    assert code == 0
    assert "translate" in out and "models" in out


def test_models_list_empty_says_how_to_install(argos_home: Path) -> None:
    code, out, _ = run("models", "list")
    assert code == 0
    assert f"No models installed in {argos_home}" in out
    assert "babelpress models install de en" in out


def test_install_from_file_then_translate_to_spanish(argos_home: Path) -> None:
    code, out, _ = run("models", "install", str(DE_EN), str(EN_ES))
    assert code == 0, out
    assert "Installed de-en" in out and "Installed en-es" in out
    code, out, _ = run("models", "list")
    assert "de-en" in out and "en-es" in out
    sample = heldout()[0]
    code, out, _ = run("translate", "--text", sample.de, "--to", "es")
    assert code == 0
    assert out == sample.es + "\n"


def test_translate_without_models_explains_fix(argos_home: Path) -> None:
    code, _, err = run("translate", "--text", "Mexiko plant ein Abkommen.", "--to", "es")
    assert code == 1
    assert "No translation model is installed for de→es" in err
    assert "babelpress models install de es" in err
    assert "Traceback" not in err


def test_install_pair_offline_explains_fix(argos_home: Path) -> None:
    code, _, err = run("models", "install", "de", "en")
    assert code == 1
    assert "Could not download the package index" in err
    assert "babelpress models install PATH/TO/FILE.argosmodel" in err
    assert "Traceback" not in err


def test_install_nonsense_argument(argos_home: Path) -> None:
    code, _, err = run("models", "install", "no/such/file.argosmodel")
    assert code == 1
    assert "neither an existing .argosmodel file" in err


def test_remove_unknown_model(argos_home: Path) -> None:
    code, _, err = run("models", "remove", "de", "xx")
    assert code == 1
    assert "No installed model matches 'de xx'" in err


def test_translate_files_to_two_languages(models_env: Path, tmp_path: Path) -> None:
    samples = heldout()[:6]
    source = tmp_path / "article.txt"
    # Two paragraphs of three sentences each, with the original spacing kept.
    source.write_text(
        " ".join(s.de for s in samples[:3]) + "\n\n" + " ".join(s.de for s in samples[3:]) + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    code, _, err = run("translate", str(source), "--to", "en,es", "--out", str(out), "--quiet")
    assert code == 0, err
    for lang in ("en", "es"):
        expected = " ".join(getattr(s, lang) for s in samples[:3]) + "\n\n" + " ".join(
            getattr(s, lang) for s in samples[3:]) + "\n"
        assert (out / f"article.{lang}.md").read_text(encoding="utf-8") == expected
    assert sorted(p.name for p in out.iterdir()) == [".babelpress-pages.json", "article.en.md", "article.es.md"]


def test_translate_stdin(models_env: Path) -> None:
    sample = heldout()[1]
    result = CliRunner().invoke(cli, ["translate", "-", "--to", "en"], input=sample.de)
    assert result.exit_code == 0
    assert result.stdout == sample.en + "\n"


def test_translate_several_languages_of_files_needs_out(models_env: Path, tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text(heldout()[0].de, encoding="utf-8")
    result = CliRunner().invoke(cli, ["translate", str(source), "--to", "en,es"])
    assert result.exit_code == 2
    assert "add --out DIR" in result.stderr


def test_bad_inputs_get_one_clear_message(models_env: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Größe".encode("cp1252"))
    binary = tmp_path / "blob.bin"
    binary.write_bytes(b"\x00\x01\x02abc")
    cases = {
        str(empty): "empty.txt is empty",
        str(latin): "is not valid UTF-8",
        str(binary): "looks like a binary file",
        str(tmp_path / "missing.txt"): "does not exist",
    }
    for path, message in cases.items():
        code, _, err = run("translate", path, "--to", "en")
        assert code == 1, path
        assert message in err
        assert "Traceback" not in err


def test_unwritable_out(models_env: Path, tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text(heldout()[0].de, encoding="utf-8")
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("x")
    code, _, err = run("translate", str(source), "--to", "en", "--out", str(blocker / "sub"))
    assert code == 1
    assert "Cannot write into" in err


def _env(packages_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["ARGOS_PACKAGES_DIR"] = str(packages_dir)
    return env


def test_subprocess_pivot_translation(models_env: Path, tmp_path: Path) -> None:
    """The installed console entry point, as a user runs it: de→en→es (no glossary in cwd)."""
    sample = heldout()[2]
    done = subprocess.run(
        [sys.executable, "-m", "translate", "translate", "--text", sample.de, "--to", "es"],
        capture_output=True, text=True, env=_env(models_env), cwd=tmp_path, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == sample.es + "\n"
    assert done.stderr == ""


def test_subprocess_error_has_no_traceback(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "translate", "translate", "--text", "Hallo.", "--to", "en"],
        capture_output=True, text=True, env=_env(tmp_path / "none"), cwd=ROOT, timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr.startswith("Error: No translation model is installed for de→en")
    assert "Traceback" not in done.stderr


def test_cli_import_does_not_load_the_engine() -> None:
    code = (
        "import sys, translate.cli, translate.cli.translate_cmd, translate.cli.models;"
        "heavy = [m for m in ('ctranslate2', 'sentencepiece', 'argostranslate') if m in sys.modules];"
        "print(heavy)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert done.stdout.strip() == "[]"


def test_translate_enforces_project_glossary(models_env: Path) -> None:
    """With the shipped glossary the learned "free trade deal" becomes the glossary's term."""
    sample = next(s for s in heldout() if "ein Freihandelsabkommen" in s.de and "free trade deal" in s.en)
    glossary = ROOT / "glossary" / "terms.yaml"
    code, out, err = run("translate", "--text", sample.de, "--to", "en", "--glossary", str(glossary), "--strict")
    assert code == 0, err
    assert out == sample.en.replace("free trade deal", "free trade agreement") + "\n"
    assert "freihandelsabkommen" in err and "0 violated" in err
    code, out, _ = run("translate", "--text", sample.de, "--to", "es", "--glossary", str(glossary))
    assert code == 0
    assert "tratado de libre comercio" in out


def test_broken_glossary_stops_before_translating(models_env: Path, tmp_path: Path) -> None:
    broken = tmp_path / "terms.yaml"
    broken.write_text("entries:\n  - id: a\n    de: Haus\n    en: house\n  - id: a\n    de: Haus\n    en: home\n")
    code, out, err = run("translate", "--text", heldout()[0].de, "--to", "en", "--glossary", str(broken))
    assert code == 1
    assert out == ""
    assert f"{broken}:" in err and "Traceback" not in err


def test_empty_text_and_standard_input_are_named_as_such(models_env: Path) -> None:
    code, _, err = run("translate", "--text", "  ", "--to", "en")
    assert (code, err) == (1, "Error: --text is empty: there is nothing to translate.\n")
    result = CliRunner().invoke(cli, ["translate", "-", "--to", "en"], input="", catch_exceptions=False)
    assert (result.exit_code, result.stderr) == (1, "Error: standard input is empty: there is nothing to translate.\n")
