"""From stitched tables to task records: item numbers, groups, task text, evidence.

Language analysis (agencies, deadlines, legal references) plugs in as a ``RowAnalyser``
(``extract.nlp.analyse.make_row_analyser``); without one those fields stay empty.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import PurePath

from .labels import (
    GROUP_LABEL, VIETNAMESE_CAPITALS, group_scheme, is_label, next_label, number_cell_value, roman_to_int,
    same_title, split_item_number, strip_bullet,
)
from .models import Document, Row, RowFacts, Table, Task

RowAnalyser = Callable[[Row, Table, Document], RowFacts]


def _evidence_items(text: str | None) -> tuple[str, ...]:
    if not text:
        return ()
    items = [strip_bullet(p) for p in text.split("\n")]
    return tuple(i for i in items if i)


def repair_ocr_numbers(tasks: list[Task]) -> list[Task]:
    """Group and item numbers of OCR'd rows, mended from their sequence.

    Drafting numbers groups I, II, III… (or 1., 2. …) and items 1, 2, 3… or 1.1, 1.2, 2.1… in order;
    OCR drops lone digits and misreads numerals ("III" as "II" or "HH", "4" as "A", "1.2" as "12",
    "2.7" as "2-7", "2.3" as "2.3.", Hậu Giang 12 and Cà Mau 43 scans). Afterwards:
    - one group keeps one numeral and one title, even where its spanning cell was read again on a
      later page with other OCR errors;
    - a new group whose numeral is unreadable, or not after the previous one, takes the next numeral;
    - an item number is only replaced where the OCR text is not a valid label, or is the expected
      label with its dots lost; a valid printed number is never replaced by a counter, and a row
      without any number stays without one unless the rows around it are numbered;
    - the mended numeral is written into the cell it was printed in.
    Rows read from a text layer are never changed.
    """
    out = list(tasks)  # group labels are mended where they are read, in their sequence (tables.stitch)
    for i, t in enumerate(out):
        prev = out[i - 1] if i else None
        if not t.row.ocr or prev is None or prev.columns != t.columns:
            continue
        if same_title(t.group_title, prev.group_title):
            out[i] = _with_group(t, prev)  # one group, one numeral and one title
            continue
        if "." in (t.group_number or "") + (prev.group_number or ""):
            continue  # a two-level path is read from its group rows as printed
        expected = next_label(prev.group_number) if prev.group_number and is_label(prev.group_number) else None
        number = t.group_number
        if expected and not _follows(number, prev.group_number) and not _other_scheme(number, prev.group_number):
            out[i] = _with_group_number(t, expected)  # a new title under a repeated or unreadable numeral
    numbered = _numbered_tables(out)
    dotted = _dotted_tables(out)
    for i, t in enumerate(out):
        if not t.row.ocr or not numbered.get(id(t.columns)):
            continue
        prev = out[i - 1] if i and out[i - 1].columns == t.columns else None
        nxt = out[i + 1] if i + 1 < len(out) and out[i + 1].columns == t.columns else None
        candidates = list(dict.fromkeys(_expected_items(prev, t, dotted.get(id(t.columns), False))))
        fixed = _mended_item(_printed_number(t), candidates, nxt)
        if fixed is not None and fixed != t.number:
            out[i] = _with_item_number(t, fixed)
    return out




def _other_scheme(number: str | None, before: str | None) -> bool:
    """Are both readable group labels, of two schemes (a letter after a roman numeral): another level,
    never a misread numeral to replace with a counter."""
    if not number or not before or not GROUP_LABEL.match(number + " ") or not GROUP_LABEL.match(before + " "):
        return False
    return group_scheme(number) != group_scheme(before)


def _follows(number: str | None, before: str | None) -> bool:
    """Does group numeral ``number`` come after ``before`` (same kind: roman, arabic or letter)?"""
    if not number or not before or not is_label(number):
        return False
    if number.isdigit() and before.isdigit():
        return int(number) > int(before)
    a, b = roman_to_int(number), roman_to_int(before)
    if a is not None and b is not None:
        return a > b
    if number in VIETNAMESE_CAPITALS and before in VIETNAMESE_CAPITALS:
        return VIETNAMESE_CAPITALS.index(number) > VIETNAMESE_CAPITALS.index(before)
    return len(number) == len(before) == 1 and number > before


def _numbered_tables(tasks: Sequence[Task]) -> dict[int, bool]:
    """Tables (by their columns) that number their rows: most rows carry a valid label."""
    counts: dict[int, list[int]] = {}
    for t in tasks:
        c = counts.setdefault(id(t.columns), [0, 0])
        c[0] += is_label(t.number)
        c[1] += 1
    return {k: labelled * 2 >= total for k, (labelled, total) in counts.items()}


def _dotted_tables(tasks: Sequence[Task]) -> dict[int, bool]:
    """Tables (by their columns) whose items are numbered 1.1, 1.2 …: two rows read with an inner dot."""
    counts: dict[int, int] = {}
    for t in tasks:
        counts[id(t.columns)] = counts.get(id(t.columns), 0) + bool(re.fullmatch(r"\d+\.\d+", t.number or ""))
    return {k: n >= 2 for k, n in counts.items()}


def _expected_items(prev: Task | None, t: Task, dotted_table: bool = False) -> list[str]:
    """Item numbers that may stand in row ``t``: the next after the previous row's within the group,
    or, in a new group, 1 (or GROUP.1) and the next after the previous row's (numbering may run on
    across groups, Quyết định 299/QĐ-TTg)."""
    if prev is not None and _same_group(prev, t):
        if not prev.number or not is_label(prev.number) or (n := next_label(prev.number)) is None:
            return []
        if dotted_table and "." not in prev.number and prev.number.isdigit():
            return [f"{prev.number}.2", f"{int(prev.number) + 1}.1"]  # "1" was "1.1" with its dot lost
        head = prev.number.split(".")[0]
        # after "1.3" comes "1.4", or the first item of the next section, "2.1"
        return [n, f"{int(head) + 1}.1"] if "." in prev.number and head.isdigit() else [n]
    dotted = dotted_table or (prev is not None and "." in (prev.number or ""))
    out = [] if dotted else ["1"]  # items numbered 1.1, 1.2 go on 2.1 under group 2
    if dotted and prev is None:
        out.append(f"{t.group_number}.1" if t.group_number and t.group_number.isdigit() else "1.1")
    if t.group_number and t.group_number.isdigit():
        out.append(f"{t.group_number}.1")
    if prev is not None and prev.number and is_label(prev.number) and (n := next_label(prev.number)):
        out.append(n)
    return out


_OCR_LABEL = re.compile(r"^\d{1,3}(?:[.,\-–]\d{1,3})*[.,]?$")


def _printed_number(t: Task) -> str | None:
    """The number cell as OCR read it ("2-7", "4+"), else the task's number."""
    roles = [c.role for c in t.columns]
    if "number" in roles and t.row.cells[roles.index("number")]:
        return " ".join((t.row.cells[roles.index("number")] or "").split())
    return t.number


def _mended_item(number: str | None, candidates: Sequence[str], nxt: Task | None) -> str | None:
    """The item number to keep: the printed one when it is what the sequence expects, else its mended
    reading, else the expected one the next row's number confirms; a valid printed number nothing
    contradicts stays; None to leave it."""
    if number in candidates:
        return number
    if number and is_label(number_cell_value(number)) and number_cell_value(number) in candidates:
        return number_cell_value(number)  # "4+": a speck after the number
    if number:
        normal = re.sub(r"[,\-–]", ".", number).rstrip(".")
        if _OCR_LABEL.match(number) and normal in candidates:
            return normal  # "2-7" → "2.7", "2.3." → "2.3"
        squashed = [c for c in candidates if _squashed(number, c)]
        if len(squashed) == 1:
            return squashed[0]  # "12" read for "1.2"
    after = _printed_number(nxt) if nxt is not None else None
    confirmed = [c for c in candidates if after and (n := next_label(c)) and (after == n or _squashed(after, n))]
    if len(confirmed) == 1:
        return confirmed[0]  # the rows before and after agree on what stands here
    if is_label(number):
        return number
    if len(candidates) == 1 and (nxt is None or not is_label(nxt.number)):
        return candidates[0]
    return None


def _squashed(number: str, label: str) -> bool:
    """Is ``number`` the dotted ``label`` with its dots lost ("12" for "1.2") or its head ("1" for "2.1")?"""
    return "." in label and (number == label.replace(".", "") or label.endswith("." + number))


def _with_group(t: Task, prev: Task) -> Task:
    """``t`` as a row of ``prev``'s group: its numeral, title and group cell."""
    if (t.group_number, t.group_title) == (prev.group_number, prev.group_title):
        return t
    roles = [c.role for c in t.columns]
    cells = tuple(p if role == "group" else v for v, p, role in zip(t.row.cells, prev.row.cells, roles))
    return replace(t, group_number=prev.group_number, group_title=prev.group_title,
                   row=replace(t.row, cells=cells, group=prev.row.group, group_number=prev.group_number,
                               group_title=prev.group_title))


def _with_group_number(t: Task, number: str | None) -> Task:
    """``t`` with its group numeral mended, in the group cell and the row's group text too (the
    numeral is printed there: "H. Cải cách thể chế" read for "II. …")."""
    if number == t.group_number:
        return t
    row = t.row
    old = t.group_number

    def relabel(text: str | None) -> str | None:
        if not text:
            return text
        if old and text.startswith(old):
            return number + text[len(old):]
        m = re.match(r"^\S{1,5}?(?=[.)]\s)", text)  # an unreadable numeral before the title's full stop
        return number + text[m.end():] if m else text

    roles = [c.role for c in t.columns]
    cells = tuple(relabel(v) if role == "group" else v for v, role in zip(row.cells, roles))
    return replace(t, group_number=number, row=replace(row, cells=cells, group=relabel(row.group), group_number=number))


def _with_item_number(t: Task, number: str) -> Task:
    """``t`` with its item number mended, in the number cell (or at the head of the task text)."""
    roles = [c.role for c in t.columns]
    cells = list(t.row.cells)
    if "number" in roles:
        cells[roles.index("number")] = number
    elif "text" in roles and cells[roles.index("text")]:
        j = roles.index("text")
        label = re.match(r"^\S{1,8}?(?=[.)]?\s)", cells[j] or "")
        if label and t.number and cells[j].startswith(t.number):
            cells[j] = number + cells[j][len(t.number):]
    return replace(t, number=number, row=replace(t.row, cells=tuple(cells)))


def _same_group(a: Task, b: Task) -> bool:
    return (a.group_number, a.group_title) == (b.group_number, b.group_title)


def rows_to_tasks(
    tables: Sequence[Table], documents: Sequence[Document], file: str, analyse: RowAnalyser | None = None
) -> tuple[Task, ...]:
    """One task per table row; ``task_id`` is unique within the issue and stable across runs."""
    tasks: list[Task] = []
    prefixes: list[str] = []
    stem = str(PurePath(file).with_suffix("")) if PurePath(file).suffix.lower() == ".pdf" else file
    for table in tables:
        if table.kind != "tasks":
            continue  # a list of documents, a land-use table: its rows are no tasks (tables.jsonl keeps them)
        roles = [c.role for c in table.columns]
        document = documents[table.document_index]

        def cell(role: str, row: Row) -> str | None:
            return row.cells[roles.index(role)] if role in roles else None

        for row in table.rows:
            if row.is_total:
                continue  # "Tổng cộng": a sum, never a task
            group_number, group_title = row.group_number, row.group_title
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
                mentioned_agencies=facts.mentioned_agencies, group_parent_number=row.group_parent_number,
                group_parent_title=row.group_parent_title, warnings=row.warnings,
            ))
    seen: dict[str, int] = {}
    out = []
    for prefix, task in zip(prefixes, repair_ocr_numbers(tasks)):
        base = f"{prefix}/{task.group_number or '-'}.{task.number or '-'}"
        seen[base] = seen.get(base, 0) + 1
        out.append(replace(task, task_id=base if seen[base] == 1 else f"{base}#{seen[base]}"))
    return tuple(out)
