"""Splitting an issue into its legal documents, with their metadata and appendices.

A document starts at its administrative header block: the issuer on the left, the national motto
"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" on the right, then "Số: 123/KH-UBND" and "Cà Mau, ngày 29 tháng
5 năm 2023", then the kind in capitals ("KẾ HOẠCH") and the title. A header block without a "Số:" line
is a text promulgated by the document before it (a Kế hoạch attached to its Quyết định) and stays part
of it. After ``segment_issue``:
- documents are in reading order and their spans do not overlap;
- cover and table-of-contents pages ("MỤC LỤC") are flagged ``is_cover`` and belong to no document;
- each "Phụ lục" is attached to the document it cites ("Kèm theo Kế hoạch số …"), else the one it
  follows.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

from .data import read_tsv
from .models import Appendix, Document, Issue, Line, Page, Signer
from .dates import DATE_NUMERIC, DATE_WORDS, date_parts, safe_date
from .names import body_name_case, is_upper_text, looks_like_person_name, sentence_case

_MOTTO = "CỘNGHÒAXÃHỘICHỦNGHĨAVIỆTNAM"
_NUMBER_LINE = re.compile(r"^S[ốố]\s*[:.]?\s*(?P<number>\d[^\s,;]*(?:\s*[/-]\s*[^\s,;]+)*)")
_DATE = re.compile(rf"ngày\s+(?:{DATE_NUMERIC}|{DATE_WORDS})", re.IGNORECASE)  # "Cà Mau, ngày 29 tháng 5 năm 2023"
_APPENDIX = re.compile(r"^(PHỤ LỤC|Phụ lục)(\s+[IVXLC\d]+[a-z]?)?\s*$")
_ATTACHED = re.compile(
    r"\(?\s*(?:Ban hành\s+)?[Kk]èm theo\s+(?P<kind>[^()]*?)\s+số\s+(?P<number>\d[^\s,;)]*)"
)
# Body text opens with these words, never a title ("Căn cứ …", "Theo công bố …").
_BODY_OPENERS = re.compile(r"^(Căn cứ|Theo|Thực hiện|Trên cơ sở|Xét|Nhằm|Để|Ngày)\b")
_TOC = re.compile(r"^\s*MỤC\s+LỤC\s*$")
# Signature blocks: "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", then the name.
_SIGNATURE_PREFIX = re.compile(r"^(TM|KT|TL|TUQ|Q|QUYỀN)\.?\s+", re.IGNORECASE)


@cache
def _kinds() -> dict[str, str]:
    return {row[0].upper(): row[0] for row in read_tsv("document_kinds.tsv")}


@cache
def _positions() -> dict[str, str]:
    return {row[0].lower(): row[1] for row in read_tsv("positions.tsv")}


@dataclass(frozen=True, slots=True)
class _At:
    page_index: int
    line_index: int
    line: Line


def segment_issue(issue: Issue) -> tuple[tuple[Document, ...], tuple[Page, ...]]:
    """Documents of ``issue`` and its pages with cover / table-of-contents pages flagged."""
    stream = [
        _At(p.page_index, i, ln) for p in issue.pages for i, ln in enumerate(p.lines)
    ]
    starts = [k for k, at in enumerate(stream) if _is_motto_line(at.line)]
    headers = [(k, _read_header(stream, k, issue.pages)) for k in starts]
    # A header block without its own number belongs to the document before it.
    headers = [(k, h) for k, h in headers if h.number is not None] or headers[:1]
    pages = _flag_covers(issue.pages, stream[headers[0][0]].page_index if headers else None)
    documents = []
    for n, (k, head) in enumerate(headers):
        end = headers[n + 1][0] if n + 1 < len(headers) else len(stream)
        body = stream[k:end]
        documents.append(_document(head, body, pages))
    if not documents:
        # No header block recognised (an extract of a gazette, an unusual layout): keep the content
        # as one document of unknown kind rather than dropping its tables.
        body = [at for at in stream if not pages[at.page_index].is_cover]
        if body:
            unknown = _Header(kind=None, number=None, date=None, issuer=None, title=None, end=0)
            documents.append(_document(unknown, body, pages))
    return _attach_appendices(documents, stream, pages), pages


def _is_motto_line(line: Line) -> bool:
    return _MOTTO in re.sub(r"\s+", "", line.text.upper())


@dataclass(frozen=True, slots=True)
class _Header:
    kind: str | None
    number: str | None
    date: dt.date | None
    issuer: str | None
    title: str | None
    end: int                         # stream index of the first line after the title


def _read_header(stream: Sequence[_At], k: int, pages: Sequence[Page]) -> _Header:
    motto_line = stream[k].line
    motto_x0 = next(
        (w.x0 for i, w in enumerate(motto_line.words) if w.text.upper().startswith("CỘNG")), motto_line.x0
    )
    issuer_parts: list[str] = []
    number = date = kind = None
    j = k
    limit = min(len(stream), k + 14)
    while j < limit:
        at = stream[j]
        left = " ".join(w.text for w in at.line.words if w.x1 <= motto_x0 + 2)
        text = at.line.text
        m = _NUMBER_LINE.match(left) or _NUMBER_LINE.match(text)
        if m and number is None:
            number = re.sub(r"\s+", "", m["number"]).rstrip(".")
        elif number is None and left and j <= k + 3 and is_upper_text(left):
            issuer_parts.append(left)
        if date is None and (d := _DATE.search(text)):
            date = safe_date(*date_parts(d))
        if j > k and text.strip().upper() in _kinds() and is_upper_text(text):
            kind = _kinds()[text.strip().upper()]
            break
        j += 1
    title_lines: list[str] = []
    end = j + 1
    if kind is not None:
        kind_line = stream[j].line
        page = pages[stream[j].page_index]
        for at in stream[j + 1 : j + 12]:
            if not _is_title_line(at.line, kind_line, page.width) or at.page_index != stream[j].page_index:
                break
            title_lines.append(at.line.text)
            end += 1
    issuer = body_name_case(" ".join(issuer_parts)) if issuer_parts else None
    title = " ".join(" ".join(title_lines).split()) or None
    return _Header(kind=kind, number=number, date=date, issuer=issuer, title=title, end=end)


def _is_title_line(line: Line, kind_line: Line, page_width: float) -> bool:
    text = line.text.strip()
    if _BODY_OPENERS.match(text) or _is_motto_line(line):
        return False
    if is_upper_text(text) and len(text) > 3:
        return False  # "ỦY BAN NHÂN DÂN TỈNH …" (the authority line of a Quyết định) ends the title
    centred = abs((line.x0 + line.x1) / 2 - page_width / 2) < 0.06 * page_width
    if kind_line.words[0].bold:
        return line.words[0].bold and centred
    return centred


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


def _document(head: _Header, body: Sequence[_At], pages: Sequence[Page]) -> Document:
    page_indexes = sorted({at.page_index for at in body if not pages[at.page_index].is_cover})
    numbers = tuple(n for i in page_indexes if (n := pages[i].page_number) is not None)
    return Document(
        kind=head.kind,
        number=head.number,
        date=head.date,
        issuer=head.issuer,
        signer=_find_signer(body, pages),
        title=head.title,
        first_page_index=body[0].page_index,
        first_top=body[0].line.top,
        last_page_index=body[-1].page_index,
        last_bottom=body[-1].line.bottom,
        page_numbers=numbers,
    )


def _find_signer(body: Sequence[_At], pages: Sequence[Page]) -> Signer:
    """The first signature block of the document: a position line, then a person's name.

    Only the right half of each line counts: the recipients ("Nơi nhận: …") share the signature
    block's baselines on the left.
    """
    def right_text(at: _At) -> str:
        half = pages[at.page_index].width / 2
        words = [w.text for w in at.line.words if w.x_mid > half] or [w.text for w in at.line.words]
        return " ".join(words).strip()

    for n in range(1, len(body)):
        text = right_text(body[n])
        if not looks_like_person_name(text):
            continue
        above = [right_text(at) for at in body[max(0, n - 3) : n]]
        titles = [t for t in above if is_upper_text(t)]
        if not titles:
            continue
        raw = _SIGNATURE_PREFIX.sub("", titles[-1])
        title = _positions().get(raw.lower(), sentence_case(raw))
        return Signer(name=" ".join(text.split()), title=title)
    return Signer()


def _attach_appendices(
    documents: list[Document], stream: Sequence[_At], pages: Sequence[Page]
) -> tuple[Document, ...]:
    found: dict[int, list[Appendix]] = {i: [] for i in range(len(documents))}
    for k, at in enumerate(stream):
        m = _APPENDIX.match(at.line.text.strip())
        if not m or pages[at.page_index].is_cover:
            continue
        label = " ".join(at.line.text.split())
        title_parts, cites = [], None
        for nxt in stream[k + 1 : k + 8]:
            if nxt.page_index != at.page_index:
                break
            a = _ATTACHED.search(nxt.line.text)
            if a:
                cites = a["number"].rstrip(".")
                break
            title_parts.append(nxt.line.text)
        owner = _owner(documents, at, cites)
        if owner is None:
            continue
        found[owner].append(
            Appendix(label=label, title=" ".join(title_parts) or None, page_index=at.page_index,
                     top=at.line.top, cites_number=cites)
        )
    return tuple(replace(d, appendices=tuple(found[i])) for i, d in enumerate(documents))


def _owner(documents: Sequence[Document], at: _At, cites: str | None) -> int | None:
    if cites:
        for i, d in enumerate(documents):
            if d.number and d.number.replace(" ", "") == cites.replace(" ", ""):
                return i
    for i in range(len(documents) - 1, -1, -1):
        d = documents[i]
        if (d.first_page_index, d.first_top) <= (at.page_index, at.line.top):
            return i
    return None

