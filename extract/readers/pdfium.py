"""The pdfium adapter (pypdfium2): a page's words, rulings and images, and page images for OCR.

pypdfium2 is imported here and nowhere else. This is the default reader: it gives what
``extract.readers.pdfplumber`` gives (the same words, rules and records on every text-layer test PDF,
tests/test_readers.py) at a seventh of the cost, by reading pdfium's raw API: characters from the
text page, rules from the segments of path objects, images from image objects.

After ``open_pdf(path).read_page(i)`` the ``PageContent`` holds, in pdfplumber's coordinates (points
from the top-left corner of the page as displayed, ``/Rotate`` applied, the media box's own origin
kept as pdfplumber keeps it):

- words built as pdfplumber's ``extract_words`` builds them (characters in content-stream order, runs
  of one font and size, lines clustered by their tops within 2.5 pt, a new word at a blank character
  or a gap over 1.5 pt), each character's box as pdfminer computes it: from its origin, its advance
  width and the font's descent, ``size`` tall (never pdfium's glyph-dependent boxes); text normalised
  once for the page; bold when the font's name says so or it is flagged ForceBold;
- rulings of lines, rectangles and two-point paths classified as pdfminer classifies a path's
  subpaths, then ``extract.readers.base.shape_rulings``;
- the images drawn, with their pixel size and whether they are in colour.

``render(i, dpi=, colour=)`` renders a page for OCR: grey, or RGB when the page's image is in colour
(so that seals can be taken out by their colour). Errors are ``extract.errors``: an encrypted file
``PdfEncrypted``, a damaged one ``PdfUnreadable``. pdfium is not thread-safe: one thread at a time.
"""
from __future__ import annotations

import ctypes
import itertools
import math
import os
import re
import unicodedata
from dataclasses import replace
from operator import itemgetter
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..errors import EmptyPdf, PdfEncrypted, PdfTooLarge, PdfUnreadable
from ..models import Ruling, Word
from .base import WORD_X_TOLERANCE, WORD_Y_TOLERANCE, PageContent, PageImage, RawWord, is_bold_font, page_words, shape_rulings

_V = ctypes.c_void_p
_I = ctypes.c_int
_F = ctypes.c_float
_D = ctypes.c_double


def _fast(name: str, restype, *argtypes):
    """pdfium's ``name`` taking and returning handles as plain ints: pypdfium2's own prototypes
    build a ctypes pointer object for every returned handle (a third of the per-character cost)."""
    address = ctypes.cast(getattr(pdfium_c, name), _V).value
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


def _unchecked(name: str, restype):
    """pdfium's ``name`` with no argument conversion at all, for the per-character loop: the caller
    passes a ``c_void_p`` handle, plain ints for C ints and ``byref`` pointers (0.45 µs a call
    against 0.96 µs through argument types)."""
    address = ctypes.cast(getattr(pdfium_c, name), _V).value
    function = ctypes.CFUNCTYPE(restype)(address)
    function.argtypes = None
    return function


_P_D, _P_F, _P_I, _P_U = ctypes.POINTER(_D), ctypes.POINTER(_F), ctypes.POINTER(_I), ctypes.POINTER(ctypes.c_uint)
_P_MATRIX = ctypes.POINTER(pdfium_c.FS_MATRIX)
_count_chars = _fast("FPDFText_CountChars", _I, _V)
_get_text = _fast("FPDFText_GetText", _I, _V, _I, _I, ctypes.POINTER(ctypes.c_ushort))
_text_index = _fast("FPDFText_GetTextIndexFromCharIndex", _I, _V, _I)
_get_unicode = _fast("FPDFText_GetUnicode", ctypes.c_uint, _V, _I)
_is_generated = _fast("FPDFText_IsGenerated", _I, _V, _I)
_is_hyphen = _fast("FPDFText_IsHyphen", _I, _V, _I)
_text_object = _fast("FPDFText_GetTextObject", _V, _V, _I)
_char_origin = _fast("FPDFText_GetCharOrigin", _I, _V, _I, _P_D, _P_D)
# The same, unchecked (see ``_unchecked``): text object of a character, its origin, generated or not.
_text_object_u = _unchecked("FPDFText_GetTextObject", _V)
_char_origin_u = _unchecked("FPDFText_GetCharOrigin", _I)
_is_generated_u = _unchecked("FPDFText_IsGenerated", _I)
_char_matrix = _fast("FPDFText_GetMatrix", _I, _V, _I, _P_MATRIX)
_text_font = _fast("FPDFTextObj_GetFont", _V, _V)
_render_mode = _fast("FPDFTextObj_GetTextRenderMode", _I, _V)
_text_font_size = _fast("FPDFTextObj_GetFontSize", _I, _V, _P_F)
_font_name = _fast("FPDFFont_GetBaseFontName", ctypes.c_size_t, _V, ctypes.c_char_p, ctypes.c_size_t)
_font_flags = _fast("FPDFFont_GetFlags", _I, _V)
_font_descent = _fast("FPDFFont_GetDescent", _I, _V, _F, _P_F)
_glyph_width = _fast("FPDFFont_GetGlyphWidth", _I, _V, ctypes.c_uint32, _F, _P_F)
_count_objects = _fast("FPDFPage_CountObjects", _I, _V)
_get_object = _fast("FPDFPage_GetObject", _V, _V, _I)
_form_count = _fast("FPDFFormObj_CountObjects", _I, _V)
_form_object = _fast("FPDFFormObj_GetObject", _V, _V, ctypes.c_ulong)
_object_type = _fast("FPDFPageObj_GetType", _I, _V)
_object_matrix = _fast("FPDFPageObj_GetMatrix", _I, _V, _P_MATRIX)
_stroke_colour = _fast("FPDFPageObj_GetStrokeColor", _I, _V, _P_U, _P_U, _P_U, _P_U)
_fill_colour = _fast("FPDFPageObj_GetFillColor", _I, _V, _P_U, _P_U, _P_U, _P_U)
_draw_mode = _fast("FPDFPath_GetDrawMode", _I, _V, _P_I, _P_I)
_count_segments = _fast("FPDFPath_CountSegments", _I, _V)
_get_segment = _fast("FPDFPath_GetPathSegment", _V, _V, _I)
_segment_point = _fast("FPDFPathSegment_GetPoint", _I, _V, _P_F, _P_F)
_segment_type = _fast("FPDFPathSegment_GetType", _I, _V)
_segment_close = _fast("FPDFPathSegment_GetClose", _I, _V)
_image_metadata = _fast("FPDFImageObj_GetImageMetadata", _I, _V, _V, ctypes.POINTER(pdfium_c.FPDF_IMAGEOBJ_METADATA))
_load_text_page = _fast("FPDFText_LoadPage", _V, _V)
_close_text_page = _fast("FPDFText_ClosePage", None, _V)
_media_box = _fast("FPDFPage_GetMediaBox", _I, _V, _P_F, _P_F, _P_F, _P_F)
_page_rotation = _fast("FPDFPage_GetRotation", _I, _V)
_page_width = _fast("FPDF_GetPageWidthF", _F, _V)
_page_height = _fast("FPDF_GetPageHeightF", _F, _V)

_TEXT, _PATH, _IMAGE, _FORM = (pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE,
                               pdfium_c.FPDF_PAGEOBJ_FORM)
_LINETO, _BEZIERTO, _MOVETO = pdfium_c.FPDF_SEGMENT_LINETO, pdfium_c.FPDF_SEGMENT_BEZIERTO, pdfium_c.FPDF_SEGMENT_MOVETO
# Text render modes that put no ink on the page (ISO 32000-1, 9.3.6): 3 invisible, 7 clip only.
_NO_INK = {pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE, pdfium_c.FPDF_TEXTRENDERMODE_CLIP}
# Characters that stand for a glyph without Unicode: control characters (a subset font's raw codes,
# read when its ToUnicode map is missing), the replacement character and the private use area (a
# font's own codes, which no reader can map).
_UNMAPPED = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\ufffd\ue000-\uf8ff]")
# PDF font descriptor flag ForceBold (ISO 32000-1, table 123): a bold face whatever its name says.
_FORCE_BOLD = 1 << 18
# Image colour spaces that are grey or black-and-white; an ICC-based image is grey with one component.
_GREY_SPACES = {pdfium_c.FPDF_COLORSPACE_DEVICEGRAY, pdfium_c.FPDF_COLORSPACE_CALGRAY}
# pdfplumber expands these ligatures in words (its default); pdfium splits only U+FB00-FB06 into pieces.
_LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}
_HAS_LIGATURE = re.compile("[" + "".join(_LIGATURES) + "]").search
_BLANKS = frozenset(chr(c) for c in range(0x10000) if chr(c).isspace())

# Objects drawn on one page, forms included: a dense gazette page draws a few thousand (Cà Mau 43:
# under 2,000); a page of a million "re f" operators is an attack, read in seconds by pdfium but not
# walked object by object.
MAX_PAGE_OBJECTS = 200_000

_ERRORS = {
    pdfium_c.FPDF_ERR_FILE: "file cannot be opened",
    pdfium_c.FPDF_ERR_FORMAT: "not in PDF format or corrupted",
    pdfium_c.FPDF_ERR_PASSWORD: "a password is required",
    pdfium_c.FPDF_ERR_SECURITY: "unsupported security handler",
    pdfium_c.FPDF_ERR_PAGE: "page not found or content error",
}


def open_pdf(path: Path) -> PdfiumPdf:
    """``path`` opened with pdfium. Raises ``PdfEncrypted`` / ``PdfUnreadable`` / ``EmptyPdf``."""
    # Loaded through the raw API: pypdfium2's loader takes a document without pages for a failure
    # and reports whatever error pdfium had last.
    raw = pdfium_c.FPDF_LoadDocument(os.fsencode(Path(path).resolve()), None)  # any bytes of a file name
    if not raw:
        code = pdfium_c.FPDF_GetLastError()
        reason = _ERRORS.get(code, "unknown error")
        if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise PdfEncrypted(f"encrypted PDF: {reason}")
        raise PdfUnreadable(f"damaged PDF: {reason}")
    doc = pdfium.PdfDocument(raw)
    if len(doc) == 0:
        doc.close()
        raise EmptyPdf("the PDF has no pages")
    return PdfiumPdf(doc, Path(path))


class PdfiumPdf:
    """An open PDF read page by page; a page's pdfium objects are freed once it is read."""

    def __init__(self, doc, path: Path | None = None) -> None:
        self._doc = doc
        self._path = path
        self._stamp_doc = None       # a private copy whose pages are flattened to read what annotations draw
        self.page_count = len(doc)

    def read_page(self, index: int) -> PageContent:
        page = self._page(index)
        try:
            content = _read_page(page)
            annotated = pdfium_c.FPDFPage_GetAnnotCount(page) > 0
        finally:
            page.close()
        if annotated and self._path is not None:
            stamps = self._stamps(index)
            if stamps:
                content = replace(content, stamps=stamps)
        return content

    def _stamps(self, index: int) -> tuple[Word, ...]:
        if self._stamp_doc is None:
            raw = pdfium_c.FPDF_LoadDocument(os.fsencode(self._path.resolve()), None)
            if not raw:
                return ()
            self._stamp_doc = pdfium.PdfDocument(raw)
        try:
            return _stamp_words(self._stamp_doc, index)
        except pdfium.PdfiumError:
            return ()  # an annotation pdfium cannot flatten: its page is read without it

    def render(self, index: int, *, dpi: int, colour: bool, scan_only: bool = False):
        """The page as a PIL image at ``dpi``: mode "L", or "RGB" when ``colour``. ``scan_only``: the
        page's scanned image alone, without the text drawn over it (a watermark, a stamp, another
        tool's OCR layer), when one image fills the page.

        Smoothing is off (pdfplumber's rendering, which the OCR stage was tuned on): scans are
        rendered at their own resolution, where smoothing only blurs.
        """
        page = self._page(index)
        try:
            size = (math.ceil(page.get_width() * dpi / 72), math.ceil(page.get_height() * dpi / 72))
            image = _scan_image(page, size, colour, scan_only)
            if image is not None:
                return image
            options = dict(scale=dpi / 72, no_smoothtext=True, no_smoothpath=True, no_smoothimage=True)
            if colour:
                return page.render(prefer_bgrx=True, **options).to_pil().convert("RGB")
            return page.render(grayscale=True, **options).to_pil()
        finally:
            page.close()

    def close(self) -> None:
        if self._stamp_doc is not None:
            self._stamp_doc.close()
        self._doc.close()

    def __enter__(self) -> PdfiumPdf:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _page(self, index: int):
        try:
            return self._doc[index]
        except pdfium.PdfiumError:
            raise PdfUnreadable(f"damaged PDF: page {index + 1} cannot be read") from None


# Colour spaces whose images decode to what rendering shows (others: palettes, CMYK, masks, rendered).
_DECODED_SPACES = {pdfium_c.FPDF_COLORSPACE_DEVICEGRAY, pdfium_c.FPDF_COLORSPACE_DEVICERGB}


def _scan_image(page, size: tuple[int, int], colour: bool, scan_only: bool = False):
    """A scanned page's image, decoded instead of rendered, when it is all the page draws: one image,
    upright, filling the crop box, no annotations. Brought to ``size`` pixels as rendering without
    smoothing brings it (nearest neighbour), it is the rendered page (the Cà Mau 43 and real scans:
    identical pixels where the sizes agree) at a sixth of the cost (10 against 66 ms). With
    ``scan_only`` the text and forms drawn over the image are left out (luatvn-nq03-cp-2010 draws a grey
    "www.LuatVietnam.vn" over every page's scan, across the words OCR reads). Else None.
    Not seen: an image's own soft mask (pdfium does not tell; no corpus scan has one): such an image is
    read unmasked."""
    from PIL import Image

    if (page.get_rotation() and not scan_only) or pdfium_c.FPDFPage_GetAnnotCount(page) > 0:
        return None
    objects = list(itertools.islice(page.get_objects(max_depth=1), 64))
    if scan_only:
        objects = [o for o in objects if o.type not in (_TEXT, _FORM)]
    if len(objects) != 1 or objects[0].type != _IMAGE:
        return None
    obj = objects[0]
    a, b, c, d, e, f = obj.get_matrix().get()
    left, bottom, right, top = page.get_cropbox()
    # within a point of the crop box: less than a pixel at any resolution OCR reads at
    if b or c or max(abs(a - (right - left)), abs(d - (top - bottom)), abs(e - left), abs(f - bottom)) > 1.0:
        return None
    meta = obj.get_metadata()
    if meta.colorspace not in _DECODED_SPACES or meta.bits_per_pixel not in (1, 8, 24):
        return None
    try:
        bitmap = obj.get_bitmap(render=False)
    except pdfium.PdfiumError:
        return None  # a damaged image: rendering says how
    image = bitmap.to_pil().convert("RGB" if colour else "L")  # a copy: the bitmap's buffer can go
    # /Rotate turns the page clockwise as displayed (a landscape appendix of a portrait scan)
    turn = {90: Image.Transpose.ROTATE_270, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_90}
    if page.get_rotation() in turn:
        image = image.transpose(turn[page.get_rotation()])
    if image.size == size:
        return image
    # Enlarged as rendering without smoothing enlarges (nearest neighbour); reduced by averaging the
    # pixels each new one covers, which keeps the strokes a nearest neighbour would drop.
    shrink = size[0] < image.size[0]
    return image.resize(size, Image.BOX if shrink else Image.NEAREST)


# ---------------------------------------------------------------- one page


class _Frame:
    """From PDF user space to pdfplumber's page coordinates, exactly as pdfminer and pdfplumber map it.

    pdfminer turns the page by its ``/Rotate`` from the media box's corner (its ``ctm``, a matrix
    ``(ra, rb, rc, rd, re, rf)`` applied as ``X = ra*x + rc*y + re``, ``Y = rb*x + rd*y + rf``);
    pdfplumber then flips Y down the (turned) media box's height and shifts by its origin.
    """

    def __init__(self, page_handle: int) -> None:
        l, b, r, t = _F(), _F(), _F(), _F()
        rotation = (_page_rotation(page_handle) % 4) * 90
        if _media_box(page_handle, l, b, r, t):
            x0, y0, x1, y1 = float(l.value), float(b.value), float(r.value), float(t.value)
        else:  # no /MediaBox of its own or inherited: pdfium's page size
            w, h = float(_page_width(page_handle)), float(_page_height(page_handle))
            x0, y0, x1, y1 = (0.0, 0.0, h, w) if rotation in (90, 270) else (0.0, 0.0, w, h)
        self.ctm = {
            0: (1.0, 0.0, 0.0, 1.0, -x0, -y0),
            90: (0.0, -1.0, 1.0, 0.0, -y0, x1),
            180: (-1.0, 0.0, 0.0, -1.0, x1, y1),
            270: (0.0, 1.0, -1.0, 0.0, y1, -x0),
        }[rotation]
        nx0, nx1 = sorted((x0, x1))
        ny0, ny1 = sorted((y0, y1))
        if rotation in (90, 270):
            nx0, ny0, nx1, ny1 = ny0, nx0, ny1, nx1
        self.width = nx1 - nx0
        self.height = ny1 - ny0
        self.x_shift = nx0                       # pdfplumber: x + media box x0
        self.y_base = self.height + (self.height - ny1)  # pdfplumber: top = height - Y + media box top

    def point(self, x: float, y: float) -> tuple[float, float]:
        """(x, top) of a user-space point."""
        ra, rb, rc, rd, re, rf = self.ctm
        return ra * x + rc * y + re + self.x_shift, self.y_base - (rb * x + rd * y + rf)


def _read_page(page) -> PageContent:
    handle = ctypes.cast(page.raw, _V).value
    frame = _Frame(handle)
    order: dict[int, int] = {}  # text object → its place in the content stream
    shapes: list[Ruling] = []
    images: list[PageImage] = []
    budget = [MAX_PAGE_OBJECTS]
    _walk(handle, _count_objects, _get_object, handle, None, frame, order, shapes, images, budget)
    text_page = _load_text_page(handle)
    if not text_page:
        raise PdfUnreadable("damaged PDF: a page's text cannot be read")
    try:
        chars = _chars(text_page, frame, order)
    finally:
        _close_text_page(text_page)
    return PageContent(width=frame.width, height=frame.height, words=page_words(_words(chars.inked)),
                       rulings=tuple(shapes), images=tuple(images),
                       invisible_words=page_words(_words(chars.hidden)) if chars.hidden else (),
                       glyphs=chars.glyphs, unmapped=chars.unmapped)


_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _object_matrix_of(obj: int, parent: tuple | None) -> tuple:
    """The object's matrix to user space: its own, then its forms' (innermost first)."""
    m = pdfium_c.FS_MATRIX()
    own = (m.a, m.b, m.c, m.d, m.e, m.f) if _object_matrix(obj, m) else _IDENTITY
    return own if parent is None else _multiply(own, parent)


def _multiply(m1: tuple, m0: tuple) -> tuple:
    """``m1`` then ``m0`` (pdfminer's ``mult_matrix``)."""
    a1, b1, c1, d1, e1, f1 = m1
    a0, b0, c0, d0, e0, f0 = m0
    return (a0 * a1 + c0 * b1, b0 * a1 + d0 * b1, a0 * c1 + c0 * d1, b0 * c1 + d0 * d1,
            a0 * e1 + c0 * f1 + e0, b0 * e1 + d0 * f1 + f0)


def _walk(holder: int, count, get, page: int, parent: tuple | None, frame: _Frame, order: dict[int, int],
          shapes: list[Ruling], images: list[PageImage], budget: list[int]) -> None:
    """Page objects in content-stream order, form XObjects entered where they are drawn (as pdfminer
    executes them). Raises ``PdfTooLarge`` past ``MAX_PAGE_OBJECTS`` objects on the page."""
    n = count(holder)
    budget[0] -= n
    if budget[0] < 0:
        raise PdfTooLarge(f"a page draws over {MAX_PAGE_OBJECTS:,} objects (a gazette page draws a few thousand)")
    for i in range(n):
        obj = get(holder, i)
        if not obj:
            continue
        kind = _object_type(obj)
        if kind == _TEXT:
            order[obj] = len(order)
        elif kind == _PATH:
            shapes.extend(_path_rulings(obj, _object_matrix_of(obj, parent), frame))
        elif kind == _IMAGE:
            images.append(_image(obj, page, _object_matrix_of(obj, parent), frame))
        elif kind == _FORM:
            _walk(obj, _form_count, _form_object, page, _object_matrix_of(obj, parent), frame, order, shapes, images,
                  budget)


def _grey(getter, obj: int) -> float:
    """0 (black) … 1 (white) of the object's colour as pdfium gives it (RGB); unknown counts as black."""
    r, g, b, a = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    if not getter(obj, r, g, b, a):
        return 0.0
    return (r.value + g.value + b.value) / 765.0


def _path_rulings(obj: int, matrix: tuple, frame: _Frame) -> list[Ruling]:
    """The rules of a path object, its subpaths classified as pdfminer's ``paint_path`` classifies them:
    "ml"/"mlh" a line, a closed axis-aligned "mlllh" a rectangle, anything else a curve (a rule only
    with two points)."""
    fill_mode, stroke_flag = _I(), _I()
    if not _draw_mode(obj, fill_mode, stroke_flag):
        return []
    stroke, fill = bool(stroke_flag.value), fill_mode.value != pdfium_c.FPDF_FILLMODE_NONE
    n = _count_segments(obj)
    if n < 2 or not (stroke or fill):
        return []
    a, b, c, d, e, f = matrix
    ra, rb, rc, rd, re, rf = frame.ctm
    xs, yb = frame.x_shift, frame.y_base
    x, y = _F(), _F()
    subpaths: list[tuple[list[str], list[tuple[float, float]]]] = []
    ops: list[str] = []
    pts: list[tuple[float, float]] = []
    bezier = 0
    for i in range(n):
        seg = _get_segment(obj, i)
        if not seg or not _segment_point(seg, x, y):
            continue
        px, py = float(x.value), float(y.value)
        ux, uy = a * px + c * py + e, b * px + d * py + f
        point = (ra * ux + rc * uy + re + xs, yb - (rb * ux + rd * uy + rf))
        kind = _segment_type(seg)
        if kind == _MOVETO:
            ops, pts = ["m"], [point]
            subpaths.append((ops, pts))
            bezier = 0
        elif not ops:
            continue  # a path must start with a move (pdfminer drops the rest)
        elif kind == _LINETO:
            ops.append("l")
            pts.append(point)
        elif kind == _BEZIERTO:
            bezier += 1
            if bezier % 3:
                continue  # control points: pdfminer keeps a curve's end point only
            ops.append("c")
            pts.append(point)
        if _segment_close(seg) and ops:
            ops.append("h")
            pts.append(pts[0])
    stroke_grey = _grey(_stroke_colour, obj) if stroke else 1.0
    fill_grey = _grey(_fill_colour, obj) if fill else 1.0
    out: list[Ruling] = []
    for ops, pts in subpaths:
        shape = "".join(ops)
        if len(shape) < 2:
            continue
        if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:  # a redundant "l" closing the path
            shape = shape[:-2] + "h"
            pts = pts[:-1]
        if shape in ("ml", "mlh"):
            is_rect, box = False, (pts[0], pts[1])
        elif shape in ("mlllh", "mllll"):
            (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
            square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
            if not (pts[0] == pts[4] and square):
                continue  # a five-point curve: no rule
            is_rect, box = True, (pts[0], pts[2])
        elif len(pts) == 2:
            is_rect, box = False, (pts[0], pts[1])  # a two-point curve
        else:
            continue
        (xa, ya), (xb, yb2) = box
        out.extend(shape_rulings(is_rect=is_rect, x0=min(xa, xb), top=min(ya, yb2), x1=max(xa, xb),
                                 bottom=max(ya, yb2), stroke=stroke, fill=fill, stroke_grey=stroke_grey,
                                 fill_grey=fill_grey))
    return out


def _image(obj: int, page: int, matrix: tuple, frame: _Frame) -> PageImage:
    a, b, c, d, e, f = matrix
    corners = [frame.point(a * u + c * v + e, b * u + d * v + f) for u, v in ((0, 0), (1, 0), (0, 1), (1, 1))]
    meta = pdfium_c.FPDF_IMAGEOBJ_METADATA()
    if not _image_metadata(obj, page, meta):
        meta.width = meta.height = meta.bits_per_pixel = 0
        meta.colorspace = pdfium_c.FPDF_COLORSPACE_UNKNOWN
    return PageImage(x0=min(p[0] for p in corners), top=min(p[1] for p in corners),
                     x1=max(p[0] for p in corners), bottom=max(p[1] for p in corners),
                     width_px=int(meta.width), height_px=int(meta.height),
                     colour=_is_colour(meta.colorspace, meta.bits_per_pixel))


def _is_colour(colorspace: int, bits_per_pixel: int) -> bool:
    if colorspace in _GREY_SPACES:
        return False
    if colorspace == pdfium_c.FPDF_COLORSPACE_ICCBASED:
        return bits_per_pixel > 8 or bits_per_pixel == 0
    if colorspace == pdfium_c.FPDF_COLORSPACE_UNKNOWN:
        return bits_per_pixel > 1  # a stencil mask (1 bit) paints print in one colour
    return True  # RGB, CMYK, Lab, a palette, spot colours: rendered in colour, as before


# ---------------------------------------------------------------- characters and words


class _Font:
    __slots__ = ("key", "bold", "descent", "widths", "handle")

    def __init__(self, handle: int) -> None:
        self.handle = handle
        buf = ctypes.create_string_buffer(256)
        _font_name(handle, buf, 256)
        name = buf.value.decode("latin-1", "replace")
        # Words are split where the font changes, by its name as pdfplumber splits by ``fontname``:
        # Word's "Print to PDF" draws one font as several objects (one for the Vietnamese letters),
        # and splitting by object read "Lu ật", "s ố" (btp-1043-danhmuc, every page).
        self.key = name
        flags = _font_flags(handle)
        self.bold = is_bold_font(name) or (flags > 0 and bool(flags & _FORCE_BOLD))
        descent = _F()
        # pdfium's descent in 1/1000 em: the descriptor's, or the font program's when the descriptor
        # gives none (pdfminer then takes 0; LibreOffice's italic fonts differ by up to 0.3 em).
        self.descent = float(descent.value) if _font_descent(handle, 1.0, descent) else 0.0
        self.widths: dict[str, float] = {}

    def width(self, char: str) -> float:
        """Advance width of ``char`` in em (pdfium maps the Unicode back to the font's char code)."""
        w = self.widths.get(char)
        if w is None:
            out = _F()
            w = float(out.value) if _glyph_width(self.handle, ord(char), 1.0, out) else 0.0
            self.widths[char] = w
        return w


def _text_object_info(order: int, font: _Font, size: float, matrix: tuple, frame: _Frame) -> tuple:
    """What all characters of one text object share, as one tuple (unpacked once per character):
    place in the stream, font, the advance's offsets per em, the box's fixed offsets from the origin,
    uprightness, size (when it does not depend on the advance), font key, bold.

    pdfminer's character box is the rectangle (0, descent) to (advance, descent + size) in text space
    mapped by the character's matrix, and then the box around its four corners.
    """
    a, b, c, d = matrix
    ra, rb, rc, rd = frame.ctm[:4]
    # The character's matrix on the turned page (pdfminer's: text matrix × ctm; pdfium's text matrix
    # carries the horizontal scaling, which pdfminer puts into the advance).
    A, B = ra * a + rc * b, rb * a + rd * b
    C, D = ra * c + rc * d, rb * c + rd * d
    upright = A * D > 0 and B * C <= 0
    lo, hi = font.descent * size, (font.descent + 1.0) * size
    x_lo, x_hi = sorted((C * lo, C * hi))
    y_lo, y_hi = sorted((D * lo, D * hi))
    ax, ay = A * size, B * size  # per em of advance
    # The size rounded: pdfminer's y1 - y0 carries float noise that differs from line to line.
    fixed_size = round(y_hi - y_lo, 4) if ay == 0 else None
    return (order, font, ax, ay, x_lo, y_lo, x_hi, y_hi, upright, fixed_size, font.key, font.bold)


# A character: stream order, index, text, x0, x1, top, bottom, upright, size, font key, bold.
_Char = tuple
_TEXT_, _X0, _X1, _TOP, _BOTTOM, _UPRIGHT, _SIZE, _FONT_, _BOLD_ = range(2, 11)
# pdfium turns a hyphen that ends a line before a letter or digit into U+0002 (its text buffer into
# U+FFFE): "32/2020/NĐ-" + "CP" would lose the hyphen (the rendered case number_wrapped_in_token);
# U+0000 is a glyph without Unicode.
_MARKS = {"\x00", "\x02", "\ufffe"}


# pdfium lists a page's characters text object by text object (CPDF_TextPage walks the page's
# objects in order), so the characters of one object are one contiguous run (checked on every
# page of the dev gazettes: no object's characters resume after another's): its end is found by
# galloping and bisection, a few calls per object instead of one per character.
_RUN_PROBE = 8


def _run_end(text_page: ctypes.c_void_p, start: int, obj: int, n: int) -> int:
    """The index after the run of characters from ``start`` that belong to the text object ``obj``.

    Characters of no object (pdfium's generated spaces and line breaks) are not contiguous: each is
    a run of its own.
    """
    if not obj:
        return start + 1
    text_object = _text_object_u
    lo, step = start, _RUN_PROBE
    while True:
        j = lo + step
        if j >= n:
            if lo == n - 1 or text_object(text_page, n - 1) == obj:
                return n
            hi = n - 1
            break
        if text_object(text_page, j) != obj:
            hi = j
            break
        lo, step = j, step * 2
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if text_object(text_page, mid) == obj:
            lo = mid
        else:
            hi = mid
    return hi


def _marked_char(text_page: int, i: int) -> str | None:
    """The character at ``i`` where pdfium's text holds one of ``_MARKS``: a line-end hyphen pdfium
    marked is "-", a glyph without Unicode is None (left out), anything else its own code point."""
    code = _get_unicode(text_page, i)
    if code == 0x0002 or (code == 0xFFFE and _is_hyphen(text_page, i)):
        return "-"
    if code in (0, 0x0002, 0xFFFE):
        return None
    return chr(code)


class _PageChars:
    """The characters of a page: drawn with ink, drawn without (render modes 3 and 7), and the count
    of glyphs drawn and of those without Unicode."""

    __slots__ = ("inked", "hidden", "glyphs", "unmapped")

    def __init__(self) -> None:
        self.inked: list[_Char] = []
        self.hidden: list[_Char] = []
        self.glyphs = 0
        self.unmapped = 0


def _chars(text_page: int, frame: _Frame, order: dict[int, int]) -> _PageChars:
    """The page's characters in content-stream order, with pdfminer's boxes; pdfium's generated spaces
    and line breaks left out (they are not in the PDF: pdfplumber splits words by geometry)."""
    found = _PageChars()
    n = _count_chars(text_page)
    if n <= 0:
        return found
    buf = (ctypes.c_ushort * (n + 1))()
    # One call for all the text when pdfium's text buffer lines up with its characters (no character
    # dropped from the text, no surrogate pair): else one call per character.
    if _get_text(text_page, 0, n, buf) == n + 1 and _text_index(text_page, n - 1) == n - 1:
        text = ctypes.string_at(buf, 2 * n).decode("utf-16-le", "replace")
    else:
        text = "".join(chr(_get_unicode(text_page, i)) for i in range(n))
    ra, rb, rc, rd, re, rf = frame.ctm
    xs, yb = frame.x_shift, frame.y_base
    objects: dict[int, tuple] = {}
    no_ink: set[int] = set()
    fonts: dict[int, _Font] = {}
    ox, oy = _D(), _D()
    m = pdfium_c.FS_MATRIX()
    size_out = _F()
    blanks, marks = _BLANKS, _MARKS
    tpv = ctypes.c_void_p(text_page)
    text_object, char_origin, is_generated = _text_object_u, _char_origin_u, _is_generated_u
    bx, by = ctypes.byref(ox), ctypes.byref(oy)
    start = 0
    # The page is not turned (the usual case): the frame's unit and zero terms dropped from each
    # character's arithmetic below, which leaves the same floats.
    unturned = frame.ctm[:4] == (1.0, 0.0, 0.0, 1.0)
    special = marks | blanks
    unmapped = 0
    while start < n:
        obj = text_object(tpv, start)
        if not obj:  # one of pdfium's generated spaces or line breaks
            start += 1
            continue
        end = _run_end(tpv, start, obj, n)
        info = objects.get(obj)
        if info is None:
            font_handle = _text_font(obj)
            if font_handle:
                font = fonts.get(font_handle)
                if font is None:
                    font = fonts[font_handle] = _Font(font_handle)
                size = float(size_out.value) if _text_font_size(obj, size_out) else 0.0
                matrix = (m.a, m.b, m.c, m.d) if _char_matrix(text_page, start, m) else _IDENTITY[:4]
                info = objects[obj] = _text_object_info(order.get(obj, len(order) + len(objects)), font, size,
                                                        matrix, frame)
                if _render_mode(obj) in _NO_INK:
                    no_ink.add(obj)
        if info is None:  # characters of a text object without a font
            start = end
            continue
        place, font, ax, ay, x_lo, y_lo, x_hi, y_hi, upright, size, font_key, bold = info
        widths, width = font.widths, font.width
        out = found.hidden if obj in no_ink else found.inked
        append = out.append
        if unturned and ay == 0 and ax >= 0:  # horizontal text read left to right: the general loop's fast case
            for i in range(start, end):
                char = text[i]
                if char in special:
                    if char in marks:
                        char = _marked_char(text_page, i)
                        if char is None:
                            unmapped += 1
                            continue
                    elif is_generated(tpv, i):
                        continue
                char_origin(tpv, i, bx, by)
                px, py = ox.value + re, oy.value + rf
                adv = widths.get(char)
                if adv is None:
                    adv = width(char)
                dx = ax * adv
                if dx >= 0:
                    append((place, i, char, px + x_lo + xs, px + dx + x_hi + xs, yb - (py + y_hi), yb - (py + y_lo),
                            upright, size, font_key, bold))
                else:
                    append((place, i, char, px + dx + x_lo + xs, px + x_hi + xs, yb - (py + y_hi), yb - (py + y_lo),
                            upright, size, font_key, bold))
            start = end
            continue
        for i in range(start, end):
            char = text[i]
            if char in marks:
                char = _marked_char(text_page, i)
                if char is None:
                    unmapped += 1
                    continue
            elif char in blanks and is_generated(tpv, i):
                continue
            char_origin(tpv, i, bx, by)
            x, y = ox.value, oy.value
            px, py = ra * x + rc * y + re, rb * x + rd * y + rf
            adv = widths.get(char)
            if adv is None:
                adv = width(char)
            dx, dy = ax * adv, ay * adv
            x1, x2 = (px + x_lo, px + dx + x_hi) if dx >= 0 else (px + dx + x_lo, px + x_hi)
            y1, y2 = (py + y_lo, py + dy + y_hi) if dy >= 0 else (py + dy + y_lo, py + y_hi)
            append((place, i, char, x1 + xs, x2 + xs, yb - y2, yb - y1, upright,
                    size if size is not None else round(y2 - y1, 4), font_key, bold))
        start = end
    found.inked.sort()  # (stream place, index) is unique: the sort never looks further
    found.hidden.sort()
    glyphs = [ch[_TEXT_] for ch in found.inked if ch[_TEXT_] not in blanks]
    found.glyphs = len(glyphs) + unmapped
    # A glyph without Unicode is code 0 (left out above), U+FFFD, or a font's private code.
    found.unmapped = unmapped + len(_UNMAPPED.findall("".join(glyphs)))
    return found


def _words(chars: list[_Char]) -> list[RawWord]:
    """pdfplumber's ``extract_words`` (x tolerance 1.5, y tolerance 2.5, split by font and size) on
    ``chars`` in content-stream order."""
    out: list[RawWord] = []
    by_x0 = itemgetter(_X0)
    for (upright, _size, _font), group in itertools.groupby(chars, key=itemgetter(_UPRIGHT, _SIZE, _FONT_)):
        group = list(group)
        if upright:
            for line in _cluster(group, _TOP, WORD_Y_TOLERANCE):
                line.sort(key=by_x0)
                _line_words(line, out, vertical=False)
        else:  # rotated text: lines are columns (by x0), read top to bottom
            for line in _cluster(group, _X0, WORD_X_TOLERANCE):
                line.sort(key=lambda ch: (ch[_TOP], ch[_BOTTOM]))
                _line_words(line, out, vertical=True)
    return out


def _cluster(chars: list[_Char], field: int, tolerance: float) -> list[list[_Char]]:
    """pdfplumber's ``cluster_objects``: distinct values chained within ``tolerance``, characters in
    their input order within a cluster, clusters in value order."""
    keys = list(map(itemgetter(field), chars))
    values = sorted(set(keys))
    cluster_of: dict[float, int] = {}
    index, last = 0, None
    for v in values:
        if last is not None and v > last + tolerance:
            index += 1
        cluster_of[v] = index
        last = v
    if index == 0:  # one line (a text object of one line: the usual case)
        return [chars]
    clusters: list[list[_Char]] = [[] for _ in range(index + 1)]
    for ch, k in zip(chars, map(cluster_of.__getitem__, keys)):
        clusters[k].append(ch)
    return clusters


def _line_words(line: list[_Char], out: list[RawWord], *, vertical: bool) -> None:
    """pdfplumber's ``iter_chars_to_words`` on one sorted line: a word ends at a blank character, and
    before a character that starts behind the previous one, more than the tolerance after its end, or
    off its line."""
    word: list[_Char] = []
    blanks = _BLANKS
    # Along the line: start, end; across it: the position compared (pdfplumber's x/y tolerances swap).
    if vertical:
        start, end, across, along_tol, across_tol = _TOP, _BOTTOM, _X0, WORD_Y_TOLERANCE, WORD_X_TOLERANCE
    else:
        start, end, across, along_tol, across_tol = _X0, _X1, _TOP, WORD_X_TOLERANCE, WORD_Y_TOLERANCE
    prev = None
    for ch in line:
        if ch[_TEXT_] in blanks:
            if word:
                out.append(_merge(word))
                word = []
            prev = None
            continue
        if prev is not None and (ch[start] < prev[start] or ch[start] > prev[end] + along_tol
                                 or abs(ch[across] - prev[across]) > across_tol):
            out.append(_merge(word))
            word = []
        word.append(ch)
        prev = ch
    if word:
        out.append(_merge(word))


def _merge(word: list[_Char]) -> RawWord:
    """pdfplumber's ``merge_chars``: the characters' text (ligatures expanded) and bounding box, the
    first character's size and font."""
    first = word[0]
    if len(word) == 1:
        text = first[_TEXT_]
        return (_LIGATURES.get(text, text), first[_X0], first[_X1], first[_TOP], first[_BOTTOM], first[_SIZE], first[_BOLD_])
    text = "".join([ch[_TEXT_] for ch in word])
    if not text.isascii() and _HAS_LIGATURE(text):
        text = "".join([_LIGATURES.get(ch[_TEXT_], ch[_TEXT_]) for ch in word])
    x0, x1, top, bottom = first[_X0], first[_X1], first[_TOP], first[_BOTTOM]
    for ch in word:
        if ch[_X0] < x0:
            x0 = ch[_X0]
        if ch[_X1] > x1:
            x1 = ch[_X1]
        if ch[_TOP] < top:
            top = ch[_TOP]
        if ch[_BOTTOM] > bottom:
            bottom = ch[_BOTTOM]
    return (text, x0, x1, top, bottom, first[_SIZE], first[_BOLD_])



# ---------------------------------------------------------------- what annotations draw (e-office stamps)

# Annotation flags (ISO 32000-1, table 165): Invisible 1, Hidden 2, NoView 32.
_F_INVISIBLE, _F_HIDDEN, _F_NOVIEW = 1, 2, 32


def _has_text(holder, count, get) -> bool:
    """Does an appearance (or a form inside it) draw a text object?"""
    for i in range(count(holder)):
        obj = get(holder, i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == _TEXT:
            return True
        if kind == _FORM and _has_text(obj, pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject):
            return True
    return False


def _text_objects_of(holder: int, out: set[int]) -> set[int]:
    """The text objects a form draws, nested forms included (handles as ints)."""
    for i in range(_form_count(holder)):
        obj = _form_object(holder, i)
        kind = _object_type(obj)
        if kind == _TEXT:
            out.add(obj)
        elif kind == _FORM:
            _text_objects_of(obj, out)
    return out


def _stamp_words(doc, index: int) -> tuple[Word, ...]:
    """The text that the visible annotations of page ``index`` draw, as words in the page's frame, in
    pdfium's drawing order (non-widgets, then widgets, each in /Annots order: later ones print over).

    E-office systems stamp the số and the day of a signed document as signature widgets whose
    appearance draws "2858", "10", "6" (qd2858-hanoi): no text page holds them, and pdfium gives no
    text of an appearance's objects. So ``doc`` is a private copy of the file: the annotations that
    draw no text or are not shown (Hidden, NoView, no appearance, an empty rectangle) are hidden, the
    page is flattened (each appearance becomes a form of the page, placed with its /BBox, /Matrix and
    /Rect as pdfium renders it), loaded again, and its text page holds the stamped characters. Pieces
    are cut at blanks ("09" and "9" in one widget, kh3070-bimson). Nothing is written to disk.
    """
    page = doc[index]
    try:
        handle = ctypes.cast(page.raw, _V).value
        frame = _Frame(handle)  # read before flattening, which sets the media box to the crop box
        kept, widgets = [], []
        n_annots = pdfium_c.FPDFPage_GetAnnotCount(page.raw)
        for i in range(n_annots):
            annot = pdfium_c.FPDFPage_GetAnnot(page.raw, i)
            try:
                flags = pdfium_c.FPDFAnnot_GetFlags(annot)
                rect = pdfium_c.FS_RECTF()
                shown = (not flags & (_F_HIDDEN | _F_NOVIEW)
                         and pdfium_c.FPDFAnnot_GetRect(annot, rect) and rect.right != rect.left and rect.top != rect.bottom
                         and pdfium_c.FPDFAnnot_GetSubtype(annot) != pdfium_c.FPDF_ANNOT_POPUP
                         and pdfium_c.FPDFAnnot_GetAP(annot, pdfium_c.FPDF_ANNOT_APPEARANCEMODE_NORMAL, None, 0) > 2
                         and _has_text(annot, pdfium_c.FPDFAnnot_GetObjectCount, pdfium_c.FPDFAnnot_GetObject))
                if shown:
                    kept.append(i)
                    widgets.append(pdfium_c.FPDFAnnot_GetSubtype(annot) == pdfium_c.FPDF_ANNOT_WIDGET)
                # Flattening skips Hidden and Invisible annotations; pdfium's renderer ignores Invisible.
                pdfium_c.FPDFAnnot_SetFlags(annot, (flags & ~_F_INVISIBLE) if shown else (flags | _F_HIDDEN))
            finally:
                pdfium_c.FPDFPage_CloseAnnot(annot)
        if not kept:
            return ()
        before = pdfium_c.FPDFPage_CountObjects(page.raw)
        if pdfium_c.FPDFPage_Flatten(page.raw, pdfium_c.FLAT_NORMALDISPLAY) != pdfium_c.FLATTEN_SUCCESS:
            return ()
    finally:
        page.close()
    page = doc[index]  # the flattened content shows only in the page loaded again
    try:
        handle = ctypes.cast(page.raw, _V).value
        after = _count_objects(handle)
        holder = _get_object(handle, after - 1) if after > before else None
        if not holder or _object_type(holder) != _FORM or _form_count(holder) != len(kept):
            return ()  # an appearance pdfium did not flatten: pieces could not be told apart
        # pdfium draws the non-widget annotations first, then the widgets (CPDF_AnnotList::DisplayPass).
        rank = {k: r for r, k in enumerate(sorted(range(len(kept)), key=lambda k: (widgets[k], k)))}
        owner = {obj: rank[k] for k in range(len(kept)) for obj in _text_objects_of(_form_object(holder, k), set())}
        pieces = _pieces(handle, frame, owner)
    finally:
        page.close()
    pieces.sort(key=itemgetter(0))
    return page_words([piece for _, piece in pieces])


def _pieces(handle: int, frame: _Frame, owner: dict[int, int]) -> list[tuple[int, RawWord]]:
    """(drawing rank, raw word) of the runs of characters the flattened annotations draw: a run ends
    at a blank, at another text object, or where a character does not start where the last ended."""
    text_page = _load_text_page(handle)
    if not text_page:
        return []
    out: list[tuple[int, RawWord]] = []
    try:
        run: list | None = None       # [rank, object, text, x0, x1, top, bottom, size, bold, end point]
        fonts: dict[int, _Font] = {}
        ox, oy, size_out, m = _D(), _D(), _F(), pdfium_c.FS_MATRIX()

        def close() -> None:
            if run is not None and run[2]:
                out.append((run[0], (run[2], run[3], run[4], run[5], run[6], run[7], run[8])))

        for i in range(_count_chars(text_page)):
            obj = _text_object(text_page, i)
            code = _get_unicode(text_page, i)
            char = chr(code) if code not in (0, 0x0002, 0xFFFE) else ""
            if not obj or obj not in owner or not char or char.isspace() or _render_mode(obj) in _NO_INK:
                close()
                run = None
                continue
            font_handle = _text_font(obj)
            font = fonts.get(font_handle) or fonts.setdefault(font_handle, _Font(font_handle))
            font_size = float(size_out.value) if _text_font_size(obj, size_out) else 0.0
            _char_matrix(text_page, i, m)  # text matrix × forms × page, without the font size
            _char_origin(text_page, i, ox, oy)
            advance = font.width(char) * font_size
            lo, hi = font.descent * font_size, (font.descent + 1.0) * font_size
            corners = [frame.point(ox.value + m.a * u + m.c * v, oy.value + m.b * u + m.d * v)
                       for u in (0.0, advance) for v in (lo, hi)]
            x0, x1 = min(p[0] for p in corners), max(p[0] for p in corners)
            top, bottom = min(p[1] for p in corners), max(p[1] for p in corners)
            size = font_size * math.sqrt(abs(m.a * m.d - m.b * m.c))
            same = (run is not None and run[1] == obj
                    and math.hypot(ox.value - run[9][0], oy.value - run[9][1]) < 0.3 * max(size, 1e-6))
            if not same:
                close()
                run = [owner[obj], obj, "", x0, x1, top, bottom, size, font.bold, None]
            run[2] += char
            run[3], run[4] = min(run[3], x0), max(run[4], x1)
            run[5], run[6] = min(run[5], top), max(run[6], bottom)
            run[9] = (ox.value + m.a * advance, oy.value + m.b * advance)
        close()
    finally:
        _close_text_page(text_page)
    return [(rank, (unicodedata.normalize("NFC", w[0]),) + w[1:]) for rank, w in out]
