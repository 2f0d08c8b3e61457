"""The SQLite view of the dataset, laid out for queries (the conventions of sqlite-utils and Datasette).

After ``SqliteSink(path)``, ``write_file(...)`` per PDF and ``finish()``, ``path`` holds:

- ``documents``, ``tasks``, ``"references"``, ``"tables"``: one row per record, ``table_rows``: one
  row per row of a table; typed columns (INTEGER, REAL, TEXT; dates ISO ``YYYY-MM-DD`` TEXT, booleans
  0/1) named as in every view (``fields.FIELDS``), primary keys ``document_id``, ``task_id``,
  ``reference_id``, ``table_id`` and (``table_id``, ``row``); every ``document_id`` is a foreign key to
  ``documents``, ``table_rows.table_id`` one to ``tables``. A column that holds a list holds a JSON
  array (agencies by name, references by key), so that Datasette's array facets and SQLite's
  ``json_each`` work on it; ``cells`` is a JSON object (null for a task written in the body).
- ``task_agencies(task_id, role, position, raw, name, name_folded, collective)``: one row per lead,
  support or mentioned agency of a task; ``task_references(task_id, position, key, …)``: one row per
  legal reference in a task's cells.
- ``tasks_fts``, ``documents_fts``, ``references_fts``: FTS5 indexes over their table's text columns,
  declared with ``content=`` their table (so that ``sqlite-utils search`` and Datasette find them),
  searchable with or without diacritics, đ/Đ included (see ``searchable``).
- ``fold_chars(ch, plain)`` and ``reference_keys(key, key_folded)``: what ``fold`` does, as data, so
  that Datasette's canned queries (plain SQL, no Python function) match as ``congbao query`` does.
- views for the common questions: ``task_details``, ``tasks_by_agency``, ``tasks_by_lead_agency``,
  ``documents_citing``, ``tasks_due``;
- indexes on the columns those questions filter on.

``metadata(...)`` is the Datasette metadata written beside it as ``metadata.json``.
"""
from __future__ import annotations

import contextlib
import errno
import json
import logging
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from extract.names import fold_marks

from .fields import FIELDS

log = logging.getLogger(__name__)


def fold(text: str | None) -> str:
    """Text as searched without diacritics: marks and tones dropped, đ → d, lower case.

    >>> fold("Đôn đốc, kiểm tra"), fold("SỞ NỘI VỤ")
    ('don doc, kiem tra', 'so noi vu')
    """
    return fold_marks(text or "").lower()


# Full-text search with and without diacritics. FTS5's unicode61 tokenizer with remove_diacritics 2
# drops tones and vowel marks and folds case ("KIỂM", "kiểm" and "kiem" are one token) but not the
# stroke of đ, which Unicode treats as its own letter, not d plus a mark: "đốc" is indexed "đoc" and
# "doc" finds nothing. So a text holding đ is indexed twice, as printed and passed through ``fold``
# (đ → d): a query typed with đ matches the first, one typed without diacritics the second;
# ``congbao query`` folds its query and so matches either.
TOKENIZE = "unicode61 remove_diacritics 2"

SQL_TYPES = {
    "text": "TEXT", "int": "INTEGER", "real": "REAL", "bool": "INTEGER", "date": "TEXT",
    "ints": "TEXT", "texts": "TEXT", "agencies": "TEXT", "refs": "TEXT", "roles": "TEXT", "cells": "TEXT",
    "json": "TEXT",
}
# The tables, in the order they are made (a table before those that point to it).
TABLES = ("documents", "tasks", "references", "tables", "table_rows")
PRIMARY_KEYS = {"tasks": ("task_id",), "documents": ("document_id",), "references": ("reference_id",),
                "tables": ("table_id",), "table_rows": ("table_id", "row")}
FOREIGN_KEYS = {"tasks": {"document_id": "documents"}, "references": {"document_id": "documents"},
                "tables": {"document_id": "documents"},
                "table_rows": {"table_id": "tables", "document_id": "documents"}}
# Text indexed for search, per table: FTS column → how to read it from the flat row.
FTS_COLUMNS: dict[str, tuple[str, ...]] = {
    "tasks": ("text", "evidence", "group_title", "cells", "lead", "support"),
    "documents": ("title", "kind", "number", "issuer", "signer_name"),
    "references": ("raw", "key", "issuer", "title"),
}

SCHEMA_AFTER_LOAD = """
CREATE INDEX tasks_document_id ON tasks(document_id);
CREATE INDEX tasks_document_number ON tasks(document_number);
CREATE INDEX tasks_deadline_end ON tasks(deadline_end);
CREATE INDEX tasks_gazette ON tasks(gazette_province, gazette_issue);
CREATE INDEX task_agencies_name ON task_agencies(name, role);
CREATE INDEX task_agencies_name_folded ON task_agencies(name_folded, role);
CREATE INDEX task_references_key ON task_references(key);
CREATE INDEX task_references_global_key ON task_references(global_key);
CREATE INDEX references_key ON "references"(key);
CREATE INDEX references_global_key ON "references"(global_key);
CREATE INDEX references_document_id ON "references"(document_id);
CREATE INDEX documents_number ON documents(number);
CREATE INDEX documents_source_path ON documents(source_path);
CREATE INDEX tables_document_id ON "tables"(document_id);
CREATE INDEX table_rows_document_id ON table_rows(document_id);
CREATE INDEX tasks_origin ON tasks(origin);
CREATE INDEX reference_keys_folded ON reference_keys(key_folded);
"""

VIEWS = {
    "task_details": """
        SELECT t.task_id, t.gazette_name, t.gazette_date, t.document_kind, t.document_number,
               d.title AS document_title, d.issuer AS document_issuer, t.group_number, t.group_title,
               t.number, t.text, t.deadline_raw, t.deadline_kind, t.deadline_start, t.deadline_end,
               t.lead, t.support, t.legal_refs, t.source_pages, t.source_file, t.document_id, t.origin
        FROM tasks t LEFT JOIN documents d ON d.document_id = t.document_id""",
    "tasks_by_agency": """
        SELECT a.name AS agency, a.role, a.collective, t.task_id, t.text, t.deadline_kind,
               t.deadline_start, t.deadline_end, t.document_number, t.gazette_name, a.name_folded AS agency_folded
        FROM task_agencies a JOIN tasks t ON t.task_id = a.task_id""",
    "tasks_by_lead_agency": """
        SELECT agency, collective, task_id, text, deadline_kind, deadline_start, deadline_end, document_number,
               gazette_name, agency_folded
        FROM tasks_by_agency WHERE role = 'lead'""",
    # One row per (cited key, citing document), however often the document cites it; a document's
    # reference to itself is not a citation.
    "documents_citing": """
        SELECT r.key, min(r.global_key) AS global_key, min(r.kind) AS cited_kind, r.document_id,
               min(r.document_number) AS document_number, min(d.kind) AS document_kind,
               min(d.date) AS document_date, min(d.title) AS document_title, min(d.gazette_name) AS gazette_name,
               min(r.source_file) AS source_file, min(r.source_page) AS source_page, count(*) AS occurrences
        FROM "references" r LEFT JOIN documents d ON d.document_id = r.document_id
        WHERE NOT r.self
        GROUP BY r.key, r.document_id""",
    "tasks_due": """
        SELECT task_id, deadline_end AS due, deadline_start, deadline_kind, deadline_raw, text, lead,
               document_number, gazette_name
        FROM tasks WHERE deadline_end IS NOT NULL""",
}


def _create_table(kind: str) -> str:
    fks = FOREIGN_KEYS.get(kind, {})
    key = PRIMARY_KEYS[kind]
    cols = []
    for c in FIELDS[kind]:
        col = f'"{c.name}" {SQL_TYPES[c.type]}'
        if key == (c.name,):
            col += " PRIMARY KEY"
        elif c.name in fks:
            col += f' REFERENCES "{fks[c.name]}"({PRIMARY_KEYS[fks[c.name]][0]})'
        cols.append(col)
    if len(key) > 1:
        cols.append(f"PRIMARY KEY ({', '.join(key)})")
    return f'CREATE TABLE "{kind}" (\n  ' + ",\n  ".join(cols) + "\n)"


CHILD_TABLES = """
CREATE TABLE task_agencies (
  task_id TEXT NOT NULL REFERENCES tasks(task_id),
  role TEXT NOT NULL CHECK (role IN ('lead', 'support', 'mentioned')),
  position INTEGER NOT NULL,
  raw TEXT NOT NULL,
  name TEXT NOT NULL,
  name_folded TEXT NOT NULL,
  collective INTEGER NOT NULL,
  PRIMARY KEY (task_id, role, position)
);
CREATE TABLE task_references (
  task_id TEXT NOT NULL REFERENCES tasks(task_id),
  position INTEGER NOT NULL,
  key TEXT NOT NULL,
  global_key TEXT,
  raw TEXT NOT NULL,
  kind TEXT,
  number TEXT,
  date TEXT,
  issuer TEXT,
  title TEXT,
  self INTEGER NOT NULL,
  warnings TEXT,
  PRIMARY KEY (task_id, position)
);
CREATE TABLE fold_chars (
  ch TEXT PRIMARY KEY,
  plain TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE reference_keys (
  key TEXT PRIMARY KEY,
  key_folded TEXT NOT NULL
) WITHOUT ROWID;
"""


def fold_table() -> list[tuple[str, str]]:
    """``(character, folded)`` for every letter and mark ``fold`` changes beyond ASCII lower-casing (the
    Latin letters with marks, đ/Đ, the combining marks), so that SQL can fold as ``fold`` does.

    >>> dict(fold_table())["Ở"], dict(fold_table())["đ"], dict(fold_table())["\\u0301"]
    ('o', 'd', '')
    """
    out = []
    for start, end in ((0x00C0, 0x024F), (0x0300, 0x036F), (0x1E00, 0x1EFF)):
        for code in range(start, end + 1):
            ch = chr(code)
            plain = fold(ch)
            if plain != ch.lower():
                out.append((ch, plain))
    return out


def sql_fold(param: str) -> str:
    """A scalar subquery that folds the text of the SQL parameter ``param`` (":agency") as ``fold``
    does, one character at a time through ``fold_chars`` (ASCII by ``lower``)."""
    return (f"(WITH RECURSIVE f(i, out) AS (SELECT 0, '' UNION ALL SELECT i + 1, out || coalesce("
            f"(SELECT plain FROM fold_chars WHERE ch = substr({param}, i + 1, 1)), lower(substr({param}, i + 1, 1))) "
            f"FROM f WHERE i < length({param})) SELECT out FROM f ORDER BY i DESC LIMIT 1)")


def _script(con: sqlite3.Connection, script: str) -> None:
    # Not executescript(): it would commit the open transaction first.
    for statement in script.split(";"):
        if statement.strip():
            con.execute(statement)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _sql_value(type_: str, value: Any) -> Any:
    if value is None:
        return None
    if type_ == "bool":
        return int(value)
    if type_ in ("ints", "texts", "cells", "roles", "json"):
        return _json(value)
    if type_ == "agencies":
        return _json([a["name"] for a in value])
    if type_ == "refs":
        return _json([r["key"] for r in value])
    return value


def _fts_text(type_: str, value: Any) -> str:
    if value is None:
        return ""
    if type_ == "texts":
        return "\n".join(value)
    if type_ == "agencies":
        return "\n".join(a["name"] for a in value)
    if type_ == "cells":
        return "\n".join(v for v in value.values() if v)
    return str(value)


def searchable(text: str) -> str:
    """``text`` as indexed for search: as printed, and again folded when it holds đ or Đ (the one
    letter FTS5's tokenizer does not fold).

    >>> searchable("Đôn đốc kiểm tra"), searchable("kiểm tra")
    ('Đôn đốc kiểm tra\\ndon doc kiem tra', 'kiểm tra')
    """
    return f"{text}\n{fold(text)}" if "đ" in text or "Đ" in text else text


ROLES = (("lead", "lead"), ("support", "support"), ("mentioned", "mentioned_agencies"))


@contextlib.contextmanager
def disk_errors(path: Path) -> Iterator[None]:
    """SQLite's "database or disk is full" and "disk I/O error" (what it says of a file-size limit) as
    the ``OSError`` every other writer raises, so that the run reports one line for a full disk
    whatever file met it."""
    try:
        yield
    except sqlite3.OperationalError as e:
        name = getattr(e, "sqlite_errorname", "") or ""
        if name == "SQLITE_FULL" or "disk is full" in str(e):
            raise OSError(errno.ENOSPC, f"No space left on device (SQLite: {e})", str(path)) from None
        if name.startswith("SQLITE_IOERR") or "disk I/O error" in str(e):
            raise OSError(errno.EIO, f"Input/output error (SQLite: {e})", str(path)) from None
        raise


class SqliteSink:
    """Writes ``congbao.sqlite`` (and ``metadata.json`` beside it) in one transaction, PDF by PDF."""

    def __init__(self, path: Path):
        self.path = path
        for stale in (path, path.with_name(path.name + "-journal")):
            stale.unlink(missing_ok=True)
        self.con = sqlite3.connect(path, isolation_level=None)
        self.con.execute("PRAGMA journal_mode = MEMORY")
        self.con.execute("PRAGMA synchronous = OFF")
        self.con.execute("BEGIN")
        for kind in TABLES:
            self.con.execute(_create_table(kind))
            if kind in FTS_COLUMNS:
                cols = FTS_COLUMNS[kind]
                self.con.execute(f'CREATE VIRTUAL TABLE "{kind}_fts" USING fts5({", ".join(cols)}, '
                                 f"content=\"{kind}\", tokenize = '{TOKENIZE}')")
        _script(self.con, CHILD_TABLES)
        self.con.executemany("INSERT INTO fold_chars VALUES (?, ?)", fold_table())
        self.keys: set[str] = set()
        self.rowids = {kind: 0 for kind in TABLES}
        self.types = {kind: {c.name: c.type for c in FIELDS[kind]} for kind in FIELDS}
        self.insert = {
            kind: f'INSERT OR IGNORE INTO "{kind}" (rowid, {", ".join(chr(34) + c.name + chr(34) for c in FIELDS[kind])}) '
                  f'VALUES ({", ".join("?" * (len(FIELDS[kind]) + 1))})'
            for kind in FIELDS
        }
        self.skipped = 0
        self.finished = False

    def write_file(self, rows: Sequence[tuple[str, Mapping[str, Any], Mapping[str, Any]]]) -> None:
        """Insert the ``(kind, record, flat_row)`` of one PDF, documents first."""
        with disk_errors(self.path):
            self._write_file(rows)

    def _write_file(self, rows: Sequence[tuple[str, Mapping[str, Any], Mapping[str, Any]]]) -> None:
        con = self.con
        for kind, _record, flat in rows:
            types = self.types[kind]
            self.rowids[kind] += 1
            rowid = self.rowids[kind]
            values = [rowid, *(_sql_value(types[name], v) for name, v in flat.items())]
            # Ids derive from each file's unique name in the dataset (``runner.identity``): a record
            # whose id is taken is a defect, counted and logged, never a failed run.
            if con.execute(self.insert[kind], values).rowcount == 0:
                self.skipped += 1
                continue
            if kind in FTS_COLUMNS:
                texts = [searchable(_fts_text(types.get(col, "text"), flat.get(col))) for col in FTS_COLUMNS[kind]]
                con.execute(f'INSERT INTO "{kind}_fts" (rowid, {", ".join(FTS_COLUMNS[kind])}) '
                            f'VALUES ({", ".join("?" * (len(texts) + 1))})', [rowid, *texts])
            if kind == "tasks":
                self._children(flat)
            elif kind == "references":
                self.keys.update(k for k in (flat["key"], flat["global_key"]) if k)

    def _children(self, flat: Mapping[str, Any]) -> None:
        task_id = flat["task_id"]
        for r in flat.get("legal_refs") or []:
            self.keys.update(k for k in (r["key"], r.get("global_key")) if k)
        self.con.executemany(
            "INSERT INTO task_agencies VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(task_id, role, i, a["raw"], a["name"], fold(a["name"]), int(a["collective"]))
             for role, column in ROLES for i, a in enumerate(flat.get(column) or [], 1)])
        self.con.executemany(
            "INSERT INTO task_references VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(task_id, i, r["key"], r.get("global_key"), r["raw"], r.get("kind"), r.get("number"), r.get("date"),
              r.get("issuer"), r.get("title"), int(r.get("self", False)), _json(r.get("warnings") or []))
             for i, r in enumerate(flat.get("legal_refs") or [], 1)])

    def finish(self) -> None:
        """Indexes, views and statistics; commit, compact; write ``metadata.json``."""
        with disk_errors(self.path):
            self._finish()

    def _finish(self) -> None:
        con = self.con
        if self.skipped:
            log.warning("%d record(s) left out of %s: their id was taken by another record", self.skipped,
                        self.path.name)
        con.executemany("INSERT INTO reference_keys VALUES (?, ?)", [(k, fold(k)) for k in sorted(self.keys)])
        _script(con, SCHEMA_AFTER_LOAD)
        for name, sql in VIEWS.items():
            con.execute(f"CREATE VIEW {name} AS {sql.strip()}")
        for kind in FTS_COLUMNS:
            con.execute(f"INSERT INTO \"{kind}_fts\"(\"{kind}_fts\") VALUES ('optimize')")
        con.execute("ANALYZE")
        con.execute("COMMIT")
        con.execute("VACUUM")                       # same bytes for the same inserts, no free pages
        con.close()
        self.finished = True
        with open(self.path.with_name("metadata.json"), "w", encoding="utf-8", newline="\n") as f:
            f.write(json.dumps(metadata(self.path.stem), ensure_ascii=False, indent=2) + "\n")

    def close(self) -> None:
        if not self.finished:
            self.con.close()
            self.finished = True


# ---------------------------------------------------------------- Datasette metadata

# Canned queries: the questions the dataset is for, as Datasette forms (":name" is a form field).
# Datasette has no fold(): the form's text is folded in SQL (``sql_fold``, through ``fold_chars``) and
# compared with the folded names and keys, so "SỞ NỘI VỤ", "Sở Nội vụ" and "so noi vu" match alike,
# as in ``congbao query``.
CANNED_QUERIES = {
    "tasks_by_agency": {
        "title": "Tasks of an agency",
        "description": "Tasks an agency leads or supports (part of its name, with or without diacritics, in any "
                       "case: 'Sở Nội vụ', 'SỞ NỘI VỤ' or 'so noi vu').",
        "sql": "SELECT agency, role, task_id, text, deadline_kind, deadline_end, document_number\n"
               "FROM tasks_by_agency\n"
               f"WHERE role IN ('lead', 'support') AND instr(agency_folded, {sql_fold(':agency')}) > 0\n"
               "ORDER BY role, task_id",
    },
    "documents_citing_key": {
        "title": "Documents citing a legal document",
        "description": "Documents that cite a reference key, e.g. 59/2012/NĐ-CP or 1420/UBND-CCHC@2023, Đ typed "
                       "as D or not, in any case (one row per citing document).",
        "sql": "SELECT key, document_number, document_kind, document_title, gazette_name, source_file, source_page, "
               "occurrences\nFROM documents_citing\n"
               f"WHERE key IN (SELECT key FROM reference_keys WHERE key_folded = {sql_fold(':key')})\n"
               f"   OR global_key IN (SELECT key FROM reference_keys WHERE key_folded = {sql_fold(':key')})\n"
               "ORDER BY gazette_name, document_number",
    },
    "tasks_due_before": {
        "title": "Tasks due before a date",
        "description": "Tasks whose deadline ends before a date (YYYY-MM-DD), earliest first.",
        "sql": "SELECT due, task_id, deadline_kind, deadline_raw, text, lead, document_number\n"
               "FROM tasks_due\nWHERE due < :date\nORDER BY due, task_id",
    },
}


def _column_descriptions(kind: str) -> dict[str, str]:
    return {c.name: c.description for c in FIELDS[kind]}


def metadata(database: str = "congbao") -> dict:
    """Datasette metadata for the database file named ``database``.sqlite."""
    return {
        "title": "congbao: tasks, documents and legal references from Vietnamese Official Gazettes",
        "description": "Every appendix-table row of the plans and decisions printed in the gazettes (Công báo) "
                       "as a task with its agencies and deadline; the documents; the legal references they cite. "
                       "Search with or without diacritics.",
        "source": "congbao extract",
        "databases": {database: {
            "tables": {
                "tasks": {
                    "description": "One task per appendix-table row, reassembled across page breaks "
                                   "(origin appendix), or per assignment written in a document's body (origin body).",
                    "sort": "task_id",
                    "fts_table": "tasks_fts", "fts_pk": "rowid",
                    "facets": ["gazette_name", "document_number", "origin", "deadline_kind", {"array": "lead"},
                               {"array": "support"}],
                    "columns": _column_descriptions("tasks"),
                },
                "documents": {
                    "description": "Legal documents found in the gazette issues.",
                    "label_column": "number", "sort": "document_id",
                    "fts_table": "documents_fts", "fts_pk": "rowid",
                    "facets": ["gazette_name", "kind", "issuer"],
                    "columns": _column_descriptions("documents"),
                },
                "references": {
                    "description": "Every occurrence of a legal reference (body, titles, tables).",
                    "sort": "reference_id",
                    "fts_table": "references_fts", "fts_pk": "rowid",
                    "facets": ["kind", "key", "self", {"array": "warnings"}],
                    "columns": _column_descriptions("references"),
                },
                "task_agencies": {
                    "description": "One row per agency of a task: role lead (chủ trì), support (phối hợp) "
                                   "or mentioned; name canonical, name_folded without diacritics.",
                    "facets": ["role", "name", "collective"],
                },
                "task_references": {
                    "description": "One row per legal reference in a task's cells.",
                    "facets": ["key", "kind"],
                },
                "tables": {
                    "description": "Every ruled table of a document, stitched across pages, task table or not "
                                   "(kind tasks or other); its rows are in table_rows.",
                    "sort": "table_id",
                    "facets": ["kind", "document_number", "gazette_name"],
                    "columns": _column_descriptions("tables"),
                },
                "table_rows": {
                    "description": "One row per row of a table (table_id, row), its cells keyed by header.",
                    "facets": ["total"],
                    "columns": _column_descriptions("table_rows"),
                },
                "fold_chars": {"description": "How letters are folded for search without diacritics (used by "
                                              "the canned queries)."},
                "reference_keys": {"description": "Every reference key and global key, folded (used by the canned "
                                                  "queries)."},
                "task_details": {"description": "Tasks with their document's title and issuer."},
                "tasks_by_agency": {"description": "One row per (agency, role, task).",
                                    "facets": ["role", "agency"]},
                "tasks_by_lead_agency": {"description": "One row per (lead agency, task).", "facets": ["agency"]},
                "documents_citing": {"description": "One row per (cited key, citing document), self-references "
                                                    "left out; occurrences counts the citations.",
                                     "facets": ["cited_kind"]},
                "tasks_due": {"description": "Tasks with a due date (deadline_end)."},
            },
            "queries": CANNED_QUERIES,
        }},
    }
