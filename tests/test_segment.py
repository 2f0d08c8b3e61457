"""Documents and gazette metadata of the dev gazettes, and running headers of other provinces."""
from __future__ import annotations

import datetime as dt

import pytest

from extract.running_headers import parse_header_text


def test_camau_document_metadata(dev_results):
    result = dev_results["congbao-camau-43"]
    (doc,) = result.documents
    assert (doc.kind, doc.number, doc.date) == ("Kế hoạch", "123/KH-UBND", dt.date(2023, 5, 29))
    assert doc.issuer == "Ủy ban nhân dân tỉnh Cà Mau"
    assert (doc.signer.name, doc.signer.title) == ("Lâm Văn Bi", "Phó Chủ tịch")
    assert doc.title.startswith("Cải thiện Chỉ số cải cách hành chính") and doc.title.endswith("của tỉnh Cà Mau")
    assert doc.page_numbers == tuple(range(41, 56))
    assert len(doc.appendices) == 1 and doc.appendices[0].cites_number == "123/KH-UBND"


def test_haugiang_document_and_gazette(dev_results):
    result = dev_results["congbao-haugiang-12"]
    g = result.issue.gazette
    assert (g.name, g.province, g.issue, g.date) == ("Công báo Hậu Giang", "Hậu Giang", 12, dt.date(2024, 3, 15))
    (doc,) = result.documents
    assert (doc.number, doc.signer.name, doc.title) == ("45/KH-UBND", "Nguyễn Thanh Tùng", "Chuyển đổi số tỉnh Hậu Giang năm 2024")


def test_running_header_lines_are_not_content(dev_results):
    for result in dev_results.values():
        for page in result.issue.pages:
            assert page.page_number is not None
            assert not any("CÔNG BÁO" in ln.text for ln in page.lines)


HEADERS = [
    ("CÔNG BÁO CÀ MAU/Số 43/Ngày 30-5-2023 41", ("Công báo Cà Mau", "Cà Mau", 43, "2023-05-30", 41), "page number right"),
    ("42 CÔNG BÁO CÀ MAU/Số 43/Ngày 30-5-2023", ("Công báo Cà Mau", "Cà Mau", 43, "2023-05-30", 42), "page number left"),
    ("CÔNG BÁO/Số 12 + 13/Ngày 15-3-2024 21", ("Công báo", None, 12, "2024-03-15", 21), "national gazette, double issue"),
    ("CÔNG BÁO TỈNH BÀ RỊA - VŨNG TÀU / Số 5 / Ngày 01/02/2024 7", ("Công báo Bà Rịa - Vũng Tàu", "Bà Rịa - Vũng Tàu", 5, "2024-02-01", 7), "spaces and slashes in the date"),
    ("CÔNG BÁO THÀNH PHỐ HỒ CHÍ MINH/Số 20/Ngày 10-4-2024 3", ("Công báo Thành phố Hồ Chí Minh", "Thành phố Hồ Chí Minh", 20, "2024-04-10", 3), "a city"),
    ("Công báo Hậu Giang/Số 12/Ngày 15-3-2024", ("Công báo Hậu Giang", "Hậu Giang", 12, "2024-03-15", None), "lower case, no page number"),
    ("CÔNG BÁO ĐỒNG THÁP/Số 30/Ngày 05 tháng 7 năm 2024 12", ("Công báo Đồng Tháp", "Đồng Tháp", 30, "2024-07-05", 12), "date in words"),
    ("22 CÔNG BẢO HẬU GIANG/Số 12/Ngày 15-3-2024", ("Công báo Hậu Giang", "Hậu Giang", 12, "2024-03-15", 22), "OCR moved a tone"),
    ("CỘNG BÁO CÀ MAU/Sô 43/Ngây 30-5-2023 41", ("Công báo Cà Mau", "Cà Mau", 43, "2023-05-30", 41), "OCR moved hats and tones"),
]


@pytest.mark.parametrize("text, expected, why", HEADERS, ids=[h[2] for h in HEADERS])
def test_parse_running_header(text, expected, why):
    info, page = parse_header_text(text)
    assert (info.name, info.province, info.issue, info.date.isoformat(), page) == expected


@pytest.mark.parametrize("text", ["CÔNG BÁO", "Căn cứ Công báo số 43", "Số: 123/KH-UBND"])
def test_text_that_is_not_a_running_header(text):
    assert parse_header_text(text) is None
