"""``congbao refs`` as other programs call it: offsets into the exact input, any encoding with a
byte-order mark, one-line errors, any size, the same mentions whatever the chunking at blank lines.

Texts are written here from drafting practice (Căn cứ clauses, Kế hoạch task sentences); each messy
character is one a real pipeline hands over: NFD from macOS and some PDF extractors, no-break spaces
and soft hyphens from word processors, zero-width characters and byte-order marks from web pages.
"""
from __future__ import annotations

import json
import subprocess
import sys
import unicodedata

import pytest

from conftest import ROOT


def run_refs(data: bytes, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipelines", "refs", *args], input=data, cwd=ROOT,
                          capture_output=True, timeout=300)


def records(done: subprocess.CompletedProcess) -> list[dict]:
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    return [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]


NFD = lambda s: unicodedata.normalize("NFD", s)  # noqa: E731

# Every kind of character normalisation changes, in one Căn cứ clause and one task sentence.
MESSY = (
    "\ufeffCăn cứ " + NFD("Nghị định") + " số 59/2012/NĐ-\u00adCP ngày 23/7/2012 của Chính\u00a0phủ;  "
    "Quyết định  số 829/QĐ-UBND ngày 10 tháng 11 năm 2022 của Chủ tịch Uỷ ban nhân dân tỉnh Cà Mau;\n"
    "Sở Nội\u200b vụ chủ trì, phối hợp với " + NFD("Ủy ban nhân dân") + " các huyện, thành phố báo cáo "
    "chậm nhất\u00a0ngày 05/6/2023 theo Kế hoạch số\u2009123/KH-UBND.\u200d"
)


def test_offsets_and_raw_index_the_exact_input():
    done = run_refs(MESSY.encode("utf-8"), "--agencies", "--deadlines", "--number", "123/KH-UBND",
                    "--date", "2023-05-29", "--province", "Cà Mau")
    out = records(done)
    assert out, "nothing found"
    for r in out:
        assert MESSY[r["start"]:r["end"]] == r["raw"], r
    refs = [r for r in out if r["type"] == "reference"]
    assert [r["number"] for r in refs] == ["59/2012/NĐ-CP", "829/QĐ-UBND", "123/KH-UBND"]
    # raw as printed (NFD, soft hyphen, old tone placement), parsed fields normalised
    assert refs[0]["raw"].startswith(NFD("Nghị định")) and "\u00ad" in refs[0]["raw"]
    assert "Uỷ ban" in refs[1]["raw"] and refs[1]["issuer"] == "Chủ tịch Ủy ban nhân dân tỉnh Cà Mau"
    assert refs[1]["global_key"] == "Cà Mau:829/QĐ-UBND@2022" and refs[0]["global_key"] == "59/2012/NĐ-CP"
    assert refs[2]["self"] is True and refs[2]["key"] == "123/KH-UBND@2023"
    agencies = [r["name"] for r in out if r["type"] == "agency"]
    assert "Sở Nội vụ" in agencies
    deadlines = [r for r in out if r["type"] == "deadline"]
    assert [d["deadline"]["end"] for d in deadlines] == ["2023-06-05"]
    assert [r["start"] for r in out] == sorted(r["start"] for r in out)


PARAGRAPHS = [
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số "
    "điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;",
    "Căn cứ các Nghị định: số 107/2020/NĐ-CP ngày 14/9/2020, số 108/2020/NĐ-CP ngày 14/9/2020 của "
    "Chính phủ;\nThực hiện Công văn số 1420/UBND-CCHC ngày 06/3/2023 của UBND tỉnh,",
    "Sở Tài nguyên và Môi trường chủ trì, phối hợp với các sở, ban, ngành tỉnh hoàn thành trước ngày "
    "15/12/2023 theo Quyết định số 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng Chính phủ.",
    "Văn phòng " + NFD("Ủy ban nhân dân") + " tỉnh theo dõi việc thực hiện Nghị quyết số 52-NQ/TW ngày "
    "27/9/2019 của Bộ Chính trị hằng quý.",
]


def test_whole_and_cut_at_blank_lines_give_the_same_mentions():
    whole = "\n\n".join(PARAGRAPHS)
    args = ("--agencies", "--deadlines", "--date", "2023-05-29", "--province", "Cà Mau")
    together = records(run_refs(whole.encode("utf-8"), *args))
    apart, offset = [], 0
    for paragraph in PARAGRAPHS:
        for r in records(run_refs(paragraph.encode("utf-8"), *args)):
            apart.append({**r, "start": r["start"] + offset, "end": r["end"] + offset})
        offset += len(paragraph) + 2
    assert together == apart
    assert sum(r["type"] == "reference" for r in together) == 7


BAD_INPUTS = [
    pytest.param("Thông tư số ".encode("utf-8") + b"\xe9t\xe9", f"byte offset {len('Thông tư số '.encode())}",
                 id="latin-1-bytes-after-utf-8"),
    pytest.param(b"Quy\xeat \xf0inh s\xf4 12", "byte offset 3", id="latin-1-text"),
    pytest.param("Nghị định".encode("utf-16")[:-1], "UTF-16", id="utf-16-cut-inside-a-character"),
    pytest.param("Nghị định".encode("utf-16-le"), "byte offset", id="utf-16-without-byte-order-mark"),
    pytest.param(b"Ngh\x00i dinh", "NUL", id="nul-byte-is-not-text"),
]


@pytest.mark.parametrize("data, said", BAD_INPUTS)
def test_bad_encoding_is_one_line_naming_stdin_and_offset(data, said):
    done = run_refs(data)
    err = done.stderr.decode("utf-8")
    assert done.returncode == 1
    assert done.stdout == b""
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert err.startswith("congbao: stdin: ") and said in err and "offset" in err


TEXT = "Căn cứ Nghị định số 59/2012/NĐ-CP ngày 23/7/2012 của Chính phủ; Thông tư số 01/2023/TT-VPCP."


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"],
                         ids=["utf-16-le-with-bom", "utf-16-be-with-bom", "utf-32-with-bom", "utf-8-with-bom"])
def test_encodings_with_a_byte_order_mark_are_read(codec):
    data = TEXT.encode(codec)
    if codec == "utf-16-be":
        data = b"\xfe\xff" + data
    plain = records(run_refs(TEXT.encode("utf-8")))
    got = records(run_refs(data))
    assert [r["number"] for r in got] == ["59/2012/NĐ-CP", "01/2023/TT-VPCP"]
    shift = 1 if codec == "utf-8-sig" else 0  # a UTF-8 mark is a character of the string; UTF-16/32 marks are not
    assert [(r["start"] - shift, r["end"] - shift) for r in got] == [(r["start"], r["end"]) for r in plain]


def test_input_over_a_million_characters_is_read_whole():
    sentence = "Thực hiện Nghị định số 59/2012/NĐ-CP ngày 23/7/2012 của Chính phủ về theo dõi thi hành pháp luật. "
    repeats = 1_100_000 // len(sentence) + 1
    text = sentence * repeats
    assert len(text) > 1_000_000
    out = records(run_refs(text.encode("utf-8")))
    assert len(out) == repeats
    assert all(text[r["start"]:r["end"]] == r["raw"] for r in out[:: max(1, repeats // 50)])


def test_empty_input_prints_nothing():
    done = run_refs(b"")
    assert done.returncode == 0 and done.stdout == b"" and done.stderr == b""


def test_help_states_the_offset_contract():
    done = subprocess.run([sys.executable, "-m", "pipelines", "refs", "--help"], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert "text[start:end] == raw" in done.stdout and "blank lines" in done.stdout and "UTF-16" in done.stdout


def test_spans_of_different_kinds_over_the_same_tokens_keep_their_own_values():
    # spaCy keys extension values by span offsets: a deadline and a reference expanded to the same
    # tokens used to share one value (and `congbao refs` crashed reading a Deadline's number).
    from extract.models import Deadline, LegalRef
    from extract.nlp.pipeline import _attach, build_nlp

    nlp = build_nlp()
    doc = nlp.make_doc("Hằng quý theo Công văn số 12/UBND-VX")
    ref = LegalRef(raw="Công văn số 12/UBND-VX", kind="Công văn", number="12/UBND-VX", key="12/UBND-VX", start=14, end=36)
    deadline = Deadline(raw="Công văn", kind="per_reference")
    _attach(doc, "legal_refs", [(14, 36, ref)])
    _attach(doc, "deadlines", [(15, 35, deadline)])  # expands to the same tokens
    assert doc.spans["legal_refs"][0]._.congbao is ref
    assert doc.spans["deadlines"][0]._.congbao is deadline
