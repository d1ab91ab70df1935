"""`babelpress publish` end to end through the synthetic test models."""

from __future__ import annotations

import datetime
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from support import ROOT
from heldout import heldout

from translate import __version__
from translate.cli import cli
from translate.documents import load_document
from translate.engine.decoder import Engine, EngineSettings
from translate.engine.packages import installed_packages
from translate.run.units import sentences_of
from translate.publish.verify import verify_bundle

SEED = ROOT / "seeds" / "000_372d4bbeff55e4fb.txt"
SLUG = "mexiko-setzt-e-commerce-als-wirtschaftswaffe-ein"
FIXTURES = ROOT / "tests" / "fixtures" / "publish"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr



def front_matter(path: Path) -> tuple[dict[str, object], str]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    head, body = text[4:].split("\n---\n\n", 1)
    return yaml.safe_load(head), body


def signatures(models: Path) -> dict[str, str]:
    return {p.pair: p.signature for p in installed_packages(models)}


def test_seed_publishes_into_an_exact_bundle(seed_project: Path, models_env: Path) -> None:
    code, out, err = run("publish", "seeds/", "--to", "en,es", "--out", "output", "--beam-size", "2")
    assert code == 0, err
    assert out == ""
    bundle = seed_project / "output" / SLUG
    assert sorted(p.name for p in bundle.iterdir()) == [
        ".babelpress-manifest.json", "index.de.md", "index.en.md", "index.es.md"]
    assert sorted(p.name for p in (seed_project / "output").iterdir()) == [
        ".babelpress-manifest.json", ".babelpress.lock", SLUG]

    sig = signatures(models_env)
    source_sha = load_document(SEED).sha256
    de_en, en_es = sig["de-en"], sig["en-es"]
    common = {"source": f"seeds/{SEED.name}", "source_lang": "de", "source_sha256": source_sha,
              "translationKey": SLUG, "glossary_sha256": None, "babelpress_version": __version__}
    # The source-language file: golden body, exact front matter.
    meta, body = front_matter(bundle / "index.de.md")
    assert meta == {"title": "Mexiko setzt E-Commerce als Wirtschaftswaffe ein", "lang": "de",
                    "date": datetime.date(2017, 9, 1), "date_precision": "month", **common, "models": []}
    assert list(meta) == ["title", "lang", "date", "date_precision", "source", "source_lang", "source_sha256", "translationKey",
                          "models", "glossary_sha256", "babelpress_version"]
    assert body == (FIXTURES / "seed-body.de.md").read_text(encoding="utf-8")

    # Each translation: exact front matter, the source's block structure, the title translated.
    engine = Engine(installed_packages(models_env), EngineSettings(beam_size=2))
    title = engine.translate_many(["Mexiko setzt E-Commerce als Wirtschaftswaffe ein"], engine.plan("de", ["en", "es"]))
    source_blocks = body.split("\n\n")
    for lang, hops in (("en", [de_en]), ("es", [de_en, en_es])):
        meta, translated = front_matter(bundle / f"index.{lang}.md")
        assert meta == {"title": title[lang][0], "lang": lang, "date": datetime.date(2017, 9, 1),
                        "date_precision": "month", **common,
                        "translation_of": f"{SLUG}/index.de.md", "models": hops}
        blocks = translated.split("\n\n")
        assert len(blocks) == len(source_blocks) == 7
        assert [b.startswith("## ") for b in blocks] == [b.startswith("## ") for b in source_blocks]
        assert blocks[1] == "## " + title[lang][0]  # the title heading stays where it stood

    manifest = json.loads((bundle / ".babelpress-manifest.json").read_text())
    assert manifest == {
        "generator": "babelpress", "babelpress_version": __version__, "slug": SLUG,
        "source": f"seeds/{SEED.name}", "source_sha256": source_sha, "source_lang": "de",
        "languages": ["de", "en", "es"],
        "engine": {"beam_size": 2, "compute_type": "int8", "max_decoding_length": 256, "length_penalty": 1.0},
        "models": {"en": [de_en], "es": [de_en, en_es]}, "glossary_sha256": None, "segmenter_version": "1",
        "files": manifest["files"],
    }
    assert [f["path"] for f in manifest["files"]] == ["index.de.md", "index.en.md", "index.es.md"]
    for record in manifest["files"]:
        assert record["size"] == (bundle / record["path"]).stat().st_size
    assert verify_bundle(bundle).ok and verify_bundle(seed_project / "output").ok
    segments = len(sentences_of(load_document(SEED).units, "de"))
    assert re.fullmatch(rf"Published 1 document \({segments} segments: {segments} translated, 0 reused; 4 files\) "
                        r"into output in \d+\.\d s\.\n", err)


def test_publishing_twice_gives_byte_identical_files(seed_project: Path) -> None:
    def snapshot() -> dict[str, bytes]:
        out = seed_project / "output"
        return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}

    assert run("publish", "seeds/", "--to", "en,es", "--archive", "tar.gz", "-q")[0] == 0
    first = snapshot()
    shutil.rmtree(seed_project / "output")
    assert run("publish", "seeds/", "--to", "en,es", "--archive", "tar.gz", "-q")[0] == 0
    assert snapshot() == first
    assert run("publish", "seeds/", "--to", "en,es", "--archive", "tar.gz", "-q")[0] == 0  # over itself
    assert snapshot() == first


def test_publish_with_no_arguments_uses_babelpress_yaml(seed_project: Path) -> None:
    (seed_project / "babelpress.yaml").write_text(
        "sources: [seeds]\ntargets: [es]\nout: site/content\nlayout: folders\narchive: zip\n")
    code, out, err = run("publish", "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert summary["documents"] == 1 and summary["files"] == 3 and summary["errors"] == []
    assert summary["segments"] == len(sentences_of(load_document(SEED).units, "de"))
    assert summary["published"] == [{"source": f"seeds/{SEED.name}", "slug": SLUG,
                                     "files": [f"de/{SLUG}.md", f"es/{SLUG}.md", f"{SLUG}.zip"]}]
    assert isinstance(summary["seconds"], float)
    content = seed_project / "site" / "content"
    assert (content / "es" / f"{SLUG}.md").is_file() and (content / f"{SLUG}.zip").is_file()
    # A flag given on the command line overrides the file.
    assert run("publish", "--layout", "bundle", "--out", "other", "-q")[0] == 0
    assert (seed_project / "other" / SLUG / "index.es.md").is_file()


def test_bad_config_stops_before_any_work(seed_project: Path) -> None:
    (seed_project / "babelpress.yaml").write_text("sources: [seeds]\nlayuot: folders\n")
    code, _, err = run("publish")
    assert code == 1
    assert err == (f"Error: invalid configuration:\n{seed_project / 'babelpress.yaml'}:2: layuot: unknown key; known "
                   "keys are sources, source_lang, targets, out, layout, glossary, memory, archive, encoding, engine, executor.\n")
    assert not (seed_project / "output").exists()


def test_bad_inputs_are_reported_and_the_rest_is_published(seed_project: Path) -> None:
    bad = seed_project / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_text("  \n")
    (bad / "latin.txt").write_bytes("Die Größe zählt.".encode("cp1252"))
    (bad / "blob.md").write_bytes(b"\x00\x01\x02binary")
    (bad / "code.md").write_text("```\nmake test\n```\n")
    sources = ["seeds/", "bad/empty.txt", "bad/latin.txt", "bad/blob.md", "bad/code.md", "bad/missing.md"]
    code, out, err = run("publish", *sources, "--to", "en", "--json")
    assert code == 1
    errors = json.loads(out)["errors"]
    assert [e["source"] for e in errors] == sources[1:]
    assert [line for line in err.splitlines() if line.startswith("Error:")] == [
        "Error: bad/empty.txt is empty: there is nothing to translate.",
        "Error: bad/latin.txt is not valid UTF-8 (byte 6: b'\\xf6'). It decodes as Windows-1252/Latin-1. "
        "Convert it with `iconv -f WINDOWS-1252 -t UTF-8 FILE > FILE.utf8` or pass --encoding cp1252.",
        "Error: bad/blob.md looks like a binary file, not a text document; give a .txt or .md file.",
        "Error: bad/code.md has nothing to translate: it holds only code, HTML or link targets. "
        "Leave it out of the run, or add a title to its front matter.",
        "Error: bad/missing.md does not exist.",
    ]
    assert "Traceback" not in err
    assert (seed_project / "output" / SLUG / "index.en.md").is_file(), "the good document is still published"
    assert err.rstrip().endswith("; 5 failed.")
    # --encoding accepts the Windows-1252 file.
    code, _, err = run("publish", "bad/latin.txt", "--to", "en", "--encoding", "cp1252", "-q")
    assert code == 0, err
    assert (seed_project / "output" / "die-groesse-zaehlt" / "index.de.md").read_text().endswith("Die Größe zählt.\n")


def test_fail_fast_publishes_nothing(seed_project: Path) -> None:
    (seed_project / "empty.txt").write_text("")
    code, _, err = run("publish", "seeds/", "empty.txt", "--to", "en", "--fail-fast")
    assert code == 1
    assert err == "Error: empty.txt is empty: there is nothing to translate.\n"
    assert not (seed_project / "output").exists()


def test_unwritable_out(seed_project: Path) -> None:
    (seed_project / "file").write_text("x")
    code, _, err = run("publish", "seeds/", "--to", "en", "--out", "file/out")
    assert code == 1
    assert err == "Error: Cannot write into file/out: Not a directory. Choose a writable --out directory.\n"


def test_missing_model_fails_before_reading_anything(seed_project: Path, argos_home: Path) -> None:
    code, _, err = run("publish", "seeds/", "--to", "fr")
    assert code == 1
    assert err.startswith("Error: No translation model is installed for de→fr")
    assert not (seed_project / "output").exists()


def test_five_megabyte_paragraph_publishes(seed_project: Path) -> None:
    """One 5 MB line: cut into chunks by the segmenter, each distinct sentence decoded once."""
    sentence = heldout()[0].de
    text = " ".join([sentence] * (5_000_000 // (len(sentence) + 1) + 1))
    assert len(text) >= 5_000_000 and "\n" not in text
    (seed_project / "long.txt").write_text(text, encoding="utf-8")
    code, out, err = run("publish", "long.txt", "--to", "en", "--json", "--archive", "zip")
    assert code == 0, err
    summary = json.loads(out)
    assert summary["segments"] > 50_000
    slug = summary["published"][0]["slug"]
    translated = (seed_project / "output" / slug / "index.en.md").read_text(encoding="utf-8")
    assert translated.count(heldout()[0].en) >= 50_000


def test_two_sources_with_one_slug(seed_project: Path) -> None:
    (seed_project / "a.md").write_text("# Gleicher Titel\n\nEins.\n")
    (seed_project / "b.md").write_text("# Gleicher Titel\n\nZwei.\n")
    code, out, err = run("publish", "a.md", "b.md", "--to", "en", "--json")
    assert code == 1
    assert json.loads(out)["errors"] == [{"source": "b.md", "error": (
        "b.md would publish to the same folder 'gleicher-titel' as a.md; give one of them another title "
        "or a `slug:` in its front matter.")}]
    assert (seed_project / "output" / "gleicher-titel" / "index.en.md").is_file()


def test_publish_enforces_the_project_glossary(seed_project: Path, models_env: Path) -> None:
    """The project's glossary is enforced, hashed into every file and reported in its terminology file."""
    from translate.glossary import load_glossary

    (seed_project / "glossary").mkdir()
    shutil.copy(ROOT / "glossary" / "terms.yaml", seed_project / "glossary" / "terms.yaml")
    glossary = load_glossary(seed_project / "glossary" / "terms.yaml")
    code, _, err = run("publish", "seeds/", "--to", "en,es", "--out", "output")
    assert code == 0, err
    assert "term occurrences" in err  # the terminal table
    bundle = seed_project / "output" / SLUG
    assert sorted(p.name for p in bundle.iterdir()) == [
        ".babelpress-manifest.json", ".babelpress-terminology.json", "index.de.md", "index.en.md", "index.es.md"]
    for lang in ("de", "en", "es"):
        meta, _ = front_matter(bundle / f"index.{lang}.md")
        assert meta["glossary_sha256"] == glossary.sha256
    report = json.loads((bundle / ".babelpress-terminology.json").read_text())
    assert report["glossary_sha256"] == glossary.sha256
    occurrences = report["occurrences"]
    assert {row["language"] for row in occurrences} == {"en", "es"}
    assert {row["hop"] for row in occurrences if row["language"] == "es"} == {"de-en", "en-es"}
    # The seed names Freihandelsabkommen four times; every one is reported on both targets.
    assert sum(r["entry"] == "freihandelsabkommen" and r["language"] == "en" for r in occurrences) == 4
    assert set(r["status"] for r in occurrences) <= {"kept", "chosen from n-best", "repaired", "violated"}
    manifest = json.loads((bundle / ".babelpress-manifest.json").read_text())
    assert ".babelpress-terminology.json" in [f["path"] for f in manifest["files"]]
    assert verify_bundle(bundle).ok
    # --strict turns the violations the tiny test models leave on real text into a failure.
    violated = any(r["status"] == "violated" for r in occurrences)
    code, _, err = run("publish", "seeds/", "--to", "en,es", "--out", "output", "--strict")
    assert code == (1 if violated else 0)


def test_broken_glossary_stops_publish_before_any_work(seed_project: Path) -> None:
    (seed_project / "glossary").mkdir()
    (seed_project / "glossary" / "terms.yaml").write_text("entries:\n  - id: x\n    de: [unclosed\n")
    code, _, err = run("publish", "seeds/", "--to", "en", "--out", "output")
    assert code == 1
    assert "glossary/terms.yaml:" in err and "Traceback" not in err
    assert not (seed_project / "output").exists()
