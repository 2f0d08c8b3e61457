"""The pdfplumber adapter: a page's words, rulings and images through pdfplumber (pdfminer.six).

pdfplumber and pdfminer are imported here and nowhere else. No longer the default reader (pdfminer's
page parse costs ~60 ms a page, 7x pdfium's), it stays as the oracle ``extract.readers.pdfium`` is
tested against (tests/test_readers.py) and as ``--reader pdfplumber``.

After ``open_pdf(path).read_page(i)`` the ``PageContent`` holds, in pdfplumber's coordinates (points
from the top-left of the page as displayed): the words of ``extract_words`` (x tolerance 1.5 pt,
y tolerance 2.5 pt, split where the font or size changes), their text normalised once for the page;
the rulings of its lines, rectangles and two-point curves (``extract.readers.base.shape_rulings``); its images.
Whatever pdfminer raises on a broken file becomes ``PdfUnreadable`` / ``PdfEncrypted``.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

from ..errors import ExtractError, PdfEncrypted, PdfUnreadable
from ..models import Ruling
from .base import WORD_X_TOLERANCE, WORD_Y_TOLERANCE, PageContent, PageImage, RawWord, is_bold_font, page_words, shape_rulings


def open_pdf(path: Path) -> PlumberPdf:
    """``path`` opened with pdfplumber. Raises ``ExtractError`` subclasses only."""
    import pdfplumber

    try:
        return PlumberPdf(pdfplumber.open(path))
    except ExtractError:
        raise
    except Exception as e:  # pdfminer raises bare errors (KeyError, TypeError…) on broken files
        _raise_read_error(e)


class PlumberPdf:
    """An open PDF read page by page; each page's objects are freed once it is read."""

    def __init__(self, pdf) -> None:
        self._pdf = pdf
        try:
            self.page_count = len(pdf.pages)
        except Exception as e:
            pdf.close()
            _raise_read_error(e)

    def read_page(self, index: int) -> PageContent:
        try:
            page = self._pdf.pages[index]
            try:
                return PageContent(width=float(page.width), height=float(page.height), words=_words(page),
                                   rulings=tuple(_rulings(page)), images=tuple(_images(page)))
            finally:
                page.close()  # pdfplumber caches every object of a page until closed
        except ExtractError:
            raise
        except Exception as e:
            _raise_read_error(e)

    def close(self) -> None:
        self._pdf.close()

    def __enter__(self) -> PlumberPdf:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _raise_read_error(e: Exception) -> NoReturn:
    """Raise the one-line error for what pdfminer/pdfplumber raised on a bad file; re-raise our own bugs."""
    error = _read_error(e)
    if error is None:
        raise e
    raise error from None


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


def _words(page) -> tuple:
    raw = page.extract_words(
        x_tolerance=WORD_X_TOLERANCE, y_tolerance=WORD_Y_TOLERANCE, keep_blank_chars=False,
        use_text_flow=False, extra_attrs=["size", "fontname"],
    )
    words: list[RawWord] = [
        (w["text"], float(w["x0"]), float(w["x1"]), float(w["top"]), float(w["bottom"]),
         float(w.get("size") or 0.0), is_bold_font(str(w.get("fontname") or "")))
        for w in raw
    ]
    return page_words(words)


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
        yield from shape_rulings(is_rect=False, x0=obj["x0"], top=obj["top"], x1=obj["x1"], bottom=obj["bottom"],
                                 stroke=obj.get("stroke", True) is not False, fill=bool(obj.get("fill")),
                                 stroke_grey=_grey(obj.get("stroking_color")), fill_grey=_grey(obj.get("non_stroking_color")))
    for obj in page.rects:
        yield from shape_rulings(is_rect=True, x0=obj["x0"], top=obj["top"], x1=obj["x1"], bottom=obj["bottom"],
                                 stroke=bool(obj.get("stroke")), fill=bool(obj.get("fill")),
                                 stroke_grey=_grey(obj.get("stroking_color")), fill_grey=_grey(obj.get("non_stroking_color")))
    for obj in page.curves:
        # Some producers draw rules as two-point paths ("curves" to pdfplumber).
        pts = obj.get("pts") or []
        if len(pts) == 2:
            (xa, ya), (xb, yb) = pts
            yield from shape_rulings(is_rect=False, x0=min(xa, xb), top=min(ya, yb), x1=max(xa, xb), bottom=max(ya, yb),
                                     stroke=bool(obj.get("stroke", True)), fill=bool(obj.get("fill")),
                                     stroke_grey=_grey(obj.get("stroking_color")), fill_grey=0.0)


# Colour spaces whose images are grey or black-and-white (pdfminer's names; an ICC-based image is
# grey when it has one component).
_GREY_SPACES = {"DeviceGray", "CalGray", "G"}


def _images(page) -> Iterator[PageImage]:
    for im in page.images:
        size = im.get("srcsize") or (0, 0)
        yield PageImage(x0=float(im["x0"]), top=float(im["top"]), x1=float(im["x1"]), bottom=float(im["bottom"]),
                        width_px=int(size[0] or 0), height_px=int(size[1] or 0), colour=not _is_grey_image(im))


def _is_grey_image(im) -> bool:
    if im.get("imagemask"):
        return True  # a stencil painted in one colour: print
    spaces = im.get("colorspace") or []
    names = []
    for cs in spaces:
        name = getattr(cs, "name", cs)
        names.append(name.decode() if isinstance(name, bytes) else str(name))
    if any(n in _GREY_SPACES for n in names):
        return True
    return im.get("bits", 8) == 1 and not names
