"""Table-driven tests of deadline phrases: parse_deadline and find_deadline_mentions.

The cases are written from Vietnamese drafting practice (Nghị định 30/2020/NĐ-CP on the form of
documents; how provincial Kế hoạch appendices phrase "Thời gian hoàn thành", "Cơ quan chủ trì",
"Cơ quan phối hợp"; citations in "Căn cứ" clauses), not only from the dev gazettes. Where an
expectation is debatable the comment says how SPEC.md (/work/shared/SPEC.md) decides it.
"""
from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from extract.nlp.deadlines import find_deadline_mentions, parse_deadline

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

