"""The dev gazettes against their gold answers, scored by the project's scorer (tests/gold/score.py)."""
from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import GOLD, ROOT, SAMPLES, run_cli
from pipelines.tools.bench import SHARED_DEV, dev_scan

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


# Issue 3's bar for the language stage on the text-layer dev gazettes.
LANGUAGE_MIN = {"agencies": 0.98, "names": 0.98, "deadline": 0.97, "task_refs": 1.0, "refs": 0.98, "ref_attrs": 0.95}


@pytest.mark.parametrize("stem", sorted(SAMPLES))
def test_dev_gazette_language_meets_the_bar(stem, dev_outputs):
    metrics = score(stem, dev_outputs)
    below = {k: metrics[k] for k, v in LANGUAGE_MIN.items() if metrics[k] + 1e-9 < v}
    assert below == {}


# Scans read by OCR: the dev gazettes scanned (Hậu Giang 12 and Cà Mau 43 at 200 dpi, pages askew by up
# to 0.6°; Cà Mau 43 at 150 dpi with blur, JPEG q40 and rotation up to 1.5°) and 11 real scanned
# government documents (tests/data/real-scans, GPL-3.0: stamps, seals, handwriting, 1-bit images).
# The bars are the scanned-gazettes issue's; OCR misreads some characters, so cells are not all exact.
SCAN = ROOT / "tests" / "data" / "congbao-haugiang-12-scan.pdf"
SCANS = {
    "congbao-haugiang-12-scan": {"rows": 0.9, "cells": 0.97, "agencies": 0.95, "docs": 1.0},
    "congbao-camau-43-scan": {"rows": 0.9, "cells": 0.97, "agencies": 0.95, "docs": 1.0},
    "congbao-camau-43-scan-rough": {"rows": 0.7, "cells": 0.93, "docs": 1.0},
}
REAL_SCANS = ROOT / "tests" / "data" / "real-scans"


@pytest.fixture(scope="module")
def scan_outputs(tmp_path_factory):
    out = tmp_path_factory.mktemp("scan-out")
    missing = [stem for stem in SCANS if not dev_scan(stem).exists()]
    if missing:
        pytest.skip(f"scans not found here or in {SHARED_DEV}: {', '.join(missing)}")
    pdfs = [dev_scan(stem) for stem in SCANS] + sorted(REAL_SCANS.glob("*.pdf"))
    done = run_cli("extract", *map(str, pdfs), "--out", str(out), "--quiet", "--jobs", "2")
    assert done.returncode == 0, done.stderr
    return out


@pytest.mark.parametrize("stem", sorted(SCANS))
def test_scanned_gazette_meets_the_bar(stem, scan_outputs):
    metrics = score(stem, scan_outputs)
    below = {k: metrics[k] for k, v in SCANS[stem].items() if metrics[k] + 1e-9 < v}
    assert below == {}


def test_real_scans_headers_and_references(scan_outputs):
    # docs on 9 of 11 (two carry handwritten numbers or dates: null with a warning is the honest
    # answer there), references 0.85 on average, the one task table (299/QĐ-TTg) 0.75 rows
    metrics = {p.stem: score(p.stem, scan_outputs) for p in sorted(REAL_SCANS.glob("*.pdf"))}
    assert sum(m["docs"] == 1.0 for m in metrics.values()) >= 9
    assert sum(m["refs"] for m in metrics.values()) / len(metrics) >= 0.85
    assert metrics["vnlaw-299-ttg"]["rows"] >= 0.75


def test_scanned_records_say_they_come_from_ocr(scan_outputs):
    import json

    tasks = [json.loads(line) for line in (scan_outputs / "tasks.jsonl").read_text(encoding="utf-8").splitlines()]
    assert tasks and all(t["source"]["ocr"] and 0 < t["source"]["confidence"] <= 1 for t in tasks)
    documents = [json.loads(line) for line in (scan_outputs / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert all(d["source"]["ocr"] for d in documents)


def test_scan_without_ocr_is_one_error_line(tmp_path):
    done = run_cli("extract", str(SCAN), "--out", str(tmp_path), "--quiet", "--no-ocr")
    assert done.returncode == 1
    assert done.stderr.strip() == (
        "congbao: congbao-haugiang-12-scan.pdf: read: no text layer on any page (scanned images) and OCR is off")
