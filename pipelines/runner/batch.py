"""Batch runs: every PDF in isolation, its records validated, the whole run one transaction.

``run_batch`` in order:
1. takes the output folder's lock and a staging folder (``staging``), and reads the manifest of the
   dataset in place: the files it holds stay unless this run replaces them (``fileset``: an input
   from the same source is read again and keeps its name; ``replace_all`` starts from nothing;
   ``prune`` drops the files whose source is gone);
2. names this run's inputs (``identity``: no two files of the dataset share an id) and hashes them
   without ever blocking on what is not a regular file (``sources``): the same bytes reached twice
   are read once, the manifest lists the second as a duplicate;
3. looks each file up in the result cache (``cache``); reads the others in worker processes
   (``executors`` running ``job.run_job``: forked children under a time budget and a memory cap, or a
   Dask cluster), each result cached, under the key of the bytes the worker read, as it arrives;
4. streams the records of every file of the dataset, file by file in name order, into the writers
   (``pipelines.writers``), then errors.jsonl and manifest.json, and switches the output folder to the
   new set in one step.
When the dataset would be the one already in place (same files, options and code), nothing is
rewritten.

A PDF that fails yields no records, one line in ``errors.jsonl`` and on stderr, and the run goes on.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extract import __version__
from extract.page_mode import ocr_policy

from ..writers.files import dumps, write_dataset
from .cache import ResultCache, cache_key, code_fingerprint
from .executors import run_jobs
from .fileset import is_current_manifest, plan_run, source_fields, source_path
from .identity import Input, absolute, find_inputs, safe_name
from .job import FileOutcome, Job, error_record
from .sources import describe_error, sha256_regular
from .staging import OutputSet

log = logging.getLogger(__name__)

FORMATS = ("jsonl", "csv", "parquet", "sqlite")
# A file may take this long, plus the per-page budget for each page it has finished: a 300-page
# scanned issue at ~1.5 CPU-s per page on one core is ~450 s; a one-page file that loops in a parser
# is stopped after the base budget.
DEFAULT_TIMEOUT_S = 120.0
DEFAULT_TIMEOUT_PER_PAGE_S = 10.0
# However many pages it finishes, no file takes longer than this: the base budget and 300 pages at
# the per-page budget (120 + 300 × 10 s), a 300-page scanned issue with room to spare.
DEFAULT_MAX_TIMEOUT_S = 3120.0
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
    """What the driver keeps of a file of the dataset while the run goes on (its records are in the
    cache)."""

    name: str
    rel: str
    sha256: str | None
    key: str | None = None          # cache key; None: no records (unreadable, duplicate, timed out)
    source: dict = field(default_factory=lambda: {"source": None})   # ``fileset.source_fields``
    path: Path | None = None        # where this run reads it (None: kept from an earlier run)
    pages: int = 0
    tasks: int = 0
    documents: int = 0
    references: int = 0
    tables: int = 0
    notes: list[dict] = field(default_factory=list)
    page_modes: list[dict] = field(default_factory=list)
    error: dict | None = None
    duplicate_of: str | None = None
    read_by: dict | None = None     # congbao's code and the options the records were made with
    cached: bool = False
    kept: bool = False              # held from an earlier run, not among this run's inputs
    held: dict | None = None        # the entry itself, when it may not be cached (a timeout)


@dataclass
class RunSummary:
    files: list[FileSummary]                                   # this run's inputs
    dataset: list[FileSummary] = field(default_factory=list)   # every file of the dataset written
    dropped: list[str] = field(default_factory=list)           # files pruned (source gone) or lost
    up_to_date: bool = False
    run_key: str | None = None

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


def _as_input(i: Path | Input) -> Input:
    if isinstance(i, Input):
        return i
    return Input(path=i, rel=safe_name(i.name), name=safe_name(i.name), source=absolute(i))


def run_batch(
    inputs: Sequence[Path | Input], out: Path, *, jobs: int = 1, formats: Sequence[str] = FORMATS,
    progress: Any = None, ocr: bool | str = "auto", reader: str = "pdfium", force: bool = False,
    timeout_s: float = DEFAULT_TIMEOUT_S, timeout_per_page_s: float = DEFAULT_TIMEOUT_PER_PAGE_S,
    max_timeout_s: float | None = DEFAULT_MAX_TIMEOUT_S, max_memory: int | None = DEFAULT_MAX_MEMORY,
    dask: str | None = None, replace_all: bool = False, prune: bool = False, csv_bom: bool = True,
    verbose: bool = False, say=None,
) -> RunSummary:
    """Add ``inputs`` (PDF paths or ``Input``s) to the dataset under ``out`` and write it as one
    transaction (``replace_all``: the dataset is this run's inputs alone; ``prune``: files whose source
    is gone are dropped). ``say`` prints a line for the user (default: stderr, or the progress bar).

    Raises ``UsageError`` when ``out`` cannot be used, ``staging.OutputBusy`` when another run holds it,
    ``nofollow.NotOurs`` when something under ``out/.congbao`` is not congbao's,
    ``executors.DaskUnavailable`` for a Dask cluster that cannot be used, ``OSError`` when the outputs
    cannot be written (the dataset in place is then left as it was).
    """
    check_output_folder(out)
    say = say or (lambda line: _say(line, progress))
    options = {"reader": reader, "ocr": ocr_policy(ocr)}
    read_by = {"congbao": __version__, "code": code_fingerprint(), "options": options}
    with OutputSet(out) as outset:
        cache_ = ResultCache(outset.state / "cache")
        previous = outset.previous_manifest()
        entries: list[dict] = []
        if previous is not None and is_current_manifest(previous):
            entries = previous["files"]
        elif previous is not None and not replace_all:
            say(f"congbao: {out} holds a dataset written by an earlier congbao (its manifest names no sources): "
                "it is rebuilt from this run's inputs")
        plan = plan_run(entries, [_as_input(i) for i in inputs], replace_all=replace_all, prune=prune)
        dropped = [e["path"] for e in plan.dropped]
        for rel in dropped:
            say(f"congbao: {rel}: dropped (--prune: its source is gone)")

        # The earlier files that stay, checked against the cache; a file whose records are lost is
        # read again from its source when it is still there, else dropped with a line.
        kept: list[FileSummary] = []
        again: list[Input] = []
        for e in plan.kept:
            summary = _kept_summary(e)
            if summary.key is not None and not cache_.verify(summary.key):
                where = source_path(e)
                if where is not None and os.path.isfile(where):
                    again.append(Input(path=where, rel=e["path"], name=e["file"], source=where))
                    continue
                say(f"congbao: {e['path']}: dropped: its records are missing from the cache and its source is gone")
                dropped.append(e["path"])
                continue
            kept.append(summary)

        files: list[FileSummary] = []
        first_of: dict[str, str] = {f.sha256: f.rel for f in kept if f.sha256 and not f.duplicate_of}
        todo: list[Job] = []
        scratch = tempfile.mkdtemp(prefix="congbao-run-")

        def take(item: Input) -> None:
            """Hash ``item``: a duplicate, a cached result, or a job for a worker."""
            summary = FileSummary(name=item.name, rel=item.rel, sha256=None, path=item.path,
                                  source=source_fields(item.source), read_by=read_by)
            try:
                sha = sha256_regular(item.path)
            except OSError as e:
                files.append(summary)
                summary.error = error_record(item.name, None, "read", describe_error(e))
                _report(summary, {}, progress, say)
                return
            if item.source is None and sha in first_of:
                # A PDF on stdin that the dataset holds already: nothing to add (a file with a source
                # is listed as a duplicate, so that --prune and the report know where it is).
                _progress_file_done(progress)
                return
            files.append(summary)
            summary.sha256 = sha
            if sha in first_of:  # the same bytes reached twice: read once
                summary.duplicate_of = first_of[sha]
                _progress_file_done(progress)
                return
            first_of[sha] = item.rel
            summary.key = cache_key(sha, item.rel, options)
            entry = None if force else cache_.get(summary.key)
            if entry is not None:
                _summarise(summary, entry)
                summary.cached = True
            else:
                todo.append(Job(index=len(files) - 1, name=item.name, rel=item.rel, sha256=sha,
                                options=tuple(sorted(options.items())), path=str(item.path), scratch=scratch))

        try:
            for item in sorted([*plan.inputs, *again], key=lambda i: (i.rel, str(i.path))):
                take(item)
            # A copy whose original is gone or no longer the same bytes holds no records of its own:
            # read from its source when it is still there, else dropped.
            originals = {f.rel: f.sha256 for f in [*kept, *files] if not f.duplicate_of}
            for f in [f for f in kept if f.duplicate_of and originals.get(f.duplicate_of) != f.sha256]:
                kept.remove(f)
                where = source_path({**f.source})
                if where is not None and os.path.isfile(where):
                    take(Input(path=where, rel=f.rel, name=f.name, source=where))
                else:
                    say(f"congbao: {f.rel}: dropped: it was a copy of {f.duplicate_of}, which is gone or has changed")
                    dropped.append(f.rel)

            # Pages of one file are read in parallel within --jobs: one thread each while every worker
            # has a file, the spare share when fewer files than --jobs remain to be read.
            share = max(1, jobs // max(1, min(jobs, len(todo))))
            todo = [dataclasses.replace(j, ocr_threads=share) for j in todo]
            dataset = sorted([*kept, *files], key=lambda f: f.rel)
            formats_key = {"formats": sorted(formats), "csv_bom": csv_bom and "csv" in formats}
            run_key = _run_key(dataset, formats_key)
            if not todo and _current_run_key(previous) == run_key:
                _progress_skip(progress, sum(f.cached for f in files))
                return RunSummary(files=files, dataset=dataset, up_to_date=True, run_key=run_key)

            def on_result(job: Job, entry: dict | None, error: str | None) -> None:
                summary = files[job.index]
                if entry is None or not entry.get("key"):
                    # killed (timeout, memory cap, crash) or unreadable: not cached (the next run retries)
                    if entry is None:
                        entry = FileOutcome(file=job.name, path=job.rel, sha256=job.sha256,
                                            error=error_record(job.name, job.sha256, "worker",
                                                               error or "worker failed")).to_entry()
                    summary.held = entry
                    summary.key = None
                else:
                    if entry["sha256"] != job.sha256:
                        say(f"congbao: {job.rel}: the file changed while it was read: its records are those of "
                            f"the bytes read (sha256 {entry['sha256'][:12]}…)")
                    summary.key, summary.sha256 = entry["key"], entry["sha256"]
                    cache_.put(summary.key, entry)
                _summarise(summary, entry)
                _report(summary, entry, progress, say)

            run_jobs(todo, on_result, jobs=jobs, timeout_s=timeout_s, timeout_per_page_s=timeout_per_page_s,
                     max_timeout_s=max_timeout_s, max_memory=max_memory, progress=progress, dask=dask,
                     verbose=verbose)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        for f in files:
            if f.cached:
                _progress_file_done(progress)

        run_key = _run_key(dataset, formats_key)   # the workers' keys, for files rewritten meanwhile
        write_dataset(outset.staging, _outcomes(dataset, cache_), formats, csv_bom=csv_bom)
        _write_errors(outset.staging / "errors.jsonl", dataset)
        _write_manifest(outset.staging / "manifest.json", dataset, formats, options, run_key, csv_bom)
        outset.commit()
        cache_.prune({f.key for f in dataset if f.key and f.held is None})
    return RunSummary(files=files, dataset=dataset, dropped=dropped, run_key=run_key)


def _kept_summary(entry: dict) -> FileSummary:
    """A file of the dataset in place, as its manifest entry describes it."""
    error = None
    if entry.get("error"):
        error = error_record(entry["file"], entry.get("sha256"), entry.get("stage") or "read", entry["error"])
    fields = {"source": entry.get("source")}
    if entry.get("source_bytes"):
        fields["source_bytes"] = entry["source_bytes"]
    return FileSummary(
        name=entry["file"], rel=entry["path"], sha256=entry.get("sha256"), key=entry.get("cache_key"),
        source=fields, pages=entry.get("pages") or 0, tasks=entry.get("tasks") or 0,
        documents=entry.get("documents") or 0, references=entry.get("references") or 0,
        tables=entry.get("tables") or 0, notes=entry.get("pages_without_rows") or [],
        page_modes=entry.get("page_modes") or [], error=error, duplicate_of=entry.get("duplicate_of"),
        read_by=entry.get("read_by"), kept=True,
        held=({"error": error} if error is not None and entry.get("cache_key") is None else None),
    )


def _summarise(summary: FileSummary, entry: dict) -> None:
    summary.pages = entry["pages"]
    summary.tasks, summary.documents, summary.references = (len(entry[k]) for k in ("tasks", "documents", "references"))
    summary.tables = len(entry.get("tables") or ())
    summary.notes = entry["notes"]
    summary.page_modes = entry["page_modes"]
    summary.error = entry["error"]


def _outcomes(files: list[FileSummary], cache_: ResultCache) -> Iterator[FileOutcome]:
    """Each file's records in dataset order, loaded one file at a time."""
    for f in files:
        if f.held is not None:
            if "file" in f.held:          # this run's timeout or unreadable file: its error, no records
                yield FileOutcome.from_entry(f.held)
            continue
        if f.key is None:
            continue
        entry = cache_.get(f.key)
        if entry is None:  # the cache entry vanished under us: never silently drop a file
            raise OSError(f"the records of {f.rel} are missing from the cache (.congbao/cache): run again")
        yield FileOutcome.from_entry(entry)


def _run_key(files: list[FileSummary], formats: dict) -> str:
    h = hashlib.sha256(json.dumps([__version__, code_fingerprint(), formats]).encode())
    for f in files:
        lost = [f.error["stage"], f.error["error"]] if f.error and f.key is None else None
        h.update(json.dumps([f.rel, f.sha256, f.key, f.duplicate_of, lost, f.source]).encode())
    return h.hexdigest()


def _current_run_key(previous: dict | None) -> str | None:
    return previous.get("run_key") if isinstance(previous, dict) else None


def _write_errors(path: Path, files: list[FileSummary]) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for f in files:
            if f.error:
                fh.write(dumps(f.error) + "\n")


def _write_manifest(path: Path, files: list[FileSummary], formats: Sequence[str], options: dict, run_key: str,
                    csv_bom: bool) -> None:
    manifest = {
        "congbao": __version__,
        "code": code_fingerprint(),
        "run_key": run_key,
        "options": options,
        "formats": ["jsonl", *[f for f in FORMATS[1:] if f in formats]],
        "csv_bom": csv_bom and "csv" in formats,
        "files": [
            {"file": f.name, "path": f.rel, **f.source, "sha256": f.sha256, "pages": f.pages,
             "documents": f.documents, "tasks": f.tasks, "references": f.references, "tables": f.tables,
             "error": f.error["error"] if f.error else None, "stage": f.error["stage"] if f.error else None,
             "duplicate_of": f.duplicate_of, "page_modes": f.page_modes, "pages_without_rows": f.notes,
             "read_by": f.read_by, "cache_key": f.key}
            for f in files
        ],
    }
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")


def _say(line: str, progress: Any) -> None:
    if progress is not None:
        progress.write(line)
    else:
        print(line, file=sys.stderr)


def _report(summary: FileSummary, entry: dict, progress: Any, say) -> None:
    if summary.error:
        e = summary.error
        say(f"congbao: {summary.rel}: {e['stage']}: {e['error']}")
    if entry.get("n_warnings"):
        first = "; ".join(entry["warnings"])
        say(f"congbao: {summary.rel}: {entry['n_warnings']} warning(s) from the PDF libraries: {first}")
    _progress_file_done(progress)


def _progress_file_done(progress: Any) -> None:
    if progress is not None:
        progress.end_file()


def _progress_skip(progress: Any, n: int) -> None:
    for _ in range(n):
        _progress_file_done(progress)
