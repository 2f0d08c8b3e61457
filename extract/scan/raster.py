"""Pixels of scanned pages: ink levels, skew, table rules, coloured marks. Pure numpy on arrays.

A rule is a run of ink at least ``MIN_RULE_PT`` long, allowing the hairline gaps that blur, noise and
JPEG leave in a printed line; text strokes are far shorter. Runs on neighbouring pixel rows (columns)
are one rule with a thickness.
"""
from __future__ import annotations

import numpy as np

from ..models import Ruling

# A run this long (points) is a rule, not a stroke of a letter (the widest glyphs are ~15 pt).
MIN_RULE_PT = 28.0
# Gaps up to this (points) inside a rule are closed: a blurred, noisy 0.5 pt rule thresholded into
# dashes (the 150-dpi rough scan of Cà Mau 43: rules at grey 135-150 on paper at 242).
RULE_GAP_PT = 0.6
# Rules thicker than this (points) are blots or images, not borders.
MAX_THICKNESS_PT = 3.0
# The ink threshold sits this far from the ink level towards the paper level: rules blurred to mid
# grey still count, paper noise does not.
INK_SHARE = 0.6


def paper_level(gray: np.ndarray) -> int:
    """The grey of the paper: the level most of the page is at or below (scans: 200-255)."""
    return int(np.percentile(gray[::4, ::4], 75))


def ink_threshold(gray: np.ndarray, share: float = INK_SHARE) -> int:
    """The grey level below which a pixel is ink, from the page's own paper and ink levels
    (scans vary: paper 200-255, toner 0-90); ``share``: how far towards the paper."""
    sample = gray[::4, ::4]
    paper = float(np.percentile(sample, 75))
    ink = float(np.percentile(sample, 0.5))
    if paper - ink < 40:  # a blank or uniform page: any clearly dark pixel
        return int(max(1.0, paper - 40))
    return int(ink + share * (paper - ink))


# A hairline rule blurred and compressed is lighter than the strokes of text: on a 150-dpi JPEG scan its
# pixels sit around the text threshold (median grey 169 against 174, paper 245), broken into runs of
# 5-40 px that no rule length reaches. Long rules (a column's border runs down the table) are also found
# a step nearer the paper; short ones are not, for there bold capitals side by side ("BTTTT") would join
# into a bar. No word is as long as LONG_RULE_PT.
RULE_INK_SHARE = 0.75
LONG_RULE_PT = 120.0


def _row_runs(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Runs of True along the rows of ``mask``: (row, start, end) arrays, row-major order."""
    h, w = mask.shape
    padded = np.zeros((h, w + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    d = np.diff(padded, axis=1).ravel()
    # One pass over the changes: on each row a run's start (+1) is followed by its end (-1).
    idx = np.flatnonzero(d)
    up = d[idx] == 1
    return idx[up] // (w + 1), idx[up] % (w + 1), idx[~up] % (w + 1)


def long_runs(mask: np.ndarray, min_len: int, gap: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Runs at least ``min_len`` long along the rows of ``mask`` once gaps ≤ ``gap`` are closed."""
    rows, starts, ends = _row_runs(mask)
    if len(rows) == 0:
        return rows, starts, ends
    # A new run starts where the row changes or the gap to the previous run is wider than ``gap``.
    new = np.ones(len(rows), dtype=bool)
    new[1:] = (rows[1:] != rows[:-1]) | (starts[1:] - ends[:-1] > gap)
    group = np.cumsum(new) - 1
    first = np.flatnonzero(new)
    last = np.append(first[1:], len(rows)) - 1
    g_rows, g_starts, g_ends = rows[first], starts[first], ends[last]
    keep = (g_ends - g_starts) >= min_len
    del group
    return g_rows[keep], g_starts[keep], g_ends[keep]


def _segments(rows: np.ndarray, starts: np.ndarray, ends: np.ndarray, max_thick: int) -> list[tuple[float, int, int, int, list]]:
    """Long runs on neighbouring rows stacked into rules: (middle row, start, end, thickness, runs), ``runs``
    the (row, start, end) of a rule that leans (else empty).

    A rule of paper that did not lie flat leans across a few pixel rows over its length (luatvn-nq03-cp-2010
    p. 29: 6 px over 800): its runs stack on many rows but overlap one another by a few only. Its
    thickness is measured across it (the most runs over one point), not as the rows it touches."""
    open_runs: dict[tuple[int, int], list[tuple[int, int, int]]] = {}
    done: list[tuple[float, int, int, int, list]] = []

    def close(runs_: dict[tuple[int, int], list[tuple[int, int, int]]]) -> None:
        for (s, e), rs in runs_.items():
            if len(rs) <= max_thick:
                done.append(((rs[0][0] + rs[-1][0]) / 2, s, e, len(rs), []))
            elif _thickness(rs) <= max_thick:
                length = sum(re_ - rs_ for _, rs_, re_ in rs)
                mid = sum(r * (re_ - rs_) for r, rs_, re_ in rs) / length
                done.append((mid, s, e, _thickness(rs), rs))

    k, n = 0, len(rows)
    rows_l, starts_l, ends_l = rows.tolist(), starts.tolist(), ends.tolist()
    while k < n:
        r = rows_l[k]
        row_runs = []
        while k < n and rows_l[k] == r:
            row_runs.append((starts_l[k], ends_l[k]))
            k += 1
        stale = {key: rs for key, rs in open_runs.items() if rs[-1][0] < r - 1}
        close(stale)
        for key in stale:
            del open_runs[key]
        still: dict[tuple[int, int], list[tuple[int, int, int]]] = {}
        for s, e in row_runs:
            match = next((key for key in open_runs if key[0] < e and s < key[1]), None)
            if match is not None:
                rs = open_runs.pop(match)
                rs.append((r, s, e))
                still[(min(s, match[0]), max(e, match[1]))] = rs
            else:
                still[(s, e)] = [(r, s, e)]
        close(open_runs)  # runs of the previous row that did not go on
        open_runs = still
    close(open_runs)
    return done


def _thickness(runs: list[tuple[int, int, int]]) -> int:
    """The most runs over one point along them."""
    events = sorted([(s, 1) for _, s, _ in runs] + [(e, -1) for _, _, e in runs])
    most = depth = 0
    for _, step in events:
        depth += step
        most = max(most, depth)
    return most


def image_rulings(gray: np.ndarray, *, points_per_pixel: float, threshold: int | None = None,
                  long_threshold: int | None = None) -> tuple[list[Ruling], np.ndarray]:
    """Rules of a levelled grey page image, in points, and the ink mask of those rules (to erase them
    before OCR, so that borders are not read as "I" or "l"). ``long_threshold``: a lighter grey up to
    which long rules (``LONG_RULE_PT``) are found too (``RULE_INK_SHARE``)."""
    threshold = ink_threshold(gray) if threshold is None else threshold
    rules, rule_mask = _rules_of(gray < threshold, points_per_pixel, MIN_RULE_PT)
    if long_threshold is not None and long_threshold > threshold:
        # a long rule dark enough is found by both passes: the two readings are one line to
        # ``tables.find.merge_rulings``, and the lighter pass's mask erases its blurred edge too
        more, more_mask = _rules_of(gray < long_threshold, points_per_pixel, LONG_RULE_PT)
        rules += more
        rule_mask |= more_mask
    return rules, rule_mask


def _rules_of(ink: np.ndarray, points_per_pixel: float, min_pt: float) -> tuple[list[Ruling], np.ndarray]:
    min_len = max(10, int(min_pt / points_per_pixel))
    gap = max(1, int(round(RULE_GAP_PT / points_per_pixel)))
    max_thick = max(2, int(MAX_THICKNESS_PT / points_per_pixel) + 1)
    rules: list[Ruling] = []
    rule_mask = np.zeros_like(ink)
    for mid, s, e, thick, runs in _segments(*long_runs(ink, min_len, gap), max_thick):
        rules.append(Ruling(horizontal=True, position=mid * points_per_pixel, start=s * points_per_pixel,
                            end=e * points_per_pixel))
        for r0, r1, a, b in _bands(mid, s, e, thick, runs, ink.shape[0]):
            rule_mask[r0:r1, a:b] |= ~_crossings(ink[:, a:b], r0, r1)[None, :]
    ink_t = np.ascontiguousarray(ink.T)
    for mid, s, e, thick, runs in _segments(*long_runs(ink_t, min_len, gap), max_thick):
        rules.append(Ruling(horizontal=False, position=mid * points_per_pixel, start=s * points_per_pixel,
                            end=e * points_per_pixel))
        for c0, c1, a, b in _bands(mid, s, e, thick, runs, ink.shape[1]):
            rule_mask[a:b, c0:c1] |= ~_crossings(ink_t[:, a:b], c0, c1)[:, None]
    return rules, rule_mask


def _bands(mid: float, s: int, e: int, thick: int, runs: list, size: int) -> list[tuple[int, int, int, int]]:
    """The pixels a rule's ink covers, as (first row, end row, start, end) bands across it: one band for a
    straight rule, one per run (and a pixel either side) for a rule that leans."""
    if not runs:
        return [(max(0, int(mid - thick / 2 - 1)), min(size, int(mid + thick / 2 + 2)), s, e)]
    return [(max(0, r - 1), min(size, r + 2), a, b) for r, a, b in runs]


def _crossings(ink: np.ndarray, r0: int, r1: int) -> np.ndarray:
    """Columns where a stroke crosses the rule occupying rows r0..r1 of ``ink``: ink just above and just
    below it. Those pixels are the stroke's as much as the rule's and stay (a stamp's border drawn
    through "Số: 153/TB-VPCP" would otherwise cut every glyph in two)."""
    n = ink.shape[1]
    above = np.zeros(n, dtype=bool)
    below = np.zeros(n, dtype=bool)
    for r in (r0 - 1, r0 - 2):
        if 0 <= r < ink.shape[0]:
            above |= ink[r]
    for r in (r1, r1 + 1):
        if 0 <= r < ink.shape[0]:
            below |= ink[r]
    cross = above & below
    cross[1:] |= cross[:-1]
    cross[:-1] |= cross[1:]
    return cross


# Scans lean: a page fed askew by 0.1-1.5° spreads a rule over many pixel rows. The skew is the angle
# at which the rows of ink are sharpest (the squared differences of the row profile peak), found by
# shearing the ink's coordinates (no image rotation per candidate), coarse then fine.
MAX_SKEW_DEG = 3.0
SKEW_STEP_DEG = 0.02
_SKEW_SAMPLE = 250_000


def estimate_skew(gray: np.ndarray) -> float:
    """The angle (degrees, counter-clockwise) to rotate the page image by to level it."""
    small = gray[::2, ::2]
    ys, xs = np.nonzero(small < ink_threshold(small))
    if len(ys) < 100:
        return 0.0
    if len(ys) > _SKEW_SAMPLE:  # a fixed stride, not a random sample: the same page gives the same angle
        step = len(ys) // _SKEW_SAMPLE + 1
        ys, xs = ys[::step], xs[::step]
    ys = ys.astype(np.float64)
    xs = xs.astype(np.float64)

    def sharpness(angle: float, ys: np.ndarray, xs: np.ndarray) -> float:
        p = np.round(ys + xs * np.tan(np.radians(angle))).astype(np.int64)
        profile = np.bincount(p - p.min())
        return float(np.square(np.diff(profile)).sum())

    # The coarse steps need only a quarter of the points: their peak is 0.2° wide (the same angle on all
    # 105 scanned pages of the corpus).
    coarse = np.arange(-MAX_SKEW_DEG, MAX_SKEW_DEG + 1e-9, 0.2)
    best = max(coarse, key=lambda a: sharpness(a, ys[::4], xs[::4]))
    fine = np.arange(best - 0.2, best + 0.2 + 1e-9, SKEW_STEP_DEG)
    return -round(float(max(fine, key=lambda a: sharpness(a, ys, xs))), 3)


def deskew(image):
    """``image`` (a grey PIL image) levelled, white filling the corners, and the angle it was turned by."""
    from PIL import Image

    gray = np.asarray(image)
    angle = estimate_skew(gray)
    if abs(angle) < 0.05:  # below a pixel over a text line: leave the image as scanned
        return image, 0.0
    return image.rotate(angle, resample=Image.BILINEAR, fillcolor=paper_level(gray)), angle


# Seals (red), signatures and handwritten notes (blue) sit on top of the print in colour scans; the
# print itself is black or grey. A pixel whose channels differ this much is colour, not print.
COLOUR_CHROMA = 60
# Under a seal, print shows in the seal colour's own channel below this share of the seal's level.
UNDER_SEAL_SHARE = 0.85


def drop_colour_marks(rgb: np.ndarray) -> tuple[np.ndarray | None, float]:
    """A grey page with red and blue marks taken out (the print under them kept), and the share of
    pixels that were colour;
    (None, 0.0) when the page has no colour (then a plain grey conversion is all it needs)."""
    probe = rgb[::7, ::7].astype(np.int16)
    if not ((probe.max(axis=2) - probe.min(axis=2)) > COLOUR_CHROMA).any():
        return None, 0.0
    rgb16 = rgb.astype(np.int16)
    chroma = rgb16.max(axis=2) - rgb16.min(axis=2)
    gray = (0.299 * rgb16[..., 0] + 0.587 * rgb16[..., 1] + 0.114 * rgb16[..., 2]).astype(np.uint8)
    colour = chroma > COLOUR_CHROMA
    share = float(colour.mean())
    if share:
        # A seal's ink is translucent: under it, the channel of its own colour (red for a red seal)
        # still shows the paper, or the print beneath it (a rule, a letter) clearly darker.
        gray = gray.copy()
        brightest = rgb.max(axis=2)[colour].astype(np.float32)
        seal_level = float(np.percentile(brightest, 90))
        paper = float(np.percentile(gray[::4, ::4], 75))
        print_under = brightest < UNDER_SEAL_SHARE * seal_level
        gray[colour] = np.where(print_under, 30, paper).astype(np.uint8)
    return gray, share


def ink_outside(gray: np.ndarray, boxes: list[tuple[int, int, int, int]]) -> float | None:
    """The share of the image's ink that lies outside ``boxes`` (pixel (x0, top, x1, bottom), in the
    image's frame); None when the image holds no ink. A box covers the ink of its text and a margin of
    a pixel around it (anti-aliasing, a scan's blur)."""
    ink = gray < ink_threshold(gray)
    total = int(ink.sum())
    if total == 0:
        return None
    covered = np.zeros_like(ink)
    h, w = ink.shape
    for x0, top, x1, bottom in boxes:
        covered[max(0, top - 1):min(h, bottom + 1), max(0, x0 - 1):min(w, x1 + 1)] = True
    return float((ink & ~covered).sum()) / total
