"""Table-driven tests of the language stage's phrase functions: deadlines, agencies, legal references.

The cases are written from Vietnamese drafting practice (Nghị định 30/2020/NĐ-CP on the form of
documents; how provincial Kế hoạch appendices phrase "Thời gian hoàn thành", "Cơ quan chủ trì",
"Cơ quan phối hợp"; citations in "Căn cứ" clauses), not only from the dev gazettes. Where an
expectation is debatable the comment says how SPEC.md (/work/shared/SPEC.md) decides it.
"""
from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from extract.nlp.agencies import canonical_agency, split_agency_cell
from extract.nlp.deadlines import find_deadline_mentions, parse_deadline
from extract.nlp.legal_refs import CitingDocument, find_legal_references
from extract.nlp.segmenter import first_verb

D = dt.date.fromisoformat
P = pytest.param

# A document date used where the phrase has no year: a Kế hoạch signed Friday 8 March 2024.
DOC = D("2024-03-08")


# ---------------------------------------------------------------------------------------------
# 1. Deadlines: parse_deadline(raw, document_date)
# expected = (kind, start, end); SPEC: by_date → start None, end = the day; period → first and last
# day; recurring / on_event / per_reference / unspecified → start and end None.
# ---------------------------------------------------------------------------------------------

DEADLINES = [
    # --- period: quarters ---
    P("Quý II/2024", DOC, ("period", D("2024-04-01"), D("2024-06-30")), id="quarter-roman-slash-year"),
    P("quý III năm 2023", DOC, ("period", D("2023-07-01"), D("2023-09-30")), id="quarter-lowercase-nam-year"),
    P("Quý IV", DOC, ("period", D("2024-10-01"), D("2024-12-31")), id="quarter-without-year-takes-document-year"),
    P("Quý I/2025", DOC, ("period", D("2025-01-01"), D("2025-03-31")), id="quarter-I-not-confused-with-II-III"),
    P("Quý 3/2024", DOC, ("period", D("2024-07-01"), D("2024-09-30")), id="quarter-arabic-digit"),
    P("Quý IV - 2023", DOC, ("period", D("2023-10-01"), D("2023-12-31")), id="quarter-dash-year-uses-printed-year-not-document-year"),
    P("Trong Quý II năm 2024", DOC, ("period", D("2024-04-01"), D("2024-06-30")), id="quarter-with-trong-prefix"),
    P("Hoàn thành trong Quý III/2024", DOC, ("period", D("2024-07-01"), D("2024-09-30")), id="quarter-with-hoan-thanh-cue-but-no-day-is-period"),
    # "Quý II, III/2024": the year printed once for both quarters → the span of both.
    P("Quý II, III/2024", D("2024-01-10"), ("period", D("2024-04-01"), D("2024-09-30")), id="two-quarters-share-one-printed-year"),
    # A period straddling the new year: each quarter has its own year.
    P("Quý IV/2023 - Quý I/2024", D("2023-09-15"), ("period", D("2023-10-01"), D("2024-03-31")), id="quarter-range-across-new-year"),
    # --- period: months ---
    P("Tháng 6/2024", DOC, ("period", D("2024-06-01"), D("2024-06-30")), id="month-slash-year"),
    P("tháng 7 năm 2023", DOC, ("period", D("2023-07-01"), D("2023-07-31")), id="month-nam-year"),
    P("Trong tháng 7", D("2023-05-29"), ("period", D("2023-07-01"), D("2023-07-31")), id="month-without-year-takes-document-year"),
    P("Tháng 02/2024", DOC, ("period", D("2024-02-01"), D("2024-02-29")), id="month-zero-padded-leap-february"),
    P("Tháng 02/2023", DOC, ("period", D("2023-02-01"), D("2023-02-28")), id="month-february-non-leap"),
    P("Tháng 12/2023", DOC, ("period", D("2023-12-01"), D("2023-12-31")), id="month-twelve-not-read-as-one"),
    P("Từ tháng 3 đến tháng 6 năm 2024", DOC, ("period", D("2024-03-01"), D("2024-06-30")), id="month-range-tu-den"),
    P("Tháng 12/2023 - tháng 01/2024", D("2023-11-01"), ("period", D("2023-12-01"), D("2024-01-31")), id="month-range-across-new-year"),
    # --- period: halves, years, phases ---
    P("6 tháng đầu năm", DOC, ("period", D("2024-01-01"), D("2024-06-30")), id="first-half-without-year-takes-document-year"),
    P("6 tháng cuối năm 2024", D("2023-12-01"), ("period", D("2024-07-01"), D("2024-12-31")), id="second-half-printed-year-wins"),
    P("06 tháng đầu năm 2025", DOC, ("period", D("2025-01-01"), D("2025-06-30")), id="first-half-zero-padded"),
    P("Năm 2024", D("2023-12-15"), ("period", D("2024-01-01"), D("2024-12-31")), id="year-alone"),
    P("Trong năm 2023", DOC, ("period", D("2023-01-01"), D("2023-12-31")), id="year-with-trong"),
    P("Trong năm", D("2023-05-29"), ("period", D("2023-01-01"), D("2023-12-31")), id="trong-nam-without-year-takes-document-year"),
    P("Giai đoạn 2021 - 2025", DOC, ("period", D("2021-01-01"), D("2025-12-31")), id="phase-year-range-spaced-dash"),
    P("2021-2025", DOC, ("period", D("2021-01-01"), D("2025-12-31")), id="bare-year-range"),
    P("Năm 2024 - 2025", DOC, ("period", D("2024-01-01"), D("2025-12-31")), id="year-range-with-nam"),
    # --- by_date ---
    P("Trước ngày 15/12/2023", DOC, ("by_date", None, D("2023-12-15")), id="by-date-truoc-ngay"),
    P("chậm nhất ngày 05/6/2023", DOC, ("by_date", None, D("2023-06-05")), id="by-date-cham-nhat-zero-padded-day"),
    P("Trước 14 giờ, ngày 11 tháng 01 năm 2026", DOC, ("by_date", None, D("2026-01-11")), id="by-date-with-hour-and-date-words"),
    P("Hoàn thành trước ngày 30/9/2024", DOC, ("by_date", None, D("2024-09-30")), id="by-date-hoan-thanh-truoc"),
    P("Trước 30/6/2024", DOC, ("by_date", None, D("2024-06-30")), id="by-date-without-word-ngay"),
    P("Ngày 31/12/2024", DOC, ("by_date", None, D("2024-12-31")), id="by-date-lone-date"),
    P("Đến hết ngày 31/12/2025", DOC, ("by_date", None, D("2025-12-31")), id="by-date-den-het"),
    P("Chậm nhất là ngày 20 tháng 10 năm 2023", DOC, ("by_date", None, D("2023-10-20")), id="by-date-cham-nhat-la-date-words"),
    P("Trước ngày 15.11.2024", DOC, ("by_date", None, D("2024-11-15")), id="by-date-dotted-date"),
    # Debatable: SPEC gives "A period with no year takes the year of the document"; a day printed
    # without a year in a one-off deadline is read the same way (drafting shorthand "trước 15/12").
    P("Trước ngày 15/12", D("2023-05-29"), ("by_date", None, D("2023-12-15")), id="by-date-without-year-takes-document-year"),
    # --- recurring ---
    P("Hằng quý", DOC, ("recurring", None, None), id="recurring-hang-quy"),
    P("Hằng năm", DOC, ("recurring", None, None), id="recurring-hang-nam"),
    P("Hàng tháng", DOC, ("recurring", None, None), id="recurring-old-spelling-hang-thang"),
    P("Định kỳ 6 tháng", DOC, ("recurring", None, None), id="recurring-dinh-ky-6-thang-not-half-year"),
    P("Thường xuyên", DOC, ("recurring", None, None), id="recurring-thuong-xuyen"),
    P("Thường xuyên, liên tục", DOC, ("recurring", None, None), id="recurring-thuong-xuyen-lien-tuc"),
    P("Cùng với báo cáo định kỳ về công tác CCHC", DOC, ("recurring", None, None), id="recurring-with-periodic-report"),
    P("Hằng quý (trước ngày 15 của tháng cuối quý)", DOC, ("recurring", None, None), id="recurring-opening-wins-over-day-in-brackets"),
    P("Trước ngày 15/12 hằng năm", DOC, ("recurring", None, None), id="recurring-yearly-day-not-by-date"),
    P("Quý I hằng năm", DOC, ("recurring", None, None), id="recurring-quarter-every-year-not-period"),
    P("Báo cáo định kỳ và đột xuất", DOC, ("recurring", None, None), id="recurring-dinh-ky-va-dot-xuat"),
    # --- on_event ---
    P("Khi có yêu cầu của cơ quan có thẩm quyền", DOC, ("on_event", None, None), id="on-event-khi-co-yeu-cau"),
    P("Khi có trường hợp phát sinh", DOC, ("on_event", None, None), id="on-event-khi-co-truong-hop"),
    P("Ngay sau khi có văn bản hướng dẫn của Trung ương", DOC, ("on_event", None, None), id="on-event-ngay-sau-khi"),
    P("Sau khi Đề án được phê duyệt", DOC, ("on_event", None, None), id="on-event-sau-khi"),
    # --- per_reference ---
    P("Theo quy định của Bộ Nội vụ", DOC, ("per_reference", None, None), id="per-reference-theo-quy-dinh"),
    P("Thực hiện theo Công văn số 1420/UBND-CCHC ngày 06/3/2023", DOC, ("per_reference", None, None), id="per-reference-cong-van-with-date-not-by-date"),
    P("Theo tiến độ của Văn phòng Chính phủ", DOC, ("per_reference", None, None), id="per-reference-theo-tien-do"),
    P("Theo Kế hoạch riêng", DOC, ("per_reference", None, None), id="per-reference-theo-ke-hoach-rieng"),
    P("Theo lộ trình của Bộ Thông tin và Truyền thông", DOC, ("per_reference", None, None), id="per-reference-theo-lo-trinh"),
    # --- unspecified ---
    P("", DOC, ("unspecified", None, None), id="unspecified-empty"),
    P("  ", DOC, ("unspecified", None, None), id="unspecified-blank"),
    P("-", DOC, ("unspecified", None, None), id="unspecified-dash-cell"),
    P("Sớm nhất có thể", DOC, ("unspecified", None, None), id="unspecified-as-soon-as-possible-has-no-day"),
    P("Kịp thời", DOC, ("unspecified", None, None), id="unspecified-kip-thoi"),
]


@pytest.mark.parametrize(("raw", "document_date", "expected"), DEADLINES)
def test_parse_deadline(raw, document_date, expected):
    d = parse_deadline(raw, document_date)
    assert (d.kind, d.start, d.end) == expected


# Relative deadlines: expected = (amount, unit, anchor, end). ``end`` is computed only when the anchor
# is the document's own date (SPEC): the count starts the day after (Bộ luật Dân sự 2015, Điều 147);
# working days skip Saturdays, Sundays and the days off in extract/data/holidays.tsv. End dates were
# chosen to fall on working days, so the Điều 148 khoản 5 roll-over (not in SPEC) never matters.
RELATIVE = [
    P("05 ngày làm việc kể từ ngày ký quyết định công bố", DOC,
      (5, "working_day", "ngày ký quyết định công bố", None),
      id="relative-working-days-anchor-is-another-decision-no-end"),
    P("Trong 10 ngày kể từ ngày Kế hoạch được ban hành", DOC,
      (10, "day", "ngày Kế hoạch được ban hành", D("2024-03-18")),
      id="relative-10-days-from-own-issue-8mar-ends-18mar"),
    # Fri 26/4/2024 → Sat 27, Sun 28 off; Mon 29/4 (nghỉ bù), Tue 30/4, Wed 1/5 holidays;
    # Thu 2/5 = 1, Fri 3/5 = 2, Mon 6/5 = 3, Tue 7/5 = 4, Wed 8/5 = 5.
    P("05 ngày làm việc kể từ ngày ký", D("2024-04-26"),
      (5, "working_day", "ngày ký", D("2024-05-08")),
      id="relative-5-working-days-from-fri-26apr2024-skips-weekend-and-29apr-30apr-1may-ends-8may"),
    # Mon 5/2/2024 → Tue 6 = 1, Wed 7 = 2, Tết 8–14/2 off, Thu 15 = 3, Fri 16 = 4, Mon 19 … Fri 23 = 5–9,
    # Mon 26/2 = 10.
    P("10 ngày làm việc kể từ ngày ký", D("2024-02-05"),
      (10, "working_day", "ngày ký", D("2024-02-26")),
      id="relative-10-working-days-across-tet-2024-ends-26feb"),
    # Fri 8/3/2024 → Mon 11 = 1, Tue 12 = 2, Wed 13 = 3.
    P("Trong thời hạn 03 ngày làm việc kể từ ngày ký", DOC,
      (3, "working_day", "ngày ký", D("2024-03-13")),
      id="relative-3-working-days-from-friday-skips-weekend"),
    P("Trong 03 tháng kể từ ngày ký", D("2024-03-12"),
      (3, "month", "ngày ký", D("2024-06-12")),
      id="relative-months-same-day-of-month-dieu-148"),
    P("01 tháng kể từ ngày ký", D("2024-01-31"),
      (1, "month", "ngày ký", D("2024-02-29")),
      id="relative-month-clamped-to-last-day-of-february"),
    P("Trong 15 ngày kể từ ngày ban hành Kế hoạch này", D("2023-12-20"),
      (15, "day", "ngày ban hành Kế hoạch này", D("2024-01-04")),
      id="relative-days-across-new-year-from-ban-hanh-ke-hoach-nay"),
    # 23/2/2024 + 10 days, leap February: 24/2 … 29/2 = 6 days, 1/3 … 4/3 = 4 more.
    P("Trong 10 ngày kể từ ngày ký", D("2024-02-23"),
      (10, "day", "ngày ký", D("2024-03-04")),
      id="relative-calendar-days-across-leap-february"),
    P("02 tuần kể từ ngày ký", DOC,
      (14, "day", "ngày ký", D("2024-03-22")),
      id="relative-weeks-become-days"),
    P("Trong vòng 30 ngày kể từ ngày nhận được hồ sơ hợp lệ", DOC,
      (30, "day", "ngày nhận được hồ sơ hợp lệ", None),
      id="relative-anchor-external-event-no-end"),
    P("Chậm nhất 07 ngày làm việc sau khi kết thúc đợt kiểm tra", DOC,
      (7, "working_day", "kết thúc đợt kiểm tra", None),
      id="relative-sau-khi-anchor-no-end"),
    # Without a document date the own-date anchor cannot be resolved.
    P("Trong 10 ngày kể từ ngày ký", None,
      (10, "day", "ngày ký", None),
      id="relative-own-anchor-without-document-date-no-end"),
]


@pytest.mark.parametrize(("raw", "document_date", "expected"), RELATIVE)
def test_parse_deadline_relative(raw, document_date, expected):
    d = parse_deadline(raw, document_date)
    assert d.kind == "relative"
    assert d.start is None
    assert (d.amount, d.unit, d.anchor, d.end) == expected


# Deadlines inside running text: expected = [(raw, kind, end)], and text[start:end] == raw.
MENTIONS = [
    P("Các cơ quan gửi báo cáo về Sở Nội vụ chậm nhất ngày 05/6/2023 để tổng hợp.", D("2023-05-29"),
      [("chậm nhất ngày 05/6/2023", "by_date", D("2023-06-05"))], id="mention-by-date-in-sentence"),
    P("Báo cáo kết quả về UBND tỉnh trước ngày 15 tháng 12 năm 2023.", D("2023-05-29"),
      [("trước ngày 15 tháng 12 năm 2023", "by_date", D("2023-12-15"))], id="mention-by-date-words"),
    P("Phấn đấu hoàn thành trong Quý III/2024.", DOC,
      [("trong Quý III/2024", "period", D("2024-09-30"))], id="mention-quarter"),
    P("Trong 10 ngày làm việc kể từ ngày nhận được hồ sơ, Sở Tư pháp có trách nhiệm thẩm định.", DOC,
      [("Trong 10 ngày làm việc kể từ ngày nhận được hồ sơ", "relative", None)], id="mention-relative-cut-at-comma"),
    P("Căn cứ Nghị định số 59/2012/NĐ-CP ngày 23/7/2012 của Chính phủ;", DOC, [],
      id="negative-mention-citation-date-is-not-a-deadline"),
    P("Quyết định này có hiệu lực kể từ ngày ký.", DOC, [], id="negative-mention-effect-clause-has-no-amount"),
    P("Văn bản này không quy định thời hạn.", DOC, [], id="negative-mention-no-deadline"),
]


@pytest.mark.parametrize(("text", "document_date", "expected"), MENTIONS)
def test_find_deadline_mentions(text, document_date, expected):
    found = find_deadline_mentions(text, document_date)
    for start, end, d in found:
        assert text[start:end] == d.raw
    assert [(d.raw, d.kind, d.end) for _, _, d in found] == expected


# ---------------------------------------------------------------------------------------------
# 2. Agencies: split_agency_cell(text, first_verb=first_verb) → [(name, collective)]
# ---------------------------------------------------------------------------------------------

UBND = "Ủy ban nhân dân"

AGENCY_CELLS = [
    # --- single agencies, official names kept whole ---
    P("Sở Nội vụ", [("Sở Nội vụ", False)], id="single-department"),
    P("Sở Kế hoạch và Đầu tư", [("Sở Kế hoạch và Đầu tư", False)], id="no-split-at-va-inside-official-name"),
    P("Sở Văn hóa, Thể thao và Du lịch", [("Sở Văn hóa, Thể thao và Du lịch", False)], id="no-split-at-comma-inside-official-name"),
    P("Sở Lao động - Thương binh và Xã hội", [("Sở Lao động - Thương binh và Xã hội", False)], id="no-split-inside-dashed-name"),
    # The PDF text layer often carries an en dash: still the one official name (ASCII hyphen).
    P("Sở Lao động – Thương binh và Xã hội", [("Sở Lao động - Thương binh và Xã hội", False)], id="en-dash-folds-to-official-hyphen"),
    P("Đài Phát thanh và Truyền hình tỉnh", [("Đài Phát thanh và Truyền hình tỉnh", False)], id="no-split-radio-and-television"),
    P("Sở Nông nghiệp và Phát triển nông thôn", [("Sở Nông nghiệp và Phát triển nông thôn", False)], id="no-split-agriculture-and-rural-development"),
    P("Ủy ban nhân dân tỉnh", [(f"{UBND} tỉnh", False)], id="provincial-committee-is-not-collective"),
    P("Công an tỉnh", [("Công an tỉnh", False)], id="provincial-police"),
    P("Ngân hàng Nhà nước Chi nhánh tỉnh", [("Ngân hàng Nhà nước Chi nhánh tỉnh", False)], id="state-bank-branch"),
    # "các" inside an official name does not make the body a class of bodies.
    P("Ban Quản lý các khu công nghiệp tỉnh", [("Ban Quản lý các khu công nghiệp tỉnh", False)], id="cac-inside-single-body-name-not-collective"),
    P("Sở Nội vụ;", [("Sở Nội vụ", False)], id="trailing-semicolon-stripped"),
    # --- abbreviations ---
    P("Sở TT&TT", [("Sở Thông tin và Truyền thông", False)], id="abbr-tt-tt"),
    P("Sở KH&ĐT", [("Sở Kế hoạch và Đầu tư", False)], id="abbr-kh-dt"),
    P("Sở LĐ-TB&XH", [("Sở Lao động - Thương binh và Xã hội", False)], id="abbr-ld-tb-xh"),
    P("Sở NN&PTNT", [("Sở Nông nghiệp và Phát triển nông thôn", False)], id="abbr-nn-ptnt"),
    P("Sở TN&MT", [("Sở Tài nguyên và Môi trường", False)], id="abbr-tn-mt"),
    P("Sở GD&ĐT", [("Sở Giáo dục và Đào tạo", False)], id="abbr-gd-dt"),
    P("Sở VH,TT&DL", [("Sở Văn hóa, Thể thao và Du lịch", False)], id="abbr-vh-tt-dl-comma-inside-abbreviation"),
    P("Văn phòng UBND tỉnh", [(f"Văn phòng {UBND} tỉnh", False)], id="abbr-van-phong-ubnd"),
    P("BHXH tỉnh", [("Bảo hiểm xã hội tỉnh", False)], id="abbr-bhxh"),
    P("UBMTTQVN tỉnh", [("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", False)], id="abbr-ubmttqvn"),
    P("Trung tâm Giải quyết TTHC tỉnh", [("Trung tâm Giải quyết thủ tục hành chính tỉnh", False)], id="abbr-tthc-inside-name"),
    P("TTPVHCC tỉnh", [("Trung tâm Phục vụ hành chính công tỉnh", False)], id="abbr-ttpvhcc"),
    # --- official capitalisation ---
    P("Sở Thông tin và truyền thông", [("Sở Thông tin và Truyền thông", False)], id="capitalisation-truyen-thong"),
    P("Sở Công thương", [("Sở Công Thương", False)], id="capitalisation-cong-thuong"),
    P("Sở Giao thông Vận tải", [("Sở Giao thông vận tải", False)], id="capitalisation-giao-thong-van-tai"),
    P("Sở Khoa học và công nghệ", [("Sở Khoa học và Công nghệ", False)], id="capitalisation-khoa-hoc-cong-nghe"),
    # --- collectives ---
    P("Các sở, ban, ngành tỉnh", [("các sở, ban, ngành tỉnh", True)], id="collective-cac-so-ban-nganh-one-entry"),
    # SPEC: "all spellings of one agency get one name": the capitalised print folds to the same name.
    P("Các Sở, Ban, ngành tỉnh", [("các sở, ban, ngành tỉnh", True)], id="collective-capitalised-spelling-same-name"),
    P("UBND các huyện, thị xã, thành phố", [(f"{UBND} các huyện, thị xã, thành phố", True)], id="collective-ubnd-cac-huyen-one-entry"),
    P("Các cơ quan, đơn vị liên quan", [("các cơ quan, đơn vị liên quan", True)], id="collective-co-quan-don-vi"),
    P("UBND cấp huyện", [(f"{UBND} cấp huyện", True)], id="collective-level-district"),
    # --- splitting ---
    P("UBND cấp huyện, cấp xã", [(f"{UBND} cấp huyện", True), (f"{UBND} cấp xã", True)], id="shared-head-two-levels"),
    P("Sở Nội vụ; Sở Tư pháp", [("Sở Nội vụ", False), ("Sở Tư pháp", False)], id="split-semicolon"),
    P("Sở Nội vụ, Sở Tư pháp, Sở Tài chính", [("Sở Nội vụ", False), ("Sở Tư pháp", False), ("Sở Tài chính", False)], id="split-commas"),
    P("Sở Tài chính và Sở Kế hoạch và Đầu tư", [("Sở Tài chính", False), ("Sở Kế hoạch và Đầu tư", False)], id="split-va-before-name-containing-va"),
    P("Sở Nội vụ\nSở Tư pháp", [("Sở Nội vụ", False), ("Sở Tư pháp", False)], id="split-line-break"),
    P("Sở Tài chính, Kho bạc Nhà nước tỉnh", [("Sở Tài chính", False), ("Kho bạc Nhà nước tỉnh", False)], id="split-treasury"),
    P("Sở Y tế, BHXH tỉnh", [("Sở Y tế", False), ("Bảo hiểm xã hội tỉnh", False)], id="split-before-abbreviation"),
    P("Các sở, ban, ngành tỉnh và UBND các huyện, thành phố",
      [("các sở, ban, ngành tỉnh", True), (f"{UBND} các huyện, thành phố", True)], id="split-two-collectives-at-va"),
    P("Các sở, ban, ngành tỉnh; UBND các huyện, thị xã, thành phố",
      [("các sở, ban, ngành tỉnh", True), (f"{UBND} các huyện, thị xã, thành phố", True)], id="split-two-collectives-at-semicolon"),
    P("Sở Nội vụ và các cơ quan, đơn vị có liên quan",
      [("Sở Nội vụ", False), ("các cơ quan, đơn vị có liên quan", True)], id="split-department-and-collective"),
    P("Sở Tư pháp và UBND cấp huyện", [("Sở Tư pháp", False), (f"{UBND} cấp huyện", True)], id="split-department-and-level-collective"),
    P("UBND các huyện, thành phố; UBND cấp xã",
      [(f"{UBND} các huyện, thành phố", True), (f"{UBND} cấp xã", True)], id="split-two-ubnd-collectives"),
    P("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội tỉnh",
      [("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", False), ("các tổ chức chính trị - xã hội tỉnh", True)],
      id="split-front-and-socio-political-organisations"),
    P("Tỉnh Đoàn, Hội Liên hiệp Phụ nữ tỉnh, Hội Nông dân tỉnh",
      [("Tỉnh Đoàn", False), ("Hội Liên hiệp Phụ nữ tỉnh", False), ("Hội Nông dân tỉnh", False)], id="split-mass-organisations"),
    P("Sở Nội vụ; Sở Nội vụ", [("Sở Nội vụ", False)], id="duplicate-listed-once"),
    P("Sở TT&TT, Sở Thông tin và Truyền thông", [("Sở Thông tin và Truyền thông", False)], id="duplicate-across-spellings-listed-once"),
    # "Các Sở: Tư pháp, Nội vụ, Tài chính" is a common shorthand; SPEC wants one entry per agency.
    P("Các Sở: Tư pháp, Nội vụ, Tài chính", [("Sở Tư pháp", False), ("Sở Nội vụ", False), ("Sở Tài chính", False)],
      id="shorthand-cac-so-colon-list-distributed"),
    # --- companies and brands ---
    P("Viettel Hậu Giang", [("Viettel Hậu Giang", False)], id="brand-viettel"),
    P("VNPT Cà Mau", [("VNPT Cà Mau", False)], id="brand-vnpt"),
    P("Công ty Điện lực Cà Mau", [("Công ty Điện lực Cà Mau", False)], id="company-power"),
    P("VNPT Hậu Giang, Viettel Hậu Giang", [("VNPT Hậu Giang", False), ("Viettel Hậu Giang", False)], id="split-brand-list-mixed-case-brand"),
    P("Bưu điện tỉnh, Viettel Cà Mau, VNPT Cà Mau, Mobifone Cà Mau",
      [("Bưu điện tỉnh", False), ("Viettel Cà Mau", False), ("VNPT Cà Mau", False), ("Mobifone Cà Mau", False)],
      id="split-post-and-telecom-brands"),
    # --- bullet / numbered cells ---
    P("- Sở Nội vụ kiểm tra, đánh giá việc phân cấp quản lý;\n- Sở Xây dựng hướng dẫn thủ tục cấp phép xây dựng",
      [("Sở Nội vụ", False), ("Sở Xây dựng", False)], id="bullets-each-department-with-sub-task"),
    P("- Sở Nông nghiệp và Phát triển nông thôn chủ trì rà soát các thủ tục;\n- Sở Tài nguyên và Môi trường cung cấp số liệu",
      [("Sở Nông nghiệp và Phát triển nông thôn", False), ("Sở Tài nguyên và Môi trường", False)],
      id="bullets-official-names-with-verb-like-words"),
    P("1. Sở Nội vụ\n2. Sở Tư pháp", [("Sở Nội vụ", False), ("Sở Tư pháp", False)], id="numbered-lines"),
    # --- empty ---
    P("", [], id="empty-cell"),
    P("   ", [], id="blank-cell"),
    P("\n", [], id="newline-only-cell"),
]


@pytest.mark.parametrize(("cell", "expected"), AGENCY_CELLS)
def test_split_agency_cell(cell, expected):
    got = split_agency_cell(cell, first_verb=first_verb)
    assert [(a.name, a.collective) for a in got] == expected
    for a in got:
        assert a.name == unicodedata.normalize("NFC", a.name)


# canonical_agency on one agency. Texts reaching split_agency_cell are already normalised to "Ủy"
# (extract/normalize.py), but SPEC says every spelling of one agency gets one name and
# canonical_agency is public: the old tone placement "Uỷ" must give the same "Ủy …" name, so we
# expect "Ủy" for both (low severity: the pipeline never feeds "Uỷ" through the reading boundary).
# The en dash in "Lao động – Thương binh" is NOT folded by normalize.py, so that agency case is real.
CANONICAL = [
    P("Ủy ban nhân dân tỉnh", (f"{UBND} tỉnh", False), id="canonical-new-tone-placement"),
    P("Uỷ ban nhân dân tỉnh", (f"{UBND} tỉnh", False), id="canonical-old-tone-placement-folds-to-uy"),
    P("Văn phòng HĐND tỉnh", ("Văn phòng Hội đồng nhân dân tỉnh", False), id="canonical-hdnd-abbreviation-in-official-name"),
    P("Văn phòng Uỷ ban nhân dân tỉnh", (f"Văn phòng {UBND} tỉnh", False), id="canonical-old-tone-in-official-name"),
    P("UBND tỉnh", (f"{UBND} tỉnh", False), id="canonical-ubnd-abbreviation"),
    P("sở nội vụ", ("Sở Nội vụ", False), id="canonical-lower-case-to-official"),
    P("SỞ TƯ PHÁP", ("Sở Tư pháp", False), id="canonical-upper-case-to-official"),
    P("Sở  Tài   chính", ("Sở Tài chính", False), id="canonical-collapses-spaces"),
    P("Công an tỉnh Hậu Giang", ("Công an tỉnh Hậu Giang", False), id="canonical-official-body-plus-province-name"),
    P("UBND các huyện, thành phố", (f"{UBND} các huyện, thành phố", True), id="canonical-collective-ubnd"),
    P("- Sở Y tế", ("Sở Y tế", False), id="canonical-strips-bullet"),
]


@pytest.mark.parametrize(("raw", "expected"), CANONICAL)
def test_canonical_agency(raw, expected):
    a = canonical_agency(raw)
    assert (a.name, a.collective) == expected


# ---------------------------------------------------------------------------------------------
# 3. Legal references: find_legal_references(text, CitingDocument(number, date, province))
# expected = [(kind, number, key, date ISO | None, has_warnings | None)]; None for has_warnings = not
# asserted (a number without year and without date: SPEC does not say whether that is a warning).
# ---------------------------------------------------------------------------------------------

CITING = CitingDocument(number="123/KH-UBND", date=D("2024-12-31"), province="Cà Mau")
CAMAU = CitingDocument(number="123/KH-UBND", date=D("2023-05-29"), province="Cà Mau")
LAW_LGOV = "Luật Tổ chức chính quyền địa phương"
AMENDING = "Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương"

LEGAL_REFS = [
    # --- decrees, decisions, resolutions, circulars ---
    P("Căn cứ Nghị định số 59/2012/NĐ-CP ngày 23/7/2012 của Chính phủ về theo dõi tình hình thi hành pháp luật;", CITING,
      [("Nghị định", "59/2012/NĐ-CP", "59/2012/NĐ-CP", "2012-07-23", False)], id="decree-full-citation"),
    P("Nghị định 30/2020/NĐ-CP", CITING, [("Nghị định", "30/2020/NĐ-CP", "30/2020/NĐ-CP", None, False)], id="decree-without-so"),
    P("NĐ số 30/2020/NĐ-CP", CITING, [("Nghị định", "30/2020/NĐ-CP", "30/2020/NĐ-CP", None, False)], id="decree-abbreviated-kind"),
    P("QĐ số 36/2021/QĐ-UBND", CITING, [("Quyết định", "36/2021/QĐ-UBND", "36/2021/QĐ-UBND", None, False)], id="decision-abbreviated-kind"),
    P("Nghị quyết 06/2021/NQ-HĐND ngày 07/12/2021", CITING,
      [("Nghị quyết", "06/2021/NQ-HĐND", "06/2021/NQ-HĐND", "2021-12-07", False)], id="resolution-hdnd-without-so"),
    P("Công văn số 1420/UBND-CCHC ngày 06/3/2023", CITING,
      [("Công văn", "1420/UBND-CCHC", "1420/UBND-CCHC@2023", "2023-03-06", False)], id="official-letter-key-takes-year-of-date"),
    P("Quyết định số 829/QĐ-UBND ngày 10 tháng 11 năm 2022 của Chủ tịch Ủy ban nhân dân tỉnh", CITING,
      [("Quyết định", "829/QĐ-UBND", "829/QĐ-UBND@2022", "2022-11-10", False)], id="decision-date-in-words"),
    P("Quyết định 1291/QĐ-TTg ngày 07/10/2019 của Thủ tướng Chính phủ", CITING,
      [("Quyết định", "1291/QĐ-TTg", "1291/QĐ-TTg@2019", "2019-10-07", False)], id="pm-decision-mixed-case-code"),
    P("Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ", CITING,
      [("Nghị quyết", "76/NQ-CP", "76/NQ-CP@2021", "2021-07-15", False)], id="government-resolution-no-year-in-number"),
    P("Thông tư liên tịch số 03/2015/TTLT-BTP-BNV", CITING,
      [("Thông tư liên tịch", "03/2015/TTLT-BTP-BNV", "03/2015/TTLT-BTP-BNV", None, False)], id="joint-circular-longest-kind"),
    P("Thông tư số 01/2023/TT-VPCP", CITING,
      [("Thông tư", "01/2023/TT-VPCP", "01/2023/TT-VPCP", None, False)], id="circular-vpcp"),
    P("Thông tư số 01/2011/TT-BNV ngày 19/01/2011 của Bộ Nội vụ hướng dẫn thể thức", CITING,
      [("Thông tư", "01/2011/TT-BNV", "01/2011/TT-BNV", "2011-01-19", False)], id="circular-with-date-and-subject"),
    P("Nghị quyết số 35/2023/UBTVQH15", CITING,
      [("Nghị quyết", "35/2023/UBTVQH15", "35/2023/UBTVQH15", None, False)], id="standing-committee-resolution"),
    P("Kế hoạch số 45/KH-UBND ngày 20/02/2023 của UBND tỉnh", CITING,
      [("Kế hoạch", "45/KH-UBND", "45/KH-UBND@2023", "2023-02-20", False)], id="plan-key-takes-year-of-date"),
    P("Thông báo số 156/TB-VPCP ngày 10/4/2023", CITING,
      [("Thông báo", "156/TB-VPCP", "156/TB-VPCP@2023", "2023-04-10", False)], id="notice"),
    P("Chỉ thị số 07/CT-UBND ngày 20/4/2023", CITING,
      [("Chỉ thị", "07/CT-UBND", "07/CT-UBND@2023", "2023-04-20", False)], id="provincial-directive"),
    P("Quyết định số 12/QĐ-UBND ngày 23-7-2012", CITING,
      [("Quyết định", "12/QĐ-UBND", "12/QĐ-UBND@2012", "2012-07-23", False)], id="date-with-dashes"),
    # "Văn bản số …" with a unit code (not a type code) is an administrative letter: kind Công văn.
    P("Văn bản số 2345/BNV-CCHC ngày 15/5/2023 của Bộ Nội vụ", CITING,
      [("Công văn", "2345/BNV-CCHC", "2345/BNV-CCHC@2023", "2023-05-15", False)], id="van-ban-with-unit-code-is-cong-van"),
    # --- party documents ---
    P("Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị", CITING,
      [("Chỉ thị", "05-CT/TW", "05-CT/TW@2016", "2016-05-15", False)], id="party-directive-with-date"),
    P("Chỉ thị số 05-CT/TW", CITING, [("Chỉ thị", "05-CT/TW", "05-CT/TW", None, None)], id="party-directive-without-date"),
    P("Nghị quyết số 52-NQ/TW ngày 27/9/2019 của Bộ Chính trị", CITING,
      [("Nghị quyết", "52-NQ/TW", "52-NQ/TW@2019", "2019-09-27", False)], id="party-resolution-key-year-from-date"),
    P("Kết luận số 14-KL/TW ngày 22/9/2021 của Bộ Chính trị", CITING,
      [("Kết luận", "14-KL/TW", "14-KL/TW@2021", "2021-09-22", False)], id="party-conclusion"),
    P("Kết luận số 14-KL/TW", CITING, [("Kết luận", "14-KL/TW", "14-KL/TW", None, None)], id="party-conclusion-without-date"),
    P("Chương trình số 15-CTr/TU ngày 10/3/2021 của Tỉnh ủy", CITING,
      [("Chương trình", "15-CTr/TU", "15-CTr/TU@2021", "2021-03-10", False)], id="provincial-party-programme"),
    # --- line-wrap damage ---
    P("Nghị định số 32/2020/NĐ- CP", CITING,
      [("Nghị định", "32/2020/NĐ-CP", "32/2020/NĐ-CP", None, False)], id="number-wrapped-space-after-dash"),
    P("Nghị định số 32/ 2020/NĐ-CP", CITING,
      [("Nghị định", "32/2020/NĐ-CP", "32/2020/NĐ-CP", None, False)], id="number-wrapped-space-after-slash"),
    P("Nghị định số 32/2020/NĐ-CP ngày 05 tháng 3\nnăm 2020 của Chính phủ", CITING,
      [("Nghị định", "32/2020/NĐ-CP", "32/2020/NĐ-CP", "2020-03-05", False)], id="date-words-wrapped-over-line"),
    # --- laws cited by name ---
    P(f"{LAW_LGOV} số 77/2015/QH13", CITING,
      [("Luật", "77/2015/QH13", "77/2015/QH13", None, False)], id="law-by-name-and-number"),
    P(f"Căn cứ {LAW_LGOV} ngày 19 tháng 6 năm 2015;", CITING,
      [("Luật", None, f"{LAW_LGOV}@2015", "2015-06-19", False)], id="law-by-name-and-date-key-name-at-year"),
    P(f"Căn cứ {AMENDING} ngày 22 tháng 11 năm 2019;", CITING,
      [("Luật", None, f"{AMENDING}@2019", "2019-11-22", False)], id="amending-law-is-one-reference"),
    P("Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Ban hành văn bản quy phạm pháp luật ngày 18 tháng 6 năm 2020;", CITING,
      [("Luật", None, "Luật sửa đổi, bổ sung một số điều của Luật Ban hành văn bản quy phạm pháp luật@2020", "2020-06-18", False)],
      id="amending-law-of-law-on-legal-documents-one-reference"),
    P("Căn cứ Luật Ban hành văn bản quy phạm pháp luật ngày 22 tháng 6 năm 2015;", CITING,
      [("Luật", None, "Luật Ban hành văn bản quy phạm pháp luật@2015", "2015-06-22", False)], id="law-name-contains-ban-hanh"),
    P("Căn cứ Bộ luật Dân sự ngày 24 tháng 11 năm 2015;", CITING,
      [("Bộ luật", None, "Bộ luật Dân sự@2015", "2015-11-24", False)], id="code-by-name-and-date-kind-bo-luat"),
    P("Bộ luật Lao động số 45/2019/QH14", CITING,
      [("Bộ luật", "45/2019/QH14", "45/2019/QH14", None, False)], id="code-by-name-and-number"),
    # --- several references ---
    P("Căn cứ các Nghị định số 107/2020/NĐ-CP, 108/2020/NĐ-CP của Chính phủ;", CITING,
      [("Nghị định", "107/2020/NĐ-CP", "107/2020/NĐ-CP", None, False),
       ("Nghị định", "108/2020/NĐ-CP", "108/2020/NĐ-CP", None, False)], id="list-sharing-kind-comma"),
    # --- plausibility warnings ---
    P("Quyết định số 12/QĐ-UBND ngày 31/4/2023", CITING,
      # SPEC: date null with a warning; the printed year is still legible, so the key keeps it.
      [("Quyết định", "12/QĐ-UBND", "12/QĐ-UBND@2023", None, True)], id="impossible-date-31-april-null-with-warning"),
    P("Nghị quyết số 15/NQ-HĐND ngày 29/02/2023", CITING,
      [("Nghị quyết", "15/NQ-HĐND", "15/NQ-HĐND@2023", None, True)], id="impossible-date-29-feb-non-leap"),
    P("Nghị định số 59/2012/NĐ-CP ngày 23/7/2021 của Chính phủ", CITING,
      [("Nghị định", "59/2012/NĐ-CP", "59/2012/NĐ-CP", "2021-07-23", True)], id="warning-date-year-differs-from-number-year"),
    P("Kế hoạch số 45/KH-UBND ngày 20/6/2023", CAMAU,
      [("Kế hoạch", "45/KH-UBND", "45/KH-UBND@2023", "2023-06-20", True)], id="warning-date-after-citing-document"),
    P("Kế hoạch số 45/KH-UBND ngày 29/5/2023", CAMAU,
      [("Kế hoạch", "45/KH-UBND", "45/KH-UBND@2023", "2023-05-29", False)], id="no-warning-same-day-as-citing-document"),
    P("Nghị định số 36/2021/QĐ-UBND", CITING,
      [("Nghị định", "36/2021/QĐ-UBND", "36/2021/QĐ-UBND", None, True)], id="warning-type-code-contradicts-kind"),
    # --- negatives ---
    P(LAW_LGOV, CITING, [], id="negative-law-without-date-or-number"),
    P("Thực hiện Luật Cán bộ, công chức và Luật Viên chức, Sở Nội vụ hướng dẫn", CITING, [],
      id="negative-two-laws-without-date-or-number"),
    P("theo quy định tại Điều 147 Bộ luật Dân sự", CITING, [], id="negative-code-article-without-version"),
    # Decision: the header line "Số: 123/KH-UBND" has no kind word; it is the document's own number
    # (read by the segmenter), not a citation, so it is not a reference.
    P("Số: 123/KH-UBND", CITING, [], id="negative-header-so-line-without-kind"),
    P("năm 2023", CITING, [], id="negative-year-alone"),
    P("Điện thoại: 0290.3831.456", CITING, [], id="negative-phone-number-dotted"),
    P("ĐT: 0290 3831 456; Fax: 0290 3831 457", CITING, [], id="negative-phone-and-fax"),
    P("Quyết định này có hiệu lực kể từ ngày ký.", CITING, [], id="negative-quyet-dinh-nay"),
    P("Điều 5", CITING, [], id="negative-article"),
    P("Khoản 2 Điều 3 Quyết định này", CITING, [], id="negative-clause-of-this-decision"),
    P("QĐ-UBND", CITING, [], id="negative-type-code-alone"),
    P("Nghị định của Chính phủ quy định chi tiết", CITING, [], id="negative-kind-without-number"),
    P("Quyết định số", CITING, [], id="negative-so-without-number"),
    P("Phụ lục I", CITING, [], id="negative-appendix-label"),
    P("Báo cáo theo Mẫu số 01", CITING, [], id="negative-form-number"),
]


def _check_invariant(text, refs):
    for r in refs:
        assert text[r.start:r.end] == r.raw, (r.start, r.end, r.raw)


@pytest.mark.parametrize(("text", "citing", "expected"), LEGAL_REFS)
def test_find_legal_references(text, citing, expected):
    refs = find_legal_references(text, citing)
    _check_invariant(text, refs)
    got = []
    for i, r in enumerate(refs):
        check_warnings = i >= len(expected) or expected[i][4] is not None
        got.append((r.kind, r.number, r.key, r.date.isoformat() if r.date else None,
                    bool(r.warnings) if check_warnings else None))
    assert got == expected


# Several references in one text: the keys in order (dates and kinds asserted above).
REF_KEYS = [
    P("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Nghị định số 61/2018/NĐ-CP ngày "
      "23/4/2018 của Chính phủ về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành "
      "chính; Quyết định số 468/QĐ-TTg ngày 27/3/2021 của Thủ tướng Chính phủ", CITING,
      [f"{LAW_LGOV}@2015", "61/2018/NĐ-CP", "468/QĐ-TTg@2021"], id="three-refs-law-decree-decision-in-order"),
    P(f"Căn cứ {LAW_LGOV} ngày 19 tháng 6 năm 2015; {AMENDING} ngày 22 tháng 11 năm 2019;", CITING,
      [f"{LAW_LGOV}@2015", f"{AMENDING}@2019"], id="law-then-amending-law-two-refs-not-three"),
    P("Nghị định số 107/2020/NĐ-CP và 108/2020/NĐ-CP ngày 14/9/2020 của Chính phủ", CITING,
      ["107/2020/NĐ-CP", "108/2020/NĐ-CP"], id="list-sharing-kind-va"),
    P("các Nghị định số 107/2020/NĐ-CP, 108/2020/NĐ-CP; Thông tư số 01/2023/TT-VPCP", CITING,
      ["107/2020/NĐ-CP", "108/2020/NĐ-CP", "01/2023/TT-VPCP"], id="list-then-another-kind"),
    P("Quyết định số 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng Chính phủ phê duyệt Đề án phát triển ứng dụng "
      "dữ liệu về dân cư", CITING, ["06/QĐ-TTg@2022"], id="named-project-without-number-not-a-ref"),
    P("Thông tư số 01/2011/TT-BNV ngày 19/01/2011 và Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ", CITING,
      ["01/2011/TT-BNV", "30/2020/NĐ-CP"], id="two-kinds-joined-by-va"),
    P("Chỉ thị số 05-CT/TW ngày 15/5/2016, Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị", CITING,
      ["05-CT/TW@2016", "01-KL/TW@2021"], id="party-directive-and-conclusion"),
]


@pytest.mark.parametrize(("text", "citing", "expected"), REF_KEYS)
def test_reference_keys_in_order(text, citing, expected):
    refs = find_legal_references(text, citing)
    _check_invariant(text, refs)
    assert [r.key for r in refs] == expected


# Self references and titles: expected = (key, is_self, title).
REF_DETAILS = [
    P("(Kèm theo Kế hoạch số 123/KH-UBND ngày 29 tháng 5 năm 2023 của Ủy ban nhân dân tỉnh Cà Mau)", CAMAU,
      ("123/KH-UBND@2023", True, None), id="self-reference-in-appendix-title"),
    # No date printed, but a self reference IS the citing document, whose date is known: its key is
    # the document's own identity number@YEAR (SPEC: key = number@YEAR when the number has no year).
    P("Kế hoạch số 123/KH- UBND", CAMAU, ("123/KH-UBND@2023", True, None), id="self-reference-despite-wrapped-space-key-takes-own-year"),
    P("Kế hoạch số 12/KH-UBND ngày 10/01/2023", CAMAU, ("12/KH-UBND@2023", False, None), id="not-self-different-number"),
    P(f"Căn cứ {LAW_LGOV} ngày 19 tháng 6 năm 2015;", CITING, (f"{LAW_LGOV}@2015", False, LAW_LGOV), id="law-title-is-its-name"),
    P("Căn cứ Bộ luật Dân sự ngày 24 tháng 11 năm 2015;", CITING, ("Bộ luật Dân sự@2015", False, "Bộ luật Dân sự"),
      id="code-title-is-its-name"),
]


@pytest.mark.parametrize(("text", "citing", "expected"), REF_DETAILS)
def test_reference_self_and_title(text, citing, expected):
    refs = find_legal_references(text, citing)
    _check_invariant(text, refs)
    assert len(refs) == 1
    r = refs[0]
    assert (r.key, r.is_self, r.title) == expected
