"""Table reassembly on small PDFs the tests render themselves, one per situation (tests/gazette_pdf.py)."""
from __future__ import annotations

import pytest

import gazette_pdf
from extract.pipeline import extract_issue


def reassembled_rows(pdf) -> list[dict]:
    """The rows of every table in ``pdf``, as header → text, plus the full-width group when there is one."""
    result = extract_issue(pdf)
    rows = []
    for table in result.tables:
        has_group_column = any(c.role == "group" for c in table.columns)
        for row in table.rows:
            record = {c.header: v for c, v in zip(table.columns, row.cells)}
            if row.group and not has_group_column:
                record[gazette_pdf.GROUP_KEY] = row.group
            rows.append(record)
    return rows


@pytest.mark.parametrize("case", sorted(gazette_pdf.CASES))
def test_rendered_table_is_reassembled(case, tmp_path):
    pdf, expected = gazette_pdf.CASES[case](tmp_path)
    assert reassembled_rows(pdf) == expected


def test_row_split_at_page_bottom_is_one_row_on_both_pages(tmp_path):
    pdf, expected = gazette_pdf.case_row_split_at_page_bottom(tmp_path)
    result = extract_issue(pdf)
    (table,) = result.tables
    split = [r for r in table.rows if len(r.page_indexes) == 2]
    assert len(split) == 1 and split[0].page_numbers == (11, 12)
    assert len(table.rows) == len(expected)


def test_group_spanning_three_pages_reaches_every_row(tmp_path):
    pdf, expected = gazette_pdf.case_group_spans_three_pages(tmp_path)
    (table,) = extract_issue(pdf).tables
    pages_with_group_ii = {p for r in table.rows if (r.group or "").startswith("II.") for p in r.page_indexes}
    assert pages_with_group_ii == {0, 1, 2}


def test_word_style_rules_and_background_rectangles_make_no_phantom_table(tmp_path):
    pdf, expected = gazette_pdf.case_rules_as_rects(tmp_path)
    tables = extract_issue(pdf).tables
    assert len(tables) == 1 and len(tables[0].rows) == len(expected)


from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(n_rows=st.integers(min_value=3, max_value=24), data=st.data(), numbering_row=st.booleans(),
       open_break=st.booleans())
def test_stitching_keeps_every_row_once_and_in_order(tmp_path, n_rows, data, numbering_row, open_break):
    long_rows = data.draw(st.sets(st.integers(min_value=0, max_value=n_rows - 1), max_size=4))
    pdf, expected = gazette_pdf.render_table_entries(tmp_path, f"prop-{n_rows}", long_rows=sorted(long_rows),
                                                     n_rows=n_rows, numbering_row=numbering_row,
                                                     open_break=open_break)
    assert reassembled_rows(pdf) == expected


def test_group_row_with_roman_numeral_in_the_number_column(tmp_path):
    # Other provinces print the group as "I | CẢI CÁCH THỂ CHẾ | | | " in ordinary cells, not merged.
    from gazette_pdf import STD5, TASKS, GridRow, PageSpec, render_pdf

    header = GridRow(STD5.headers, header=True)
    rows = [header, GridRow(("I", "CẢI CÁCH THỂ CHẾ", "", "", ""))]
    rows += [GridRow((str(n), *TASKS[n][:4])) for n in (1, 2)]
    rows += [GridRow(("II", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "", "", "")), GridRow(("1", *TASKS[3][:4]))]
    pdf = render_pdf(tmp_path / "roman.pdf", [PageSpec(rows=tuple(rows), body_lines=("Phụ lục",))],
                     col_widths_pt=list(STD5.widths))
    (table,) = extract_issue(pdf).tables
    assert [(r.group, r.cells[0]) for r in table.rows] == [
        ("I. CẢI CÁCH THỂ CHẾ", "1"), ("I. CẢI CÁCH THỂ CHẾ", "2"), ("II. CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "1")]


# ---------------------------------------------------------------- column roles on rendered tables

from gazette_pdf import STD5, TASKS, GridRow, PageSpec, render_pdf  # noqa: E402


def _task_rows(n: int = 4) -> list[tuple[str, str, str, str, str]]:
    return [(str(k), t[0], t[1], t[2], t[3]) for k, t in enumerate(TASKS[:n], start=1)]


def _render(tmp_path, name, header_rows, body, widths, pages=1, **kw):
    rows = tuple(header_rows) + tuple(GridRow(tuple(b)) for b in body)
    specs = [PageSpec(rows=rows, body_lines=("Phụ lục",))]
    for _ in range(pages - 1):
        specs.append(PageSpec(rows=tuple(header_rows) + tuple(GridRow(tuple(b)) for b in body)))
    return render_pdf(tmp_path / f"{name}.pdf", specs, col_widths_pt=list(widths), **kw)


def _roles(table) -> list[tuple[str, str | None, str | None]]:
    return [(c.header, c.role, c.evidence) for c in table.columns]


def test_unseen_task_header_still_yields_task_text(tmp_path):
    header = GridRow(("STT", "Những việc phải làm", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn"), header=True)
    pdf = _render(tmp_path, "unseen_task_header", [header], _task_rows(), STD5.widths)
    result = extract_issue(pdf)
    (table,) = result.tables
    assert _roles(table)[1] == ("Những việc phải làm", "text", "content")
    assert [t.text for t in result.tasks] == [t[0] for t in TASKS[:4]]
    assert [t.number for t in result.tasks] == ["1", "2", "3", "4"]


@pytest.mark.parametrize("headers, expected", [
    pytest.param(("STT", "Nội dung công việc", "", "Phối hợp", "Thời gian"),
                 [("STT", "number", "header"), ("Nội dung công việc", "text", "header"), ("Cột 3", "lead", "content"),
                  ("Phối hợp", "support", "header"), ("Thời gian", "deadline", "header")],
                 id="blank-agency-header-cell"),
    pytest.param(("(1)", "(2)", "(3)", "(4)", "(5)"),
                 [("(1)", "number", "content"), ("(2)", "text", "content"), ("(3)", "lead", "content"),
                  ("(4)", "support", "content"), ("(5)", "deadline", "content")],
                 id="numbering-row-as-the-only-header"),
])
def test_agency_column_without_a_header_word(tmp_path, headers, expected):
    pdf = _render(tmp_path, "no_agency_word", [GridRow(headers, header=True)], _task_rows(), STD5.widths)
    (table,) = extract_issue(pdf).tables
    assert _roles(table) == expected
    assert [r.cells[2] for r in table.rows] == [t[1] for t in TASKS[:4]]


@pytest.mark.parametrize("parent, leaves, expected", [
    pytest.param("Cơ quan thực hiện", ("Chủ trì", "Phối hợp"), ["lead", "support"], id="agencies-under-one-cell"),
    pytest.param("Phân công", ("Đơn vị chủ trì", "Đơn vị phối hợp"), ["lead", "support"], id="unseen-parent-named-leaves"),
])
def test_two_level_header_agencies(tmp_path, parent, leaves, expected):
    top = GridRow(("STT", "Nhiệm vụ", parent, None, "Thời gian"), header=True, spans=(1, 1, 2, 1, 1))
    sub = GridRow((None, None, *leaves, None), header=True)
    pdf = _render(tmp_path, "two_level_agencies", [top, sub], _task_rows(), STD5.widths)
    (table,) = extract_issue(pdf).tables
    assert [c.header for c in table.columns] == ["STT", "Nhiệm vụ", *leaves, "Thời gian"]
    assert [c.role for c in table.columns] == ["number", "text", *expected, "deadline"]
    assert len(table.rows) == 4 and table.rows[0].cells[2] == TASKS[0][1]


@pytest.mark.parametrize("parent, leaves", [
    pytest.param("Thời gian", ("Bắt đầu", "Hoàn thành"), id="bat-dau-hoan-thanh"),
    pytest.param("Thời gian thực hiện", ("Từ", "Đến"), id="tu-den-last-leaf-is-the-end"),
])
def test_two_level_header_dates(tmp_path, parent, leaves):
    top = GridRow(("STT", "Nội dung", "Chủ trì", "Phối hợp", parent, None), header=True, spans=(1, 1, 1, 1, 2, 1))
    sub = GridRow((None, None, None, None, *leaves), header=True)
    body = [(n, text, lead, support, "Tháng 01/2024", deadline) for n, text, lead, support, deadline in _task_rows()]
    pdf = _render(tmp_path, "two_level_dates", [top, sub], body, (30, 170, 80, 90, 60, 66))
    (table,) = extract_issue(pdf).tables
    assert [c.role for c in table.columns] == ["number", "text", "lead", "support", None, "deadline"]
    assert [r.cells[5] for r in table.rows] == [t[3] for t in TASKS[:4]]


_UNSEEN = ("Thứ", "Việc cần làm", "Nơi lo", "Nơi giúp", "Hạn")


@pytest.mark.parametrize("rows, pages", [
    pytest.param([GridRow(_UNSEEN)], 2, id="regular-type-repeated-on-the-next-page"),
    pytest.param([GridRow(_UNSEEN), GridRow(("(1)", "(2)", "(3)", "(4)", "(5)"))], 1, id="numbering-row-under-it"),
    pytest.param([GridRow(_UNSEEN, header=True)], 1, id="bold-over-a-regular-body"),
])
def test_header_of_unseen_words_is_recognised_by_its_form(tmp_path, rows, pages):
    pdf = _render(tmp_path, "unseen_header", rows, _task_rows(), STD5.widths, pages=pages)
    (table,) = extract_issue(pdf).tables
    assert [c.header for c in table.columns] == list(_UNSEEN)
    assert len(table.rows) == 4 * pages
    assert [c.role for c in table.columns] == ["number", "text", "lead", "support", "deadline"]


@pytest.mark.parametrize("header, body", [
    pytest.param(_UNSEEN, _task_rows(),
                 id="unseen-regular-header-once-is-no-evidence"),
    pytest.param(("STT", "Loại đất", "Vị trí", "Hệ số", "Ghi chú"),
                 [(str(k), f"Đất {kind} tại nông thôn và đô thị trên địa bàn tỉnh", "Vị trí 1", "1,0", "")
                  for k, kind in enumerate(("thương mại, dịch vụ", "sản xuất kinh doanh", "khu công nghiệp"), 1)],
                 id="bold-price-table-is-no-task-table"),
])
def test_ruled_box_that_is_not_a_task_table(tmp_path, header, body):
    """No task comes of either: a box whose top row is no header (no evidence) is no table at all; a
    price table with a bold header is a table of kind "other", its rows kept whole."""
    bold = header[0] == "STT"
    pdf = _render(tmp_path, "not_a_task_table", [GridRow(header, header=bold)], body, STD5.widths)
    result = extract_issue(pdf)
    assert result.tasks == ()
    assert [(t.kind, len(t.rows)) for t in result.tables] == ([("other", 3)] if bold else [])


def test_agency_name_wrapped_in_a_narrow_cell_is_one_agency(tmp_path):
    from extract.nlp.pipeline import build_nlp

    header = GridRow(("STT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn"), header=True)
    body = [("1", TASKS[0][0], "Sở Lao động - Thương binh và Xã hội", "Văn phòng UBND tỉnh", "Quý II/2024"),
            ("2", TASKS[1][0], "Sở Nội vụ", "Ngân hàng Nhà nước Việt Nam chi nhánh tỉnh; Sở Tư pháp", "Quý III/2024")]
    pdf = _render(tmp_path, "wrapped_agency", [header], body, (30, 200, 70, 80, 70))
    result = extract_issue(pdf, build_nlp())
    assert [[a.name for a in t.lead] for t in result.tasks] == [
        ["Sở Lao động - Thương binh và Xã hội"], ["Sở Nội vụ"]]
    assert [a.name for a in result.tasks[1].support] == ["Ngân hàng Nhà nước Việt Nam chi nhánh tỉnh", "Sở Tư pháp"]


_LAWS = ("Luật Các tổ chức tín dụng (Có hiệu lực từ ngày 01/7/2024)", "Luật Đất đai (Có hiệu lực từ ngày 01/01/2025)")
_DECREES = (
    "Nghị định quy định cơ chế thử nghiệm có kiểm soát trong lĩnh vực ngân hàng",
    "Nghị định quy định về chế độ tài chính của tổ chức tín dụng, chi nhánh ngân hàng nước ngoài",
    "Thông tư của Thống đốc Ngân hàng Nhà nước quy định về quỹ tín dụng nhân dân",
    "Danh mục ban hành kèm theo Quyết định số 222/QĐ-TTg ngày 05/3/2024 của Thủ tướng Chính phủ",
)
_HEADERS_299 = ("TT", "Tên luật", "Tên văn bản quy định chi tiết", "Cơ quan chủ trì", "Cơ quan phối hợp",
                "Thời hạn trình/ban hành")


def _render_299(tmp_path):
    lead, support = "Ngân hàng Nhà nước Việt Nam", "Văn phòng Chính phủ, Bộ Tư pháp và các bộ, ngành có liên quan"
    rows = [GridRow(_HEADERS_299, header=True),
            GridRow(("1.", _LAWS[0], f"1. {_DECREES[0]}", lead, support, "Trước ngày 15/4/2024")),
            GridRow((None, None, f"2. {_DECREES[1]}", "Bộ Tài chính", support, "Trước ngày 15/4/2024")),
            GridRow((None, None, f"3. {_DECREES[2]}", lead, "Các bộ, ngành có liên quan", "Trước ngày 15/5/2024")),
            GridRow(("2.", _LAWS[1], f"4. {_DECREES[3]}", "Bộ Tài nguyên và Môi trường", support,
                     "Thực hiện theo Quyết định số 222/QĐ-TTg"))]
    return render_pdf(tmp_path / "qd299.pdf", [PageSpec(rows=tuple(rows), body_lines=("Phụ lục",))],
                      col_widths_pt=[30, 110, 260, 115, 140, 88], landscape=True)


def test_spanning_number_and_name_pair_is_the_group(tmp_path):
    result = extract_issue(_render_299(tmp_path))
    (table,) = result.tables
    assert [(c.role, c.evidence) for c in table.columns] == [
        ("group", "content"), ("group", "content"), ("text", "header"), ("lead", "header"), ("support", "header"),
        ("deadline", "header")]
    assert [(r.cells[0], r.cells[1]) for r in table.rows] == [("1.", _LAWS[0])] * 3 + [("2.", _LAWS[1])]
    assert [r.group for r in table.rows] == [f"1. {_LAWS[0]}"] * 3 + [f"2. {_LAWS[1]}"]
    # numbering runs on across groups, in the text cell
    assert [(t.number, t.text) for t in result.tasks] == [(str(n), d) for n, d in enumerate(_DECREES, 1)]


def test_spanning_pair_gives_an_arabic_group_number(tmp_path):
    result = extract_issue(_render_299(tmp_path))
    assert [(t.group_number, t.group_title) for t in result.tasks] == [("1", _LAWS[0])] * 3 + [("2", _LAWS[1])]


def test_spanning_pair_runs_on_over_a_page_break(tmp_path):
    # Page 2 repeats the header; the merged TT and Tên luật cells continue there empty.
    lead, support = "Ngân hàng Nhà nước Việt Nam", "Các bộ, ngành có liên quan"
    header = GridRow(_HEADERS_299, header=True)
    page1 = (header, GridRow(("1.", _LAWS[0], f"1. {_DECREES[0]}", lead, support, "Trước ngày 15/4/2024")),
             GridRow((None, None, f"2. {_DECREES[1]}", "Bộ Tài chính", support, "Trước ngày 15/4/2024")))
    page2 = (header, GridRow(("", "", f"3. {_DECREES[2]}", lead, support, "Trước ngày 15/5/2024")),
             GridRow(("2.", _LAWS[1], f"4. {_DECREES[3]}", "Bộ Nội vụ", support, "Trước ngày 15/5/2024")))
    pdf = render_pdf(tmp_path / "qd299_pages.pdf", [PageSpec(rows=page1, body_lines=("Phụ lục",)), PageSpec(rows=page2)],
                     col_widths_pt=[30, 110, 260, 115, 140, 88], landscape=True)
    (table,) = extract_issue(pdf).tables
    assert [(r.cells[0], r.group) for r in table.rows] == [
        ("1.", f"1. {_LAWS[0]}"), ("1.", f"1. {_LAWS[0]}"), ("1.", f"1. {_LAWS[0]}"), ("2.", f"2. {_LAWS[1]}")]


def test_header_alone_at_a_page_bottom_opens_the_table_on_the_next_page(tmp_path):
    header = GridRow(STD5.headers, header=True)
    body = tuple(GridRow(r) for r in _task_rows())
    pdf = render_pdf(tmp_path / "header_alone.pdf", [PageSpec(rows=(header,), body_lines=("Phụ lục",)),
                                                      PageSpec(rows=body)], col_widths_pt=list(STD5.widths))
    (table,) = extract_issue(pdf).tables
    assert [r.cells[0] for r in table.rows] == ["1", "2", "3", "4"] and table.page_indexes == (0, 1)


def test_ocr_damaged_agency_headers_keep_their_roles(tmp_path):
    # As OCR returns them from a scan: "cơ —¬ chủ trì" and "Cơ quan phôi hợp".
    header = GridRow(("STT", "Nội dung nhiệm vụ", "cơ —¬ chủ trì", "Cơ quan phôi hợp", "Thời gịan hoàn thành"),
                     header=True)
    pdf = _render(tmp_path, "ocr_headers", [header], _task_rows(), STD5.widths)
    (table,) = extract_issue(pdf).tables
    assert [(c.role, c.evidence) for c in table.columns] == [
        ("number", "header"), ("text", "header"), ("lead", "header"), ("support", "header"), ("deadline", "header")]
