"""Scanned tables: PDFs the tests render, turned into image-only scans in the test (tests/scan_pdf.py),
read back by OCR. Each case proves one situation of real scans (issue: scanned gazettes)."""
from __future__ import annotations

import difflib

import pytest

import gazette_pdf
from extract.scan.tesseract import ocr_status
from extract.pipeline import extract_issue
from gazette_pdf import STD5, TASKS, GridRow, PageSpec, render_pdf
from scan_pdf import Seal, scan_pdf

pytestmark = pytest.mark.skipif(ocr_status() is not None, reason=f"OCR unavailable: {ocr_status()}")

HEADER = GridRow(STD5.headers, header=True)


def _row(number: str, task: tuple[str, str, str, str, str]) -> GridRow:
    return GridRow((number, task[0], task[1], task[2], task[3]))


def _similar(a: str | None, b: str | None) -> float:
    return difflib.SequenceMatcher(None, " ".join((a or "").split()), " ".join((b or "").split())).ratio()


def _scan(tmp_path, name: str, pages: list[PageSpec], **scan) -> object:
    pdf = render_pdf(tmp_path / f"{name}.pdf", pages, col_widths_pt=list(STD5.widths))
    return extract_issue(scan_pdf(pdf, tmp_path / f"{name}-scan.pdf", **scan))


def test_table_continued_over_three_scanned_pages_without_repeated_header_is_one_table(tmp_path):
    rows = [_row(str(n + 1), TASKS[n]) for n in range(11)]
    pages = [PageSpec(rows=(HEADER, *rows[:4]), body_lines=("Phụ lục",)),
             PageSpec(rows=tuple(rows[4:8])), PageSpec(rows=tuple(rows[8:]))]
    result = _scan(tmp_path, "three", pages)
    (table,) = result.tables
    assert [r.cells[0] for r in table.rows] == [str(n) for n in range(1, 12)]
    assert {p for r in table.rows for p in r.page_indexes} == {0, 1, 2}
    assert all(_similar(r.cells[1], TASKS[n][0]) > 0.95 for n, r in enumerate(table.rows))
    assert all(r.ocr and r.confidence and 0.5 < r.confidence <= 1 for r in table.rows)


def test_numbered_section_rows_are_groups_not_tasks(tmp_path):
    # Provinces print sections both ways: one cell across the row ("1. …"), or the numeral in the STT
    # column and the title merged across the rest.
    section_1 = GridRow(("1. CẢI CÁCH THỂ CHẾ", None, None, None, None), full_width=True)
    section_2 = GridRow(("2", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", None, None, None), spans=(1, 4, 1, 1, 1))
    rows = (HEADER, section_1, _row("1.1", TASKS[0]), _row("1.2", TASKS[1]), section_2, _row("2.1", TASKS[2]),
            _row("2.2", TASKS[3]))
    result = _scan(tmp_path, "sections", [PageSpec(rows=rows, body_lines=("Phụ lục",))])
    tasks = [t for t in result.tasks]
    assert [(t.group_number, t.number) for t in tasks] == [("1", "1.1"), ("1", "1.2"), ("2", "2.1"), ("2", "2.2")]
    assert [t.group_title for t in tasks][::2] == ["CẢI CÁCH THỂ CHẾ", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH"]


def test_dotted_item_numbers_are_read_as_printed(tmp_path):
    numbers = ["1.1", "1.2", "1.3", "2.1", "2.2", "3.1"]
    rows = (HEADER, *(_row(n, TASKS[i]) for i, n in enumerate(numbers)))
    result = _scan(tmp_path, "dotted", [PageSpec(rows=rows, body_lines=("Phụ lục",))])
    assert [t.number for t in result.tasks] == numbers


def test_red_seal_over_cells_leaves_the_grid_and_the_print_under_it(tmp_path):
    rows = (HEADER, *(_row(str(i + 1), TASKS[i]) for i in range(4)))
    pdf = render_pdf(tmp_path / "seal.pdf", [PageSpec(rows=rows, body_lines=("Phụ lục",))],
                     col_widths_pt=list(STD5.widths))
    # a seal over the rule between the lead and support cells of the second and third rows
    x = gazette_pdf.MARGIN_LEFT + sum(STD5.widths[:3])
    (table,) = extract_issue(scan_pdf(pdf, tmp_path / "sealed-scan.pdf", seals=(Seal(page=0, x=x, y=250),))).tables
    assert len(table.rows) == 4 and len(table.columns) == 5
    for i, row in enumerate(table.rows):
        assert _similar(row.cells[2], TASKS[i][1]) > 0.85 and _similar(row.cells[3], TASKS[i][2]) > 0.85


def test_page_scanned_askew_by_one_and_a_half_degrees_is_levelled(tmp_path):
    rows = (HEADER, *(_row(str(i + 1), TASKS[i]) for i in range(5)))
    result = _scan(tmp_path, "skew", [PageSpec(rows=rows, body_lines=("Phụ lục",))], rotate_deg=1.5)
    (table,) = result.tables
    assert [r.cells[0] for r in table.rows] == ["1", "2", "3", "4", "5"]
    assert all(_similar(r.cells[2], TASKS[i][1]) > 0.9 for i, r in enumerate(table.rows))


def test_a_tesseract_engine_is_kept_for_the_next_page_and_never_shared_by_two_at_once():
    """Loading the model costs as much as a tenth of a page: an engine that finished a page (of this
    file or another) reads the next one; two pages read at once get two engines."""
    from extract.scan.tesseract import engine

    with engine() as first:
        with engine() as second:
            assert second is not first
    with engine() as again:
        assert again in (first, second)
