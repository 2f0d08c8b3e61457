"""The dataset as pandas DataFrames: extracted from gazette PDFs (``extract``) or read back from a
folder the command line wrote (``load``).

The frames have the columns of the CSV, Parquet and SQLite views (``pipelines.writers.fields``: one set
of names everywhere): a record's fields flattened by one rule, derived from the record types of
``extract.records`` so that frames and schema cannot drift apart (a nested object's fields become
columns named ``<field>_<subfield>``: ``source_file``, ``deadline_end``), and the ids that link them
(``document_id``, ``reference_id``, ``table_id``, ``row``). Lists stay Python lists in one column;
``cells`` stays a dict. Dates are ``datetime64[s]`` (``NaT`` when unknown), integers that may be unknown
are ``Int64``. The column list of each frame is in ``docs/python.md``.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pandas as pd

from extract.errors import ExtractError
from extract.records import RECORD_TYPES
from pipelines.writers.fields import FIELDS, Links, linked_rows

log = logging.getLogger(__name__)

# The frames: the record kinds, and the rows of tables; errors stay records (``Dataset.errors``).
FRAME_KINDS = ("tasks", "documents", "references", "tables", "table_rows")
# The kinds counted in a dataset's repr.
COUNTED = ("tasks", "documents", "references", "tables", "errors")
# The agency lists of a task, as the ``role`` of each row of ``Dataset.agencies``.
AGENCY_ROLES = {"lead": "lead", "support": "support", "mentioned_agencies": "mentioned"}
AGENCY_COLUMNS = ("task_id", "role", "raw", "name", "collective")
# The dtype of a link column (ids are text, a row's position an integer).
LINK_DTYPES = {"text": "str", "int": "int64"}

PathLike = str | os.PathLike


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a frame: its name, the path to its value in a record (empty for a link), its
    pandas dtype."""

    name: str
    path: tuple[str, ...]
    dtype: str


def frame_columns(kind: str) -> tuple[Column, ...]:
    """Every column of the frame of ``kind``, in order: the views' columns (``FIELDS[kind]``).

    >>> [c.name for c in frame_columns("references")][:4]
    ['reference_id', 'document_id', 'source_file', 'source_path']
    """
    out = []
    for c in FIELDS[kind]:
        if c.field is None:
            out.append(Column(name=c.name, path=(), dtype=LINK_DTYPES[c.type]))
        else:
            out.append(Column(name=c.name, path=c.field.path, dtype=_dtype(c.field.type, c.field.optional)))
    return tuple(out)


def record_columns(kind: str) -> tuple[Column, ...]:
    """The columns of the frame of ``kind`` that come from its record's fields, in record order.

    >>> [(c.name, c.dtype) for c in record_columns("tasks") if c.path[0] == "deadline"][:4]
    [('deadline_raw', 'str'), ('deadline_kind', 'str'), ('deadline_start', 'datetime64[s]'), ('deadline_end', 'datetime64[s]')]
    """
    return tuple(c for c in frame_columns(kind) if c.path)


def _dtype(tp: Any, optional: bool) -> str:
    if tp is dt.date:
        return "datetime64[s]"
    if tp is str:
        return "str"
    if tp is bool:
        return "boolean" if optional else "bool"
    if tp is int:
        return "Int64" if optional else "int64"
    if tp is float:
        return "Float64"
    return "object"   # lists (tuples in the records) and ``cells`` (a dict)


def rows_to_frame(kind: str, rows: Sequence[tuple[Mapping[str, Any], Links]]) -> pd.DataFrame:
    """``(record, links)`` pairs of one kind as a DataFrame with the columns of ``frame_columns(kind)``."""
    data = {}
    for col, view in zip(frame_columns(kind), FIELDS[kind]):
        data[col.name] = pd.Series([view.get(r, links) for r, links in rows], dtype=col.dtype)
    return pd.DataFrame(data, columns=[c.name for c in frame_columns(kind)])


def _link(records_by_kind: Mapping[str, Sequence[Mapping[str, Any]]]) -> dict[str, list[tuple[Mapping, Links]]]:
    """Each record (and each row of a table) with its ids, per frame kind, in the records' own order.

    Ids are made per file, as the writers make them (``fields.linked_rows``): the records are grouped
    by the file they name (``source.path``)."""
    files: dict[str, SimpleNamespace] = {}
    for kind in ("documents", "tasks", "references", "tables"):
        for r in records_by_kind.get(kind, ()):
            path = r["source"].get("path") or r["source"]["file"]
            group = files.setdefault(path, SimpleNamespace(file=r["source"]["file"], path=path, documents=[], tasks=[],
                                                           references=[], tables=[]))
            getattr(group, kind).append(r)
    links: dict[int, Links] = {}
    rows_of: dict[int, list[tuple[Mapping, Links]]] = {}
    for group in files.values():
        table = None
        for kind, record, link in linked_rows(group):   # a table, then its rows
            if kind == "table_rows":
                rows_of.setdefault(id(table), []).append((record, link))
            else:
                links[id(record)] = link
                table = record if kind == "tables" else table
    out: dict[str, list[tuple[Mapping, Links]]] = {k: [] for k in FRAME_KINDS}
    for kind in ("tasks", "documents", "references", "tables"):
        for r in records_by_kind.get(kind, ()):
            out[kind].append((r, links.get(id(r), Links())))
    for t in records_by_kind.get("tables", ()):
        out["table_rows"].extend(rows_of.get(id(t), ()))
    return out


def agencies_frame(tasks: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """One row per agency of a task: ``role`` is "lead", "support" or "mentioned" (named in the text)."""
    rows = [
        {"task_id": t["task_id"], "role": role, **a}
        for t in tasks for field, role in AGENCY_ROLES.items() for a in t[field]
    ]
    return pd.DataFrame({
        "task_id": pd.Series([r["task_id"] for r in rows], dtype="str"),
        "role": pd.Series([r["role"] for r in rows], dtype="str"),
        "raw": pd.Series([r["raw"] for r in rows], dtype="str"),
        "name": pd.Series([r["name"] for r in rows], dtype="str"),
        "collective": pd.Series([r["collective"] for r in rows], dtype="bool"),
    }, columns=list(AGENCY_COLUMNS))


@dataclass(frozen=True, eq=False, repr=False)
class Dataset:
    """Tasks, documents, references and tables of some gazettes, as DataFrames and as JSON records.

    - ``tasks``, ``documents``, ``references``, ``tables``: one row per record, ``table_rows`` one row
      per row of a table (columns: ``docs/python.md``, the same as the CSV, Parquet and SQLite views);
    - ``agencies``: one row per agency of a task (``task_id``, ``role``, ``raw``, ``name``, ``collective``);
    - ``records``: ``{"tasks": [...], "documents": [...], "references": [...], "tables": [...],
      "errors": [...]}``, the JSON records exactly as ``congbao extract`` writes them, each valid
      against its schema;
    - ``errors``: the error records (``file``, ``sha256``, ``stage``, ``error``) of the PDFs that gave none.

    Built once and not changed afterwards; the frames are the caller's to copy and change.
    """

    tasks: pd.DataFrame
    documents: pd.DataFrame
    references: pd.DataFrame
    tables: pd.DataFrame
    table_rows: pd.DataFrame
    agencies: pd.DataFrame
    records: dict[str, list[dict]]
    errors: list[dict]

    @classmethod
    def from_records(cls, records: Mapping[str, Iterable[Mapping[str, Any]]]) -> Dataset:
        """A dataset from JSON records keyed by kind ("tasks", "documents", "references", "tables",
        "errors"); a kind left out has no records."""
        unknown = set(records) - set(RECORD_TYPES)
        if unknown:
            raise ValueError(f"unknown record kind(s): {', '.join(sorted(unknown))} (one of {', '.join(RECORD_TYPES)})")
        recs = {kind: [dict(r) for r in records.get(kind, ())] for kind in RECORD_TYPES}
        linked = _link(recs)
        frames = {kind: rows_to_frame(kind, linked[kind]) for kind in FRAME_KINDS}
        return cls(**frames, agencies=agencies_frame(recs["tasks"]), records=recs, errors=recs["errors"])

    def __repr__(self) -> str:
        counts = ", ".join(f"{kind}={len(self.records[kind])}" for kind in COUNTED)
        return f"Dataset({counts})"


def extract(paths: PathLike | Iterable[PathLike], *, ocr: bool | str = "auto", jobs: int = 1,
            strict: bool = False) -> Dataset:
    """Extract gazette PDFs (files, or folders searched for ``*.pdf``) into a ``Dataset``.

    The records are those ``congbao extract`` writes for the same paths, in the same order (files
    sorted by their path under the folder given), each validated against its schema; a file reached
    twice (the same bytes) gives its records once. A PDF that cannot be processed gives no records and one entry in
    ``Dataset.errors`` (and a logged warning); with ``strict`` it raises ``ExtractError`` instead,
    after every file was tried. ``ocr`` is the OCR policy ("auto", "always", "never"; True and False
    mean "auto" and "never"), as ``congbao extract --ocr``; ``jobs`` processes that
    many PDFs in parallel, one process each. The language pipeline is built on first use, once per
    process. Raises ``FileNotFoundError`` for a path that does not exist.

    >>> ds = extract("raw_pdfs/congbao-camau-43.pdf")
    >>> ds  # doctest: +ELLIPSIS
    Dataset(tasks=..., documents=1, references=20, tables=1, errors=0)
    >>> int((ds.tasks.origin == "appendix").sum())   # one task per row of its appendix table
    38
    >>> task = ds.tasks.set_index("task_id").loc["congbao-camau-43/123-KH-UBND/A1/III.3"]
    >>> task.source_pages, task.deadline_kind, int(task.deadline_amount), task.deadline_unit
    ([49, 50], 'relative', 5, 'working_day')
    >>> task.document_date
    Timestamp('2023-05-29 00:00:00')
    >>> lead = ds.agencies.query("role == 'lead' and name == 'Sở Nội vụ'")
    >>> lead.task_id.iloc[0]
    'congbao-camau-43/123-KH-UBND/A1/IV.1'
    """
    from pipelines.runner.identity import find_inputs, unique_rels

    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]   # a single path, not an iterable of its characters
    given = [Path(p) for p in paths]
    missing = [str(p) for p in given if not p.exists()]
    if missing:
        raise FileNotFoundError(f"no such file or folder: {', '.join(missing)}")
    # the files, their order and their names in the records exactly as ``congbao extract`` has them
    inputs = sorted(unique_rels(find_inputs(given)), key=lambda i: (i.rel, str(i.path)))
    run = partial(_process, ocr=ocr)
    if jobs > 1 and len(inputs) > 1:
        with ProcessPoolExecutor(max_workers=min(jobs, len(inputs))) as pool:
            outcomes = list(pool.map(run, inputs))
    else:
        outcomes = [run(i) for i in inputs]
    seen: set[str] = set()
    kept = []
    for o in outcomes:
        # the same bytes reached twice (a file and a copy of it) give their records once, as in the CLI
        if o.sha256 is not None and not o.error and o.sha256 in seen:
            continue
        seen.add(o.sha256)
        kept.append(o)
    outcomes = kept
    errors = [o.error for o in outcomes if o.error]
    for e in errors:
        log.warning("%s: %s: %s", e["file"], e["stage"], e["error"])
    if strict and errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise ExtractError(f"{first['file']}: {first['error']}{more}", stage=first["stage"])
    return Dataset.from_records({
        "tasks": [t for o in outcomes for t in o.tasks],
        "documents": [d for o in outcomes for d in o.documents],
        "references": [r for o in outcomes for r in o.references],
        "tables": [t for o in outcomes for t in o.tables],
        "errors": errors,
    })


def _process(item, *, ocr: bool | str):
    """One input's ``FileOutcome``, read as a ``congbao extract`` worker reads it: a private copy of its
    bytes, hashed as read (module-level: worker processes get it by name)."""
    from pipelines.runner.job import FileOutcome, Job, run_job

    job = Job(index=0, name=item.name, rel=item.rel, sha256="", options=(("ocr", ocr), ("reader", "pdfium")),
              path=str(item.path))
    return FileOutcome.from_entry(run_job(job))


def load(folder: PathLike) -> Dataset:
    """The ``Dataset`` that ``congbao extract … --out FOLDER`` wrote: its JSONL files read back.

    ``tasks.jsonl``, ``documents.jsonl`` and ``references.jsonl`` must be there (``FileNotFoundError``
    otherwise); a missing ``errors.jsonl`` or ``tables.jsonl`` (a folder written before tables were)
    means none. Records written at an earlier minor schema version load too: the fields added since are
    null in the frames (``records`` keeps them as read).
    """
    folder = Path(folder)
    records: dict[str, list[dict]] = {}
    for kind in RECORD_TYPES:
        path = folder / f"{kind}.jsonl"
        if kind in ("errors", "tables") and not path.exists():
            records[kind] = []
            continue
        with path.open(encoding="utf-8") as f:
            records[kind] = [json.loads(line) for line in f if line.strip()]
    return Dataset.from_records(records)
