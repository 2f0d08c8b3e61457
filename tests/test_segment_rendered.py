"""Splitting whole rendered issues into documents (tests/gazette_pdf.py, ``render_issue``).

Each test lays out a small gazette issue with real document layout -- cover and table of
contents, administrative header blocks, body, signature, appendix tables -- and checks what
``extract_issue`` makes of it: covers, documents with their metadata and pages, and which
document each table belongs to.
"""
from __future__ import annotations

import datetime as dt

from gazette_pdf import (
    STD5, TASKS, ContentPage, CoverPage, DocHeader, Para, Signature, Space, TableBlock, TocEntry,
    render_issue,
)
from extract.pipeline import extract_issue

ISSUER = "Ủy ban nhân dân tỉnh Thử"
KH12_TITLE = ("Cải cách hành chính nhà nước trên địa bàn tỉnh", "năm 2024")
TOC = (
    TocEntry("PHẦN VĂN BẢN KHÁC"),
    TocEntry("ỦY BAN NHÂN DÂN TỈNH"),
    TocEntry("Kế hoạch số 12/KH-UBND ngày 05/3/2024 của Ủy ban nhân dân tỉnh về cải cách hành chính "
             "nhà nước trên địa bàn tỉnh năm 2024", 11),
)


def body(*texts: str) -> tuple[Para, ...]:
    return tuple(Para(t) for t in texts)


def heading(text: str) -> Para:
    """A section heading of the body: "I. MỤC ĐÍCH, YÊU CẦU" (bold, flush left)."""
    return Para(text, align="left", style="bold", indent=False)


def centred(text: str, style: str = "bold") -> Para:
    return Para(text, align="centre", style=style, indent=False)


def task_rows(tasks, start: int = 1) -> list[tuple[str, ...]]:
    """STD5 body rows: STT, task, lead, partners, deadline."""
    return [(str(n), *t[:4]) for n, t in enumerate(tasks, start=start)]


KH_BODY_1 = body(
    "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể cải cách "
    "hành chính nhà nước giai đoạn 2021 - 2030;",
    "Căn cứ Quyết định số 1234/QĐ-UBND ngày 20/12/2023 của Ủy ban nhân dân tỉnh ban hành Kế hoạch cải cách "
    "hành chính nhà nước giai đoạn 2021 - 2025;",
    "Ủy ban nhân dân tỉnh ban hành Kế hoạch cải cách hành chính nhà nước năm 2024 như sau:",
) + (heading("I. MỤC ĐÍCH, YÊU CẦU"),) + body(
    "1. Tiếp tục đẩy mạnh cải cách hành chính, tập trung vào cải cách thủ tục hành chính, xây dựng chính "
    "quyền điện tử, chính quyền số; nâng cao chất lượng phục vụ người dân, doanh nghiệp.",
    "2. Xác định cụ thể nhiệm vụ, thời hạn hoàn thành và trách nhiệm của các cơ quan, đơn vị trong triển "
    "khai thực hiện; gắn kết quả cải cách hành chính với đánh giá, xếp loại người đứng đầu.",
)
KH_BODY_2 = (heading("II. NHIỆM VỤ"),) + body(
    "Các nhiệm vụ cụ thể, cơ quan chủ trì, cơ quan phối hợp và thời gian hoàn thành được giao tại Phụ lục "
    "kèm theo Kế hoạch này.",
) + (heading("III. TỔ CHỨC THỰC HIỆN"),) + body(
    "Thủ trưởng các sở, ban, ngành tỉnh, Chủ tịch Ủy ban nhân dân các huyện, thành phố căn cứ Kế hoạch này "
    "xây dựng kế hoạch của cơ quan, đơn vị mình và báo cáo kết quả thực hiện về Sở Nội vụ trước ngày 15/12/2024./.",
)


def appendix_page(number: str, date: str, rows: list[tuple[str, ...]], *, widths=STD5.widths,
                  landscape: bool = False) -> ContentPage:
    return ContentPage((
        centred("Phụ lục"),
        centred("DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2024"),
        centred(f"(Kèm theo Kế hoạch số {number} ngày {date} của Ủy ban nhân dân tỉnh)", "italic"),
        Space(6),
        TableBlock.of(STD5.headers, widths, rows),
    ), landscape=landscape)


def kh12_issue(cover: CoverPage) -> list:
    """A cover, then Kế hoạch 12/KH-UBND on page 11 and its appendix (3 tasks) on page 12."""
    return [
        cover,
        ContentPage((DocHeader("KẾ HOẠCH", KH12_TITLE),) + KH_BODY_1 + KH_BODY_2 + (Signature(),)),
        appendix_page("12/KH-UBND", "05/3/2024", task_rows(TASKS[:3])),
    ]


def assert_kh12(result) -> None:
    (doc,) = result.documents
    assert (doc.kind, doc.number, doc.date) == ("Kế hoạch", "12/KH-UBND", dt.date(2024, 3, 5))
    assert doc.issuer == ISSUER
    assert (doc.signer.name, doc.signer.title) == ("Nguyễn Văn An", "Phó Chủ tịch")
    assert doc.title == " ".join(KH12_TITLE)
    assert doc.first_page_index == 1 and doc.page_numbers == (11, 12)
    assert [a.cites_number for a in doc.appendices] == ["12/KH-UBND"]
    (table,) = result.tables
    assert table.document_index == 0
    assert [r.cells[:2] for r in table.rows] == [(str(n), t[0]) for n, t in enumerate(TASKS[:3], start=1)]
    assert all(r.page_numbers == (12,) for r in table.rows)


def test_cover_with_table_of_contents_is_not_content(tmp_path):
    pdf = render_issue(tmp_path / "cover_toc_text.pdf", kh12_issue(CoverPage(TOC)))
    result = extract_issue(pdf)
    assert [p.page_number for p in result.issue.pages] == [None, 11, 12]
    g = result.issue.gazette
    assert (g.name, g.province, g.issue, g.date) == ("Công báo Thử", "Thử", 7, dt.date(2024, 3, 15))
    assert_kh12(result)
    assert len([t for t in result.tasks if t.origin == "appendix"]) == 3  # and the body's own, apart
    assert [p.is_cover for p in result.issue.pages] == [True, False, False]


def test_table_of_contents_drawn_as_ruled_table_is_not_a_task_table(tmp_path):
    pdf = render_issue(tmp_path / "cover_toc_table.pdf", kh12_issue(CoverPage(TOC, toc_as_table=True)))
    result = extract_issue(pdf)
    assert_kh12(result)  # the document starts on page index 1: the cover is in no document
    assert len(result.tables) == 1 and len(result.tables[0].rows) == 3


def test_second_document_starting_mid_page_gets_its_own_metadata_and_tables(tmp_path):
    qd_table = TableBlock.of(("STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn"), (32.0, 250.0, 120.0, 94.0), [
        ("1", "Công bố danh mục thủ tục hành chính tiếp nhận qua dịch vụ bưu chính công ích", "Văn phòng UBND tỉnh",
         "Quý II/2024"),
        ("2", "Hướng dẫn tổ chức, cá nhân gửi hồ sơ qua dịch vụ bưu chính công ích", "Bưu điện tỉnh", "Quý III/2024"),
    ])
    qd_header = DocHeader("QUYẾT ĐỊNH", ("Giao nhiệm vụ tiếp nhận hồ sơ thủ tục hành chính",
                                         "qua dịch vụ bưu chính công ích"),
                          number="15/QĐ-UBND", place_date="Thử, ngày 01 tháng 3 năm 2024")
    kh_header = DocHeader("KẾ HOẠCH", ("Kiểm tra công tác cải cách hành chính năm 2024",),
                          number="16/KH-UBND", place_date="Thử, ngày 04 tháng 3 năm 2024")
    pages = [
        ContentPage((
            qd_header,
            centred("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THỬ"),
            *body("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
                  "Căn cứ Quyết định số 45/2016/QĐ-TTg ngày 19/10/2016 của Thủ tướng Chính phủ về việc tiếp nhận hồ sơ, "
                  "trả kết quả giải quyết thủ tục hành chính qua dịch vụ bưu chính công ích;"),
            centred("QUYẾT ĐỊNH:"),
            *body("Điều 1. Giao nhiệm vụ tiếp nhận hồ sơ thủ tục hành chính qua dịch vụ bưu chính công ích cho "
                  "các cơ quan, đơn vị như sau:"),
            qd_table,
            *body("Điều 2. Quyết định này có hiệu lực kể từ ngày ký."),
        )),
        ContentPage((
            *body("Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Bưu điện tỉnh và Thủ trưởng các cơ quan, "
                  "đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này./."),
            Signature(("CHỦ TỊCH",), "Trần Thị Bình"),
            Space(24),
            kh_header,
            *body("Thực hiện Kế hoạch cải cách hành chính nhà nước năm 2024, Ủy ban nhân dân tỉnh ban hành Kế hoạch "
                  "kiểm tra công tác cải cách hành chính năm 2024 như sau:"),
            heading("I. MỤC ĐÍCH, YÊU CẦU"),
            *body("Đánh giá đúng thực trạng công tác cải cách hành chính tại các cơ quan, đơn vị; kịp thời chấn "
                  "chỉnh những tồn tại, hạn chế."),
        )),
        ContentPage((
            heading("II. NỘI DUNG, THỜI GIAN KIỂM TRA"),
            *body("Nội dung, cơ quan chủ trì và thời gian kiểm tra tại Phụ lục kèm theo Kế hoạch này."),
            heading("III. TỔ CHỨC THỰC HIỆN"),
            *body("Sở Nội vụ chủ trì, phối hợp với các cơ quan, đơn vị có liên quan tổ chức thực hiện Kế hoạch này./."),
            Signature(),
        )),
        appendix_page("16/KH-UBND", "04/3/2024", task_rows([TASKS[1], TASKS[11]])),
    ]
    result = extract_issue(render_issue(tmp_path / "two_documents.pdf", pages))
    qd, kh = result.documents
    assert (qd.kind, qd.number, qd.date) == ("Quyết định", "15/QĐ-UBND", dt.date(2024, 3, 1))
    assert (kh.kind, kh.number, kh.date) == ("Kế hoạch", "16/KH-UBND", dt.date(2024, 3, 4))
    assert qd.title == "Giao nhiệm vụ tiếp nhận hồ sơ thủ tục hành chính qua dịch vụ bưu chính công ích"
    assert kh.title == "Kiểm tra công tác cải cách hành chính năm 2024"
    assert qd.issuer == kh.issuer == ISSUER
    assert (qd.signer.name, qd.signer.title) == ("Trần Thị Bình", "Chủ tịch")
    assert (kh.signer.name, kh.signer.title) == ("Nguyễn Văn An", "Phó Chủ tịch")
    assert qd.page_numbers == (11, 12) and kh.page_numbers == (12, 13, 14)
    assert qd.last_page_index == kh.first_page_index == 1 and qd.last_bottom < kh.first_top
    assert qd.appendices == () and [a.cites_number for a in kh.appendices] == ["16/KH-UBND"]
    t_qd, t_kh = result.tables
    assert (t_qd.document_index, len(t_qd.rows), t_qd.page_indexes) == (0, 2, (0,))
    assert (t_kh.document_index, len(t_kh.rows), t_kh.page_indexes) == (1, 2, (3,))


def test_plan_promulgated_by_a_decision_stays_part_of_the_decision(tmp_path):
    qd_header = DocHeader("QUYẾT ĐỊNH", ("Ban hành Kế hoạch cải cách hành chính năm 2024",), number="20/QĐ-UBND")
    plan_header = DocHeader("KẾ HOẠCH", ("Cải cách hành chính năm 2024",), number=None, place_date=None,
                            note=("(Ban hành kèm theo Quyết định số 20/QĐ-UBND ngày 05/3/2024",
                                  "của Ủy ban nhân dân tỉnh)"))
    pages = [
        ContentPage((
            qd_header,
            centred("ỦY BAN NHÂN DÂN TỈNH THỬ"),
            *body("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
                  "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể cải "
                  "cách hành chính nhà nước giai đoạn 2021 - 2030;",
                  "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 45/TTr-SNV ngày 01/3/2024."),
            centred("QUYẾT ĐỊNH:"),
            *body("Điều 1. Ban hành kèm theo Quyết định này Kế hoạch cải cách hành chính năm 2024 của tỉnh Thử.",
                  "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
                  "Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Thủ trưởng các sở, ban, ngành tỉnh và Chủ tịch "
                  "Ủy ban nhân dân các huyện, thành phố chịu trách nhiệm thi hành Quyết định này./."),
            Signature(("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")),
        )),
        ContentPage((
            plan_header,
            heading("I. MỤC ĐÍCH, YÊU CẦU"),
            *body("Tiếp tục đẩy mạnh cải cách hành chính, nâng cao chất lượng phục vụ người dân, doanh nghiệp."),
            heading("II. NHIỆM VỤ"),
            TableBlock.of(STD5.headers, STD5.widths, task_rows(TASKS[:3])),
        )),
    ]
    result = extract_issue(render_issue(tmp_path / "decision_with_plan.pdf", pages))
    (doc,) = result.documents
    assert (doc.kind, doc.number, doc.date) == ("Quyết định", "20/QĐ-UBND", dt.date(2024, 3, 5))
    assert doc.title == "Ban hành Kế hoạch cải cách hành chính năm 2024"
    assert (doc.signer.name, doc.signer.title) == ("Nguyễn Văn An", "Phó Chủ tịch")
    assert doc.page_numbers == (11, 12)
    (table,) = result.tables
    assert table.document_index == 0 and len(table.rows) == 3


LANDSCAPE_WIDTHS = (40.0, 330.0, 140.0, 160.0, 73.0)  # 743 pt: the landscape text width


def test_landscape_appendix_after_portrait_body_keeps_printed_page_numbers(tmp_path):
    rows = task_rows(TASKS[:16])
    pages = [
        ContentPage((DocHeader("KẾ HOẠCH", KH12_TITLE),) + KH_BODY_1),
        ContentPage(KH_BODY_2 + (Signature(),)),
        appendix_page("12/KH-UBND", "05/3/2024", rows[:10], widths=LANDSCAPE_WIDTHS, landscape=True),
        ContentPage((TableBlock.of(STD5.headers, LANDSCAPE_WIDTHS, rows[10:]),), landscape=True),
    ]
    result = extract_issue(render_issue(tmp_path / "landscape_appendix.pdf", pages))
    assert [(p.width, p.height) for p in result.issue.pages] == [(595, 842)] * 2 + [(842, 595)] * 2
    (doc,) = result.documents
    assert doc.number == "12/KH-UBND" and doc.page_numbers == (11, 12, 13, 14)
    (table,) = result.tables
    assert table.document_index == 0 and table.page_indexes == (2, 3)
    assert [r.cells[0] for r in table.rows] == [str(n) for n in range(1, 17)]
    assert [r.page_numbers for r in table.rows] == [(13,)] * 10 + [(14,)] * 6
