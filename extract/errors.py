"""One exception family: raised in ``extract``, caught once per PDF in ``pipelines``."""
from __future__ import annotations


class ExtractError(Exception):
    """A PDF could not be processed. ``stage`` names the stage that gave up."""

    stage = "extract"

    def __init__(self, message: str, *, stage: str | None = None) -> None:
        super().__init__(message)
        if stage is not None:
            self.stage = stage


class PdfUnreadable(ExtractError):
    """Not a PDF, truncated, or damaged beyond what the reader repairs."""

    stage = "read"


class PdfEncrypted(PdfUnreadable):
    """Protected by a password we do not have."""


class EmptyPdf(PdfUnreadable):
    """A zero-byte file or a PDF without pages."""


class NoTextLayer(ExtractError):
    """Every page is an image and OCR is not available or not asked for."""

    stage = "read"


class PdfTooLarge(ExtractError):
    """More pages or bytes than the configured limit."""

    stage = "read"


class TableStitchError(ExtractError):
    stage = "tables"
