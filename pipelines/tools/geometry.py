"""Where a stitched table's rows and cells lie on their pages, for drawing them (``congbao report``).

Row geometry is recovered here, not carried by the models: the fragments are found again on the pages
(``extract.tables.find.find_fragments``, deterministic, as ``extract_issue`` finds them) and each
stitched row is matched to its anchor cells by text, page by page, in reading order.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from extract.labels import split_group

# The column a row is anchored on, in order of preference (as ``extract.tables.stitch`` anchors rows).
ANCHOR_ROLES = ("text", "evidence", "lead")


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle on a page, in PDF points from the top-left (the models' coordinates)."""

    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True, slots=True)
class RowPiece:
    """The part of a logical row printed on one page: its anchor cell's band across the fragment."""

    page_index: int
    box: Box


@dataclass
class TableGeometry:
    """What the report draws for one table: per row its pieces, and the cells of its fragments by kind."""

    pieces: list[list[RowPiece]]                                # per row, in page order
    fragments: dict[int, list]                                  # page index -> fragments the table uses
    cell_kinds: dict[int, list[tuple[Box, str, str | None]]] = field(default_factory=dict)  # page -> (box, kind, label)


def _squash(text: str | None) -> str:
    return "".join((text or "").split())


def _anchor_col(columns, frag) -> int:
    for role in ANCHOR_ROLES:
        for j, c in enumerate(columns):
            if c.role == role:
                return j
    return max(range(frag.n_cols), key=lambda j: frag.columns[j + 1] - frag.columns[j])


def _fits(frag, anchor, row, roles: Sequence[str | None]) -> bool:
    """Do the cells in ``anchor``'s bands hold (parts of) ``row``'s cell texts, column by column?

    The group column is left out: its merged cell is repeated into rows it was never printed beside.
    At least one cell must hold text, so that an empty band never stands for a row.
    """
    lo, hi = anchor.row, anchor.row + anchor.row_span
    seen_text = False
    for j, role in enumerate(roles):
        if role == "group" or j >= len(row.cells):
            continue
        value = _squash(row.cells[j])
        for c in frag.cells:
            if c.col != j or not c.text or c.row >= hi or c.row + c.row_span <= lo:
                continue
            if _squash(c.text) not in value:
                return False
            seen_text = True
    return seen_text


def locate_rows(table, fragments_by_page: dict[int, list]) -> TableGeometry:
    """Each row of ``table`` on its pages: the anchor cell whose bands hold the row's texts.

    Rows are matched in reading order with one cursor per page, so a repeated text ("Báo cáo") never
    moves a row backwards; anchors skipped over are the header, numbering and full-width group rows.
    """
    roles = [c.role for c in table.columns]
    n_cols = len(table.columns)
    frags = {p: [f for f in fragments_by_page.get(p, ()) if f.n_cols == n_cols] for p in table.page_indexes}
    anchors: dict[int, list] = {}
    for p, fs in frags.items():
        items = []
        for f in fs:
            col = _anchor_col(table.columns, f)
            items += [(f, c) for c in sorted(f.cells, key=lambda c: c.row) if c.col <= col < c.col + c.col_span]
        anchors[p] = items
    cursor = {p: 0 for p in anchors}
    used: dict[int, set[int]] = {p: set() for p in anchors}
    pieces: list[list[RowPiece]] = []
    for row in table.rows:
        mine = []
        for p in row.page_indexes:
            items = anchors.get(p, [])
            for k in range(cursor.get(p, 0), len(items)):
                f, a = items[k]
                if _fits(f, a, row, roles):
                    mine.append(RowPiece(page_index=p, box=Box(f.columns[0], a.top, f.columns[-1], a.bottom)))
                    cursor[p] = k + 1
                    used[p].add(id(a))
                    break
        pieces.append(mine)
    geometry = TableGeometry(pieces=pieces, fragments=frags)
    groups = {_squash(r.group) for r in table.rows if r.group}
    group_cols = {j for j, r in enumerate(roles) if r == "group"}
    for p, fs in frags.items():
        first_body = min((pc.box.top for rp in pieces for pc in rp if pc.page_index == p), default=None)
        kinds = []
        for f in fs:
            for c in f.cells:
                box = Box(c.x0, c.top, c.x1, c.bottom)
                if first_body is not None and c.bottom <= first_body + 0.5 and id(c) not in used[p]:
                    kind = "header"
                elif c.col in group_cols and c.col_span == 1:
                    kind = "group"
                elif id(c) not in used[p] and c.text and any(_squash(c.text) in g for g in groups) \
                        and c.col_span > 1:
                    kind = "group-row"  # a full-width group row ("I. HẠ TẦNG SỐ"): not a task
                else:
                    kind = "cell"
                label = None
                if kind in ("group", "group-row"):
                    numeral = _group_label(c.text)
                    label = f"group {numeral}" if numeral else "group" if c.text else "group (continued)"
                kinds.append((box, kind, label))
        geometry.cell_kinds[p] = kinds
    return geometry


def _group_label(text: str | None) -> str | None:
    """ "III. Cải cách thủ tục hành chính" → "III" (the numeral that names the group), else None."""
    number, _ = split_group(" ".join((text or "").split()))
    return number
