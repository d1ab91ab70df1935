"""The progress bar of long commands: few redraws, and an estimate from the work actually done.

One line on stderr, redrawn at most every ``interval`` seconds (and once at
the end), so a run of 100,000 sentences writes a few kilobytes, not
megabytes. The estimate of the time left counts only the work done since the
first update: the model's loading before it, and a jump of sentences reused
from the memory, do not make a six-second run look like hours.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

__all__ = ["ProgressLine"]


class ProgressLine:
    """``Translating [########------------]  40%  1200/3000  1:05 left``, rewritten in place."""

    def __init__(self, total: int, label: str, stream: TextIO, *, interval: float = 0.25, width: int = 28,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.total, self.label, self.stream = max(total, 1), label, stream
        self.interval, self.width, self.clock = interval, width, clock
        self.done = 0
        self.redraws = 0
        self._first: tuple[float, int] | None = None  # (time, done) at the first update
        self._drawn_at: float | None = None
        self._shown = ""

    def update(self, amount: int) -> None:
        now = self.clock()
        if self._first is None:
            self._first = (now, self.done + amount)  # what came before it (loading, reuse) is not a rate
        self.done = min(self.total, self.done + amount)
        if self._drawn_at is None or now - self._drawn_at >= self.interval or self.done >= self.total:
            self._draw(now)

    def left(self, now: float) -> float | None:
        """Seconds left at the rate since the first update; None until a second of work shows a rate."""
        if self._first is None:
            return None
        since, start = self._first
        if now - since < 1.0 or self.done <= start:
            return None
        return (now - since) / (self.done - start) * (self.total - self.done)

    def _draw(self, now: float) -> None:
        filled = self.width * self.done // self.total
        left = self.left(now)
        eta = f"  {_clock(left)} left" if left is not None and self.done < self.total else ""
        line = (f"{self.label} [{'#' * filled}{'-' * (self.width - filled)}] {100 * self.done // self.total:3d}%"
                f"  {self.done}/{self.total}{eta}")
        if line != self._shown:
            self.stream.write("\r" + line.ljust(len(self._shown)))
            self.stream.flush()
            self._shown = line
            self.redraws += 1
        self._drawn_at = now

    def finish(self) -> None:
        if self._shown:
            self.stream.write("\n")
            self.stream.flush()


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds + 0.5), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
