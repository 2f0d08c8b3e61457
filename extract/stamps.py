"""Values stamped on a page after signing, put into the lines they fill.

E-office systems stamp the số and the day of a signed document into its PDF as annotations: the typed
line reads "Số: /QĐ-UBND … ngày tháng năm 2025" and the stamps "2858", "10", "6" sit in its gaps
(qd2858-hanoi, kh3070-bimson). The reader adapter gives the stamps as words (``PageContent.stamps``,
in drawing order); here each joins the line it fills.

After ``place_stamps(words, stamps)``:
- a stamp shares its line's top and bottom, so ``extract.lines.words_to_lines`` puts it on that line
  between the words left and right of it (stamps sit up to 3 pt off their line: qd2858 p. 2 "2389");
- a stamp that fills no line of the page (a validity icon's "Ký" in the corner) is left out, and so is
  text under 3 pt ("Signature Not Verified" at 0.5 pt);
- of a stamp and what it prints over (a typed word, or a stamp drawn before it), the one drawn last
  stays: "tháng 5" stamped over a typed "4" reads "tháng 5".
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from statistics import median

from .models import Word

# Text smaller than this prints nothing a reader can see (a signature appearance's 0.5 pt layers).
MIN_STAMP_PT = 3.0
# A stamp belongs to a line when they share this much of the smaller height.
LINE_OVERLAP = 0.5
# A stamp prints over a word when it covers this much of the narrower width, on the same line.
COVER_OVERLAP = 0.5


def place_stamps(words: Sequence[Word], stamps: Sequence[Word]) -> tuple[Word, ...]:
    """``words`` with ``stamps`` (drawn in this order) placed into their lines (see the module docstring)."""
    if not stamps:
        return tuple(words)
    kept: list[Word] = []
    for stamp in reversed(stamps):  # the last drawn first: it prints over the ones before
        if stamp.bottom - stamp.top < MIN_STAMP_PT or (stamp.size and stamp.size < MIN_STAMP_PT):
            continue
        if any(_covers(other, stamp) for other in kept):
            continue
        kept.append(stamp)
    out = list(words)
    placed = []
    for stamp in kept:
        line = [w for w in words if _vertical_overlap(w, stamp) >= LINE_OVERLAP]
        if not line:
            continue
        placed.append(replace(stamp, top=median(w.top for w in line), bottom=median(w.bottom for w in line)))
        out = [w for w in out if not _covers(stamp, w)]
    return tuple(out + placed)


def _vertical_overlap(a: Word, b: Word) -> float:
    height = min(a.bottom - a.top, b.bottom - b.top)
    return max(0.0, min(a.bottom, b.bottom) - max(a.top, b.top)) / height if height > 0 else 0.0


def _covers(top: Word, under: Word) -> bool:
    """Does ``top`` print over ``under`` (on one line, over most of the narrower one's width)?"""
    width = min(top.x1 - top.x0, under.x1 - under.x0)
    across = max(0.0, min(top.x1, under.x1) - max(top.x0, under.x0))
    return width > 0 and across / width >= COVER_OVERLAP and _vertical_overlap(top, under) >= LINE_OVERLAP
