"""Where a stitched table's rows and cells, and the tasks written in the body, lie on their pages, for
drawing them (``congbao report``).

Geometry is recovered here, not carried by the models: the fragments are found again on the pages
(``extract.tables.find.find_fragments``, deterministic, as ``extract_issue`` finds them) and each
stitched row is matched to its anchor cells by text, page by page, in reading order; a body task's
text is matched to the words of its pages' lines (``locate_body_tasks``).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from extract.labels import split_group
from extract.models import Page, Task, Word

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


# ---------------------------------------------------------------- tasks written in the body


# The task's text is found on its pages by its characters with the spaces left out: the text joins its
# lines with "\n" and may hold a word the page prints over a line end in two ("NĐ-" / "CP"). When the
# whole text is not there as it is (a page number between two pages: Bỉm Sơn 3070; a character read
# differently), its first words anchor it, its last words end it, and the two are aligned in between.
ANCHOR_WORDS = (8, 4)
# How far past its start a task's end is looked for: a little more than the text, never a run of
# paragraphs between two repeats of a phrase.
SPAN_SLACK = 1.5
SPAN_SLACK_CHARS = 200
# How many characters of the text, or of the page, say where the two meet again after a difference,
# and how far apart they may be: the page furniture between two pages (a page number, a footnote).
PROBE_CHARS = 12
MAX_GAP_CHARS = 200
# A task is found when its page characters account for this share of its text; the rest is what OCR
# read differently, or a label of the next item the text took in (Nghị quyết 03/NQ-CP, item 11: "… _12.").
MIN_MATCHED = 0.9
# The label printed before a task's first word on its line belongs to its region ("1.", "2.1.", "a)",
# "-", "Điều 2."): the task's text leaves it out (SPEC: text without its leading label).
_LABEL_BEFORE = re.compile(r"^(?:Điều\s+\d+[a-zđ]?[.:]?|[IVXLC]+[.)]|\d{1,3}(?:\.\d{1,3})*[.)]|[a-zđ][.)]|"
                           r"[-–—+•●▪*])$")


@dataclass(frozen=True, slots=True)
class TextPiece:
    """The part of a task written in the body that stands on one page."""

    page_index: int
    box: Box                    # around its words on the page (its label included)
    lines: tuple[Box, ...]      # per line, from its first to its last word there, top to bottom


@dataclass(frozen=True, slots=True)
class _PageText:
    """A page's words in reading order as one string without spaces, each character's word known."""

    page_index: int
    chars: str
    owner: tuple[int, ...]                      # per character: its word's index in ``words``
    words: tuple[tuple[int, Word], ...]         # (line number on the page, word)


def _page_text(page: Page) -> _PageText:
    chars: list[str] = []
    owner: list[int] = []
    words: list[tuple[int, Word]] = []
    for n, line in enumerate(page.lines):
        for w in line.words:
            squashed = _squash(w.text)
            chars.append(squashed)
            owner += [len(words)] * len(squashed)
            words.append((n, w))
    return _PageText(page_index=page.page_index, chars="".join(chars), owner=tuple(owner), words=tuple(words))


def _find_span(stream: str, words: Sequence[str], start: int) -> tuple[int, int] | None:
    """Where the text of ``words`` (spaces left out) stands in ``stream``, first at or after ``start``
    (after the task before it), else anywhere: the whole text as it is, else from its first words to
    its last (the occurrence that makes the span nearest the text's length, so that a closing phrase
    repeated inside the task, "gửi kế hoạch về …", does not cut it short), else from its first words on."""
    whole = "".join(words)
    if not whole:
        return None
    begins = dict.fromkeys((start, 0))
    for begin in begins:
        s = stream.find(whole, begin)
        if s >= 0:
            return s, s + len(whole)
    limit = round(len(whole) * SPAN_SLACK) + SPAN_SLACK_CHARS
    for n in ANCHOR_WORDS:
        if len(words) <= n:
            continue
        head, tail = "".join(words[:n]), "".join(words[-n:])
        for begin in begins:
            s = stream.find(head, begin)
            if s < 0:
                continue
            best = None
            t = stream.find(tail, s)
            while t >= 0 and t + len(tail) - s <= limit:
                end = t + len(tail)
                if end >= s + len(head) and (best is None or abs(end - s - len(whole)) < abs(best - s - len(whole))):
                    best = end
                t = stream.find(tail, t + 1)
            return s, best if best is not None else min(len(stream), s + limit)
    return None


def _align(stream: str, whole: str, span: tuple[int, int]) -> list[tuple[int, int]]:
    """The ranges of ``stream[span]`` that are characters of ``whole``, in order: what the page holds
    between them and the text does not (a page number printed at the top of the next page) is left
    out, a character read differently is stepped over, and the alignment ends with the text."""
    i, e = span
    j = 0
    ranges = []
    while i < e and j < len(whole):
        k = 0
        while i + k < e and j + k < len(whole) and stream[i + k] == whole[j + k]:
            k += 1
        if k:
            ranges.append((i, i + k))
            i, j = i + k, j + k
            continue
        p = stream.find(whole[j:j + PROBE_CHARS], i, min(e, i + MAX_GAP_CHARS + PROBE_CHARS))
        q = whole.find(stream[i:i + PROBE_CHARS], j, j + MAX_GAP_CHARS + PROBE_CHARS)
        if p > i and (q < 0 or p - i <= q - j):
            i = p          # the page holds more than the text here
        elif q > j:
            j = q          # the text holds more than the page here
        else:
            i, j = i + 1, j + 1
    return ranges


def _piece(pt: _PageText, indexes: Sequence[int], page: Page) -> TextPiece:
    """The region of a task's words ``indexes`` (into ``pt.words``) on one page, with the label printed
    before its first word on that line."""
    first_line = pt.words[indexes[0]][0]
    before = [w for n, w in pt.words[max(indexes[0] - 2, 0):indexes[0]] if n == first_line]
    # The label may follow the end of the task before it on the line ("… báo cáo. 2. Sở Tài chính …").
    for take in range(len(before), 0, -1):
        if _LABEL_BEFORE.match(" ".join(w.text for w in before[-take:])):
            indexes = [*range(indexes[0] - take, indexes[0]), *indexes]
            break
    by_line: dict[int, list[Word]] = {}
    for i in indexes:
        n, w = pt.words[i]
        by_line.setdefault(n, []).append(w)
    lines = []
    for n, ws in sorted(by_line.items()):
        line = page.lines[n]
        lines.append(Box(min(w.x0 for w in ws), line.top, max(w.x1 for w in ws), line.bottom))
    box = Box(min(b.x0 for b in lines), lines[0].top, max(b.x1 for b in lines), lines[-1].bottom)
    return TextPiece(page_index=page.page_index, box=box, lines=tuple(lines))


def locate_body_tasks(tasks: Sequence[Task], pages: Sequence[Page]) -> list[list[TextPiece]]:
    """Each task written in the body on its pages: the words of its text, in reading order.

    ``pages`` are the issue's pages (indexed by ``page_index``). The text is matched against the
    characters of the task's pages joined in order, so a task that runs over a page break gets a piece
    on each page. Tasks are looked for in order, each after the start of the one before it (a text
    printed twice is found where its task stands), else anywhere on its pages.

    Afterwards, per task: no piece when its text is not found (less than ``MIN_MATCHED`` of it); else
    one piece per page that holds some of its words, in page order. A page of ``page_indexes`` may hold
    none: the task's pages are those of its paragraphs, and a clause can begin on the next page.
    """
    texts: dict[int, _PageText] = {}
    found: list[list[TextPiece]] = []
    cursor: tuple[int, int] | None = None       # the previous task's first character: (page index, offset)
    for task in tasks:
        own = [p for p in task.page_indexes if 0 <= p < len(pages)]
        for p in own:
            if p not in texts:
                texts[p] = _page_text(pages[p])
        offsets, at = [], 0
        for p in own:
            offsets.append(at)
            at += len(texts[p].chars)
        start = 0
        if cursor is not None:
            start = sum(len(texts[p].chars) for p in own if p < cursor[0])
            if cursor[0] in own:
                start += cursor[1] + 1
        stream = "".join(texts[p].chars for p in own)
        words = (task.text or "").split()
        span = _find_span(stream, words, start)
        ranges = _align(stream, "".join(words), span) if span is not None else []
        pieces: list[TextPiece] = []
        if ranges and sum(hi - lo for lo, hi in ranges) >= MIN_MATCHED * len("".join(words)):
            for p, offset in zip(own, offsets):
                pt = texts[p]
                mine = {pt.owner[c - offset] for lo, hi in ranges
                        for c in range(max(lo, offset), min(hi, offset + len(pt.chars)))}
                if mine:
                    pieces.append(_piece(pt, sorted(mine), pages[p]))
            first = ranges[0][0]
            k = max(n for n, offset in enumerate(offsets) if offset <= first)
            cursor = (own[k], first - offsets[k])
        found.append(pieces)
    return found
