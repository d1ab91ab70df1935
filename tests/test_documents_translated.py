"""Real German Markdown through the synthetic test models: structure survives.

The test models only know a synthetic language, so their output for real
German is meaningless; these tests check structure, never translation.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support import SHARED, shared_path
from heldout import heldout
from markdown_checks import block_structure, protected, raw_code_blocks

from translate.documents import load_document, parse_document
from translate.run.batch import prepare
from translate.run.translate import decode_groups

CORPUS = SHARED / "corpus" / "markdown-de"
CORPUS_FILES = sorted(p.name for p in CORPUS.glob("*.md")) if CORPUS.is_dir() else ["(corpus missing)"]


@pytest.fixture(scope="module")
def translated_corpus(installed_models: Path) -> dict[str, tuple[str, dict[str, str]]]:
    """Every corpus file translated to en and es in one batch (as publish does)."""
    from translate.engine.decoder import Engine, EngineSettings
    from translate.engine.packages import installed_packages

    shared_path("corpus", "markdown-de")
    documents = [load_document(CORPUS / name) for name in CORPUS_FILES]
    engine = Engine(installed_packages(installed_models), EngineSettings(beam_size=1))
    prepared = prepare(engine.plan("de", ["en", "es"]), documents)
    results = prepared.translate(engine).units
    # Per group of distinct sentences (translate.run.translate.decode_groups; a repeat is not decoded again)
    # and hop: one batched call translates (its attention places the markup); marked words translated alone
    # take one call per length class of phrase (at most four).
    groups = len(decode_groups(list(dict.fromkeys(prepared.sentences))))
    assert set(engine.stats.calls_by_pair) == {"de-en", "en-es"}
    assert all(2 * groups <= calls <= 5 * groups for calls in engine.stats.calls_by_pair.values()), \
        engine.stats.calls_by_pair
    return {
        name: (document.text, {lang: document.render(units[lang]).text for lang in ("en", "es")})
        for name, document, units in zip(CORPUS_FILES, documents, results)
    }


@pytest.mark.parametrize("name", CORPUS_FILES)
@pytest.mark.parametrize("lang", ["en", "es"])
def test_code_urls_and_blocks_survive_translation(translated_corpus: dict[str, tuple[str, dict[str, str]]],
                                                  name: str, lang: str) -> None:
    source, translations = translated_corpus[name]
    output = translations[lang]
    assert output != source, "the text was translated"
    assert block_structure(output) == block_structure(source)
    assert protected(output) == protected(source)  # code blocks, inline code, URLs, HTML, footnotes
    blocks = raw_code_blocks(source)
    assert raw_code_blocks(output) == blocks  # the code blocks' source lines, byte for byte
    assert all(block in output for block in blocks)


def test_synthetic_markdown_translates_exactly(engine) -> None:  # type: ignore[no-untyped-def]
    """Sentences the models know, inside Markdown: the text is the model's, the markup the source's."""
    a, b, c = heldout()[:3]
    text = f"# {a.de.rstrip('.')}\n\n> {b.de}\n\n- {c.de}\n\n```\n{a.de}\n```\n"
    document = parse_document("synthetic.md", text, markdown=True)
    units = prepare(engine.plan("de", ["en"]), [document]).translate(engine).units[0]["en"]
    rendered = document.render(units).text
    assert rendered.split("\n\n")[1:] == [f"> {b.en}", f"- {c.en}", f"```\n{a.de}\n```\n"]
    assert rendered.startswith("# ")
