"""Agencies: the lead / support cells split into agencies with canonical names (docs/output-contract.md).

``split_agency_cell`` reads a cell in three steps:

1. Lines (``join_wrapped_lines``). OCR specks are dropped (``clean_cell_line``), then a line break
   separates two paragraphs only when both sides stand as agencies; a break inside a name of the
   gazetteer ("Ngân hàng" / "Nhà nước Việt Nam"), after a line that ends in "và", ",", "-" or a head
   word ("Bộ", "Sở"), or before a line that starts in lower case or with "và", only wraps the name.
2. Agencies (``split_agency_list``). A paragraph is split at ";", and at "," and "và" where a new
   agency starts ("Sở", "UBND", "Các …"); names of the gazetteer are never split ("Sở Văn hóa, Thể
   thao và Du lịch"); a comma list of unit words stays one collective ("Các sở, ban, ngành tỉnh"); a
   shared head is distributed ("Các Sở: Tư pháp, Nội vụ", "Sở Tài chính, Kế hoạch và Đầu tư",
   "UBND cấp huyện, cấp xã"). A paragraph that gives an agency its own sub-task ("- Sở Nội vụ kiểm
   tra …") is cut at its verb.
3. Names (``canonical_agency``). The gazetteer (``extract.gazetteer``) gives official names and
   capitalisation, abbreviations expanded and the place kept ("UBND tỉnh Cà Mau"); a collective is
   written in lower case ("các bộ, ngành có liên quan"); any other name is kept as printed.

``official_name_spans``, ``canonical_agency`` and ``starts_agency`` are also what ``mentions.py`` uses
on running text.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache

from .. import gazetteer
from ..data import read_tsv
from ..labels import LIST_MARK
from ..models import Agency
from ..names import body_name_case
from ..normalize import normalize_text

VerbFinder = Callable[[str, Sequence[tuple[int, int]]], "int | None"]

# Collective bodies: "Các sở, ban, ngành tỉnh", "UBND các huyện, thị xã, thành phố", "UBND cấp huyện".
_COLLECTIVE = re.compile(r"^(?:các|những|toàn bộ|tất cả)\b|\b(?:các|những)\s+\w|\bcấp\s+(?:tỉnh|huyện|xã)\b", re.IGNORECASE)
_LEVEL = re.compile(r"^(?P<head>.*?)\s*\bcấp\s+(?P<level>tỉnh|huyện|xã)\b(?P<rest>.*)$", re.IGNORECASE)
_LEVEL_ONLY = re.compile(r"^cấp\s+(?:tỉnh|huyện|xã)\b", re.IGNORECASE)
# A body's acronym is letters ("UBND", "VNPT", "BHXH"); with a digit or a slash it is a code ("K4/CQ2": a
# land lot in qd2858-hanoi's land-use table; "QCVN"-style codes are numbered too).
_ACRONYM = re.compile(r"^[A-ZĐ][A-ZĐ&-]{1,}(?![\w/])")
_DETERMINER = re.compile(r"^(?P<pre>.*?)(?<!\w)(?P<det>[Cc]ác|[Nn]hững)\s+(?P<rest>\S.*)$")


def agency_key(name: str) -> str:
    """A spelling-blind key: case, tone-mark placement, spaces and dash spacing folded."""
    return gazetteer.fold_key(name)


def expand_abbreviations(text: str) -> str:
    """ "Văn phòng UBND tỉnh" → "Văn phòng Ủy ban nhân dân tỉnh"; "Sở TT&TT" → "Sở Thông tin và Truyền thông";
    "Văn phòng HĐND&UBND huyện" → "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện"."""
    return gazetteer.expand_abbreviations(_AMPERSAND_PAIR.sub(_ampersand_pair, text))


# "&" between two abbreviations of the vocabulary joins two names: "Văn phòng HĐND&UBND huyện", "Văn phòng
# ĐĐBQH & HĐND tỉnh" are the offices of both ("Văn phòng Hội đồng nhân dân và Ủy ban nhân dân", the official
# name). An "&" inside one abbreviation is its own ("TT&TT", "KH&ĐT": neither side is an abbreviation alone).
_AMPERSAND_PAIR = re.compile(r"(?<![\w&,.-])(?P<a>\w+)\s*&\s*(?P<b>\w+)(?![\w&])")


def _ampersand_pair(m: re.Match[str]) -> str:
    known = _known_abbreviations()
    if m["a"] in known and m["b"] in known and m.group(0) not in known:
        return f"{m['a']} và {m['b']}"
    return m.group(0)


@cache
def _heads() -> tuple[str, ...]:
    return tuple(sorted((row[0] for row in read_tsv("agency_heads.tsv")), key=len, reverse=True))


@cache
def _wrap_words() -> tuple[frozenset[str], frozenset[str]]:
    """(words a wrapped line ends with, words a wrapped line starts with), as printed."""
    rows = read_tsv("wrap_words.tsv")
    return (frozenset(w for w, side in rows if side == "end"), frozenset(w for w, side in rows if side == "start"))


@cache
def _collective_words() -> tuple[dict[str, str], dict[str, str]]:
    """(folded unit word → unit word, folded qualifier → qualifier)."""
    rows = read_tsv("collectives.tsv")
    units = {gazetteer.fold_key(row[0]): row[0] for row in rows if row[1] == "unit"}
    qualifiers = {gazetteer.fold_key(row[0]): row[0] for row in rows if row[1] == "qualifier"}
    return units, qualifiers


@cache
def _paired_units() -> tuple[str, ...]:
    """Folded unit words printed side by side as a list without a comma ("các phòng ban", "sở ban ngành"),
    longest first (collectives.tsv, third column "paired")."""
    rows = read_tsv("collectives.tsv")
    return tuple(sorted((gazetteer.fold_key(row[0]) for row in rows if row[1] == "unit" and row[2:3] == ("paired",)),
                        key=len, reverse=True))


def _unpair_units(item: str) -> list[str]:
    """ "phòng ban chuyên môn" → ["phòng", "ban chuyên môn"]; "sở ban ngành tỉnh" → ["sở", "ban", "ngành
    tỉnh"]: unit words side by side are a list, the words after the last one stay with it. Any other item
    is returned whole ("tổ chức hội" is not split: "hội" is not printed paired)."""
    paired = _paired_units()
    words = item.split()
    out: list[str] = []
    i = 0
    while True:
        n = next((len(u.split()) for u in paired if gazetteer.fold_key(" ".join(words[i:i + len(u.split())])) == u), 0)
        after = words[i + n:] if n else []
        m = next((len(u.split()) for u in paired if gazetteer.fold_key(" ".join(after[:len(u.split())])) == u), 0)
        if not n or not m:
            return [*out, " ".join(words[i:])] if out else [item]
        out.append(" ".join(words[i:i + n]))
        i += n


@cache
def _role_verbs() -> re.Pattern[str]:
    """The verbs that always end an agency's name in a sub-task paragraph (role_verbs.tsv, "verb")."""
    # matched on folded text: OCR slips on tones ("kiếm tra" for "kiểm tra", Cà Mau 43 rough scan)
    verbs = sorted((gazetteer.fold(v) for v, reading in read_tsv("role_verbs.tsv") if reading == "verb"),
                   key=len, reverse=True)
    return re.compile(r"(?<![\w&])(?:" + "|".join(map(re.escape, verbs)) + r")(?!\w)")


def _is_agency_acronym(token: str) -> bool:
    """ "UBND", "HĐND", "BHXH", "VNPT": an acronym that names a body, not a document symbol ("QĐ")."""
    if re.fullmatch(r"[IVXLC]+", token) or "/" in token:
        return False
    if token in _heads():
        return True  # brands listed as heads: "VNPT", "EVN"
    expanded = expand_abbreviations(token)
    return expanded != token and starts_agency_head(expanded)


@cache
def _head_prefixes() -> tuple[tuple[str, ...], frozenset[str]]:
    """(every head followed by a space, the heads): for ``str.startswith`` and a set lookup."""
    return tuple(h + " " for h in _heads()), frozenset(_heads())


def starts_agency_head(text: str) -> bool:
    """Does ``text`` (abbreviations expanded) open with an agency head word ("Sở …", "Ủy ban nhân dân …")?"""
    prefixes, heads = _head_prefixes()
    return text.startswith(prefixes) or text in heads


def is_head_word(word: str) -> bool:
    """Can the segmenter's word ``word`` open an agency's name? A word of several syllables must be a
    head or the start of one ("Ủy ban" of "Ủy ban nhân dân", "Văn phòng"): a head syllable that the
    segmenter bound to the next one into another word is that word ("Ban hành" is the verb to issue,
    "Sở hữu" ownership), not a name (Hậu Giang 12, row VII.1: "Ban hành Kế hoạch …")."""
    if " " not in word:
        return True
    expanded = expand_abbreviations(word)
    return any(h == expanded or h.startswith(expanded + " ") or (" " in h and expanded.startswith(h + " "))
               for h in _heads())


def starts_agency(text: str) -> bool:
    """Does ``text`` open with an agency head, a collective ("Các …") or an acronym ("UBND", "VNPT")?"""
    t = text.lstrip()[:80]  # a head is in the first words; never expand a whole paragraph
    if re.match(r"^(?:Các|các|Những|những)\s", t):
        return True
    if _ACRONYM.match(t):
        return True
    return starts_agency_head(expand_abbreviations(t))


def official_name_spans(text: str) -> list[tuple[int, int]]:
    """Where names of the gazetteer stand in ``text`` (any case of the words after a capital, either
    tone placement, abbreviations, over a line break, with the place after a local body): never split
    inside them. One pass over the text (``extract.gazetteer.body_spans``), in order."""
    return gazetteer.body_spans(text)


# ---------------------------------------------------------------------------------------------
# Canonical names
# ---------------------------------------------------------------------------------------------


def _collective_name(name: str) -> str:
    """ "Các Sở, Ban, ngành tỉnh" → "các sở, ban, ngành tỉnh"; "Các bộ, ngành, có liên quan" → "các bộ,
    ngành có liên quan": the determiner and the unit words in lower case, a qualifier spelled once and
    joined to the list it qualifies."""
    m = _DETERMINER.match(name)
    if not m:
        return name
    units, qualifiers = _collective_words()
    items: list[str] = []
    for raw in (y for x in m["rest"].split(",") for y in _unpair_units(x.strip())):
        if not raw:
            continue
        key = gazetteer.fold_key(raw)
        if key in qualifiers and items:
            items[-1] = f"{items[-1]} {qualifiers[key]}"  # "ngành, có liên quan": the comma is a slip
            continue
        unit = next((u for u in sorted(units, key=len, reverse=True) if key == u or key.startswith(u + " ")), None)
        if unit is None:
            # "các bộ, nøành có liên quan" (vnlaw-299-ttg): the unit words are a closed list, so a
            # word of four letters or more one letter off one of them is that word
            first = key.split(" ", 1)[0]
            near = [u for u in units if " " not in u and len(u) >= 4 and gazetteer.one_letter_apart(first, u)]
            if len(near) == 1:
                unit = near[0]
        if unit is None:
            items.append(raw)
            continue
        rest = raw.split(None, len(unit.split()))[len(unit.split()):]
        tail = rest[0] if rest else ""
        qualifier = qualifiers.get(gazetteer.fold_key(tail)) if tail else None
        items.append(" ".join(x for x in (units[unit], qualifier or tail) if x))
    return f"{m['pre']}{m['det'].lower()} {', '.join(items)}"


def canonical_agency(raw: str) -> Agency:
    """One agency's canonical name and whether it is a class of bodies."""
    text = " ".join(LIST_MARK.sub("", normalize_text(raw)).split()).strip(" .,;:")
    expanded = expand_abbreviations(text)
    name = gazetteer.canonical_body(expanded)
    if name is not None:
        return Agency(raw=text, name=name, collective=gazetteer.is_class_name(name))
    # An official name is one body even with "các" inside ("Ban Quản lý các khu công nghiệp tỉnh").
    collective = bool(_COLLECTIVE.search(expanded))
    if not collective:
        name = gazetteer.closest_body(expanded)  # OCR: "Ngân hàng ta Nhà nước Việ Nam"
        if name is not None:
            return Agency(raw=text, name=name, collective=False)
    name = re.sub(r"\s*[–—]\s*", " - ", expanded)
    if name.isupper() and len(name.split()) > 1 and not _is_agency_acronym(name.split()[0]):
        name = body_name_case(name)  # "CÔNG TY ĐIỆN LỰC CÀ MAU"; "VNPT CÀ MAU" keeps its brand
    if collective:
        name = _collective_name(name)
    return Agency(raw=text, name=name, collective=collective)


# ---------------------------------------------------------------------------------------------
# Lines: OCR specks, and wraps joined
# ---------------------------------------------------------------------------------------------

# Characters no agency name prints: what a seal, a stamp or a ruling leaves in an OCR'd cell
# (vnlaw-299-ttg: "Bộ ˆ Tư pháp", "hàng ` Nhà nước", "có ¬\" liên quan").
_SPECK = re.compile(r"(?<!\S)[^\w\s,;:&()/.\-–—+•*]+(?!\S)|(?<!\S)[\"'`´ˆ¬~|_^«»“”‘’]+(?=\S)|(?<=\S)[\"'`´ˆ¬~|_^«»“”‘’]+(?!\S)")
# A full stop inside a name before a lower-case word is a speck too ("Bộ Nông. nghiệp", "UBND các. huyện").
_INNER_STOP = re.compile(r"(?<=\w)\.(?=\s+[a-zà-ỹđ])")


def _inner_stop(m: re.Match[str]) -> str:
    """A full stop between two unit words of a collective is a misread comma ("UBND các huyện. thành
    phố", Cà Mau 43 rough scan); anywhere else in a name it is a speck."""
    units = _collective_words()[0]
    before = gazetteer.fold_key(m.string[: m.start()].split()[-1]) if m.string[: m.start()].split() else ""
    after = gazetteer.fold_key(" ".join(m.string[m.end():].split()[:2]))
    starts_unit = any(after == u or after.startswith(u + " ") for u in units)
    return "," if before in units and starts_unit else ""
_GLUED = re.compile(r"(?<![\w&])([A-ZĐ][A-ZĐ&]{2,})(?=[a-zà-ỹđ])")
_VOWEL_MARKS = set("ĂÂÊÔƠƯÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ")


def clean_cell_line(line: str) -> str:
    """One line of an agency cell without OCR specks: symbols no name prints, a stray full stop, and
    a capitalised Vietnamese word alone among lower-case ones ("các bộ, VÀ ngành", "Ngân XƯA" in
    vnlaw-299-ttg: a seal read as text; acronyms carry no vowel marks)."""
    line = _SPECK.sub(" ", line)
    line = _INNER_STOP.sub(_inner_stop, line)
    # "Các sở, ban, - ngành tỉnh" (Cà Mau 43 rough scan): a dash after a list comma is a speck
    line = re.sub(r",\s*[-–—]\s+(?=\w)", ", ", line)
    # "UBNDcấp huyện" (Cà Mau 43 scan): OCR lost the space after an abbreviation
    line = _GLUED.sub(lambda m: m[1] + " " if m[1] in _known_abbreviations() else m[1], line)
    line = re.sub(r"^\s*[.,;:]+\s*", "", line)  # ". Ngân hàng": a speck before the first word
    words = line.split()
    if not line.isupper() and len(words) > 1:
        kept = []
        for i, w in enumerate(words):
            core = w.strip(",;:.")
            neighbours = [words[j].strip(",;:.") for j in (i - 1, i + 1) if 0 <= j < len(words)]
            alone = not any(n.isupper() and len(n) > 1 for n in neighbours)
            if (len(core) > 1 and core.isupper() and alone and any(c in _VOWEL_MARKS for c in core)
                    and core not in _known_abbreviations()):
                if w != core:
                    kept.append(w[len(w.rstrip(",;:.")):])  # keep the comma the speck carried
                continue
            kept.append(w)
        line = " ".join(x for x in kept if x)
        line = re.sub(r"\s+([,;:])", r"\1", line)
    return " ".join(line.split())


@cache
def _known_abbreviations() -> frozenset[str]:
    return frozenset(row[0] for row in read_tsv("abbreviations.tsv"))


def _stands(fragment: str) -> bool:
    """Does ``fragment`` stand as an agency by itself? A name of the gazetteer, a collective, an
    acronym of a body, or a head word with a name after it ("Sở Y tế"; "Ngân hàng" alone does not)."""
    f = LIST_MARK.sub("", fragment).strip(" ,;:.")
    if not f:
        return False
    expanded = expand_abbreviations(f)
    if gazetteer.canonical_body(expanded):
        return True
    if re.match(r"^(?:[Cc]ác|[Nn]hững)\s+\w", f):
        return True
    first = f.split()[0]
    if _ACRONYM.match(first) and _is_agency_acronym(first):
        return True
    head = next((h for h in _heads() if expanded.startswith(h + " ") or expanded == h), None)
    if head is None:
        return False
    # "Ngân hàng", "Sở" need a name after them; "Công an", "Bảo hiểm xã hội", "Viettel" are names
    return len(expanded) > len(head) + 1 or head not in _wrap_words()[0]


def _is_known(piece: str) -> bool:
    """Is ``piece`` an agency and nothing more: a name of the gazetteer, a collective, a brand with
    its place ("VNPT Hậu Giang")? A name followed by a sub-task ("Sở Y tế khảo sát …") is not."""
    expanded = expand_abbreviations(LIST_MARK.sub("", piece).strip(" ,;:."))
    if not expanded:
        return True
    if gazetteer.canonical_body(expanded) or _COLLECTIVE.search(expanded):
        return True
    words = expanded.split()
    return _is_agency_acronym(words[0]) and all(w[:1].isupper() for w in words)


def _continues(prev: str, nxt: str) -> bool:
    """Is the break between lines ``prev`` and ``nxt`` of a cell only a wrap (see the module docstring)?"""
    ends, starts = _wrap_words()
    if prev.endswith(";") or (prev.endswith(".") and not re.search(r"\b(?:TP|Tp)\.$", prev)):
        return False  # a sentence or a list item ends there
    if prev.endswith((",", "-", "–", "&")) or nxt.startswith((",", "&", ";")):
        return True
    words = prev.split()
    if any(" ".join(words[-k:]) in ends for k in (1, 2) if len(words) >= k):
        return True
    first = nxt.split()[0]
    if first in starts:
        return True
    if nxt[:1].islower():
        # "Sở Nội vụ" / "các sở, ban, ngành tỉnh": a collective in lower case opens an agency of its own
        return not (_opens_collective(nxt) and _stands(_last_piece(prev)))
    if LIST_MARK.match(nxt):
        body = LIST_MARK.sub("", nxt)
        # "- Sở Xây dựng kiểm tra …" opens an item; "- Thương binh và Xã hội" goes on with a dashed name
        return not _stands(_first_piece(body)) and nxt.lstrip()[:1] in "-–"
    return not (_stands(_last_piece(prev)) and _stands(_first_piece(nxt)))


def _opens_collective(text: str) -> bool:
    """ "các sở, ban, ngành …", "những đơn vị …": a determiner and a unit word (collectives.tsv)."""
    m = re.match(r"^(?:các|những)\s+(.*)$", text)
    if not m:
        return False
    key = gazetteer.fold_key(m[1])
    return any(key == u or key.startswith(u + " ") or key.startswith(u + ",") for u in _collective_words()[0])


def _first_piece_plain(text: str) -> str:
    sep = _SEPARATOR.search(text)
    return text[: sep.start()] if sep else text


def _first_piece(text: str) -> str:
    pieces = split_agency_list(text)
    return pieces[0] if pieces else ""


def _last_piece(text: str) -> str:
    pieces = split_agency_list(LIST_MARK.sub("", text))
    return pieces[-1] if pieces else ""


def join_wrapped_lines(text: str) -> list[str]:
    """The paragraphs of a cell: its lines cleaned of OCR specks, wrapped lines joined with a space.

    >>> join_wrapped_lines("Ngân hàng\\nNhà nước Việt Nam")
    ['Ngân hàng Nhà nước Việt Nam']
    >>> join_wrapped_lines("Sở Nội vụ\\nSở Tư pháp")
    ['Sở Nội vụ', 'Sở Tư pháp']
    """
    lines = [clean_cell_line(x) for x in normalize_text(text).split("\n")]
    lines = [x for x in lines if x.strip(" .,;:")]
    if not lines:
        return []
    # a break inside a name of the gazetteer is a wrap: "Bộ Thông tin và\nTruyền thông"
    whole = "\n".join(lines)
    inside: set[int] = set()
    for s, e in official_name_spans(whole):
        inside.update(i for i in range(s, e) if whole[i] == "\n")
    paragraphs = [lines[0]]
    offset = len(lines[0])
    for line in lines[1:]:
        if offset in inside or _continues(paragraphs[-1], line):
            paragraphs[-1] = f"{paragraphs[-1]} {line}"
        else:
            paragraphs.append(line)
        offset += 1 + len(line)
    return paragraphs


# ---------------------------------------------------------------------------------------------
# Splitting a paragraph into agencies
# ---------------------------------------------------------------------------------------------

# "Các Sở: Tư pháp, Nội vụ", "các Bộ Tài chính, Tư pháp": a plural head shared by the names after it.
_HEAD_WORDS = r"Sở|Bộ|Ban|Cục|Chi cục|Tổng cục|Trung tâm|Hội|Phòng|Viện|Ủy ban|Đài"
_SHARED_HEAD = re.compile(
    rf"^(?:[Cc]ác|[Nn]hững)\s+(?P<heads>(?:{_HEAD_WORDS})(?:\s*,\s*(?:{_HEAD_WORDS}|ngành|cơ quan|đơn vị|địa phương))*)"
    r"(?P<colon>\s*:\s*|\s+(?=[A-ZĐÀ-Ỹ]))(?P<items>\S.*)$",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"\s*[,;]\s*|\s+và\s+")
# "Các cơ quan, đơn vị: Công an tỉnh, …": a collective noun phrase, a colon, its members.
_COLON_LIST = re.compile(r"^(?:[Cc]ác|[Nn]hững)\s+[^:;]{1,40}:\s*(?P<items>\S.*)$")


def _completed(head: str, text: str) -> int | None:
    """Length of the start of ``text`` that ``head`` completes to a name of the gazetteer, when that
    name ends at a separator or the end ("Sở" + "Kế hoạch và Đầu tư, Tài chính" → 18), else None."""
    if not text[:1].isupper():
        return None  # the names a head shares are proper names: "Sở Tư pháp, Nội vụ", not "UBND các huyện, thị xã"
    joined = f"{head} {text}"
    spans = [sp for sp in gazetteer.body_spans(joined) if sp[0] == 0]
    if not spans:
        return None
    end = spans[0][1] - len(head) - 1
    if end <= 0:
        return None
    rest = text[end:]
    return end if not rest.strip() or _SEPARATOR.match(rest) else None


def _shared_head(text: str) -> list[str] | None:
    """ "Các Sở: Tư pháp, Nội vụ" → ["Sở Tư pháp", "Sở Nội vụ"]; "Các sở, ngành: Tài chính, Công an
    tỉnh" → ["Sở Tài chính", "Công an tỉnh"]; "Các cơ quan: Công an tỉnh, Bộ Chỉ huy Quân sự tỉnh" → the
    agencies listed; None for any other text."""
    m = _SHARED_HEAD.match(text)
    colon = bool(m and ":" in m["colon"])
    if not m or ("," in m["heads"] and not colon):
        listed = _COLON_LIST.match(text)
        if listed and _stands(_first_piece_plain(listed["items"])):
            return split_agency_list(listed["items"])  # a class named, then its members listed
        return None
    heads = [h[:1].upper() + h[1:].lower() for h in re.split(r"\s*,\s*", m["heads"])
             if re.fullmatch(_HEAD_WORDS, h, re.IGNORECASE)]
    items = m["items"]
    # Without a colon the reading needs evidence: the first name after the head completes to a body
    # of the gazetteer ("Các Sở Tư pháp, Nội vụ"; not "Các Ban HĐND tỉnh", the council's committees).
    if not colon and _completed(heads[0], items) is None:
        return None
    out: list[str] = []
    pos = 0
    while pos < len(items):
        rest = items[pos:]
        done = next(((h, n) for h in heads if (n := _completed(h, rest)) is not None), None)
        if done is None and starts_agency(rest):
            out.extend(split_agency_list(rest))  # "… và các cơ quan có liên quan": an agency of its own
            return out
        if done is None:
            sep = _SEPARATOR.search(rest)
            head, n = heads[0], sep.start() if sep else len(rest)
        else:
            head, n = done
        piece = rest[:n].strip(" .;:")
        if piece:
            out.append(f"{head} {piece}")
        sep = _SEPARATOR.match(items, pos + n)
        pos = sep.end() if sep else len(items)
    return out


def split_agency_list(text: str) -> list[str]:
    """Split a run of agencies at separators where a new agency starts (see the module docstring)."""
    text = " ".join(text.split())
    shared = _shared_head(text)
    if shared is not None:
        return shared
    protected = official_name_spans(text) + gazetteer.abbreviation_spans(text)
    pieces: list[str] = []
    pos = 0
    for part in re.split(r"(\s*;\s*)", text):
        if part.strip() and not re.fullmatch(r"\s*;\s*", part):
            pieces.extend(_split_at(part, offset=pos, protected=protected))
        pos += len(part)
    return [p for p in (x.strip(" .,;:") for x in pieces) if p]


def _head_of(piece: str) -> str | None:
    expanded = expand_abbreviations(piece.strip())
    return next((h for h in _heads() if expanded.startswith(h + " ")), None)


def _split_at(part: str, *, offset: int, protected: list[tuple[int, int]]) -> list[str]:
    out: list[str] = []
    pos = 0
    prefix = ""  # the head the piece being read shares with the one before ("Sở Tài chính, Nội vụ")
    skip_to = 0
    for m in re.finditer(r"\s*,\s*|\s+và\s+|\s*/\s*", part):
        start = offset + m.start()
        if m.start() < skip_to or any(s <= start < e for s, e in protected):
            continue
        nxt = part[m.end():]
        current = part[pos:m.start()]
        if m.group().strip() == "/":
            # "Bộ Giao thông vận tải/ Địa phương": a slash between two bodies lists them (a class of
            # bodies, "địa phương", counts); "UBND tỉnh/thành phố" is one body
            if starts_agency(prefix + current) and (starts_agency(nxt) or _opens_with_unit(nxt)):
                out.append(prefix + current)
                pos, prefix = m.end(), ""
            continue
        if starts_agency(nxt):
            out.append(prefix + current)
            pos, prefix = m.end(), ""
        elif _LEVEL_ONLY.match(nxt) and _LEVEL.match(current):
            out.append(prefix + current)  # "UBND cấp huyện, cấp xã": the head is shared
            pos, prefix = m.end(), ""
        elif m.group().strip() == "," and not _COLLECTIVE.search(current) and (head := _head_of(prefix + current)):
            # "Sở Tài chính, Kế hoạch và Đầu tư": the name after the comma is one of the same head
            n = _completed(head, nxt)
            if n is not None:
                out.append(prefix + current)
                pos, prefix = m.end(), head + " "
                skip_to = m.end() + n
    out.append(prefix + part[pos:])
    return _distribute_levels(out)


def _opens_with_unit(text: str) -> bool:
    """Does ``text`` open with a word of a class of bodies, capitalised as a name ("Địa phương", "Ngành")?"""
    units, _ = _collective_words()
    first = text.strip()
    key = gazetteer.fold_key(first)
    return first[:1].isupper() and any(key == u or key.startswith(u + " ") for u in units)


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


# ---------------------------------------------------------------------------------------------
# Cells
# ---------------------------------------------------------------------------------------------


# "Sở Nội vụ (chủ trì)", "Sở Tài chính (cơ quan thường trực)": a role noted after a name is not part of it.
_ROLE_NOTE = re.compile(r"\s*\(\s*(?:cơ quan\s+)?(?:chủ trì|phối hợp|thường trực|tham mưu|nếu có)\s*\)", re.IGNORECASE)


def _sub_task_cut(body: str, first_verb: VerbFinder | None) -> int | None:
    """Where the agencies of a sub-task paragraph end ("- Sở Nội vụ kiểm tra, đánh giá …" → 10)."""
    spans = official_name_spans(body)
    for m in _role_verbs().finditer(gazetteer.fold(body)):
        if m.start() > 0 and not any(s <= m.start() < e for s, e in spans):
            return m.start()  # a verb that is only ever a verb: no tagger needed
    pieces = split_agency_list(body)
    if all(_is_known(p) for p in pieces):
        return None  # agencies and nothing else: nothing to cut
    return first_verb(body, spans) if first_verb is not None else None


def split_agency_cell(text: str | None, *, first_verb: VerbFinder | None = None) -> tuple[Agency, ...]:
    """The agencies of a lead or support cell, in order, each once.

    ``first_verb`` (``extract.nlp.segmenter.first_verb``) finds the verb of a sub-task paragraph
    whose verb the role-verb list does not know; it is called only then.
    """
    if not text:
        return ()
    agencies: list[Agency] = []
    seen: set[str] = set()
    for paragraph in join_wrapped_lines(text):
        has_bullet = bool(LIST_MARK.match(paragraph))
        body = _ROLE_NOTE.sub("", LIST_MARK.sub("", paragraph)).strip()
        if has_bullet:
            # "- Sở Nội vụ kiểm tra, đánh giá việc phân cấp …": the agencies are what precedes the verb.
            cut = _sub_task_cut(body, first_verb)
            if cut:
                body = body[:cut]
        for piece in split_agency_list(body):
            agency = canonical_agency(piece)
            if agency.name and agency_key(agency.name) not in seen:
                seen.add(agency_key(agency.name))
                agencies.append(agency)
    return tuple(agencies)
