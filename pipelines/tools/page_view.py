"""``congbao report --page N FILE``: one page drawn as congbao saw it (a debugging view, as camelot's
``plot`` and pdfplumber's ``debug_tablefinder`` draw theirs).

Drawn over the page image (a PNG): every rule the reader found (thin red), each ruled grid's cells
(blue; grey for header cells, purple for group cells and group rows, orange for a grid that made no
table), and each logical row's extent with its number and group (dark blue; dashed where the row goes
on over a page break). Printed beside it: the page's reading mode and its evidence, each grid's size
and what became of it (the table it went into, the table's kind, or why it was rejected), and the rows.

The whole file is read, as ``congbao extract`` reads it (a table is stitched over its pages, a
scanned file is OCR'd whole), without the language stage, which draws nothing.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from extract.models import Fragment, IssueResult, Page, Table

from .geometry import TableGeometry, locate_rows

# Colours (RGBA) by what is drawn; the alpha keeps the print under them legible.
RULE = (220, 30, 30, 255)
CELL = {"cell": (30, 110, 230, 150), "header": (110, 110, 110, 150), "group": (142, 36, 170, 190),
        "group-row": (142, 36, 170, 190), "rejected": (245, 124, 0, 220)}
FILL = {"header": (110, 110, 110, 45), "group": (142, 36, 170, 35), "group-row": (142, 36, 170, 35),
        "rejected": (245, 124, 0, 40)}
ROW = (21, 60, 160, 255)


class PageViewError(Exception):
    """Wrong usage (no such page): one line, exit status 2."""


@dataclass(frozen=True)
class PageView:
    image: object            # PIL image, RGB
    lines: tuple[str, ...]   # what the drawing shows, in words


def view_page(pdf: Path, page_number: int, *, ocr: bool | str = "auto", dpi: int = 100) -> PageView:
    """Read ``pdf`` and draw its PDF page ``page_number`` (1-based). Raises ``ExtractError`` (with its
    stage) when the file cannot be read, ``PageViewError`` when it has no such page."""
    from extract.pipeline import extract_issue

    result = extract_issue(pdf, language=False, ocr=ocr)
    pages = result.issue.pages
    if not 1 <= page_number <= len(pages):
        raise PageViewError(f"{pdf.name} has {len(pages)} page(s); there is no page {page_number}")
    page = pages[page_number - 1]
    fragments = _fragments(page)
    tables = [(k, t) for k, t in enumerate(result.tables) if page.page_index in t.page_indexes]
    geometry = {k: locate_rows(t, {page.page_index: list(fragments)}) for k, t in tables}
    image = _render(pdf, page.page_index, dpi)
    _draw(image, page, fragments, tables, geometry, dpi / 72)
    return PageView(image=image, lines=tuple(_describe(result, page, fragments, tables, geometry)))


def _fragments(page: Page) -> tuple[Fragment, ...]:
    from extract.tables.find import find_fragments

    return () if page.is_cover else find_fragments(page)


def _render(pdf: Path, index: int, dpi: int):
    from extract.read import open_source

    with open_source(pdf, "pdfium") as source:
        image = source.render(index, dpi=dpi * 2, colour=True)
    return image.reduce(2).convert("RGB")  # box filter: the anti-aliasing the adapter leaves out


def _owner(frag: Fragment, page: Page, geometry: dict[int, TableGeometry]) -> int | None:
    return next((k for k, g in geometry.items() if any(f is frag for f in g.fragments.get(page.page_index, ()))),
                None)


def _draw(image, page: Page, fragments, tables, geometry, k: float) -> None:
    from PIL import Image, ImageDraw

    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for frag in fragments:
        owner = _owner(frag, page, geometry)
        kinds = {} if owner is None else {(b.x0, b.top, b.x1, b.bottom): kind
                                          for b, kind, _ in geometry[owner].cell_kinds.get(page.page_index, ())}
        for c in frag.cells:
            kind = "rejected" if owner is None else kinds.get((c.x0, c.top, c.x1, c.bottom), "cell")
            box = [c.x0 * k + 1, c.top * k + 1, c.x1 * k - 1, c.bottom * k - 1]
            draw.rectangle(box, outline=CELL[kind], fill=FILL.get(kind), width=1)
    for r in page.rulings:
        if r.horizontal:
            draw.line([(r.start * k, r.position * k), (r.end * k, r.position * k)], fill=RULE, width=1)
        else:
            draw.line([(r.position * k, r.start * k), (r.position * k, r.end * k)], fill=RULE, width=1)
    for t_index, table in tables:
        for row, pieces in zip(table.rows, geometry[t_index].pieces):
            for piece in pieces:
                if piece.page_index != page.page_index:
                    continue
                b = piece.box
                box = [b.x0 * k - 2, b.top * k - 2, b.x1 * k + 2, b.bottom * k + 2]
                _rectangle(draw, box, dashed=len(row.page_indexes) > 1)
                label = _row_label(table, row)
                draw.rectangle([box[0], box[1], box[0] + 6 * len(label) + 6, box[1] + 12], fill=ROW)
                draw.text((box[0] + 3, box[1]), label, fill=(255, 255, 255, 255))
    image.paste(Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB"))


def _rectangle(draw, box, *, dashed: bool) -> None:
    if not dashed:
        draw.rectangle(box, outline=ROW, width=2)
        return
    x0, y0, x1, y1 = box
    for a, b in (((x0, y0), (x1, y0)), ((x1, y0), (x1, y1)), ((x1, y1), (x0, y1)), ((x0, y1), (x0, y0))):
        length = max(abs(b[0] - a[0]), abs(b[1] - a[1]))
        for s in range(0, int(length), 12):
            e = min(s + 7, length)
            draw.line([(a[0] + (b[0] - a[0]) * s / length, a[1] + (b[1] - a[1]) * s / length),
                       (a[0] + (b[0] - a[0]) * e / length, a[1] + (b[1] - a[1]) * e / length)], fill=ROW, width=3)


def _row_label(table: Table, row) -> str:
    """ "A.I/3": the row's group path and item number as printed ("–" for none); "total" for a totals row."""
    if row.is_total:
        return "total"
    from extract.labels import split_item_number

    roles = [c.role for c in table.columns]
    if "number" in roles:
        number = (row.cells[roles.index("number")] or "").strip()
    else:  # the item number printed at the head of the task text ("1. Nghị định …")
        number = split_item_number(row.cells[roles.index("text")])[0] if "text" in roles else None
    number = number or "–"
    return f"{row.group_number}/{number}" if row.group_number else number


def _describe(result: IssueResult, page: Page, fragments, tables, geometry) -> list[str]:
    issue = result.issue
    printed = f", printed page {page.page_number}" if page.page_number is not None else ""
    lines = [f"{issue.file}: PDF page {page.page_index + 1} of {len(issue.pages)}{printed}",
             f"read from: {page.mode} ({page.mode_reason})" + (f"; warning: {page.mode_warning}" if page.mode_warning
                                                               else "")]
    if page.is_cover:
        lines.append("a cover or table of contents: not content, no table read")
    lines.append(f"{len(page.rulings)} rule(s), {len(fragments)} ruled grid(s)")
    notes = [n.reason for n in result.notes if n.page_index == page.page_index]
    for g, frag in enumerate(fragments, start=1):
        where = (f"{frag.n_cols} column(s) × {len(frag.bands) - 1} band(s), "
                 f"x {frag.columns[0]:.0f}–{frag.columns[-1]:.0f} pt, y {frag.top:.0f}–{frag.bottom:.0f} pt")
        owner = _owner(frag, page, geometry)
        if owner is not None:
            table = result.tables[owner]
            doc = result.documents[table.document_index]
            first = " (its first page)" if table.page_indexes[0] == page.page_index else ""
            lines.append(f"grid {g}: {where}: table {owner + 1} of {doc.kind or 'document'} {doc.number or '?'}, "
                         f"kind {table.kind}, {len(table.rows)} row(s) over PDF pages "
                         f"{table.page_indexes[0] + 1}–{table.page_indexes[-1] + 1}{first}")
        else:
            lines.append(f"grid {g}: {where}: no table: {notes[0] if notes else _why_unused(frag, tables)}")
    for t_index, table in tables:
        on_page = [(row, pieces) for row, pieces in zip(table.rows, geometry[t_index].pieces)
                   if page.page_index in row.page_indexes]
        lines.append(f"table {t_index + 1}: {len(on_page)} row(s) on this page; columns: "
                     + " | ".join(f"{c.header} ({c.role or '-'})" for c in table.columns))
        for row, pieces in on_page:
            found = any(p.page_index == page.page_index for p in pieces)
            joined = []
            if row.page_indexes[0] < page.page_index:
                joined.append(f"continues from p. {row.page_indexes[0] + 1}")
            if row.page_indexes[-1] > page.page_index:
                joined.append(f"continues on p. {row.page_indexes[-1] + 1}")
            text = " ".join(max(row.cells, key=lambda c: len(c or "")).split()) if any(row.cells) else ""
            extra = "; ".join(joined + list(row.warnings) + ([] if found else ["region not found"]))
            lines.append(f"  {_row_label(table, row):>10}  {text[:70]}" + (f"  [{extra}]" if extra else ""))
    return lines


def _why_unused(frag: Fragment, tables: list[tuple[int, Table]]) -> str:
    if tables:
        return "beside a table of this page whose column count it does not share"
    return "its rows went into no table"
