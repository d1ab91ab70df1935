"""The enforcement chain's decisions, with a scripted stand-in for the model.

Unit tests of the logic *around* the engine: which hypothesis is kept, when a
forced prefix or a replacement is used, what the statuses say and that every
step is one batched call. What the real models produce is tested in
test_glossary_enforce.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from translate.engine.decoder import Hypothesis
from translate.glossary import Entry
from translate.enforce.enforce import HopEnforcer, Job, Occurrence
from translate.engine.packages import ModelPackage

FTA = Entry(
    "fta",
    {"de": "Freihandelsabkommen", "en": "free trade agreement"},
    forms={"en": ("free trade agreements",)},
    forbidden={"en": ("free trade deal", "free trade deals")},
)
PACKAGE = ModelPackage(Path("fake"), "de", "en", "German", "English", "1", "1", "", "sentencepiece")


class Pieces:
    def encode(self, text: str) -> list[str]:
        return ["\u2581" + word for word in text.split()]


class ScriptedModel:
    """Answers decode() from a script: (sentence, forced prefix text) → hypotheses, best first."""

    def __init__(self, script: dict[tuple[str, str], list[str]]) -> None:
        self.script = script
        self.calls: list[tuple[int, int]] = []  # (sentences, num_hypotheses) per call

    def tokenizer(self, package: ModelPackage) -> Pieces:
        return Pieces()

    def decode(
        self,
        package: ModelPackage,
        sentences: Sequence[str],
        *,
        num_hypotheses: int = 1,
        target_prefixes: Sequence[Sequence[str] | None] | None = None,
        return_attention: bool = False,
    ) -> list[list[Hypothesis]]:
        self.calls.append((len(sentences), num_hypotheses))
        prefixes = target_prefixes or [None] * len(sentences)
        out = []
        for sentence, prefix in zip(sentences, prefixes):
            key = " ".join(piece.lstrip("\u2581") for piece in prefix or [])
            texts = self.script[(sentence, key)][:num_hypotheses]
            out.append([Hypothesis(t, Pieces().encode(t), -0.1 * (i + 1), None) for i, t in enumerate(texts)])
        return out


def job(text: str) -> Job:
    start = text.index("Freihandelsabkommen")
    return Job(text, [Occurrence(FTA, "Freihandelsabkommen", (start, start + len("Freihandelsabkommen")))])


def test_the_chain_from_kept_to_violated() -> None:
    model = ScriptedModel({
        ("Das Freihandelsabkommen hilft.", ""): ["The free trade agreement helps.", "The deal helps."],
        ("Ein Freihandelsabkommen gilt.", ""): ["A free trade deal applies.", "A free trade agreement applies."],
        ("Ein Freihandelsabkommen kommt.", ""): ["A free trade deal comes.", "A deal comes."],
        ("Ein Freihandelsabkommen kommt.", "A free trade agreement"): ["A free trade agreement comes."],
        ("Ein Freihandelsabkommen kommt.", "A free trade agreements"): ["A free trade agreements comes."],
        ("Die Freihandelsabkommen helfen.", ""): ["The free trade deals help.", "The deals help."],
        # Forced continuations that are cut short are not taken.
        ("Die Freihandelsabkommen helfen.", "The free trade agreement"): ["The free trade agreement"],
        ("Die Freihandelsabkommen helfen.", "The free trade agreements"): ["The free trade agreements"],
        ("Das Freihandelsabkommen fehlt.", ""): ["Something else entirely.", "Nothing at all."],
    })
    jobs = [
        job("Das Freihandelsabkommen hilft."),
        job("Ein Freihandelsabkommen gilt."),
        job("Ein Freihandelsabkommen kommt."),
        job("Die Freihandelsabkommen helfen."),
        job("Das Freihandelsabkommen fehlt."),
    ]
    HopEnforcer(model, PACKAGE, "de", n_best=2).run(jobs)  # type: ignore[arg-type]
    assert [(j.output, j.statuses[0]) for j in jobs] == [
        ("The free trade agreement helps.", ("kept", "")),
        ("A free trade agreement applies.", ("chosen from n-best", "n-best")),
        # singular like the model's "deal": the singular forced form wins
        ("A free trade agreement comes.", ("repaired", "prefix")),
        # the model said "deals": the plural accepted form replaces it
        ("The free trade agreements help.", ("repaired", "replacement")),
        # no wrong rendering to put right and nothing to align: reported, plain output kept
        ("Something else entirely.", ("violated", "")),
    ]
    # One plain call for all five, one n-best call for the four the plain
    # translation got wrong, one forced-prefix call for the two still wrong
    # (two accepted forms each): never one call per sentence.
    assert model.calls == [(5, 1), (4, 2), (4, 1)]


def test_a_correct_plural_is_not_accepted_for_a_singular() -> None:
    model = ScriptedModel({
        ("Ein Freihandelsabkommen gilt.", ""): [
            "A free trade deal applies.",
            "A free trade agreements applies.",  # right term, wrong number: not chosen
            "A free trade agreement applies.",
        ],
    })
    jobs = [job("Ein Freihandelsabkommen gilt.")]
    HopEnforcer(model, PACKAGE, "de", n_best=3).run(jobs)  # type: ignore[arg-type]
    assert jobs[0].output == "A free trade agreement applies."
    assert jobs[0].statuses == [("chosen from n-best", "n-best")]


def test_a_forced_continuation_must_follow_the_models_sentence() -> None:
    from translate.enforce.criteria import follows, plausible

    tail = " will plan the tariffs against China."
    assert follows(tail, tail)
    assert follows(" will plan tariffs against China.", tail)  # one word dropped
    assert not follows(" the tariffs against China.", tail)  # "will plan" lost
    assert not follows(" Amazon.", ".", replaced="Amazon")  # the replaced word repeated
    assert not follows("", " with the USA.")  # cut short
    assert plausible("A free trade agreement applies.", "A free trade deal applies.")
    assert not plausible("A free trade agreement", "A free trade deal applies.")
    assert not plausible("Has President Peña Nieto?", "Has President Nieto looked for German investments in Japan?")
