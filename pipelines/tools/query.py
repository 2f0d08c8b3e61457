"""``congbao query``: ask a written dataset (``congbao.sqlite``) from the command line.

One subcommand per question (tasks, documents, references, search) and ``sql`` for anything else, in
the manner of sqlite-utils: data on stdout (a table on a terminal, JSON lines in a pipe, or as asked
with ``--table``/``--json``/``--csv``), one-line errors on stderr, quiet when the reader goes away.
Agency, gazette and search words match with or without diacritics (``pipelines.writers.sqlite.fold``).
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import re
import shutil
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..writers.fields import FIELDS
from ..writers.sqlite import fold

DEFAULT_DB = Path("outputs")
DB_NAME = "congbao.sqlite"


class QueryError(Exception):
    """A one-line problem for the user; ``status`` is the exit status (1 data, 2 usage)."""

    def __init__(self, message: str, status: int = 1):
        super().__init__(message)
        self.status = status


# ---------------------------------------------------------------- the database

def database_path(db: Path) -> Path:
    """``db`` itself when it is a file (or names one: ``….sqlite``), else ``db/congbao.sqlite``."""
    is_folder = db.is_dir() or (not db.exists() and db.suffix not in (".sqlite", ".sqlite3", ".db"))
    return db / DB_NAME if is_folder else db


# What a query may do (sqlite3's authorizer actions): read and compute. Anything else (ATTACH, which
# can create a file anywhere; VACUUM INTO, which writes one; CREATE, INSERT, even into TEMP) is refused.
_ALLOWED = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION, sqlite3.SQLITE_RECURSIVE}
# PRAGMAs that only read, whatever their argument (a table's name): the rest may be asked for their
# value (no argument), never set.
_READ_PRAGMAS = {
    "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo", "foreign_key_list",
    "foreign_key_check", "database_list", "collation_list", "function_list", "module_list", "pragma_list",
    "compile_options", "integrity_check", "quick_check",
}
_VALUE_PRAGMAS = {"page_count", "page_size", "encoding", "user_version", "application_id", "schema_version",
                  "freelist_count", "data_version", "journal_mode", "auto_vacuum", "foreign_keys"}


def _authorize(action: int, arg1: str | None, arg2: str | None, db: str | None, trigger: str | None) -> int:
    if action in _ALLOWED:
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_UPDATE and arg1 == "sqlite_master" and db == "main":
        # Asked for as a virtual table (FTS5, json_each) declares its columns; the file is opened
        # read-only, so nothing can be written to it.
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_PRAGMA:
        name = (arg1 or "").lower()
        if name in _READ_PRAGMAS or (name in _VALUE_PRAGMAS and arg2 is None):
            return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


def connect(db: Path) -> sqlite3.Connection:
    """A read-only connection with ``fold(text)`` available to SQL; statements that would write
    (anywhere: ATTACH, VACUUM INTO) are refused by an authorizer."""
    path = database_path(db)
    if not path.is_file():
        raise QueryError(f"no dataset at {path}: run 'congbao extract' first, or give --db")
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    con.create_function("fold", 1, lambda s: None if s is None else fold(s), deterministic=True)
    con.set_authorizer(_authorize)
    try:
        con.execute("SELECT 1 FROM tasks LIMIT 1")
    except sqlite3.DatabaseError as e:
        raise QueryError(f"{path}: not a congbao dataset ({e})") from None
    return con


def fts_query(text: str) -> str:
    """An FTS5 query for the words of ``text``, each folded and quoted (no operators): every word
    must occur, in any column, with or without diacritics.

    >>> fts_query('Sở Nội vụ "đôn đốc"')
    '"so" "noi" "vu" "don" "doc"'
    """
    words = re.findall(r"\w+", fold(text))
    if not words:
        raise QueryError(f"nothing to search for in {text!r}", status=2)
    return " ".join(f'"{w}"' for w in words)


def _like(text: str) -> str:
    """``%folded text%`` for ``LIKE … ESCAPE '\\'``."""
    return "%" + re.sub(r"([\\%_])", r"\\\1", fold(text)) + "%"


# ---------------------------------------------------------------- questions → SQL

AGENCY = ("EXISTS (SELECT 1 FROM task_agencies a WHERE a.task_id = t.task_id AND a.role {role} "
          "AND a.name_folded LIKE ? ESCAPE '\\')")


def tasks_sql(args: argparse.Namespace) -> tuple[str, list[Any]]:
    """The SELECT for ``congbao query tasks`` and its parameters."""
    where, params = [], []
    for option, role in (("lead", "= 'lead'"), ("support", "= 'support'"), ("agency", "IN ('lead', 'support')")):
        for value in getattr(args, option) or ():
            where.append(AGENCY.format(role=role))
            params.append(_like(value))
    if args.due_before:
        where.append("t.deadline_end < ?")
        params.append(args.due_before.isoformat())
    if args.due_after:
        where.append("t.deadline_end > ?")
        params.append(args.due_after.isoformat())
    if args.deadline_kind:
        where.append("t.deadline_kind = ?")
        params.append(args.deadline_kind)
    if args.origin:
        where.append("t.origin = ?")
        params.append(args.origin)
    if args.document:
        where.append("(fold(t.document_number) = ? OR t.document_id = ?)")
        params += [fold(args.document), args.document]
    if args.gazette:
        where.append("(fold(t.gazette_name) LIKE ? ESCAPE '\\' OR fold(t.source_path) LIKE ? ESCAPE '\\')")
        params += [_like(args.gazette)] * 2
    if args.search:
        where.append("t.rowid IN (SELECT rowid FROM tasks_fts WHERE tasks_fts MATCH ?)")
        params.append(fts_query(args.search))
    return _select("tasks t", where, "t.rowid", args.limit), params


def documents_sql(args: argparse.Namespace) -> tuple[str, list[Any]]:
    where, params = [], []
    columns = "d.*"
    table = "documents d"
    if args.cites:
        # One row per citing document (documents_citing groups the occurrences).
        table += (" JOIN (SELECT document_id, sum(occurrences) AS occurrences, min(source_page) AS cited_on_page "
                  "FROM documents_citing WHERE key = ?1 OR global_key = ?1 OR fold(key) = ?2 "
                  "OR fold(global_key) = ?2 GROUP BY document_id) c ON c.document_id = d.document_id")
        columns += ", c.occurrences, c.cited_on_page"
        params += [args.cites, fold(args.cites)]
    if args.gazette:
        where.append(f"(fold(d.gazette_name) LIKE ?{len(params) + 1} ESCAPE '\\' "
                     f"OR fold(d.source_path) LIKE ?{len(params) + 1} ESCAPE '\\')")
        params.append(_like(args.gazette))
    if args.search:
        where.append(f"d.rowid IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?{len(params) + 1})")
        params.append(fts_query(args.search))
    return _select(table, where, "d.rowid", args.limit, columns), params


def references_sql(args: argparse.Namespace) -> tuple[str, list[Any]]:
    where, params = [], []
    if args.key:
        where.append("(r.key = ? OR r.global_key = ? OR fold(r.key) = ? OR fold(r.global_key) = ?)")
        params += [args.key, args.key, fold(args.key), fold(args.key)]
    if args.document:
        where.append("(fold(r.document_number) = ? OR r.document_id = ?)")
        params += [fold(args.document), args.document]
    if not args.self:
        where.append("NOT r.self")
    if args.search:
        where.append("r.rowid IN (SELECT rowid FROM references_fts WHERE references_fts MATCH ?)")
        params.append(fts_query(args.search))
    return _select('"references" r', where, "r.rowid", args.limit), params


SEARCH_TABLES = {  # table → (id column, text shown)
    "tasks": ("task_id", "text"),
    "documents": ("document_id", "title"),
    "references": ("reference_id", "raw"),
}


def search_sql(args: argparse.Namespace) -> tuple[str, list[Any]]:
    query = fts_query(args.text)
    parts = []
    for table in args.tables:
        key, text = SEARCH_TABLES[table]
        parts.append(f"SELECT '{table}' AS found_in, x.{key} AS id, x.{text} AS text, f.rank AS rank "
                     f'FROM "{table}_fts" f JOIN "{table}" x ON x.rowid = f.rowid WHERE "{table}_fts" MATCH ?')
    sql = " UNION ALL ".join(parts) + " ORDER BY rank, found_in, id"
    if args.limit:
        sql += f" LIMIT {int(args.limit)}"
    return f"SELECT found_in, id, text FROM ({sql})", [query] * len(parts)


def _select(table: str, where: Sequence[str], order: str, limit: int | None, columns: str | None = None) -> str:
    alias = table.split()[-1]
    sql = f"SELECT {columns or alias + '.*'} FROM {table}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY {order}"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return sql


# ---------------------------------------------------------------- output

# Columns shown on a terminal (JSON and CSV get every column).
TABLE_COLUMNS = {
    "tasks": ("task_id", "deadline_end", "lead", "text"),
    "documents": ("document_id", "kind", "date", "occurrences", "title"),
    "references": ("reference_id", "source_page", "key", "raw"),
}
_JSON_TYPES = {name: c.type for cols in FIELDS.values() for c in cols for name in [c.name]
               if c.type in ("ints", "texts", "agencies", "refs", "cells", "bool")}


def _decode(column: str, value: Any, typed: bool) -> Any:
    """Values as their record types for JSON: JSON-array columns as lists, booleans as booleans."""
    if not typed or value is None or column not in _JSON_TYPES:
        return value
    if _JSON_TYPES[column] == "bool":
        return bool(value)
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(map(str, value))
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return " ".join(str(value).split())


def write_table(out, columns: Sequence[str], rows: Sequence[Sequence[Any]], width: int) -> None:
    """Aligned columns, one line per row, cut to ``width`` (the last column takes what is left)."""
    cells = [[_cell_text(v) for v in row] for row in rows]
    widths = [min(max([len(c)] + [len(r[i]) for r in cells]), 40) for i, c in enumerate(columns)]
    if widths:
        widths[-1] = max(10, width - sum(widths[:-1]) - 2 * (len(widths) - 1))

    def line(values: Sequence[str]) -> str:
        parts = [v if len(v) <= w else v[: w - 1] + "…" for v, w in zip(values, widths)]
        return "  ".join(p.ljust(w) for p, w in zip(parts, widths)).rstrip()

    out.write(line(list(columns)) + "\n")
    out.write(line(["-" * w for w in widths]) + "\n")
    for r in cells:
        out.write(line(r) + "\n")


def emit(cursor: sqlite3.Cursor, args: argparse.Namespace, table_columns: Sequence[str] | None = None,
         typed: bool = True) -> int:
    """Print the rows of ``cursor`` in the chosen format; 0, also when the reader has gone."""
    columns = [d[0] for d in cursor.description or ()]
    out = sys.stdout
    fmt = args.format or ("table" if out.isatty() else "json")
    try:
        if fmt == "json":
            for row in cursor:
                out.write(json.dumps({c: _decode(c, v, typed) for c, v in zip(columns, row)},
                                     ensure_ascii=False) + "\n")
        elif fmt == "csv":
            w = csv.writer(out, lineterminator="\n")
            w.writerow(columns)
            for row in cursor:
                w.writerow(["" if v is None else _cell_text(_decode(c, v, typed)) for c, v in zip(columns, row)])
        else:
            shown = [c for c in (table_columns or columns) if c in columns] or columns
            index = [columns.index(c) for c in shown]
            rows = [[_decode(columns[i], row[i], typed) for i in index] for row in cursor]
            write_table(out, shown, rows, shutil.get_terminal_size((120, 24)).columns)
        out.flush()
    except BrokenPipeError:
        # The reader stopped (``| head -1``): nothing more to say; keep the interpreter's final
        # flush from failing on the closed pipe too.
        os.dup2(os.open(os.devnull, os.O_WRONLY), out.fileno())
    return 0


def _run(args: argparse.Namespace, build, kind: str | None) -> int:
    try:
        con = connect(args.db)
        try:
            if build is None:
                cursor = con.execute(args.sql, dict(args.param or ()))
                return emit(cursor, args, typed=False)
            sql, params = build(args)
            return emit(con.execute(sql, params), args, TABLE_COLUMNS.get(kind))
        finally:
            con.close()
    except QueryError as e:
        print(f"congbao: query: {e}", file=sys.stderr)
        return e.status
    except sqlite3.Error as e:
        if getattr(e, "sqlite_errorname", None) == "SQLITE_AUTH" or "not authorized" in str(e):
            print("congbao: query: refused: a query may only read (no ATTACH, VACUUM, CREATE, INSERT, or PRAGMA "
                  "that sets a value)", file=sys.stderr)
            return 1
        print(f"congbao: query: SQL error: {e}", file=sys.stderr)
        return 1


# ---------------------------------------------------------------- the command line

def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


QUERY_HELP = """\
Ask a dataset written by 'congbao extract' (its congbao.sqlite). Words of agencies, gazettes and
searches match with or without diacritics: "Sở Nội vụ", "so noi vu" and "SO NOI VU" are one.
Output: a table on a terminal, JSON lines in a pipe; --table, --json (JSON lines) or --csv to choose.
Errors are one line on stderr: exit status 1 (no dataset, bad SQL), 2 (wrong usage).
"""
QUERY_EPILOG = """\
Examples:
  congbao query tasks --lead "so noi vu" --due-before 2024-01-01
  congbao query documents --cites 59/2012/NĐ-CP
  congbao query search "đôn đốc kiểm tra"
  congbao query sql "SELECT agency, count(*) FROM tasks_by_lead_agency GROUP BY agency ORDER BY 2 DESC"
"""


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", type=Path, default=DEFAULT_DB, metavar="PATH",
                        help=f"dataset: an output folder or its {DB_NAME} (default: {DEFAULT_DB})")
    fmt = common.add_mutually_exclusive_group()
    fmt.add_argument("--table", dest="format", action="store_const", const="table",
                     help="aligned columns (default on a terminal)")
    fmt.add_argument("--json", dest="format", action="store_const", const="json",
                     help="one JSON object per line, lists as lists (default in a pipe)")
    fmt.add_argument("--csv", dest="format", action="store_const", const="csv", help="CSV with a header row")
    common.set_defaults(format=None)
    return common


def _limit(p: argparse.ArgumentParser) -> None:
    p.add_argument("--limit", type=int, metavar="N", help="at most N rows")


def _sub(qsub, name: str, help: str, description: str, example: str, common) -> argparse.ArgumentParser:
    return qsub.add_parser(name, parents=[common], help=help, description=description,
                           epilog="Example:\n" + example, formatter_class=argparse.RawDescriptionHelpFormatter)


def add_parser(sub) -> argparse.ArgumentParser:
    """Add ``query`` and its subcommands to the ``congbao`` subparsers ``sub``."""
    q = sub.add_parser("query", help="ask a written dataset: tasks, documents, references, search, SQL",
                       description=QUERY_HELP, epilog=QUERY_EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    qsub = q.add_subparsers(dest="question", metavar="QUESTION", required=True)
    common = _common()

    t = _sub(qsub, "tasks", "tasks by agency, due date, document, gazette, words",
             "Tasks matching every option given (all tasks when none is). Agencies match part of their "
             "canonical name, with or without diacritics; --lead, --support and --agency may be repeated. "
             "A task is due on its deadline_end (the last day of its deadline interval).",
             '  congbao query tasks --lead "Sở Nội vụ" --due-before 2024-01-01 --table\n'
             '  congbao query tasks --support "so tai chinh" --document 45/KH-UBND --csv > tasks.csv\n', common)
    t.add_argument("--lead", action="append", metavar="AGENCY", help="led by AGENCY (Cơ quan chủ trì)")
    t.add_argument("--support", action="append", metavar="AGENCY", help="supported by AGENCY (Cơ quan phối hợp)")
    t.add_argument("--agency", action="append", metavar="AGENCY", help="led or supported by AGENCY")
    t.add_argument("--due-before", type=_date, metavar="YYYY-MM-DD", help="due before that day")
    t.add_argument("--due-after", type=_date, metavar="YYYY-MM-DD", help="due after that day")
    t.add_argument("--deadline-kind", choices=["by_date", "period", "relative", "recurring", "on_event",
                                               "per_reference", "unspecified"], help="kind of deadline")
    t.add_argument("--origin", choices=["appendix", "body"],
                   help="read from an appendix table (appendix) or written in a document's body (body)")
    t.add_argument("--document", metavar="NUMBER", help="of the document with that số ký hiệu (or document_id)")
    t.add_argument("--gazette", metavar="TEXT", help="in a gazette whose name or file path contains TEXT")
    t.add_argument("--search", metavar="WORDS", help="whose text, cells or agencies contain every word")
    _limit(t)
    t.set_defaults(func=lambda args: _run(args, tasks_sql, "tasks"))

    d = _sub(qsub, "documents", "documents, e.g. those citing a legal document",
             "Documents matching every option given. --cites takes a reference key as in references.jsonl "
             "(59/2012/NĐ-CP, 1420/UBND-CCHC@2023; Đ may be typed D) and gives each citing document once, "
             "with how often it cites it.",
             "  congbao query documents --cites 59/2012/ND-CP\n", common)
    d.add_argument("--cites", metavar="KEY", help="citing the document with that key (or global_key)")
    d.add_argument("--gazette", metavar="TEXT", help="in a gazette whose name or file path contains TEXT")
    d.add_argument("--search", metavar="WORDS", help="whose title, kind, number, issuer or signer contain every word")
    _limit(d)
    d.set_defaults(func=lambda args: _run(args, documents_sql, "documents"))

    r = _sub(qsub, "references", "occurrences of legal references",
             "Occurrences of legal references matching every option given; a document's references to itself "
             "are left out unless --self is given.",
             "  congbao query references --document 123/KH-UBND --table\n", common)
    r.add_argument("--key", metavar="KEY", help="of the cited document with that key (or global_key)")
    r.add_argument("--document", metavar="NUMBER", help="in the document with that số ký hiệu (or document_id)")
    r.add_argument("--self", action="store_true", help="include references of documents to themselves")
    r.add_argument("--search", metavar="WORDS", help="whose text contains every word")
    _limit(r)
    r.set_defaults(func=lambda args: _run(args, references_sql, "references"))

    s = _sub(qsub, "search", "full-text search over tasks, documents and references",
             "Tasks, documents and references containing every word of TEXT, with or without diacritics "
             "(đ as d too), best matches first: found_in, id, text.",
             '  congbao query search "kiem tra" --in tasks --limit 5\n', common)
    s.add_argument("text", metavar="TEXT", help="words to find")
    s.add_argument("--in", dest="tables", action="append", choices=list(SEARCH_TABLES),
                   help="search only there (may be repeated; default: all three)")
    _limit(s)
    s.set_defaults(func=lambda args: _run(_all_tables(args), search_sql, None))

    x = _sub(qsub, "sql", "run a read-only SQL query",
             "Run one SQL statement on the dataset, read-only: the database is opened read-only and a "
             "statement that would write anywhere (ATTACH, VACUUM, a PRAGMA that sets a value, CREATE, "
             "INSERT …) is refused. Tables: tasks, documents, \"references\", \"tables\", table_rows, "
             "task_agencies, task_references; views: task_details, tasks_by_agency, tasks_by_lead_agency, "
             "documents_citing, tasks_due; FTS5: tasks_fts, documents_fts, references_fts; fold(text) "
             "drops diacritics (đ → d). Values are printed as stored (lists as JSON text).",
             "  congbao query sql \"SELECT task_id, due FROM tasks_due WHERE due < :d\" --param d 2024-01-01\n",
             common)
    x.add_argument("sql", metavar="SQL", help="the statement")
    x.add_argument("--param", "-p", nargs=2, action="append", metavar=("NAME", "VALUE"),
                   help="value of :NAME in the statement (may be repeated)")
    x.set_defaults(func=lambda args: _run(args, None, None))
    return q


def _all_tables(args: argparse.Namespace) -> argparse.Namespace:
    args.tables = list(dict.fromkeys(args.tables or SEARCH_TABLES))
    return args
