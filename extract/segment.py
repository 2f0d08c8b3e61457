"""Splitting an issue into its legal documents, with their metadata and appendices.

A document starts at its administrative header block, laid out by Nghị định 30/2020/NĐ-CP, Phụ lục I
(ô 1 to 5): the issuer on the left ("ỦY BAN NHÂN DÂN / TỈNH CÀ MAU", or a parent body over the issuer:
"UBND TỈNH BÌNH THUẬN / SỞ NỘI VỤ"), the national motto "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" on the
right; under them "Số: 123/KH-UBND" on the left and the place and date "Cà Mau, ngày 29 tháng 5 năm
2023" on the right; then the kind centred in capitals ("KẾ HOẠCH") and the title. A công văn prints no
kind: its số ký hiệu is "N/<issuer>-<unit>" and its title, "V/v …", stands under the number. Every
field is read from its place in that layout (left column, right column, centre), never from the text
that follows: the preamble cites other documents with their own numbers and dates.

A header block without a "Số:" line, or with the blanks of a form ("Số: …/QĐ-BCA"), is a text
promulgated by the document before it (a Kế hoạch attached to its Quyết định, a form in an appendix)
and stays part of it. After ``segment_issue``:
- documents are in reading order and their spans do not overlap;
- cover and table-of-contents pages ("MỤC LỤC") are flagged ``is_cover`` and belong to no document;
- each "Phụ lục" is attached to the document it cites ("Kèm theo Kế hoạch số …"), else the one it
  follows;
- a header field read by OCR that is not plausible (an issuer that is no known body, a number that is
  not shaped like a số ký hiệu, a signer that is no Vietnamese name) is None and the document's
  ``warnings`` say so; stamps ("ĐẾN", "HỎA TỐC", "MẬT") are never read as fields;
- a PDF without any header block (no motto, no "Số:", no kind) is one document with null fields and
  the warning "not an administrative document".
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

from .data import read_tsv
from .dates import DATE, DATE_NUMERIC, date_parts, safe_date
from .models import Appendix, Document, Issue, Line, Page, Signer, Word
from .names import (
    body_name_case, fold_marks, is_upper_text, is_vietnamese_syllable, looks_like_person_name,
    place_name_case, sentence_case,
)

_APPENDIX = re.compile(r"^(PHỤ LỤC|Phụ lục)(\s+[IVXLC\d]+[a-z]?)?\s*$")
_ATTACHED = re.compile(
    r"\(?\s*(?:Ban hành\s+)?[Kk]èm theo\s+(?P<kind>[^()]*?)\s+số\s+(?P<number>\d[^\s,;)]*)"
)
# Body text opens with these words, never a title ("Căn cứ …", "Theo công bố …"); "Kính gửi" opens
# the body of a công văn (Phụ lục I, ô 9a) and may follow the stamp in the left column on one OCR line.
_BODY_OPENERS = re.compile(r"^(Căn cứ|Theo|Thực hiện|Trên cơ sở|Xét|Nhằm|Để|Điều\s+1\b)")
# A body paragraph opening with its date ("Ngày 19 tháng 3 năm 2024, tại trụ sở …") runs across the
# page; the arrival stamp's "Ngày: 11/4/2024" stays in the left column.
_DATED_OPENER = re.compile(r"^Ngày\s+\d")
_WIDE_LINE_SHARE = 0.5
_ADDRESSEE = re.compile(r"(?:^|\s)Kính\s+gửi\b")
_TOC = re.compile(r"^\s*MỤC\s+LỤC\s*$")
# Signature blocks: "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", then the name.
_SIGNATURE_PREFIX = re.compile(r"^(TM|KT|TL|TUQ|Q|QUYỀN)\s*[.,]?\s+", re.IGNORECASE)

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
    return tuple((_letters(row[0]), row[0]) for row in read_tsv("document_kinds.tsv"))


@cache
def _kind_codes() -> dict[str, str]:
    """Type code of a số ký hiệu → kind ("QĐ" → "Quyết định"); the first row of a shared code wins."""
    codes: dict[str, str] = {}
    for row in read_tsv("document_kinds.tsv"):
        codes.setdefault(row[1], row[0])
    for abbreviation, kind in read_tsv("kind_abbreviations.tsv"):
        codes.setdefault(abbreviation, kind)
    return codes


@cache
def _positions() -> dict[str, str]:
    return {row[0].lower(): row[1] for row in read_tsv("positions.tsv")}


@cache
def _folded_positions() -> tuple[tuple[str, str], ...]:
    return tuple((_letters(k), v) for k, v in _positions().items())


@cache
def _family_names() -> frozenset[str]:
    return frozenset(row[0] for row in read_tsv("family_names.tsv"))


@cache
def _marks(role: str) -> tuple[str, ...]:
    return tuple(row[1] for row in read_tsv("header_marks.tsv") if row[0] == role)


@cache
def _stamps() -> tuple[tuple[str, ...], ...]:
    """Stamp phrases as folded words, longest first."""
    return tuple(sorted((tuple(_letters(t) for t in m.split()) for m in _marks("stamp")), key=len, reverse=True))


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
    starts = [k for k, at in enumerate(stream) if _motto_start(at.line) is not None]
    headers = [(k, _read_header(stream, k, issue.pages, motto=True)) for k in starts]
    # A header block without its own number belongs to the document before it.
    headers = [(k, h) for k, h in headers if h.is_own_document] or headers[:1]
    if not headers and stream:
        # No motto (cut off, or unreadable in a scan): the top of the first page may still hold "Số:"
        # and a kind line.
        head = _read_header(stream, 0, issue.pages, motto=False)
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
            documents.append(_document(_Header(warnings=("not an administrative document",)), body, pages))
    return _attach_appendices(documents, stream, pages), pages


# ---------------------------------------------------------------- header block


@dataclass(frozen=True, slots=True)
class _Header:
    kind: str | None = None
    number: str | None = None
    date: dt.date | None = None
    issuer: str | None = None
    issuer_parent: str | None = None
    title: str | None = None
    warnings: tuple[str, ...] = ()
    is_own_document: bool = True     # False: a promulgated text or a form, part of the document before


def _letters(text: str) -> str:
    """Capitals with marks folded, letters only: "Thông tư" → "THONGTU"."""
    return "".join(c for c in fold_marks(text).upper() if c.isalpha())


def _is_upper_token(text: str) -> bool:
    # str.isupper (in C; most words are not in capitals): no small letter, no titlecase letter ("ǅ"), and
    # a capital, which must also be a letter (not "Ⓐ").
    return text.isupper() and any(c.isalpha() and c.isupper() for c in text)


def _has_letter(text: str) -> bool:
    return any(c.isalpha() for c in text)


def _distance(a: str, b: str) -> int:
    """Levenshtein distance."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _prefix_distance(pattern: str, text: str) -> int:
    """Edit distance between ``pattern`` and the prefix of ``text`` closest to it."""
    # A prefix longer than twice the pattern is further from it than the empty prefix (distance ≥ its
    # length less the pattern's): the rest of ``text`` cannot change the answer.
    text = text[:2 * len(pattern)]
    prev = list(range(len(text) + 1))
    for i, cp in enumerate(pattern, 1):
        cur = [i]
        for j, ct in enumerate(text, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (cp != ct)))
        prev = cur
    return min(prev)


def _allowed_errors(letters: str) -> int:
    """OCR damage tolerated in a word of vocabulary: none in 4 letters ("LUẬT" vs "LỆNH" must stay
    apart), one up to 7 ("THÔNG TU'"), two beyond ("QUYÊT ĐINH")."""
    return 0 if len(letters) <= 4 else 1 if len(letters) <= 7 else 2


@cache
def _fewest_motto_capitals() -> int:
    def grams(target: str) -> int:
        return len({target[i:i + 4] for i in range(len(target) - 3)})
    return min(grams(_letters(m)) // 3 + 3 for m in _marks("motto"))


def _motto_start(line: Line) -> int | None:
    """Index of the word where a motto ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") starts in ``line``.

    The motto is printed in capitals: the same words in running text ("nước Cộng hòa xã hội chủ
    nghĩa Việt Nam") are not a header. A few letters of OCR damage are allowed (one in nine).
    """
    words = line.words
    uppers = [w.text for w in words if _is_upper_token(w.text)]
    # The 4-letter test below needs len(grams) // 3 grams of a motto, so at least that many + 3
    # capitals: most lines have fewer (and are not folded at all).
    if sum(map(len, uppers)) < _fewest_motto_capitals():
        return None
    upper = "".join(_letters(t) for t in uppers)
    for motto in _marks("motto"):
        target = _letters(motto)
        allowed = max(1, len(target) // 9)
        grams = {target[i:i + 4] for i in range(len(target) - 3)}
        if sum(g in upper for g in grams) < len(grams) // 3:
            continue  # cheap test first: most lines share no four letters with the motto
        best = None
        for i, w in enumerate(words):
            if not _is_upper_token(w.text):
                continue
            text = "".join(_letters(x.text) for x in words[i:] if _is_upper_token(x.text))
            if len(text) < len(target) - allowed:
                break
            d = _prefix_distance(target, text)
            # The closest start; on a tie the later one ("PHỦ CỘNG HÒA …" is 3 letters off from "PHỦ").
            if d <= allowed and (best is None or d <= best[0]):
                best = (d, i)
        if best is not None:
            return best[1]
    return None


def _columns(line: Line, split: float) -> tuple[list[Word], list[Word]]:
    left = [w for w in line.words if w.x_mid < split]
    return left, [w for w in line.words if w.x_mid >= split]


def _clean_tokens(words: Sequence[Word]) -> list[str]:
    """Word texts without OCR specks: tokens with no letter or digit dropped, punctuation trimmed."""
    out = []
    for w in words:
        t = w.text.strip("`'\"“”‘’^ˆ~_|—–-=<>»«*#.,;:!?()[]{}")
        if t and any(c.isalnum() for c in t):
            out.append(t)
    return out


def _stamp_free(tokens: Sequence[str]) -> list[str]:
    """``tokens`` without the words of stamps ("MẬT", "CÔNG VĂN ĐẾN", "Giờ")."""
    folded = [_letters(t) for t in tokens]
    keep = [True] * len(tokens)
    for stamp in _stamps():
        for i in range(len(tokens) - len(stamp) + 1):
            if tuple(folded[i : i + len(stamp)]) == stamp and all(t[:1].isupper() for t in tokens[i : i + len(stamp)]):
                keep[i : i + len(stamp)] = [False] * len(stamp)
    return [t for t, k in zip(tokens, keep) if k]


def _is_stamp(tokens: Sequence[str]) -> bool:
    return len(_stamp_free(tokens)) < len(tokens)


def _opens_body(line: Line, page_width: float) -> bool:
    text = " ".join(_clean_tokens(line.words))
    if _DATED_OPENER.match(text):
        return line.x1 - line.x0 > _WIDE_LINE_SHARE * page_width
    return bool(_BODY_OPENERS.match(text) or _ADDRESSEE.search(text))


def _region(stream: Sequence[_At], k: int, page: Page) -> list[_At]:
    """The lines of the header block starting at ``stream[k]``: on its page, down to the body."""
    first = stream[k]
    limit = first.line.top + _KIND_SHARE * page.height
    out = [first]
    for at in stream[k + 1 : k + 40]:
        if at.page_index != first.page_index or at.line.top > limit or _opens_body(at.line, page.width):
            break
        if _motto_start(at.line) is not None:
            break  # the next header block on the same page
        out.append(at)
    return out


def _read_header(stream: Sequence[_At], k: int, pages: Sequence[Page], *, motto: bool) -> _Header:
    first = stream[k]
    page = pages[first.page_index]
    ocr = page.ocr
    region = _region(stream, k, page)
    if motto:
        top_line = first.line
        split = top_line.words[_motto_start(top_line) or 0].x0 - _COLUMN_GAP_SHARE * page.width
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
        rest = _after_number_label(left, ocr)
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
        left = _clean_tokens(_columns(region[date_at].line, split)[0])
        if any("/" in t and any(c.isdigit() for c in t) or _CODES_ONLY.search(t) for t in left):
            bad_number = " ".join(left)
    field_rows = [i for i in (label_at, number_at, date_at) if i is not None]

    # Issuer (ô 2): the capitals of the left column above the number and date rows.
    issuer_end = min(field_rows) if field_rows else min(len(region), 3)
    issuer_lines = []
    for at in region[:issuer_end]:
        left, _ = _columns(at.line, split)
        tokens = _stamp_free(_clean_tokens(left))
        if tokens and is_upper_text(" ".join(tokens)):
            issuer_lines.append(" ".join(tokens))
    issuer, parent, issuer_warning = _read_issuer(issuer_lines, ocr)
    if issuer is None and parent is None and issuer_lines and (coded := _issuer_of_number(number)):
        # OCR lost part of the issuer ("THỦ TƯỚNG" of "THỦ TƯỚNG CHÍNH PHỦ"): the issuer code of the
        # số ký hiệu ("225/TTg-NN") names the body, and what was read agrees with it.
        read = set(_fold_key(" ".join(issuer_lines)).split())
        if read and read <= set(_fold_key(coded).split()):
            issuer, issuer_warning = coded, ()
    warnings.extend(issuer_warning)

    # Kind (ô 5a): centred capitals under the number and date rows.
    if field_rows:
        fields_bottom = max(region[i].line.bottom for i in field_rows)
    else:
        # No number and no date (a promulgated text): the kind follows the issuer's rows.
        issuer_rows = [i for i, at in enumerate(region[:3]) if _clean_tokens(_columns(at.line, split)[0])]
        fields_bottom = region[max(issuer_rows, default=0)].line.bottom
    code_kind = _kind_from_number(number)
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
    return _Header(kind=kind, number=number, date=date, issuer=issuer, issuer_parent=parent, title=title,
                   warnings=tuple(dict.fromkeys(warnings)), is_own_document=own)


def _after_number_label(words: Sequence[Word], ocr: bool = False) -> list[str] | None:
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
        text = "".join(tokens[:n]).rstrip(".,;:")
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


def _kind_from_number(number: str | None) -> str | None:
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


def _issuer_of_number(number: str | None) -> str | None:
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
# A date line: "<place>, ngày …", or "tháng … năm 2024" with the day lost under handwriting or a stamp.
_DATE_LINE = re.compile(r"(?:^|[,\s])ngay\b|\bthang\b.*\bnam\b")


def _date_line(text: str, ocr: bool) -> tuple[bool, dt.date | None, bool]:
    """(is a date line, its date, is the blank of a form) for the right-column text of one row."""
    folded = fold_marks(text).lower()
    if not _DATE_LINE.search(folded):
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
    region: Sequence[_At], below: float, centre: float, width: float, code_kind: str | None, ocr: bool
) -> tuple[str, float, float, bool] | None:
    """(kind, top, bottom, bold) of the kind line: the first row of centred capitals under ``below``
    that spells a kind of document_kinds.tsv (OCR damage allowed, see ``_allowed_errors``).

    Words are regrouped into rows here: OCR may split one printed line in two ("THÔNG" / "BẢO" one
    point apart, real scan 153-tb-vpcp). A row ending in ":" is the enacting formula ("QUYẾT ĐỊNH:").
    """
    words = [
        w for at in region for w in at.line.words
        if w.y_mid > below and abs(w.x_mid - centre) <= _CENTRE_BAND_SHARE * width and _has_letter(w.text)
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
        cased = [w for w in row if _is_upper_token(w.text)]
        if not cased or cased[-1].text.rstrip().endswith(":"):
            continue
        runs = [cased]
        if ocr:  # a stamp word in the centre band beside the kind ("ĐẾN THÔNG TƯ")
            runs += [cased[i:j] for i in range(len(cased)) for j in range(i + 1, min(len(cased), i + 3) + 1)
                     if (i, j) != (0, len(cased))]
        for run in runs:
            if abs((run[0].x0 + run[-1].x1) / 2 - centre) > _KIND_CENTRE_SHARE * width:
                continue
            kind = _match_kind("".join(_letters(w.text) for w in run), code_kind)
            if kind:
                return kind, min(w.top for w in run), max(w.bottom for w in run), all(w.bold for w in run)
    return None


def _match_kind(letters: str, code_kind: str | None) -> str | None:
    """The kind spelt by ``letters`` (capitals, marks folded); ties go to the kind of the number's
    type code, then to the order of document_kinds.tsv ("QUYE ĐỊNH" → Quyết định before Quy định)."""
    if not letters:
        return None
    scored = []
    for order, (target, kind) in enumerate(_kinds()):
        d = _distance(letters, target)
        if d <= _allowed_errors(target):
            scored.append((d, kind != code_kind, order, kind))
    return min(scored)[3] if scored else None


def _title_after(
    stream: Sequence[_At], k: int, kind_row: tuple[str, float, float, bool], centre: float, page: Page,
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
        lines.append(" ".join(_clean_tokens(words)) if page.ocr else line.text)
        prev_bottom, prev_height = line.bottom, height
    return " ".join(" ".join(lines).split()) or None


def _strip_stamp_prefix(words: Sequence[Word]) -> list[Word]:
    """An OCR line without the stamp text at its left ("THÔNG ĐIỆNTỦ CHÍNHPHỦ — tại buổi làm việc …"):
    a leading run of capitals and specks that ends in a speck or a wide gap."""
    words = list(words)
    while words and not _has_letter(words[0].text):
        words.pop(0)
    i = 0
    while i < len(words) and (_is_upper_token(words[i].text) or not _has_letter(words[i].text)):
        i += 1
    if 0 < i < len(words):
        gap = words[i].x0 - words[i - 1].x1
        if not _has_letter(words[i - 1].text) or gap > 2 * (words[i].bottom - words[i].top):
            words = words[i:]
    return words


def _is_title_line(line: Line, kind_bold: bool, centre: float, page_width: float) -> bool:
    text = line.text.strip()
    if _BODY_OPENERS.match(text) or _motto_start(line) is not None:
        return False
    if is_upper_text(text) and len(text) > 3:
        return False  # "ỦY BAN NHÂN DÂN TỈNH …" (the authority line of a Quyết định) ends the title
    centred = abs((line.x0 + line.x1) / 2 - centre) < 0.06 * page_width
    if kind_bold:
        return line.words[0].bold and centred
    return centred


def _subject_under_number(region: Sequence[_At], number_at: int, split: float) -> str | None:
    """The title of a công văn (Phụ lục I, ô 5b): the "V/v …" lines of the left column under its number,
    down to a stamp, a line of capitals, "Kính gửi" or a gap."""
    lines: list[str] = []
    prev: Line | None = region[number_at].line
    for at in region[number_at + 1 :]:
        left, _ = _columns(at.line, split)
        tokens = _clean_tokens(left)
        if not tokens:
            continue
        line = Line(words=tuple(left))
        if _is_stamp(tokens) or is_upper_text(" ".join(tokens)) or _ADDRESSEE.search(" ".join(tokens)):
            break
        if prev is not None and line.top - prev.bottom > 1.0 * (line.bottom - line.top):
            break
        lines.append(" ".join(tokens))
        prev = line
    return " ".join(lines) or None


# ---------------------------------------------------------------- issuer


_OCR_UNITS = (("thanh", "pho"), ("thi", "xa"), ("thi", "tran"), ("tinh",), ("huyen",))
_UNIT_NAMES = {"thanh pho": "thành phố", "thi xa": "thị xã", "thi tran": "thị trấn", "tinh": "tỉnh",
               "huyen": "huyện", "quan": "quận", "xa": "xã", "phuong": "phường"}
_PLACE_SUFFIX = re.compile(r"\b(?:tỉnh|thành phố|huyện|quận|thị xã|thị trấn|xã|phường)\s+\S.*$")


def _gazetteer():
    """extract.gazetteer when it is there (canonical_body, find_province), else None."""
    try:
        from . import gazetteer
    except ImportError:
        return None
    return gazetteer


def _fold_key(text: str) -> str:
    return " ".join(fold_marks(text).lower().replace(" - ", "-").split())


@cache
def _official_bodies() -> dict[str, str]:
    """Folded name → official name, for the fallback without the gazetteer: official_names.tsv, the
    bodies of issuer_codes.tsv and the local bodies of abbreviations.tsv ("Ủy ban nhân dân")."""
    names = [row[0] for row in read_tsv("official_names.tsv")]
    names += [row[1] for row in read_tsv("issuer_codes.tsv") if "{" not in row[1]]
    names += [row[1].replace(" {province}", "") for row in read_tsv("issuer_codes.tsv") if "{province}" in row[1]]
    names += [row[1] for row in read_tsv("abbreviations.tsv") if row[1][:1].isupper()]
    # A head alone ("Văn phòng", "Sở") names no body.
    bodies = {_fold_key(row[1].replace(" {province}", "")) for row in read_tsv("issuer_codes.tsv")}
    return {_fold_key(n): n for n in names if _fold_key(n) not in _heads() or _fold_key(n) in bodies}


@cache
def _abbreviations() -> dict[str, str]:
    return {row[0]: row[1] for row in read_tsv("abbreviations.tsv") if row[0].isupper()}


@cache
def _heads() -> tuple[str, ...]:
    """Folded heads of agency names ("so", "ban", "van phong", "cuc"): a line of the issuer column that
    opens with one names a body of its own (the issuer under its parent)."""
    return tuple(sorted({_fold_key(row[0]) for row in read_tsv("agency_heads.tsv")}, key=len, reverse=True))


def _expand(text: str) -> str:
    """ "UBND TỈNH BÌNH THUẬN" → "ỦY BAN NHÂN DÂN TỈNH BÌNH THUẬN" (capitals kept for the casing)."""
    return " ".join(_abbreviations().get(t, t).upper() if t in _abbreviations() else t for t in text.split())


def _known_body(text: str, ocr: bool) -> str | None:
    """The official name of the body that ``text`` (an issuer line, in capitals) names, or None.

    With the gazetteer, its ``canonical_body`` (``closest_body`` for OCR, which allows a few slips)
    decides; on the text layer a body it does not know is read by the fallback of official names and
    local bodies ("ỦY BAN NHÂN DÂN TỈNH THỬ"). Without the gazetteer the fallback decides.
    """
    text = _expand(text)
    gazetteer = _gazetteer()
    if gazetteer is not None:
        lookup = getattr(gazetteer, "closest_body", None) if ocr else None
        lookup = lookup or gazetteer.canonical_body
        for candidate in dict.fromkeys((text, _cased_body(text, ocr))):
            try:
                name = lookup(candidate)
            except Exception:  # a gazetteer still being written must not stop the reading
                name = None
            if name:
                return name
        if ocr:
            return None
    return _fallback_body(text, ocr)


def _unit_at(tokens: Sequence[str], i: int, ocr: bool = False) -> int:
    """Length of the administrative unit word starting at ``tokens[i]`` (0 when none).

    On OCR pages the marks of a distinctive unit word may be wrong ("TĨNH" for "TỈNH"); "QUẢN" and
    "XA" stay words of their own ("Ban Quản lý").
    """
    words = [t.lower() for t in tokens[i : i + 2]]
    for unit in _UNIT_NAMES.values():
        if words[: len(unit.split())] == unit.split():
            return len(unit.split())
    folded = tuple(fold_marks(t) for t in words)
    for unit in _OCR_UNITS if ocr else ():
        if folded[: len(unit)] == unit:
            return len(unit)
    return 0


def _cased_body(text: str, ocr: bool = False) -> str:
    """Capitals to a body name, the unit word put right on OCR pages ("TĨNH" is "tỉnh")."""
    tokens = text.split()
    for i in range(1, len(tokens)):
        n = _unit_at(tokens, i, ocr)
        if n and i + n < len(tokens):
            unit = _UNIT_NAMES[" ".join(fold_marks(t).lower() for t in tokens[i : i + n])]
            return body_name_case(" ".join(tokens[:i]) + " " + unit.upper() + " " + " ".join(tokens[i + n :]))
    return body_name_case(text)


def _fallback_body(text: str, ocr: bool) -> str | None:
    """Without the gazetteer: an official name, or a local body ("ỦY BAN NHÂN DÂN TỈNH PHÚ THỌ") whose
    head is official and whose place is one to four Vietnamese syllables ("Bà Rịa - Vũng Tàu")."""
    official = _official_bodies()
    if (name := official.get(_fold_key(text))) is not None:
        return name
    tokens = text.split()
    for i in range(1, len(tokens)):
        n = _unit_at(tokens, i, ocr)
        place = tokens[i + n :]
        if not n or not 1 <= len([t for t in place if t != "-"]) <= 4 or _starts_body(" ".join(place)):
            continue
        if not all(t == "-" or t.isalpha() and is_vietnamese_syllable(t) for t in place):
            continue
        unit = _UNIT_NAMES[" ".join(fold_marks(t).lower() for t in tokens[i : i + n])]
        head = official.get(_fold_key(" ".join(tokens[:i]) + " " + unit))
        head = f"{head} " if head else (f"{official[_fold_key(' '.join(tokens[:i]))]} {unit} "
                                         if _fold_key(" ".join(tokens[:i])) in official else None)
        if head is None:
            continue
        place_name = _province(" ".join(place)) if unit == "tỉnh" else None
        if place_name is None and unit == "tỉnh" and ocr and _gazetteer() is not None:
            continue  # a province the gazetteer does not know, read by OCR: noise
        return head + (place_name or place_name_case(" ".join(place)))
    return None


def _province(text: str) -> str | None:
    """The province ``text`` is, read whole, when the gazetteer knows it."""
    gazetteer = _gazetteer()
    if gazetteer is None:
        return None
    try:
        name = gazetteer.canonical_province(text)
    except Exception:
        return None
    return name if name and _fold_key(name) == _fold_key(place_name_case(text)) else None


def _with_place(body: str, parent: str) -> str:
    """ "Sở Nội vụ" under "Ủy ban nhân dân tỉnh Bình Thuận" → "Sở Nội vụ tỉnh Bình Thuận"."""
    if _PLACE_SUFFIX.search(body):
        return body
    m = _PLACE_SUFFIX.search(parent)
    return f"{body} {m.group(0)}" if m else body


def _starts_body(text: str) -> bool:
    key = _fold_key(_cased_body(_expand(text)))
    return any(key == h or key.startswith(h + " ") for h in _heads())


def _read_issuer(lines: Sequence[str], ocr: bool) -> tuple[str | None, str | None, tuple[str, ...]]:
    """(issuer with its place, parent body, warnings) from the issuer column's lines in capitals.

    One body over several lines ("ỦY BAN NHÂN DÂN / TỈNH PHÚ THỌ"), or a parent over the issuer
    ("UBND TỈNH BÌNH THUẬN / SỞ NỘI VỤ", Phụ lục I, ô 2: "tên cơ quan chủ quản trực tiếp" on the first
    line, the issuer under it): a line that opens with an agency head ("SỞ", "CỤC", "BAN") names a
    body of its own. On OCR pages lines and words that name no body (specks, a stray "SỐ") are
    trimmed, and an issuer that still names no known body is None, with a warning.
    """
    implausible = ("issuer read by OCR is not plausible",) if ocr else ()
    if not lines:
        return None, None, implausible
    n = len(lines)
    starts = [i for i in range(1, n) if _starts_body(lines[i])]
    for i in starts:
        parent = _known_body(" ".join(lines[:i]), ocr)
        if parent is None or _needs_place(parent):
            continue
        body_text = " ".join(lines[i:])
        body = _known_body(body_text, ocr)
        if body is not None:
            return _with_place(body, parent), parent, ()
        if not ocr:
            return _with_place(_cased_body(_expand(body_text)), parent), parent, ()
        return None, parent, implausible
    whole = _known_body(" ".join(lines), ocr)
    if whole is not None and not _needs_place(whole):
        return whole, None, ()
    if not ocr:
        # The text layer is exact: a body no vocabulary knows is still the issuer.
        if starts:
            i = starts[0]
            parent = _cased_body(_expand(" ".join(lines[:i])))
            return _with_place(_cased_body(_expand(" ".join(lines[i:]))), parent), parent, ()
        return _cased_body(_expand(" ".join(lines))), None, ()
    # OCR: the longest run of lines, then of words, that names a known body whole.
    for size in range(n - 1, 0, -1):
        for a in range(0, n - size + 1):
            name = _known_body(" ".join(lines[a : a + size]), ocr)
            dropped = list(lines[:a]) + list(lines[a + size :])
            if name is None or _needs_place(name) or any(_unit_at(d.split(), 0, ocr) for d in dropped):
                continue  # "ỦY BAN NHÂN DÂN" without its "TỈNH …" line is no issuer
            if any(_starts_body(d) for d in lines[a + size :]):
                return None, name, implausible  # the dropped line names the issuer: this is its parent
            return name, None, ()
    tokens = " ".join(lines).split()
    for size in range(len(tokens) - 1, 1, -1):
        for a in range(0, len(tokens) - size + 1):
            name = _known_body(" ".join(tokens[a : a + size]), ocr)
            if name is not None and not _needs_place(name):
                return name, None, ()
    return None, None, implausible


@cache
def _local_heads() -> frozenset[str]:
    """Bodies named with their place ("Ủy ban nhân dân {province}", issuer_codes.tsv), folded."""
    return frozenset(_fold_key(row[1].replace(" {province}", "")) for row in read_tsv("issuer_codes.tsv")
                     if "{province}" in row[1])


def _needs_place(name: str) -> bool:
    """ "Ủy ban nhân dân", "Ủy ban nhân dân tỉnh": a local body without its place is no issuer."""
    tokens = name.split()
    return _fold_key(name) in _local_heads() or any(
        _unit_at(tokens, i) == len(tokens) - i for i in range(1, len(tokens)))


# ---------------------------------------------------------------- documents


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


def _storage_units(body: Sequence[_At]) -> frozenset[str]:
    units: set[str] = set()
    for at in body:
        if (m := _STORAGE.search(at.line.text)) is not None:
            units.update(u for u in re.split(r"[,;\s]+", m["units"]) if len(u) > 1)
    return frozenset(units)


def _repair_unit_code(number: str | None, body: Sequence[_At]) -> str | None:
    """On OCR pages, a code of the number that differs from the drafting unit of the "Lưu:" line only
    by the bar of Đ ("2470/VPCP-QHDP" beside "Lưu: VT, QHĐP") is the unit's: OCR drops that bar, it
    does not add one."""
    units = {u.replace("Đ", "D"): u for u in _storage_units(body) if "Đ" in u}
    if not units:
        return number
    parts = re.split(r"([/-])", number)
    return "".join(units.get(p, p) if "Đ" not in p else p for p in parts)


def _document(head: _Header, body: Sequence[_At], pages: Sequence[Page]) -> Document:
    page_indexes = sorted({at.page_index for at in body if not pages[at.page_index].is_cover})
    numbers = tuple(n for i in page_indexes if (n := pages[i].page_number) is not None)
    signer, signer_warnings = _find_signer(body, pages)
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
        warnings=tuple(dict.fromkeys(head.warnings + signer_warnings)),
    )


def _find_signer(body: Sequence[_At], pages: Sequence[Page]) -> tuple[Signer, tuple[str, ...]]:
    """The first signature block of the document: a position line, then a person's name.

    Only the right half of each line counts: the recipients ("Nơi nhận: …") share the signature
    block's baselines on the left. On OCR pages the seal and the signature between the position and
    the name print specks, so the position may stand up to ten lines above; the name must open with a
    Vietnamese family name and be Vietnamese syllables, the title must be a known position, else they
    are None with a warning.
    """
    def right_words(at: _At, strict: bool) -> list[Word]:
        half = pages[at.page_index].width / 2
        words = [w for w in at.line.words if w.x_mid > half]
        return words if words or strict else list(at.line.words)

    def right_text(at: _At) -> str:
        return " ".join(w.text for w in right_words(at, False)).strip()

    saw_block = False
    for n in range(1, len(body)):
        at = body[n]
        if not pages[at.page_index].ocr:
            text = right_text(at)
            if not looks_like_person_name(text):
                continue
            above = [right_text(a) for a in body[max(0, n - 3) : n]]
            titles = [t for t in above if is_upper_text(t)]
            if not titles:
                continue
            raw = _SIGNATURE_PREFIX.sub("", titles[-1])
            title = _positions().get(raw.lower(), sentence_case(raw))
            return Signer(name=" ".join(text.split()), title=title), ()
        above = [a for a in body[max(0, n - _SIGNATURE_REACH) : n] if a.page_index == at.page_index]
        near = [a for a in above if a.line.top >= at.line.top - _SIGNATURE_HEIGHT_SHARE * pages[at.page_index].height]
        titles = [t for t in _title_rows(near, right_words) if t and is_upper_text(t)]
        saw_block = saw_block or any(_signature_title(t) or _SIGNATURE_PREFIX.match(t) for t in titles)
        tokens = [t for t in _clean_tokens(right_words(at, True)) if len(t) > 1 or t.isupper()]
        text = " ".join(tokens)
        has_block = titles or any("Nơi nhận" in a.line.text for a in above)
        if not has_block or not looks_like_person_name(text):
            continue
        if tokens[0] not in _family_names() or not all(is_vietnamese_syllable(t) for t in tokens):
            saw_block = True
            continue
        title = None
        if titles and not _SIGNATURE_PREFIX.match(titles[-1]):
            title = _signature_title(titles[-1])
        return Signer(name=text, title=title), () if title else ("signer title read by OCR is not plausible",)
    return Signer(), ("signer read by OCR is not plausible",) if saw_block else ()


def _title_rows(lines: Sequence[_At], right_words) -> list[str]:
    """Right-half texts of ``lines``, a printed line that OCR split in two ("HÓ CHỦ" / "TỊCH", three
    points apart, real scan 28-pt) joined again."""
    rows: list[tuple[float, float, list[str]]] = []
    for at in lines:
        words = right_words(at, True)
        if not words:
            continue
        top, bottom = min(w.top for w in words), max(w.bottom for w in words)
        if rows and abs(top - rows[-1][0]) < 0.5 * (bottom - top):
            rows[-1][2].extend(_clean_tokens(words))
        else:
            rows.append((top, bottom, _clean_tokens(words)))
    return [" ".join(tokens) for _, _, tokens in rows]


# Lines between "Nơi nhận" (its first line beside the signer's position) and the signer's name: the
# recipients list runs down the left beside the seal and the signature (real scan 59-nd: 11 lines).
_SIGNATURE_REACH = 16
# The position stands this share of the page height above the name at most (seal and signature
# between them: 118 pt of 850 in real scan 28-pt).
_SIGNATURE_HEIGHT_SHARE = 0.2


def _signature_title(text: str) -> str | None:
    """A known position ("PHÓ CHỦ TỊCH" → "Phó Chủ tịch") spelt by ``text``, OCR damage allowed."""
    letters = _letters(_SIGNATURE_PREFIX.sub("", text))
    scored = [(_distance(letters, key), name) for key, name in _folded_positions()
              if abs(len(key) - len(letters)) <= _allowed_errors(key)]
    scored = [(d, name) for d, name in scored if d <= _allowed_errors(_letters(name))]
    return min(scored)[1] if scored else None


# ---------------------------------------------------------------- appendices


def _attach_appendices(
    documents: list[Document], stream: Sequence[_At], pages: Sequence[Page]
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
    if _letters(kind_text) != _letters(document.kind) or not is_document_number(number):
        return False
    code_kind = _kind_from_number(number)
    return code_kind in (None, document.kind) and safe_date(*date_parts(date)) == document.date


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
