"""The words of header and signature blocks as they are read: letters, tokens without specks, stamps.

A line of the issue's stream is a ``LineAt`` (page, line, the line). Fields of the administrative
layout are matched on folded capitals (``folded_letters``) within an edit distance that grows with the word
(``allowed_errors``): OCR damages a letter or two, never a whole word. Stamps ("ĐẾN", "HỎA TỐC",
"MẬT", header_marks.tsv) are taken out before a field is read.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from ..data import read_tsv
from ..models import Line, Word
from ..names import fold_marks


@dataclass(frozen=True, slots=True)
class LineAt:
    page_index: int
    line_index: int
    line: Line


@cache
def header_marks(role: str) -> tuple[str, ...]:
    return tuple(row[1] for row in read_tsv("header_marks.tsv") if row[0] == role)


@cache
def stamp_phrases() -> tuple[tuple[str, ...], ...]:
    """Stamp phrases as folded words, longest first."""
    return tuple(sorted((tuple(folded_letters(t) for t in m.split()) for m in header_marks("stamp")), key=len, reverse=True))


def folded_letters(text: str) -> str:
    """Capitals with marks folded, letters only: "Thông tư" → "THONGTU"."""
    return "".join(c for c in fold_marks(text).upper() if c.isalpha())


def is_upper_token(text: str) -> bool:
    # str.isupper (in C; most words are not in capitals): no small letter, no titlecase letter ("ǅ"), and
    # a capital, which must also be a letter (not "Ⓐ").
    return text.isupper() and any(c.isalpha() and c.isupper() for c in text)


def has_letter(text: str) -> bool:
    return any(c.isalpha() for c in text)


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def prefix_distance(pattern: str, text: str) -> int:
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


def allowed_errors(letters: str) -> int:
    """OCR damage tolerated in a word of vocabulary: none in 4 letters ("LUẬT" vs "LỆNH" must stay
    apart), one up to 7 ("THÔNG TU'"), two beyond ("QUYÊT ĐINH")."""
    return 0 if len(letters) <= 4 else 1 if len(letters) <= 7 else 2


def clean_tokens(words: Sequence[Word]) -> list[str]:
    """Word texts without OCR specks: tokens with no letter or digit dropped, punctuation trimmed."""
    out = []
    for w in words:
        t = w.text.strip("`'\"“”‘’^ˆ~_|—–-=<>»«*#.,;:!?()[]{}")
        if t and any(c.isalnum() for c in t):
            out.append(t)
    return out


def stamp_free(tokens: Sequence[str]) -> list[str]:
    """``tokens`` without the words of stamps ("MẬT", "CÔNG VĂN ĐẾN", "Giờ")."""
    folded = [folded_letters(t) for t in tokens]
    keep = [True] * len(tokens)
    for stamp in stamp_phrases():
        for i in range(len(tokens) - len(stamp) + 1):
            if tuple(folded[i : i + len(stamp)]) == stamp and all(t[:1].isupper() for t in tokens[i : i + len(stamp)]):
                keep[i : i + len(stamp)] = [False] * len(stamp)
    return [t for t, k in zip(tokens, keep) if k]


def is_stamp(tokens: Sequence[str]) -> bool:
    return len(stamp_free(tokens)) < len(tokens)
