"""Batch runs: each PDF in isolation, its records validated, the whole run written atomically.

A PDF that fails yields no records, one line in ``errors.jsonl`` and on stderr, and the run goes on.
"""
from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path
from typing import Any

from extract import __version__
from extract.errors import ExtractError
from extract.pipeline import extract_issue
from extract.read import file_sha256
from extract.records import (
    RECORD_TYPES, ErrorRecord, document_record, json_schema, reference_record, task_record, to_json,
)

from . import writers

log = logging.getLogger(__name__)


@dataclass
class FileOutcome:
    """What one PDF gave: its records, or the error that stopped it."""

    file: str
    path: str
    sha256: str | None = None
    pages: int = 0
    tasks: list[dict] = field(default_factory=list)
    documents: list[dict] = field(default_factory=list)
    references: list[dict] = field(default_factory=list)
    notes: list[dict] = field(default_factory=list)   # pages with a grid and no rows, and why
    error: dict | None = None


@cache
def _validator(kind: str):
    import jsonschema

    schema = json_schema(RECORD_TYPES[kind])
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def validate(kind: str, record: dict) -> None:
    """Raise ``ExtractError`` (stage "validate") when ``record`` breaks the published schema."""
    error = next(iter(_validator(kind).iter_errors(record)), None)
    if error is not None:
        where = "/".join(map(str, error.absolute_path)) or "(record)"
        raise ExtractError(f"{kind} record breaks the schema at {where}: {error.message}", stage="validate")


@cache
def language_pipeline():
    """The language pipeline of this process, built on first use (once per worker process)."""
    from extract.nlp.pipeline import build_nlp

    return build_nlp()


def process_pdf(path: Path, on_page: Callable[[int, int], None] | None = None, *, language: bool = True,
                ocr: bool = True, reader: str = "pdfium") -> FileOutcome:
    """Extract one PDF into validated records; never raises for a bad PDF."""
    outcome = FileOutcome(file=path.name, path=str(path))
    try:
        nlp = language_pipeline() if language else None
        result = extract_issue(path, nlp, on_page=on_page, ocr=ocr, reader=reader)
        issue = result.issue
        outcome.sha256, outcome.pages = issue.sha256, len(issue.pages)
        docs = result.documents
        per_doc = [0] * len(docs)
        for task in result.tasks:
            per_doc[task.document_index] += 1
            outcome.tasks.append(to_json(task_record(task, issue, docs[task.document_index])))
        outcome.documents = [to_json(document_record(d, issue, per_doc[i])) for i, d in enumerate(docs)]
        outcome.references = [to_json(reference_record(r, issue, docs[i])) for i, r in result.references]
        outcome.notes = [{"pdf_page": n.page_index + 1, "page": n.page_number, "reason": n.reason} for n in result.notes]
        for kind in ("tasks", "documents", "references"):
            for record in getattr(outcome, kind):
                validate(kind, record)
    except ExtractError as e:
        sha = outcome.sha256 or _sha_or_none(path)
        outcome.tasks, outcome.documents, outcome.references = [], [], []
        outcome.error = to_json(ErrorRecord(file=path.name, sha256=sha, stage=e.stage, error=str(e)))
    return outcome


def _sha_or_none(path: Path) -> str | None:
    try:
        return file_sha256(path)
    except OSError:
        return None


def find_pdfs(inputs: Iterable[Path]) -> list[Path]:
    """PDF files named or found under the named folders (``*.pdf``, any case), sorted, no duplicates."""
    found: dict[Path, None] = {}
    for p in inputs:
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and f.suffix.lower() == ".pdf":
                    found[f] = None
        else:
            found[p] = None
    return sorted(found, key=lambda f: (f.name, str(f)))


@dataclass
class RunSummary:
    outcomes: list[FileOutcome]

    @property
    def failed(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.error]

    @property
    def n_tasks(self) -> int:
        return sum(len(o.tasks) for o in self.outcomes)


def run_batch(
    pdfs: Sequence[Path], out: Path, *, jobs: int = 1, formats: Sequence[str] = ("jsonl", "csv", "parquet", "sqlite"),
    progress: Any = None, ocr: bool = True, reader: str = "pdfium",
) -> RunSummary:
    """Process ``pdfs`` and write the dataset under ``out``; report failures on stderr, one line each."""
    outcomes: list[FileOutcome] = []
    if jobs > 1 and len(pdfs) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for outcome in pool.map(partial(process_pdf, ocr=ocr, reader=reader), pdfs):
                _report(outcome, progress)
                outcomes.append(outcome)
    else:
        for pdf in pdfs:
            on_page = progress.on_page if progress is not None else None
            if progress is not None:
                progress.start_file(pdf.name)
            outcome = process_pdf(pdf, on_page=on_page, ocr=ocr, reader=reader)
            _report(outcome, progress)
            outcomes.append(outcome)
    write_outputs(out, outcomes, formats)
    return RunSummary(outcomes=outcomes)


def _report(outcome: FileOutcome, progress: Any) -> None:
    if outcome.error:
        e = outcome.error
        line = f"congbao: {e['file']}: {e['stage']}: {e['error']}"
        if progress is not None:
            progress.write(line)
        else:
            print(line, file=sys.stderr)
    if progress is not None:
        progress.end_file()


def write_outputs(out: Path, outcomes: Sequence[FileOutcome], formats: Sequence[str]) -> None:
    writers.write_dataset(out, outcomes, formats)
    writers.write_jsonl(out / "errors.jsonl", [o.error for o in outcomes if o.error])
    manifest = {
        "congbao": __version__,
        "files": [
            {"file": o.file, "sha256": o.sha256, "pages": o.pages, "documents": len(o.documents),
             "tasks": len(o.tasks), "references": len(o.references), "error": o.error["error"] if o.error else None,
             "pages_without_rows": o.notes}
            for o in outcomes
        ],
    }
    writers.write_atomic(out / "manifest.json", (json.dumps(manifest, ensure_ascii=False, indent=1) + "\n").encode())
