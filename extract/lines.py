"""Group words into lines and lines into paragraphs: the text geometry shared by pages and cells."""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from operator import attrgetter

from .data import read_tsv
from .labels import PARAGRAPH_OPENER

from .models import Line, Word

# Words whose vertical middles are closer than this fraction of the font size share a line.
# Evidence: Cà Mau 43 table headers set in one cell at 58.4/65.3/72.2 pt (7 pt apart at 13 pt size)
# are separate lines; superscripts and mixed sizes on one baseline differ by < 3 pt.
SAME_LINE_FRACTION = 0.45


def words_to_lines(words: Iterable[Word]) -> tuple[Line, ...]:
    """Lines top to bottom, each with its words left to right."""
    # (middle, x0, input order): the tuples sort by those alone (the order is unique), as Word.y_mid would.
    ordered = sorted([((w.top + w.bottom) / 2, w.x0, i, w) for i, w in enumerate(words)])
    lines: list[list[Word]] = []
    # The last line's sum of word middles, added in word order: its mean equals ``_mid`` exactly.
    total = 0.0
    for mid, _, _, w in ordered:
        tolerance = max(2.0, SAME_LINE_FRACTION * (w.size or (w.bottom - w.top)))
        if lines and abs(total / len(lines[-1]) - mid) <= tolerance:
            lines[-1].append(w)
            total += mid
        else:
            lines.append([w])
            total = 0.0 + mid
    return tuple(Line(words=tuple(sorted(ws, key=_X0))) for ws in lines)


_X0 = attrgetter("x0")


def _mid(words: Sequence[Word]) -> float:
    return sum(w.y_mid for w in words) / len(words)



# A word broken inside a document number at a line end: "59/2012/N" + "Đ-CP", "1234/QĐ-" + "UBND",
# "01/2023/TT" + "-BNV", "1420/UBND" + "-CCHC" (the trap measured on the dev gazettes).
_NUMBER_HEAD = re.compile(r"\d[\w&]*/[\w&/.-]*$")
_SYMBOL_TAIL = re.compile(r"^[-/]?[A-ZĐ0-9][A-ZĐ0-9&/.-]*[,.;:)]*$")
_HYPHEN_HEAD = re.compile(r"[\wĐđ&]-$")


@cache
def _complete_codes() -> frozenset[str]:
    """Type and issuer codes that end a complete số ký hiệu segment, so "…/2020/NĐ" + "CP" is two
    tokens unless the next line starts with "-" (data files of document kinds and issuers)."""
    codes = {row[1] for row in read_tsv("document_kinds.tsv")}
    codes |= {row[0] for row in read_tsv("kind_abbreviations.tsv")}
    codes |= {row[0] for row in read_tsv("issuer_codes.tsv")}
    return frozenset(codes)


def joins_without_space(before: str, after: str) -> bool:
    """True when the line break between ``before`` and ``after`` falls inside one token."""
    if not before or not after:
        return False
    last = before.split()[-1]
    first = after.split()[0]
    if not _SYMBOL_TAIL.match(first):
        return False
    if _HYPHEN_HEAD.search(last) and (any(c.isdigit() for c in last) or last[:-1].isupper()):
        return True  # "1234/QĐ-" + "UBND", "LĐ-" + "TB&XH"
    if not _NUMBER_HEAD.search(last):
        return False
    if first[0] in "-/":
        return True  # "1420/UBND" + "-CCHC"
    segment = re.split(r"[/-]", last)[-1]
    return bool(segment) and segment.isalpha() and segment not in _complete_codes()  # "…/N" + "Đ-CP"


def starts_paragraph(line_text: str) -> bool:
    return bool(PARAGRAPH_OPENER.match(line_text))


def join_lines(texts: Sequence[str], breaks: Sequence[bool]) -> str:
    """Join line texts; ``breaks[i]`` says a paragraph starts at line ``i + 1``.

    Paragraphs are joined by "\\n"; wrapped lines by one space, or by nothing inside a token.
    """
    if not texts:
        return ""
    out = [texts[0]]
    for text, is_break in zip(texts[1:], breaks):
        if is_break:
            out.append("\n")
        elif not joins_without_space(out[-1], text):
            out.append(" ")
        out.append(text)
    return "".join(out)


# A line ending with one of these ends its sentence or its list item: what follows may open a paragraph.
SENTENCE_END = (".", ";", ":", "!", "?")


def lines_to_text(lines: Sequence[Line], *, right_edge: float | None = None, line_pitch: float | None = None,
                  ocr: bool = False) -> str:
    """The text of a block of lines (a cell, a paragraph run) with paragraph breaks as "\\n".

    A paragraph starts at a line that opens with a bullet or item label; after a vertical gap wider
    than the usual line pitch (``line_pitch``, else this block's own smallest) by paragraph spacing
    (Hậu Giang 12: 12.5 pt between wrapped lines, 14.5 pt between "Sở Nội vụ" / "Các sở, ban, ngành
    tỉnh" / "UBND …"); or after a line that ended short: the next line's first word would have fitted
    before ``right_edge`` (so the writer broke the line on purpose). On lines read by OCR (``ocr``),
    also after a line that ended its sentence, and never before a word in lower case.
    """
    if not lines:
        return ""
    texts = [ln.text for ln in lines]
    pitches = [b.top - a.top for a, b in zip(lines, lines[1:])]
    usual = line_pitch if line_pitch else (min(pitches) if pitches else 0.0)
    breaks = []
    for i, (a, b) in enumerate(zip(lines, lines[1:])):
        breaks.append(
            not joins_without_space(a.text, b.text)
            and (
                starts_paragraph(b.text)
                # Lines read by OCR sit where the scan put them, so a gap or a short line may be noise:
                # there a paragraph also ends with its sentence, and never goes on in lower case
                # ("trong lĩnh" + "vực ngân hàng" is one sentence).
                or not (ocr and b.text[:1].islower()) and (
                    (ocr and a.text.rstrip().endswith(SENTENCE_END))
                    or (usual > 0 and pitches[i] > usual + paragraph_spacing(usual))
                    or ended_short(a, b, right_edge)
                )
            )
        )
    return join_lines(texts, breaks)


def paragraph_spacing(line_pitch: float) -> float:
    """The smallest extra gap that reads as space between paragraphs (Word's 2 pt "spacing after"
    at 12 pt text; 8 % of the pitch for larger type)."""
    return max(1.2, 0.08 * line_pitch)


def usual_line_pitch(blocks: Iterable[Sequence[Line]]) -> float | None:
    """The line pitch of wrapped text over several blocks (cells): the lower quartile of the
    distances between consecutive lines, so that paragraph gaps do not count."""
    pitches = sorted(b.top - a.top for lines in blocks for a, b in zip(lines, lines[1:]) if b.top > a.top)
    return pitches[len(pitches) // 4] if pitches else None


def ended_short(line: Line, next_line: Line, right_edge: float | None) -> bool:
    """True when ``next_line``'s first word would have fitted at the end of ``line``."""
    if right_edge is None:
        return False
    first = next_line.words[0]
    space = 0.3 * (first.size or (first.bottom - first.top))
    return line.x1 + space + (first.x1 - first.x0) < right_edge - 1.0
