"""Shared fixtures: the dev gazettes (copied into the repo) and their extraction, run once."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = {
    "congbao-camau-43": ROOT / "raw_pdfs" / "congbao-camau-43.pdf",
    "congbao-haugiang-12": ROOT / "tests" / "data" / "congbao-haugiang-12.pdf",
}
GOLD = ROOT / "tests" / "gold"


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """``python -m pipelines ARGS`` as a user would run it; output captured as text."""
    return subprocess.run(
        [sys.executable, "-m", "pipelines", *args], cwd=cwd or ROOT, capture_output=True, text=True,
        timeout=300,
    )


@pytest.fixture(scope="session")
def dev_outputs(tmp_path_factory) -> Path:
    """The two text-layer dev gazettes extracted into one output folder."""
    out = tmp_path_factory.mktemp("dev-out")
    done = run_cli("extract", *map(str, SAMPLES.values()), "--out", str(out), "--quiet")
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="session")
def dev_results():
    """``IssueResult`` of each dev gazette, keyed by stem."""
    from extract.pipeline import extract_issue

    return {stem: extract_issue(path) for stem, path in SAMPLES.items()}
