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
HANOI = CitingDocument(number="2858/QĐ-UBND", date=D("2025-06-10"), province="Hà Nội")
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
    P("theo Tờ trình số 2389 /TTr-QHKT-NSH-HTKT ngày 29/5/2025", HANOI,
      [("Tờ trình", "2389/TTr-QHKT-NSH-HTKT", "2389/TTr-QHKT-NSH-HTKT@2025", "2025-05-29", False)],
      id="number-stamped-into-the-gap-before-its-slash"),
    P("và Báo cáo thẩm định số 2390/BC-QHKT-NSH-HTKT ngày 29/5/2025", HANOI,
      [("Báo cáo", "2390/BC-QHKT-NSH-HTKT", "2390/BC-QHKT-NSH-HTKT@2025", "2025-05-29", False)],
      id="kind-qualified-by-a-word-before-so"),
    P("Quyết định này thay thế Quyết định số 12/QĐ-UBND ngày 02/01/2024", CITING,
      [("Quyết định", "12/QĐ-UBND", "12/QĐ-UBND@2024", "2024-01-02", False)],
      id="words-after-a-kind-without-so-are-no-qualifier"),
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


# ---------------------------------------------------------------------------------------------
# The citation grammar beyond the modern "KIND số N/YYYY/XX-YY": old-style numbers, letters in
# numbers, joint symbols with "/", lists after a colon, the issuer or a law's name before "số",
# typographic damage. expected = [(kind, number, key)]; positives and negatives side by side.
# ---------------------------------------------------------------------------------------------

NOWHERE = CitingDocument()
FORMS = [
    # --- numbers without a year (before 2001 and for letters): the key takes the date's year ---
    P("Nghị định số 25-HĐBT ngày 12/02/1990 của Hội đồng Bộ trưởng", NOWHERE,
      [("Nghị định", "25-HĐBT", "25-HĐBT@1990")], id="old-style-number-dash-code"),
    P("Nghị định số 95/CP ngày 04/12/1993 của Chính phủ", NOWHERE,
      [("Nghị định", "95/CP", "95/CP@1993")], id="number-slash-single-code-no-year"),
    P("theo Nghị định 06-HĐBT", NOWHERE, [("Nghị định", "06-HĐBT", "06-HĐBT")], id="old-style-without-so-or-date"),
    P("ngày 23-7-2012 của Chính phủ", NOWHERE, [], id="negative-dashed-date-is-no-old-style-number"),
    P("Quyết định số 12-2020 về việc", NOWHERE, [], id="negative-number-without-code"),
    # --- a letter in the number: a document inserted after another of the same number ---
    P("Nghị quyết số 30a/2008/NQ-CP ngày 27/12/2008 của Chính phủ", NOWHERE,
      [("Nghị quyết", "30a/2008/NQ-CP", "30a/2008/NQ-CP")], id="letter-after-the-number"),
    P("Quốc lộ 1A và Quốc lộ 63", NOWHERE, [], id="negative-road-number-with-letter"),
    # --- joint documents and old symbols joined with "/" ---
    P("Thông tư liên tịch số 69/2000/TTLT/BNN-TCTK ngày 23/6/2000", NOWHERE,
      [("Thông tư liên tịch", "69/2000/TTLT/BNN-TCTK", "69/2000/TTLT/BNN-TCTK")], id="joint-circular-slash-before-issuers"),
    P("Quyết định 890/2003/QĐ/CTN của Chủ tịch nước", NOWHERE,
      [("Quyết định", "890/2003/QĐ/CTN", "890/2003/QĐ/CTN")], id="decision-slash-issuer"),
    P("Thông tư liên bộ số 12/TT-LB ngày 26/7/1995 của Liên bộ Y tế - Tài chính", NOWHERE,
      [("Thông tư liên bộ", "12/TT-LB", "12/TT-LB@1995")], id="pre-1996-inter-ministerial-circular"),
    P("Thông tư số 503-TT/LB ngày 25/5/1995", NOWHERE,
      [("Thông tư", "503-TT/LB", "503-TT/LB@1995")], id="old-style-circular-slash-issuer"),
    # --- lists sharing one kind ---
    P("Căn cứ các Nghị định: số 52/1999/NĐ-CP ngày 08/7/1999, số 12/2000/NĐ-CP ngày 05/5/2000 của Chính phủ", NOWHERE,
      [("Nghị định", "52/1999/NĐ-CP", "52/1999/NĐ-CP"), ("Nghị định", "12/2000/NĐ-CP", "12/2000/NĐ-CP")],
      id="list-after-colon-each-with-so"),
    P("Nghị định số 12/2000/NĐ-CP ngày 05/5/2000 và số 07/2003/NĐ-CP ngày 30/01/2003", NOWHERE,
      [("Nghị định", "12/2000/NĐ-CP", "12/2000/NĐ-CP"), ("Nghị định", "07/2003/NĐ-CP", "07/2003/NĐ-CP")],
      id="list-va-so"),
    P("các Quyết định số: 151/2005/QĐ-TTg và 152/2005/QĐ-TTg ngày 20/6/2005", NOWHERE,
      [("Quyết định", "151/2005/QĐ-TTg", "151/2005/QĐ-TTg"), ("Quyết định", "152/2005/QĐ-TTg", "152/2005/QĐ-TTg")],
      id="list-so-colon"),
    P("Quyết định số 90/TTg, số 91/TTg ngày 07/3/1994 của Thủ tướng Chính phủ", NOWHERE,
      [("Quyết định", "90/TTg", "90/TTg"), ("Quyết định", "91/TTg", "91/TTg@1994")], id="list-of-old-numbers"),
    P("Nghị định số 107/2020/NĐ-CP; 108/2020/NĐ-CP", NOWHERE,
      [("Nghị định", "107/2020/NĐ-CP", "107/2020/NĐ-CP"), ("Nghị định", "108/2020/NĐ-CP", "108/2020/NĐ-CP")],
      id="list-semicolon"),
    P("Nghị định số 12/2020/NĐ-CP, 45/2021/QĐ-UBND", NOWHERE,
      [("Nghị định", "12/2020/NĐ-CP", "12/2020/NĐ-CP"), ("Quyết định", "45/2021/QĐ-UBND", "45/2021/QĐ-UBND")],
      id="list-item-whose-type-code-names-another-kind"),
    P("theo Quyết định số 12/QĐ-UBND; 2/ UBND tỉnh chỉ đạo", NOWHERE,
      [("Quyết định", "12/QĐ-UBND", "12/QĐ-UBND")], id="negative-list-marker-2-slash-is-no-number"),
    P("Nghị định số 107/2020/NĐ-CP, Điều 5 quy định", NOWHERE,
      [("Nghị định", "107/2020/NĐ-CP", "107/2020/NĐ-CP")], id="negative-article-after-comma-is-no-item"),
    # --- the issuer (or the joint issuers) before "số" ---
    P("Nghị định của Chính phủ số 132/2008/NĐ-CP ngày 31/12/2008", NOWHERE,
      [("Nghị định", "132/2008/NĐ-CP", "132/2008/NĐ-CP")], id="issuer-before-so"),
    P("Quyết định của Thủ tướng Chính phủ số 1291/QĐ-TTg ngày 07/10/2019", NOWHERE,
      [("Quyết định", "1291/QĐ-TTg", "1291/QĐ-TTg@2019")], id="pm-before-so"),
    P("Thông tư liên tịch Bộ Y tế - Bộ Nông nghiệp và Phát triển nông thôn - Bộ Công Thương số "
      "13/2014/TTLT-BYT-BNNPTNT-BCT", NOWHERE,
      [("Thông tư liên tịch", "13/2014/TTLT-BYT-BNNPTNT-BCT", "13/2014/TTLT-BYT-BNNPTNT-BCT")],
      id="joint-issuers-before-so"),
    P("Thông tư Bộ Tài chính số 12/2020/NĐ-CP", NOWHERE, [], id="negative-issuer-before-so-with-another-kinds-number"),
    P("Nghị định của Chính phủ quy định chi tiết số lượng cấp phó", NOWHERE, [], id="negative-issuer-then-so-luong"),
    # --- laws and ordinances by name, in any case, with their number ---
    P("Căn cứ Luật thuế xuất khẩu, thuế nhập khẩu số 45/2005/QH11 ngày 14/6/2005;", NOWHERE,
      [("Luật", "45/2005/QH11", "45/2005/QH11")], id="law-lower-case-name-with-comma-and-number"),
    P("Luật các tổ chức tín dụng số 47/2010/QH12", NOWHERE,
      [("Luật", "47/2010/QH12", "47/2010/QH12")], id="law-name-with-cac"),
    P("Luật số 32/2013/QH13 sửa đổi, bổ sung một số điều của Luật Thuế thu nhập doanh nghiệp", NOWHERE,
      [("Luật", "32/2013/QH13", "32/2013/QH13")], id="law-number-then-what-it-amends"),
    P("Căn cứ Pháp lệnh phí và lệ phí số 38/2001/PL-UBTVQH10 ngày 28/8/2001;", NOWHERE,
      [("Pháp lệnh", "38/2001/PL-UBTVQH10", "38/2001/PL-UBTVQH10")], id="ordinance-by-name-and-number"),
    P("Pháp Lệnh ưu đãi người có công với cách mạng số 26/2005/PL-UBTVQH11", NOWHERE,
      [("Pháp lệnh", "26/2005/PL-UBTVQH11", "26/2005/PL-UBTVQH11")], id="ordinance-capital-l"),
    P("Pháp lệnh số 06/PL-UBTVQH13 ngày 18/3/2013", NOWHERE,
      [("Pháp lệnh", "06/PL-UBTVQH13", "06/PL-UBTVQH13@2013")], id="ordinance-number-without-year"),
    P("Luật Đất đai, Luật Nhà ở số 65/2014/QH13", NOWHERE,
      [("Luật", "65/2014/QH13", "65/2014/QH13")], id="two-laws-the-number-is-the-second-ones"),
    P("Luật sửa đổi, bổ sung một số điều của Luật Quản lý thuế số 21/2012/QH13 ngày 20/11/2012", NOWHERE,
      [("Luật", "21/2012/QH13", "21/2012/QH13")], id="amending-law-with-number-one-reference"),
    P("Luật Lâm nghiệp (số 16/2017/QH14 ngày 15/11/2017)", NOWHERE,
      [("Luật", "16/2017/QH14", "16/2017/QH14")], id="law-number-in-brackets-after-its-name"),
    P("Luật thuế giá trị gia tăng số 12/2020/NĐ-CP", NOWHERE, [], id="negative-law-name-before-a-decree-number"),
    P("văn bản quy phạm pháp luật số 80/2015/QH13", NOWHERE, [], id="negative-phap-luat-is-the-law-in-general"),
    P("Luật này có hiệu lực thi hành từ ngày 01/7/2016", NOWHERE, [], id="negative-this-law"),
    P("theo Luật Đất đai quy định tại Điều 5 và thực hiện trước ngày 15/12/2023", NOWHERE, [],
      id="negative-law-name-does-not-run-into-the-sentence"),
    # --- case, typos, typography ---
    P("Nghị định sô 37/2010/NĐ-CP", NOWHERE, [("Nghị định", "37/2010/NĐ-CP", "37/2010/NĐ-CP")], id="so-typo-without-tone"),
    P("theo QĐsố 48/2021/QĐ-UBND ngày 20/12/2021", NOWHERE, [("Quyết định", "48/2021/QĐ-UBND", "48/2021/QĐ-UBND")],
      id="so-glued-to-the-kind-by-ocr"),
    P("NGHỊ ĐỊNH SỐ 30/2020/NĐ-CP", NOWHERE, [("Nghị định", "30/2020/NĐ-CP", "30/2020/NĐ-CP")], id="all-capitals"),
    P("ban hành kèm theo quyết định số 60/2006/QĐ-NHNN", NOWHERE,
      [("Quyết định", "60/2006/QĐ-NHNN", "60/2006/QĐ-NHNN")], id="lower-case-kind"),
    P("Nghị định số 59/2012/NĐ–CP", NOWHERE, [("Nghị định", "59/2012/NĐ-CP", "59/2012/NĐ-CP")], id="en-dash-in-number"),
    P("Nghị định số: 59/2012/NĐ-CP", NOWHERE, [("Nghị định", "59/2012/NĐ-CP", "59/2012/NĐ-CP")], id="so-colon"),
    P("Thông tư số …/2016/TT-BCT ngày … tháng … năm 2016", NOWHERE, [], id="negative-placeholder-number-not-filled-in"),
    # --- party documents and other kinds ---
    P("Nghị quyết số 09-NQ/TU ngày 10/3/2021 của Tỉnh ủy", NOWHERE,
      [("Nghị quyết", "09-NQ/TU", "09-NQ/TU@2021")], id="provincial-party-resolution"),
    P("Quy định số 08-QĐi/TW ngày 25/10/2018 của Ban Chấp hành Trung ương", NOWHERE,
      [("Quy định", "08-QĐi/TW", "08-QĐi/TW@2018")], id="party-rule-lower-case-letter-in-code"),
    P("Hướng dẫn số 12-HD/BTGTW", NOWHERE, [("Hướng dẫn", "12-HD/BTGTW", "12-HD/BTGTW")], id="party-guidance"),
    P("Lệnh số 05/2013/L-CTN ngày 20/4/2013", NOWHERE, [("Lệnh", "05/2013/L-CTN", "05/2013/L-CTN")], id="promulgation-order"),
    P("Sắc lệnh số 76/SL ngày 20/5/1950", NOWHERE, [("Sắc lệnh", "76/SL", "76/SL@1950")], id="decree-law-1950"),
    P("Công điện số 01/CĐ-TTg ngày 05/01/2023", NOWHERE, [("Công điện", "01/CĐ-TTg", "01/CĐ-TTg@2023")], id="dispatch"),
    P("Văn bản hợp nhất số 01/VBHN-BTC ngày 10/01/2020", NOWHERE,
      [("Văn bản hợp nhất", "01/VBHN-BTC", "01/VBHN-BTC@2020")], id="consolidated-text"),
    P("Số: 15/2023/NĐ-CP", NOWHERE, [], id="negative-header-line-of-a-decree"),
    P("Phụ lục số 01/PL-UBND kèm theo", NOWHERE, [], id="negative-appendix-number"),
    P("Biểu mẫu số 02/BM-SNV", NOWHERE, [], id="negative-form-symbol"),
    P("tại Nghị định này và Kế hoạch 5 năm 2021-2025", NOWHERE, [], id="negative-this-decree-and-a-five-year-plan"),
    # --- where a citation ends ---
    P("Thông tư số 12/2021/TT-BNV của Bộ Nội vụ Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020", NOWHERE,
      [("Thông tư", "12/2021/TT-BNV", "12/2021/TT-BNV"), ("Nghị định", "30/2020/NĐ-CP", "30/2020/NĐ-CP")],
      id="issuer-stops-at-the-next-can-cu"),
    P("Quyết định số 12/QĐ-UBND ngày 05/01/2023\n\n, 13/QĐ-UBND", NOWHERE,
      [("Quyết định", "12/QĐ-UBND", "12/QĐ-UBND@2023")], id="negative-list-does-not-run-over-a-blank-line"),
]


@pytest.mark.parametrize(("text", "citing", "expected"), FORMS)
def test_citation_forms(text, citing, expected):
    refs = find_legal_references(text, citing)
    _check_invariant(text, refs)
    assert [(r.kind, r.number, r.key) for r in refs] == expected


# One reference's details: expected = {field: value}.
DETAILS = [
    P("Nghị định số 45/2020/NĐ-CP ngày 08/4/2020 của Chính phủ và Quyết định số 411/QĐ-TTg", NOWHERE,
      {"issuer": "Chính phủ", "raw": "Nghị định số 45/2020/NĐ-CP ngày 08/4/2020 của Chính phủ"},
      id="issuer-does-not-end-with-va"),
    P("Thông tư số 05/2019/TT-BKHĐT của Bộ Kế hoạch và Đầu tư về", NOWHERE,
      {"issuer": "Bộ Kế hoạch và Đầu tư"}, id="issuer-keeps-va-inside-its-name"),
    P("Pháp lệnh ngoại hối số 28/2005/PL-UBTVQH11 của Ủy ban Thường vụ Quốc hội ngày 13 tháng 12 năm 2005", NOWHERE,
      {"date": D("2005-12-13"), "issuer": "Ủy ban Thường vụ Quốc hội"}, id="date-after-the-issuer"),
    P("Nghị định của Chính phủ số 132/2008/NĐ-CP ngày 31/12/2008", NOWHERE,
      {"issuer": "Chính phủ", "date": D("2008-12-31")}, id="issuer-before-so-is-the-issuer"),
    P("Căn cứ Luật thuế xuất khẩu, thuế nhập khẩu số 45/2005/QH11 ngày 14/6/2005;", NOWHERE,
      {"title": "Luật thuế xuất khẩu, thuế nhập khẩu", "date": D("2005-06-14")}, id="law-title-lower-case-name"),
    P("Luật Đất đai, Luật Nhà ở số 65/2014/QH13", NOWHERE,
      {"title": "Luật Nhà ở", "raw": "Luật Nhà ở số 65/2014/QH13"}, id="second-law-title-and-raw"),
    P("Quyết định số 12/QĐ-UBND ngày 05/01/2023 của UBND tỉnh\n\nSở Nội vụ chủ trì", NOWHERE,
      {"issuer": "UBND tỉnh"}, id="issuer-does-not-run-over-a-blank-line"),
]


@pytest.mark.parametrize(("text", "citing", "expected"), DETAILS)
def test_reference_details(text, citing, expected):
    refs = find_legal_references(text, citing)
    _check_invariant(text, refs)
    assert {k: getattr(refs[0], k) for k in expected} == expected


# global_key (SPEC): the key qualified by the issuing province for a local body's document.
HAUGIANG = CitingDocument(number="45/KH-UBND", date=D("2024-03-08"), province="Hậu Giang")
GLOBAL_KEYS = [
    P("Công văn số 1420/UBND-CCHC ngày 06/3/2023", CAMAU, "Cà Mau:1420/UBND-CCHC@2023",
      id="local-code-takes-the-citing-province"),
    P("Kế hoạch số 45/KH-UBND ngày 20/02/2023 của Ủy ban nhân dân tỉnh Hậu Giang", CAMAU, "Hậu Giang:45/KH-UBND@2023",
      id="printed-issuer-province-wins"),
    P("Nghị quyết số 06/2021/NQ-HĐND ngày 07/12/2021 của HĐND tỉnh", CAMAU, "Cà Mau:06/2021/NQ-HĐND",
      id="printed-local-issuer-without-name"),
    P("Quyết định số 12/QĐ-UBND ngày 05/01/2023 của UBND thành phố Cần Thơ", HAUGIANG, "Cần Thơ:12/QĐ-UBND@2023",
      id="city-governed-by-the-centre-is-a-province"),
    P("Quyết định số 12/QĐ-UBND ngày 05/01/2023 của UBND thành phố Vị Thanh", HAUGIANG, "Hậu Giang:12/QĐ-UBND@2023",
      id="town-of-the-province-takes-the-citing-province"),
    P("Quyết định số 25/QĐ-SNV ngày 03/3/2023", CAMAU, "Cà Mau:25/QĐ-SNV@2023", id="department-code-is-local"),
    P("Chương trình số 15-CTr/TU ngày 10/3/2021 của Tỉnh ủy", CAMAU, "Cà Mau:15-CTr/TU@2021",
      id="provincial-party-committee-is-local"),
    P("Nghị định số 59/2012/NĐ-CP ngày 23/7/2012 của Chính phủ", CAMAU, "59/2012/NĐ-CP", id="central-government-plain-key"),
    P("Quyết định số 876/QĐ-BNV ngày 01/11/2022 của Bộ trưởng Bộ Nội vụ", CAMAU, "876/QĐ-BNV@2022",
      id="ministry-plain-key"),
    P("Thông tư số 03/2007/TT-BLĐTBXH của Bộ Lao động - Thương binh và xã hội", CAMAU, "03/2007/TT-BLĐTBXH",
      id="xa-hoi-in-a-ministry-name-is-not-a-commune"),
    P("Quyết định số 829/QĐ-UBND ngày 10/11/2022", NOWHERE, "829/QĐ-UBND@2022", id="local-code-province-unknown-plain-key"),
    P("Văn bản số 12/BCĐ ngày 01/02/2023", CAMAU, "12/BCĐ@2023", id="steering-committee-level-unknown-plain-key"),
]


@pytest.mark.parametrize(("text", "citing", "expected"), GLOBAL_KEYS)
def test_global_key(text, citing, expected):
    refs = find_legal_references(text, citing)
    assert refs[0].global_key == expected


def test_same_references_whole_or_by_blocks():
    blocks = ["Căn cứ Nghị định số 107/2020/NĐ-CP, 108/2020/NĐ-CP ngày 14/9/2020 của Chính phủ;",
              "Công văn số 1420/UBND-CCHC ngày 06/3/2023 của UBND tỉnh\nvà Luật Đất đai ngày 29 tháng 11 năm 2013;",
              "Chỉ thị số 05-CT/TW ngày 15/5/2016, Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị"]
    whole = find_legal_references("\n\n".join(blocks), CAMAU)
    apart, offset = [], 0
    for block in blocks:
        apart.extend((r.start + offset, r.end + offset, r.key) for r in find_legal_references(block, CAMAU))
        offset += len(block) + 2
    assert [(r.start, r.end, r.key) for r in whole] == apart and len(apart) == 6


def test_undated_repeat_mention_takes_the_dated_key_of_its_document():
    """ "Nghị quyết số 26-NQ/TW" after "Nghị quyết số 26-NQ/TW ngày 03/11/2022" in one document is one
    document, keyed 26-NQ/TW@2022; a number cited with two dates keeps its bare key where undated."""
    from extract.nlp.analyse import _with_dated_keys

    text = ("Thực hiện Nghị quyết số 26-NQ/TW ngày 03/11/2022 của Bộ Chính trị; triển khai Nghị quyết số 26-NQ/TW. "
            "Công văn số 15/UBND-VP ngày 02/01/2023 và Công văn số 15/UBND-VP ngày 03/01/2024; Công văn số 15/UBND-VP.")
    refs = [(0, r) for r in find_legal_references(text, CITING)]
    keys = [r.key for _, r in _with_dated_keys(refs)]
    assert keys == ["26-NQ/TW@2022", "26-NQ/TW@2022", "15/UBND-VP@2023", "15/UBND-VP@2024", "15/UBND-VP"]
