"""The appendices ("Phụ lục") of documents, each attached to the document it cites, else the one it follows."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ..dates import DATE, date_parts, safe_date
from ..models import Appendix, Document, Page
from .headers import Header, is_document_number, issuer_of_number, kind_from_number, match_kind, number_label_rest
from .tokens import LineAt, folded_letters


_APPENDIX = re.compile(r"^(PHỤ LỤC|Phụ lục)(\s+[IVXLC\d]+[a-z]?)?\s*$")
_ATTACHED = re.compile(
    r"\(?\s*(?:Ban hành\s+)?[Kk]èm theo\s+(?P<kind>[^()]*?)\s+số\s+(?P<number>\d[^\s,;)]*)"
)


# An appendix published alone opens with its title and the line that names its document within this
# many lines of the top of its first page (btp-1043-danhmuc: the fourth line).
_CITATION_REACH = 12


def cited_document_header(stream: Sequence[LineAt], pages: Sequence[Page]) -> Header | None:
    """The header of the document that an appendix published alone belongs to, from its line "(Ban hành
    kèm theo Công văn số 1043/BTP-QLXLVPHC&TDTHPL ngày 9/4/2021)" (btp-1043-danhmuc): kind, number and
    date as cited, the issuer from the số ký hiệu's issuer code. None when the top of the first page is
    no such appendix (it has a "Số:" line of its own, or cites no document with its date)."""
    first = next((at.page_index for at in stream if not pages[at.page_index].is_cover), None)
    top = [at for at in stream if at.page_index == first][:_CITATION_REACH]
    for k, at in enumerate(top):
        if number_label_rest(at.line.words) is not None:
            return None  # a header of its own
        a = _ATTACHED.search(at.line.text)
        if a is None:
            continue
        number = a["number"].rstrip(".,;)")
        after = at.line.text[a.end():] + (" " + top[k + 1].line.text if k + 1 < len(top) else "")
        date = DATE.search(after)
        kind = match_kind(folded_letters(a["kind"]), kind_from_number(number))
        if date is None or kind is None or not is_document_number(number):
            return None
        return Header(kind=kind, number=number, date=safe_date(*date_parts(date)), issuer=issuer_of_number(number),
                      warnings=(f"the PDF holds only an appendix: kind, number and date come from its line "
                                f"'{' '.join(at.line.text.split()).strip('()')}'",))
    return None


def attach_appendices(
    documents: list[Document], stream: Sequence[LineAt], pages: Sequence[Page]
) -> tuple[Document, ...]:
    found: dict[int, list[Appendix]] = {i: [] for i in range(len(documents))}
    cited: dict[int, set[str]] = {i: set() for i in range(len(documents))}
    for k, at in enumerate(stream):
        m = _APPENDIX.match(at.line.text.strip())
        if not m or pages[at.page_index].is_cover:
            continue
        label = " ".join(at.line.text.split())
        title_parts, cites, cite = [], None, None
        for j, nxt in enumerate(stream[k + 1 : k + 8], start=k + 1):
            if nxt.page_index != at.page_index:
                break
            a = _ATTACHED.search(nxt.line.text)
            if a:
                cites = a["number"].rstrip(".")
                after = nxt.line.text[a.end():] + (" " + stream[j + 1].line.text if j + 1 < len(stream) else "")
                cite = (a["kind"], cites, DATE.search(after))
                break
            title_parts.append(nxt.line.text)
        owner = _owner(documents, at, cites)
        if owner is None:
            continue
        found[owner].append(
            Appendix(label=label, title=" ".join(title_parts) or None, page_index=at.page_index,
                     top=at.line.top, cites_number=cites)
        )
        if cite is not None and _cites_document(documents[owner], *cite):
            cited[owner].add(cite[1])
    out = []
    for i, d in enumerate(documents):
        d = replace(d, appendices=tuple(found[i]))
        if d.number is None and len(cited[i]) == 1:
            # The header's number is unreadable (a stamp, a seal, handwriting), but the appendix names
            # its document by kind, number and date ("Kèm theo Quyết định số 299/QĐ-TTg ngày 10 …").
            (number,) = cited[i]
            warnings = tuple(w for w in d.warnings if not w.startswith(("number ", "no number")))
            d = replace(d, number=number, warnings=warnings + ("number read from the appendix that cites it",))
        out.append(d)
    return tuple(out)


def _cites_document(document: Document, kind_text: str, number: str, date: re.Match[str] | None) -> bool:
    """Does "Kèm theo <kind> số <number> ngày <date>" name ``document``, whose number is unknown? Its
    kind and date must be the document's, and the number shaped like a số ký hiệu of that kind."""
    if document.number is not None or document.kind is None or document.date is None or date is None:
        return False
    if folded_letters(kind_text) != folded_letters(document.kind) or not is_document_number(number):
        return False
    code_kind = kind_from_number(number)
    return code_kind in (None, document.kind) and safe_date(*date_parts(date)) == document.date


def _owner(documents: Sequence[Document], at: LineAt, cites: str | None) -> int | None:
    if cites:
        for i, d in enumerate(documents):
            if d.number and d.number.replace(" ", "") == cites.replace(" ", ""):
                return i
    for i in range(len(documents) - 1, -1, -1):
        d = documents[i]
        if (d.first_page_index, d.first_top) <= (at.page_index, at.line.top):
            return i
    return None
