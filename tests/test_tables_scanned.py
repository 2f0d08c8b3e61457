"""A task table as real scans print it, rendered and scanned in the test (tests/scan_pdf.py), read back
by OCR: three pages, the second opening on a group row and the third in the middle of a row; groups by
letter and two levels (A / I / 1) with a section numeral alone in the STT cell and its title merged
across the row; an item number OCR joined to its text; a totals row; bodies joined by "/".
(Issue: real tables, luatvn-nq03-cp-2010 and the real scans kept apart.)"""
from __future__ import annotations

import difflib

import pytest

from extract.pipeline import extract_issue
from extract.scan.tesseract import ocr_status
from gazette_pdf import STD5, TASKS, GridRow, PageSpec, render_pdf
from scan_pdf import scan_pdf

pytestmark = pytest.mark.skipif(ocr_status() is not None, reason=f"OCR unavailable: {ocr_status()}")

HEADER = GridRow(STD5.headers, header=True)
SPLIT_HEAD = "Tổ chức tập huấn, bồi dưỡng kiến thức, kỹ năng về cải cách hành chính cho đội ngũ cán bộ,"
SPLIT_TAIL = "công chức, viên chức làm công tác cải cách hành chính tại các cơ quan, đơn vị"


def _row(number: str, task: tuple[str, str, str, str, str], lead: str | None = None) -> GridRow:
    return GridRow((number, task[0], lead or task[1], task[2], task[3]))


def _similar(a: str | None, b: str | None) -> float:
    return difflib.SequenceMatcher(None, " ".join((a or "").split()), " ".join((b or "").split())).ratio()


PAGES = [
    PageSpec(body_lines=("Phụ lục",), rows=(
        HEADER,
        GridRow(("A. NHIỆM VỤ TRỌNG TÂM", None, None, None, None), full_width=True),
        GridRow(("I. CẢI CÁCH THỂ CHẾ", None, None, None, None), full_width=True),
        _row("1", TASKS[0]), _row("2", TASKS[1]),
        # the section numeral alone in the STT cell, the title merged over the other columns
        GridRow(("II", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", None, None, None), spans=(1, 4, 1, 1, 1)),
        _row("1", TASKS[2]), _row("2", TASKS[3]),
    )),
    PageSpec(rows=(
        GridRow(("B. NHIỆM VỤ THƯỜNG XUYÊN", None, None, None, None), full_width=True),
        _row("1", TASKS[4], lead="Sở Tài chính/ Sở Nội vụ"), _row("2", TASKS[5]),
        GridRow(("3", SPLIT_HEAD, "Sở Nội vụ", "Các sở, ban, ngành tỉnh", "Hằng năm"), bottom_rule=False),
    )),
    PageSpec(rows=(
        GridRow(("", SPLIT_TAIL, "", "", ""), top_rule=False),
        # the STT cell read empty, its number at the head of the text (a faint rule between them)
        _row("", (f"4 {TASKS[6][0]}", *TASKS[6][1:])),
        GridRow(("", "Tổng cộng: 8 nhiệm vụ", "", "", "")),
    )),
]


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("three-pages")
    pdf = render_pdf(tmp / "plan.pdf", PAGES, col_widths_pt=list(STD5.widths))
    return extract_issue(scan_pdf(pdf, tmp / "plan-scan.pdf", rotate_deg=(0.4, -0.6, 0.8)))


def test_three_scanned_pages_are_one_table_of_the_printed_rows(scanned):
    (table,) = scanned.tables
    assert table.kind == "tasks"
    assert len(table.rows) == 9  # eight tasks and the totals row; group rows are groups, not rows
    assert {p for r in table.rows for p in r.page_indexes} == {0, 1, 2}


def test_page_opening_on_a_group_row_continues_the_table_under_the_new_group(scanned):
    b_rows = [t for t in scanned.tasks if t.group_number == "B"]
    assert [t.number for t in b_rows] == ["1", "2", "3", "4"]
    assert b_rows[0].row.page_indexes == (1,)
    assert b_rows[0].group_parent_number is None


def test_row_broken_over_the_page_is_one_row_with_its_text_joined(scanned):
    (task,) = [t for t in scanned.tasks if t.group_number == "B" and t.number == "3"]
    assert task.row.page_indexes == (1, 2)
    assert _similar(task.text, f"{SPLIT_HEAD} {SPLIT_TAIL}") > 0.95
    assert "\n" not in task.text  # OCR'd lines of a cell joined mid-sentence with a space


def test_lettered_parts_over_roman_sections_give_two_level_groups(scanned):
    got = [(t.group_parent_number, t.group_number, t.number) for t in scanned.tasks][:4]
    assert got == [("A", "A.I", "1"), ("A", "A.I", "2"), ("A", "A.II", "1"), ("A", "A.II", "2")]
    first, third = scanned.tasks[0], scanned.tasks[2]
    assert first.group_title == "CẢI CÁCH THỂ CHẾ" and first.group_parent_title == "NHIỆM VỤ TRỌNG TÂM"
    assert third.group_title == "CẢI CÁCH THỦ TỤC HÀNH CHÍNH"


def test_group_rows_are_never_tasks(scanned):
    assert len(scanned.tasks) == 8
    assert not any(t.text and t.text.isupper() for t in scanned.tasks)


def test_item_number_joined_to_its_text_goes_back_to_the_number_column(scanned):
    (task,) = [t for t in scanned.tasks if t.group_number == "B" and t.number == "4"]
    assert _similar(task.text, TASKS[6][0]) > 0.95


def test_totals_row_stays_in_the_table_and_is_no_task(scanned):
    (table,) = scanned.tables
    assert [r.is_total for r in table.rows] == [False] * 8 + [True]
    assert not any("Tổng cộng" in (t.text or "") for t in scanned.tasks)


def test_bodies_joined_by_a_slash_are_two_leads(scanned):
    (task,) = [t for t in scanned.tasks if t.group_number == "B" and t.number == "1"]
    assert [a.name for a in task.lead] == ["Sở Tài chính", "Sở Nội vụ"]


def test_a_header_misread_by_a_letter_on_a_scan_takes_the_vocabulary_spelling_a_printed_one_stays(tmp_path):
    # The header printed with a letter missing, as OCR reads "Cơ quan phối hợp" on a blurred scan: on
    # the text layer it is the document's own wording and stays; read by OCR it is mended, so that every
    # table of every scan keys its cells by the same names.
    headers = ("STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ uan phối hợp", "Thời gian hoàn thành")
    pages = [PageSpec(body_lines=("Phụ lục",), rows=(
        GridRow(headers, header=True), _row("1", TASKS[0]), _row("2", TASKS[1]), _row("3", TASKS[2])))]
    pdf = render_pdf(tmp_path / "plan.pdf", pages, col_widths_pt=list(STD5.widths))
    (printed,) = extract_issue(pdf).tables
    (scanned,) = extract_issue(scan_pdf(pdf, tmp_path / "plan-scan.pdf")).tables
    assert [c.header for c in printed.columns][3] == "Cơ uan phối hợp"
    assert [c.header for c in scanned.columns][3] == "Cơ quan phối hợp"
    assert [c.role for c in scanned.columns][3] == "support"
