"""The columns of the dataset's views, named and typed once, and the ids that link records.

One set of names everywhere: a column is its record field's path joined by "_" (``source.file`` →
``source_file``, ``deadline.end`` → ``deadline_end``), derived from the record types of
``extract.records`` (``record_fields``), so that the CSV, Parquet and SQLite views, ``congbao query``
and the Python API's frames (``congbao.dataset``) name every field alike and cannot drift from the
schema. The views add only the ids that link records (``LINKS``): ``document_id`` on every kind,
``reference_id``, and ``table_id`` with ``row`` on the rows of tables.

``FIELDS[kind]`` gives, for each view kind, its columns in order, each with a type (how each view
stores it), the way to take its value from a JSON record and a description. The kinds are the
record kinds (``tasks``, ``documents``, ``references``, ``tables``: one row per table, its rows left
out) and ``table_rows`` (one row per row of a table, from ``TableRowRecord``). ``linked_rows`` gives
each record of one PDF with its ids.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from extract.records import RECORD_TYPES, AgencyRecord, ColumnRecord, LegalRefRecord, TableRowRecord

# ---------------------------------------------------------------- columns, named and typed once

# Column types: how each view stores a value.
#   text, int, real, bool, date    scalars (date: ISO text in the records)
#   ints, texts                    lists of scalars
#   agencies                       list of {"raw", "name", "collective"}; flat views keep the names
#   refs                           list of legal references; flat views keep the keys
#   roles                          list of {"header", "role", "evidence"} (a table's columns); JSON in flat views
#   cells                          {header: text}; flat views keep it as a JSON object
#   json                           any other value, as JSON text
TYPES = ("text", "int", "real", "bool", "date", "ints", "texts", "agencies", "refs", "roles", "cells", "json")

# The view kinds: the record kinds with views, and the rows of tables.
VIEW_KINDS = ("tasks", "documents", "references", "tables", "table_rows")
# Record fields a view leaves out: a table's rows are the rows of ``table_rows``.
LEFT_OUT = {"tables": ("rows",)}


@dataclass(frozen=True, slots=True)
class RecordField:
    """A leaf of a record type: its column name, its path in the JSON record, its type."""

    name: str
    path: tuple[str, ...]
    type: Any                  # the Python type, None stripped
    optional: bool             # may be null


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str
    get: Callable[[Mapping[str, Any], "Links"], Any]
    description: str
    field: RecordField | None = None   # None for a link


@dataclass(frozen=True, slots=True)
class Links:
    """Keys that are not in a record itself: its own id, its document's, its table's and its row's."""

    own_id: str | None = None
    document_id: str | None = None
    table_id: str | None = None
    row: int | None = None


def _strip_none(tp: Any) -> tuple[Any, bool]:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0], len(args) < len(typing.get_args(tp))
    return tp, False


def record_fields(record_type: type, prefix: tuple[str, ...] = ()) -> tuple[RecordField, ...]:
    """The leaves of ``record_type`` in record order: a nested object's fields become columns
    named ``<field>_<subfield>``; lists and ``cells`` stay one column each.

    >>> [f.name for f in record_fields(RECORD_TYPES["references"])][:4]
    ['source_file', 'source_path', 'source_page', 'document_number']
    """
    hints = typing.get_type_hints(record_type)
    out: list[RecordField] = []
    for f in dataclasses.fields(record_type):
        tp, optional = _strip_none(hints[f.name])
        path = (*prefix, f.name)
        if dataclasses.is_dataclass(tp):
            out.extend(record_fields(tp, path))   # all null when the object is
        else:
            out.append(RecordField(name="_".join(path), path=path, type=tp, optional=optional))
    return tuple(out)


def view_type(tp: Any) -> str:
    """How the views store a record field of Python type ``tp``."""
    scalars = {str: "text", int: "int", float: "real", bool: "bool", dt.date: "date"}
    if tp in scalars:
        return scalars[tp]
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is dict:
        return "cells"
    if origin is tuple and args:
        item = args[0]
        lists = {int: "ints", str: "texts", AgencyRecord: "agencies", LegalRefRecord: "refs", ColumnRecord: "roles"}
        if item in lists:
            return lists[item]
    return "json"


def _path(keys: tuple[str, ...]) -> Callable[[Mapping[str, Any], Links], Any]:
    def get(record: Mapping[str, Any], links: Links) -> Any:
        value: Any = record
        for k in keys:
            if not isinstance(value, Mapping):
                return None          # e.g. "deadline.kind" of a task whose deadline is null
            value = value.get(k)
        return value

    return get


# The ids the views add, and where each kind's own id comes from.
LINKS: dict[str, Callable[[Mapping[str, Any], Links], Any]] = {
    "document_id": lambda r, links: links.document_id,
    "reference_id": lambda r, links: links.own_id,
    "table_id": lambda r, links: links.table_id,
    "row": lambda r, links: links.row,
}
LINK_TYPES = {"document_id": "text", "reference_id": "text", "table_id": "text", "row": "int"}
# Per view kind: the columns before its record's fields (ids first), and the record type it flattens.
_LAYOUT: dict[str, tuple[tuple[str, ...], type]] = {
    "tasks": (("task_id", "document_id"), RECORD_TYPES["tasks"]),
    "documents": (("document_id",), RECORD_TYPES["documents"]),
    "references": (("reference_id", "document_id"), RECORD_TYPES["references"]),
    "tables": (("table_id", "document_id"), RECORD_TYPES["tables"]),
    "table_rows": (("table_id", "row", "document_id"), TableRowRecord),
}

DESCRIPTIONS = {
    "task_id": "stable id: the file's path without .pdf / document / appendix / group.item (body tasks: the item's path)",
    "document_id": "the document the record belongs to (documents.document_id): the file's path without .pdf / "
                   "số ký hiệu (docN when it has none)",
    "reference_id": "stable id: the file's path without .pdf / ref + position in the file",
    "table_id": "stable id: the file's path without .pdf / document / appendix / T + position",
    "row": "position of the row in its table, from 1",
    "origin": "where the task was read: appendix (a table row) or body (an assignment written in the text)",
    "source_file": "PDF file name",
    "source_path": "the PDF's path relative to the input folder (the start of every id)",
    "source_sha256": "SHA-256 of the PDF",
    "source_pages": "printed gazette page numbers (documents: first and last)",
    "source_pdf_pages": "1-based page numbers in the PDF (documents: first and last)",
    "source_page": "printed gazette page of the occurrence",
    "source_ocr": "read by OCR from scanned pages",
    "source_confidence": "mean OCR confidence over the row's cells, 0..1 (OCR rows only)",
    "gazette_name": "gazette (Công báo) the record was printed in",
    "gazette_province": "province of the gazette",
    "gazette_issue": "issue number of the gazette",
    "gazette_date": "date of the gazette issue",
    "document_kind": "kind of the document (Kế hoạch, Quyết định …)",
    "document_number": "số ký hiệu of the document, as printed",
    "document_date": "date of the document",
    "group_number": "number of the group (roman numeral of the spanning group cell; body tasks: the section)",
    "group_title": "title of the group",
    "group_parent_number": "the upper level of a two-level group (A of A.I)",
    "group_parent_title": "title of the upper level",
    "number": "the item number as printed (body tasks: the label path, IV.4, Điều 2)",
    "cells": "every cell of the row keyed by its header text (null for a task written in the body)",
    "text": "the task: what to do",
    "evidence": "evidence to prepare, one item each",
    "deadline_raw": "the deadline as printed",
    "deadline_kind": "by_date, period, relative, recurring, on_event, per_reference or unspecified",
    "deadline_start": "first day of the interval the deadline denotes",
    "deadline_end": "last day of the interval the deadline denotes: the due date",
    "deadline_amount": "relative deadlines: how many (deadline_unit)",
    "deadline_unit": "relative deadlines: day, working_day or month",
    "deadline_anchor": "relative deadlines: the event counted from",
    "lead": "agencies that lead (Cơ quan chủ trì), canonical names",
    "support": "agencies that coordinate (Cơ quan phối hợp), canonical names",
    "legal_refs": "legal references in the row's cells, by key",
    "mentioned_agencies": "other agencies named in the task's text",
    "kind": "kind: of the document (Kế hoạch …), of the cited document (Nghị định …), of a table (tasks, other)",
    "date": "date (of the document; of the cited document)",
    "issuer": "body that issues the document, with its place",
    "issuer_parent": "the line above the issuer in the header",
    "signer_name": "who signed",
    "signer_title": "the signer's title",
    "title": "title of the document (references: name of a law cited by name)",
    "appendices": "number of appendices",
    "tasks": "number of tasks read from the document",
    "warnings": "what is doubtful about the record",
    "raw": "the reference as printed",
    "key": "identity to join on: number with its year, or number@YEAR, or NAME@YEAR",
    "global_key": "key qualified by the issuing province for local bodies",
    "self": "the citing document refers to itself",
    "header": "the table's column names as printed (two-level headers joined by ' / ')",
    "roles": "the role given to each column and its evidence: header, content or fallback",
    "pages": "printed gazette page numbers of the row",
    "pdf_pages": "1-based PDF page numbers of the row",
    "total": "a totals row (Tổng cộng, Cộng)",
}


def _columns(kind: str) -> tuple[Column, ...]:
    ids, record_type = _LAYOUT[kind]
    fields = [f for f in record_fields(record_type) if f.path[0] not in LEFT_OUT.get(kind, ())]
    by_name = {f.name: f for f in fields}
    out = []
    for name in ids:
        if name in by_name:  # the record carries it (task_id, table_id)
            f = by_name[name]
            out.append(Column(name, view_type(f.type), _path(f.path), DESCRIPTIONS.get(name, ""), f))
        else:
            out.append(Column(name, LINK_TYPES[name], LINKS[name], DESCRIPTIONS.get(name, "")))
    for f in fields:
        if f.name not in ids:
            out.append(Column(f.name, view_type(f.type), _path(f.path), DESCRIPTIONS.get(f.name, ""), f))
    return tuple(out)


FIELDS: dict[str, tuple[Column, ...]] = {kind: _columns(kind) for kind in VIEW_KINDS}
TASK_COLUMNS = tuple(c.name for c in FIELDS["tasks"])
DOCUMENT_COLUMNS = tuple(c.name for c in FIELDS["documents"])
REFERENCE_COLUMNS = tuple(c.name for c in FIELDS["references"])


def flat_row(kind: str, record: Mapping[str, Any], links: Links = Links()) -> dict[str, Any]:
    """``record`` as one value per column of ``kind``, typed as in the record (dates ISO text)."""
    return {c.name: c.get(record, links) for c in FIELDS[kind]}


# ---------------------------------------------------------------- ids and links within one PDF


def id_stem(path: str) -> str:
    """The start of every id of the file named ``path`` in the dataset: its name without ``.pdf`` (any
    case), as ``extract.tasks`` and ``extract.records`` start task and table ids.

    >>> id_stem("2024/cb-12.pdf"), id_stem("a.PDF"), id_stem("stdin")
    ('2024/cb-12', 'a', 'stdin')
    """
    return path[:-4] if path.lower().endswith(".pdf") else path


def _slug(number: str | None, index: int) -> str:
    # As in task ids (extract/tasks.py): "123/KH-UBND" → "123-KH-UBND", "docN" when unnumbered.
    return (number or f"doc{index + 1}").replace("/", "-")


def document_ids(path: str, documents: Sequence[Mapping[str, Any]]) -> list[str]:
    """One stable id per document of one PDF, in order: ``<path without .pdf>/<slug>``, ``#2``, ``#3``
    … on repeats. ``path`` is the file's name in the records (``source.path``), so two files of one
    name in two folders give two ids."""
    stem = id_stem(path)
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


def _outcome_path(outcome: Any) -> str:
    """The file's name in the records: ``source.path`` of its first record (else the outcome's own)."""
    for kind in ("documents", "tasks", "references", "tables"):
        for r in getattr(outcome, kind, None) or ():
            return r["source"].get("path") or r["source"]["file"]
    return getattr(outcome, "path", None) or outcome.file


def linked_rows(outcome: Any) -> Iterator[tuple[str, Mapping[str, Any], Links]]:
    """``(kind, record, links)`` for every record of one outcome: documents first, then tasks,
    references, tables and the rows of each table, each with the id of its document."""
    documents = outcome.documents
    path = _outcome_path(outcome)
    stem = id_stem(path)
    ids = document_ids(path, documents)
    for d, own in zip(documents, ids):
        yield "documents", d, Links(own_id=own, document_id=own)
    for t in outcome.tasks:
        pdf_pages = t["source"]["pdf_pages"]
        doc = _find_document(documents, ids, t["document"]["number"], pdf_pages[0] if pdf_pages else None,
                             "pdf_pages")
        yield "tasks", t, Links(own_id=t["task_id"], document_id=doc)
    for n, r in enumerate(outcome.references, 1):
        doc = _find_document(documents, ids, r["document"]["number"], r["source"]["page"], "pages")
        yield "references", r, Links(own_id=f"{stem}/ref{n}", document_id=doc)
    for t in getattr(outcome, "tables", None) or ():
        pdf_pages = t["source"]["pdf_pages"]
        doc = _find_document(documents, ids, t["document"]["number"], pdf_pages[0] if pdf_pages else None,
                             "pdf_pages")
        yield "tables", t, Links(own_id=t["table_id"], document_id=doc, table_id=t["table_id"])
        for k, row in enumerate(t["rows"], 1):
            yield "table_rows", row, Links(own_id=f"{t['table_id']}#{k}", document_id=doc, table_id=t["table_id"],
                                           row=k)
