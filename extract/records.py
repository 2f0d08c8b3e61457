"""The output contract (docs/output-contract.md) as typed records, their JSON Schema, and model → record.

The JSON Schema is generated from these dataclasses (``json_schema``), so code and schema cannot
drift apart; every record is validated against it before it is written.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from collections.abc import Sequence
from dataclasses import dataclass

from .labels import number_cell_value, split_item_number
from .models import Agency, Deadline, Document, GazetteInfo, Issue, LegalRef, Table, Task

REC = dict(frozen=True, slots=True, kw_only=True)

# Version of the record format, not of the program: MAJOR when a field is renamed, dropped or changes
# type (the contract allows neither, so only with a new contract), MINOR when a field or a kind of
# record is added, PATCH when a constraint or a description changes and valid records stay valid.
SCHEMA_VERSION = "1.1.0"
# Where the committed schemas live (``schema/<kind>.schema.json``, written by ``make schema``); the
# ``$id`` of each names its kind and version, so that a record set can say which schema it meets.
SCHEMA_BASE_URI = "https://github.com/congbao/congbao/schema"


@dataclass(**REC)
class GazetteRecord:
    name: str | None
    province: str | None
    issue: int | None
    date: dt.date | None


@dataclass(**REC)
class TaskSource:
    file: str
    path: str                        # the file's path relative to the input folder ("2024/x.pdf")
    sha256: str
    pages: tuple[int, ...]           # printed gazette page numbers
    pdf_pages: tuple[int, ...]       # 1-based PDF page positions
    ocr: bool = False                # read from scanned pages
    confidence: float | None = None  # mean OCR confidence (0..1) over the row's cells, when ``ocr``


@dataclass(**REC)
class DocumentRef:
    kind: str | None
    number: str | None
    date: dt.date | None


@dataclass(**REC)
class ParentGroupRecord:
    number: str | None
    title: str | None


@dataclass(**REC)
class GroupRecord:
    number: str | None               # the label path of the group ("III", "A.I", "B"); null when none
    title: str | None
    parent: ParentGroupRecord | None = None   # the upper level of a two-level group ("A" of "A.I")


@dataclass(**REC)
class DeadlineRecord:
    raw: str | None                  # None: the row or item gives no deadline (kind "unspecified")
    kind: str
    start: dt.date | None
    end: dt.date | None
    amount: int | None = None
    unit: str | None = None
    anchor: str | None = None


@dataclass(**REC)
class AgencyRecord:
    raw: str
    name: str
    collective: bool


@dataclass(**REC)
class LegalRefRecord:
    raw: str
    kind: str | None
    number: str | None
    key: str
    global_key: str
    date: dt.date | None
    issuer: str | None
    title: str | None
    self: bool
    warnings: tuple[str, ...]


@dataclass(**REC)
class TaskRecord:
    task_id: str
    origin: str
    source: TaskSource
    gazette: GazetteRecord
    document: DocumentRef
    group: GroupRecord
    number: str | None
    cells: dict[str, str | None] | None              # null for a task written in the body
    text: str | None
    evidence: tuple[str, ...]
    deadline: DeadlineRecord
    lead: tuple[AgencyRecord, ...]
    support: tuple[AgencyRecord, ...]
    legal_refs: tuple[LegalRefRecord, ...]
    mentioned_agencies: tuple[AgencyRecord, ...]     # agencies named in the task text
    warnings: tuple[str, ...] = ()                   # what is doubtful about the task


@dataclass(**REC)
class DocumentSource:
    file: str
    path: str                        # the file's path relative to the input folder
    sha256: str
    pages: tuple[int, ...]           # [first, last] printed page numbers
    pdf_pages: tuple[int, ...]       # [first, last] 1-based PDF page positions
    ocr: bool = False                # some of its pages were read from scanned images


@dataclass(**REC)
class SignerRecord:
    name: str | None
    title: str | None


@dataclass(**REC)
class DocumentRecord:
    source: DocumentSource
    gazette: GazetteRecord
    kind: str | None
    number: str | None
    date: dt.date | None
    issuer: str | None
    issuer_parent: str | None
    signer: SignerRecord
    title: str | None
    appendices: int
    tasks: int
    warnings: tuple[str, ...] = ()


@dataclass(**REC)
class ReferenceSource:
    file: str
    path: str                        # the file's path relative to the input folder
    page: int | None


@dataclass(**REC)
class ReferenceDocument:
    number: str | None


@dataclass(**REC)
class ReferenceRecord:
    source: ReferenceSource
    document: ReferenceDocument
    raw: str
    kind: str | None
    number: str | None
    key: str
    global_key: str
    date: dt.date | None
    issuer: str | None
    title: str | None
    self: bool
    warnings: tuple[str, ...]


@dataclass(**REC)
class ErrorRecord:
    file: str
    sha256: str | None
    stage: str
    error: str


@dataclass(**REC)
class TableSource:
    file: str
    path: str
    sha256: str
    pages: tuple[int, ...]           # printed gazette page numbers the table spans
    pdf_pages: tuple[int, ...]       # 1-based PDF page positions
    ocr: bool


@dataclass(**REC)
class ColumnRecord:
    header: str                      # the column's header as printed (two-level: "Cơ quan thực hiện / Chủ trì")
    role: str | None                 # number | group | text | evidence | deadline | lead | support | note
    evidence: str | None             # what decided the role: header | content | fallback


@dataclass(**REC)
class TableRowRecord:
    number: str | None               # the row's item number as printed
    group: GroupRecord               # the group it falls under (number and title as printed; nulls for none)
    cells: dict[str, str | None]     # every cell keyed by its column's header
    pages: tuple[int, ...]
    pdf_pages: tuple[int, ...]
    total: bool                      # a totals row ("Tổng cộng", "Cộng")


@dataclass(**REC)
class TableRecord:
    """A logical table of a document, stitched across pages (tables.jsonl), task table or not."""

    table_id: str
    source: TableSource
    gazette: GazetteRecord
    document: DocumentRef
    header: tuple[str, ...]
    roles: tuple[ColumnRecord, ...]
    kind: str                        # tasks | other
    rows: tuple[TableRowRecord, ...]


RECORD_TYPES = {
    "tasks": TaskRecord,
    "documents": DocumentRecord,
    "references": ReferenceRecord,
    "tables": TableRecord,
    "errors": ErrorRecord,
}


# ---------------------------------------------------------------- model → record


def _gazette(g: GazetteInfo) -> GazetteRecord:
    return GazetteRecord(name=g.name, province=g.province, issue=g.issue, date=g.date)


def _span(values: typing.Sequence[int]) -> tuple[int, ...]:
    return (min(values), max(values)) if values else ()


def _ref(r: LegalRef) -> LegalRefRecord:
    return LegalRefRecord(raw=r.raw, kind=r.kind, number=r.number, key=r.key, global_key=r.global_key or r.key,
                          date=r.date, issuer=r.issuer, title=r.title, self=r.is_self, warnings=r.warnings)


def _agency(a: Agency) -> AgencyRecord:
    return AgencyRecord(raw=a.raw, name=a.name, collective=a.collective)


def _deadline(d: Deadline | None) -> DeadlineRecord:
    if d is None:  # an empty deadline cell, a table without a deadline column (SPEC: still said)
        return DeadlineRecord(raw=None, kind="unspecified", start=None, end=None)
    return DeadlineRecord(raw=d.raw, kind=d.kind, start=d.start, end=d.end, amount=d.amount, unit=d.unit,
                          anchor=d.anchor)


def task_record(task: Task, issue: Issue, document: Document) -> TaskRecord:
    row = task.row
    if row is not None:
        source = TaskSource(file=issue.file, path=issue.path or issue.file, sha256=issue.sha256, pages=row.page_numbers,
                            pdf_pages=tuple(i + 1 for i in row.page_indexes), ocr=row.ocr,
                            confidence=row.confidence if row.ocr else None)
        cells = {c.header: v for c, v in zip(task.columns, row.cells)}
    else:
        source = TaskSource(file=issue.file, path=issue.path or issue.file, sha256=issue.sha256,
                            pages=task.page_numbers, pdf_pages=tuple(i + 1 for i in task.page_indexes), ocr=task.ocr,
                            confidence=task.confidence if task.ocr else None)
        cells = None
    parent = (ParentGroupRecord(number=task.group_parent_number, title=task.group_parent_title)
              if task.group_parent_number or task.group_parent_title else None)
    return TaskRecord(
        task_id=task.task_id,
        origin=task.origin,
        source=source,
        gazette=_gazette(issue.gazette),
        document=DocumentRef(kind=document.kind, number=document.number, date=document.date),
        group=GroupRecord(number=task.group_number, title=task.group_title, parent=parent),
        number=task.number,
        cells=cells,
        text=task.text,
        evidence=task.evidence,
        deadline=_deadline(task.deadline),
        lead=tuple(map(_agency, task.lead)),
        support=tuple(map(_agency, task.support)),
        legal_refs=tuple(map(_ref, task.legal_refs)),
        mentioned_agencies=tuple(map(_agency, task.mentioned_agencies)),
        warnings=task.warnings,
    )


def document_record(document: Document, issue: Issue, n_tasks: int) -> DocumentRecord:
    return DocumentRecord(
        source=DocumentSource(file=issue.file, path=issue.path or issue.file, sha256=issue.sha256, pages=_span(document.page_numbers),
                              pdf_pages=(document.first_page_index + 1, document.last_page_index + 1),
                              ocr=any(p.ocr for p in issue.pages[document.first_page_index:document.last_page_index + 1])),
        gazette=_gazette(issue.gazette),
        kind=document.kind, number=document.number, date=document.date, issuer=document.issuer,
        issuer_parent=document.issuer_parent,
        signer=SignerRecord(name=document.signer.name, title=document.signer.title),
        title=document.title, appendices=len(document.appendices), tasks=n_tasks, warnings=document.warnings,
    )


def table_ids(tables: Sequence[Table], documents: Sequence[Document], path: str) -> list[str]:
    """One stable id per table of an issue, in order: "<path without .pdf>/<document>/A<appendix>/T<n>",
    ``n`` counting the tables of that appendix (the form of task ids, ``extract.tasks``)."""
    stem = path[:-4] if path.lower().endswith(".pdf") else path
    seen: dict[str, int] = {}
    out = []
    for table in tables:
        document = documents[table.document_index]
        base = f"{stem}/{(document.number or f'doc{table.document_index + 1}').replace('/', '-')}/A{table.appendix_index}"
        seen[base] = seen.get(base, 0) + 1
        out.append(f"{base}/T{seen[base]}")
    return out


def table_record(table: Table, table_id: str, issue: Issue, document: Document) -> TableRecord:
    """``table`` as a tables.jsonl record: its columns and roles, its kind, every row whole."""
    roles = [c.role for c in table.columns]
    rows = []
    for row in table.rows:
        number = row.cells[roles.index("number")] if "number" in roles else None
        if number:
            number = number_cell_value(number)
        elif "text" in roles:
            number = split_item_number(row.cells[roles.index("text")])[0]  # "1. Hoàn thành …"
        parent = (ParentGroupRecord(number=row.group_parent_number, title=row.group_parent_title)
                  if row.group_parent_number or row.group_parent_title else None)
        rows.append(TableRowRecord(
            number=number,
            group=GroupRecord(number=row.group_number, title=row.group_title, parent=parent),
            cells={c.header: v for c, v in zip(table.columns, row.cells)},
            pages=row.page_numbers, pdf_pages=tuple(i + 1 for i in row.page_indexes), total=row.is_total,
        ))
    pages = tuple(dict.fromkeys(n for i in table.page_indexes if (n := issue.pages[i].page_number) is not None))
    return TableRecord(
        table_id=table_id,
        source=TableSource(file=issue.file, path=issue.path or issue.file, sha256=issue.sha256, pages=pages,
                           pdf_pages=tuple(i + 1 for i in table.page_indexes),
                           ocr=any(issue.pages[i].ocr for i in table.page_indexes)),
        gazette=_gazette(issue.gazette),
        document=DocumentRef(kind=document.kind, number=document.number, date=document.date),
        header=tuple(c.header for c in table.columns),
        roles=tuple(ColumnRecord(header=c.header, role=c.role, evidence=c.evidence) for c in table.columns),
        kind=table.kind,
        rows=tuple(rows),
    )


def reference_record(ref: LegalRef, issue: Issue, document: Document) -> ReferenceRecord:
    return ReferenceRecord(
        source=ReferenceSource(file=issue.file, path=issue.path or issue.file, page=ref.page_number),
        document=ReferenceDocument(number=document.number),
        raw=ref.raw, kind=ref.kind, number=ref.number, key=ref.key, global_key=ref.global_key or ref.key,
        date=ref.date, issuer=ref.issuer, title=ref.title, self=ref.is_self, warnings=ref.warnings,
    )


def to_json(value: typing.Any) -> typing.Any:
    """A record as plain JSON values: dates ISO, tuples lists, field order kept."""
    if dataclasses.is_dataclass(value):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    return value


# ---------------------------------------------------------------- schema


def schema_id(kind: str) -> str:
    """The ``$id`` of the schema of one kind of record (``"tasks"``, ``"documents"`` …) at this version.

    >>> schema_id("tasks") == f"{SCHEMA_BASE_URI}/tasks-{SCHEMA_VERSION}.json"
    True
    """
    return f"{SCHEMA_BASE_URI}/{kind}-{SCHEMA_VERSION}.json"


def json_schema(record_type: type) -> dict:
    """JSON Schema (draft 2020-12) of a record dataclass, from its type hints.

    A record type of ``RECORD_TYPES`` gets an ``$id`` naming its kind and ``SCHEMA_VERSION``, and the
    version again as ``x-congbao-schema-version`` (an annotation: validators ignore it).
    """
    schema = _schema_of(record_type)
    kind = next((k for k, t in RECORD_TYPES.items() if t is record_type), None)
    head: dict = {"$schema": "https://json-schema.org/draft/2020-12/schema"}
    if kind is not None:
        head |= {"$id": schema_id(kind), "x-congbao-schema-version": SCHEMA_VERSION}
    return {**head, "title": record_type.__name__, **schema}


def _schema_of(tp: typing.Any) -> dict:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        fields = dataclasses.fields(tp)
        return {
            "type": "object",
            "properties": {f.name: _schema_of(hints[f.name]) for f in fields},
            "required": [f.name for f in fields],
            "additionalProperties": False,
        }
    if origin in (typing.Union, types.UnionType):
        options = [_schema_of(a) for a in args if a is not type(None)]
        schema = options[0] if len(options) == 1 else {"anyOf": options}
        if type(None) in args:
            if "type" in schema and "anyOf" not in schema:
                schema = {**schema, "type": [schema["type"], "null"]}
            else:
                schema = {"anyOf": [schema, {"type": "null"}]}
        return schema
    if origin is tuple:
        return {"type": "array", "items": _schema_of(args[0])}
    if origin is dict:
        return {"type": "object", "additionalProperties": _schema_of(args[1])}
    if tp is dt.date:
        return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    if tp is str:
        return {"type": "string", "minLength": 1}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp is float:
        return {"type": "number", "minimum": 0, "maximum": 1}
    raise TypeError(f"no JSON Schema for {tp!r}")


def mention_record(text: str, start: int, end: int, value: typing.Any) -> dict[str, typing.Any]:
    """The JSON record of one mention found in ``text`` (``congbao refs``, ``congbao.refs``): a legal
    reference, an agency or a deadline, with ``raw`` the caller's own characters."""
    raw = text[start:end]
    if isinstance(value, LegalRef):
        return {"type": "reference", "start": start, "end": end, "raw": raw, "kind": value.kind,
                "number": value.number, "key": value.key, "global_key": value.global_key or value.key,
                "date": to_json(value.date), "issuer": value.issuer, "title": value.title,
                "self": value.is_self, "warnings": list(value.warnings)}
    if isinstance(value, Agency):
        return {"type": "agency", "start": start, "end": end, "raw": raw, "name": value.name,
                "collective": value.collective}
    deadline = {k: v for k, v in to_json(value).items() if k != "raw"}
    return {"type": "deadline", "start": start, "end": end, "raw": raw, "deadline": deadline}


def text_task_record(text: str, start: int, end: int, task: Task) -> dict[str, typing.Any]:
    """The JSON record of one task found in plain ``text`` (``congbao tasks``): a task record's own
    fields (no file, gazette, document or cells: plain text has none) with ``start``/``end`` and ``raw``,
    the caller's own characters of the task's printed text."""
    parent = (ParentGroupRecord(number=task.group_parent_number, title=task.group_parent_title)
              if task.group_parent_number or task.group_parent_title else None)
    return {"type": "task", "start": start, "end": end, "raw": text[start:end], "task_id": task.task_id,
            "group": to_json(GroupRecord(number=task.group_number, title=task.group_title, parent=parent)),
            "number": task.number, "text": task.text, "evidence": list(task.evidence),
            "deadline": to_json(_deadline(task.deadline)), "lead": [to_json(_agency(a)) for a in task.lead],
            "support": [to_json(_agency(a)) for a in task.support],
            "legal_refs": [to_json(_ref(r)) for r in task.legal_refs],
            "mentioned_agencies": [to_json(_agency(a)) for a in task.mentioned_agencies],
            "warnings": list(task.warnings)}
