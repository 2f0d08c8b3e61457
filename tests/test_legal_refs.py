"""Table-driven tests of legal references: kinds, numbers, keys, dates, warnings.

The cases are written from Vietnamese drafting practice (Nghị định 30/2020/NĐ-CP on the form of
documents; how provincial Kế hoạch appendices phrase "Thời gian hoàn thành", "Cơ quan chủ trì",
"Cơ quan phối hợp"; citations in "Căn cứ" clauses), not only from the dev gazettes. Where an
expectation is debatable the comment says how SPEC.md (/work/shared/SPEC.md) decides it.
"""
from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from extract.nlp.legal_refs import CitingDocument, find_legal_references

D = dt.date.fromisoformat
P = pytest.param

# A document date used where the phrase has no year: a Kế hoạch signed Friday 8 March 2024.
DOC = D("2024-03-08")


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
