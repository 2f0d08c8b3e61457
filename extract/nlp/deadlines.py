"""Deadlines: a phrase of the deadline column normalised to a kind and an interval (SPEC.md).

``parse_deadline(raw, document_date)`` is pure. The kinds are tried in an order that reflects how
the phrases are written: a phrase that opens "Hằng quý" is recurring even when it names a day
("Hằng quý (trước ngày 15 của tháng cuối quý)"), one that follows a document ("Thực hiện theo Công
văn số … ngày 06/3/2023") is per_reference even though it holds a date. Never dateparser: its
Vietnamese data reads "trước" ("before") as "ago".
"""
from __future__ import annotations

import datetime as dt
import re

from ..models import Deadline
from ..dates import DATE, add_months, add_working_days, date_parts, month_end, safe_date
from ..labels import roman_to_int

_FLAGS = re.IGNORECASE
_YEAR = r"(?:19|20)\d{2}"
# Recurring: tied to a cycle or to periodic reporting ("Hằng quý", "Định kỳ 6 tháng", "Thường xuyên",
# "Cùng với báo cáo định kỳ …", "Thể hiện tại báo cáo CCHC định kỳ").
_RECURRING_START = re.compile(r"^(?:hằng|hàng|định kỳ|thường xuyên|liên tục|mỗi\s+(?:năm|quý|tháng|tuần))\b", _FLAGS)
_RECURRING_ANY = re.compile(r"\b(?:định kỳ|thường xuyên|hằng\s+(?:năm|quý|tháng|tuần|ngày)|hàng\s+(?:năm|quý|tháng|tuần))\b", _FLAGS)
# The same cues with every diacritic folded: OCR confuses tones ("Hằng quý" read as "Hãng quý").
_RECURRING_FOLDED = re.compile(r"^(?:hang\s+(?:nam|quy|thang|tuan|ngay)|dinh ky|thuong xuyen)\b")


def _fold(text: str) -> str:
    import unicodedata

    d = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in d if not unicodedata.combining(c))


# Per reference: the deadline is whatever another plan, rule or document says ("Theo quy định của Bộ
# Nội vụ", "Theo Kế hoạch đã ban hành", "Theo tiến độ của Văn phòng Chính phủ", "Thực hiện theo Công văn …").
_PER_REFERENCE = re.compile(r"^(?:thực hiện\s+|hoàn thành\s+)?(?:theo|căn cứ|tuân thủ)\b", _FLAGS)
# On event: "Khi có trường hợp …", "Khi có yêu cầu …", "Ngay sau khi …", "Sau khi …".
_ON_EVENT = re.compile(r"^(?:ngay\s+)?(?:khi|sau khi|ngay khi|trong trường hợp|khi phát sinh)\b|^khi\b", _FLAGS)
# Relative: "05 ngày làm việc kể từ ngày …", "Trong 10 ngày kể từ ngày Kế hoạch được ban hành",
# "chậm nhất 30 ngày sau khi …", "Trong vòng 03 tháng kể từ …".
_RELATIVE = re.compile(
    r"(?:trong\s+(?:vòng\s+|thời hạn\s+)?|chậm nhất\s+|không quá\s+|tối đa\s+|sau\s+)?"
    r"(?P<amount>\d{1,3})\s*(?P<unit>ngày\s+làm\s+việc|ngày|tháng|tuần)\s*,?\s*"
    r"(?:(?:kể\s+)?từ|sau(?:\s+khi)?|tính\s+từ)\s+(?P<anchor>.+?)\s*[.;]?$",
    _FLAGS,
)
# The anchor is the citing document's own date: "ngày ký", "ngày Kế hoạch được ban hành", "ngày
# Quyết định này có hiệu lực", "ngày ban hành Kế hoạch này".
_OWN_DATE_ANCHOR = re.compile(
    r"^(?:ngày\s+)?(?:"
    r"(?:ký|ban hành)(?:\s+(?:ban hành\s+)?(?:kế hoạch|quyết định|chỉ thị|nghị quyết|văn bản|thông báo)\s+này)?"
    r"|(?:kế hoạch|quyết định|chỉ thị|nghị quyết|văn bản|thông báo)(?:\s+này)?\s+(?:được\s+)?(?:ký|ban hành|có hiệu lực)"
    r")$",
    _FLAGS,
)
_BY_DATE_CUE = re.compile(r"\b(?:trước|chậm nhất|hạn chót|hạn cuối|không quá|không muộn hơn|đến hết|hoàn thành|xong)\b", _FLAGS)
_Q = r"(?:[IV][IVl1|]{1,2}(?![\w])|IV|III|II|I|[1-4])"  # OCR reads "III" as "II1" or "IIl" (Hậu Giang 12 scan)
# "Quý III/2024", "quý III năm 2023", "Quý II, III/2024" (a list sharing one year).
_QUARTER = re.compile(
    rf"\bquý\s+(?P<q>{_Q}(?:\s*(?:,|và|-|–)\s*(?:quý\s+)?{_Q})*)\b(?:\s*(?:/|-|năm)\s*(?P<y>{_YEAR}))?", _FLAGS
)
_MONTH = re.compile(
    rf"\btháng\s+(?P<m>(?:1[0-2]|0?[1-9])(?:\s*(?:,|và)\s*(?:tháng\s+)?(?:1[0-2]|0?[1-9]))*)\b"
    rf"(?:\s*(?:/|-|năm)\s*(?P<y>{_YEAR}))?", _FLAGS
)
# A day without a year after a cue ("Trước ngày 15/12"): the year of the document.
_DAY_MONTH = re.compile(r"\b(?:ngày\s+)?(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\b(?!\s*[/.-]\s*\d)", _FLAGS)
_HALF = re.compile(rf"\b(?P<n>6|06|sáu)\s+tháng\s+(?P<which>đầu|cuối)\s+năm\b(?:\s*(?P<y>{_YEAR}))?", _FLAGS)
_YEAR_RANGE = re.compile(rf"\b(?P<a>{_YEAR})\s*[-–—]\s*(?P<b>{_YEAR})\b")
_YEAR_ONLY = re.compile(rf"^(?:trong\s+|cả\s+|suốt\s+)?(?:năm|giai đoạn)?\s*(?P<y>{_YEAR})\b", _FLAGS)
_YEAR_ANY = re.compile(rf"\bnăm\s+(?P<y>{_YEAR})\b", _FLAGS)
_UNITS = {"ngày": "day", "ngày làm việc": "working_day", "tháng": "month", "tuần": "day"}


def parse_deadline(raw: str, document_date: dt.date | None = None) -> Deadline:
    """Normalise one deadline phrase; a period without a year takes ``document_date``'s year.

    >>> parse_deadline("Quý III/2024")
    Deadline(raw='Quý III/2024', kind='period', start=datetime.date(2024, 7, 1), end=datetime.date(2024, 9, 30), amount=None, unit=None, anchor=None)
    >>> parse_deadline("Trước ngày 15/01/2024").end
    datetime.date(2024, 1, 15)
    """
    text = " ".join(raw.split())
    low = text.lower()
    year = document_date.year if document_date else None
    if _RECURRING_START.match(low) or _RECURRING_FOLDED.match(_fold(low)):
        return Deadline(raw=text, kind="recurring")
    relative = _relative(text, document_date)
    if relative is not None:
        return relative
    if _PER_REFERENCE.match(low) and not low.startswith("theo định kỳ"):
        return Deadline(raw=text, kind="per_reference")
    if _ON_EVENT.match(low):
        return Deadline(raw=text, kind="on_event")
    if _RECURRING_ANY.search(low):
        return Deadline(raw=text, kind="recurring")
    by_date = _by_date(text, year)
    if by_date is not None:
        return by_date
    period = _period(text, year)
    if period is not None:
        return Deadline(raw=text, kind="period", start=period[0], end=period[1])
    if re.search(r"\btheo\b", low):
        return Deadline(raw=text, kind="per_reference")  # "Thực hiện xong theo …" after the other kinds
    return Deadline(raw=text, kind="unspecified")


def _relative(text: str, document_date: dt.date | None) -> Deadline | None:
    m = _RELATIVE.search(text)
    if not m:
        return None
    unit_text = " ".join(m["unit"].lower().split())
    unit = _UNITS[unit_text]
    amount = int(m["amount"]) * (7 if unit_text == "tuần" else 1)
    anchor = m["anchor"].strip(" ,.;")
    anchor = re.sub(r"^(?:khi\s+)", "", anchor)
    end = None
    if document_date is not None and _OWN_DATE_ANCHOR.match(anchor):
        # Bộ luật Dân sự 2015, Điều 147: the period starts the day after the anchor day.
        if unit == "day":
            end = document_date + dt.timedelta(days=amount)
        elif unit == "working_day":
            end = add_working_days(document_date, amount)
        else:
            end = add_months(document_date, amount)
    return Deadline(raw=text, kind="relative", end=end, amount=amount, unit=unit, anchor=anchor)


def _by_date(text: str, year: int | None = None) -> Deadline | None:
    dates = list(DATE.finditer(text))
    cue = _BY_DATE_CUE.search(text)
    if not dates:
        m = _DAY_MONTH.search(text, cue.end()) if cue and year else None
        day = safe_date(year, int(m["m"]), int(m["d"])) if m and year else None
        return Deadline(raw=text, kind="by_date", end=day) if day else None
    # With a cue ("trước", "chậm nhất") the cued date is the deadline; a lone date is one too.
    if len(dates) == 1 or cue:
        m = dates[-1] if not cue else _first_after_cue(text, dates)
        day = safe_date(*date_parts(m))
        if day is not None:
            return Deadline(raw=text, kind="by_date", end=day)
    return None


def _first_after_cue(text: str, dates: list[re.Match[str]]) -> re.Match[str]:
    cue = _BY_DATE_CUE.search(text)
    assert cue is not None
    return next((d for d in dates if d.start() >= cue.start()), dates[-1])


def _period(text: str, year: int | None) -> tuple[dt.date, dt.date] | None:
    low = text.lower()
    if m := _HALF.search(low):
        y = int(m["y"]) if m["y"] else year or _year_in(low)
        if y is None:
            return None
        return (dt.date(y, 1, 1), dt.date(y, 6, 30)) if m["which"] == "đầu" else (dt.date(y, 7, 1), dt.date(y, 12, 31))
    quarters = list(_QUARTER.finditer(text))
    if quarters:
        spans = []
        for q in quarters:  # each quarter takes its own year, else the next printed one ("Quý IV/2023 - Quý I/2024")
            y = _year_for(q, quarters, low, year)
            if y is None:
                return None
            for n in re.findall(_Q, q["q"], re.IGNORECASE):
                k = _quarter_number(n)
                spans.append((dt.date(y, 3 * k - 2, 1), month_end(y, 3 * k)))
        return min(a for a, _ in spans), max(b for _, b in spans)
    months = list(_MONTH.finditer(low))
    if months:
        spans = []
        for mo in months:
            y = _year_for(mo, months, low, year)
            if y is None:
                return None
            for n in re.findall(r"\d+", mo["m"]):
                spans.append((dt.date(y, int(n), 1), month_end(y, int(n))))
        return min(a for a, _ in spans), max(b for _, b in spans)
    if m := _YEAR_RANGE.search(low):
        a, b = int(m["a"]), int(m["b"])
        if a <= b:
            return dt.date(a, 1, 1), dt.date(b, 12, 31)
    if m := _YEAR_ONLY.match(low) or _YEAR_ANY.search(low):
        y = int(m["y"])
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    if re.match(r"^(?:trong\s+)?năm\s*(?:nay)?$", low) and year:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    return None


def _year_for(m: re.Match[str], all_matches: list[re.Match[str]], low: str, year: int | None) -> int | None:
    """A quarter's or month's year: its own, else the next one printed after it, else any year in
    the phrase, else the document's."""
    if m["y"]:
        return int(m["y"])
    later = [x["y"] for x in all_matches if x.start() > m.start() and x["y"]]
    if later:
        return int(later[0])
    return _year_in(low) or year


def _quarter_number(q: str) -> int:
    q = re.sub(r"[l1|]", "I", q) if len(q) > 1 else q
    return roman_to_int(q.upper()) or int(q)


def _year_in(low: str) -> int | None:
    m = _YEAR_ANY.search(low)
    return int(m["y"]) if m else None


# Deadlines inside running text ("… gửi kế hoạch về Ủy ban nhân dân tỉnh chậm nhất ngày 05/6/2023"):
# the phrase is cut out and normalised with ``parse_deadline``.
_YEAR_TAIL = rf"(?:\s*(?:/|-|năm)\s*{_YEAR})?"
_MENTION = re.compile(
    r"(?:"
    rf"(?:trước|chậm nhất(?:\s+là)?|hạn chót|không muộn hơn|đến hết)\s+(?:\d{{1,2}}\s*giờ(?:\s*\d{{1,2}}(?:\s*phút)?)?\s*,?\s*)?(?:ngày\s+)?\d{{1,2}}\s*[/.-]\s*\d{{1,2}}(?:\s*[/.-]\s*{_YEAR})?"
    rf"|(?:trước|chậm nhất(?:\s+là)?|hạn chót|không muộn hơn)\s+(?:\d{{1,2}}\s*giờ(?:\s*\d{{1,2}}(?:\s*phút)?)?\s*,?\s*)?ngày\s+\d{{1,2}}\s+tháng\s+\d{{1,2}}\s+năm\s+{_YEAR}"
    rf"|(?:trong\s+(?:vòng\s+)?)?\d{{1,3}}\s*(?:ngày\s+làm\s+việc|ngày|tháng|tuần)\s*,?\s*(?:kể\s+)?từ\s+(?:ngày|khi)\s+[^.;,()\n]{{3,80}}"
    rf"|(?:trong\s+)?quý\s+(?:IV|III|II|I)\b{_YEAR_TAIL}"
    rf"|(?:trong\s+)?tháng\s+(?:1[0-2]|0?[1-9])\b(?:\s*(?:/|-)\s*{_YEAR}|\s+năm\s+{_YEAR})"
    rf"|(?:trong\s+)?(?:06|6|sáu)\s+tháng\s+(?:đầu|cuối)\s+năm(?:\s+{_YEAR})?"
    rf"|(?:hằng|hàng)\s+(?:năm|quý|tháng|tuần)"
    r")",
    re.IGNORECASE,
)


def find_deadline_mentions(text: str, document_date: dt.date | None = None) -> tuple[tuple[int, int, Deadline], ...]:
    """(start, end, deadline) for each deadline phrase in running text, offsets into ``text``."""
    out = []
    for m in _MENTION.finditer(text):
        raw = m.group(0).rstrip(" ,")
        out.append((m.start(), m.start() + len(raw), parse_deadline(raw, document_date)))
    return tuple(out)
