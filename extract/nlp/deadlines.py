"""Deadlines: a phrase of the deadline column normalised to a kind and an interval (docs/output-contract.md).

``parse_deadline(raw, document_date)`` is pure. The kinds are tried in an order that reflects how
the phrases are written: a phrase that opens "Hằng quý" is recurring even when it names a day
("Hằng quý (trước ngày 15 của tháng cuối quý)"), one that follows a document ("Thực hiện theo Công
văn số … ngày 06/3/2023") is per_reference even though it holds a date. Never dateparser: its
Vietnamese data reads "trước" ("before") as "ago".

How a time phrase is read. The phrase is folded (lower case, tone marks and other diacritics dropped,
dashes unified, one character for one, so offsets still index the phrase: OCR confuses tones, "Hãng
năm", "Trưóc ngày", "Thang 6/2024"). It is then cut into *chains*: items (a day, a month, a quarter,
a half year, a year) joined by connectors ("-", "đến", "và", ","); an item after a connector may be
a bare number that takes the unit of the item before it ("Tháng 01 - 02/2026", "Quý I, II/2024",
"Tháng 11/2024 - 01/2025", "2024 - 2026"). An item without a year takes the next printed year, else
the previous one, else the document's (SPEC). What stands just before a chain decides its kind:
"trước", "chậm nhất", "đến (hết)" make a by_date, "từ" an open start, "xong từ" (a completed action
dated) the unit itself, nothing a period.

After calling ``parse_deadline`` the following hold: ``start <= end`` when both are set; a year
that is printed but cut off or garbled ("02/20", "Quý II/202", "năm 20", "2024 - 25") never yields
a date (the kind is kept, ``start`` and ``end`` are null); by_date has ``start`` null.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from ..dates import add_months, add_working_days, holiday_years, month_end, safe_date
from ..models import Deadline

_BROKEN = -1  # a year that is printed but cannot be read ("02/20", "Quý II/202")


# ----------------------------------------------------------------------------------- folding

# Characters folded to another than their base letter: đ (and the Icelandic eth Ð/ð that TCVN3 and
# VNI conversions put in its place) to d; every dash and minus to "-".
_FOLD_EXTRA = {"đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "–": "-", "—": "-", "‒": "-", "‑": "-", "−": "-", "―": "-"}


@cache
def _fold_char(c: str) -> str:
    if c in _FOLD_EXTRA:
        return _FOLD_EXTRA[c]
    base = unicodedata.normalize("NFD", c)[0]
    low = base.lower()
    return low if len(low) == 1 else base


def _fold(text: str) -> str:
    """Lower case without diacritics, one character for each character of ``text`` (NFC).

    Unlike ``gazetteer.fold`` (tone marks only) the vowel marks go too: OCR swaps them as well
    ("Hãng năm" for "Hằng năm", "Trưóc" for "Trước").
    """
    return "".join(_fold_char(c) for c in text)


# ------------------------------------------------------------------------------ the other kinds

# Recurring: tied to a cycle or to periodic reporting ("Hằng quý", "Định kỳ 6 tháng", "Thường xuyên",
# "Cùng với báo cáo định kỳ …", "Thể hiện tại báo cáo CCHC định kỳ"); folded, so "Hãng năm" (OCR) too.
_RECURRING_START = re.compile(
    r"^(?:hang\s+(?:nam|quy|qui|thang|tuan|ngay|ky)|dinh\s+ky|thuong\s+xuyen|lien\s+tuc"
    r"|moi\s+(?:nam|quy|thang|tuan|ky))(?![a-z])"
)
_RECURRING_ANY = re.compile(
    r"(?<![a-z])(?:dinh\s+ky|thuong\s+xuyen|hang\s+(?:nam|quy|qui|thang|tuan|ngay)|moi\s+(?:nam|quy|thang))(?![a-z])"
)
# Per reference: the deadline is whatever another plan, rule or document says ("Theo quy định của Bộ
# Nội vụ", "Theo Kế hoạch đã ban hành", "Theo tiến độ của Văn phòng Chính phủ", "Thực hiện theo Công văn …").
_PER_REFERENCE = re.compile(r"^(?:thuc\s+hien\s+|hoan\s+thanh\s+)?(?:theo|can\s+cu|tuan\s+thu)(?![a-z])")
# On event: "Khi có trường hợp …", "Khi có yêu cầu …", "Ngay sau khi …", "Sau khi …", "Trước khi …"; a
# condition opens like an event ("Nếu có phát sinh", "Trường hợp cần thiết": Vietnamese conditionals open
# with "nếu" or "(trong) trường hợp" as they do with "khi").
_ON_EVENT = re.compile(
    r"^(?:ngay\s+)?(?:khi|sau\s+khi|ngay\s+khi|truoc\s+khi|(?:trong\s+)?truong\s+hop|neu|khi\s+phat\s+sinh)(?![a-z])"
)
# "Trên cơ sở X được (cấp có thẩm quyền) phê duyệt / điều chỉnh, bổ sung": once X is approved, an event.
# A basis in a state ("trên cơ sở kinh phí được giao") or "Trên cơ sở đó" is none.
APPROVAL_VERBS = ("phê duyệt", "điều chỉnh", "ban hành", "thông qua", "chấp thuận", "bổ sung")
_ON_APPROVAL = re.compile(r"^tren\s+co\s+so\s+.+?\s+duoc\s+(?:cap\s+co\s+tham\s+quyen\s+)?(?:"
                          + "|".join(r"\s+".join(v.split()) for v in map(_fold, APPROVAL_VERBS))
                          + r")(?![a-z])")
# A difficulty met while the work runs, anywhere in the phrase: the closing formula of plans and
# decisions ("Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, … phản ánh về …"; also "khi có
# vướng mắc", "trường hợp phát sinh khó khăn"): SPEC counts it as on_event. Folded.
_OBSTACLE = r"(?:kho\s+khan|vuong\s+mac|bat\s+cap)"
_OBSTACLE_CONDITION = (r"(?:neu|khi|truong\s+hop)\s+(?:co|gap|phat\s+sinh)\s+(?:(?:nhung|cac|gi)\s+)?"
                       rf"{_OBSTACLE}(?:(?:\s*,\s*|\s+(?:va|hoac)\s+|\s+){_OBSTACLE})*(?![a-z])")
_ON_OBSTACLE = re.compile(rf"(?<![a-z]){_OBSTACLE_CONDITION}")
_UNIT_WORDS = r"(?P<unit>ngay\s+lam\s+viec|ngay|thang|tuan|nam)"
# Relative: "05 ngày làm việc kể từ ngày …", "Trong 10 ngày kể từ ngày Kế hoạch được ban hành",
# "chậm nhất 30 ngày sau khi …", "Trong vòng 03 tháng kể từ …".
_RELATIVE = re.compile(
    r"(?:trong\s+(?:vong\s+|thoi\s+han\s+)?|cham\s+nhat\s+(?:la\s+)?|khong\s+qua\s+|toi\s+da\s+|sau\s+)?"
    rf"(?<!\d)(?P<amount>\d{{1,3}})\s*{_UNIT_WORDS}\s*,?\s*"
    r"(?:(?:ke\s+)?tu|sau(?:\s+khi)?|tinh\s+tu)\s+(?P<anchor>.+?)\s*[.;]?$"
)
# A period in days or months with no anchor: "Trong 30 ngày", "Trong vòng 03 tháng" (the anchor is
# left null rather than guessed).
_RELATIVE_BARE = re.compile(rf"^(?:trong\s+(?:vong\s+|thoi\s+han\s+)?)(?P<amount>\d{{1,3}})\s*{_UNIT_WORDS}\s*[.;]?$")
_DOC_NOUN = r"(?:ke\s+hoach|quyet\s+dinh|chi\s+thi|nghi\s+quyet|van\s+ban|thong\s+bao|de\s+an|chuong\s+trinh)"
# The anchor is the citing document's own date: "ngày ký", "ngày Kế hoạch được ban hành", "ngày
# Quyết định này có hiệu lực", "ngày ban hành Kế hoạch này", "ngày ký ban hành".
_OWN_DATE_ANCHOR = re.compile(
    r"^(?:ngay\s+)?(?:"
    rf"(?:ky(?:\s+ban\s+hanh)?|ban\s+hanh)(?:\s+(?:ban\s+hanh\s+)?{_DOC_NOUN}\s+nay)?"
    rf"|{_DOC_NOUN}(?:\s+nay)?\s+(?:duoc\s+)?(?:ky|ban\s+hanh|co\s+hieu\s+luc)"
    r")$"
)
_UNITS = {"ngay": "day", "ngay lam viec": "working_day", "thang": "month", "tuan": "day", "nam": "month"}
_UNIT_FACTOR = {"tuan": 7, "nam": 12}  # weeks are counted in days, years in months (Điều 148 applies to both)


def parse_deadline(raw: str, document_date: dt.date | None = None) -> Deadline:
    """Normalise one deadline phrase; a period without a year takes ``document_date``'s year.

    >>> parse_deadline("Quý III/2024")
    Deadline(raw='Quý III/2024', kind='period', start=datetime.date(2024, 7, 1), end=datetime.date(2024, 9, 30), amount=None, unit=None, anchor=None)
    >>> parse_deadline("Trước ngày 15/01/2024").end
    datetime.date(2024, 1, 15)
    >>> parse_deadline("Tháng 01 - 02/20").start is None
    True
    """
    text = " ".join(unicodedata.normalize("NFC", raw).split())
    f = _fold(text)
    year = document_date.year if document_date else None
    if _RECURRING_START.match(f):
        return _recurring(text, f, year)
    relative = _relative(text, f, document_date)
    if relative is not None:
        return relative
    if _PER_REFERENCE.match(f) and not f.startswith("theo dinh ky"):
        return Deadline(raw=text, kind="per_reference")
    if (event := _ON_EVENT.match(f)) and (event[0] != "neu" or text[:3].lower() == "nếu"):
        return Deadline(raw=text, kind="on_event")  # "Nêu rõ …" (to state) folds to "neu" as "Nếu" does
    if _ON_APPROVAL.match(f):
        return Deadline(raw=text, kind="on_event")
    if _RECURRING_ANY.search(f):
        return _recurring(text, f, year)
    timed = _timed(text, f, year)
    if timed is not None:
        return timed
    if _ON_OBSTACLE.search(f):
        return Deadline(raw=text, kind="on_event")  # "Trong quá trình thực hiện, nếu có vướng mắc"
    if re.search(r"(?<![a-z])theo(?![a-z])", f):
        return Deadline(raw=text, kind="per_reference")  # "Thực hiện xong theo …" after the other kinds
    return Deadline(raw=text, kind="unspecified")


def _recurring(text: str, f: str, year: int | None) -> Deadline:
    # SPEC: null "unless the text fixes a day": only the day a cycle starts from ("Từ ngày 01/7/2024,
    # định kỳ hằng quý") is one; "Tháng 9/2024 (định kỳ hằng năm)" names a month, not a day.
    for chain in _chains(f):
        if chain.cue == "tu" and chain.items[0].unit == "day" and not chain.ranged:
            span = _resolve([chain], year)
            if span is not None:
                return Deadline(raw=text, kind="recurring", start=span[0])
    return Deadline(raw=text, kind="recurring")


def _relative(text: str, f: str, document_date: dt.date | None) -> Deadline | None:
    m = _RELATIVE.search(f)
    bare = None if m else _RELATIVE_BARE.match(f)
    if not m and not bare:
        return None
    hit = m or bare
    assert hit is not None
    unit_text = " ".join(hit["unit"].split())
    unit = _UNITS[unit_text]
    amount = int(hit["amount"]) * _UNIT_FACTOR.get(unit_text, 1)
    if bare:
        return Deadline(raw=text, kind="relative", amount=amount, unit=unit)
    a0, a1 = m.span("anchor")
    anchor, fa = text[a0:a1], f[a0:a1]
    lead = len(fa) - len(fa.lstrip(" ,.;"))
    anchor, fa = anchor[lead:].rstrip(" ,.;"), fa[lead:].rstrip(" ,.;")
    if fa.startswith("khi "):
        anchor, fa = anchor[4:], fa[4:]
    end = None
    base = document_date if _OWN_DATE_ANCHOR.match(fa) else _printed_day(fa)
    if base is not None:
        # Bộ luật Dân sự 2015, Điều 147: the period starts the day after the anchor day.
        if unit == "day":
            end = base + dt.timedelta(days=amount)
        elif unit == "working_day":
            end = add_working_days(base, amount)
            # Working days beyond the years holidays.tsv covers cannot be counted (Tết moves by weeks).
            if not {base.year, end.year} <= holiday_years():
                end = None
        else:
            end = add_months(base, amount)
    return Deadline(raw=text, kind="relative", end=end, amount=amount, unit=unit, anchor=anchor)


def _printed_day(fa: str) -> dt.date | None:
    """The day of an anchor that is a printed date ("ngày 01/7/2024"): the text fixes the day (SPEC)."""
    item = _item_at(fa, 0, None)
    if item is None or item.unit != "day" or item.end != len(fa) or not isinstance(item.year, int) or item.year < 0:
        return None
    return safe_date(item.year, item.month or 0, item.n) if item.month else None


# ------------------------------------------------------------------------------- time phrases

@dataclass(frozen=True, slots=True)
class _Item:
    unit: str                 # day | month | quarter | half | year
    start: int                # offsets in the folded phrase
    end: int
    n: int | None = None      # the day, month, quarter (1-4), half (1-2); None for a year
    month: int | None = None  # a day's month when printed
    year: int | None = None   # printed year, _BROKEN when cut off or garbled, None when not printed
    this_year: bool = False   # "trong năm", "cuối năm", "năm nay": the document's year
    readable: bool = True     # False: the item cannot be read whole (an impossible month, a school year)


@dataclass(frozen=True, slots=True)
class _Chain:
    items: tuple[_Item, ...]
    ranged: tuple[bool, ...]  # per connector: True for a range ("-", "đến"), False for a list (",", "và")
    start: int
    end: int
    cue: str | None           # the cue word just before the chain (folded): "truoc", "den", "tu", …
    broken: bool              # digits dangle after the chain ("Tháng 6 - 20"): it is not read whole
    open_end: bool            # "… và các năm tiếp theo", "… trở đi": the chain has no last day


# The year of a month or quarter: "/2024", ".2024", "- 2024", "năm 2024", ", 2024".
_YEAR_PART = (r"(?:\s*/\s*|\s*\.\s*(?=\d{4}(?!\d))|\s*-\s*(?=\d{3})|\s*,?\s*nam\s*|\s*,\s*(?=(?:19|20)\d{2}(?![\d/])))"
              r"(?P<y>\d+)")
_W = r"(?<![a-z0-9])"  # a word starts here
# Quarter: "Quý III/2024", "quý 3 năm 2024", "Quí II" (old spelling), "Q2/2024"; the numeral as OCR
# reads it too ("II1", "IIl" for III, Hậu Giang 12 scan).
_QUARTER_TOKEN = r"(?P<q>[il1|][ivl1|]{0,3}|\d{1,2})(?![a-z0-9])"
_QUARTER = re.compile(rf"{_W}(?P<kw>qu[yi]\s*|q\.?(?=[\dil1|])){_QUARTER_TOKEN}(?:{_YEAR_PART})?")
# Month: "Tháng 6/2024", "tháng 7 năm 2023", "tháng 12-2023", "T6/2024" (tables' shorthand, with a year).
_MONTH = re.compile(rf"{_W}(?P<kw>thang\s*|t\.?(?=\d))(?P<m>\d{{1,2}})(?!\d)(?:{_YEAR_PART})?")
# A day in words: "ngày 11 tháng 01 năm 2026", "15 tháng 12".
_DAY_WORDS = re.compile(r"(?:ngay\s*)?(?<!\d)(?P<d>\d{1,2})\s+thang\s+(?P<m>\d{1,2})(?!\d)(?:\s*,?\s*nam\s+(?P<y>\d+))?")
# A day in digits: "15/12/2024", "15.12.2024", "15-12-2024", "15/12", "15/12 năm 2024"; the same
# separator twice, so "01 - 02/2026" is two months, not a day.
_DAY_NUM = re.compile(
    r"(?:ngay\s*)?(?<!\d)(?P<d>\d{1,2})\s*(?P<s>[/.-])\s*(?P<m>\d{1,2})(?!\d)"
    r"(?:\s*(?P=s)\s*(?P<y>\d+)|\s*,?\s*nam\s+(?P<y2>\d+)|(?!\s*[/.]\s*\d))"
)
_DAY_ONLY = re.compile(r"(?:ngay\s*)?(?<!\d)(?P<d>\d{1,2})(?![\d/.-]|\s*(?:gio|h\b|thang|ngay))")
_QUARTER_BARE = re.compile(rf"{_QUARTER_TOKEN}(?:{_YEAR_PART})?")
# A bare month after a month ("Tháng 6 - 8/2024"), not a count ("Tháng 6, 10 ngày sau …").
_MONTH_BARE = re.compile(rf"(?P<m>\d{{1,2}})(?!\d)(?:{_YEAR_PART}|(?!\s*(?:ngay|tuan|gio|lan|dot)(?![a-z])))")
# A month in a table's shorthand ("06/2024", "6/2024"). Not the head of a số ký hiệu: "06/2024/TT-BCT",
# "số 06/2024" (Nghị định 30/2020/NĐ-CP: number/year/kind-issuer), nor part of a day ("15/6/2024").
_MONTH_YEAR = re.compile(r"(?<![\d/.])(?<!so\s)(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4})(?!\d)(?!\s*/)(?!\s*-\s*[a-z])")
# Halves: "6 tháng đầu năm 2024", "06 tháng cuối năm", "sáu tháng đầu năm", "nửa cuối năm 2024".
_HALF = re.compile(rf"{_W}(?:(?:0?6|sau)\s*thang|nua)\s+(?P<w>dau|cuoi)\s+nam(?:\s*[/,]?\s*(?P<y>\d{{2,}}))?")
# Years: "năm 2024", "giai đoạn 2026", "thời kỳ 2021"; two digits or more ("năm 20" is a cut-off year).
# OCR letters inside the digits ("năm 2O24") make the year garbled, not absent.
_YEAR_WORD = re.compile(rf"{_W}(?:nam|giai\s+doan|thoi\s+ky)\s*(?P<y>\d[\dol]*\d)(?![\da-z])(?!\s*/\s*\d)")
_YEAR_BARE = re.compile(r"(?<![\d/.])(?P<y>(?:19|20)\d{2})(?!\d)(?!\s*[/.]\s*\d)")
# A year after a year and a connector may be cut off ("2024 - 25"): then it ends the phrase or a clause.
_YEAR_BARE_NEXT = re.compile(r"(?<![\d/.])(?:(?P<y>(?:19|20)\d{2})(?!\d)(?!\s*[/.]\s*\d)|(?P<b>\d{2,3}|\d{5,})(?=\s*(?:$|[),;:.])))")
# The year of the document: "trong năm", "cuối năm", "cả năm", "năm nay" (not "năm học", not "năm 2024").
_THIS_YEAR = re.compile(
    r"(?:(?<=trong )|(?<=cuoi )|(?<=dau )|(?<=giua )|(?<=ca )|(?<=het )|(?<=suot ))nam(?![a-z0-9])(?!\s*(?:hoc|tai|\d|/))"
    r"|{w}nam\s+nay(?![a-z])".format(w=_W)
)
# A school year ("năm học 2024 - 2025") runs from a start the Bộ Giáo dục và Đào tạo sets each year:
# it cannot be read as calendar years.
_SCHOOL_YEAR = re.compile(rf"{_W}nam\s+hoc\s*(?P<y>\d+)(?:\s*-\s*\d+)?")
_CHAIN_START = re.compile(rf"{_W}(?:qu[yi]|q\.?(?=[\dil1|])|thang|t\.?(?=\d)|ngay|nam|giai\s+doan|thoi\s+ky|nua|sau\s+thang)|(?<![\d/.])\d")
_CONNECTOR = re.compile(r"\s*(?:(?P<r>-|~|(?:den\s+het|den|toi|cho\s+den)(?![a-z]))|(?P<l>,|&|\+|(?:va|hoac)(?![a-z])))\s*")
_DANGLING = re.compile(r"\s*[-/]\s*\d+(?!\s*[a-z])")
_OPEN_TAIL = re.compile(r"\s*(?:,|va)?\s*(?:(?:cac|nhung)\s+nam\s+(?:tiep\s+theo|tiep|sau|ke\s+tiep)|tro\s+di|ve\s+sau)(?![a-z])")
# The cue just before a chain, with what may stand between ("chậm nhất là ngày", "trước 14 giờ,
# ngày", "đến hết năm"). "trong" makes a period ("Hoàn thành trong Quý III/2024"); "xong từ" dates a
# completed action ("Đã hoàn thành xong từ tháng 3/2025": done in that month, not a start with no end).
_CUE = re.compile(
    r"(?<![a-z])(?P<cue>khong\s+muon\s+hon|cham\s+nhat|muon\s+nhat|khong\s+qua|han\s+chot|han\s+cuoi|thoi\s+han"
    r"|truoc|den\s+het|den|toi|cuoi|dau|giua|xong\s+tu|tu|sau|trong)"
    r"(?:\s*(?:la|het|trong|vao|ngay|:|,))*"
    r"(?:\s*\d{1,2}\s*(?:gio|h)(?:\s*\d{1,2}(?:\s*phut)?)?\s*,?)?\s*$"
)
_BY_DATE_CUES = frozenset({"khong muon hon", "cham nhat", "muon nhat", "khong qua", "han chot", "han cuoi",
                           "thoi han", "truoc", "den het", "den", "toi", "cuoi"})
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_GAP_LIMIT = 40  # characters looked back for a cue: a cue is next to its chain


def _year_value(digits: str | None) -> int | None:
    if digits is None:
        return None
    return int(digits) if re.fullmatch(r"(?:19|20)\d{2}", digits) else _BROKEN


def _item_at(f: str, pos: int, prev: _Item | None) -> _Item | None:
    """The item that starts at ``pos``; a bare number continues ``prev``'s unit."""
    if m := _SCHOOL_YEAR.match(f, pos):
        return _Item(unit="year", start=pos, end=m.end(), readable=False)
    if m := _HALF.match(f, pos):
        return _Item(unit="half", start=pos, end=m.end(), n=1 if m["w"] == "dau" else 2, year=_year_value(m["y"]),
                     this_year=m["y"] is None)
    # The shorthands "Q2/2024", "T6/2024" only with a year: a lone "T6" or "Q1" is too often a code.
    if (m := _QUARTER.match(f, pos)) and (m["kw"].startswith("qu") or m["y"]):
        return _quarter(m, pos)
    if (m := _MONTH.match(f, pos)) and (m["kw"].startswith("thang") or m["y"]):
        return _month(m, pos, m["m"])
    if m := _DAY_WORDS.match(f, pos):
        return _Item(unit="day", start=pos, end=m.end(), n=int(m["d"]), month=int(m["m"]), year=_year_value(m["y"]))
    if (m := _DAY_NUM.match(f, pos)) and (m["s"] == "/" or m["y"]):  # "15.12" without a year is a time, "8.30"
        return _Item(unit="day", start=pos, end=m.end(), n=int(m["d"]), month=int(m["m"]),
                     year=_year_value(m["y"] or m["y2"]))
    if m := _YEAR_WORD.match(f, pos):
        return _Item(unit="year", start=pos, end=m.end(), year=_year_value(m["y"]))
    if m := _THIS_YEAR.match(f, pos):
        return _Item(unit="year", start=pos, end=m.end(), this_year=True)
    if prev is not None:  # a bare number after a connector continues the unit before it
        if prev.unit == "quarter" and (m := _QUARTER_BARE.match(f, pos)):
            return _quarter(m, pos)
        if prev.unit == "month" and (m := _MONTH_BARE.match(f, pos)):
            return _month(m, pos, m["m"])
        if prev.unit == "day" and (m := _DAY_ONLY.match(f, pos)):
            return _Item(unit="day", start=pos, end=m.end(), n=int(m["d"]))
        if prev.unit == "year" and (m := _YEAR_BARE_NEXT.match(f, pos)):
            return _Item(unit="year", start=pos, end=m.end(), year=_year_value(m["y"] or m["b"]))
    if m := _MONTH_YEAR.match(f, pos):  # "06/2024": a month in a table's shorthand
        return _month(m, pos, m["m"])
    if prev is None and (m := _YEAR_BARE.match(f, pos)):
        return _Item(unit="year", start=pos, end=m.end(), year=int(m["y"]))
    if prev is None and (m := _DAY_ONLY.match(f, pos)) and f.startswith("ngay", pos):
        return _Item(unit="day", start=pos, end=m.end(), n=int(m["d"]))  # "ngày 01 đến ngày 15/3/2024"
    return None


def _quarter(m: re.Match[str], pos: int) -> _Item:
    token = m["q"]
    if token.isdigit():
        n = int(token) if 1 <= int(token) <= 4 else None
    else:
        n = _ROMAN.get(re.sub(r"[l1|]", "i", token))
    return _Item(unit="quarter", start=pos, end=m.end(), n=n, year=_year_value(m["y"]), readable=n is not None)


def _month(m: re.Match[str], pos: int, digits: str) -> _Item:
    n = int(digits)
    return _Item(unit="month", start=pos, end=m.end(), n=n, year=_year_value(m["y"]), readable=1 <= n <= 12)


_BACK_BARE = re.compile(r"(?<![\d/.])(?P<n>\d{1,2})\s*(?:-|den|toi)\s*(?:ngay\s*)?$")


def _chains(f: str) -> list[_Chain]:
    """The chains of ``f`` in order; linear in ``len(f)`` (each step moves past what it read)."""
    out: list[_Chain] = []
    pos, last_end = 0, 0
    while (m := _CHAIN_START.search(f, pos)) is not None:
        chain = _chain_at(f, m.start(), last_end)
        if chain is None:
            pos = m.start() + 1  # "sau tháng 6/2024": a failed "sáu tháng" may hold a start
            continue
        out.append(chain)
        pos = last_end = chain.end
    return out


def _chain_at(f: str, pos: int, floor: int) -> _Chain | None:
    first = _item_at(f, pos, None)
    if first is None:
        return None
    items, ranged = [first], []
    end = first.end
    while (c := _CONNECTOR.match(f, end)) is not None:
        nxt = _item_at(f, c.end(), items[-1])
        if nxt is None:
            break
        items.append(nxt)
        ranged.append(c["r"] is not None)
        end = nxt.end
    start = first.start
    gap_from = max(floor, start - _GAP_LIMIT)
    # A bare number before the first item and a range dash: "01 - 02/2026", "01 - 15/3/2024".
    if first.unit in ("month", "day") and (b := _BACK_BARE.search(f, gap_from, start)):
        n = int(b["n"])
        bare = _Item(unit=first.unit, start=b.start(), end=b.start() + len(b["n"]), n=n,
                     readable=first.unit == "day" or 1 <= n <= 12)
        items.insert(0, bare)
        ranged.insert(0, True)
        start = b.start()
    cue = _CUE.search(f, gap_from, start)
    if (len(items) == 1 and first.unit == "day" and first.year is None and cue is None
            and not f.startswith("ngay", first.start) and not _DAY_WORDS.match(f, first.start)):
        return None  # a lone "10/12" with neither "ngày" nor a cue is as often a count or a ratio
    return _Chain(items=tuple(items), ranged=tuple(ranged), start=start, end=end,
                  cue=" ".join(cue["cue"].split()) if cue else None,
                  broken=_DANGLING.match(f, end) is not None, open_end=_OPEN_TAIL.match(f, end) is not None)


def _timed(text: str, f: str, year: int | None) -> Deadline | None:
    """by_date or period from the chains of a phrase; None when it has none."""
    chains = _chains(f)
    if not chains:
        return None
    cued = [c for c in chains if c.cue in _BY_DATE_CUES]
    if cued:
        # Several cued days ("Trước ngày 30/6/2024 (sơ kết); trước ngày 31/12/2024 (tổng kết)"): the task
        # is done by the last one; one that cannot be read makes the whole end unknown.
        ends = [_by_date_end(c, year) for c in cued]
        return Deadline(raw=text, kind="by_date", end=None if None in ends else max(ends))  # type: ignore[type-var]
    days_only = all(i.unit == "day" for c in chains for i in c.items)
    first = chains[0]
    if days_only and not any(r for c in chains for r in c.ranged) and first.cue != "tu":
        # One day, or days listed ("Ngày 15/6/2024 và 15/12/2024"): the task is due by the last one.
        span = _resolve(chains, year)
        return Deadline(raw=text, kind="by_date", end=span[1] if span else None)
    span = _resolve(chains, year)
    if span is None or first.cue == "giua":
        # "Giữa năm 2024": the middle of a year has no drafting convention: both ends unknown.
        return Deadline(raw=text, kind="period")
    start, end = span
    if first.cue == "sau":
        # "Sau tháng 6/2024": after the unit ends, with no last day.
        return Deadline(raw=text, kind="period", start=end + dt.timedelta(days=1))
    if (first.cue == "tu" and not any(first.ranged)) or first.cue == "dau" or any(c.open_end for c in chains):
        # "Từ Quý II/2024", "Năm 2024 và các năm tiếp theo", "Đầu năm 2025": the first day is printed,
        # the last is not: null rather than the end of the named unit.
        end = None
    return Deadline(raw=text, kind="period", start=start, end=end)


def _by_date_end(chain: _Chain, year: int | None) -> dt.date | None:
    span = _resolve([chain], year)
    if span is None:
        return None
    if chain.cue == "truoc" and any(i.unit not in ("day", "year") for i in chain.items):
        # "Trước Quý IV/2024", "Trước tháng 10/2024": before the unit starts, so by the last day before
        # it (2024-09-30). A day keeps the day itself ("Trước ngày 15/12/2023" → 15/12, the dev
        # gazettes' gold); a year is its own last day, as "Đến năm N" (SPEC: "Trước năm N" ends N-12-31:
        # plans set a year as the horizon the work is done within).
        return span[0] - dt.timedelta(days=1)
    return span[1]


def _resolve(chains: list[_Chain], doc_year: int | None) -> tuple[dt.date, dt.date] | None:
    """The first and last day the chains cover, or None when any part cannot be read whole."""
    if any(c.broken for c in chains):
        return None
    items = [i for c in chains for i in c.items]
    if not all(i.readable for i in items) or any(i.year == _BROKEN for i in items):
        return None
    # Years: printed, else the next printed one ("Quý I, II/2024"), else the previous one ("Tháng
    # 11/2024 - 01"), else the document's (SPEC). How each was found matters for a range that runs
    # backwards: "Tháng 11 - 01/2025" is November 2024 to January 2025.
    years: list[int | None] = [i.year for i in items]
    how = ["printed" if y is not None else None for y in years]
    carry = None
    for k in range(len(items) - 1, -1, -1):
        if years[k] is None and carry is not None:
            years[k], how[k] = carry, "next"
        elif years[k] is not None:
            carry = years[k]
    carry = None
    for k in range(len(items)):
        if years[k] is None and carry is not None:
            years[k], how[k] = carry, "previous"
        elif years[k] is not None:
            carry = years[k]
    for k in range(len(items)):
        if years[k] is None:
            if doc_year is None:
                return None
            years[k], how[k] = doc_year, "document"
    # Days without a month take the next day's month ("Từ ngày 01 đến ngày 15/3/2024").
    months: list[int | None] = [i.month for i in items]
    carry = None
    for k in range(len(items) - 1, -1, -1):
        if items[k].unit == "day":
            if months[k] is None:
                months[k] = carry
            carry = months[k]
    spans = []
    for item, y, mo in zip(items, years, months):
        span = _span(item, y, mo)
        if span is None:
            return None
        spans.append(span)
    # A chain that runs backwards once its years are inferred: the inferred end moves by a year.
    k = 0
    for c in chains:
        for j in range(len(c.items) - 1):
            a, b = k + j, k + j + 1
            if spans[a][0] <= spans[b][0]:
                continue
            if how[a] == "next":
                years[a] -= 1  # type: ignore[operator]
                spans[a] = _span(items[a], years[a], months[a])  # type: ignore[assignment]
            elif how[b] == "previous":
                years[b] += 1  # type: ignore[operator]
                spans[b] = _span(items[b], years[b], months[b])  # type: ignore[assignment]
            if spans[a] is None or spans[b] is None or spans[a][0] > spans[b][0]:
                return None  # printed backwards ("2025 - 2024"): not guessed
        k += len(c.items)
    return min(s for s, _ in spans), max(e for _, e in spans)


def _span(item: _Item, year: int | None, month: int | None) -> tuple[dt.date, dt.date] | None:
    if year is None:
        return None
    if item.unit == "day":
        day = safe_date(year, month, item.n) if month and item.n else None  # "31/4/2024" is no day
        return (day, day) if day else None
    if item.unit == "month":
        return dt.date(year, item.n, 1), month_end(year, item.n)  # type: ignore[arg-type]
    if item.unit == "quarter":
        q = item.n or 0
        return dt.date(year, 3 * q - 2, 1), month_end(year, 3 * q)
    if item.unit == "half":
        return (dt.date(year, 1, 1), dt.date(year, 6, 30)) if item.n == 1 else (dt.date(year, 7, 1), dt.date(year, 12, 31))
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


# --------------------------------------------------------------------------- running text

# Deadlines inside running text ("… gửi kế hoạch về Ủy ban nhân dân tỉnh chậm nhất ngày 05/6/2023"):
# a cue or a unit word starts a candidate, the chain after it is cut out and normalised with
# ``parse_deadline``; so does a difficulty met while the work runs ("nếu có khó khăn, vướng mắc",
# on_event). Bare dates and years are not deadlines there (citations, titles: "Nghị định
# số 59/2012/NĐ-CP ngày 23/7/2012", "giai đoạn 2021 - 2025"), nor "đến năm 2050" (a "tầm nhìn" of titles).
_MENTION = re.compile(
    r"(?<![a-z0-9])(?:"
    r"(?P<rel>(?:trong\s+(?:vong\s+)?)?\d{1,3}\s*(?:ngay\s+lam\s+viec|ngay|thang|tuan)\s*,?\s*(?:ke\s+)?tu\s+(?:ngay|khi)\s+[^.;,()\n]{3,80})"
    r"|(?P<rec>hang\s+(?:nam|quy|thang|tuan))(?![a-z])"
    r"|(?P<cue>truoc|cham\s+nhat(?:\s+la)?|han\s+chot|khong\s+muon\s+hon|den\s+het|muon\s+nhat)(?![a-z])"
    r"|(?P<lead>trong|xong\s+tu|(?<!ke\s)tu)\s+(?=qu[yi]|thang|ngay|0?6\s+thang|sau\s+thang|nua)"
    rf"|(?P<event>{_OBSTACLE_CONDITION})"
    r"|(?P<unit>qu[yi]|thang|0?6\s+thang|sau\s+thang|nua)(?![a-z])"
    r")"
)
_MENTION_FILLER = re.compile(r"(?:\s*(?:la|het|trong|vao|:|,))*(?:\s*\d{1,2}\s*(?:gio|h)(?:\s*\d{1,2}(?:\s*phut)?)?\s*,?)?\s*")
_DIGIT_BEFORE = re.compile(r"\d\s*$")
_MENTION_RECURRING_TAIL = re.compile(r"\s*,?\s*hang\s+(?:nam|quy|thang)(?![a-z])")


def find_deadline_mentions(text: str, document_date: dt.date | None = None) -> tuple[tuple[int, int, Deadline], ...]:
    """(start, end, deadline) for each deadline phrase in running text; ``text[start:end] ==
    deadline.raw`` always holds. Linear in ``len(text)``: each candidate is read once, forward."""
    f = _fold(text)
    out = []
    pos = 0
    while (m := _MENTION.search(f, pos)) is not None:
        # "ngày 19 tháng 6 năm 2015" (a day in words, often a citation's date) is no month period.
        day_in_words = m["unit"] is not None and m["unit"].startswith("thang") and _DIGIT_BEFORE.search(f, max(0, m.start() - 4), m.start())
        end = None if day_in_words else _mention_end(f, m)
        if end is None:
            pos = m.end()
            continue
        if t := _MENTION_RECURRING_TAIL.match(f, end):
            end = t.end()  # "trước ngày 15/12 hằng năm" is one recurring phrase
        raw = text[m.start():end]
        d = parse_deadline(raw, document_date)
        out.append((m.start(), end, dataclasses.replace(d, raw=raw)))
        pos = end
    return tuple(out)


def _mention_end(f: str, m: re.Match[str]) -> int | None:
    if m["rel"]:
        return m.start() + len(m["rel"].rstrip(" ,"))
    if m["rec"] or m["event"]:
        return m.end()
    at = _MENTION_FILLER.match(f, m.end()).end() if m["cue"] else (m.end() if m["lead"] else m.start())
    chain = _chain_at(f, at, at)
    if chain is None or chain.start != at:
        return None
    first = chain.items[0]
    if m["cue"]:
        return chain.end if first.unit != "year" or first.year is not None or first.this_year else None
    # A period needs a printed year, except a quarter ("trong quý IV"): "tháng 6" alone is too often
    # part of a day ("ngày 15 tháng 6").
    if first.unit == "quarter" or first.unit == "half" or any(i.year is not None for i in chain.items):
        return chain.end
    return None
