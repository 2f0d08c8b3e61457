"""The SQLite view of the dataset, laid out for queries (the conventions of sqlite-utils and Datasette).

After ``SqliteSink(path)``, ``write_file(...)`` per PDF and ``finish()``, ``path`` holds:

- ``documents``, ``tasks``, ``"references"``: one row per record, typed columns (INTEGER, REAL, TEXT;
  dates ISO ``YYYY-MM-DD`` TEXT, booleans 0/1), primary keys ``document_id``, ``task_id``,
  ``reference_id``; ``tasks.document_id`` and ``references.document_id`` are foreign keys to
  ``documents``. A column that holds a list holds a JSON array (agencies by name, references by key),
  so that Datasette's array facets and SQLite's ``json_each`` work on it; ``cells`` is a JSON object.
- ``task_agencies(task_id, role, position, raw, name, name_folded, collective)``: one row per lead,
  support or mentioned agency of a task; ``task_references(task_id, position, key, …)``: one row per
  legal reference in a task's cells.
- ``tasks_fts``, ``documents_fts``, ``references_fts``: FTS5 indexes (rowid = the table's rowid),
  searchable with or without diacritics, đ/Đ included (see ``fold``).
- views for the common questions: ``task_details``, ``tasks_by_agency``, ``tasks_by_lead_agency``,
  ``documents_citing``, ``tasks_due``;
- indexes on the columns those questions filter on.

``metadata(...)`` is the Datasette metadata written beside it as ``metadata.json``.
"""
from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Mapping, Sequence
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
# drops tones and vowel marks ("kiểm" and "kiem" are one token) but not the stroke of đ, which
# Unicode treats as its own letter, not d plus a mark: "đốc" is indexed "đoc" and "doc" finds
# nothing. So every FTS table has, besides the text columns, a column ``folded`` holding the same
# text passed through ``fold`` (đ → d). A query typed with đ matches the text columns, one typed
# without diacritics matches ``folded``; ``congbao query`` folds its query and so matches either.
TOKENIZE = "unicode61 remove_diacritics 2"

SQL_TYPES = {
    "text": "TEXT", "int": "INTEGER", "real": "REAL", "bool": "INTEGER", "date": "TEXT",
    "ints": "TEXT", "texts": "TEXT", "agencies": "TEXT", "refs": "TEXT", "cells": "TEXT",
}
PRIMARY_KEYS = {"tasks": "task_id", "documents": "document_id", "references": "reference_id"}
FOREIGN_KEYS = {"tasks": {"document_id": "documents"}, "references": {"document_id": "documents"}}
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
CREATE INDEX documents_file ON documents(file);
"""

VIEWS = {
    "task_details": """
        SELECT t.task_id, t.gazette_name, t.gazette_date, t.document_kind, t.document_number,
               d.title AS document_title, d.issuer AS document_issuer, t.group_number, t.group_title,
               t.number, t.text, t.deadline_raw, t.deadline_kind, t.deadline_start, t.deadline_end,
               t.lead, t.support, t.legal_refs, t.pages, t.file, t.document_id
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
               min(r.file) AS file, min(r.page) AS first_page, count(*) AS occurrences
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
    cols = []
    for c in FIELDS[kind]:
        col = f'{c.name} {SQL_TYPES[c.type]}'
        if c.name == PRIMARY_KEYS[kind]:
            col += " PRIMARY KEY"
        elif c.name in fks:
            col += f' REFERENCES "{fks[c.name]}"({PRIMARY_KEYS[fks[c.name]]})'
        cols.append(col)
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
"""


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
    if type_ in ("ints", "texts", "cells"):
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


ROLES = (("lead", "lead"), ("support", "support"), ("mentioned", "mentioned_agencies"))


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
        for kind in ("documents", "tasks", "references"):
            self.con.execute(_create_table(kind))
            cols = FTS_COLUMNS[kind]
            self.con.execute(f'CREATE VIRTUAL TABLE "{kind}_fts" USING fts5({", ".join(cols)}, folded, '
                             f"tokenize = '{TOKENIZE}')")
        _script(self.con, CHILD_TABLES)
        self.rowids = {"documents": 0, "tasks": 0, "references": 0}
        self.types = {kind: {c.name: c.type for c in FIELDS[kind]} for kind in FIELDS}
        self.insert = {
            kind: f'INSERT OR IGNORE INTO "{kind}" (rowid, {", ".join(c.name for c in FIELDS[kind])}) '
                  f'VALUES ({", ".join("?" * (len(FIELDS[kind]) + 1))})'
            for kind in FIELDS
        }
        self.skipped = 0
        self.finished = False

    def write_file(self, rows: Sequence[tuple[str, Mapping[str, Any], Mapping[str, Any]]]) -> None:
        """Insert the ``(kind, record, flat_row)`` of one PDF, documents first."""
        con = self.con
        for kind, _record, flat in rows:
            types = self.types[kind]
            self.rowids[kind] += 1
            rowid = self.rowids[kind]
            values = [rowid, *(_sql_value(types[name], v) for name, v in flat.items())]
            # Ids are unique per PDF file name; two inputs of one name in different folders collide:
            # the first keeps the id (the JSONL files keep both).
            if con.execute(self.insert[kind], values).rowcount == 0:
                self.skipped += 1
                continue
            texts = [_fts_text(types.get(col, "text"), flat.get(col)) for col in FTS_COLUMNS[kind]]
            con.execute(f'INSERT INTO "{kind}_fts" (rowid, {", ".join(FTS_COLUMNS[kind])}, folded) '
                        f'VALUES ({", ".join("?" * (len(texts) + 2))})',
                        [rowid, *texts, fold("\n".join(t for t in texts if t))])
            if kind == "tasks":
                self._children(flat)

    def _children(self, flat: Mapping[str, Any]) -> None:
        task_id = flat["task_id"]
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
        con = self.con
        if self.skipped:
            log.warning("%d record(s) left out of %s: their id was taken by an earlier input of the same "
                        "file name", self.skipped, self.path.name)
        _script(con, SCHEMA_AFTER_LOAD)
        for name, sql in VIEWS.items():
            con.execute(f"CREATE VIEW {name} AS {sql.strip()}")
        for kind in FIELDS:
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
# Datasette has no fold(): an agency typed with diacritics matches ``agency`` (LIKE ignores ASCII
# case), one typed without matches the folded copy.
CANNED_QUERIES = {
    "tasks_by_agency": {
        "title": "Tasks of an agency",
        "description": "Tasks an agency leads or supports (part of its name, with or without diacritics: "
                       "'Sở Nội vụ' or 'so noi vu').",
        "sql": "SELECT agency, role, task_id, text, deadline_kind, deadline_end, document_number\n"
               "FROM tasks_by_agency\n"
               "WHERE agency LIKE '%' || :agency || '%' OR agency_folded LIKE '%' || lower(:agency) || '%'\n"
               "ORDER BY role, task_id",
    },
    "documents_citing_key": {
        "title": "Documents citing a legal document",
        "description": "Documents that cite a reference key, e.g. 59/2012/NĐ-CP or 1420/UBND-CCHC@2023 "
                       "(one row per citing document).",
        "sql": "SELECT key, document_number, document_kind, document_title, gazette_name, file, first_page, "
               "occurrences\nFROM documents_citing\nWHERE key = :key OR global_key = :key\n"
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
                    "description": "One task per appendix-table row, reassembled across page breaks.",
                    "sort": "task_id",
                    "fts_table": "tasks_fts", "fts_pk": "rowid",
                    "facets": ["gazette_name", "document_number", "deadline_kind", {"array": "lead"},
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
