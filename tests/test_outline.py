"""The outline of a document's body (``extract.segment.outline``): sections, items, points, bullets and
articles with their label paths, on issues the tests render and on the sample gazette."""
from __future__ import annotations

from pathlib import Path

from gazette_pdf import ContentPage, DocHeader, Para, Signature, render_issue

from extract.read import read_issue
from extract.segment import find_outline, segment_issue
from extract.segment.outline import outline_pages, subtree_text, text_outline

ROOT = Path(__file__).resolve().parent.parent


def heading(text: str) -> Para:
    return Para(text, align="left", style="bold", indent=False)


def centred(text: str) -> Para:
    return Para(text, align="centre", style="bold", indent=False)


def outline_of(pdf: Path, document: int = 0):
    issue = read_issue(pdf)
    documents, pages = segment_issue(issue)
    return find_outline(documents[document], pages)


def paths(nodes) -> list[tuple[str, str]]:
    return [(n.kind, ".".join(n.path)) for n in nodes]


KH_PAGE_1 = (
    DocHeader("KẾ HOẠCH", ("Triển khai nhiệm vụ chuyển đổi số năm 2024",), number="21/KH-UBND"),
    Para("Căn cứ Quyết định số 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng Chính phủ phê duyệt Đề án phát triển "
         "ứng dụng dữ liệu về dân cư;"),
    Para("Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:"),
    heading("I. MỤC ĐÍCH, YÊU CẦU"),
    Para("- Triển khai đồng bộ các nhiệm vụ chuyển đổi số trên địa bàn tỉnh."),
    heading("II. NHIỆM VỤ"),
    heading("1. Phát triển hạ tầng số"),
    Para("1.1. Sở Thông tin và Truyền thông chủ trì rà soát hạ tầng mạng của các cơ quan nhà nước."),
    Para("1.2. Sở Tài chính bố trí kinh phí thực hiện:"),
    Para("a) Kinh phí duy trì Trung tâm dữ liệu của tỉnh;"),
    Para("b) Kinh phí thuê dịch vụ công nghệ thông tin."),
    heading("2. Phát triển dữ liệu số"),
    Para("- Các sở, ban, ngành cập nhật dữ liệu chuyên ngành:"),
    Para("+ Dữ liệu đất đai, dữ liệu hộ tịch;"),
    Para("+ Dữ liệu doanh nghiệp."),
    Para("- Công an tỉnh hướng dẫn kết nối Cơ sở dữ liệu quốc gia về dân cư."),
)
# The item "1." of section III runs from the bottom of page 1 over the page break.
KH_PAGE_2 = (
    Para("tỉnh, báo cáo kết quả về Sở Thông tin và Truyền thông trước ngày 15/12/2024.", indent=False),
    Para("2. Sở Tài chính tham mưu bố trí kinh phí thực hiện Kế hoạch./."),
    Signature(),
)


def test_sections_items_points_and_bullets_take_their_label_paths(tmp_path):
    page_1 = KH_PAGE_1 + (
        heading("III. TỔ CHỨC THỰC HIỆN"),
        Para("1. Các sở, ban, ngành tỉnh, Ủy ban nhân dân các huyện, thành phố triển khai Kế hoạch này tại "
             "cơ quan, đơn vị, địa phương mình; định kỳ hằng quý tổng hợp kết quả thực hiện gửi Ủy ban nhân dân"),
    )
    pdf = render_issue(tmp_path / "kh.pdf", [ContentPage(page_1), ContentPage(KH_PAGE_2)])
    nodes = outline_of(pdf)
    assert paths(nodes) == [
        ("paragraph", ""), ("paragraph", ""),             # the legal basis and the lead-in: no label
        ("roman", "I"), ("dash", "I"),
        ("roman", "II"), ("number", "II.1"), ("number", "II.1.1"), ("number", "II.1.2"),
        ("letter", "II.1.2.a"), ("letter", "II.1.2.b"),
        ("number", "II.2"), ("dash", "II.2"), ("plus", "II.2"), ("plus", "II.2"), ("dash", "II.2"),
        ("roman", "III"), ("number", "III.1"), ("number", "III.2"),
    ]
    assert nodes[2].text == "MỤC ĐÍCH, YÊU CẦU" and nodes[2].bold
    # The item of III.1 is one paragraph across the page break, its label taken off.
    item = nodes[-2]
    assert item.text.startswith("Các sở, ban, ngành tỉnh") and item.text.endswith("trước ngày 15/12/2024.")
    assert item.page_index == 0 and item.parent == len(nodes) - 3
    # The signature block is no part of the body.
    assert "Nguyễn Văn An" not in " ".join(n.text for n in nodes)
    # A node holds its points and bullets.
    assert subtree_text(nodes, 7) == ("Sở Tài chính bố trí kinh phí thực hiện:\nKinh phí duy trì Trung tâm dữ liệu "
                                      "của tỉnh;\nKinh phí thuê dịch vụ công nghệ thông tin.")


QD_HEADER = DocHeader("QUYẾT ĐỊNH", ("Về việc thành lập Tổ công tác chuyển đổi số",), number="35/QĐ-UBND")


def test_articles_start_their_own_paths_and_run_over_a_page_break(tmp_path):
    page_1 = (
        QD_HEADER,
        centred("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH"),
        Para("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"),
        Para("Theo đề nghị của Giám đốc Sở Thông tin và Truyền thông."),
        centred("QUYẾT ĐỊNH:"),
        Para("Điều 1. Thành lập Tổ công tác chuyển đổi số của tỉnh gồm các thành viên có tên trong danh sách "
             "kèm theo."),
        Para("Điều 2. Nhiệm vụ của Tổ công tác:"),
        Para("1. Tham mưu Ủy ban nhân dân tỉnh chỉ đạo triển khai các nhiệm vụ chuyển đổi số."),
        Para("2. Giúp Ủy ban nhân dân tỉnh theo dõi, đôn đốc, kiểm tra việc thực hiện:"),
        Para("a) Các chương trình, kế hoạch chuyển đổi số của tỉnh, các sở, ban, ngành và địa phương, bảo đảm "
             "tiến độ và hiệu quả đầu tư, tránh trùng lặp, lãng phí; tổng hợp khó khăn, vướng mắc trong quá"),
    )
    page_2 = (
        Para("trình thực hiện, đề xuất biện pháp tháo gỡ;", indent=False),
        Para("b) Việc kết nối, chia sẻ dữ liệu giữa các cơ quan nhà nước."),
        Para("Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Thông tin và Truyền thông và các thành "
             "viên Tổ công tác chịu trách nhiệm thi hành Quyết định này./."),
        Signature(titles=("CHỦ TỊCH",)),
    )
    pdf = render_issue(tmp_path / "qd.pdf", [ContentPage(page_1), ContentPage(page_2)])
    nodes = outline_of(pdf)
    assert paths(nodes) == [
        ("paragraph", ""), ("paragraph", ""),
        ("article", "Điều 1"), ("article", "Điều 2"), ("number", "Điều 2.1"), ("number", "Điều 2.2"),
        ("letter", "Điều 2.2.a"), ("letter", "Điều 2.2.b"), ("article", "Điều 3"),
    ]
    point_a = nodes[6]
    assert point_a.text.endswith("tổng hợp khó khăn, vướng mắc trong quá trình thực hiện, đề xuất biện pháp tháo gỡ;")
    assert nodes[8].text.startswith("Chánh Văn phòng")


def test_a_text_promulgated_after_its_decision_starts_the_outline_again(tmp_path):
    page_1 = (
        QD_HEADER,
        Para("Điều 1. Ban hành kèm theo Quyết định này Kế hoạch chuyển đổi số năm 2024."),
        Para("Điều 2. Quyết định này có hiệu lực kể từ ngày ký./."),
        Signature(),
    )
    plan = DocHeader("KẾ HOẠCH", ("Chuyển đổi số năm 2024",), number=None, place_date=None)
    page_2 = (plan, heading("I. MỤC TIÊU"), Para("1. Hoàn thành kết nối dữ liệu dân cư."), Signature())
    pdf = render_issue(tmp_path / "qd_kh.pdf", [ContentPage(page_1), ContentPage(page_2)])
    nodes = outline_of(pdf)
    assert paths(nodes) == [("article", "Điều 1"), ("article", "Điều 2"), ("roman", "I"), ("number", "I.1")]


def test_capital_letter_sections_hold_roman_ones_in_the_order_the_document_opens_them(tmp_path):
    page = (
        DocHeader("KẾ HOẠCH", ("Thực hiện Nghị quyết của Chính phủ",)),
        Para("Thực hiện Nghị quyết số 01/NQ-CP ngày 05/01/2024 của Chính phủ, Ủy ban nhân dân tỉnh ban hành Kế "
             "hoạch như sau:"),
        heading("A. MỤC TIÊU"),
        heading("I. MỤC TIÊU TỔNG QUÁT"),
        Para("1. Phấn đấu tăng trưởng kinh tế."),
        heading("II. MỤC TIÊU CỤ THỂ"),
        heading("B. NHIỆM VỤ"),
        heading("C. TỔ CHỨC THỰC HIỆN"),
        Para("1. Sở Kế hoạch và Đầu tư theo dõi, tổng hợp tình hình thực hiện./."),
    )
    nodes = outline_of(render_issue(tmp_path / "abc.pdf", [ContentPage(page)]))
    assert paths(nodes) == [
        ("paragraph", ""), ("capital", "A"), ("roman", "A.I"), ("number", "A.I.1"), ("roman", "A.II"),
        ("capital", "B"), ("capital", "C"), ("number", "C.1"),
    ]


def test_the_sample_gazette_outline_has_its_four_sections_and_their_items():
    nodes = outline_of(ROOT / "raw_pdfs" / "congbao-camau-43.pdf")
    sections = [(n.label, n.text) for n in nodes if n.kind == "roman"]
    assert sections == [("I", "MỤC ĐÍCH, YÊU CẦU"), ("II", "NHIỆM VỤ, GIẢI PHÁP"),
                        ("III", "KẾ HOẠCH TRIỂN KHAI CÁC NHIỆM VỤ CỤ THỂ"), ("IV", "TỔ CHỨC THỰC HIỆN")]
    items = [".".join(n.path) for n in nodes if n.kind == "number"]
    assert items == [f"II.{i}" for i in range(1, 9)] + [f"III.{i}" for i in range(1, 7)] + [f"IV.{i}" for i in range(1, 6)]
    iv4 = next(n for n in nodes if n.path == ("IV", "4"))
    assert iv4.text.startswith("Sở Tài chính tham mưu, bố trí kinh phí")
    # The appendix table and what follows the signature are not in the body.
    assert not any("Phụ lục" == n.text for n in nodes)


def test_a_page_number_printed_in_the_body_is_no_paragraph(tmp_path):
    # Documents that are no gazette issue number their pages from the second on, centred at the top
    # (Nghị định 30/2020/NĐ-CP, Phụ lục I): the number is not text of the paragraph it interrupts.
    page_1 = KH_PAGE_1 + (
        heading("III. TỔ CHỨC THỰC HIỆN"),
        Para("1. Các sở, ban, ngành tỉnh, Ủy ban nhân dân các huyện, thành phố triển khai Kế hoạch này tại "
             "cơ quan, đơn vị, địa phương mình; định kỳ hằng quý tổng hợp kết quả thực hiện gửi Ủy ban nhân dân"),
    )
    page_2 = (centred("2"),) + KH_PAGE_2
    nodes = outline_of(render_issue(tmp_path / "kh.pdf", [ContentPage(page_1), ContentPage(page_2)]))
    item = next(n for n in nodes if n.path == ("III", "1"))
    assert item.text.endswith("gửi Ủy ban nhân dân tỉnh, báo cáo kết quả về Sở Thông tin và Truyền thông trước ngày 15/12/2024.")
    assert not any(n.text == "2" for n in nodes)


def test_a_paragraph_over_a_page_break_stands_on_both_pages(tmp_path):
    page_1 = KH_PAGE_1 + (
        heading("III. TỔ CHỨC THỰC HIỆN"),
        Para("1. Các sở, ban, ngành tỉnh, Ủy ban nhân dân các huyện, thành phố triển khai Kế hoạch này tại "
             "cơ quan, đơn vị, địa phương mình; định kỳ hằng quý tổng hợp kết quả thực hiện gửi Ủy ban nhân dân"),
    )
    issue = read_issue(render_issue(tmp_path / "kh.pdf", [ContentPage(page_1), ContentPage(KH_PAGE_2)]))
    documents, pages = segment_issue(issue)
    spans = dict((".".join(n.path) + n.kind, p) for n, p in outline_pages(documents[0], pages))
    assert spans["III.1number"] == (0, 1) and spans["III.2number"] == (1,) and spans["Iroman"] == (0,)


TEXT = """KẾ HOẠCH
Căn cứ Quyết định số 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng Chính phủ;
I. TỔ CHỨC THỰC HIỆN
1. Sở Tài chính bố trí kinh phí
thực hiện Kế hoạch.
- Sở Nội vụ theo dõi;
Điều 2. Giao Sở Tư pháp chủ trì.
"""


def test_plain_text_has_an_outline_whose_places_index_the_text():
    found = text_outline(TEXT)
    assert [(n.kind, ".".join(n.path)) for n, _ in found] == [
        ("paragraph", ""), ("roman", "I"), ("number", "I.1"), ("dash", "I.1"), ("article", "Điều 2")]
    item, anchors = found[2]
    assert item.text == "Sở Tài chính bố trí kinh phí thực hiện Kế hoạch."
    # each line of the paragraph is found at its place in the text
    for (a, b), nxt in zip(anchors, [*anchors[1:], (len(item.text) + 1, None)]):
        assert TEXT[b:b + (nxt[0] - 1 - a)] == item.text[a:nxt[0] - 1]
