"""Vocabularies and rules as reviewed data files, loaded once per process."""
from __future__ import annotations

import csv
from functools import cache
from importlib import resources


@cache
def read_tsv(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of a TSV file in this package; '#' lines are comments, trailing empty fields kept."""
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append(tuple(field.strip() for field in next(csv.reader([line], delimiter="\t"))))
    return tuple(rows)
