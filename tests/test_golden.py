"""The dev gazettes against their gold answers, scored by the project's scorer (tests/gold/score.py)."""
from __future__ import annotations

import json
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
# to 0.6°; Cà Mau 43 at 150 dpi with blur, JPEG q40 and rotation up to 1.5°) and 12 real scanned
# government documents (tests/data/real-scans, notices there: stamps, seals, handwriting, 1-bit images,
# a watermark). The bars are the scanned-gazettes issue's, the rough scan's raised to what the real-tables
# issue reached (rows 0.895); OCR misreads some characters, so cells are not all exact.
SCAN = ROOT / "tests" / "data" / "congbao-haugiang-12-scan.pdf"
SCANS = {
    "congbao-haugiang-12-scan": {"rows": 0.9, "cells": 0.97, "agencies": 0.95, "docs": 1.0},
    "congbao-camau-43-scan": {"rows": 0.9, "cells": 0.97, "agencies": 0.95, "docs": 1.0},
    "congbao-camau-43-scan-rough": {"rows": 0.85, "cells": 0.95, "docs": 1.0},
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
    # docs on 10 of 12 (two carry handwritten numbers or dates: null with a warning is the honest
    # answer there), references 0.85 on average
    metrics = {p.stem: score(p.stem, scan_outputs) for p in sorted(REAL_SCANS.glob("*.pdf"))}
    assert sum(m["docs"] == 1.0 for m in metrics.values()) >= 10
    assert sum(m["refs"] for m in metrics.values()) / len(metrics) >= 0.85


# The real scanned task tables: 299/QĐ-TTg (8 rows under merged label and title cells, landscape) and
# 03/NQ-CP (205 rows over 16 landscape pages under a watermark text object, groups A / I, II, B … H);
# the real-tables issue's bars.
REAL_TABLES = {
    "vnlaw-299-ttg": {"rows": 0.875, "cells": 0.875, "agencies": 0.9},
    "luatvn-nq03-cp-2010": {"rows": 0.8, "text": 0.85, "agencies": 0.95, "docs": 1.0},
}


@pytest.mark.parametrize("stem", sorted(REAL_TABLES))
def test_real_scanned_task_table_meets_the_bar(stem, scan_outputs):
    metrics = score(stem, scan_outputs)
    below = {k: metrics[k] for k, v in REAL_TABLES[stem].items() if metrics[k] + 1e-9 < v}
    assert below == {}


def test_real_scanned_tables_are_written_whole_with_their_kind(scan_outputs):
    tables = [json.loads(line) for line in (scan_outputs / "tables.jsonl").read_text(encoding="utf-8").splitlines()]
    by_file: dict[str, list[dict]] = {}
    for t in tables:
        by_file.setdefault(t["source"]["file"], []).append(t)
    (nq03,) = by_file["luatvn-nq03-cp-2010.pdf"]
    assert nq03["kind"] == "tasks" and len(nq03["rows"]) == 205
    assert [r["group"]["number"] for r in nq03["rows"]].count("A.I") == 31
    (qd299,) = by_file["vnlaw-299-ttg.pdf"]
    assert [r["group"]["number"] for r in qd299["rows"]] == ["1"] * 7 + ["2"]
    # 28/2023/QĐ-UBND: a land-type table and a price-coefficient appendix, no task table
    assert [t["kind"] for t in by_file["vnlaw-28-pt.pdf"]] == ["other", "other"]
