"""``babelpress evaluate --terms``: the WMT terminology task's term success rate."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from support import DE_EN, EN_ES, ROOT, shared_path
from translate.cli import cli
from translate.errors import InputError
from translate.evaluation import read_term_constraints, term_constraint_success

FIXTURES = ROOT / "tests" / "fixtures" / "terms"
needs_models = pytest.mark.skipif(
    not (DE_EN.exists() and EN_ES.exists()), reason="the synthetic test models are not built yet")


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


# -- the definition, by hand ------------------------------------------------------------


def test_wmt23_lists_scored_by_hand() -> None:
    terms = read_term_constraints(FIXTURES / "tiny.term.proper", "de", "en", lines=3)
    assert terms.format == "wmt23"
    hypotheses = ["The Treatment of hand-injuries is hard.", "A THROMBUS is rare.", "No terms here."]
    result = term_constraint_success(terms, lines(FIXTURES / "tiny.de"), hypotheses)
    # Line 1: "Versorgung" and "Handverletzungen" are in the source, "Operation" is not (not counted);
    #         "treatment" is in the output (case ignored), "hand injuries" is not ("hand-injuries").
    # Line 2: "thrombus" is in the source ignoring case, "Thrombus" in the output ignoring case.
    # Line 3: no constraints.
    assert (result.listed, result.found, result.matched) == (4, 3, 2)
    assert result.rate == 2 / 3


def test_wmt25_records_scored_by_hand_per_mode() -> None:
    hypotheses = ["Abra los ajustes del almacenamiento.", "El espacio está vacío."]
    proper = read_term_constraints(FIXTURES / "tiny.enes.jsonl", "en", "es", mode="proper")
    assert proper.format == "wmt25"
    assert proper.sources == ["Open the storage settings.", "The space is empty."]
    assert proper.references == ["Abra la configuración del almacenamiento.", "El espacio está vacío."]
    result = term_constraint_success(proper, proper.sources or [], hypotheses)
    # storage→almacenamiento ok; Settings→configuración found ("settings") but missing;
    # space→Espacio ok ("espacio"); tenant→inquilino not in the source, not counted.
    assert (result.listed, result.found, result.matched, result.rate) == (4, 3, 2, 2 / 3)
    random = read_term_constraints(FIXTURES / "tiny.enes.jsonl", "en", "es", mode="random")
    result = term_constraint_success(random, random.sources or [], hypotheses)
    assert (result.listed, result.found, result.matched, result.rate) == (1, 1, 1, 1.0)
    noterm = read_term_constraints(FIXTURES / "tiny.enes.jsonl", "en", "es", mode="noterm")
    result = term_constraint_success(noterm, noterm.sources or [], hypotheses)
    assert (result.found, result.rate) == (0, None)


# -- malformed files ----------------------------------------------------------------------


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("text", "message"), [
    ('[{"en": "a", "de": "b"}]\n[{"en": "a", "de": \n', "line 2 is not valid JSON"),
    ('[{"en": "a", "de": "b"}]\n{"en": "x"}\n', "line 2 is a JSON object, but line 1 is a list"),
    ('[{"en": "a", "de": "b"}]\n[{"fr": "a", "de": "b"}]\n', 'line 2, term 1 has no "en" term (it has de, fr)'),
    ('[{"en": 3, "de": "b"}]\n', 'line 1, term 1: "en" must be a string'),
    ('"just a string"\n', "line 1 is neither a WMT23 term list"),
    ('{"en": "a", "es": "b", "proper": ["x"]}\n', 'line 1: "proper" must be an object of source term: target term'),
])
def test_malformed_files_name_the_line(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path / "bad.terms", text)
    with pytest.raises(InputError) as info:
        read_term_constraints(path, "de" if '"de"' in text else "en", "en" if '"de"' in text else "es")
    assert str(info.value).startswith(f"{path}: ")
    assert message in str(info.value)


def test_cli_errors_are_one_message(tmp_path: Path) -> None:
    source = FIXTURES / "tiny.de"
    reference = FIXTURES / "tiny.en"
    short = write(tmp_path / "short.terms", '[{"en": "a", "de": "b"}]\n')
    code, out, err = invoke("evaluate", "--source", str(source), "--reference", str(reference), "--to", "en",
                            "--terms", str(short))
    assert (code, out) == (1, "")
    assert err == (f"Error: {short} has 1 line of term constraints but {source} has 3 lines: "
                   "line N of the terms belongs to line N of the source.\n")
    code, _, err = invoke("evaluate", "--source", str(source), "--reference", str(reference), "--to", "en",
                          "--terms", str(FIXTURES / "tiny.term.proper"), "--terms-format", "wmt25")
    assert code == 1
    assert err.startswith(f"Error: {FIXTURES / 'tiny.term.proper'}: line 1 is a JSON list")
    assert "--terms-format wmt23" in err
    code, _, err = invoke("evaluate", "--to", "en")
    assert code == 1
    assert err == ("Error: give --source and --reference (or a WMT25 --terms file, whose records hold both).\n")
    code, _, err = invoke("evaluate", "--from", "en", "--to", "de", "--terms", str(FIXTURES / "tiny.enes.jsonl"))
    assert code == 1
    assert 'line 1 has no "de" text (it has en, es, noterm, proper, random)' in err


def test_a_malformed_file_shows_no_traceback_in_a_subprocess(tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.jsonl", '{"en": "a", "es": "b", "proper": {}}\n{oops\n')
    result = subprocess.run(
        [sys.executable, "-m", "translate", "evaluate", "--from", "en", "--to", "es", "--terms", str(bad)],
        capture_output=True, text=True, env=dict(os.environ), timeout=120)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.startswith(f"Error: {bad}: line 2 is not valid JSON")
    assert "Traceback" not in result.stderr


# -- with the synthetic test models ---------------------------------------------------


def recount(pairs: list[list[tuple[str, str]]], sources: list[str], hypotheses: list[str]) -> tuple[int, int]:
    """The WMT25 track-1 count, written out again: source side in the source, target side in the output."""
    found = matched = 0
    for terms, source, hypothesis in zip(pairs, sources, hypotheses):
        for src, tgt in terms:
            if src.lower() in source.lower():
                found += 1
                matched += tgt.lower() in hypothesis.lower()
    return found, matched


@needs_models
def test_fixture_through_the_cli(tmp_path: Path, models_env: Path) -> None:
    output = tmp_path / "hyp.en"
    code, out, err = invoke("evaluate", "--source", str(FIXTURES / "tiny.de"), "--reference",
                            str(FIXTURES / "tiny.en"), "--to", "en", "--terms", str(FIXTURES / "tiny.term.proper"),
                            "--beam-size", "1", "--output", str(output), "--json")
    assert (code, err) == (0, "")
    report = json.loads(out)["term_constraints"]
    hypotheses = lines(output)
    pairs = [[(t["de"], t["en"]) for t in json.loads(line)] for line in lines(FIXTURES / "tiny.term.proper")]
    found, matched = recount(pairs, lines(FIXTURES / "tiny.de"), hypotheses)
    assert found == 3
    assert report == {"file": str(FIXTURES / "tiny.term.proper"), "format": "wmt23", "mode": None,
                      "listed": 4, "found": 3, "matched": matched, "rate": matched / 3}


def first(path: Path, count: int, to: Path) -> Path:
    with path.open(encoding="utf-8") as handle:
        to.write_text("".join(next(handle) for _ in range(count)), encoding="utf-8")
    return to


@needs_models
def test_wmt23_smoke(tmp_path: Path, models_env: Path) -> None:
    corpus = shared_path("corpus", "terminology", "wmt23-deen")
    source = first(corpus / "deen.de", 30, tmp_path / "deen.de")
    reference = first(corpus / "deen.en", 30, tmp_path / "deen.en")
    terms = first(corpus / "deen.term.proper", 30, tmp_path / "deen.term.proper")
    output = tmp_path / "hyp.en"
    code, out, err = invoke("evaluate", "--source", str(source), "--reference", str(reference), "--to", "en",
                            "--terms", str(terms), "--beam-size", "1", "--output", str(output))
    assert (code, err) == (0, "")
    pairs = [[(t["de"], t["en"]) for t in json.loads(line)] for line in lines(terms)]
    found, matched = recount(pairs, lines(source), lines(output))
    assert found > 60
    row = [line for line in out.splitlines() if line.startswith("TSR")]
    assert row == [f"TSR     {100 * matched / found:>6.1f}  {matched} of {found} term constraints met "
                   f"(wmt23, WMT term success rate)"]


@needs_models
def test_wmt25_smoke(tmp_path: Path, models_env: Path) -> None:
    corpus = shared_path("corpus", "terminology", "wmt25-track1")
    records = first(corpus / "full_data.enes.jsonl", 30, tmp_path / "enes.jsonl")
    output = tmp_path / "hyp.es"
    code, out, err = invoke("evaluate", "--from", "en", "--to", "es", "--terms", str(records),
                            "--terms-mode", "random", "--beam-size", "1", "--output", str(output), "--json")
    assert (code, err) == (0, "")
    report = json.loads(out)
    data = [json.loads(line) for line in lines(records)]
    pairs = [list(r["random"].items()) for r in data]
    found, matched = recount(pairs, [r["en"] for r in data], lines(output))
    assert found > 20
    assert report["lines"] == 30
    assert report["term_constraints"] == {"file": str(records), "format": "wmt25", "mode": "random",
                                          "listed": sum(map(len, pairs)), "found": found, "matched": matched,
                                          "rate": matched / found}
    import sacrebleu

    assert report["bleu"] == round(sacrebleu.corpus_bleu(lines(output), [[r["es"] for r in data]]).score, 2)


def test_a_mode_for_a_wmt23_file_is_refused(tmp_path: Path) -> None:
    # A WMT23 file is one mode already (deen.term.proper or deen.term.random): a mode would be silently ignored.
    terms = FIXTURES / "tiny.term.proper"
    code, out, err = invoke("evaluate", "--source", str(FIXTURES / "tiny.de"), "--reference",
                            str(FIXTURES / "tiny.en"), "--to", "en", "--terms", str(terms), "--terms-mode", "random")
    assert (code, out) == (1, "")
    assert err == (f"Error: {terms} is a WMT23 term list, one mode per file (deen.term.proper, deen.term.random): "
                   "leave out --terms-mode.\n")
