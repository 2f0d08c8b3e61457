"""Repairing OCR'd Vietnamese text from what the language allows.

Vietnamese writes one syllable per token, from a closed inventory (about 7,000 syllables), and
Tesseract's errors on it are mostly one diacritic off: a tone ("để xuất" for "đề xuất", "Chỉ trả" for
"Chi trả"), a vowel mark ("quôc" for "quốc"), the stroke of "đ". A token is repaired only when the
language decides it:
- a token that is not a syllable becomes its one-mark neighbour when exactly one neighbour forms a
  known word with the token beside it, or when it has exactly one neighbour at all;
- a syllable that forms no known word with either neighbour becomes the one-mark neighbour that lets
  more of the syllables around it be read as known words ("Chỉ trả trợ cấp" → "Chi trả trợ cấp"; in
  "để xuất khẩu", "xuất" belongs to "xuất khẩu" either way, so "để" stays), and only along the
  misreadings Tesseract makes (``is_ocr_misread``);
- a token that is a syllable and part of a known word is never changed.
Digits misread as letters are mended where only a number can stand: "tháng l1" → "tháng 11".

``repair_tokens`` is pure: the lexicon is passed in (``extract.scan.lexicon.ocr_lexicon``).
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

_TONES = {"\u0300": 1, "\u0301": 2, "\u0303": 3, "\u0309": 4, "\u0323": 5}
_MARKS = {"\u0306": "breve", "\u0302": "circumflex", "\u031b": "horn"}
_EDGE = re.compile(r"^(?P<pre>[^\w]*)(?P<core>.*?)(?P<post>[^\w]*)$", re.DOTALL)
_LETTERS = re.compile(r"^[^\W\d_]+$")
# Words after which only a number can stand (dates, counts); "Quý", "Phần", "Chương" take roman
# numerals and are not among them.
_NUMBER_BEFORE = {"ngày", "tháng", "năm", "số", "khoản", "điều"}
# What OCR reads for a single upright stroke: a one, or the I of a roman numeral.
_STROKE_READINGS = "lI|Ìí"
_DIGIT_LOOKALIKE = str.maketrans({**dict.fromkeys(_STROKE_READINGS, "1"), "O": "0", "o": "0"})
_ITEM_COMMA = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*|[IVX]{1,5}),$")
_NUMBERISH = re.compile(rf"^[0-9{_STROKE_READINGS}Oo]+(?:[/.-][0-9{_STROKE_READINGS}Oo]+)*$")
# After "Quý" stands a quarter, I to IV (or 1 to 4): "Quý 11/2024" and "Quý IH/2024" are "Quý II/2024" read
# on a 150-dpi scan, the strokes of a roman numeral taken for ones or, joined by a serif, for an "H".
_QUARTER = re.compile(rf"^(?P<numeral>[1{_STROKE_READINGS}H]{{1,3}})(?P<rest>(?:/\d{{2,4}})?[.,;:]?)$")
_STROKES = {**dict.fromkeys("1" + _STROKE_READINGS, "I"), "H": "II"}
# Between "tháng" and "năm" stands a month's number, never a letter: a lone letter there is a digit
# misread by its shape ("tháng Š năm 2024" for "tháng 5", vnlaw-163-tb-vpcp, at 0.91).
_MONTH_LOOKALIKE = {**dict.fromkeys(_STROKE_READINGS, "1"), "S": "5", "Š": "5", "s": "5", "Z": "2", "z": "2",
                    "B": "8", "G": "6"}


@dataclass(frozen=True, slots=True)
class SyllableParts:
    """A syllable taken apart: its base letters, its tone and the marks on each letter."""

    key: str                           # base letters, every mark gone ("đ" → "d"), lower case
    tone: int                          # 0 (ngang), 1 huyền, 2 sắc, 3 ngã, 4 hỏi, 5 nặng
    marks: tuple[tuple[str, ...], ...]  # per letter: its vowel marks and the stroke of "đ"


# Pages repeat their syllables: each is taken apart once (a lexicon's worth).
@lru_cache(maxsize=1 << 15)
def syllable_parts(syllable: str) -> SyllableParts:
    """``syllable`` taken apart (``extract.scan.context`` weighs its variants with the same key).

    >>> p = syllable_parts("Đường"); p.key, p.tone, p.marks[0], p.marks[2]
    ('duong', 1, ('stroke',), ('horn',))
    """
    key, marks, tone = [], [], 0
    for ch in unicodedata.normalize("NFD", syllable):
        if ch in _TONES:
            tone = _TONES[ch]
        elif ch in _MARKS:
            if marks:
                marks[-1] = marks[-1] + (_MARKS[ch],)
        elif ch in "đĐ":
            key.append("d")
            marks.append(("stroke",))
        else:
            key.append(ch.lower())
            marks.append(())
    return SyllableParts(key="".join(key), tone=tone, marks=tuple(marks))


# How Tesseract's Vietnamese model misreads diacritics on print (measured on the dev scans against
# their text layers: "kiếm" for "kiểm", "TÍNH" for "TỈNH", "Cống" for "Cổng", "Chỉ" for "Chi",
# "THỤC" for "THỰC"): a hook above read as an acute, a hook added where there was none, a horn dropped;
# blurred low-resolution scans add or drop the bar of "đ" ("xây đựng", the rough Cà Mau 43 scan).
# A valid syllable is only ever moved back along these; the reverse moves ("tỉnh" → "tính", "của" →
# "cửa") are what the language allows just as well, so they would be guesses.
# The last two also happen the other way round in correct print ("Sở", "của" are everyday words), so
# they are only undone on words Tesseract itself was unsure of.
_OCR_MISREADS = {("tone", 4, 2): 1.0, ("tone", 0, 4): 0.95, ("horn", True, False): 0.95, ("stroke", True, False): 0.95,
                 ("stroke", False, True): 0.95}
# On a word Tesseract was this unsure of, any one-mark move the language supports is taken (blurred
# low-resolution scans lose and swap marks in every direction: the rough scan of Cà Mau 43).
ANY_MISREAD_BELOW = 0.8


def _misread_move(printed: str, read: str) -> tuple | None:
    """The one diacritic that tells ``read`` from ``printed``, as a key of ``_OCR_MISREADS`` (None
    when they differ otherwise)."""
    pa, pb = syllable_parts(printed), syllable_parts(read)
    if pa.key != pb.key or mark_distance(printed, read) != 1:
        return None
    if pa.tone != pb.tone:
        return ("tone", pa.tone, pb.tone)
    for x, y in zip(pa.marks, pb.marks):
        if set(x) != set(y):
            for mark in ("horn", "stroke"):
                if set(x) - {mark} == set(y) - {mark}:
                    return (mark, mark in x, mark in y)
            return ("mark", x, y)
    return None


def is_ocr_misread(printed: str, read: str, confidence: float = 1.0) -> bool:
    """Could Tesseract have read ``printed`` as ``read``, which it was ``confidence`` sure of (one
    diacritic off, in a known direction)?

    >>> is_ocr_misread("kiểm", "kiếm"), is_ocr_misread("chi", "chỉ", 0.89), is_ocr_misread("chi", "chỉ")
    (True, True, False)
    >>> is_ocr_misread("tính", "tỉnh", 0.9), is_ocr_misread("tính", "tỉnh", 0.5)
    (False, True)
    """
    move = _misread_move(printed, read)
    if move is None:
        return False
    if confidence < ANY_MISREAD_BELOW:
        return True
    limit = _OCR_MISREADS.get(move)
    return limit is not None and (limit >= 1.0 or confidence < limit)


def mark_distance(a: str, b: str) -> int | None:
    """How many diacritics tell ``a`` from ``b`` (tone, vowel marks, stroke); None when their letters differ.

    >>> mark_distance("đề", "để"), mark_distance("quôc", "quốc"), mark_distance("chi", "chỉ"), mark_distance("xã", "xa")
    (1, 1, 1, 1)
    >>> mark_distance("trả", "trợ") is None
    True
    """
    pa, pb = syllable_parts(a), syllable_parts(b)
    if pa.key != pb.key:
        return None
    return int(pa.tone != pb.tone) + sum(len(set(x) ^ set(y)) for x, y in zip(pa.marks, pb.marks))


# Pairs are taken from words of up to this many syllables: inside idioms ("cửa các buồng khuê") a
# pair of everyday syllables is no evidence of a word.
MAX_WORD_SYLLABLES = 3


@dataclass(frozen=True)
class Lexicon:
    """Valid syllables, syllable pairs of known words, and syllables by their base letters."""

    syllables: frozenset[str]
    pairs: frozenset[tuple[str, str]]
    by_key: dict[str, tuple[str, ...]] = field(hash=False, compare=False)
    triples: frozenset[tuple[str, str, str]] = frozenset()
    codes: frozenset[str] = frozenset()  # document and issuer codes ("QĐ", "UBND", "TT")
    small_pairs: frozenset[tuple[str, str]] = frozenset()  # two-syllable words written with a small second syllable

    @classmethod
    def from_words(cls, words: Iterable[str], codes: Iterable[str] = (), terms: Iterable[str] = (),
                   names: Iterable[str] = ()) -> Lexicon:
        """A lexicon from a dictionary's ``words``, a domain's fixed ``terms`` and ``names`` (every pair
        in those counts, whatever their length; names say nothing of how small words are written:
        vocabularies keep them in any case)."""
        tokens: set[str] = set()
        pairs: set[tuple[str, str]] = set()
        triples: set[tuple[str, str, str]] = set()
        small: set[tuple[str, str]] = set()
        entries = [(w, False, True) for w in words] + [(t, True, True) for t in terms] + [(n, True, False) for n in names]
        for word, is_term, tells_case in entries:
            printed = [q for p in word.split() if (q := p.strip(",.;:()"))]
            parts = [p.lower() for p in printed]
            if tells_case and len(printed) == 2 and printed[1][:1].islower():
                small.add((parts[0], parts[1]))  # a two-syllable word whose second syllable is small
            tokens.update(parts)
            if is_term or len(parts) <= MAX_WORD_SYLLABLES:
                pairs.update(zip(parts, parts[1:]))
                triples.update(zip(parts, parts[1:], parts[2:]))
        syllables = {t for t in tokens if _LETTERS.match(t)}
        by_key: dict[str, list[str]] = {}
        for s in syllables:
            by_key.setdefault(syllable_parts(s).key, []).append(s)
        return cls(syllables=frozenset(syllables), pairs=frozenset(pairs),
                   by_key={k: tuple(sorted(v)) for k, v in by_key.items()}, triples=frozenset(triples),
                   codes=frozenset(codes), small_pairs=frozenset(small))

    def neighbours(self, syllable: str, max_distance: int = 1) -> list[str]:
        """Syllables of the lexicon one (or ``max_distance``) diacritics away from ``syllable``."""
        out = []
        for s in self.by_key.get(syllable_parts(syllable).key, ()):
            d = mark_distance(s, syllable)
            if d is not None and 0 < d <= max_distance:
                out.append(s)
        return out


# Letters whose capital is the small letter enlarged: Tesseract mixes up their case ("Số" for "số",
# "Và" for "và", "hồ Sơ" for "hồ sơ", Cà Mau 43 scan). A capital is only lowered where the language
# says so: the word continues the word before it, or is a word that never starts a name.
_SAME_SHAPE = set("cosvwxzuôơư")
_NEVER_NAMES = {"và", "với", "số", "của"}


def _misread_capital(cores: Sequence[str], low: Sequence[str], i: int, lexicon: Lexicon, before_post: str) -> bool:
    """Is ``cores[i]`` a small word Tesseract read as a capital (see ``_SAME_SHAPE``)?"""
    core, before = cores[i], cores[i - 1]
    if core == low[i] or not before or before_post.strip(" ") in {".", ":", ";", "!", "?"}:
        return False  # a capital after a full stop or a colon opens a sentence
    capitals = [c for c in core if c.isalpha()] if core.isupper() else [core[0]]
    if not all(syllable_parts(c.lower()).key in _SAME_SHAPE or c.lower() in _SAME_SHAPE for c in capitals):
        return False
    if not (before[:1].islower() or before in lexicon.codes):
        return False  # after a capitalised word it may be part of a name ("Cổng Dịch vụ"), or a heading
    after = cores[i + 1] if i + 1 < len(cores) else ""
    if not after or after[:1].isupper():
        return False  # the first word of a name ("tỉnh Sóc Trăng"), or a name closing a list
    if low[i] in _NEVER_NAMES:
        return True
    return not before_post and (low[i - 1], low[i]) in lexicon.small_pairs  # "hồ Sơ": inside one word


def _undoubled(code: str) -> str | None:
    """ "QĐĐ" → "QĐ": the code with one doubled letter written once; None without a doubled letter."""
    for k in range(1, len(code)):
        if code[k] == code[k - 1]:
            return code[:k] + code[k + 1:]
    return None


def _undoubled_codes(number: str, codes) -> str:
    """A document number with each of its codes that is no code but one with a doubled letter written
    once ("09/2022/QĐĐ-UBND" → "09/2022/QĐ-UBND"); the number as it is otherwise."""
    def mend(m: re.Match[str]) -> str:
        part = m.group(0)
        short = _undoubled(part) if len(part) > 2 and part not in codes else None
        return short if short in codes else part
    return re.sub(r"[^\W\d_]+", mend, number)


# A change that lets this many more syllables be read as known words, the token among them, is taken
# in any direction ("Luật Tổ chức Chỉnh phủ", "chính quyên địa phương", "Luật Án ninh mạng": 1-bit
# scans drop and swap marks other ways than grey ones).
STRONG_GAIN = 1.5
# ... on a word Tesseract was less sure of than this (the misread ones on the real scans: 0.85-0.94).
STRONG_BELOW = 0.95
# On black-and-white scans: a change that makes a known word of the token and its neighbour.
BILEVEL_GAIN = 1.5
# Syllables on each side of a token that decide how the words around it can be read.
WINDOW = 3


def _coverage(low: Sequence[str], i: int, syllable: str, lexicon: Lexicon) -> float:
    """How many syllables around ``i`` the best reading into known words covers when ``i`` is
    ``syllable``, plus a half when ``i`` itself is in a word: "Chi trả trợ cấp" 4.5, "Chỉ trả trợ cấp"
    2; "tuyển dụng công chức" 4.5, "tuyến dụng công chức" 2 ("dụng công" or "công chức"); "sau kiểm
    tra của" 2.5, "sau kiếm tra của" 2 ("tra của")."""
    lo, hi = max(0, i - WINDOW), min(len(low), i + WINDOW + 1)
    seq = [syllable if k == i else low[k] for k in range(lo, hi)]
    at = i - lo
    # best[k]: (syllables covered in seq[:k], whether ``at`` is covered), the larger first
    best: list[tuple[int, int]] = [(0, 0)] * (len(seq) + 1)
    for k in range(1, len(seq) + 1):
        options = [best[k - 1]]
        for size, known in ((2, lexicon.pairs), (3, lexicon.triples)):
            if k >= size and tuple(seq[k - size:k]) in known:
                covered, has_at = best[k - size]
                options.append((covered + size, has_at or int(k - size <= at < k)))
        best[k] = max(options)
    covered, has_at = best[-1]
    return covered + 0.5 * has_at


# Words that stand before a number in legal text (articles, clauses, dates, numbers): one letter or
# mark off before a number, a token is one of them ("Điền 151" → "Điều 151", "sô 31/2024/QH15" → "số").
_NUMBER_WORDS = ("điều", "khoản", "điểm", "chương", "mục", "phần", "số", "ngày", "tháng", "năm", "quý", "phụ lục")


def _number_word(core: str, lexicon: Lexicon) -> str | None:
    """The word of ``_NUMBER_WORDS`` ``core`` is one mark away from, or one letter when ``core`` is
    no syllable or capitalised as the parts of a law are ("Điều", "Khoản"), if exactly one."""
    low = core.lower()
    if low in _NUMBER_WORDS:
        return None
    letters_ok = low not in lexicon.syllables or core[:1].isupper()
    near = [w for w in _NUMBER_WORDS
            if " " not in w and (mark_distance(w, low) == 1 or letters_ok and _one_letter_off(w, low))]
    return near[0] if len(near) == 1 else None


def _one_letter_off(a: str, b: str) -> bool:
    """Same length, the same marks, one letter different ("điều" / "điền")."""
    if len(a) != len(b) or len(a) < 3:
        return False
    return sum(x != y for x, y in zip(a, b)) == 1 and syllable_parts(a).tone == syllable_parts(b).tone


def _recase(like: str, word: str) -> str:
    if like.isupper() and len(like) > 1:
        return word.upper()
    if like[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


# OCR specks: a lone mark read with low confidence ("tỉnh ." at 0.3, "Bộ : Nội vụ" at 0.6, the rough
# Cà Mau 43 scan), a lone consonant that no Vietnamese word is ("ban, s ngành" at 0.8). A tilde alone
# is a dash (Vietnamese never writes one).
SPECK_BELOW = 0.7
LONE_LETTER_BELOW = 0.9
_CONSONANTS = set("bcdđfghjklmnpqrstvwxz")
# Marks that stand alone in administrative text: bullets, dashes, a colon, the percent sign.
_MARKS_OF_TEXT = set("-–—+•*:;,.%()/~")


def drop_specks(tokens: Sequence[str], confidences: Sequence[float | None]) -> list[int]:
    """Indexes of the tokens to keep (see the constants above)."""
    keep = []
    for i, (t, c) in enumerate(zip(tokens, confidences)):
        conf = 1.0 if c is None else c
        if len(t) == 1 and not t.isalnum() and t != "~" and conf < SPECK_BELOW:
            continue
        if len(t) == 1 and not t.isalnum() and t not in _MARKS_OF_TEXT and conf < LONE_LETTER_BELOW:
            continue
        if len(t) == 1 and t.lower() in _CONSONANTS and conf < LONE_LETTER_BELOW:
            nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
            if not nxt.startswith((")", ".")):  # a list label "b)" keeps its letter
                continue
        keep.append(i)
    return keep


def repair_tokens(tokens: Sequence[str], lexicon: Lexicon, confidences: Sequence[float | None] | None = None,
                  *, opens_cell: bool = False, bilevel: bool = False) -> list[str]:
    """``tokens`` (one line or cell of OCR'd text, in reading order, with Tesseract's confidence in
    each) repaired (see the module). ``opens_cell``: the tokens are a table cell's, so the first one
    may be an item label. ``bilevel``: read from a black-and-white scan, where Tesseract is sure of
    marks it misread ("Cơ quan phôi hợp", "chỉ tiết", "tô chức" at 0.95-0.97 on the real 1-bit scans):
    strong lexicon evidence then moves a syllable whatever the confidence."""
    split = [_EDGE.match(t) for t in tokens]
    cores = [m["core"] if m else t for m, t in zip(split, tokens)]
    low = [c.lower() for c in cores]
    n = len(tokens)

    def pair(i: int, j: int) -> bool:
        return 0 <= i < n and 0 <= j < n and (low[i], low[j]) in lexicon.pairs

    out = list(tokens)
    for i, t in enumerate(tokens):
        if t == "~":
            out[i] = "-"
    if opens_cell and n > 1 and _ITEM_COMMA.match(tokens[0]) and tokens[1][:1].isupper():
        out[0] = tokens[0][:-1] + "."  # a label ends in a full stop: "5, Theo dõi" is "5. Theo dõi", "V," is "V."
    for i, core in enumerate(cores):
        prev = low[i - 1] if i else ""
        if prev == "quý" and (q := _QUARTER.match(tokens[i])) and q["numeral"] not in {"1", "I", "II", "III"}:
            numeral = "".join(_STROKES[c] for c in q["numeral"])
            if len(numeral) <= 3:
                out[i] = numeral + q["rest"]  # "11" is no quarter; "1" (Quý 1) and what is right stay
                continue
        if prev == "tháng" and core in _MONTH_LOOKALIKE and i + 1 < n and low[i + 1] == "năm":
            out[i] = split[i]["pre"] + _MONTH_LOOKALIKE[core] + split[i]["post"]
            continue
        if _NUMBERISH.match(core) and any(c.isdigit() for c in core) and prev in _NUMBER_BEFORE:
            fixed = core.translate(_DIGIT_LOOKALIKE)
            if fixed != core:
                out[i] = split[i]["pre"] + fixed + split[i]["post"]
            continue
        if core.isupper() and len(core) > 2 and (short := _undoubled(core)) and short in lexicon.codes \
                and core not in lexicon.codes:
            out[i] = split[i]["pre"] + short + split[i]["post"]  # "QĐĐ": a letter read twice
            cores[i] = short
            continue
        if "/" in core and (fixed := _undoubled_codes(core, lexicon.codes)) != core:
            out[i] = split[i]["pre"] + fixed + split[i]["post"]  # "09/2022/QĐĐ-UBND": the same inside a number
            cores[i] = fixed
            continue
        if not _LETTERS.match(core):
            continue
        if i + 1 < n and cores[i + 1][:1].isdigit() and (word := _number_word(core, lexicon)) is not None:
            low[i], cores[i] = word.lower(), _recase(core, word)
            out[i] = split[i]["pre"] + cores[i] + split[i]["post"]
            continue
        if i and _misread_capital(cores, low, i, lexicon, split[i - 1]["post"] if split[i - 1] else ""):
            cores[i] = low[i]
            out[i] = split[i]["pre"] + low[i] + split[i]["post"]
        valid = low[i] in lexicon.syllables
        if valid and (pair(i - 1, i) or pair(i, i + 1)):
            continue  # a syllable of a known word: never changed
        candidates = lexicon.neighbours(low[i], 1 if valid else 2)
        conf = confidences[i] if confidences is not None and confidences[i] is not None else 1.0
        here = _coverage(low, i, low[i], lexicon)
        scored = []
        for c in candidates:
            gain = _coverage(low, i, c, lexicon) - here
            if gain <= 0:
                continue
            strong = gain >= STRONG_GAIN and (conf < STRONG_BELOW or bilevel and gain >= BILEVEL_GAIN)
            if valid and not strong and not is_ocr_misread(c, low[i], conf):
                continue  # a weak reading moves a valid syllable only along Tesseract's known misreads
            if gain < 1 and _OCR_MISREADS.get(_misread_move(c, low[i])) != 1.0:
                continue
            scored.append((gain, c))
        choice = None
        if scored:
            top = max(s for s, _ in scored)
            best = [c for s, c in scored if s == top]
            if len(best) > 1:  # a tie: the misreading Tesseract is known to make wins
                best = [c for c in best if _misread_move(c, low[i]) in _OCR_MISREADS] or best
            choice = best[0] if len(best) == 1 else None
        elif not valid and not core.isascii():  # an ASCII token is a loanword or a code ("chip", "VNPT")
            near = [c for c in candidates if mark_distance(c, low[i]) == 1]
            choice = near[0] if len(near) == 1 else None
        if choice is not None:
            low[i] = choice
            cores[i] = _recase(core, choice)
            out[i] = split[i]["pre"] + cores[i] + split[i]["post"]
    return out
