"""The issuer of a document from the capitals of its header's left column (Phụ lục I, ô 2).

One body over several lines ("ỦY BAN NHÂN DÂN / TỈNH PHÚ THỌ"), or a parent over the issuer ("UBND
TỈNH BÌNH THUẬN / SỞ NỘI VỤ"). Names are made canonical by the gazetteer when it knows them, else by
official names and the shape of a local body; on OCR pages a body nobody knows is None, never noise.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from ..data import read_tsv
from ..gazetteer import canonical_body, canonical_province, closest_body
from ..names import body_name_case, fold_marks, is_vietnamese_syllable, place_name_case


_OCR_UNITS = (("thanh", "pho"), ("thi", "xa"), ("thi", "tran"), ("tinh",), ("huyen",))
_UNIT_NAMES = {"thanh pho": "thành phố", "thi xa": "thị xã", "thi tran": "thị trấn", "tinh": "tỉnh",
               "huyen": "huyện", "quan": "quận", "xa": "xã", "phuong": "phường"}
_PLACE_SUFFIX = re.compile(r"\b(?:tỉnh|thành phố|huyện|quận|thị xã|thị trấn|xã|phường)\s+\S.*$")


def fold_key(text: str) -> str:
    return " ".join(fold_marks(text).lower().replace(" - ", "-").split())


@cache
def _official_bodies() -> dict[str, str]:
    """Folded name → official name, for bodies the gazetteer does not know: official_names.tsv, the
    bodies of issuer_codes.tsv and the local bodies of abbreviations.tsv ("Ủy ban nhân dân")."""
    names = [row[0] for row in read_tsv("official_names.tsv")]
    names += [row[1] for row in read_tsv("issuer_codes.tsv") if "{" not in row[1]]
    names += [row[1].replace(" {province}", "") for row in read_tsv("issuer_codes.tsv") if "{province}" in row[1]]
    names += [row[1] for row in read_tsv("abbreviations.tsv") if row[1][:1].isupper()]
    # A head alone ("Văn phòng", "Sở") names no body.
    bodies = {fold_key(row[1].replace(" {province}", "")) for row in read_tsv("issuer_codes.tsv")}
    return {fold_key(n): n for n in names if fold_key(n) not in _heads() or fold_key(n) in bodies}


@cache
def _abbreviations() -> dict[str, str]:
    return {row[0]: row[1] for row in read_tsv("abbreviations.tsv") if row[0].isupper()}


@cache
def _heads() -> tuple[str, ...]:
    """Folded heads of agency names ("so", "ban", "van phong", "cuc"): a line of the issuer column that
    opens with one names a body of its own (the issuer under its parent)."""
    return tuple(sorted({fold_key(row[0]) for row in read_tsv("agency_heads.tsv")}, key=len, reverse=True))


def _expand(text: str) -> str:
    """ "UBND TỈNH BÌNH THUẬN" → "ỦY BAN NHÂN DÂN TỈNH BÌNH THUẬN" (capitals kept for the casing)."""
    return " ".join(_abbreviations().get(t, t).upper() if t in _abbreviations() else t for t in text.split())


def _known_body(text: str, ocr: bool) -> str | None:
    """The official name of the body that ``text`` (an issuer line, in capitals) names, or None.

    The gazetteer's ``canonical_body`` (``closest_body`` for OCR, which allows a few slips) decides; on
    the text layer a body it does not know is read by the fallback of official names and local bodies
    ("ỦY BAN NHÂN DÂN TỈNH THỬ").
    """
    text = _expand(text)
    lookup = closest_body if ocr else canonical_body
    for candidate in dict.fromkeys((text, _cased_body(text, ocr))):
        if name := lookup(candidate):
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
    """A body the gazetteer does not know (text layer): an official name, or a local body ("ỦY BAN NHÂN
    DÂN TỈNH PHÚ THỌ") whose head is official and whose place is one to four Vietnamese syllables ("Bà
    Rịa - Vũng Tàu")."""
    official = _official_bodies()
    if (name := official.get(fold_key(text))) is not None:
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
        head = official.get(fold_key(" ".join(tokens[:i]) + " " + unit))
        head = f"{head} " if head else (f"{official[fold_key(' '.join(tokens[:i]))]} {unit} "
                                         if fold_key(" ".join(tokens[:i])) in official else None)
        if head is None:
            continue
        place_name = _province(" ".join(place)) if unit == "tỉnh" else None
        if place_name is None and unit == "tỉnh" and ocr:
            continue  # a province the gazetteer does not know, read by OCR: noise
        return head + (place_name or place_name_case(" ".join(place)))
    return None


def _province(text: str) -> str | None:
    """The province ``text`` is, read whole, when the gazetteer knows it."""
    name = canonical_province(text)
    return name if name and fold_key(name) == fold_key(place_name_case(text)) else None


def _with_place(body: str, parent: str) -> str:
    """ "Sở Nội vụ" under "Ủy ban nhân dân tỉnh Bình Thuận" → "Sở Nội vụ tỉnh Bình Thuận"."""
    if _PLACE_SUFFIX.search(body):
        return body
    m = _PLACE_SUFFIX.search(parent)
    return f"{body} {m.group(0)}" if m else body


def _starts_body(text: str) -> bool:
    key = fold_key(_cased_body(_expand(text)))
    return any(key == h or key.startswith(h + " ") for h in _heads())


def read_issuer(lines: Sequence[str], ocr: bool) -> tuple[str | None, str | None, tuple[str, ...]]:
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
    return frozenset(fold_key(row[1].replace(" {province}", "")) for row in read_tsv("issuer_codes.tsv")
                     if "{province}" in row[1])


def _needs_place(name: str) -> bool:
    """ "Ủy ban nhân dân", "Ủy ban nhân dân tỉnh": a local body without its place is no issuer."""
    tokens = name.split()
    return fold_key(name) in _local_heads() or any(
        _unit_at(tokens, i) == len(tokens) - i for i in range(1, len(tokens)))
