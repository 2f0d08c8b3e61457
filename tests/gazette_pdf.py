"""Synthetic Công báo (Vietnamese Official Gazette) PDFs for table-extraction tests.

Three layers:

* ``render_pdf`` -- a low-level renderer. The caller lists, page by page, every
  table row (header rows included) as ``GridRow`` objects; the renderer draws
  them with exact coordinates on a reportlab canvas and never re-flows anything.
  A cell ``None`` is covered by the cell above it (vertical merge); ``GridRow(spans=(1, 2, 1))``
  merges cells horizontally (the covered cells are None too), for two-level headers such as
  "Cơ quan thực hiện" over "Chủ trì | Phối hợp".
  Every page gets a gazette running header ("CÔNG BÁO ...  41" with a thin
  underline), which is *not* part of any table.
* ``case_*`` builders -- each renders one small PDF proving one table situation
  and returns ``(pdf_path, expected_rows)``.
* ``render_issue`` -- whole issues with real document layout, also drawn with exact
  coordinates and never re-flowed across pages. An issue is a list of pages:

  - ``CoverPage(toc=(TocEntry(text, page), ...), toc_as_table=False)``: big "CÔNG BÁO",
    the province, "Số 7" and the date, "MỤC LỤC", then the entries as text with dot leaders
    (``TocEntry(text)`` without a page is a bold section heading) or, with ``toc_as_table``,
    as a ruled "Nội dung | Trang" table. No running header; prints no page number.
  - ``ContentPage(blocks=(...), landscape=False)``: the running header with its printed page
    number (content pages count up from ``first_printed_page``, see ``printed_numbers``), then
    the blocks stacked from ``BODY_TOP`` down with ``PARA_GAP`` after each:

    ``DocHeader(kind, title, number="12/KH-UBND", place_date="Thử, ngày 05 tháng 3 năm 2024",
    issuer=("ỦY BAN NHÂN DÂN", "TỈNH THỬ"), note=())`` -- issuer (bold capitals, short rule)
    and motto (bold, "Độc lập - Tự do - Hạnh phúc" with a short rule) on shared baselines,
    "Số: ..." (regular) and the place-date (italic) on one line (``number=None``: no "Số:"),
    the kind centred in bold capitals, the title lines centred bold, the note lines italic;
    ``Para(text, align="justify"|"left"|"centre", style="regular"|"bold"|"italic", indent=True)``;
    ``TableBlock(rows, widths)`` or ``TableBlock.of(headers, widths, body)`` -- a ruled table
    drawn by the ``render_pdf`` table code; ``Signature(titles=("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
    name="Nguyễn Văn An")`` -- bold, centred in the right half; ``Space(points)``.

  Bold is DejaVuSans-Bold and italic DejaVuSans-Oblique, so a reader can tell them by font
  name. A block running below the bottom margin raises ValueError.

Conventions for the ``case_*`` builders' ``expected_rows`` (what a correct extractor
must reassemble):

* one dict per logical body row; keys are the printed header texts with
  whitespace collapsed ("Thời gian hoàn thành" even when printed on two lines);
  header rows and the "1 | 2 | 3 ..." numbering row never appear as rows;
* values are the full cell text (NFC): paragraphs joined with "\\n", a line
  wrap inside a paragraph (also across a page break) is a single space, and
  an empty cell is ``None``;
* a vertically merged group cell (e.g. "Nhiệm vụ chung") is repeated into every
  row it spans, including rows on later pages where the cell prints empty;
* full-width group rows ("I. HẠ TẦNG SỐ") are not rows themselves: each following
  body row carries the group text under the extra key ``GROUP_KEY`` ("__group__").

Cell strings may contain ``SOFT_BREAK`` (U+2028): a forced line break that is
not a paragraph break (Word breaking after the hyphen in "59/2012/NĐ-CP"). The
expected text simply drops it, so place it inside a token or next to a space.

Regenerate and eyeball every case: ``.venv/bin/python tests/gazette_pdf.py``.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT, FONT_BOLD = "DejaVuSans", "DejaVuSans-Bold"
SOFT_BREAK = "\u2028"
GROUP_KEY = "__group__"

PORTRAIT: tuple[float, float] = (595.0, 842.0)
LANDSCAPE: tuple[float, float] = (842.0, 595.0)
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 57.0, 42.0, 34.0, 50.0
BODY_TOP = 74.0  # distance from the top edge where body lines / tables start
CELL_PAD = 3.0  # padding inside cells (all sides)
LINE_FACTOR = 1.2  # line height = LINE_FACTOR * font size
RULE = 0.5  # rule thickness
HEADER_GREY = 0.85

Lines = list[tuple[str, str]]  # (line text, separator that followed it in the source)


@dataclass(frozen=True)
class GridRow:
    """One printed table row (or row fragment) on one page."""

    cells: tuple[str | None, ...]  # per column; None = covered by a vertical merge from above
    top_rule: bool = True  # draw the rule above this row
    bottom_rule: bool = True  # last row on a page only: False leaves the table open
    full_width: bool = False  # one text spanning all columns, held in cells[0]
    header: bool = False  # bold, centred, grey-shaded in rules_as="rects" mode
    spans: tuple[int, ...] = ()  # columns each cell spans (horizontal merge); the cells it covers are None

    def span(self, col: int) -> int:
        return self.spans[col] if self.spans else 1

    def covered_left(self, col: int) -> bool:
        """Is column ``col`` covered by a cell spanning from its left (not a vertical merge)?"""
        return any(k < col < k + self.span(k) for k in range(col))


@dataclass(frozen=True)
class PageSpec:
    """Everything printed on one page below the running header."""

    rows: tuple[GridRow, ...]
    body_lines: tuple[str, ...] = ()  # centred paragraphs above the table


# --------------------------------------------------------------------------- text


def _register_fonts() -> None:
    registered = pdfmetrics.getRegisteredFontNames()
    for name, file in ((FONT, "DejaVuSans.ttf"), (FONT_BOLD, "DejaVuSans-Bold.ttf")):
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _greedy(words: list[str], width: float, font: str, size: float) -> Lines:
    """Greedy word wrap; a token wider than the cell is broken between characters."""

    def fits(s: str) -> bool:
        return pdfmetrics.stringWidth(s, font, size) <= width

    lines: Lines = []
    cur = ""
    for word in words:
        if cur and fits(f"{cur} {word}"):
            cur = f"{cur} {word}"
            continue
        if cur:
            lines.append((cur, " "))
        while len(word) > 1 and not fits(word):
            k = max([i for i in range(1, len(word)) if fits(word[:i])] or [1])
            lines.append((word[:k], ""))
            word = word[k:]
        cur = word
    if cur:
        lines.append((cur, " "))
    return lines


def wrap_cell(text: str, width: float, font: str = FONT, size: float = 10.0) -> Lines:
    """Wrap ``text`` to ``width`` points.

    Returns ``(line, sep)`` pairs where ``sep`` is what joined the line to the
    next one in the source: " " (wrap), "" (broken token), SOFT_BREAK or "\\n".
    ``_join`` inverts this exactly, which is how rows are split across pages.
    """
    _register_fonts()
    text = _nfc(text)
    if not text:
        return []
    out: Lines = []
    paragraphs = text.split("\n")
    for pi, para in enumerate(paragraphs):
        segments = para.split(SOFT_BREAK)
        for si, seg in enumerate(segments):
            lines = _greedy(seg.split(), width, font, size) or [("", " ")]
            last_sep = SOFT_BREAK if si < len(segments) - 1 else ("\n" if pi < len(paragraphs) - 1 else "")
            lines[-1] = (lines[-1][0], last_sep)
            out.extend(lines)
    return out


def _join(lines: Lines) -> str:
    if not lines:
        return ""
    return "".join(text + sep for text, sep in lines[:-1]) + lines[-1][0]


# ------------------------------------------------------------------------- layout


def _block_end(rows: Sequence[GridRow], i: int, col: int) -> int:
    """Index of the last row of the vertically merged block starting at row ``i``."""
    j = i
    while (j + 1 < len(rows) and not rows[j + 1].full_width and rows[j + 1].cells[col] is None
           and not rows[j + 1].covered_left(col)):
        j += 1
    return j


def _check_rows(rows: Sequence[GridRow], ncols: int) -> None:
    for i, row in enumerate(rows):
        if row.full_width:
            if not row.cells or row.cells[0] is None:
                raise ValueError(f"row {i}: full-width row needs its text in cells[0]")
            continue
        if len(row.cells) != ncols:
            raise ValueError(f"row {i}: {len(row.cells)} cells for {ncols} columns")
        if row.spans and len(row.spans) != ncols:
            raise ValueError(f"row {i}: {len(row.spans)} spans for {ncols} columns")
        for c, cell in enumerate(row.cells):
            if row.covered_left(c):
                if cell is not None:
                    raise ValueError(f"row {i} col {c}: covered by a merged cell, must be None")
                continue
            if cell is None and (i == 0 or rows[i - 1].full_width):
                raise ValueError(f"row {i} col {c}: merged cell has nothing above it on this page")


def _measure(rows: Sequence[GridRow], widths: Sequence[float], size: float) -> tuple[list[float], list[list[Lines | None]]]:
    """Row heights and wrapped lines per cell (full-width rows: one entry).

    A merged block's text does not stretch its first row; if the block is too
    short for its text, the block's last row grows instead.
    """
    _check_rows(rows, len(widths))
    lh = size * LINE_FACTOR
    heights: list[float] = []
    wrapped: list[list[Lines | None]] = []
    deferred: list[tuple[int, int, int]] = []
    for i, row in enumerate(rows):
        font = FONT_BOLD if row.header or row.full_width else FONT
        if row.full_width:
            lines = wrap_cell(row.cells[0] or "", sum(widths) - 2 * CELL_PAD, font, size)
            wrapped.append([lines])
            heights.append(max(len(lines), 1) * lh + 2 * CELL_PAD)
            continue
        per_cell: list[Lines | None] = []
        n = 1
        for c, text in enumerate(row.cells):
            if text is None:
                per_cell.append(None)
                continue
            lines = wrap_cell(text, sum(widths[c : c + row.span(c)]) - 2 * CELL_PAD, font, size)
            per_cell.append(lines)
            if _block_end(rows, i, c) > i:
                deferred.append((i, c, len(lines)))
            else:
                n = max(n, len(lines))
        wrapped.append(per_cell)
        heights.append(n * lh + 2 * CELL_PAD)
    for i, c, n in deferred:
        end = _block_end(rows, i, c)
        missing = n * lh + 2 * CELL_PAD - sum(heights[i : end + 1])
        if missing > 0:
            heights[end] += missing
    return heights, wrapped


def _body_layout(body_lines: Sequence[str], page_w: float, size: float) -> tuple[list[tuple[str, str]], float]:
    """Wrapped body lines as (font, text) and the distance from the top where the table starts."""
    text_w = page_w - MARGIN_LEFT - MARGIN_RIGHT
    out: list[tuple[str, str]] = []
    for para in body_lines:
        font = FONT_BOLD if para.startswith("Phụ lục") or para.isupper() else FONT
        out.extend((font, line) for line, _ in wrap_cell(para, text_w, font, size))
    top = BODY_TOP + (len(out) * size * LINE_FACTOR + 10 if out else 0)
    return out, top


def table_bottom(page: PageSpec, widths: Sequence[float], size: float = 10.0, page_w: float = PORTRAIT[0]) -> float:
    """Distance from the page top to the bottom of ``page``'s table."""
    _, top = _body_layout(page.body_lines, page_w, size)
    return top + sum(_measure(page.rows, widths, size)[0])


# ---------------------------------------------------------------------- rendering


class _Painter:
    """Draws in top-down page coordinates (t = distance from the top edge)."""

    def __init__(self, c: rl_canvas.Canvas, page_h: float, rules_as: str) -> None:
        self.c, self.h, self.rules_as = c, page_h, rules_as

    def text(self, x: float, baseline: float, s: str, font: str, size: float, align: str = "left") -> None:
        self.c.setFont(font, size)
        draw = {"left": self.c.drawString, "centre": self.c.drawCentredString, "right": self.c.drawRightString}[align]
        draw(x, self.h - baseline, s)

    def fill(self, x: float, t: float, w: float, h: float, grey: float) -> None:
        self.c.setFillGray(grey)
        self.c.rect(x, self.h - t - h, w, h, stroke=0, fill=1)
        self.c.setFillGray(0)

    def hrule(self, x1: float, x2: float, t: float) -> None:
        if self.rules_as == "rects":
            self.fill(x1 - RULE / 2, t - RULE / 2, x2 - x1 + RULE, RULE, 0)
        else:
            self.c.setLineWidth(RULE)
            self.c.line(x1, self.h - t, x2, self.h - t)

    def vrule(self, x: float, t1: float, t2: float) -> None:
        if self.rules_as == "rects":
            self.fill(x - RULE / 2, t1, RULE, t2 - t1, 0)
        else:
            self.c.setLineWidth(RULE)
            self.c.line(x, self.h - t1, x, self.h - t2)


def _draw_page(p: _Painter, page: PageSpec, index: int, page_w: float, widths: Sequence[float], size: float,
               running_header: str | None, first_printed_page: int) -> None:
    lh = size * LINE_FACTOR
    text_w = page_w - MARGIN_LEFT - MARGIN_RIGHT
    right = MARGIN_LEFT + text_w
    # Running header: number at the outer edge (left on even, right on odd pages).
    if running_header is not None:
        number = str(first_printed_page + index)
        base = MARGIN_TOP + size
        left_s, right_s = (number, running_header) if int(number) % 2 == 0 else (running_header, number)
        p.text(MARGIN_LEFT, base, left_s, FONT, size)
        p.text(right, base, right_s, FONT, size, "right")
        p.hrule(MARGIN_LEFT, right, base + 4)
    body, top = _body_layout(page.body_lines, page_w, size)
    for k, (font, line) in enumerate(body):
        p.text(MARGIN_LEFT + text_w / 2, BODY_TOP + k * lh + size, line, font, size, "centre")

    rows = page.rows
    if not rows:
        return
    heights, wrapped = _measure(rows, widths, size)
    table_w = sum(widths)
    if table_w > text_w + 0.01:
        raise ValueError(f"table width {table_w:.1f}pt exceeds text width {text_w:.1f}pt")
    xs = [MARGIN_LEFT + (text_w - table_w) / 2]
    for w in widths:
        xs.append(xs[-1] + w)
    tops = [top]
    for h in heights:
        tops.append(tops[-1] + h)
    limit = p.h - MARGIN_BOTTOM
    if tops[-1] > limit + 0.01:
        raise ValueError(f"page {index + 1}: table ends at {tops[-1]:.1f}pt, below the bottom margin ({limit:.1f}pt)")

    # Cell extents: (row, col) -> (x, t, w, h), merged blocks as one rectangle.
    boxes: dict[tuple[int, int], tuple[float, float, float, float]] = {}
    for i, row in enumerate(rows):
        if row.full_width:
            boxes[i, 0] = (xs[0], tops[i], table_w, heights[i])
            continue
        for c, cell in enumerate(row.cells):
            if cell is not None:
                end = _block_end(rows, i, c)
                boxes[i, c] = (xs[c], tops[i], xs[c + row.span(c)] - xs[c], tops[end + 1] - tops[i])

    # Backgrounds: Word-style white cell rectangles and a grey header band.
    if p.rules_as == "rects":
        for x, t, w, h in boxes.values():
            p.fill(x, t, w, h, 1)
        for i, row in enumerate(rows):
            if row.header:
                p.fill(xs[0], tops[i], table_w, heights[i], HEADER_GREY)

    # Text, anchored at the top of each (merged) cell; glyph box centred in the line box.
    ascent = 0.76 * size
    for (i, c), (x, t, w, _h) in boxes.items():
        row = rows[i]
        lines = wrapped[i][c] or []
        font = FONT_BOLD if row.header or row.full_width else FONT
        for k, (line, _) in enumerate(lines):
            baseline = t + CELL_PAD + k * lh + (lh - size) / 2 + ascent
            if row.header:
                p.text(x + w / 2, baseline, line, font, size, "centre")
            else:
                p.text(x + CELL_PAD, baseline, line, font, size)

    # Horizontal rules, one segment per cell (as Word exports them): above each row
    # except across covered cells, plus the closing rule under the last row.
    for i, row in enumerate(rows):
        if row.top_rule and row.full_width:
            p.hrule(xs[0], xs[-1], tops[i])
        elif row.top_rule:
            for c in (c for c, cell in enumerate(row.cells) if cell is not None):
                p.hrule(xs[c], xs[c + row.span(c)], tops[i])
    if rows[-1].bottom_rule:
        p.hrule(xs[0], xs[-1], tops[-1])
    # Vertical rules, one segment per row.
    for i, row in enumerate(rows):
        inside = {k for c in range(len(row.cells)) if not row.full_width for k in range(c + 1, c + row.span(c))}
        for x in (xs[0], xs[-1]) if row.full_width else [x for k, x in enumerate(xs) if k not in inside]:
            p.vrule(x, tops[i], tops[i + 1])


def render_pdf(path: str | Path, pages: list[PageSpec], *, col_widths_pt: list[float], landscape: bool = False,
               running_header: str | None = "CÔNG BÁO TỈNH THỬ/Số 7/Ngày 15-3-2024", first_printed_page: int = 11,
               rules_as: str = "lines", font_size: float = 10, rotate: int = 0) -> Path:
    """Render ``pages`` exactly as given and return the PDF path.

    ``landscape`` gives 842x595 media boxes. ``rotate=90`` gives a portrait
    media box with ``/Rotate 90`` whose content reads as landscape once the
    viewer applies the rotation (layout is landscape whatever ``landscape`` says). ``rules_as="rects"`` draws rules as thin filled
    rectangles plus white cell and grey header backgrounds (Word export style).
    Raises ValueError if anything overflows the bottom margin or text width.
    """
    if rules_as not in ("lines", "rects"):
        raise ValueError(f"rules_as must be 'lines' or 'rects', not {rules_as!r}")
    if rotate not in (0, 90):
        raise ValueError("rotate must be 0 or 90")
    _register_fonts()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    page_w, page_h = LANDSCAPE if landscape or rotate else PORTRAIT
    # reportlab treats pagesize as the *displayed* size and writes a swapped
    # MediaBox for /Rotate 90, so (842, 595) here yields a 595x842 media box.
    c = rl_canvas.Canvas(str(path), pagesize=(page_w, page_h), pageCompression=0)
    c.setTitle("Công báo (synthetic test fixture)")
    for index, page in enumerate(pages):
        if rotate:
            # Displayed (X, Y) = media (y, 595 - x) under /Rotate 90, so draw through the inverse.
            c.setPageRotation(90)
            c.transform(0, 1, -1, 0, PORTRAIT[0], 0)
        painter = _Painter(c, page_h, rules_as)
        _draw_page(painter, page, index, page_w, col_widths_pt, font_size, running_header, first_printed_page)
        c.showPage()
    c.save()
    return path


# ------------------------------------------------------------- case construction


@dataclass(frozen=True)
class _Table:
    headers: tuple[str, ...]
    widths: tuple[float, ...]
    numbering_row: bool = False  # "1 | 2 | 3 ..." row under the header
    group_col: int | None = None  # column holding a vertically merged group cell

    def header_rows(self) -> list[GridRow]:
        rows = [GridRow(self.headers, header=True)]
        if self.numbering_row:
            rows.append(GridRow(tuple(str(i + 1) for i in range(len(self.headers))), header=True))
        return rows


@dataclass(frozen=True)
class _Entry:
    cells: tuple[str, ...]  # logical texts, "" = empty; group_col holds the group text
    full_width: bool = False  # a group row ("I. HẠ TẦNG SỐ")
    split: bool = False  # may be split at the page bottom


def _split_cells(table: _Table, cells: tuple[str, ...], room: float, size: float) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """Cut a row after k lines so the head fills ``room`` points (like Word).

    The cut must fall inside a paragraph in every cell and the longest cell's
    continuation must start lowercase (mid-sentence). None if impossible.
    """
    lh = size * LINE_FACTOR
    wrapped = [None if c == table.group_col else wrap_cell(t, table.widths[c] - 2 * CELL_PAD, FONT, size)
               for c, t in enumerate(cells)]
    main = max(range(len(cells)), key=lambda c: len(wrapped[c] or []))
    main_lines = wrapped[main] or []
    for k in range(int((room - 2 * CELL_PAD) // lh), 0, -1):
        if len(main_lines) <= k or not main_lines[k][0][:1].islower():
            continue
        if any(w is not None and len(w) > k and w[k - 1][1] != " " for w in wrapped):
            continue
        head = tuple(cells[c] if w is None else _join(w[:k]) for c, w in enumerate(wrapped))
        tail = tuple(cells[c] if w is None else _join(w[k:]) for c, w in enumerate(wrapped))
        return head, tail
    return None


def _paginate(table: _Table, entries: Sequence[_Entry], body: tuple[str, ...], *, landscape: bool = False,
              size: float = 10.0, repeat_header: bool = True, open_break: bool = False) -> tuple[list[PageSpec], list[int]]:
    """Pack entries greedily into pages; returns pages and indices of split entries.

    ``open_break``: a split row's first fragment is left without bottom rule and
    its continuation has no top rule and no repeated header above it.
    """
    page_w, page_h = LANDSCAPE if landscape else PORTRAIT
    pages: list[PageSpec] = []
    splits: list[int] = []
    rows: list[GridRow] = table.header_rows()
    seen: set[str] = set()
    last_group: str | None = None  # group of the previous body row on this page

    def build(cells: tuple[str, ...], full_width: bool = False, **kw: bool) -> GridRow:
        out: list[str | None] = list(cells)
        g = table.group_col
        if g is not None and not full_width:
            out[g] = None if cells[g] == last_group else ("" if cells[g] in seen else cells[g])
        return GridRow(tuple(out), full_width=full_width, **kw)

    def commit(row: GridRow, cells: tuple[str, ...]) -> None:
        nonlocal last_group
        rows.append(row)
        if table.group_col is not None and not row.full_width:
            seen.add(cells[table.group_col])
            last_group = cells[table.group_col]

    def bottom(candidate: list[GridRow]) -> float:
        return table_bottom(PageSpec(tuple(candidate), body if not pages else ()), table.widths, size, page_w)

    for index, entry in enumerate(entries):
        row = build(entry.cells, entry.full_width)
        if bottom(rows + [row]) <= page_h - MARGIN_BOTTOM:
            commit(row, entry.cells)
            continue
        parts = None
        if entry.split:
            parts = _split_cells(table, entry.cells, page_h - MARGIN_BOTTOM - bottom(rows), size)
        if parts:
            splits.append(index)
            commit(build(parts[0], bottom_rule=not open_break), entry.cells)
        pages.append(PageSpec(tuple(rows), body if not pages else ()))
        rows, last_group = ([] if (parts and open_break) or not repeat_header else table.header_rows()), None
        if parts:
            commit(build(parts[1], top_rule=not open_break), entry.cells)
        else:
            commit(build(entry.cells, entry.full_width), entry.cells)
    pages.append(PageSpec(tuple(rows), body if not pages else ()))
    return pages, splits


def _logical(text: str) -> str | None:
    """Expected value of a cell: NFC, soft breaks dropped, spaces collapsed per paragraph."""
    paragraphs = _nfc(text).replace(SOFT_BREAK, "").split("\n")
    return "\n".join(" ".join(p.split()) for p in paragraphs).strip() or None


def _expected(table: _Table, entries: Sequence[_Entry]) -> list[dict[str, str | None]]:
    keys = [" ".join(h.split()) for h in table.headers]
    out: list[dict[str, str | None]] = []
    group: str | None = None
    for e in entries:
        if e.full_width:
            group = _nfc(e.cells[0])
            continue
        row: dict[str, str | None] = {k: _logical(v) for k, v in zip(keys, e.cells)}
        if group is not None:
            row[GROUP_KEY] = group
        out.append(row)
    return out


def _require(cond: bool, what: str) -> None:
    if not cond:
        raise RuntimeError(f"case layout drifted: {what} (adjust the case texts)")


def _make(tmp_path: Path, name: str, table: _Table, entries: list[_Entry], *, pages: int,
          splits: Sequence[int] = (), landscape: bool = False, repeat_header: bool = True,
          open_break: bool = False, **render_kw: object) -> tuple[Path, list[dict[str, str | None]]]:
    for e in entries:  # accidental mid-token breaks would make the expected text ambiguous
        for c, text in enumerate(() if e.full_width else e.cells):
            lines = wrap_cell(text, table.widths[c] - 2 * CELL_PAD, FONT, 10)
            _require(SOFT_BREAK in text or all(sep for _, sep in lines[:-1]), f"{name}: token broken in {text!r}")
    specs, done = _paginate(table, entries, TITLE_BODY, landscape=landscape,
                            repeat_header=repeat_header, open_break=open_break)
    _require(len(specs) == pages, f"{name}: {len(specs)} pages, wanted {pages}")
    _require(done == list(splits), f"{name}: split entries {done}, wanted {list(splits)}")
    path = render_pdf(Path(tmp_path) / f"{name}.pdf", specs, col_widths_pt=list(table.widths),
                      landscape=landscape, **render_kw)  # type: ignore[arg-type]
    return path, _expected(table, entries)


# ------------------------------------------------------------------- case texts

TITLE_BODY = (
    "Phụ lục",
    "DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2024",
    "(Kèm theo Kế hoạch số 12/KH-UBND ngày 05/3/2024 của Ủy ban nhân dân tỉnh)",
)
ALL_AGENCIES = "Các sở, ban, ngành tỉnh; UBND các huyện, thành phố"

# (task, lead agency, partner agencies, deadline, evidence / product)
TASKS: list[tuple[str, str, str, str, str]] = [
    ("Rà soát, công bố thủ tục hành chính thuộc thẩm quyền giải quyết của UBND tỉnh, UBND cấp huyện và UBND cấp xã",
     "Văn phòng UBND tỉnh", ALL_AGENCIES, "Trong năm 2023", "Quyết định công bố danh mục thủ tục hành chính"),
    ("Xây dựng Kế hoạch kiểm tra công tác cải cách hành chính năm 2024 và tổ chức kiểm tra tại các cơ quan, đơn vị",
     "Sở Nội vụ", "Văn phòng UBND tỉnh; Sở Tư pháp", "Quý II/2024", "Kế hoạch kiểm tra; Báo cáo kết quả kiểm tra"),
    ("Tổ chức điều tra xã hội học xác định Chỉ số hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước",
     "Sở Nội vụ", "Cục Thống kê tỉnh; Bưu điện tỉnh", "Quý III/2024", "Báo cáo kết quả điều tra xã hội học"),
    ("Rà soát, đánh giá chất lượng văn bản quy phạm pháp luật do HĐND, UBND tỉnh ban hành; kiến nghị sửa đổi, bổ sung hoặc bãi bỏ văn bản không còn phù hợp",
     "Sở Tư pháp", "Các sở, ban, ngành tỉnh", "Trước ngày 15/12/2023", "Báo cáo kết quả rà soát văn bản"),
    ("Kiện toàn tổ chức bộ máy các cơ quan chuyên môn thuộc UBND tỉnh theo hướng tinh gọn, hoạt động hiệu lực, hiệu quả",
     "Sở Nội vụ", "Các sở, ban, ngành tỉnh", "Quý IV/2024", "Quyết định kiện toàn tổ chức bộ máy"),
    ("Triển khai tiếp nhận hồ sơ, trả kết quả giải quyết thủ tục hành chính qua dịch vụ bưu chính công ích",
     "Bưu điện tỉnh", "Văn phòng UBND tỉnh; UBND các huyện, thành phố", "Thường xuyên", "Báo cáo định kỳ hằng quý"),
    ("Nâng cấp Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh, bảo đảm kết nối, chia sẻ dữ liệu với Cổng Dịch vụ công quốc gia",
     "Sở Thông tin và Truyền thông", "Văn phòng UBND tỉnh", "Trong năm 2024", "Hệ thống được nâng cấp, vận hành ổn định"),
    ("Thực hiện số hóa hồ sơ, kết quả giải quyết thủ tục hành chính tại Bộ phận Một cửa các cấp",
     ALL_AGENCIES, "Sở Thông tin và Truyền thông", "Thường xuyên", "Báo cáo tỷ lệ số hóa hồ sơ"),
    ("Tuyên truyền, phổ biến các chủ trương, chính sách về cải cách hành chính trên các phương tiện thông tin đại chúng",
     "Sở Thông tin và Truyền thông", "Báo Tỉnh Thử; Đài Phát thanh và Truyền hình tỉnh", "Trong năm 2024", "Chuyên trang, chuyên mục tuyên truyền"),
    ("Đánh giá, xếp loại chất lượng cán bộ, công chức, viên chức năm 2024 gắn với kết quả thực hiện nhiệm vụ được giao",
     "Sở Nội vụ", ALL_AGENCIES, "Trước ngày 15/12/2024", "Kết quả đánh giá, xếp loại"),
    ("Thực hiện cơ chế tự chủ tài chính đối với các đơn vị sự nghiệp công lập theo quy định của Chính phủ",
     "Sở Tài chính", "Các sở, ban, ngành tỉnh", "Trong năm 2024", "Quyết định giao quyền tự chủ"),
    ("Duy trì, áp dụng hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001:2015 tại các cơ quan hành chính",
     "Sở Khoa học và Công nghệ", ALL_AGENCIES, "Quý III/2024", "Báo cáo kết quả áp dụng"),
    ("Tổ chức tập huấn nghiệp vụ kiểm soát thủ tục hành chính cho cán bộ, công chức làm đầu mối tại các cơ quan, đơn vị",
     "Văn phòng UBND tỉnh", "Sở Nội vụ", "Quý II/2024", "Kế hoạch tập huấn; danh sách học viên"),
    ("Rà soát, sắp xếp các đơn vị hành chính cấp xã chưa đạt tiêu chuẩn theo quy định của Ủy ban Thường vụ Quốc hội",
     "Sở Nội vụ", "UBND các huyện, thành phố", "Quý IV/2024", "Đề án sắp xếp đơn vị hành chính"),
    ("Triển khai thanh toán trực tuyến phí, lệ phí trong giải quyết thủ tục hành chính trên Cổng Dịch vụ công",
     "Sở Tài chính", "Văn phòng UBND tỉnh; Kho bạc Nhà nước tỉnh", "Trong năm 2024", "Báo cáo kết quả thanh toán trực tuyến"),
    ("Xây dựng cơ sở dữ liệu cán bộ, công chức, viên chức của tỉnh, kết nối với Cơ sở dữ liệu quốc gia",
     "Sở Nội vụ", "Sở Thông tin và Truyền thông", "Quý III/2024", "Cơ sở dữ liệu được đưa vào sử dụng"),
]

# Long rows used where a row must run over the page break (sub-items as paragraphs).
LONG_TASKS: list[str] = [
    "Nâng cao chất lượng giải quyết thủ tục hành chính tại Trung tâm Phục vụ hành chính công tỉnh:\n"
    "- Tiếp tục rà soát, chuẩn hóa quy trình nội bộ giải quyết thủ tục hành chính, bảo đảm công khai, minh bạch thông tin;\n"
    "- Kiểm tra việc tiếp nhận, giải quyết hồ sơ quá hạn và việc xin lỗi người dân, tổ chức theo quy định;\n"
    "- Đánh giá chất lượng giải quyết thủ tục hành chính theo Bộ chỉ số phục vụ người dân, doanh nghiệp",
    "Đẩy mạnh cung cấp dịch vụ công trực tuyến:\n"
    "- Đưa toàn bộ thủ tục hành chính đủ điều kiện lên cung cấp dịch vụ công trực tuyến toàn trình;\n"
    "- Tích hợp, cung cấp dịch vụ công trực tuyến trên Cổng Dịch vụ công quốc gia và Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh;\n"
    "- Hướng dẫn người dân, doanh nghiệp sử dụng tài khoản định danh điện tử khi thực hiện thủ tục hành chính trực tuyến",
    "Đẩy mạnh thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính:\n"
    "- Rà soát, chuẩn hóa quy trình nội bộ, quy trình điện tử giải quyết thủ tục hành chính thuộc thẩm quyền của các cấp chính quyền "
    "trên địa bàn tỉnh, bảo đảm công khai, minh bạch thông tin về thủ tục hành chính tại Trung tâm Phục vụ hành chính công tỉnh "
    "và Bộ phận Một cửa cấp huyện, cấp xã;\n"
    "- Thực hiện số hóa hồ sơ, kết quả giải quyết thủ tục hành chính theo quy định tại Nghị định số 107/2021/NĐ-CP ngày 06/12/2021 "
    "của Chính phủ, bảo đảm tỷ lệ số hóa hồ sơ đạt trên 80% đối với cấp tỉnh, 60% đối với cấp huyện và 40% đối với cấp xã, "
    "tái sử dụng kết quả số hóa để giảm thành phần hồ sơ cho người dân, doanh nghiệp;\n"
    "- Tổ chức tiếp nhận, xử lý phản ánh, kiến nghị của cá nhân, tổ chức về quy định hành chính và việc giải quyết thủ tục "
    "hành chính của cán bộ, công chức, viên chức; công khai kết quả xử lý trên Cổng thông tin điện tử của tỉnh;\n"
    "- Đánh giá chất lượng giải quyết thủ tục hành chính theo Bộ chỉ số phục vụ người dân, doanh nghiệp trong thực hiện thủ tục "
    "hành chính, dịch vụ công theo thời gian thực trên môi trường điện tử",
]

STD5 = _Table(("STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"),
              (32.0, 190.0, 92.0, 110.0, 72.0))
CAMAU6 = _Table(("Nhiệm vụ chung", "Nhiệm vụ cụ thể", "Tài liệu kiểm chứng", "Thời gian thực hiện",
                 "Cơ quan chủ trì", "Cơ quan phối hợp"), (78.0, 128.0, 86.0, 66.0, 70.0, 68.0), group_col=0)
HAUGIANG6 = ("STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành", "Sản phẩm")


def _std(n: int, task: tuple[str, str, str, str, str], text: str | None = None) -> _Entry:
    return _Entry((str(n), text or task[0], task[1], task[2], task[3]))


def _camau(group: str, n: int, task: tuple[str, str, str, str, str], text: str | None = None, split: bool = False) -> _Entry:
    return _Entry((group, f"{n}. {text or task[0]}", task[4], task[3], task[1], task[2]), split=split)


def _split_rows(split_cells: tuple[str, ...] | None = None) -> list[_Entry]:
    """Rows 1..5 of the STD5 table; row 3 is long and marked splittable."""
    rows = [_std(1, TASKS[0], LONG_TASKS[0]), _std(2, TASKS[1], LONG_TASKS[1]),
            _Entry(split_cells or ("3", LONG_TASKS[2], "Văn phòng UBND tỉnh",
                                   ALL_AGENCIES + "; UBND các xã, phường, thị trấn; Bưu điện tỉnh", "Trong năm 2024"), split=True),
            _std(4, TASKS[2]), _std(5, TASKS[3])]
    return rows


# ---------------------------------------------------------------------- the cases

CaseResult = tuple[Path, list[dict[str, str | None]]]


def case_row_split_at_page_bottom(tmp_path: Path) -> CaseResult:
    """Row 3 runs over the page break; page 2 repeats the header and the continuation
    fragment (empty STT, text resuming lowercase) has a top rule, as Word draws it.
    Proves: fragments are joined back into one row (5 rows total)."""
    return _make(tmp_path, "row_split_at_page_bottom", STD5, _split_rows(), pages=2, splits=[2])


def case_row_split_no_top_rule(tmp_path: Path) -> CaseResult:
    """As above, but the page-1 table is left open at the bottom, the continuation has
    no rule above it (verticals reach the top of the body) and no header is repeated.
    Proves: an open-ended continuation without a header is still joined."""
    return _make(tmp_path, "row_split_no_top_rule", STD5, _split_rows(), pages=2, splits=[2],
                 repeat_header=False, open_break=True)


def case_row_split_with_group_cell(tmp_path: Path) -> CaseResult:
    """Cà Mau layout: merged "Nhiệm vụ chung" cell over items 1-3 (inline numbers "1. ..."),
    item 3 split over the break; on page 2 the merged cell continues empty, then group II
    starts its own merged cell. Proves: split join + group text propagation."""
    g1, g2 = "I. Công tác chỉ đạo điều hành CCHC", "II. Cải cách thủ tục hành chính"
    entries = [_camau(g1, 1, TASKS[1], LONG_TASKS[0]), _camau(g1, 2, TASKS[12], LONG_TASKS[1]),
               _camau(g1, 3, TASKS[0], LONG_TASKS[2], split=True),
               _camau(g2, 4, TASKS[5]), _camau(g2, 5, TASKS[14])]
    return _make(tmp_path, "row_split_with_group_cell", CAMAU6, entries, pages=2, splits=[2])


def case_group_spans_three_pages(tmp_path: Path) -> CaseResult:
    """Group cell "II. Cải cách thể chế" covers rows on pages 1, 2 and 3; its text is
    printed only on page 1, pages 2-3 show an empty merged cell under the repeated
    header. Proves: group text is carried across two page breaks."""
    g1, g2, g3 = "I. Công tác chỉ đạo điều hành CCHC", "II. Cải cách thể chế", "III. Cải cách tổ chức bộ máy"
    entries = [_camau(g1, 1, TASKS[1]), _camau(g1, 2, TASKS[12])]
    group_ii = TASKS[:12] + TASKS[13:16] + TASKS[2:8]  # long enough to run onto page 3
    entries += [_camau(g2, n, task) for n, task in enumerate(group_ii, start=3)]
    entries += [_camau(g3, 3 + len(group_ii), TASKS[4])]
    return _make(tmp_path, "group_spans_three_pages", CAMAU6, entries, pages=3)


def case_header_with_numbering_row(tmp_path: Path) -> CaseResult:
    """Header plus a "1 | 2 | 3 | 4 | 5" numbering row, both repeated on page 2; the break
    falls between rows. Proves: header and numbering rows are not data rows."""
    table = _Table(STD5.headers, STD5.widths, numbering_row=True)
    entries = [_std(n, task) for n, task in enumerate(TASKS[:15], start=1)]
    return _make(tmp_path, "header_with_numbering_row", table, entries, pages=2)


def case_header_without_numbering_row(tmp_path: Path) -> CaseResult:
    """Two-line header cells ("Thời gian / hoàn thành") repeated on both pages, no
    numbering row, clean break between rows. Proves: repeated wrapped headers are dropped
    and header keys are whitespace-collapsed."""
    entries = [_std(n, task) for n, task in enumerate(TASKS[:15], start=1)]
    return _make(tmp_path, "header_without_numbering_row", STD5, entries, pages=2)


def case_empty_cell_at_page_break(tmp_path: Path) -> CaseResult:
    """Row 3 is split at the page bottom with "Cơ quan phối hợp" empty on both fragments;
    row 4 has an empty "Thời gian hoàn thành" away from the break. Proves: empty cells
    stay None (not "" and not text borrowed from a neighbour)."""
    entries = _split_rows(("3", LONG_TASKS[2], "Văn phòng UBND tỉnh", "", "Trong năm 2024"))
    entries[3] = _Entry(("4", TASKS[2][0], TASKS[2][1], TASKS[2][2], ""))
    return _make(tmp_path, "empty_cell_at_page_break", STD5, entries, pages=2, splits=[2])


_DIGITAL = {
    "I. HẠ TẦNG SỐ": [
        ("Nâng cấp mạng truyền số liệu chuyên dùng cấp II kết nối đến 100% xã, phường, thị trấn", "Sở Thông tin và Truyền thông", "Viễn thông tỉnh; UBND các huyện, thành phố", "Quý II/2024", "Hạ tầng mạng được nâng cấp"),
        ("Phủ sóng di động 4G, 5G tại các khu công nghiệp, khu du lịch và vùng lõm sóng", "Sở Thông tin và Truyền thông", "Các doanh nghiệp viễn thông", "Trong năm 2024", "Báo cáo kết quả phủ sóng"),
        ("Đầu tư, nâng cấp Trung tâm dữ liệu tỉnh bảo đảm an toàn thông tin theo cấp độ", "Sở Thông tin và Truyền thông", "Sở Tài chính; Sở Kế hoạch và Đầu tư", "Quý IV/2024", "Trung tâm dữ liệu đạt cấp độ 3"),
        ("Triển khai hệ thống hội nghị truyền hình trực tuyến đến cấp xã", "Văn phòng UBND tỉnh", "UBND các huyện, thành phố", "Quý III/2024", "Hệ thống đưa vào sử dụng"),
        ("Trang bị thiết bị đầu cuối cho Bộ phận Một cửa cấp xã phục vụ giải quyết thủ tục hành chính trực tuyến", "UBND các huyện, thành phố", "Sở Thông tin và Truyền thông", "Trong năm 2024", "Thiết bị được trang bị"),
        ("Xây dựng hạ tầng Internet vạn vật (IoT) phục vụ quan trắc môi trường và giám sát giao thông", "Sở Tài nguyên và Môi trường", "Sở Giao thông vận tải; Sở Thông tin và Truyền thông", "Trước ngày 15/12/2024", "Hệ thống cảm biến được lắp đặt"),
        ("Triển khai Trung tâm giám sát, điều hành đô thị thông minh của tỉnh", "Sở Thông tin và Truyền thông", "Công an tỉnh; Sở Xây dựng", "Quý IV/2024", "Trung tâm đi vào hoạt động"),
        ("Bảo đảm an toàn, an ninh mạng cho hệ thống thông tin của các cơ quan nhà nước", "Công an tỉnh", "Sở Thông tin và Truyền thông", "Thường xuyên", "Báo cáo đánh giá an toàn thông tin"),
    ],
    "II. DỮ LIỆU SỐ": [
        ("Xây dựng cơ sở dữ liệu đất đai của tỉnh, kết nối với cơ sở dữ liệu đất đai quốc gia", "Sở Tài nguyên và Môi trường", "UBND các huyện, thành phố", "Quý IV/2024", "Cơ sở dữ liệu đất đai"),
        ("Xây dựng kho dữ liệu dùng chung của tỉnh và danh mục dữ liệu mở", "Sở Thông tin và Truyền thông", "Các sở, ban, ngành tỉnh", "Trong năm 2024", "Danh mục dữ liệu mở được công bố"),
        ("Số hóa sổ hộ tịch, xây dựng cơ sở dữ liệu hộ tịch điện tử", "Sở Tư pháp", "UBND các huyện, thành phố", "Quý III/2024", "Dữ liệu hộ tịch được số hóa"),
        ("Xây dựng cơ sở dữ liệu ngành y tế, kết nối hồ sơ sức khỏe điện tử của người dân", "Sở Y tế", "Bảo hiểm xã hội tỉnh", "Trong năm 2024", "Hồ sơ sức khỏe điện tử"),
        ("Xây dựng cơ sở dữ liệu ngành giáo dục và đào tạo", "Sở Giáo dục và Đào tạo", "Sở Thông tin và Truyền thông", "Quý II/2024", "Cơ sở dữ liệu ngành"),
        ("Xây dựng cơ sở dữ liệu doanh nghiệp, hợp tác xã trên địa bàn tỉnh", "Sở Kế hoạch và Đầu tư", "Liên minh Hợp tác xã tỉnh", "Quý IV/2024", "Cơ sở dữ liệu doanh nghiệp"),
        ("Xây dựng cơ sở dữ liệu về giá đất, giá nhà ở và thị trường bất động sản", "Sở Xây dựng", "Sở Tài nguyên và Môi trường", "Quý III/2024", "Cơ sở dữ liệu được vận hành"),
        ("Chuẩn hóa, làm sạch dữ liệu dân cư phục vụ Đề án 06 của Chính phủ", "Công an tỉnh", "UBND các huyện, thành phố", "Trước ngày 15/12/2024", "Dữ liệu được làm sạch"),
    ],
}


def _digital_entries(per_group: int) -> list[_Entry]:
    entries: list[_Entry] = []
    for group, tasks in _DIGITAL.items():
        entries.append(_Entry((group,) + ("",) * 5, full_width=True))
        entries += [_Entry((str(n), *t[:4], t[4])) for n, t in enumerate(tasks[:per_group], start=1)]
    return entries


def case_full_width_group_rows(tmp_path: Path) -> CaseResult:
    """Hậu Giang layout: full-width group rows "I. HẠ TẦNG SỐ" / "II. DỮ LIỆU SỐ" between
    numbered rows, STT restarting at 1 per group, two portrait pages.
    Proves: group rows become the GROUP_KEY of following rows, also after the break."""
    table = _Table(HAUGIANG6, (28.0, 150.0, 80.0, 85.0, 65.0, 88.0))
    return _make(tmp_path, "full_width_group_rows", table, _digital_entries(8), pages=2)


def case_landscape_table(tmp_path: Path) -> CaseResult:
    """The full-width-group table on two landscape pages (842x595 media box, no /Rotate).
    Proves: page geometry does not matter."""
    table = _Table(HAUGIANG6, (36.0, 250.0, 120.0, 140.0, 80.0, 117.0))
    return _make(tmp_path, "landscape_table", table, _digital_entries(8), pages=2, landscape=True)


def case_rotated_table(tmp_path: Path) -> CaseResult:
    """Extra: the landscape table on portrait media boxes with /Rotate 90 (scanner style).
    Proves: rotated pages are read in display orientation."""
    table = _Table(HAUGIANG6, (36.0, 250.0, 120.0, 140.0, 80.0, 117.0))
    return _make(tmp_path, "rotated_table", table, _digital_entries(8), pages=2, landscape=True, rotate=90)


def case_rules_as_rects(tmp_path: Path) -> CaseResult:
    """case_row_split_at_page_bottom drawn Word-style: rules as 0.5pt filled rectangles,
    white rectangles behind every cell, grey band behind the header.
    Proves: background rectangles are not mistaken for cells/rules."""
    return _make(tmp_path, "rules_as_rects", STD5, _split_rows(), pages=2, splits=[2], rules_as="rects")


def case_multi_paragraph_cell(tmp_path: Path) -> CaseResult:
    """One page, Cà Mau layout; a "Tài liệu kiểm chứng" cell holds three "- ..." paragraphs
    that also wrap. Proves: paragraph breaks become "\\n", wraps become spaces."""
    group = "I. Công tác chỉ đạo điều hành CCHC"
    evidence = "- Kế hoạch theo dõi thi hành pháp luật;\n- Báo cáo kết quả kiểm tra;\n- Quyết định thành lập Đoàn kiểm tra"
    entries = [_camau(group, 1, TASKS[1]),
               _Entry((group, "2. Kiểm tra tình hình thi hành pháp luật tại các cơ quan, đơn vị trên địa bàn tỉnh",
                       evidence, "Quý III/2024", "Sở Tư pháp", "Các sở, ban, ngành tỉnh")),
               _camau(group, 3, TASKS[12])]
    return _make(tmp_path, "multi_paragraph_cell", CAMAU6, entries, pages=1)


def case_number_wrapped_in_token(tmp_path: Path) -> CaseResult:
    """A narrow "Căn cứ thực hiện" column where Word broke "59/2012/NĐ-CP" after the
    hyphen: "... 59/2012/NĐ-" ends a line, "CP ..." starts the next.
    Proves: a line ending in a hyphen inside a token is joined without a space."""
    _register_fonts()
    first_line = "Nghị định số 59/2012/NĐ-"
    # Column just wide enough for the first line, so the whole token could not fit.
    col = round(pdfmetrics.stringWidth(first_line, FONT, 10) + 2 * CELL_PAD + 3)
    _require(pdfmetrics.stringWidth(first_line + "CP", FONT, 10) > col - 2 * CELL_PAD, "token must not fit")
    table = _Table(("STT", "Nội dung nhiệm vụ", "Căn cứ thực hiện", "Cơ quan chủ trì", "Thời gian hoàn thành"),
                   (32.0, 496.0 - 32 - col - 90 - 72, float(col), 90.0, 72.0))
    basis = f"{first_line}{SOFT_BREAK}CP ngày 23/7/2012 của Chính phủ về theo dõi tình hình thi hành pháp luật"
    entries = [_Entry(("1", "Theo dõi tình hình thi hành pháp luật trong lĩnh vực trọng tâm năm 2024", basis,
                       "Sở Tư pháp", "Trong năm 2024")),
               _Entry(("2", TASKS[3][0], "Luật Ban hành văn bản quy phạm pháp luật năm 2015", "Sở Tư pháp",
                       "Trước ngày 15/12/2023"))]
    return _make(tmp_path, "number_wrapped_in_token", table, entries, pages=1)


CASES: dict[str, Callable[[Path], CaseResult]] = {
    name.removeprefix("case_"): fn for name, fn in sorted(globals().items()) if name.startswith("case_")
}


def _main() -> None:
    import pdfplumber  # only for this self-check; the module itself needs reportlab alone

    out = Path("/tmp/gazette_cases")
    out.mkdir(parents=True, exist_ok=True)
    for name, build in CASES.items():
        path, rows = build(out)
        with pdfplumber.open(path) as pdf:
            print(f"== {name}: {len(pdf.pages)} page(s), {len(rows)} expected rows -> {path}")
            for i, page in enumerate(pdf.pages, 1):
                lines = (page.extract_text() or "").splitlines() or [""]
                print(f"   p{i} {page.width:.0f}x{page.height:.0f}: first={lines[0]!r}  last={lines[-1]!r}")
        if shutil.which("pdftoppm"):
            subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(path), str(out / name)], check=True)


if __name__ == "__main__":
    _main()


# =========================================================================== issues
#
# Whole gazette issues with real document layout (see the module docstring, third layer).

FONT_ITALIC = "DejaVuSans-Oblique"
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_2 = "Độc lập - Tự do - Hạnh phúc"
ISSUER_SHARE = 0.4  # the issuer column's share of the text width (the motto gets the rest)
PARA_GAP = 4.0  # extra space after a paragraph
INDENT = 28.0  # first-line indent of body paragraphs
KIND_SIZE, TITLE_SIZE = 12.0, 11.0  # "KẾ HOẠCH" and the title lines under it
SIGNATURE_GAP = 3  # empty lines between the signer's title and name (room for the signature)


@dataclass(frozen=True)
class DocHeader:
    """The top of a document, from the issuer / motto columns down to the title.

    Two columns on shared baselines: left (``ISSUER_SHARE`` of the width) the issuer lines in bold
    capitals with a short rule under them, right the motto and "Độc lập - Tự do - Hạnh phúc" (bold,
    short rule under it); then one line holding "Số: <number>" on the left (regular) and
    ``place_date`` on the right (italic). Then ``kind`` centred in bold capitals, the ``title``
    lines centred in bold, ``note`` lines centred in italics, and a short rule.
    ``number=None`` leaves the "Số:" out (a text promulgated by the document before it);
    ``place_date=None`` leaves the date out; with both None the line is not printed at all.
    """

    kind: str  # "KẾ HOẠCH", "QUYẾT ĐỊNH"
    title: tuple[str, ...]  # 1-2 lines, printed as given (no wrapping)
    number: str | None = "12/KH-UBND"
    place_date: str | None = "Thử, ngày 05 tháng 3 năm 2024"
    issuer: tuple[str, ...] = ("ỦY BAN NHÂN DÂN", "TỈNH THỬ")
    note: tuple[str, ...] = ()  # "(Ban hành kèm theo Quyết định số …)"


@dataclass(frozen=True)
class Para:
    """A paragraph wrapped to the text width.

    ``align``: "justify" (words spread to both margins, last line left), "left" or "centre";
    ``style``: "regular", "bold" or "italic"; ``indent``: first line indented by ``INDENT``
    (ignored when centred).
    """

    text: str
    align: str = "justify"
    style: str = "regular"
    indent: bool = True


@dataclass(frozen=True)
class TableBlock:
    """A ruled table drawn by the ``render_pdf`` machinery, centred in the text width."""

    rows: tuple[GridRow, ...]
    widths: tuple[float, ...]

    @classmethod
    def of(cls, headers: Sequence[str], widths: Sequence[float], body: Sequence[Sequence[str]]) -> TableBlock:
        """A header row (bold, centred) and one ruled row per ``body`` item."""
        rows = (GridRow(tuple(headers), header=True),) + tuple(GridRow(tuple(r)) for r in body)
        return cls(rows, tuple(widths))


@dataclass(frozen=True)
class Signature:
    """A signature block centred in the right half: bold titles, room to sign, the bold name."""

    titles: tuple[str, ...] = ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    name: str = "Nguyễn Văn An"


@dataclass(frozen=True)
class Space:
    """Vertical space in points."""

    height: float


Block = DocHeader | Para | TableBlock | Signature | Space


@dataclass(frozen=True)
class ContentPage:
    """A page of the issue: its blocks stacked from ``BODY_TOP`` down, under the running header."""

    blocks: tuple[Block, ...]
    landscape: bool = False


@dataclass(frozen=True)
class TocEntry:
    """One table-of-contents entry; ``page=None`` makes it a bold section heading."""

    text: str
    page: int | None = None


@dataclass(frozen=True)
class CoverPage:
    """The cover: "CÔNG BÁO", the province, issue and date, "MỤC LỤC" and the entries.

    No running header. Entries are printed as text (wrapped, dot leaders to the page number at
    the right margin) or, with ``toc_as_table``, as a ruled "Nội dung | Trang" table.
    """

    toc: tuple[TocEntry, ...]
    province: str = "TỈNH THỬ"
    issue: str = "Số 7"
    date: str = "Ngày 15 tháng 3 năm 2024"
    toc_as_table: bool = False


IssuePage = CoverPage | ContentPage
RUNNING_HEADER = "CÔNG BÁO TỈNH THỬ/Số 7/Ngày 15-3-2024"


def _register_issue_fonts() -> None:
    _register_fonts()
    if FONT_ITALIC not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT_ITALIC, str(FONT_DIR / "DejaVuSans-Oblique.ttf")))


def _style_font(style: str) -> str:
    fonts = {"regular": FONT, "bold": FONT_BOLD, "italic": FONT_ITALIC}
    if style not in fonts:
        raise ValueError(f"style must be one of {sorted(fonts)}, not {style!r}")
    return fonts[style]


def _width(s: str, font: str, size: float) -> float:
    return pdfmetrics.stringWidth(s, font, size)


def _wrap_para(text: str, width: float, first_width: float, font: str, size: float) -> list[list[str]]:
    """Greedy wrap into lines of words; the first line is ``first_width`` wide."""
    lines: list[list[str]] = [[]]
    for word in _nfc(text).split():
        room = first_width if len(lines) == 1 else width
        if lines[-1] and _width(" ".join(lines[-1] + [word]), font, size) > room:
            lines.append([])
        if not lines[-1] and _width(word, font, size) > (first_width if len(lines) == 1 else width):
            raise ValueError(f"word {word!r} is wider than the line")
        lines[-1].append(word)
    return [ln for ln in lines if ln]


def _para_layout(para: Para, text_w: float, size: float) -> list[tuple[float, list[str], float]]:
    """(x offset, words, extra space per gap) per line of ``para``."""
    if para.align not in ("justify", "left", "centre"):
        raise ValueError(f"align must be justify, left or centre, not {para.align!r}")
    font = _style_font(para.style)
    indent = INDENT if para.indent and para.align != "centre" else 0.0
    lines = _wrap_para(para.text, text_w, text_w - indent, font, size)
    out = []
    for k, words in enumerate(lines):
        x = indent if k == 0 else 0.0
        natural = _width(" ".join(words), font, size)
        extra = 0.0
        if para.align == "centre":
            x = (text_w - natural) / 2
        elif para.align == "justify" and k < len(lines) - 1 and len(words) > 1:
            extra = (text_w - x - natural) / (len(words) - 1)
        out.append((x, words, extra))
    return out


def _header_rows(h: DocHeader) -> int:
    """Text rows of the two-column part (the "Số:" / date line included)."""
    return max(len(h.issuer), 2) + (1 if h.number is not None or h.place_date is not None else 0)


def _block_height(block: Block, text_w: float, size: float) -> float:
    """Height of the block's ink (``render_issue`` adds ``PARA_GAP`` after every block but ``Space``)."""
    lh = size * LINE_FACTOR
    if isinstance(block, Space):
        return block.height
    if isinstance(block, Para):
        return len(_para_layout(block, text_w, size)) * lh
    if isinstance(block, TableBlock):
        return sum(_measure(block.rows, block.widths, size)[0])
    if isinstance(block, Signature):
        return (len(block.titles) + SIGNATURE_GAP + 1) * lh
    if isinstance(block, DocHeader):
        two_col = _header_rows(block) * lh + 0.6 * lh
        return (two_col + 0.8 * lh + KIND_SIZE * LINE_FACTOR + len(block.title) * TITLE_SIZE * LINE_FACTOR
                + len(block.note) * lh + 0.8 * lh)
    raise TypeError(f"not a block: {block!r}")


def _draw_words(p: _Painter, x: float, baseline: float, words: Sequence[str], font: str, size: float,
                extra: float) -> None:
    if not extra:
        p.text(x, baseline, " ".join(words), font, size)
        return
    space = _width(" ", font, size) + extra
    for w in words:
        p.text(x, baseline, w, font, size)
        x += _width(w, font, size) + space


def _draw_header(p: _Painter, h: DocHeader, top: float, text_w: float, size: float) -> None:
    lh = size * LINE_FACTOR
    left_c = MARGIN_LEFT + ISSUER_SHARE * text_w / 2
    right_c = MARGIN_LEFT + ISSUER_SHARE * text_w + (1 - ISSUER_SHARE) * text_w / 2
    centre = MARGIN_LEFT + text_w / 2

    def base(row: float) -> float:
        return top + row * lh + size

    for k, line in enumerate(h.issuer):
        p.text(left_c, base(k), _nfc(line), FONT_BOLD, size, "centre")
    if h.issuer:
        w = _width(_nfc(h.issuer[-1]), FONT_BOLD, size) / 3
        p.hrule(left_c - w / 2, left_c + w / 2, base(len(h.issuer) - 1) + 4)
    p.text(right_c, base(0), MOTTO, FONT_BOLD, size, "centre")
    p.text(right_c, base(1), MOTTO_2, FONT_BOLD, size, "centre")
    w = _width(MOTTO_2, FONT_BOLD, size)
    p.hrule(right_c - w / 2, right_c + w / 2, base(1) + 4)
    rows = max(len(h.issuer), 2)
    number_row = rows + 0.6  # a little air under the rules
    if h.number is not None:
        p.text(left_c, base(number_row), _nfc(f"Số: {h.number}"), FONT, size, "centre")
    if h.place_date is not None:
        p.text(right_c, base(number_row), _nfc(h.place_date), FONT_ITALIC, size, "centre")
    t = top + _header_rows(h) * lh + 0.6 * lh + 0.8 * lh
    p.text(centre, t + KIND_SIZE, _nfc(h.kind), FONT_BOLD, KIND_SIZE, "centre")
    t += KIND_SIZE * LINE_FACTOR
    for line in h.title:
        p.text(centre, t + TITLE_SIZE, _nfc(line), FONT_BOLD, TITLE_SIZE, "centre")
        t += TITLE_SIZE * LINE_FACTOR
    for line in h.note:
        p.text(centre, t + size, _nfc(line), FONT_ITALIC, size, "centre")
        t += lh
    p.hrule(centre - 40, centre + 40, t + 0.4 * lh)


def _draw_block(c: rl_canvas.Canvas, p: _Painter, block: Block, top: float, page_w: float, size: float) -> None:
    lh = size * LINE_FACTOR
    text_w = page_w - MARGIN_LEFT - MARGIN_RIGHT
    if isinstance(block, Space):
        return
    if isinstance(block, DocHeader):
        _draw_header(p, block, top, text_w, size)
    elif isinstance(block, Para):
        font = _style_font(block.style)
        for k, (x, words, extra) in enumerate(_para_layout(block, text_w, size)):
            _draw_words(p, MARGIN_LEFT + x, top + k * lh + size, words, font, size, extra)
    elif isinstance(block, Signature):
        centre = MARGIN_LEFT + 0.75 * text_w
        for k, line in enumerate(block.titles):
            p.text(centre, top + k * lh + size, _nfc(line), FONT_BOLD, size, "centre")
        p.text(centre, top + (len(block.titles) + SIGNATURE_GAP) * lh + size, _nfc(block.name), FONT_BOLD, size, "centre")
    elif isinstance(block, TableBlock):
        # _draw_page puts a table without body lines at BODY_TOP; a painter whose page is
        # (top - BODY_TOP) shorter moves it down to ``top`` and keeps its bottom-margin check exact.
        shifted = _Painter(c, p.h - (top - BODY_TOP), p.rules_as)
        _draw_page(shifted, PageSpec(block.rows), 0, page_w, block.widths, size, None, 0)
    else:
        raise TypeError(f"not a block: {block!r}")


def _cover_blocks(cover: CoverPage, text_w: float, size: float) -> list[Block]:
    """The table-of-contents part of a cover, as blocks (text entries are drawn by ``_draw_toc``)."""
    if not cover.toc_as_table:
        return []
    widths = (text_w - 60.0, 60.0)
    rows = [GridRow(("Nội dung", "Trang"), header=True)]
    for e in cover.toc:
        rows.append(GridRow((e.text, ""), full_width=True) if e.page is None else GridRow((e.text, str(e.page))))
    return [TableBlock(tuple(rows), widths)]


def _draw_toc(p: _Painter, entries: Sequence[TocEntry], top: float, page_w: float, page_h: float, size: float) -> None:
    lh = size * LINE_FACTOR
    text_w = page_w - MARGIN_LEFT - MARGIN_RIGHT
    right = MARGIN_LEFT + text_w
    number_w = 30.0
    t = top
    for e in entries:
        font = FONT_BOLD if e.page is None else FONT
        lines = _wrap_para(e.text, text_w - number_w, text_w - number_w, font, size)
        if t + len(lines) * lh > page_h - MARGIN_BOTTOM:
            raise ValueError(f"cover: table of contents runs below the bottom margin at {e.text[:40]!r}")
        for k, words in enumerate(lines):
            p.text(MARGIN_LEFT, t + k * lh + size, " ".join(words), font, size)
        if e.page is not None:
            base = t + (len(lines) - 1) * lh + size
            number = str(e.page)
            p.text(right, base, number, FONT, size, "right")
            start = MARGIN_LEFT + _width(" ".join(lines[-1]), font, size) + 4
            end = right - _width(number, FONT, size) - 4
            dots = "." * max(int((end - start) / _width(".", FONT, size)), 0)
            if dots:
                p.text(start, base, dots, FONT, size)
        t += len(lines) * lh + PARA_GAP


def _draw_cover(c: rl_canvas.Canvas, p: _Painter, cover: CoverPage, page_w: float, page_h: float, size: float) -> None:
    text_w = page_w - MARGIN_LEFT - MARGIN_RIGHT
    centre, right = MARGIN_LEFT + text_w / 2, MARGIN_LEFT + text_w
    p.text(centre, 110, "CÔNG BÁO", FONT_BOLD, 36, "centre")
    p.text(centre, 140, _nfc(cover.province), FONT_BOLD, 16, "centre")
    p.hrule(MARGIN_LEFT, right, 152)
    p.text(MARGIN_LEFT, 168, _nfc(cover.issue), FONT_BOLD, 11)
    p.text(right, 168, _nfc(cover.date), FONT_ITALIC, 11, "right")
    p.hrule(MARGIN_LEFT, right, 175)
    p.text(centre, 205, "MỤC LỤC", FONT_BOLD, 13, "centre")
    top = 220.0
    if cover.toc_as_table:
        (table,) = _cover_blocks(cover, text_w, size)
        if top + _block_height(table, text_w, size) > page_h - MARGIN_BOTTOM:
            raise ValueError("cover: table of contents runs below the bottom margin")
        _draw_block(c, p, table, top, page_w, size)
    else:
        _draw_toc(p, cover.toc, top, page_w, page_h, size)


def printed_numbers(pages: Sequence[IssuePage], first_printed_page: int = 11) -> list[int | None]:
    """The page number each page prints: content pages count up from ``first_printed_page``, covers print none."""
    out: list[int | None] = []
    n = first_printed_page
    for page in pages:
        if isinstance(page, CoverPage):
            out.append(None)
        else:
            out.append(n)
            n += 1
    return out


def render_issue(path: str | Path, pages: Sequence[IssuePage], *, running_header: str = RUNNING_HEADER,
                 first_printed_page: int = 11, font_size: float = 10) -> Path:
    """Render a whole issue page by page, exactly as laid out, and return the PDF path.

    Covers are portrait and carry no running header. Content pages (portrait, or 842x595 when
    ``landscape``) carry ``running_header`` with the numbers of ``printed_numbers`` and stack their
    blocks from ``BODY_TOP`` down, each block right under the previous one. Nothing flows from one
    page to the next: raises ValueError when a block runs below the bottom margin.
    """
    _register_issue_fonts()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    c = rl_canvas.Canvas(str(path), pagesize=PORTRAIT, pageCompression=0)
    c.setTitle("Công báo (synthetic test issue)")
    numbers = printed_numbers(pages, first_printed_page)
    for index, (page, number) in enumerate(zip(pages, numbers)):
        landscape = isinstance(page, ContentPage) and page.landscape
        page_w, page_h = LANDSCAPE if landscape else PORTRAIT
        c.setPageSize((page_w, page_h))
        p = _Painter(c, page_h, "lines")
        if isinstance(page, CoverPage):
            _draw_cover(c, p, page, page_w, page_h, font_size)
        else:
            assert number is not None
            _draw_page(p, PageSpec(()), 0, page_w, (), font_size, running_header, number)
            text_w = page_w - MARGIN_LEFT - MARGIN_RIGHT
            top = BODY_TOP
            for k, block in enumerate(page.blocks):
                bottom = top + _block_height(block, text_w, font_size)
                if bottom > page_h - MARGIN_BOTTOM + 0.01:
                    raise ValueError(f"page {index + 1}: block {k} ({type(block).__name__}) ends at "
                                     f"{bottom:.1f}pt, below the bottom margin ({page_h - MARGIN_BOTTOM:.1f}pt)")
                _draw_block(c, p, block, top, page_w, font_size)
                top = bottom + (0.0 if isinstance(block, Space) else PARA_GAP)
        c.showPage()
    c.save()
    return path


def render_table_entries(tmp_path: Path, name: str, *, long_rows: Sequence[int], n_rows: int,
                         numbering_row: bool = False, open_break: bool = False) -> CaseResult:
    """A free-form STD5 table for property tests: ``n_rows`` rows, those in ``long_rows`` long and
    splittable at a page bottom; pages and split points fall wherever the layout puts them."""
    table = _Table(STD5.headers, STD5.widths, numbering_row=numbering_row)
    entries = []
    for n in range(1, n_rows + 1):
        task = TASKS[(n - 1) % len(TASKS)]
        if n - 1 in long_rows:
            entries.append(_Entry((str(n), LONG_TASKS[(n - 1) % len(LONG_TASKS)], task[1], task[2], task[3]), split=True))
        else:
            entries.append(_std(n, task))
    specs, _ = _paginate(table, entries, TITLE_BODY, landscape=False, repeat_header=not open_break,
                         open_break=open_break)
    path = render_pdf(Path(tmp_path) / f"{name}.pdf", specs, col_widths_pt=list(table.widths))
    return path, _expected(table, entries)
