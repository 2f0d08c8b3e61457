"""``import congbao``: the records the CLI writes, as DataFrames; references with offsets into the
caller's text; the docstring examples and ``docs/python.md`` run as doctests."""
from __future__ import annotations

import doctest
import json
import re
import shutil
import subprocess
import sys

import pandas as pd
import pytest
from conftest import ROOT, SAMPLES, run_cli

import congbao
import congbao.dataset
import congbao.mentions
from congbao.dataset import FRAME_KINDS, frame_columns, record_columns

CAMAU = SAMPLES["congbao-camau-43"]
DOCS = ROOT / "docs"


def _jsonl(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def dev_dataset() -> congbao.Dataset:
    """The two text-layer dev gazettes through the API, as the CLI fixture reads them."""
    return congbao.extract(list(SAMPLES.values()))


# ---------------------------------------------------------------- extract


def test_extract_gives_the_records_the_cli_writes(dev_dataset, dev_outputs):
    for kind in ("tasks", "documents", "references", "tables", "errors"):
        assert dev_dataset.records[kind] == _jsonl(dev_outputs / f"{kind}.jsonl"), kind


def test_extract_names_files_in_nested_folders_as_the_cli_does(tmp_path):
    # two different gazettes under one input folder, one in a subfolder: source.path and task ids
    # carry the folder, the same way in the API as in `congbao extract`
    src = tmp_path / "in"
    (src / "2024").mkdir(parents=True)
    shutil.copy(CAMAU, src / CAMAU.name)
    shutil.copy(SAMPLES["congbao-haugiang-12"], src / "2024" / "congbao-haugiang-12.pdf")
    done = run_cli("extract", str(src), "--out", str(tmp_path / "out"), "--quiet")
    assert done.returncode == 0, done.stderr
    ds = congbao.extract([src])
    assert ds.records["tasks"] == _jsonl(tmp_path / "out" / "tasks.jsonl")
    assert ds.tasks.task_id.is_unique


def test_each_frame_row_is_its_record_flattened(dev_dataset):
    for kind in FRAME_KINDS:
        frame = getattr(dev_dataset, kind)
        records = (dev_dataset.records[kind] if kind != "table_rows"
                   else [r for t in dev_dataset.records["tables"] for r in t["rows"]])
        assert len(frame) == len(records) > 0
        for row, record in zip(frame.to_dict("records"), records):
            for col in record_columns(kind):
                value = record
                for key in col.path:
                    value = None if value is None else value[key]
                got = row[col.name]
                if value is None:
                    assert pd.isna(got), (kind, col.name)
                elif col.dtype.startswith("datetime64"):
                    assert got == pd.Timestamp(value), (kind, col.name)
                else:
                    assert got == value, (kind, col.name)


def test_dates_are_typed_so_that_they_compare_as_dates(dev_dataset):
    tasks = dev_dataset.tasks
    assert str(tasks.deadline_end.dtype) == "datetime64[s]"
    assert str(tasks.gazette_issue.dtype) == "Int64"
    due = tasks[tasks.deadline_end <= "2023-12-31"]
    assert len(due) > 0
    assert all(t["deadline"]["end"] <= "2023-12-31" for t in dev_dataset.records["tasks"]
               if t["task_id"] in set(due.task_id))


def test_frames_have_the_same_columns_when_nothing_was_found(tmp_path, dev_dataset):
    (tmp_path / "empty").mkdir()
    empty = congbao.extract(tmp_path / "empty")
    assert repr(empty) == "Dataset(tasks=0, documents=0, references=0, tables=0, errors=0)"
    for kind in (*FRAME_KINDS, "agencies"):
        got, full = getattr(empty, kind), getattr(dev_dataset, kind)
        assert list(got.columns) == list(full.columns), kind
        assert got.dtypes.astype(str).tolist() == full.dtypes.astype(str).tolist(), kind


def test_a_single_path_string_is_one_path_not_its_characters():
    one = congbao.extract(str(CAMAU))
    assert repr(one) == f"Dataset(tasks={len(one.tasks)}, documents=1, references=20, tables=1, errors=0)"
    assert (one.tasks.origin == "appendix").sum() == 38


def test_a_missing_path_raises_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError, match="no-such-folder"):
        congbao.extract([CAMAU, tmp_path / "no-such-folder"])


def test_a_broken_pdf_is_an_error_record_and_the_others_are_kept(tmp_path):
    shutil.copy(CAMAU, tmp_path / CAMAU.name)
    (tmp_path / "broken.pdf").write_bytes(b"not a pdf\n")
    ds = congbao.extract(tmp_path)
    assert [(e["file"], e["stage"]) for e in ds.errors] == [("broken.pdf", "read")]
    assert ds.errors == ds.records["errors"]
    assert (ds.tasks.origin == "appendix").sum() == 38 and set(ds.tasks.source_file) == {CAMAU.name}


def test_strict_raises_for_a_broken_pdf(tmp_path):
    (tmp_path / "broken.pdf").write_bytes(b"not a pdf\n")
    with pytest.raises(congbao.ExtractError, match="broken.pdf: not a PDF") as caught:
        congbao.extract(tmp_path, strict=True)
    assert caught.value.stage == "read"


def test_parallel_extract_gives_the_same_records(dev_dataset):
    parallel = congbao.extract(list(SAMPLES.values()), jobs=2)
    assert parallel.records == dev_dataset.records


def test_a_copy_of_a_file_gives_its_records_once(tmp_path):
    shutil.copy(CAMAU, tmp_path / "a.pdf")
    shutil.copy(CAMAU, tmp_path / "b.pdf")
    ds = congbao.extract(tmp_path)
    assert (ds.tasks.origin == "appendix").sum() == 38 and ds.tasks.task_id.is_unique
    assert set(ds.tasks.source_file) == {"a.pdf"}


def test_load_reads_back_what_the_cli_wrote(dev_dataset, dev_outputs):
    loaded = congbao.load(dev_outputs)
    assert loaded.records == dev_dataset.records
    for kind in (*FRAME_KINDS, "agencies"):
        pd.testing.assert_frame_equal(getattr(loaded, kind), getattr(dev_dataset, kind))


def test_agencies_frame_answers_what_an_agency_leads(dev_dataset):
    lead = dev_dataset.agencies.query("role == 'lead' and name == 'Sở Nội vụ'")
    expected = [t["task_id"] for t in dev_dataset.records["tasks"] if any(a["name"] == "Sở Nội vụ" for a in t["lead"])]
    assert lead.task_id.tolist() == expected and len(expected) > 0
    assert set(dev_dataset.agencies.role) == {"lead", "support", "mentioned"}


def test_the_dataset_cannot_be_rebound():
    ds = congbao.Dataset.from_records({})
    with pytest.raises(AttributeError):
        ds.tasks = None


# ---------------------------------------------------------------- refs


REFS_TEXTS = [
    # the README's example: a reference whose date year differs from its number's
    "Căn cứ Nghị định số 59/2012/NĐ-CP ngày 23/7/2021 của Chính phủ",
    # NFD letters and a no-break space: offsets index the text as given, not its normalised form
    "theo Quye\u0301t đi\u0323nh so\u0302\u0301 829/QĐ-UBND\u00a0ngày 27/4/2021 của Chủ tịch UBND tỉnh",
    # agencies and a deadline besides references, two blocks separated by a blank line
    "Sở Nội vụ chủ trì, phối hợp UBND các huyện, hoàn thành trước ngày 15/01/2024.\n\n"
    "Thực hiện Công văn số 1420/UBND-CCHC ngày 06/3/2023 trong năm 2023",
]


@pytest.mark.parametrize("text", REFS_TEXTS)
def test_refs_offsets_index_the_text_as_given(text):
    found = congbao.refs(text, agencies=True, deadlines=True)
    assert found
    for m in found:
        assert text[m["start"]:m["end"]] == m["raw"]
    assert [m["start"] for m in found] == sorted(m["start"] for m in found)


@pytest.mark.parametrize("text", REFS_TEXTS)
def test_refs_gives_what_the_refs_command_prints(text):
    args = ["--agencies", "--deadlines", "--date", "2023-05-29", "--number", "123/KH-UBND", "--province", "Cà Mau"]
    done = subprocess.run([sys.executable, "-m", "pipelines", "refs", *args], input=text.encode(),
                          capture_output=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    printed = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert congbao.refs(text, agencies=True, deadlines=True, date="2023-05-29", number="123/KH-UBND",
                        province="Cà Mau") == printed


def test_refs_marks_the_citing_document_itself():
    text = "Kế hoạch số 123/KH-UBND ngày 29/5/2023 của Chủ tịch UBND tỉnh Cà Mau"
    assert [r["self"] for r in congbao.refs(text)] == [False]
    assert [r["self"] for r in congbao.refs(text, number="123/KH-UBND")] == [True]


def test_refs_reads_a_year_less_period_in_the_citing_documents_year():
    [m] = congbao.refs("hoàn thành trong quý III", deadlines=True, date="2023-05-29")
    assert (m["deadline"]["kind"], m["deadline"]["start"], m["deadline"]["end"]) == ("period", "2023-07-01", "2023-09-30")


# ---------------------------------------------------------------- examples that run


@pytest.mark.parametrize("module", [congbao, congbao.dataset, congbao.mentions], ids=lambda m: m.__name__)
def test_docstring_examples_run(module, monkeypatch):
    monkeypatch.chdir(ROOT)   # examples name raw_pdfs/… relative to the repository
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


def test_python_docs_examples_run(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = doctest.testfile(str(DOCS / "python.md"), module_relative=False,
                              optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


def _documented_columns(kind: str) -> list[tuple[str, str, str]]:
    text = (DOCS / "python.md").read_text(encoding="utf-8")
    section = re.search(rf"^### `{kind}`\n(.*?)(?=^#|\Z)", text, re.S | re.M)
    assert section, f"docs/python.md has no ### `{kind}` section"
    # a link column's third cell says "link …" instead of naming a record field
    return [(name, dtype, path or "link") for name, dtype, path in re.findall(
        r"^\| `([^`]+)` \| `([^`]+)` \| (?:`([^`]+)`|link[^|]*) \|", section.group(1), re.M)]


@pytest.mark.parametrize("kind", FRAME_KINDS)
def test_python_docs_list_every_column_of_each_frame(kind):
    assert _documented_columns(kind) == [(c.name, c.dtype, ".".join(c.path) or "link") for c in frame_columns(kind)]


@pytest.mark.parametrize("kind", FRAME_KINDS)
def test_frames_and_every_view_share_one_set_of_column_names(kind, dev_dataset, dev_outputs):
    import csv
    import sqlite3

    import pyarrow.parquet as pq

    names = list(getattr(dev_dataset, kind).columns)
    assert names == [c.name for c in frame_columns(kind)]
    assert pq.read_schema(dev_outputs / f"{kind}.parquet").names == names
    with open(dev_outputs / f"{kind}.csv", encoding="utf-8-sig", newline="") as f:
        assert next(csv.reader(f)) == names
    con = sqlite3.connect(dev_outputs / "congbao.sqlite")
    assert [r[1] for r in con.execute(f'PRAGMA table_info("{kind}")')] == names
    # Every field of the JSON records is a column named by its path joined with "_"; the frames and
    # views add only the ids that link records.
    record_names = [c.name for c in record_columns(kind)]
    assert [n for n in names if n not in record_names] == [
        n for n in ("task_id", "table_id", "reference_id", "row", "document_id") if n in names and n not in record_names]
    if kind != "table_rows":
        record = dev_dataset.records[kind][0]
        leaves = {"_".join(p) for p in _leaf_paths(record)}
        # a nested object that is null (group.parent of a one-level group) stands for its fields
        missing = {n for n in leaves - set(record_names) - {"rows"} if not any(r.startswith(n + "_") for r in record_names)}
        assert not missing, missing


def _leaf_paths(record: dict, prefix: tuple = ()) -> list[tuple]:
    out = []
    for k, v in record.items():
        if isinstance(v, dict) and k != "cells":
            out += _leaf_paths(v, (*prefix, k)) if v else [(*prefix, k)]
        else:
            out.append((*prefix, k))
    return out


def test_frames_carry_the_ids_that_link_them(dev_dataset):
    docs = set(dev_dataset.documents.document_id)
    assert dev_dataset.documents.document_id.is_unique and dev_dataset.references.reference_id.is_unique
    for kind in ("tasks", "references", "tables", "table_rows"):
        assert set(getattr(dev_dataset, kind).document_id) <= docs, kind
    rows = dev_dataset.table_rows
    assert set(rows.table_id) == set(dev_dataset.tables.table_id)
    assert rows.groupby("table_id").row.apply(lambda r: list(r) == list(range(1, len(r) + 1))).all()


def test_tasks_frame_carries_origin_and_accepts_body_tasks(dev_dataset):
    body = dict(dev_dataset.records["tasks"][0], task_id="x/B/IV.4", origin="body", cells=None, number="IV.4")
    ds = congbao.Dataset.from_records({"tasks": [*dev_dataset.records["tasks"], body],
                                       "documents": dev_dataset.records["documents"]})
    last = ds.tasks.iloc[-1]
    assert (last.origin, last.cells, last.number) == ("body", None, "IV.4")
    assert set(ds.tasks.origin) == {"appendix", "body"}
    assert len(ds.agencies[ds.agencies.task_id == "x/B/IV.4"]) == len(body["lead"]) + len(body["support"]) + len(
        body["mentioned_agencies"])


def test_package_imports_outside_the_checkout(tmp_path):
    # the installed package, not the working directory, provides `congbao` (pyproject's package list)
    done = subprocess.run([sys.executable, "-c", "import congbao; print(congbao.__file__, congbao.SCHEMA_VERSION)"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[0] == str(ROOT / "congbao" / "__init__.py")
