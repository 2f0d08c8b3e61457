"""From stitched tables to task records: item numbers, groups, task text, evidence.

Language analysis (agencies, deadlines, legal references) plugs in as a ``RowAnalyser``
(``extract.nlp.analyse.make_row_analyser``); without one those fields stay empty.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
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


_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_ITEM_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)*|[IVXLC]+|[a-zđ])\b")


def roman_to_int(text: str) -> int | None:
    """ "XIV" → 14; None for what is not a roman numeral."""
    if not text or any(c not in _ROMAN_VALUES for c in text):
        return None
    values = [_ROMAN_VALUES[c] for c in text]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def int_to_roman(n: int) -> str:
    out = []
    for value, letters in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def repair_ocr_numbers(tasks: list[Task]) -> list[Task]:
    """Group and item numbers of OCR'd rows, mended from their sequence.

    Drafting numbers groups I, II, III… and items 1, 2, 3… within a group; OCR drops lone digits and
    misreads numerals ("III" as "II", "4" as "4+", Hậu Giang 12 scan). A repeated group numeral under a
    new title is the next numeral; a missing or unreadable item number between two readable ones that
    leave exactly one gap is filled. Rows read from a text layer are never changed.
    """
    out = list(tasks)
    previous_group: tuple[str | None, str | None] = (None, None)
    for i, t in enumerate(out):
        if not t.row.ocr:
            previous_group = (t.group_number, t.group_title)
            continue
        number, title = t.group_number, t.group_title
        prev_n = roman_to_int(previous_group[0] or "")
        if prev_n and title != previous_group[1] and (number is None or (roman_to_int(number) or 0) <= prev_n):
            if number == previous_group[0] or number is None:
                out[i] = replace(t, group_number=int_to_roman(prev_n + 1))
        elif title == previous_group[1] and previous_group[0]:
            out[i] = replace(t, group_number=previous_group[0])
        previous_group = (out[i].group_number, title)
    for i, t in enumerate(out):
        if not t.row.ocr:
            continue
        same = lambda j: 0 <= j < len(out) and out[j].group_number == t.group_number and out[j].group_title == t.group_title
        before = int(out[i - 1].number) if same(i - 1) and (out[i - 1].number or "").isdigit() else (0 if not same(i - 1) else None)
        after = int(out[i + 1].number) if same(i + 1) and (out[i + 1].number or "").isdigit() else None
        if (t.number or "").isdigit() and before is not None and int(t.number) == before + 1:
            continue
        if before is not None and (after is None or after == before + 2):
            out[i] = replace(t, number=str(before + 1))
    return out


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
            if number:  # the item number as printed, without OCR specks ("4+" → "4")
                m = _ITEM_NUMBER.match(number)
                number = m[1] if m else " ".join(number.split()).rstrip(".")
            else:
                number = inline_number
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
