"""``congbao tasks``: the tasks written in a plain text, as JSON lines with offsets into the text as given
(for other tools, as ``congbao refs`` is for references)."""
from __future__ import annotations

import json
import subprocess
import sys
import unicodedata

from conftest import ROOT

PLAN = """KẾ HOẠCH
Triển khai thực hiện chuyển đổi số năm 2024
I. MỤC ĐÍCH, YÊU CẦU
1. Nâng cao hiệu quả hoạt động của cơ quan nhà nước.
II. TỔ CHỨC THỰC HIỆN
1. Sở Thông tin và Truyền thông chủ trì, phối hợp với Sở Tài chính tham mưu Ủy ban nhân dân tỉnh bố trí kinh phí thực hiện Kế hoạch; báo cáo kết quả trước ngày 15/12/2024.
2. Giao Ủy ban nhân dân các huyện, thành phố triển khai Kế hoạch này tại địa phương trong Quý III/2024.
3. Kế hoạch này có hiệu lực kể từ ngày ký.
"""


def tasks(text: str | bytes, *args: str) -> subprocess.CompletedProcess:
    data = text.encode() if isinstance(text, str) else text
    return subprocess.run([sys.executable, "-m", "pipelines", "tasks", *args], input=data, cwd=ROOT,
                          capture_output=True, timeout=300)


def lines(done: subprocess.CompletedProcess) -> list[dict]:
    assert done.returncode == 0, done.stderr.decode()
    return [json.loads(line) for line in done.stdout.decode().splitlines()]


def test_each_assignment_of_a_plan_is_one_task_with_its_bodies_and_deadline():
    found = lines(tasks(PLAN, "--date", "2024-03-05"))
    assert [t["number"] for t in found] == ["II.1", "II.2"]  # purposes and the effect clause are none
    first, second = found
    assert [a["name"] for a in first["lead"]] == ["Sở Thông tin và Truyền thông"]
    assert [a["name"] for a in first["support"]] == ["Sở Tài chính"]
    assert first["deadline"]["kind"] == "by_date" and first["deadline"]["end"] == "2024-12-15"
    assert [a["name"] for a in second["lead"]] == ["Ủy ban nhân dân các huyện, thành phố"]
    assert (second["deadline"]["start"], second["deadline"]["end"]) == ("2024-07-01", "2024-09-30")
    assert first["group"] == {"number": "II", "title": "Tổ chức thực hiện", "parent": None}


def test_offsets_index_the_text_as_given():
    # decomposed letters and no-break spaces stay the caller's: raw is text[start:end] exactly
    text = unicodedata.normalize("NFD", PLAN).replace("Sở Tài chính", "Sở\u00a0Tài chính")
    found = lines(tasks(text))
    assert found and all(text[t["start"]:t["end"]] == t["raw"] for t in found)
    assert found[0]["raw"].startswith(unicodedata.normalize("NFD", "Sở Thông tin"))


def test_text_that_assigns_nothing_gives_no_line():
    assert lines(tasks("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n")) == []


def test_unreadable_input_is_one_line():
    bad = tasks(b"\xff\xfe\xfa not text at all \xc3")
    assert bad.returncode == 1 and len(bad.stderr.decode().strip().splitlines()) == 1
    missing = subprocess.run([sys.executable, "-m", "pipelines", "tasks", "no-such-file.txt"], cwd=ROOT,
                             capture_output=True, text=True, timeout=300)
    assert missing.returncode == 2 and missing.stderr.strip() == "congbao: no-such-file.txt: No such file or directory"


def test_help_has_examples():
    done = subprocess.run([sys.executable, "-m", "pipelines", "tasks", "--help"], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0 and "congbao tasks plan.txt" in done.stdout
