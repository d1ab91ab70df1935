"""The held-out synthetic test set that the test models never saw in training."""

from __future__ import annotations

import csv
from functools import cache
from typing import NamedTuple

from support import MODELS


class Example(NamedTuple):
    de: str
    en: str
    es: str


@cache
def heldout() -> list[Example]:
    with open(MODELS / "heldout.tsv", encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [Example(*row[:3]) for row in rows if row and row[0] != "de"]
