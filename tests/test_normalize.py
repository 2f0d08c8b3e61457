from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.normalize import normalize_text

CASES = [
    ("hoà bình", "hòa bình", "old-style tone on 'oa' moves to the o"),
    ("Uỷ ban nhân dân", "Ủy ban nhân dân", "old-style 'uỷ' becomes 'ủy'"),
    ("UỶ BAN", "ỦY BAN", "capitals too"),
    ("thuỷ lợi", "thủy lợi", "'uy' after a consonant"),
    ("sức khoẻ", "sức khỏe", "'oe'"),
    ("Quý III/2024", "Quý III/2024", "'qu' + y: the u belongs to the consonant, tone stays"),
    ("kế hoạch", "kế hoạch", "a final consonant keeps the tone on the second vowel"),
    ("hoặc", "hoặc", "a breve on the second vowel is not a tone placement question"),
    ("Huệ", "Huệ", "'uê' with a circumflex stays"),
    ("thuê, múa", "thuê, múa", "'ue'/'ua' are not rounding glides"),
    (unicodedata.normalize("NFD", "Nghị định số 59/2012/NĐ-CP"), "Nghị định số 59/2012/NĐ-CP", "NFD input is composed"),
    ("Ðoàn kiểm tra", "Đoàn kiểm tra", "Icelandic eth mapped to đ"),
    ("quy\u00adphạm\u200b pháp  luật", "quyphạm pháp luật", "soft hyphen and zero-width space dropped, spaces collapsed"),
    ("a\u00a0b", "a b", "no-break space is a space"),
]


@pytest.mark.parametrize("raw, expected, why", CASES, ids=[c[2] for c in CASES])
def test_normalize_text(raw, expected, why):
    assert normalize_text(raw) == expected


@given(st.text(alphabet=st.sampled_from(list("aoueyiqhtnđ ÀÁẢÃẠàáảãạòóỏõọùúủũụỳýỷỹỵêăâôơư\u0300\u0301\u0303\u0309\u0323\u00ad"))))
def test_normalize_is_idempotent_and_nfc(text):
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert unicodedata.is_normalized("NFC", once)
