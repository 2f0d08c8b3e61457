"""The Tesseract adapter: words with positions from a page image, in Vietnamese.

Tesseract is run as a program (Debian packages tesseract-ocr and tesseract-ocr-vie); nothing is
downloaded. ``ocr_status()`` says whether it can run; ``ocr_words`` returns words in the image's
pixel coordinates, their text normalised like the text layer's.
"""
from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .normalize import normalize_text

LANGUAGE = "vie"
# Words below this confidence (0-100) are noise from rules, stamps and specks.
MIN_CONFIDENCE = 20.0
TIMEOUT_S = 120


@dataclass(frozen=True, slots=True)
class OcrWord:
    text: str
    left: int
    top: int
    width: int
    height: int
    confidence: float


@cache
def ocr_status() -> str | None:
    """None when OCR can run, else a one-line reason (what to install)."""
    exe = shutil.which("tesseract")
    if exe is None:
        return "tesseract is not installed (Debian: apt-get install tesseract-ocr tesseract-ocr-vie)"
    try:
        langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError) as e:
        return f"tesseract does not run: {e}"
    if LANGUAGE not in langs.split():
        return "tesseract has no Vietnamese data (Debian: apt-get install tesseract-ocr-vie)"
    return None


def ocr_words(image, *, dpi: int, psm: int = 3) -> list[OcrWord]:
    """Words Tesseract reads in ``image`` (a PIL image); ``psm`` is Tesseract's page segmentation mode
    (3 a whole page, 6 one block of text, as in a table cell)."""
    exe = shutil.which("tesseract")
    assert exe is not None, "call ocr_status() first"
    with tempfile.TemporaryDirectory(prefix="congbao-ocr-") as tmp:
        png = Path(tmp) / "page.png"
        image.save(png)
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}  # one page per core is faster than threads
        done = subprocess.run(
            [exe, str(png), "stdout", "-l", LANGUAGE, "--dpi", str(dpi), "--psm", str(psm), "tsv"],
            capture_output=True, text=True, timeout=TIMEOUT_S, env=env,
        )
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "tesseract failed")
    words = []
    for row in csv.DictReader(io.StringIO(done.stdout), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row.get("level") != "5":
            continue
        text = normalize_text(row.get("text") or "").strip()
        confidence = float(row.get("conf") or -1)
        if not text or confidence < MIN_CONFIDENCE:
            continue
        words.append(OcrWord(text=text, left=int(row["left"]), top=int(row["top"]), width=int(row["width"]),
                             height=int(row["height"]), confidence=confidence))
    return words
