"""Table rules found in a page image (scans): long straight runs of dark pixels.

A rule is a run of dark pixels at least ``MIN_RULE_PT`` long; text strokes are far shorter. Runs on
neighbouring pixel rows (columns) are one rule with a thickness. Pure numpy on a grey-level array.
"""
from __future__ import annotations

import numpy as np

from .models import Ruling

# A run this long (points) is a rule, not a stroke of a letter (the widest glyphs are ~15 pt).
MIN_RULE_PT = 28.0
# Grey levels below this are ink (0 black, 255 white).
INK_LEVEL = 150
# Rules thicker than this (points) are blots or images, not borders.
MAX_THICKNESS_PT = 3.0


def _runs(mask_1d: np.ndarray, min_len: int) -> list[tuple[int, int]]:
    padded = np.concatenate(([False], mask_1d, [False]))
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    starts, ends = edges[0::2], edges[1::2]
    keep = (ends - starts) >= min_len
    return list(zip(starts[keep].tolist(), ends[keep].tolist()))


def _segments(ink: np.ndarray, min_len: int, max_thick: int) -> list[tuple[float, int, int, int]]:
    """Rules along the rows of ``ink``: (middle row, start, end, thickness)."""
    open_runs: dict[tuple[int, int], list[int]] = {}
    done: list[tuple[float, int, int, int]] = []
    for r in range(ink.shape[0]):
        runs = _runs(ink[r], min_len)
        still: dict[tuple[int, int], list[int]] = {}
        for s, e in runs:
            match = next((k for k in open_runs if k[0] < e and s < k[1]), None)
            if match is not None:
                rows = open_runs.pop(match)
                rows.append(r)
                still[(min(s, match[0]), max(e, match[1]))] = rows
            else:
                still[(s, e)] = [r]
        for (s, e), rows in open_runs.items():
            if len(rows) <= max_thick:
                done.append(((rows[0] + rows[-1]) / 2, s, e, len(rows)))
        open_runs = still
    for (s, e), rows in open_runs.items():
        if len(rows) <= max_thick:
            done.append(((rows[0] + rows[-1]) / 2, s, e, len(rows)))
    return done


def image_rulings(gray: np.ndarray, *, points_per_pixel: float) -> tuple[list[Ruling], np.ndarray]:
    """Rules of a grey-level page image, in points, and the ink mask of those rules (to erase them
    before OCR, so that borders are not read as "I" or "l")."""
    ink = gray < INK_LEVEL
    min_len = max(10, int(MIN_RULE_PT / points_per_pixel))
    max_thick = max(2, int(MAX_THICKNESS_PT / points_per_pixel) + 1)
    rules: list[Ruling] = []
    rule_mask = np.zeros_like(ink)
    for mid, s, e, thick in _segments(ink, min_len, max_thick):
        rules.append(Ruling(horizontal=True, position=mid * points_per_pixel, start=s * points_per_pixel,
                            end=e * points_per_pixel))
        r0 = int(mid - thick / 2 - 1)
        rule_mask[max(0, r0): int(mid + thick / 2 + 2), s:e] = True
    for mid, s, e, thick in _segments(ink.T, min_len, max_thick):
        rules.append(Ruling(horizontal=False, position=mid * points_per_pixel, start=s * points_per_pixel,
                            end=e * points_per_pixel))
        c0 = int(mid - thick / 2 - 1)
        rule_mask[s:e, max(0, c0): int(mid + thick / 2 + 2)] = True
    return rules, rule_mask


# Scans lean: a page fed askew by 0.1-1° spreads a rule over many pixel rows. The skew is the angle
# at which the rows of ink are sharpest (the variance of the row sums peaks), searched on a reduced
# image in steps of 0.05° up to MAX_SKEW_DEG.
MAX_SKEW_DEG = 3.0
SKEW_STEP_DEG = 0.05


def estimate_skew(image) -> float:
    """The angle (degrees, counter-clockwise) to rotate ``image`` (a grey PIL image) by to level it."""
    from PIL import Image

    small = image.reduce(4) if min(image.size) > 800 else image
    ink = Image.fromarray(((np.asarray(small) < INK_LEVEL) * 255).astype(np.uint8))

    def sharpness(angle: float) -> float:
        rows = np.asarray(ink.rotate(angle, resample=Image.NEAREST, fillcolor=0)).sum(axis=1, dtype=np.float64)
        return float(np.square(np.diff(rows)).sum())

    coarse = np.arange(-MAX_SKEW_DEG, MAX_SKEW_DEG + 1e-9, 0.25)
    best = max(coarse, key=sharpness)
    fine = np.arange(best - 0.25, best + 0.25 + 1e-9, SKEW_STEP_DEG)
    return float(max(fine, key=sharpness))


def deskew(image):
    """``image`` levelled (white fills the corners) and the angle it was turned by."""
    from PIL import Image

    angle = estimate_skew(image)
    if abs(angle) < SKEW_STEP_DEG / 2:
        return image, 0.0
    return image.rotate(angle, resample=Image.BICUBIC, fillcolor=255), angle
