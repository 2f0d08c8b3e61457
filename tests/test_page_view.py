"""``congbao report --page N FILE``: one page drawn as congbao saw it, on PDFs the tests render: a grid
that made no table says why, a table's rows are drawn and listed with their numbers; bad usage is one
line."""
from __future__ import annotations

import numpy as np
from PIL import Image

from conftest import run_cli
from gazette_pdf import STD5, TASKS, GridRow, PageSpec, render_pdf
from pipelines.tools.page_view import CELL, ROW, RULE

HEADER = GridRow(STD5.headers, header=True)


def _rows(numbers) -> tuple[GridRow, ...]:
    return tuple(GridRow((str(n), *TASKS[n - 1][:4])) for n in numbers)


def _pdf(tmp_path):
    # page 1: a ruled grid without a header, continuing nothing; page 2: a task table
    pages = [PageSpec(rows=_rows((1, 2)), body_lines=("Bảng kê",)),
             PageSpec(rows=(HEADER, *_rows((1, 2, 3))), body_lines=("Phụ lục",))]
    return render_pdf(tmp_path / "two-grids.pdf", pages, col_widths_pt=list(STD5.widths))


def _has_colour(png, rgba, tolerance: int = 40) -> bool:
    pixels = np.asarray(Image.open(png).convert("RGB"), dtype=int)
    return bool((np.abs(pixels - np.array(rgba[:3])).sum(axis=2) < tolerance).any())


def test_grid_that_made_no_table_is_drawn_apart_and_says_why(tmp_path):
    png = tmp_path / "p1.png"
    done = run_cli("report", "--page", "1", str(_pdf(tmp_path)), "--png", str(png))
    assert done.returncode == 0, done.stderr
    assert "grid 1: 5 column(s) × 2 band(s)" in done.stdout
    assert "no table: grid whose top row reads as no header (no column word" in done.stdout
    assert _has_colour(png, CELL["rejected"], tolerance=60) and _has_colour(png, RULE)
    assert not _has_colour(png, ROW, tolerance=20)


def test_table_page_draws_and_lists_each_row_with_its_number(tmp_path):
    png = tmp_path / "p2.png"
    done = run_cli("report", "--page", "2", str(_pdf(tmp_path)), "--png", str(png))
    assert done.returncode == 0, done.stderr
    assert "kind tasks, 3 row(s)" in done.stdout
    listed = [line.split()[0] for line in done.stdout.splitlines() if line.startswith("  ")]
    assert listed == ["1", "2", "3"]
    image = Image.open(png)
    assert abs(image.size[0] - 595 * 100 / 72) < 2 and abs(image.size[1] - 842 * 100 / 72) < 2  # at 100 dpi
    assert _has_colour(png, ROW, tolerance=20)


def test_page_view_usage_errors_are_one_line(tmp_path):
    pdf = _pdf(tmp_path)
    done = run_cli("report", "--page", "3", str(pdf))
    assert done.returncode == 2 and done.stderr.strip() == "congbao: report: two-grids.pdf has 2 page(s); there is no page 3"
    bad = tmp_path / "notes.pdf"
    bad.write_text("not a pdf")
    done = run_cli("report", "--page", "1", str(bad), "--png", str(tmp_path / "x.png"))
    assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1
    assert "notes.pdf: read:" in done.stderr and not (tmp_path / "x.png").exists()
