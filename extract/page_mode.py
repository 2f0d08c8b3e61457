"""What to trust on each page: its text layer, OCR of what it shows, or neither.

Real PDFs as published carry text layers that do not account for the page: a scan with the invisible
layer another tool's OCR laid over it ("CHINH PHU", "Bo Yte"), a scan whose only text object is a
watermark ("www.LuatVietnam.vn", luatvn-nq03-cp-2010) or a stamp, a font whose encoding is broken
("GÛi th ҫ u s ӕ 13") or whose glyphs have no Unicode. A text layer is trusted where it accounts for what
the page shows; the decision is made per page, from evidence the reader gives (``PageContent``) and, for
a page image, from its ink (``ink_outside``: the share of the image's ink that no text box covers).

After ``decide_page_mode(content, policy=…, ocr_available=…, ink_outside=…)`` the ``PageMode`` says:
- ``mode``: "text" (the text layer, or for another tool's OCR layer when no OCR can run, that layer),
  "ocr" (the page is read from its image, the text layer set aside) or "none" (nothing on the page is
  text: no OCR can run and its text layer is not text);
- ``reason``: the evidence, in words, for the manifest; ``warning``: what the reader should know
  (set when a page that needs OCR cannot have it).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .models import Word
from .names import has_vietnamese_mark, is_vietnamese_spelling
from .readers.base import PageContent

POLICIES = ("auto", "always", "never")

# A page image this large (share of the page's area) can hold what the page shows: a scan.
PAGE_IMAGE_SHARE = 0.3
# Ink of a page image outside every text box, past this share of its ink, is content the text layer
# does not account for (luatvn-nq03-cp-2010: 98 % around its watermark; a text page over a white or
# light background image: none).
INK_OUTSIDE_SHARE = 0.5
# The text checks need this many words made of letters to say anything (a page of numbers and codes,
# or a few words, is taken as it is).
MIN_WORDS = 20
# Vietnamese running text is mostly syllables in Vietnamese letters; abbreviations ("UBND", "TTHC") and
# names in other languages are a few in a hundred (every text page of the dev gazettes and real-text:
# 87–95 %). Under this share the words are not Vietnamese: a broken font encoding (mojibake; UTF-8 read
# as Latin-1 leaves its unmarked words whole and still reads 52 %).
MIN_SPELLED_SHARE = 0.7
# Most syllables carry a tone or vowel mark in Vietnamese text (the same pages: 82–86 %); a text
# layer with almost none has had them stripped (another tool's OCR: "CHINH PHU", "Doc lap - Tu do").
MIN_MARKED_SHARE = 0.15
# Glyphs drawn without Unicode past this share: one letter in ten lost, the page's text cannot be read
# from its text layer (a text page maps every glyph: none on the dev gazettes and real-text).
MAX_UNMAPPED_SHARE = 0.1

_EDGE_PUNCTUATION = "“”\"'‘’()[]{}.,;:!?…-–—/«»*"


def ocr_policy(ocr: bool | str) -> str:
    """The OCR policy named by ``ocr``: "auto", "always" or "never" (True is "auto", False "never")."""
    if ocr is True:
        return "auto"
    if ocr is False:
        return "never"
    if ocr not in POLICIES:
        raise ValueError(f"unknown OCR policy {ocr!r} (one of {', '.join(POLICIES)})")
    return ocr


@dataclass(frozen=True, slots=True)
class PageMode:
    mode: str                        # text | ocr | none
    reason: str
    use_invisible: bool = False      # the text is the invisible layer (another tool's OCR, no OCR here)
    warning: str | None = None
    scan_only: bool = False          # OCR the page image alone: the text drawn over it is not the page's


@dataclass(frozen=True, slots=True)
class TextCheck:
    """Letter words of a text layer, those spelled in Vietnamese letters, and those carrying a mark."""

    words: int
    spelled: int
    marked: int

    @property
    def is_judged(self) -> bool:
        return self.words >= MIN_WORDS

    @property
    def is_mojibake(self) -> bool:
        return self.is_judged and self.spelled < MIN_SPELLED_SHARE * self.words

    @property
    def is_unmarked(self) -> bool:
        return self.is_judged and self.spelled >= MIN_WORDS and self.marked < MIN_MARKED_SHARE * self.spelled


def check_text(words: Sequence[Word]) -> TextCheck:
    """How Vietnamese the words of a text layer are (see ``TextCheck``)."""
    n = spelled = marked = 0
    for w in words:
        counted, is_spelled, is_marked = _judge(w.text)
        n += counted
        spelled += is_spelled
        marked += is_marked
    return TextCheck(words=n, spelled=spelled, marked=marked)


@lru_cache(maxsize=1 << 16)
def _judge(text: str) -> tuple[int, int, int]:
    """(counted, spelled, marked) of one word; a page repeats its words, an issue its pages' words."""
    token = text.strip(_EDGE_PUNCTUATION)
    if not any(c.isalpha() for c in token) or any(c.isdigit() for c in token):
        return 0, 0, 0  # numbers, codes ("123/KH-UBND"), punctuation
    if is_vietnamese_spelling(token):
        return 1, 1, int(has_vietnamese_mark(token))
    return 1, 0, 0


def has_page_image(content: PageContent) -> bool:
    area = content.width * content.height
    return area > 0 and any((im.x1 - im.x0) * (im.bottom - im.top) >= PAGE_IMAGE_SHARE * area for im in content.images)


def needs_ink_check(content: PageContent, policy: str) -> bool:
    """Is the ink of the page's image needed to decide (a page image under a text layer)?"""
    return policy == "auto" and bool(content.words) and not content.invisible_words and has_page_image(content)


def decide_page_mode(content: PageContent, *, policy: str = "auto", ocr_available: bool = True,
                     ink_outside: float | None = None) -> PageMode:
    """The page's reading mode and its evidence (see the module docstring)."""
    if policy not in POLICIES:
        raise ValueError(f"unknown OCR policy {policy!r} (one of {', '.join(POLICIES)})")
    can_ocr = ocr_available and policy != "never"
    off = "OCR is off" if policy == "never" else "OCR is not available"
    drawn = bool(content.words or content.invisible_words or content.glyphs or content.images)
    if policy == "always" and drawn:
        return _ocr("OCR asked for every page", can_ocr, off, fallback=PageMode("text", "OCR asked for (" + off + ")"))
    image = has_page_image(content)

    # Text drawn without ink over a page image: another tool's OCR layer. Ours replaces it; without OCR
    # it is kept when it is Vietnamese text.
    if content.invisible_words and image:
        check = check_text(content.invisible_words)
        usable = not (check.is_mojibake or check.is_unmarked)
        fallback = (PageMode("text", f"another tool's OCR layer, kept ({off})", use_invisible=True,
                             warning=f"another tool's invisible OCR layer is read as the page's text ({off})")
                    if usable else PageMode("none", f"another tool's OCR layer is not Vietnamese text ({off})",
                                            warning=f"the page's only text is another tool's OCR layer, "
                                                    f"which is not Vietnamese text, and {off}"))
        return _ocr("invisible text over a page image: another tool's OCR layer, replaced by ours", can_ocr, off,
                    fallback=fallback, scan_only=True)

    if not content.words:
        if content.glyphs and content.unmapped:
            return _ocr(f"its {content.glyphs} glyphs have no Unicode", can_ocr, off, fallback=PageMode(
                "none", f"glyphs without Unicode ({off})", warning=f"the page's glyphs have no Unicode and {off}"))
        if image:
            return _ocr("no text layer over a page image (a scan)", can_ocr, off,
                        fallback=PageMode("none", f"a scan ({off})"))
        return PageMode("text", "no text and no page image (an empty page)")

    # The text layer drawn with ink: is it text?
    if content.glyphs and content.unmapped > MAX_UNMAPPED_SHARE * content.glyphs:
        share = content.unmapped / content.glyphs
        return _ocr(f"{share:.0%} of its glyphs have no Unicode", can_ocr, off, fallback=PageMode(
            "none", f"glyphs without Unicode ({off})",
            warning=f"{share:.0%} of the page's glyphs have no Unicode and {off}: its text is left out"))
    check = check_text(content.words)
    if check.is_mojibake:
        share = check.spelled / check.words
        return _ocr(f"text layer is not Vietnamese text ({share:.0%} of its words are Vietnamese syllables): "
                    "a broken font encoding", can_ocr, off, fallback=PageMode(
                        "none", f"text layer is not Vietnamese text ({off})",
                        warning=f"the page's text layer is not Vietnamese text (a broken font encoding) and {off}: "
                                "its text is left out"))
    if check.is_unmarked:
        share = check.marked / check.spelled
        return _ocr(f"text layer without diacritics ({share:.0%} of its syllables marked): another tool's OCR",
                    can_ocr, off, fallback=PageMode(
                        "text", f"text layer without diacritics, kept ({off})",
                        warning=f"the page's text layer has no diacritics (another tool's OCR) and {off}"))
    # A page image whose ink the text layer does not cover: a scan whose only text is a watermark or
    # a stamp.
    if image and ink_outside is not None and ink_outside >= INK_OUTSIDE_SHARE:
        return _ocr(f"{ink_outside:.0%} of the page image's ink lies outside the text layer "
                    f"({len(content.words)} words): a scan under a watermark or stamp", can_ocr, off,
                    fallback=PageMode("text", f"page image not read ({off})",
                                      warning=f"the page image holds text the text layer does not have, and {off}"),
                    scan_only=True)
    return PageMode("text", "text layer")


def _ocr(reason: str, can_ocr: bool, off: str, *, fallback: PageMode, scan_only: bool = False) -> PageMode:
    return PageMode("ocr", reason, scan_only=scan_only) if can_ocr else fallback
