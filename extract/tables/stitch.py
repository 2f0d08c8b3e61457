"""Reassembling logical tables from per-page fragments.

After ``stitch_tables(fragments, documents, pages)``:
- each logical table has one header (the header row repeated on later pages, and a numbering row
  "1 | 2 | 3 …", are dropped); a header is recognised by its wording (two cells naming task roles)
  or, with unseen words, by other header evidence (a column word, bold type, a numbering row under
  it, its repetition on the next page) together with a body that reads as tasks; a ruled box
  without both is not a task table;
- column roles come from ``columns.assign_columns`` over the body cells of every page of the table;
- a group printed as a spanning pair, label and title ("1." | "Luật Các tổ chức tín dụng"), keeps
  both cells in every row it spans and gives the row the group "1. Luật Các tổ chức tín dụng";
- a row broken by a page break is one row whose cells hold the whole text;
- a vertically merged cell (the group cell "I. Công tác chỉ đạo điều hành CCHC", or any cell spanning
  several rows) is repeated into every row it spans, across pages; a full-width group row ("I. HẠ
  TẦNG SỐ") sets the group of the rows below it and is not a row itself;
- empty cells are None; multi-paragraph cells keep "\\n" between paragraphs;
- rows keep their printed page numbers and PDF page indexes; row order is reading order.
Nothing here looks at printed page numbers or sample-specific sizes: evidence is rules and text.
"""
from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from ..labels import GROUP_LABEL, has_inline_number
from ..lines import ended_short, joins_without_space, starts_paragraph
from ..models import Cell, Column, Document, Fragment, Page, PageNote, Row, Table
from .columns import (TASK_ROLES, ColumnSample, assign_columns, column_role, fold, is_item_label, is_named,
                      looks_like_task_table)

_NUMBERING_CELL = re.compile(r"^\(?\d{1,2}\)?$|^\([a-z]\)$")
# A header names at least this many columns with a task role on its wording alone.
MIN_HEADER_ROLES = 2
# A header cell is a short noun phrase ("Cơ quan phối hợp thực hiện"); longer text is a body row.
MAX_HEADER_CELL_WORDS = 14


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
    group_cells: dict[int, str | None] = field(default_factory=dict)  # the spanning group pair, per column
    page_indexes: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class _Header:
    """A candidate header on a fragment: its bands, its column names and the evidence for it."""

    end: int                                       # first body band
    headers: tuple[str, ...]                       # per column: the key in ``cells``
    parents: tuple[tuple[str | None, tuple[int, int] | None], ...]  # the cell spanning it, and its columns
    named_roles: int                               # header cells whose wording names a task role
    evidence: frozenset[str]                       # "words" | "bold" | "numbering" (typography, geometry)

    @property
    def is_strong(self) -> bool:
        return self.named_roles >= MIN_HEADER_ROLES


@dataclass
class _Group:
    """The fragments of one logical table and the header of its first fragment."""

    frags: list[tuple[Fragment, int, bool]]        # (fragment, first body band, continues the previous)
    header: _Header
    document_index: int
    appendix_index: int
    readings: list[_Header] = field(default_factory=list)  # the header as printed on each page


def stitch_tables(
    fragments: Sequence[Fragment], documents: Sequence[Document], pages: Sequence[Page]
) -> tuple[Table, ...]:
    """Logical tables from the fragments of an issue, in reading order.

    Two passes: fragments are grouped into tables first, so that column roles read the cells of
    every page of a table; then each table's rows are assembled.
    """
    owned = []
    for frag in sorted(fragments, key=lambda f: (f.page_index, f.top)):
        if pages[frag.page_index].is_cover:
            continue
        doc_index, appendix_index = _owner(frag, documents)
        if doc_index is not None:
            owned.append((frag, doc_index, appendix_index))
    heads = [_header(frag) for frag, _, _ in owned]
    groups: list[_Group] = []
    current: _Group | None = None
    last_page = -2
    for i, (frag, doc_index, appendix_index) in enumerate(owned):
        head = heads[i]
        can_continue = (
            current is not None
            and current.document_index == doc_index
            and current.appendix_index == appendix_index
            and frag.page_index == last_page + 1
            and frag.n_cols == len(current.header.headers)
            and _is_first_on_page(frag, pages[frag.page_index])
        )
        if can_continue and current is not None:
            if head is not None and _same_headers(head.headers, current.header.headers):
                current.frags.append((frag, head.end, True))  # the header repeated on the next page
                current.readings.append(head)
                last_page = frag.page_index
                continue
            if head is None or not head.is_strong:
                # no header of its own (a weak one loses against continuing): the body runs on, after
                # a numbering row repeated without its header
                body = 1 if _is_numbering_band(frag, 0) else 0
                current.frags.append((frag, body, True))
                last_page = frag.page_index
                continue
        current = None
        if head is None or not _is_task_header(head, frag, owned[i + 1][0] if i + 1 < len(owned) else None,
                                               heads[i + 1] if i + 1 < len(heads) else None):
            continue  # a ruled box that is not a task table (no header, continues nothing)
        current = _Group(frags=[(frag, head.end, False)], header=head, document_index=doc_index,
                         appendix_index=appendix_index, readings=[head])
        groups.append(current)
        last_page = frag.page_index
    ocr_pages = frozenset(p.page_index for p in pages if p.ocr)
    tables = []
    for g in groups:
        g.header = _voted_header(g.header, g.readings)
        columns = list(assign_columns(_samples(g)))
        draft = _Draft(columns=columns, n_cols=len(columns), document_index=g.document_index,
                       appendix_index=g.appendix_index, last_page_index=g.frags[0][0].page_index)
        for frag, body, continues in g.frags:
            _add_fragment(draft, frag, body, continues)
            draft.last_page_index = frag.page_index
        if draft.rows:
            tables.append(_freeze(draft, ocr_pages))
    return tuple(tables)


def _is_task_header(head: _Header, frag: Fragment, nxt: Fragment | None, next_head: _Header | None) -> bool:
    """Is this candidate the header of a task table?

    Wording alone when it names two task roles. Otherwise it needs header evidence (a column word,
    bold type over a regular body, a numbering row "(1) (2) (3)" under it, the same band repeated
    at the top of the next page) and a body that reads as tasks: a prose column beside a column of
    agencies or deadlines. A ruled box of prose, a price table, a list of forms have no such body.
    """
    if head.is_strong:
        return True
    evidence = set(head.evidence)
    if (nxt is not None and next_head is not None and nxt.page_index == frag.page_index + 1
            and nxt.n_cols == frag.n_cols and _same_headers(head.headers, next_head.headers)):
        evidence.add("repeated")
    if not evidence:
        return False
    return looks_like_task_table(_fragment_samples(frag, head))


def _voted_header(first: _Header, readings: Sequence[_Header]) -> _Header:
    """The header row as most pages read it: OCR reads a header repeated on every page with
    different errors ("gian thực hiện, hoàn thành" on one page of the rough Cà Mau 43 scan), and
    the reading most pages agree on is the printed one (ties: the first page's)."""
    if len(readings) < 3:
        return first
    headers = []
    for j, own in enumerate(first.headers):
        votes = Counter(r.headers[j] for r in readings if j < len(r.headers))
        best, n = votes.most_common(1)[0]
        headers.append(best if n > votes[own] else own)
    return replace(first, headers=tuple(headers))


def _same_headers(a: Sequence[str], b: Sequence[str]) -> bool:
    """The same header row, up to what OCR does to it (folded, a few edits)."""
    if len(a) != len(b):
        return False
    fa, fb = " | ".join(fold(x) for x in a), " | ".join(fold(x) for x in b)
    return fa == fb or _near(fa, fb)


def _near(a: str, b: str) -> bool:
    # OCR reads a repeated header a little differently on each page ("gian thực hiện" / "Thời gian thực hiện")
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.9


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


def _is_header_cell(cell: Cell) -> bool:
    return bool(cell.text) and len((cell.text or "").split()) <= MAX_HEADER_CELL_WORDS


def _header(frag: Fragment) -> _Header | None:
    """The candidate header at the top of ``frag``, or None when its first band cannot be one.

    Header bands: the top band (at least two of its cells hold text, short phrases or column
    numbers); bands below it while header cells still span them; a second level under a cell
    spanning columns ("Cơ quan thực hiện" → "Chủ trì" | "Phối hợp"; "Thời gian" → "Bắt đầu" |
    "Hoàn thành"), every cell of it under such a cell; then a numbering row.
    """
    top = [c for c in _band_cells(frag, 0) if c.text]
    numbering_top = _is_numbering_band(frag, 0)
    if not numbering_top and sum(1 for c in top if _is_header_cell(c)) < 2:
        return None  # a header names at least two columns, each with a short phrase
    end = max(c.row + c.row_span for c in top)
    while end < len(frag.bands) - 1:
        band = [c for c in _band_cells(frag, end) if c.text]
        spanning = [c for c in frag.cells if c.row < end and c.col_span > 1 and c.row + c.row_span == end]
        under = band and spanning and all(
            _is_header_cell(c) and any(s.col <= c.col and c.col + c.col_span <= s.col + s.col_span for s in spanning)
            for c in band)
        if under:
            end = max(end + 1, max(c.row + c.row_span for c in band))
        else:
            break
    header_cells = [c for c in frag.cells if c.row < end]
    headers: list[str] = []
    parents: list[tuple[str | None, tuple[int, int] | None]] = []
    for j in range(frag.n_cols):
        cover = [c for c in header_cells if c.col <= j < c.col + c.col_span and c.text]
        leaf = " ".join((cover[-1].text or "").split()) if cover else f"Cột {j + 1}"
        headers.append(leaf)
        above = cover[-2] if len(cover) > 1 else None
        parents.append((" ".join((above.text or "").split()), (above.col, above.col + above.col_span - 1))
                       if above is not None else (None, None))
    seen: dict[str, int] = {}
    for h in headers:
        seen[h] = seen.get(h, 0) + 1
    headers = [f"{p} - {h}" if seen[h] > 1 and p else h for h, (p, _) in zip(headers, parents)]
    named = [c for c in header_cells if c.text and _is_header_cell(c)]
    evidence = set()
    if any(is_named(c.text or "") for c in named):
        evidence.add("words")
    if numbering_top or (end < len(frag.bands) - 1 and _is_numbering_band(frag, end)):
        evidence.add("numbering")
    if _is_bold_over_regular(frag, header_cells, end):
        evidence.add("bold")
    if not numbering_top and end < len(frag.bands) - 1 and _is_numbering_band(frag, end):
        end += 1
    return _Header(end=end, headers=tuple(headers), parents=tuple(parents),
                   named_roles=sum(1 for c in named if column_role(c.text or "") in TASK_ROLES),
                   evidence=frozenset(evidence))


def _is_bold_over_regular(frag: Fragment, header_cells: Sequence[Cell], end: int) -> bool:
    """Header type: every word of the header bold, most of the body regular (a bold group row alone
    is not a header: it has one cell or opens with its numeral)."""
    head_words = [w for c in header_cells for ln in c.lines for w in ln.words]
    body_words = [w for c in frag.cells if c.row >= end for ln in c.lines for w in ln.words]
    if not head_words or not body_words or not all(w.bold for w in head_words):
        return False
    first = next((c for c in header_cells if c.text), None)
    if first is not None and GROUP_LABEL.match((first.text or "") + " "):
        return False
    return sum(1 for w in body_words if w.bold) < len(body_words) / 2


def _is_numbering_band(frag: Fragment, band: int) -> bool:
    """ "1 | 2 | 3 | 4" or "(1) | (2) …" under the header: column numbers, not a row."""
    cells = [c for c in _band_cells(frag, band) if c.row_span == 1]
    texts = [(c.text or "").strip() for c in cells]
    return len(texts) >= 2 and all(_NUMBERING_CELL.match(t) for t in texts if t) and sum(map(bool, texts)) >= 2


# ---------------------------------------------------------------- column samples


def _fragment_samples(frag: Fragment, head: _Header) -> list[ColumnSample]:
    return _merge_samples(head, [(frag, head.end)])


def _samples(group: _Group) -> list[ColumnSample]:
    return _merge_samples(group.header, [(f, body) for f, body, _ in group.frags])


def _merge_samples(head: _Header, frags: Sequence[tuple[Fragment, int]]) -> list[ColumnSample]:
    """What each column's body cells hold, over the given fragments (full-width group rows left out)."""
    first = frags[0][0]
    out = []
    for j, h in enumerate(head.headers):
        cells: list[str] = []
        spans = False
        for frag, body in frags:
            if j >= frag.n_cols:
                continue
            column = [c for c in frag.cells if c.row >= body and c.col == j and c.col_span == 1]
            cells += [c.text for c in column if c.text]
            spans = spans or any(_divides(frag, c, body) for c in column if c.row_span > 1)
        parent, span = head.parents[j]
        out.append(ColumnSample(header=h, parent=parent, parent_span=span,
                                width_pt=first.columns[j + 1] - first.columns[j],
                                cells=tuple(cells), spans_rows=spans))
    return out


def _divides(frag: Fragment, cell: Cell, body: int) -> bool:
    """Another column holds two or more cells beside ``cell``: it is merged over several rows."""
    lo, hi = cell.row, cell.row + cell.row_span
    for k in range(frag.n_cols):
        if k == cell.col:
            continue
        if sum(1 for c in frag.cells if c.col == k and lo <= c.row < hi and c.row >= body) >= 2:
            return True
    return False


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
    group_cols = [j for j, r in enumerate(roles) if r == "group"]
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
        if len(group_cols) == 1:
            (g,) = group_cols
            if values[g]:
                draft.group = values[g]
            values[g] = draft.group
        elif group_cols:
            # a label and a title merged over the same rows ("1." | "Luật …"): a group starts where
            # either prints; both print empty where the merged cells run on over a page break
            if any(values[j] for j in group_cols):
                draft.group_cells = {j: values[j] for j in group_cols}
                draft.group = _group_pair_text([values[j] for j in group_cols])
            for j in group_cols:
                values[j] = draft.group_cells.get(j)
        row = {"cells": values, "pieces": pieces, "pages": [frag.page_index],
               "numbers": [frag.page_number], "group": draft.group}
        if continues and first_on_fragment and draft.rows and _is_continuation(a, row, draft, frag, number_col):
            _join_rows(draft.rows[-1], row, draft)
        else:
            draft.rows.append(row)
        first_on_fragment = False


def _group_pair_text(parts: Sequence[str | None]) -> str | None:
    """ "1." + "Luật Các tổ chức tín dụng" → "1. Luật Các tổ chức tín dụng" (the label as a group numeral)."""
    label, *titles = [" ".join(p.split()) if p else None for p in parts]
    title = " ".join(t for t in titles if t) or None
    if label and not is_item_label(label):
        label = None  # OCR specks where the numeral was ("+." for "2."): no numeral rather than a wrong one
    if label and title:
        return f"{label.rstrip('.)')}. {title}"
    return title or label


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


def unused_grids(fragments: Sequence[Fragment], tables: Sequence[Table], documents: Sequence[Document],
                 pages: Sequence[Page]) -> tuple[PageNote, ...]:
    """Pages holding a ruled grid that gave no row to any table, each with the reason."""
    used = {i for t in tables for r in t.rows for i in r.page_indexes} | {i for t in tables for i in t.page_indexes}
    notes = {}
    for frag in fragments:
        i = frag.page_index
        if i in used or i in notes:
            continue
        if pages[i].is_cover:
            reason = "cover or table of contents"
        elif _owner(frag, documents)[0] is None:
            reason = "grid before the first document"
        elif _header(frag) is None:
            reason = "grid without a header row that continues no table: not read as a task table"
        else:
            reason = "grid whose header names no task columns and whose body does not read as tasks"
        notes[i] = PageNote(page_index=i, page_number=pages[i].page_number, reason=reason)
    return tuple(notes[i] for i in sorted(notes))


def _confidence(pieces: Sequence[Sequence[Cell]]) -> float | None:
    """Mean OCR confidence of the words in a row's cells, weighted by their characters."""
    total = weight = 0.0
    for cells in pieces:
        for cell in cells:
            for line in cell.lines:
                for w in line.words:
                    if w.confidence is not None:
                        total += w.confidence * len(w.text)
                        weight += len(w.text)
    return round(total / weight, 3) if weight else None


def _freeze(d: _Draft, ocr_pages: frozenset[int]) -> Table:
    rows = []
    for r in d.rows:
        pages = tuple(dict.fromkeys(r["pages"]))
        numbers = tuple(dict.fromkeys(n for n in r["numbers"] if n is not None))
        ocr = any(p in ocr_pages for p in pages)
        rows.append(Row(cells=tuple(r["cells"]), page_indexes=pages, page_numbers=numbers, group=r["group"],
                        ocr=ocr, confidence=_confidence(r["pieces"]) if ocr else None))
    return Table(columns=tuple(d.columns), rows=tuple(rows), document_index=d.document_index,
                 appendix_index=d.appendix_index, page_indexes=tuple(dict.fromkeys(d.page_indexes)))
