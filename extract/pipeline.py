"""Every stage on one gazette PDF, in one function."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from .body_tasks import find_body_tasks
from .errors import ExtractError
from .models import IssueResult
from .read import DEFAULT_READER, READERS, ProgressFn, read_issue
from .segment import segment_issue
from .tables.find import find_fragments
from .tables.stitch import stitch_tables, unused_grids
from .tasks import rows_to_tasks


@contextmanager
def _stage(name: str) -> Iterator[None]:
    """Name the stage in any failure, so that a bug on one PDF is one line, not a traceback."""
    try:
        yield
    except ExtractError:
        raise
    except Exception as e:  # a defect of ours: report it against the stage, keep the batch going
        raise ExtractError(f"internal error: {type(e).__name__}: {e}", stage=name) from e


def extract_issue(pdf: Path | str, nlp=None, *, language: bool = True, on_page: ProgressFn | None = None,
                  ocr: bool | str = "auto", reader: str = DEFAULT_READER, name: str | None = None,
                  rel_path: str | None = None, ocr_workers: int | None = None) -> IssueResult:
    """Run every stage on one gazette PDF. Raises ``ExtractError`` subclasses only.

    ``nlp`` is the language pipeline; without it, this process's own is built on first use
    (``extract.nlp.pipeline.default_nlp``). ``language=False`` skips the language stage: tasks then
    carry no agencies, deadlines or references. ``ocr`` is the OCR policy ("auto": the pages whose
    text layer does not account for them, "always", "never"; True and False mean "auto" and "never"). ``reader`` names the PDF engine ("pdfium" or "pdfplumber").
    ``name`` and ``rel_path`` are how the records know the file (default: its file name);
    ``ocr_workers`` how many scanned pages are read at once (default: one per CPU).
    """
    if reader not in READERS:
        raise ValueError(f"unknown reader {reader!r} (one of {', '.join(READERS)})")
    if nlp is None and language:
        from .nlp.pipeline import default_nlp

        nlp = default_nlp()
    with _stage("read"):
        issue = read_issue(pdf, on_page=on_page, ocr=ocr, reader=reader, name=name, rel_path=rel_path,
                           ocr_workers=ocr_workers)  # pages, words, rulings, running headers
    with _stage("segment"):
        documents, pages = segment_issue(issue)       # documents with metadata and page spans
    with _stage("tables"):
        fragments = [f for p in pages if not p.is_cover for f in find_fragments(p)]
        tables = stitch_tables(fragments, documents, pages)
        notes = unused_grids(fragments, tables, documents, pages)
    with _stage("language"):
        analyse = None
        references: tuple = ()
        if nlp is not None:
            from .nlp.analyse import find_document_references, make_row_analyser

            analyse = make_row_analyser(nlp, issue.gazette.province)
            references = find_document_references(documents, tables, pages, fragments, issue.gazette.province, nlp)
        tasks = rows_to_tasks(tables, documents, issue.path or issue.file, analyse)   # agencies, deadlines, references
    with _stage("body tasks"):
        tasks += find_body_tasks(documents, pages, fragments, nlp, issue.gazette.province,
                                 file=issue.path or issue.file)  # assignments written in prose
    issue = replace(issue, pages=pages)               # with cover pages flagged
    return IssueResult(issue=issue, documents=documents, tables=tables, tasks=tasks, references=references,
                       notes=notes)
