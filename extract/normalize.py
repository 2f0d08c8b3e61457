"""Text normalisation done once, at the reading boundary.

After ``normalize_text(s)`` the following hold:
- the text is Unicode NFC;
- soft hyphens, zero-width characters and BOMs are gone; no-break and other spaces are " ";
- Icelandic eth ("Ð"/"ð", which some Vietnamese fonts map "Đ"/"đ" to) is "Đ"/"đ";
- one tone-mark placement: the "old" style "hoà", "uỷ", "thuỷ", "khoẻ" becomes "hòa", "ủy", "thủy",
  "khỏe" (the placement of the dev gazettes and of the Chính phủ's own texts);
- runs of spaces are one space (line breaks are kept as they are).

``normalize_text`` is idempotent.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from array import array
from collections.abc import Sequence

_DROP = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2002\u2003\u2009\u202f\u3000\t"), " ")
_ETH = {ord("Ð"): "Đ", ord("ð"): "đ"}

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below
# Old-style placement: the tone sits on the second vowel of an open "oa", "oe", "uy" syllable.
# Evidence: both "Hoà"/"Hòa" and "Uỷ"/"Ủy" occur in gazettes of one province; NFC keeps them apart.
# "qu" + y is excluded ("quý": u belongs to the consonant), and so is any syllable with a final
# consonant ("hoạch", "thuyết"), where both styles agree.
_OLD_STYLE = re.compile(
    r"(?<![qQ\w])([^\W\d_]*?)([oOuU])([aAeEyY])([" + _TONES + r"])(?![^\W\d_]|[\u0300-\u036f])"
)
_OLD_STYLE_AFTER_Q = re.compile(r"(?i)q[uU]$")


def _move_tone(m: re.Match[str]) -> str:
    onset, first, second, tone = m.groups()
    if first in "uU" and second in "aAeE":
        return m.group(0)  # "ua"/"ue" are not rounding glides ("múa", "thuê")
    if _OLD_STYLE_AFTER_Q.search(onset + first):
        return m.group(0)
    return onset + first + tone + second


def _syllable_tones(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    # NFD puts the tone after the vowel's other marks; fold "o" + circumflex/horn/breve cases out:
    # only plain o/u + plain a/e/y (no other mark on them) are affected.
    return _OLD_STYLE.sub(_move_tone, decomposed)


_TRANSLATE = {**_DROP, **_SPACES, **_ETH}
_RUNS_OF_SPACES = re.compile(r" {2,}")
# Only text with a plain o/u followed by a toned a/e/y that ends the syllable can hold an old-style
# tone placement (NFC "oà", or NFD "oa" + tone): "hoạt", "thuyết" (a final consonant) cannot.
_OLD_STYLE_CANDIDATE = re.compile(
    r"(?:[oO](?:[àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸ]|[aAeE][" + _TONES + r"])"
    r"|(?<![qQ])[uU](?:[ỳýỷỹỵỲÝỶỸỴ]|[yY][" + _TONES + r"]))"
    r"(?![^\W\d_]|[\u0300-\u036f])"
)


def normalize_text(text: str) -> str:
    """Apply the reading-boundary contract (see the module docstring) to ``text``."""
    if text.isascii():  # nothing to fold: no marks, no special spaces
        return _RUNS_OF_SPACES.sub(" ", text.replace("\t", " ")) if "  " in text or "\t" in text else text
    text = text.translate(_TRANSLATE)
    if _OLD_STYLE_CANDIDATE.search(text):
        text = _syllable_tones(text)
    text = unicodedata.normalize("NFC", text)
    return _RUNS_OF_SPACES.sub(" ", text) if "  " in text else text


# ---------------------------------------------------------------- offsets back to the caller's text

_SPACE_CLASS = "".join(sorted({" ", *map(chr, _SPACES)}))
_DROP_CLASS = "".join(map(chr, _DROP))
# A run of spaces (with any dropped characters inside or around it) becomes one " "; everything
# between such runs is a word normalised on its own. Both normalise independently because a space
# is \W for the tone rule and composes with no mark under NFC, so the whole text gives the same result.
_PIECE = re.compile(
    rf"(?P<space>[{_SPACE_CLASS}{_DROP_CLASS}]*[{_SPACE_CLASS}][{_SPACE_CLASS}{_DROP_CLASS}]*)|[^{_SPACE_CLASS}]+"
)
_BLANK_LINE = re.compile(rf"\n(?:[{_SPACE_CLASS}{_DROP_CLASS}\r\f\v]*\n)+")


class OffsetMap:
    """Positions in a normalised text mapped back to the text it came from.

    Built by ``normalize_with_offsets``. Stored as breakpoints (normalised position, source
    position) between which both advance together, so memory is proportional to the number of
    places where normalisation changed the length, not to the text.
    """

    __slots__ = ("_norm", "_src", "_source", "_length")

    def __init__(self, source: str, length: int, norm_starts: Sequence[int], src_starts: Sequence[int]) -> None:
        self._source = source
        self._length = length  # of the normalised text
        self._norm = norm_starts
        self._src = src_starts

    def position(self, pos: int) -> int:
        """Source position of the normalised character at ``pos`` (``len`` maps to ``len(source)``)."""
        i = bisect.bisect_right(self._norm, pos) - 1
        if i < 0:
            return 0
        return min(self._src[i] + (pos - self._norm[i]), len(self._source))

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Source span of the normalised span ``[start, end)``.

        The start is the source position of the first character; the end runs to where the next
        normalised character starts, less any trailing characters normalisation drops or folds into
        a space (soft hyphens, zero-width characters, extra spaces), so marks of the last letter
        (NFD input) stay inside while the gap after it stays out.
        """
        s = self.position(start)
        if end <= start:
            return s, s
        last = self.position(end - 1)
        e = self.position(end) if end < self._length else len(self._source)
        while e > last + 1 and self._source[e - 1] in _TRAILING:
            e -= 1
        return s, max(e, last + 1)


_TRAILING = frozenset(_SPACE_CLASS + _DROP_CLASS)


def normalize_with_offsets(text: str) -> tuple[str, OffsetMap]:
    """``normalize_text(text)`` and the map from its positions back to ``text``.

    After ``norm, offsets = normalize_with_offsets(text)``:
    - ``norm == normalize_text(text)``;
    - for a span ``[s, e)`` of ``norm`` that starts and ends on a character (not inside a collapsed
      space), ``a, b = offsets.span(s, e)`` gives the caller's ``text[a:b]``, and
      ``normalize_text(text[a:b]) == norm[s:e]`` (up to spaces at its edges).
    """
    norm = normalize_text(text)
    if norm == text:
        return norm, OffsetMap(text, len(norm), array("q", [0]), array("q", [0]))
    norm_starts, src_starts = array("q"), array("q")
    parts: list[str] = []
    out_len = 0

    def mark(out_pos: int, src_pos: int) -> None:
        # a new breakpoint only where the source / normalised difference changes
        if norm_starts and src_starts[-1] - norm_starts[-1] == src_pos - out_pos:
            return
        norm_starts.append(out_pos)
        src_starts.append(src_pos)

    for m in _PIECE.finditer(text):
        piece = m.group(0)
        if m.group("space"):
            mark(out_len, m.start() + _first_space(piece))
            parts.append(" ")
            out_len += 1
            continue
        out = normalize_text(piece)
        parts.append(out)
        if len(out) == len(piece):
            mark(out_len, m.start())
        else:
            for k, src in enumerate(_piece_positions(piece, out)):
                mark(out_len + k, m.start() + src)
        out_len += len(out)
    # The pieces' results joined are ``norm`` (see _PIECE; property-tested): the offsets index them.
    return "".join(parts), OffsetMap(text, out_len, norm_starts, src_starts)


def _first_space(piece: str) -> int:
    return next(i for i, c in enumerate(piece) if c in _SPACE_CLASS)


def _piece_positions(piece: str, out: str) -> list[int]:
    """For each character of ``out`` (the normalised ``piece``), where it starts in ``piece``.

    A character starts at a base character (not a combining mark, not a dropped character); its
    marks follow it. When composition does not pair one output character with one base (a letter
    with no precomposed form), each base cluster is normalised alone to count its characters.
    """
    bases: list[int] = []
    for i, c in enumerate(piece):
        # a mark with no letter before it in the word stands alone, like a base
        if c not in _TRAILING and (not bases or not unicodedata.combining(c)):
            bases.append(i)
    if len(bases) == len(out):
        return bases
    positions: list[int] = []
    for j, b in enumerate(bases):
        end = bases[j + 1] if j + 1 < len(bases) else len(piece)
        positions.extend([b] * len(unicodedata.normalize("NFC", piece[b:end].translate(_DROP))))
    if len(positions) == len(out):
        return positions
    n = max(len(bases), 1)  # last resort: spread the output over the bases in order
    return [bases[min(k * n // max(len(out), 1), n - 1)] if bases else 0 for k in range(len(out))]


def split_at_blank_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of the blocks of ``text`` between blank lines (lines of nothing but spaces).

    No reference, agency or deadline runs over a blank line, so each block can be read alone: the
    results on a text are the results on its blocks, offsets shifted, however the caller cut it there.
    """
    blocks, pos = [], 0
    for m in _BLANK_LINE.finditer(text):
        if m.start() > pos:
            blocks.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        blocks.append((pos, len(text)))
    return blocks
