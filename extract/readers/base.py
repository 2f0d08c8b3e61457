"""What a reader adapter gives: the raw page types, the reader protocol and the rules both engines share.

A reader adapter (``extract.readers.pdfium``, the default, or ``extract.readers.pdfplumber``, the oracle it
is tested against) opens a PDF as a ``SourcePdf`` and reads each page into a ``PageContent``: its size,
its words (``page_words``: normalised once for the page), its rulings (``shape_rulings``) and its images.
This module imports no PDF engine and nothing of ``extract.read``, which assembles pages from an adapter:
the arrows run from ``read`` to the adapters to this base, never back.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from ..models import Ruling, Word, text_layer_word
from ..normalize import normalize_text

# A filled rectangle thinner than this is a rule (Word exports cell borders as 0.5-0.75 pt fills).
RULE_MAX_THICKNESS_PT = 2.5
# Shorter segments are glyph parts or underlines of single characters, not cell borders.
RULE_MIN_LENGTH_PT = 4.0
# Rules lighter than this grey level (0 = black, 1 = white) are backgrounds, not borders.
RULE_MAX_GREY = 0.75

# Text before this x-gap (points) is a new word; lines are clustered within this y-distance of their
# tops (pdfplumber's x_tolerance / y_tolerance, which both readers apply).
WORD_X_TOLERANCE = 1.5
WORD_Y_TOLERANCE = 2.5


@dataclass(frozen=True, slots=True, kw_only=True)
class PageImage:
    """An image drawn on a page: where it shows (points, top-left origin) and its own pixel size."""

    x0: float
    top: float
    x1: float
    bottom: float
    width_px: int
    height_px: int
    colour: bool                     # drawn in colour (RGB, CMYK, a palette …), not grey or black-and-white


@dataclass(frozen=True, slots=True, kw_only=True)
class PageContent:
    """One page as a reader adapter reads it, before running headers come out.

    ``words`` (the text drawn with ink), ``invisible_words`` and ``stamps`` satisfy the normalisation
    contract (see ``page_words``), in the engine's order; ``rulings`` are the rules as ``shape_rulings``
    defines them, in any order; ``images`` serve the page's reading mode and the choice of resolution
    and colour for OCR. An adapter that cannot tell ink (pdfplumber) leaves ``invisible_words`` and
    ``stamps`` empty.
    """

    width: float
    height: float
    words: tuple[Word, ...]
    rulings: tuple[Ruling, ...]
    images: tuple[PageImage, ...] = ()
    # Evidence for the page's reading (``extract.page_mode``): text drawn without ink (render mode 3 or
    # 7: another tool's OCR layer over a scan), what annotations draw (e-office stamps: số, ngày), and
    # the characters drawn with ink, of which how many have no Unicode (code 0, U+FFFD, private use).
    invisible_words: tuple[Word, ...] = ()
    stamps: tuple[Word, ...] = ()
    glyphs: int = 0
    unmapped: int = 0


class SourcePdf(Protocol):
    """An open PDF as a reader adapter presents it (a context manager)."""

    page_count: int

    def read_page(self, index: int) -> PageContent: ...

    def close(self) -> None: ...

    def __enter__(self) -> SourcePdf: ...

    def __exit__(self, *exc: object) -> None: ...


class PageRenderer(Protocol):
    def render(self, index: int, *, dpi: int, colour: bool, scan_only: bool = False): ...  # -> PIL image


_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)


def is_bold_font(fontname: str) -> bool:
    """A font whose name says it is bold ("TimesNewRomanPS-BoldMT", "LiberationSerif-Bold")."""
    return bool(_BOLD.search(fontname))


RawWord = tuple[str, float, float, float, float, float, bool]  # text, x0, x1, top, bottom, size, bold


def page_words(raw: Sequence[RawWord]) -> tuple[Word, ...]:
    """Words of one page from an engine's raw words, their text normalised once for the whole page.

    The texts hold no whitespace (both engines split words at every blank character), and
    normalisation keeps line breaks and never joins across them, so the page's texts joined by "\n",
    normalised and split again are the texts normalised one by one. Words normalised to nothing
    (a lone zero-width character or soft hyphen) are dropped.
    """
    if not raw:
        return ()
    joined = "\n".join(w[0] for w in raw)
    texts = normalize_text(joined).split("\n")
    if len(texts) != len(raw):  # a line break inside a word: only the word-by-word way is safe
        texts = [normalize_text(w[0]) for w in raw]
    out = []
    for text, (_, x0, x1, top, bottom, size, bold) in zip(texts, raw):
        text = text.strip()
        if text:
            out.append(text_layer_word(text, x0, x1, top, bottom, size, bold))
    return tuple(out)


def shape_rulings(*, is_rect: bool, x0: float, top: float, x1: float, bottom: float, stroke: bool, fill: bool,
                  stroke_grey: float, fill_grey: float) -> Iterator[Ruling]:
    """The rules a painted shape draws, given its bounding box (points, top-left origin).

    A line (or a two-point path) is a rule when it is stroked dark; a rectangle when it is filled dark
    and thin (Word's rules), or, when stroked dark, its four edges. White or shaded backgrounds (grey
    above ``RULE_MAX_GREY``) are no rules.
    """
    if not is_rect:
        if stroke and stroke_grey <= RULE_MAX_GREY:
            yield from segment_rulings(x0, top, x1, bottom)
        return
    thin = min(x1 - x0, bottom - top) <= RULE_MAX_THICKNESS_PT
    if fill and thin and fill_grey <= RULE_MAX_GREY:
        yield from segment_rulings(x0, top, x1, bottom)  # Word's rules
    elif stroke and stroke_grey <= RULE_MAX_GREY:
        yield from segment_rulings(x0, top, x1, top)
        yield from segment_rulings(x0, bottom, x1, bottom)
        yield from segment_rulings(x0, top, x0, bottom)
        yield from segment_rulings(x1, top, x1, bottom)


def segment_rulings(x0: float, top: float, x1: float, bottom: float) -> Iterator[Ruling]:
    """The rule a box is, when it is long in one direction and thin in the other."""
    w, h = x1 - x0, bottom - top
    if w >= RULE_MIN_LENGTH_PT and h <= RULE_MAX_THICKNESS_PT:
        yield Ruling(horizontal=True, position=(top + bottom) / 2, start=x0, end=x1)
    elif h >= RULE_MIN_LENGTH_PT and w <= RULE_MAX_THICKNESS_PT:
        yield Ruling(horizontal=False, position=(x0 + x1) / 2, start=top, end=bottom)
