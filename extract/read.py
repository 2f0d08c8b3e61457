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
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from .errors import EmptyPdf, NoTextLayer, PdfEncrypted, PdfTooLarge, PdfUnreadable
from .lines import words_to_lines
from .models import GazetteInfo, Issue, Line, Page, Ruling, Word
from .normalize import normalize_text
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


def read_issue(path: Path, *, on_page: ProgressFn | None = None, max_pages: int = MAX_PAGES) -> Issue:
    """Read every page of the gazette at ``path``. Raises ``ExtractError`` subclasses only."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    check_pdf_file(path)
    sha = file_sha256(path)
    pages: list[Page] = []
    try:
        with pdfplumber.open(path) as pdf:
            n = len(pdf.pages)
            if n == 0:
                raise EmptyPdf("the PDF has no pages")
            if n > max_pages:
                raise PdfTooLarge(f"{n} pages is over the {max_pages}-page limit")
            for index, page in enumerate(pdf.pages):
                pages.append(_read_page(page, index))
                page.close()  # pdfplumber caches every object of a page until closed
                if on_page:
                    on_page(index + 1, n)
    except (PDFPasswordIncorrect, PDFEncryptionError) as e:
        raise PdfEncrypted(f"encrypted PDF: {type(e).__name__}") from None
    except (PDFSyntaxError, PSException) as e:
        raise PdfUnreadable(f"damaged PDF: {_first_line(e)}") from None
    except (EmptyPdf, PdfTooLarge):
        raise
    except Exception as e:  # pdfminer raises bare errors (KeyError, TypeError…) on broken files
        if type(e).__module__.startswith(("pdfminer", "pdfplumber", "pypdfium2")) or isinstance(
            e, (KeyError, TypeError, ValueError, AttributeError, IndexError, AssertionError, EOFError)
        ):
            raise PdfUnreadable(f"damaged PDF: {type(e).__name__}: {_first_line(e)}") from None
        raise
    if not any(p.words for p in pages):
        raise NoTextLayer("no text layer on any page (scanned images); OCR is needed")
    gazette = issue_gazette([p.gazette for p in pages])
    return Issue(file=path.name, sha256=sha, pages=tuple(pages), gazette=gazette)


def _first_line(e: BaseException) -> str:
    text = str(e).strip().splitlines()
    return text[0][:160] if text else type(e).__name__


def _read_page(page, index: int) -> Page:
    width, height = float(page.width), float(page.height)
    words = tuple(_words(page))
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
    rulings = tuple(r for r in _rulings(page) if not _is_header_rule(r, header_bottom))
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
