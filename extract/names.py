"""Capitalisation of Vietnamese names printed in capitals ("CÀ MAU", "ỦY BAN NHÂN DÂN TỈNH HẬU GIANG"),
and the shape of Vietnamese syllables and personal names."""
from __future__ import annotations

import re
import unicodedata
from functools import cache

# Administrative units are lower case before a place name in running text ("tỉnh Cà Mau").
_UNITS = re.compile(r"\b(tỉnh|thành phố|huyện|quận|thị xã|thị trấn|xã|phường)\s+(\S.*)$", re.IGNORECASE)


def place_name_case(text: str) -> str:
    """Each syllable capitalised: "CÀ MAU" → "Cà Mau", "BÀ RỊA - VŨNG TÀU" → "Bà Rịa - Vũng Tàu".

    "THÀNH PHỐ HỒ CHÍ MINH" → "Thành phố Hồ Chí Minh" (the unit word stays lower case).
    """
    words = " ".join(text.split()).split(" ")
    cased = " ".join(w[:1].upper() + w[1:].lower() for w in words)
    m = re.match(r"^(Thành Phố|Thị Xã)\s+(.*)$", cased)
    if m:
        cased = m[1][0] + m[1][1:].lower() + " " + m[2]
    return cased


def body_name_case(text: str) -> str:
    """A body's name from capitals: "ỦY BAN NHÂN DÂN TỈNH CÀ MAU" → "Ủy ban nhân dân tỉnh Cà Mau".

    Sentence case, except that the place after an administrative unit keeps its capitals.
    """
    text = " ".join(text.split())
    if not text.isupper():
        return text
    m = _UNITS.search(text)
    head, unit, place = (text[: m.start()], m[1], m[2]) if m else (text, "", "")
    head = head.strip().lower()
    out = head[:1].upper() + head[1:]
    if unit:
        out = (out + " " if out else "") + unit.lower() + " " + place_name_case(place)
        out = out[:1].upper() + out[1:]
    return out


def sentence_case(text: str) -> str:
    """ "PHÓ CHỦ TỊCH" → "Phó chủ tịch" (callers map known titles through a vocabulary first)."""
    text = " ".join(text.split()).lower()
    return text[:1].upper() + text[1:]


def is_upper_text(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def fold_marks(text: str) -> str:
    """Vietnamese letters without their marks, case kept: "Quyết Định" → "Quyet Dinh" (tone and vowel
    marks are what OCR misreads most: "TĨNH" for "TỈNH", "QUYÉT" for "QUYẾT")."""
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    if folded.isascii():
        return folded
    for mark in _VIETNAMESE_MARKS:  # str.replace scans in C; a character at a time is 5× slower
        folded = folded.replace(mark, "")
    if folded.isascii():
        return folded
    chars = set(folded)
    if chars.isdisjoint(_combining()) and max(chars) <= "\uffff":
        return folded
    return "".join(c for c in folded if not unicodedata.combining(c))


# The marks of decomposed Vietnamese: grave, acute, circumflex, tilde, breve, hook above, horn, dot below.
_VIETNAMESE_MARKS = ("\u0300", "\u0301", "\u0302", "\u0303", "\u0306", "\u0309", "\u031b", "\u0323")


@cache
def _combining() -> frozenset[str]:
    """Every combining character of the Basic Multilingual Plane (beyond it, the slow way is taken)."""
    return frozenset(chr(c) for c in range(0x10000) if unicodedata.combining(chr(c)))


# A Vietnamese syllable: onset, vowel nucleus, coda (Đoàn Thiện Thuật, Ngữ âm tiếng Việt), on marks folded.
_SYLLABLE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?"
    r"(?:[aeiouy]{1,3})(?:ng|nh|ch|[cmnpt])?$"
)


def is_vietnamese_syllable(word: str) -> bool:
    """ "Nguyễn", "Hiệp", "Sỹ" are syllables; "Xyz", "ran." and "4NĐ" are not."""
    return bool(_SYLLABLE.match(fold_marks(word).lower()))


def _is_capitalised(word: str) -> bool:
    return len(word) >= 2 and word.isalpha() and word[0].isupper() and word[1:].islower()


def looks_like_person_name(text: str) -> bool:
    """ "Lâm Văn Bi", "Nguyễn Thanh Tùng": two to six capitalised syllables, nothing else."""
    words = text.split()
    return 2 <= len(words) <= 6 and all(_is_capitalised(w) for w in words)


# The letters of Vietnamese writing, precomposed (NFC): the 22 of the Latin alphabet it uses, đ, and the
# 12 vowels (a ă â e ê i o ô ơ u ư y) each with no tone or one of the five tones, in both cases.
_TONES = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
_LETTERS = frozenset(
    unicodedata.normalize("NFC", ch)
    for base in ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y")
    for tone in _TONES
    for ch in (unicodedata.normalize("NFD", base) + tone, unicodedata.normalize("NFD", base.upper()) + tone)
) | frozenset("bcdghklmnpqrstvxđBCDGHKLMNPQRSTVXĐ")


def is_vietnamese_spelling(word: str) -> bool:
    """A syllable written in Vietnamese letters (``word`` in NFC): "Chính", "thầu", "khoẻ" are;
    "GÛi" (Û is no Vietnamese letter), "thҫu" (Cyrillic), "LuatVietnam" and "UBND" are not.

    Stricter than ``is_vietnamese_syllable``, which folds every mark away: a text layer whose font
    encoding is broken reads as letters Vietnamese does not write (mojibake), in syllable shapes.
    """
    return bool(word) and all(c in _LETTERS for c in word) and is_vietnamese_syllable(word)


def has_vietnamese_mark(word: str) -> bool:
    """Does ``word`` carry a tone or a vowel mark, or đ ("tháng", "Đà"; not "thang", "Da")?"""
    return not word.isascii()
