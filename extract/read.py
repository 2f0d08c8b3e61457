"""Reading a gazette PDF: words, rulings and running headers per page (the pdfplumber adapter).

pdfplumber is imported here and nowhere else. After ``read_issue(path)``:
- every word's text satisfies the contract of ``extract.normalize``;
- running-header lines are out of ``Page.words`` / ``Page.lines`` and parsed into ``Page.gazette``
  and ``Page.page_number``;
- ``Page.rulings`` holds only rules that can bound table cells (stroked lines, thin dark filled
  rectangles, edges of stroked rectangles): white or shaded background rectangles are left out.
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

from .errors import EmptyPdf, NoTextLayer, PdfEncrypted, PdfTooLarge, PdfUnreadable
from .lines import words_to_lines
from .models import GazetteInfo, Issue, Page, Ruling, Word
from .normalize import normalize_text
from .ocr import ocr_status, ocr_words
from .raster import deskew, image_rulings
from .running_headers import find_running_header, issue_gazette, page_footer_number

log = logging.getLogger(__name__)

# A filled rectangle thinner than this is a rule (Word exports cell borders as 0.5-0.75 pt fills).
RULE_MAX_THICKNESS_PT = 2.5
# Shorter segments are glyph parts or underlines of single characters, not cell borders.
RULE_MIN_LENGTH_PT = 4.0
# Rules lighter than this grey level (0 = black, 1 = white) are backgrounds, not borders.
RULE_MAX_GREY = 0.75
# Page and size limits: a gazette issue is tens to a few hundred pages.
MAX_PAGES = 3000
MAX_BYTES = 512 * 1024 * 1024
# Scans are rendered at this resolution for OCR (Tesseract reads 10-14 pt text best at 300 dpi).
OCR_DPI = 300
# Text before this x-gap (in multiples of the font size) is a new word (pdfplumber x_tolerance).
WORD_X_TOLERANCE = 1.5

ProgressFn = Callable[[int, int], None]  # (pages done, pages in the PDF)


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def check_pdf_file(path: Path) -> None:
    """Fail fast, with a one-line reason, on what is not a readable PDF file."""
    try:
        size = path.stat().st_size
    except OSError as e:
        raise PdfUnreadable(f"cannot open: {e.strerror}") from None
    if size == 0:
        raise EmptyPdf("empty file (0 bytes)")
    if size > MAX_BYTES:
        raise PdfTooLarge(f"{size / 2**20:.0f} MB is over the {MAX_BYTES // 2**20} MB limit")
    with path.open("rb") as f:
        head = f.read(1024)
    if b"%PDF-" not in head:
        raise PdfUnreadable("not a PDF (no %PDF- header)")


def read_issue(path: Path, *, on_page: ProgressFn | None = None, max_pages: int = MAX_PAGES, ocr: bool = True) -> Issue:
    """Read every page of the gazette at ``path``. Raises ``ExtractError`` subclasses only.

    Pages without a text layer (scans) are read by OCR when ``ocr`` is on and Tesseract with its
    Vietnamese data is installed; their ``Page.ocr`` is True.
    """
    import pdfplumber

    check_pdf_file(path)
    sha = file_sha256(path)
    pages: list[Page] = []
    scans: dict[int, object] = {}  # page index → image of a page without a text layer
    try:
        with pdfplumber.open(path) as pdf:
            n = len(pdf.pages)
            if n == 0:
                raise EmptyPdf("the PDF has no pages")
            if n > max_pages:
                raise PdfTooLarge(f"{n} pages is over the {max_pages}-page limit")
            for index, page in enumerate(pdf.pages):
                read = _read_page(page, index)
                if not read.words and ocr and ocr_status() is None and page.images:
                    scans[index] = page.to_image(resolution=OCR_DPI).original.convert("L")
                pages.append(read)
                page.close()  # pdfplumber caches every object of a page until closed
                if on_page:
                    on_page(index + 1, n)
            for index, page in _ocr_pages(scans, pages):
                pages[index] = page
    except (EmptyPdf, PdfTooLarge):
        raise
    except Exception as e:  # pdfminer raises bare errors (KeyError, TypeError…) on broken files
        error = _read_error(e)
        if error is None:
            raise
        raise error from None
    if not any(p.words for p in pages):
        reason = "OCR is off" if not ocr else (ocr_status() or ("OCR found no text" if scans else "no page image to OCR"))
        raise NoTextLayer(f"no text layer on any page (scanned images) and {reason}")
    pages = _fill_page_numbers(pages)
    gazette = issue_gazette([p.gazette for p in pages])
    return Issue(file=path.name, sha256=sha, pages=tuple(pages), gazette=gazette)


def _fill_page_numbers(pages: list[Page]) -> list[Page]:
    """A page whose running header was read but whose number was not (OCR) takes the number after its
    predecessor's: gazette pages are numbered consecutively within an issue."""
    out = list(pages)
    for i in range(1, len(out)):
        p, prev = out[i], out[i - 1]
        if p.page_number is None and p.gazette is not None and prev.page_number is not None:
            out[i] = replace(p, page_number=prev.page_number + 1)
    return out


def _read_error(e: BaseException) -> PdfUnreadable | None:
    """The one-line error for what pdfminer/pdfplumber raised on a bad file; None for our own bugs.

    pdfplumber wraps pdfminer's exceptions in ``PdfminerException(original)``: the original decides.
    """
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    inner = e.args[0] if type(e).__name__ == "PdfminerException" and e.args and isinstance(e.args[0], BaseException) else e
    if isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError)):
        return PdfEncrypted(f"encrypted PDF: {type(inner).__name__}")
    if isinstance(inner, (PDFSyntaxError, PSException)):
        return PdfUnreadable(f"damaged PDF: {_first_line(inner)}")
    library = type(inner).__module__.startswith(("pdfminer", "pdfplumber", "pypdfium2"))
    broken = isinstance(inner, (KeyError, TypeError, ValueError, AttributeError, IndexError, AssertionError, EOFError))
    if library or broken or inner is not e:
        return PdfUnreadable(f"damaged PDF: {type(inner).__name__}: {_first_line(inner)}")
    return None


def _first_line(e: BaseException) -> str:
    text = str(e).strip().splitlines()
    return text[0][:160] if text else type(e).__name__


def _read_page(page, index: int) -> Page:
    return _make_page(index, float(page.width), float(page.height), tuple(_words(page)), tuple(_rulings(page)))


def _ocr_pages(scans: dict[int, object], pages: list[Page]) -> Iterator[tuple[int, Page]]:
    """Pages read from their images: rules from the pixels, words from Tesseract (pages in parallel,
    one Tesseract process per core)."""
    if not scans:
        return
    import numpy as np

    def one(index: int) -> tuple[int, Page]:
        image, _ = deskew(scans[index])  # rules and words both in the levelled frame
        gray = np.asarray(image)
        ppp = 72.0 / OCR_DPI
        rules, rule_mask = image_rulings(gray, points_per_pixel=ppp)
        clean = gray.copy()
        clean[rule_mask] = 255  # borders erased, so that Tesseract does not read them as "I" or "l"
        cleaned = Image.fromarray(clean)
        words = [_ocr_word(w, ppp) for w in ocr_words(cleaned, dpi=OCR_DPI)]
        base = pages[index]
        page = _make_page(index, base.width, base.height, tuple(words), tuple(rules))
        words += _rescue_cells(page, cleaned, clean, ppp)
        return index, replace(_make_page(index, base.width, base.height, tuple(words), tuple(rules)), ocr=True)

    from PIL import Image

    with ThreadPoolExecutor(max_workers=max(1, os.cpu_count() or 1)) as pool:
        yield from pool.map(one, sorted(scans))


def _ocr_word(w, ppp: float, dx: float = 0.0, dy: float = 0.0) -> Word:
    return Word(text=w.text, x0=dx + w.left * ppp, x1=dx + (w.left + w.width) * ppp, top=dy + w.top * ppp,
                bottom=dy + (w.top + w.height) * ppp, size=w.height * ppp)


# A cell holds text the page-level OCR missed when this share of its inner pixels is ink (Hậu Giang
# 12 scan: lone item numbers "2", "3" in the narrow STT column are dropped by page segmentation).
CELL_INK_SHARE = 0.004
CELL_MARGIN_PT = 1.5


def _rescue_cells(page: Page, image, gray, ppp: float) -> list[Word]:
    """Words of table cells that hold ink but no word after page OCR, read cell by cell."""
    from .tables.find import find_fragments

    found: list[Word] = []
    for fragment in find_fragments(page):
        for cell in fragment.cells:
            if cell.text:
                continue
            box = [int((v + m) / ppp) for v, m in ((cell.x0, CELL_MARGIN_PT), (cell.top, CELL_MARGIN_PT),
                                                  (cell.x1, -CELL_MARGIN_PT), (cell.bottom, -CELL_MARGIN_PT))]
            x0, y0, x1, y1 = box
            if x1 - x0 < 8 or y1 - y0 < 8:
                continue
            if (gray[y0:y1, x0:x1] < 150).mean() < CELL_INK_SHARE:
                continue
            crop = image.crop((x0, y0, x1, y1))
            found += [_ocr_word(w, ppp, x0 * ppp, y0 * ppp) for w in ocr_words(crop, dpi=OCR_DPI, psm=6)]
    return found


def _make_page(index: int, width: float, height: float, words: tuple[Word, ...], all_rulings: tuple[Ruling, ...]) -> Page:
    lines = words_to_lines(words)
    header = find_running_header(lines, height)
    gazette: GazetteInfo | None = None
    page_number: int | None = None
    drop: set[int] = set()
    if header is not None:
        gazette, page_number = header.gazette, header.page_number
        drop.update(header.line_indexes)
    if page_number is None:
        number, line_index = page_footer_number(lines, height)
        if number is not None and line_index is not None:
            page_number = number
            drop.add(line_index)
    content_lines = tuple(ln for i, ln in enumerate(lines) if i not in drop)
    header_bottom = max((lines[i].bottom for i in drop if lines[i].top < height / 2), default=0.0)
    rulings = tuple(r for r in all_rulings if not _is_header_rule(r, header_bottom))
    return Page(
        page_index=index,
        page_number=page_number,
        width=width,
        height=height,
        words=tuple(w for ln in content_lines for w in ln.words),
        rulings=rulings,
        lines=content_lines,
        gazette=gazette,
    )


def _is_header_rule(r: Ruling, header_bottom: float) -> bool:
    # The running header is underlined a few points below its text (Cà Mau 43, Hậu Giang 12).
    return r.horizontal and header_bottom > 0 and r.position <= header_bottom + 12


_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)


def _words(page) -> Iterator[Word]:
    raw = page.extract_words(
        x_tolerance=WORD_X_TOLERANCE, y_tolerance=2.5, keep_blank_chars=False,
        use_text_flow=False, extra_attrs=["size", "fontname"],
    )
    for w in raw:
        text = normalize_text(w["text"]).strip()
        if not text:
            continue
        yield Word(
            text=text, x0=float(w["x0"]), x1=float(w["x1"]), top=float(w["top"]),
            bottom=float(w["bottom"]), size=float(w.get("size") or 0.0),
            bold=bool(_BOLD.search(str(w.get("fontname") or ""))),
        )


def _grey(color) -> float:
    """0 (black) … 1 (white) for pdfplumber's colour tuples; unknown colours count as black."""
    if color is None:
        return 0.0
    if isinstance(color, (int, float)):
        return float(color)
    try:
        values = [float(c) for c in color]
    except (TypeError, ValueError):
        return 0.0
    if len(values) == 1:
        return values[0]
    if len(values) == 3:
        return sum(values) / 3
    if len(values) == 4:  # CMYK
        c, m, y, k = values
        return 1 - min(1.0, k + (c + m + y) / 3)
    return 0.0


def _rulings(page) -> Iterator[Ruling]:
    for obj in page.lines:
        if obj.get("stroke", True) is False or _grey(obj.get("stroking_color")) > RULE_MAX_GREY:
            continue
        yield from _segment(obj["x0"], obj["top"], obj["x1"], obj["bottom"])
    for obj in page.rects:
        w, h = obj["x1"] - obj["x0"], obj["bottom"] - obj["top"]
        thin = min(w, h) <= RULE_MAX_THICKNESS_PT
        if obj.get("fill") and thin and _grey(obj.get("non_stroking_color")) <= RULE_MAX_GREY:
            yield from _segment(obj["x0"], obj["top"], obj["x1"], obj["bottom"])  # Word's rules
        elif obj.get("stroke") and _grey(obj.get("stroking_color")) <= RULE_MAX_GREY:
            x0, top, x1, bottom = obj["x0"], obj["top"], obj["x1"], obj["bottom"]
            yield from _segment(x0, top, x1, top)
            yield from _segment(x0, bottom, x1, bottom)
            yield from _segment(x0, top, x0, bottom)
            yield from _segment(x1, top, x1, bottom)
    for obj in page.curves:
        # Some producers draw rules as two-point paths ("curves" to pdfplumber).
        pts = obj.get("pts") or []
        if len(pts) == 2 and obj.get("stroke", True) and _grey(obj.get("stroking_color")) <= RULE_MAX_GREY:
            (xa, ya), (xb, yb) = pts
            yield from _segment(min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb))


def _segment(x0: float, top: float, x1: float, bottom: float) -> Iterator[Ruling]:
    w, h = x1 - x0, bottom - top
    if w >= RULE_MIN_LENGTH_PT and h <= RULE_MAX_THICKNESS_PT:
        yield Ruling(horizontal=True, position=(top + bottom) / 2, start=x0, end=x1)
    elif h >= RULE_MIN_LENGTH_PT and w <= RULE_MAX_THICKNESS_PT:
        yield Ruling(horizontal=False, position=(x0 + x1) / 2, start=top, end=bottom)
