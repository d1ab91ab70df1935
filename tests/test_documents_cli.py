"""`babelpress translate` on documents: Markdown keeps its structure, seeds follow the seed rules."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from heldout import heldout
from markdown_checks import block_structure, protected

from translate.cli import cli


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_markdown_file_keeps_its_structure(models_env: Path, tmp_path: Path) -> None:
    a, b, c, d = heldout()[:4]
    source = tmp_path / "artikel.md"
    text = (f"---\ntitle: {a.de}\nlayout: post\n---\n\n## Abschnitt\n\n{b.de}\n\n    eingerückter Code\n\n"
            f"> {c.de}\n\n1. {d.de}\n2. `code bleibt` [Link](https://example.org/x)\n")
    source.write_text(text, encoding="utf-8")
    code, out, err = run("translate", str(source), "--to", "es")
    assert code == 0, err
    assert out.startswith(f"---\ntitle: {a.es}\nlayout: post\n---\n")
    assert f"\n\n{b.es}\n\n    eingerückter Code\n\n> {c.es}\n\n1. {d.es}\n2. " in out
    # The last item is not the models' language: whatever they make of it, code and link stay whole.
    last = out.rsplit("\n2. ", 1)[1]
    assert "`code bleibt`" in last and "](https://example.org/x)" in last
    assert block_structure(out) == block_structure(text)
    assert protected(out) == protected(text)


def test_seed_file_becomes_markdown_with_front_matter(models_env: Path, tmp_path: Path) -> None:
    a, b = heldout()[:2]
    source = tmp_path / "seed.txt"
    source.write_text(f" date 2017-09 {a.de}\n\nKurze Zeile\n\n{b.de}\n", encoding="utf-8")
    code, out, err = run("translate", str(source), "--to", "en")
    assert code == 0, err
    front, body = out.split("\n---\n\n", 1)
    assert front.startswith("---\ntitle: ") and front.endswith("\nlang: en\ndate: 2017-09")
    blocks = body.split("\n\n")
    assert blocks[0] == a.en and blocks[1].startswith("## ") and blocks[2] == b.en + "\n"
