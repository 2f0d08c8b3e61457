"""The language stage: facts of each row, and every legal reference of each document.

Pure functions of the models plus the language pipeline (``build_nlp``), which callers build once
per process and pass in.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from ..lines import joins_without_space
from ..models import Document, Fragment, LegalRef, Page, Row, RowFacts, Table
from ..tasks import RowAnalyser
from .agencies import split_agency_cell
from .deadlines import parse_deadline
from .legal_refs import CitingDocument, find_legal_references
from .pipeline import analyse_text
from .segmenter import first_verb


def citing_document(document: Document, province: str | None) -> CitingDocument:
    return CitingDocument(number=document.number, date=document.date, province=province)


@lru_cache(maxsize=8192)
def cell_references(text: str | None, citing: CitingDocument) -> tuple[LegalRef, ...]:
    """References of one table cell. Rows and documents both need them: found once per cell."""
    return find_legal_references(text or "", citing)


def make_row_analyser(nlp, province: str | None) -> RowAnalyser:
    """A ``RowAnalyser`` bound to ``nlp``: deadline, lead, support, references and mentions of a row."""

    def analyse(row: Row, table: Table, document: Document) -> RowFacts:
        roles = [c.role for c in table.columns]

        def cell(role: str) -> str | None:
            return row.cells[roles.index(role)] if role in roles else None

        citing = citing_document(document, province)
        raw_deadline = cell("deadline")
        deadline = parse_deadline(raw_deadline, document.date) if raw_deadline else None
        refs: dict[str, LegalRef] = {}
        for text in row.cells:
            for ref in cell_references(text, citing):
                refs.setdefault(ref.key, ref)
        mentioned = ()
        task_text = cell("text")
        if task_text and nlp is not None:
            doc = analyse_text(nlp, task_text, citing=citing, document_date=document.date)
            mentioned = tuple(dict.fromkeys(s._.congbao for s in doc.spans["agencies"]))
        return RowFacts(
            deadline=deadline,
            lead=split_agency_cell(cell("lead"), first_verb=first_verb),
            support=split_agency_cell(cell("support"), first_verb=first_verb),
            legal_refs=tuple(refs.values()),
            mentioned_agencies=mentioned,
        )

    return analyse


def document_text(document: Document, pages: Sequence[Page], fragments: Sequence[Fragment]) -> tuple[str, tuple[tuple[int, int | None], ...]]:
    """The running text of ``document`` outside its tables, lines joined as wrapped text, and
    (offset, printed page number) where each page's part starts."""
    parts: list[str] = []
    length = 0
    starts: list[tuple[int, int | None]] = []
    boxes: dict[int, list[tuple[float, float, float, float]]] = {}
    for f in fragments:
        boxes.setdefault(f.page_index, []).append((f.columns[0], f.columns[-1], f.top, f.bottom))
    for page in pages[document.first_page_index : document.last_page_index + 1]:
        if page.is_cover:
            continue
        first_on_page = True
        for line in page.lines:
            if not (document.first_page_index, document.first_top - 1) <= (page.page_index, line.top) <= (
                document.last_page_index, document.last_bottom):
                continue
            # Only tables level with the line can hold its words (a word's middle lies within the line).
            near = [box for box in boxes.get(page.page_index, ()) if box[2] <= line.bottom and box[3] >= line.top]
            words = [w for w in line.words if not any(x0 <= w.x_mid <= x1 and t <= w.y_mid <= b
                                                         for x0, x1, t, b in near)] if near else list(line.words)
            if not words:
                continue
            text = " ".join(w.text for w in words)
            if parts:
                joiner = "" if joins_without_space(parts[-1], text) else " "
                parts.append(joiner)
                length += len(joiner)
            if first_on_page:
                starts.append((length, page.page_number))
                first_on_page = False
            parts.append(text)
            length += len(text)
    return "".join(parts), tuple(starts)


def _page_at(offset: int, starts: Sequence[tuple[int, int | None]]) -> int | None:
    page = starts[0][1] if starts else None
    for start, number in starts:
        if start <= offset:
            page = number
    return page


def find_document_references(
    documents: Sequence[Document], tables: Sequence[Table], pages: Sequence[Page],
    fragments: Sequence[Fragment], province: str | None, nlp,
) -> tuple[tuple[int, LegalRef], ...]:
    """Every reference occurrence, per document: body text and titles, then table cells."""
    out: list[tuple[int, LegalRef]] = []
    # A grid that became no table (no header, nothing to continue) keeps its words in the running text:
    # its cells are read for references nowhere else.
    tabled = {i for table in tables for row in table.rows for i in row.page_indexes}
    fragments = [f for f in fragments if f.page_index in tabled]
    for i, document in enumerate(documents):
        citing = citing_document(document, province)
        text, starts = document_text(document, pages, fragments)
        refs = list(find_legal_references(text, citing))  # the references component's own finder
        out.extend((i, replace(r, page_number=_page_at(r.start, starts))) for r in refs)
        for table in tables:
            if table.document_index != i:
                continue
            for row in table.rows:
                for cell_text in row.cells:
                    for r in cell_references(cell_text, citing):
                        page = row.page_numbers[0] if row.page_numbers else None
                        out.append((i, replace(r, page_number=page)))
    return _with_dated_keys(out)


def _with_dated_keys(refs: Sequence[tuple[int, LegalRef]]) -> tuple[tuple[int, LegalRef], ...]:
    """Undated mentions of a document that the same document cites with its date elsewhere take the
    dated key: "Nghị quyết số 26-NQ/TW" after "Nghị quyết số 26-NQ/TW ngày 03/11/2022" is one document,
    26-NQ/TW@2022 (a number without its year is ambiguous only across years, and the citing document
    names one). A number cited with two different dates keeps its bare key where undated."""
    dated: dict[tuple[int, str], set[tuple[str, str | None]]] = {}
    for i, r in refs:
        if r.number and r.date is not None and r.key != r.number:
            dated.setdefault((i, r.number), set()).add((r.key, r.global_key))
    out = []
    for i, r in refs:
        keys = dated.get((i, r.number)) if r.number and r.date is None and r.key == r.number else None
        if keys is not None and len(keys) == 1:
            key, global_key = next(iter(keys))
            r = replace(r, key=key, global_key=global_key)
        out.append((i, r))
    return tuple(out)
