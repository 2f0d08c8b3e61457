"""Header blocks of real documents: number, own date line, kind, issuer, signer, stamps, warnings.

Each case lays out the lines of a header block (Nghị định 30/2020/NĐ-CP, Phụ lục I) with the
geometry of a scanned A4 page — issuer column centred at x=155, the motto from x=270, the number
under the issuer, the place and date under the motto, the kind centred, then the title and a
preamble that cites other documents with their own numbers and dates — and checks what
``segment_issue`` reads from it. ``ocr=True`` marks the page as read by OCR (``Page.ocr``): there a
field that is not plausible is None with a warning. The last tests render whole PDFs with
``render_issue`` (text layer).
"""
from __future__ import annotations

import datetime as dt

import pytest

from extract.lines import words_to_lines
from extract.models import GazetteInfo, Issue, Page, Word
from extract.segment import segment_issue

W, H, SIZE = 600.0, 845.0, 12.0
ISSUER_CENTRE, MOTTO_X0, DATE_CENTRE, CENTRE = 155.0, 270.0, 405.0, 315.0
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
PREAMBLE = (
    "Căn cứ Luật Quản lý ngoại thương ngày 12 tháng 6 năm 2017;",
    "Căn cứ Quyết định số 320/QĐ-TTg ngày 08 tháng 3 năm 2022 của Thủ tướng Chính phủ ban hành",
    "Bộ tiêu chí quốc gia về huyện nông thôn mới;",
)
SIGNATURE = (("KT. BỘ TRƯỞNG, CHỦ NHIỆM", "PHÓ CHỦ NHIỆM"), "Nguyễn Sỹ Hiệp")


def _width(text: str, size: float) -> float:
    return len(text) * size * 0.5


def words(top: float, x0: float, text: str, size: float = SIZE) -> list[Word]:
    out, x = [], x0
    for t in text.split():
        out.append(Word(text=t, x0=x, x1=x + _width(t, size), top=top, bottom=top + size, size=size))
        x += _width(t, size) + 0.3 * size
    return out


def centred_at(top: float, centre: float, text: str, size: float = SIZE) -> list[Word]:
    width = sum(_width(t, size) for t in text.split()) + 0.3 * size * (len(text.split()) - 1)
    return words(top, centre - width / 2, text, size)


def header_words(
    *, issuer=("VĂN PHÒNG CHÍNH PHỦ",), number="Số: 188/QĐ-VPCP", date="Hà Nội, ngày 11 tháng 4 năm 2024",
    kind="QUYẾT ĐỊNH", title=("Về việc thay đổi thành viên Tổ Biên tập",), under_number=(), stamps=(),
    kind_row_stamp=None, body=PREAMBLE, top=54.0,
) -> list[Word]:
    """A header block from ``top`` down. ``under_number``: lines of the left column under the number
    (a công văn's "V/v …"); ``stamps``: (x0, top offset, text) put anywhere; ``kind=None``: no kind line."""
    ws = words(top, MOTTO_X0, MOTTO) + words(top + 18, 320, "Độc lập - Tự do - Hạnh phúc")
    for i, line in enumerate(issuer):
        ws += centred_at(top + 18 * i, ISSUER_CENTRE, line)
    y = top + 18 * max(len(issuer), 2) + 10
    if number is not None:
        ws += centred_at(y, ISSUER_CENTRE, number)
    if date is not None:
        ws += centred_at(y + 2, DATE_CENTRE, date)
    for i, line in enumerate(under_number):
        ws += words(y + 16 * (i + 1), 85, line)
    y += 16 * (len(under_number) + 1) + 20
    if kind is not None:
        ws += centred_at(y, CENTRE, kind, 13)
        if kind_row_stamp:
            ws += words(y, 25, kind_row_stamp)
        y += 18
        for line in title:
            ws += centred_at(y, CENTRE, line)
            y += 16
    for x0, dy, text in stamps:
        ws += words(top + dy, x0, text)
    y += 30
    for i, line in enumerate(body):
        ws += words(y, 115 if line.startswith("Căn cứ") else 80, line)
        y += 18
    return ws


def signature_words(titles=SIGNATURE[0], name=SIGNATURE[1], top=120.0) -> list[Word]:
    ws = words(top - 40, 80, "Văn phòng Chính phủ thông báo để các cơ quan biết, thực hiện./.")
    ws += words(top, 80, "Nơi nhận:")
    for i, t in enumerate(titles):
        ws += centred_at(top + 14 * i, 430, t)
    for i, r in enumerate(("- Như trên;", "- Thủ tướng Chính phủ;", "- Lưu: VT, KGVX (2).")):
        ws += words(top + 14 * (i + 1), 80, r)
    if name:
        ws += centred_at(top + 14 * (len(titles) + 5), 430, name)
    return ws


def page(ws: list[Word], index: int = 0, *, ocr: bool = True) -> Page:
    return Page(page_index=index, page_number=None, width=W, height=H, words=tuple(ws), rulings=(),
                lines=words_to_lines(ws), ocr=ocr)


def read(*pages: Page):
    documents, _ = segment_issue(Issue(file="case.pdf", sha256="0" * 64, pages=pages, gazette=GazetteInfo()))
    return documents


def read_one(ocr: bool = True, signature=True, **header):
    pages = [page(header_words(**header), ocr=ocr)]
    if signature:
        pages.append(page(signature_words(), 1, ocr=ocr))
    (doc,) = read(*pages)
    return doc


# ---------------------------------------------------------------- số ký hiệu

NUMBERS = [
    pytest.param("Số: 8151 /BNV-CCHC", "8151/BNV-CCHC", id="space-before-the-slash"),
    pytest.param("Số:06 /2024/TT-BCT", "06/2024/TT-BCT", id="no-space-after-the-colon"),
    pytest.param("Số 28/2023/QĐ-UBND", "28/2023/QĐ-UBND", id="no-colon"),
    pytest.param("Số: 0 6 /2024/TT-BCT", "06/2024/TT-BCT", id="handwritten-digits-apart"),
    pytest.param("Sô: 153/TB-VPCP", "153/TB-VPCP", id="ocr-so-without-its-tone"),
    pytest.param("S6: 2450/VPCP-KGVX", "2450/VPCP-KGVX", id="ocr-o-read-as-6"),
    pytest.param("Số; 225/TTg-NN", "225/TTg-NN", id="ocr-semicolon-for-colon"),
    pytest.param(": Số: 188/QĐ-VPCP", "188/QĐ-VPCP", id="speck-before-the-label"),
    pytest.param("Số: l53/TB-VPCP", "153/TB-VPCP", id="ocr-l-for-a-1"),
    pytest.param("Số: 29-NQ/TW", "29-NQ/TW", id="party-number"),
    pytest.param("Số: 01/2020/TTLT-BTC-BNV", "01/2020/TTLT-BTC-BNV", id="joint-circular-two-issuers"),
    pytest.param("Số: 123/KH-UBND MẬT", "123/KH-UBND", id="word-after-the-number-stays-out"),
]


@pytest.mark.parametrize("printed, expected", NUMBERS)
def test_number_line_is_read_with_stray_spaces_and_ocr_variants(printed, expected):
    doc = read_one(number=printed)
    assert doc.number == expected
    assert not any("number" in w for w in doc.warnings)


IMPLAUSIBLE_NUMBERS = [
    pytest.param("Số: #88/QĐ-TTg", id="handwritten-digit-read-as-a-sign"),
    pytest.param("Số: 235/QĐ-118", id="issuer-code-of-digits"),
    pytest.param("Số: th-vece", id="stamp-text-over-the-number"),
]


@pytest.mark.parametrize("printed", IMPLAUSIBLE_NUMBERS)
def test_implausible_ocr_number_is_null_with_a_warning(printed):
    doc = read_one(number=printed)
    assert doc.number is None and "number read by OCR is not plausible" in doc.warnings
    assert doc.kind == "Quyết định"  # the rest of the header is still read


def test_number_without_its_label_under_a_stamp_is_warned_as_unreadable():
    doc = read_one(number="+“^'TB-VPCP", kind="THÔNG BÁO")  # "Số: 153/" under the ĐẾN stamp
    assert doc.number is None and "number read by OCR is not plausible" in doc.warnings


def test_unreadable_number_is_read_from_the_appendix_that_cites_the_document():
    appendix = (words(60, 280, "Phụ lục") + words(80, 90, "DANH MỤC VĂN BẢN QUY ĐỊNH CHI TIẾT")
                + words(98, 70, "(Kèm theo Quyết định số 299/QĐ-TTg ngày 11 tháng 4 năm 2024 của Thủ tướng)"))
    (doc,) = read(page(header_words(number="Số: 235/QĐ-118")), page(appendix, 1))
    assert doc.number == "299/QĐ-TTg" and "number read from the appendix that cites it" in doc.warnings
    assert not any(w.startswith("number read by OCR") for w in doc.warnings)


def test_appendix_of_another_date_gives_no_number():
    appendix = (words(60, 280, "Phụ lục")
                + words(98, 70, "(Kèm theo Quyết định số 299/QĐ-TTg ngày 10 tháng 4 năm 2024 của Thủ tướng)"))
    (doc,) = read(page(header_words(number="Số: 235/QĐ-118")), page(appendix, 1))
    assert doc.number is None


def test_number_is_never_taken_from_the_preamble():
    doc = read_one(number=None)
    assert doc.number is None and "no number in the header" in doc.warnings  # not 320/QĐ-TTg


def test_arrival_stamp_number_is_not_the_documents_number():
    stamps = ((30, 120, "ĐẾN"), (30, 136, "Số: 4120"), (30, 152, "Ngày: 11/4/2024"))
    doc = read_one(number="Số: #53/TB-VPCP", kind="THÔNG BÁO", stamps=stamps)
    assert doc.number is None and doc.kind == "Thông báo" and doc.date == dt.date(2024, 4, 11)


def test_sở_at_the_top_of_the_left_column_is_not_the_number_label():
    doc = read_one(issuer=("UBND TỈNH BÌNH THUẬN", "SỞ NỘI VỤ"), number="Số: 15/QĐ-SNV", ocr=False)
    assert doc.number == "15/QĐ-SNV" and doc.issuer == "Sở Nội vụ tỉnh Bình Thuận"


# ---------------------------------------------------------------- the document's own date line

DATES = [
    pytest.param("Hà Nội, ngày 04 tháng 4 năm 2024", dt.date(2024, 4, 4), id="hanoi"),
    pytest.param("Phú Thọ, ngày 21 tháng 12 năm 2023", dt.date(2023, 12, 21), id="another-province"),
    pytest.param("Thành phố Hồ Chí Minh, ngày 10 tháng 4 năm 2024", dt.date(2024, 4, 10), id="long-place-name"),
    pytest.param("Bà Rịa - Vũng Tàu, ngày 05 tháng 3 năm 2024", dt.date(2024, 3, 5), id="hyphenated-province"),
    pytest.param("Hậu Giang, ngày 08 tháng 3 năm 2024", dt.date(2024, 3, 8), id="mekong-province"),
    pytest.param("Phú Thọ, ngày 21 tháng l2 năm 2023", dt.date(2023, 12, 21), id="ocr-l-for-a-1-in-the-month"),
    pytest.param("Cà Mau, ngày 29/5/2023", dt.date(2023, 5, 29), id="numeric-date"),
]


@pytest.mark.parametrize("printed, expected", DATES)
def test_date_comes_from_the_own_date_line(printed, expected):
    doc = read_one(date=printed)  # the preamble cites 12/6/2017 and 08/3/2022
    assert doc.date == expected and not any("date" in w for w in doc.warnings)


UNREADABLE_DATES = [
    pytest.param("Hà Nội, tháng _ năm 2024", id="handwritten-day-lost"),
    pytest.param("Hà Nội, ngày 0Š tháng 4 năm 2024", id="handwritten-day-unreadable"),
    pytest.param("Hà Nội, ngày 31 tháng 4 năm 2024", id="impossible-day"),
]


@pytest.mark.parametrize("printed", UNREADABLE_DATES)
def test_unreadable_date_line_gives_no_date_not_a_preamble_date(printed):
    doc = read_one(date=printed)
    assert doc.date is None and "date read by OCR is not plausible" in doc.warnings


def test_no_date_line_gives_no_date():
    doc = read_one(date=None)
    assert doc.date is None and "no date line in the header" in doc.warnings


CLAUSE_DATES = [
    pytest.param("có hiệu lực kể từ ngày 01/7/2025", id="effective-date"),
    pytest.param("trước ngày 15 tháng 12 năm 2024", id="deadline"),
]


@pytest.mark.parametrize("clause", CLAUSE_DATES)
def test_a_clause_with_a_date_in_the_date_column_is_not_the_documents_date(clause):
    """A page read by OCR can bring a body line into the header's reach: "ngày" after a word in lower
    case and no comma is a clause's date, not the place-and-date line's (Phụ lục I, ô 4)."""
    doc = read_one(date=clause)
    assert doc.date is None


# ---------------------------------------------------------------- issuer

ISSUERS = [
    pytest.param(("UBND TỈNH BÌNH THUẬN", "SỞ NỘI VỤ"), True, "Sở Nội vụ tỉnh Bình Thuận",
                 "Ủy ban nhân dân tỉnh Bình Thuận", id="department-under-its-province"),
    pytest.param(("UBND TỈNH BÌNH THUẬN", "SỞ NỘI VỤ"), False, "Sở Nội vụ tỉnh Bình Thuận",
                 "Ủy ban nhân dân tỉnh Bình Thuận", id="department-under-its-province-text-layer"),
    pytest.param(("ỦY BAN NHÂN DÂN", "TỈNH PHÚ THỌ"), True, "Ủy ban nhân dân tỉnh Phú Thọ", None,
                 id="one-body-on-two-lines"),
    pytest.param(("ỦY BAN NHÂN DÂN", "TĨNH PHÚ THỌ"), True, "Ủy ban nhân dân tỉnh Phú Thọ", None,
                 id="ocr-tone-on-the-unit-word"),
    pytest.param(("ỦY BAN NHÂN DÂN", "THÀNH PHỐ HÀ NỘI"), True, "Ủy ban nhân dân thành phố Hà Nội", None,
                 id="city"),
    pytest.param(("VĂN PHÒNG CHÍNH PHỦ",), True, "Văn phòng Chính phủ", None, id="official-capitalisation"),
    pytest.param(("BỘ CÔNG THƯƠNG", "SỐ"), True, "Bộ Công Thương", None, id="stray-line-trimmed"),
    pytest.param(("` THỦ TƯỚNG CHÍNH PHỦ",), True, "Thủ tướng Chính phủ", None, id="speck-trimmed"),
]


@pytest.mark.parametrize("lines, ocr, issuer, parent", ISSUERS)
def test_issuer_with_its_place_and_parent(lines, ocr, issuer, parent):
    doc = read_one(issuer=lines, ocr=ocr)
    assert (doc.issuer, doc.issuer_parent) == (issuer, parent)
    assert not any("issuer" in w for w in doc.warnings)


IMPLAUSIBLE_ISSUERS = [
    pytest.param(("LÔ ĐI XÍ QX",), None, id="noise"),
    pytest.param(("ỦY BAN NHÂN DÂN", "TỈNH XQZ"), None, id="place-that-is-no-syllable"),
    pytest.param(("UBND TỈNH BÌNH THUẬN", "SỞ NÔI VỰ QX"), "Ủy ban nhân dân tỉnh Bình Thuận",
                 id="department-unreadable-parent-kept"),
]


@pytest.mark.parametrize("lines, parent", IMPLAUSIBLE_ISSUERS)
def test_implausible_ocr_issuer_is_null_with_a_warning(lines, parent):
    doc = read_one(issuer=lines)
    assert (doc.issuer, doc.issuer_parent) == (None, parent)
    assert "issuer read by OCR is not plausible" in doc.warnings


ISSUERS_FROM_THE_NUMBER = [
    pytest.param(("THỦ TƯỚNG",), "Số: 225/TTg-NN", "Thủ tướng Chính phủ", id="half-read-agrees-with-the-code"),
    pytest.param(("VĂN PHÒNG",), "Số: 188/QĐ-VPCP", "Văn phòng Chính phủ", id="code-after-the-type-code"),
    pytest.param(("LÔ ĐI XÍ",), "Số: 225/TTg-NN", None, id="noise-that-disagrees-with-the-code"),
    pytest.param(("ỦY BAN",), "Số: 12/UBND-VP", None, id="local-code-names-no-province"),
]


@pytest.mark.parametrize("lines, number, issuer", ISSUERS_FROM_THE_NUMBER)
def test_ocr_issuer_cut_short_is_completed_by_the_issuer_code(lines, number, issuer):
    doc = read_one(issuer=lines, number=number)
    assert doc.issuer == issuer
    assert ("issuer read by OCR is not plausible" in doc.warnings) == (issuer is None)


def test_issuer_no_vocabulary_knows_is_kept_from_the_text_layer():
    doc = read_one(issuer=("BAN QUẢN LÝ DỰ ÁN", "ĐẦU TƯ XÂY DỰNG"), ocr=False)
    assert doc.issuer == "Ban quản lý dự án đầu tư xây dựng" and doc.warnings == ()


# ---------------------------------------------------------------- kind

KINDS = [
    pytest.param("QUYẾT ĐỊNH", None, "Quyết định", id="printed"),
    pytest.param("QUYÊT ĐỊNH", None, "Quyết định", id="ocr-wrong-tone"),
    pytest.param("QUYÉT ĐỊNH", None, "Quyết định", id="ocr-acute-for-circumflex"),
    pytest.param("THÔNG TU'", None, "Thông tư", id="ocr-horn-as-apostrophe"),
    pytest.param("THÔNG BẢO", None, "Thông báo", id="ocr-hook-for-acute"),
    pytest.param("NGHỊ ĐINH", None, "Nghị định", id="ocr-dot-lost"),
    pytest.param("THÔNG ˆ TƯ", None, "Thông tư", id="ocr-speck-inside"),
    pytest.param("THÔNG TƯ", "ĐẾN", "Thông tư", id="stamp-on-the-kind-row"),
    pytest.param("QUYE ĐỊNH", None, "Quyết định", id="tie-goes-to-the-file-order"),
]


@pytest.mark.parametrize("printed, stamp, expected", KINDS)
def test_kind_line_is_read_through_ocr_damage(printed, stamp, expected):
    doc = read_one(number=None, kind=printed, kind_row_stamp=stamp)  # no type code to help
    assert doc.kind == expected


def test_kind_tie_goes_to_the_type_code_of_the_number():
    assert read_one(number="Số: 12/QyĐ-UBND", kind="QUYE ĐỊNH").kind == "Quy định"
    assert read_one(number="Số: 12/QĐ-UBND", kind="QUYE ĐỊNH").kind == "Quyết định"


NOT_KINDS = [
    pytest.param("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH", id="authority-line"),
    pytest.param("LUT", id="four-letter-kinds-allow-no-damage"),
    pytest.param("QUYẾT ĐỊNH:", id="enacting-formula"),
]


@pytest.mark.parametrize("printed", NOT_KINDS)
def test_centred_capitals_that_are_no_kind(printed):
    doc = read_one(number=None, kind=printed)
    assert doc.kind is None and "no kind line in the header" in doc.warnings


# ---------------------------------------------------------------- công văn

VV = ("V/v đề xuất hoán đổi ngày làm", "việc dịp nghỉ lễ ngày Chiến thắng")


def test_cong_van_has_no_kind_line_and_its_title_under_the_number():
    doc = read_one(number="Số: 2450/VPCP-KGVX", kind=None, under_number=VV + ("Kính gửi: Bộ Lao động - Thương binh và Xã hội.",))
    assert (doc.kind, doc.number) == ("Công văn", "2450/VPCP-KGVX")
    assert doc.title == " ".join(VV)


def test_cong_van_title_stops_at_a_stamp():
    doc = read_one(number="Số: 2470/VPCP-QHĐP", kind=None, under_number=VV + ("HỎA TỐC",))
    assert (doc.kind, doc.title) == ("Công văn", " ".join(VV))


KINDS_WITHOUT_KIND_LINE = [
    pytest.param("Số: 225/TTg-NN", "Công văn", id="issuer-and-unit-codes"),
    pytest.param("Số: 1420/UBND-CCHC", "Công văn", id="provincial-cong-van"),
    pytest.param("Số: 45/KH-UBND", "Kế hoạch", id="type-code-names-the-kind"),
    pytest.param("Số: 16/2017/QH14", None, id="law-number-is-no-cong-van"),
]


@pytest.mark.parametrize("printed, kind", KINDS_WITHOUT_KIND_LINE)
def test_kind_without_a_kind_line_comes_from_the_number(printed, kind):
    assert read_one(number=printed, kind=None).kind == kind


def test_cong_van_with_an_unreadable_number_is_known_by_its_subject_line():
    doc = read_one(number="Số:  /UBND-VP", kind=None, under_number=VV + ("Kính gửi: Sở Nội vụ.",))
    assert (doc.kind, doc.number, doc.title) == ("Công văn", None, " ".join(VV))


def test_kind_line_wins_over_the_cong_van_form():
    assert read_one(number="Số: 88/VPCP-TH", kind="THÔNG BÁO").kind == "Thông báo"


def test_unit_code_bar_lost_by_ocr_is_restored_from_the_storage_line():
    # "Lưu: VT, QHĐP (3b)": the drafting unit prints its code again (Phụ lục I, ô 9b).
    pages = [page(header_words(number="Số: 2470/VPCP-QHDP", kind=None)),
             page(words(100, 80, "Nơi nhận:") + words(114, 80, "- Lưu: VT, QHĐP (3b)."), 1)]
    (doc,) = read(*pages)
    assert doc.number == "2470/VPCP-QHĐP"


# ---------------------------------------------------------------- signer

SIGNERS = [
    pytest.param(SIGNATURE[0], "Nguyễn Sỹ Hiệp", ("Nguyễn Sỹ Hiệp", "Phó Chủ nhiệm"), None, id="deputy"),
    pytest.param(("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"), "Phan Trọng Tấn",
                 ("Phan Trọng Tấn", "Phó Chủ tịch"), None, id="on-behalf-of-the-committee"),
    pytest.param(("KT. CHỦ TỊCH", "PHÓ CHỦ TICH"), "Phan Trọng Tấn", ("Phan Trọng Tấn", "Phó Chủ tịch"), None,
                 id="ocr-damaged-title"),
    pytest.param(SIGNATURE[0], "Nguyên x Sỹ Hiệp", ("Nguyễn Sỹ Hiệp", "Phó Chủ nhiệm"), None,
                 id="family-name-mark-lost-and-a-signature-stroke"),
    pytest.param(SIGNATURE[0], "Ngyên Sỹ Hiệp", (None, None), "signer read by OCR is not plausible",
                 id="family-name-misread"),
    pytest.param(SIGNATURE[0], "Lô đi Xí", (None, None), "signer read by OCR is not plausible",
                 id="seal-text"),
    pytest.param(SIGNATURE[0], "Cơ Cơ Thời", (None, None), "signer read by OCR is not plausible",
                 id="capitalised-noise"),
]


@pytest.mark.parametrize("titles, name, expected, warning", SIGNERS)
def test_ocr_signer_is_a_vietnamese_name_or_null(titles, name, expected, warning):
    (doc,) = read(page(header_words()), page(signature_words(titles, name), 1))
    assert (doc.signer.name, doc.signer.title) == expected
    assert (warning in doc.warnings) if warning else not any("signer" in w for w in doc.warnings)


# ---------------------------------------------------------------- stamps, forms, placeholders


def test_stamps_are_not_fields():
    stamps = ((25, 110, "CÔNG VĂN ĐẾN"), (25, 126, "Giờ: 8 Ngày: 12/4/2024"), (30, 0, "MẬT"))
    doc = read_one(stamps=stamps)
    assert (doc.kind, doc.number, doc.date, doc.issuer) == (
        "Quyết định", "188/QĐ-VPCP", dt.date(2024, 4, 11), "Văn phòng Chính phủ")


def test_form_in_an_appendix_stays_part_of_its_document():
    form = header_words(issuer=("BỘ CÔNG AN",), number="Số: …/QĐ-BCA", date="Hà Nội, ngày … tháng … năm …",
                        title=("Về việc cấp giấy chứng nhận",), body=())
    (doc,) = read(page(header_words(number="Số: 59/2022/NĐ-CP", kind="NGHỊ ĐỊNH")), page(form, 1))
    assert (doc.kind, doc.number, doc.last_page_index) == ("Nghị định", "59/2022/NĐ-CP", 1)


def test_second_header_with_its_own_number_is_a_second_document():
    first, second = read(page(header_words()), page(header_words(number="Số: 189/QĐ-VPCP"), 1))
    assert (first.number, second.number) == ("188/QĐ-VPCP", "189/QĐ-VPCP")


LOREM = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod",
         "tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam,",
         "quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo.")


@pytest.mark.parametrize("ocr", [pytest.param(True, id="scanned"), pytest.param(False, id="text-layer")])
def test_placeholder_text_is_not_an_administrative_document(ocr):
    (doc,) = read(page([w for i, t in enumerate(LOREM) for w in words(80 + 18 * i, 80, t)], ocr=ocr))
    assert (doc.kind, doc.number, doc.date, doc.issuer, doc.signer.name) == (None,) * 5
    assert doc.warnings == ("not an administrative document",)


def test_header_without_motto_is_still_read():
    ws = [w for w in header_words() if not w.text.isupper() or w.top > 60]  # the motto row cut off
    (doc,) = read(page(ws))
    assert (doc.kind, doc.number, doc.date) == ("Quyết định", "188/QĐ-VPCP", dt.date(2024, 4, 11))
    assert "not an administrative document" not in doc.warnings


def test_motto_in_running_text_opens_no_header():
    ws = header_words() + words(400, 80, "giữa Chính phủ nước Cộng hòa xã hội chủ nghĩa Việt Nam và Chính phủ")
    assert len(read(page(ws))) == 1


# ---------------------------------------------------------------- rendered PDFs (text layer)


def test_rendered_two_level_issuer_own_date_and_spaced_number(tmp_path):
    from gazette_pdf import ContentPage, DocHeader, Para, Signature, render_issue
    from extract.pipeline import extract_issue

    header = DocHeader("QUYẾT ĐỊNH", ("Ban hành Quy chế làm việc của Sở Nội vụ",), number="15 /QĐ-SNV",
                       place_date="Bình Thuận, ngày 05 tháng 3 năm 2024", issuer=("UBND TỈNH BÌNH THUẬN", "SỞ NỘI VỤ"))
    pdf = render_issue(tmp_path / "two_level.pdf", [ContentPage((
        header,
        Para("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"),
        Para("Căn cứ Quyết định số 20/2021/QĐ-UBND ngày 12 tháng 4 năm 2021 của Ủy ban nhân dân tỉnh;"),
        Signature(("GIÁM ĐỐC",), "Trần Văn Bình"),
    ))])
    (doc,) = extract_issue(pdf).documents
    assert (doc.kind, doc.number, doc.date) == ("Quyết định", "15/QĐ-SNV", dt.date(2024, 3, 5))
    assert (doc.issuer, doc.issuer_parent) == ("Sở Nội vụ tỉnh Bình Thuận", "Ủy ban nhân dân tỉnh Bình Thuận")
    assert (doc.signer.name, doc.signer.title) == ("Trần Văn Bình", "Giám đốc")
    assert doc.warnings == ()


def test_rendered_placeholder_pdf_gets_the_warning(tmp_path):
    from gazette_pdf import ContentPage, Para, render_issue
    from extract.pipeline import extract_issue

    pdf = render_issue(tmp_path / "lorem.pdf", [ContentPage(tuple(Para(t) for t in LOREM))])
    (doc,) = extract_issue(pdf).documents
    assert (doc.kind, doc.number, doc.date) == (None, None, None)
    assert doc.warnings == ("not an administrative document",)
