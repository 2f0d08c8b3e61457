"""Reading a gazette PDF: words, rulings and running headers per page (the reading stage).

This module knows no PDF engine. A reader adapter of ``extract.readers`` gives each page's raw material
(``extract.readers.base.PageContent``: size, words, rulings, images): ``extract.readers.pdfium`` (the
default; the only module that imports pypdfium2, which also renders scanned pages for OCR) or
``extract.readers.pdfplumber`` (the only module that imports pdfplumber/pdfminer; kept as the oracle
the pdfium reader is tested against). Here pages are assembled, running headers taken out, scanned
pages sent to OCR (``extract.scan``) and errors reported.

After ``read_issue(path)``:
- every word's text satisfies the contract of ``extract.normalize`` (normalised once per page);
- coordinates are points from the top-left corner of the page as displayed (``/Rotate`` applied);
- running-header lines are out of ``Page.words`` / ``Page.lines`` and parsed into ``Page.gazette``
  and ``Page.page_number``;
- ``Page.rulings`` holds only rules that can bound table cells (stroked lines, thin dark filled
  rectangles, edges of stroked rectangles, two-point paths): white or shaded background rectangles
  are left out.
"""
from __future__ import annotations

import hashlib
import logging
import os
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

from .errors import ExtractError, EmptyPdf, NoTextLayer, PdfTooLarge, PdfUnreadable
from .lines import words_to_lines
from .models import GazetteInfo, Issue, Page, Ruling, Word
from .page_mode import PageMode, decide_page_mode, needs_ink_check, ocr_policy
from .readers.base import PageContent, PageRenderer, SourcePdf
from .running_headers import find_running_header, issue_gazette, page_footer_number
from .scan.tesseract import ocr_status
from .stamps import place_stamps

log = logging.getLogger(__name__)

# The engines a gazette can be read with; pdfium is the default (7x faster than pdfplumber's pdfminer
# parse, same records on every text-layer test PDF: tests/test_readers.py).
READERS = ("pdfium", "pdfplumber")
DEFAULT_READER = "pdfium"

# A page image's ink is measured at this resolution: a text line is 5 px high, a rule a pixel wide.
INK_DPI = 36
# Page and size limits: a gazette issue is tens to a few hundred pages.
MAX_PAGES = 3000
MAX_BYTES = 512 * 1024 * 1024
# Scans are read at their own resolution within these bounds (a page drawn without an image, OCR'd
# because its text layer is not text, at the highest): resampling up (rendering without smoothing is
# nearest-neighbour) adds pixels, not detail. The dev scans at 200 dpi read better at 200 than upsampled
# to 300; the rough Cà Mau 43 scan at 150 dpi better at 150 than upsampled to 200 (rows 0.711 → 0.737,
# text 0.763 → 0.789, a fifth less CPU). Below 150 dpi the small letters of 10 pt print are under 10 px
# high, and pages are enlarged to 150. Above 230 dpi Tesseract reads no better, at the cost of the
# pixels: the 300-dpi luatvn-nq03-cp-2010 and 260-dpi vnlaw-59-nd read at 200/230/250/300 dpi gave
# cells 0.876/0.883/0.852/0.816 and refs 0.632/0.800/0.800/0.737 for 1.12/1.28/1.39/1.74 CPU-s a page;
# they are reduced by averaging (extract.readers.pdfium), which keeps the strokes.
MAX_OCR_DPI = 230
OCR_DPI = MAX_OCR_DPI
MIN_OCR_DPI = 150
LOWEST_OCR_DPI = 72
# A page image for OCR holds at most this many pixels (an A3 page at 400 dpi is 31 Mpx): a poster-
# sized page is read at a lower resolution instead of growing past the memory of the machine.
MAX_OCR_PIXELS = 40_000_000
ProgressFn = Callable[[int, int], None]  # (pages done, pages in the PDF)


def canonical_rulings(rulings: Iterable[Ruling]) -> tuple[Ruling, ...]:
    """Rulings in one order whatever order the engine drew them in (horizontal first, then by place)."""
    return tuple(sorted(rulings, key=lambda r: (not r.horizontal, r.position, r.start, r.end)))


# ---------------------------------------------------------------- the reading stage


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


def open_source(path: Path, reader: str = DEFAULT_READER) -> SourcePdf:
    """``path`` opened with the named reader adapter. Raises ``ExtractError`` subclasses only."""
    # Adapters are imported when asked for: each loads its engine (pdfminer alone takes 0.3 s).
    if reader == "pdfium":
        from .readers import pdfium

        return pdfium.open_pdf(path)
    if reader == "pdfplumber":
        from .readers import pdfplumber

        return pdfplumber.open_pdf(path)
    raise ValueError(f"unknown reader {reader!r} (one of {', '.join(READERS)})")


def read_issue(path: Path | str, *, on_page: ProgressFn | None = None, max_pages: int = MAX_PAGES,
               ocr: bool | str = "auto", ocr_workers: int | None = None, reader: str = DEFAULT_READER,
               name: str | None = None, rel_path: str | None = None) -> Issue:
    """Read every page of the gazette at ``path``. Raises ``ExtractError`` subclasses only.

    ``reader`` names the engine ("pdfium", the default, or "pdfplumber"). Each page is read from its
    text layer or by OCR as ``extract.page_mode`` decides from the page's evidence; ``ocr`` is the
    policy: "auto" (the default; True means it), "always" (every page by OCR) or "never" (False). OCR
    runs when Tesseract with its Vietnamese data is installed; an OCR'd page has ``Page.ocr`` True and
    every page its ``mode`` and ``mode_reason``. Values stamped by annotations (``PageContent.stamps``)
    join the lines they fill. Page images are rendered by pdfium whatever the reader. ``name`` and
    ``rel_path`` are how the file is known in the records (default: its file name).
    """
    if reader not in READERS:
        raise ValueError(f"unknown reader {reader!r} (one of {', '.join(READERS)})")
    policy = ocr_policy(ocr)
    path = Path(path)
    check_pdf_file(path)
    sha = file_sha256(path)
    scans_seen: list[int] = []
    pages: list[Page] = []
    pending: dict[int, object] = {}  # page index → its OCR, under way
    workers = max(1, ocr_workers if ocr_workers else (os.cpu_count() or 1))
    can_ocr = policy != "never" and ocr_status() is None
    pool = ThreadPoolExecutor(max_workers=workers) if can_ocr else None
    renderer: PageRenderer | None = None
    done = 0

    def render(index: int, dpi: int, colour: bool, scan_only: bool = False):
        nonlocal renderer
        if renderer is None:
            renderer = pdf if reader == "pdfium" else open_source(path, "pdfium")
        return renderer.render(index, dpi=dpi, colour=colour, scan_only=scan_only)

    def finished(index: int, page: Page) -> None:
        nonlocal done
        pages[index] = page
        done += 1
        if on_page:
            on_page(done, n)

    try:
        with open_source(path, reader) as pdf:
            n = pdf.page_count
            if n == 0:
                raise EmptyPdf("the PDF has no pages")
            if n > max_pages:
                raise PdfTooLarge(f"{n} pages is over the {max_pages}-page limit")
            for index in range(n):
                content = pdf.read_page(index)
                ink = None
                if can_ocr and needs_ink_check(content, policy):
                    ink = _ink_outside(render(index, INK_DPI, False), content, INK_DPI)
                decision = decide_page_mode(content, policy=policy, ocr_available=can_ocr, ink_outside=ink)
                dpi = scan_dpi(content) if decision.mode == "ocr" else None
                if decision.mode == "ocr" and dpi is None:
                    decision = PageMode("none", "a page too large to read by OCR",
                                        warning="the page is too large to read by OCR")
                words = content.invisible_words if decision.use_invisible else content.words
                words = place_stamps(words if decision.mode == "text" else (), content.stamps)
                read = replace(_make_page(index, content.width, content.height, words, canonical_rulings(content.rulings)),
                               mode=decision.mode, mode_reason=decision.reason, mode_warning=decision.warning)
                pages.append(read)
                if decision.mode == "ocr":
                    image = render(index, dpi, any(im.colour for im in content.images), decision.scan_only)
                    pending[index] = pool.submit(_ocr_page, index, image, read, dpi, content.stamps)
                    scans_seen.append(index)
                else:
                    finished(index, read)
                # Keep at most two pages per worker in memory: a 300-page scanned issue streams through.
                while len(pending) > 2 * workers:
                    first = min(pending)
                    finished(first, pending.pop(first).result())
            for index in sorted(pending):
                finished(index, pending.pop(index).result())
    finally:
        if pool is not None:
            for future in pending.values():
                future.cancel()
            pool.shutdown(wait=True)
        if renderer is not None and reader != "pdfium":
            renderer.close()
    if not any(p.words for p in pages):
        reason = "OCR is off" if policy == "never" else (
            ocr_status() or ("OCR found no text" if scans_seen else "no page image to OCR"))
        raise NoTextLayer(f"no text layer on any page (scanned images) and {reason}")
    pages = _fill_page_numbers(pages)
    gazette = issue_gazette([p.gazette for p in pages])
    file = name or path.name
    return Issue(file=file, sha256=sha, pages=tuple(pages), gazette=gazette, path=rel_path or file)


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


def _first_line(e: BaseException) -> str:
    text = str(e).strip().splitlines()
    return text[0][:160] if text else type(e).__name__


def _ocr_page(index: int, image, base: Page, dpi: int, stamps: Sequence[Word] = ()) -> Page:
    """A page read from its image: rules from the pixels, words from Tesseract, cells one by one; the
    values annotations stamp on it (not in the image: the rendering draws no widget) joined to its lines."""
    from .scan.page import read_scanned_page
    from .scan.tesseract import engine

    try:
        with engine() as ocr_engine:
            scanned = read_scanned_page(image, width_pt=base.width, height_pt=base.height, dpi=dpi, engine=ocr_engine)
    except Exception as e:  # the engine or our image code: this page's OCR, reported as such
        raise ExtractError(f"OCR of page {index + 1} failed: {type(e).__name__}: {_first_line(e)}", stage="ocr") from e
    page = _make_page(index, base.width, base.height, place_stamps(scanned.words, stamps), scanned.rulings)
    return replace(page, ocr=True, mode=base.mode, mode_reason=base.mode_reason, mode_warning=base.mode_warning)


def _ink_outside(image, content: PageContent, dpi: int) -> float | None:
    """The share of the page's ink (rendered at ``dpi``) that neither a word of its text layer nor one of
    its rules covers: what a page image shows beyond the text layer."""
    import numpy as np

    from .scan.raster import ink_outside

    k = dpi / 72
    boxes = [(int(w.x0 * k), int(w.top * k), int(w.x1 * k) + 1, int(w.bottom * k) + 1) for w in content.words]
    for r in content.rulings:
        lo, hi = (r.start, r.end)
        if r.horizontal:
            boxes.append((int(lo * k), int(r.position * k) - 1, int(hi * k) + 1, int(r.position * k) + 2))
        else:
            boxes.append((int(r.position * k) - 1, int(lo * k), int(r.position * k) + 2, int(hi * k) + 1))
    return ink_outside(np.asarray(image.convert("L")), boxes)


def scan_dpi(page: PageContent) -> int | None:
    """The resolution to read a scanned page at: the page image's own (resampling a scan adds nothing
    and 200-dpi scans read better at 200), from the largest image on the page, kept within what
    Tesseract reads well and under the pixel cap; None when even the lowest resolution is over the cap
    (a poster-sized page)."""
    width_in, height_in = page.width / 72, page.height / 72
    native = OCR_DPI
    images = [im for im in page.images if im.width_px > 0 and im.height_px > 0]
    if images:
        im = max(images, key=lambda i: (i.x1 - i.x0) * (i.bottom - i.top))
        # Pixels per inch over the image's area: the same whether the page turns it or not (a landscape
        # appendix under /Rotate 270 shows the image's width down the page).
        shown = max(1e-6, (im.x1 - im.x0) * (im.bottom - im.top) / 72 / 72)
        native = int(round((im.width_px * im.height_px / shown) ** 0.5))
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
