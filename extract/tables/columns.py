"""Column roles of a task table: from the header's wording first, then from what the cells hold.

Roles: number, group, text, evidence, deadline, lead, support, note (``ROLES``). The wording is read
from ``data/column_roles.tsv`` on folded text (no diacritics, no tones) with a few character edits
allowed, so that OCR damage ("Cơ quan phôi hợp", "cơ —¬ chủ trì") still names the column.

After ``assign_columns(samples)``:
- every column has a ``Column``; ``evidence`` says what decided its role: "header" (its wording or
  the wording of the cell spanning it), "content" (its cells: agencies, deadlines, item numbers,
  spanning group cells, the widest prose) or "fallback" (no other evidence: the widest remaining
  column is the task text); ``role`` and ``evidence`` are both None for a column with no role;
- each role but "group" is held by at most one column; "group" by at most two (a spanning label
  and title pair, "1." | "Luật Các tổ chức tín dụng");
- a table with any body text has a "text" column;
- a column whose header names it as playing no task role ("Cơ quan trình") keeps no role.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from ..data import read_tsv
from ..labels import LIST_MARK, ROMAN_GROUP, has_inline_number
from ..models import Column
from ..nlp.agencies import starts_agency
from ..nlp.deadlines import parse_deadline

ROLES = ("number", "group", "text", "evidence", "deadline", "lead", "support", "note")
# The TSV's role for a named column with no task role (the body that submits, the legal basis …).
NO_ROLE = "-"
# Roles that make a table a task table when its header names two of them (item numbers count:
# "STT | Nội dung" is the smallest task table; a remark column does not).
TASK_ROLES = frozenset(ROLES) - {"note"}
# A header cell is a short noun phrase; a cell with more words is body text, even when it holds a
# keyword ("Báo cáo kết quả thực hiện …").
MAX_HEADER_WORDS = 14
# Character edits allowed per keyword length (letters, spaces not counted): OCR drops or swaps a tone
# or a letter ("phôi hợp", "Thời gịan"), rarely more than one in a short word.
_EDITS = ((4, 0), (8, 1), (15, 2))
_MAX_EDITS = 3
# A fuzzy match counts this many letters less than an exact one (an exact "nội dung" beats
# "nội dung chung" two edits away).
_EDIT_COST = 4


def fold(text: str) -> str:
    """Lower case, diacritics and tones dropped, đ → d, anything but letters and digits a space.

    >>> fold("Cơ quan phối hợp"), fold("cơ —¬ chủ trì"), fold("Thời hạn trình/ban hành")
    ('co quan phoi hop', 'co chu tri', 'thoi han trinh ban hanh')
    """
    t = text.replace("đ", "d").replace("Đ", "D")
    t = "".join(c for c in unicodedata.normalize("NFD", t) if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", t).split())


@cache
def _keywords() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(role, folded keyword, its words) per TSV row."""
    out = []
    for role, keyword in read_tsv("column_roles.tsv"):
        if role != NO_ROLE and role not in ROLES:
            raise ValueError(f"column_roles.tsv: unknown role {role!r}")
        folded = fold(keyword)
        out.append((role, folded, tuple(folded.split())))
    return tuple(out)


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, or ``limit + 1`` as soon as it must exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _allowed_edits(keyword: str) -> int:
    letters = len(keyword.replace(" ", ""))
    return next((edits for length, edits in _EDITS if letters <= length), _MAX_EDITS)


@dataclass(frozen=True, slots=True)
class HeaderMatch:
    """The keyword a header matched: its role ("-" for a named column without a task role)."""

    role: str
    keyword: str
    start: int                       # index of the header word where the match starts
    edits: int


@cache
def match_header(header: str) -> HeaderMatch | None:
    """The keyword ``header`` names, or None. Leftmost match first (the head of a Vietnamese noun
    phrase comes first), then the longest, an edit costing ``_EDIT_COST`` letters.

    >>> match_header("Cơ quan phôi hợp").role, match_header("cơ —¬ chủ trì").role
    ('support', 'lead')
    >>> match_header("Kết quả hoàn thành").role, match_header("Cơ quan trình").role
    ('evidence', '-')
    """
    text = fold(header)
    words = text.split()
    if not words or len(words) > MAX_HEADER_WORDS:
        return None
    best: tuple[tuple[int, int], HeaderMatch] | None = None
    for role, keyword, kw_words in _keywords():
        if len(keyword) <= 3:
            # "tt", "stt": too short to find inside other words, so the whole header
            found = [(0, 0)] if text.replace(" ", "") == keyword else []
        else:
            found = _find(words, keyword, kw_words)
        for start, edits in found:
            rank = (start, -(len(keyword) - _EDIT_COST * edits))
            if best is None or rank < best[0]:
                best = (rank, HeaderMatch(role=role, keyword=keyword, start=start, edits=edits))
    return best[1] if best is not None else None


def _find(words: Sequence[str], keyword: str, kw_words: Sequence[str]) -> list[tuple[int, int]]:
    """(start word, edits) of every window of ``words`` matching ``keyword`` within its edits."""
    limit = _allowed_edits(keyword)
    n = len(kw_words)
    squeezed = keyword.replace(" ", "")
    found = []
    for size in sorted({n, n - 1, n + 1} - {0}):  # OCR splits a word or glues two ("phốihợp")
        for start in range(len(words) - size + 1):
            window = words[start : start + size]
            joined = "".join(window)
            if abs(len(joined) - len(squeezed)) > limit:
                continue
            edits = _edit_distance(joined, squeezed, limit)
            if size == n and n >= 3 and edits > limit and sorted(window) == sorted(kw_words):
                edits = 1  # OCR read the lines of a wrapped header out of order ("bản văn")
            if edits <= limit:
                found.append((start, edits))
    return found


@cache
def _printed_keywords() -> dict[str, str]:
    return {fold(keyword): keyword for _, keyword in read_tsv("column_roles.tsv")}


def vocabulary_spelling(header: str) -> str | None:
    """``header`` spelled as the vocabulary spells it when the whole header is one keyword misread by a
    few letters or marks ("Cơ uan phối hợp" on a blurred scan → "Cơ quan phối hợp"), its case kept; None
    when it reads as the keyword already, or says more than one (the caller mends OCR'd headers only: a
    printed header is kept as printed).

    >>> vocabulary_spelling("Cơ uan phối hợp"), vocabulary_spelling("CƠ QUAN CHỦ TRỊ")
    ('Cơ quan phối hợp', 'CƠ QUAN CHỦ TRÌ')
    >>> vocabulary_spelling("Cơ quan phối hợp thực hiện") is None, vocabulary_spelling("Cơ quan phối hợp") is None
    (True, True)
    """
    m = match_header(header)
    if m is None or m.start != 0:
        return None
    if _edit_distance("".join(fold(header).split()), m.keyword.replace(" ", ""), m.edits) > m.edits:
        return None  # more words than the keyword's: a header of its own wording
    printed = _printed_keywords()[m.keyword]
    if " ".join(header.lower().split()) == printed.lower():
        return None
    if header.isupper():
        return printed.upper()
    return printed[:1].upper() + printed[1:] if header[:1].isupper() else printed


def column_role(header: str) -> str | None:
    """The task role ``header`` names, or None (also for a column named as having none).

    >>> column_role("Thời gian thực hiện, hoàn thành"), column_role("Nhiệm vụ chung"), column_role("STT")
    ('deadline', 'group', 'number')
    """
    m = match_header(header)
    return m.role if m is not None and m.role != NO_ROLE else None


def is_named(header: str) -> bool:
    """Does ``header`` use a column word of the vocabulary (a role or an explicit none)?"""
    return match_header(header) is not None


# ---------------------------------------------------------------- content


@dataclass(frozen=True, slots=True, kw_only=True)
class ColumnSample:
    """What the stitcher knows of one column when roles are assigned."""

    header: str                      # the leaf header text, whitespace-collapsed (the key in ``cells``)
    parent: str | None = None        # the header cell spanning it and its neighbours (two-level headers)
    parent_span: tuple[int, int] | None = None  # first and last column under ``parent``
    width_pt: float = 0.0
    cells: tuple[str, ...] = ()      # non-empty body cells
    spans_rows: bool = False         # a body cell spans rows that other columns divide (merged vertically)


# An item label alone in a cell: "1", "2.", "1.2", "(3)", "a)", "IV".
_LABEL = re.compile(r"^\(?(?:\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,6}|[a-zđ])[.)]?$")
# A kind of content holds when this share of a column's cells shows it.
CONTENT_SHARE = 0.6
# A deadline is a short phrase ("Trước ngày 15/4/2024", "Quý III/2024", "Thường xuyên").
MAX_DEADLINE_WORDS = 16
# Agency cells are names, not sentences: their median length stays under this.
MAX_AGENCY_WORDS = 30
# Prose: the task text runs to several words per cell on average.
MIN_PROSE_WORDS = 4.0


def _share(cells: Sequence[str], test) -> float:
    return sum(1 for c in cells if test(c)) / len(cells) if cells else 0.0


def _words(text: str) -> int:
    return len(text.split())


def is_item_label(text: str) -> bool:
    """An item label alone: "1", "2.", "1.2", "(3)", "a)", "IV"."""
    return bool(_LABEL.match(" ".join(text.split())))


def is_label_column(cells: Sequence[str]) -> bool:
    """Cells hold item labels only ("1", "2.", "IV", "a)")."""
    return bool(cells) and _share(cells, is_item_label) >= 0.8


def is_deadline_column(cells: Sequence[str]) -> bool:
    """Most cells are short phrases that read as a deadline of some kind."""
    return bool(cells) and _share(
        cells, lambda c: _words(c) <= MAX_DEADLINE_WORDS and parse_deadline(c).kind != "unspecified"
    ) >= CONTENT_SHARE


def is_agency_column(cells: Sequence[str]) -> bool:
    """Most cells open with an agency ("Sở Nội vụ", "UBND các huyện", "- Văn phòng …") and are names,
    not sentences."""
    if not cells:
        return False
    lengths = sorted(_words(c) for c in cells)
    if lengths[len(lengths) // 2] > MAX_AGENCY_WORDS:
        return False
    return _share(cells, lambda c: starts_agency(LIST_MARK.sub("", c, count=1))) >= CONTENT_SHARE


def is_prose_column(cells: Sequence[str]) -> bool:
    return bool(cells) and sum(_words(c) for c in cells) / len(cells) >= MIN_PROSE_WORDS


def content_kind(cells: Sequence[str]) -> str | None:
    """ "label" | "deadline" | "agency" | "prose" | None: what a column's cells hold, tried in this
    order (a deadline is never an agency; an agency list is prose by length alone)."""
    if is_label_column(cells):
        return "label"
    if is_deadline_column(cells):
        return "deadline"
    if is_agency_column(cells):
        return "agency"
    if is_prose_column(cells):
        return "prose"
    return None


def looks_like_task_table(samples: Sequence[ColumnSample]) -> bool:
    """Body evidence of a task table: some column of prose and another of agencies or deadlines."""
    kinds = [content_kind(s.cells) for s in samples]
    return "prose" in kinds and ("agency" in kinds or "deadline" in kinds)


# ---------------------------------------------------------------- assignment


def _header_roles(samples: Sequence[ColumnSample]) -> tuple[list[str | None], list[bool]]:
    """Roles named by the headers, and which columns are named as playing none."""
    roles: list[str | None] = []
    blocked: list[bool] = []
    for s in samples:
        m = match_header(s.header)
        roles.append(m.role if m is not None and m.role != NO_ROLE else None)
        blocked.append(m is not None and m.role == NO_ROLE)
    # Two-level headers whose leaves say nothing: "Thời gian thực hiện" over "Từ | Đến" is a deadline,
    # and the deadline is where the interval ends, the last leaf.
    for j, s in enumerate(samples):
        if roles[j] or blocked[j] or s.parent is None or s.parent_span is None:
            continue
        if column_role(s.parent) == "deadline" and j == s.parent_span[1]:
            leaves = range(s.parent_span[0], s.parent_span[1] + 1)
            if not any(roles[k] == "deadline" for k in leaves):
                roles[j] = "deadline"
    return roles, blocked


def assign_columns(samples: Sequence[ColumnSample]) -> tuple[Column, ...]:
    """A role per column (see the module docstring for what holds afterwards)."""
    n = len(samples)
    named, blocked = _header_roles(samples)
    roles: list[str | None] = [None] * n
    evidence: list[str | None] = [None] * n
    for j, role in enumerate(named):
        if role and role not in roles:  # a role named twice stays with the first column
            roles[j], evidence[j] = role, "header"
    kinds = [content_kind(s.cells) for s in samples]

    def free(j: int) -> bool:
        return roles[j] is None and not blocked[j]

    def claim(j: int, role: str, why: str = "content") -> None:
        roles[j], evidence[j] = role, why

    text_col = roles.index("text") if "text" in roles else None
    _assign_group(samples, roles, evidence, kinds, free, claim, text_col)
    # Item numbers: a narrow column of labels ("1", "2.", "a)").
    if "number" not in roles:
        for j in range(n):
            if free(j) and kinds[j] == "label":
                claim(j, "number")
                break
    # Deadlines: short phrases that parse as one.
    if "deadline" not in roles:
        for j in range(n):
            if free(j) and kinds[j] == "deadline":
                claim(j, "deadline")
                break
    # Agencies: the lead, or the support when a lead column stands to its left; a third agency
    # column (the body that submits, the one that issues) stays a plain cell.
    for j in range(n):
        if not free(j) or kinds[j] != "agency":
            continue
        lead = roles.index("lead") if "lead" in roles else None
        if lead is None:
            claim(j, "lead")
        elif lead < j and "support" not in roles:
            claim(j, "support")
    # The task text: the widest prose column; else, the widest column left (no other evidence).
    if "text" not in roles:
        prose = [j for j in range(n) if free(j) and kinds[j] == "prose"]
        if prose:
            claim(max(prose, key=lambda j: (samples[j].width_pt, _mean_words(samples[j]))), "text")
    if "text" not in roles and any(s.cells for s in samples):
        rest = [j for j in range(n) if free(j) and samples[j].cells and kinds[j] != "label"]
        if not rest:  # a product column is what the task delivers, the only prose there is
            rest = [j for j in range(n) if roles[j] == "evidence" and kinds[j] == "prose"]
        if rest:
            claim(max(rest, key=lambda j: (samples[j].width_pt, _mean_words(samples[j]))), "text", "fallback")
    return tuple(Column(header=s.header, role=r, evidence=e) for s, r, e in zip(samples, roles, evidence))


def _mean_words(s: ColumnSample) -> float:
    return sum(_words(c) for c in s.cells) / len(s.cells) if s.cells else 0.0


def _assign_group(samples, roles, evidence, kinds, free, claim, text_col) -> None:
    """The group cell, from what its cells do when no header names it.

    CASE 1: merged cells opening with a roman numeral ("I. Công tác chỉ đạo điều hành CCHC"): Cà
    Mau 43's "Nhiệm vụ chung" under another wording.
    CASE 2: a spanning pair left of the task text, a label column and a title column merged over the
    same rows, while the text cells carry their own item numbers (QĐ 299/QĐ-TTg: "1." | "Luật Các
    tổ chức tín dụng" over items "1. Nghị định …" … "7. Thông tư …"): the pair is the group, and the
    label is the group's number, not the items'.
    """
    n = len(samples)
    limit = text_col if text_col is not None else n
    for j in range(limit):
        if not samples[j].spans_rows or roles[j] in ("text", "lead", "support", "deadline", "evidence"):
            continue
        label_col = roles[j] == "number" or (free(j) and kinds[j] == "label")
        title = j + 1
        if label_col and title < n and samples[title].spans_rows and roles[title] in (None, "group") \
                and not _blocked_role(samples[title]):
            text = text_col if text_col is not None else _widest_other(samples, title)
            if text is not None and _numbered(samples[text].cells):
                claim(j, "group")
                claim(title, "group", evidence[title] if roles[title] == "group" else "content")
                return
    if "group" in roles:
        return
    for j in range(n):
        if free(j) and samples[j].spans_rows and samples[j].cells and all(ROMAN_GROUP.match(c) for c in samples[j].cells):
            claim(j, "group")
            return


def _blocked_role(s: ColumnSample) -> bool:
    m = match_header(s.header)
    return m is not None and m.role == NO_ROLE


def _widest_other(samples: Sequence[ColumnSample], after: int) -> int | None:
    others = [k for k in range(after + 1, len(samples)) if samples[k].cells]
    return max(others, key=lambda k: samples[k].width_pt) if others else None


def _numbered(cells: Sequence[str]) -> bool:
    """The cells open with their own item numbers ("1. Nghị định …")."""
    return bool(cells) and _share(cells, has_inline_number) >= CONTENT_SHARE
