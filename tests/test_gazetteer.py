"""Table-driven tests of the gazetteer (extract/gazetteer.py and its data files).

The names are the official ones of the laws the data files cite: the ministries before and after
Nghị quyết 176/2025/QH15, the provinces before and after Nghị quyết 202/2025/QH15, the departments of
Nghị định 107/2020/NĐ-CP and 45/2025/NĐ-CP; the printed variants are the ones gazettes and OCR give
(capitals in headers, "Uỷ"/"Ủy", abbreviations, stray punctuation).
"""
from __future__ import annotations

import subprocess
import sys
import time

import pytest

from extract import gazetteer
from extract.gazetteer import (body_spans, canonical_body, canonical_province, closest_body, current_province,
                               find_province, provinces, successor)

P = pytest.param
UBND = "Ủy ban nhân dân"

CANONICAL = [
    # --- ministries and ministry-level agencies after 1 March 2025 ---
    P("Bộ Tài chính", "Bộ Tài chính", id="ministry-finance"),
    P("Bộ Nông nghiệp và Môi trường", "Bộ Nông nghiệp và Môi trường", id="ministry-2025-agriculture-environment"),
    P("Bộ Dân tộc và Tôn giáo", "Bộ Dân tộc và Tôn giáo", id="ministry-2025-ethnic-religious-affairs"),
    P("bộ khoa học và công nghệ", "Bộ Khoa học và Công nghệ", id="ministry-lower-case-to-official"),
    P("BỘ XÂY DỰNG", "Bộ Xây dựng", id="ministry-capitals-to-official"),
    P("Bộ Công thương", "Bộ Công Thương", id="ministry-official-capitalisation-cong-thuong"),
    P("Ngân hàng Nhà nước Việt Nam", "Ngân hàng Nhà nước Việt Nam", id="state-bank"),
    P("Thanh tra Chính phủ", "Thanh tra Chính phủ", id="government-inspectorate"),
    P("VPCP", "Văn phòng Chính phủ", id="alias-vpcp"),
    # --- names before 2025, still recognised ---
    P("Bộ Kế hoạch và Đầu tư", "Bộ Kế hoạch và Đầu tư", id="pre-2025-planning-investment"),
    P("Bộ LĐ-TB&XH", "Bộ Lao động - Thương binh và Xã hội", id="pre-2025-labour-abbreviated"),
    P("Bộ Lao động – Thương binh và Xã hội", "Bộ Lao động - Thương binh và Xã hội", id="en-dash-to-hyphen"),
    P("Bộ TT&TT", "Bộ Thông tin và Truyền thông", id="pre-2025-information-abbreviated"),
    P("Bộ Giao thông Vận tải", "Bộ Giao thông vận tải", id="pre-2025-transport-capitalisation"),
    P("Ủy ban Dân tộc", "Ủy ban Dân tộc", id="pre-2025-ethnic-committee"),
    # --- central bodies of task tables ---
    P("Thông tấn xã Việt Nam", "Thông tấn xã Việt Nam", id="news-agency"),
    P("VTV", "Đài Truyền hình Việt Nam", id="alias-vtv"),
    P("Đài Tiếng nói Việt Nam", "Đài Tiếng nói Việt Nam", id="voice-of-vietnam"),
    P("Kiểm toán Nhà nước", "Kiểm toán nhà nước", id="state-audit-official-capitalisation"),
    P("Tòa án nhân dân tối cao", "Tòa án nhân dân tối cao", id="supreme-court"),
    P("Toà án nhân dân tối cao", "Tòa án nhân dân tối cao", id="supreme-court-old-tone-placement"),
    P("Viện kiểm sát nhân dân tối cao", "Viện kiểm sát nhân dân tối cao", id="supreme-procuracy"),
    P("Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", id="front-central"),
    P("Tổng Liên đoàn Lao động Việt Nam", "Tổng Liên đoàn Lao động Việt Nam", id="labour-confederation"),
    P("Trung ương Đoàn", "Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh", id="youth-union-short-form"),
    # --- the National Assembly ---
    P("Ủy ban Thường vụ Quốc hội", "Ủy ban Thường vụ Quốc hội", id="na-standing-committee"),
    P("UBTVQH", "Ủy ban Thường vụ Quốc hội", id="na-standing-committee-abbreviated"),
    P("Ủy ban Pháp luật và Tư pháp", "Ủy ban Pháp luật và Tư pháp", id="na-committee-2025"),
    P("Ủy ban Tài chính, Ngân sách", "Ủy ban Tài chính, Ngân sách", id="na-committee-before-2025-comma-inside"),
    P("Văn phòng Quốc hội", "Văn phòng Quốc hội", id="na-office"),
    # --- provincial bodies, with and without their place ---
    P("UBND tỉnh Cà Mau", f"{UBND} tỉnh Cà Mau", id="ubnd-province"),
    P("Uỷ ban nhân dân tỉnh Thanh Hoá", f"{UBND} tỉnh Thanh Hóa", id="old-tone-placement-in-body-and-place"),
    P("ỦY BAN NHÂN DÂN TỈNH BÌNH THUẬN", f"{UBND} tỉnh Bình Thuận", id="header-capitals-pre-2025-province"),
    P("SỞ NỘI VỤ TỈNH BÌNH THUẬN", "Sở Nội vụ tỉnh Bình Thuận", id="department-with-province-capitals"),
    P("Sở Y tế tỉnh Lâm Đồng", "Sở Y tế tỉnh Lâm Đồng", id="department-with-province"),
    P("Sở Y tế Hà Nội", "Sở Y tế Hà Nội", id="department-with-city-no-unit-kept"),
    P("Sở Y tế TP.HCM", "Sở Y tế Thành phố Hồ Chí Minh", id="hcmc-abbreviated-unit-capitalised-in-name"),
    P("UBND thành phố Hồ Chí Minh", f"{UBND} Thành phố Hồ Chí Minh", id="hcmc-unit-word-part-of-name"),
    P("UBND TP. Cần Thơ", f"{UBND} thành phố Cần Thơ", id="centrally-run-city-abbreviated"),
    P("Công an thành phố Đà Nẵng", "Công an thành phố Đà Nẵng", id="slot-city-for-province"),
    P("Công an tỉnh", "Công an tỉnh", id="generic-provincial-police"),
    P("Bộ Chỉ huy Quân sự tỉnh Hậu Giang", "Bộ Chỉ huy Quân sự tỉnh Hậu Giang", id="military-command-with-place"),
    P("Kho bạc Nhà nước", "Kho bạc Nhà nước", id="treasury-central"),
    P("KBNN tỉnh", "Kho bạc Nhà nước tỉnh", id="treasury-provincial-abbreviated"),
    P("Cục Thuế tỉnh", "Cục Thuế tỉnh", id="tax-department-before-2025"),
    P("Thuế tỉnh Cà Mau", "Thuế tỉnh Cà Mau", id="tax-2025-name"),
    P("BHXH tỉnh", "Bảo hiểm xã hội tỉnh", id="social-insurance-provincial"),
    P("Bảo hiểm xã hội Việt Nam", "Bảo hiểm xã hội Việt Nam", id="social-insurance-central"),
    P("Sở Nông nghiệp và Môi trường", "Sở Nông nghiệp và Môi trường", id="department-2025-merger"),
    P("Sở Dân tộc và Tôn giáo", "Sở Dân tộc và Tôn giáo", id="department-2025-new"),
    P("Sở KH&ĐT", "Sở Kế hoạch và Đầu tư", id="department-before-2025-abbreviated"),
    P("Sở KH & ĐT", "Sở Kế hoạch và Đầu tư", id="abbreviation-spaced-ampersand"),
    P("Văn phòng Đoàn ĐBQH và HĐND tỉnh", "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh",
      id="office-of-delegation-and-council"),
    P("Đài Phát thanh và Truyền hình Hậu Giang", "Đài Phát thanh và Truyền hình Hậu Giang", id="stem-with-place-no-unit"),
    P("Ngân hàng Nhà nước Chi nhánh tỉnh Hậu Giang", "Ngân hàng Nhà nước Chi nhánh tỉnh Hậu Giang", id="state-bank-branch"),
    P("UBND tỉnh Bà Rịa-Vũng Tàu", f"{UBND} tỉnh Bà Rịa - Vũng Tàu", id="dashed-province-spacing"),
    P("UBND tỉnh Thừa Thiên Huế", f"{UBND} tỉnh Thừa Thiên Huế", id="province-renamed-2025-still-resolves"),
    P("UBND thành phố Huế", f"{UBND} thành phố Huế", id="hue-centrally-run-city-2025"),
    # --- districts and communes ---
    P("UBND thành phố Vị Thanh", f"{UBND} thành phố Vị Thanh", id="city-within-province"),
    P("Ủy ban nhân dân thành phố Cà Mau", f"{UBND} thành phố Cà Mau", id="city-named-as-its-province-is-not-the-province"),
    P("ỦY BAN NHÂN DÂN HUYỆN CÁI NƯỚC", f"{UBND} huyện Cái Nước", id="district-capitals"),
    P("UBND xã Tân Hưng", f"{UBND} xã Tân Hưng", id="commune"),
    P("UBND phường 3", f"{UBND} Phường 3", id="numbered-ward-capitalised"),
    P("UBND cấp xã", f"{UBND} cấp xã", id="class-of-communes"),
    P("Phòng Tư pháp huyện Cái Nước", "Phòng Tư pháp huyện Cái Nước", id="district-office"),
    # --- noise around a name ---
    P("  Sở Tư pháp ; ", "Sở Tư pháp", id="noise-spaces-and-semicolon"),
    P("“Bộ Y tế”", "Bộ Y tế", id="noise-quotes"),
    P("- Bộ Công an.", "Bộ Công an", id="noise-bullet-and-full-stop"),
    P("Sở  Tài   chính", "Sở Tài chính", id="noise-inner-spaces"),
    # --- not a body of the gazetteer ---
    P("Phòng họp số 2", None, id="not-a-body-room"),
    P("Ủy ban nhân dân", None, id="not-a-body-head-without-level"),
    P("Sở", None, id="not-a-body-bare-head"),
    P("ủy ban nhân dân huyện có liên quan", None, id="not-a-body-lower-case-words-are-no-place"),
    P("Ủy ban nhân dân huyện có liên quan", None, id="not-a-body-uncapitalised-place"),
    P("Công ty Cổ phần Cấp thoát nước - Công trình đô thị Hậu Giang", None, id="not-in-gazetteer-company"),
    P("VNPT", None, id="brand-is-not-expanded"),
    P("Ngân hàng Nhà nước", None, id="short-form-not-guessed"),
    P("Sở Y tế tỉnh Xyz", None, id="not-a-province"),
    P("QĐ-UBND", None, id="document-symbol-not-the-committee"),
]


@pytest.mark.parametrize(("text", "expected"), CANONICAL)
def test_canonical_body(text, expected):
    assert canonical_body(text) == expected


@pytest.mark.parametrize("name", sorted({e for _, e in (p.values for p in CANONICAL) if e}))
def test_canonical_body_is_a_fixed_point(name):
    assert canonical_body(name) == name


SUCCESSORS = [
    P("Bộ Kế hoạch và Đầu tư", "Bộ Tài chính", id="planning-into-finance"),
    P("Bộ Giao thông vận tải", "Bộ Xây dựng", id="transport-into-construction"),
    P("Bộ TT&TT", "Bộ Khoa học và Công nghệ", id="information-into-science"),
    P("Bộ Lao động - Thương binh và Xã hội", "Bộ Nội vụ", id="labour-into-home-affairs"),
    P("Bộ Tài nguyên và Môi trường", "Bộ Nông nghiệp và Môi trường", id="environment-into-agriculture-environment"),
    P("Ủy ban Dân tộc", "Bộ Dân tộc và Tôn giáo", id="ethnic-committee-into-ministry"),
    P("Sở Thông tin và Truyền thông", "Sở Khoa học và Công nghệ", id="department-information-into-science"),
    P("Ban Dân tộc", "Sở Dân tộc và Tôn giáo", id="provincial-ethnic-board-into-department"),
    P("Bộ Tài chính", None, id="current-has-none"),
    P("Sở Y tế", None, id="current-department-has-none"),
    P("Phòng họp", None, id="not-a-body-has-none"),
]


@pytest.mark.parametrize(("text", "expected"), SUCCESSORS)
def test_successor(text, expected):
    assert successor(text) == expected


CLOSEST = [
    # vnlaw-299-ttg, a seal over the cell: a stray "ta", a "t" lost
    P("Ngân hàng ta Nhà nước Việ Nam", "Ngân hàng Nhà nước Việt Nam", id="ocr-stray-token-and-lost-letter"),
    P("Bộ Giáo dục và Đảo tạo", "Bộ Giáo dục và Đào tạo", id="ocr-tone-slip-is-free"),
    P("Sở Tài nguyên và Mỗi trường", "Sở Tài nguyên và Môi trường", id="ocr-vowel-mark-slip"),
    P("Bộ Kế hoạch và Đầu tư", "Bộ Kế hoạch và Đầu tư", id="exact-name-is-itself"),
    # a wrong word is another body, not a slip
    P("Sở Văn hóa và Du lịch", None, id="different-word-is-not-a-slip"),
    P("Ban Dân vận", None, id="short-name-other-word"),
    P("Sở Kế hoạch và Đầu tư tài chính", None, id="extra-long-word-is-not-a-slip"),
    P("Ủy ban nhân dân quận", f"{UBND} quận", id="slot-unit-is-exact"),
    P("Hội Nông dân Việt", None, id="lost-word-in-short-name-is-not-a-slip"),
    P("Ngân hàng Nhà nước Nam", "Ngân hàng Nhà nước Việt Nam", id="ocr-word-lost-inside-long-name"),
    P("Liên hiệp các Hội Khoa học Kỹ thuật Việt Nam", "Liên hiệp các Hội Khoa học và Kỹ thuật Việt Nam",
      id="lost-conjunction-inside-long-name"),
    P("Văn phòng Ủy ban nhân dân", None, id="lost-last-word-is-not-guessed"),
]


@pytest.mark.parametrize(("text", "expected"), CLOSEST)
def test_closest_body(text, expected):
    assert closest_body(text) == expected


# ---------------------------------------------------------------------------------------------
# Provinces
# ---------------------------------------------------------------------------------------------


def test_province_lists_have_34_and_63_units():
    assert len(provinces("34")) == 34
    assert len(provinces("63")) == 63
    assert len(set(provinces("34"))) == 34 and len(set(provinces("63"))) == 63
    assert set(provinces()) == set(provinces("34")) | set(provinces("63"))


@pytest.mark.parametrize("name", provinces())
def test_every_province_reads_as_itself_in_any_case(name):
    assert canonical_province(name) == name
    assert canonical_province(name.upper()) == name


@pytest.mark.parametrize("name", provinces("63"))
def test_every_province_of_the_63_is_part_of_one_of_the_34(name):
    assert current_province(name) in provinces("34")


MERGED = [
    P("Hậu Giang", "Cần Thơ", id="hau-giang-into-can-tho"),
    P("Bạc Liêu", "Cà Mau", id="bac-lieu-into-ca-mau"),
    P("Bình Thuận", "Lâm Đồng", id="binh-thuan-into-lam-dong"),
    P("Bà Rịa - Vũng Tàu", "Thành phố Hồ Chí Minh", id="ba-ria-vung-tau-into-hcmc"),
    P("Thừa Thiên Huế", "Huế", id="thua-thien-hue-renamed-hue"),
    P("Hà Giang", "Tuyên Quang", id="ha-giang-into-tuyen-quang"),
    P("Kiên Giang", "An Giang", id="kien-giang-into-an-giang"),
    P("Cà Mau", "Cà Mau", id="kept-name-is-itself"),
    P("Hà Nội", "Hà Nội", id="unchanged-city"),
]


@pytest.mark.parametrize(("name", "expected"), MERGED)
def test_current_province(name, expected):
    assert current_province(name) == expected


FIND = [
    P("TỈNH BÌNH THUẬN", "Bình Thuận", id="header-capitals"),
    P("ỦY BAN NHÂN DÂN TỈNH BÌNH THUẬN SỞ NỘI VỤ", "Bình Thuận", id="capitals-followed-by-more-capitals"),
    P("CÔNG BÁO THÀNH PHỐ HỒ CHÍ MINH", "Thành phố Hồ Chí Minh", id="hcmc-header"),
    P("Sở Y tế TP.HCM", "Thành phố Hồ Chí Minh", id="hcmc-abbreviated"),
    P("Công báo Cà Mau/Số 43", "Cà Mau", id="gazette-running-header"),
    P("UBND tỉnh Đăk Lăk", "Đắk Lắk", id="spelling-variant-dak-lak"),
    P("Thanh Hoá, ngày 05 tháng 3 năm 2024", "Thanh Hóa", id="place-and-date-line-old-tone"),
    P("phối hợp với Cần Thơ; Sở Y tế tỉnh Long An", "Long An", id="after-unit-word-first"),
    P("Ủy ban nhân dân thành phố Huế", "Huế", id="hue-city"),
    P("Học viện Chính trị quốc gia Hồ Chí Minh", None, id="person-name-is-no-province"),
    P("xây dựng môi trường hòa bình", None, id="lower-case-word-is-no-province"),
    P("Sở Nội vụ", None, id="no-province-named"),
]


@pytest.mark.parametrize(("text", "expected"), FIND)
def test_find_province(text, expected):
    assert find_province(text) == expected


# ---------------------------------------------------------------------------------------------
# Spans in running text
# ---------------------------------------------------------------------------------------------

SPANS = [
    P("Căn cứ ý kiến của Sở Nội vụ, Bộ Thông tin và\nTruyền thông và UBND tỉnh Cà Mau.",
      ["Sở Nội vụ", "Bộ Thông tin và\nTruyền thông", "UBND tỉnh Cà Mau"], id="names-over-a-line-break-and-with-place"),
    P("đoàn thanh tra tỉnh đã làm việc với Thanh tra tỉnh", ["Thanh tra tỉnh"], id="lower-case-activity-is-no-body"),
    P("Sở Văn hóa, Thể thao và Du lịch chủ trì", ["Sở Văn hóa, Thể thao và Du lịch"], id="comma-inside-name"),
    P("theo Quyết định số 12/2023/QĐ-UBND của UBND tỉnh", ["UBND tỉnh"], id="symbol-is-no-committee"),
    P("Công an tỉnh Hậu Giang phối hợp", ["Công an tỉnh Hậu Giang"], id="place-extends-the-name"),
    P("Ủy ban nhân dân huyện Cái Nước, Ủy ban nhân dân xã Tân Hưng",
      ["Ủy ban nhân dân huyện Cái Nước", "Ủy ban nhân dân xã Tân Hưng"], id="district-and-commune-places"),
    P("Không có cơ quan nào", [], id="no-name"),
]


@pytest.mark.parametrize(("text", "expected"), SPANS)
def test_body_spans(text, expected):
    assert [text[s:e] for s, e in body_spans(text)] == expected


def test_body_spans_on_a_megabyte_is_one_pass():
    # 1 MB of gazette-like text: a pass is a fraction of a second of CPU (README, make bench); the
    # bound leaves room for a loaded machine, and catches a loop over every name of the gazetteer.
    unit = ("Căn cứ Nghị định số 107/2020/NĐ-CP, Sở Nội vụ chủ trì, phối hợp với các sở, ban, ngành tỉnh, "
            "UBND các huyện, thị xã, thành phố và Công an tỉnh Cà Mau triển khai thực hiện. ")
    text = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
    body_spans("Sở Nội vụ")  # load the data first
    start = time.process_time()
    spans = body_spans(text)
    assert time.process_time() - start < 3.0
    assert len(spans) >= 2 * (1_000_000 // len(unit))


# ---------------------------------------------------------------------------------------------
# The data files themselves
# ---------------------------------------------------------------------------------------------


def test_every_successor_is_a_body_of_the_gazetteer():
    _, rows, _ = gazetteer._bodies()
    for name, (_, status, succ) in rows.items():
        assert status in ("current", "former"), name
        if succ:
            assert canonical_body(succ) == succ, (name, succ)


def test_every_merged_province_names_a_province_of_the_34():
    for p in gazetteer._provinces()[0]:
        if p.merged_into:
            assert p.merged_into in provinces("34"), p.name


def test_gazetteer_imports_no_language_engine():
    code = "import sys, extract.gazetteer as g; g.canonical_body('Sở Y tế'); " \
           "assert not {'spacy', 'underthesea'} & set(sys.modules), sorted(sys.modules)"
    subprocess.run([sys.executable, "-c", code], check=True)
