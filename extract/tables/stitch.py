"""Reassembling logical tables from per-page fragments.

After ``stitch_tables(fragments, documents, pages)``:
- each logical table has one header (the header row repeated on later pages, and a numbering row
  "1 | 2 | 3 …", are dropped); a header is recognised by its wording (cells naming task roles, a
  column word) or by other header evidence (bold type over a regular body, a numbering row under it,
  its repetition on the next page); a ruled box without any is no table;
- every table is stitched, task table or not: ``kind`` is "tasks" when its roles include the task
  text (named by the header, or the body's prose) and a responsible body or a deadline, else "other"
  (a list of documents, a land-use table: its rows are kept, no task comes of them); a totals row
  ("Tổng cộng", "Cộng") is flagged ``is_total``;
- group labels as printed, in two levels where the table nests them (a letter over roman numerals:
  "A.I"); on OCR'd rows a label the sequence contradicts is mended, never a counter put in place of
  a printed label that fits;
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

from ..labels import (
    GROUP_LABEL, VIETNAMESE_CAPITALS, group_scheme, has_inline_number, mend_numeral, next_in_scheme, roman_reading,
    same_title, split_group,
)
from ..lines import SENTENCE_END, ended_short, joins_without_space, starts_paragraph
from ..models import Cell, Column, Document, Fragment, Page, PageNote, Row, Table
from .columns import (
    TASK_ROLES, ColumnSample, assign_columns, column_role, fold, is_item_label, is_named, vocabulary_spelling,
)

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
    group_path: list[tuple[str | None, str | None, str]] = field(default_factory=list)  # (label, title, scheme)
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
        mapping = _column_map(current.frags[0][0].columns, frag.columns) if current is not None else None
        can_continue = (
            current is not None
            and current.document_index == doc_index
            and current.appendix_index == appendix_index
            and frag.page_index == last_page + 1
            and mapping is not None
            and _is_first_on_page(frag, pages[frag.page_index])
        )
        if can_continue and current is not None and mapping != list(range(frag.n_cols)):
            frag = _remapped(frag, mapping, current.frags[0][0].columns)
            head = _header(frag)
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
        nxt = owned[i + 1][0] if i + 1 < len(owned) else None
        if head is None or not _header_evidence(head, frag, nxt, heads[i + 1] if i + 1 < len(heads) else None):
            continue  # a ruled box that is no table (no header, continues nothing)
        current = _Group(frags=[(frag, head.end, False)], header=head, document_index=doc_index,
                         appendix_index=appendix_index, readings=[head])
        groups.append(current)
        last_page = frag.page_index
    ocr_pages = frozenset(p.page_index for p in pages if p.ocr)
    tables = []
    for g in groups:
        g.header = _voted_header(g.header, g.readings)
        samples = _samples(g)
        columns = list(assign_columns(samples))
        draft = _Draft(columns=columns, n_cols=len(columns), document_index=g.document_index,
                       appendix_index=g.appendix_index, last_page_index=g.frags[0][0].page_index)
        for frag, body, continues in g.frags:
            _add_fragment(draft, frag, body, continues)
            draft.last_page_index = frag.page_index
        if draft.rows:
            tables.append(_freeze(draft, ocr_pages, _table_kind(columns, samples)))
    return tuple(tables)


# Columns of two pages of one table lie this close, as a share of the table's width, whatever the scale
# and the shift a scanner gives the page (the rules are found in each page's own frame).
COLUMN_SHARE = 0.02


def _column_map(table: Sequence[float], frag: Sequence[float]) -> list[int] | None:
    """For each column of a fragment, the table column it continues: the one its span overlaps most,
    edges compared as shares of each grid's width. None when the grids' outer edges or a fragment
    column fit no column of the table (another table). A column split in two on a later page maps
    both halves to one (btp-1043-danhmuc, pp. 23-24: a boundary moved)."""
    if len(table) < 2 or len(frag) < 2:
        return None
    tw, fw = table[-1] - table[0], frag[-1] - frag[0]
    if tw <= 0 or fw <= 0 or abs(fw - tw) > 0.1 * tw:
        return None
    t = [(x - table[0]) / tw for x in table]
    f = [(x - frag[0]) / fw for x in frag]
    mapping = []
    for j in range(len(f) - 1):
        lo, hi = f[j], f[j + 1]
        overlaps = [max(0.0, min(hi, t[k + 1]) - max(lo, t[k])) for k in range(len(t) - 1)]
        k = max(range(len(overlaps)), key=overlaps.__getitem__)
        if overlaps[k] < 0.5 * (hi - lo):
            return None
        mapping.append(k)
    if mapping != sorted(mapping) or len(set(mapping)) < min(len(t), len(f)) - 2:
        return None  # columns out of order, or most of the table's columns unmatched
    if all(abs(a - b) <= COLUMN_SHARE for a, b in zip(t, f)) and len(t) == len(f):
        return list(range(len(f) - 1))
    return mapping


def _remapped(frag: Fragment, mapping: Sequence[int], columns: Sequence[float]) -> Fragment:
    """``frag`` in the table's columns: each cell moved to the column it continues."""
    cells = tuple(replace(c, col=mapping[c.col], col_span=mapping[c.col + c.col_span - 1] - mapping[c.col] + 1)
                  for c in frag.cells)
    return replace(frag, columns=tuple(columns), cells=cells)


def _header_evidence(head: _Header, frag: Fragment, nxt: Fragment | None, next_head: _Header | None) -> set[str]:
    """What makes this candidate a table's header: its wording (two cells naming task roles, or a
    column word), bold type over a regular body, a numbering row "(1) (2) (3)" under it, the same band
    repeated at the top of the next page. Empty: a ruled box of prose or a form, no table."""
    evidence = set(head.evidence)
    if head.is_strong:
        evidence.add("roles")
    if (nxt is not None and next_head is not None and nxt.page_index == frag.page_index + 1
            and nxt.n_cols == frag.n_cols and _same_headers(head.headers, next_head.headers)):
        evidence.add("repeated")
    return evidence


def _table_kind(columns: Sequence[Column], samples: Sequence[ColumnSample]) -> str:
    """ "tasks" when the table's roles include the task text and a body responsible or a deadline, else
    "other" (a list of documents, a land-use table, an indicator table: btp-1043-danhmuc, qd2858-hanoi).
    The text must be named by the header or be the prose of the body, never the widest column left
    over; a role read from the cells alone holds because the cells showed it."""
    roles = {c.role: c for c in columns if c.role}
    text = roles.get("text")
    if text is None or text.evidence == "fallback":
        return "other"
    return "tasks" if ("lead" in roles or "deadline" in roles) else "other"


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
    """No content line above the fragment (the running header is already out of ``page.lines``) but a
    page number: appendix pages print theirs on top ("10", OCR'd "1Ì" for 11: luatvn-nq03-cp-2010)."""
    return not any(ln.bottom < frag.top - 1 and not _is_page_number(ln.text) for ln in page.lines)


def _is_page_number(text: str) -> bool:
    """A line that can only be a page number: a few characters, a digit among them ("12", "- 5 -")."""
    squeezed = "".join(text.split()).strip("-–—.")
    return 0 < len(squeezed) <= 4 and any(c.isdigit() for c in squeezed)


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
        if cover and _read_by_ocr(cover[-1]):
            leaf = vocabulary_spelling(leaf) or leaf  # "Cơ uan phối hợp" read on a blurred scan
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


def _read_by_ocr(cell: Cell) -> bool:
    return any(w.confidence is not None for ln in cell.lines for w in ln.words)


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
    text_col = roles.index("text") if "text" in roles else None
    body = [c for c in frag.cells if c.row >= header_end]
    anchors = sorted((c for c in body if c.col <= anchor < c.col + c.col_span), key=lambda c: c.row)
    draft.page_indexes.append(frag.page_index)
    ocr = any(_read_by_ocr(c) for c in body)
    first_on_fragment = True
    for k, a in enumerate(anchors):
        lo, hi = a.row, a.row + a.row_span
        next_number = _number_of(anchors[k + 1], body, number_col) if k + 1 < len(anchors) else None
        if _is_group_row(a, frag, number_col, body, ocr, next_number) and not _TOTAL.match((a.text or "").strip()):
            _enter_group(draft, _group_row_text(a, body, number_col), ocr)
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
            if values[g] and values[g] != draft.group:
                _enter_group(draft, values[g], ocr)
            values[g] = draft.group
        elif group_cols:
            # a label and a title merged over the same rows ("1." | "Luật …"): a group starts where
            # either prints; both print empty where the merged cells run on over a page break
            if any(values[j] for j in group_cols):
                draft.group_cells = {j: values[j] for j in group_cols}
                _enter_group(draft, _group_pair_text([values[j] for j in group_cols]), ocr)
            for j in group_cols:
                values[j] = draft.group_cells.get(j)
        if number_col is not None and not values[number_col] and text_col is not None:
            _split_number(values, number_col, text_col, draft)
        row = {"cells": values, "pieces": pieces, "pages": [frag.page_index],
               "numbers": [frag.page_number], "group": draft.group, "group_path": tuple(draft.group_path)}
        if continues and first_on_fragment and draft.rows and _is_continuation(a, row, draft, frag, number_col):
            _join_rows(draft.rows[-1], row, draft)
        else:
            draft.rows.append(row)
        first_on_fragment = False


def _enter_group(draft: _Draft, text: str | None, ocr: bool = False) -> None:
    """A group starts: its label closes the groups of its own scheme and below, and opens under what is
    left. Drafting nests lettered parts over roman sections ("A. … I. … II. … B. …", luatvn-nq03-cp-2010)
    or numbers sections alone; the schemes a table uses, in the order it opens them, are its levels.
    On OCR'd rows a label the sequence contradicts is mended (``_mended_label``)."""
    draft.group = text
    label, title = split_group(text)
    if label is None and text and ocr and (m := _OCR_LABEL_HEAD.match(text)) is not None:
        label, title = m["n"], m["title"]  # a label OCR misread ("ĐĐ.", "§.") before the title
    elif label is None and text and ocr and (m := _GROUP_HEAD.match(text)) is not None:
        title = m["title"]  # a label OCR could not read at all
    if label is None and not (ocr and draft.group_path and title and title == title.upper()):
        draft.group_path = [(None, title, "none")] if title else []
        return
    if draft.group_path and draft.group_path[-1][0] == label and same_title(draft.group_path[-1][1], title):
        # the open group read again (its merged cell cut by a page break, or read row by row)
        draft.group = f"{label}. {draft.group_path[-1][1]}" if draft.group_path[-1][1] else label
        return
    label, scheme = _mended_label(label, draft.group_path, ocr)
    if label is None:
        draft.group_path = [(None, title, "none")] if title else []
        return
    for k, (_, _, open_scheme) in enumerate(draft.group_path):
        if open_scheme in (scheme, "none"):
            del draft.group_path[k:]
            break
    draft.group_path.append((label, title, scheme))
    draft.group = f"{label}. {title}" if title else label


# A group row's text with a label OCR could not read: specks, or nothing, before the title in capitals;
# or a short token before a stop, the label misread.
_GROUP_HEAD = re.compile(r"^(?:[^\w\s]{1,3}\s*)?(?P<title>[A-ZĐÀ-Ỹ][^a-zđà-ỹ]{6,})$")
_OCR_LABEL_HEAD = re.compile(r"^(?P<n>[^\s.)]{1,3})[.)]\s+(?P<title>[A-ZĐÀ-Ỹ][^a-zđà-ỹ]{6,})$")


def _mended_label(label: str | None, path: Sequence[tuple[str | None, str | None, str]],
                  ocr: bool) -> tuple[str | None, str]:
    """(label, scheme) of a group row. As printed on a text layer. On OCR'd rows, where the sequence
    of the open groups contradicts the reading (group titles are read well, labels in a narrow cell
    badly: luatvn-nq03-cp-2010), the label takes its place in the sequence:
    - a letter read twice ("ĐĐ" for a bold "Đ") is the letter;
    - a letter that neither opens the lettered parts ("A") nor follows an open letter, but whose numeral
      reading is the numeral the roman sequence expects, is that numeral ("L" for a first "I", "H" for
      "II" after "I");
    - a label that repeats the last of its scheme ("D" after "D": the bar of "Đ" lost, "II" after "II")
      or cannot be read at all is the next label of the deepest open group."""
    letters = [lbl for lbl, _, scheme in path if scheme == "letter"]
    romans = [lbl for lbl, _, scheme in path if scheme == "roman"]
    if label is None:
        scheme = path[-1][2] if path and path[-1][0] else "none"
        if not ocr or scheme == "none":
            return None, "none"
        return next_in_scheme(path[-1][0], scheme), scheme
    if ocr and len(label) == 2 and label[0] == label[1] and label[0] in VIETNAMESE_CAPITALS:
        label = label[0]
    if not GROUP_LABEL.match(label + " ") and not label.isdigit():
        return _mended_label(None, path, ocr)  # "§": no label at all
    scheme = group_scheme(label, after=letters[-1] if letters else None)
    if not ocr:
        return label, scheme
    numeral = mend_numeral(label)
    if scheme == "number" and (letters or romans) and (reading := roman_reading(label)) is not None:
        # "1" read for a bold "I" or "II" under a lettered part: a roman section, next in its sequence
        return (next_in_scheme(romans[-1], "roman") if romans else reading), "roman"
    if scheme == "letter" and (not letters or next_in_scheme(letters[-1], "letter") != label) and label != "A":
        # lettered parts open at "A": a letter that neither opens nor follows them, read where the
        # roman sequence expects its numeral ("L" for "I" first, "H" for "II" after "I"), is the numeral
        expected = next_in_scheme(romans[-1], "roman") if romans else "I"
        if numeral != label and numeral == expected:
            return numeral, "roman"
    if scheme == "roman" and numeral != label:
        return numeral, "roman"  # "L" or "LI": past any section count, the strokes of "I" and "II"
    same = [lbl for lbl, _, sch in path if sch == scheme]
    if same and same[-1] == label and (nxt := next_in_scheme(label, scheme)) is not None:
        return nxt, scheme
    return label, scheme


def _group_fields(path: Sequence[tuple[str | None, str | None, str]]) -> dict:
    """A row's group, from the open groups over it: the label path ("A.I"), the innermost title and the
    upper level of a two-level group."""
    if not path:
        return {}
    labels = [label for label, _, _ in path if label]
    parent = path[-2] if len(path) > 1 else (None, None, "")
    return {"group_number": ".".join(labels) or None, "group_title": path[-1][1],
            "group_parent_number": parent[0], "group_parent_title": parent[1]}


# A totals row opens with its word ("Tổng cộng", "Tổng số", "Tổng", "Cộng") in its first cell that holds text.
_TOTAL = re.compile(r"^(?:tổng\s+cộng|tổng\s+số|tổng|cộng)\b\s*[:.]?", re.IGNORECASE)


def _is_total(cells: Sequence[str | None]) -> bool:
    first = next((c for c in cells if c), None)
    return bool(first and _TOTAL.match(first.strip()))


# An item label at the head of a task text, before its first word ("14 Xây dựng quy hoạch …").
_HEAD_LABEL = re.compile(r"^(?P<n>\d{1,3})[.)]?\s+(?=[^\W\d])")


def _split_number(values: list[str | None], number_col: int, text_col: int, draft: _Draft) -> None:
    """An item number that OCR joined to the task text (the rule between the cells faint, the STT
    cell empty: "14 Xa dựng quy hoạch …", luatvn-nq03-cp-2010) goes back to the number column, when it
    is the number the rows before lead to (the next one, or 1 where a group starts)."""
    m = _HEAD_LABEL.match(values[text_col] or "")
    if m is None:
        return
    before = next((r["cells"][number_col] for r in reversed(draft.rows) if r["cells"][number_col]), None)
    starts_group = not draft.rows or draft.rows[-1]["group"] != draft.group
    expected = {"1"} if starts_group else set()
    if before and before.strip().rstrip(".").isdigit():
        expected.add(str(int(before.strip().rstrip(".")) + 1))
    if m["n"].lstrip("0") in {e.lstrip("0") for e in expected}:
        values[number_col] = m["n"]
        values[text_col] = (values[text_col] or "")[m.end():]


def _number_of(anchor: Cell, body: Sequence[Cell], number_col: int | None) -> str | None:
    if number_col is None:
        return None
    cell = next((c for c in body if c.col == number_col and c.row == anchor.row), None)
    return cell.text if cell is not None else None


def _group_pair_text(parts: Sequence[str | None]) -> str | None:
    """ "1." + "Luật Các tổ chức tín dụng" → "1. Luật Các tổ chức tín dụng" (the label as a group numeral)."""
    label, *titles = [" ".join(p.split()) if p else None for p in parts]
    title = " ".join(t for t in titles if t) or None
    if label and not is_item_label(label):
        label = None  # OCR specks where the numeral was ("+." for "2."): no numeral rather than a wrong one
    if label and title:
        return f"{label.rstrip('.)')}. {title}"
    return title or label


def _is_group_row(anchor: Cell, frag: Fragment, number_col: int | None, body: Sequence[Cell], ocr: bool = False,
                  next_number: str | None = None) -> bool:
    """A full-width row ("I. HẠ TẦNG SỐ"): one cell over every column but the number column; or a group
    label in the number column with nothing in the other columns but the text; or, read by OCR, a title
    in capitals alone in its row, its label lost or misread ("ĐĐ", luatvn-nq03-cp-2010): drafting sets
    group titles in capitals, task texts never."""
    others = frag.n_cols - (1 if number_col is not None and anchor.col > number_col else 0)
    if anchor.col_span >= max(2, others) and anchor.text:
        return True
    if number_col is None:
        return False
    number = next((c for c in body if c.col == number_col and c.row == anchor.row), None)
    row_cells = [c for c in body if c.row == anchor.row and c is not number and c is not anchor]
    if any(c.text for c in row_cells):
        return False
    if number is not None and number.text and GROUP_LABEL.match(number.text + " "):
        return True
    label = (number.text or "").strip() if number is not None else ""
    title = " ".join((anchor.text or "").split())
    if not ocr or anchor.col == number_col or len(title) <= 6:
        return False
    if title == title.upper() and any(c.isalpha() for c in title) and not label[:1].isdigit():
        return True
    # A roman numeral read as a digit ("1" for "I" or "II"), its row empty but the title, and the items
    # numbered again from 1 under it (luatvn-nq03-cp-2010, sections I and II of part A).
    return (roman_reading(label) is not None and (next_number or "").strip().rstrip(".") == "1"
            and _filled_share(frag, body, number_col, anchor.col) >= FILLED_ROWS)


# A table whose task rows fill their other columns: this share of its rows has a third cell.
FILLED_ROWS = 0.8


def _filled_share(frag: Fragment, body: Sequence[Cell], number_col: int, text_col: int) -> float:
    """The share of the fragment's rows with a cell filled beside the number and the text."""
    rows = {c.row for c in body}
    filled = {c.row for c in body if c.text and c.col not in (number_col, text_col)}
    return len(filled) / len(rows) if rows else 0.0


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
    if first_cell is not None and first_cell.lines[0].words[:1] and first_cell.lines[0].words[0].confidence is not None:
        # read by OCR (as ``lines_to_text`` reads such lines): a paragraph never goes on in lower
        # case, and ends with its sentence
        if b[:1].islower():
            return " "
        if a.rstrip().endswith(SENTENCE_END):
            return "\n"
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
            reason = "grid without a header row that continues no table"
        else:
            reason = "grid whose top row reads as no header (no column word, no bold header over a regular body, no numbering row, not repeated on the next page)"
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


# A number, a date or a roman numeral OCR read with less confidence than this may be another one ("Quý
# III/2024" read "Quý II/2024" at 0.62 while the row's mean stayed 0.95): no lexicon can mend it, so
# the row says so (the OCR stage reads such words again, enlarged, under the same bar).
UNSURE_NUMBER = 0.85
_NUMERIC = re.compile(r"\d|^[IVXLC]{1,6}[./)]?$")


def _unsure(pieces: Sequence[Sequence[Cell]], columns: Sequence[Column]) -> list[tuple[str, float]]:
    """(warning, confidence) for each number, date or numeral of a row read with little confidence."""
    out = []
    for j, cells in enumerate(pieces):
        for cell in cells:
            for line in cell.lines:
                for w in line.words:
                    if w.confidence is not None and w.confidence < UNSURE_NUMBER and _NUMERIC.search(w.text):
                        header = columns[j].header if j < len(columns) else f"column {j + 1}"
                        out.append((f"{header}: {w.text!r} read by OCR with {w.confidence:.0%} confidence",
                                    w.confidence))
    return out


def _freeze(d: _Draft, ocr_pages: frozenset[int], kind: str = "tasks") -> Table:
    rows = []
    for r in d.rows:
        pages = tuple(dict.fromkeys(r["pages"]))
        numbers = tuple(dict.fromkeys(n for n in r["numbers"] if n is not None))
        ocr = any(p in ocr_pages for p in pages)
        confidence, warnings = (_confidence(r["pieces"]), _unsure(r["pieces"], d.columns)) if ocr else (None, ())
        if warnings:
            confidence = min(confidence or 1.0, *(conf for _, conf in warnings))
        rows.append(Row(cells=tuple(r["cells"]), page_indexes=pages, page_numbers=numbers, group=r["group"],
                        ocr=ocr, confidence=confidence, is_total=_is_total(r["cells"]),
                        warnings=tuple(text for text, _ in warnings), **_group_fields(r["group_path"])))
    return Table(columns=tuple(d.columns), rows=tuple(rows), document_index=d.document_index,
                 appendix_index=d.appendix_index, page_indexes=tuple(dict.fromkeys(d.page_indexes)), kind=kind)
