"""The versions of the engines that read a PDF, as part of what a cached result depends on.

A result read with one pdfium, Tesseract or spaCy is not the result another gives (pdfium's glyph
boxes, Tesseract's recogniser, spaCy's tokenizer), so the cache key names them. Engines are imported
by their adapters only (``.importlinter``): their versions are read from the installed distributions'
``*.dist-info`` folders (named ``<name>-<version>.dist-info``, the wheel standard), whose versions
pin the binaries they ship (the pypdfium2 wheel carries one pdfium build, the tesserocr wheel one
libtesseract); Tesseract's Vietnamese model is named by the SHA-256 of its file, and the ``tesseract``
program, used when tesserocr is not installed, by its ``--version`` line.

After ``engine_versions()``: a mapping of engine name to version text, the same in every process of
one installation (each forked worker, each Dask worker with the same installation).
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

from extract.scan.tesseract import tessdata_folder

# The distributions whose code decides what a PDF gives: the PDF engines, OCR, the language stage
# and the image libraries OCR's pixels pass through.
DISTRIBUTIONS = ("pypdfium2", "pdfplumber", "pdfminer.six", "tesserocr", "spacy", "underthesea", "underthesea_core",
                 "numpy", "pillow")
MODEL = "vie.traineddata"


def _normal(name: str) -> str:
    """A distribution's name as the wheel standard compares it ("pdfminer.six" = "pdfminer_six")."""
    return re.sub(r"[-_.]+", "_", name).lower()


@cache
def installed() -> dict[str, str]:
    """Normalised distribution name → version, from the ``*.dist-info`` folders on ``sys.path`` (the
    first of a name wins, as for imports). One listing per folder: importlib.metadata took 55 ms."""
    found: dict[str, str] = {}
    for entry in sys.path:
        if not entry:   # the current folder: where the run was started, not where engines are installed
            continue
        try:
            names = sorted(os.listdir(entry))
        except OSError:
            continue
        for n in names:
            if n.endswith(".dist-info"):
                name, _, version = n[: -len(".dist-info")].rpartition("-")
                found.setdefault(_normal(name), version)
    return found


def _distribution(name: str) -> str:
    return installed().get(_normal(name), "absent")


def _model() -> str:
    """The Vietnamese model OCR loads (found where ``extract.scan.tesseract`` looks), by its bytes."""
    folder = tessdata_folder()
    if folder is None:
        return "absent"
    try:
        return hashlib.sha256((Path(folder) / MODEL).read_bytes()).hexdigest()[:16]
    except OSError:
        return "unreadable"


def _program() -> str:
    exe = shutil.which("tesseract")
    if exe is None:
        return "absent"
    try:
        done = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    first = (done.stdout or done.stderr).strip().splitlines()
    return first[0] if first else "unknown"


@cache
def engine_versions() -> dict[str, str]:
    """Engine → version: the distributions of ``DISTRIBUTIONS``, Tesseract's Vietnamese model (its
    SHA-256) and, when tesserocr is absent, the ``tesseract`` program's version line."""
    versions = {name: _distribution(name) for name in DISTRIBUTIONS}
    versions["tesseract-model"] = _model()
    if versions["tesserocr"] == "absent":
        versions["tesseract-program"] = _program()
    return versions
