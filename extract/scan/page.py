"""Reading a scanned page: its image → words and rules, grid first, then cells.

The chain: ``drop colour marks → level (deskew) → rules from the pixels → table grid → blank stamps
→ OCR each cell inside its rules → OCR the rest of the page → repair misreadings`` (``extract.scan.repair``,
then ``extract.scan.context``).
Reading each cell as its own block of text (instead of cutting page-level OCR lines at the rules) keeps
item numbers in narrow columns and stops a line of one cell from running into the next cell.

After ``read_scanned_page``: words and rules are in points in the levelled frame of the page; every
word carries its OCR confidence; rules are the ones a table can be built from (stamp boxes gone).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from ..lines import words_to_lines
from ..models import Page, Ruling, Word
from ..nlp.legal_refs import NUMBER
from ..tables.find import find_fragments, group_rulings, merge_rulings
from .context import context_model, repair_in_context
from .lexicon import ocr_lexicon
from .raster import LONG_RULE_PT, RULE_INK_SHARE, deskew, drop_colour_marks, image_rulings, ink_threshold, paper_level
from .repair import drop_specks, repair_tokens
from .tesseract import MIN_CONFIDENCE, PSM_BLOCK, PSM_CHAR, PSM_LINE, PSM_PAGE, PSM_WORD, OcrEngine, OcrWord

# Text inside a cell starts this far (points) inside its rules: the rule's own width and blur.
CELL_MARGIN_PT = 1.2
# A cell is read when this share of its inner pixels is ink (an empty cell has only specks).
CELL_INK_SHARE = 0.002
# Text blocks around a table are read apart when this much blank (points, two lines) lies between them.
BLOCK_GAP_PT = 24.0
# Ink this tall (points) is a line of text a cell's reading must cover (smaller: specks, marks).
LINE_MIN_PT = 4.0
# A line of a cell with a word read with less confidence than this is read again, enlarged.
REREAD_BELOW = 0.85
# Outside cells only a line whose unsure word holds a digit or a slash is read again: a number, a date
# or a document code ("1511/LĐTBXH-CATLĐ"), which no lexicon can repair; unsure syllables are repaired
# (``repair``). Real scans: the same scores at three quarters of the cost. A roman numeral is a number
# too ("Quý II" at 0.62 where "Quý III" is printed, vnlaw-163-tb-vpcp).
_HAS_NUMBER = re.compile(r"[\d/]|^[IVX]{1,5}[.,;:)]?$")
# Print a stamp's top border runs through reaches this far (points) into the box: a line of text.
STAMP_OVERLAP_PT = 10.0
# Paper around a cell's cropped ink (pixels): Tesseract reads glyphs that touch the image edge badly.
FRAME_PX = 12
# A ruled box this small and without a grid is a stamp, not a table (Nghị định 30/2020/NĐ-CP, Phụ
# lục IV: the arrival stamp "ĐẾN" is a 50 × 30 mm box; 90 × 50 mm leaves room for other stamps).
STAMP_MAX_W_PT = 255.0
STAMP_MAX_H_PT = 142.0


@dataclass(frozen=True, slots=True)
class ScannedPage:
    words: tuple[Word, ...]
    rulings: tuple[Ruling, ...]
    angle: float                     # degrees the image was turned by to level it
    colour_share: float              # share of the pixels that were coloured marks (seals, signatures)


def read_scanned_page(image, *, width_pt: float, height_pt: float, dpi: int, engine: OcrEngine) -> ScannedPage:
    """Words and rules of one page image (a PIL image, RGB or grey, rendered at ``dpi``)."""
    from PIL import Image

    colour = 0.0
    if image.mode == "RGB":
        gray_array, colour = drop_colour_marks(np.asarray(image))
        image = Image.fromarray(gray_array) if gray_array is not None else image.convert("L")
    elif image.mode != "L":
        image = image.convert("L")
    # A black-and-white scan (fax-coded images: the real portal scans) has two grey levels until
    # levelling interpolates them; its OCR confidences mean less (``repair``).
    bilevel = len(np.unique(np.asarray(image)[::16, ::16])) <= 2
    image, angle = deskew(image)
    gray = np.asarray(image)
    ppp = 72.0 / dpi
    threshold = ink_threshold(gray)
    rules, rule_mask = image_rulings(gray, points_per_pixel=ppp, threshold=threshold,
                                     long_threshold=ink_threshold(gray, RULE_INK_SHARE))
    grid = Page(page_index=0, page_number=None, width=width_pt, height=height_pt, words=(), rulings=tuple(rules),
                lines=())
    fragments = find_fragments(grid)
    stamps = _stamp_boxes(rules, fragments)
    # Erased pixels take the paper's own grey, not white: Tesseract thresholds the whole image at once,
    # and white patches on grey paper move its threshold until the paper reads as ink.
    paper = paper_level(gray)
    clean = gray.copy()
    clean[rule_mask] = paper  # borders erased, so that Tesseract does not read them as "I" or "l"
    for r in rules:
        if _stray_in_cell(r, fragments):
            # not a border: the bars of capitals run together by blur ("TT-BTTTT" read "TT-BIIII" once
            # erased, a 200-dpi scan blurred 1.4 px); its pixels stay the text's
            across = int(STRAY_MARGIN_PT / ppp) + 1
            a, b = _px(r.position, ppp) - across, _px(r.position, ppp) + across + 1
            s0, s1 = _px(r.start, ppp), _px(r.end, ppp) + 1
            if r.horizontal:
                clean[max(0, a):b, s0:s1] = gray[max(0, a):b, s0:s1]
            else:
                clean[s0:s1, max(0, a):b] = gray[s0:s1, max(0, a):b]
    for x0, top, x1, bottom in stamps:
        c0, c1 = _px(x0, ppp), _px(x1, ppp) + 1
        r0, r1 = _px(top, ppp), _px(bottom, ppp) + 1
        box = clean[r0:r1, c0:c1]
        stamped_over = _reached_from_above(box < threshold, int(STAMP_OVERLAP_PT / ppp))
        box[~stamped_over] = paper
    words: list[Word] = []
    ink = clean < threshold
    covered: list[tuple[int, int, int, int]] = []
    h, w = gray.shape
    for fragment in fragments:
        for cell in fragment.cells:
            x0, y0 = _px(cell.x0 + CELL_MARGIN_PT, ppp), _px(cell.top + CELL_MARGIN_PT, ppp)
            x1, y1 = min(w, _px(cell.x1 - CELL_MARGIN_PT, ppp)), min(h, _px(cell.bottom - CELL_MARGIN_PT, ppp))
            if x1 - x0 < 6 or y1 - y0 < 6:
                continue
            covered.append((x0, y0, x1, y1))
            box = _ink_box(ink[y0:y1, x0:x1])
            if box is None:
                continue
            bx0, by0, bx1, by1 = box
            found = _cell_words(engine, clean, (x0 + bx0, y0 + by0, x0 + bx1, y0 + by1), paper, threshold, dpi)
            found = _numerals_by_stems(found, ink)
            words += _repaired([_word(o, ppp) for o in found], opens_cell=True, bilevel=bilevel)
    outside = clean.copy()
    for x0, y0, x1, y1 in covered:
        outside[y0:y1, x0:x1] = paper
    read: list[OcrWord] = []
    ink_outside = outside < threshold
    # Around a table only a few bands hold text (the running header, a title, a note): those are
    # read, not the blank page (Tesseract's layout analysis of a blank A4 page costs 0.6 s).
    bands = _text_bands(ink_outside, int(BLOCK_GAP_PT / ppp)) if covered else [(0, h)]
    for top, bottom in bands:
        if bottom - top < LINE_MIN_PT / ppp:
            continue  # the blur a rule leaves beside a cell, a speck: no line of text is this low
        read += _read_block(engine, outside, ink_outside, top, bottom, dpi)
    read = _numerals_by_stems(_reread_unsure_lines(engine, outside, read, paper, dpi), ink_outside)
    page_words = [_word(o, ppp) for o in read]
    # Each line is repaired with the edge words of the lines it runs on from and into (held-out legal text at
    # 60 characters a line: 92.0 % of simulated damage restored line by line, 94.6 % so, as whole paragraphs).
    lines = [list(line.words) for line in words_to_lines(page_words)]
    above: list[Word] = []
    for k, line in enumerate(lines):
        below = lines[k + 1] if k + 1 < len(lines) else []
        above = _repaired(line, bilevel=bilevel, before=above[-1:] if _runs_on(above, line) else [],
                          after=below[:1] if _runs_on(line, below) else [])
        words += above
    kept = tuple(r for r in rules if not any(_inside(r, box) for box in stamps))
    return ScannedPage(words=tuple(words), rulings=kept, angle=angle, colour_share=colour)


def _reached_from_above(ink: np.ndarray, depth: int) -> np.ndarray:
    """Ink of a stamp's box that belongs to print the box was stamped over: the strokes connected to
    the ink above the box's top edge ("Số: 153/TB-VPCP" under the top of the arrival stamp), followed
    at most ``depth`` rows down. The stamp's own text and handwriting are not connected to it."""
    reached = np.zeros_like(ink)
    reached[:3] = ink[:3]
    limit = np.zeros_like(ink)
    limit[:depth] = True
    allowed = ink & limit
    for _ in range(depth):
        grown = reached.copy()
        grown[1:] |= reached[:-1]
        grown[:-1] |= reached[1:]
        grown[:, 1:] |= reached[:, :-1]
        grown[:, :-1] |= reached[:, 1:]
        grown &= allowed
        if (grown == reached).all():
            break
        reached = grown
    return reached


def _text_bands(ink: np.ndarray, gap: int) -> list[tuple[int, int]]:
    """Row ranges of a page that hold text, blank stretches of at least ``gap`` rows between them."""
    rows = np.flatnonzero(ink.sum(axis=1) >= 3)
    if len(rows) == 0:
        return []
    breaks = np.flatnonzero(np.diff(rows) > gap)
    starts = np.concatenate(([rows[0]], rows[breaks + 1]))
    ends = np.concatenate((rows[breaks], [rows[-1]])) + 1
    return [(int(a), int(b)) for a, b in zip(starts, ends) if b - a >= 3]


def _read_block(engine: OcrEngine, page: np.ndarray, ink: np.ndarray, top: int, bottom: int, dpi: int) -> list[OcrWord]:
    """Words of rows ``top``..``bottom`` of ``page`` read as a page of text, cropped to their ink in a
    frame of paper: Tesseract's thresholding and layout analysis cost by the pixel, and margins are
    blank (the dev scans: the same text on 97 % of the readings, the same scores, 7 % less Tesseract time)."""
    from PIL import Image

    box = _ink_box(ink[top:bottom], min_share=0.0)
    if box is None:
        return []
    x0, y0, x1, y1 = box
    t, b = max(0, top + y0 - FRAME_PX), min(page.shape[0], top + y1 + FRAME_PX)
    left, right = max(0, x0 - FRAME_PX), min(page.shape[1], x1 + FRAME_PX)
    return _read(engine, Image.fromarray(page[t:b, left:right]), dpi, psm=PSM_PAGE, offset=(left, t))


def _ink_box(ink: np.ndarray, min_share: float = CELL_INK_SHARE) -> tuple[int, int, int, int] | None:
    """The box (x0, y0, x1, y1) of the ink in a cell, specks left out: rows and columns with at least
    two ink pixels; None when less than ``min_share`` of the pixels are ink."""
    if ink.size == 0 or (min_share and ink.mean() < min_share):
        return None
    rows = np.flatnonzero(ink.sum(axis=1) >= 2)
    cols = np.flatnonzero(ink.sum(axis=0) >= 2)
    if len(rows) == 0 or len(cols) == 0:
        return None
    return int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1


def _framed(crop: np.ndarray, paper: int, scale: int = 1):
    """``crop`` inside a frame of paper, enlarged ``scale`` times, as a PIL image."""
    from PIL import Image

    framed = np.full((crop.shape[0] + 2 * FRAME_PX, crop.shape[1] + 2 * FRAME_PX), paper, dtype=np.uint8)
    framed[FRAME_PX:-FRAME_PX, FRAME_PX:-FRAME_PX] = crop
    image = Image.fromarray(framed)
    if scale > 1:
        image = image.resize((image.width * scale, image.height * scale), Image.LANCZOS)
    return image


def _cell_words(engine: OcrEngine, clean: np.ndarray, box: tuple[int, int, int, int], paper: int, threshold: int,
                dpi: int) -> list[OcrWord]:
    """A cell's words, read from its ink cropped tight and framed in paper (Tesseract misreads short
    tokens in a mostly empty rectangle: "4" as "A", "III/2024" as "II/2024", Hậu Giang 12 scan).

    A line holding a word read with low confidence is read again at twice the size (the reading with
    the higher confidence is kept), and a cell with ink but no
    word (a lone item number "3") as a single line, then a single character: Tesseract's model sees
    small print better enlarged, and its page layout drops lone short marks.
    """
    x0, y0, x1, y1 = box
    crop = clean[y0:y1, x0:x1]
    at = (x0 - FRAME_PX, y0 - FRAME_PX)
    found = _read(engine, _framed(crop, paper), dpi, psm=PSM_BLOCK, offset=at)
    if _may_be_label(found, crop, dpi):
        return _best_label(engine, crop, paper, dpi, at, found)
    if not found:
        for psm in (PSM_LINE, PSM_CHAR):
            found = _scaled(engine.read(_framed(crop, paper, 2), dpi * 2, psm=psm), 2, at)
            if found:
                break
        return found
    found = _reread_unsure_lines(engine, clean, found, paper, dpi, (x0, x1))
    return _missed_lines(engine, crop, box, found, paper, threshold, dpi)


# A cell whose ink is one short line (an STT cell: "1.1", "IV", "12") is read as a label.
LABEL_MAX_PT = 30.0
_LABEL_READING = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3}){0,3}\.?|[IVXLC]{1,6}\.?)$")


def _may_be_label(found: list[OcrWord], crop: np.ndarray, dpi: int) -> bool:
    """Is the cell's ink a lone short mark, read as nothing, as one short token, or unsurely?"""
    height_pt, width_pt = crop.shape[0] * 72 / dpi, crop.shape[1] * 72 / dpi
    if height_pt > 2 * LINE_MIN_PT * 3 or width_pt > LABEL_MAX_PT:
        return False
    return len(found) <= 1 and (not found or len(found[0].text) <= 6)


def _best_label(engine: OcrEngine, crop: np.ndarray, paper: int, dpi: int, at: tuple[int, int],
                found: list[OcrWord]) -> list[OcrWord]:
    """A short cell read several ways (as a line at 1, 2 and 3 times the size, as a word): the most
    confident reading that is an item or group label wins; the first reading stays when none is.
    Tesseract reads lone numbers badly and differently at each size ("1.1" as "T51", "1.2" as "l2";
    DejaVu Sans at 10 pt, 200 dpi), while one of the sizes usually gets it."""
    if _is_sure_label(found):
        return found
    readings = [found]
    for scale in (1, 2, 3):
        for psm in (PSM_LINE, PSM_WORD):
            words = engine.read(_framed(crop, paper, scale), dpi * scale, psm=psm)
            words = [replace(w, text=re.sub(r"(?<=\d)[:,;](?=\d)", ".", w.text)) for w in words]
            readings.append(_scaled(words, scale, at) if scale > 1 else
                            [replace(w, left=w.left + at[0], top=w.top + at[1]) for w in words])
            if _is_sure_label(readings[-1]) and re.search(r"\d\.\d", readings[-1][0].text):
                return readings[-1]
    labels = [r for r in readings if len(r) == 1 and _LABEL_READING.match(r[0].text)]
    if not labels:
        return found
    best = max(labels, key=lambda r: r[0].confidence)
    # A dot inside a label is rarely read where there is none, and often lost where there is one.
    dotted = [r for r in labels if re.search(r"\d\.\d", r[0].text) and r[0].confidence >= 0.5 * best[0].confidence]
    return max(dotted, key=lambda r: r[0].confidence) if dotted else best


def _is_sure_label(words: list[OcrWord]) -> bool:
    return len(words) == 1 and bool(_LABEL_READING.match(words[0].text)) and words[0].confidence >= REREAD_BELOW


def _reread_unsure_lines(engine: OcrEngine, clean: np.ndarray, found: list[OcrWord], paper: int, dpi: int,
                         span: tuple[int, int] | None = None) -> list[OcrWord]:
    """``found`` with each run of a line holding a word read with low confidence read again at twice
    the size, the more confident reading kept ("1511LĐTBXH-CATLĐ" at 0.71 for "1511/LĐTBXH-CATLĐ").
    A line is cut into runs at gaps wider than two word heights (the header's two columns share
    baselines); ``span``: the columns the runs may use (a cell's), else the run's own extent. Outside
    cells (no ``span``) only runs whose unsure word holds a digit or a slash are read again."""
    out = list(found)
    for line in _word_lines(found):
        for run in _runs(line):
            if min(w.confidence for w in run) >= REREAD_BELOW:
                continue
            if span is None and not any(w.confidence < REREAD_BELOW and _HAS_NUMBER.search(w.text) for w in run):
                continue  # text outside cells: its unsure syllables are left to the lexicon repair
            t = max(0, min(w.top for w in run) - 3)
            b = min(clean.shape[0], max(w.top + w.height for w in run) + 3)
            if span is not None:
                left, right = span
            else:
                left = max(0, min(w.left for w in run) - 6)
                right = min(clean.shape[1], max(w.left + w.width for w in run) + 6)
            again = _scaled(_read(engine, _framed(clean[t:b, left:right], paper, 2), dpi * 2, psm=PSM_LINE), 2,
                            (left - FRAME_PX, t - FRAME_PX))
            if not again or _mean_confidence(again) <= _mean_confidence(run):
                continue
            inside = [w for w in out if left <= w.left + w.width / 2 <= right and t <= w.top + w.height / 2 <= b]
            if _mean_confidence(again) > _mean_confidence(inside):
                gone = {id(w) for w in inside}
                out = [w for w in out if id(w) not in gone] + again
    return out


def _runs(line: list[OcrWord]) -> list[list[OcrWord]]:
    """A line's words in runs, cut where the gap is wider than two word heights."""
    ordered = sorted(line, key=lambda w: w.left)
    runs = [[ordered[0]]]
    for w in ordered[1:]:
        prev = runs[-1][-1]
        if w.left - (prev.left + prev.width) > 2 * max(prev.height, w.height):
            runs.append([w])
        else:
            runs[-1].append(w)
    return runs


def _word_lines(words: list[OcrWord]) -> list[list[OcrWord]]:
    """Words grouped into the lines they were read on (vertical middles within half a height)."""
    lines: list[list[OcrWord]] = []
    for w in sorted(words, key=lambda w: w.top + w.height / 2):
        mid = w.top + w.height / 2
        if lines and abs(mid - (lines[-1][0].top + lines[-1][0].height / 2)) <= lines[-1][0].height / 2:
            lines[-1].append(w)
        else:
            lines.append([w])
    return lines


def _missed_lines(engine: OcrEngine, crop: np.ndarray, box: tuple[int, int, int, int], found: list[OcrWord],
                  paper: int, threshold: int, dpi: int) -> list[OcrWord]:
    """``found`` with the lines of ink it left unread, or read in part, read again one by one
    (Tesseract's block mode drops a short last line, "CCHC" alone under "…sau kiểm tra", and the first
    word of a line, "Trong năm 2023" read "năm 2023": Cà Mau 43 scans)."""
    ink = crop < threshold
    rows = ink.sum(axis=1) >= 2
    bands, start = [], None
    for r, has_ink in enumerate(np.append(rows, False)):
        if has_ink and start is None:
            start = r
        elif not has_ink and start is not None:
            bands.append((start, r))
            start = None
    x0, y0 = box[0], box[1]
    out = list(found)
    min_height = max(4, int(LINE_MIN_PT * dpi / 72))
    for top, bottom in bands:
        if bottom - top < min_height:
            continue  # a speck or the dot of a diacritic
        on_band = [w for w in out if top - 2 <= w.top - y0 + w.height / 2 <= bottom + 2]
        cols = np.flatnonzero(ink[top:bottom].sum(axis=0) >= 1)
        if len(cols) == 0:
            continue
        read = np.zeros(crop.shape[1], dtype=bool)
        for w in on_band:
            read[max(0, w.left - x0 - 2): max(0, w.left - x0 + w.width + 2)] = True
        unread = cols[~read[cols]]
        if len(unread) <= (bottom - top):  # less than a letter's width left unread
            continue
        t, b = max(0, top - 3), min(crop.shape[0], bottom + 3)
        again = _scaled(_read(engine, _framed(crop[t:b], paper, 2), dpi * 2, psm=PSM_LINE), 2,
                        (x0 - FRAME_PX, y0 + t - FRAME_PX))
        if sum(w.width for w in again) > sum(w.width for w in on_band):
            out = [w for w in out if w not in on_band] + again
    return out


# Tesseract can be all but unsure of a word it read rightly ("theo Quyết định số" at 0.09, "Xã hội" and
# "07/2009/QĐ-TTg" at 0.00: luatvn-nq03-cp-2010), while the noise of rules, stamps and specks is read
# that unsurely too: an unsure word is kept on evidence that it is text, a known word it makes with a
# surely read neighbour on its line, or the shape of a document number whose codes are known.
_DOCUMENT_NUMBER = re.compile(rf"^(?:{NUMBER})$")
_EDGE_MARKS = ",.;:()\"'“”"


def _read(engine: OcrEngine, image, dpi: int, *, psm: int, offset: tuple[int, int] = (0, 0)) -> list[OcrWord]:
    """``engine.read`` of ``image``, with its unsure words kept only on evidence (above)."""
    words = engine.read(image, dpi, psm=psm, offset=offset, min_confidence=0.0)
    if all(w.confidence >= MIN_CONFIDENCE for w in words):
        return words
    lexicon = ocr_lexicon()
    kept: set[int] = set()
    for line in _word_lines(words):
        ordered = sorted(line, key=lambda w: w.left)
        cores = [w.text.strip(_EDGE_MARKS) for w in ordered]
        for i, w in enumerate(ordered):
            if w.confidence >= MIN_CONFIDENCE or _is_document_number(cores[i], lexicon.codes):
                kept.add(id(w))
                continue
            for j in (i - 1, i + 1):
                if not 0 <= j < len(ordered) or ordered[j].confidence < MIN_CONFIDENCE:
                    continue
                left, right = (ordered[j], w) if j < i else (w, ordered[j])
                if right.left - (left.left + left.width) > 2 * max(left.height, right.height):
                    continue  # not side by side: another column, or a gap a word was lost in
                pair = (cores[min(i, j)].lower(), cores[max(i, j)].lower())
                if pair in lexicon.pairs:
                    kept.add(id(w))
                    break
    return [w for w in words if id(w) in kept]


def _is_document_number(core: str, codes) -> bool:
    """A số ký hiệu (``legal_refs.NUMBER``) whose codes after its first slash are all known ("QĐ", "TTg")."""
    parts = re.findall(r"[^\W\d_]+", core.partition("/")[2])
    return bool(parts) and _DOCUMENT_NUMBER.match(core) is not None and all(p in codes for p in parts)


# A roman numeral of I's is told by its stems, not by Tesseract's reading: close serifs join "III" into
# "II" ("Quý III năm 2024" read "Quý II" at 0.62, and at 0.78 enlarged: vnlaw-163-tb-vpcp), while the
# ink shows three full-height strokes. Stems are counted from the word's left edge up to the next word
# on its line (or a letter's width past its own box), as runs of columns inked over at least half as
# much of the word's height as its most inked column (serifs and dots are far below that).
_I_NUMERAL = re.compile(r"^(?P<numeral>I{1,3})(?P<post>[.,;:)]?)$")
STEM_SHARE = 0.5


def _numerals_by_stems(words: list[OcrWord], ink: np.ndarray) -> list[OcrWord]:
    """``words`` with each numeral "I", "II", "III" read again from the number of its stems."""
    out = list(words)
    for k, w in enumerate(words):
        match = _I_NUMERAL.match(w.text)
        if not match:
            continue
        letter = w.width / max(1, len(w.text))
        right = w.left + w.width + int(1.2 * letter)
        for v in words:
            if v is not w and v.left >= w.left + w.width and min(v.top + v.height, w.top + w.height) - max(v.top, w.top) > w.height / 2:
                right = min(right, v.left - 1)
        box = ink[max(0, w.top):w.top + w.height, max(0, w.left - 1):max(w.left, right)]
        if box.size == 0:
            continue
        cover = box.mean(axis=0)
        stems = cover >= STEM_SHARE * cover.max()
        count = int(stems[0]) + int(np.count_nonzero(stems[1:] & ~stems[:-1]))
        if 1 <= count <= 3 and count != len(match["numeral"]):
            out[k] = replace(w, text="I" * count + match["post"])
    return out


def _mean_confidence(words: list[OcrWord]) -> float:
    """Confidence of a reading, weighted by the characters each word holds."""
    chars = sum(len(w.text) for w in words)
    return sum(w.confidence * len(w.text) for w in words) / chars if chars else 0.0


def _scaled(words: list[OcrWord], scale: int, at: tuple[int, int]) -> list[OcrWord]:
    """Words read from an image enlarged ``scale`` times, back in page pixels (``at``: the image's place)."""
    return [OcrWord(text=w.text, left=at[0] + w.left // scale, top=at[1] + w.top // scale, width=w.width // scale,
                    height=w.height // scale, confidence=w.confidence) for w in words]


def _repaired(words: list[Word], *, opens_cell: bool = False, bilevel: bool = False, before: Sequence[Word] = (),
              after: Sequence[Word] = ()) -> list[Word]:
    """Words of one cell or line (reading order) with their OCR misreadings repaired: syllable by syllable
    (``repair``), then each syllable by the syllables beside it (``context``: a cell's lines run on, so its
    words are one sequence; a line's are read with the words ``before`` and ``after`` it, the edges of the
    lines it runs on from and into). Each word keeps its box."""
    ordered = [w for line in words_to_lines(words) for w in line.words]
    ordered = [ordered[i] for i in drop_specks([w.text for w in ordered], [w.confidence for w in ordered])]
    lexicon = ocr_lexicon()
    texts = repair_tokens([w.text for w in ordered], lexicon, [w.confidence for w in ordered],
                          opens_cell=opens_cell, bilevel=bilevel)
    texts = repair_in_context(texts, context_model(), keep=lexicon.codes, before=[w.text for w in before],
                              after=[w.text for w in after])
    return [w if t == w.text else replace(w, text=t) for w, t in zip(ordered, texts)]


def _runs_on(upper: Sequence[Word], lower: Sequence[Word]) -> bool:
    """Does text run on from line ``upper`` into ``lower``, the next line down? Not across more than a
    line's height of blank: a table, another block or a title set apart lies between."""
    if not upper or not lower:
        return False
    height = max(w.bottom - w.top for w in upper)
    return min(w.top for w in lower) - max(w.bottom for w in upper) <= height


def _px(points: float, ppp: float) -> int:
    return max(0, int(round(points / ppp)))


def _word(w: OcrWord, ppp: float) -> Word:
    return Word(text=w.text, x0=w.left * ppp, x1=(w.left + w.width) * ppp, top=w.top * ppp,
                bottom=(w.top + w.height) * ppp, size=w.height * ppp, confidence=w.confidence)


# A rule within this (points) of a grid line is that line; a stray one is erased no more than this either side.
GRID_SNAP_PT = 2.5
STRAY_MARGIN_PT = 1.0


def _stray_in_cell(rule: Ruling, fragments) -> bool:
    """A short rule inside a table's cells that no grid line is drawn along: ink of the cell's text."""
    if rule.end - rule.start >= LONG_RULE_PT:
        return False
    for f in fragments:
        edges, across = (f.bands, f.columns) if rule.horizontal else (f.columns, f.bands)
        if across[0] - GRID_SNAP_PT <= rule.start and rule.end <= across[-1] + GRID_SNAP_PT and \
                edges[0] + GRID_SNAP_PT < rule.position < edges[-1] - GRID_SNAP_PT:
            return not any(abs(rule.position - e) <= GRID_SNAP_PT for e in edges)
    return False


def _stamp_boxes(rules: Sequence[Ruling], fragments) -> list[tuple[float, float, float, float]]:
    """Small closed ruled boxes that hold no table grid: stamps (x0, top, x1, bottom in points)."""
    boxes = []
    for group in group_rulings(merge_rulings(rules)):
        hs = [r for r in group if r.horizontal]
        vs = [r for r in group if not r.horizontal]
        if len(hs) < 2 or len(vs) < 2:
            continue
        x0, x1 = min(v.position for v in vs), max(v.position for v in vs)
        top, bottom = min(h.position for h in hs), max(h.position for h in hs)
        if x1 - x0 > STAMP_MAX_W_PT or bottom - top > STAMP_MAX_H_PT:
            continue
        if any(f.columns[0] <= x0 + 1 and x1 - 1 <= f.columns[-1] and f.top <= top + 1 and bottom - 1 <= f.bottom
               and f.n_cols >= 2 for f in fragments):
            continue  # a small table, not a stamp
        boxes.append((x0 - 2, top - 2, x1 + 2, bottom + 2))
    return boxes


def _inside(r: Ruling, box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    if r.horizontal:
        return top <= r.position <= bottom and x0 <= r.start and r.end <= x1
    return x0 <= r.position <= x1 and top <= r.start and r.end <= bottom
