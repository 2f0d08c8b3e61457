"""The Tesseract adapter: words with positions and confidences from a page image, in Vietnamese.

Tesseract is imported here and nowhere else. It is driven through its API (``tesserocr``, whose
wheel carries the engine) so that a page image is handed over once, as raw grey bytes (no PNG or BMP
encoding), and each table cell is read as its own small image; without ``tesserocr`` the
``tesseract`` program is run on an uncompressed PGM (Debian packages tesseract-ocr). Either way the
language data is Debian's ``tesseract-ocr-vie``; nothing is downloaded. ``ocr_status()`` says whether
OCR can run.

After ``OcrEngine.read(...)``: every word's text satisfies ``extract.normalize``'s contract, its box
is in the page image's pixels, its confidence is 0..1, and words below ``min_confidence`` (by default
``MIN_CONFIDENCE``) are gone.
"""
from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..normalize import normalize_text

# One thread per page is faster than Tesseract's own OpenMP threads (set before the library loads).
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

LANGUAGE = "vie"
# Words below this confidence (0-1) are noise from rules, stamps and specks.
MIN_CONFIDENCE = 0.2
TIMEOUT_S = 120
# Page segmentation modes (Tesseract's numbering): a page, a block of text (a table cell), a line, a character.
PSM_PAGE = 3
PSM_BLOCK = 6
PSM_LINE = 7
PSM_WORD = 8
PSM_CHAR = 10
# Tesseract's settings, for the API and the program alike:
_VARIABLES = (
    # scans of print: text is never white on black, and the inverted retry doubles the cost of every
    # line Tesseract is unsure of;
    ("tessedit_do_invert", "0"),
    # gazettes and official letters are set in proportional type (Times New Roman): the test of every
    # text row for a fixed pitch is skipped (the dev scans: the same words and boxes, 5 % less time on
    # table cells, whose rows are many and short).
    ("textord_all_prop", "1"),
)
_TESSDATA = ("/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
             "/usr/share/tessdata", "/usr/local/share/tessdata")


@dataclass(frozen=True, slots=True)
class OcrWord:
    text: str
    left: int
    top: int
    width: int
    height: int
    confidence: float                # 0..1


@cache
def tessdata_folder() -> str | None:
    """The folder holding ``vie.traineddata`` (TESSDATA_PREFIX first, then Debian's folders), or None.
    Public for the batch runner, whose cache key covers the model's bytes."""
    for folder in (os.environ.get("TESSDATA_PREFIX"), *_TESSDATA):
        if folder and (Path(folder) / f"{LANGUAGE}.traineddata").is_file():
            return folder
    return None


@cache
def _api_module():
    try:
        import tesserocr
    except ImportError:
        return None
    return tesserocr


@cache
def ocr_status() -> str | None:
    """None when OCR can run, else a one-line reason (what to install)."""
    if tessdata_folder() is None:
        return "no Vietnamese data for Tesseract (Debian: apt-get install tesseract-ocr-vie)"
    if _api_module() is not None:
        return None
    exe = shutil.which("tesseract")
    if exe is None:
        return "tesseract is not installed (pip install tesserocr, or Debian: apt-get install tesseract-ocr)"
    return None


def engine_name() -> str:
    """Which engine reads the pages: "tesserocr <version>" or "tesseract (program)"."""
    module = _api_module()
    return f"tesserocr {module.__version__}" if module is not None else "tesseract (program)"


class OcrEngine:
    """One Tesseract instance for one thread (Tesseract's API is not thread-safe)."""

    def __init__(self) -> None:
        self._api = None
        module = _api_module()
        if module is not None:
            self._api = module.PyTessBaseAPI(path=tessdata_folder(), lang=LANGUAGE, oem=module.OEM.LSTM_ONLY)
            for name, value in _VARIABLES:
                self._api.SetVariable(name, value)

    def read(self, image, dpi: int, *, psm: int = PSM_PAGE, offset: tuple[int, int] = (0, 0),
             min_confidence: float = MIN_CONFIDENCE) -> list[OcrWord]:
        """Words of ``image`` (a grey PIL image rendered at ``dpi``), boxes shifted by ``offset`` pixels
        (where the image sits on its page), those read with less than ``min_confidence`` left out."""
        if self._api is None:
            return _program_words(image, dpi, psm, offset, min_confidence)
        from tesserocr import RIL, iterate_level

        api = self._api
        api.SetPageSegMode(psm)
        if image.mode != "L":
            image = image.convert("L")
        pixels = image.tobytes()  # handed over raw: SetImage would encode a BMP of every image first
        api.SetImageBytes(pixels, image.width, image.height, 1, image.width)
        api.SetSourceResolution(dpi)
        api.Recognize()
        iterator = api.GetIterator()
        out: list[OcrWord] = []
        if iterator is None:
            return out
        dx, dy = offset
        for w in iterate_level(iterator, RIL.WORD):
            try:
                raw = w.GetUTF8Text(RIL.WORD)
            except RuntimeError:  # tesserocr raises for a word the engine kept no text for
                continue
            bbox = w.BoundingBox(RIL.WORD)
            if not raw or bbox is None:
                continue
            word = _word(raw, dx + bbox[0], dy + bbox[1], bbox[2] - bbox[0], bbox[3] - bbox[1], w.Confidence(RIL.WORD),
                         min_confidence)
            if word is not None:
                out.append(word)
        return out

    def close(self) -> None:
        if self._api is not None:
            self._api.End()
            self._api = None


# Engines not reading a page now, kept for the next page of this file or of the next one: loading
# Tesseract's Vietnamese model costs 0.13-0.18 s, as much as OCR of a tenth of a page, and a batch
# of one-page scans would pay it for every file.
_idle: list[OcrEngine] = []
_idle_lock = threading.Lock()


@contextmanager
def engine() -> Iterator[OcrEngine]:
    """An engine for one page, used by one thread at a time (Tesseract's API is not thread-safe): an
    idle one, or a new one when all are busy; idle again afterwards."""
    with _idle_lock:
        found = _idle.pop() if _idle else None
    if found is None:
        found = OcrEngine()
    try:
        yield found
    finally:
        with _idle_lock:
            _idle.append(found)


def _word(raw: str, left: int, top: int, width: int, height: int, confidence: float,
          min_confidence: float) -> OcrWord | None:
    text = normalize_text(raw).strip()
    conf = max(0.0, min(1.0, confidence / 100.0))
    if not text or conf < min_confidence:
        return None
    return OcrWord(text=text, left=int(left), top=int(top), width=int(width), height=int(height), confidence=conf)


def _program_words(image, dpi: int, psm: int, offset: tuple[int, int], min_confidence: float) -> list[OcrWord]:
    """The same through the ``tesseract`` program, handed an uncompressed PGM (PNG encoding of a page
    costs more than the OCR of a cell)."""
    exe = shutil.which("tesseract")
    assert exe is not None, "call ocr_status() first"
    dx, dy = offset
    with tempfile.TemporaryDirectory(prefix="congbao-ocr-") as tmp:
        pgm = Path(tmp) / "page.pgm"
        image.convert("L").save(pgm)
        env = {**os.environ, "OMP_THREAD_LIMIT": "1", "TESSDATA_PREFIX": tessdata_folder() or ""}
        done = subprocess.run(
            [exe, str(pgm), "stdout", "-l", LANGUAGE, "--dpi", str(dpi), "--psm", str(psm),
             *(arg for k, v in _VARIABLES for arg in ("-c", f"{k}={v}")), "tsv"],
            capture_output=True, text=True, timeout=TIMEOUT_S, env=env,
        )
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "tesseract failed")
    words = []
    for row in csv.DictReader(io.StringIO(done.stdout), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row.get("level") != "5":
            continue
        word = _word(row.get("text") or "", dx + int(row["left"]), dy + int(row["top"]), int(row["width"]),
                     int(row["height"]), float(row.get("conf") or -1), min_confidence)
        if word is not None:
            words.append(word)
    return words
