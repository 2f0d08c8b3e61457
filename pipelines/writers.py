"""Writing the dataset: the JSONL files (the contract) and their CSV, Parquet and SQLite views.

``write_dataset`` streams: it takes the records of one PDF at a time, writes them to every open file
and lets them go, so memory stays flat over any number of PDFs. The views have one column list per
record kind (``TASK_COLUMNS``, ``DOCUMENT_COLUMNS``, ``REFERENCE_COLUMNS``), named and typed once:

- Parquet keeps the types (dates as ``date32``, integers, booleans, lists, lists of structs, a map
  for ``cells``);
- CSV has one flat row per record: lists ``"; "``-joined (agencies by name, references by key),
  ``cells`` a JSON object, cells that a spreadsheet would run as a formula neutralised;
- SQLite (``sqlite_db.py``) has typed columns, lists as JSON arrays, child tables and full-text search.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import os
import secrets
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

# Rows buffered per Parquet row group: large enough for good compression and statistics, small
# enough that the buffer stays a few MB whatever the size of the run.
ROW_GROUP_ROWS = 10_000
# Rows waiting for their row group are kept as Arrow columns, converted from Python rows this many
# at a time: 10,000 task rows as dicts took ~130 MB, as Arrow batches ~10 MB.
CONVERT_ROWS = 256


def dumps(record: Mapping[str, Any]) -> str:
    """One JSON line: UTF-8 text as is (no \\u escapes), stable key order from the record."""
    return json.dumps(record, ensure_ascii=False, separators=(", ", ": "))


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never a part.

    The file is created with ``open`` (mode 0666 less the umask, like any other output), not
    ``tempfile.mkstemp``, which would leave it readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        with open(tmp, "xb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_jsonl(path: Path, records: Iterable[Mapping[str, Any]]) -> None:
    write_atomic(path, "".join(dumps(r) + "\n" for r in records).encode("utf-8"))


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


def task_row(task: Mapping[str, Any], links: Links = Links()) -> dict[str, Any]:
    """A task as one CSV row (see ``csv_row``)."""
    return csv_row("tasks", flat_row("tasks", task, links))


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


# ---------------------------------------------------------------- CSV

# A cell starting with one of these is run as a formula by spreadsheets (OWASP "CSV injection"):
# such cells get a leading apostrophe, which spreadsheets show as text. CSV only: the other
# views hold the text as printed.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """``cell`` made safe to open in a spreadsheet.

    >>> neutralise('=HYPERLINK("http://x")'), neutralise("Sở Nội vụ")
    ('\\'=HYPERLINK("http://x")', 'Sở Nội vụ')
    """
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _csv_value(type_: str, value: Any) -> str:
    if value is None:
        return ""
    if type_ == "bool":
        return "true" if value else "false"
    if type_ in ("ints", "texts"):
        return "; ".join(map(str, value))
    if type_ == "agencies":
        return "; ".join(a["name"] for a in value)
    if type_ == "refs":
        return "; ".join(r["key"] for r in value)
    if type_ == "cells":
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def csv_row(kind: str, flat: Mapping[str, Any]) -> dict[str, str]:
    """One CSV row: every value as text, "" for null, formulas neutralised."""
    out = {}
    for c in FIELDS[kind]:
        text = _csv_value(c.type, flat[c.name])
        out[c.name] = neutralise(text) if c.type not in ("int", "real", "bool", "date") else text
    return out


class _CsvSink:
    def __init__(self, path: Path, kind: str):
        self.kind = kind
        self.file = open(path, "w", encoding="utf-8", newline="")
        self.writer = csv.DictWriter(self.file, fieldnames=[c.name for c in FIELDS[kind]], lineterminator="\n")
        self.writer.writeheader()

    def write(self, flat: Mapping[str, Any]) -> None:
        self.writer.writerow(csv_row(self.kind, flat))

    def close(self) -> None:
        self.file.close()


# ---------------------------------------------------------------- Parquet

def arrow_schema(kind: str):
    """The explicit Parquet schema of ``kind``: the same for an empty dataset as for a full one."""
    import pyarrow as pa

    agency = pa.struct([("raw", pa.string()), ("name", pa.string()), ("collective", pa.bool_())])
    ref = pa.struct([
        ("raw", pa.string()), ("kind", pa.string()), ("number", pa.string()), ("key", pa.string()),
        ("global_key", pa.string()), ("date", pa.date32()), ("issuer", pa.string()), ("title", pa.string()),
        ("self", pa.bool_()), ("warnings", pa.list_(pa.string())),
    ])
    types = {
        "text": pa.string(), "int": pa.int32(), "real": pa.float64(), "bool": pa.bool_(), "date": pa.date32(),
        "ints": pa.list_(pa.int32()), "texts": pa.list_(pa.string()), "agencies": pa.list_(agency),
        "refs": pa.list_(ref), "cells": pa.map_(pa.string(), pa.string()),
    }
    return pa.schema([pa.field(c.name, types[c.type], metadata={"description": c.description})
                      for c in FIELDS[kind]])


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _arrow_value(type_: str, value: Any) -> Any:
    if value is None:
        return None
    if type_ == "date":
        return _date(value)
    if type_ == "refs":
        return [{**r, "date": _date(r.get("date"))} for r in value]
    return value


class _ParquetSink:
    def __init__(self, path: Path, kind: str):
        import pyarrow.parquet as pq

        self.kind = kind
        self.schema = arrow_schema(kind)
        self.types = [(c.name, c.type) for c in FIELDS[kind]]
        self.buffer: list[dict[str, Any]] = []
        self.batches: list[Any] = []   # rows already in Arrow's columns (a tenth of their size as dicts)
        self.batched = 0
        # write_statistics and the library version are the only metadata: no clock, no host.
        self.writer = pq.ParquetWriter(path, self.schema, compression="zstd")

    def write(self, flat: Mapping[str, Any]) -> None:
        self.buffer.append({name: _arrow_value(t, flat[name]) for name, t in self.types})
        if len(self.buffer) >= CONVERT_ROWS:
            self._convert()
            if self.batched >= ROW_GROUP_ROWS:
                self.flush()

    def _convert(self) -> None:
        import pyarrow as pa

        if self.buffer:
            self.batches.append(pa.RecordBatch.from_pylist(self.buffer, schema=self.schema))
            self.batched += len(self.buffer)
            self.buffer = []

    def flush(self) -> None:
        import pyarrow as pa

        self._convert()
        if self.batches:
            self.writer.write_table(pa.Table.from_batches(self.batches, schema=self.schema),
                                    row_group_size=max(self.batched, 1))
            self.batches, self.batched = [], 0

    def close(self) -> None:
        self.flush()
        self.writer.close()


# ---------------------------------------------------------------- the dataset

class _JsonlSink:
    def __init__(self, path: Path):
        self.file = open(path, "w", encoding="utf-8", newline="\n")

    def write(self, record: Mapping[str, Any]) -> None:
        self.file.write(dumps(record) + "\n")

    def close(self) -> None:
        self.file.close()


KINDS = ("tasks", "documents", "references")


def write_dataset(out: Path, outcomes: Iterable[Any], formats: Sequence[str]) -> None:
    """Write the records of ``outcomes`` under ``out``: ``tasks.jsonl``, ``documents.jsonl`` and
    ``references.jsonl`` always, and the views named in ``formats``: "csv" (``KIND.csv``), "parquet"
    (``KIND.parquet``), "sqlite" (``congbao.sqlite`` and its Datasette ``metadata.json``).

    ``outcomes`` (objects with ``file``, ``tasks``, ``documents``, ``references``: lists of
    schema-valid records of one PDF) is consumed once; at most one outcome and one Parquet row group
    per kind are held. ``out`` is a staging folder: files are written in place (a file already there
    is replaced). Afterwards every file is complete and closed, and the same outcomes give the same
    bytes."""
    out.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        def sink(factory, *args):
            s = factory(*args)
            stack.callback(s.close)
            return s

        jsonl = {k: sink(_JsonlSink, out / f"{k}.jsonl") for k in KINDS}
        views: list[dict[str, Any]] = []
        if "csv" in formats:
            views.append({k: sink(_CsvSink, out / f"{k}.csv", k) for k in KINDS})
        if "parquet" in formats:
            views.append({k: sink(_ParquetSink, out / f"{k}.parquet", k) for k in KINDS})
        sqlite = None
        if "sqlite" in formats:
            from .sqlite_db import SqliteSink

            sqlite = sink(SqliteSink, out / "congbao.sqlite")
        for outcome in outcomes:
            for kind in KINDS:                       # JSONL lines in the records' own order
                for record in getattr(outcome, kind):
                    jsonl[kind].write(record)
            rows = [(kind, record, flat_row(kind, record, links)) for kind, record, links in linked_rows(outcome)]
            for kind, _record, flat in rows:
                for view in views:
                    view[kind].write(flat)
            if sqlite is not None:
                sqlite.write_file(rows)
        if sqlite is not None:
            sqlite.finish()
