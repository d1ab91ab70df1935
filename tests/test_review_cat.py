"""Review in a CAT tool: export XLIFF 1.2 / PO, edit two segments, import, publish changes exactly those."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from heldout import heldout
from lxml import etree

from translate.cli import cli
from translate.memory import TranslationMemory
from translate.publish.verify import verify_bundle

SCHEMA = Path(__file__).parent / "fixtures" / "xliff-1.2" / "xliff-core-1.2-strict.xsd"
XLF = "{urn:oasis:names:tc:xliff:document:1.2}"
GLOSSARY = """version: 1
source: de
entries:
- id: zoll
  de: Zoll
  en: tariff
  es: arancel
  forms:
    de: [Zölle]
    en: [tariffs]
    es: [aranceles]
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


COMMON = ("artikel.md", "--memory", "memory.sqlite3", "--glossary", "terms.yaml")


def _project(root: Path) -> None:
    s = heldout()
    body = f"{s[0].de} {s[1].de} {s[2].de}\n\n{s[3].de.replace('China', '**China**')} {s[4].de}\n\n{s[5].de}"
    (root / "artikel.md").write_text(f"# Die Zölle\n\n{body}\n", encoding="utf-8")
    (root / "terms.yaml").write_text(GLOSSARY, encoding="utf-8")


def publish() -> dict[str, bytes]:
    code, _, err = run("publish", *COMMON, "--to", "en,es")
    assert code == 0, err
    bundle = Path("output") / "die-zoelle"
    return {p.name: p.read_bytes() for p in sorted(bundle.iterdir())}


def review_import(path: Path) -> dict[str, object]:
    code, out, err = run("review", "import", str(path), *COMMON, "--json")
    assert code == 0, err
    return dict(json.loads(out))


def _units(path: Path) -> list[ET.Element]:
    return list(ET.parse(path).getroot().iter(f"{XLF}trans-unit"))


def _text(element: ET.Element | None) -> str:
    return "".join(element.itertext()) if element is not None else ""


def test_xliff_round_trip_changes_exactly_the_two_edited_segments(seed_project: Path) -> None:
    _project(seed_project)
    before = publish()
    exported = seed_project / "review.xlf"
    code, _, err = run("review", "export", *COMMON, "--to", "es", "--out", str(exported))
    assert code == 0, err

    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    document = etree.parse(str(exported))
    assert schema.validate(document), schema.error_log
    units = _units(exported)
    assert len(units) == 7  # the title and six sentences
    for unit in units:
        target = unit.find(f"{XLF}target")
        assert target is not None and target.get("state") == "needs-review-translation"
        assert target.get("state-qualifier") == "mt-suggestion"
        contexts = {c.get("context-type"): c.text for c in unit.iter(f"{XLF}context")}
        assert contexts["sourcefile"] == "artikel.md" and contexts["x-babelpress-document"] == "die-zoelle"
    title = units[0]
    assert _text(title.find(f"{XLF}source")) == "Die Zölle"
    notes = [n.text or "" for n in title.iter(f"{XLF}note")]
    assert any("Zölle" in note for note in notes) and any("arancel" in note for note in notes), notes
    bold = next(u for u in units if u.find(f"{XLF}source/{XLF}g") is not None)
    assert bold.find(f"{XLF}source/{XLF}g").text == "China"  # type: ignore[union-attr]
    assert bold.find(f"{XLF}target/{XLF}g") is not None, "the marker is an XLIFF <g> in the target too"

    # A CAT tool edits two segments: one gets new text and the state "translated",
    # the other new text only.
    first, second = units[2], units[6]
    old = [_text(first.find(f"{XLF}target")), _text(second.find(f"{XLF}target"))]
    new = ["Trump quiere revisar los aranceles.", "El presidente revisa los aranceles."]
    tree = etree.parse(str(exported))
    for unit_id, text, state in ((first.get("id"), new[0], "translated"), (second.get("id"), new[1], None)):
        (target,) = tree.xpath(f"//x:trans-unit[@id='{unit_id}']/x:target", namespaces={"x": XLF[1:-1]})
        target.text = text
        if state:
            target.set("state", state)
    edited = seed_project / "edited.xlf"
    tree.write(str(edited), xml_declaration=True, encoding="UTF-8")

    report = review_import(edited)
    assert report["stored"] == 2 and report["unchanged"] == 5 and report["skipped"] == []
    with TranslationMemory.open(seed_project / "memory.sqlite3") as memory:
        human = sorted(e.translation for e in memory.entries() if e.origin == "human")
    assert human == sorted(new)

    after = publish()
    assert after["index.en.md"] == before["index.en.md"] and after["index.de.md"] == before["index.de.md"]
    # The two reviewed sentences, and the front matter counting them (`reviewed: 2`).
    expected = before["index.es.md"].decode().replace("index.de.md\n", "index.de.md\nreviewed: 2\n", 1)
    for machine, human_text in zip(old, new):
        assert expected.count(machine) == 1
        expected = expected.replace(machine, human_text)
    assert after["index.es.md"].decode() == expected
    assert verify_bundle(seed_project / "output").ok

    # Importing the untouched export stores nothing; a new export marks the two as human.
    assert review_import(exported)["stored"] == 0
    code, _, err = run("review", "export", *COMMON, "--to", "es", "--out", str(exported))
    assert code == 0, err
    states = {_text(u.find(f"{XLF}target")): u.find(f"{XLF}target").get("state") for u in _units(exported)}  # type: ignore[union-attr]
    assert states[new[0]] == states[new[1]] == "translated"
    assert list(states.values()).count("needs-review-translation") == 5


def test_po_round_trip_changes_exactly_the_two_edited_segments(seed_project: Path) -> None:
    _project(seed_project)
    before = publish()
    exported = seed_project / "review.po"
    code, _, err = run("review", "export", *COMMON, "--to", "es", "--format", "po", "--out", str(exported))
    assert code == 0, err
    if shutil.which("msgfmt"):
        checked = subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(exported)], capture_output=True,
                                 text=True, timeout=60)
        assert checked.returncode == 0, checked.stderr
    po = polib.pofile(str(exported))
    assert len(po) == 7 and all("fuzzy" in e.flags for e in po)
    assert all(e.msgctxt and e.msgctxt.startswith("die-zoelle:") for e in po)
    assert po[0].msgid == "Die Zölle" and "arancel" in po[0].comment
    assert any(e.msgid.count("<0>China</1>") == 1 and e.msgstr.count("<0>") == 1 for e in po), "markers stay as text"

    old = [po[1].msgstr, po[5].msgstr]
    new = ["Donald Trump informa de otra cosa.", "¿Por qué hay un trato tan importante?"]
    po[1].msgstr, po[5].msgstr = new
    po[1].flags.remove("fuzzy")  # the second one is left fuzzy: its new text is what counts
    edited = seed_project / "edited.po"
    po.save(str(edited))

    report = review_import(edited)
    assert report["stored"] == 2 and report["unchanged"] == 5
    after = publish()
    # The two reviewed sentences, and the front matter counting them (`reviewed: 2`).
    expected = before["index.es.md"].decode().replace("index.de.md\n", "index.de.md\nreviewed: 2\n", 1)
    for machine, human_text in zip(old, new):
        expected = expected.replace(machine, human_text)
    assert after["index.es.md"].decode() == expected != before["index.es.md"].decode()
    assert after["index.en.md"] == before["index.en.md"]
    assert verify_bundle(seed_project / "output").ok


def test_import_refuses_changed_markers_and_unknown_sources_and_counts_them(seed_project: Path) -> None:
    _project(seed_project)
    publish()
    exported = seed_project / "review.po"
    assert run("review", "export", *COMMON, "--to", "es", "--format", "po", "--out", str(exported))[0] == 0
    po = polib.pofile(str(exported))
    marked = next(e for e in po if "<0>" in e.msgid)
    marked.msgstr = marked.msgstr.replace("<0>", "").replace("</1>", "")  # the tool lost the bold
    po[0].msgid = "Ein Satz, den es nicht gibt."
    po[0].msgstr = "Una frase que no existe."
    po.save(str(exported))
    report = review_import(exported)
    assert report["stored"] == 0
    reasons = [item["reason"] for item in report["skipped"]]  # type: ignore[union-attr]
    assert len(reasons) == 2
    assert any("inline markup" in r for r in reasons) and any("not a sentence of" in r for r in reasons)
    with TranslationMemory.open(seed_project / "memory.sqlite3") as memory:
        assert not [e for e in memory.entries() if e.origin == "human"]


def test_bad_files_and_options_get_one_clear_message(seed_project: Path) -> None:
    _project(seed_project)
    publish()
    garbage = seed_project / "notes.xlf"
    garbage.write_text("this is not XML", encoding="utf-8")
    code, out, err = run("review", "import", str(garbage), *COMMON)
    assert code == 1 and "not an XLIFF 1.2 or PO file" in err and "Traceback" not in err
    code, _, err = run("review", "export", *COMMON, "--to", "es", "--format", "docx", "--out", "x.docx")
    assert code == 2 and "docx" in err
    code, _, err = run("review", "export", *COMMON, "--to", "de", "--out", "x.xlf")
    assert code == 1 and "source language" in err and not Path("x.xlf").exists()


@pytest.mark.skipif(not os.environ.get("BABELPRESS_TOOLKIT"),
                    reason="translate-toolkit installs a top-level `translate` package, the same name as "
                           "babelpress's, so it cannot share an environment with it: set BABELPRESS_TOOLKIT to a "
                           "`pip install --target DIR translate-toolkit` folder to run this test")
def test_translate_toolkit_reads_the_export(seed_project: Path) -> None:
    _project(seed_project)
    publish()
    for name, fmt in (("review.xlf", "xliff"), ("review.po", "po")):
        assert run("review", "export", *COMMON, "--to", "es", "--format", fmt, "--out", name)[0] == 0
    probe = (
        "import json, sys\n"
        "from translate.storage import factory\n"
        "out = {}\n"
        "for name in sys.argv[1:]:\n"
        "    store = factory.getobject(name)\n"
        "    units = [u for u in store.units if not u.isheader()]\n"
        "    out[name] = [[str(u.source), str(u.target), u.getcontext(), u.isfuzzy()] for u in units]\n"
        "print(json.dumps(out))\n"
    )
    env = {"PYTHONPATH": os.environ["BABELPRESS_TOOLKIT"], "PATH": os.environ.get("PATH", "")}
    done = subprocess.run([sys.executable, "-c", probe, "review.xlf", "review.po"], capture_output=True, text=True,
                          timeout=120, env=env, cwd=seed_project)
    assert done.returncode == 0, done.stderr
    read = json.loads(done.stdout)
    assert len(read["review.xlf"]) == len(read["review.po"]) == 7
    assert read["review.xlf"][0][0] == read["review.po"][0][0] == "Die Zölle"
    assert all(unit[1] for unit in read["review.xlf"]) and all(unit[3] for unit in read["review.po"])
