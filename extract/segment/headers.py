"""The administrative header block of a document: kind, số ký hiệu, date, issuer, title.

Laid out by Nghị định 30/2020/NĐ-CP, Phụ lục I (ô 1 to 5): the issuer on the left ("ỦY BAN NHÂN DÂN /
TỈNH CÀ MAU", or a parent body over the issuer: "UBND TỈNH BÌNH THUẬN / SỞ NỘI VỤ"), the national motto
"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" on the right; under them "Số: 123/KH-UBND" on the left and the
place and date "Cà Mau, ngày 29 tháng 5 năm 2023" on the right; then the kind centred in capitals
("KẾ HOẠCH") and the title. A công văn prints no kind: its số ký hiệu is "N/<issuer>-<unit>" and its
title, "V/v …", stands under the number. Every field is read from its place in that layout (left
column, right column, centre), never from the text that follows: the preamble cites other documents
with their own numbers and dates. The issuer's words are read by ``issuer``.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from ..data import read_tsv
from ..dates import DATE_NUMERIC, date_parts, safe_date
from ..models import Line, Page, Word
from ..names import fold_marks, is_upper_text
from .issuer import fold_key, read_issuer
from .tokens import (
    LineAt, allowed_errors, clean_tokens, edit_distance, folded_letters, has_letter, header_marks, is_stamp,
    is_upper_token, prefix_distance, stamp_free,
)


# Body text opens with these words, never a title ("Căn cứ …", "Theo công bố …"); "Kính gửi" opens
# the body of a công văn (Phụ lục I, ô 9a) and may follow the stamp in the left column on one OCR line.
_BODY_OPENERS = re.compile(r"^(Căn cứ|Theo|Thực hiện|Trên cơ sở|Xét|Nhằm|Để|Điều\s+1\b)")
# A body paragraph opening with its date ("Ngày 19 tháng 3 năm 2024, tại trụ sở …") runs across the
# page; the arrival stamp's "Ngày: 11/4/2024" stays in the left column.
_DATED_OPENER = re.compile(r"^Ngày\s+\d")
_WIDE_LINE_SHARE = 0.5
_ADDRESSEE = re.compile(r"(?:^|\s)Kính\s+gửi\b")


# "Số" as printed and as OCR reads it ("Sô", "S6", "Số;", "SỐ:"), with the number glued on or not.
_NUMBER_LABEL = re.compile(r"^S(?:[ốôoóồổỗộơớờởỡợ6ỐÔOÓỒỔỖỘ0][:;.,]?|[:;])(?P<rest>.*)$")
# Số ký hiệu (Phụ lục I, ô 3): number, the year for legal normative documents, then the type and issuer
# codes ("06/2024/TT-BCT", "123/KH-UBND", "2470/VPCP-QHĐP", "16/2017/QH14", "01/2020/TTLT-BTC-BNV");
# codes are letters (Đ/đ the only marked one) with at most a short number ("QH14", "C06").
_SEGMENT = r"[A-ZĐ][A-Za-zĐđ.&]*\d{0,2}"
_SYMBOL = re.compile(
    rf"^(?P<n>\d{{1,5}})(?:/(?P<year>(?:19|20)\d{{2}}))?/(?P<codes>{_SEGMENT}(?:-{_SEGMENT})*)$"
)
# Party documents: "29-NQ/TW", "36-HD/VPTW" (Hướng dẫn 36-HD/VPTW).
_PARTY_SYMBOL = re.compile(rf"^(?P<n>\d{{1,5}})-(?P<codes>{_SEGMENT})/{_SEGMENT}$")
# What is left of a number under a stamp: its codes ("…TB-VPCP", real scan 153-tb-vpcp).
_CODES_ONLY = re.compile(rf"{_SEGMENT}-{_SEGMENT}$")
# A stop between a number and its slash ("3070./KH-UBND").
_STAMPED_STOP = re.compile(r"(?<=\d)[.,](?=/)")
# The blanks of a form or template: "Số: …/QĐ-BCA", "Số:....".
_PLACEHOLDER = re.compile(r"^[.…_·,:]{2,}")
# What OCR reads for a digit in a number or a date ("l2" for 12, "O5" for 05).
_DIGIT_LOOKALIKES = str.maketrans({"l": "1", "I": "1", "|": "1", "]": "1", "!": "1", "O": "0", "o": "0"})

# The two columns of the header: a word whose middle is left of the motto's first letter, less this
# share of the page width, is in the issuer's column (Cà Mau 43: "Số: 123/KH-UBND" ends 70 pt left of
# "CỘNG"; Hậu Giang 12: "Hậu Giang, ngày …" starts 16 pt right of it).
_COLUMN_GAP_SHARE = 0.02
# Without a motto (damaged or not printed) the issuer's column is the left 45 % of the page
# (Phụ lục I: ô 2 and ô 3 take a little under half of the text width).
_LEFT_COLUMN_SHARE = 0.45
# The number and date rows stand within this share of the page height below the top of the motto
# (issuer of up to three lines and the motto's two rows above them); the kind within this one.
_FIELDS_SHARE, _KIND_SHARE = 0.15, 0.35
# Words of the kind line are centred: within this share of the page width of the header's centre
# (stamps sit in the left margin on the same baseline: "ĐẾN … THÔNG TƯ", real scans 06-bct, 188-vpcp).
_CENTRE_BAND_SHARE = 0.25
# ... and the kind itself is centred on the header to this share of the page width (Phụ lục I, ô 5a).
_KIND_CENTRE_SHARE = 0.08


@cache
def _kinds() -> tuple[tuple[str, str], ...]:
    """(capitals with marks folded and no spaces, kind) in the order of document_kinds.tsv."""
    return tuple((folded_letters(row[0]), row[0]) for row in read_tsv("document_kinds.tsv"))


@cache
def _kind_codes() -> dict[str, str]:
    """Type code of a số ký hiệu → kind ("QĐ" → "Quyết định"); the first row of a shared code wins."""
    codes: dict[str, str] = {}
    for row in read_tsv("document_kinds.tsv"):
        codes.setdefault(row[1], row[0])
    for abbreviation, kind in read_tsv("kind_abbreviations.tsv"):
        codes.setdefault(abbreviation, kind)
    return codes


@dataclass(frozen=True, slots=True)
class Header:
    kind: str | None = None
    number: str | None = None
    date: dt.date | None = None
    issuer: str | None = None
    issuer_parent: str | None = None
    title: str | None = None
    warnings: tuple[str, ...] = ()
    is_own_document: bool = True     # False: a promulgated text or a form, part of the document before


@cache
def _fewest_motto_capitals() -> int:
    def grams(target: str) -> int:
        return len({target[i:i + 4] for i in range(len(target) - 3)})
    return min(grams(folded_letters(m)) // 3 + 3 for m in header_marks("motto"))


def motto_start(line: Line) -> int | None:
    """Index of the word where a motto ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") starts in ``line``.

    The motto is printed in capitals: the same words in running text ("nước Cộng hòa xã hội chủ
    nghĩa Việt Nam") are not a header. A few letters of OCR damage are allowed (one in nine).
    """
    words = line.words
    uppers = [w.text for w in words if is_upper_token(w.text)]
    # The 4-letter test below needs len(grams) // 3 grams of a motto, so at least that many + 3
    # capitals: most lines have fewer (and are not folded at all).
    if sum(map(len, uppers)) < _fewest_motto_capitals():
        return None
    upper = "".join(folded_letters(t) for t in uppers)
    for motto in header_marks("motto"):
        target = folded_letters(motto)
        allowed = max(1, len(target) // 9)
        grams = {target[i:i + 4] for i in range(len(target) - 3)}
        if sum(g in upper for g in grams) < len(grams) // 3:
            continue  # cheap test first: most lines share no four letters with the motto
        best = None
        for i, w in enumerate(words):
            if not is_upper_token(w.text):
                continue
            text = "".join(folded_letters(x.text) for x in words[i:] if is_upper_token(x.text))
            if len(text) < len(target) - allowed:
                break
            d = prefix_distance(target, text)
            # The closest start; on a tie the later one ("PHỦ CỘNG HÒA …" is 3 letters off from "PHỦ").
            if d <= allowed and (best is None or d <= best[0]):
                best = (d, i)
        if best is not None:
            return best[1]
    return None


def _columns(line: Line, split: float) -> tuple[list[Word], list[Word]]:
    left = [w for w in line.words if w.x_mid < split]
    return left, [w for w in line.words if w.x_mid >= split]


def _opens_body(line: Line, page_width: float) -> bool:
    text = " ".join(clean_tokens(line.words))
    if _DATED_OPENER.match(text):
        return line.x1 - line.x0 > _WIDE_LINE_SHARE * page_width
    return bool(_BODY_OPENERS.match(text) or _ADDRESSEE.search(text))


def _region(stream: Sequence[LineAt], k: int, page: Page) -> list[LineAt]:
    """The lines of the header block starting at ``stream[k]``: on its page, down to the body."""
    first = stream[k]
    limit = first.line.top + _KIND_SHARE * page.height
    out = [first]
    for at in stream[k + 1 : k + 40]:
        if at.page_index != first.page_index or at.line.top > limit or _opens_body(at.line, page.width):
            break
        if motto_start(at.line) is not None:
            break  # the next header block on the same page
        out.append(at)
    return out


def read_header(stream: Sequence[LineAt], k: int, pages: Sequence[Page], *, motto: bool) -> Header:
    first = stream[k]
    page = pages[first.page_index]
    ocr = page.ocr
    region = _region(stream, k, page)
    if motto:
        top_line = first.line
        split = top_line.words[motto_start(top_line) or 0].x0 - _COLUMN_GAP_SHARE * page.width
        centre = (top_line.x0 + top_line.x1) / 2  # issuer and motto share the top row
    else:
        split, centre = _LEFT_COLUMN_SHARE * page.width, page.width / 2
    fields_limit = first.line.top + _FIELDS_SHARE * page.height
    # Number and date stand above the kind line: a note under the title ("(Ban hành kèm theo Quyết
    # định số 20/QĐ-UBND ngày 05/3/2024 …)") and the preamble carry numbers and dates of other texts.
    first_kind = _find_kind_row(region, first.line.bottom, centre, page.width, None, ocr)
    if first_kind is not None:
        fields_limit = min(fields_limit, first_kind[1] - 1)
    warnings: list[str] = []

    # Số ký hiệu (ô 3): the first "Số" of the left column with a plausible number; an arrival stamp
    # below it carries its own "Số:" with a bare handwritten number, which is never shaped like one.
    label_at = number_at = None
    number = bad_number = None
    placeholder = False
    for i, at in enumerate(region):
        if at.line.top > fields_limit:
            break
        left, _ = _columns(at.line, split)
        rest = number_label_rest(left, ocr)
        if rest is None:
            continue
        label_at = i if label_at is None else label_at
        if not rest:
            continue
        if _PLACEHOLDER.match("".join(rest)):
            placeholder = True
            break
        number = _read_number(rest, ocr)
        if number is not None:
            number_at = i
            break
        bad_number = bad_number or " ".join(rest)

    # Place and date (ô 4): the right column, under the motto.
    date_at = None
    date = None
    for i, at in enumerate(region):
        if at.line.top > fields_limit:
            break
        _, right = _columns(at.line, split)
        found, date, blank = _date_line(" ".join(w.text for w in right), ocr)
        if found:
            date_at = i
            placeholder = placeholder or blank
            if date is None and not blank:
                warnings.append("date read by OCR is not plausible" if ocr else "date is not a valid date")
            break
    if label_at is None and date_at is not None:
        # No "Số" read, but the left column of the date row (ô 3 beside ô 4) holds something written
        # like a number: a number damaged beyond reading, not a header without one.
        left = clean_tokens(_columns(region[date_at].line, split)[0])
        if any("/" in t and any(c.isdigit() for c in t) or _CODES_ONLY.search(t) for t in left):
            bad_number = " ".join(left)
    field_rows = [i for i in (label_at, number_at, date_at) if i is not None]

    # Issuer (ô 2): the capitals of the left column above the number and date rows.
    issuer_end = min(field_rows) if field_rows else min(len(region), 3)
    issuer_lines = []
    for at in region[:issuer_end]:
        left, _ = _columns(at.line, split)
        tokens = stamp_free(clean_tokens(left))
        if tokens and is_upper_text(" ".join(tokens)):
            issuer_lines.append(" ".join(tokens))
    issuer, parent, issuer_warning = read_issuer(issuer_lines, ocr)
    if issuer is None and parent is None and issuer_lines and (coded := issuer_of_number(number)):
        # OCR lost part of the issuer ("THỦ TƯỚNG" of "THỦ TƯỚNG CHÍNH PHỦ"): the issuer code of the
        # số ký hiệu ("225/TTg-NN") names the body, and what was read agrees with it.
        read = set(fold_key(" ".join(issuer_lines)).split())
        if read and read <= set(fold_key(coded).split()):
            issuer, issuer_warning = coded, ()
    warnings.extend(issuer_warning)

    # Kind (ô 5a): centred capitals under the number and date rows.
    if field_rows:
        fields_bottom = max(region[i].line.bottom for i in field_rows)
    else:
        # No number and no date (a promulgated text): the kind follows the issuer's rows.
        issuer_rows = [i for i, at in enumerate(region[:3]) if clean_tokens(_columns(at.line, split)[0])]
        fields_bottom = region[max(issuer_rows, default=0)].line.bottom
    code_kind = kind_from_number(number)
    kind_row = _find_kind_row(region, fields_bottom, centre, page.width, code_kind, ocr)
    kind = kind_row[0] if kind_row else None
    title = None
    if kind_row is not None:
        title = _title_after(stream, k, kind_row, centre, page)
    elif code_kind is not None:
        # No kind line read (a công văn prints none; a stamp may cover one): the type code of the số
        # ký hiệu names the kind, and a symbol with no type code is a công văn's (Phụ lục I, II.3.b).
        kind = code_kind
        if kind == "Công văn" and number_at is not None:
            title = _subject_under_number(region, number_at, split)
    elif (subject_at := _subject_line(region, split, fields_limit)) is not None:
        # No kind line and no readable number, but the left column holds "V/v …": only a công văn
        # states its subject there (Phụ lục I, ô 5b), a stamped or handwritten number notwithstanding.
        kind = "Công văn"
        title = _subject_under_number(region, subject_at - 1, split)

    if number is None:
        if bad_number is not None:
            warnings.insert(0, "number read by OCR is not plausible" if ocr else "number is not a số ký hiệu")
        elif label_at is None and not placeholder:
            warnings.insert(0, "no number in the header")
    if date_at is None:
        warnings.append("no date line in the header")
    if kind is None:
        warnings.append("no kind line in the header")
    # Its own document: a number, or a "Số" or a date that are not the blanks of a form.
    own = number is not None or (not placeholder and (bad_number is not None or date is not None))
    return Header(kind=kind, number=number, date=date, issuer=issuer, issuer_parent=parent, title=title,
                   warnings=tuple(dict.fromkeys(warnings)), is_own_document=own)


def number_label_rest(words: Sequence[Word], ocr: bool = False) -> list[str] | None:
    """The tokens after "Số" in a left-column row, or None when the row has no "Số" label.

    OCR specks before the label (":", "_") are skipped; nothing else may come before it. On OCR pages
    a label OCR could not read but whose colon it kept ("“á: 153/TB-VPCP": the arrival stamp's border
    drawn through "Số", real scan 153-tb-vpcp) still labels what follows; the number must then be
    shaped like a số ký hiệu (``_read_number``).
    """
    tokens = [w.text for w in words]
    while tokens and not any(c.isalnum() for c in tokens[0]):
        tokens.pop(0)
    if not tokens:
        return None
    m = _NUMBER_LABEL.match(tokens[0])
    if not m and ocr and len(tokens) > 1 and len(tokens[0]) <= 3 and tokens[0][-1] in ":;":
        return tokens[1:]
    if not m:
        return None
    rest = [m["rest"]] if m["rest"] else []
    if m["rest"] and m["rest"][0].isalpha():
        return None  # "Sở", "Sáng", "Số lượng": a word, not the label
    return [t for t in rest + tokens[1:] if t]


def _read_number(tokens: Sequence[str], ocr: bool) -> str | None:
    """The số ký hiệu written by ``tokens``, spaces removed ("0 6 /2024/TT-BCT" → "06/2024/TT-BCT").

    The longest run of leading tokens that forms a số ký hiệu wins; on OCR pages a letter read for a
    digit in the number part is put right ("l53/TB-VPCP"). On the text layer a number that starts
    with a digit is kept as printed even when its symbol is unusual.
    """
    best = None
    for n in range(1, min(len(tokens), 5) + 1):
        before, after = tokens[n - 2] if n > 1 else "", tokens[n - 1]
        if n > 1 and not (before.endswith(("/", "-")) or after.startswith(("/", "-"))
                          or before.isdigit() and after[:1].isdigit()):
            break  # a stray space sits at a slash, a hyphen or between digits ("0 6 /2024"), nowhere else
        # A number stamped after signing ends with its own stop before the typed "/KH-UBND" ("3070." +
        # "/KH-UBND", kh3070-bimson): the stop is no part of the số ký hiệu.
        text = _STAMPED_STOP.sub("", "".join(tokens[:n])).rstrip(".,;:")
        if ocr:
            head, slash, tail = text.partition("/")
            repaired = head.translate(_DIGIT_LOOKALIKES)
            if slash and repaired.isdigit() and any(c.isdigit() for c in head):
                text = repaired + slash + tail
        if is_document_number(text):
            best = text
    if best is None and not ocr:
        text = re.sub(r"\s+", "", " ".join(tokens)).rstrip(".,;:")
        m = re.match(r"^\d[^\s,;]*", text)
        best = m.group(0) if m and "/" in m.group(0) else None
    return best


def is_document_number(text: str) -> bool:
    """Is ``text`` shaped like a số ký hiệu ("123/KH-UBND", "59/2022/NĐ-CP", "29-NQ/TW")?"""
    return bool(_SYMBOL.match(text) or _PARTY_SYMBOL.match(text))


def kind_from_number(number: str | None) -> str | None:
    """The kind named by the type code of a số ký hiệu, or "Công văn" for a symbol without one."""
    if number is None:
        return None
    m = _SYMBOL.match(number) or _PARTY_SYMBOL.match(number)
    if m is None:
        return None
    code = m["codes"].split("-")[0]
    if code in _kind_codes():
        return _kind_codes()[code]
    if m.re is _SYMBOL and m["year"] is None:
        return "Công văn"
    return None


@cache
def _issuer_codes() -> dict[str, str]:
    """Issuer code of a số ký hiệu → the central body it names ("TTg" → "Thủ tướng Chính phủ")."""
    return {row[0]: row[1] for row in read_tsv("issuer_codes.tsv") if "{" not in row[1]}


def issuer_of_number(number: str | None) -> str | None:
    """The body named by the issuer code of ``number``: the code after the type code ("188/QĐ-VPCP"),
    or the first code of a công văn ("225/TTg-NN"); None for local codes ("UBND") and unknown ones."""
    m = _SYMBOL.match(number or "")
    if m is None:
        return None
    codes = m["codes"].split("-")
    code = codes[1] if codes[0] in _kind_codes() and len(codes) > 1 else codes[0]
    return _issuer_codes().get(code)


# "ngày 29 tháng 5 năm 2023" on folded letters ("ngảy", "thẳng" and "nãm" are OCR readings of it);
# the three numbers are kept raw for the digit repair.
_DATE_WORDS_FOLDED = re.compile(
    r"ngay\W{0,2}\s*(?P<d>\S{1,3})\s+thang\W{0,2}\s*(?P<m>\S{1,3})\s+nam\W{0,2}\s*(?P<y>\S{4})\b"
)
_DATE_NUMERIC_AFTER = re.compile(rf"ngay\s+{DATE_NUMERIC}")
# The place-and-date line is "<Place>, ngày …" (Phụ lục I, ô 4): "ngày" after a word in lower case and no
# comma belongs to a clause, the effective date of "có hiệu lực kể từ ngày 01/7/2025" or "trước ngày …",
# which a page read by OCR may bring into the header's reach.
_CLAUSE_DATE = re.compile(r"(?:^|\s)[a-zđà-ỹ][^\s,.;:]*\s+ngày\b")
# A date line: "<place>, ngày …", or "tháng … năm 2024" with the day lost under handwriting or a stamp.
_DATE_LINE = re.compile(r"(?:^|[,\s])ngay\b|\bthang\b.*\bnam\b")


def _date_line(text: str, ocr: bool) -> tuple[bool, dt.date | None, bool]:
    """(is a date line, its date, is the blank of a form) for the right-column text of one row."""
    folded = fold_marks(text).lower()
    if not _DATE_LINE.search(folded) or _CLAUSE_DATE.search(text):
        return False, None, False
    if not any(c.isdigit() for c in folded):
        return True, None, True  # "…, ngày … tháng … năm …"
    m = _DATE_WORDS_FOLDED.search(folded)
    if m:
        parts = [m[g].translate(_DIGIT_LOOKALIKES) if ocr else m[g] for g in ("y", "m", "d")]
        if all(p.isdigit() for p in parts) and parts[0][:2] in ("19", "20"):
            return True, safe_date(*map(int, parts)), False
        return True, None, False
    n = _DATE_NUMERIC_AFTER.search(folded)
    if n:
        return True, safe_date(*date_parts(n)), False
    return True, None, False


def _find_kind_row(
    region: Sequence[LineAt], below: float, centre: float, width: float, code_kind: str | None, ocr: bool
) -> tuple[str, float, float, bool] | None:
    """(kind, top, bottom, bold) of the kind line: the first row of centred capitals under ``below``
    that spells a kind of document_kinds.tsv (OCR damage allowed, see ``allowed_errors``).

    Words are regrouped into rows here: OCR may split one printed line in two ("THÔNG" / "BẢO" one
    point apart, real scan 153-tb-vpcp). A row ending in ":" is the enacting formula ("QUYẾT ĐỊNH:").
    """
    words = [
        w for at in region for w in at.line.words
        if w.y_mid > below and abs(w.x_mid - centre) <= _CENTRE_BAND_SHARE * width and has_letter(w.text)
    ]
    rows: list[list[Word]] = []
    for w in sorted(words, key=lambda w: w.y_mid):
        if rows and abs(rows[-1][-1].y_mid - w.y_mid) <= 0.5 * (w.bottom - w.top):
            rows[-1].append(w)
        else:
            rows.append([w])
    for row in rows:
        row.sort(key=lambda w: w.x0)
        if not ocr and any(c.islower() for w in row for c in w.text):
            continue  # a title or body row
        cased = [w for w in row if is_upper_token(w.text)]
        if not cased or cased[-1].text.rstrip().endswith(":"):
            continue
        runs = [cased]
        if ocr:  # a stamp word in the centre band beside the kind ("ĐẾN THÔNG TƯ")
            runs += [cased[i:j] for i in range(len(cased)) for j in range(i + 1, min(len(cased), i + 3) + 1)
                     if (i, j) != (0, len(cased))]
        for run in runs:
            if abs((run[0].x0 + run[-1].x1) / 2 - centre) > _KIND_CENTRE_SHARE * width:
                continue
            kind = match_kind("".join(folded_letters(w.text) for w in run), code_kind)
            if kind:
                return kind, min(w.top for w in run), max(w.bottom for w in run), all(w.bold for w in run)
    return None


def match_kind(letters: str, code_kind: str | None) -> str | None:
    """The kind spelt by ``letters`` (capitals, marks folded); ties go to the kind of the number's
    type code, then to the order of document_kinds.tsv ("QUYE ĐỊNH" → Quyết định before Quy định)."""
    if not letters:
        return None
    scored = []
    for order, (target, kind) in enumerate(_kinds()):
        d = edit_distance(letters, target)
        if d <= allowed_errors(target):
            scored.append((d, kind != code_kind, order, kind))
    return min(scored)[3] if scored else None


def _title_after(
    stream: Sequence[LineAt], k: int, kind_row: tuple[str, float, float, bool], centre: float, page: Page,
) -> str | None:
    """The title lines under the kind line: centred, in the kind line's weight, close together.

    On OCR pages the stamp text at the left of a line is cut off first, and lines with no word near
    the centre (specks of a stamp in the margin) are passed over.
    """
    _, _, kind_bottom, kind_bold = kind_row
    lines: list[str] = []
    prev_bottom, prev_height = kind_bottom, None
    for at in stream[k : k + 40]:
        if at.page_index != stream[k].page_index:
            break
        if (at.line.top + at.line.bottom) / 2 <= kind_bottom:
            continue  # the kind line itself, or a part of it OCR read as a line of its own
        words = _strip_stamp_prefix(at.line.words) if page.ocr else list(at.line.words)
        if page.ocr and not any(abs(w.x_mid - centre) <= 0.15 * page.width for w in words):
            continue
        if not words:
            continue
        line = Line(words=tuple(words))
        height = line.bottom - line.top
        if line.top - prev_bottom > (2.0 if not lines else 1.0) * (prev_height or height):
            break
        if not _is_title_line(line, kind_bold, centre if page.ocr else page.width / 2, page.width):
            break
        lines.append(" ".join(clean_tokens(words)) if page.ocr else line.text)
        prev_bottom, prev_height = line.bottom, height
    return " ".join(" ".join(lines).split()) or None


def _strip_stamp_prefix(words: Sequence[Word]) -> list[Word]:
    """An OCR line without the stamp text at its left ("THÔNG ĐIỆNTỦ CHÍNHPHỦ — tại buổi làm việc …"):
    a leading run of capitals and specks that ends in a speck or a wide gap."""
    words = list(words)
    while words and not has_letter(words[0].text):
        words.pop(0)
    i = 0
    while i < len(words) and (is_upper_token(words[i].text) or not has_letter(words[i].text)):
        i += 1
    if 0 < i < len(words):
        gap = words[i].x0 - words[i - 1].x1
        if not has_letter(words[i - 1].text) or gap > 2 * (words[i].bottom - words[i].top):
            words = words[i:]
    return words


def _is_title_line(line: Line, kind_bold: bool, centre: float, page_width: float) -> bool:
    text = line.text.strip()
    if _BODY_OPENERS.match(text) or motto_start(line) is not None:
        return False
    if is_upper_text(text) and len(text) > 3:
        return False  # "ỦY BAN NHÂN DÂN TỈNH …" (the authority line of a Quyết định) ends the title
    centred = abs((line.x0 + line.x1) / 2 - centre) < 0.06 * page_width
    if kind_bold:
        return line.words[0].bold and centred
    return centred


# The subject line of a công văn: "V/v …" (về việc), its usual abbreviation.
_SUBJECT = re.compile(r"^V/[vV]\b")


def _subject_line(region: Sequence[LineAt], split: float, limit: float) -> int | None:
    """Index of the first left-column line of the header that opens with "V/v", or None."""
    for i, at in enumerate(region):
        if i == 0 or at.line.top > limit + 0.5 * (limit - region[0].line.top):
            continue
        left, _ = _columns(at.line, split)
        if left and _SUBJECT.match(left[0].text):
            return i
    return None


def _subject_under_number(region: Sequence[LineAt], number_at: int, split: float) -> str | None:
    """The title of a công văn (Phụ lục I, ô 5b): the "V/v …" lines of the left column under its number,
    down to a stamp, a line of capitals, "Kính gửi" or a gap."""
    lines: list[str] = []
    prev: Line | None = region[number_at].line
    for at in region[number_at + 1 :]:
        left, _ = _columns(at.line, split)
        tokens = clean_tokens(left)
        if not tokens:
            continue
        line = Line(words=tuple(left))
        if is_stamp(tokens) or is_upper_text(" ".join(tokens)) or _ADDRESSEE.search(" ".join(tokens)):
            break
        if prev is not None and line.top - prev.bottom > 1.0 * (line.bottom - line.top):
            break
        lines.append(" ".join(tokens))
        prev = line
    return " ".join(lines) or None
