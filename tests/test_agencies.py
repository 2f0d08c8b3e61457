"""Table-driven tests of agency cells and canonical agency names.

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
from extract.nlp.segmenter import first_verb

D = dt.date.fromisoformat
P = pytest.param

# A document date used where the phrase has no year: a Kế hoạch signed Friday 8 March 2024.
DOC = D("2024-03-08")


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


