"""The SQLite view: types and keys, child tables, search with and without diacritics, the README's queries."""
from __future__ import annotations

import contextlib
import io
import json
import re
import sqlite3
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from conftest import ROOT


def jsonl(folder: Path, kind: str) -> list[dict]:
    return [json.loads(x) for x in (folder / f"{kind}.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def con(dev_outputs):
    c = sqlite3.connect(dev_outputs / "congbao.sqlite")
    yield c
    c.close()


def plain(text: str) -> str:
    """Written here on purpose, not imported: lower case, marks dropped, đ → d."""
    t = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in t if not unicodedata.combining(c)).lower()


def words_of_task(t: dict) -> set[str]:
    """The words of what a task's search covers: text, cells, evidence, group title, agency names."""
    parts = [t["text"] or "", t["group"]["title"] or "", *t["evidence"], *(v or "" for v in (t["cells"] or {}).values()),
             *(a["name"] for a in t["lead"] + t["support"])]
    return set(re.findall(r"\w+", plain("\n".join(parts))))


def tasks_containing(dev_outputs: Path, query: str) -> set[str]:
    wanted = set(re.findall(r"\w+", plain(query)))
    return {t["task_id"] for t in jsonl(dev_outputs, "tasks") if wanted <= words_of_task(t)}


def fts_tasks(con, match: str) -> set[str]:
    return {r[0] for r in con.execute(
        "SELECT task_id FROM tasks WHERE rowid IN (SELECT rowid FROM tasks_fts WHERE tasks_fts MATCH ?)", [match])}


# ---------------------------------------------------------------- tables, types, keys


def test_tasks_table_has_types_and_a_primary_key(con):
    info = {name: (type_, pk) for _cid, name, type_, _nn, _default, pk in con.execute("PRAGMA table_info(tasks)")}
    assert info["task_id"] == ("TEXT", 1)
    assert sum(pk for _t, pk in info.values()) == 1
    assert info["gazette_issue"][0] == info["deadline_amount"][0] == info["source_ocr"][0] == "INTEGER"
    assert info["source_confidence"][0] == "REAL"
    assert info["deadline_end"][0] == info["text"][0] == info["lead"][0] == "TEXT"
    assert all(t for t, _pk in info.values()), "every column has a declared type"
    row = con.execute("SELECT typeof(gazette_issue), typeof(source_ocr), typeof(source_pages), typeof(deadline_end) "
                      "FROM tasks WHERE deadline_end IS NOT NULL LIMIT 1").fetchone()
    assert row == ("integer", "integer", "text", "text")


@pytest.mark.parametrize("table, key", [("documents", "document_id"), ("references", "reference_id"),
                                        ("task_agencies", "task_id"), ("task_references", "task_id")])
def test_every_table_has_a_primary_key(con, table, key):
    pks = [name for _c, name, _t, _n, _d, pk in con.execute(f'PRAGMA table_info("{table}")') if pk]
    assert pks and pks[0] == key
    n = con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
    assert n > 0


def test_foreign_keys_point_to_existing_rows(con, dev_outputs):
    fks = {(t, row[3], row[2]) for t in ("tasks", "references", "task_agencies", "task_references")
           for row in con.execute(f'PRAGMA foreign_key_list("{t}")')}
    assert fks == {("tasks", "document_id", "documents"), ("references", "document_id", "documents"),
                   ("task_agencies", "task_id", "tasks"), ("task_references", "task_id", "tasks")}
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    assert con.execute("SELECT count(*) FROM tasks WHERE document_id IS NULL").fetchone() == (0,)
    per_document = dict(con.execute("SELECT d.number, count(t.task_id) FROM documents d "
                                    "LEFT JOIN tasks t USING (document_id) GROUP BY d.document_id"))
    assert per_document == {d["number"]: d["tasks"] for d in jsonl(dev_outputs, "documents")}


@pytest.mark.parametrize("sql, index", [
    ("SELECT * FROM \"references\" WHERE key = '59/2012/NĐ-CP'", "references_key"),
    ("SELECT * FROM task_agencies WHERE name = 'Sở Nội vụ' AND role = 'lead'", "task_agencies_name"),
    ("SELECT * FROM tasks WHERE deadline_end < '2024-01-01'", "tasks_deadline_end"),
    ("SELECT * FROM tasks WHERE document_id = 'x'", "tasks_document_id"),
    ("SELECT * FROM task_references WHERE key = 'x'", "task_references_key"),
], ids=["reference-key", "agency", "due", "document", "task-reference"])
def test_common_queries_use_an_index(con, sql, index):
    plan = " ".join(r[-1] for r in con.execute("EXPLAIN QUERY PLAN " + sql))
    assert index in plan, plan


def test_list_columns_hold_json_arrays(con, dev_outputs):
    tasks = {t["task_id"]: t for t in jsonl(dev_outputs, "tasks")}
    for task_id, lead, support, refs, pages, evidence in con.execute(
            "SELECT task_id, lead, support, legal_refs, source_pages, evidence FROM tasks"):
        t = tasks[task_id]
        assert json.loads(lead) == [a["name"] for a in t["lead"]]
        assert json.loads(support) == [a["name"] for a in t["support"]]
        assert json.loads(refs) == [r["key"] for r in t["legal_refs"]]
        assert json.loads(pages) == t["source"]["pages"] and json.loads(evidence) == t["evidence"]
    assert con.execute("SELECT count(*) FROM tasks WHERE json_type(lead) != 'array' OR json_type(support) != 'array'"
                       " OR json_type(cells) != 'object'").fetchone() == (0,)
    # A multi-agency lead is several values, one per agency (as Datasette's array facet counts them).
    counts = dict(con.execute("SELECT j.value, count(*) FROM tasks, json_each(tasks.lead) j GROUP BY j.value"))
    assert counts["Sở Nội vụ"] == sum(any(a["name"] == "Sở Nội vụ" for a in t["lead"]) for t in tasks.values())


def test_task_agencies_answers_what_so_noi_vu_leads(con, dev_outputs):
    led = {r[0] for r in con.execute("SELECT task_id FROM task_agencies WHERE role = 'lead' AND name = 'Sở Nội vụ'")}
    expected = {t["task_id"] for t in jsonl(dev_outputs, "tasks") if any(a["name"] == "Sở Nội vụ" for a in t["lead"])}
    assert led == expected and len(led) >= 5
    folded = {r[0] for r in con.execute(
        "SELECT task_id FROM task_agencies WHERE role = 'lead' AND name_folded = 'so noi vu'")}
    assert folded == expected
    rows = con.execute("SELECT role, raw, name, collective FROM task_agencies WHERE task_id = ? ORDER BY role, position",
                       [sorted(expected)[0]]).fetchall()
    t = next(t for t in jsonl(dev_outputs, "tasks") if t["task_id"] == sorted(expected)[0])
    assert rows == sorted([("lead", a["raw"], a["name"], int(a["collective"])) for a in t["lead"]]
                          + [("support", a["raw"], a["name"], int(a["collective"])) for a in t["support"]]
                          + [("mentioned", a["raw"], a["name"], int(a["collective"])) for a in t["mentioned_agencies"]],
                          key=lambda r: r[0])


def test_task_references_hold_each_reference_of_a_task(con, dev_outputs):
    expected = sorted((t["task_id"], r["key"]) for t in jsonl(dev_outputs, "tasks") for r in t["legal_refs"])
    assert sorted(con.execute("SELECT task_id, key FROM task_references")) == expected and expected


# ---------------------------------------------------------------- search


@pytest.mark.parametrize("query", [
    "kiem tra", "so noi vu", "dau tu", "don doc",          # typed without diacritics (the four)
    "kiểm tra", "Sở Nội vụ", "đầu tư", "đôn đốc",          # the same, as printed
    "ĐÔN ĐỐC",                                             # capitals with Đ
], ids=lambda q: q.replace(" ", "_"))
def test_search_finds_the_tasks_that_contain_the_words(con, dev_outputs, query):
    expected = tasks_containing(dev_outputs, query)
    assert expected, "the dev gazettes contain the words"
    assert fts_tasks(con, query) == expected


@pytest.mark.parametrize("printed, typed", [("đôn đốc", "don doc"), ("Sở Nội vụ", "so noi vu"),
                                            ("đầu tư", "dau tu"), ("kiểm tra", "kiem tra"),
                                            ("Đề án", "de an")])
def test_search_with_and_without_diacritics_finds_the_same_tasks(con, printed, typed):
    assert fts_tasks(con, printed) == fts_tasks(con, typed)


def test_documents_and_references_are_searchable_without_diacritics(con, dev_outputs):
    docs = [r[0] for r in con.execute("SELECT d.number FROM documents d WHERE d.rowid IN "
                                      "(SELECT rowid FROM documents_fts WHERE documents_fts MATCH 'chuyen doi so')")]
    assert docs == [d["number"] for d in jsonl(dev_outputs, "documents") if "chuyển đổi số" in d["title"].lower()]
    for query in ("nghi dinh chinh phu", "Nghị định Chính phủ"):
        refs = {r[0] for r in con.execute("SELECT reference_id FROM \"references\" WHERE rowid IN "
                                          "(SELECT rowid FROM references_fts WHERE references_fts MATCH ?)", [query])}
        expected = [r for r in jsonl(dev_outputs, "references")
                    if "nghị định" in r["raw"].lower() and "chính phủ" in ((r["raw"] + (r["issuer"] or "")).lower())]
        assert len(refs) == len(expected) > 3


# ---------------------------------------------------------------- the README's queries


def readme_queries() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Querying the dataset", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sql\n(.*?)```", section, flags=re.S)


def test_readme_queries_return_the_expected_rows_without_duplicates(con, dev_outputs):
    queries = readme_queries()
    assert len(queries) == 4
    results = [con.execute(q).fetchall() for q in queries]
    for q, rows in zip(queries, results):
        assert rows, q
        assert len(rows) == len(set(rows)), f"duplicates from {q}"
    tasks, refs = jsonl(dev_outputs, "tasks"), jsonl(dev_outputs, "references")
    # 1. What Sở Nội vụ leads, due before 2024.
    assert [r[0] for r in results[0]] == sorted(
        t["task_id"] for t in tasks if any(a["name"] == "Sở Nội vụ" for a in t["lead"])
        and t["deadline"] and t["deadline"]["end"] and t["deadline"]["end"] < "2024-01-01")
    # 2. Documents citing 59/2012/NĐ-CP, once each, with how often.
    citing = Counter(r["document"]["number"] for r in refs if r["key"] == "59/2012/NĐ-CP" and not r["self"])
    assert {(r[0], r[-1]) for r in results[1]} == set(citing.items()) and max(citing.values()) > 1
    # 3. "don doc" without diacritics: every task with "đôn đốc".
    assert {r[0] for r in results[2]} == tasks_containing(dev_outputs, "đôn đốc")
    # 4. The agencies that lead most tasks.
    counts = Counter(a["name"] for t in tasks for a in t["lead"])
    assert results[3] == sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:5]


# ---------------------------------------------------------------- views and metadata


def test_views_answer_the_common_questions(con, dev_outputs):
    tasks = jsonl(dev_outputs, "tasks")
    assert con.execute("SELECT count(*), count(document_title) FROM task_details").fetchone() == (len(tasks),) * 2
    due = con.execute("SELECT task_id, due FROM tasks_due ORDER BY due, task_id").fetchall()
    assert due == sorted(((t["task_id"], t["deadline"]["end"]) for t in tasks if t["deadline"] and t["deadline"]["end"]),
                         key=lambda r: (r[1], r[0]))
    lead = con.execute("SELECT count(*) FROM tasks_by_lead_agency").fetchone()[0]
    assert lead == sum(len(t["lead"]) for t in tasks)
    pairs = con.execute("SELECT key, document_id FROM documents_citing").fetchall()
    assert len(pairs) == len(set(pairs))


def test_metadata_canned_queries_run_on_the_database(con, dev_outputs):
    meta = json.loads((dev_outputs / "metadata.json").read_text(encoding="utf-8"))
    db = meta["databases"]["congbao"]
    assert meta["title"] and db["tables"]["tasks"]["fts_table"] == "tasks_fts"
    assert {"array": "lead"} in db["tables"]["tasks"]["facets"]
    assert all(db["tables"][t]["description"] for t in ("tasks", "documents", "references", "task_agencies"))
    queries = db["queries"]
    assert set(queries) == {"tasks_by_agency", "documents_citing_key", "tasks_due_before"}
    by_agency = con.execute(queries["tasks_by_agency"]["sql"], {"agency": "so noi vu"}).fetchall()
    assert by_agency == con.execute(queries["tasks_by_agency"]["sql"], {"agency": "Sở Nội vụ"}).fetchall()
    assert {r[2] for r in by_agency if r[1] == "lead"} == {
        r[0] for r in con.execute("SELECT task_id FROM task_agencies WHERE role = 'lead' AND name = 'Sở Nội vụ'")}
    citing = con.execute(queries["documents_citing_key"]["sql"], {"key": "59/2012/NĐ-CP"}).fetchall()
    assert [(r[1], r[-1]) for r in citing] == [("123/KH-UBND", 2)]
    due = con.execute(queries["tasks_due_before"]["sql"], {"date": "2023-07-01"}).fetchall()
    assert due and all(r[0] < "2023-07-01" for r in due)


# ---------------------------------------------------------------- other tools on the same file


@pytest.mark.parametrize("table, query, key", [
    ("tasks", "don doc", "task_id"), ("tasks", "đôn đốc", "task_id"), ("tasks", "KIỂM TRA", "task_id"),
    ("documents", "chuyen doi so", "document_id"), ("references", "nghi dinh", "reference_id"),
], ids=["tasks-plain", "tasks-printed", "tasks-capitals", "documents", "references"])
def test_sqlite_utils_search_uses_the_fts_tables(dev_outputs, con, table, query, key):
    sqlite_utils = pytest.importorskip("sqlite_utils")   # the "test" extra
    db = sqlite_utils.Database(dev_outputs / "congbao.sqlite")
    assert db[table].detect_fts() == f"{table}_fts"
    found = {r[key] for r in db[table].search(query, columns=[key])}
    expected = {r[0] for r in con.execute(
        f'SELECT {key} FROM "{table}" WHERE rowid IN (SELECT rowid FROM "{table}_fts" WHERE "{table}_fts" MATCH ?)',
        [" ".join(f'"{w}"' for w in query.split())])}
    assert found == expected and found
    if table == "tasks":
        assert found == tasks_containing(dev_outputs, query)


def test_sqlite_utils_search_command_line_finds_tasks_without_diacritics(dev_outputs):
    import subprocess
    import sys

    exe = Path(sys.executable).with_name("sqlite-utils")
    if not exe.exists():
        pytest.skip("sqlite-utils is not installed (the test extra)")
    done = subprocess.run([str(exe), "search", str(dev_outputs / "congbao.sqlite"), "tasks", "don doc", "-c", "task_id"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert {r["task_id"] for r in json.loads(done.stdout)} == tasks_containing(dev_outputs, "đôn đốc")


@pytest.mark.parametrize("typed", ["Sở Nội vụ", "SỞ NỘI VỤ", "so noi vu", "SO NOI VU", "nội vụ", "So Noi Vu"])
def test_canned_agency_query_folds_case_and_marks_as_the_cli_does(con, dev_outputs, typed):
    from pipelines.tools.cli import main

    sql = json.loads((dev_outputs / "metadata.json").read_text(encoding="utf-8"))["databases"]["congbao"]["queries"][
        "tasks_by_agency"]["sql"]
    canned = {(r[2], r[1]) for r in con.execute(sql, {"agency": typed})}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["query", "tasks", "--db", str(dev_outputs), "--lead", typed, "--json"]) == 0
    cli_lead = {json.loads(line)["task_id"] for line in out.getvalue().splitlines()}
    assert {t for t, role in canned if role == "lead"} == cli_lead
    assert len(cli_lead) >= 5


@pytest.mark.parametrize("typed", ["59/2012/NĐ-CP", "59/2012/ND-CP", "59/2012/nđ-cp", "59/2012/nd-cp"])
def test_canned_citing_query_takes_a_key_typed_any_way(con, typed):
    from pipelines.writers.sqlite import CANNED_QUERIES

    rows = con.execute(CANNED_QUERIES["documents_citing_key"]["sql"], {"key": typed}).fetchall()
    assert [(r[1], r[-1]) for r in rows] == [("123/KH-UBND", 2)]


def test_fold_table_folds_as_fold_does(con):
    from pipelines.writers.sqlite import fold, sql_fold

    for text in ("SỞ NỘI VỤ", "Đôn đốc", "Thủ tướng Chính phủ", "ƯỚC TÍNH", "plain ascii", ""):
        assert con.execute(f"SELECT {sql_fold(':t')}", {"t": text}).fetchone()[0] == fold(text), text
    # NFD input (a browser may send it): the combining marks go too.
    nfd = unicodedata.normalize("NFD", "Sở Nội vụ")
    assert con.execute(f"SELECT {sql_fold(':t')}", {"t": nfd}).fetchone()[0] == "so noi vu"


def test_tables_and_their_rows_are_tables_of_the_database(con, dev_outputs):
    tables = jsonl(dev_outputs, "tables")
    assert con.execute('SELECT count(*) FROM "tables"').fetchone() == (len(tables),)
    assert con.execute("SELECT count(*) FROM table_rows").fetchone() == (sum(len(t["rows"]) for t in tables),)
    pks = [name for _c, name, _t, _n, _d, pk in sorted(con.execute("PRAGMA table_info(table_rows)"), key=lambda r: r[5])
           if pk]
    assert pks == ["table_id", "row"]
    fks = {(row[3], row[2]) for row in con.execute("PRAGMA foreign_key_list(table_rows)")}
    assert fks == {("table_id", "tables"), ("document_id", "documents")}
