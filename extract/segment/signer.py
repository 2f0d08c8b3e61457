"""The signature block of a document: the signer's position and name (Phụ lục I, ô 7)."""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from ..data import read_tsv
from ..models import Page, Signer, Word
from ..names import fold_marks, is_upper_text, is_vietnamese_syllable, looks_like_person_name, sentence_case
from .tokens import LineAt, allowed_errors, clean_tokens, edit_distance, folded_letters


# Signature blocks: "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", then the name.
_SIGNATURE_PREFIX = re.compile(r"^(TM|KT|TL|TUQ|Q|QUYỀN)\s*[.,]?\s+", re.IGNORECASE)


@cache
def _positions() -> dict[str, str]:
    return {row[0].lower(): row[1] for row in read_tsv("positions.tsv")}


@cache
def _folded_positions() -> tuple[tuple[str, str], ...]:
    return tuple((folded_letters(k), v) for k, v in _positions().items())


@cache
def _family_names() -> frozenset[str]:
    return frozenset(row[0] for row in read_tsv("family_names.tsv"))


def find_signer(body: Sequence[LineAt], pages: Sequence[Page]) -> tuple[Signer, tuple[str, ...]]:
    """The first signature block of the document: a position line, then a person's name.

    Only the right half of each line counts: the recipients ("Nơi nhận: …") share the signature
    block's baselines on the left. On OCR pages the seal and the signature between the position and
    the name print specks, so the position may stand up to ten lines above; the name must open with a
    Vietnamese family name and be Vietnamese syllables, the title must be a known position, else they
    are None with a warning.
    """
    def right_words(at: LineAt, strict: bool) -> list[Word]:
        half = pages[at.page_index].width / 2
        words = [w for w in at.line.words if w.x_mid > half]
        return words if words or strict else list(at.line.words)

    def right_text(at: LineAt) -> str:
        return " ".join(w.text for w in right_words(at, False)).strip()

    saw_block = False
    for n in range(1, len(body)):
        at = body[n]
        if not pages[at.page_index].ocr:
            text = right_text(at)
            if not looks_like_person_name(text):
                continue
            # The position stands in the right half above the name, the recipients list ("Nơi nhận:
            # - Như Điều 3; …") running down the left beside the seal and the signature (qd2858-hanoi:
            # seven lines between "PHÓ CHỦ TỊCH" and the name).
            above = [a for a in body[max(0, n - _SIGNATURE_REACH) : n] if a.page_index == at.page_index]
            near = [a for a in above if a.line.top >= at.line.top - _SIGNATURE_HEIGHT_SHARE * pages[at.page_index].height]
            titles = [t for a in near if (t := " ".join(w.text for w in right_words(a, True))) and is_upper_text(t)]
            if not titles:
                continue
            raw = _SIGNATURE_PREFIX.sub("", titles[-1])
            title = _positions().get(raw.lower(), sentence_case(raw))
            return Signer(name=" ".join(text.split()), title=title), ()
        above = [a for a in body[max(0, n - _SIGNATURE_REACH) : n] if a.page_index == at.page_index]
        near = [a for a in above if a.line.top >= at.line.top - _SIGNATURE_HEIGHT_SHARE * pages[at.page_index].height]
        titles = [t for t in _title_rows(near, right_words) if t and is_upper_text(t)]
        saw_block = saw_block or any(_signature_title(t) or _SIGNATURE_PREFIX.match(t) for t in titles)
        # A signature's strokes across the name read as lone letters ("Nguyên Tân Ấ Dũng", real scan
        # luatvn-nq03-cp-2010): no syllable of a signed name stands alone as one letter there.
        tokens = [t for t in clean_tokens(right_words(at, True)) if len(t) > 1]
        if tokens and tokens[0] not in _family_names():
            tokens[0] = _family_name_read(tokens[0]) or tokens[0]
        text = " ".join(tokens)
        has_block = titles or any("Nơi nhận" in a.line.text for a in above)
        if not has_block or not looks_like_person_name(text):
            continue
        if tokens[0] not in _family_names() or not all(is_vietnamese_syllable(t) for t in tokens):
            saw_block = True
            continue
        title = None
        if titles and not _SIGNATURE_PREFIX.match(titles[-1]):
            title = _signature_title(titles[-1])
        return Signer(name=text, title=title), () if title else ("signer title read by OCR is not plausible",)
    return Signer(), ("signer read by OCR is not plausible",) if saw_block else ()


def _family_name_read(token: str) -> str | None:
    """The family name OCR read with a mark lost or changed ("Nguyên" for "Nguyễn"), when only one has
    those letters."""
    matches = [f for f in _family_names() if fold_marks(f).lower() == fold_marks(token).lower()]
    return matches[0] if len(matches) == 1 else None


def _title_rows(lines: Sequence[LineAt], right_words) -> list[str]:
    """Right-half texts of ``lines``, a printed line that OCR split in two ("HÓ CHỦ" / "TỊCH", three
    points apart, real scan 28-pt) joined again."""
    rows: list[tuple[float, float, list[str]]] = []
    for at in lines:
        words = right_words(at, True)
        if not words:
            continue
        top, bottom = min(w.top for w in words), max(w.bottom for w in words)
        if rows and abs(top - rows[-1][0]) < 0.5 * (bottom - top):
            rows[-1][2].extend(clean_tokens(words))
        else:
            rows.append((top, bottom, clean_tokens(words)))
    return [" ".join(tokens) for _, _, tokens in rows]


# Lines between "Nơi nhận" (its first line beside the signer's position) and the signer's name: the
# recipients list runs down the left beside the seal and the signature (real scan 59-nd: 11 lines).
_SIGNATURE_REACH = 16
# The position stands this share of the page height above the name at most (seal and signature
# between them: 118 pt of 850 in real scan 28-pt).
_SIGNATURE_HEIGHT_SHARE = 0.2


def _signature_title(text: str) -> str | None:
    """A known position ("PHÓ CHỦ TỊCH" → "Phó Chủ tịch") spelt by ``text``, OCR damage allowed."""
    letters = folded_letters(_SIGNATURE_PREFIX.sub("", text))
    scored = [(edit_distance(letters, key), name) for key, name in _folded_positions()
              if abs(len(key) - len(letters)) <= allowed_errors(key)]
    scored = [(d, name) for d, name in scored if d <= allowed_errors(folded_letters(name))]
    return min(scored)[1] if scored else None
