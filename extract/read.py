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
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

from .errors import ExtractError, EmptyPdf, NoTextLayer, PdfEncrypted, PdfTooLarge, PdfUnreadable
from .lines import words_to_lines
from .models import GazetteInfo, Issue, Page, Ruling, Word
from .normalize import normalize_text
from .ocr import ocr_status
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
# Scans are read at their own resolution within these bounds (Tesseract reads 10-14 pt text well from
# 200 dpi; the dev scans at 200 dpi read better at 200 than upsampled to 300), 300 when unknown.
OCR_DPI = 300
MIN_OCR_DPI = 200
MAX_OCR_DPI = 400
LOWEST_OCR_DPI = 72
# A page image for OCR holds at most this many pixels (an A3 page at 400 dpi is 31 Mpx): a poster-
# sized page is read at a lower resolution instead of growing past the memory of the machine.
MAX_OCR_PIXELS = 40_000_000
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


def read_issue(path: Path, *, on_page: ProgressFn | None = None, max_pages: int = MAX_PAGES, ocr: bool = True,
               ocr_workers: int | None = None) -> Issue:
    """Read every page of the gazette at ``path``. Raises ``ExtractError`` subclasses only.

    Pages without a text layer (scans) are read by OCR when ``ocr`` is on and Tesseract with its
    Vietnamese data is installed; their ``Page.ocr`` is True.
    """
    import pdfplumber

    check_pdf_file(path)
    sha = file_sha256(path)
    scans_seen: list[int] = []
    pages: list[Page] = []
    pending: dict[int, object] = {}  # page index → its OCR, under way
    workers = max(1, ocr_workers if ocr_workers else (os.cpu_count() or 1))
    can_ocr = ocr and ocr_status() is None
    pool = ThreadPoolExecutor(max_workers=workers) if can_ocr else None
    done = 0

    def finished(index: int, page: Page) -> None:
        nonlocal done
        pages[index] = page
        done += 1
        if on_page:
            on_page(done, n)

    try:
        with pdfplumber.open(path) as pdf:
            n = len(pdf.pages)
            if n == 0:
                raise EmptyPdf("the PDF has no pages")
            if n > max_pages:
                raise PdfTooLarge(f"{n} pages is over the {max_pages}-page limit")
            for index, page in enumerate(pdf.pages):
                read = _read_page(page, index)
                pages.append(read)
                dpi = scan_dpi(page) if pool is not None and not read.words and page.images else None
                if dpi is not None:
                    image = page.to_image(resolution=dpi).original
                    pending[index] = pool.submit(_ocr_page, index, image, read, dpi)
                    scans_seen.append(index)
                else:
                    finished(index, read)
                page.close()  # pdfplumber caches every object of a page until closed
                # Keep at most two pages per worker in memory: a 300-page scanned issue streams through.
                while len(pending) > 2 * workers:
                    first = min(pending)
                    finished(first, pending.pop(first).result())
            for index in sorted(pending):
                finished(index, pending.pop(index).result())
    except (EmptyPdf, PdfTooLarge, ExtractError):
        raise
    except Exception as e:  # pdfminer raises bare errors (KeyError, TypeError…) on broken files
        error = _read_error(e)
        if error is None:
            raise
        raise error from None
    finally:
        if pool is not None:
            for future in pending.values():
                future.cancel()
            pool.shutdown(wait=True)
    if not any(p.words for p in pages):
        reason = "OCR is off" if not ocr else (ocr_status() or ("OCR found no text" if scans_seen else "no page image to OCR"))
        raise NoTextLayer(f"no text layer on any page (scanned images) and {reason}")
    pages = _fill_page_numbers(pages)
    gazette = issue_gazette([p.gazette for p in pages])
    return Issue(file=path.name, sha256=sha, pages=tuple(pages), gazette=gazette)


def _fill_page_numbers(pages: list[Page]) -> list[Page]:
    """Printed page numbers of OCR'd pages, mended from their sequence: gazette pages are numbered
    consecutively within an issue, so the offset (printed number - position) most OCR'd pages agree on
    is the issue's, and an OCR'd page whose number disagrees (OCR read "51" as "5", "55" as "25") or
    is missing (its running header was read without it) takes position + offset. Numbers read from a
    text layer are never changed."""
    out = list(pages)
    offsets = Counter(p.page_number - p.page_index for p in out if p.ocr and p.page_number is not None)
    if not offsets:
        return out
    offset, votes = offsets.most_common(1)[0]
    if votes < 2 or votes * 2 <= sum(offsets.values()):
        return out  # no clear majority: leave the readings alone
    for i, p in enumerate(out):
        if not p.ocr or p.is_cover:
            continue
        expected = p.page_index + offset
        if p.page_number is not None and p.page_number != expected:
            out[i] = replace(p, page_number=expected)
        elif p.page_number is None and (p.gazette is not None or _has_numbered_neighbour(out, i)):
            out[i] = replace(p, page_number=expected)
    return out


def _has_numbered_neighbour(pages: list[Page], i: int) -> bool:
    return any(0 <= j < len(pages) and pages[j].page_number is not None for j in (i - 1, i + 1))


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


def _ocr_page(index: int, image, base: Page, dpi: int) -> Page:
    """A page read from its image: rules from the pixels, words from Tesseract, cells one by one."""
    from .ocr import thread_engine
    from .scan import read_scanned_page

    try:
        scanned = read_scanned_page(image, width_pt=base.width, height_pt=base.height, dpi=dpi, engine=thread_engine())
    except Exception as e:  # the engine or our image code: this page's OCR, reported as such
        raise ExtractError(f"OCR of page {index + 1} failed: {type(e).__name__}: {_first_line(e)}", stage="ocr") from e
    page = _make_page(index, base.width, base.height, scanned.words, scanned.rulings)
    return replace(page, ocr=True)


def scan_dpi(page) -> int | None:
    """The resolution to read a scanned page at: the page image's own (resampling a scan adds nothing
    and 200-dpi scans read better at 200), kept within what Tesseract reads well and under the pixel
    cap; None when even the lowest resolution is over the cap (a poster-sized page)."""
    width_in, height_in = float(page.width) / 72, float(page.height) / 72
    native = OCR_DPI
    images = [im for im in page.images if im.get("srcsize")]
    if images:
        im = max(images, key=lambda i: (i["x1"] - i["x0"]) * (i["bottom"] - i["top"]))
        shown_in = max(1e-6, (im["x1"] - im["x0"]) / 72)
        native = int(round(im["srcsize"][0] / shown_in))
    dpi = min(max(native, MIN_OCR_DPI), MAX_OCR_DPI)
    cap = int((MAX_OCR_PIXELS / max(1e-6, width_in * height_in)) ** 0.5)
    dpi = min(dpi, cap)
    return dpi if dpi >= LOWEST_OCR_DPI else None


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
