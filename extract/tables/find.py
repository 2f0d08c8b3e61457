"""Finding ruled table fragments on a page, from its rules alone.

The chain, after pdfplumber's own: ``merge_rulings → group_rulings → grid_of → cells_of``.
Unlike pdfplumber's finder it keeps a row left open at the page bottom (vertical rules running past
the last horizontal one) and a continuation fragment with no rule above it: both get a synthetic
boundary and the fragment records ``is_open_top`` / ``is_open_bottom``, evidence for stitching.
After ``find_fragments(page)``: every fragment has at least two columns and one band; every word of
the page that falls inside a fragment is in exactly one of its cells.
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence

from ..lines import lines_to_text, usual_line_pitch, words_to_lines
from ..models import Cell, Fragment, Page, Ruling, Word

# Rules closer than this are one rule (double borders, 0.5 pt rules drawn as two rectangles).
SNAP_PT = 2.0
# Collinear pieces with gaps up to this are joined (Word draws a rule per cell).
JOIN_PT = 3.0
# A vertical rule must run this far past the last horizontal one to count as an open table edge.
OPEN_EDGE_PT = 6.0
# A rule covers a cell side when it spans this share of it.
COVER_SHARE = 0.6


def merge_rulings(rulings: Iterable[Ruling]) -> list[Ruling]:
    """Snap nearly-equal positions together and join collinear overlapping pieces."""
    out: list[Ruling] = []
    for horizontal in (True, False):
        group = sorted((r for r in rulings if r.horizontal == horizontal), key=lambda r: r.position)
        clusters: list[list[Ruling]] = []
        for r in group:
            if clusters and r.position - clusters[-1][-1].position <= SNAP_PT:
                clusters[-1].append(r)
            else:
                clusters.append([r])
        for cluster in clusters:
            position = sum(r.position for r in cluster) / len(cluster)
            spans = sorted((r.start, r.end) for r in cluster)
            start, end = spans[0]
            for s, e in spans[1:]:
                if s <= end + JOIN_PT:
                    end = max(end, e)
                else:
                    out.append(Ruling(horizontal=horizontal, position=position, start=start, end=end))
                    start, end = s, e
            out.append(Ruling(horizontal=horizontal, position=position, start=start, end=end))
    return out


def _touch(h: Ruling, v: Ruling) -> bool:
    return (h.start - JOIN_PT <= v.position <= h.end + JOIN_PT
            and v.start - JOIN_PT <= h.position <= v.end + JOIN_PT)


def group_rulings(rulings: Sequence[Ruling]) -> list[list[Ruling]]:
    """Connected groups of rules (a horizontal and a vertical rule that touch are connected)."""
    parent = list(range(len(rulings)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    hs = [i for i, r in enumerate(rulings) if r.horizontal]
    vs = [i for i, r in enumerate(rulings) if not r.horizontal]
    for i in hs:
        for j in vs:
            if _touch(rulings[i], rulings[j]):
                parent[find(i)] = find(j)
    groups: dict[int, list[Ruling]] = {}
    for i, r in enumerate(rulings):
        groups.setdefault(find(i), []).append(r)
    return list(groups.values())


def _cluster(values: Iterable[float]) -> list[float]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= SNAP_PT:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(c) / len(c) for c in out]


def _covers(rules: Sequence[Ruling], position: float, lo: float, hi: float) -> bool:
    """Some rule at ``position`` spans most of [lo, hi]."""
    need = COVER_SHARE * (hi - lo)
    covered = 0.0
    for r in rules:
        if abs(r.position - position) <= SNAP_PT:
            covered += max(0.0, min(r.end, hi) - max(r.start, lo))
    return covered >= need


def find_fragments(page: Page) -> tuple[Fragment, ...]:
    """The ruled table fragments of ``page``, top to bottom."""
    rulings = merge_rulings(page.rulings)
    fragments = []
    for group in group_rulings(rulings):
        fragment = _fragment(page, group)
        if fragment is not None:
            fragments.append(fragment)
    return tuple(sorted(fragments, key=lambda f: f.top))


def _fragment(page: Page, rules: Sequence[Ruling]) -> Fragment | None:
    hs = [r for r in rules if r.horizontal]
    vs = [r for r in rules if not r.horizontal]
    columns = _cluster(v.position for v in vs)
    if len(columns) < 3 or not hs:
        return None  # a table of tasks has at least two columns
    bands = _cluster(h.position for h in hs)
    v_top, v_bottom = min(v.start for v in vs), max(v.end for v in vs)
    is_open_top = v_top < bands[0] - OPEN_EDGE_PT
    is_open_bottom = v_bottom > bands[-1] + OPEN_EDGE_PT
    if is_open_top:
        bands.insert(0, v_top)
    if is_open_bottom:
        bands.append(v_bottom)
    if len(bands) < 2:
        return None
    n_rows, n_cols = len(bands) - 1, len(columns) - 1
    # Which slot boundaries are ruled: h_rule[i][j] above band i in column j; v_rule[i][j] left of column j.
    h_rule = [[_covers(hs, bands[i], columns[j], columns[j + 1]) for j in range(n_cols)] for i in range(n_rows + 1)]
    v_rule = [[_covers(vs, columns[j], bands[i], bands[i + 1]) for j in range(n_cols + 1)] for i in range(n_rows)]
    if is_open_top:
        h_rule[0] = [False] * n_cols
    slots = _merge_slots(n_rows, n_cols, h_rule, v_rule)
    words = [w for w in page.words if columns[0] <= w.x_mid <= columns[-1] and bands[0] <= w.y_mid <= bands[-1]]
    cells = _cells(slots, columns, bands, h_rule, words, ocr=page.ocr)
    return Fragment(
        page_index=page.page_index, page_number=page.page_number, columns=tuple(columns),
        bands=tuple(bands), cells=cells, is_open_top=is_open_top, is_open_bottom=is_open_bottom,
    )


def _merge_slots(n_rows: int, n_cols: int, h_rule, v_rule) -> list[list[int]]:
    parent = list(range(n_rows * n_cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(n_rows):
        for j in range(n_cols):
            if j + 1 < n_cols and not v_rule[i][j + 1]:
                parent[find(i * n_cols + j)] = find(i * n_cols + j + 1)
            if i + 1 < n_rows and not h_rule[i + 1][j]:
                parent[find(i * n_cols + j)] = find((i + 1) * n_cols + j)
    return [[find(i * n_cols + j) for j in range(n_cols)] for i in range(n_rows)]


def _slot_of(value: float, edges: Sequence[float]) -> int:
    """The slot k whose upper edge ``edges[k + 1]`` is the first at or past ``value`` (the last slot
    when none is); ``edges`` ascend."""
    return min(bisect_left(edges, value, 1), len(edges) - 1) - 1


def _cells(slots, columns, bands, h_rule, words: Sequence[Word], *, ocr: bool = False) -> tuple[Cell, ...]:
    spans: dict[int, list[int]] = {}
    for i, row in enumerate(slots):
        for j, root in enumerate(row):
            r0, r1, c0, c1 = spans.get(root, [i, i, j, j])
            spans[root] = [min(r0, i), max(r1, i), min(c0, j), max(c1, j)]
    members: dict[int, list[Word]] = {root: [] for root in spans}
    for w in words:
        members[slots[_slot_of(w.y_mid, bands)][_slot_of(w.x_mid, columns)]].append(w)
    cells = []
    cell_lines = {root: words_to_lines(ws) for root, ws in members.items()}
    pitch = usual_line_pitch(cell_lines.values())  # one reference for the whole fragment
    for root, (r0, r1, c0, c1) in spans.items():
        x0, x1, top, bottom = columns[c0], columns[c1 + 1], bands[r0], bands[r1 + 1]
        lines = cell_lines[root]
        text = None
        if lines:
            padding = min(max(1.0, min(ln.x0 for ln in lines) - x0), 8.0)
            text = lines_to_text(lines, right_edge=x1 - padding, line_pitch=pitch, ocr=ocr) or None
        cells.append(Cell(
            row=r0, col=c0, row_span=r1 - r0 + 1, col_span=c1 - c0 + 1, x0=x0, x1=x1, top=top,
            bottom=bottom, text=text, lines=lines, has_top_rule=all(h_rule[r0][c0 : c1 + 1]),
        ))
    return tuple(sorted(cells, key=lambda c: (c.row, c.col)))
