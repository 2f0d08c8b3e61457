"""Words Tesseract reads rightly but all but unsurely are kept on the evidence that they are text; the
noise of stamps and signatures, read as unsurely, is not (``extract.scan.page._read``).

On the real 40-page scan luatvn-nq03-cp-2010 (tests/data/real-scans, notice there) Tesseract gives
"Quyết" in "ban hành kèm theo Quyết định số 38/2007/NĐ-CP" a confidence of 0.09 and the number
"07/2009/QĐ-TTg" one of 0.00; dropping them as noise lost two references of the task table."""
from __future__ import annotations

from pathlib import Path

import pytest

from extract.read import scan_dpi
from extract.readers.pdfium import open_pdf
from extract.scan.page import read_scanned_page
from extract.scan.tesseract import MIN_CONFIDENCE, engine, ocr_status

pytestmark = pytest.mark.skipif(ocr_status() is not None, reason=f"OCR unavailable: {ocr_status()}")

NQ03 = Path(__file__).parent / "data" / "real-scans" / "luatvn-nq03-cp-2010.pdf"


@pytest.fixture(scope="module")
def nq03():
    pdf = open_pdf(NQ03)
    yield pdf
    pdf.close()


def _read(pdf, index: int):
    content = pdf.read_page(index)
    dpi = scan_dpi(content)
    image = pdf.render(index, dpi=dpi, colour=False, scan_only=True)
    with engine() as ocr:
        return read_scanned_page(image, width_pt=content.width, height_pt=content.height, dpi=dpi, engine=ocr)


def _text(page) -> str:
    return " ".join(w.text for w in page.words)


def test_an_unsure_syllable_that_makes_a_known_word_with_its_sure_neighbour_is_kept(nq03):
    page = _read(nq03, 25)  # PDF page 26, item A.I.12
    assert "kèm theo Quyết định số 38/2007/NĐ-CP" in _text(page)


def test_an_unsure_document_number_with_known_codes_is_kept_and_stays_marked_unsure(nq03):
    page = _read(nq03, 31)  # PDF page 32, item C.7
    (number,) = [w for w in page.words if w.text == "07/2009/QĐ-TTg"]
    assert number.confidence < MIN_CONFIDENCE


def test_unsure_noise_is_still_dropped_beside_an_unsure_word_kept(nq03):
    # PDF page 38: Tesseract reads the broken rule under group H's title as unsure strings ("—xz",
    # "XãAX\\V¡NXZg" …, all below 0.2) and the title's last syllable at 0.00 ("CHỐNG LÃNG PHÍ").
    page = _read(nq03, 37)
    assert [w.text for w in page.words if w.confidence < MIN_CONFIDENCE] == ["PHÍ"]
    assert "LÃNG PHÍ" in _text(page)
