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

from extract.nlp.agencies import canonical_agency, join_wrapped_lines, official_name_spans, split_agency_cell
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
    # The owner's spelling of a trade name is its canonical one ("MobiFone"), as with official names.
    P("Bưu điện tỉnh, Viettel Cà Mau, VNPT Cà Mau, Mobifone Cà Mau",
      [("Bưu điện tỉnh", False), ("Viettel Cà Mau", False), ("VNPT Cà Mau", False), ("MobiFone Cà Mau", False)],
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


# ---------------------------------------------------------------------------------------------
# Cells as narrow columns and OCR print them: a "\n" is a paragraph break or only a line wrap.
# A break separates two agencies only when both sides stand as agencies; a line ending in "và",
# ",", "-" or a head word, or a line starting in lower case or with "và", goes on.
# ---------------------------------------------------------------------------------------------

WRAPS_AND_LISTS = [
    # --- wraps joined (vnlaw-299-ttg and the forms narrow columns give) ---
    P("Bộ Thông tin và\nTruyền thông", [("Bộ Thông tin và Truyền thông", False)], id="wrap-after-va"),
    P("Bộ Văn hóa, Thể thao\nvà Du lịch", [("Bộ Văn hóa, Thể thao và Du lịch", False)], id="wrap-before-va"),
    P("Các bộ, ngành,\nđịa phương", [("các bộ, ngành, địa phương", True)], id="wrap-after-comma-collective"),
    P("Các bộ,\nngành có liên quan", [("các bộ, ngành có liên quan", True)], id="wrap-inside-collective-lower-case"),
    P("Ngân hàng\nNhà nước Việt Nam", [("Ngân hàng Nhà nước Việt Nam", False)], id="wrap-after-head-word-known-body"),
    P("Văn phòng Chính phủ, Ngân\nhàng Nhà nước Việt Nam",
      [("Văn phòng Chính phủ", False), ("Ngân hàng Nhà nước Việt Nam", False)], id="wrap-inside-a-word"),
    P("Sở Lao động -\nThương binh và Xã hội", [("Sở Lao động - Thương binh và Xã hội", False)], id="wrap-after-dash"),
    P("Sở Lao động\n- Thương binh và Xã hội", [("Sở Lao động - Thương binh và Xã hội", False)],
      id="wrap-before-dash-is-no-bullet"),
    P("Bộ Nông nghiệp và Phát triển\nnông thôn", [("Bộ Nông nghiệp và Phát triển nông thôn", False)],
      id="wrap-before-lower-case"),
    P("Văn phòng\nUBND tỉnh", [(f"Văn phòng {UBND} tỉnh", False)], id="wrap-after-bare-head"),
    P("Ủy ban nhân dân tỉnh\nCà Mau", [(f"{UBND} tỉnh Cà Mau", False)], id="wrap-before-place"),
    P("UBND thành phố\nVị Thanh", [(f"{UBND} thành phố Vị Thanh", False)], id="wrap-before-district-place"),
    P("Bộ Chỉ huy\nBộ đội Biên phòng tỉnh", [("Bộ Chỉ huy Bộ đội Biên phòng tỉnh", False)],
      id="wrap-inside-known-name-with-heads-on-both-sides"),
    P("Sở Y tế, Sở\nNội vụ", [("Sở Y tế", False), ("Sở Nội vụ", False)], id="wrap-after-trailing-head"),
    P("UBND các huyện, thị xã,\nthành phố", [(f"{UBND} các huyện, thị xã, thành phố", True)],
      id="wrap-inside-ubnd-collective"),
    P("Trung tâm Phục vụ hành chính\ncông tỉnh", [("Trung tâm Phục vụ hành chính công tỉnh", False)],
      id="wrap-inside-service-centre"),
    P("Ủy ban Mặt trận Tổ quốc Việt Nam\ntỉnh và các tổ chức chính trị - xã hội",
      [("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", False), ("các tổ chức chính trị - xã hội", True)],
      id="wrap-then-split-at-va"),
    P("Công ty Điện lực\nHậu Giang", [("Công ty Điện lực Hậu Giang", False)], id="wrap-before-place-of-company"),
    P("Văn phòng Đoàn ĐBQH và\nHĐND tỉnh", [("Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh", False)],
      id="wrap-inside-name-with-va-and-abbreviations"),
    P("UBND\ncác huyện, thị xã, thành phố", [(f"{UBND} các huyện, thị xã, thành phố", True)],
      id="wrap-after-committee-head"),
    P("Ban Quản lý\ncác khu công nghiệp tỉnh", [("Ban Quản lý các khu công nghiệp tỉnh", False)],
      id="wrap-before-lower-case-cac-inside-name"),
    # --- breaks that separate: both sides stand as agencies ---
    P("Sở Nội vụ\ncác sở, ban, ngành tỉnh", [("Sở Nội vụ", False), ("các sở, ban, ngành tỉnh", True)],
      id="break-before-lower-case-collective"),
    P("Bộ Tài chính\nBộ Tư pháp", [("Bộ Tài chính", False), ("Bộ Tư pháp", False)], id="break-between-ministries"),
    P("Sở Y tế\nBảo hiểm xã hội tỉnh", [("Sở Y tế", False), ("Bảo hiểm xã hội tỉnh", False)],
      id="break-between-department-and-branch"),
    P("Sở Y tế\nBảo hiểm xã hội", [("Sở Y tế", False), ("Bảo hiểm xã hội", False)],
      id="break-before-head-that-is-a-name"),
    P("Sở TT&TT\nViettel", [("Sở Thông tin và Truyền thông", False), ("Viettel", False)], id="break-before-brand"),
    P("Văn phòng Chính phủ\nNgân hàng Nhà nước Việt Nam",
      [("Văn phòng Chính phủ", False), ("Ngân hàng Nhà nước Việt Nam", False)], id="break-between-central-bodies"),
    P("Sở Nội vụ;\nSở Tư pháp", [("Sở Nội vụ", False), ("Sở Tư pháp", False)], id="break-after-semicolon"),
    P("Hội đồng nhân dân tỉnh\nỦy ban nhân dân tỉnh", [("Hội đồng nhân dân tỉnh", False), (f"{UBND} tỉnh", False)],
      id="break-between-council-and-committee"),
    P("Các sở, ban, ngành tỉnh\nUBND các huyện, thị xã, thành phố",
      [("các sở, ban, ngành tỉnh", True), (f"{UBND} các huyện, thị xã, thành phố", True)],
      id="break-between-collectives"),
    P("Công an tỉnh\nBộ Chỉ huy Quân sự tỉnh", [("Công an tỉnh", False), ("Bộ Chỉ huy Quân sự tỉnh", False)],
      id="break-between-police-and-army"),
    # --- OCR specks (vnlaw-299-ttg: a seal and rulings read as text) ---
    P("Văn phòng Chính phủ, Bộ ˆ Tư pháp và các bộ, VÀ ngành có liên quan",
      [("Văn phòng Chính phủ", False), ("Bộ Tư pháp", False), ("các bộ, ngành có liên quan", True)],
      id="ocr-symbol-and-capitalised-word-dropped"),
    P("Văn phòng Chính phủ, Ngân XƯA\nhàng ` Nhà nước Việt Nam và ` các bộ, ngành có ¬\" liên quan",
      [("Văn phòng Chính phủ", False), ("Ngân hàng Nhà nước Việt Nam", False), ("các bộ, ngành có liên quan", True)],
      id="ocr-specks-around-a-wrap"),
    P(". Ngân hàng\nNhà nước Việt Nam", [("Ngân hàng Nhà nước Việt Nam", False)], id="ocr-leading-full-stop"),
    P("Bộ Nông. nghiệp và Phát triển\nnông thôn, Bộ Nội vụ",
      [("Bộ Nông nghiệp và Phát triển nông thôn", False), ("Bộ Nội vụ", False)], id="ocr-full-stop-inside-name"),
    P("Ngân hàng ta Nhà nước Việ Nam", [("Ngân hàng Nhà nước Việt Nam", False)], id="ocr-nearest-known-body"),
    P("Văn phòng Chính phủ, Ngân hàng Nhà nước Việt Nam, các bộ, ngành, có liên quan",
      [("Văn phòng Chính phủ", False), ("Ngân hàng Nhà nước Việt Nam", False), ("các bộ, ngành có liên quan", True)],
      id="comma-before-qualifier-is-a-slip"),
    P("Các bộ, ngành có liền quan", [("các bộ, ngành có liên quan", True)], id="ocr-qualifier-spelled-once"),
    P("Văn phòng Chính phủ, Bộ Tư pháp và các bộ, nøành có liên quan",
      [("Văn phòng Chính phủ", False), ("Bộ Tư pháp", False), ("các bộ, ngành có liên quan", True)],
      id="ocr-unit-word-one-letter-off"),
    P("Ngân hàng Nhà nước Nam", [("Ngân hàng Nhà nước Việt Nam", False)], id="ocr-word-lost-inside-known-name"),
    # a short name one word off is another body, kept as printed
    P("Ban Dân vận Tỉnh ủy", [("Ban Dân vận Tỉnh ủy", False)], id="near-name-is-not-rewritten"),
    P("- UBNDcấp huyện, cấp xã", [(f"{UBND} cấp huyện", True), (f"{UBND} cấp xã", True)],
      id="ocr-space-lost-after-abbreviation"),
    P("UBND các. huyện, thành phố", [(f"{UBND} các huyện, thành phố", True)], id="ocr-full-stop-in-collective"),
    P("Các sở, ban, ngành tỉnh; UBND các huyên. thành phố",
      [("các sở, ban, ngành tỉnh", True), (f"{UBND} các huyện, thành phố", True)], id="ocr-stop-for-comma-between-units"),
    P("Các sở, ban, - ngành tỉnh, UBND cấp huyện",
      [("các sở, ban, ngành tỉnh", True), (f"{UBND} cấp huyện", True)], id="ocr-dash-after-list-comma"),
    P("- Sở Xây dựng kiếm tra, đánh giá việc phân cấp", [("Sở Xây dựng", False)], id="ocr-tone-slip-in-role-verb"),
    # acronyms are no specks: capitals without vowel marks, or known abbreviations
    P("Sở GD&ĐT, BHXH tỉnh", [("Sở Giáo dục và Đào tạo", False), ("Bảo hiểm xã hội tỉnh", False)],
      id="acronyms-kept"),
    P("SỞ Y TẾ", [("Sở Y tế", False)], id="capitals-cell-kept-whole"),
    # --- shared heads distributed, from drafting practice ---
    P("Các Sở Tư pháp, Nội vụ, Tài chính", [("Sở Tư pháp", False), ("Sở Nội vụ", False), ("Sở Tài chính", False)],
      id="shared-plural-head-without-colon"),
    P("Sở Tư pháp, Nội vụ", [("Sở Tư pháp", False), ("Sở Nội vụ", False)], id="shared-singular-head-known-names"),
    P("Sở Tài chính, Kế hoạch và Đầu tư", [("Sở Tài chính", False), ("Sở Kế hoạch và Đầu tư", False)],
      id="shared-head-name-with-va"),
    P("Các Bộ: Công an, Quốc phòng, Ngoại giao", [("Bộ Công an", False), ("Bộ Quốc phòng", False), ("Bộ Ngoại giao", False)],
      id="shared-ministries-colon"),
    P("Các sở: Kế hoạch và Đầu tư, Tài chính và các cơ quan có liên quan",
      [("Sở Kế hoạch và Đầu tư", False), ("Sở Tài chính", False), ("các cơ quan có liên quan", True)],
      id="shared-head-then-collective"),
    P("Các sở, ngành: Tài chính, Xây dựng, Công an tỉnh",
      [("Sở Tài chính", False), ("Sở Xây dựng", False), ("Công an tỉnh", False)], id="shared-heads-with-colon"),
    P("Các cơ quan: Công an tỉnh, Bộ Chỉ huy Quân sự tỉnh", [("Công an tỉnh", False), ("Bộ Chỉ huy Quân sự tỉnh", False)],
      id="class-then-members"),
    # negatives: nothing to distribute
    P("Các Ban HĐND tỉnh", [("các ban Hội đồng nhân dân tỉnh", True)], id="plural-head-without-known-name-is-collective"),
    P("UBND các huyện, thị xã", [(f"{UBND} các huyện, thị xã", True)], id="no-distribution-into-unit-words"),
    P("Sở Văn hóa, Thể thao và Du lịch, Sở Du lịch",
      [("Sở Văn hóa, Thể thao và Du lịch", False), ("Sở Du lịch", False)], id="comma-inside-name-then-between"),
    P("Ủy ban Tài chính, Ngân sách", [("Ủy ban Tài chính, Ngân sách", False)], id="na-committee-comma-not-split"),
    P("Ủy ban Văn hóa, Giáo dục; Ủy ban Xã hội", [("Ủy ban Văn hóa, Giáo dục", False), ("Ủy ban Xã hội", False)],
      id="na-committees-before-2025"),
    # --- levels, before and after 2025 (no district level from 1 July 2025) ---
    P("UBND cấp tỉnh, cấp xã", [(f"{UBND} cấp tỉnh", True), (f"{UBND} cấp xã", True)], id="levels-2025"),
    P("UBND cấp xã", [(f"{UBND} cấp xã", True)], id="commune-level-class"),
    P("UBND các xã, phường, đặc khu", [(f"{UBND} các xã, phường, đặc khu", True)], id="communes-2025-collective"),
    P("Các bộ, ngành, địa phương", [("các bộ, ngành, địa phương", True)], id="ministries-and-localities-collective"),
    P("các bộ, ngành có liên quan", [("các bộ, ngành có liên quan", True)], id="lower-case-collective"),
    # --- central bodies, 2025 names and older ones ---
    P("Bộ Nông nghiệp và Môi trường, Bộ Dân tộc và Tôn giáo",
      [("Bộ Nông nghiệp và Môi trường", False), ("Bộ Dân tộc và Tôn giáo", False)], id="ministries-2025"),
    P("Bộ Khoa học và Công nghệ; Bộ Xây dựng", [("Bộ Khoa học và Công nghệ", False), ("Bộ Xây dựng", False)],
      id="ministries-2025-semicolon"),
    P("Thông tấn xã Việt Nam, Đài Truyền hình Việt Nam, Đài Tiếng nói Việt Nam",
      [("Thông tấn xã Việt Nam", False), ("Đài Truyền hình Việt Nam", False), ("Đài Tiếng nói Việt Nam", False)],
      id="press-agencies"),
    P("Tòa án nhân dân tối cao, Viện kiểm sát nhân dân tối cao",
      [("Tòa án nhân dân tối cao", False), ("Viện kiểm sát nhân dân tối cao", False)], id="court-and-procuracy"),
    P("Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam, Tổng Liên đoàn Lao động Việt Nam, Trung ương Đoàn",
      [("Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", False), ("Tổng Liên đoàn Lao động Việt Nam", False),
       ("Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh", False)], id="front-and-mass-organisations"),
    P("Ủy ban Thường vụ Quốc hội, Văn phòng Quốc hội",
      [("Ủy ban Thường vụ Quốc hội", False), ("Văn phòng Quốc hội", False)], id="national-assembly-bodies"),
    P("Kiểm toán Nhà nước", [("Kiểm toán nhà nước", False)], id="state-audit-capitalisation"),
    P("Thanh tra Chính phủ và các bộ, ngành", [("Thanh tra Chính phủ", False), ("các bộ, ngành", True)],
      id="inspectorate-and-collective"),
    P("VPCP, Bộ Tư pháp", [("Văn phòng Chính phủ", False), ("Bộ Tư pháp", False)], id="abbreviated-government-office"),
    # --- provincial bodies with their place ---
    P("UBND tỉnh Bình Thuận, Sở Nội vụ tỉnh Bình Thuận",
      [(f"{UBND} tỉnh Bình Thuận", False), ("Sở Nội vụ tỉnh Bình Thuận", False)], id="bodies-with-province"),
    P("Công an tỉnh Hậu Giang; Bộ Chỉ huy Quân sự tỉnh Hậu Giang",
      [("Công an tỉnh Hậu Giang", False), ("Bộ Chỉ huy Quân sự tỉnh Hậu Giang", False)], id="police-and-army-with-place"),
    P("Kho bạc Nhà nước tỉnh, Cục Thuế tỉnh", [("Kho bạc Nhà nước tỉnh", False), ("Cục Thuế tỉnh", False)],
      id="treasury-and-tax"),
    P("Sở Nông nghiệp và Môi trường, Sở Dân tộc và Tôn giáo",
      [("Sở Nông nghiệp và Môi trường", False), ("Sở Dân tộc và Tôn giáo", False)], id="departments-2025"),
    P("UBND TP. Cần Thơ", [(f"{UBND} thành phố Cần Thơ", False)], id="abbreviated-city-unit"),
    P("Sở Y tế TP.HCM", [("Sở Y tế Thành phố Hồ Chí Minh", False)], id="hcmc"),
    P("UBND phường 3", [(f"{UBND} Phường 3", False)], id="numbered-ward"),
    P("Sở Nội vụ (chủ trì), Sở Tư pháp", [("Sở Nội vụ", False), ("Sở Tư pháp", False)], id="role-note-dropped"),
    P("Ban Quản lý Khu kinh tế tỉnh và UBND các huyện",
      [("Ban Quản lý Khu kinh tế tỉnh", False), (f"{UBND} các huyện", True)], id="management-board-and-collective"),
    # --- enterprises in a lead cell ---
    P("VNPT", [("VNPT", False)], id="brand-alone"),
    P("Viettel, VNPT, MobiFone", [("Viettel", False), ("VNPT", False), ("MobiFone", False)], id="brands-listed"),
    P("CÔNG TY ĐIỆN LỰC CÀ MAU", [("Công ty Điện lực Cà Mau", False)], id="company-in-capitals"),
    P("Tập đoàn Điện lực Việt Nam, Tổng công ty Bưu điện Việt Nam",
      [("Tập đoàn Điện lực Việt Nam", False), ("Tổng công ty Bưu điện Việt Nam", False)], id="state-groups"),
    # --- sub-task paragraphs ---
    P("- Sở Nội vụ chủ trì\n- Sở Tư pháp phối hợp", [("Sở Nội vụ", False), ("Sở Tư pháp", False)],
      id="bullets-cut-at-role-verbs"),
    P("a) Sở Tài chính;\nb) Sở Xây dựng", [("Sở Tài chính", False), ("Sở Xây dựng", False)], id="lettered-items"),
    P("- Sở Y tế khảo sát nhu cầu khám chữa bệnh", [("Sở Y tế", False)], id="bullet-verb-the-tagger-finds"),
    P("- Sở Y tế;\n- Sở Giáo dục và Đào tạo", [("Sở Y tế", False), ("Sở Giáo dục và Đào tạo", False)],
      id="bullets-of-names-only"),
]


@pytest.mark.parametrize(("cell", "expected"), AGENCY_CELLS + WRAPS_AND_LISTS)
def test_split_agency_cell(cell, expected):
    got = split_agency_cell(cell, first_verb=first_verb)
    assert [(a.name, a.collective) for a in got] == expected
    for a in got:
        assert a.name == unicodedata.normalize("NFC", a.name)


def test_role_verbs_cut_sub_tasks_without_the_tagger():
    # the tagger is the slow step: a verb of role_verbs.tsv settles the cut on its own
    cell = "- Sở Nội vụ kiểm tra, đánh giá việc phân cấp;\n- Ban Dân tộc, Sở Lao động - Thương binh và Xã hội rà soát"
    got = split_agency_cell(cell, first_verb=None)
    assert [a.name for a in got] == ["Sở Nội vụ", "Ban Dân tộc", "Sở Lao động - Thương binh và Xã hội"]


JOINS = [
    P("Ngân hàng\nNhà nước Việt Nam", ["Ngân hàng Nhà nước Việt Nam"], id="join-known-body"),
    P("Sở Nội vụ\nSở Tư pháp", ["Sở Nội vụ", "Sở Tư pháp"], id="keep-break-between-agencies"),
    P("- Sở Nội vụ kiểm tra việc\nthực hiện\n- Sở Xây dựng", ["- Sở Nội vụ kiểm tra việc thực hiện", "- Sở Xây dựng"],
      id="bullet-opens-a-paragraph"),
    P("Sở Tài chính\n\nSở Y tế", ["Sở Tài chính", "Sở Y tế"], id="blank-line-dropped"),
]


@pytest.mark.parametrize(("cell", "expected"), JOINS)
def test_join_wrapped_lines(cell, expected):
    assert join_wrapped_lines(cell) == expected


def test_official_name_spans_are_the_gazetteer_spans_in_order():
    text = "Sở Văn hóa, Thể thao và Du lịch; Bộ Chỉ huy\nBộ đội Biên phòng tỉnh và Công an tỉnh Hậu Giang"
    spans = official_name_spans(text)
    assert spans == sorted(spans)
    assert [text[s:e] for s, e in spans] == ["Sở Văn hóa, Thể thao và Du lịch", "Bộ Chỉ huy\nBộ đội Biên phòng tỉnh",
                                             "Công an tỉnh Hậu Giang"]


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
    # --- two abbreviations joined by "&" or "và": the council and the committee, named together ---
    # One name, not a class: "Văn phòng HĐND và UBND" is the official name of the office that serves both
    # (local_bodies.tsv); the pair alone is two bodies named together, never "các …" (collective False).
    P("Văn phòng HĐND&UBND huyện", ("Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện", False),
      id="canonical-ampersand-glued-between-abbreviations-is-va"),
    P("Văn phòng HĐND & UBND thị xã", ("Văn phòng Hội đồng nhân dân và Ủy ban nhân dân thị xã", False),
      id="canonical-ampersand-spaced-between-abbreviations-is-va"),
    P("HĐND&UBND", ("Hội đồng nhân dân và Ủy ban nhân dân", False), id="canonical-pair-glued-is-one-name-not-collective"),
    P("HĐND và UBND", ("Hội đồng nhân dân và Ủy ban nhân dân", False), id="canonical-pair-with-va-same-name"),
    P("Văn phòng ĐĐBQH&HĐND tỉnh", ("Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh", False),
      id="canonical-delegation-and-council-office"),
    # Negatives: an "&" inside one abbreviation is its own; between words of a firm's name it stays.
    P("Sở KH&ĐT", ("Sở Kế hoạch và Đầu tư", False), id="negative-ampersand-inside-one-abbreviation"),
    P("Công ty TNHH Xây dựng & Thương mại Minh Phát", ("Công ty TNHH Xây dựng & Thương mại Minh Phát", False),
      id="negative-ampersand-between-plain-words-kept"),
    # --- Ban Quản lý dự án (Luật Xây dựng 2014: "Ban quản lý dự án đầu tư xây dựng chuyên ngành, khu vực") ---
    P("Ban QLDA đầu tư xây dựng huyện", ("Ban Quản lý dự án đầu tư xây dựng huyện", False), id="canonical-qlda-expanded"),
    P("BQLDA đầu tư xây dựng tỉnh", ("Ban Quản lý dự án đầu tư xây dựng tỉnh", False), id="canonical-bqlda-expanded"),
    P("Ban QLDA", ("Ban Quản lý dự án", False), id="canonical-ban-qlda-alone"),
    # --- unit words printed side by side are a list ---
    P("Các phòng ban", ("các phòng, ban", True), id="canonical-phong-ban-is-phong-comma-ban"),
    P("Các Phòng Ban, đơn vị", ("các phòng, ban, đơn vị", True), id="canonical-capitalised-phong-ban-and-more"),
    P("các phòng ban chuyên môn thuộc UBND huyện", ("các phòng, ban chuyên môn thuộc Ủy ban nhân dân huyện", True),
      id="canonical-phong-ban-tail-stays-with-the-last-unit"),
    P("Các sở ban ngành tỉnh", ("các sở, ban, ngành tỉnh", True), id="canonical-so-ban-nganh-without-commas"),
    P("Các cơ quan đơn vị liên quan", ("các cơ quan, đơn vị liên quan", True), id="canonical-two-word-units-side-by-side"),
    P("Các ban ngành đoàn thể", ("các ban, ngành, đoàn thể", True), id="canonical-ban-nganh-doan-the"),
    P("Các Phòng chuyên môn", ("các phòng chuyên môn", True), id="canonical-phong-is-a-unit-in-lower-case"),
    # Negatives: units that are not printed paired, and a unit before a name.
    P("Các tổ chức hội", ("các tổ chức hội", True), id="negative-to-chuc-hoi-is-not-a-list"),
    P("Các Ban HĐND tỉnh", ("các ban Hội đồng nhân dân tỉnh", True), id="negative-ban-before-a-council-is-not-a-list"),
]


@pytest.mark.parametrize(("raw", "expected"), CANONICAL)
def test_canonical_agency(raw, expected):
    a = canonical_agency(raw)
    assert (a.name, a.collective) == expected


