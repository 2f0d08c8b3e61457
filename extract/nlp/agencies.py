"""Agencies: the lead / support cells split into agencies with canonical names (SPEC.md).

``split_agency_cell`` splits a cell at line breaks, semicolons, commas and "và" where a new agency
starts (a head word such as "Sở", "UBND", "Các …"); a comma list of unit words stays one collective
("Các sở, ban, ngành tỉnh"); a shared head is distributed ("UBND cấp huyện, cấp xã" → two); a cell
whose paragraphs each give a department its own sub-task ("- Sở Nội vụ kiểm tra …") yields the
departments. ``canonical_agency`` expands abbreviations and applies official capitalisation, so all
spellings of one agency get one name.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import cache

from ..data import read_tsv
from ..labels import LIST_MARK
from ..models import Agency
from ..normalize import normalize_text

VerbFinder = Callable[[str, Sequence[tuple[int, int]]], "int | None"]

_TONES = "\u0300\u0301\u0303\u0309\u0323"
# Collective bodies: "Các sở, ban, ngành tỉnh", "UBND các huyện, thị xã, thành phố", "UBND cấp huyện".
_COLLECTIVE = re.compile(r"^(?:các|những|toàn bộ|tất cả)\b|\b(?:các|những)\s+\w|\bcấp\s+(?:tỉnh|huyện|xã)\b", re.IGNORECASE)
_LEVEL = re.compile(r"^(?P<head>.*?)\s*\bcấp\s+(?P<level>tỉnh|huyện|xã)\b(?P<rest>.*)$", re.IGNORECASE)
_LEVEL_ONLY = re.compile(r"^cấp\s+(?:tỉnh|huyện|xã)\b", re.IGNORECASE)
_ACRONYM = re.compile(r"^[A-ZĐ][A-ZĐ0-9&-]{1,}\b")


def agency_key(name: str) -> str:
    """A spelling-blind key: case, tone-mark placement, spaces and dash spacing folded."""
    k = " ".join(name.split()).casefold()
    k = re.sub(r"\s*[-–—]\s*", " - ", k)
    d = unicodedata.normalize("NFD", k)
    return unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONES)).strip(" .,;:")


@cache
def _abbreviations() -> tuple[re.Pattern[str], dict[str, str]]:
    """One alternation of every abbreviation (longest first) and its expansions."""
    rows = sorted(read_tsv("abbreviations.tsv"), key=lambda r: -len(r[0]))
    pattern = re.compile(r"(?<![\wĐđ&-])(" + "|".join(re.escape(a) for a, _ in rows) + r")(?![\wĐđ&])")
    return pattern, {a: e for a, e in rows}


@cache
def _official() -> dict[str, str]:
    return {agency_key(row[0]): row[0] for row in read_tsv("official_names.tsv")}


@cache
def _heads() -> tuple[str, ...]:
    return tuple(sorted((row[0] for row in read_tsv("agency_heads.tsv")), key=len, reverse=True))


def expand_abbreviations(text: str) -> str:
    """ "Văn phòng UBND tỉnh" → "Văn phòng Ủy ban nhân dân tỉnh"; "Sở TT&TT" → "Sở Thông tin và Truyền thông"."""
    pattern, expansions = _abbreviations()
    return pattern.sub(lambda m: expansions[m[1]], text)


def starts_agency(text: str) -> bool:
    """Does ``text`` open with an agency head, a collective ("Các …") or an acronym ("UBND", "VNPT")?"""
    t = text.lstrip()[:80]  # a head is in the first words; never expand a whole paragraph
    if re.match(r"^(?:Các|các|Những|những)\s", t):
        return True
    if _ACRONYM.match(t):
        return True
    expanded = expand_abbreviations(t)
    return any(expanded.startswith(h + " ") or expanded == h for h in _heads())


# Unit nouns of a collective, lower case in its canonical name ("Các Sở, Ban, ngành tỉnh" → "các sở,
# ban, ngành tỉnh").
_UNIT_NOUN = re.compile(
    r"(?<!\w)(Sở|Ban|Ngành|Cơ quan|Đơn vị|Địa phương|Doanh nghiệp|Tổ chức|Huyện|Thị xã|Thành phố|Xã|Phường|Thị trấn|Quận|Hội|Đoàn thể)(?!\w)"
)


def canonical_agency(raw: str) -> Agency:
    """One agency's canonical name and whether it is a class of bodies."""
    text = " ".join(LIST_MARK.sub("", normalize_text(raw)).split()).strip(" .,;:")
    expanded = expand_abbreviations(text)
    name = _official().get(agency_key(expanded))
    if name is None:
        m = re.match(r"^(?P<body>.+?\btỉnh)\s+(?P<place>[A-ZĐÀ-Ỹ].*)$", expanded)
        if m and agency_key(m["body"]) in _official():
            name = f"{_official()[agency_key(m['body'])]} {m['place']}"  # "Công an tỉnh Hậu Giang"
    # An official name is one body even with "các" inside ("Ban Quản lý các khu công nghiệp tỉnh").
    collective = name is None and bool(_COLLECTIVE.search(expanded))
    if name is None:
        name = re.sub(r"\s*[–—]\s*", " - ", expanded)
        if collective and re.match(r"^(?:Các|Những|các|những)\b", name):
            head, _, rest = name.partition(" ")
            lead_list = re.match(r"^[^\s,]+(?:\s*,\s*[^\s,]+)*", rest)
            cut = lead_list.end() if lead_list else 0
            name = head.lower() + " " + _UNIT_NOUN.sub(lambda u: u[1].lower(), rest[:cut]) + rest[cut:]
    return Agency(raw=text, name=name, collective=collective)


def _fold_chars(text: str) -> str:
    """Lower case without tone marks, one character for one character (offsets stay valid)."""
    out = []
    for c in text:
        if c in "–—":
            out.append("-")  # en and em dashes print where official names have a hyphen
            continue
        d = unicodedata.normalize("NFD", c.lower())
        folded = unicodedata.normalize("NFC", "".join(x for x in d if x not in _TONES))
        out.append(folded if len(folded) == 1 else c)
    return "".join(out)


@cache
def _official_folded() -> tuple[str, ...]:
    return tuple(sorted({_fold_chars(n) for n in _official().values()}, key=len, reverse=True))


def official_name_spans(text: str) -> list[tuple[int, int]]:
    """Where official names of the gazetteer stand in ``text`` (any case or tone placement): never split inside them."""
    folded = _fold_chars(text)
    spans: list[tuple[int, int]] = []
    for name in _official_folded():
        for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", folded):
            if not any(s < m.end() and m.start() < e for s, e in spans):
                spans.append((m.start(), m.end()))
    return spans


# "Các Sở: Tư pháp, Nội vụ, Tài chính" → "Sở Tư pháp", "Sở Nội vụ", "Sở Tài chính".
_SHARED_HEAD = re.compile(r"^(?:Các|các)\s+(?P<head>Sở|Ban|Bộ|Cục|Chi cục|Trung tâm|Hội)\s*:\s*(?P<items>.+)$")


def split_agency_list(text: str) -> list[str]:
    """Split a run of agencies at separators where a new agency starts."""
    shared = _SHARED_HEAD.match(text.strip())
    if shared:
        items = re.split(r"\s*(?:,|;|\bvà\b)\s*", shared["items"])
        return [f"{shared['head']} {i.strip(' .;:')}" for i in items if i.strip(" .;:")]
    pattern, _ = _abbreviations()
    protected = official_name_spans(text) + [(m.start(), m.end()) for m in pattern.finditer(text)]
    pieces: list[str] = []
    for part in re.split(r"\s*;\s*", text):
        fragments = _split_at(part, protected_offset=text.find(part), protected=protected)
        pieces.extend(fragments)
    return [p for p in (x.strip(" .,;:") for x in pieces) if p]


def _split_at(part: str, *, protected_offset: int, protected: list[tuple[int, int]]) -> list[str]:
    out: list[str] = []
    pos = 0
    for m in re.finditer(r"\s*,\s*|\s+và\s+", part):
        start = protected_offset + m.start()
        if any(s <= start < e for s, e in protected):
            continue
        nxt = part[m.end():]
        current = part[pos:m.start()]
        if starts_agency(nxt):
            out.append(current)
            pos = m.end()
        elif _LEVEL_ONLY.match(nxt) and out + [current] and _LEVEL.match(current):
            out.append(current)  # "UBND cấp huyện, cấp xã": the head is shared
            pos = m.end()
    out.append(part[pos:])
    return _distribute_levels(out)


def _distribute_levels(fragments: list[str]) -> list[str]:
    out: list[str] = []
    head = None
    for f in fragments:
        f = f.strip()
        m = _LEVEL.match(f)
        if m and m["head"]:
            head = m["head"]
            out.append(f)
        elif _LEVEL_ONLY.match(f) and head:
            out.append(f"{head} {f}")
        else:
            head = None
            out.append(f)
    return out


def split_agency_cell(text: str | None, *, first_verb: VerbFinder | None = None) -> tuple[Agency, ...]:
    """The agencies of a lead or support cell, in order, each once."""
    if not text:
        return ()
    agencies: list[Agency] = []
    seen: set[str] = set()
    for paragraph in text.split("\n"):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        has_bullet = bool(LIST_MARK.match(paragraph))
        body = LIST_MARK.sub("", paragraph)
        if has_bullet and first_verb is not None:
            # "- Sở Nội vụ kiểm tra, đánh giá việc phân cấp …": the agencies are what precedes the verb.
            cut = first_verb(body, official_name_spans(body))
            if cut:
                body = body[:cut]
        for piece in split_agency_list(body):
            agency = canonical_agency(piece)
            if agency.name and agency_key(agency.name) not in seen:
                seen.add(agency_key(agency.name))
                agencies.append(agency)
    return tuple(agencies)
