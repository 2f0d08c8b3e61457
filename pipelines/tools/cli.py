"""The ``congbao`` command line (also ``python -m pipelines``)."""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from pathlib import Path

from extract import __version__
from extract.records import RECORD_TYPES, json_schema

from . import query, report

DESCRIPTION = """\
congbao turns Vietnamese Official Gazette PDFs (Công báo) into a dataset of tasks, documents,
tables and legal references: every appendix-table row is one record, reassembled across page breaks,
and every assignment written in a document's body is one too, each with its document, gazette and
printed page numbers.

Examples:
  congbao extract raw_pdfs --out outputs   (then: congbao query tasks --agency "Sở Nội vụ")
  congbao report --page 2 raw_pdfs/congbao-camau-43.pdf   (one page as congbao saw it)
  congbao tasks plan.txt                   (assignments in any text, as JSON lines)
"""

EXTRACT_HELP = """\
Read gazette PDFs (files, folders searched for *.pdf, or - for one PDF on stdin) and add them to the
dataset under --out:
  tasks.jsonl        one task per appendix-table row or assignment in a body (docs/output-contract.md)
  documents.jsonl    one legal document per line, with its metadata
  references.jsonl   legal references found in the documents
  tables.jsonl       every ruled table of a document, task table or not
  errors.jsonl       one line per PDF that could not be processed (file, stage, error)
  manifest.json      every file of the dataset: where it came from, path, sha256, pages, counts,
                     error, duplicates
  *.csv, *.parquet   the same as typed tables (tables: tables and table_rows); congbao.sqlite
                     (+ metadata.json for Datasette) with full-text search, with or without diacritics
The dataset grows: a run adds its files to those already in --out; a file read again from the
same place replaces its own records, the others stay. --replace makes the dataset this run's
files alone; --prune drops the files whose source is gone. Two files of one name get distinct
ids (2023/cb.pdf, 2024/cb.pdf).
Each PDF is read in a worker process of its own under a time budget (--timeout, plus
--timeout-per-page for each page it finishes, at most --timeout-max) and an address-space cap
(--max-memory): a file that loops or explodes costs one error line, the batch goes on. The outputs
are one transaction: a reader sees the previous set or the new one, whole, even if the run is
killed; a second run into the same folder is refused while one writes. Results are cached per file
(by the bytes read, its name, the options, congbao's code and the engines' versions) under
OUT/.congbao: a rerun reads only new or changed files (--force reads all). The same PDFs give
byte-identical files, whatever --jobs or --dask.
Each page is read from its text layer or by OCR (Tesseract, Vietnamese, when it is installed), as
its evidence says (--ocr auto): the manifest records every page's mode and the reason. Numbers and
dates stamped on a signed PDF by e-office systems (annotations) are read into their lines.
Exit status: 0 all inputs processed, 1 some input failed (the others are written), 2 wrong usage,
130 interrupted (outputs left as they were).
Examples:
  congbao extract raw_pdfs --out outputs
  congbao extract 2024/ 2025/ -o outputs --jobs 2
  congbao extract new-issue.pdf -o outputs            # added to the dataset already there
  congbao extract archive/ -o outputs --prune         # and files deleted from the archive dropped
  congbao extract archive/ -o outputs --dask tcp://10.0.0.5:8786   # a running Dask scheduler
  curl -s https://example.org/cb-12.pdf | congbao extract - -o outputs
"""


REFS_HELP = """\
Read plain text (FILE, or stdin when none or -); print one JSON object per line for each legal
reference found:
  {"type": "reference", "start", "end", "raw", "kind", "number", "key", "global_key", "date",
   "issuer", "title", "self", "warnings"}
start/end index the text exactly as given, so that text[start:end] == raw (the mention as printed:
NFD letters, no-break spaces, soft hyphens, zero-width characters, old tone placement kept); the
parsed fields (kind, number, key, issuer, names) are normalised (NFC, one tone-mark placement).
Offsets count characters (code points) of stdin decoded as UTF-8 (a leading byte-order mark is a
character too, as in the string that was encoded), or as UTF-16/UTF-32 when it starts with their
byte-order mark (the mark is not counted). Other bytes: one line on stderr, exit status 1; a FILE
that cannot be read (missing, a folder, a device): one line, exit status 2.
With --agencies and --deadlines, agency and deadline mentions follow too, all in text order:
  {"type": "agency", "start", "end", "raw", "name", "collective"}
  {"type": "deadline", "start", "end", "raw", "deadline": {"kind", "start", "end", …}}
Text is read block by block between blank lines (no mention runs over one): the same text fed
whole or cut at blank lines gives the same mentions, offsets shifted; time grows linearly with
the length of the text.
Examples:
  echo "theo Nghị định số 59/2012/NĐ-CP ngày 23/7/2012 của Chính phủ" | congbao refs
  congbao refs decision.txt --agencies --deadlines
"""


TASKS_HELP = """\
Read plain text (FILE, or stdin when none or -): a plan, a decision's articles, a notice's conclusions
pasted or exported as text; print one JSON object per line for each task written in it (an item or
clause that gives a body work to do), in text order:
  {"type": "task", "start", "end", "raw", "task_id", "group": {"number", "title", "parent"}, "number",
   "text", "evidence", "deadline": {"raw", "kind", "start", "end", …}, "lead", "support",
   "legal_refs", "mentioned_agencies", "warnings"}
start/end index the text exactly as given (as for congbao refs: code points of the decoded input), so
that text[start:end] == raw, the task's text as printed (its label left out); the other fields are
those of a task written in the body in tasks.jsonl (docs/output-contract.md): number the label path
("II.3", "Điều 2"), lead the bodies given the work, support those they work with. Not tasks: legal
bases, purposes, objectives that name no body, effect and execution clauses. Input encodings and
errors as for congbao refs (bad bytes: exit status 1; a FILE that cannot be read: exit status 2).
Examples:
  congbao tasks plan.txt --date 2024-03-05
  printf 'II. TỔ CHỨC THỰC HIỆN\n1. Giao Sở Nội vụ chủ trì, phối hợp với Sở Tư pháp tổ chức triển khai Kế hoạch này.\n' | congbao tasks
"""


# Modules that add a subcommand (``add_parser(subparsers)``), in --help order.
SUBCOMMAND_MODULES = (query, report)


def _iso_date(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="congbao", description=DESCRIPTION,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"congbao {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    ex = sub.add_parser("extract", help="extract the dataset from gazette PDFs", description=EXTRACT_HELP,
                        formatter_class=argparse.RawDescriptionHelpFormatter)
    ex.add_argument("inputs", nargs="+", type=Path, metavar="PDF_OR_DIR",
                    help="gazette PDFs or folders of them; - reads one PDF from stdin")
    ex.add_argument("--out", "-o", type=Path, default=Path("outputs"), help="output folder (default: outputs)")
    ex.add_argument("--jobs", "-j", type=int, default=1, metavar="N",
                    help="PDFs processed in parallel, one process each (default: 1)")
    ex.add_argument("--formats", default="jsonl,csv,parquet,sqlite",
                    help="comma-separated views to write besides JSONL: csv, parquet, sqlite (default: all)")
    ex.add_argument("--ocr", choices=["auto", "always", "never"], default="auto",
                    help="auto (default): OCR each page whose text layer does not account for what it shows "
                         "(scans, another tool's invisible OCR layer, a watermark over a scan, broken font "
                         "encodings); always: OCR every page; never: the text layer only")
    ex.add_argument("--no-ocr", dest="ocr", action="store_const", const="never", help="the same as --ocr never")
    ex.add_argument("--reader", choices=["pdfium", "pdfplumber"], default="pdfium",
                    help="PDF engine that reads the text layer (default: pdfium; pdfplumber is slower, "
                         "kept as the reference)")
    ex.add_argument("--force", action="store_true", help="read every file again, cached results or not")
    grow = ex.add_mutually_exclusive_group()
    grow.add_argument("--replace", action="store_true",
                      help="make the dataset this run's files alone (default: add them to the dataset in --out)")
    ex.add_argument("--prune", action="store_true",
                    help="drop the files of the dataset whose source (the path they were read at) is gone")
    bom = ex.add_mutually_exclusive_group()
    bom.add_argument("--csv-bom", dest="csv_bom", action="store_true", default=True,
                     help="begin the CSV files with a UTF-8 byte-order mark, which Excel needs to show "
                          "Vietnamese (the default)")
    bom.add_argument("--no-csv-bom", dest="csv_bom", action="store_false", help="CSV files without a byte-order mark")
    ex.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                    help="wall-clock budget of one file, before its pages are counted (default: 120)")
    ex.add_argument("--timeout-per-page", type=float, default=None, metavar="SECONDS",
                    help="budget added for each page the file has finished (default: 10)")
    ex.add_argument("--timeout-max", type=float, default=None, metavar="SECONDS",
                    help="most time one file may take, however many pages it finishes (default: 3120)")
    ex.add_argument("--max-memory", default="4G", metavar="SIZE",
                    help="address-space cap of one worker, e.g. 4G, 1500M (default: 4G); 0 = none")
    ex.add_argument("--dask", metavar="local|tcp://HOST:PORT",
                    help="read the files on a Dask cluster: 'local' starts one with --jobs workers here, "
                         "an address uses a running scheduler (dask scheduler / dask worker)")
    bar = ex.add_mutually_exclusive_group()
    bar.add_argument("--progress", dest="progress", action="store_true", default=None,
                     help="always draw the progress bar (default: only on a terminal)")
    bar.add_argument("--quiet", "-q", dest="progress", action="store_false", help="no progress bar, no summary")
    ex.add_argument("--verbose", "-v", action="store_true",
                    help="also show what the libraries log (Dask's cluster messages among them)")
    ex.set_defaults(func=cmd_extract)

    rf = sub.add_parser("refs", help="find legal references (and agencies, deadlines) in a text file or stdin",
                        description=REFS_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    rf.add_argument("file", nargs="?", type=Path, metavar="FILE", help="the text to read (default: stdin)")
    rf.add_argument("--agencies", action="store_true", help="also print the agencies mentioned")
    rf.add_argument("--deadlines", action="store_true", help="also print the deadline phrases")
    rf.add_argument("--date", type=_iso_date, metavar="YYYY-MM-DD",
                    help="date of the citing document: year of year-less periods, 'after the document' warnings")
    rf.add_argument("--number", metavar="SỐ_KÝ_HIỆU", help="số ký hiệu of the citing document (marks self-references)")
    rf.add_argument("--province", help="province of the citing document (issuer of …/QĐ-UBND numbers)")
    rf.set_defaults(func=cmd_refs)

    tk = sub.add_parser("tasks", help="find the tasks written in a text (assignments to bodies), from a file or stdin",
                        description=TASKS_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    tk.add_argument("file", nargs="?", type=Path, metavar="FILE", help="the text to read (default: stdin)")
    tk.add_argument("--date", type=_iso_date, metavar="YYYY-MM-DD",
                    help="date of the document: year of year-less periods, anchor of relative deadlines")
    tk.add_argument("--kind", metavar="KIND",
                    help="the document's kind when known ('Quyết định', 'Kế hoạch' …): a normative kind "
                         "(Thông tư, Nghị định …) gives tasks only in its articles of responsibility")
    tk.set_defaults(func=cmd_tasks)

    sc = sub.add_parser("schema", help="print the JSON Schema of the output records",
                        description="Print the JSON Schema (draft 2020-12) of one kind of output record, "
                                    "generated from the data model; its $id names the kind and the "
                                    "record format version.",
                        epilog="Examples:\n  congbao schema tasks > tasks.schema.json\n"
                               "  congbao schema references | jq '.properties | keys'",
                        formatter_class=argparse.RawDescriptionHelpFormatter)
    sc.add_argument("kind", choices=list(RECORD_TYPES), help="which records")
    sc.set_defaults(func=cmd_schema)

    # Commands over a written dataset, each in its own module with add_parser(sub) -> sets func.
    for module in SUBCOMMAND_MODULES:
        module.add_parser(sub)
    return parser


def cmd_extract(args: argparse.Namespace) -> int:
    from ..runner.batch import (
        DEFAULT_MAX_TIMEOUT_S, DEFAULT_TIMEOUT_PER_PAGE_S, DEFAULT_TIMEOUT_S, UsageError, run_batch,
    )
    from ..runner.executors import DaskUnavailable, check_dask_address
    from ..runner.identity import Input, find_inputs
    from ..runner.isolation import parse_size
    from ..runner.nofollow import NotOurs
    from ..runner.progress import make_progress
    from ..runner.staging import OutputBusy

    stdin = [p for p in args.inputs if str(p) == "-"]
    missing = [p for p in args.inputs if str(p) != "-" and not p.exists()]
    if missing:
        print(f"congbao: no such file or folder: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    unknown = set(formats) - {"jsonl", "csv", "parquet", "sqlite"}
    if unknown:
        print(f"congbao: unknown format(s): {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    try:
        max_memory = parse_size(args.max_memory) or None
    except ValueError:
        print(f"congbao: --max-memory: not a size: {args.max_memory!r} (e.g. 4G, 1500M)", file=sys.stderr)
        return 2
    if args.jobs < 1:
        print("congbao: --jobs must be 1 or more", file=sys.stderr)
        return 2
    if args.dask:
        try:
            check_dask_address(args.dask)
        except DaskUnavailable as e:
            print(f"congbao: {e}", file=sys.stderr)
            return 2
    if args.replace and args.prune:
        print("congbao: --prune has nothing to do with --replace (the dataset is this run's files alone)",
              file=sys.stderr)
        return 2
    inputs = find_inputs([p for p in args.inputs if str(p) != "-"])
    tmp_dir = None
    try:
        if stdin:
            import tempfile

            data = sys.stdin.buffer.read()
            tmp_dir = tempfile.TemporaryDirectory(prefix="congbao-stdin-")
            path = Path(tmp_dir.name) / "stdin.pdf"
            path.write_bytes(data)
            inputs.append(Input(path=path, rel="stdin.pdf", name="stdin.pdf", source=None))
        if not inputs:
            print(f"congbao: no PDF found in {', '.join(map(str, args.inputs))}", file=sys.stderr)
            return 2
        progress = make_progress(len(inputs), enabled=args.progress)
        started = time.perf_counter()
        try:
            summary = run_batch(
                inputs, args.out, jobs=args.jobs, formats=formats, progress=progress, ocr=args.ocr,
                reader=args.reader, force=args.force, max_memory=max_memory, dask=args.dask,
                timeout_s=DEFAULT_TIMEOUT_S if args.timeout is None else args.timeout,
                timeout_per_page_s=DEFAULT_TIMEOUT_PER_PAGE_S if args.timeout_per_page is None else args.timeout_per_page,
                max_timeout_s=DEFAULT_MAX_TIMEOUT_S if args.timeout_max is None else args.timeout_max,
                replace_all=args.replace, prune=args.prune, csv_bom=args.csv_bom, verbose=args.verbose,
            )
        except (UsageError, OutputBusy, NotOurs, DaskUnavailable) as e:
            _close(progress)
            print(f"congbao: {e}", file=sys.stderr)
            return 2
        except OSError as e:   # disk full, a folder that became read-only …: the set in place is kept
            _close(progress)
            print(f"congbao: cannot write the dataset in {args.out}: {_os_error(e)} (the dataset there is left as "
                  "it was)", file=sys.stderr)
            return 1
        _close(progress)
        if not summary.up_to_date:
            _note_stale_report(args.out, summary.run_key)
        if args.progress is not False:
            ok = len(summary.files) - len(summary.failed)
            state = " (up to date: nothing changed)" if summary.up_to_date else (
                f", {summary.n_cached} unchanged file(s) from the cache" if summary.n_cached else "")
            whole = ""
            if len(summary.dataset) != len(summary.files):
                whole = (f"; the dataset holds {len(summary.dataset)} file(s), "
                         f"{sum(f.tasks for f in summary.dataset)} tasks")
            print(f"congbao: {ok}/{len(summary.files)} PDF(s) processed, {summary.n_tasks} tasks → {args.out}{state}"
                  f"{whole} ({time.perf_counter() - started:.1f} s)", file=sys.stderr)
        return 1 if summary.failed else 0
    finally:
        if tmp_dir is not None:
            tmp_dir.cleanup()


def _close(progress) -> None:
    if progress is not None:
        progress.close()


def _os_error(e: OSError) -> str:
    """An ``OSError`` in words, the way a user can act on it."""
    import errno

    if e.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"no space left on the device ({e.strerror})"
    if e.errno == errno.EFBIG:
        return "a file grew over the file-size limit (ulimit -f)"
    text = e.strerror or str(e)
    return f"{text}: {e.filename}" if e.filename else text


def _note_stale_report(out: Path, run_key: str | None) -> None:
    """Say, in the report and on stderr, when ``OUT/report`` was made from an earlier dataset."""
    if run_key is not None and report.mark_stale(out, run_key):
        print(f"congbao: {out / 'report'} was made from an earlier dataset: it says so now; run 'congbao report "
              f"{out}' to renew it", file=sys.stderr)


class _BadInput(Exception):
    """stdin cannot be decoded; the message names the byte offset."""


# Byte-order marks, longest first: UTF-32 LE starts with the UTF-16 LE mark.
_REFS_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"), (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"), (b"\xfe\xff", "utf-16-be", "UTF-16"),
)


def _decode_refs_input(data: bytes) -> str:
    """stdin as text: UTF-16/32 after their byte-order mark, else UTF-8 (a UTF-8 mark stays a character)."""
    for bom, codec, name in _REFS_BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec)
            except UnicodeDecodeError as e:
                raise _BadInput(f"not valid {name} text (byte offset {len(bom) + e.start}: {e.reason})") from None
    nul = data.find(b"\x00")
    if nul >= 0:  # plain text has none: UTF-16 or UTF-32 sent without its byte-order mark
        raise _BadInput(f"NUL byte at byte offset {nul}: not UTF-8 text; UTF-16/UTF-32 need a byte-order mark")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise _BadInput(f"not UTF-8 text (byte offset {e.start}: byte 0x{data[e.start]:02x}); "
                        "send UTF-8, or UTF-16/UTF-32 with a byte-order mark") from None


def _refs_records(text: str, args: argparse.Namespace):
    """The JSON records ``congbao refs`` prints for ``text``, in text order."""
    from extract.nlp.legal_refs import CitingDocument
    from extract.nlp.pipeline import find_mentions
    from extract.records import mention_record

    citing = CitingDocument(number=args.number, date=args.date, province=args.province)
    for start, end, value in find_mentions(text, citing=citing, document_date=args.date,
                                           agencies=args.agencies, deadlines=args.deadlines):
        yield mention_record(text, start, end, value)


def _read_text_file(path: Path) -> bytes:
    """The bytes of ``path``: a regular file, or a pipe (``congbao refs <(…)``); anything else (a folder,
    a device that never ends) is an ``OSError`` with its reason. Never blocks on opening."""
    import stat

    from ..runner.sources import kind_of

    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        mode = os.fstat(fd).st_mode
        if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode)):
            raise OSError(f"{kind_of(mode)}, not a text file")
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as f:
            return f.read()
    finally:
        os.close(fd)


def _read_text_input(args: argparse.Namespace) -> tuple[str | None, int]:
    """The text ``congbao refs`` or ``congbao tasks`` reads (FILE, or stdin), or (None, exit status)
    after one line on stderr."""
    where = "stdin"
    try:
        if args.file is None or str(args.file) == "-":
            data = sys.stdin.buffer.read()
        else:
            where = str(args.file)
            data = _read_text_file(args.file)
    except OSError as e:
        print(f"congbao: {where}: {e.strerror or e}", file=sys.stderr)
        return None, 2
    try:
        return _decode_refs_input(data), 0
    except _BadInput as e:
        print(f"congbao: {where}: {e}", file=sys.stderr)
        return None, 1


def cmd_refs(args: argparse.Namespace) -> int:
    from ..writers.files import dumps

    text, status = _read_text_input(args)
    if text is None:
        return status
    out = sys.stdout
    for record in _refs_records(text, args):
        out.write(dumps(record) + "\n")
    out.flush()
    return 0


def cmd_tasks(args: argparse.Namespace) -> int:
    from extract.body_tasks import find_text_tasks
    from extract.records import text_task_record

    from ..writers.files import dumps

    text, status = _read_text_input(args)
    if text is None:
        return status
    out = sys.stdout
    for found in find_text_tasks(text, document_date=args.date, kind=args.kind):
        out.write(dumps(text_task_record(text, found.start, found.end, found.task)) + "\n")
    out.flush()
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    print(json.dumps(json_schema(RECORD_TYPES[args.kind]), ensure_ascii=False, indent=2))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    verbose = getattr(args, "verbose", False)
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="congbao: %(name)s: %(message)s")
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("congbao: interrupted; outputs left as they were", file=sys.stderr)
        # Workers are gone and the staged files removed: skip tearing down the language pipeline's
        # hundreds of MB of objects, which alone can take seconds on a loaded machine.
        sys.stderr.flush()
        try:
            sys.stdout.flush()
        except (BrokenPipeError, ValueError):
            pass
        os._exit(130)
    except BrokenPipeError:
        # The reader went away (`congbao schema tasks | head -1`): stop quietly, as cat does; stdout
        # points at /dev/null so that the interpreter's last flush does not complain either.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
