"""An issue split into documents: each header block opens one, its span runs to the next."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ..models import Document, Issue, Page
from .appendices import attach_appendices, cited_document_header
from .headers import Header, motto_start, read_header
from .signer import find_signer
from .tokens import LineAt


_TOC = re.compile(r"^\s*MỤC\s+LỤC\s*$")


def segment_issue(issue: Issue) -> tuple[tuple[Document, ...], tuple[Page, ...]]:
    """Documents of ``issue`` and its pages with cover / table-of-contents pages flagged."""
    stream = [
        LineAt(p.page_index, i, ln) for p in issue.pages for i, ln in enumerate(p.lines)
    ]
    starts = [k for k, at in enumerate(stream) if motto_start(at.line) is not None]
    headers = [(k, read_header(stream, k, issue.pages, motto=True)) for k in starts]
    # A header block without its own number belongs to the document before it.
    headers = [(k, h) for k, h in headers if h.is_own_document] or headers[:1]
    if not headers and stream:
        # No motto: an appendix published alone names its document ("kèm theo Công văn số …"); else the
        # motto is cut off or unreadable in a scan, and the top of the first page may still hold "Số:"
        # and a kind line.
        head = cited_document_header(stream, issue.pages) or read_header(stream, 0, issue.pages, motto=False)
        if head.number or head.kind or head.date:
            headers = [(0, head)]
    pages = _flag_covers(issue.pages, stream[headers[0][0]].page_index if headers else None)
    documents = []
    for n, (k, head) in enumerate(headers):
        end = headers[n + 1][0] if n + 1 < len(headers) else len(stream)
        body = stream[k:end]
        documents.append(_document(head, body, pages))
    if not documents:
        # No header block at all (an extract of a gazette, placeholder text): keep the content as one
        # document of unknown kind rather than dropping its tables, and say what it is not.
        body = [at for at in stream if not pages[at.page_index].is_cover]
        if body:
            documents.append(_document(Header(warnings=("not an administrative document",)), body, pages))
    return attach_appendices(documents, stream, pages), pages


def _flag_covers(pages: Sequence[Page], first_document_page: int | None) -> tuple[Page, ...]:
    """Pages before the first document that hold a "MỤC LỤC" (or no running header) are the cover."""
    out = []
    has_toc = any(_TOC.match(ln.text) for p in pages for ln in p.lines)
    for p in pages:
        before_first = first_document_page is not None and p.page_index < first_document_page
        is_cover = before_first and (has_toc or p.page_number is None)
        is_cover = is_cover or any(_TOC.match(ln.text) for ln in p.lines)
        out.append(replace(p, is_cover=is_cover) if is_cover else p)
    return tuple(out)


# "Lưu: VT, QHĐP (3b)": the copies kept, by the archive (VT) and the drafting unit, whose abbreviation
# is the unit code of the số ký hiệu (Phụ lục I, ô 9b and II.3).
_STORAGE = re.compile(r"\bLưu\s*[:;.]\s*VT\s*[,;.]\s*(?P<units>[A-ZĐ][A-ZĐ0-9.,;& ]*)")


def _storage_units(body: Sequence[LineAt]) -> frozenset[str]:
    units: set[str] = set()
    for at in body:
        if (m := _STORAGE.search(at.line.text)) is not None:
            units.update(u for u in re.split(r"[,;\s]+", m["units"]) if len(u) > 1)
    return frozenset(units)


def _repair_unit_code(number: str | None, body: Sequence[LineAt]) -> str | None:
    """On OCR pages, a code of the number that differs from the drafting unit of the "Lưu:" line only
    by the bar of Đ ("2470/VPCP-QHDP" beside "Lưu: VT, QHĐP") is the unit's: OCR drops that bar, it
    does not add one."""
    units = {u.replace("Đ", "D"): u for u in _storage_units(body) if "Đ" in u}
    if not units:
        return number
    parts = re.split(r"([/-])", number)
    return "".join(units.get(p, p) if "Đ" not in p else p for p in parts)


def _document(head: Header, body: Sequence[LineAt], pages: Sequence[Page]) -> Document:
    page_indexes = sorted({at.page_index for at in body if not pages[at.page_index].is_cover})
    numbers = tuple(n for i in page_indexes if (n := pages[i].page_number) is not None)
    signer, signer_warnings = find_signer(body, pages)
    number = head.number
    if number is not None and pages[body[0].page_index].ocr:
        number = _repair_unit_code(number, body)
    return Document(
        kind=head.kind,
        number=number,
        date=head.date,
        issuer=head.issuer,
        signer=signer,
        title=head.title,
        first_page_index=body[0].page_index,
        first_top=body[0].line.top,
        last_page_index=body[-1].page_index,
        last_bottom=body[-1].line.bottom,
        page_numbers=numbers,
        issuer_parent=head.issuer_parent,
        warnings=tuple(dict.fromkeys(head.warnings + signer_warnings + _page_warnings(body, pages))),
    )


def _page_warnings(body: Sequence[LineAt], pages: Sequence[Page]) -> tuple[str, ...]:
    """What the reading of the document's pages warns of ("page 3: the page's text layer is not
    Vietnamese text … and OCR is not available"), by PDF page."""
    return tuple(f"PDF page {i + 1}: {p.mode_warning}" for i in range(body[0].page_index, body[-1].page_index + 1)
                 if (p := pages[i]).mode_warning)
