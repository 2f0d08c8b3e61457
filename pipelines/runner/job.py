"""One file in a worker: a PDF read into validated records, never an exception for a bad PDF.

``run_job`` is what every executor runs (``pipelines.runner.executors``); ``process_pdf`` is the same for
a caller that reads in its own process (``congbao.extract``). The result of one file is a
``FileOutcome``: its records as JSON, or the one-line error that stopped it, and the warnings of the
PDF libraries.

``run_job`` parses a private copy of the file (``sources.snapshot``) and hashes those very bytes: the
records' ``sha256`` and the entry's cache ``key`` describe what was read, even when the file was
rewritten after the driver hashed it. A failure that comes from the memory cap (Python's
``MemoryError``, a library that could not map memory) is raised as ``MemoryError``, never returned as
the file's error: it says nothing about the file, and must not be cached as if it did.
"""
from __future__ import annotations

import errno
import logging
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extract.errors import ExtractError
from extract.pipeline import extract_issue
from extract.records import (
    ErrorRecord, document_record, reference_record, table_ids, table_record, task_record, to_json,
)

from ..writers.validation import validate
from .cache import cache_key
from .isolation import MEMORY_WORDS
from .sources import sha256_regular, snapshot

_ENTRY_KEYS = ("file", "path", "sha256", "pages", "tasks", "documents", "references", "tables", "notes", "page_modes",
               "error", "warnings", "n_warnings", "key")


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
    tables: list[dict] = field(default_factory=list)   # every stitched table, task table or not
    notes: list[dict] = field(default_factory=list)   # pages with a grid and no rows, and why
    page_modes: list[dict] = field(default_factory=list)  # how each run of pages was read, and why
    error: dict | None = None
    warnings: list[str] = field(default_factory=list)  # what the PDF libraries complained of (first few)
    n_warnings: int = 0
    key: str | None = None          # the cache key of what was read (set by ``run_job``)

    def to_entry(self) -> dict:
        return {k: getattr(self, k) for k in _ENTRY_KEYS}

    @classmethod
    def from_entry(cls, entry: dict) -> FileOutcome:
        return cls(**{k: entry[k] for k in _ENTRY_KEYS if k in entry})


def language_pipeline():
    """The language pipeline of this process, built on first use (once per worker process)."""
    from extract.nlp.pipeline import default_nlp

    return default_nlp()


def process_pdf(path: Path, on_page: Callable[[int, int], None] | None = None, *, language: bool = True,
                ocr: bool | str = "auto", reader: str = "pdfium", name: str | None = None, rel: str | None = None,
                sha256: str | None = None, ocr_workers: int | None = None) -> FileOutcome:
    """Extract one PDF into validated records; never raises for a bad PDF.

    ``name``/``rel`` are the file's name and relative path in the records (default: its file name).
    """
    name = name or path.name
    outcome = FileOutcome(file=name, path=rel or name, sha256=sha256)
    try:
        nlp = language_pipeline() if language else None
        result = extract_issue(path, nlp, language=language, on_page=on_page, ocr=ocr, reader=reader, name=name,
                               rel_path=rel, ocr_workers=ocr_workers)
        issue = result.issue
        outcome.sha256, outcome.pages = issue.sha256, len(issue.pages)
        docs = result.documents
        per_doc = [0] * len(docs)
        for task in result.tasks:
            per_doc[task.document_index] += 1
            outcome.tasks.append(to_json(task_record(task, issue, docs[task.document_index])))
        outcome.documents = [to_json(document_record(d, issue, per_doc[i])) for i, d in enumerate(docs)]
        outcome.references = [to_json(reference_record(r, issue, docs[i])) for i, r in result.references]
        ids = table_ids(result.tables, docs, issue.path or issue.file)
        outcome.tables = [to_json(table_record(t, ids[k], issue, docs[t.document_index]))
                          for k, t in enumerate(result.tables)]
        outcome.notes = [{"pdf_page": n.page_index + 1, "page": n.page_number, "reason": n.reason} for n in result.notes]
        outcome.page_modes = page_modes(issue.pages)
        for kind in ("tasks", "documents", "references", "tables"):
            for record in getattr(outcome, kind):
                validate(kind, record)
    except ExtractError as e:
        if caused_by_memory(e):
            raise MemoryError(str(e)) from e
        outcome.sha256 = outcome.sha256 or _sha_or_none(path)
        outcome.tasks, outcome.documents, outcome.references, outcome.tables, outcome.notes = [], [], [], [], []
        outcome.error = error_record(name, outcome.sha256, e.stage, str(e))
    return outcome


def page_modes(pages) -> list[dict]:
    """How the pages were read, one entry per run of pages with the same mode and reason:
    ``{"pdf_pages": "1-24", "mode": "ocr", "reason": …}`` (PDF page numbers, 1-based)."""
    out: list[dict] = []
    for p in pages:
        number = p.page_index + 1
        if out and (out[-1]["mode"], out[-1]["reason"]) == (p.mode, p.mode_reason) and out[-1]["_last"] == number - 1:
            out[-1]["_last"] = number
            continue
        out.append({"_first": number, "_last": number, "mode": p.mode, "reason": p.mode_reason})
    return [{"pdf_pages": f"{e['_first']}" if e["_first"] == e["_last"] else f"{e['_first']}-{e['_last']}",
             "mode": e["mode"], "reason": e["reason"]} for e in out]


def error_record(name: str, sha256: str | None, stage: str, message: str) -> dict:
    return to_json(ErrorRecord(file=name, sha256=sha256, stage=stage, error=message))


def caused_by_memory(e: BaseException) -> bool:
    """Did ``e`` (or what caused it) come from running out of memory, not from the file?"""
    seen = 0
    while e is not None and seen < 10:
        if isinstance(e, MemoryError):
            return True
        if isinstance(e, OSError) and e.errno == errno.ENOMEM:
            return True
        text = str(e).lower()
        if any(w in text for w in MEMORY_WORDS):
            return True
        e, seen = e.__cause__ or e.__context__, seen + 1
    return False


def _sha_or_none(path: Path) -> str | None:
    try:
        return sha256_regular(path)
    except OSError:
        return None


@dataclass(frozen=True, slots=True, kw_only=True)
class Job:
    """One file to read, as a worker gets it: a path it can open, or the bytes themselves (Dask)."""

    index: int
    name: str
    rel: str
    sha256: str                     # as the driver hashed it; the worker hashes what it reads itself
    options: tuple[tuple[str, Any], ...]
    ocr_threads: int = 1            # scanned pages of this file read at once (within --jobs)
    path: str | None = None
    data: bytes | None = None
    scratch: str | None = None      # folder for the worker's private copy (removed by the driver)


class _LibraryWarnings(logging.Handler):
    """Warnings of the PDF and image libraries during one file: counted, the first few kept."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count, self.first = 0, []

    def emit(self, record: logging.LogRecord) -> None:
        self.note(record.getMessage())

    def note(self, message: str) -> None:
        self.count += 1
        if len(self.first) < 3:
            self.first.append(" ".join(str(message).split())[:200])


_LIBRARY_LOGGERS = ("pdfminer", "pdfplumber", "pypdfium2", "PIL", "camelot")


def run_job(job: Job, progress: Callable[[int, int], None] | None = None) -> dict:
    """Read one file (in a worker process): its cache entry (``FileOutcome.to_entry``)."""
    options = dict(job.options)
    handler = _LibraryWarnings()
    loggers = [logging.getLogger(n) for n in _LIBRARY_LOGGERS]
    for lg in loggers:
        lg.addHandler(handler)
        lg.propagate = False
    try:
        source = job.data if job.data is not None else Path(job.path or "")
        try:
            with snapshot(source, job.scratch) as (copy, sha):
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    outcome = process_pdf(copy, on_page=progress, ocr=options.get("ocr", "auto"),
                                          reader=options.get("reader", "pdfium"), name=job.name, rel=job.rel,
                                          sha256=sha, ocr_workers=job.ocr_threads)
                for w in caught:
                    handler.note(f"{w.category.__name__}: {w.message}")
        except ExtractError as e:   # not a regular file, unreadable, over the size limit
            if caused_by_memory(e):
                raise MemoryError(str(e)) from e
            outcome = FileOutcome(file=job.name, path=job.rel, sha256=None,
                                  error=error_record(job.name, None, e.stage, str(e)))
            sha = None
    finally:
        for lg in loggers:
            lg.removeHandler(handler)
            lg.propagate = True
    outcome.n_warnings, outcome.warnings = handler.count, handler.first
    if sha is not None:
        outcome.sha256 = sha
        outcome.key = cache_key(sha, job.rel, options)
    return outcome.to_entry()
