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

import re
import unicodedata

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


def normalize_text(text: str) -> str:
    """Apply the reading-boundary contract (see the module docstring) to ``text``."""
    text = text.translate(_DROP).translate(_SPACES).translate(_ETH)
    if any(c in text for c in "àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸỳýỷỹỵỲÝỶỸỴ") or not text.isascii():
        text = _syllable_tones(text)
    text = unicodedata.normalize("NFC", text)
    return re.sub(r" {2,}", " ", text)
