"""Batch runs: every PDF in isolation, its records validated, the whole run one transaction.

``run_batch`` in order:
1. names the inputs (``identity``) and hashes them: the same bytes reached twice are read once; the
   manifest lists the second as a duplicate;
2. takes the output folder's lock and a staging folder (``staging``);
3. looks each file up in the result cache (``cache``); reads the others in worker processes
   (``executors`` running ``job.run_job``: forked children under a time budget and a memory cap, or a
   Dask cluster), each result cached as it arrives and dropped from memory;
4. streams the results, file by file in input order, into the writers (``pipelines.writers``), then
   errors.jsonl and manifest.json, and switches the output folder to the new set in one step.
When the inputs, options and code are those of the set already in place, nothing is rewritten.

A PDF that fails yields no records, one line in ``errors.jsonl`` and on stderr, and the run goes on.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extract import __version__
from extract.page_mode import ocr_policy
from extract.read import file_sha256

from ..writers.files import dumps, write_dataset
from .cache import ResultCache, cache_key, code_fingerprint
from .executors import run_jobs
from .identity import Input, distinct_rels, find_inputs, safe_name
from .job import FileOutcome, Job, error_record
from .staging import OutputSet

log = logging.getLogger(__name__)

FORMATS = ("jsonl", "csv", "parquet", "sqlite")
# A file may take this long, plus the per-page budget for each of its pages: a 300-page scanned issue
# at ~1.5 CPU-s per page on one core is ~450 s; a one-page file that loops in a parser is stopped
# after the base budget.
DEFAULT_TIMEOUT_S = 120.0
DEFAULT_TIMEOUT_PER_PAGE_S = 10.0
# Address space of one worker: the language pipeline and libraries take ~1.2 GB of it (threads'
# stacks and arenas included), a 40-Mpx page image for OCR a few hundred MB; two workers fit in any
# machine of 8 GB and more.
DEFAULT_MAX_MEMORY = 4 * 2**30


def find_pdfs(inputs: Iterable[Path]) -> list[Path]:
    """PDF files named or found under the named folders (``*.pdf``, any case), in run order."""
    return [i.path for i in find_inputs(inputs)]


# ---------------------------------------------------------------- the run


@dataclass
class FileSummary:
    """What the driver keeps of a file while the run goes on (its records are in the cache)."""

    name: str
    rel: str
    sha256: str | None
    key: str | None = None          # cache key; None: not read (unreadable, duplicate)
    pages: int = 0
    tasks: int = 0
    documents: int = 0
    references: int = 0
    notes: list[dict] = field(default_factory=list)
    page_modes: list[dict] = field(default_factory=list)
    error: dict | None = None
    duplicate_of: str | None = None
    cached: bool = False
    held: dict | None = None        # the entry itself, when it may not be cached (a timeout)


@dataclass
class RunSummary:
    files: list[FileSummary]
    up_to_date: bool = False

    @property
    def failed(self) -> list[FileSummary]:
        return [f for f in self.files if f.error]

    @property
    def n_tasks(self) -> int:
        return sum(f.tasks for f in self.files)

    @property
    def n_cached(self) -> int:
        return sum(f.cached for f in self.files)


class UsageError(Exception):
    """The run cannot start (output folder unusable): one line, exit status 2."""


def check_output_folder(out: Path) -> None:
    """Raise ``UsageError`` unless ``out`` is (or can be made) a writable folder."""
    for parent in [out, *out.parents]:
        if parent.exists() and not parent.is_dir():
            raise UsageError(f"--out {out}: {parent} is a file, not a folder")
        if parent.exists():
            break
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise UsageError(f"--out {out}: cannot create the folder ({e.strerror})") from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise UsageError(f"--out {out}: folder is not writable")


def run_batch(
    inputs: Sequence[Path | Input], out: Path, *, jobs: int = 1, formats: Sequence[str] = FORMATS,
    progress: Any = None, ocr: bool | str = "auto", reader: str = "pdfium", force: bool = False,
    timeout_s: float = DEFAULT_TIMEOUT_S, timeout_per_page_s: float = DEFAULT_TIMEOUT_PER_PAGE_S,
    max_memory: int | None = DEFAULT_MAX_MEMORY, dask: str | None = None,
) -> RunSummary:
    """Process ``inputs`` (PDF paths or ``Input``s) and write the dataset under ``out`` as one transaction.

    Raises ``UsageError`` when ``out`` cannot be used, ``staging.OutputBusy`` when another run holds it.
    """
    check_output_folder(out)
    items = distinct_rels([i if isinstance(i, Input) else Input(path=i, rel=safe_name(i.name), name=safe_name(i.name))
                           for i in inputs])
    options = {"reader": reader, "ocr": ocr_policy(ocr)}
    with OutputSet(out) as outset:
        cache_ = ResultCache(outset.state / "cache")
        files: list[FileSummary] = []
        first_of: dict[str, str] = {}
        todo: list[Job] = []
        for item in items:
            try:
                sha = file_sha256(item.path)
            except OSError as e:
                err = error_record(item.name, None, "read", f"cannot read the file: {e.strerror or e}")
                files.append(FileSummary(name=item.name, rel=item.rel, sha256=None, error=err))
                continue
            if sha in first_of:  # the same bytes reached twice: read once
                files.append(FileSummary(name=item.name, rel=item.rel, sha256=sha, duplicate_of=first_of[sha]))
                continue
            first_of[sha] = item.rel
            key = cache_key(sha, item.rel, options)
            summary = FileSummary(name=item.name, rel=item.rel, sha256=sha, key=key)
            files.append(summary)
            entry = None if force else cache_.get(key)
            if entry is not None:
                _summarise(summary, entry)
                summary.cached = True
            else:
                todo.append(Job(index=len(files) - 1, name=item.name, rel=item.rel, sha256=sha,
                                options=tuple(sorted(options.items())), path=str(item.path)))

        # Pages of one file are read in parallel within --jobs: one thread each while every worker
        # has a file, the spare share when fewer files than --jobs remain to be read.
        share = max(1, jobs // max(1, min(jobs, len(todo))))
        todo = [dataclasses.replace(j, ocr_threads=share) for j in todo]
        run_key = _run_key(files, formats)
        if not todo and _current_run_key(outset) == run_key:
            _progress_skip(progress, len(files))
            return RunSummary(files=files, up_to_date=True)

        def on_result(job: Job, entry: dict | None, error: str | None) -> None:
            summary = files[job.index]
            if entry is None:  # killed: timeout, memory cap, crash; not cached (the next run retries)
                entry = FileOutcome(file=job.name, path=job.rel, sha256=job.sha256,
                                    error=error_record(job.name, job.sha256, "worker", error or "worker failed")).to_entry()
                summary.held = entry
            else:
                cache_.put(summary.key, entry)
            _summarise(summary, entry)
            _report(summary, entry, progress)

        run_jobs(todo, on_result, jobs=jobs, timeout_s=timeout_s, timeout_per_page_s=timeout_per_page_s,
                 max_memory=max_memory, progress=progress, dask=dask)
        for f in files:
            if f.cached:
                _progress_file_done(progress)

        write_dataset(outset.staging, _outcomes(files, cache_), formats)
        _write_errors(outset.staging / "errors.jsonl", files)
        _write_manifest(outset.staging / "manifest.json", files, formats, options, run_key)
        outset.commit()
        cache_.prune({f.key for f in files if f.key and f.held is None})
    return RunSummary(files=files)


def _summarise(summary: FileSummary, entry: dict) -> None:
    summary.pages = entry["pages"]
    summary.tasks, summary.documents, summary.references = (len(entry[k]) for k in ("tasks", "documents", "references"))
    summary.notes = entry["notes"]
    summary.page_modes = entry["page_modes"]
    summary.error = entry["error"]


def _outcomes(files: list[FileSummary], cache_: ResultCache) -> Iterator[FileOutcome]:
    """Each file's records in input order, loaded one file at a time."""
    for f in files:
        if f.key is None:
            continue
        entry = f.held if f.held is not None else cache_.get(f.key)
        if entry is None:  # the cache entry vanished under us: never silently drop a file
            raise OSError(f"result of {f.rel} missing from the cache")
        yield FileOutcome.from_entry(entry)


def _run_key(files: list[FileSummary], formats: Sequence[str]) -> str:
    h = hashlib.sha256(json.dumps([__version__, code_fingerprint(), sorted(formats)]).encode())
    for f in files:
        h.update(json.dumps([f.rel, f.sha256, f.key, f.duplicate_of, f.error is not None and f.key is None]).encode())
    return h.hexdigest()


def _current_run_key(outset: OutputSet) -> str | None:
    try:
        with open(outset.state / "current" / "manifest.json.cb", encoding="utf-8") as fh:
            return json.load(fh).get("run_key")
    except (OSError, ValueError, AttributeError):
        return None


def _write_errors(path: Path, files: list[FileSummary]) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for f in files:
            if f.error:
                fh.write(dumps(f.error) + "\n")


def _write_manifest(path: Path, files: list[FileSummary], formats: Sequence[str], options: dict, run_key: str) -> None:
    manifest = {
        "congbao": __version__,
        "code": code_fingerprint(),
        "run_key": run_key,
        "options": options,
        "formats": ["jsonl", *[f for f in FORMATS[1:] if f in formats]],
        "files": [
            {"file": f.name, "path": f.rel, "sha256": f.sha256, "pages": f.pages, "documents": f.documents,
             "tasks": f.tasks, "references": f.references,
             "error": f.error["error"] if f.error else None, "stage": f.error["stage"] if f.error else None,
             "duplicate_of": f.duplicate_of, "page_modes": f.page_modes, "pages_without_rows": f.notes}
            for f in files
        ],
    }
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")


def _report(summary: FileSummary, entry: dict, progress: Any) -> None:
    lines = []
    if summary.error:
        e = summary.error
        lines.append(f"congbao: {summary.rel}: {e['stage']}: {e['error']}")
    if entry.get("n_warnings"):
        first = "; ".join(entry["warnings"])
        lines.append(f"congbao: {summary.rel}: {entry['n_warnings']} warning(s) from the PDF libraries: {first}")
    for line in lines:
        if progress is not None:
            progress.write(line)
        else:
            print(line, file=sys.stderr)
    _progress_file_done(progress)


def _progress_file_done(progress: Any) -> None:
    if progress is not None:
        progress.end_file()


def _progress_skip(progress: Any, n: int) -> None:
    for _ in range(n):
        _progress_file_done(progress)
