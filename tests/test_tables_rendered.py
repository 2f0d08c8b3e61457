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
