"""From stitched tables to task records: item numbers, groups, task text, evidence.

Language analysis (agencies, deadlines, legal references) plugs in as a ``RowAnalyser``
(``extract.nlp.analyse.make_row_analyser``); without one those fields stay empty.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import PurePath

from .labels import int_to_roman, number_cell_value, roman_to_int, split_group, split_item_number, strip_bullet
from .models import Document, Row, RowFacts, Table, Task

RowAnalyser = Callable[[Row, Table, Document], RowFacts]


def _evidence_items(text: str | None) -> tuple[str, ...]:
    if not text:
        return ()
    items = [strip_bullet(p) for p in text.split("\n")]
    return tuple(i for i in items if i)


def repair_ocr_numbers(tasks: list[Task]) -> list[Task]:
    """Group and item numbers of OCR'd rows, mended from their sequence.

    Drafting numbers groups I, II, III… and items 1, 2, 3… within a group; OCR drops lone digits and
    misreads numerals ("III" as "II", "4" as "4+", Hậu Giang 12 scan). A repeated group numeral under a
    new title is the next numeral; a missing or unreadable item number between two readable ones that
    leave exactly one gap is filled. Rows read from a text layer are never changed.
    """
    out = list(tasks)
    for i, t in enumerate(out):
        prev = out[i - 1] if i else None
        if not t.row.ocr or prev is None:
            continue
        number = t.group_number
        prev_n = roman_to_int(prev.group_number or "")
        if t.group_title == prev.group_title:
            number = prev.group_number  # one group, one numeral
        elif prev_n and (roman_to_int(number or "") or 0) <= prev_n:
            number = int_to_roman(prev_n + 1)  # a new title under a repeated or unreadable numeral
        out[i] = replace(t, group_number=number)
    for i, t in enumerate(out):
        if not t.row.ocr:
            continue
        prev = out[i - 1] if i and _same_group(out[i - 1], t) else None
        nxt = out[i + 1] if i + 1 < len(out) and _same_group(out[i + 1], t) else None
        before = _item(prev) if prev is not None else 0  # the first item of a group is 1
        if before is None or _item(t) == before + 1:
            continue
        if nxt is None or _item(nxt) in (None, before + 2):
            out[i] = replace(t, number=str(before + 1))
    return out


def _same_group(a: Task, b: Task) -> bool:
    return (a.group_number, a.group_title) == (b.group_number, b.group_title)


def _item(t: Task) -> int | None:
    return int(t.number) if (t.number or "").isdigit() else None


def rows_to_tasks(
    tables: Sequence[Table], documents: Sequence[Document], file: str, analyse: RowAnalyser | None = None
) -> tuple[Task, ...]:
    """One task per table row; ``task_id`` is unique within the issue and stable across runs."""
    tasks: list[Task] = []
    prefixes: list[str] = []
    stem = PurePath(file).stem
    for table in tables:
        roles = [c.role for c in table.columns]
        document = documents[table.document_index]

        def cell(role: str, row: Row) -> str | None:
            return row.cells[roles.index(role)] if role in roles else None

        for row in table.rows:
            group_number, group_title = split_group(row.group)
            inline_number, text = split_item_number(cell("text", row))
            number = cell("number", row)
            number = number_cell_value(number) if number else inline_number
            facts = analyse(row, table, document) if analyse is not None else RowFacts()
            doc_key = (document.number or f"doc{table.document_index + 1}").replace("/", "-")
            prefixes.append(f"{stem}/{doc_key}/A{table.appendix_index}")
            tasks.append(Task(
                task_id="", origin="appendix", document_index=table.document_index,
                columns=table.columns, row=row, group_number=group_number, group_title=group_title,
                number=number, text=text, evidence=_evidence_items(cell("evidence", row)),
                deadline=facts.deadline, lead=facts.lead, support=facts.support, legal_refs=facts.legal_refs,
                mentioned_agencies=facts.mentioned_agencies,
            ))
    seen: dict[str, int] = {}
    out = []
    for prefix, task in zip(prefixes, repair_ocr_numbers(tasks)):
        base = f"{prefix}/{task.group_number or '-'}.{task.number or '-'}"
        seen[base] = seen.get(base, 0) + 1
        out.append(replace(task, task_id=base if seen[base] == 1 else f"{base}#{seen[base]}"))
    return tuple(out)
