"""From stitched tables to task records: item numbers, groups, task text, evidence.

Language analysis (agencies, deadlines, legal references) plugs in as a ``RowAnalyser``
(``extract.nlp.analyse.make_row_analyser``); without one those fields stay empty.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import PurePath

from .models import Document, Row, RowFacts, Table, Task

_ROMAN_LABEL = re.compile(r"^(?P<n>[IVXLC]+|[A-Z])[.)]?\s+(?P<title>.+)$", re.DOTALL)
_ITEM = re.compile(r"^(?P<n>\d+(?:\.\d+)*|[a-zđ])[.)]\s*(?P<rest>.*)$", re.DOTALL)
_BULLET = re.compile(r"^[-–—+•●▪*]\s*")

RowAnalyser = Callable[[Row, Table, Document], RowFacts]


def split_group(text: str | None) -> tuple[str | None, str | None]:
    """ "III. Cải cách thủ tục hành chính" → ("III", "Cải cách thủ tục hành chính").

    >>> split_group("I. Công tác chỉ đạo điều hành CCHC")
    ('I', 'Công tác chỉ đạo điều hành CCHC')
    >>> split_group("Nhiệm vụ khác")
    (None, 'Nhiệm vụ khác')
    """
    if not text:
        return None, None
    flat = " ".join(text.split())
    m = _ROMAN_LABEL.match(flat)
    if m:
        return m["n"], m["title"]
    return None, flat


def split_item_number(text: str | None) -> tuple[str | None, str | None]:
    """ "4. Công khai tiến độ…" → ("4", "Công khai tiến độ…"); text without a number is kept whole."""
    if not text:
        return None, text
    m = _ITEM.match(text.strip())
    if m and m["rest"]:
        return m["n"], m["rest"].strip()
    return None, text.strip()


def _evidence_items(text: str | None) -> tuple[str, ...]:
    if not text:
        return ()
    items = [_BULLET.sub("", p).strip() for p in text.split("\n")]
    return tuple(i for i in items if i)


def rows_to_tasks(
    tables: Sequence[Table], documents: Sequence[Document], file: str, analyse: RowAnalyser | None = None
) -> tuple[Task, ...]:
    """One task per table row; ``task_id`` is unique within the issue and stable across runs."""
    tasks: list[Task] = []
    seen: dict[str, int] = {}
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
            number = " ".join(number.split()).rstrip(".") if number else inline_number
            facts = analyse(row, table, document) if analyse is not None else RowFacts()
            doc_key = (document.number or f"doc{table.document_index + 1}").replace("/", "-")
            base = f"{stem}/{doc_key}/A{table.appendix_index}/{group_number or '-'}.{number or '-'}"
            seen[base] = seen.get(base, 0) + 1
            task_id = base if seen[base] == 1 else f"{base}#{seen[base]}"
            tasks.append(Task(
                task_id=task_id, origin="appendix", document_index=table.document_index,
                columns=table.columns, row=row, group_number=group_number, group_title=group_title,
                number=number, text=text, evidence=_evidence_items(cell("evidence", row)),
                deadline=facts.deadline, lead=facts.lead, support=facts.support, legal_refs=facts.legal_refs,
                mentioned_agencies=facts.mentioned_agencies,
            ))
    return tuple(tasks)
