"""The two PDF readers: pdfium (``extract.readers.pdfium``, the default) against pdfplumber
(``extract.readers.pdfplumber``, the oracle).

Both must give the same records on every text-layer PDF the project has: the dev gazettes, the
rendered table cases (tests/gazette_pdf.py ``CASES``) and the rendered issues of
tests/test_segment_rendered.py. Then the traps pdfium sets, each on a small PDF drawn here: a hyphen
that ends a line, ``/Rotate 90`` pages, glyph-dependent character boxes, bold faces; errors; the
normalisation done once per page; page images for OCR in grey or colour.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

import gazette_pdf
import test_segment_rendered
from conftest import SAMPLES, run_cli
from extract.errors import EmptyPdf, PdfEncrypted, PdfUnreadable
from extract.normalize import normalize_text
from extract.read import READERS, open_source, read_issue
from extract.readers.base import page_words
from pipelines.runner.job import process_pdf
from scan_pdf import Seal, scan_pdf

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


def records(pdf: Path, reader: str) -> dict:
    """Everything a run writes for ``pdf``: tasks, documents, references (validated JSON), notes, error."""
    o = process_pdf(pdf, reader=reader)
    return {"tasks": o.tasks, "documents": o.documents, "references": o.references, "notes": o.notes,
            "error": o.error}


def assert_same_records(pdf: Path) -> dict:
    oracle = records(pdf, "pdfplumber")
    assert oracle["error"] is None, oracle["error"]
    assert records(pdf, "pdfium") == oracle
    return oracle


def pages(pdf: Path, reader: str) -> list:
    with open_source(pdf, reader) as src:
        return [src.read_page(i) for i in range(src.page_count)]


def draw(path: Path, lines: list[tuple[float, float, str, str, float]], *, rotate: int = 0) -> Path:
    """A one-page PDF with ``(x, baseline, font, text, size)`` lines drawn as given (reportlab, DejaVu)."""
    for name in ("DejaVuSans", "DejaVuSans-Bold"):
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / f"{name}.ttf")))
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    if rotate:
        c.setPageRotation(rotate)
    for x, y, font, text, size in lines:
        c.setFont(font, size)
        c.drawString(x, y, text)
    c.save()
    return path


# ---------------------------------------------------------------- same records


def test_a_path_given_as_text_reads_like_a_path():
    path = SAMPLES[sorted(SAMPLES)[0]]
    from_text, from_path = read_issue(str(path)), read_issue(Path(path))
    assert from_text.sha256 == from_path.sha256 and len(from_text.pages) == len(from_path.pages) > 1
    assert [p.words for p in from_text.pages] == [p.words for p in from_path.pages]


@pytest.mark.parametrize("stem", sorted(SAMPLES))
def test_dev_gazette_gives_the_same_records_with_both_readers(stem):
    oracle = assert_same_records(SAMPLES[stem])
    assert len(oracle["tasks"]) > 30 and oracle["references"]


@pytest.mark.parametrize("case", sorted(gazette_pdf.CASES))
def test_rendered_table_case_gives_the_same_records_with_both_readers(case, tmp_path):
    pdf, _expected = gazette_pdf.CASES[case](tmp_path)
    assert assert_same_records(pdf)["tasks"]


# The rendered issues are built inside test_segment_rendered's tests: running one into a folder of
# its own leaves its PDFs there (and checks the default reader's reading on the way).
SEGMENT_TESTS = sorted(name for name in dir(test_segment_rendered) if name.startswith("test_"))


@pytest.mark.parametrize("name", SEGMENT_TESTS)
def test_rendered_issue_gives_the_same_records_with_both_readers(name, tmp_path):
    getattr(test_segment_rendered, name)(tmp_path)
    rendered = sorted(tmp_path.glob("*.pdf"))
    assert rendered
    for pdf in rendered:
        assert_same_records(pdf)


@pytest.mark.parametrize("stem", sorted(SAMPLES))
def test_dev_gazette_words_and_rules_match_pdfplumber(stem):
    for plumber, pdfium in zip(pages(SAMPLES[stem], "pdfplumber"), pages(SAMPLES[stem], "pdfium"), strict=True):
        assert (pdfium.width, pdfium.height) == pytest.approx((plumber.width, plumber.height), abs=0.01)
        assert Counter(w.text for w in pdfium.words) == Counter(w.text for w in plumber.words)
        assert len(pdfium.rulings) == len(plumber.rulings)
        key = lambda r: (r.horizontal, round(r.position, 1), round(r.start, 1))  # noqa: E731
        for a, b in zip(sorted(pdfium.rulings, key=key), sorted(plumber.rulings, key=key)):
            assert (a.horizontal, a.position, a.start, a.end) == pytest.approx((b.horizontal, b.position, b.start, b.end), abs=0.01)
        by_text: dict[str, list] = {}
        for w in plumber.words:
            by_text.setdefault(w.text, []).append(w)
        for w in pdfium.words:
            o = min(by_text[w.text], key=lambda p: abs(p.x0 - w.x0) + abs(p.top - w.top))  # the same word
            # pdfium places characters with its whole-unit glyph widths: drift along a line under 1 pt.
            assert abs(w.x0 - o.x0) < 1.0 and abs(w.x1 - o.x1) < 1.0
            # Same box height; pdfminer takes descent 0 for fonts whose descriptor gives none
            # (LibreOffice's, Cà Mau 43), pdfium the font's own (0.303 em for its italic).
            assert w.bottom - w.top == pytest.approx(o.bottom - o.top, abs=0.01)
            assert abs(w.top - o.top) <= 0.31 * w.size
            assert (w.bold, round(w.size, 2)) == (o.bold, round(o.size, 2))


# ---------------------------------------------------------------- pdfium's traps


@pytest.mark.parametrize("reader", READERS)
def test_hyphen_ending_a_line_is_kept(reader, tmp_path):
    # pdfium reports a hyphen that ends a line before a letter as U+0002 (its text as U+FFFE).
    pdf = draw(tmp_path / "hyphen.pdf", [(72, 700, "DejaVuSans", "Căn cứ Nghị định số 32/2020/NĐ-", 12),
                                        (72, 685, "DejaVuSans", "CP ngày 05/3/2020 của Chính phủ", 12)])
    (page,) = pages(pdf, reader)
    texts = [w.text for w in page.words]
    assert texts[texts.index("32/2020/NĐ-") + 1] == "CP"


def test_number_wrapped_after_its_hyphen_is_one_reference(tmp_path):
    pdf, expected = gazette_pdf.case_number_wrapped_in_token(tmp_path)
    refs = records(pdf, "pdfium")["references"]
    assert "59/2012/NĐ-CP" in {r["number"] for r in refs}


def test_rotated_page_is_read_as_displayed(tmp_path):
    pdf, _expected = gazette_pdf.case_rotated_table(tmp_path)
    plumber, pdfium = pages(pdf, "pdfplumber"), pages(pdf, "pdfium")
    for a, b in zip(plumber, pdfium, strict=True):
        assert (b.width, b.height) == (842, 595)  # a portrait media box turned by /Rotate 90
        assert [w.text for w in b.words] == [w.text for w in a.words]
        for wa, wb in zip(a.words, b.words):
            assert (wb.x0, wb.top, wb.x1, wb.bottom) == pytest.approx((wa.x0, wa.top, wa.x1, wa.bottom), abs=1.0)
        header = [w for w in b.words if w.text == "CÔNG"]
        assert header and header[0].top < 60  # the running header is at the top as displayed


def test_character_boxes_come_from_the_baseline_and_size_not_the_glyph(tmp_path):
    # pdfium's own character boxes are as tall as each glyph ("Ậ" 2 pt taller than "g" at 12 pt) and
    # start left of the origin for "/": words on one baseline would not share a top.
    pdf = draw(tmp_path / "glyphs.pdf", [(72, 600, "DejaVuSans", "Số 43/NĐ ố/ ỗ Ậ g", 12)])
    (plumber,), (pdfium,) = pages(pdf, "pdfplumber"), pages(pdf, "pdfium")
    assert len({(w.top, w.bottom) for w in pdfium.words}) == 1
    assert all(w.bottom - w.top == pytest.approx(12.0) for w in pdfium.words)
    for a, b in zip(plumber.words, pdfium.words, strict=True):
        assert b.text == a.text
        assert (b.x0, b.x1, b.top, b.bottom) == pytest.approx((a.x0, a.x1, a.top, a.bottom), abs=0.2)


@pytest.mark.parametrize("reader", READERS)
def test_bold_comes_from_the_font(reader, tmp_path):
    pdf = draw(tmp_path / "bold.pdf", [(72, 700, "DejaVuSans-Bold", "KẾ HOẠCH", 13),
                                      (72, 680, "DejaVuSans", "Cải cách hành chính", 13)])
    (page,) = pages(pdf, reader)
    assert [(w.text, w.bold) for w in page.words] == [
        ("KẾ", True), ("HOẠCH", True), ("Cải", False), ("cách", False), ("hành", False), ("chính", False)]


# ---------------------------------------------------------------- errors, normalisation, images


def _zero_page_pdf(path: Path) -> Path:
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


@pytest.mark.parametrize("reader", READERS)
def test_bad_files_raise_one_line_errors(reader, tmp_path):
    c = canvas.Canvas(str(tmp_path / "encrypted.pdf"), encrypt="secret")
    c.drawString(72, 720, "CONG BAO")
    c.save()
    with pytest.raises(PdfEncrypted, match=r"^encrypted PDF: "):
        read_issue(tmp_path / "encrypted.pdf", reader=reader)
    data = SAMPLES["congbao-haugiang-12"].read_bytes()
    (tmp_path / "truncated.pdf").write_bytes(data[: len(data) // 3])
    with pytest.raises(PdfUnreadable, match=r"^damaged PDF: "):
        read_issue(tmp_path / "truncated.pdf", reader=reader)
    with pytest.raises(EmptyPdf, match="no pages"):
        read_issue(_zero_page_pdf(tmp_path / "empty.pdf"), reader=reader)


def test_unknown_reader_is_a_usage_error():
    with pytest.raises(ValueError, match="unknown reader"):
        read_issue(SAMPLES["congbao-haugiang-12"], reader="pymupdf")


@pytest.mark.parametrize(
    "texts",
    [
        ["Ho\u0300a", "Uy\u0309", "ban", "nhân"],           # NFD input, old-style tone placement
        ["hoà", "thuỷ", "quý", "khoẻ"],                      # old style moved, "qu" + y left alone
        ["Ðiều", "2", "phối\u00adhợp", "\u200b", "x\ufeff"],  # eth, soft hyphen, a word of nothing
        ["59/2012/NĐ-", "CP", "ﬁle"],                        # ASCII and a ligature untouched
    ],
    ids=["nfd-and-old-tones", "old-style-words", "dropped-characters", "plain"],
)
def test_page_text_normalised_once_equals_word_by_word(texts):
    raw = [(t, float(i), float(i) + 1, 0.0, 1.0, 12.0, False) for i, t in enumerate(texts)]
    expected = [normalize_text(t).strip() for t in texts]
    assert [w.text for w in page_words(raw)] == [t for t in expected if t]


@pytest.mark.parametrize("sealed", [False, True], ids=["grey-scan", "scan-with-red-seal"])
def test_scanned_page_is_rendered_grey_unless_its_image_is_in_colour(sealed, tmp_path):
    from extract.readers.pdfium import open_pdf

    pdf = draw(tmp_path / "page.pdf", [(72, 700, "DejaVuSans", "Công báo", 12)])
    seals = (Seal(page=0, x=300, y=300),) if sealed else ()
    scan = scan_pdf(pdf, tmp_path / "scan.pdf", dpi=100, seals=seals)
    with open_pdf(scan) as src:
        page = src.read_page(0)
        assert not page.words and len(page.images) == 1
        (image,) = page.images
        assert image.colour is sealed and image.width_px == 827  # A4 width at 100 dpi
        rendered = src.render(0, dpi=100, colour=image.colour)
    assert rendered.mode == ("RGB" if sealed else "L")
    assert rendered.size[0] == pytest.approx(827, abs=1) and rendered.size[1] == pytest.approx(1170, abs=1)


def test_extract_command_passes_the_reader_to_the_engine(tmp_path):
    assert "--reader {pdfium,pdfplumber}" in run_cli("extract", "--help").stdout
    c = canvas.Canvas(str(tmp_path / "encrypted.pdf"), encrypt="secret")
    c.drawString(72, 720, "CONG BAO")
    c.save()
    # Each engine words the same failure its own way: the message tells which one read the file.
    for reader, says in (("pdfium", "a password is required"), ("pdfplumber", "PDFPasswordIncorrect")):
        done = run_cli("extract", str(tmp_path / "encrypted.pdf"), "--out", str(tmp_path / reader), "--quiet",
                       "--reader", reader)
        assert done.returncode == 1 and says in done.stderr, done.stderr


def _scan_page(path: Path, *, mode: str, image_dpi: int, text: str | None = None) -> Path:
    """A one-page PDF drawing one image (a noisy page with a ruled box and a few lines of print) over
    the whole A4 page, plus a line of real text when ``text``."""
    import numpy as np
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader

    width, height = -(-595 * image_dpi // 72), -(-842 * image_dpi // 72)  # the size pdfium renders the page at
    rng = np.random.default_rng(3)
    page = Image.fromarray((235 + rng.integers(0, 20, (height, width))).astype(np.uint8)).convert(mode)
    pen = ImageDraw.Draw(page)
    pen.rectangle((width // 10, height // 5, width * 9 // 10, height // 2), outline=(20, 20, 20) if mode == "RGB" else 20,
                  width=2)
    for k in range(5):
        pen.text((width // 8, height // 4 + 40 * k), f"Dòng {k}: Ủy ban nhân dân tỉnh", fill=(0, 0, 0) if mode == "RGB" else 0)
    if mode == "RGB":
        pen.ellipse((width // 2, height // 3, width // 2 + 200, height // 3 + 200), outline=(200, 30, 30), width=8)
    pdf = canvas.Canvas(str(path), pagesize=(595, 842))
    pdf.drawImage(ImageReader(page), 0, 0, width=595, height=842)
    if text:
        pdf.setFont("Helvetica", 10)
        pdf.drawString(72, 800, text)
    pdf.showPage()
    pdf.save()
    return path


@pytest.mark.parametrize("mode, image_dpi, text", [("L", 200, None), ("RGB", 200, None), ("L", 150, None),
                                                    ("L", 200, "Trang 3")])
def test_a_scanned_page_is_read_for_ocr_exactly_as_pdfium_renders_it(tmp_path, mode, image_dpi, text):
    """A page that is one image is decoded instead of rendered (at a sixth of the cost); the pixels
    OCR gets are the rendering's either way: the same size, the same grey levels (nearest-neighbour
    scaling where the image's resolution is not the one read at: the same pixels up to where the
    duplicated rows fall)."""
    import numpy as np
    import pypdfium2 as pdfium

    from extract.readers.pdfium import open_pdf

    path = _scan_page(tmp_path / "scan.pdf", mode=mode, image_dpi=image_dpi, text=text)
    colour = mode == "RGB"
    with open_pdf(path) as pdf:
        got = np.asarray(pdf.render(0, dpi=200, colour=colour))
    options = dict(scale=200 / 72, no_smoothtext=True, no_smoothpath=True, no_smoothimage=True)
    page = pdfium.PdfDocument(str(path))[0]
    want = np.asarray(page.render(prefer_bgrx=True, **options).to_pil().convert("RGB") if colour
                      else page.render(grayscale=True, **options).to_pil())
    assert got.shape == want.shape
    differing = float((got.astype(int) != want.astype(int)).any(axis=-1).mean() if colour else (got != want).mean())
    assert differing <= (0.01 if image_dpi != 200 else 0.0)


@pytest.mark.parametrize("image_dpi, read_at", [(150, 150), (200, 200), (300, 230), (400, 230), (100, 150)])
def test_a_scan_is_read_at_its_own_resolution_not_upsampled_above_it(tmp_path, image_dpi, read_at):
    """Rendering without smoothing upsamples by repeating pixels: that adds pixels for Tesseract to
    work through, not detail (the rough Cà Mau 43 scan reads better at its own 150 dpi than at 200).
    Only print too small to read (under 150 dpi) is enlarged; print finer than 230 dpi is reduced, and
    a 300-dpi scan costs about what a 200-dpi one does."""
    from extract.read import scan_dpi

    path = _scan_page(tmp_path / "scan.pdf", mode="L", image_dpi=image_dpi)
    with open_source(path) as pdf:
        assert scan_dpi(pdf.read_page(0)) == read_at


def test_a_fine_scan_is_reduced_by_averaging_and_keeps_its_hairlines(tmp_path):
    """Reducing a 300-dpi page to 230 dpi by taking every n-th pixel would drop one hairline in four;
    averaging keeps each as a grey stroke."""
    import numpy as np
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    width, height = -(-595 * 300 // 72), -(-842 * 300 // 72)
    page = np.full((height, width), 245, dtype=np.uint8)
    page[:, 100:1100:7] = 0  # one-pixel vertical lines, 7 px apart
    path = tmp_path / "hairlines.pdf"
    pdf = canvas.Canvas(str(path), pagesize=(595, 842))
    pdf.drawImage(ImageReader(Image.fromarray(page)), 0, 0, width=595, height=842)
    pdf.save()
    with open_source(path) as src:
        image = np.asarray(src.render(0, dpi=230, colour=False))
    row = image[image.shape[0] // 2, : 1100 * 230 // 300]
    dark = (row < 200).astype(int)
    strokes = int((np.diff(dark) == 1).sum())
    assert strokes == len(range(100, 1100, 7))
