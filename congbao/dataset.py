"""The dataset as pandas DataFrames: extracted from gazette PDFs (``extract``) or read back from a
folder the command line wrote (``load``).

The frames are flattened from the records of the output contract (``docs/output-contract.md``) by
one rule, derived from the record types of ``extract.records`` so that frames and schema cannot
drift apart: a nested object's fields become columns named ``<field>_<subfield>`` (``source_file``,
``deadline_end``); lists stay Python lists in one column; ``cells`` stays a dict. Dates are
``datetime64[s]`` (``NaT`` when unknown), integers that may be unknown are ``Int64``. The column list
of each frame is in ``docs/python.md``.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import os
import types
import typing
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from extract.errors import ExtractError
from extract.records import RECORD_TYPES

log = logging.getLogger(__name__)

# The three record kinds that become frames; errors stay records (``Dataset.errors``).
FRAME_KINDS = ("tasks", "documents", "references")
# The agency lists of a task, as the ``role`` of each row of ``Dataset.agencies``.
AGENCY_ROLES = {"lead": "lead", "support": "support", "mentioned_agencies": "mentioned"}
AGENCY_COLUMNS = ("task_id", "role", "raw", "name", "collective")

PathLike = str | os.PathLike


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a frame: its name, the path to its value in a record, its pandas dtype."""

    name: str
    path: tuple[str, ...]
    dtype: str


def record_columns(kind: str) -> tuple[Column, ...]:
    """The columns of the frame of one kind of record, in record order.

    >>> [(c.name, c.dtype) for c in record_columns("tasks") if c.path[0] == "deadline"][:4]
    [('deadline_raw', 'str'), ('deadline_kind', 'str'), ('deadline_start', 'datetime64[s]'), ('deadline_end', 'datetime64[s]')]
    """
    return tuple(_columns(RECORD_TYPES[kind], ()))


def _columns(record_type: type, prefix: tuple[str, ...]) -> list[Column]:
    hints = typing.get_type_hints(record_type)
    out: list[Column] = []
    for f in dataclasses.fields(record_type):
        tp, optional = _strip_none(hints[f.name])
        path = (*prefix, f.name)
        if dataclasses.is_dataclass(tp):
            # a nested object (``source``, ``deadline``): its fields are columns; all null when it is
            out.extend(_columns(tp, path))
        else:
            out.append(Column(name="_".join(path), path=path, dtype=_dtype(tp, optional)))
    return out


def _strip_none(tp: Any) -> tuple[Any, bool]:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0], len(args) < len(typing.get_args(tp))
    return tp, False


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


def records_to_frame(kind: str, records: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """The records of one kind as a DataFrame with the columns of ``record_columns(kind)``."""
    data = {}
    for col in record_columns(kind):
        values = [_get(r, col.path) for r in records]
        data[col.name] = pd.Series(values, dtype=col.dtype)
    return pd.DataFrame(data, columns=[c.name for c in record_columns(kind)])


def _get(record: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    # A field missing from the record is null: a dataset written at an earlier minor schema version
    # lacks the fields added since (they are only ever added, never renamed or dropped).
    value: Any = record
    for key in path:
        if value is None:
            return None
        value = value.get(key)
    return value


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
    """Tasks, documents and references of some gazettes, as DataFrames and as JSON records.

    - ``tasks``, ``documents``, ``references``: one row per record (columns: ``docs/python.md``);
    - ``agencies``: one row per agency of a task (``task_id``, ``role``, ``raw``, ``name``, ``collective``);
    - ``records``: ``{"tasks": [...], "documents": [...], "references": [...], "errors": [...]}``, the
      JSON records exactly as ``congbao extract`` writes them, each valid against its schema;
    - ``errors``: the error records (``file``, ``sha256``, ``stage``, ``error``) of the PDFs that gave none.

    Built once and not changed afterwards; the frames are the caller's to copy and change.
    """

    tasks: pd.DataFrame
    documents: pd.DataFrame
    references: pd.DataFrame
    agencies: pd.DataFrame
    records: dict[str, list[dict]]
    errors: list[dict]

    @classmethod
    def from_records(cls, records: Mapping[str, Iterable[Mapping[str, Any]]]) -> Dataset:
        """A dataset from JSON records keyed by kind ("tasks", "documents", "references", "errors")."""
        unknown = set(records) - set(RECORD_TYPES)
        if unknown:
            raise ValueError(f"unknown record kind(s): {', '.join(sorted(unknown))} (one of {', '.join(RECORD_TYPES)})")
        recs = {kind: [dict(r) for r in records.get(kind, ())] for kind in RECORD_TYPES}
        frames = {kind: records_to_frame(kind, recs[kind]) for kind in FRAME_KINDS}
        return cls(**frames, agencies=agencies_frame(recs["tasks"]), records=recs, errors=recs["errors"])

    def __repr__(self) -> str:
        counts = ", ".join(f"{kind}={len(self.records[kind])}" for kind in (*FRAME_KINDS, "errors"))
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
    >>> ds
    Dataset(tasks=38, documents=1, references=20, errors=0)
    >>> task = ds.tasks.set_index("task_id").loc["congbao-camau-43/123-KH-UBND/A1/III.3"]
    >>> task.source_pages, task.deadline_kind, int(task.deadline_amount), task.deadline_unit
    ([49, 50], 'relative', 5, 'working_day')
    >>> task.document_date
    Timestamp('2023-05-29 00:00:00')
    >>> lead = ds.agencies.query("role == 'lead' and name == 'Sở Nội vụ'")
    >>> len(lead), lead.task_id.iloc[0]
    (8, 'congbao-camau-43/123-KH-UBND/A1/IV.1')
    """
    from pipelines.runner.identity import distinct_rels, find_inputs

    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]   # a single path, not an iterable of its characters
    given = [Path(p) for p in paths]
    missing = [str(p) for p in given if not p.exists()]
    if missing:
        raise FileNotFoundError(f"no such file or folder: {', '.join(missing)}")
    # the files, their order and their names in the records exactly as ``congbao extract`` has them
    inputs = distinct_rels(find_inputs(given))
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
        "errors": errors,
    })


def _process(item, *, ocr: bool | str):
    """One input's ``FileOutcome`` (module-level: worker processes get it by name)."""
    from pipelines.runner.job import process_pdf

    return process_pdf(item.path, ocr=ocr, name=item.name, rel=item.rel)


def load(folder: PathLike) -> Dataset:
    """The ``Dataset`` that ``congbao extract … --out FOLDER`` wrote: its JSONL files read back.

    ``tasks.jsonl``, ``documents.jsonl`` and ``references.jsonl`` must be there (``FileNotFoundError``
    otherwise); a missing ``errors.jsonl`` means no errors. Records written at an earlier minor schema
    version load too: the fields added since are null in the frames (``records`` keeps them as read).
    """
    folder = Path(folder)
    records: dict[str, list[dict]] = {}
    for kind in RECORD_TYPES:
        path = folder / f"{kind}.jsonl"
        if kind == "errors" and not path.exists():
            records[kind] = []
            continue
        with path.open(encoding="utf-8") as f:
            records[kind] = [json.loads(line) for line in f if line.strip()]
    return Dataset.from_records(records)
