"""Labels of administrative drafting: group numerals ("III."), item numbers ("4.", "2.1.", "a)") and
bullets ("- ", "+ "), shared by the table, task and agency stages."""
from __future__ import annotations

import re

BULLET = re.compile(r"^\s*[-–—+•●▪*]\s*")
# A line opening a paragraph: a bullet ("- Kế hoạch…", "-Kế hoạch…") or an item label ("a) …",
# "1. …", "2.1. …"); Cà Mau 43 evidence cells list documents this way.
PARAGRAPH_OPENER = re.compile(r"^(?:[-–—+•●▪*]\s|[-–—+•]\S|[a-zđ]\)\s|\d+(?:\.\d+)*[.)]\s)")
# A bullet or an item label at the start of an agency paragraph ("- Sở Nội vụ …", "a) Sở …").
LIST_MARK = re.compile(r"^\s*(?:[-–—+•●▪*]|[a-zđ]\)|\d+(?:\.\d+)*[.)])\s*")
# A group label: a roman numeral or a capital letter ("I.", "II", "A)").
GROUP_LABEL = re.compile(r"^(?:[IVXLC]+|[A-Z])[.)]?(?:\s|$)")
ROMAN_GROUP = re.compile(r"^(?=[IVXLC]+\b)[IVXLC]+[.)]?(?:\s+|$)")
# Arabic group numbers need their full stop ("1. Luật Các tổ chức tín dụng": Quyết định 299/QĐ-TTg,
# the TT cell spanning the rows of one law).
_GROUP_TITLE = re.compile(r"^(?P<n>[IVXLC]+|[A-Z]|\d{1,2}(?=[.)]))[.)]?\s+(?P<title>.+)$", re.DOTALL)
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
