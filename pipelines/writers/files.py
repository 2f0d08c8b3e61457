"""Writing the dataset: the JSONL files (the contract) and their CSV, Parquet and SQLite views.

``write_dataset`` streams: it takes the records of one PDF at a time, writes them to every open file
and lets them go, so memory stays flat over any number of PDFs. The views have one column list per
view kind (``fields.FIELDS``: tasks, documents, references, tables and table_rows), named and typed
once:

- Parquet keeps the types (dates as ``date32``, integers, booleans, lists, lists of structs, a map
  for ``cells``);
- CSV has one flat row per record: lists ``"; "``-joined (agencies by name, references by key),
  ``cells`` and a table's ``roles`` JSON, cells that a spreadsheet would run as a formula neutralised;
  UTF-8 with a byte-order mark by default (``csv_bom``), which Excel needs to read Vietnamese;
- SQLite (``sqlite.py``) has typed columns, lists as JSON arrays, child tables and full-text search.
A table is two views, like in SQLite: ``tables.csv``/``.parquet`` one row per table, and
``table_rows.csv``/``.parquet`` one row per row of a table (``table_id``, ``row``).
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import os
import secrets
from collections.abc import Iterable, Mapping, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from .fields import FIELDS, VIEW_KINDS, Links, flat_row, linked_rows
from .sqlite import SqliteSink

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


def task_row(task: Mapping[str, Any], links: Links = Links()) -> dict[str, Any]:
    """A task as one CSV row (see ``csv_row``)."""
    return csv_row("tasks", flat_row("tasks", task, links))


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
    if type_ in ("cells", "roles", "json"):
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
    def __init__(self, path: Path, kind: str, bom: bool = True):
        self.kind = kind
        # "utf-8-sig" writes the byte-order mark Excel needs to take the file as UTF-8.
        self.file = open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="")
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
    role = pa.struct([("header", pa.string()), ("role", pa.string()), ("evidence", pa.string())])
    types = {
        "text": pa.string(), "int": pa.int32(), "real": pa.float64(), "bool": pa.bool_(), "date": pa.date32(),
        "ints": pa.list_(pa.int32()), "texts": pa.list_(pa.string()), "agencies": pa.list_(agency),
        "refs": pa.list_(ref), "roles": pa.list_(role), "cells": pa.map_(pa.string(), pa.string()),
        "json": pa.string(),
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
    if type_ == "json":
        return json.dumps(value, ensure_ascii=False)
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


# The record kinds written as JSONL; the CSV and Parquet views are ``fields.VIEW_KINDS`` (the same,
# a table's rows a view of their own).
KINDS = ("tasks", "documents", "references", "tables")


def write_dataset(out: Path, outcomes: Iterable[Any], formats: Sequence[str], *, csv_bom: bool = True) -> None:
    """Write the records of ``outcomes`` under ``out``: ``tasks.jsonl``, ``documents.jsonl``,
    ``references.jsonl`` and ``tables.jsonl`` always, and the views named in ``formats``: "csv"
    (``KIND.csv``, with a byte-order mark unless not ``csv_bom``), "parquet" (``KIND.parquet``) for
    each kind of ``VIEW_KINDS``, "sqlite" (``congbao.sqlite`` and its Datasette ``metadata.json``).

    ``outcomes`` (objects with ``file``, ``tasks``, ``documents``, ``references`` and perhaps
    ``tables``: lists of schema-valid records of one PDF) is consumed once; at most one outcome and
    one Parquet row group per kind are held. ``out`` is a staging folder: files are written in place
    (a file already there is replaced). Afterwards every file is complete and closed, and the same
    outcomes give the same bytes."""
    out.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        def sink(factory, *args):
            s = factory(*args)
            stack.callback(s.close)
            return s

        jsonl = {k: sink(_JsonlSink, out / f"{k}.jsonl") for k in KINDS}
        views: list[dict[str, Any]] = []
        if "csv" in formats:
            views.append({k: sink(_CsvSink, out / f"{k}.csv", k, csv_bom) for k in VIEW_KINDS})
        if "parquet" in formats:
            views.append({k: sink(_ParquetSink, out / f"{k}.parquet", k) for k in VIEW_KINDS})
        sqlite = None
        if "sqlite" in formats:
            sqlite = sink(SqliteSink, out / "congbao.sqlite")
        for outcome in outcomes:
            for kind in KINDS:                       # JSONL lines in the records' own order
                for record in getattr(outcome, kind, None) or ():
                    jsonl[kind].write(record)
            rows = [(kind, record, flat_row(kind, record, links)) for kind, record, links in linked_rows(outcome)]
            for kind, _record, flat in rows:
                for view in views:
                    view[kind].write(flat)
            if sqlite is not None:
                sqlite.write_file(rows)
        if sqlite is not None:
            sqlite.finish()
