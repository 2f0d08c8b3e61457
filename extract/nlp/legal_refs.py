"""Legal references: "Nghị định số 59/2012/NĐ-CP ngày 23/7/2012 của Chính phủ" → kind, number, key.

Found with patterns on the normalised text (tokenisers shred "59/2012/NĐ-CP"), so offsets index that
text: ``text[ref.start:ref.end] == ref.raw`` always holds. After ``find_legal_references``:
- ``number`` is the số ký hiệu without spaces, letters as printed ("NĐ-CP", "QĐ-UBND", "NQ-HĐND");
- ``key`` is the number when it holds a year ("59/2012/NĐ-CP"), else ``number@YEAR`` from the printed
  date ("1420/UBND-CCHC@2023"); a law cited by name and date alone has ``key`` "NAME@YEAR";
- ``date`` is None when the printed date cannot exist ("31/4/2023"), with a warning;
- ``warnings`` list plausibility problems: date year ≠ number year, impossible date, a date after the
  citing document's own date, a type code that contradicts the kind.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from ..data import read_tsv
from ..models import LegalRef
from ..dates import DATE_NUMERIC, DATE_WORDS, date_parts, safe_date

_EXTRA_KINDS = ("Văn bản", "Kết luận", "Thông tri", "Văn bản hợp nhất", "Quy định")
# Kinds cited by name: "Luật Giao dịch điện tử số 20/2023/QH15", "Luật Tổ chức chính quyền địa
# phương ngày 19 tháng 6 năm 2015".
_NAMED_KINDS = ("Bộ luật", "Luật", "Pháp lệnh")
# Generic words for a document whose kind the type code tells ("văn bản số 12/2023/QĐ-UBND").
_GENERIC = {"Văn bản"}


@cache
def _kind_tables() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(lower-case kind → kind, abbreviation → kind, type code → kind)."""
    kinds = {row[0].lower(): row[0] for row in read_tsv("document_kinds.tsv")}
    kinds.update({k.lower(): k for k in _EXTRA_KINDS})
    abbreviations = {row[0]: row[1] for row in read_tsv("kind_abbreviations.tsv")}
    codes = {row[1]: row[0] for row in read_tsv("document_kinds.tsv") if row[1] not in ("L",)}
    return kinds, abbreviations, codes


@cache
def _issuer_codes() -> dict[str, str]:
    return {row[0]: row[1] for row in read_tsv("issuer_codes.tsv")}


# số ký hiệu: "59/2012/NĐ-CP", "1420/UBND-CCHC", "01/2023/TT-VPCP", "03/2015/TTLT-BTP-BNV",
# "77/2015/QH13", party documents "52-NQ/TW", "05-CT/TW". A line break may have left a space at a
# separator ("59/2012/NĐ- CP"), so one space is allowed there.
_CODE = r"[A-ZĐ][A-Za-zĐđ0-9&]*"
NUMBER = (
    rf"(?:\d{{1,5}}[a-z]?\s?/\s?(?:(?:19|20)\d{{2}}\s?/\s?)?{_CODE}(?:\s?-\s?{_CODE})*"
    rf"|\d{{1,5}}\s?-\s?{_CODE}\s?/\s?{_CODE}(?:\s?-\s?{_CODE})*)"
)
_DATE_TAIL = rf"(?:\s*,?\s*(?:được\s+)?(?:ban hành\s+|ký\s+)?ngày\s+(?P<date>{DATE_NUMERIC}|{DATE_WORDS}))?"
# "của Chính phủ", "của Bộ trưởng Bộ Nội vụ", "của Chủ tịch Ủy ban nhân dân tỉnh", "của HĐND tỉnh":
# the issuer runs until punctuation or a word that starts the citation's subject ("về", "phê duyệt"…).
_ISSUER_STOP = (
    r"về|phê duyệt|ban hành|quy định|hướng dẫn|sửa đổi|bổ sung|triển khai|thực hiện|đã|được|trên|tại|"
    r"đối với|theo|nhằm|giai đoạn|năm|và\s+(?:các\s+)?(?i:Nghị định|Quyết định|Thông tư|Nghị quyết|Chỉ thị|"
    r"Kế hoạch|Công văn|Luật|văn bản)|kèm theo|có liên quan|liên quan|để|trong|cho|với|là"
)
_ISSUER_TAIL = (
    rf"(?:\s*,?\s*của\s+(?P<issuer>(?:(?!(?:{_ISSUER_STOP})(?![\wÀ-ỹ]))[^\s,;.:()“”\"]+)"
    rf"(?:\s+(?!(?:{_ISSUER_STOP})(?![\wÀ-ỹ]))[^\s,;.:()“”\"]+){{0,9}}))?"
)
_LIST_NEXT = re.compile(rf"\s*(?:,|;|và)\s*(?:số\s+)?(?P<number>{NUMBER})(?![\w/-])" + _DATE_TAIL + _ISSUER_TAIL)
# After a law's name: its number and/or its date ("… được Quốc hội khóa XIV thông qua ngày …").
_NAMED_TAIL = re.compile(
    rf"(?:\s+số\s+(?P<number>{NUMBER})(?![\w/-]))?"
    rf"(?:\s*,?\s*(?:được\s+Quốc hội[^.;]{{0,80}}?thông qua\s+)?(?:ban hành\s+)?ngày\s+(?P<date>{DATE_NUMERIC}|{DATE_WORDS}))?"
    + _ISSUER_TAIL
)


def _kind_pattern() -> str:
    kinds, abbreviations, _ = _kind_tables()
    names = sorted(set(kinds.values()), key=len, reverse=True)
    full = "|".join(re.escape(n) for n in names)
    abbr = "|".join(re.escape(a) for a in sorted(abbreviations, key=len, reverse=True))
    return rf"(?P<kind>(?i:{full})|{abbr})"


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    numbered = re.compile(
        rf"(?<![\wĐđ]){_kind_pattern()}\s+(?:số\s*:?\s*)?(?P<number>{NUMBER})(?![\w/-])" + _DATE_TAIL + _ISSUER_TAIL
    )
    named_kinds = "|".join(_NAMED_KINDS)
    # The name: a capitalised word (or "sửa đổi", an amending law, which is one reference with the
    # laws it names), then words up to its number or date (lazy, at most 25 words).
    named = re.compile(
        rf"(?<![\wĐđ])(?P<kind>{named_kinds})\s+(?P<name>(?:[A-ZĐÀ-Ỹ]|sửa đổi)[^\s,;.:()]*(?:(?:\s+|,\s+)[^\s;.:()]+){{0,24}}?)"
        rf"(?=\s+số\s+\d|\s*,?\s*(?:được\s+Quốc hội[^.;]{{0,80}}?thông qua\s+)?(?:ban hành\s+)?ngày\s+\d)"
    )
    return numbered, named


@dataclass(frozen=True, slots=True)
class CitingDocument:
    """What a reference is checked against: the document that cites it."""

    number: str | None = None
    date: dt.date | None = None
    province: str | None = None


def normalise_number(raw: str) -> str:
    return re.sub(r"\s+", "", raw).rstrip(".,;")


def _year_in_number(number: str) -> int | None:
    m = re.search(r"/((?:19|20)\d{2})/", number)
    return int(m[1]) if m else None


def _type_code(number: str) -> str | None:
    """ "59/2012/NĐ-CP" → "NĐ"; "52-NQ/TW" → "NQ"; "1420/UBND-CCHC" → None (a công văn's code is its unit)."""
    m = re.match(r"^\d+[a-z]?-([A-ZĐ][A-Za-zĐđ]*)/", number)
    if m:
        return m[1]
    parts = number.split("/")
    tail = parts[-1] if parts else ""
    first = tail.split("-")[0]
    _, _, codes = _kind_tables()
    return first if first in codes else None


def issuer_from_number(number: str, province: str | None) -> str | None:
    """The body a số ký hiệu names after its type code: "…/NĐ-CP" → "Chính phủ"."""
    codes = _issuer_codes()
    tail = number.split("/")[-1]
    parts = tail.split("-")
    candidates = parts[1:] if _type_code(number) and not re.match(r"^\d+[a-z]?-", number) else parts
    for code in candidates:
        base = re.sub(r"\d+$", "", code)
        if base in codes:
            place = f"tỉnh {province}" if province else "tỉnh"
            return codes[base].replace("{province}", place)
    return None


def _resolve_kind(word: str, number: str | None) -> str:
    kinds, abbreviations, codes = _kind_tables()
    kind = abbreviations.get(word) or kinds.get(word.lower(), word)
    if kind in _GENERIC and number:
        code = _type_code(number)
        kind = codes.get(code, "Công văn") if code else "Công văn"
    return kind


def find_legal_references(text: str, citing: CitingDocument | None = None) -> tuple[LegalRef, ...]:
    """Every legal reference in ``text``, in order, with offsets into ``text``."""
    citing = citing or CitingDocument()
    numbered, named = _patterns()
    found: list[LegalRef] = []
    taken: list[tuple[int, int]] = []
    for m in named.finditer(text):
        ref = _named_ref(m, citing)
        if ref is not None:
            found.append(ref)
            taken.append((ref.start, ref.end))
    for m in numbered.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        kind = _resolve_kind(m["kind"], normalise_number(m["number"]))
        found.extend(_numbered_refs(text, m, kind, citing))
    return tuple(sorted(found, key=lambda r: r.start))


def _named_ref(m: re.Match[str], citing: CitingDocument) -> LegalRef | None:
    name = " ".join(m["name"].split()).rstrip(",")
    if re.search(r"\b(?:Nghị định|Quyết định|Thông tư|Chỉ thị|Nghị quyết|Kế hoạch)\b", name):
        return None  # the name ran into another citation: not a law's name
    tail = _NAMED_TAIL.match(m.string, m.end())
    if tail is None or (tail["number"] is None and tail["date"] is None):
        return None  # a law named with neither number nor date: its version is unknown
    end = _trim_end(tail)
    raw = m.string[m.start():end]
    title = f"{m['kind']} {name}"
    number = normalise_number(tail["number"]) if tail["number"] else None
    return _make_ref(raw, m.start(), end, m["kind"], number, tail, citing, title=title)


def _trim_end(m: re.Match[str]) -> int:
    end = m.end()
    while end > m.start() and m.string[end - 1] in " ,;.":
        end -= 1
    return end


def _numbered_refs(text: str, m: re.Match[str], kind: str, citing: CitingDocument) -> Iterator[LegalRef]:
    end = _trim_end(m)
    yield _make_ref(text[m.start():end], m.start(), end, kind, normalise_number(m["number"]), m, citing)
    pos = m.end()
    # A list sharing one kind: "Nghị định số 107/2020/NĐ-CP, 108/2020/NĐ-CP và 109/2020/NĐ-CP".
    while (nxt := _LIST_NEXT.match(text, pos)) is not None:
        start = nxt.start("number")
        stop = _trim_end(nxt)
        yield _make_ref(text[start:stop], start, stop, kind, normalise_number(nxt["number"]), nxt, citing)
        pos = nxt.end()


def _make_ref(raw: str, start: int, end: int, kind: str, number: str | None, m: re.Match[str],
              citing: CitingDocument, *, title: str | None = None) -> LegalRef:
    warnings: list[str] = []
    date = None
    date_year = None
    if m["date"]:
        dm = re.match(rf"{DATE_NUMERIC}|{DATE_WORDS}", m["date"])
        assert dm is not None
        y, mo, d = date_parts(dm)
        date_year = y
        date = safe_date(y, mo, d)
        if date is None:
            warnings.append(f"impossible date {d}/{mo}/{y}")
    number_year = _year_in_number(number) if number else None
    if number_year and date_year and number_year != date_year:
        warnings.append(f"date year {date_year} differs from the year {number_year} in the number")
    if date and citing.date and date > citing.date:
        warnings.append(f"dated {date.isoformat()}, after the citing document ({citing.date.isoformat()})")
    if number:
        code = _type_code(number)
        _, _, codes = _kind_tables()
        if code and kind in codes.values() and codes.get(code) != kind and kind not in _GENERIC:
            warnings.append(f"type code {code} does not match the kind {kind}")
    is_self = bool(number and citing.number and normalise_number(citing.number) == number)
    if is_self and date_year is None and citing.date is not None:
        date_year = citing.date.year  # the document citing itself: its own year
    if number is None:
        key = f"{title}@{date_year}"
    elif number_year:
        key = number
    elif date_year:
        key = f"{number}@{date_year}"
    else:
        key = number
        warnings.append("no date: the year of the number is unknown")
    issuer = " ".join(m["issuer"].split()) if m["issuer"] else None
    if issuer is None and number:
        issuer = issuer_from_number(number, citing.province)
    return LegalRef(raw=raw, kind=kind, number=number, key=key, date=date, issuer=issuer, title=title,
                    is_self=is_self, warnings=tuple(warnings), start=start, end=end)
