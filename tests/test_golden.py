"""The dev gazettes against their gold answers, scored by the project's scorer (tests/gold/score.py)."""
from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import GOLD, SAMPLES

STRUCTURE = ("rows", "cells", "text", "docs")


def score(gold: str, out) -> dict[str, float]:
    done = subprocess.run([sys.executable, str(GOLD / "score.py"), str(GOLD / f"{gold}.gold.json"), str(out)],
                          capture_output=True, text=True, check=True)
    last = done.stdout.strip().splitlines()[-1]
    assert last.startswith("score "), done.stdout
    return {k: float(v) for k, v in (item.split("=") for item in last.split()[2:])}


@pytest.mark.parametrize("stem", sorted(SAMPLES))
def test_dev_gazette_structure_matches_gold_exactly(stem, dev_outputs):
    metrics = score(stem, dev_outputs)
    assert {k: metrics[k] for k in STRUCTURE} == {k: 1.0 for k in STRUCTURE}
