"""Labels of administrative drafting: group numerals ("III."), item numbers ("4.", "2.1.", "a)") and
bullets ("- ", "+ "), shared by the table, task and agency stages."""
from __future__ import annotations

import difflib
import re

BULLET = re.compile(r"^\s*[-–—+•●▪*]\s*")
# A line opening a paragraph: a bullet ("- Kế hoạch…", "-Kế hoạch…") or an item label ("a) …",
# "1. …", "2.1. …"); Cà Mau 43 evidence cells list documents this way.
PARAGRAPH_OPENER = re.compile(r"^(?:[-–—+•●▪*]\s|[-–—+•]\S|[a-zđ]\)\s|\d+(?:\.\d+)*[.)]\s)")
# A bullet or an item label at the start of an agency paragraph ("- Sở Nội vụ …", "a) Sở …").
LIST_MARK = re.compile(r"^\s*(?:[-–—+•●▪*]|[a-zđ]\)|\d+(?:\.\d+)*[.)])\s*")
# A group label: a roman numeral or a capital letter of the Vietnamese alphabet ("I.", "II", "A)", "Đ").
GROUP_LABEL = re.compile(r"^(?:[IVXLC]+|[A-ZĐ])[.)]?(?:\s|$)")
ROMAN_GROUP = re.compile(r"^(?=[IVXLC]+\b)[IVXLC]+[.)]?(?:\s+|$)")
# Arabic group numbers need their full stop ("1. Luật Các tổ chức tín dụng": Quyết định 299/QĐ-TTg,
# the TT cell spanning the rows of one law).
_GROUP_TITLE = re.compile(r"^(?P<n>[IVXLC]+|[A-ZĐ]|\d{1,2}(?=[.)]))[.)]?\s+(?P<title>.+)$", re.DOTALL)
_LABEL = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*|[IVXLC]+|[a-zđ])$")
_ITEM = re.compile(r"^(?P<n>\d+(?:\.\d+)*|[a-zđ])[.)]\s*(?P<rest>.*)$", re.DOTALL)
_INLINE_NUMBER = re.compile(r"^(?P<n>\d+(?:\.\d+)*)[.)]?(?:\s|$)")
_NUMBER_CELL = re.compile(r"^\s*(\d+(?:\.\d+)*|[IVXLC]+|[a-zđ])\b")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def split_group(text: str | None) -> tuple[str | None, str | None]:
    """ "III. Cải cách thủ tục hành chính" → ("III", "Cải cách thủ tục hành chính").

    >>> split_group("I. Công tác chỉ đạo điều hành CCHC")
    ('I', 'Công tác chỉ đạo điều hành CCHC')
    >>> split_group("Nhiệm vụ khác"), split_group("1. Luật Đất đai")
    ((None, 'Nhiệm vụ khác'), ('1', 'Luật Đất đai'))
    """
    if not text:
        return None, None
    flat = " ".join(text.split())
    m = _GROUP_TITLE.match(flat)
    if m:
        return m["n"], m["title"]
    return None, flat


def split_item_number(text: str | None) -> tuple[str | None, str | None]:
    """ "4. Công khai tiến độ…" → ("4", "Công khai tiến độ…"); text without a number is kept whole."""
    if not text:
        return None, text
    m = _ITEM.match(text.strip())
    if m and m["rest"]:
        return m["n"], m["rest"].strip()
    return None, text.strip()


def has_inline_number(text: str | None) -> bool:
    """Does a task text open with its item number ("1. Hoàn thành…")?"""
    return bool(text and _INLINE_NUMBER.match(text))


def number_cell_value(text: str) -> str:
    """The item number of a number cell as printed, without OCR specks ("4+" → "4")."""
    m = _NUMBER_CELL.match(text)
    return m[1] if m else " ".join(text.split()).rstrip(".")


def is_label(text: str | None) -> bool:
    """Is ``text`` an item or group label of drafting practice ("4", "2.1", "III", "a")?

    >>> is_label("2.1"), is_label("III"), is_label("D"), is_label("2-7"), is_label("2.3.")
    (True, True, False, False, False)
    """
    return bool(text and _LABEL.match(text))


def next_label(label: str) -> str | None:
    """The label after ``label`` in its series: "4" → "5", "2.1" → "2.2", "III" → "IV", "b" → "c".

    >>> next_label("4"), next_label("2.1"), next_label("III"), next_label("b")
    ('5', '2.2', 'IV', 'c')
    """
    if re.fullmatch(r"\d+(?:\.\d+)*", label):
        head, _, last = label.rpartition(".")
        return f"{head}.{int(last) + 1}" if head else str(int(last) + 1)
    if (n := roman_to_int(label)) is not None:
        return int_to_roman(n + 1)
    letters = "abcdđeghiklmnopqrstuvxy"  # the Vietnamese alphabet drafting uses for points a), b) …
    if len(label) == 1 and label in letters[:-1]:
        return letters[letters.index(label) + 1]
    return None


def strip_bullet(text: str) -> str:
    return BULLET.sub("", text).strip()


def roman_to_int(text: str) -> int | None:
    """ "XIV" → 14; None for what is not a roman numeral.

    >>> roman_to_int("XIV"), roman_to_int("III"), roman_to_int("3")
    (14, 3, None)
    """
    if not text or any(c not in _ROMAN_VALUES for c in text):
        return None
    values = [_ROMAN_VALUES[c] for c in text]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def int_to_roman(n: int) -> str:
    """ 14 → "XIV".

    >>> int_to_roman(14), int_to_roman(4)
    ('XIV', 'IV')
    """
    out = []
    for value, letters in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                           (4, "IV"), (1, "I")):
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


# The letters drafting labels sections with, in order: the Vietnamese alphabet (no F, J, W, Z; Đ after D).
VIETNAMESE_CAPITALS = "ABCDĐEGHIKLMNOPQRSTUVXY"


def group_scheme(label: str, after: str | None = None) -> str:
    """The numbering scheme of a group label: "letter" (A, B, Đ …), "roman" (I, II …) or "number".

    A capital that is also a roman numeral (C, D, I, V, X, L) is a letter when it follows ``after``, the
    last letter label before it ("C" after "B", "I" after "H"), else a numeral.

    >>> group_scheme("Đ"), group_scheme("II"), group_scheme("C", after="B"), group_scheme("I", after="A")
    ('letter', 'roman', 'letter', 'roman')
    """
    if label.isdigit():
        return "number"
    if len(label) == 1 and label in VIETNAMESE_CAPITALS:
        follows = after is not None and after in VIETNAMESE_CAPITALS and (
            VIETNAMESE_CAPITALS.index(label) == VIETNAMESE_CAPITALS.index(after) + 1)
        if follows or roman_to_int(label) is None:
            return "letter"
    return "roman" if roman_to_int(label) is not None else "letter"


def next_in_scheme(label: str, scheme: str) -> str | None:
    """The label after ``label`` in its scheme: letters run through the Vietnamese alphabet ("D" → "Đ"),
    numerals and numbers count.

    >>> next_in_scheme("D", "letter"), next_in_scheme("C", "letter"), next_in_scheme("I", "roman")
    ('Đ', 'D', 'II')
    """
    if scheme == "letter":
        k = VIETNAMESE_CAPITALS.find(label)
        return VIETNAMESE_CAPITALS[k + 1] if 0 <= k < len(VIETNAMESE_CAPITALS) - 1 else None
    if scheme == "roman" and (n := roman_to_int(label)) is not None:
        return int_to_roman(n + 1)
    if scheme == "number" and label.isdigit():
        return str(int(label) + 1)
    return None


# A table's groups are numbered I, II … and seldom past XX; OCR reads the bold "I" as "L", "l", "1"
# or "|", and "II" as "H" (Cà Mau 43 scans, luatvn-nq03-cp-2010).
MAX_GROUP_NUMERAL = 30
_NUMERAL_GLYPHS = str.maketrans({"L": "I", "l": "I", "1": "I", "|": "I", "!": "I", "H": "II"})


def mend_numeral(number: str | None) -> str | None:
    """A group numeral as it must have been printed: "L" → "I", "LI" → "II", "VIH" → "VIII"; others as read.

    >>> mend_numeral("LI"), mend_numeral("VIH"), mend_numeral("IV"), mend_numeral("B")
    ('II', 'VIII', 'IV', 'B')
    """
    if not number or (roman_to_int(number) or 99) <= MAX_GROUP_NUMERAL or number.isdigit() and len(number) <= 2:
        return number
    mended = number.translate(_NUMERAL_GLYPHS)
    value = roman_to_int(mended)
    if value is not None and value <= MAX_GROUP_NUMERAL and int_to_roman(value) == mended:
        return mended
    return number


def roman_reading(label: str) -> str | None:
    """The roman numeral OCR may have read as ``label`` ("1" for a bold "I", "11" or "H" for "II"), or None.

    >>> roman_reading("1"), roman_reading("11"), roman_reading("H"), roman_reading("4")
    ('I', 'II', 'II', None)
    """
    mended = label.translate(_NUMERAL_GLYPHS)
    value = roman_to_int(mended)
    return mended if value is not None and value <= MAX_GROUP_NUMERAL and int_to_roman(value) == mended else None


# Readings of one title differ by a few characters; titles of two groups by most of their words.
SAME_TITLE_RATIO = 0.8


def same_title(a: str | None, b: str | None) -> bool:
    """Two readings of one group title (the same cell OCR'd on two rows or pages)?

    >>> same_title("Luật Các tổ chức tín dụng", "Luật Các tổ chức tin dụng"), same_title("Luật Đất đai", "Luật Nhà ở")
    (True, False)
    """
    if a == b:
        return True
    if not a or not b:
        return False
    return difflib.SequenceMatcher(None, a.casefold(), b.casefold(), autojunk=False).ratio() >= SAME_TITLE_RATIO
