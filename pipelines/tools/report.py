"""``congbao report OUT``: a visual QA report of a written dataset, as a self-contained folder.

The dataset (``tasks.jsonl``, ``documents.jsonl``, ``manifest.json``) holds no boxes, so the report
reads each PDF the manifest lists again with the library and draws what it detected over the page
images: the ruled grid of every table fragment, each row's extent, rows joined across a page break
(one colour on both pages, "continues on / from p. N" markers), group cells and rows, and the OCR
confidence of rows read from scans; and the lines of every task written in the body (origin "body":
an assignment in the document's prose), on each page it stands on. Every task entry links to its page
region and the region back.

After ``build_report(out, …)``:
- ``OUT/report/`` holds ``index.html``, ``report.css`` and ``pages/*.png`` and nothing else; it was
  built in a temporary folder under ``OUT`` and swapped in whole, so an interrupted run leaves the old
  report (or none), never half of one;
- the same dataset and PDFs give byte-identical files (no clock, no random names inside);
- every task the library reads again, table row or written in the body, has one entry, showing its
  dataset record (matched by position, number and text, so a changed ``task_id`` scheme still
  matches); a dataset record the reading does not reproduce, a field that differs, a row whose region
  could not be found on its pages, a body task whose text could not be found on its pages, are listed
  in the report, never dropped silently;
- ``index.html`` names the dataset it was made from (``STAMP``); ``mark_stale`` adds a notice to a
  report whose dataset has since changed; a run that can report no file at all keeps the report in
  place (``ReportKept``) instead of replacing it with an empty one.

Row geometry and the lines of body tasks are recovered, not carried by the models
(``pipelines.tools.geometry``). With ``--page N FILE``, one page of one PDF is drawn as congbao saw it
instead (``pipelines.tools.page_view``).
"""
from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .geometry import Box, RowPiece, TableGeometry, TextPiece, locate_body_tasks, locate_rows
from .page_view import PageViewError, view_page

# Page images: modest resolution keeps the folder small (an A4 page is ~830 px wide); rendered at twice
# that and halved, since the pdfium adapter renders without anti-aliasing (tuned for OCR).
DEFAULT_DPI = 100
SUPERSAMPLE = 2
# Joined rows get one colour each, the same on every page they cross (cycled when a table has more).
JOIN_COLOURS = ("#e6550d", "#d6249f", "#2ca02c", "#8c564b", "#ff9896", "#17becf", "#bcbd22", "#9467bd")

EPILOG = """\
Examples:
  congbao extract raw_pdfs --out outputs && congbao report outputs
  # then open outputs/report/index.html (no network needed)
  congbao report --page 17 raw_pdfs/cb-43.pdf --png p17.png
  # one page as congbao saw it: rules (red), grid cells (blue; orange: a grid that made no
  # table), header and group cells, each row's extent and number; the page in words on stdout
PDFs are found where the run read them (the manifest's source), else by file name under --pdfs
(default: raw_pdfs); a PDF whose SHA-256 differs from the manifest's is not used. A missing PDF is
skipped with one line on stderr; when no file at all can be reported, the report already in OUT is
kept. A report made from an earlier dataset says so at its top (congbao extract marks it). Exit
status: 0 every file reported, 1 some file skipped, 2 wrong usage (no such folder, no manifest).
"""


class ReportError(Exception):
    """Wrong usage or an unusable output folder: one line, exit status 2."""


class ReportKept(Exception):
    """No file could be reported: the report in place was kept (one line, exit status 1)."""


# ---------------------------------------------------------------- dataset


@dataclass
class FileReport:
    """One manifest entry: where its PDF was found, what the library read, how it matches the dataset."""

    index: int
    entry: dict
    pdf: Path | None = None
    skipped: str | None = None
    result: object = None
    records: list[dict] = field(default_factory=list)       # dataset records of the file's table tasks, in order
    documents: list[dict] = field(default_factory=list)     # dataset document records of the file
    body_records: list[dict] = field(default_factory=list)  # dataset records of its tasks written in the body
    tables: list = field(default_factory=list)              # the task tables read again (drawn)
    lib_records: list[dict | None] = field(default_factory=list)  # per row of ``tables``: its task's record
    lib_body: list[dict] = field(default_factory=list)      # the library's tasks written in the body
    body_tasks: list = field(default_factory=list)          # those tasks (drawn), as ``lib_body``
    body_match: list[int | None] = field(default_factory=list)  # per body task: index into ``body_records``
    body_pieces: list[list[TextPiece]] = field(default_factory=list)  # per body task: its lines, page by page
    match: list[int | None] = field(default_factory=list)   # per library task: index into ``records``
    problems: list[str] = field(default_factory=list)
    images: dict[int, tuple[str, int, int]] = field(default_factory=dict)  # page index -> (file, w, h)
    geometry: list[TableGeometry] = field(default_factory=list)
    duplicate: bool = False     # the same bytes as another entry: reported there, not a failure


def _read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    out = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    out.append(json.loads(line))
                except json.JSONDecodeError as e:
                    raise ReportError(f"{path}: line {n} is not JSON ({e.msg})") from None
    return out


def _load_manifest(out: Path) -> dict:
    if not out.is_dir():
        raise ReportError(f"no such folder: {out}")
    path = out / "manifest.json"
    if not path.is_file():
        raise ReportError(f"no manifest.json in {out}: not a folder written by congbao extract")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        files = manifest["files"]
        if not isinstance(files, list) or not all(isinstance(e, dict) and "file" in e for e in files):
            raise TypeError
    except (json.JSONDecodeError, KeyError, TypeError, UnicodeDecodeError):
        raise ReportError(f"{path}: not a congbao manifest (no list of files)") from None
    return manifest


def _same_record_file(record: dict, entry: dict) -> bool:
    src = record.get("source") or {}
    if src.get("path") and entry.get("path"):   # a file's name in the dataset is unique
        return src["path"] == entry["path"]
    if entry.get("sha256") and src.get("sha256"):
        return src["sha256"] == entry["sha256"] and Path(src.get("file") or "").name == Path(entry["file"]).name
    return Path(src.get("file") or "").name == Path(entry["file"]).name


class PdfFinder:
    """Finds the PDF of a manifest entry: where the run read it (the manifest's ``source``), else its
    recorded ``path``, else by file name under ``folders`` (``folders_first``: the folders first, for
    --pdfs). Each folder is walked once."""

    def __init__(self, folders: Sequence[Path], *, folders_first: bool = False) -> None:
        self.folders = tuple(folders)
        self.folders_first = folders_first
        self._by_name: dict[str, list[Path]] | None = None

    def find(self, entry: dict) -> tuple[Path | None, str | None]:
        if self._by_name is None:
            self._by_name = {}
            for d in self.folders:
                for p in sorted(d.rglob("*")) if d.is_dir() else ():
                    if p.is_file():
                        self._by_name.setdefault(p.name, []).append(p)
        return find_pdf(entry, self._by_name.get(Path(entry["file"]).name, []), self.folders,
                        found_first=self.folders_first)


def find_pdf(entry: dict, found: Sequence[Path], folders: Sequence[Path], *,
             found_first: bool = False) -> tuple[Path | None, str | None]:
    """The PDF of a manifest entry among where the run read it (``source``), its recorded ``path`` and
    the files ``found`` by its name.

    A file whose SHA-256 differs from the manifest's is another file of the same name: not used.
    Returns (path, None) or (None, reason).
    """
    from ..runner.fileset import source_path
    from ..runner.sources import sha256_regular

    source = source_path(entry)
    recorded = [p for p in (source, Path(entry["path"]) if entry.get("path") else None) if p is not None]
    candidates = [*found, *recorded] if found_first else [*recorded, *found]
    seen, differing = set(), []
    for c in candidates:
        if c in seen or not c.is_file():
            continue
        seen.add(c)
        if entry.get("sha256"):
            try:
                if sha256_regular(c) != entry["sha256"]:
                    differing.append(c)
                    continue
            except OSError:
                continue
        return c, None
    if differing:
        return None, f"{differing[0]} is not the file the dataset was made from (SHA-256 differs)"
    where = ", ".join(str(d) for d in folders) or "the manifest's paths"
    looked = f"{source}, " if source is not None else ""
    return None, f"PDF not found (looked at {looked}the manifest's path and under {where}); use --pdfs DIR"


def _key_fields(record: dict) -> tuple:
    return (record.get("number"), " ".join((record.get("text") or "").split()))


def match_records(lib: Sequence[dict], records: Sequence[dict]) -> tuple[list[int | None], list[str]]:
    """Pair the library's task records with the dataset's, robust to a changed ``task_id`` scheme.

    First by position within the file with the same number and text, then by number and text anywhere
    (a row moved); ``task_id`` is compared, never relied on. Returns, per library task, the index of
    its dataset record (or None), and one line per problem.
    """
    match: list[int | None] = [None] * len(lib)
    taken: set[int] = set()
    for k, rec in enumerate(lib):
        if rec is not None and k < len(records) and _key_fields(records[k]) == _key_fields(rec):
            match[k] = k
            taken.add(k)
    for k, rec in enumerate(lib):
        if match[k] is None and rec is not None:
            key = _key_fields(rec)
            found = next((i for i, r in enumerate(records) if i not in taken and _key_fields(r) == key), None)
            if found is not None:
                match[k] = found
                taken.add(found)
    problems = []
    ids_differ = 0
    for k, i in enumerate(match):
        if i is None and lib[k] is None:   # a row that is no task (a totals row)
            continue
        if i is None:
            problems.append(f"library task {lib[k]['task_id']} (number {lib[k].get('number')!r}) has no dataset record")
            continue
        if i != k:
            problems.append(f"{records[i]['task_id']}: at position {i + 1} in the dataset, {k + 1} in the reading")
        if records[i].get("task_id") != lib[k]["task_id"]:
            ids_differ += 1
        differ = sorted(key for key in set(records[i]) | set(lib[k]) if key != "task_id"
                        and records[i].get(key) != lib[k].get(key))
        if differ:
            problems.append(f"{records[i]['task_id']}: the dataset differs from this reading in {', '.join(differ)}")
    if ids_differ:
        problems.append(f"{ids_differ} task_id(s) differ from this reading's ids "
                        "(matched by position, number and text)")
    for i, r in enumerate(records):
        if i not in taken:
            problems.append(f"dataset record {r.get('task_id')} (number {r.get('number')!r}) is not in this reading")
    return match, problems


# ---------------------------------------------------------------- reading again


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name) or "file"


def read_file(fr: FileReport, nlp, *, ocr: bool | str, dpi: int, pages_dir: Path) -> None:
    """Extract ``fr.pdf`` again, locate its rows and the text of its body tasks, render the pages its
    tables and body tasks stand on."""
    from extract.pipeline import extract_issue
    from extract.read import open_source
    from extract.records import task_record, to_json
    from extract.tables.find import find_fragments

    # Read under its name in the dataset, so that its records (source.path, ids) compare as they are.
    result = extract_issue(fr.pdf, nlp, ocr=ocr, name=fr.entry.get("file"), rel_path=fr.entry.get("path"))
    fr.result = result
    issue, docs = result.issue, result.documents
    # Tables of tasks are drawn, each row with its task (tables of kind "other" give none); tasks
    # written in the body (no row) are drawn over the lines of their text.
    fr.tables = [t for t in result.tables if getattr(t, "kind", "tasks") == "tasks"]
    row_task = {id(t.row): t for t in result.tasks if getattr(t, "row", None) is not None}
    lib_tasks = [row_task.get(id(row)) for t in fr.tables for row in t.rows]
    fr.lib_records = [to_json(task_record(t, issue, docs[t.document_index])) if t is not None else None
                      for t in lib_tasks]
    fr.body_tasks = [t for t in result.tasks if getattr(t, "row", None) is None]
    fr.lib_body = [to_json(task_record(t, issue, docs[t.document_index])) for t in fr.body_tasks]
    fr.match, problems = match_records(fr.lib_records, fr.records)
    fr.problems += problems
    fr.body_match, body_problems = match_records(fr.lib_body, fr.body_records)
    fr.problems += body_problems
    if len(fr.documents) != len(docs):
        fr.problems.append(f"{len(fr.documents)} document records in the dataset, {len(docs)} documents read again")
    fragments: dict[int, list] = {}
    for page in issue.pages:
        if not page.is_cover:
            fragments[page.page_index] = list(find_fragments(page))
    fr.geometry = [locate_rows(t, fragments) for t in fr.tables]
    k = 0
    for t, g in zip(fr.tables, fr.geometry):
        for row, pieces in zip(t.rows, g.pieces):
            found = {pc.page_index for pc in pieces}
            missing = [i + 1 for i in row.page_indexes if i not in found]
            if missing:
                fr.problems.append(f"{_shown(fr, k).get('task_id')}: region not found on PDF page(s) "
                                   f"{', '.join(map(str, missing))}")
            k += 1
    fr.body_pieces = locate_body_tasks(fr.body_tasks, issue.pages)
    for k, (task, pieces) in enumerate(zip(fr.body_tasks, fr.body_pieces)):
        if not pieces:
            fr.problems.append(f"{_shown_body(fr, k).get('task_id')}: region not found on PDF page(s) "
                               f"{', '.join(str(i + 1) for i in task.page_indexes) or '(none given)'}")
    needed = sorted({p for t in fr.tables for p in t.page_indexes}
                    | {p for t in fr.body_tasks for p in t.page_indexes if 0 <= p < len(issue.pages)})
    stem = f"{fr.index + 1:02d}-{_safe(Path(issue.file).stem)}"
    with open_source(fr.pdf, "pdfium") as pdf:
        for p in needed:
            image = pdf.render(p, dpi=dpi * SUPERSAMPLE, colour=False)
            if SUPERSAMPLE > 1:
                image = image.reduce(SUPERSAMPLE)  # box filter: the anti-aliasing the adapter leaves out
            name = f"{stem}-p{p + 1:03d}.png"
            image.save(pages_dir / name, "PNG", optimize=True)
            fr.images[p] = (f"pages/{name}", image.width, image.height)


# ---------------------------------------------------------------- HTML


CSS = """\
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, "DejaVu Sans", sans-serif; color: #1d2327; background: #eef0f2; }
header.top { padding: 14px 24px; background: #1f2d3a; color: #fff; }
header.top h1 { margin: 0 0 6px; font-size: 20px; }
header.top a { color: #9fd3ff; }
.summary { display: flex; flex-wrap: wrap; gap: 6px 18px; margin: 6px 0; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 14px; margin-top: 8px; font-size: 12px; }
.legend i { display: inline-block; width: 22px; height: 12px; vertical-align: middle; margin-right: 4px;
  border: 2px solid; }
.sw-cell { border-color: rgba(0,90,255,.6) !important; border-width: 1px !important; }
.sw-row { background: rgba(30,136,229,.16); border-color: rgba(21,101,192,.85) !important; }
.sw-join { background: rgba(230,85,13,.25); border-color: #e6550d !important; border-style: dashed !important; }
.sw-group { background: rgba(142,36,170,.18); border-color: rgba(142,36,170,.9) !important; }
.sw-header { background: rgba(96,96,96,.25); border-color: #777 !important; }
.sw-body { background: rgba(46,125,50,.2); border-color: #2e7d32 !important; border-style: dashed !important; }
.sw-ocr {
  background: linear-gradient(90deg, hsl(0,85%,45%), hsl(60,85%,45%), hsl(120,70%,38%));
  border-color: #444 !important; }
main { padding: 8px 24px 40px; }
section.file {
  background: #fff; border-radius: 6px; padding: 12px 18px; margin: 16px 0;
  box-shadow: 0 1px 3px rgba(0,0,0,.12); }
section.file > h2 { margin: 4px 0; font-size: 18px; }
.meta { color: #555; font-size: 13px; }
.problems { background: #fff4e5; border-left: 4px solid #f57c00; padding: 6px 10px; margin: 8px 0; font-size: 13px; }
.problems ul { margin: 4px 0; padding-left: 18px; }
.ok { color: #2e7d32; }
.skipped { background: #fdecea; border-left: 4px solid #c62828; padding: 6px 10px; }
h3 { margin: 16px 0 4px; font-size: 16px; }
h4 { margin: 10px 0 6px; font-size: 14px; color: #333; }
.columns { font-size: 12px; color: #444; margin-bottom: 8px; }
.columns span { display: inline-block; background: #f1f3f4; border-radius: 3px; padding: 0 5px; margin: 1px; }
.view {
  display: grid; grid-template-columns: minmax(0, max-content) minmax(300px, 1fr); gap: 18px;
  align-items: start; }
.pages { display: flex; flex-direction: column; gap: 14px; }
figure { margin: 0; }
figcaption { font-size: 12px; color: #555; margin-bottom: 2px; }
.page { position: relative; border: 1px solid #bbb; background: #fff; max-width: 100%; }
.page img { display: block; width: 100%; height: auto; }
.page .b { position: absolute; }
.cell { border: 1px solid rgba(0,90,255,.55); pointer-events: none; }
.cell.header { background: rgba(96,96,96,.18); }
.cell.group, .cell.group-row { background: rgba(142,36,170,.13); border: 2px solid rgba(142,36,170,.85); }
.cell.group-row::after, .cell.group::after { content: attr(data-g); position: absolute; right: 1px; bottom: 1px;
  font: 10px/1.2 sans-serif; color: #fff; background: rgba(142,36,170,.9); padding: 0 3px; }
a.row {
  display: block; background: rgba(30,136,229,.12); border: 2px solid rgba(21,101,192,.75);
  text-decoration: none; }
a.row.alt { background: rgba(0,172,193,.12); border-color: rgba(0,131,143,.75); }
a.row.joined { border-style: dashed; border-width: 3px; }
a.row:hover { background: rgba(255,214,0,.25); }
a.row:target { outline: 4px solid #ffd600; outline-offset: 1px; background: rgba(255,214,0,.3); z-index: 5; }
.tag {
  position: absolute; font: bold 10px/1.25 sans-serif; color: #fff; padding: 0 3px; white-space: nowrap;
  border-radius: 2px; }
.tag.num { left: 2px; top: 2px; background: rgba(21,101,192,.9); }
.tag.join-from { left: 50%; top: 2px; transform: translateX(-50%); }
.tag.join-on { left: 50%; bottom: 2px; transform: translateX(-50%); }
.tag.ocr { right: 2px; top: 2px; color: #fff; }
.ocr-bar { position: absolute; left: 0; top: 0; bottom: 0; width: 7px; }
a.btask {
  display: block; background: rgba(46,125,50,.04); border: 2px dashed rgba(46,125,50,.9); text-decoration: none; }
a.btask.alt { border-color: rgba(0,121,107,.9); }
a.btask:hover { background: rgba(255,214,0,.25); }
a.btask:target { outline: 4px solid #ffd600; outline-offset: 1px; background: rgba(255,214,0,.3); z-index: 5; }
.bline { background: rgba(46,125,50,.16); pointer-events: none; }
.bline.alt { background: rgba(0,121,107,.14); }
.tag.bnum { left: 0; top: 0; transform: translate(-100%, 0); background: rgba(46,125,50,.95); }
a.btask.alt .tag.bnum { background: rgba(0,121,107,.95); }
.tag.body-from { right: 2px; top: 0; transform: translateY(-100%); background: rgba(46,125,50,.95); }
.tag.body-on { right: 2px; bottom: 0; transform: translateY(100%); background: rgba(46,125,50,.95); }
ol.tasks { list-style: none; margin: 0; padding: 0; font-size: 13px; }
li.task {
  border: 1px solid #dde1e5; border-left: 5px solid rgba(21,101,192,.75); border-radius: 4px;
  padding: 5px 8px; margin-bottom: 6px; scroll-margin-top: 20px; }
li.task:target { background: #fff8c4; border-color: #f9a825; }
li.task code { font-size: 11px; color: #37474f; word-break: break-all; }
li.task .text { margin: 2px 0; }
li.task.body { border-left-color: rgba(46,125,50,.85); }
li.task.body .text { white-space: pre-line; }
li.task dl { display: grid; grid-template-columns: max-content 1fr; gap: 0 8px; margin: 2px 0 0; font-size: 12px; }
li.task dt { color: #666; }
li.task dd { margin: 0; }
li.task .warn { color: #c62828; font-weight: bold; }
a.to-region, a.to-piece { font-size: 12px; margin-right: 6px; }
nav.toc { font-size: 13px; margin: 6px 0 0; }
nav.toc a { margin-right: 10px; }
"""


def _e(text: object) -> str:
    # A file name that is not UTF-8 reaches here with surrogate escapes: shown as \xNN, like the dataset.
    plain = ("" if text is None else str(text)).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return html.escape(plain, quote=True)


def _attr(name: str, value: str | None) -> str:
    return f' {name}="{_e(value)}"' if value else ""


def _pct(value: float, total: float) -> str:
    return f"{100 * value / total:.3f}%"


def _style(box: Box, width: float, height: float, extra: str = "") -> str:
    return (f"left:{_pct(box.x0, width)};top:{_pct(box.top, height)};width:{_pct(box.x1 - box.x0, width)};"
            f"height:{_pct(box.bottom - box.top, height)};{extra}")


def _confidence_colour(confidence: float) -> str:
    """Red at 0.5 and below, through yellow, to green at 1: OCR confidence as a colour."""
    share = min(1.0, max(0.0, (confidence - 0.5) / 0.5))
    return f"hsl({round(120 * share)},80%,40%)"


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _page_label(numbers: dict[int, int | None], index: int) -> str:
    n = numbers.get(index)
    return f"p. {n}" if n is not None else f"PDF page {index + 1}"


def _pages_span(numbers: dict[int, int | None], pages: Sequence[int]) -> str:
    """ "p. 48–55" for printed pages, else the first and last page as labelled."""
    first, last = numbers.get(pages[0]), numbers.get(pages[-1])
    if len(pages) > 1 and first is not None and last is not None:
        return f"p. {first}–{last}"
    return " – ".join(dict.fromkeys((_page_label(numbers, pages[0]), _page_label(numbers, pages[-1]))))


def _agencies(items) -> str:
    return "; ".join(_e(a.get("name") or a.get("raw")) for a in items or ()) or "—"


def _deadline(d: dict | None) -> str:
    if not d:
        return "—"
    span = ""
    if d.get("start") or d.get("end"):
        span = f" ({_e(d.get('start') or '…')} → {_e(d.get('end') or '…')})"
    return f"{_e(d.get('raw'))} <span class=meta>[{_e(d.get('kind'))}]{span}</span>"


def _file_html(fr: FileReport) -> str:
    f = fr.index
    entry = fr.entry
    parts = [f'<section class="file" id="f-{f}"><h2>{_e(entry["file"])}</h2>']
    if fr.skipped:
        parts.append(f'<p class="skipped">Not reported: {_e(fr.skipped)}</p></section>')
        return "".join(parts)
    result = fr.result
    issue = result.issue
    g = issue.gazette
    body_counts = (f" · {len(fr.body_records)} tasks written in the body, {len(fr.lib_body)} read again"
                   if fr.body_records or fr.lib_body else "")
    parts.append(f'<p class="meta">{_e(fr.pdf)} · SHA-256 {_e(issue.sha256[:16])}… · {len(issue.pages)} pages'
                 f'{" · " + _e(g.name) if g.name else ""}{f" số {g.issue}" if g.issue else ""}'
                 f'{" · " + _e(g.date.isoformat()) if g.date else ""} · '
                 f'{len(fr.records)} table task records in the dataset, '
                 f'{sum(r is not None for r in fr.lib_records)} read again'
                 f'{body_counts}</p>')
    if fr.problems:
        items = "".join(f"<li>{_e(p)}</li>" for p in fr.problems)
        parts.append(f'<div class="problems"><b>{len(fr.problems)} difference(s) between the dataset and this '
                     f'reading</b><ul>{items}</ul></div>')
    else:
        parts.append('<p class="ok">Every task record matches this reading; every row and every task written in '
                     'the body was found on its pages.</p>')
    if result.notes:
        notes = "".join(f"<li>{_page_label({n.page_index: n.page_number}, n.page_index)}: {_e(n.reason)}</li>"
                        for n in result.notes)
        parts.append(f'<div class="meta">Pages with a grid and no rows:<ul>{notes}</ul></div>')
    numbers = {p.page_index: p.page_number for p in issue.pages}
    k0 = 0
    by_doc: dict[int, list[int]] = {}
    for ti, t in enumerate(fr.tables):
        by_doc.setdefault(t.document_index, []).append(ti)
    starts = []
    for t in fr.tables:
        starts.append(k0)
        k0 += len(t.rows)
    body_by_doc: dict[int, list[int]] = {}
    for k, t in enumerate(fr.body_tasks):
        body_by_doc.setdefault(t.document_index, []).append(k)
    others = [f"{d.kind or 'Document'} {d.number or ''}".strip() for i, d in enumerate(result.documents)
              if i not in by_doc and i not in body_by_doc]
    if others:
        parts.append(f'<p class="meta">Documents without tasks: {_e("; ".join(others))}</p>')
    for di, doc in enumerate(result.documents):
        if di not in by_doc and di not in body_by_doc:
            continue
        parts.append(f'<h3 id="f-{f}-d{di}">{_e(doc.kind or "Document")} {_e(doc.number or "")}'
                     f'{" ngày " + _e(doc.date.isoformat()) if doc.date else ""}</h3>')
        if doc.title:
            parts.append(f'<p class="meta">{_e(doc.title)}</p>')
        for ti in by_doc.get(di, ()):
            parts.append(_table_html(fr, ti, starts[ti], numbers))
        if di in body_by_doc:
            parts.append(_body_html(fr, di, body_by_doc[di], numbers))
    parts.append("</section>")
    return "".join(parts)


def _table_html(fr: FileReport, ti: int, k0: int, numbers: dict[int, int | None]) -> str:
    f = fr.index
    table = fr.tables[ti]
    geo = fr.geometry[ti]
    pages = table.page_indexes
    label = f"Appendix {table.appendix_index}" if table.appendix_index else "Table in the body"
    span = _pages_span(numbers, pages)
    out = [f'<h4 id="f-{f}-t{ti}">{_e(label)} · {span} · {len(table.rows)} rows</h4>',
           '<div class="columns">Columns: ' + "".join(
               f"<span>{_e(c.header)} <i>({_e(c.role or 'no role')})</i></span>" for c in table.columns) + "</div>"]
    # Per page: boxes to draw, then the figure.
    boxes: dict[int, list[str]] = {p: [] for p in pages}
    colours: list[str | None] = []
    for row in table.rows:
        joined = len(row.page_indexes) > 1
        colours.append(JOIN_COLOURS[sum(c is not None for c in colours) % len(JOIN_COLOURS)] if joined else None)
    for r, (row, pieces) in enumerate(zip(table.rows, geo.pieces)):
        k = k0 + r
        shown = _shown(fr, k)
        number = shown.get("number")
        joined = len(row.page_indexes) > 1
        colour = colours[r]
        for n, pc in enumerate(pieces):
            if pc.page_index not in fr.images:
                continue
            page = fr.result.issue.pages[pc.page_index]
            extra = (f"background:{_rgba(colour, 0.22)};border-color:{colour};" if colour else "")
            classes = "b row" + (" joined" if joined else "") + (" alt" if r % 2 and not joined else "")
            rid = f"r-{f}-{k}" if n == 0 else f"r-{f}-{k}-{n + 1}"
            title = f"{shown.get('task_id')}: {shown.get('text') or ''}"
            inner = []
            if number:
                inner.append(f'<span class="tag num">{_e(number)}</span>')
            if n > 0:
                prev = pieces[n - 1].page_index
                inner.append(f'<span class="tag join-from" style="background:{colour}">↳ continues from '
                             f'{_e(_page_label(numbers, prev))}</span>')
            if n < len(pieces) - 1:
                nxt = pieces[n + 1].page_index
                inner.append(f'<span class="tag join-on" style="background:{colour}">continues on '
                             f'{_e(_page_label(numbers, nxt))} ↴</span>')
            if row.ocr and row.confidence is not None:
                c = _confidence_colour(row.confidence)
                inner.append(f'<span class="ocr-bar" style="background:{c}"></span>'
                             f'<span class="tag ocr" style="background:{c}">OCR {row.confidence:.0%}</span>')
            elif row.ocr:
                inner.append('<span class="tag ocr" style="background:#555">OCR ?</span>')
            boxes[pc.page_index].append(
                f'<a class="{classes}" id="{rid}" href="#t-{f}-{k}" title="{_e(title)}" '
                f'style="{_style(pc.box, page.width, page.height, extra)}">{"".join(inner)}</a>')
    out.append('<div class="view"><div class="pages">')
    for p in pages:
        if p not in fr.images:
            continue
        src, w, h = fr.images[p]
        page = fr.result.issue.pages[p]
        cells = "".join(f'<div class="b cell {kind}"{_attr("data-g", label)} '
                        f'style="{_style(box, page.width, page.height)}"></div>'
                        for box, kind, label in geo.cell_kinds.get(p, ()))
        out.append(f'<figure id="f-{f}-p{p + 1}"><figcaption>{_e(_page_label(numbers, p))} (PDF page {p + 1})'
                   f'{" · OCR" if page.ocr else ""}</figcaption><div class="page" style="width:{w}px">'
                   f'<img src="{_e(src)}" width="{w}" height="{h}" alt="{_e(_page_label(numbers, p))}">'
                   f'{cells}{"".join(boxes[p])}</div></figure>')
    out.append('</div><ol class="tasks">')
    for r, (row, pieces) in enumerate(zip(table.rows, geo.pieces)):
        out.append(_task_html(fr, k0 + r, row, pieces, numbers, colours[r]))
    out.append("</ol></div>")
    return "".join(out)


def _record(fr: FileReport, k: int) -> dict | None:
    i = fr.match[k] if k < len(fr.match) else None
    return fr.records[i] if i is not None else None


def _shown(fr: FileReport, k: int) -> dict:
    """What a task entry shows: the dataset's record, else the library's reading of the row."""
    return _record(fr, k) or (fr.lib_records[k] if k < len(fr.lib_records) else None) or {}


def _task_html(fr: FileReport, k: int, row, pieces: Sequence[RowPiece], numbers: dict[int, int | None],
               colour: str | None) -> str:
    f = fr.index
    rec = _record(fr, k)
    shown = _shown(fr, k)
    links = []
    for n, pc in enumerate(pieces):
        if pc.page_index not in fr.images:
            continue
        rid = f"r-{f}-{k}" if n == 0 else f"r-{f}-{k}-{n + 1}"
        cls = "to-region" if n == 0 else "to-piece"
        links.append(f'<a class="{cls}" href="#{rid}">▸ {_e(_page_label(numbers, pc.page_index))}</a>')
    warn = []
    if rec is None and k < len(fr.lib_records) and fr.lib_records[k] is None:
        warn.append('<span class="warn">not a task (a totals row)</span>')
    elif rec is None:
        warn.append('<span class="warn">not in the dataset (shown as read again)</span>')
    if not pieces:
        warn.append('<span class="warn">region not found</span>')
    src = shown.get("source") or {}
    conf = ""
    if src.get("ocr"):
        c = src.get("confidence")
        conf = (f'<dt>OCR</dt><dd><span style="color:{_confidence_colour(c)}">■</span> confidence {c:.2f}</dd>'
                if c is not None else "<dt>OCR</dt><dd>yes</dd>")
    style = f' style="border-left-color:{colour}"' if colour else ""
    return (f'<li class="task" id="t-{f}-{k}"{style}>{"".join(links)}{" ".join(warn)}{_task_fields(shown)}'
            f'<dt>pages</dt><dd>{_e(", ".join(map(str, src.get("pages") or [])) or "—")}</dd>{conf}</dl></li>')


def _task_fields(shown: dict) -> str:
    """A task's id, number and text and its first fields (group, lead, support, deadline), for table
    rows and body tasks alike."""
    group = shown.get("group") or {}
    return (f'<br><code>{_e(shown.get("task_id"))}</code>'
            f'<div class="text"><b>{_e(shown.get("number") or "")}</b> {_e(shown.get("text") or "")}</div><dl>'
            f'<dt>group</dt><dd>{_e(group.get("number") or "")} {_e(group.get("title") or "—")}</dd>'
            f'<dt>lead</dt><dd>{_agencies(shown.get("lead"))}</dd>'
            f'<dt>support</dt><dd>{_agencies(shown.get("support"))}</dd>'
            f'<dt>deadline</dt><dd>{_deadline(shown.get("deadline"))}</dd>')


def _body_record(fr: FileReport, k: int) -> dict | None:
    i = fr.body_match[k] if k < len(fr.body_match) else None
    return fr.body_records[i] if i is not None else None


def _shown_body(fr: FileReport, k: int) -> dict:
    """What a body task's entry shows: the dataset's record, else the library's reading."""
    return _body_record(fr, k) or (fr.lib_body[k] if k < len(fr.lib_body) else None) or {}


def _body_html(fr: FileReport, di: int, ks: Sequence[int], numbers: dict[int, int | None]) -> str:
    """The tasks a document writes in its body: the pages they stand on, each task's lines boxed and
    numbered there, and their entries."""
    f = fr.index
    pages = sorted({p for k in ks for p in fr.body_tasks[k].page_indexes if p in fr.images})
    span = f" · {_pages_span(numbers, pages)}" if pages else ""
    out = [f'<h4 id="f-{f}-d{di}-body">Tasks written in the body{span} · {len(ks)} tasks</h4>']
    lines: dict[int, list[str]] = {p: [] for p in pages}
    boxes: dict[int, list[str]] = {p: [] for p in pages}
    for r, k in enumerate(ks):
        shown = _shown_body(fr, k)
        number = shown.get("number")
        alt = " alt" if r % 2 else ""
        pieces = [pc for pc in fr.body_pieces[k] if pc.page_index in fr.images]
        for n, pc in enumerate(pieces):
            page = fr.result.issue.pages[pc.page_index]
            lines[pc.page_index] += [f'<div class="b bline{alt}" style="{_style(box, page.width, page.height)}"></div>'
                                     for box in pc.lines]
            rid = f"rb-{f}-{k}" if n == 0 else f"rb-{f}-{k}-{n + 1}"
            inner = [f'<span class="tag bnum">{_e(number)}</span>'] if number else []
            if n > 0:
                inner.append(f'<span class="tag body-from">↳ continues from '
                             f'{_e(_page_label(numbers, pieces[n - 1].page_index))}</span>')
            if n < len(pieces) - 1:
                inner.append(f'<span class="tag body-on">continues on '
                             f'{_e(_page_label(numbers, pieces[n + 1].page_index))} ↴</span>')
            title = f"{shown.get('task_id')}: {shown.get('text') or ''}"
            boxes[pc.page_index].append(
                f'<a class="b btask{alt}" id="{rid}" href="#tb-{f}-{k}" title="{_e(title)}" '
                f'style="{_style(pc.box, page.width, page.height)}">{"".join(inner)}</a>')
    out.append('<div class="view"><div class="pages">')
    for p in pages:
        src, w, h = fr.images[p]
        page = fr.result.issue.pages[p]
        out.append(f'<figure id="f-{f}-body{di}-p{p + 1}"><figcaption>{_e(_page_label(numbers, p))} '
                   f'(PDF page {p + 1}){" · OCR" if page.ocr else ""}</figcaption>'
                   f'<div class="page" style="width:{w}px"><img src="{_e(src)}" width="{w}" height="{h}" '
                   f'alt="{_e(_page_label(numbers, p))}">{"".join(lines[p])}{"".join(boxes[p])}</div></figure>')
    out.append('</div><ol class="tasks">')
    out += [_body_task_html(fr, k, numbers) for k in ks]
    out.append("</ol></div>")
    return "".join(out)


def _body_task_html(fr: FileReport, k: int, numbers: dict[int, int | None]) -> str:
    f = fr.index
    shown = _shown_body(fr, k)
    pieces = [pc for pc in fr.body_pieces[k] if pc.page_index in fr.images]
    links = []
    for n, pc in enumerate(pieces):
        rid, cls = (f"rb-{f}-{k}", "to-region") if n == 0 else (f"rb-{f}-{k}-{n + 1}", "to-piece")
        links.append(f'<a class="{cls}" href="#{rid}">▸ {_e(_page_label(numbers, pc.page_index))}</a>')
    warn = []
    if _body_record(fr, k) is None:
        warn.append('<span class="warn">not in the dataset (shown as read again)</span>')
    if not fr.body_pieces[k]:
        warn.append('<span class="warn">region not found</span>')
    else:
        # The task's pages are its paragraphs': a clause that begins on the next page has none of its
        # words on the first (Thông báo 163/TB-VPCP, II.9: "Giao Phó Thủ tướng …").
        found = {pc.page_index for pc in fr.body_pieces[k]}
        empty = [p for p in fr.body_tasks[k].page_indexes if p not in found]
        if empty:
            where = ", ".join(_page_label(numbers, p) for p in empty)
            warn.append(f'<span class="meta">none of its words on {_e(where)} (a page of its paragraph)</span>')
    src = shown.get("source") or {}
    warnings = "; ".join(_e(w) for w in shown.get("warnings") or ()) or "—"
    return (f'<li class="task body" id="tb-{f}-{k}">{"".join(links)}{" ".join(warn)}{_task_fields(shown)}'
            f'<dt>warnings</dt><dd>{warnings}</dd>'
            f'<dt>pages</dt><dd>{_e(", ".join(map(str, src.get("pages") or [])) or "—")}</dd></dl></li>')


def _legend() -> str:
    return ('<div class="legend">'
            '<span><i class="sw-cell"></i>grid cell</span>'
            '<span><i class="sw-header"></i>header</span>'
            '<span><i class="sw-row"></i>row extent (click: its task)</span>'
            '<span><i class="sw-join"></i>row joined across a page break (one colour per row)</span>'
            '<span><i class="sw-group"></i>group cell / row</span>'
            '<span><i class="sw-body"></i>task written in the body: its lines (click: its task)</span>'
            '<span><i class="sw-ocr"></i>OCR confidence ≤50% … 100%</span></div>')


def render_html(files: Sequence[FileReport], version: str, dataset: str | None = None) -> str:
    reported = [fr for fr in files if not fr.skipped]
    n_records = sum(len(fr.records) + len(fr.body_records) for fr in reported)
    n_body = sum(len(fr.body_records) for fr in reported)
    n_tasks = sum(sum(r is not None for r in fr.lib_records) + len(fr.lib_body) for fr in reported)
    n_problems = sum(len(fr.problems) for fr in reported)
    toc = " ".join(f'<a href="#f-{fr.index}">{_e(fr.entry["file"])}</a>' for fr in files)
    head = (f'<header class="top"><h1>congbao visual QA report</h1><div class="summary">'
            f'<span>{len(reported)}/{len(files)} file(s) reported</span>'
            f'<span>{n_records} task records ({n_body} written in the body)</span>'
            f'<span>{n_tasks} tasks read again</span><span>{n_problems} difference(s)</span>'
            f'<span>congbao {_e(version)}</span></div>{_legend()}<nav class="toc">{toc}</nav></header>')
    body = "".join(_file_html(fr) for fr in files)
    return ('<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta name="{STAMP}" content="{_e(dataset or "")}">'
            '<title>congbao visual QA report</title><link rel="stylesheet" href="report.css"></head>'
            f'<body>{head}<main>{body}</main></body></html>\n')


# ---------------------------------------------------------------- the command


def _swap_in(tmp: Path, final: Path) -> None:
    """Replace ``final`` by ``tmp`` (both folders under the same parent): renames only. An old report
    is removed only when it is a real folder; a link found in its place goes, never its target."""
    from ..runner.nofollow import remove

    old = None
    if os.path.lexists(final):
        old = Path(tempfile.mkdtemp(prefix=".report-old-", dir=final.parent))
        os.rmdir(old)
        final.rename(old)
    tmp.rename(final)
    if old is not None:
        remove(old)


def build_report(out: Path, *, finder: PdfFinder, ocr: bool | str = "auto",
                 dpi: int = DEFAULT_DPI,
                 say=lambda line: print(line, file=sys.stderr)) -> list[FileReport]:
    """Write ``out/report`` for the dataset in ``out``; returns what each manifest entry gave.

    Raises ``ReportError`` for an unusable folder. A file that cannot be found or read again is
    skipped (listed in the report and said through ``say``), the others are reported.
    """
    from extract import __version__
    from extract.errors import ExtractError

    from ..runner.job import language_pipeline

    manifest = _load_manifest(out)
    entries = manifest["files"]
    tasks = _read_jsonl(out / "tasks.jsonl")
    documents = _read_jsonl(out / "documents.jsonl")
    files = [FileReport(index=i, entry=e) for i, e in enumerate(entries)]
    tmp = Path(tempfile.mkdtemp(prefix=".report-", dir=out))
    try:
        tmp.chmod(0o755)  # mkdtemp's 0700 would make the published folder private
        pages_dir = tmp / "pages"
        pages_dir.mkdir()
        nlp = None
        for fr in files:
            started = time.perf_counter()
            entry = fr.entry
            mine = [r for r in tasks if _same_record_file(r, entry)]
            fr.records = [r for r in mine if r.get("origin", "appendix") == "appendix"]
            fr.body_records = [r for r in mine if r.get("origin", "appendix") != "appendix"]
            fr.documents = [d for d in documents if _same_record_file(d, entry)]
            if entry.get("error"):
                fr.skipped = f"the extraction failed: {entry['error']}"
                continue
            if entry.get("duplicate_of"):
                fr.skipped = f"the same bytes as {entry['duplicate_of']}, reported there"
                fr.duplicate = True
                continue
            fr.pdf, reason = finder.find(entry)
            if fr.pdf is None:
                fr.skipped = reason
                say(f"congbao: report: {entry['file']}: skipped: {reason}")
                continue
            if nlp is None:
                nlp = language_pipeline()
            try:
                read_file(fr, nlp, ocr=ocr, dpi=dpi, pages_dir=pages_dir)
            except ExtractError as e:
                fr.skipped = f"{e.stage}: {e}"
                fr.images.clear()
                say(f"congbao: report: {entry['file']}: skipped: {fr.skipped}")
                continue
            say(f"congbao: report: {entry['file']}: {sum(r is not None for r in fr.lib_records)} table tasks, "
                f"{len(fr.body_tasks)} body tasks, {len(fr.images)} pages, "
                f"{len(fr.problems)} difference(s) ({time.perf_counter() - started:.1f} s)")
        if not any(not fr.skipped for fr in files) and os.path.lexists(out / "report"):
            # Nothing could be read again: an empty report never replaces one that showed something.
            shutil.rmtree(tmp, ignore_errors=True)
            raise ReportKept(f"no file could be reported; {out / 'report'} is left as it was")
        (tmp / "report.css").write_text(CSS, encoding="utf-8")
        (tmp / "index.html").write_text(render_html(files, __version__, manifest.get("run_key")), encoding="utf-8")
        _swap_in(tmp, out / "report")
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return files


# The report names the dataset it was made from (the manifest's ``run_key``) in this meta tag; a run
# that changes the dataset finds it there and marks the report stale.
STAMP = "congbao-dataset"
STALE_ID = "stale-report"


def _stamp_of(page: str) -> str | None:
    m = re.search(rf'<meta name="{STAMP}" content="([0-9a-f]*)">', page)
    return m.group(1) if m else None


def mark_stale(out: Path, run_key: str) -> bool:
    """When ``out/report/index.html`` was made from another dataset than ``run_key``'s, put a notice at
    the top of it saying so (once); True when the report is stale. Never follows a link: a report
    folder or page that is a link is left alone."""
    from ..runner.nofollow import NotOurs, open_nofollow, read_nofollow, real_dir

    folder = out / "report"
    try:
        if not real_dir(folder, create=False):
            return False
    except NotOurs:
        return False
    data = read_nofollow(folder / "index.html")
    if data is None:
        return False
    page = data.decode("utf-8", "replace")
    stamp = _stamp_of(page)
    if stamp == run_key:
        return False
    if f'id="{STALE_ID}"' not in page:
        notice = (f'<p class="skipped" id="{STALE_ID}">This report was made from an earlier dataset: '
                  f"congbao extract has changed the dataset since. Run <code>congbao report</code> again to "
                  f"see the files as they are now.</p>")
        page = page.replace("<body>", "<body>" + notice, 1)
        tmp = folder / ".index.html.stale.tmp"
        tmp.unlink(missing_ok=True)
        fd = open_nofollow(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "wb") as f:
            f.write(page.encode("utf-8"))
        os.replace(tmp, folder / "index.html")
    return True


def run(args: argparse.Namespace) -> int:
    if args.page is not None:
        return _run_page(args)
    out: Path = args.out
    for d in args.pdfs or ():
        if not d.is_dir():
            print(f"congbao: report: no such folder: {d}", file=sys.stderr)
            return 2
    if args.dpi < 30 or args.dpi > 300:
        print(f"congbao: report: --dpi must be between 30 and 300, not {args.dpi}", file=sys.stderr)
        return 2
    pdf_dirs = args.pdfs or [Path("raw_pdfs")]
    try:
        files = build_report(out, finder=PdfFinder(pdf_dirs, folders_first=bool(args.pdfs)), ocr=args.ocr,
                             dpi=args.dpi)
    except ReportError as e:
        print(f"congbao: report: {e}", file=sys.stderr)
        return 2
    except ReportKept as e:
        print(f"congbao: report: {e}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"congbao: report: cannot write {out / 'report'}: {e.strerror or e}", file=sys.stderr)
        return 1
    skipped = [fr for fr in files if fr.skipped]
    print(f"congbao: report: {len(files) - len(skipped)}/{len(files)} file(s) → {out / 'report' / 'index.html'}",
          file=sys.stderr)
    return 1 if any(not fr.duplicate for fr in skipped) else 0


def _run_page(args: argparse.Namespace) -> int:
    """``--page N FILE``: one page drawn as congbao saw it (``pipelines.tools.page_view``)."""
    from extract.errors import ExtractError

    pdf: Path = args.out
    if not pdf.is_file():
        print(f"congbao: report: no such file: {pdf}", file=sys.stderr)
        return 2
    png = args.png or Path(f"{pdf.stem}-p{args.page}.png")
    try:
        view = view_page(pdf, args.page, ocr=args.ocr, dpi=args.dpi)
    except PageViewError as e:
        print(f"congbao: report: {e}", file=sys.stderr)
        return 2
    except ExtractError as e:
        print(f"congbao: report: {pdf}: {e.stage}: {e}", file=sys.stderr)
        return 1
    try:
        view.image.save(png, "PNG", optimize=True)
    except OSError as e:
        print(f"congbao: report: cannot write {png}: {e.strerror or e}", file=sys.stderr)
        return 1
    print("\n".join(view.lines))
    print(f"congbao: report: page {args.page} of {pdf.name} drawn → {png}", file=sys.stderr)
    return 0


def add_parser(sub) -> None:
    p = sub.add_parser(
        "report", help="visual QA report: detected grids, rows and tasks drawn over the page images",
        description="Write OUT/report/index.html (with report.css and pages/*.png; no network needed): per "
                    "document and table, the page images with the detected grid, each row's extent, rows "
                    "joined across a page break, group cells and OCR confidence drawn over them, and the lines "
                    "of each task written in the body (dashed green); every task links to its page region and "
                    "back. The PDFs are read again and checked against the dataset in OUT; differences are "
                    "listed in the report.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out", type=Path, metavar="OUT",
                   help="a folder written by congbao extract (has manifest.json); with --page, a PDF file")
    p.add_argument("--page", type=int, metavar="N",
                   help="draw PDF page N (1-based) of the PDF given instead of OUT as congbao saw it: rules, "
                        "grids, cells, rows, and why a grid made no table (a PNG; the page in words on stdout)")
    p.add_argument("--png", type=Path, metavar="PATH",
                   help="where --page writes its drawing (default: FILE-pN.png in the current folder)")
    p.add_argument("--pdfs", type=Path, metavar="DIR", action="append",
                   help="folder searched (recursively, by file name) for the PDFs; repeatable (default: the "
                        "manifest's paths, else raw_pdfs)")
    p.add_argument("--dpi", type=int, default=DEFAULT_DPI, help=f"page image resolution (default: {DEFAULT_DPI})")
    p.add_argument("--no-ocr", dest="ocr", action="store_false",
                   help="do not OCR scanned pages (they are then skipped)")
    p.set_defaults(func=run)
