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
from hypothesis import given, settings, strategies as st

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


# ---------------------------------------------------------------------------------------------
# 1b. The family of time phrases as provincial plans print them: ranges, lists, open ends, cues,
# OCR damage, and years that cannot be read. SPEC: a phrase that cannot be read whole keeps its
# kind with start and end null, never a guessed year. Where SPEC is silent the comment says why.
# ---------------------------------------------------------------------------------------------

FAMILY = [
    # --- ranges of months ---
    P("Tháng 01 - 02/2026", DOC, ("period", D("2026-01-01"), D("2026-02-28")), id="month-range-spec-example-not-the-day-1-feb"),
    P("Tháng 01-02/2026", DOC, ("period", D("2026-01-01"), D("2026-02-28")), id="month-range-without-spaces"),
    P("Tháng 01 – 02/2026", DOC, ("period", D("2026-01-01"), D("2026-02-28")), id="month-range-en-dash"),
    P("Trong tháng 01 - 02/2026", DOC, ("period", D("2026-01-01"), D("2026-02-28")), id="month-range-with-trong"),
    P("Tháng 01 - 02 năm 2026", DOC, ("period", D("2026-01-01"), D("2026-02-28")), id="month-range-nam-year"),
    P("01 - 02/2026", DOC, ("period", D("2026-01-01"), D("2026-02-28")), id="month-range-without-thang-first-number-takes-unit-of-next"),
    P("Từ tháng 3 đến tháng 6/2024", DOC, ("period", D("2024-03-01"), D("2024-06-30")), id="month-range-tu-den-year-printed-once"),
    P("Tháng 6 - tháng 8/2024", DOC, ("period", D("2024-06-01"), D("2024-08-31")), id="month-range-thang-repeated"),
    P("Tháng 3-6/2024", DOC, ("period", D("2024-03-01"), D("2024-06-30")), id="month-range-dash-not-a-day-3-june"),
    P("Tháng 6 - tháng 8", DOC, ("period", D("2024-06-01"), D("2024-08-31")), id="month-range-without-year-takes-document-year"),
    P("Tháng 11/2024 - 01/2025", DOC, ("period", D("2024-11-01"), D("2025-01-31")), id="month-range-across-new-year-bare-second-month"),
    P("Từ tháng 6/2024 đến tháng 3/2025", DOC, ("period", D("2024-06-01"), D("2025-03-31")), id="month-range-tu-den-two-years"),
    # Decided: the year is printed once, at the end; a range cannot run backwards, so the first month
    # is in the year before (the only reading under which "11 - 01" is a range).
    P("Tháng 11 - 01/2025", DOC, ("period", D("2024-11-01"), D("2025-01-31")), id="month-range-backwards-inferred-start-moves-to-previous-year"),
    # Negative: no year printed at all and the range runs backwards: any year would be a guess.
    P("Tháng 11 - tháng 01", DOC, ("period", None, None), id="negative-month-range-backwards-without-printed-year-is-null"),
    # A list is read as the span it covers (first to last day), like "Quý I, II/2024" in SPEC.
    P("Tháng 6, 7, 8/2024", DOC, ("period", D("2024-06-01"), D("2024-08-31")), id="month-list-shares-one-year"),
    P("Tháng 6 và tháng 12/2024", DOC, ("period", D("2024-06-01"), D("2024-12-31")), id="month-list-va-span"),
    # --- ranges and lists of quarters ---
    P("Quý I, II/2024", DOC, ("period", D("2024-01-01"), D("2024-06-30")), id="quarter-list-spec-example"),
    P("Quý II-III/2024", DOC, ("period", D("2024-04-01"), D("2024-09-30")), id="quarter-range-roman-dash-without-spaces"),
    P("Quý III - IV", DOC, ("period", D("2024-07-01"), D("2024-12-31")), id="quarter-range-without-year-takes-document-year"),
    P("Quý I, II, III/2024", DOC, ("period", D("2024-01-01"), D("2024-09-30")), id="quarter-list-of-three"),
    P("Quý IV/2024 và Quý I/2025", DOC, ("period", D("2024-10-01"), D("2025-03-31")), id="quarter-list-each-with-its-year"),
    P("Quý IV và Quý I/2025", DOC, ("period", D("2024-10-01"), D("2025-03-31")), id="quarter-list-backwards-inferred-first-year-moves-back"),
    P("Quý I năm 2025", DOC, ("period", D("2025-01-01"), D("2025-03-31")), id="quarter-nam-year-not-document-year"),
    P("Quý II năm 2024 - Quý I năm 2025", DOC, ("period", D("2024-04-01"), D("2025-03-31")), id="quarter-range-nam-years"),
    P("Quí II/2024", DOC, ("period", D("2024-04-01"), D("2024-06-30")), id="quarter-old-spelling-qui"),
    P("Q2/2024", DOC, ("period", D("2024-04-01"), D("2024-06-30")), id="quarter-table-shorthand-with-year"),
    P("T6/2024", DOC, ("period", D("2024-06-01"), D("2024-06-30")), id="month-table-shorthand-with-year"),
    # --- ranges and lists of years ---
    P("2024 - 2026", DOC, ("period", D("2024-01-01"), D("2026-12-31")), id="year-range-spec-example"),
    P("Giai đoạn 2026 - 2030", DOC, ("period", D("2026-01-01"), D("2030-12-31")), id="phase-spec-example"),
    P("Giai đoạn 2024-2026", DOC, ("period", D("2024-01-01"), D("2026-12-31")), id="phase-without-spaces"),
    P("Trong giai đoạn 2026-2030", DOC, ("period", D("2026-01-01"), D("2030-12-31")), id="phase-with-trong"),
    P("Thời kỳ 2021 - 2030", DOC, ("period", D("2021-01-01"), D("2030-12-31")), id="phase-thoi-ky"),
    P("2025-2030", DOC, ("period", D("2025-01-01"), D("2030-12-31")), id="bare-year-range-2025-2030"),
    P("Năm 2025 - 2026", DOC, ("period", D("2025-01-01"), D("2026-12-31")), id="year-range-nam-2025-2026"),
    P("Năm 2024, 2025", DOC, ("period", D("2024-01-01"), D("2025-12-31")), id="year-list-comma-span-of-both"),
    P("Năm 2024 và năm 2025", DOC, ("period", D("2024-01-01"), D("2025-12-31")), id="year-list-va-nam"),
    P("Năm 2024 và 2025", DOC, ("period", D("2024-01-01"), D("2025-12-31")), id="year-list-va-bare-second-year"),
    # "cả năm" in brackets is the printed year, not the document's.
    P("Năm 2025 (cả năm)", DOC, ("period", D("2025-01-01"), D("2025-12-31")), id="ca-nam-takes-printed-year"),
    P("2025 - 2024", DOC, ("period", None, None), id="negative-year-range-printed-backwards-is-null"),
    # Decided: a school year runs from a start the Bộ Giáo dục và Đào tạo sets each year, so it is
    # not two calendar years: null rather than 2024-01-01..2025-12-31.
    P("Năm học 2024 - 2025", DOC, ("period", None, None), id="negative-school-year-is-not-two-calendar-years"),
    # --- ranges and lists of days ---
    P("Từ ngày 01/3 đến ngày 15/3/2024", DOC, ("period", D("2024-03-01"), D("2024-03-15")), id="day-range-tu-den-year-printed-once"),
    P("Từ ngày 01 đến ngày 15/3/2024", DOC, ("period", D("2024-03-01"), D("2024-03-15")), id="day-range-first-day-takes-month-of-next"),
    P("Từ ngày 25/12 đến ngày 05/01/2025", DOC, ("period", D("2024-12-25"), D("2025-01-05")), id="day-range-across-new-year"),
    P("01/3/2024 - 15/3/2024", DOC, ("period", D("2024-03-01"), D("2024-03-15")), id="day-range-two-full-dates"),
    P("15/12/2024-20/12/2024", DOC, ("period", D("2024-12-15"), D("2024-12-20")), id="day-range-no-spaces"),
    P("15/3 - 20/3/2024", DOC, ("period", D("2024-03-15"), D("2024-03-20")), id="day-range-first-day-takes-year-of-next"),
    # Negative: a lone "10/12" with neither "ngày" nor a cue is as often a count ("10/12 xã") as a day.
    P("10/12", DOC, ("unspecified", None, None), id="negative-lone-fraction-is-no-day"),
    # Decided: days listed without a cue are several due days; the task is due by the last one.
    P("Ngày 15/6/2024 và 15/12/2024", DOC, ("by_date", None, D("2024-12-15")), id="day-list-is-by-the-last-day"),
    # --- halves ---
    P("Nửa đầu năm 2024", DOC, ("period", D("2024-01-01"), D("2024-06-30")), id="half-nua-dau-nam"),
    P("Sáu tháng cuối năm 2025", DOC, ("period", D("2025-07-01"), D("2025-12-31")), id="half-sau-in-words"),
    # --- by_date with a month, quarter or year ---
    P("Đến năm 2030", DOC, ("by_date", None, D("2030-12-31")), id="by-date-den-nam-spec-example-not-period"),
    P("Đến hết năm 2025", DOC, ("by_date", None, D("2025-12-31")), id="by-date-den-het-nam"),
    P("Từ nay đến hết năm 2025", DOC, ("by_date", None, D("2025-12-31")), id="by-date-tu-nay-den-het-nam"),
    P("Đến hết Quý II/2024", DOC, ("by_date", None, D("2024-06-30")), id="by-date-den-het-quarter"),
    # SPEC: "Trước năm N" (like "Đến năm N") is by_date with end N-12-31; a quarter or month is before
    # the unit starts (below). A day keeps the day itself: "Trước ngày 15/12" → 15/12.
    P("Trước năm 2026", DOC, ("by_date", None, D("2026-12-31")), id="by-date-truoc-nam-spec-ends-with-the-year"),
    P("Hoàn thành trước năm 2026", DOC, ("by_date", None, D("2026-12-31")), id="by-date-hoan-thanh-truoc-nam"),
    P("Trước Quý IV/2024", DOC, ("by_date", None, D("2024-09-30")), id="by-date-truoc-quarter-is-end-of-quarter-before"),
    P("Trước tháng 10/2024", DOC, ("by_date", None, D("2024-09-30")), id="by-date-truoc-month-is-end-of-month-before"),
    P("Chậm nhất Quý III/2024", DOC, ("by_date", None, D("2024-09-30")), id="by-date-cham-nhat-quarter-is-its-last-day"),
    P("Chậm nhất trong tháng 6/2024", DOC, ("by_date", None, D("2024-06-30")), id="by-date-cham-nhat-wins-over-trong"),
    # Decided: "cuối năm 2024" is the end of the year: by its last day (no start can be read).
    P("Cuối năm 2024", DOC, ("by_date", None, D("2024-12-31")), id="by-date-cuoi-nam"),
    P("Cuối năm", DOC, ("by_date", None, D("2024-12-31")), id="by-date-cuoi-nam-without-year-takes-document-year"),
    P("Cuối Quý II/2024", DOC, ("by_date", None, D("2024-06-30")), id="by-date-cuoi-quarter"),
    P("Trước 31/12/2025", DOC, ("by_date", None, D("2025-12-31")), id="by-date-truoc-printed-year-wins"),
    P("Trước ngày 31/12", DOC, ("by_date", None, D("2024-12-31")), id="by-date-truoc-ngay-without-year-takes-document-year"),
    P("Trước ngày 15 tháng 12", DOC, ("by_date", None, D("2024-12-15")), id="by-date-words-without-year-takes-document-year"),
    P("Trước 17h00 ngày 30/6/2024", DOC, ("by_date", None, D("2024-06-30")), id="by-date-hour-before-day"),
    P("Không quá ngày 30/6/2024", DOC, ("by_date", None, D("2024-06-30")), id="by-date-khong-qua"),
    P("Hạn chót 30/6/2024", DOC, ("by_date", None, D("2024-06-30")), id="by-date-han-chot"),
    P("Tháng 6/2024 (trước ngày 15/6)", DOC, ("by_date", None, D("2024-06-15")), id="by-date-cued-day-wins-over-month-and-takes-its-year"),
    P("Trước 30/6/2024 (báo cáo sơ kết); trước 31/12/2024 (báo cáo tổng kết)", DOC,
      ("by_date", None, D("2024-12-31")), id="by-date-two-cued-days-due-by-the-last"),
    P("Thực hiện xong trước ngày 30/6/2024 theo hướng dẫn", DOC, ("by_date", None, D("2024-06-30")),
      id="by-date-with-theo-later-in-phrase-not-per-reference"),
    # --- open ends and vague parts of a year (decided: the printed end is kept, the other null) ---
    # "… và các năm tiếp theo", "… trở đi", "Từ …": the work starts then and has no last day.
    P("Năm 2024 và các năm tiếp theo", DOC, ("period", D("2024-01-01"), None), id="open-end-cac-nam-tiep-theo-not-the-year-2024"),
    P("Năm 2026 và những năm tiếp theo", DOC, ("period", D("2026-01-01"), None), id="open-end-nhung-nam-tiep-theo"),
    P("Từ năm 2025 trở đi", DOC, ("period", D("2025-01-01"), None), id="open-end-tro-di"),
    P("Từ Quý II/2024", DOC, ("period", D("2024-04-01"), None), id="open-end-tu-without-den"),
    # "Đầu năm 2025": the year's first day is sure, how long "early" lasts is not (Q1? H1?).
    P("Đầu năm 2025", DOC, ("period", D("2025-01-01"), None), id="dau-nam-start-only"),
    P("Giữa năm 2024", DOC, ("period", None, None), id="negative-giua-nam-has-no-interval"),
    # "Sau tháng 6/2024": after the unit ends; like "Từ …" it has no last day.
    P("Sau tháng 6/2024", DOC, ("period", D("2024-07-01"), None), id="open-end-sau-month-starts-the-day-after"),
    # --- recurring: a day or month that comes back every year is no single interval ---
    P("Trước 30/6 hằng năm", DOC, ("recurring", None, None), id="recurring-truoc-day-hang-nam"),
    P("Hằng năm, trước ngày 31/12", DOC, ("recurring", None, None), id="recurring-hang-nam-then-day"),
    P("Tháng 12 hằng năm", DOC, ("recurring", None, None), id="recurring-month-hang-nam-not-period"),
    # Decided: the first cycle's month is not a day (SPEC: null "unless the text fixes a day").
    P("Tháng 9/2024 (định kỳ hằng năm)", DOC, ("recurring", None, None), id="recurring-month-with-dinh-ky-in-brackets"),
    P("Từ ngày 01/7/2024, định kỳ hằng quý", DOC, ("recurring", D("2024-07-01"), None), id="recurring-start-day-fixed-by-tu-ngay"),
    P("Theo định kỳ hằng năm", DOC, ("recurring", None, None), id="recurring-theo-dinh-ky-not-per-reference"),
    P("Mỗi năm 01 lần", DOC, ("recurring", None, None), id="recurring-moi-nam"),
    # --- OCR damage to the cue words; the digits are intact ---
    P("Hãng năm", DOC, ("recurring", None, None), id="ocr-hang-nam-read-with-tilde"),
    P("Quy III/2024", DOC, ("period", D("2024-07-01"), D("2024-09-30")), id="ocr-quy-without-tone"),
    P("Thang 6/2024", DOC, ("period", D("2024-06-01"), D("2024-06-30")), id="ocr-thang-without-tone"),
    P("Trưóc ngày 15/12/2024", DOC, ("by_date", None, D("2024-12-15")), id="ocr-truoc-with-wrong-tone"),
    P("Chậm nhát ngày 15/12/2024", DOC, ("by_date", None, D("2024-12-15")), id="ocr-cham-nhat-with-wrong-tone"),
    P("Trong nãm 2024", DOC, ("period", D("2024-01-01"), D("2024-12-31")), id="ocr-nam-with-tilde"),
    P("Ðến năm 2030", DOC, ("by_date", None, D("2030-12-31")), id="ocr-icelandic-eth-for-d-stroke"),
    P("Quý II1/2024", DOC, ("period", D("2024-07-01"), D("2024-09-30")), id="ocr-roman-III-read-II1"),
    # --- separators ---
    P("Trước ngày 15-12-2024", DOC, ("by_date", None, D("2024-12-15")), id="by-date-dashed-date"),
    P("Tháng 6.2024", DOC, ("period", D("2024-06-01"), D("2024-06-30")), id="month-dotted-year"),
    P("Tháng 6, 2024", DOC, ("period", D("2024-06-01"), D("2024-06-30")), id="month-comma-year-is-its-year-not-a-second-item"),
    # Negative: "- 2025" after a quarter with its own year is neither a quarter nor a range end.
    P("Quý IV/2024 - 2025", DOC, ("period", None, None), id="negative-quarter-then-bare-year-is-not-read"),
    # --- a year cut off or garbled: the kind stays, no date is guessed ---
    P("Tháng 01 - 02/20", DOC, ("period", None, None), id="broken-month-range-year-cut-to-two-digits-spec-example"),
    P("Quý II/202", DOC, ("period", None, None), id="broken-quarter-year-three-digits"),
    P("năm 20", DOC, ("period", None, None), id="broken-nam-20"),
    P("2024 - 25", DOC, ("period", None, None), id="broken-second-year-of-range-not-read-as-2024"),
    P("Giai đoạn 2024-20", DOC, ("period", None, None), id="broken-phase-end"),
    P("Năm 2O24", DOC, ("period", None, None), id="broken-letter-o-inside-year"),
    P("Tháng 6 - 20", DOC, ("period", None, None), id="broken-dangling-digits-not-june-of-document-year"),
    P("Trước ngày 15/12/202", DOC, ("by_date", None, None), id="broken-by-date-year-cut"),
    P("Tháng 13/2024", DOC, ("period", None, None), id="broken-impossible-month"),
    P("Quý 5/2024", DOC, ("period", None, None), id="broken-impossible-quarter"),
    P("Từ tháng 3 đến tháng 13/2024", DOC, ("period", None, None), id="broken-one-part-of-range-spoils-the-range"),
    P("Trước ngày 31/4/2024", DOC, ("by_date", None, None), id="broken-impossible-day"),
    # --- no year anywhere and no document date: kind kept, nothing guessed ---
    P("Quý IV", None, ("period", None, None), id="quarter-without-year-or-document-date-is-null"),
    P("Trước ngày 15/12", None, ("by_date", None, None), id="by-date-without-year-or-document-date-is-null"),
    # --- negatives: a time word that is no deadline of this kind ---
    P("Trước khi tổ chức Hội nghị", DOC, ("on_event", None, None), id="negative-truoc-khi-is-an-event-not-by-date"),
    P("Khi có yêu cầu (dự kiến Quý II/2024)", DOC, ("on_event", None, None), id="negative-on-event-wins-over-quarter-in-brackets"),
    P("Theo Kế hoạch năm 2024", DOC, ("per_reference", None, None), id="negative-theo-ke-hoach-nam-is-per-reference"),
    P("Quý vị", DOC, ("unspecified", None, None), id="negative-quy-vi-is-no-quarter"),
]


# ---------------------------------------------------------------------------------------------
# 1c. Conditions and months written "M/YYYY". SPEC: "nếu có khó khăn, vướng mắc" → on_event (the
# closing formula of plans and decisions: "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, …
# phản ánh về …"); a month "M/YYYY" is that month, its kind from the cue before it.
# ---------------------------------------------------------------------------------------------

CONDITIONS_AND_MONTHS = [
    # --- a difficulty met while the work runs ---
    P("Nếu có khó khăn, vướng mắc", DOC, ("on_event", None, None), id="on-event-neu-co-kho-khan-vuong-mac"),
    P("Khi có khó khăn, vướng mắc", DOC, ("on_event", None, None), id="on-event-khi-co-kho-khan-vuong-mac"),
    P("Trong quá trình thực hiện nếu có vướng mắc", DOC, ("on_event", None, None),
      id="on-event-condition-after-trong-qua-trinh-not-at-the-start"),
    P("Trong quá trình triển khai, trường hợp phát sinh khó khăn, vướng mắc", DOC, ("on_event", None, None),
      id="on-event-truong-hop-phat-sinh-after-a-comma"),
    P("Khi gặp khó khăn, bất cập", DOC, ("on_event", None, None), id="on-event-khi-gap-kho-khan-bat-cap"),
    # --- a condition opens like an event ("nếu", "trường hợp" as "khi") ---
    P("Nếu phát sinh", DOC, ("on_event", None, None), id="on-event-neu-opens-a-condition"),
    P("Trường hợp cần thiết", DOC, ("on_event", None, None), id="on-event-truong-hop-without-trong"),
    # "Nêu" (to state) folds to "neu" like "Nếu": the tone mark keeps the verb out.
    P("Nêu rõ kết quả thực hiện", DOC, ("unspecified", None, None), id="negative-neu-to-state-is-no-condition"),
    # --- negatives: difficulties named without a condition, or a time that says more ---
    P("Tháo gỡ khó khăn, vướng mắc", DOC, ("unspecified", None, None),
      id="negative-difficulties-without-condition-are-no-event"),
    P("Tổng hợp khó khăn, vướng mắc (nếu có)", DOC, ("unspecified", None, None),
      id="negative-neu-co-in-brackets-after-the-noun-is-no-event"),
    P("Trước ngày 30/6/2024; nếu có vướng mắc thì báo cáo Sở Nội vụ", DOC, ("by_date", None, D("2024-06-30")),
      id="negative-printed-day-wins-over-a-later-condition"),
    P("Thường xuyên; khi có vướng mắc thì báo cáo", DOC, ("recurring", None, None),
      id="negative-cycle-wins-over-a-later-condition"),
    # --- months written "M/YYYY" and "MM/YYYY" ---
    P("Tháng 6/2024", DOC, ("period", D("2024-06-01"), D("2024-06-30")), id="month-m-slash-yyyy"),
    P("06/2024", DOC, ("period", D("2024-06-01"), D("2024-06-30")), id="month-mm-slash-yyyy-without-thang"),
    P("Hoàn thành 10/2024", DOC, ("period", D("2024-10-01"), D("2024-10-31")), id="month-bare-after-a-verb"),
    P("Trong tháng 10/2024", DOC, ("period", D("2024-10-01"), D("2024-10-31")), id="month-trong-is-a-period"),
    # Decided (section 1): "trước" a month is before it starts, as "Trước tháng 10/2024" above.
    P("Trước tháng 6/2024", DOC, ("by_date", None, D("2024-05-31")), id="month-truoc-is-by-date-before-it-starts"),
    P("Từ tháng 6/2024", DOC, ("period", D("2024-06-01"), None), id="month-tu-is-an-open-start"),
    # "xong từ" dates a completed action: done in that month, not a work that starts then.
    P("Đã hoàn thành xong từ tháng 3/2025", DOC, ("period", D("2025-03-01"), D("2025-03-31")),
      id="month-xong-tu-is-the-month-of-a-completed-action"),
    P("Xong từ 11/2024", DOC, ("period", D("2024-11-01"), D("2024-11-30")), id="month-xong-tu-bare-month"),
    # --- negatives: a số ký hiệu (number/year/kind-issuer) and a day are no month ---
    P("06/2024/TT-BCT", DOC, ("unspecified", None, None), id="negative-so-ky-hieu-head-is-no-month"),
    P("06/2024 / TT-BCT", DOC, ("unspecified", None, None), id="negative-so-ky-hieu-with-spaced-slash-is-no-month"),
    P("Triển khai Kế hoạch số 06/2024", DOC, ("unspecified", None, None), id="negative-so-then-number-is-a-document"),
    P("15/6/2024", DOC, ("by_date", None, D("2024-06-15")), id="negative-day-stays-a-day-not-month-6-2024"),
    P("Xong từ ngày 15/6/2024", DOC, ("by_date", None, D("2024-06-15")), id="xong-tu-a-day-is-that-day"),
]


@pytest.mark.parametrize(("raw", "document_date", "expected"), CONDITIONS_AND_MONTHS)
def test_parse_deadline_conditions_and_months(raw, document_date, expected):
    d = parse_deadline(raw, document_date)
    assert (d.kind, d.start, d.end) == expected


@pytest.mark.parametrize(("raw", "document_date", "expected"), FAMILY)
def test_parse_deadline_family(raw, document_date, expected):
    d = parse_deadline(raw, document_date)
    assert (d.kind, d.start, d.end) == expected


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
    # The same across the 2022 Giỗ Tổ: Fri 8/4/2022 → Mon 11/4 (nghỉ bù) off; Tue 12 = 1 … Fri 15 = 4,
    # Mon 18/4 = 5.
    P("05 ngày làm việc kể từ ngày ký", D("2022-04-08"),
      (5, "working_day", "ngày ký", D("2022-04-18")),
      id="relative-working-days-2022-skip-gio-to-nghi-bu"),
    # holidays.tsv has no 2027 schedule (Tết moves by weeks): working days cannot be counted.
    P("05 ngày làm việc kể từ ngày ký", D("2027-03-01"),
      (5, "working_day", "ngày ký", None),
      id="relative-working-days-outside-the-holiday-table-no-end"),
    # OCR read "kể" as "kế": the cue is read folded, the anchor is kept as printed.
    P("05 ngày làm việc kế từ ngày ký", D("2024-04-26"),
      (5, "working_day", "ngày ký", D("2024-05-08")),
      id="relative-ocr-ke-tu-with-wrong-tone"),
    # SPEC: "others: null unless the text fixes a day": a printed anchor date fixes it.
    P("Trong 10 ngày kể từ ngày 01/7/2024", DOC,
      (10, "day", "ngày 01/7/2024", D("2024-07-11")),
      id="relative-from-a-printed-date-has-an-end"),
    # Years are counted as months (Bộ luật Dân sự 2015, Điều 148 treats both alike).
    P("Trong 02 năm kể từ ngày ký", DOC,
      (24, "month", "ngày ký", D("2026-03-08")),
      id="relative-years-become-months"),
    # Decided: a span with no anchor printed is relative with the anchor unknown, not unspecified.
    P("Trong 30 ngày", DOC,
      (30, "day", None, None),
      id="relative-without-anchor"),
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
    P("Quyết định này có hiệu lực kể từ ngày 01/7/2024.", DOC, [], id="negative-mention-effect-date-is-no-deadline"),
    P("Văn bản này không quy định thời hạn.", DOC, [], id="negative-mention-no-deadline"),
    P("Triển khai trong tháng 01 - 02/2026 tại các huyện; hoàn thành trước năm 2026.", DOC,
      [("trong tháng 01 - 02/2026", "period", D("2026-02-28")), ("trước năm 2026", "by_date", D("2026-12-31"))],
      id="mention-month-range-and-truoc-nam"),
    P("Báo cáo kết quả trước ngày 15/12 hằng năm.", DOC,
      [("trước ngày 15/12 hằng năm", "recurring", None)], id="mention-yearly-day-is-one-recurring-phrase"),
    P("Tổ chức từ ngày 01/3 đến ngày 15/3/2024 tại Hội trường.", DOC,
      [("từ ngày 01/3 đến ngày 15/3/2024", "period", D("2024-03-15"))], id="mention-day-range"),
    # The offsets index the text as given: a line break inside the phrase stays in raw.
    P("Hoàn thành trước\nngày 30/6/2024, báo cáo Sở Nội vụ.", DOC,
      [("trước\nngày 30/6/2024", "by_date", D("2024-06-30"))], id="mention-line-break-inside-phrase-offsets-exact"),
    P("Trong Quý II/202 cần hoàn thành.", DOC,
      [("Trong Quý II/202", "period", None)], id="mention-broken-year-kept-with-null-end"),
    P("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;", DOC, [],
      id="negative-mention-citation-date-in-words-is-no-month"),
    P("Quy hoạch tỉnh thời kỳ 2021 - 2030, tầm nhìn đến năm 2050", DOC, [],
      id="negative-mention-title-phase-and-vision-are-no-deadlines"),
    P("Trước khi trình, trước đây, năm trước, kính gửi quý vị đại biểu.", DOC, [],
      id="negative-mention-truoc-and-quy-as-plain-words"),
    # SPEC: "nếu có khó khăn, vướng mắc" → on_event; the phrase runs to the last difficulty named.
    P("Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các đơn vị phản ánh về Sở Tư pháp.", DOC,
      [("nếu có khó khăn, vướng mắc", "on_event", None)], id="mention-condition-of-difficulties"),
    P("Khi có vướng mắc phát sinh, Sở Y tế báo cáo Ủy ban nhân dân tỉnh.", DOC,
      [("Khi có vướng mắc", "on_event", None)], id="mention-khi-co-vuong-mac"),
    P("Trường hợp có khó khăn và vướng mắc, đề nghị phản ánh về Bộ Tài chính.", DOC,
      [("Trường hợp có khó khăn và vướng mắc", "on_event", None)], id="mention-truong-hop-difficulties-joined-by-va"),
    P("Sở Nội vụ tổng hợp khó khăn, vướng mắc của các địa phương.", DOC, [],
      id="negative-mention-difficulties-without-condition"),
    P("Các đơn vị đã hoàn thành xong từ tháng 3/2025.", DOC,
      [("xong từ tháng 3/2025", "period", D("2025-03-31"))], id="mention-xong-tu-month-is-the-month"),
    P("Sở Công Thương triển khai từ tháng 6/2024.", DOC,
      [("từ tháng 6/2024", "period", None)], id="mention-tu-month-has-no-end"),
    P("Thực hiện theo Thông tư số 06/2024/TT-BCT ngày 15/6/2024 của Bộ Công Thương.", DOC, [],
      id="negative-mention-so-ky-hieu-and-its-date"),
]


@pytest.mark.parametrize(("text", "document_date", "expected"), MENTIONS)
def test_find_deadline_mentions(text, document_date, expected):
    found = find_deadline_mentions(text, document_date)
    for start, end, d in found:
        assert text[start:end] == d.raw
    assert [(d.raw, d.kind, d.end) for _, _, d in found] == expected



# ---------------------------------------------------------------------------------------------
# 4. Invariants over phrases built from the words deadlines are made of.
# ---------------------------------------------------------------------------------------------


_WORDS = ["Tháng", "tháng", "Quý", "quý", "năm", "Năm", "ngày", "trước", "Trước", "đến", "hết", "từ", "Từ",
          "và", ",", "-", "–", "/", ".", " ", "\n", "hằng", "Hãng", "giai đoạn", "cuối", "đầu", "chậm nhất",
          "kể từ", "làm việc", "I", "II", "III", "IV", "II1", "01", "02", "6", "12", "13", "15", "20", "202",
          "2024", "2025", "2030", "1999", "(", ")", ";", "các năm tiếp theo", "trở đi", "học", "theo"]
_PHRASES = st.lists(st.sampled_from(_WORDS), max_size=14).map(lambda ws: " ".join(ws) if len(ws) % 2 else "".join(ws))


@settings(max_examples=400, deadline=None)
@given(_PHRASES, st.sampled_from([DOC, None, D("2023-12-31")]))
def test_parse_deadline_interval_is_well_formed(raw, document_date):
    d = parse_deadline(raw, document_date)
    assert d == parse_deadline(raw, document_date)  # pure: same input, same answer
    assert d.kind in {"by_date", "period", "relative", "recurring", "on_event", "per_reference", "unspecified"}
    assert d.raw == " ".join(unicodedata.normalize("NFC", raw).split())
    if d.start is not None and d.end is not None:
        assert d.start <= d.end
    if d.kind in ("by_date", "relative"):
        assert d.start is None


@settings(max_examples=300, deadline=None)
@given(_PHRASES, _PHRASES)
def test_mentions_index_the_given_text_in_order(prefix, phrase):
    text = f"{prefix} Sở Nội vụ báo cáo {phrase} để tổng hợp."
    found = find_deadline_mentions(text, DOC)
    last = 0
    for start, end, d in found:
        assert text[start:end] == d.raw
        assert last <= start < end
        last = end
