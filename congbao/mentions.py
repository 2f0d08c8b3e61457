"""Legal references (and agencies, deadlines) in any caller's text, with offsets into that text.

The records are those ``congbao refs`` prints, one dict per mention, in text order.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from extract.nlp.legal_refs import CitingDocument
from extract.nlp.pipeline import find_mentions
from extract.records import mention_record


def refs(text: str, *, agencies: bool = False, deadlines: bool = False, date: dt.date | str | None = None,
         number: str | None = None, province: str | None = None) -> list[dict[str, Any]]:
    """The legal references in ``text`` (with ``agencies``/``deadlines``, those mentions too), in text order.

    Each mention is a dict with ``type`` ("reference", "agency" or "deadline"), ``start``, ``end`` and
    ``raw``; afterwards ``text[start:end] == raw`` holds for every one, whatever the text's form (NFD
    letters, no-break spaces, soft hyphens kept), while the parsed fields are normalised (NFC). A
    reference adds ``kind``, ``number``, ``key``, ``global_key``, ``date``, ``issuer``, ``title``, ``self``,
    ``warnings``; an agency ``name`` and ``collective``; a deadline ``deadline`` (``kind``, ``start``,
    ``end`` …, as in a task record). ``date``, ``number`` and ``province`` describe the citing document:
    its date (ISO string or ``datetime.date``: the year of year-less periods, "after the document"
    warnings), its số ký hiệu (marks self-references) and its province (issuer of …/QĐ-UBND numbers).

    >>> text = "Căn cứ Nghị định số 59/2012/NĐ-CP ngày 23/7/2021 của Chính phủ"
    >>> [ref] = refs(text)
    >>> ref["start"], ref["end"], ref["key"], ref["date"]
    (7, 62, '59/2012/NĐ-CP', '2021-07-23')
    >>> text[ref["start"]:ref["end"]] == ref["raw"]
    True
    >>> ref["warnings"]
    ['date year 2021 differs from the year 2012 in the number']
    >>> found = refs("Sở Nội vụ chủ trì, hoàn thành trước ngày 15/01/2024", agencies=True, deadlines=True)
    >>> [(m["type"], m["raw"]) for m in found]
    [('agency', 'Sở Nội vụ'), ('deadline', 'trước ngày 15/01/2024')]
    >>> found[1]["deadline"]["kind"], found[1]["deadline"]["end"]
    ('by_date', '2024-01-15')
    """
    if isinstance(date, str):
        date = dt.date.fromisoformat(date)
    citing = CitingDocument(number=number, date=date, province=province)
    return [mention_record(text, start, end, value)
            for start, end, value in find_mentions(text, citing=citing, document_date=date,
                                                   agencies=agencies, deadlines=deadlines)]
