"""Real text-layer documents as published (tests/data/real-text): the number and day an e-office system
stamps after signing, an appendix published alone, Word's Print-to-PDF font objects, the signer past the
recipients list, and references cited undated after their dated mention."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from extract.pipeline import extract_issue
from extract.read import read_issue

DATA = Path(__file__).resolve().parent / "data" / "real-text"


@pytest.fixture(scope="module")
def results():
    return {name: extract_issue(DATA / f"{name}.pdf", ocr=False)
            for name in ("qd2858-hanoi", "kh3070-bimson", "btp-1043-danhmuc")}


@pytest.mark.parametrize("name, kind, number, date, signer", [
    # The số and the day are signature widgets drawn after signing; the typed lines read "Số: /QĐ-UBND".
    ("qd2858-hanoi", "Quyết định", "2858/QĐ-UBND", dt.date(2025, 6, 10), ("Dương Đức Tuấn", "Phó Chủ tịch")),
    # "3070." stamped before the typed "/KH-UBND": the stop is no part of the number.
    ("kh3070-bimson", "Kế hoạch", "3070/KH-UBND", dt.date(2024, 9, 9), ("Trịnh Tuấn Thành", "Chủ tịch")),
    # No header block: the document is the one its "(Ban hành kèm theo Công văn số … ngày 9/4/2021)" names.
    ("btp-1043-danhmuc", "Công văn", "1043/BTP-QLXLVPHC&TDTHPL", dt.date(2021, 4, 9), (None, None)),
])
def test_real_documents_get_their_own_kind_number_date_and_signer(results, name, kind, number, date, signer):
    (doc,) = results[name].documents
    assert (doc.kind, doc.number, doc.date) == (kind, number, date)
    assert (doc.signer.name, doc.signer.title) == signer


def test_an_appendix_published_alone_says_where_its_document_came_from(results):
    (doc,) = results["btp-1043-danhmuc"].documents
    assert doc.issuer == "Bộ Tư pháp"  # from the số ký hiệu's issuer code
    assert any("holds only an appendix" in w for w in doc.warnings)


def test_stamped_values_read_into_the_typed_lines(results):
    lines = [ln.text for ln in results["qd2858-hanoi"].issue.pages[1].lines]
    assert any("Tờ trình số 2389 /TTr-QHKT-NSH-HTKT ngày 29/5/2025" in ln or ln.startswith("2389 /TTr-") for ln in lines)
    keys = {r.key for _, r in results["qd2858-hanoi"].references}
    assert {"2389/TTr-QHKT-NSH-HTKT@2025", "2390/BC-QHKT-NSH-HTKT@2025"} <= keys


def test_print_to_pdf_font_objects_do_not_split_syllables():
    """Word's "Print to PDF" draws Vietnamese letters from a second object of the same font: "Luật" is
    drawn "Lu" + "ật" and must read as one word (pdfium and pdfplumber alike)."""
    texts = {reader: " ".join(ln.text for ln in read_issue(DATA / "btp-1043-danhmuc.pdf", reader=reader, ocr=False,
                                                           max_pages=3000).pages[0].lines)
             for reader in ("pdfium", "pdfplumber")}
    assert texts["pdfium"] == texts["pdfplumber"]
    assert "Luật Đất đai (số" in texts["pdfium"] and "Lu ật" not in texts["pdfium"]


def test_every_page_of_a_text_layer_document_is_read_from_its_text_layer(results):
    for result in results.values():
        assert {(p.mode, p.mode_reason) for p in result.issue.pages} == {("text", "text layer")}


def test_tables_of_other_kinds_keep_their_rows_and_give_no_tasks(results):
    # A list of laws with what each asks for (three sections, 19 + 16 + 28 rows over 52 pages) and a
    # land-use table (two plots and their total): no column of bodies or deadlines, so no task.
    (laws,) = results["btp-1043-danhmuc"].tables
    assert laws.kind == "other" and not _table_tasks(results["btp-1043-danhmuc"])
    numbers = [(r.group_number, r.cells[0]) for r in laws.rows]
    assert numbers == ([("I", str(n)) for n in range(1, 20)] + [("II", str(n)) for n in range(1, 17)]
                       + [("III", str(n)) for n in range(1, 29)])
    (land,) = results["qd2858-hanoi"].tables
    assert land.kind == "other" and not _table_tasks(results["qd2858-hanoi"])
    assert [r.is_total for r in land.rows] == [False, False, True]


def _table_tasks(result) -> list:
    return [t for t in result.tasks if t.origin == "appendix"]
