"""The command line as users run it: help, bad input, exit status, deterministic atomic output."""
from __future__ import annotations

import json
import shutil

import pytest

from conftest import SAMPLES, run_cli


COMMANDS = [["extract"], ["refs"], ["schema"], ["query"], ["query", "tasks"], ["query", "documents"],
            ["query", "search"], ["query", "sql"], ["report"]]


@pytest.mark.parametrize("command", [[], *COMMANDS])
def test_every_command_has_help(command):
    done = run_cli(*command, "--help")
    assert done.returncode == 0
    assert "usage: congbao" in done.stdout
    assert len(done.stdout.splitlines()) > 5


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c))
def test_every_command_help_has_an_example(command):
    text = run_cli(*command, "--help").stdout
    assert "Example" in text and "congbao " + command[0] in text.split("Example", 1)[1]


def test_a_closed_pipe_ends_quietly():
    import subprocess
    import sys

    from conftest import ROOT

    # 20,000 references: far more output than a pipe holds, so the writer meets the closed pipe.
    text = "theo Nghị định số 59/2012/NĐ-CP của Chính phủ.\n\n" * 20000
    done = subprocess.run(f"{sys.executable} -m pipelines refs | head -1", shell=True, cwd=ROOT, input=text,
                          capture_output=True, text=True, timeout=300)
    assert done.stdout.count("\n") == 1 and '"59/2012/NĐ-CP"' in done.stdout
    assert done.stderr == ""


def test_extract_help_names_the_outputs_and_exit_status():
    text = run_cli("extract", "--help").stdout
    for name in ("tasks.jsonl", "documents.jsonl", "errors.jsonl", "Exit status"):
        assert name in text


def test_wrong_usage_exits_2(tmp_path):
    assert run_cli("extract").returncode == 2
    assert run_cli("extract", str(tmp_path / "missing.pdf")).returncode == 2
    assert run_cli("extract", str(tmp_path)).returncode == 2  # a folder without PDFs


def _bad_inputs(folder):
    """Each kind of bad input, next to one good gazette."""
    good = folder / "good.pdf"
    shutil.copy(SAMPLES["congbao-haugiang-12"], good)
    (folder / "not-a-pdf.pdf").write_text("Công báo, but a text file", encoding="utf-8")
    (folder / "empty.pdf").write_bytes(b"")
    data = good.read_bytes()
    (folder / "truncated.pdf").write_bytes(data[: len(data) // 3])
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(folder / "encrypted.pdf"), encrypt="secret")
    c.drawString(72, 720, "CONG BAO")
    c.save()
    c = canvas.Canvas(str(folder / "image-only.pdf"))
    c.rect(72, 72, 300, 300, fill=1)  # a page with no text layer at all
    c.save()
    return good


def test_bad_inputs_get_one_line_each_and_the_batch_goes_on(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    _bad_inputs(src)
    done = run_cli("extract", str(src), "--out", str(out), "--quiet")
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert "Traceback" not in done.stderr
    bad = {"not-a-pdf.pdf", "empty.pdf", "truncated.pdf", "encrypted.pdf", "image-only.pdf"}
    assert len(lines) == len(bad)
    for line in lines:
        name, stage = line.split(": ")[1:3]
        assert name in bad and stage == "read"
    assert any(line.startswith("congbao: encrypted.pdf: read: encrypted PDF") for line in lines)
    errors = [json.loads(x) for x in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {e["file"] for e in errors} == bad
    assert all(set(e) == {"file", "sha256", "stage", "error"} and "\n" not in e["error"] for e in errors)
    tasks = [json.loads(x) for x in (out / "tasks.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {t["source"]["file"] for t in tasks} == {"good.pdf"}
    assert sum(t["origin"] == "appendix" for t in tasks) == 37


def test_same_input_gives_byte_identical_output(tmp_path):
    outs = []
    for n in (1, 2):
        out = tmp_path / f"run{n}"
        assert run_cli("extract", str(SAMPLES["congbao-camau-43"]), "--out", str(out), "--quiet").returncode == 0
        outs.append(out)
    for name in ("tasks.jsonl", "documents.jsonl", "references.jsonl", "errors.jsonl", "tasks.csv", "tasks.parquet",
                 "manifest.json"):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name


def test_output_is_utf8_text_not_escapes(dev_outputs):
    text = (dev_outputs / "tasks.jsonl").read_text(encoding="utf-8")
    assert "\\u" not in text and "Ủy ban" in text or "UBND" in text


def test_quiet_pipe_run_prints_nothing(tmp_path):
    done = run_cli("extract", str(SAMPLES["congbao-camau-43"]), "--out", str(tmp_path), "--quiet")
    assert done.returncode == 0 and done.stdout == "" and done.stderr == ""


def test_sqlite_has_full_text_search_over_tasks(dev_outputs):
    import sqlite3

    con = sqlite3.connect(dev_outputs / "congbao.sqlite")
    hits = con.execute("SELECT count(*) FROM tasks_fts WHERE tasks_fts MATCH 'text:\"dữ liệu\"'").fetchone()[0]
    tasks = [json.loads(x) for x in (dev_outputs / "tasks.jsonl").read_text(encoding="utf-8").splitlines()]
    assert hits == sum("dữ liệu" in (t["text"] or "").lower() for t in tasks) > 3
    assert con.execute("SELECT count(*) FROM tasks").fetchone()[0] == len(tasks)
    assert con.execute("SELECT count(*) FROM tasks WHERE origin = 'appendix'").fetchone()[0] == 75


def test_schema_command_prints_the_generated_schema():
    schema = json.loads(run_cli("schema", "tasks").stdout)
    assert schema["title"] == "TaskRecord"
    assert "cells" in schema["properties"] and "source" in schema["required"]


def test_refs_reads_stdin_and_prints_one_reference_per_line():
    import subprocess
    import sys

    text = ("Căn cứ Nghị định số 59/2012/NĐ-CP ngày 23/7/2021 của Chính phủ; các sở, ban, ngành tỉnh "
            "gửi báo cáo về Sở Nội vụ chậm nhất ngày 05/6/2023 theo Kế hoạch số 123/KH-UBND.")
    done = subprocess.run([sys.executable, "-m", "pipelines", "refs", "--number", "123/KH-UBND", "--date", "2023-05-29"],
                          input=text, capture_output=True, text=True, check=True)
    refs = [json.loads(x) for x in done.stdout.splitlines()]
    assert [r["key"] for r in refs] == ["59/2012/NĐ-CP", "123/KH-UBND@2023"]
    assert refs[0]["warnings"] and refs[1]["self"] is True
    assert all(text[r["start"]:r["end"]] == r["raw"] for r in refs)
    done = subprocess.run([sys.executable, "-m", "pipelines", "refs", "--agencies", "--deadlines", "--date", "2023-05-29"],
                          input=text, capture_output=True, text=True, check=True)
    kinds = [json.loads(x)["type"] for x in done.stdout.splitlines()]
    assert kinds == ["reference", "agency", "agency", "deadline", "reference"]


def test_parquet_view_holds_every_task(dev_outputs):
    import pyarrow.parquet as pq

    table = pq.read_table(dev_outputs / "tasks.parquet")
    tasks = [json.loads(x) for x in (dev_outputs / "tasks.jsonl").read_text(encoding="utf-8").splitlines()]
    assert table.column("task_id").to_pylist() == [t["task_id"] for t in tasks]


def test_csv_columns_are_the_flat_task_columns(dev_outputs):
    from pipelines.writers.fields import TASK_COLUMNS
    from pipelines.writers.files import task_row

    header = (dev_outputs / "tasks.csv").read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    first = json.loads((dev_outputs / "tasks.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert tuple(header) == TASK_COLUMNS == tuple(task_row(first))
