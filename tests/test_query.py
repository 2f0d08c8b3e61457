"""``congbao query``: questions asked of the dev dataset, output formats, errors, closed pipes, help."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run_cli
from pipelines.tools.cli import main


def jsonl(folder: Path, kind: str) -> list[dict]:
    return [json.loads(x) for x in (folder / f"{kind}.jsonl").read_text(encoding="utf-8").splitlines()]


def query(capsys, *args: str) -> tuple[int, str, str]:
    """``congbao query ARGS`` in this process (stdout is not a terminal: JSON lines by default)."""
    status = main(["query", *args])
    out, err = capsys.readouterr()
    return status, out, err


def rows(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


def led_by(tasks: list[dict], name: str, role: str = "lead") -> list[str]:
    return [t["task_id"] for t in tasks if any(a["name"] == name for a in t[role])]


@pytest.mark.parametrize("agency", ["Sở Nội vụ", "so noi vu", "SỞ NỘI VỤ", "Nội vụ"],
                         ids=["printed", "no-diacritics", "capitals", "part-of-name"])
def test_tasks_by_lead_agency_with_or_without_diacritics(dev_outputs, capsys, agency):
    status, out, err = query(capsys, "tasks", "--db", str(dev_outputs), "--lead", agency)
    assert status == 0 and err == ""
    assert [r["task_id"] for r in rows(out)] == led_by(jsonl(dev_outputs, "tasks"), "Sở Nội vụ")


def test_tasks_by_lead_and_due_date(dev_outputs, capsys):
    status, out, _ = query(capsys, "tasks", "--db", str(dev_outputs), "--lead", "so noi vu", "--due-before", "2024-01-01")
    tasks = jsonl(dev_outputs, "tasks")
    expected = [t["task_id"] for t in tasks if t["task_id"] in led_by(tasks, "Sở Nội vụ")
                and t["deadline"] and t["deadline"]["end"] and t["deadline"]["end"] < "2024-01-01"]
    got = rows(out)
    assert status == 0 and [r["task_id"] for r in got] == expected and expected
    # JSON lines carry the record types: lists as lists, booleans as booleans.
    assert isinstance(got[0]["lead"], list) and got[0]["source_ocr"] is False and isinstance(got[0]["cells"], dict)


def test_tasks_by_support_document_and_gazette(dev_outputs, capsys):
    tasks = jsonl(dev_outputs, "tasks")
    _, out, _ = query(capsys, "tasks", "--db", str(dev_outputs), "--support", "so tai chinh", "--document", "45/KH-UBND")
    expected = [t["task_id"] for t in tasks if t["document"]["number"] == "45/KH-UBND"
                and t["task_id"] in led_by(tasks, "Sở Tài chính", "support")]
    assert [r["task_id"] for r in rows(out)] == expected and expected
    _, out, _ = query(capsys, "tasks", "--db", str(dev_outputs), "--gazette", "hau giang")
    assert [r["task_id"] for r in rows(out)] == [t["task_id"] for t in tasks if t["gazette"]["province"] == "Hậu Giang"]


def test_tasks_by_words_without_diacritics(dev_outputs, capsys):
    _, plain, _ = query(capsys, "tasks", "--db", str(dev_outputs), "--search", "don doc")
    _, printed, _ = query(capsys, "tasks", "--db", str(dev_outputs), "--search", "đôn đốc")
    found = [r["task_id"] for r in rows(plain)]
    assert found == [r["task_id"] for r in rows(printed)]
    assert found and all("đôn đốc" in json.dumps(r, ensure_ascii=False).lower() for r in rows(plain))


@pytest.mark.parametrize("key", ["59/2012/NĐ-CP", "59/2012/ND-CP"], ids=["printed", "D-for-Đ"])
def test_documents_citing_a_key_once_each(dev_outputs, capsys, key):
    status, out, _ = query(capsys, "documents", "--db", str(dev_outputs), "--cites", key)
    got = rows(out)
    assert status == 0 and [(r["number"], r["occurrences"]) for r in got] == [("123/KH-UBND", 2)]


def test_references_of_a_document(dev_outputs, capsys):
    _, out, _ = query(capsys, "references", "--db", str(dev_outputs), "--document", "45/KH-UBND")
    expected = [r["raw"] for r in jsonl(dev_outputs, "references") if r["document"]["number"] == "45/KH-UBND"
                and not r["self"]]
    assert [r["raw"] for r in rows(out)] == expected and expected


def test_search_looks_in_tasks_documents_and_references(dev_outputs, capsys):
    _, out, _ = query(capsys, "search", "--db", str(dev_outputs), "ke hoach")
    found_in = {r["found_in"] for r in rows(out)}
    assert found_in == {"tasks", "documents", "references"}
    _, out, _ = query(capsys, "search", "--db", str(dev_outputs), "kiem tra", "--in", "tasks", "--limit", "3")
    assert len(rows(out)) == 3 and all("kiểm tra" in r["text"].lower() or r["found_in"] == "tasks" for r in rows(out))


def test_sql_with_parameters_and_csv(dev_outputs, capsys):
    status, out, _ = query(capsys, "sql", "--db", str(dev_outputs), "--csv",
                           "SELECT name, count(*) AS n FROM task_agencies WHERE role = :role GROUP BY name "
                           "ORDER BY n DESC, name LIMIT 2", "--param", "role", "lead")
    table = list(csv.reader(io.StringIO(out)))
    counts: dict[str, int] = {}
    for t in jsonl(dev_outputs, "tasks"):
        for a in t["lead"]:
            counts[a["name"]] = counts.get(a["name"], 0) + 1
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    assert status == 0 and table[0] == ["name", "n"] and table[1] == [top[0], str(top[1])]


def test_table_output_has_a_header_and_one_line_per_row(dev_outputs, capsys):
    _, out, _ = query(capsys, "tasks", "--db", str(dev_outputs), "--lead", "so noi vu", "--table")
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["task_id", "deadline_end", "lead"] and set(lines[1]) <= {"-", " "}
    assert len(lines) == 2 + len(led_by(jsonl(dev_outputs, "tasks"), "Sở Nội vụ"))


@pytest.mark.parametrize("args, status, message", [
    (["tasks", "--db", "/nonexistent/outputs"], 1, "congbao: query: no dataset at /nonexistent/outputs/"),
    (["sql", "SELEC 1"], 1, "congbao: query: SQL error: near \"SELEC\": syntax error"),
    (["sql", "DELETE FROM tasks"], 1, "congbao: query: refused: a query may only read"),
    (["search", "***"], 2, "congbao: query: nothing to search for"),
], ids=["no-database", "bad-sql", "read-only", "empty-search"])
def test_errors_are_one_line(dev_outputs, capsys, args, status, message):
    if "--db" not in args:
        args = [*args, "--db", str(dev_outputs)]
    got, out, err = query(capsys, *args)
    assert got == status and out == ""
    assert err.startswith(message) and err.count("\n") == 1 and "Traceback" not in err


def test_a_bad_date_is_a_usage_error(dev_outputs):
    done = run_cli("query", "tasks", "--db", str(dev_outputs), "--due-before", "31/12/2023")
    assert done.returncode == 2 and "not a date (YYYY-MM-DD)" in done.stderr and "Traceback" not in done.stderr


def test_quiet_on_a_closed_pipe(dev_outputs):
    # ``congbao query tasks | head -1``: the output (~150 KB) outgrows the pipe once the reader leaves.
    p = subprocess.Popen([sys.executable, "-m", "pipelines", "query", "tasks", "--db", str(dev_outputs)],
                         cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = p.stdout.readline()
    p.stdout.close()
    err = p.stderr.read()
    assert p.wait(timeout=60) == 0
    assert json.loads(first)["task_id"] and err == b""


@pytest.mark.parametrize("command", [[], ["tasks"], ["documents"], ["references"], ["search"], ["sql"]],
                         ids=lambda c: c[0] if c else "query")
def test_every_query_help_has_an_example(capsys, command):
    with pytest.raises(SystemExit) as done:
        main(["query", *command, "--help"])
    out = capsys.readouterr().out
    assert done.value.code == 0 and "usage: congbao query" in out
    assert "Example" in out and "congbao query " + (command[0] if command else "") in out.split("Example", 1)[1]


# ---------------------------------------------------------------- read-only, really


@pytest.mark.parametrize("sql", [
    "VACUUM INTO '{tmp}/copy.sqlite'",
    "ATTACH DATABASE '{tmp}/new.sqlite' AS x",
    "PRAGMA user_version = 7",
    "PRAGMA journal_mode = WAL",
    "CREATE TEMP TABLE t AS SELECT 1",
    "DELETE FROM tasks",
], ids=["vacuum-into", "attach", "pragma-set", "pragma-journal", "temp-table", "delete"])
def test_sql_that_would_write_is_refused_and_writes_nothing(dev_outputs, capsys, tmp_path, sql):
    db = dev_outputs / "congbao.sqlite"
    before = db.read_bytes()
    got, out, err = query(capsys, "sql", sql.format(tmp=tmp_path), "--db", str(dev_outputs))
    assert got == 1 and out == ""
    assert err.startswith("congbao: query: refused: a query may only read") and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []          # VACUUM INTO and ATTACH made no file
    assert db.read_bytes() == before


@pytest.mark.parametrize("sql", [
    "PRAGMA table_info(tasks)", "PRAGMA user_version", "SELECT * FROM pragma_table_info('tasks')",
    "SELECT count(*) FROM tasks, json_each(tasks.lead)",
    "SELECT count(*) FROM tasks_fts WHERE tasks_fts MATCH 'don'",
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3) SELECT i FROM n",
], ids=["table-info", "user-version", "pragma-function", "json-each", "fts", "recursive"])
def test_sql_that_only_reads_still_runs(dev_outputs, capsys, sql):
    got, out, err = query(capsys, "sql", sql, "--db", str(dev_outputs))
    assert got == 0 and err == "" and out


def test_tasks_by_origin(dev_outputs, capsys):
    tasks = jsonl(dev_outputs, "tasks")
    for origin in ("appendix", "body"):
        status, out, _ = query(capsys, "tasks", "--db", str(dev_outputs), "--origin", origin)
        assert status == 0
        assert [r["task_id"] for r in rows(out)] == [t["task_id"] for t in tasks if t["origin"] == origin]
    status, out, _ = query(capsys, "tasks", "--db", str(dev_outputs), "--origin", "appendix")
    assert len(rows(out)) > 0
