"""Legal references: "Nghị định số 59/2012/NĐ-CP ngày 23/7/2012 của Chính phủ" → kind, number, key.

The citation grammar of Vietnamese legal text (Nghị định 30/2020/NĐ-CP on the form of documents;
Nghị định 34/2016/NĐ-CP and 154/2020/NĐ-CP on citing them; Luật Ban hành văn bản quy phạm pháp luật
2015, Điều 8, on the number of laws):

    KIND [của ISSUER | ISSUER | NAME] [số[:]] NUMBER [ngày DATE] [của ISSUER] [ngày DATE] [về …]
    KIND[:] [số] NUMBER …, [số] NUMBER … và [số] NUMBER …      (a list sharing one kind)
    Luật|Bộ luật|Pháp lệnh NAME [[(]số NUMBER] [ngày DATE]      (laws cited by name)

KIND is a full kind ("Nghị định", "Thông tư liên tịch", any case) or its abbreviation ("NĐ", "QĐ");
NUMBER is a số ký hiệu in any of its historical shapes: "59/2012/NĐ-CP", "30a/2008/NQ-CP",
"1420/UBND-CCHC", "95/CP", "69/2000/TTLT/BNN-TCTK", old-style "25-HĐBT", party documents "52-NQ/TW".

Found with patterns on the normalised text (tokenisers shred "59/2012/NĐ-CP"), block by block
between blank lines (no citation runs over one), in time linear in the text. After
``find_legal_references(text)``:
- ``text[ref.start:ref.end] == ref.raw`` for every reference, and the references are in text order;
- the result on a text is the result on its blocks between blank lines, offsets shifted;
- ``number`` is the số ký hiệu without spaces, letters as printed ("NĐ-CP", "QĐ-UBND", "NQ-HĐND");
- ``key`` is the number when it holds a year ("59/2012/NĐ-CP"), else ``number@YEAR`` from the printed
  date ("1420/UBND-CCHC@2023"); a law cited by name and date alone has ``key`` "NAME@YEAR";
- ``global_key`` is ``PROVINCE:key`` for a document of a local body (its printed issuer, else the
  citing document's province for local type codes), else ``key``;
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
from ..dates import DATE_NUMERIC, DATE_WORDS, date_parts, safe_date
from ..models import LegalRef
from ..normalize import split_at_blank_lines

# Kinds cited in running text beyond the forms of Nghị định 30/2020 (Phụ lục III): generic "Văn
# bản", party "Kết luận" / "Thông tri", consolidated texts, and the pre-1996 joint circular "Thông
# tư liên bộ" ("Thông tư liên bộ số 12/TT-LB ngày 26/7/1995").
_EXTRA_KINDS = ("Văn bản", "Kết luận", "Thông tri", "Văn bản hợp nhất", "Quy định", "Thông tư liên bộ")
# Kinds cited by name: "Luật Giao dịch điện tử số 20/2023/QH15", "Luật Tổ chức chính quyền địa
# phương ngày 19 tháng 6 năm 2015", "Pháp lệnh phí và lệ phí số 38/2001/PL-UBTVQH10".
_NAMED_KINDS = ("Bộ luật", "Luật", "Pháp lệnh")
# Generic words for a document whose kind the type code tells ("văn bản số 12/2023/QĐ-UBND").
_GENERIC = {"Văn bản"}
# The five cities governed by the centre are provinces ("Ủy ban nhân dân thành phố Cần Thơ");
# any other "thành phố" is a town inside a province (Hiến pháp 2013, Điều 110; Nghị quyết
# 175/2025/QH15 adds Huế).
_CENTRAL_CITIES = frozenset({"Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"})


@cache
def _kind_tables() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(lower-case kind → kind, abbreviation → kind, type code → kind)."""
    kinds = {row[0].lower(): row[0] for row in read_tsv("document_kinds.tsv")}
    kinds.update({k.lower(): k for k in _EXTRA_KINDS})
    abbreviations = {row[0]: row[1] for row in read_tsv("kind_abbreviations.tsv")}
    codes = {row[1]: row[0] for row in read_tsv("document_kinds.tsv") if row[1] not in ("L",)}
    return kinds, abbreviations, codes


@cache
def _issuer_codes() -> dict[str, tuple[str, str]]:
    """issuer code of a số ký hiệu → (issuer, "central" | "local")."""
    return {row[0]: (row[1], row[2] if len(row) > 2 and row[2] else "central") for row in read_tsv("issuer_codes.tsv")}


# ---------------------------------------------------------------- the số ký hiệu

# A number ("30a": a document inserted after no. 30), an optional year, then type and issuer codes
# joined by "-" or "/" ("69/2000/TTLT/BNN-TCTK", "890/2003/QĐ/CTN"); old-style numbers join the
# code with "-" ("25-HĐBT", "52-NQ/TW"). A line break may have left one space at a separator
# ("59/2012/NĐ- CP", "32/ 2020/NĐ-CP").
_SEQ = r"\d{1,5}[a-zđ]?"
_YEAR = r"(?:19|20)\d{2}"
_CODE = r"[A-ZĐƯ][A-Za-zĐđƯư0-9&]*"
# "–": word processors turn the hyphen of a typed number into an en dash ("59/2012/NĐ–CP").
_JOIN = r"(?:\s?[-–]\s?|/)"
# A space is allowed around a slash next to the year, and before the first slash ("2389 /TTr-QHKT": a number
# stamped after signing into the gap the typist left, qd2858-hanoi); never after it: "2/ UBND tỉnh" opens
# an item of a list.
NUMBER = (
    rf"(?:{_SEQ}(?:\s?/\s?{_YEAR}\s?/\s?|\s?/){_CODE}(?:{_JOIN}{_CODE})*"
    rf"|{_SEQ}[-–]{_CODE}(?:{_JOIN}{_CODE})*)"
)
_NUMBER_END = r"(?![\w/–-])"
_SO = r"(?i:s[ốô])"  # "số", "SỐ"; "sô" is its common typo ("Nghị định sô 37/2010/NĐ-CP")
# Laws carry the legislature's code: "45/2019/QH14", Pháp lệnh "15/2004/PL-UBTVQH11" (Luật Ban hành
# văn bản quy phạm pháp luật 2015, Điều 8); a law's name followed by another number is no law's.
_LEGISLATIVE = re.compile(r"(?:^|[/-])(?:QH|UBTVQH|PL)(?:\d|[/-]|$)")
_PARTS = re.compile(rf"^(?P<seq>{_SEQ})[-/](?:(?P<year>{_YEAR})/)?(?P<codes>.+)$")

# ---------------------------------------------------------------- the words around it

_DATE = rf"(?P<date>{DATE_NUMERIC}|{DATE_WORDS})"
_DATE_TAIL = rf"(?:\s*,?\s*(?:được\s+)?(?:ban hành\s+|ký\s+)?ngày\s+{_DATE})?"
_WORD_END = r"(?![\wÀ-ỹ])"


def _stop_words() -> str:
    """Words that end an issuer's name: the citation's subject starts ("về", "phê duyệt"…), another
    citation starts (any kind, "Căn cứ", "số"), or a part of a text is named ("Điều", "khoản")."""
    kinds, _, _ = _kind_tables()
    names = "|".join(re.escape(k) for k in sorted(set(kinds.values()), key=len, reverse=True))
    return (
        # the subject, capitalised too when a title follows the issuer ("của Chính phủ Quy định chi tiết …")
        r"(?i:về|phê duyệt|ban hành|quy định|hướng dẫn|sửa đổi|bổ sung|bãi bỏ|triển khai|thực hiện|"
        r"có hiệu lực|hết hiệu lực|tặng thưởng)|đã|được|trên|tại|"
        r"đối với|theo|nhằm|giai đoạn|năm|ngày|tháng|số|sô|kèm theo|có liên quan|liên quan|để|trong|cho|với|là|"
        r"này|đó|thì|mà|từ|đến|khi|do|bởi|gồm|bao gồm|hoặc|hay|như|sau|nay|hiện hành|quy chế|"
        r"[Cc]ăn cứ|Điều|điều|[Kk]hoản|[Đđ]iểm|Chương|Mục|Phần|Phụ lục|"
        # a kind starts another citation only with its number ("Bộ Kế hoạch và Đầu tư" is a name)
        rf"(?i:{names})(?=\s*:?\s*(?:{_SO}|\d))|\d"
    )


def _issuer_words(max_words: int) -> str:
    """An issuer's name: a capitalised first word, then words up to a stop word or punctuation."""
    stop = _stop_words()
    # "và" joins two parts of one name ("Bộ Kế hoạch và Đầu tư"), never a name and what follows it
    joiner = rf"(?:và|hoặc)(?:\s+(?:{stop}|các){_WORD_END}|\s*[,;.:()“”\"]|\s*$)"
    word = rf"(?!(?:{stop}){_WORD_END})(?!{joiner})[^\s,;.:()“”\"]+"
    return rf"(?=[A-ZĐÀ-Ỹ]){word}(?:\s+{word}){{0,{max_words - 1}}}"


def _kind_pattern() -> str:
    kinds, abbreviations, _ = _kind_tables()
    names = sorted(set(kinds.values()), key=len, reverse=True)
    full = "|".join(re.escape(n) for n in names)
    abbr = "|".join(re.escape(a) for a in sorted(abbreviations, key=len, reverse=True))
    # "pháp luật" is the law in general, not a Luật ("văn bản quy phạm pháp luật số …").
    return rf"(?<![\wĐđ])(?<![Pp]háp\s)(?P<kind>(?i:{full})|{abbr})"


@dataclass(frozen=True, slots=True)
class _Patterns:
    numbered: re.Pattern[str]
    named: re.Pattern[str]
    list_next: re.Pattern[str]
    named_number: re.Pattern[str]
    named_date: re.Pattern[str]
    tail: re.Pattern[str]
    date_after: re.Pattern[str]


@cache
def _patterns() -> _Patterns:
    issuer = _issuer_words(20)  # joint issuers are long: "Bộ Y tế - Bộ Nông nghiệp và Phát triển nông thôn - …"
    issuer_tail = rf"(?:\s*,?\s*của\s+(?P<issuer>{_issuer_words(12)}))?"
    numbered = re.compile(
        _kind_pattern()
        # "Nghị định số 59/…", "Nghị định 30/…", "các Nghị định: số 52/…", "Quyết định số: 151/…"
        + rf"(?:(?:\s*:\s*|\s+)(?:{_SO}\s*:?\s*)?"
        # "số" glued to the kind, the space lost by OCR: "QĐsố 48/2021/QĐ-UBND"
        + rf"|{_SO}\s*:?\s*"
        # the issuer before the number: "Nghị định của Chính phủ số 132/2008/NĐ-CP", "Thông tư liên
        # tịch Bộ Y tế-Bộ Công Thương số 13/2014/TTLT-BYT-BCT"
        + rf"|\s+(?:của\s+)?(?P<pre>{issuer})\s+{_SO}\s*:?\s*"
        # a word or two qualifying the kind: "Báo cáo thẩm định số 2390/BC-…", "Tờ trình đề nghị số …"
        + rf"|\s+(?:(?!(?:này|đó|trên|và|hoặc|của){_WORD_END})[a-zđà-ỹ]+\s+){{1,2}}{_SO}\s*:?\s*)"
        + rf"(?P<number>{NUMBER}){_NUMBER_END}"
    )
    # The name: words up to its number or date (lazy, at most 30 words; commas inside, as in
    # "Luật thuế xuất khẩu, thuế nhập khẩu số 45/2005/QH11"). An amending law is one reference with
    # the laws it names ("Luật sửa đổi, bổ sung một số điều của Luật Quản lý thuế số 21/2012/QH13").
    name_word = rf"(?!(?:{_SO}|này|đó|nêu trên|trên|hiện hành|và|hoặc){_WORD_END})[^\s,;.:()“”\"]+"
    # A name ends where the sentence goes on about it ("Luật Đất đai quy định … trước ngày …").
    next_word = (
        r"(?!(?:trước|kể từ|có hiệu lực|hết hiệu lực|tại|theo|thì|phải|nhằm|để|đã|sẽ|đang|hoặc|quy định tại|"
        rf"quy định rằng|[Cc]ăn cứ){_WORD_END})[^\s,;.:()“”\"]+"
    )
    named_kinds = "|".join(_NAMED_KINDS)
    passed = r"(?:được\s+Quốc hội[^.;\n]{0,80}?thông qua\s+)?(?:ban hành\s+)?"
    named = re.compile(
        rf"(?<![\wĐđ])(?<![Pp]háp\s)(?P<kind>(?i:{named_kinds}))\s+"
        rf"(?P<name>{name_word}(?:(?:\s+|\s*,\s*){next_word}){{0,29}}?)"
        rf"(?=(?:\s+|\s*\(\s*){_SO}\s*:?\s*{NUMBER}{_NUMBER_END}|\s*,?\s*{passed}ngày\s+\d)"
    )
    sep = r"(?:\s*[,;]\s*(?:(?:và|hoặc)\s+)?|\s+(?:và|hoặc)\s+)"
    list_next = re.compile(rf"{sep}(?:{_SO}\s*:?\s*)?(?P<number>{NUMBER}){_NUMBER_END}" + _DATE_TAIL + issuer_tail)
    # the number may be given in brackets after the name, as lists of laws print it: "Luật Lâm nghiệp
    # (số 16/2017/QH14 ngày 15/11/2017)"
    named_number = re.compile(rf"(?:\s+|\s*\(\s*){_SO}\s*:?\s*(?P<number>{NUMBER}){_NUMBER_END}" + _DATE_TAIL
                              + issuer_tail)
    named_date = re.compile(rf"\s*,?\s*{passed}ngày\s+{_DATE}" + issuer_tail)
    tail = re.compile(_DATE_TAIL + issuer_tail)
    # The date may follow the issuer: "số 28/2005/PL-UBTVQH11 của Ủy ban Thường vụ Quốc hội ngày 13/12/2005".
    date_after = re.compile(rf"\s*,?\s*(?:ban hành\s+|ký\s+)?ngày\s+{_DATE}")
    return _Patterns(numbered, named, list_next, named_number, named_date, tail, date_after)


@dataclass(frozen=True, slots=True)
class CitingDocument:
    """What a reference is checked against: the document that cites it."""

    number: str | None = None
    date: dt.date | None = None
    province: str | None = None


def normalise_number(raw: str) -> str:
    return re.sub(r"\s+", "", raw).replace("–", "-").rstrip(".,;")


def _year_in_number(number: str) -> int | None:
    m = _PARTS.match(number)
    return int(m["year"]) if m and m["year"] else None


def _codes(number: str) -> list[str]:
    """The codes after the number and year: "69/2000/TTLT/BNN-TCTK" → ["TTLT", "BNN", "TCTK"]."""
    m = _PARTS.match(number)
    return [c for c in re.split(r"[-/]", m["codes"]) if c] if m else []


def _type_code(number: str) -> str | None:
    """ "59/2012/NĐ-CP" → "NĐ"; "52-NQ/TW" → "NQ"; "1420/UBND-CCHC" → None (a công văn's code is its unit)."""
    codes = _codes(number)
    _, _, types = _kind_tables()
    return codes[0] if codes and codes[0] in types else None


def _issuer_code_entries(number: str) -> Iterator[tuple[str, str, str]]:
    """(code, issuer, level) for the issuer codes of ``number``, in order."""
    codes = _codes(number)
    if _type_code(number):
        codes = codes[1:]
    table = _issuer_codes()
    for code in codes:
        base = re.sub(r"\d+$", "", code)  # "QH13" → "QH": the legislature's term
        if base in table:
            issuer, level = table[base]
            yield code, issuer, level
        elif re.fullmatch(r"S[A-ZĐ]{1,7}", base):
            # a provincial department: "SNV" Sở Nội vụ, "STP" Sở Tư pháp (Nghị định 30/2020, Phụ lục VI)
            yield code, "", "local"


def issuer_from_number(number: str, province: str | None) -> str | None:
    """The body a số ký hiệu names after its type code: "…/NĐ-CP" → "Chính phủ"."""
    for _, issuer, _ in _issuer_code_entries(number):
        if issuer:
            place = f"tỉnh {province}" if province else "tỉnh"
            return issuer.replace("{province}", place)
    return None


def _resolve_kind(word: str, number: str | None) -> str:
    kinds, abbreviations, codes = _kind_tables()
    kind = abbreviations.get(word) or kinds.get(word.lower(), word)
    if kind in _GENERIC and number:
        code = _type_code(number)
        kind = codes.get(code, "Công văn") if code else "Công văn"
    return kind


def _list_kind(kind: str, number: str) -> str:
    """A list item keeps the shared kind unless its own type code names another one
    ("Nghị định số 12/2020/NĐ-CP, 45/QĐ-UBND": the second is a Quyết định)."""
    _, _, codes = _kind_tables()
    code = _type_code(number)
    if code and kind in codes.values() and codes[code] != kind:
        return codes[code]
    return kind


def _code_fits_kind(kind: str, number: str) -> bool:
    _, _, codes = _kind_tables()
    code = _type_code(number)
    return code is None or kind not in codes.values() or codes[code] == kind


# ---------------------------------------------------------------- finding


def find_legal_references(text: str, citing: CitingDocument | None = None) -> tuple[LegalRef, ...]:
    """Every legal reference in ``text``, in order, with offsets into ``text``."""
    citing = citing or CitingDocument()
    found: list[LegalRef] = []
    for start, end in split_at_blank_lines(text):
        found.extend(_find_in_block(text, start, end, citing))
    return tuple(found)


def _find_in_block(text: str, start: int, end: int, citing: CitingDocument) -> list[LegalRef]:
    p = _patterns()
    named = list(_named_refs(text, start, end, citing))
    found = list(named)
    k = 0  # next named reference not yet behind the scan
    pos = start
    while (m := p.numbered.search(text, pos, end)) is not None:
        while k < len(named) and named[k].end <= m.start():
            k += 1
        if k < len(named) and named[k].start <= m.start():
            pos = named[k].end  # inside a law cited by name
            continue
        number = normalise_number(m["number"])
        kind = _resolve_kind(m["kind"], number)
        if m["pre"] is not None and not _code_fits_kind(kind, number):
            pos = m.start() + 1  # "Thông tư Hướng dẫn … số 12/2005/QĐ-BTC": not this kind's number
            continue
        stop = named[k].start if k < len(named) else end
        refs, pos = _numbered_refs(text, m, kind, number, citing, stop, m["pre"])
        found.extend(refs)
    found.sort(key=lambda r: r.start)
    return found


def _named_refs(text: str, start: int, end: int, citing: CitingDocument) -> Iterator[LegalRef]:
    p = _patterns()
    pos = start
    while (m := p.named.search(text, pos, end)) is not None:
        ref = _named_ref(text, m, end, citing)
        if ref is None:
            pos = m.start() + 1  # not a law's name: a law may still start inside it
            continue
        yield ref
        pos = ref.end


def _named_ref(text: str, m: re.Match[str], limit: int, citing: CitingDocument) -> LegalRef | None:
    p = _patterns()
    name = re.sub(r"\s*,\s*", ", ", " ".join(m["name"].split())).rstrip(",")
    amending = re.match(r"sửa đổi\b", name) is not None
    if re.search(r"(?i)\b(?:Nghị định|Quyết định|Thông tư|Chỉ thị|Nghị quyết|Kế hoạch|Công văn)\b", name):
        return None  # the name ran into another citation: not a law's name
    if not amending and re.search(r"(?i)(?<![\wĐđ])(?<!pháp\s)(?:Bộ luật|Luật|Pháp lệnh)(?![\wĐđ])", name):
        return None  # "Luật Đất đai, Luật Nhà ở số …": the number is the second law's
    tail = p.named_number.match(text, m.end(), limit)
    if tail is not None:
        number = normalise_number(tail["number"])
        if not _LEGISLATIVE.search(number):
            return None  # "Luật … số 12/2020/NĐ-CP": that number is not the law's
    else:
        number = None
        if not (name[:1].isupper() or amending):
            return None  # a law cited by date alone is named with a capital ("Luật Đất đai")
        tail = p.named_date.match(text, m.end(), limit)
        if tail is None:
            return None
    kind = _resolve_kind(m["kind"], number)
    date, issuer, stop = _date_and_issuer(text, tail, limit)
    title = f"{kind} {name}"
    return _make_ref(text[m.start():stop], m.start(), stop, kind, number, date, issuer, citing, title=title)


def _date_and_issuer(text: str, m: re.Match[str], limit: int) -> tuple[str | None, str | None, int]:
    """The date and issuer a tail match holds, a date after the issuer included, and where it ends."""
    date, issuer = m["date"], m["issuer"]
    stop = m.end()
    if date is None and issuer is not None:
        after = _patterns().date_after.match(text, stop, limit)
        if after is not None:
            date, stop = after["date"], after.end()
    while stop > m.start() and text[stop - 1] in " ,;.\n\t":
        stop -= 1
    return date, issuer, stop


def _numbered_refs(text: str, m: re.Match[str], kind: str, number: str, citing: CitingDocument,
                   limit: int, issuer_before: str | None) -> tuple[list[LegalRef], int]:
    """The reference ``m`` starts and the list items sharing its kind; and where the scan goes on.

    A list: "Nghị định số 107/2020/NĐ-CP, 108/2020/NĐ-CP và 109/2020/NĐ-CP", "các Nghị định: số
    52/1999/NĐ-CP ngày 8/7/1999, số 12/2000/NĐ-CP ngày 05/5/2000", "Quyết định số 90/TTg, số 91/TTg".
    """
    p = _patterns()
    tail = p.tail.match(text, m.end(), limit)
    assert tail is not None  # every part of the tail is optional
    date, issuer, stop = _date_and_issuer(text, tail, limit)
    issuer = issuer or issuer_before  # "Nghị định của Chính phủ số 132/2008/NĐ-CP"
    refs = [_make_ref(text[m.start():stop], m.start(), stop, kind, number, date, issuer, citing)]
    pos = max(tail.end(), stop)
    while (nxt := p.list_next.match(text, pos, limit)) is not None:
        item = normalise_number(nxt["number"])
        start = nxt.start("number")
        date, issuer, stop = _date_and_issuer(text, nxt, limit)
        refs.append(_make_ref(text[start:stop], start, stop, _list_kind(kind, item), item, date, issuer, citing))
        pos = max(nxt.end(), stop)
    return refs, pos


# ---------------------------------------------------------------- the record


def _province_of_issuer(issuer: str) -> tuple[bool, str | None]:
    """(is a local body, its province when printed): "Ủy ban nhân dân tỉnh Hậu Giang" → (True, "Hậu Giang")."""
    local = re.search(
        r"(?<![\wĐđ])(?:Ủy ban nhân dân|UBND|Hội đồng nhân dân|HĐND|Sở|Tỉnh ủy|Thành ủy|Huyện ủy|tỉnh|huyện|"
        r"thị xã|quận|xã(?!\s+hội)|phường|thị trấn|thành phố|TP)(?![\wĐđ])",
        issuer,
    )
    if local is None:
        return False, None
    m = re.search(r"(?<![\wĐđ])(?P<level>tỉnh|thành phố|TP\.?)\s+(?P<name>[A-ZĐÀ-Ỹ][^\s,;.]*(?:(?:\s+|\s*-\s*)[A-ZĐÀ-Ỹ][^\s,;.]*)*)",
                  issuer)
    if m is None:
        return True, None
    name = re.sub(r"\s*-\s*", " - ", m["name"])
    if m["level"] != "tỉnh" and name not in _CENTRAL_CITIES:
        return True, None  # "thành phố Vị Thanh": a town of the province
    return True, name


def _global_key(key: str, number: str | None, issuer_printed: str | None, citing: CitingDocument) -> str:
    if issuer_printed is not None:
        local, province = _province_of_issuer(issuer_printed)
        if not local:
            return key  # "của Chính phủ", "của Bộ Nội vụ": a central document
        province = province or citing.province
    else:
        levels = [level for _, _, level in _issuer_code_entries(number)] if number else []
        if not levels or levels[0] != "local":
            return key  # central codes ("NĐ-CP", "QĐ-TTg") or an unknown issuer
        province = citing.province
    return f"{province}:{key}" if province else key


def _make_ref(raw: str, start: int, end: int, kind: str, number: str | None, date_text: str | None,
              issuer_text: str | None, citing: CitingDocument, *, title: str | None = None) -> LegalRef:
    warnings: list[str] = []
    date = None
    date_year = None
    if date_text:
        dm = re.match(rf"{DATE_NUMERIC}|{DATE_WORDS}", date_text)
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
    issuer_printed = " ".join(issuer_text.split()) if issuer_text else None
    issuer = issuer_printed
    if issuer is None and number:
        issuer = issuer_from_number(number, citing.province)
    return LegalRef(raw=raw, kind=kind, number=number, key=key, date=date, issuer=issuer, title=title,
                    global_key=_global_key(key, number, issuer_printed, citing),
                    is_self=is_self, warnings=tuple(warnings), start=start, end=end)
