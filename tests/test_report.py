"""``congbao report``: the visual QA report over a written dataset, as a user opens it.

One dataset for the module: the Cà Mau 43 sample (text layer, five rows joined across page breaks,
a merged group column, 14 tasks written in the body) and a rendered two-page table scanned in the test
(one row split over the break, read by OCR), extracted with ``congbao extract`` and reported with
``congbao report``. Kế hoạch 3070/KH-UBND of Bỉm Sơn (tests/data/real-text) has body tasks that run over
a page break, with the page number printed between; small pages made in the test hold the cases of
finding a body task's text among a page's lines.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

import gazette_pdf
from conftest import ROOT, SAMPLES, run_cli
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


def _records(out: Path, origin: str | None = "appendix") -> list[dict]:
    """The dataset's tasks of one origin ("appendix": table rows, "body": written in the prose; None: all)."""
    return [r for r in (json.loads(line) for line in (out / "tasks.jsonl").read_text(encoding="utf-8").splitlines())
            if origin is None or r.get("origin", "appendix") == origin]


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
    records = _records(dataset, origin=None)
    assert sum(r["origin"] == "body" for r in records) == 14  # Cà Mau 43 writes 14 assignments in its body
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
        kind = "btask" if "body" in _classes(entry) else "row"  # a body task's lines, a table row's extent
        assert kind in _classes(region) and region["href"] == f"#{entry['id']}"
    # and every region drawn over a page links to an existing task entry
    regions = [el for el in elements if el["tag"] == "a" and _classes(el) & {"row", "btask"}]
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


_STYLE_PCT = re.compile(r"(left|top|width|height):(-?[0-9.]+)%")
EPS_PCT = 0.01  # boxes are written with three decimals of a percent


def _box_pct(el: dict) -> tuple[float, float, float, float]:
    """An element's box as (x0, top, x1, bottom) in percent of its page."""
    v = {k: float(x) for k, x in _STYLE_PCT.findall(el["style"])}
    return v["left"], v["top"], v["left"] + v["width"], v["top"] + v["height"]


def _body_regions(elements: list[dict]) -> dict[str, list[tuple[int, tuple[float, float, float, float]]]]:
    """Per task_id of a body task entry: its regions as (PDF page, box in percent), in drawing order."""
    entry_task: dict[str, str] = {}
    for n, el in enumerate(elements):
        if el["tag"] == "li" and {"task", "body"} <= _classes(el):
            entry_task[el["id"]] = next(e["_text"] for e in elements[n:] if e["tag"] == "code")
    out: dict[str, list] = {tid: [] for tid in entry_task.values()}
    page = None
    for el in elements:
        if el["tag"] == "figure":
            page = int(re.search(r"-p(\d+)$", el["id"])[1])
        elif el["tag"] == "a" and "btask" in _classes(el):
            out[entry_task[el["href"].removeprefix("#")]].append((page, _box_pct(el)))
    return out


def _word_run(words: list, text: list[str], k: int) -> tuple[int, int]:
    """Indexes in ``words`` of the first and the last word the task's ``text`` is printed as: where its
    first ``k`` words stand, and the first place after it where its last ``k`` do."""
    texts = [w.text for _, _, w in words]
    first = next(i for i in range(len(texts)) if texts[i:i + k] == text[:k])
    last = next(i + k - 1 for i in range(first, len(texts)) if texts[i:i + k] == text[-k:])
    return first, last


def _encloses(box: tuple[float, float, float, float], page, w) -> bool:
    x0, top, x1, bottom = box
    return (x0 - EPS_PCT <= 100 * w.x0 / page.width and 100 * w.x1 / page.width <= x1 + EPS_PCT
            and top - EPS_PCT <= 100 * w.top / page.height and 100 * w.bottom / page.height <= bottom + EPS_PCT)


def test_every_body_task_is_boxed_over_its_own_words_on_its_pages(report, dataset, dev_results):
    index, _ = report
    elements = _elements(index)
    regions = _body_regions(elements)
    pages = dev_results["congbao-camau-43"].issue.pages
    body = [r for r in _records(dataset, "body") if r["source"]["file"] == "congbao-camau-43.pdf"]
    assert len(body) == 14
    problems = [el["_text"] for el in elements if el["tag"] == "li" and not _classes(el)]
    for rec in body:
        drawn = regions[rec["task_id"]]
        assert drawn and {p for p, _ in drawn} <= set(rec["source"]["pdf_pages"]), rec["task_id"]
        assert all(0 <= x0 < x1 <= 100 and 0 <= top < bottom <= 100 for _, (x0, top, x1, bottom) in drawn)
        assert not [p for p in problems if p.startswith(rec["task_id"] + ":") and "region not found" in p]
        # the words the task is printed as, found word by word (independently of the report's matching)
        words = [(p, n, w) for p in rec["source"]["pdf_pages"] for n, line in enumerate(pages[p - 1].lines)
                 for w in line.words]
        text = rec["text"].split()
        first, last = _word_run(words, text, min(12, len(text)))
        (p0, n0, _), (p1, n1, _) = words[first], words[last]
        box = dict(drawn)
        # the box holds its first line from the task's first word on, and its last line up to its last word
        first_line = [w for p, n, w in words[first:] if (p, n) == (p0, n0)]
        last_line = [w for p, n, w in words[:last + 1] if (p, n) == (p1, n1)]
        assert all(_encloses(box[p0], pages[p0 - 1], w) for w in first_line), rec["task_id"]
        assert all(_encloses(box[p1], pages[p1 - 1], w) for w in last_line), rec["task_id"]
        # and reaches no higher than its first line, no lower than its last
        assert box[p0][1] >= 100 * pages[p0 - 1].lines[n0].top / pages[p0 - 1].height - EPS_PCT
        assert box[p1][3] <= 100 * pages[p1 - 1].lines[n1].bottom / pages[p1 - 1].height + EPS_PCT
    # the pages body tasks stand on are drawn, besides the table's (PDF pages 2, 4, 6, 7)
    figures = {el["id"] for el in elements if el["tag"] == "figure"}
    assert {f"f-0-body0-p{p}" for p in (2, 4, 6, 7)} <= figures


@pytest.fixture(scope="module")
def bimson(tmp_path_factory) -> Path:
    """Kế hoạch 3070/KH-UBND of Bỉm Sơn (text layer, body tasks over page breaks) extracted and reported."""
    tmp = tmp_path_factory.mktemp("report-bimson")
    out = tmp / "out"
    done = run_cli("extract", str(ROOT / "tests" / "data" / "real-text" / "kh3070-bimson.pdf"), "--out", str(out),
                   "--formats", "jsonl", "--quiet")
    assert done.returncode == 0, done.stderr
    done = run_cli("report", str(out))
    assert done.returncode == 0, done.stderr
    return out


def test_a_body_task_over_a_page_break_is_boxed_on_both_pages(bimson):
    from extract.pipeline import extract_issue

    elements = _elements(bimson / "report" / "index.html")
    regions = _body_regions(elements)
    over = [r for r in _records(bimson, "body") if len(r["source"]["pdf_pages"]) > 1]
    assert [r["number"] for r in over] == ["II.1", "II.2.2", "II.2.4"]
    pages = extract_issue(ROOT / "tests" / "data" / "real-text" / "kh3070-bimson.pdf", language=False).issue.pages
    for rec in over:
        drawn = regions[rec["task_id"]]
        assert [p for p, _ in drawn] == rec["source"]["pdf_pages"], rec["task_id"]
        # on the second page from its first line: the page number printed above it is left out
        second = pages[rec["source"]["pdf_pages"][1] - 1]
        number_line, first_line = second.lines[0], second.lines[1]
        assert number_line.text.isdigit()
        top = drawn[1][1][1]
        assert 100 * number_line.bottom / second.height < top <= 100 * first_line.top / second.height + EPS_PCT
    tags = [el["_text"] for el in elements if el["tag"] == "span" and _classes(el) & {"body-on", "body-from"}]
    assert len(tags) == 2 * len(over)
    assert "region not found" not in (bimson / "report" / "index.html").read_text(encoding="utf-8")


def _page(index: int, *lines: str):
    """A page of the given lines: words 6 pt a character, 4 pt apart, lines 16 pt apart."""
    from extract.models import Line, Page, Word

    built = []
    for n, text in enumerate(lines):
        x, words = 60.0, []
        for t in text.split():
            words.append(Word(text=t, x0=x, x1=x + 6 * len(t), top=50.0 + 16 * n, bottom=62.0 + 16 * n))
            x += 6 * len(t) + 4
        built.append(Line(words=tuple(words)))
    return Page(page_index=index, page_number=None, width=600.0, height=800.0,
                words=tuple(w for line in built for w in line.words), rulings=(), lines=tuple(built))


def _covered(page, piece) -> str:
    """The words a piece's line boxes hold, lines joined by " / "."""
    out = []
    for box in piece.lines:
        line = next(line for line in page.lines if line.top == box.top)
        out.append(" ".join(w.text for w in line.words if box.x0 <= w.x0 and w.x1 <= box.x1))
    return " / ".join(out)


@pytest.mark.parametrize("pages, texts, expected", [
    # the label printed before the task's text ("1.") is in its region, though not in its text
    ([("1. Sở Tài chính bố trí kinh phí", "thực hiện Kế hoạch.")],
     ["Sở Tài chính bố trí kinh phí thực hiện Kế hoạch."],
     [[(0, "1. Sở Tài chính bố trí kinh phí / thực hiện Kế hoạch.")]]),
    # a line holds the end of one task and the label of the next: each takes its own words
    ([("1. Sở Nội vụ theo dõi, đôn đốc và", "báo cáo. 2. Sở Tư pháp thẩm định", "văn bản.")],
     ["Sở Nội vụ theo dõi, đôn đốc và báo cáo.", "Sở Tư pháp thẩm định văn bản."],
     [[(0, "1. Sở Nội vụ theo dõi, đôn đốc và / báo cáo.")], [(0, "2. Sở Tư pháp thẩm định / văn bản.")]]),
    # a clause that begins mid-line (Cà Mau 43, II.5: "… được phê duyệt. Sở / Nội vụ chịu trách nhiệm …")
    ([("- Thủ trưởng các cơ quan hoàn thiện đề án. Sở", "Nội vụ chịu trách nhiệm đôn đốc.")],
     ["Thủ trưởng các cơ quan hoàn thiện đề án.", "Sở Nội vụ chịu trách nhiệm đôn đốc."],
     [[(0, "- Thủ trưởng các cơ quan hoàn thiện đề án.")], [(0, "Sở / Nội vụ chịu trách nhiệm đôn đốc.")]]),
    # the same text twice: the second task is found after the first
    ([("a) Sở Tài chính báo cáo.", "b) Sở Tài chính báo cáo.")],
     ["Sở Tài chính báo cáo.", "Sở Tài chính báo cáo."],
     [[(0, "a) Sở Tài chính báo cáo.")], [(0, "b) Sở Tài chính báo cáo.")]]),
    # over a page break with the page number printed at the top of the next page: left out
    ([("1. Sở Y tế chủ trì kiểm tra các cơ sở",), ("2", "khám bệnh trên địa bàn tỉnh.")],
     ["Sở Y tế chủ trì kiểm tra các cơ sở khám bệnh trên địa bàn tỉnh."],
     [[(0, "1. Sở Y tế chủ trì kiểm tra các cơ sở"), (1, "khám bệnh trên địa bàn tỉnh.")]]),
    # a number printed over a line end in two ("NĐ-" / "CP"), one word in the text
    ([("1. Thực hiện Nghị định số 59/2012/NĐ-", "CP về theo dõi thi hành pháp luật.")],
     ["Thực hiện Nghị định số 59/2012/NĐ-CP về theo dõi thi hành pháp luật."],
     [[(0, "1. Thực hiện Nghị định số 59/2012/NĐ- / CP về theo dõi thi hành pháp luật.")]]),
    # a character the page holds otherwise (OCR: "két" for "kết"): found by its first and last words
    ([("- Ủy ban nhân dân huyện tập huấn và", "báo cáo két quả về Sở Công Thương.")],
     ["Ủy ban nhân dân huyện tập huấn và báo cáo kết quả về Sở Công Thương."],
     [[(0, "- Ủy ban nhân dân huyện tập huấn và / báo cáo két quả về Sở Công Thương.")]]),
    # a text the page does not hold: no region (the report lists it as not found)
    ([("1. Sở Tài chính bố trí kinh phí.",)], ["Sở Xây dựng thẩm định thiết kế cơ sở."], [[]]),
], ids=["label-kept", "next-label-on-the-line", "clause-mid-line", "same-text-twice", "page-break-page-number",
        "word-split-over-lines", "character-read-otherwise", "not-on-the-page"])
def test_body_task_text_is_found_among_the_page_lines(pages, texts, expected):
    from extract.models import Task
    from pipelines.tools.geometry import locate_body_tasks

    built = [_page(i, *lines) for i, lines in enumerate(pages)]
    tasks = [Task(task_id=f"t{n}", origin="body", document_index=0, columns=(), row=None, group_number=None,
                  group_title=None, number=None, text=text, page_indexes=tuple(range(len(pages))))
             for n, text in enumerate(texts)]
    found = locate_body_tasks(tasks, built)
    assert [[(pc.page_index, _covered(built[pc.page_index], pc)) for pc in pieces] for pieces in found] == expected


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
