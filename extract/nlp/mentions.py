"""Agencies mentioned in running text (body paragraphs, task descriptions), with offsets.

``find_agency_mentions`` takes time linear in the number of words (apart from the gazetteer lookup
``official_name_spans``): membership in the spans found so far is answered with sorted spans and a
running maximum, never by scanning them, and each word looks ahead at a bounded slice of text.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from typing import Any

from ..models import Agency
from .agencies import canonical_agency, expand_abbreviations, is_head_word, official_name_spans, starts_agency

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
    text: str, words: Sequence[tuple[int, int]] | None = None, *, exclude: Sequence[tuple[int, int]] = (),
    segment: Callable[[str], Sequence[Any]] | None = None,
) -> tuple[tuple[int, int, Agency], ...]:
    """(start, end, agency) for agencies named in ``text``.

    ``words`` are its segmented word spans; without them, only the stretches of text where a name may
    start (a capitalised word that opens an agency and no known name covers) are segmented, with
    ``segment`` (underthesea's word segmentation): it decides where a name not in the gazetteer ends
    ("Ủy ban nhân dân" + "tỉnh", "nhà nước"), and nowhere else. ``exclude`` spans (legal references:
    "59/2012/NĐ-CP" is no agency) are skipped.
    """
    excluded = _Spans(exclude)
    found: list[tuple[int, int]] = [sp for sp in official_name_spans(text) if not excluded.covers(sp[0])]
    official = _Spans(found)
    for m in _COLLECTIVE.finditer(text):
        if not official.covers(m.start()) and not excluded.covers(m.start()):
            found.append((m.start(), m.end()))
    before_words = _Spans(found)
    if words is None:
        found += _names_around_candidates(text, before_words, excluded, segment)
    else:
        found += _names_from_words(text, words, before_words, excluded)
    out = []
    for s, e in sorted(found):
        agency = canonical_agency(text[s:e])
        if agency.name:
            out.append((s, e, agency))
    return tuple(out)


_SYLLABLE = re.compile(r"\S+")
# A name runs at most this far from its first word (MAX_NAME_WORDS words of a long official name).
_NAME_WINDOW_CHARS = 160


def _names_around_candidates(text: str, known: "_Spans", excluded: "_Spans", segment) -> list[tuple[int, int]]:
    if segment is None:
        from .segmenter import segment_words as segment
    found: list[tuple[int, int]] = []
    done_until = 0
    for m in _SYLLABLE.finditer(text):
        s = m.start()
        if s < done_until or known.covers(s) or excluded.covers(s):
            continue
        token = m.group(0)
        if not _is_candidate(token, text, s):
            continue
        window = text[s:s + _NAME_WINDOW_CHARS]
        cut = window.rfind(" ")
        window = window if len(window) < _NAME_WINDOW_CHARS or cut <= 0 else window[:cut]
        words = [(s + a, s + b) for a, b in _window_words(window, segment)]
        if not words or words[0][0] != s or not is_head_word(text[words[0][0]:words[0][1]]):
            continue
        end = _extend_name(text, words, 0)
        if end is not None:
            found.append((s, end))
            done_until = end
    return found


def _window_words(window: str, segment) -> list[tuple[int, int]]:
    """Word spans of ``window``: the segmenter's words, and what lies between them split at spaces."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for w in segment(window):
        spans.extend((pos + g.start(), pos + g.end()) for g in re.finditer(r"\S+", window[pos:w.start]))
        spans.append((w.start, w.end))
        pos = w.end
    spans.extend((pos + g.start(), pos + g.end()) for g in re.finditer(r"\S+", window[pos:]))
    return spans


def _is_candidate(token: str, text: str, s: int) -> bool:
    if not token[:1].isupper() or re.match(r"^(?:Các|Những)\b", token):
        return False
    # a head is in a name's first words: look at a bounded slice, never at the rest of the text
    return starts_agency(text[s:s + _HEAD_LOOKAHEAD])


def _names_from_words(text: str, words: Sequence[tuple[int, int]], known: "_Spans", excluded: "_Spans") -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    words_end = 0  # end of the names found from words so far; they start in word order
    for i, (s, e) in enumerate(words):
        if s < words_end or known.covers(s) or excluded.covers(s):
            continue
        if not _is_candidate(text[s:e], text, s) or not is_head_word(text[s:e]):
            continue
        end = _extend_name(text, words, i)
        if end is not None:
            found.append((s, end))
            words_end = max(words_end, end)
    return found


def _extend_name(text: str, words: Sequence[tuple[int, int]], i: int) -> int | None:
    """Where the name opening at ``words[i]`` ends, or None when it is no name."""
    s, e = words[i]
    token = text[s:e]
    if token.isupper() and not _is_agency_acronym(token):
        return None  # "NĐ-CP", "III", "CCHC": not bodies
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
    return end if end > e or token.isupper() else None


_HEAD_LOOKAHEAD = 120  # characters: longer than any head of agency_heads.tsv and what starts_agency reads


class _Spans:
    """Which positions fall inside any of a fixed set of (start, end) spans, overlapping or not."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [a for a, _ in ordered]
        self._max_end: list[int] = []
        best = -1
        for _, b in ordered:
            best = max(best, b)
            self._max_end.append(best)

    def covers(self, pos: int) -> bool:
        i = bisect.bisect_right(self._starts, pos) - 1
        return i >= 0 and self._max_end[i] > pos


def _is_agency_acronym(token: str) -> bool:
    """ "UBND", "HĐND", "BHXH", "VNPT": an acronym that names a body, not a document symbol."""
    if re.fullmatch(r"[IVXLC]+", token) or "-" in token or "/" in token:
        return False
    expanded = expand_abbreviations(token)
    return expanded != token and expanded[:1].isupper() or token in _BRANDS


_BRANDS = {"VNPT", "Viettel", "EVN", "MobiFone", "FPT", "VTV", "VOV"}
