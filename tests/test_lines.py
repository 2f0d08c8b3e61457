from __future__ import annotations

import pytest

from extract.lines import join_lines, joins_without_space, lines_to_text, starts_paragraph, words_to_lines
from extract.models import Word

JOINS = [
    ("Nghị định số 59/2012/N", "Đ-CP ngày 23/7/2012", True, "break inside the type code"),
    ("Quyết định số 1234/QĐ-", "UBND ngày 05/3/2024", True, "break after the hyphen of a số ký hiệu"),
    ("Thông tư số 01/2023/TT", "-BNV ngày", True, "next line starts with the hyphen"),
    ("Công văn số 1420/UBND", "-CCHC ngày 06/3/2023", True, "pdf word split: '1420/UBND -CCHC'"),
    ("Sở LĐ-", "TB&XH", True, "abbreviation broken at its hyphen"),
    ("Nghị định số 59/2012/NĐ-CP", "ngày 23/7/2012", False, "a complete number then a word"),
    ("Nghị định số 32/2020/NĐ", "CP ngày", False, "a complete type code then a capital word is two tokens"),
    ("Chỉ số cải cách hành chính", "năm 2023", False, "ordinary wrap"),
    ("giai đoạn 2022 -", "2030", False, "a spaced dash is its own token"),
    ("các sở, ban, ngành tỉnh và", "UBND các huyện", False, "a word then an abbreviation"),
    ("Quyết định số 36/2021/QĐ-", "UBND ngày 17/11/2021,", True, "Cà Mau 43 IV.3 lead cell"),
]


@pytest.mark.parametrize("before, after, expected, why", JOINS, ids=[j[3] for j in JOINS])
def test_joins_without_space(before, after, expected, why):
    assert joins_without_space(before, after) is expected


PARAGRAPHS = [
    ("- Kế hoạch theo dõi;", True, "dash bullet"),
    ("+ Báo cáo quý", True, "plus bullet"),
    ("a) Rà soát", True, "lettered item"),
    ("2.1. Công khai", True, "numbered item"),
    ("-CCHC ngày 06/3/2023", False, "a number's tail is no bullet when it continues a number"),
    ("thành phố", False, "plain continuation"),
]


@pytest.mark.parametrize("text, expected, why", PARAGRAPHS, ids=[p[2] for p in PARAGRAPHS])
def test_starts_paragraph(text, expected, why):
    if why.startswith("a number's tail"):
        # on its own it looks like a bullet; joined after "1420/UBND" it is a wrap
        assert join_lines(["Công văn số 1420/UBND", text], [False]) == "Công văn số 1420/UBND-CCHC ngày 06/3/2023"
    else:
        assert starts_paragraph(text) is expected


def _w(text, x0, top, size=10.0):
    return Word(text=text, x0=x0, x1=x0 + 6 * len(text), top=top, bottom=top + size, size=size)


def test_line_that_ended_short_starts_a_paragraph():
    # "VNPT Hậu Giang" / "Bưu điện tỉnh": the second line's first word fits after the first line
    lines = words_to_lines([_w("VNPT", 0, 0), _w("Hậu", 36, 0), _w("Giang", 60, 0), _w("Bưu", 0, 12),
                            _w("điện", 24, 12), _w("tỉnh", 54, 12)])
    assert lines_to_text(lines, right_edge=200) == "VNPT Hậu Giang\nBưu điện tỉnh"


def test_full_line_wraps_with_a_space():
    lines = words_to_lines([_w("Các", 0, 0), _w("sở,", 30, 0), _w("ban,", 60, 0), _w("ngành", 0, 12)])
    assert lines_to_text(lines, right_edge=95) == "Các sở, ban, ngành"


def test_ocr_line_going_on_in_lower_case_continues_its_sentence_whatever_the_gap():
    # "trong lĩnh" / "vực ngân hàng": a scan's line gap or a short first line is no paragraph there
    lines = words_to_lines([_w("trong", 0, 0), _w("lĩnh", 36, 0), _w("vực", 0, 15), _w("ngân", 24, 15),
                            _w("hàng", 54, 15)])
    assert lines_to_text(lines, right_edge=200, line_pitch=12, ocr=True) == "trong lĩnh vực ngân hàng"
    assert lines_to_text(lines, right_edge=200, line_pitch=12) == "trong lĩnh\nvực ngân hàng"


def test_ocr_line_that_ended_its_sentence_closes_its_paragraph():
    lines = words_to_lines([_w("Các", 0, 0), _w("sở,", 30, 0), _w("ban;", 60, 0), _w("Sở", 0, 12),
                            _w("Tư", 18, 12), _w("pháp", 36, 12)])
    assert lines_to_text(lines, right_edge=95, ocr=True) == "Các sở, ban;\nSở Tư pháp"
    assert lines_to_text(lines, right_edge=95) == "Các sở, ban; Sở Tư pháp"
