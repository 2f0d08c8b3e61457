"""The underthesea adapter (GPL-3.0): Vietnamese word segmentation and part-of-speech tags.

underthesea is imported here and nowhere else. Only ``word_tokenize`` and ``pos_tag`` are used:
they ship in the wheel and run offline (``classify``, ``sentiment``, ``lang_detect`` download at
run time, ``ner(deep=True)`` needs torch: never called).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ..data import read_tsv
from ..errors import ExtractError


class SegmenterUnavailable(ExtractError):
    """underthesea is not installed in this environment."""

    stage = "language"


@cache
def _engine():
    try:
        import underthesea
    except ImportError as e:  # pragma: no cover - exercised only in a broken install
        raise SegmenterUnavailable("underthesea is not installed: run `make extract` to set up .venv") from e
    return underthesea


@dataclass(frozen=True, slots=True)
class Word:
    """A segmented word: ``text[start:end]`` of the input, and its POS tag (N, Np, V, A, E, C, CH…)."""

    start: int
    end: int
    tag: str | None = None


def _align(text: str, pieces: list[str]) -> list[tuple[int, int]]:
    """Character spans of ``pieces`` in ``text``; a piece not found verbatim is skipped."""
    spans, pos = [], 0
    for piece in pieces:
        i = text.find(piece, pos)
        if i < 0:
            # underthesea may fold spaces inside a word: find its syllables one by one
            first = piece.split()[0] if piece.split() else piece
            i = text.find(first, pos)
            if i < 0:
                continue
            end = i
            for syl in piece.split():
                j = text.find(syl, end)
                if j < 0:
                    break
                end = j + len(syl)
            spans.append((i, end))
            pos = end
            continue
        spans.append((i, i + len(piece)))
        pos = i + len(piece)
    return spans


def segment_words(text: str) -> list[Word]:
    """Words of ``text`` (multi-syllable words such as "Ủy ban" kept whole), with offsets."""
    if not text.strip():
        return []
    pieces = _engine().word_tokenize(text)
    return [Word(s, e) for s, e in _align(text, pieces)]


def tag_words(text: str) -> list[Word]:
    """Words of ``text`` with their part-of-speech tags."""
    if not text.strip():
        return []
    tagged = _engine().pos_tag(text)
    spans = _align(text, [w for w, _ in tagged])
    # _align may skip pieces; re-pair by walking both lists in order
    out, k = [], 0
    for word, tag in tagged:
        if k < len(spans) and text[spans[k][0]:spans[k][1]].split() == word.split():
            out.append(Word(spans[k][0], spans[k][1], tag))
            k += 1
    return out


@cache
def _role_verbs() -> frozenset[str]:
    return frozenset(row[0] for row in read_tsv("role_verbs.tsv"))


def first_verb(text: str, protected: list[tuple[int, int]] | tuple = ()) -> int | None:
    """Offset of the first verb after a noun, outside ``protected`` spans (official names such as
    "Sở Nông nghiệp và Phát triển nông thôn", which the tagger reads as containing verbs).

    This is the one caller of the POS tagger, and the slow step of an agency cell: ``agencies.py``
    calls it only for a sub-task paragraph whose verb ``role_verbs.tsv`` does not settle."""
    role_verbs = _role_verbs()
    seen_noun = False
    for w in tag_words(text):
        if any(s <= w.start < e for s, e in protected):
            seen_noun = True
            continue
        word = text[w.start:w.end]
        is_verb = w.tag == "V" or word in role_verbs  # the tagger reads "chủ trì" as a noun
        if is_verb and seen_noun and not word[:1].isupper():
            return w.start  # a capitalised "verb" is part of a name ("Sở Xây dựng")
        if w.tag in ("N", "Np", "Nc", "Ny"):
            seen_noun = True
    return None
