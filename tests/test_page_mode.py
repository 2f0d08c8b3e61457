"""What congbao trusts on each page (``extract.page_mode``), on pages drawn here: a text page, a scan
under another tool's invisible OCR layer, a scan under a watermark, mojibake, glyphs without Unicode, a
text layer without diacritics, and values stamped by annotations after signing."""
from __future__ import annotations

import ctypes
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from PIL import Image
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from extract.page_mode import decide_page_mode
from extract.pipeline import extract_issue
from extract.read import INK_DPI, _ink_outside, open_source, read_issue
from extract.scan.tesseract import ocr_status
from scan_pdf import scan_pdf

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
SENTENCE = "Ủy ban nhân dân tỉnh giao Sở Nội vụ chủ trì, phối hợp với các sở thực hiện kế hoạch này."
UNMARKED = "Uy ban nhan dan tinh giao So Noi vu chu tri, phoi hop voi cac so thuc hien ke hoach nay."
needs_ocr = pytest.mark.skipif(ocr_status() is not None, reason=f"OCR unavailable: {ocr_status()}")


def _canvas(path: Path) -> canvas.Canvas:
    pdfmetrics.registerFont(TTFont("DejaVuSans", FONT))
    return canvas.Canvas(str(path), pagesize=(595, 842), pageCompression=0, invariant=1)


def text_page(path: Path, line: str = SENTENCE, n: int = 24, *, font: str = "DejaVuSans") -> Path:
    c = _canvas(path)
    c.setFont(font, 11)
    for i in range(n):
        c.drawString(60, 780 - 18 * i, line)
    c.save()
    return path


def scan_with_text(path: Path, tmp: Path, text: str, *, render_mode: int, x: float = 60, y: float = 780,
                   size: float = 11, lines: int = 24, grey: float = 0.0) -> Path:
    """A scan of a text page, drawn again as one page image, with ``text`` drawn over it in
    ``render_mode`` (3: invisible, as another tool's OCR layer; 0: visible, as a watermark)."""
    scan = scan_pdf(text_page(tmp / "src.pdf"), tmp / "scan.pdf", dpi=150)
    image = pdfium.PdfDocument(str(scan))[0].render(scale=150 / 72, grayscale=True).to_pil()
    image_path = tmp / "page.png"
    image.save(image_path)
    c = _canvas(path)
    c.drawImage(str(image_path), 0, 0, width=595, height=842)
    t = c.beginText()
    t.setFont("DejaVuSans", size)
    t.setTextRenderMode(render_mode)
    t.setFillGray(grey)
    for i in range(lines):
        t.setTextOrigin(x, y - 18 * i)
        t.textLine(text)
    c.drawText(t)
    c.save()
    return path


def mojibake_page(path: Path) -> Path:
    """Vietnamese read through the wrong encoding: UTF-8 bytes taken as Latin-1 ("Ủy" → "á»¦y")."""
    return text_page(path, SENTENCE.encode("utf-8").decode("latin-1"), font="Helvetica")


def unicode_free_page(path: Path) -> Path:
    """A text page whose font lost its ToUnicode map (the key renamed in place, offsets unchanged)."""
    text_page(path, "Ủy ban nhân dân tỉnh Điện Biên: điều chỉnh, bổ sung, sửa đổi, ổn định.")
    data = path.read_bytes()
    path.write_bytes(data.replace(b"/ToUnicode", b"/ToUnicodX"))
    return path


def decide(pdf: Path, **kw):
    with open_source(pdf) as source:
        content = source.read_page(0)
        ink = _ink_outside(source.render(0, dpi=INK_DPI, colour=False), content, INK_DPI)
    return decide_page_mode(content, ink_outside=ink, **kw)


CASES = [
    # (id, page builder, mode, words of the reason)
    ("text-layer-is-trusted", lambda p, t: text_page(p), "text", "text layer"),
    ("invisible-ocr-layer-over-a-scan-is-replaced",
     lambda p, t: scan_with_text(p, t, SENTENCE, render_mode=3), "ocr", "another tool's OCR layer"),
    ("diacritic-less-ocr-layer-over-a-scan-is-replaced",
     lambda p, t: scan_with_text(p, t, UNMARKED, render_mode=3), "ocr", "another tool's OCR layer"),
    ("watermark-over-a-scan-is-not-its-text",
     lambda p, t: scan_with_text(p, t, "www.LuatVietnam.vn", render_mode=0, x=150, y=420, size=40, lines=1, grey=0.6),
     "ocr", "ink lies outside the text layer"),
    ("mojibake-is-not-text", lambda p, t: mojibake_page(p), "ocr", "not Vietnamese text"),
    ("glyphs-without-unicode-are-not-text", lambda p, t: unicode_free_page(p), "ocr", "glyphs have no Unicode"),
    ("text-without-diacritics-is-another-tools-ocr", lambda p, t: text_page(p, UNMARKED), "ocr", "without diacritics"),
]


@pytest.mark.parametrize("build, mode, reason", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_page_mode_is_decided_from_the_pages_evidence(tmp_path, build, mode, reason):
    decision = decide(build(tmp_path / "page.pdf", tmp_path))
    assert decision.mode == mode
    assert reason in decision.reason


def test_a_page_that_needs_ocr_without_it_keeps_no_garbage_and_says_so(tmp_path):
    decision = decide(mojibake_page(tmp_path / "page.pdf"), ocr_available=False)
    assert decision.mode == "none" and "not Vietnamese text" in decision.warning
    decision = decide(mojibake_page(tmp_path / "page.pdf"), policy="never")
    assert decision.mode == "none" and "OCR is off" in decision.warning


def test_another_tools_ocr_layer_is_kept_when_no_ocr_can_run(tmp_path, ):
    pdf = scan_with_text(tmp_path / "page.pdf", tmp_path, SENTENCE, render_mode=3)
    decision = decide(pdf, ocr_available=False)
    assert (decision.mode, decision.use_invisible) == ("text", True) and "invisible" in decision.warning
    page = read_issue(pdf, ocr=False).pages[0]
    assert page.lines[0].text == SENTENCE and page.mode == "text"


def test_ocr_always_reads_a_text_page_by_ocr(tmp_path):
    assert decide(text_page(tmp_path / "page.pdf"), policy="always").mode == "ocr"


@needs_ocr
def test_a_scan_under_a_watermark_is_read_by_ocr_and_the_watermark_is_not_its_text(tmp_path):
    # the watermark printed over a line of the scan: the page image is read alone (rendered with the
    # watermark, that line and the next lose words to it)
    pdf = scan_with_text(tmp_path / "page.pdf", tmp_path, "www.LuatVietnam.vn", render_mode=0, x=150, y=420,
                         size=24, lines=1)
    page = read_issue(pdf, ocr_workers=1).pages[0]
    assert page.ocr and page.mode == "ocr" and "ink lies outside" in page.mode_reason
    assert [ln.text for ln in page.lines] == [SENTENCE] * 24


# ---------------------------------------------------------------- values stamped after signing


def stamped(path: Path, typed: list[tuple[float, float, str]], stamps: list[tuple[float, float, str]]) -> Path:
    """A text page with ``stamps`` added as Stamp annotations whose appearance draws the text (as an
    e-office system stamps the number and the day into a signed PDF)."""
    base = path.with_suffix(".base.pdf")
    c = _canvas(base)
    c.setFont("DejaVuSans", 12)
    for x, y, text in typed:
        c.drawString(x, y, text)
    c.save()
    doc = pdfium.PdfDocument(str(base))
    page = doc[0]
    for x, y, text in stamps:
        annot = pdfium_c.FPDFPage_CreateAnnot(page.raw, pdfium_c.FPDF_ANNOT_STAMP)
        pdfium_c.FPDFAnnot_SetRect(annot, pdfium_c.FS_RECTF(x - 2, y + 14, x + 8 * len(text), y - 4))
        obj = pdfium_c.FPDFPageObj_NewTextObj(doc.raw, b"Helvetica", 12.0)
        wide = ctypes.create_string_buffer((text + "\0").encode("utf-16-le"))
        pdfium_c.FPDFText_SetText(obj, ctypes.cast(wide, ctypes.POINTER(pdfium_c.FPDF_WCHAR)))
        pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, y)
        assert pdfium_c.FPDFAnnot_AppendObject(annot, obj)
        pdfium_c.FPDFPage_CloseAnnot(annot)
    page.gen_content()
    doc.save(str(path))
    return path


def test_number_and_day_stamped_after_signing_fill_their_lines(tmp_path):
    pdf = stamped(tmp_path / "qd.pdf",
                  [(60, 800, "ỦY BAN NHÂN DÂN"), (300, 800, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
                   (60, 786, "THÀNH PHỐ HÀ NỘI"), (330, 786, "Độc lập - Tự do - Hạnh phúc"),
                   (60, 760, "Số:           /QĐ-UBND"), (320, 760, "Hà Nội, ngày        tháng 6 năm 2025"),
                   (260, 730, "QUYẾT ĐỊNH")],
                  [(88, 760, "2858."), (410, 760, "10")])
    page = read_issue(pdf, ocr=False).pages[0]
    assert "Số: 2858. /QĐ-UBND Hà Nội, ngày 10 tháng 6 năm 2025" in [ln.text for ln in page.lines]
    (doc,) = extract_issue(pdf, language=False, ocr=False).documents
    assert (doc.number, doc.date.isoformat(), doc.kind) == ("2858/QĐ-UBND", "2025-06-10", "Quyết định")


def test_a_value_stamped_over_a_typed_one_reads_as_stamped(tmp_path):
    pdf = stamped(tmp_path / "over.pdf", [(60, 760, "Hà Nội, ngày 10 tháng 4 năm 2025")],
                  [(199, 760, "5")])
    with open_source(pdf) as source:
        typed_four = next(w for w in source.read_page(0).words if w.text == "4")
    assert 190 < typed_four.x0 < 200  # the stamp covers the typed month
    (line,) = read_issue(pdf, ocr=False).pages[0].lines
    assert line.text == "Hà Nội, ngày 10 tháng 5 năm 2025"


def test_text_of_a_stamp_that_fills_no_line_is_left_out(tmp_path):
    pdf = stamped(tmp_path / "icon.pdf", [(60, 760, "Hà Nội, ngày 10 tháng 6 năm 2025")], [(5, 20, "Ký")])
    assert [ln.text for ln in read_issue(pdf, ocr=False).pages[0].lines] == ["Hà Nội, ngày 10 tháng 6 năm 2025"]


def test_stamp_reading_leaves_the_file_and_the_page_as_they_were(tmp_path):
    pdf = stamped(tmp_path / "qd.pdf", [(60, 760, "Số:           /QĐ-UBND")], [(88, 760, "2858")])
    before = pdf.read_bytes()
    with open_source(pdf) as source:
        assert [w.text for w in source.read_page(0).stamps] == ["2858"]
        image = source.render(0, dpi=72, colour=False)
    assert pdf.read_bytes() == before and isinstance(image, Image.Image)
    doc = pdfium.PdfDocument(str(pdf))
    assert pdfium_c.FPDFPage_GetAnnotCount(doc[0].raw) == 1  # the reader's own copy was not flattened
