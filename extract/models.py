"""The typed data model that flows between congbao's stages.

Every value that crosses a stage boundary is a frozen dataclass holding tuples, never dicts.
Pages are named either ``page_index`` (0-based position in the PDF) or ``page_number`` (the number
printed in the gazette's running header); never a bare ``page``.
Coordinates are PDF points with the origin at the top-left of the page (pdfplumber's ``top``).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

FROZEN = dict(frozen=True, slots=True, kw_only=True)


# ---------------------------------------------------------------- reading


@dataclass(**FROZEN)
class Word:
    """A word of the text layer, its text already normalised (see ``extract.normalize``)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float = 0.0
    bold: bool = False
    confidence: float | None = None  # OCR confidence 0..1; None for the text layer

    @property
    def x_mid(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def y_mid(self) -> float:
        return (self.top + self.bottom) / 2


_new_object = object.__new__
_WORD_SETTERS = tuple(Word.__dict__[f].__set__ for f in ("text", "x0", "x1", "top", "bottom", "size", "bold", "confidence"))


def text_layer_word(text: str, x0: float, x1: float, top: float, bottom: float, size: float, bold: bool) -> Word:
    """``Word(text=…, …)`` for the reader's hot loop: the same frozen value, built through its slots.

    A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__`` (3.8 µs per
    word; a page has ~500 words); the slot descriptors take 1 µs.
    """
    w = _new_object(Word)
    st, sx0, sx1, stop, sbottom, ssize, sbold, sconf = _WORD_SETTERS
    st(w, text)
    sx0(w, x0)
    sx1(w, x1)
    stop(w, top)
    sbottom(w, bottom)
    ssize(w, size)
    sbold(w, bold)
    sconf(w, None)
    return w


@dataclass(**FROZEN)
class Ruling:
    """A horizontal or vertical rule: a stroked line, a thin filled rectangle or a rectangle's edge.

    For ``horizontal`` rules ``position`` is the y (top-based) and ``start``/``end`` span x;
    for vertical rules ``position`` is the x and ``start``/``end`` span y.
    """

    horizontal: bool
    position: float
    start: float
    end: float


@dataclass(**FROZEN)
class Line:
    """Words sharing a baseline, left to right (``words`` is never empty)."""

    words: tuple[Word, ...]
    # Derived from ``words`` once, when the line is made: the stages ask for them thousands of times a page.
    x1: float = field(init=False, compare=False, repr=False)
    top: float = field(init=False, compare=False, repr=False)
    bottom: float = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        words = self.words
        object.__setattr__(self, "x1", max([w.x1 for w in words]))
        object.__setattr__(self, "top", min([w.top for w in words]))
        object.__setattr__(self, "bottom", max([w.bottom for w in words]))

    @property
    def text(self) -> str:
        return " ".join([w.text for w in self.words])

    @property
    def x0(self) -> float:
        return self.words[0].x0


@dataclass(**FROZEN)
class GazetteInfo:
    """What a running header (or a cover page) says about the gazette issue."""

    name: str | None = None          # "Công báo Cà Mau"
    province: str | None = None      # "Cà Mau"; None for the national gazette
    issue: int | None = None         # 43
    date: dt.date | None = None      # 2023-05-30


@dataclass(**FROZEN)
class Page:
    """One PDF page after reading: content words (running header removed), rulings, header facts."""

    page_index: int
    page_number: int | None          # printed in the running header; None when absent
    width: float
    height: float
    words: tuple[Word, ...]
    rulings: tuple[Ruling, ...]
    lines: tuple[Line, ...]          # content lines (words grouped by baseline), top to bottom
    gazette: GazetteInfo | None = None
    is_cover: bool = False           # a cover / table of contents ("MỤC LỤC") page: not content
    ocr: bool = False                # words came from OCR, not from the text layer
    mode: str = "text"               # text | ocr | none: what was trusted (``extract.page_mode``)
    mode_reason: str = ""            # the evidence for ``mode``
    mode_warning: str | None = None  # what a reader of the records should know (OCR needed, not available)


@dataclass(**FROZEN)
class Issue:
    """A whole gazette PDF after reading."""

    file: str                        # file name, no folder
    sha256: str
    pages: tuple[Page, ...]
    gazette: GazetteInfo
    path: str = ""                   # path relative to the input folder ("2024/cb-12.pdf"); "" = ``file``


# ---------------------------------------------------------------- documents


@dataclass(**FROZEN)
class Signer:
    name: str | None = None
    title: str | None = None


@dataclass(**FROZEN)
class Appendix:
    """A "Phụ lục" attached to a document; its title and where it starts."""

    label: str                       # "Phụ lục" / "Phụ lục II"
    title: str | None
    page_index: int
    top: float
    cites_number: str | None = None  # the số ký hiệu in "(Kèm theo Kế hoạch số …)"


@dataclass(**FROZEN)
class Document:
    """A legal document found in an issue, with its span of pages.

    The span runs from (``first_page_index``, ``first_top``) to (``last_page_index``, ``last_bottom``);
    content of other documents never falls inside it.
    """

    kind: str | None                 # "Kế hoạch"
    number: str | None               # "123/KH-UBND" as printed (spaces removed)
    date: dt.date | None
    issuer: str | None
    signer: Signer
    title: str | None
    first_page_index: int
    first_top: float
    last_page_index: int
    last_bottom: float
    page_numbers: tuple[int, ...]    # printed page numbers of the pages it occupies
    appendices: tuple[Appendix, ...] = ()
    issuer_parent: str | None = None  # the line above the issuer in the header ("Ủy ban nhân dân tỉnh Bình Thuận")
    warnings: tuple[str, ...] = ()   # what is doubtful about the record ("not an administrative document" …)


# ---------------------------------------------------------------- tables


@dataclass(**FROZEN)
class Cell:
    """A cell of a page fragment: a rectangle of the ruled grid and the text inside it.

    ``text`` holds paragraphs joined by "\\n"; None when the cell is empty.
    ``lines`` keeps the cell's text lines for joining across a page break.
    """

    row: int                         # first grid band
    col: int                         # first grid column
    row_span: int
    col_span: int
    x0: float
    x1: float
    top: float
    bottom: float
    text: str | None
    lines: tuple[Line, ...] = ()
    has_top_rule: bool = True


@dataclass(**FROZEN)
class Fragment:
    """The part of one ruled table drawn on one page."""

    page_index: int
    page_number: int | None
    columns: tuple[float, ...]       # x of the vertical boundaries, left to right
    bands: tuple[float, ...]         # y of the horizontal boundaries, top to bottom
    cells: tuple[Cell, ...]
    is_open_top: bool = False        # vertical rules continue above the first horizontal rule
    is_open_bottom: bool = False     # vertical rules continue below the last horizontal rule

    @property
    def n_cols(self) -> int:
        return len(self.columns) - 1

    @property
    def top(self) -> float:
        return self.bands[0]

    @property
    def bottom(self) -> float:
        return self.bands[-1]


@dataclass(**FROZEN)
class Column:
    """A logical column: its header text and the role it plays."""

    header: str                      # whitespace-collapsed header text, the key in ``cells``
    role: str | None                 # number | group | text | evidence | deadline | lead | support | note | None
    evidence: str | None = None      # what decided the role: "header" | "content" | "fallback"; None without a role


@dataclass(**FROZEN)
class Row:
    """A logical table row, reassembled across page breaks."""

    cells: tuple[str | None, ...]    # one per column, paragraphs joined by "\n"
    page_indexes: tuple[int, ...]
    page_numbers: tuple[int, ...]
    group: str | None = None         # the text of the group cell or group header row it falls under
    group_number: str | None = None  # its label path as printed: "III", "B", "A.I" (two levels)
    group_title: str | None = None   # the innermost group's title
    group_parent_number: str | None = None  # the upper level of a two-level group ("A"), and its title
    group_parent_title: str | None = None
    ocr: bool = False                # read (partly) by OCR: numbers may need repair from their sequence
    confidence: float | None = None  # mean OCR confidence (0..1) over the row's words; None for the text layer
    is_total: bool = False           # a totals row ("Tổng cộng", "Cộng"): never a task
    warnings: tuple[str, ...] = ()   # what OCR was unsure of in it ("Thời hạn: 'II/2024' read with 62 % confidence")


@dataclass(**FROZEN)
class Table:
    """A logical table: one header, rows stitched across pages, attached to a document."""

    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    document_index: int              # index into the issue's documents
    appendix_index: int              # 1-based appendix number within the document; 0 = body table
    page_indexes: tuple[int, ...]
    kind: str = "tasks"              # tasks: its rows are tasks; other: a table of another kind (no tasks)


# ---------------------------------------------------------------- tasks


@dataclass(**FROZEN)
class Agency:
    raw: str
    name: str
    collective: bool = False


@dataclass(**FROZEN)
class Deadline:
    raw: str
    kind: str = "unspecified"
    start: dt.date | None = None
    end: dt.date | None = None
    amount: int | None = None
    unit: str | None = None
    anchor: str | None = None


@dataclass(**FROZEN)
class LegalRef:
    raw: str
    kind: str | None
    number: str | None
    key: str
    date: dt.date | None = None
    issuer: str | None = None
    title: str | None = None
    global_key: str | None = None    # key qualified by the issuing province for local documents (SPEC)
    is_self: bool = False
    warnings: tuple[str, ...] = ()
    start: int = 0
    end: int = 0
    page_number: int | None = None


@dataclass(**FROZEN)
class RowFacts:
    """What the language stage reads in one row."""

    deadline: Deadline | None = None
    lead: tuple[Agency, ...] = ()
    support: tuple[Agency, ...] = ()
    legal_refs: tuple[LegalRef, ...] = ()
    mentioned_agencies: tuple[Agency, ...] = ()  # agencies named in the task text


@dataclass(**FROZEN)
class Task:
    """A task (docs/output-contract.md, tasks.jsonl): a logical appendix-table row (``origin``
    "appendix", with its ``row``) or an assignment written in the body (``origin`` "body": no columns,
    no row; its pages and reading are its own)."""

    task_id: str
    origin: str                      # "appendix" | "body"
    document_index: int
    columns: tuple[Column, ...]      # () for a body task
    row: Row | None                  # the table row; None for a body task
    group_number: str | None         # the label path of its group: "III", "A.I", "B"
    group_title: str | None
    number: str | None
    text: str | None
    evidence: tuple[str, ...] = ()
    deadline: Deadline | None = None
    lead: tuple[Agency, ...] = ()
    support: tuple[Agency, ...] = ()
    legal_refs: tuple[LegalRef, ...] = ()
    mentioned_agencies: tuple[Agency, ...] = ()
    group_parent_number: str | None = None   # the upper level of a two-level group ("A" of "A.I")
    group_parent_title: str | None = None
    page_indexes: tuple[int, ...] = ()       # a body task's pages (an appendix task's are its row's)
    page_numbers: tuple[int, ...] = ()
    ocr: bool = False                        # a body task read from pages read by OCR
    confidence: float | None = None
    warnings: tuple[str, ...] = ()           # what is doubtful ("item number read by OCR is unsure")


@dataclass(**FROZEN)
class Assignment:
    """One assignment found in an item of a body (``extract.nlp.assignments``): ``text[start:end]`` of
    the item's text, opening at ``opener``."""

    start: int
    end: int
    opener: int
    lead: tuple[str, ...]            # the bodies given the work, as printed
    support: tuple[str, ...] = ()    # the bodies they work with, as printed
    how: str = ""                    # which shape found it: "subject", "object:giao", "headed:colon" …


@dataclass(**FROZEN)
class TextTask:
    """A task found in plain text (``congbao tasks``): ``text[start:end]`` of the caller's input is its
    printed text."""

    start: int
    end: int
    task: Task


@dataclass(**FROZEN)
class PageNote:
    """Why a page that holds a ruled grid gave no table rows (a grid never yields nothing silently)."""

    page_index: int
    page_number: int | None
    reason: str


@dataclass(**FROZEN)
class IssueResult:
    """Everything extracted from one gazette PDF."""

    issue: Issue
    documents: tuple[Document, ...]
    tables: tuple[Table, ...]
    tasks: tuple[Task, ...]
    references: tuple[tuple[int, LegalRef], ...] = field(default=())  # (document index, reference)
    notes: tuple[PageNote, ...] = ()     # pages with a ruled grid and no rows, with the reason


# ---------------------------------------------------------------- the body's outline


@dataclass(**FROZEN)
class OutlineNode:
    """A paragraph of a document's body with its place in the outline (``extract.segment.outline``)."""

    kind: str                        # part | chapter | division | article | roman | capital | number | letter
                                     # | dash | plus | paragraph (no label)
    label: str | None                # as printed, without its stop: "IV", "2.1", "b", "Điều 2"; None for a paragraph
    path: tuple[str, ...]            # labels from the top: ("IV", "4"), ("Điều 3", "1", "b"); bullets add none
    text: str                        # the paragraph without its label, wrapped lines joined
    parent: int | None               # index of the node that holds it; None at the top
    page_index: int
    page_number: int | None
    top: float
    bold: bool = False               # its first words are bold (a heading)
