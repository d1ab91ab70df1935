"""``babelpress evaluate``: sacrebleu BLEU/chrF and glossary term success of a run."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from support import DE_EN, EN_ES
from translate.cli import cli
from translate.errors import InputError
from translate.evaluation import read_test_set, score

needs_models = pytest.mark.skipif(
    not (DE_EN.exists() and EN_ES.exists()), reason="the synthetic test models are not built yet")


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_scores_are_sacrebleus_own_figures_and_signatures() -> None:
    import sacrebleu

    hyps = ["The cat sat on the mat.", "A free trade deal was signed today."]
    refs = ["The cat sat on the mat.", "The free trade deal was signed on Monday."]
    scores = score(hyps, refs)
    assert scores.bleu == sacrebleu.corpus_bleu(hyps, [refs]).score
    assert scores.chrf == sacrebleu.corpus_chrf(hyps, [refs]).score
    assert scores.bleu_signature.startswith("nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:")
    assert scores.chrf_signature.startswith("nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:")


def test_misaligned_files_are_refused(tmp_path: Path) -> None:
    source = write_lines(tmp_path / "test.de", ["Eins.", "Zwei.", "Drei."])
    reference = write_lines(tmp_path / "test.en", ["One.", "Two."])
    with pytest.raises(InputError) as info:
        read_test_set(source, reference)
    assert str(info.value) == (f"{source} has 3 lines but {reference} has 2: the source and the reference "
                               "must be aligned line by line.")
    code, out, err = invoke("evaluate", "--source", str(source), "--reference", str(reference), "--to", "en")
    assert (code, out) == (1, "")
    assert err == f"Error: {info.value}\n"


def test_missing_and_empty_files(tmp_path: Path) -> None:
    empty = write_lines(tmp_path / "empty.de", [])
    ref = write_lines(tmp_path / "ref.en", [])
    code, _, err = invoke("evaluate", "--source", str(empty), "--reference", str(ref), "--to", "en")
    assert (code, err) == (1, f"Error: {empty} is empty: give one source segment per line.\n")
    missing = tmp_path / "none.de"
    code, _, err = invoke("evaluate", "--source", str(missing), "--reference", str(ref), "--to", "en")
    assert (code, err) == (1, f"Error: {missing} does not exist.\n")


def test_one_target_language_only(tmp_path: Path) -> None:
    source = write_lines(tmp_path / "a.de", ["Eins."])
    code, _, err = invoke("evaluate", "--source", str(source), "--reference", str(source), "--to", "en,es")
    assert code == 2
    assert "evaluate scores one language at a time: give one --to language." in err


def test_a_missing_model_is_named_in_a_subprocess(tmp_path: Path, argos_home: Path) -> None:
    source = write_lines(tmp_path / "a.de", ["Eins."])
    reference = write_lines(tmp_path / "a.en", ["One."])
    result = subprocess.run(
        [sys.executable, "-m", "translate", "evaluate", "--source", str(source), "--reference", str(reference),
         "--to", "en"], capture_output=True, text=True, env=dict(os.environ), timeout=120)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.startswith("Error: No translation model is installed for de→en")
    assert "babelpress models install de en" in result.stderr and "Traceback" not in result.stderr


# -- with the synthetic test models -----------------------------------------------


@needs_models
def test_heldout_set_scores_match_sacrebleu_on_the_same_output(tmp_path: Path, models_env: Path, engine) -> None:  # type: ignore[no-untyped-def]
    import sacrebleu

    from heldout import heldout

    examples = heldout()[:40]
    source = write_lines(tmp_path / "heldout.de", [e.de for e in examples])
    reference = write_lines(tmp_path / "heldout.en", [e.en for e in examples])
    output = tmp_path / "hyp.en"
    code, out, err = invoke("evaluate", "--source", str(source), "--reference", str(reference), "--to", "en",
                            "--beam-size", "2", "--output", str(output), "--json")
    assert (code, err) == (0, "")
    report = json.loads(out)
    hypotheses = output.read_text(encoding="utf-8").splitlines()
    # The output is the engine's translation of each held-out sentence ...
    assert hypotheses == engine.translate([e.de for e in examples], "de", "en")
    # ... and the figures are sacrebleu's for that output.
    refs = [[e.en for e in examples]]
    bleu, chrf = sacrebleu.BLEU(), sacrebleu.CHRF()
    assert report["bleu"] == round(bleu.corpus_score(hypotheses, refs).score, 2)
    assert report["chrf"] == round(chrf.corpus_score(hypotheses, refs).score, 2)
    assert (report["bleu_signature"], report["chrf_signature"]) == (str(bleu.get_signature()), str(chrf.get_signature()))
    assert (report["lines"], report["sentences"], report["source"], report["target"]) == (40, 40, "de", "en")
    assert "terms" not in report


@needs_models
def test_table_output(tmp_path: Path, models_env: Path) -> None:
    from heldout import heldout

    examples = heldout()[:5]
    source = write_lines(tmp_path / "h.de", [e.de for e in examples])
    reference = write_lines(tmp_path / "h.es", [e.es for e in examples])
    code, out, _ = invoke("evaluate", "--source", str(source), "--reference", str(reference), "--to", "es")
    assert code == 0
    lines = out.splitlines()
    assert re.fullmatch(r"de→es: 5 lines, 5 sentences, translated in \d+\.\d s", lines[0])
    assert lines[1] == "metric   score  signature"
    assert re.fullmatch(r"BLEU +\d+\.\d  nrefs:1\|case:mixed\|eff:no\|tok:13a\|smooth:exp\|version:[\d.]+", lines[2])
    assert re.fullmatch(r"chrF +\d+\.\d  nrefs:1\|case:mixed\|eff:yes\|nc:6\|nw:0\|space:no\|version:[\d.]+", lines[3])


@needs_models
def test_glossary_term_success_rate(tmp_path: Path, models_env: Path) -> None:
    from heldout import heldout

    examples = [e for e in heldout() if "freihandelsabkommen" in e.de.lower()][:10]
    examples += [e for e in heldout() if "freihandelsabkommen" not in e.de.lower()][:5]
    assert len(examples) >= 8
    glossary = tmp_path / "terms.yaml"
    glossary.write_text(
        "version: 1\nsource: de\nentries:\n"
        "  - id: fta\n    de: Freihandelsabkommen\n    en: free trade deal\n    es: acuerdo de libre comercio\n",
        encoding="utf-8")
    source = write_lines(tmp_path / "t.de", [e.de for e in examples])
    reference = write_lines(tmp_path / "t.en", [e.en for e in examples])
    output = tmp_path / "hyp.en"
    code, out, err = invoke("evaluate", "--source", str(source), "--reference", str(reference), "--to", "en",
                            "--glossary", str(glossary), "--output", str(output), "--json")
    assert (code, err) == (0, "")
    terms = json.loads(out)["terms"]
    hypotheses = output.read_text(encoding="utf-8").splitlines()
    # Independently: a line counts when its output names the deal as often as its source does.
    expected = [
        hyp.lower().count("free trade deal") >= e.de.lower().count("freihandelsabkommen")
        for e, hyp in zip(examples, hypotheses) if "freihandelsabkommen" in e.de.lower()
    ]
    assert terms["found"] == len(expected)
    assert terms["correct"] == sum(expected)
    assert terms["rate"] == sum(expected) / len(expected)


def test_a_test_set_that_is_not_utf8_is_not_told_to_use_an_option_evaluate_lacks(tmp_path: Path) -> None:
    latin = tmp_path / "latin1.de"
    latin.write_bytes("Grüße aus Köln.\n".encode("cp1252"))
    code, _, err = invoke("evaluate", "--source", str(latin), "--reference", str(latin), "--to", "en")
    assert code == 1
    assert err.startswith(f"Error: {latin} is not valid UTF-8") and "iconv" in err
    assert "--encoding" not in err
