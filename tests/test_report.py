"""``congbao report``: the visual QA report over a written dataset, as a user opens it.

One dataset for the module: the Cà Mau 43 sample (text layer, five rows joined across page breaks,
a merged group column) and a rendered two-page table scanned in the test (one row split over the
break, read by OCR), extracted with ``congbao extract`` and reported with ``congbao report``.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

import gazette_pdf
from conftest import SAMPLES, run_cli
from extract.scan.tesseract import ocr_status
from scan_pdf import scan_pdf

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync")


class _Elements(HTMLParser):
    """Every start tag of a page as (tag, attributes, text up to the next tag)."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[dict] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append({"tag": tag, **{k: v or "" for k, v in attrs}, "_text": ""})

    def handle_data(self, data):
        if self.elements:
            self.elements[-1]["_text"] += data


def _elements(path: Path) -> list[dict]:
    parser = _Elements()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.elements


def _classes(el: dict) -> set[str]:
    return set(el.get("class", "").split())


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Path:
    """camau-43 and (when Tesseract is installed) a scanned two-page table, extracted to one folder;
    the PDFs stay in ``../pdfs``."""
    tmp = tmp_path_factory.mktemp("report")
    pdfs = tmp / "pdfs"
    pdfs.mkdir()
    shutil.copy(SAMPLES["congbao-camau-43"], pdfs)
    if ocr_status() is None:
        rendered, _ = gazette_pdf.case_row_split_with_group_cell(tmp)
        scan_pdf(rendered, pdfs / "split-row-scan.pdf")
    out = tmp / "out"
    done = run_cli("extract", str(pdfs), "--out", str(out), "--formats", "jsonl", "--quiet")
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def report(dataset) -> tuple[Path, subprocess.CompletedProcess]:
    # the manifest records no folder yet: the PDFs are found by name under --pdfs
    done = run_cli("report", str(dataset), "--pdfs", str(dataset.parent / "pdfs"))
    return dataset / "report" / "index.html", done


def _records(out: Path) -> list[dict]:
    """The dataset's table tasks (those the report draws; tasks written in the body have no region)."""
    return [r for r in (json.loads(line) for line in (out / "tasks.jsonl").read_text(encoding="utf-8").splitlines())
            if r.get("origin", "appendix") == "appendix"]


def test_report_is_written_with_a_progress_line_per_file(report, dataset):
    index, done = report
    assert done.returncode == 0, done.stderr
    assert index.is_file()
    files = json.loads((dataset / "manifest.json").read_text(encoding="utf-8"))["files"]
    for entry in files:
        assert f"congbao: report: {entry['file']}: " in done.stderr
    assert "Traceback" not in done.stderr
    assert sorted(p.name for p in index.parent.iterdir()) == ["index.html", "pages", "report.css"]
    assert not [p for p in dataset.iterdir() if p.name.startswith(".report")]  # the temp folder is gone


def test_every_task_links_to_its_page_region_and_back(report, dataset):
    index, _ = report
    elements = _elements(index)
    by_id = {el["id"]: el for el in elements if el.get("id")}
    entries = [el for el in elements if el["tag"] == "li" and "task" in _classes(el)]
    shown_ids = [el["_text"] for el in elements if el["tag"] == "code"]
    records = _records(dataset)
    assert len(entries) == len(records)
    assert sorted(shown_ids) == sorted(r["task_id"] for r in records)
    # exactly one primary link per task entry, to a region that links back to that entry
    primary = [el for el in elements if el["tag"] == "a" and "to-region" in _classes(el)]
    assert len(primary) == len(records)
    entry_ids = [el["id"] for el in entries]
    positions = {id(el): n for n, el in enumerate(elements)}
    for n, entry in enumerate(entries):
        start = positions[id(entry)]
        end = positions[id(entries[n + 1])] if n + 1 < len(entries) else len(elements)
        links = [el for el in elements[start:end] if el["tag"] == "a" and "to-region" in _classes(el)]
        assert len(links) == 1, entry["id"]
        region = by_id[links[0]["href"].removeprefix("#")]
        assert "row" in _classes(region) and region["href"] == f"#{entry['id']}"
    # and every region drawn over a page links to an existing task entry
    regions = [el for el in elements if el["tag"] == "a" and "row" in _classes(el)]
    assert regions and all(r["href"].removeprefix("#") in set(entry_ids) for r in regions)
    assert "region not found" not in index.read_text(encoding="utf-8")


def test_rows_joined_across_a_page_break_are_marked_on_both_pages(report, dataset):
    index, _ = report
    elements = _elements(index)
    records = _records(dataset)
    breaks = sum(len(r["source"]["pdf_pages"]) - 1 for r in records)
    camau = [r["number"] for r in records
             if r["source"]["file"] == "congbao-camau-43.pdf" and len(r["source"]["pages"]) > 1]
    assert camau == ["1", "3", "2", "3", "4"]  # II.1, III.3, IV.2, IV.3 and VI.4 run over a page break
    join_from = [el for el in elements if "join-from" in _classes(el)]
    join_on = [el for el in elements if "join-on" in _classes(el)]
    assert len(join_from) == len(join_on) == breaks
    assert all(el["_text"].startswith("↳ continues from p. ") for el in join_from)
    # the pieces of one joined row share a colour: II.1 of Cà Mau 43 runs from p. 48 to p. 49
    pieces = [el for el in elements if el["tag"] == "a" and "joined" in _classes(el)]
    first, second = pieces[0], pieces[1]
    assert first["href"] == second["href"]
    colour = lambda el: [s for s in el["style"].split(";") if s.startswith("border-color")]  # noqa: E731
    assert colour(first) == colour(second) != []


def test_group_cells_and_header_are_marked(report):
    index, _ = report
    elements = _elements(index)
    assert sum("group" in _classes(el) for el in elements) >= 8  # eight groups (I … VIII) in Cà Mau 43
    assert sum("header" in _classes(el) for el in elements) >= 6


@pytest.mark.skipif(ocr_status() is not None, reason=f"OCR unavailable: {ocr_status()}")
def test_rows_read_by_ocr_show_their_confidence(report, dataset):
    index, _ = report
    ocr_rows = [r for r in _records(dataset) if r["source"].get("ocr")]
    assert len(ocr_rows) == 5
    tags = [el for el in _elements(index) if "ocr" in _classes(el) and el["tag"] == "span"]
    pieces = sum(len(r["source"]["pdf_pages"]) for r in ocr_rows)
    assert len(tags) == pieces
    for tag in tags:
        assert tag["_text"].startswith("OCR ") and tag["_text"].endswith("%")
        assert 50 <= int(tag["_text"][4:-1]) <= 100
        assert tag["style"].startswith("background:hsl(")


def test_page_images_exist_at_a_modest_resolution(report):
    from PIL import Image

    index, _ = report
    images = [el for el in _elements(index) if el["tag"] == "img"]
    assert len(images) >= 8  # Cà Mau 43's table covers PDF pages 8-15
    for el in images:
        path = index.parent / el["src"]
        with Image.open(path) as im:
            assert im.format == "PNG"
            assert (im.width, im.height) == (int(el["width"]), int(el["height"]))
            assert 700 <= im.width <= 1200  # an A4 page at 100 dpi (827 px), the rendered scans alike
    total = sum(p.stat().st_size for p in (index.parent / "pages").iterdir())
    assert total < 8_000_000


def test_report_is_deterministic_and_replaced_whole(report, dataset):
    index, _ = report
    before = {p.relative_to(index.parent): p.read_bytes() for p in index.parent.rglob("*") if p.is_file()}
    done = run_cli("report", str(dataset), "--pdfs", str(dataset.parent / "pdfs"))
    assert done.returncode == 0, done.stderr
    after = {p.relative_to(index.parent): p.read_bytes() for p in index.parent.rglob("*") if p.is_file()}
    assert after == before


def test_report_renders_in_headless_chromium(report, tmp_path):
    if not CHROMIUM.exists():
        pytest.skip("chromium is not installed (make test-deps installs it)")
    from PIL import Image

    index, _ = report
    shot = tmp_path / "shot.png"
    subprocess.run([str(CHROMIUM), *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
                    f"--screenshot={shot}", "--window-size=1280,2000", index.resolve().as_uri()],
                   capture_output=True, timeout=60, check=False)
    assert shot.is_file(), "chromium wrote no screenshot"
    import numpy as np

    with Image.open(shot) as im:
        pixels = np.asarray(im.convert("RGB"), dtype=np.int32)
    assert pixels.shape == (2000, 1280, 3)
    r, g, b = pixels[..., 0], pixels[..., 1], pixels[..., 2]
    non_white = float((pixels.min(axis=2) < 235).mean())
    assert non_white > 0.15, f"mostly blank: {non_white:.1%} non-white"
    assert len(np.unique(pixels.reshape(-1, 3), axis=0)) > 2000
    # the page images are grey: strong blue is the rows' overlay, orange the joined-row markers
    blue = int(((b > 150) & (b - r > 70)).sum())
    orange = int(((r > 200) & (g > 50) & (g < 140) & (b < 60)).sum())
    assert blue > 5000, f"row overlay missing ({blue} blue pixels)"
    assert orange > 200, f"joined-row marker missing ({orange} orange pixels)"


def _rec(task_id: str, number: str | None, text: str, **more) -> dict:
    return {"task_id": task_id, "number": number, "text": text, **more}


READING = [_rec("g/A1/I.1", "1", "Ban hành kế hoạch"), _rec("g/A1/I.2", "2", "Kiểm tra"),
           _rec("g/A1/II.1", "1", "Công khai  TTHC", lead=[{"name": "Sở Nội vụ"}])]


@pytest.mark.parametrize("records, match, problems", [
    # the same records: matched in place, nothing to say
    (READING, [0, 1, 2], []),
    # a new id scheme (a folder in the id): matched by position, number and text; said once
    ([dict(r, task_id="gazettes/" + r["task_id"]) for r in READING], [0, 1, 2],
     ["3 task_id(s) differ from this reading's ids"]),
    # text spaced differently pairs the row, and the difference is still said
    ([*READING[:2], dict(READING[2], text="Công khai TTHC")], [0, 1, 2],
     ["g/A1/II.1: the dataset differs from this reading in text"]),
    # a record missing in the middle: the rows after it are found further up
    ([READING[0], READING[2]], [0, None, 1],
     ["library task g/A1/I.2 (number '2') has no dataset record", "g/A1/II.1: at position 2 in the dataset"]),
    # a text the reading does not give: listed on both sides, never paired by position alone
    ([READING[0], dict(READING[1], text="Khác"), READING[2]], [0, None, 2],
     ["library task g/A1/I.2", "dataset record g/A1/I.2 (number '2') is not in this reading"]),
    # same row, another field changed: paired, the field named
    ([*READING[:2], dict(READING[2], lead=[])], [0, 1, 2],
     ["g/A1/II.1: the dataset differs from this reading in lead"]),
], ids=["same", "new-id-scheme", "whitespace", "record-missing", "text-differs", "field-differs"])
def test_dataset_records_are_matched_to_the_reading(records, match, problems):
    from pipelines.tools.report import match_records

    got_match, got_problems = match_records(READING, records)
    assert got_match == match
    assert len(got_problems) == len(problems)
    for want in problems:
        assert any(p.startswith(want) for p in got_problems), (want, got_problems)


def test_pdf_is_found_at_its_recorded_path_else_by_name_and_only_with_its_hash(tmp_path):
    from extract.read import file_sha256
    from pipelines.tools.report import PdfFinder

    sample = SAMPLES["congbao-camau-43"]
    recorded, elsewhere, other = tmp_path / "a" / sample.name, tmp_path / "b" / "x" / sample.name, tmp_path / "c"
    for p in (recorded, elsewhere):
        p.parent.mkdir(parents=True)
        shutil.copy(sample, p)
    other.mkdir()
    (other / sample.name).write_bytes(b"%PDF-1.4 another file of the same name")
    entry = {"file": sample.name, "sha256": file_sha256(sample), "path": str(recorded)}
    assert PdfFinder([tmp_path / "b"]).find(entry) == (recorded, None)  # the manifest's path first
    assert PdfFinder([tmp_path / "b"], folders_first=True).find(entry) == (elsewhere, None)  # --pdfs first
    assert PdfFinder([tmp_path / "b"]).find(dict(entry, path=None)) == (elsewhere, None)  # by name, any depth
    path, reason = PdfFinder([other]).find(dict(entry, path=None))
    assert path is None and "SHA-256 differs" in reason
    path, reason = PdfFinder([tmp_path / "missing"]).find(dict(entry, path=None))
    assert path is None and reason.startswith("PDF not found")


def test_missing_pdf_is_skipped_with_one_line(dataset, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    manifest = json.loads((dataset / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"] = [dict(manifest["files"][0], file="gone.pdf", path=str(tmp_path / "gone.pdf"),
                              source=str(tmp_path / "gone.pdf"))]
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    done = run_cli("report", str(out), "--pdfs", str(tmp_path))
    assert done.returncode == 1
    assert "congbao: report: gone.pdf: skipped: PDF not found" in done.stderr
    assert "Traceback" not in done.stderr
    assert "Not reported: PDF not found" in (out / "report" / "index.html").read_text(encoding="utf-8")


def test_a_pdf_whose_hash_differs_is_not_used(dataset, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(dataset, out, ignore=shutil.ignore_patterns("report"))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"] = [dict(manifest["files"][0], sha256="0" * 64, path=None)]
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    done = run_cli("report", str(out), "--pdfs", str(SAMPLES["congbao-camau-43"].parent))
    assert done.returncode == 1
    assert "SHA-256 differs" in done.stderr


@pytest.mark.parametrize("setup, message", [
    (lambda tmp: tmp / "missing", "no such folder"),  # id: OUT does not exist
    (lambda tmp: tmp, "no manifest.json"),  # id: a folder that congbao extract did not write
], ids=["no-folder", "no-manifest"])
def test_wrong_usage_is_one_line_and_exit_2(tmp_path, setup, message):
    done = run_cli("report", str(setup(tmp_path)))
    assert done.returncode == 2
    assert message in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_help_has_an_example():
    done = run_cli("report", "--help")
    assert done.returncode == 0
    assert "Examples:" in done.stdout and "congbao report outputs" in done.stdout and "--page 17" in done.stdout
