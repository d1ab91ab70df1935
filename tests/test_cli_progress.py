"""The progress line: few redraws however many sentences, and an estimate from the work done."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

from terminal import on_a_terminal

from translate.cli.progress import ProgressLine


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_eight_thousand_updates_redraw_a_few_times_per_second() -> None:
    clock, out = Clock(), io.StringIO()
    line = ProgressLine(8000, "Translating", out, clock=clock)
    for _ in range(8000):  # 8,000 sentences over 6 seconds
        clock.now += 6 / 8000
        line.update(1)
    line.finish()
    assert line.redraws <= 6 / 0.25 + 2
    assert len(out.getvalue()) < 3000
    assert out.getvalue().rstrip().endswith("100%  8000/8000")


def test_the_estimate_ignores_the_loading_before_the_first_update_and_a_jump_of_reused_sentences() -> None:
    clock, out = Clock(), io.StringIO()
    line = ProgressLine(8000, "Translating", out, clock=clock)
    clock.now = 5.0  # the model took five seconds to load
    line.update(4000)  # and half the sentences came from the memory at once
    assert line.left(clock.now) is None
    for _ in range(400):  # then 400 sentences decoded per second
        clock.now += 1 / 400
        line.update(1)
    left = line.left(clock.now)
    assert left is not None and 8.5 < left < 9.5  # 3,600 left at 400 a second: 9 s, not hours


def test_a_publish_on_a_terminal_shows_the_line_and_not_a_flood(tmp_path: Path, models_env: Path) -> None:
    """2,000 distinct sentences on a real terminal (a pty): before, one redraw per sentence."""
    sys.path.insert(0, str(Path(__file__).resolve().parent / "models"))
    from synthetic import generate

    sentences = [t.de for t in generate(77, 2000)]
    paragraphs = [" ".join(sentences[i : i + 10]) for i in range(0, len(sentences), 10)]
    (tmp_path / "big.md").write_text("# Titel\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    code, shown = on_a_terminal(["publish", "big.md", "--to", "en", "--no-memory", "--beam-size", "1"], tmp_path)
    assert code == 0, shown[-300:]
    assert re.search(r"100%  (\d+)/\1 *\r\n", shown), shown[-300:]  # padded where a longer line was
    assert shown.count("\r") < 60 and len(shown) < 10_000
