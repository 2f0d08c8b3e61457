"""The columns of the dataset's views, named and typed once, and the ids that link records.

Every view (CSV, Parquet, SQLite) and ``congbao query`` read the same lists: ``FIELDS[kind]`` gives,
for each record kind, its columns in order, each with a type (how each view stores it), the way to
take its value from a JSON record and a description. ``linked_rows`` gives each record of one PDF with
its own id and the id of its document.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

# ---------------------------------------------------------------- columns, named and typed once

# Column types: how each view stores a value.
#   text, int, real, bool, date    scalars (date: ISO text in the records)
#   ints, texts                    lists of scalars
#   agencies                       list of {"raw", "name", "collective"}; flat views keep the names
#   refs                           list of legal references; flat views keep the keys
#   cells                          {header: text}; flat views keep it as a JSON object
TYPES = ("text", "int", "real", "bool", "date", "ints", "texts", "agencies", "refs", "cells")


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str
    get: Callable[[Mapping[str, Any], "Links"], Any]
    description: str


@dataclass(frozen=True, slots=True)
class Links:
    """Keys that are not in a record itself: its own id and the id of the document it belongs to."""

    own_id: str | None = None
    document_id: str | None = None


def _path(dotted: str) -> Callable[[Mapping[str, Any], Links], Any]:
    keys = dotted.split(".")

    def get(record: Mapping[str, Any], links: Links) -> Any:
        value: Any = record
        for k in keys:
            if not isinstance(value, Mapping):
                return None          # e.g. "deadline.kind" of a task whose deadline is null
            value = value.get(k)
        return value

    return get


def _at(dotted: str, index: int) -> Callable[[Mapping[str, Any], Links], Any]:
    get = _path(dotted)

    def at(record: Mapping[str, Any], links: Links) -> Any:
        values = get(record, links) or []
        return values[index] if values else None

    return at


def _own_id(record: Mapping[str, Any], links: Links) -> Any:
    return links.own_id


def _document_id(record: Mapping[str, Any], links: Links) -> Any:
    return links.document_id


def _columns(*spec: tuple[str, str, str | Callable, str]) -> tuple[Column, ...]:
    out = []
    for name, type_, how, description in spec:
        assert type_ in TYPES, type_
        out.append(Column(name, type_, _path(how) if isinstance(how, str) else how, description))
    return tuple(out)


_GAZETTE = (
    ("gazette_name", "text", "gazette.name", "gazette (Công báo) the record was printed in"),
    ("gazette_province", "text", "gazette.province", "province of the gazette"),
    ("gazette_issue", "int", "gazette.issue", "issue number of the gazette"),
    ("gazette_date", "date", "gazette.date", "date of the gazette issue"),
)

TASK_FIELDS = _columns(
    ("task_id", "text", "task_id", "stable id: file stem / document / appendix / group.item"),
    ("document_id", "text", _document_id, "the document the task's table belongs to (documents.document_id)"),
    ("origin", "text", "origin", "where the task was read: appendix (a table row)"),
    ("file", "text", "source.file", "PDF file name"),
    ("sha256", "text", "source.sha256", "SHA-256 of the PDF"),
    ("pages", "ints", "source.pages", "printed gazette page numbers the row occupies"),
    ("pdf_pages", "ints", "source.pdf_pages", "1-based page numbers in the PDF"),
    ("ocr", "bool", "source.ocr", "read by OCR from scanned pages"),
    ("confidence", "real", "source.confidence", "mean OCR confidence over the row's cells, 0..1 (OCR rows only)"),
    *_GAZETTE,
    ("document_kind", "text", "document.kind", "kind of the document (Kế hoạch, Quyết định …)"),
    ("document_number", "text", "document.number", "số ký hiệu of the document, as printed"),
    ("document_date", "date", "document.date", "date of the document"),
    ("group_number", "text", "group.number", "roman numeral of the spanning group cell"),
    ("group_title", "text", "group.title", "title of the group"),
    ("number", "text", "number", "the row's own item number as printed"),
    ("text", "text", "text", "the task: what to do"),
    ("evidence", "texts", "evidence", "evidence to prepare, one item each"),
    ("deadline_raw", "text", "deadline.raw", "the deadline as printed"),
    ("deadline_kind", "text", "deadline.kind",
     "by_date, period, relative, recurring, on_event, per_reference or unspecified"),
    ("deadline_start", "date", "deadline.start", "first day of the interval the deadline denotes"),
    ("deadline_end", "date", "deadline.end", "last day of the interval the deadline denotes: the due date"),
    ("deadline_amount", "int", "deadline.amount", "relative deadlines: how many (deadline_unit)"),
    ("deadline_unit", "text", "deadline.unit", "relative deadlines: day, working_day or month"),
    ("deadline_anchor", "text", "deadline.anchor", "relative deadlines: the event counted from"),
    ("lead", "agencies", "lead", "agencies that lead (Cơ quan chủ trì), canonical names"),
    ("support", "agencies", "support", "agencies that coordinate (Cơ quan phối hợp), canonical names"),
    ("mentioned_agencies", "agencies", "mentioned_agencies", "other agencies named in the row"),
    ("legal_refs", "refs", "legal_refs", "legal references in the row's cells, by key"),
    ("cells", "cells", "cells", "every cell of the row keyed by its header text"),
)

DOCUMENT_FIELDS = _columns(
    ("document_id", "text", _own_id, "stable id: file stem / số ký hiệu (docN when it has none)"),
    ("file", "text", "source.file", "PDF file name"),
    ("sha256", "text", "source.sha256", "SHA-256 of the PDF"),
    ("first_page", "int", _at("source.pages", 0), "first printed gazette page of the document"),
    ("last_page", "int", _at("source.pages", -1), "last printed gazette page of the document"),
    ("first_pdf_page", "int", _at("source.pdf_pages", 0), "first page in the PDF (1-based)"),
    ("last_pdf_page", "int", _at("source.pdf_pages", -1), "last page in the PDF (1-based)"),
    ("ocr", "bool", "source.ocr", "read by OCR from scanned pages"),
    *_GAZETTE,
    ("kind", "text", "kind", "kind of document (Kế hoạch, Quyết định …)"),
    ("number", "text", "number", "số ký hiệu, as printed"),
    ("date", "date", "date", "date from the document's own place-and-date line"),
    ("issuer", "text", "issuer", "body that issues the document, with its place"),
    ("issuer_parent", "text", "issuer_parent", "the line above the issuer in the header"),
    ("signer_name", "text", "signer.name", "who signed"),
    ("signer_title", "text", "signer.title", "the signer's title"),
    ("title", "text", "title", "title of the document"),
    ("appendices", "int", "appendices", "number of appendices"),
    ("tasks", "int", "tasks", "number of tasks read from its tables"),
    ("warnings", "texts", "warnings", "what is doubtful about the record"),
)

REFERENCE_FIELDS = _columns(
    ("reference_id", "text", _own_id, "stable id: file stem / ref + position in the file"),
    ("document_id", "text", _document_id, "the citing document (documents.document_id)"),
    ("file", "text", "source.file", "PDF file name"),
    ("page", "int", "source.page", "printed gazette page of the occurrence"),
    ("document_number", "text", "document.number", "số ký hiệu of the citing document"),
    ("raw", "text", "raw", "the reference as printed"),
    ("kind", "text", "kind", "kind of the cited document (Nghị định, Thông tư …)"),
    ("number", "text", "number", "số ký hiệu of the cited document, normalised"),
    ("key", "text", "key", "identity to join on: number with its year, or number@YEAR, or NAME@YEAR"),
    ("global_key", "text", "global_key", "key qualified by the issuing province for local bodies"),
    ("date", "date", "date", "date of the cited document"),
    ("issuer", "text", "issuer", "issuer of the cited document"),
    ("title", "text", "title", "name of a law cited by name"),
    ("self", "bool", "self", "the citing document refers to itself"),
    ("warnings", "texts", "warnings", "plausibility problems found"),
)

FIELDS: dict[str, tuple[Column, ...]] = {
    "tasks": TASK_FIELDS, "documents": DOCUMENT_FIELDS, "references": REFERENCE_FIELDS,
}
TASK_COLUMNS = tuple(c.name for c in TASK_FIELDS)
DOCUMENT_COLUMNS = tuple(c.name for c in DOCUMENT_FIELDS)
REFERENCE_COLUMNS = tuple(c.name for c in REFERENCE_FIELDS)


def flat_row(kind: str, record: Mapping[str, Any], links: Links = Links()) -> dict[str, Any]:
    """``record`` as one value per column of ``kind``, typed as in the record (dates ISO text)."""
    return {c.name: c.get(record, links) for c in FIELDS[kind]}


# ---------------------------------------------------------------- ids and links within one PDF

def _slug(number: str | None, index: int) -> str:
    # As in task ids (extract/tasks.py): "123/KH-UBND" → "123-KH-UBND", "docN" when unnumbered.
    return (number or f"doc{index + 1}").replace("/", "-")


def document_ids(file: str, documents: Sequence[Mapping[str, Any]]) -> list[str]:
    """One stable id per document of one PDF, in order: ``stem/slug``, ``#2``, ``#3`` … on repeats."""
    stem = PurePath(file).stem
    seen: dict[str, int] = {}
    out = []
    for i, d in enumerate(documents):
        base = f"{stem}/{_slug(d['number'], i)}"
        seen[base] = seen.get(base, 0) + 1
        out.append(base if seen[base] == 1 else f"{base}#{seen[base]}")
    return out


def _find_document(documents: Sequence[Mapping[str, Any]], ids: Sequence[str], number: str | None,
                   page: int | None, span: str) -> str | None:
    """The id of the document numbered ``number`` whose ``span`` pages hold ``page``; the first of that
    number when none does (several documents of one number in an issue are rare: errata)."""
    same = [(i, d) for i, d in enumerate(documents) if d["number"] == number]
    for i, d in same:
        pages = d["source"][span]
        if page is not None and pages and pages[0] <= page <= pages[-1]:
            return ids[i]
    return ids[same[0][0]] if same else None


def linked_rows(outcome: Any) -> Iterator[tuple[str, Mapping[str, Any], Links]]:
    """``(kind, record, links)`` for every record of one outcome: documents first, then tasks and
    references, each with the id of its document."""
    documents = outcome.documents
    file = (documents or outcome.tasks or outcome.references or [{"source": {"file": outcome.file}}])[0]
    ids = document_ids(file["source"]["file"], documents)
    for d, own in zip(documents, ids):
        yield "documents", d, Links(own_id=own, document_id=own)
    for t in outcome.tasks:
        pdf_pages = t["source"]["pdf_pages"]
        doc = _find_document(documents, ids, t["document"]["number"], pdf_pages[0] if pdf_pages else None,
                             "pdf_pages")
        yield "tasks", t, Links(own_id=t["task_id"], document_id=doc)
    for n, r in enumerate(outcome.references, 1):
        stem = PurePath(r["source"]["file"]).stem
        doc = _find_document(documents, ids, r["document"]["number"], r["source"]["page"], "pages")
        yield "references", r, Links(own_id=f"{stem}/ref{n}", document_id=doc)
