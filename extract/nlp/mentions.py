"""Agencies mentioned in running text (body paragraphs, task descriptions), with offsets."""
from __future__ import annotations

import re
from collections.abc import Sequence

from ..models import Agency
from .agencies import official_name_spans, canonical_agency, starts_agency

# After a head word ("Sở", "Ủy ban nhân dân", "UBND"), a name goes on over capitalised words and
# the lower-case words official names carry ("Sở Tài nguyên và Môi trường", "UBND tỉnh", "Cục Thuế
# tỉnh"): evidence from the department names of Nghị định 107/2020/NĐ-CP.
_NAME_LOWER = {"tỉnh", "huyện", "xã", "thành phố", "thị xã", "thị trấn", "phường", "quận", "nhân dân", "nhà nước",
               "hành chính", "công", "thủ tục hành chính", "cải cách hành chính"}
_JOINERS = {"và", "-"}
MAX_NAME_WORDS = 9
_LEVELS = {"tỉnh", "huyện", "xã"}
# Collectives named in running text: "các sở, ban, ngành tỉnh", "Ủy ban nhân dân các huyện, thành
# phố", "UBND cấp huyện, cấp xã" (Cà Mau 43 body text).
_UNIT = r"(?:sở|ban|ngành|cơ quan|đơn vị|địa phương|doanh nghiệp|tổ chức|huyện|thị xã|thành phố|xã|phường|thị trấn|quận)"
_COLLECTIVE = re.compile(
    rf"(?<!\w)(?:(?:Ủy ban nhân dân|UBND|Hội đồng nhân dân|HĐND)\s+)?(?:[Cc]ác|[Nn]hững)\s+{_UNIT}(?:\s*,\s*{_UNIT})*"
    rf"(?:\s+(?:tỉnh|trực thuộc|có liên quan|liên quan|trên địa bàn tỉnh))?"
    rf"|(?<!\w)(?:Ủy ban nhân dân|UBND)\s+cấp\s+(?:tỉnh|huyện|xã)(?:\s*,\s*cấp\s+(?:tỉnh|huyện|xã))*"
)


def find_agency_mentions(
    text: str, words: Sequence[tuple[int, int]], *, exclude: Sequence[tuple[int, int]] = ()
) -> tuple[tuple[int, int, Agency], ...]:
    """(start, end, agency) for agencies named in ``text``; ``words`` are its segmented word spans.

    ``exclude`` spans (legal references: "59/2012/NĐ-CP" is no agency) are skipped.
    """
    found: list[tuple[int, int]] = [sp for sp in official_name_spans(text) if not _inside(sp[0], exclude)]
    for m in _COLLECTIVE.finditer(text):
        if not _inside(m.start(), found) and not _inside(m.start(), exclude):
            found.append((m.start(), m.end()))
    for i, (s, e) in enumerate(words):
        if _inside(s, found) or _inside(s, exclude):
            continue
        token = text[s:e]
        if not token[:1].isupper() or not starts_agency(text[s:]) or re.match(r"^(?:Các|Những)\b", token):
            continue
        if token.isupper() and not _is_agency_acronym(token):
            continue  # "NĐ-CP", "III", "CCHC": not bodies
        end = e
        k = i + 1
        n = 1
        while k < len(words) and n < MAX_NAME_WORDS:
            ws, we = words[k]
            w = text[ws:we]
            if text[end:ws].strip():  # punctuation between words ends a name
                break
            if w[:1].isupper() or w.lower() in _NAME_LOWER:
                end, k, n = we, k + 1, n + 1
                continue
            if w == "cấp" and k + 1 < len(words) and text[words[k + 1][0]:words[k + 1][1]] in _LEVELS:
                end, k, n = words[k + 1][1], k + 2, n + 2  # "Ủy ban nhân dân cấp huyện"
                continue
            if w in _JOINERS and k + 1 < len(words) and text[words[k + 1][0]].isupper():
                end, k, n = words[k + 1][1], k + 2, n + 2
                continue
            break
        if end > e or token.isupper():
            found.append((s, end))
    out = []
    for s, e in sorted(found):
        agency = canonical_agency(text[s:e])
        if agency.name:
            out.append((s, e, agency))
    return tuple(out)


def _inside(pos: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _is_agency_acronym(token: str) -> bool:
    """ "UBND", "HĐND", "BHXH", "VNPT": an acronym that names a body, not a document symbol."""
    from .agencies import expand_abbreviations

    if re.fullmatch(r"[IVXLC]+", token) or "-" in token or "/" in token:
        return False
    expanded = expand_abbreviations(token)
    return expanded != token and expanded[:1].isupper() or token in _BRANDS


_BRANDS = {"VNPT", "Viettel", "EVN", "MobiFone", "FPT", "VTV", "VOV"}
