"""Column roles from header wording (one- and two-level, OCR-damaged) and from cell content."""
from __future__ import annotations

import pytest

from extract.tables.columns import (ColumnSample, assign_columns, column_role, is_named, looks_like_task_table,
                                    match_header)

P = pytest.param

HEADERS = [
    # number: short keywords are the whole header
    P("STT", "number", id="stt"),
    P("TT", "number", id="tt"),
    P("STT.", "number", id="stt-with-dot-ocr"),
    P("Số TT", "number", id="so-tt"),
    P("Số thứ tự", "number", id="so-thu-tu"),
    P("TT tại Bảng giá đất", None, id="tt-inside-a-longer-header-is-not-a-number"),
    # group
    P("Nhiệm vụ chung", "group", id="nhiem-vu-chung-beats-nhiem-vu"),
    P("Nhóm nhiệm vụ", "group", id="nhom-nhiem-vu"),
    P("Nhóm nhiệm vụ, giải pháp", "group", id="nhom-nhiem-vu-giai-phap"),
    P("Lĩnh vực", "group", id="linh-vuc"),
    P("Nội dung chung", "group", id="noi-dung-chung"),
    P("Chỉ số thành phần", "group", id="chi-so-thanh-phan"),
    P("Tiêu chí", "group", id="tieu-chi"),
    P("Chỉ tiêu", None, id="chi-tieu-target-is-not-tieu-chi"),
    # text
    P("Nhiệm vụ", "text", id="nhiem-vu"),
    P("Nội dung", "text", id="noi-dung"),
    P("Nội dung công việc", "text", id="noi-dung-cong-viec"),
    P("Nội dung công tác", "text", id="noi-dung-cong-tac-not-two-edits-from-noi-dung-chung"),
    P("Nội dung nhiệm vụ", "text", id="noi-dung-nhiem-vu"),
    P("Nhiệm vụ cụ thể", "text", id="nhiem-vu-cu-the"),
    P("Tên nhiệm vụ", "text", id="ten-nhiem-vu"),
    P("Tên văn bản", "text", id="ten-van-ban"),
    P("Tên văn bản quy định chi tiết", "text", id="ten-van-ban-quy-dinh-chi-tiet"),
    P("Công việc", "text", id="cong-viec"),
    P("Hoạt động", "text", id="hoat-dong"),
    P("Giải pháp", "text", id="giai-phap"),
    P("Nhiệm vụ, giải pháp", "text", id="nhiem-vu-giai-phap"),
    P("Nhiệm vụ/Giải pháp", "text", id="nhiem-vu-slash-giai-phap"),
    P("Tên đề án, dự án", "text", id="ten-de-an-du-an"),
    P("Các nhiệm vụ trọng tâm", "text", id="cac-nhiem-vu-trong-tam"),
    P("Tên luật", None, id="ten-luat-names-no-role-content-decides"),
    P("Tên tài liệu", None, id="ten-tai-lieu-of-a-form-list"),
    # evidence
    P("Sản phẩm", "evidence", id="san-pham"),
    P("Sản phẩm dự kiến", "evidence", id="san-pham-du-kien"),
    P("Dự kiến sản phẩm", "evidence", id="du-kien-san-pham"),
    P("Kết quả", "evidence", id="ket-qua"),
    P("Kết quả đầu ra", "evidence", id="ket-qua-dau-ra"),
    P("Kết quả hoàn thành", "evidence", id="ket-qua-hoan-thanh-head-first-not-deadline"),
    P("Hình thức văn bản", "evidence", id="hinh-thuc-van-ban-not-ten-van-ban"),
    P("Tài liệu kiểm chứng", "evidence", id="tai-lieu-kiem-chung"),
    P("Tài liệu kiểm chứng phải chuẩn bị", "evidence", id="tai-lieu-kiem-chung-phai-chuan-bi"),
    # deadline
    P("Thời gian", "deadline", id="thoi-gian"),
    P("Thời hạn", "deadline", id="thoi-han"),
    P("Thời gian hoàn thành", "deadline", id="thoi-gian-hoan-thanh"),
    P("Thời gian thực hiện", "deadline", id="thoi-gian-thuc-hien"),
    P("Thời gian thực hiện, hoàn thành", "deadline", id="thoi-gian-thuc-hien-hoan-thanh"),
    P("Tiến độ", "deadline", id="tien-do"),
    P("Tiến độ thực hiện", "deadline", id="tien-do-thuc-hien"),
    P("Thời hạn trình", "deadline", id="thoi-han-trinh-not-co-quan-trinh"),
    P("Thời hạn trình/ban hành", "deadline", id="thoi-han-trinh-ban-hanh"),
    P("Dự kiến thời gian hoàn thành", "deadline", id="du-kien-thoi-gian-hoan-thanh"),
    P("Hoàn thành", "deadline", id="hoan-thanh-leaf"),
    P("Thời gian bắt đầu", None, id="thoi-gian-bat-dau-is-not-the-deadline"),
    P("Bắt đầu", None, id="bat-dau-leaf"),
    # lead
    P("Chủ trì", "lead", id="chu-tri"),
    P("Cơ quan chủ trì", "lead", id="co-quan-chu-tri"),
    P("Đơn vị chủ trì", "lead", id="don-vi-chu-tri"),
    P("Cơ quan, đơn vị chủ trì", "lead", id="co-quan-don-vi-chu-tri"),
    P("Đơn vị chủ trì thực hiện", "lead", id="don-vi-chu-tri-thuc-hien"),
    P("Cơ quan chủ trì soạn thảo", "lead", id="co-quan-chu-tri-soan-thao"),
    P("Cơ quan chủ trì, phối hợp", "lead", id="combined-lead-and-support-is-lead"),
    P("Cơ quan thực hiện", "lead", id="co-quan-thuc-hien"),
    P("Đơn vị thực hiện", "lead", id="don-vi-thuc-hien"),
    P("Cơ quan chịu trách nhiệm", "lead", id="co-quan-chiu-trach-nhiem"),
    P("Đơn vị chịu trách nhiệm chính", "lead", id="don-vi-chiu-trach-nhiem-chinh"),
    P("Trách nhiệm thực hiện", "lead", id="trach-nhiem-thuc-hien"),
    P("Cơ quan đầu mối", "lead", id="co-quan-dau-moi"),
    # support
    P("Phối hợp", "support", id="phoi-hop"),
    P("Cơ quan phối hợp", "support", id="co-quan-phoi-hop"),
    P("Đơn vị phối hợp", "support", id="don-vi-phoi-hop"),
    P("Cơ quan, đơn vị phối hợp", "support", id="co-quan-don-vi-phoi-hop"),
    P("Cơ quan phối hợp thực hiện", "support", id="co-quan-phoi-hop-thuc-hien-not-thuc-hien"),
    P("Cơ quan tham gia", "support", id="co-quan-tham-gia"),
    P("Đơn vị tham gia", "support", id="don-vi-tham-gia"),
    # note
    P("Ghi chú", "note", id="ghi-chu"),
    # named, no task role: the body that submits or issues, the basis, money, counts
    P("Cơ quan trình", None, id="co-quan-trinh-submits"),
    P("Cấp trình", None, id="cap-trinh"),
    P("Cơ quan ban hành", None, id="co-quan-ban-hanh"),
    P("Căn cứ thực hiện", None, id="can-cu-thuc-hien"),
    P("Kinh phí thực hiện", None, id="kinh-phi-thuc-hien"),
    P("Số lượng", None, id="so-luong"),
    P("Đơn vị tính", None, id="don-vi-tinh"),
    P("Hệ số điều chỉnh giá đất (lần)", None, id="he-so-of-a-price-table"),
    # no vocabulary word at all
    P("Đơn vị", None, id="don-vi-alone-is-ambiguous"),
    P("Cơ quan", None, id="co-quan-alone-is-ambiguous"),
    P("Họ và tên", None, id="ho-va-ten"),
    P("Năm 2024", None, id="a-year"),
    P("(3)", None, id="column-number"),
    P("", None, id="blank"),
    P("Mẫu XT01", None, id="form-code"),
    P("Báo cáo kết quả thực hiện nhiệm vụ cải cách hành chính của các cơ quan chuyên môn thuộc Ủy ban nhân dân "
      "tỉnh trong năm 2024", None, id="a-sentence-is-body-text-not-a-header"),
    # OCR damage: tones, dropped and glued characters, garbage, words out of order
    P("Cơ quan phôi hợp", "support", id="ocr-phoi-as-phoi-circumflex"),
    P("cơ —¬ chủ trì", "lead", id="ocr-garbage-instead-of-quan"),
    P("cơ quan chu tri", "lead", id="ocr-no-tones"),
    P("Cơ quan chủ trị", "lead", id="ocr-wrong-tone"),
    P("Đơn vi chù trì", "lead", id="ocr-wrong-tones-twice"),
    P("Co quan phoi hgp", "support", id="ocr-one-letter-wrong"),
    P("Phốihợp", "support", id="ocr-glued-words"),
    P("Cơ quan\nphối hợp", "support", id="wrapped-header"),
    P("Thời gịan hoàn thành", "deadline", id="ocr-wrong-tone-in-thoi-gian"),
    P("gian thực hiện, hoàn thành", "deadline", id="ocr-first-word-lost"),
    P("Thòi hạn", "deadline", id="ocr-thoi-han"),
    P("Tiên độ", "deadline", id="ocr-tien-do"),
    P("Nhiệm vụ cụ thế", "text", id="ocr-cu-the"),
    P("Nội dụng", "text", id="ocr-noi-dung"),
    P("Ý T- Kí « . Tên ˆ ~ bản\nvăn\nquy định chỉ tiết", "text", id="ocr-wrapped-header-lines-out-of-order"),
    P("Tài liệu kiếm chứng phải chuấn bị", "evidence", id="ocr-kiem-chung"),
    P("Sàn phẩm", "evidence", id="ocr-san-pham"),
    P("Ghỉ chú", "note", id="ocr-ghi-chu"),
    P("_ Ghi chú", "note", id="ocr-speck-before-ghi-chu"),
    P("Cơ quan trinh", None, id="ocr-co-quan-trinh-still-no-role"),
]


@pytest.mark.parametrize("header, role", HEADERS)
def test_header_wording_names_the_role(header, role):
    assert column_role(header) == role


def test_there_are_enough_header_cases():
    assert len(HEADERS) >= 80


@pytest.mark.parametrize("header, named", [
    P("Cơ quan trình", True, id="explicit-no-role-is-a-column-word"),
    P("Ghi chú", True, id="note-is-a-column-word"),
    P("Đơn vị", False, id="ambiguous-word-is-not"),
    P("Sở Nội vụ", False, id="an-agency-is-a-body-cell"),
])
def test_column_words_are_header_evidence(header, named):
    assert is_named(header) is named


def test_a_fuzzy_match_records_its_edits():
    m = match_header("Co quan phoi hgp")
    assert m is not None and m.role == "support" and m.edits == 1


# ---------------------------------------------------------------- two-level headers


def _two_level(parent: str, leaves: tuple[str, ...], before: tuple[str, ...] = ("STT", "Nội dung")):
    samples = [ColumnSample(header=h) for h in before]
    first = len(samples)
    span = (first, first + len(leaves) - 1)
    samples += [ColumnSample(header=leaf, parent=parent, parent_span=span) for leaf in leaves]
    return [c.role for c in assign_columns(samples)][first:]


@pytest.mark.parametrize("parent, leaves, roles", [
    P("Cơ quan thực hiện", ("Chủ trì", "Phối hợp"), ["lead", "support"], id="co-quan-thuc-hien-over-chu-tri-phoi-hop"),
    P("Đơn vị thực hiện", ("Đơn vị chủ trì", "Đơn vị phối hợp"), ["lead", "support"], id="leaves-with-full-names"),
    P("Phân công thực hiện", ("Chủ trì", "Phối hợp", "Cơ quan trình"), ["lead", "support", None],
      id="third-leaf-submits"),
    P("Đơn vị", ("Chủ trì", "Phối hợp"), ["lead", "support"], id="ambiguous-parent-named-leaves"),
    P("Cơ quan thục hiện", ("Chù trì", "Phôi hợp"), ["lead", "support"], id="ocr-damaged-two-level"),
    P("Thời gian", ("Bắt đầu", "Hoàn thành"), [None, "deadline"], id="thoi-gian-over-bat-dau-hoan-thanh"),
    P("Thời gian thực hiện", ("Từ", "Đến"), [None, "deadline"], id="deadline-parent-last-leaf-is-the-end"),
    P("Thời gian", ("Bắt đầu", "Kết thúc"), [None, "deadline"], id="ket-thuc-leaf"),
    P("Kinh phí", ("Ngân sách tỉnh", "Nguồn khác"), [None, None], id="funding-parent-no-role"),
    P("Cơ quan thực hiện", ("Sở Nội vụ", "Sở Tư pháp"), [None, None], id="a-matrix-of-agencies-has-no-leaf-role"),
])
def test_two_level_headers(parent, leaves, roles):
    assert _two_level(parent, leaves) == roles


# ---------------------------------------------------------------- content evidence

TEXTS = (
    "Rà soát, công bố thủ tục hành chính thuộc thẩm quyền giải quyết của UBND tỉnh",
    "Xây dựng Kế hoạch kiểm tra công tác cải cách hành chính năm 2024",
    "Tổ chức điều tra xã hội học xác định Chỉ số hài lòng của người dân",
    "Thực hiện chế độ báo cáo định kỳ về công tác cải cách hành chính",
)
LEADS = ("Văn phòng UBND tỉnh", "Sở Nội vụ", "Sở Nội vụ", "Sở Tư pháp")
SUPPORTS = ("Các sở, ban, ngành tỉnh", "Sở Tư pháp; Văn phòng UBND tỉnh", "Cục Thống kê tỉnh", "UBND các huyện")
DEADLINES = ("Trong năm 2024", "Quý II/2024", "Trước ngày 15/12/2024", "Thường xuyên")
NUMBERS = ("1", "2", "3", "4")


def col(header: str, cells, width: float = 80.0, spans: bool = False) -> ColumnSample:
    return ColumnSample(header=header, cells=tuple(cells), width_pt=width, spans_rows=spans)


def roles(*samples: ColumnSample) -> list[tuple[str | None, str | None]]:
    return [(c.role, c.evidence) for c in assign_columns(samples)]


@pytest.mark.parametrize("samples, expected", [
    P((col("STT", NUMBERS, 30), col("Những việc phải làm", TEXTS, 200), col("Cơ quan chủ trì", LEADS),
       col("Cơ quan phối hợp", SUPPORTS), col("Thời hạn", DEADLINES)),
      [("number", "header"), ("text", "content"), ("lead", "header"), ("support", "header"), ("deadline", "header")],
      id="unseen-task-header-is-the-widest-prose"),
    P((col("STT", NUMBERS, 30), col("Nội dung", TEXTS, 200), col("", LEADS), col("Phối hợp", SUPPORTS),
       col("Thời gian", DEADLINES)),
      [("number", "header"), ("text", "header"), ("lead", "content"), ("support", "header"), ("deadline", "header")],
      id="blank-agency-header-is-the-lead"),
    P((col("(1)", NUMBERS, 30), col("(2)", TEXTS, 200), col("(3)", LEADS), col("(4)", SUPPORTS), col("(5)", DEADLINES)),
      [("number", "content"), ("text", "content"), ("lead", "content"), ("support", "content"), ("deadline", "content")],
      id="numbering-only-header-all-from-content"),
    P((col("Nội dung", TEXTS, 200), col("Cơ quan chủ trì", LEADS), col("Đơn vị", SUPPORTS)),
      [("text", "header"), ("lead", "header"), ("support", "content")],
      id="agency-column-right-of-the-lead-is-support"),
    P((col("Nội dung", TEXTS, 200), col("Đơn vị", SUPPORTS), col("Cơ quan chủ trì", LEADS)),
      [("text", "header"), (None, None), ("lead", "header")],
      id="agency-column-left-of-a-named-lead-is-not-support"),
    P((col("Nội dung", TEXTS, 200), col("Chủ trì", LEADS), col("Phối hợp", SUPPORTS), col("Cơ quan", LEADS)),
      [("text", "header"), ("lead", "header"), ("support", "header"), (None, None)],
      id="third-agency-column-stays-a-plain-cell"),
    P((col("Nội dung", TEXTS, 200), col("Chủ trì", LEADS), col("Cơ quan trình", SUPPORTS), col("Phối hợp", SUPPORTS)),
      [("text", "header"), ("lead", "header"), (None, None), ("support", "header")],
      id="co-quan-trinh-is-never-support"),
    P((col("Nội dung", TEXTS, 200), col("Cơ quan trình", LEADS)),
      [("text", "header"), (None, None)],
      id="co-quan-trinh-is-never-lead-even-alone"),
    P((col("Nội dung", TEXTS, 200), col("Chủ trì", LEADS), col("Mốc", DEADLINES)),
      [("text", "header"), ("lead", "header"), ("deadline", "content")],
      id="unnamed-deadline-column"),
    P((col("Nội dung", TEXTS, 200), col("Ghi chú", DEADLINES)),
      [("text", "header"), ("note", "header")],
      id="named-note-keeps-its-role-whatever-its-cells"),
    P((col("STT", NUMBERS, 30), col("Sản phẩm", TEXTS, 200), col("Chủ trì", LEADS)),
      [("number", "header"), ("text", "fallback"), ("lead", "header")],
      id="product-column-is-the-task-when-nothing-else-is"),
    P((col("STT", NUMBERS, 30), col("Việc", ("Họp", "Báo cáo", "Kiểm tra", "Tổng kết"), 100), col("Chủ trì", LEADS)),
      [("number", "header"), ("text", "fallback"), ("lead", "header")],
      id="short-texts-are-the-task-by-fallback"),
    P((col("Số", NUMBERS, 30), col("Nội dung", TEXTS, 200)),
      [("number", "content"), ("text", "header")],
      id="unnamed-label-column-is-the-number"),
    P((col("Nội dung", [t + " định kỳ hằng quý" for t in TEXTS], 200), col("Chủ trì", LEADS)),
      [("text", "header"), ("lead", "header")],
      id="long-text-with-dinh-ky-is-not-a-deadline"),
    P((col("Nội dung", TEXTS, 100), col("Diễn giải", [t + " và báo cáo kết quả" for t in TEXTS], 220)),
      [("text", "header"), (None, None)],
      id="a-named-text-is-kept-over-a-wider-prose-column"),
])
def test_content_evidence(samples, expected):
    assert roles(*samples) == expected


GROUPS_I = ("I. Công tác chỉ đạo điều hành", "I. Công tác chỉ đạo điều hành", "II. Cải cách thể chế",
            "II. Cải cách thể chế")


@pytest.mark.parametrize("samples, expected", [
    P((col("Mảng công tác", GROUPS_I[::2], 80, spans=True), col("Nội dung", [f"{n}. {t}" for n, t in zip(NUMBERS, TEXTS)], 200),
       col("Chủ trì", LEADS)),
      [("group", "content"), ("text", "header"), ("lead", "header")],
      id="spanning-roman-cells-are-the-group"),
    P((col("TT", ("1.", "2."), 30, spans=True), col("Tên luật", ("Luật Các tổ chức tín dụng", "Luật Đất đai"), 70, spans=True),
       col("Tên văn bản quy định chi tiết", [f"{n}. {t}" for n, t in zip(NUMBERS, TEXTS)], 300),
       col("Cơ quan chủ trì", LEADS), col("Cơ quan phối hợp", SUPPORTS), col("Thời hạn trình/ban hành", DEADLINES)),
      [("group", "content"), ("group", "content"), ("text", "header"), ("lead", "header"), ("support", "header"),
       ("deadline", "header")],
      id="spanning-number-and-name-pair-is-the-group-299"),
    P((col("TT", ("1.",), 30, spans=True), col("Tên", ("Luật Các tổ chức tín dụng",), 70, spans=True),
       col("Ý T- Kí « . Tên ˆ ~ bản văn", [f"{n}. {t}" for n, t in zip(NUMBERS, TEXTS)], 300), col("Cơ quan chủ trì", LEADS)),
      [("group", "content"), ("group", "content"), ("text", "header"), ("lead", "header")],
      id="ocr-damaged-299-headers"),
    P((col("TT", NUMBERS, 30), col("Nội dung", TEXTS, 200), col("Chủ trì", LEADS[:2], spans=True)),
      [("number", "header"), ("text", "header"), ("lead", "header")],
      id="a-merged-lead-cell-is-not-a-group"),
    P((col("TT", ("1.", "2."), 30, spans=True), col("Tên luật", ("Luật A", "Luật B"), 70, spans=True),
       col("Tên văn bản", TEXTS, 300)),
      [("number", "header"), (None, None), ("text", "header")],
      id="no-pair-when-the-items-carry-no-numbers"),
])
def test_group_from_content(samples, expected):
    assert roles(*samples) == expected


@pytest.mark.parametrize("samples, is_task", [
    P((col("STT", NUMBERS), col("Nội dung", TEXTS), col("", LEADS)), True, id="prose-and-agencies"),
    P((col("(1)", NUMBERS), col("(2)", TEXTS), col("(3)", DEADLINES)), True, id="prose-and-deadlines"),
    P((col("STT.", NUMBERS), col("Loại đất", ("Đất thương mại, dịch vụ (Nông thôn, đô thị)",
                                               "Đất sản xuất kinh doanh phi nông nghiệp không phải đất thương mại",
                                               "Đất các khu, cụm công nghiệp trên địa bàn", "Các loại đất khác còn lại")),
       col("Hệ số", ("1,0", "1,0", "1,2", "1,0")), col("Ghi chú", ())), False, id="price-coefficient-table"),
    P((col("Mẫu XT01", ("Mẫu XT02", "Mẫu XT03")), col("Tờ khai", ("Tờ khai đề nghị cấp lại giấy xác nhận đủ điều kiện",
                                                                  "Giấy xác nhận đủ điều kiện kinh doanh dịch vụ"))),
      False, id="list-of-forms"),
    P((col("STT", ()), col("Tên tài liệu", ()), col("Số lượng", ()), col("Ghi chú", ())), False, id="blank-form-table"),
])
def test_body_evidence_of_a_task_table(samples, is_task):
    assert looks_like_task_table(samples) is is_task
