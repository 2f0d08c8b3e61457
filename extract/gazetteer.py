"""The gazetteer: Vietnamese public bodies and provinces as reviewed data, and lookups on it.

The data are TSV files in ``extract/data/``, each naming its legal source in its header:
``central_bodies.tsv`` (Party, State, National Assembly, Government, the ministries before and after
Nghị quyết 176/2025/QH15, agencies under the Government, the Front, mass organisations, state groups),
``local_bodies.tsv`` (provincial departments per Nghị định 107/2020/NĐ-CP and 45/2025/NĐ-CP, local
branches of central bodies, district and commune bodies), ``provinces.tsv`` (the 63 provinces before and
the 34 after Nghị quyết 202/2025/QH15) and ``abbreviations.tsv`` (UBND, HĐND, TT&TT …). They are read
once per process. Every lookup is a pure function of its text; this module imports neither spaCy nor
underthesea, so any stage may use it.

- ``canonical_body(text)``: the official name when ``text`` names a body of the gazetteer, whatever its
  case, tone placement ("Uỷ"/"Ủy"), abbreviations ("UBND", "Sở TT&TT") and surrounding spaces or
  punctuation; a local body keeps its place ("UBND tỉnh Cà Mau" → "Ủy ban nhân dân tỉnh Cà Mau",
  "Sở Y tế TP.HCM" → "Sở Y tế Thành phố Hồ Chí Minh"); else None.
- ``closest_body(text)``: ``canonical_body``, else the body a few OCR slips away (a stray short token,
  a letter lost: "Ngân hàng ta Nhà nước Việ Nam" → "Ngân hàng Nhà nước Việt Nam"); else None.
- ``body_spans(text)``: where names of bodies stand in running text, found in one pass.
- ``provinces(period)``, ``canonical_province(text)``, ``find_province(text)``, ``current_province(name)``,
  ``successor(name)``.

After ``canonical_body(text)`` returns a name: the name is NFC, uses the official capitalisation of the
data files, has single spaces and ASCII hyphens, and ``canonical_body(name) == name``.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import NamedTuple

from .data import read_tsv
from .names import place_name_case
from .normalize import normalize_text

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below
_END = ""  # the trie key that holds a node's entries (no token is empty)
# Unit words a slot of each level stands for (Luật Tổ chức chính quyền địa phương, Điều 2; "đặc khu"
# from 2025): "Công an tỉnh" is also "Công an thành phố" of a centrally-run city.
_UNITS = {
    "tỉnh": ("tỉnh", "thành phố"),
    "huyện": ("huyện", "quận", "thị xã", "thành phố"),
    "xã": ("xã", "phường", "thị trấn", "đặc khu"),
}
# A district or commune place is one to four syllables ("Cái Nước", "Vị Thanh", "Phường 3").
_MAX_PLACE_WORDS = 4
_TOKEN = re.compile(r"[\w&]+|[^\w\s]")
_STRIP = " \t\n.,;:-–—•*·\"'“”‘’()[]"


def _fold_char(c: str) -> str:
    if c in "–—":
        return "-"  # en and em dashes print where official names have a hyphen
    if c in "Ðð":
        return "đ"  # Icelandic eth, which some fonts map "Đ" to
    d = unicodedata.normalize("NFD", c.lower())
    f = unicodedata.normalize("NFC", "".join(x for x in d if x not in _TONES))
    return f if len(f) == 1 else c


_FOLD = {
    cp: _fold_char(chr(cp))
    for lo, hi in ((0x41, 0x5A), (0xC0, 0x24F), (0x1E00, 0x1EFF), (0x2013, 0x2014))
    for cp in range(lo, hi + 1)
    if _fold_char(chr(cp)) != chr(cp)
}


def fold(text: str) -> str:
    """Lower case without tone marks, dashes as "-", one character for one: offsets stay valid."""
    return text.translate(_FOLD)


def fold_key(text: str) -> str:
    """A spelling-blind key: folded, one space, "-" spaced, no punctuation at the ends."""
    k = " ".join(fold(text).split())
    k = re.sub(r"\s*-\s*", " - ", k)
    return k.strip(" .,;:")


# ---------------------------------------------------------------------------------------------
# Tokens: words ("[\w&]+") and punctuation, with abbreviations read as the words they stand for.
# ---------------------------------------------------------------------------------------------


class _Token(NamedTuple):  # a tuple: made for every word a walk reads, it must be cheap
    start: int
    end: int
    words: tuple[str, ...]   # folded words: one, or an abbreviation's expansion
    raw: str                 # as printed
    is_word: bool            # a word (or an abbreviation), not punctuation
    newline: bool            # a line break stands between this token and the one before


@cache
def _abbreviations() -> dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...], str], ...]]:
    """First raw token → (raw tokens, folded expansion words, expansion), longest first."""
    table: dict[str, list[tuple[tuple[str, ...], tuple[str, ...], str]]] = {}
    for abbr, expansion in read_tsv("abbreviations.tsv"):
        parts = tuple(_TOKEN.findall(abbr))
        words = tuple(_TOKEN.findall(fold(expansion)))
        table.setdefault(parts[0], []).append((parts, words, expansion))
    return {k: tuple(sorted(v, key=lambda x: -len(x[0]))) for k, v in table.items()}


def _abbreviation_at(text: str, start: int, end: int, options) -> tuple[int, tuple[str, ...], str] | None:
    """(end, folded words, expansion) of the longest abbreviation printed from ``start`` (its first
    token ends at ``end``), or None. "QĐ-UBND" is a document symbol, not the committee: an abbreviation
    glued to a code before it is none."""
    if not options or (start >= 2 and text[start - 1] in "-/" and text[start - 2].isalnum()):
        return None
    n = len(text)
    for parts, words, expansion in options:
        at = end
        for part in parts[1:]:
            if not text.startswith(part, at):
                break
            at += len(part)
        else:
            if not (at < n and parts[-1][-1].isalnum() and (text[at].isalnum() or text[at] == "&")):
                return at, words, expansion
    return None


def _tokens_from(text: str, pos: int) -> Iterator[_Token]:
    """Tokens of ``text`` from offset ``pos`` on."""
    abbreviations = _abbreviations()
    n = len(text)
    while pos < n:
        m = _TOKEN.search(text, pos)
        if m is None:
            return
        newline = "\n" in text[pos:m.start()]
        start, end = m.span()
        raw = m.group()
        options = abbreviations.get(raw)
        abbr = _abbreviation_at(text, start, end, options) if options else None
        if abbr:
            yield _Token(start, abbr[0], abbr[1], text[start:abbr[0]], True, newline)
            pos = abbr[0]
        else:
            yield _Token(start, end, (raw.translate(_FOLD),), raw, raw[0].isalnum() or raw[0] == "_", newline)
            pos = end


def expand_abbreviations(text: str) -> str:
    """ "Văn phòng UBND tỉnh" → "Văn phòng Ủy ban nhân dân tỉnh"; "Sở TT&TT" → "Sở Thông tin và Truyền thông"."""
    abbreviations = _abbreviations()
    out: list[str] = []
    pos = 0
    for m in _TOKEN.finditer(text):
        options = abbreviations.get(m.group())
        if not options or m.start() < pos:
            continue
        abbr = _abbreviation_at(text, m.start(), m.end(), options)
        if abbr:
            at, _, expansion = abbr
            # "TP.HCM": an expansion glued to the next word gets its space
            out.extend((text[pos:m.start()], expansion, " " if at < len(text) and text[at].isalnum() else ""))
            pos = at
    out.append(text[pos:])
    return "".join(out)


def abbreviation_spans(text: str) -> list[tuple[int, int]]:
    """Where abbreviations stand in ``text``: "VH,TT&DL" holds a comma that separates nothing."""
    abbreviations = _abbreviations()
    out: list[tuple[int, int]] = []
    for m in _TOKEN.finditer(text):
        options = abbreviations.get(m.group())
        if not options or out and m.start() < out[-1][1]:
            continue
        abbr = _abbreviation_at(text, m.start(), m.end(), options)
        if abbr:
            out.append((m.start(), abbr[0]))
    return out


# ---------------------------------------------------------------------------------------------
# The data, loaded once: a trie of body names over folded words, and the provinces.
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Entry:
    name: str            # the canonical name this printed path reads as ("Công an thành phố")
    stem: str            # the name before its unit slot ("Công an"); the name itself without a slot
    level: str           # the place that may follow: "tỉnh" | "huyện" | "xã" | "" (none)
    unit: str | None     # the unit word the path prints ("thành phố"), None when it prints none
    slot: bool           # the generic name ends in a unit word ("Công an tỉnh")
    bare: bool           # a body by itself, with no place after it
    row: str             # the data row it comes from (its generic name)


@dataclass(frozen=True, slots=True)
class _Province:
    name: str            # "Cà Mau", "Thành phố Hồ Chí Minh"
    unit: str            # "tỉnh" | "thành phố"
    lists: frozenset[str]
    merged_into: str | None

    @property
    def with_unit(self) -> str:
        """ "tỉnh Cà Mau", "thành phố Cần Thơ", "Thành phố Hồ Chí Minh" (the unit is part of the name)."""
        return self.name if fold(self.name).startswith(fold(self.unit) + " ") else f"{self.unit} {self.name}"


def _words(text: str) -> tuple[str, ...]:
    """Folded words of a data name, abbreviations expanded as in running text."""
    return tuple(w for t in _tokens_from(text, 0) for w in t.words)


def _insert(trie: dict, words: tuple[str, ...], entry) -> None:
    node = trie
    for w in words:
        node = node.setdefault(w, {})
    entries = node.setdefault(_END, [])
    if entry not in entries:
        entries.append(entry)


@cache
def _bodies() -> tuple[dict, dict[str, tuple[str, str, str]], dict[str, list[tuple[tuple[str, ...], str]]]]:
    """(trie of body names, row name → (kind or level, status, successor), first word → fixed names)."""
    trie: dict = {}
    rows: dict[str, tuple[str, str, str]] = {}
    for row in read_tsv("central_bodies.tsv"):
        name, kind, status, successor, aliases = (list(row) + [""] * 5)[:5]
        rows[name] = (kind, status or "current", successor)
        entry = _Entry(name=name, stem=name, level="", unit=None, slot=False, bare=True, row=name)
        for spelling in [name, *filter(None, aliases.split("|"))]:
            _insert(trie, _words(spelling), entry)
    for row in read_tsv("local_bodies.tsv"):
        name, level, status, successor, aliases = (list(row) + [""] * 5)[:5]
        rows[name] = (level, status or "current", successor)
        spellings = [name, *filter(None, aliases.split("|"))]
        for spelling in spellings:
            unit = next((u for u in _UNITS[level] if spelling.endswith(" " + u)), None)
            if unit is None:
                _insert(trie, _words(spelling), _Entry(name=name, stem=name, level=level, unit=None,
                                                       slot=False, bare=True, row=name))
                continue
            stem_printed = spelling[: -len(unit) - 1]
            stem = name[: -len(unit) - 1] if name.endswith(" " + unit) else stem_printed
            for u in _UNITS[level]:
                _insert(trie, _words(f"{stem_printed} {u}"),
                        _Entry(name=f"{stem} {u}", stem=stem, level=level, unit=u, slot=True, bare=True, row=name))
            # "Đài Phát thanh và Truyền hình Hậu Giang": the stem and a place, no unit word between
            _insert(trie, _words(stem_printed),
                    _Entry(name=stem, stem=stem, level=level, unit=None, slot=True, bare=False, row=name))
            # "Ủy ban nhân dân cấp huyện": the class of these bodies
            _insert(trie, _words(f"{stem_printed} cấp {level}"),
                    _Entry(name=f"{stem} cấp {level}", stem=stem, level="", unit=None, slot=False, bare=True,
                           row=name))
    fixed: dict[str, list[tuple[tuple[str, ...], str]]] = {}

    def collect(node: dict, path: tuple[str, ...]) -> None:
        for e in node.get(_END, ()):
            if e.bare:
                fixed.setdefault(path[0], []).append((path, e.name))
        for k, child in node.items():
            if k != _END:
                collect(child, path + (k,))

    collect(trie, ())
    return trie, rows, fixed


@cache
def _provinces() -> tuple[tuple[_Province, ...], dict, dict]:
    """(provinces in file order, trie of names any place may use, trie of names only after a unit word)."""
    out: list[_Province] = []
    standalone: dict = {}
    after_unit: dict = {}
    for row in read_tsv("provinces.tsv"):
        name, unit, lists, merged, aliases = (list(row) + [""] * 5)[:5]
        p = _Province(name=name, unit=unit, lists=frozenset(lists.split()), merged_into=merged or None)
        out.append(p)
        bare = name[len(unit) + 1:] if fold(name).startswith(fold(unit) + " ") else None
        # "Thành phố Hồ Chí Minh": "Hồ Chí Minh" alone is a person's name, a place only after a unit word
        _insert(after_unit if bare else standalone, _words(name), p)
        if bare:
            _insert(after_unit, _words(bare), p)
        for alias in filter(None, aliases.split("|")):
            if alias.startswith("="):
                _insert(after_unit, _words(alias[1:]), p)
            else:
                _insert(standalone, _words(alias), p)
    return tuple(out), standalone, after_unit


# ---------------------------------------------------------------------------------------------
# Matching
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Case:
    """How the text is cased, found once per text: names in it must be capitalised unless it is in
    capitals; text all in lower case names provinces (a closed list) but no district or commune
    ("huyện có liên quan" is no place)."""

    cased: bool
    lower: bool

    @staticmethod
    def of(text: str) -> "_Case":
        upper, lower = text.isupper(), text.islower()
        return _Case(cased=not upper, lower=lower)


def _walk(trie: dict, tokens: Iterator[_Token]) -> list[tuple[_Token, list]]:
    """(last token, entries) for every trie path the tokens spell from their first one, shortest first."""
    node = trie
    out: list[tuple[_Token, list]] = []
    for tok in tokens:
        for w in tok.words:
            node = node.get(w)
            if node is None:
                return out
        if _END in node:
            out.append((tok, node[_END]))
    return out


_WORD = re.compile(r"\s*([\w&]+)")


def _may_start(trie: dict, text: str, pos: int) -> bool:
    """Can a trie path start at ``pos``? A cheap look at the first word before any walk."""
    m = _WORD.match(text, pos)
    if m is None:
        return False
    return m.group(1).translate(_FOLD) in trie or m.group(1) in _abbreviations()


def _capitalised(tok: _Token) -> bool:
    return tok.raw[:1].isupper() or tok.raw[:1].isdigit()


@cache
def _folded_units(units: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((u, fold(u)) for u in units)


def _read_unit(text: str, pos: int, units: tuple[str, ...]) -> tuple[str, int] | None:
    """The unit word at ``pos`` ("tỉnh", "thành phố", "TP."), and where it ends."""
    m = _WORD.match(text, pos)
    folded_units = _folded_units(units)
    if m is None or not any(fu.startswith(m.group(1).translate(_FOLD)) for _, fu in folded_units) \
            and m.group(1) not in _abbreviations():
        return None
    words: list[str] = []
    for tok in _tokens_from(text, pos):
        if not tok.is_word:
            return None
        words.extend(tok.words)
        joined = " ".join(words)
        for u, fu in folded_units:
            if fu == joined:
                return u, tok.end
        if not any(fu.startswith(joined + " ") for _, fu in folded_units):
            return None
    return None


def _province_at(text: str, pos: int, *, after_unit: bool, cased: bool) -> list[tuple[int, _Province]]:
    """Provinces named at ``pos``: (end, province), longest first."""
    _, standalone, after = _provinces()
    found: list[tuple[int, _Province]] = []
    for trie in (standalone, after) if after_unit else (standalone,):
        if not _may_start(trie, text, pos):
            continue
        toks: list[_Token] = []
        for last, entries in _walk(trie, _recording(_tokens_from(text, pos), toks)):
            if cased and not all(_capitalised(t) for t in toks if t.is_word and t.end <= last.end):
                continue
            nxt = next(_tokens_from(text, last.end), None)
            # "Thái Bình Dương" is no "Thái Bình": a capitalised word after the name continues it
            if cased and nxt is not None and nxt.is_word and not nxt.newline and nxt.raw[:1].isupper():
                continue
            found.extend((last.end, p) for p in entries)
    return sorted(found, key=lambda x: -x[0])


def _recording(tokens: Iterator[_Token], into: list[_Token]) -> Iterator[_Token]:
    for t in tokens:
        into.append(t)
        yield t


def _local_place(text: str, pos: int, *, cased: bool) -> list[tuple[int, str]]:
    """A district or commune place at ``pos``: "Cái Nước", "Vị Thanh", "3" (end, display), longest first."""
    out: list[tuple[int, str]] = []
    words: list[_Token] = []
    for tok in _tokens_from(text, pos):
        if not tok.is_word or (words and tok.newline) or len(words) >= _MAX_PLACE_WORDS:
            break
        if tok.raw.isdigit():
            if not words:
                out.append((tok.end, tok.raw))
            break
        if cased and not _capitalised(tok):
            break
        words.append(tok)
        display = " ".join(text[words[0].start:tok.end].split())
        if display.isupper() or display.islower():
            display = place_name_case(display)
        out.append((tok.end, display))
    return sorted(out, key=lambda x: -x[0])


def _after(entry: _Entry, text: str, pos: int, case: _Case) -> list[tuple[int, str]]:
    """What a body of ``entry`` ending at ``pos`` can take after it: (end, canonical name), longest first."""
    out: list[tuple[int, str]] = []
    if entry.bare:
        out.append((pos, entry.name))
    if not entry.level:
        return out
    units = _UNITS[entry.level]
    cased_province = case.cased and not case.lower
    if entry.level == "tỉnh":
        if entry.unit is not None:
            for end, p in _province_at(text, pos, after_unit=True, cased=cased_province):
                # "Ủy ban nhân dân thành phố Cà Mau" is the city, not the province of Cà Mau
                if entry.unit == "thành phố" and p.unit != "thành phố":
                    continue
                out.append((end, f"{entry.stem} {p.with_unit}"))
        else:
            for end, p in _province_at(text, pos, after_unit=False, cased=cased_province):
                out.append((end, f"{entry.name} {p.name}"))
            unit = _read_unit(text, pos, units) if not entry.slot else None
            if unit:
                u, at = unit
                for end, p in _province_at(text, at, after_unit=True, cased=cased_province):
                    if u == "thành phố" and p.unit != "thành phố":
                        continue
                    out.append((end, f"{entry.name} {p.with_unit}"))
                if entry.bare:
                    out.append((at, f"{entry.name} {u}"))  # "Ban Dân tộc tỉnh"
    else:
        unit, at = (entry.unit, pos) if entry.unit else (_read_unit(text, pos, units) or (None, pos))
        if unit:
            for end, place in _local_place(text, at, cased=case.cased or case.lower):
                # Nghị định 30/2020/NĐ-CP, Phụ lục II: a unit named by a number is capitalised ("Phường 3")
                u = unit[:1].upper() + unit[1:] if place.isdigit() else unit
                out.append((end, f"{entry.stem} {u} {place}"))
            if not entry.slot and entry.bare:
                out.append((at, f"{entry.name} {unit}"))
    return sorted(out, key=lambda x: -x[0])


def _clean(text: str) -> str:
    t = " ".join(normalize_text(text).split()).strip(_STRIP)
    return re.sub(r"(?<=[A-ZĐ])\s+&\s+(?=[A-ZĐ])", "&", t)  # "KH & ĐT" → "KH&ĐT"


def _parse(text: str) -> tuple[str, _Entry] | None:
    """The canonical name and entry of the body ``text`` names, reading all of it."""
    if not text:
        return None
    trie = _bodies()[0]
    case = _Case.of(text)
    # any case: "sở nội vụ" is the body's name too when it is all the text says
    case = _Case(cased=case.cased and not case.lower, lower=case.lower)
    for last, entries in reversed(_walk(trie, _tokens_from(text, 0))):
        for entry in entries:
            for end, name in _after(entry, text, last.end, case):
                if end == len(text):
                    return name, entry
    return None


@lru_cache(maxsize=1 << 16)  # agency cells repeat; bounded, a batch reads many
def canonical_body(text: str) -> str | None:
    """The official name of the body ``text`` names, or None (see the module docstring).

    >>> canonical_body("UBND tỉnh Cà Mau")
    'Ủy ban nhân dân tỉnh Cà Mau'
    >>> canonical_body("  sở thông tin và truyền thông; ")
    'Sở Thông tin và Truyền thông'
    >>> canonical_body("Phòng họp số 2") is None
    True
    """
    parsed = _parse(_clean(text))
    return parsed[0] if parsed else None


def is_class_name(name: str) -> bool:
    """Does the canonical ``name`` denote a class of bodies ("Ủy ban nhân dân cấp huyện")?"""
    return bool(re.search(r"\bcấp (?:tỉnh|huyện|xã)$", name))


def successor(text: str) -> str | None:
    """The body that took over the work of the body ``text`` names, when it was merged or renamed.

    >>> successor("Bộ Kế hoạch và Đầu tư")
    'Bộ Tài chính'
    >>> successor("Bộ Tài chính") is None
    True
    """
    parsed = _parse(_clean(text))
    if not parsed:
        return None
    row = _bodies()[1].get(parsed[1].row)
    return (row[2] or None) if row else None


# The first words of a name that a filter looks for before any walk: enough to tell "Công an" from
# "Công văn", few enough to keep the pattern small.
_FILTER_WORDS = 3


@cache
def _name_filter() -> re.Pattern[str]:
    """One compiled pattern over folded text (``fold``): where a name of the gazetteer may start.

    Built as a character trie of the first words of every name, in every printed form (abbreviations
    for the words they stand for: "van phong ubnd", "so tt&tt"), so the regex engine rejects most
    positions at their first or second character: one pass over the text, in C. (A pattern over the
    text as printed, each letter a class of its cases and tones, avoids the folded copy but takes five
    times as long to compile, which every process pays; folding 1 MB takes less.)
    """
    trie = _bodies()[0]
    inverse: dict[tuple[str, ...], list[str]] = {}
    for first, options in _abbreviations().items():
        for parts, words, _ in options:
            inverse.setdefault(words, []).append(fold("".join(parts)))
    heads: set[str] = set()

    def printed(words: tuple[str, ...]) -> list[list[str]]:
        if not words:
            return [[]]
        out = [[words[0], *rest] for rest in printed(words[1:])]
        for k in range(1, len(words) + 1):
            for abbr in inverse.get(words[:k], ()):
                out.extend([abbr, *rest] for rest in printed(words[k:]))
        return out

    def collect(node: dict, path: tuple[str, ...]) -> None:
        if _END in node and path:
            for form in printed(path):
                heads.add(" ".join(form[:_FILTER_WORDS]))
        for k, child in node.items():
            if k != _END:
                collect(child, path + (k,))

    collect(trie, ())
    chars: dict = {}
    for h in heads:
        node = chars
        for c in h:
            node = node.setdefault(c, {})
        node[_END] = {}

    def to_regex(node: dict) -> str:
        branches = []
        for c, child in sorted(node.items()):
            if c == _END:
                continue
            atom = r"\s*" if c == " " else re.escape(c)
            branches.append(atom + to_regex(child))
        if _END in node:
            return "" if not branches else "(?:" + "|".join(branches) + ")?"
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return re.compile(r"(?<![\w&])" + to_regex(chars))


def body_spans(text: str) -> list[tuple[int, int]]:
    """Where names of bodies of the gazetteer stand in ``text``, leftmost-longest, in order.

    A name starts with a capital (running text writes "thanh tra tỉnh" for an inspection, "Thanh tra
    tỉnh" for the body); it may run over a line break ("Bộ Thông tin và\\nTruyền thông") and takes the
    place after it ("Công an tỉnh Hậu Giang"). One pass: one compiled pattern finds where a name may
    start (``_name_filter``); only there a walk down the trie reads it, a few words long.
    """
    trie = _bodies()[0]
    case = _Case.of(text)
    spans: list[tuple[int, int]] = []
    name_filter = _name_filter()
    pos = 0
    folded = fold(text)
    while (m := name_filter.search(folded, pos)) is not None:
        s = m.start()
        pos = s + 1
        if not text[s].isupper():
            continue
        best = 0
        for last, entries in reversed(_walk(trie, _tokens_from(text, s))):
            for entry in entries:
                ends = _after(entry, text, last.end, case)
                if ends:
                    best = max(best, ends[0][0])
            if best:
                break
        if best:
            spans.append((s, best))
            pos = best
    return spans


# ---------------------------------------------------------------------------------------------
# OCR: the nearest body a few slips away
# ---------------------------------------------------------------------------------------------


# A word lost whole is a slip only inside a long name, once: "Ngân hàng Nhà nước Nam" (vnlaw-299-ttg, a
# seal over "Việt"); in a short name a lost word leaves another body ("Hội Nông dân Việt …"), and a name
# that lost its last word is a name of its own ("Văn phòng Ủy ban nhân dân" is not guessed "… tỉnh").
_LOST_WORD_MIN_WORDS = 6
_LOST = 100  # the cost of a lost word, counted apart from the letter slips


def one_letter_apart(a: str, b: str) -> bool:
    """Are the folded words ``a`` and ``b`` one letter apart ("nganh"/"nøanh")? OCR's commonest slip."""
    return _near(a, b)


def _near(a: str, b: str) -> bool:
    """One letter apart (inserted, lost or changed): "viet"/"vie", "huyen"/"huyên"."""
    if abs(len(a) - len(b)) > 1 or min(len(a), len(b)) < 2:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _slips(seen: list[str], name: tuple[str, ...]) -> int | None:
    """The fewest OCR slips that turn the name's words into ``seen``, or None when it takes more than slips.

    A slip is a stray token of at most two characters or punctuation, a word one letter off, or a lost
    punctuation mark; no other change (a wrong word is another body, not a slip). A word lost whole
    counts ``_LOST`` (see ``_LOST_WORD_MIN_WORDS``).
    """
    inf = 10 ** 6
    n, m = len(seen), len(name)
    d = [[inf] * (m + 1) for _ in range(n + 1)]
    d[0][0] = 0
    for i in range(n + 1):
        for j in range(m + 1):
            v = d[i][j]
            if v >= inf:
                continue
            if i < n and j < m:
                if seen[i] == name[j]:
                    d[i + 1][j + 1] = min(d[i + 1][j + 1], v)
                elif _near(seen[i], name[j]) or (not seen[i].isalnum() and not name[j].isalnum()):
                    d[i + 1][j + 1] = min(d[i + 1][j + 1], v + 1)
            if i < n and (len(seen[i]) <= 2 or not seen[i].isalnum()):
                d[i + 1][j] = min(d[i + 1][j], v + 1)
            if j < m and not name[j].isalnum():
                d[i][j + 1] = min(d[i][j + 1], v + 1)
            elif j < m - 1 and m >= _LOST_WORD_MIN_WORDS and v < _LOST:  # inside: a lost last word is a shorter name
                d[i][j + 1] = min(d[i][j + 1], v + _LOST + 1)
    return d[n][m] if d[n][m] < inf else None


@lru_cache(maxsize=1 << 14)
def closest_body(text: str) -> str | None:
    """``canonical_body(text)``, else the fixed name (no place) a few OCR slips away: at most one slip
    per three words of the name, the first word exact, names of three words or more, one body nearer
    than any other; else None."""
    exact = canonical_body(text)
    if exact:
        return exact
    t = _clean(text)
    seen = [w for tok in _tokens_from(t, 0) for w in tok.words]
    if len(seen) < 3:
        return None
    found: dict[str, int] = {}
    for words, name in _bodies()[2].get(seen[0], ()):
        if len(words) < 3:
            continue
        cost = _slips(seen, words)
        if cost is not None and cost % _LOST <= max(1, len(words) // 3):
            found[name] = min(cost, found.get(name, cost))
    if not found:
        return None
    least = min(found.values())
    nearest = [name for name, cost in found.items() if cost == least]
    # two bodies equally near: the text does not say which ("Văn phòng Ủy ban nhân dân" lost its level)
    return nearest[0] if len(nearest) == 1 else None


# ---------------------------------------------------------------------------------------------
# Provinces
# ---------------------------------------------------------------------------------------------


def provinces(period: str = "all") -> tuple[str, ...]:
    """Province-level units: ``"34"`` from 1 July 2025, ``"63"`` before, ``"all"`` every name either had.

    >>> len(provinces("34")), len(provinces("63"))
    (34, 63)
    """
    if period not in ("all", "34", "63"):
        raise ValueError(f"period must be 'all', '34' or '63', not {period!r}")
    return tuple(p.name for p in _provinces()[0] if period == "all" or period in p.lists)


def _province_named(name: str) -> _Province | None:
    return next((p for p in _provinces()[0] if p.name == name), None)


def canonical_province(text: str) -> str | None:
    """The province ``text`` is, read whole ("TỈNH BÌNH THUẬN", "tp. Hồ Chí Minh", "Thanh Hoá"), or None."""
    t = _clean(text)
    unit = _read_unit(t, 0, _UNITS["tỉnh"])
    at = unit[1] if unit else 0
    for end, p in _province_at(t, at, after_unit=unit is not None, cased=False):
        if end == len(t):
            return p.name
    return None


def find_province(text: str) -> str | None:
    """The province named in ``text``: the first one after a unit word ("tỉnh", "thành phố"), else the
    first one named; capitalised as names are, unless the text is in capitals.

    >>> find_province("ỦY BAN NHÂN DÂN TỈNH BÌNH THUẬN")
    'Bình Thuận'
    >>> find_province("Học viện Chính trị quốc gia Hồ Chí Minh") is None
    True
    """
    t = normalize_text(text)
    cased = not t.isupper()
    first: str | None = None
    units = _UNITS["tỉnh"]
    prev_unit_end = -1
    for tok in _tokens_from(t, 0):
        if tok.start < prev_unit_end:
            continue
        unit = _read_unit(t, tok.start, units)
        if unit:
            found = _province_at(t, unit[1], after_unit=True, cased=cased)
            if found:
                return found[0][1].name
            prev_unit_end = unit[1]
            continue
        if first is None:
            found = _province_at(t, tok.start, after_unit=False, cased=cased)
            if found:
                first = found[0][1].name
    return first


def current_province(name: str) -> str | None:
    """The province of the 34 that ``name`` (a province of either list) is part of since 1 July 2025.

    >>> current_province("Hậu Giang"), current_province("Cà Mau")
    ('Cần Thơ', 'Cà Mau')
    """
    p = _province_named(canonical_province(name) or "")
    if p is None:
        return None
    seen = set()
    while p.merged_into and p.name not in seen:
        seen.add(p.name)
        nxt = _province_named(p.merged_into)
        if nxt is None:
            break
        p = nxt
    return p.name
