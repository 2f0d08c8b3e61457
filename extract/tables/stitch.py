"""Reassembling logical tables from per-page fragments.

After ``stitch_tables(fragments, documents, pages)``:
- each logical table has one header (the header row repeated on later pages, and a numbering row
  "1 | 2 | 3 …", are dropped);
- a row broken by a page break is one row whose cells hold the whole text;
- a vertically merged cell (the group cell "I. Công tác chỉ đạo điều hành CCHC", or any cell spanning
  several rows) is repeated into every row it spans, across pages; a full-width group row ("I. HẠ
  TẦNG SỐ") sets the group of the rows below it and is not a row itself;
- empty cells are None; multi-paragraph cells keep "\\n" between paragraphs;
- rows keep their printed page numbers and PDF page indexes; row order is reading order.
Nothing here looks at printed page numbers or sample-specific sizes: evidence is rules and text.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..labels import GROUP_LABEL, ROMAN_GROUP, has_inline_number
from ..lines import ended_short, joins_without_space, starts_paragraph
from ..models import Cell, Column, Document, Fragment, Page, Row, Table
from .columns import assign_roles, column_role

_NUMBERING_CELL = re.compile(r"^\(?\d{1,2}\)?$|^\([a-z]\)$")
# A header has at least this many cells naming a column role.
MIN_HEADER_ROLES = 2


@dataclass
class _Draft:
    """A table being assembled (mutable while stitching, frozen into ``Table`` at the end)."""

    columns: list[Column]
    n_cols: int
    document_index: int
    appendix_index: int
    last_page_index: int
    rows: list[dict] = field(default_factory=list)
    group: str | None = None
    page_indexes: list[int] = field(default_factory=list)


def stitch_tables(
    fragments: Sequence[Fragment], documents: Sequence[Document], pages: Sequence[Page]
) -> tuple[Table, ...]:
    """Logical tables from the fragments of an issue, in reading order."""
    drafts: list[_Draft] = []
    current: _Draft | None = None
    for frag in sorted(fragments, key=lambda f: (f.page_index, f.top)):
        if pages[frag.page_index].is_cover:
            continue
        doc_index, appendix_index = _owner(frag, documents)
        if doc_index is None:
            continue
        header_end, headers = _header(frag)
        continues = (
            current is not None
            and current.document_index == doc_index
            and current.appendix_index == appendix_index
            and frag.page_index == current.last_page_index + 1
            and frag.n_cols == current.n_cols
            and (headers is None or [h for h, _ in headers] == [c.header for c in current.columns])
            and _is_first_on_page(frag, pages[frag.page_index])
        )
        if not continues:
            if headers is None:
                current = None  # a ruled box that is not a task table (no header, continues nothing)
                continue
            roles = assign_roles([h for h, _ in headers])
            columns = [Column(header=h, role=r) for (h, _), r in zip(headers, roles)]
            columns = _infer_group_column(columns, frag, header_end)
            current = _Draft(columns=columns, n_cols=frag.n_cols, document_index=doc_index,
                             appendix_index=appendix_index, last_page_index=frag.page_index)
            drafts.append(current)
        assert current is not None
        _add_fragment(current, frag, header_end, continues)
        current.last_page_index = frag.page_index
    ocr_pages = frozenset(p.page_index for p in pages if p.ocr)
    return tuple(_freeze(d, ocr_pages) for d in drafts if d.rows)


def _owner(frag: Fragment, documents: Sequence[Document]) -> tuple[int | None, int]:
    for i in range(len(documents) - 1, -1, -1):
        d = documents[i]
        if (d.first_page_index, d.first_top - 1) <= (frag.page_index, frag.top):
            appendix = 0
            for k, a in enumerate(d.appendices, 1):
                if (a.page_index, a.top) <= (frag.page_index, frag.top):
                    appendix = k
            return i, appendix
    return None, 0


def _is_first_on_page(frag: Fragment, page: Page) -> bool:
    """No content line above the fragment (the running header is already out of ``page.lines``)."""
    return not any(ln.bottom < frag.top - 1 for ln in page.lines)


# ---------------------------------------------------------------- header


def _band_cells(frag: Fragment, band: int) -> list[Cell]:
    return [c for c in frag.cells if c.row == band]


def _header(frag: Fragment) -> tuple[int, list[tuple[str, int]] | None]:
    """(first body band, [(header text, column index)…]) or (0, None) without a header row.

    Header bands: the top band when at least two of its cells name a column role; bands below it
    while cells of the header still span them (two-level headers); then a numbering row.
    """
    top = [c for c in _band_cells(frag, 0) if c.text]
    if sum(1 for c in top if column_role(c.text or "")) < MIN_HEADER_ROLES:
        return 0, None
    end = max(c.row + c.row_span for c in top)
    # a second header level under a cell spanning columns ("Cơ quan thực hiện" → "Chủ trì" | "Phối hợp")
    while end < len(frag.bands) - 1:
        band = [c for c in _band_cells(frag, end) if c.text]
        spanning_above = any(c.col_span > 1 for c in frag.cells if c.row < end)
        if band and spanning_above and all(column_role(c.text or "") for c in band):
            end = max(end + 1, max(c.row + c.row_span for c in band))
        else:
            break
    headers: list[tuple[str, int]] = []
    for j in range(frag.n_cols):
        parts = [c.text for c in frag.cells if c.row < end and c.col <= j < c.col + c.col_span and c.text]
        leaf = " ".join(parts[-1].split()) if parts else f"Cột {j + 1}"
        headers.append((leaf, j))
    seen: dict[str, int] = {}
    for h, _ in headers:
        seen[h] = seen.get(h, 0) + 1
    headers = [
        (f"{' '.join(p.split())} - {h}" if seen[h] > 1 and (p := _parent(frag, j, end)) else h, j)
        for h, j in headers
    ]
    if end < len(frag.bands) - 1 and _is_numbering_band(frag, end):
        end += 1
    return end, headers


def _parent(frag: Fragment, j: int, end: int) -> str | None:
    parts = [c.text for c in frag.cells if c.row < end and c.col <= j < c.col + c.col_span and c.text]
    return parts[-2] if len(parts) > 1 else None


def _is_numbering_band(frag: Fragment, band: int) -> bool:
    """ "1 | 2 | 3 | 4" or "(1) | (2) …" under the header: column numbers, not a row."""
    cells = [c for c in _band_cells(frag, band) if c.row_span == 1]
    texts = [(c.text or "").strip() for c in cells]
    return len(texts) >= 2 and all(_NUMBERING_CELL.match(t) for t in texts if t) and sum(map(bool, texts)) >= 2


def _infer_group_column(columns: list[Column], frag: Fragment, header_end: int) -> list[Column]:
    """Without a header naming it, the group column is the one whose cells span rows and open with a
    roman numeral (Cà Mau 43's "Nhiệm vụ chung" style under another wording)."""
    if any(c.role == "group" for c in columns):
        return columns
    for j, col in enumerate(columns):
        if col.role in ("text", "number"):
            continue
        body = [c for c in frag.cells if c.col == j and c.row >= header_end and c.text]
        if body and all(c.row_span > 1 and ROMAN_GROUP.match(c.text or "") for c in body):
            columns[j] = Column(header=col.header, role="group")
            return columns
    return columns


# ---------------------------------------------------------------- rows


def _anchor_col(columns: Sequence[Column], frag: Fragment, header_end: int) -> int:
    for role in ("text", "evidence", "lead"):
        for j, c in enumerate(columns):
            if c.role == role:
                return j
    widths = [frag.columns[j + 1] - frag.columns[j] for j in range(frag.n_cols)]
    return max(range(frag.n_cols), key=lambda j: widths[j])


def _add_fragment(draft: _Draft, frag: Fragment, header_end: int, continues: bool) -> None:
    roles = [c.role for c in draft.columns]
    anchor = _anchor_col(draft.columns, frag, header_end)
    group_col = roles.index("group") if "group" in roles else None
    number_col = roles.index("number") if "number" in roles else None
    body = [c for c in frag.cells if c.row >= header_end]
    anchors = sorted((c for c in body if c.col <= anchor < c.col + c.col_span), key=lambda c: c.row)
    draft.page_indexes.append(frag.page_index)
    first_on_fragment = True
    for a in anchors:
        lo, hi = a.row, a.row + a.row_span
        if _is_group_row(a, frag, number_col, body):
            draft.group = _group_row_text(a, body, number_col)
            first_on_fragment = False  # a group row opens the page: what follows is a new row
            continue
        values: list[str | None] = []
        pieces: list[list[Cell]] = []
        for j in range(draft.n_cols):
            inside = [c for c in body if c.col <= j < c.col + c.col_span and c.row < hi and c.row + c.row_span > lo]
            own = [c for c in inside if c.col == j]
            pieces.append(own)
            texts = [c.text for c in own if c.text]
            values.append("\n".join(texts) if texts else None)
        if group_col is not None:
            if values[group_col]:
                draft.group = values[group_col]
            values[group_col] = draft.group
        row = {"cells": values, "pieces": pieces, "pages": [frag.page_index],
               "numbers": [frag.page_number], "group": draft.group}
        if continues and first_on_fragment and draft.rows and _is_continuation(a, row, draft, frag, number_col):
            _join_rows(draft.rows[-1], row, draft)
        else:
            draft.rows.append(row)
        first_on_fragment = False


def _is_group_row(anchor: Cell, frag: Fragment, number_col: int | None, body: Sequence[Cell]) -> bool:
    """A full-width row ("I. HẠ TẦNG SỐ"): one cell over every column but the number column, or a
    roman numeral in the number column with nothing in the other columns but the text."""
    others = frag.n_cols - (1 if number_col is not None and anchor.col > number_col else 0)
    if anchor.col_span >= max(2, others) and anchor.text:
        return True
    if number_col is None:
        return False
    number = next((c for c in body if c.col == number_col and c.row == anchor.row), None)
    if number is None or not number.text or not GROUP_LABEL.match(number.text + " "):
        return False
    row_cells = [c for c in body if c.row == anchor.row and c is not number and c is not anchor]
    return not any(c.text for c in row_cells)


def _group_row_text(anchor: Cell, body: Sequence[Cell], number_col: int | None) -> str:
    text = " ".join((anchor.text or "").split())
    if number_col is not None and anchor.col != number_col:
        number = next((c for c in body if c.col == number_col and c.row == anchor.row and c.text), None)
        if number is not None and not text.startswith(number.text or ""):
            label = (number.text or "").strip().rstrip(".")
            text = f"{label}. {text}"
    return text


def _has_number(values: Sequence[str | None], roles: Sequence[str | None]) -> bool:
    if "number" in roles:
        return bool(values[roles.index("number")])
    if "text" in roles:
        text = values[roles.index("text")] or ""
        return has_inline_number(text)
    return False


def _is_continuation(anchor: Cell, row: dict, draft: _Draft, frag: Fragment, number_col: int | None) -> bool:
    """Does the first row of a continuing fragment finish the previous page's last row?

    Evidence, strongest first: no rule above it (the table was cut, not closed); an empty item
    number where the table numbers its rows (Cà Mau 43 IV.3, Hậu Giang 12 V.4); in a table without
    numbers, a task text that starts in lower case (a sentence never does).
    """
    if not anchor.has_top_rule or frag.is_open_top:
        return True
    roles = [c.role for c in draft.columns]
    values = row["cells"]
    if any(_has_number(r["cells"], roles) for r in draft.rows):
        return not _has_number(values, roles)
    text = values[roles.index("text")] if "text" in roles else values[_anchor_col(draft.columns, frag, 0)]
    return not text or text[:1].islower()


def _join_rows(before: dict, after: dict, draft: _Draft) -> None:
    roles = [c.role for c in draft.columns]
    for j in range(draft.n_cols):
        a, b = before["cells"][j], after["cells"][j]
        if roles[j] == "group" or not b:
            continue
        if not a:
            before["cells"][j] = b
            before["pieces"][j] = after["pieces"][j]
            continue
        before["cells"][j] = a + _page_break_joiner(a, b, before["pieces"][j], after["pieces"][j]) + b
        before["pieces"][j] = before["pieces"][j] + after["pieces"][j]
    before["pages"] += after["pages"]
    before["numbers"] += after["numbers"]


def _page_break_joiner(a: str, b: str, pieces_a: Sequence[Cell], pieces_b: Sequence[Cell]) -> str:
    """How a cell's text continues over a page break: like a line wrap, unless the next part opens a
    paragraph (a bullet) or the last line before the break ended short (the writer broke it)."""
    if joins_without_space(a, b):
        return ""
    if starts_paragraph(b):
        return "\n"
    last_cell = next((c for c in reversed(pieces_a) if c.lines), None)
    first_cell = next((c for c in pieces_b if c.lines), None)
    if last_cell is not None and first_cell is not None:
        padding = min(max(1.0, min(ln.x0 for ln in last_cell.lines) - last_cell.x0), 8.0)
        if ended_short(last_cell.lines[-1], first_cell.lines[0], last_cell.x1 - padding):
            return "\n"
    return " "


def _freeze(d: _Draft, ocr_pages: frozenset[int]) -> Table:
    rows = []
    for r in d.rows:
        pages = tuple(dict.fromkeys(r["pages"]))
        numbers = tuple(dict.fromkeys(n for n in r["numbers"] if n is not None))
        rows.append(Row(cells=tuple(r["cells"]), page_indexes=pages, page_numbers=numbers, group=r["group"],
                        ocr=any(p in ocr_pages for p in pages)))
    return Table(columns=tuple(d.columns), rows=tuple(rows), document_index=d.document_index,
                 appendix_index=d.appendix_index, page_indexes=tuple(dict.fromkeys(d.page_indexes)))
