"""Writing the dataset: JSONL (the contract), CSV and SQLite views; every file replaced atomically."""
from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any


def dumps(record: Mapping[str, Any]) -> str:
    """One JSON line: UTF-8 text as is (no \\u escapes), stable key order from the record."""
    return json.dumps(record, ensure_ascii=False, separators=(", ", ": "))


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_jsonl(path: Path, records: Iterable[Mapping[str, Any]]) -> None:
    write_atomic(path, "".join(dumps(r) + "\n" for r in records).encode("utf-8"))


def _flat(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return value


TASK_COLUMNS = (
    "task_id", "file", "pages", "document_number", "document_kind", "group_number", "group_title", "number",
    "text", "evidence", "deadline", "deadline_kind", "deadline_start", "deadline_end", "lead", "support",
    "legal_refs", "cells",
)


def task_row(t: Mapping[str, Any]) -> dict[str, Any]:
    """A task flattened for tables: one column per scalar, lists as "; "-joined names."""
    return {
        "task_id": t["task_id"], "file": t["source"]["file"],
        "pages": ",".join(map(str, t["source"]["pages"])),
        "document_number": t["document"]["number"], "document_kind": t["document"]["kind"],
        "group_number": t["group"]["number"], "group_title": t["group"]["title"],
        "number": t["number"], "text": t["text"],
        "evidence": "\n".join(t["evidence"]),
        "deadline": (t["deadline"] or {}).get("raw"),
        "deadline_kind": (t["deadline"] or {}).get("kind"),
        "deadline_start": (t["deadline"] or {}).get("start"),
        "deadline_end": (t["deadline"] or {}).get("end"),
        "lead": "; ".join(a["name"] for a in t["lead"]),
        "support": "; ".join(a["name"] for a in t["support"]),
        "legal_refs": "; ".join(r["key"] for r in t["legal_refs"]),
        "cells": _flat(t["cells"]),
    }


def write_csv(path: Path, rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> None:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(columns), lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: _flat(r.get(k)) for k in columns})
    write_atomic(path, buf.getvalue().encode("utf-8"))


def write_sqlite(path: Path, tables: Mapping[str, Sequence[Mapping[str, Any]]], fts: Mapping[str, Sequence[str]]) -> None:
    """A SQLite file with one table per entry and an FTS5 index over the ``fts`` columns."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        with con:
            for name, rows in tables.items():
                columns = list(rows[0].keys()) if rows else ["task_id"]
                con.execute(f'CREATE TABLE "{name}" ({", ".join(f"{c!r}" for c in columns)})'.replace("'", '"'))
                con.executemany(
                    f'INSERT INTO "{name}" VALUES ({", ".join("?" for _ in columns)})',
                    [[_flat(r.get(c)) for c in columns] for r in rows],
                )
                if name in fts and rows:
                    cols = ", ".join(fts[name])
                    con.execute(f'CREATE VIRTUAL TABLE "{name}_fts" USING fts5({cols}, content="{name}")')
                    con.execute(f'INSERT INTO "{name}_fts"("{name}_fts") VALUES (\'rebuild\')')
        con.close()
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_parquet(path: Path, rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> None:
    """The flat rows as a Parquet file, every column a string (null where empty)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({c: pa.array([None if r.get(c) is None else str(_flat(r.get(c))) for r in rows], pa.string())
                      for c in columns})
    buf = pa.BufferOutputStream()
    pq.write_table(table, buf, compression="zstd")
    write_atomic(path, buf.getvalue().to_pybytes())


def write_dataset(out: Path, outcomes: Iterable[Any], formats: Sequence[str]) -> None:
    """Write the records of ``outcomes`` (objects with ``tasks``, ``documents``, ``references``: lists of
    schema-valid JSON records) under ``out``: the JSONL files always, and the views named in ``formats``
    ("csv", "parquet", "sqlite"). ``outcomes`` is consumed once, file by file."""
    outcomes = list(outcomes)
    tasks = [t for o in outcomes for t in o.tasks]
    documents = [d for o in outcomes for d in o.documents]
    references = [r for o in outcomes for r in o.references]
    write_jsonl(out / "tasks.jsonl", tasks)
    write_jsonl(out / "documents.jsonl", documents)
    write_jsonl(out / "references.jsonl", references)
    flat_tasks = [task_row(t) for t in tasks]
    if "csv" in formats:
        write_csv(out / "tasks.csv", flat_tasks, TASK_COLUMNS)
    if "parquet" in formats:
        write_parquet(out / "tasks.parquet", flat_tasks, TASK_COLUMNS)
    if "sqlite" in formats:
        write_sqlite(
            out / "congbao.sqlite",
            {"tasks": flat_tasks, "documents": [_flat_document(d) for d in documents],
             "references": [_flat_reference(r) for r in references]},
            fts={"tasks": ("text", "evidence", "lead", "support", "group_title")},
        )


def _flat_document(d: dict) -> dict:
    return {"file": d["source"]["file"], "first_page": (d["source"]["pages"] or [None])[0],
            "last_page": (d["source"]["pages"] or [None])[-1], "kind": d["kind"], "number": d["number"],
            "date": d["date"], "issuer": d["issuer"], "signer": d["signer"]["name"],
            "signer_title": d["signer"]["title"], "title": d["title"], "tasks": d["tasks"]}


def _flat_reference(r: dict) -> dict:
    return {"file": r["source"]["file"], "page": r["source"]["page"], "document": r["document"]["number"],
            "raw": r["raw"], "kind": r["kind"], "number": r["number"], "key": r["key"], "date": r["date"],
            "issuer": r["issuer"], "self": r["self"], "warnings": "; ".join(r["warnings"])}
