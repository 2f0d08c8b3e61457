"""Tasks written in the body (``extract.body_tasks``): issues the tests render (tests/gazette_pdf.py,
``render_issue``), plain text with offsets, and the dev gazettes measured against their golds."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from gazette_pdf import ContentPage, DocHeader, Para, Signature, render_issue

from conftest import GOLD
from extract.body_tasks import find_text_tasks
from extract.pipeline import extract_issue


def heading(text: str) -> Para:
    return Para(text, align="left", style="bold", indent=False)


def centred(text: str) -> Para:
    return Para(text, align="centre", style="bold", indent=False)


def names(agencies) -> list[str]:
    return [a.name for a in agencies]


def body_tasks(pdf):
    result = extract_issue(pdf)
    return [t for t in result.tasks if t.origin == "body"]


# A Quyết định: Điều 1 approves a plan (its content names bodies but assigns nothing), Điều 2 assigns in
# bullets, the first of which runs over the page break, Điều 3 holds the effect and execution clauses.
QD_PAGE_1 = (
    DocHeader("QUYẾT ĐỊNH", ("Phê duyệt Kế hoạch phát triển thương mại điện tử tỉnh năm 2025",), number="48/QĐ-UBND",
              place_date="Thử, ngày 10 tháng 3 năm 2025"),
    centred("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH"),
    Para("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025;"),
    Para("Xét đề nghị của Giám đốc Sở Công Thương tại Tờ trình số 15/TTr-SCT ngày 01 tháng 3 năm 2025."),
    centred("QUYẾT ĐỊNH:"),
    Para("Điều 1. Phê duyệt Kế hoạch phát triển thương mại điện tử tỉnh năm 2025 với các nội dung sau:"),
    Para("1. Mục tiêu: 60% doanh nghiệp trên địa bàn tỉnh có giao dịch điện tử."),
    Para("2. Nội dung: các doanh nghiệp phối hợp với các sàn giao dịch mở gian hàng trực tuyến."),
    Para("Điều 2. Tổ chức thực hiện:"),
    Para("- Giao Sở Công Thương chủ trì, phối hợp với Sở Tài chính và Công an tỉnh xây dựng cơ sở dữ liệu "
         "doanh nghiệp có giao dịch điện tử, kiểm tra việc tuân thủ quy định về thương mại điện tử trên địa"),
)
QD_PAGE_2 = (
    Para("bàn tỉnh, hoàn thành trước ngày 30/9/2025.", indent=False),
    Para("- Ủy ban nhân dân các huyện, thị xã mở lớp tập huấn cho hộ kinh doanh; định kỳ hằng quý báo cáo kết "
         "quả về Sở Công Thương."),
    Para("Điều 3. Quyết định này có hiệu lực kể từ ngày ký."),
    Para("Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Công Thương, Chủ tịch Ủy ban nhân dân các huyện, thị "
         "xã chịu trách nhiệm thi hành Quyết định này./."),
    Signature(titles=("CHỦ TỊCH",)),
)


def test_the_articles_of_a_decision_assign_over_a_page_break(tmp_path):
    pdf = render_issue(tmp_path / "qd.pdf", [ContentPage(QD_PAGE_1), ContentPage(QD_PAGE_2)])
    tasks = body_tasks(pdf)
    assert [(t.number, t.group_number) for t in tasks] == [("Điều 2", None), ("Điều 2", None)]
    first, second = tasks
    # the bullet is one task across the page break, its "- " taken off
    assert first.text.startswith("Giao Sở Công Thương chủ trì") and first.text.endswith("hoàn thành trước ngày 30/9/2025.")
    assert names(first.lead) == ["Sở Công Thương"]
    assert names(first.support) == ["Sở Tài chính", "Công an tỉnh"]
    assert (first.deadline.kind, first.deadline.end) == ("by_date", dt.date(2025, 9, 30))
    assert first.page_numbers == (11, 12) and first.page_indexes == (0, 1)
    assert first.task_id == "qd/48-QĐ-UBND/B/Điều 2" and second.task_id == "qd/48-QĐ-UBND/B/Điều 2#2"
    # the body reported to is neither lead nor support; a cycle is a recurring deadline
    assert names(second.lead) == ["Ủy ban nhân dân các huyện, thị xã"] and second.support == ()
    assert second.deadline.kind == "recurring"
    assert not any("Chánh Văn phòng" in t.text or "phối hợp với các sàn" in t.text for t in tasks)


# A Kế hoạch: purposes naming bodies (no tasks), then "Tổ chức thực hiện" whose first item runs over the
# page break, an item headed by its body, and a closing paragraph that only asks the addressees to act.
KH_PAGE_1 = (
    DocHeader("KẾ HOẠCH", ("Phát triển du lịch cộng đồng năm 2025",), number="77/KH-UBND",
              place_date="Thử, ngày 02 tháng 4 năm 2025"),
    Para("Căn cứ Nghị quyết số 82/NQ-CP ngày 18/5/2023 của Chính phủ về các nhiệm vụ, giải pháp chủ yếu phát triển "
         "du lịch;"),
    Para("Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:"),
    heading("I. MỤC ĐÍCH, YÊU CẦU"),
    Para("- Các sở, ngành và địa phương xác định phát triển du lịch cộng đồng là nhiệm vụ thường xuyên."),
    heading("II. TỔ CHỨC THỰC HIỆN"),
    Para("1. Sở Văn hóa, Thể thao và Du lịch chủ trì, phối hợp với Sở Tài chính và Ủy ban nhân dân các huyện khảo "
         "sát các điểm du lịch cộng đồng, xây dựng bộ tiêu chí đánh giá điểm du lịch cộng đồng; tổng hợp, báo cáo"),
)
KH_PAGE_2 = (
    Para("Ủy ban nhân dân tỉnh trước ngày 15/11/2025.", indent=False),
    Para("2. Sở Tài chính: Cân đối nguồn vốn cho các điểm du lịch cộng đồng."),
    Para("3. Ủy ban nhân dân các huyện giao Ủy ban nhân dân các xã hướng dẫn hộ gia đình làm du lịch cộng đồng."),
    Para("Trên đây là Kế hoạch phát triển du lịch cộng đồng năm 2025, các cơ quan, đơn vị biết, thực hiện./."),
    Signature(),
)


def test_the_implementation_section_of_a_plan_assigns_over_a_page_break(tmp_path):
    pdf = render_issue(tmp_path / "kh.pdf", [ContentPage(KH_PAGE_1), ContentPage(KH_PAGE_2)])
    tasks = body_tasks(pdf)
    assert [t.number for t in tasks] == ["II.1", "II.2", "II.3"]
    assert {(t.group_number, t.group_title) for t in tasks} == {("II", "Tổ chức thực hiện")}
    first, funds, towns = tasks
    assert first.text.endswith("báo cáo Ủy ban nhân dân tỉnh trước ngày 15/11/2025.")
    assert first.page_numbers == (11, 12)
    assert names(first.lead) == ["Sở Văn hóa, Thể thao và Du lịch"]
    assert names(first.support) == ["Sở Tài chính", "Ủy ban nhân dân các huyện"]
    assert first.deadline.end == dt.date(2025, 11, 15)
    assert first.evidence == ("báo cáo",)
    assert names(funds.lead) == ["Sở Tài chính"] and funds.text == "Sở Tài chính: Cân đối nguồn vốn cho các điểm du lịch cộng đồng."
    # the body the issuer's partner directs is the object of "giao": here the subject gives the work on
    assert names(towns.lead) == ["Ủy ban nhân dân các xã"]
    assert all(t.origin == "body" and t.row is None and t.columns == () for t in tasks)


def test_without_the_language_stage_there_are_no_body_tasks(tmp_path):
    pdf = render_issue(tmp_path / "kh.pdf", [ContentPage(KH_PAGE_1), ContentPage(KH_PAGE_2)])
    assert [t for t in extract_issue(pdf, language=False).tasks if t.origin == "body"] == []


# ---------------------------------------------------------------- plain text

PLAIN = """III. TỔ CHỨC THỰC HIỆN
1. Sở Nội vụ chủ trì, phối hợp với Sở Tư pháp theo dõi,
đôn đốc việc thực hiện Kế hoạch; báo cáo kết quả trước ngày 20/12/2025.
2. Giao Công an tỉnh hướng dẫn các xã
triển khai mô hình tự quản.
"""


def test_plain_text_tasks_carry_their_offsets():
    found = find_text_tasks(PLAIN, document_date=dt.date(2025, 5, 1))
    assert [(f.task.number, names(f.task.lead)) for f in found] == [("III.1", ["Sở Nội vụ"]), ("III.2", ["Công an tỉnh"])]
    first, second = found
    assert PLAIN[first.start:first.end] == ("Sở Nội vụ chủ trì, phối hợp với Sở Tư pháp theo dõi,\nđôn đốc việc thực hiện "
                                            "Kế hoạch; báo cáo kết quả trước ngày 20/12/2025.")
    assert PLAIN[second.start:second.end] == "Giao Công an tỉnh hướng dẫn các xã\ntriển khai mô hình tự quản."
    assert first.task.deadline.end == dt.date(2025, 12, 20) and first.task.task_id == "B/III.1"
    assert first.task.group_title == "Tổ chức thực hiện"


def test_plain_text_offsets_index_the_caller_s_text():
    # a no-break space and a soft hyphen, as pasted text carries them: normalised for reading only
    raw = "2. Sở\u00a0Tài chính bố trí kinh phí thực hi\u00adện Kế hoạch."
    found = find_text_tasks(raw)
    assert len(found) == 1
    f = found[0]
    assert raw[f.start:f.end] == "Sở\u00a0Tài chính bố trí kinh phí thực hi\u00adện Kế hoạch."
    assert f.task.text == "Sở Tài chính bố trí kinh phí thực hiện Kế hoạch."


def test_plain_text_without_assignments_gives_none():
    assert find_text_tasks("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025;\n") == ()


# ---------------------------------------------------------------- the dev gazettes, measured

BODY_MIN = {"body_p": 0.9, "body_r": 0.9, "body_agencies": 0.9, "body_deadline": 0.9}


@pytest.mark.parametrize("stem", ["congbao-camau-43", "congbao-haugiang-12"])
def test_dev_gazette_body_tasks_meet_the_bar(stem, dev_outputs):
    done = subprocess.run([sys.executable, str(GOLD / "score.py"), str(GOLD / f"{stem}.gold.json"), str(dev_outputs)],
                          capture_output=True, text=True, check=True)
    last = done.stdout.strip().splitlines()[-1]
    metrics = {k: float(v) for k, v in (item.split("=") for item in last.split()[2:])}
    assert {k: metrics[k] for k in BODY_MIN if metrics[k] + 1e-9 < BODY_MIN[k]} == {}
