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


# ---------------------------------------------------------------- offsets back to the caller's text

from extract.normalize import normalize_with_offsets, split_at_blank_lines  # noqa: E402

NFD = unicodedata.normalize("NFD", "Nghị định")
OFFSET_CASES = [
    pytest.param("Nghị định số 59/2012/NĐ-CP", "NĐ-CP", "NĐ-CP", id="already-normal-identity"),
    pytest.param(f"Căn cứ {NFD} số 59", "Nghị định", NFD, id="nfd-letters-map-to-their-marks"),
    pytest.param("Căn cứ  Nghị\u00a0định số 59", "Nghị định", "Nghị\u00a0định", id="nbsp-and-double-space"),
    pytest.param("số 59/2012/NĐ-\u00adCP ngày", "59/2012/NĐ-CP", "59/2012/NĐ-\u00adCP", id="soft-hyphen-inside-kept"),
    pytest.param("số 59/2012/NĐ-CP\u00ad ngày", "59/2012/NĐ-CP", "59/2012/NĐ-CP", id="soft-hyphen-after-left-out"),
    pytest.param("\ufeffNghị định số 59", "Nghị định", "Nghị định", id="leading-bom-not-inside-span"),
    pytest.param("của Uỷ ban nhân dân", "Ủy ban nhân dân", "Uỷ ban nhân dân", id="old-tone-placement-raw-as-printed"),
    pytest.param("a\u200b \u200bSở Nội vụ", "Sở Nội vụ", "Sở Nội vụ", id="zero-width-around-space"),
    pytest.param("quy\u00adphạm pháp luật", "quyphạm", "quy\u00adphạm", id="soft-hyphen-joins-a-word"),
    pytest.param(unicodedata.normalize("NFD", "hoà bình"), "hòa", unicodedata.normalize("NFD", "hoà"),
                 id="nfd-and-old-tone-together"),
]


@pytest.mark.parametrize("source, wanted, raw", OFFSET_CASES)
def test_offsets_map_a_normalised_span_to_the_source(source, wanted, raw):
    norm, offsets = normalize_with_offsets(source)
    assert norm == normalize_text(source)
    s = norm.index(wanted)
    a, b = offsets.span(s, s + len(wanted))
    assert source[a:b] == raw


_SOURCE_ALPHABET = list("aoueyiqhtnđĐ59/-NC ÀÁẢÃẠàáảãạòóỏõọỳýỷỹỵêăâôơư\u0300\u0301\u0303\u0309\u0323"
                        "\u00ad\u200b\u00a0\ufeff\n\t")


@given(st.text(alphabet=st.sampled_from(_SOURCE_ALPHABET), max_size=60))
def test_offsets_agree_with_normalize_text_and_are_monotonic(text):
    norm, offsets = normalize_with_offsets(text)
    assert norm == normalize_text(text)
    positions = [offsets.position(i) for i in range(len(norm) + 1)]
    assert positions == sorted(positions)
    assert all(0 <= p <= len(text) for p in positions)
    for m in __import__("re").finditer(r"\S+", norm):  # every word maps to source that normalises to it
        a, b = offsets.span(m.start(), m.end())
        assert normalize_text(text[a:b]).strip() == m.group(0)


BLOCK_CASES = [
    pytest.param("a\nb", [(0, 3)], id="single-line-break-is-one-block"),
    pytest.param("a\n\nb", [(0, 1), (3, 4)], id="blank-line-splits"),
    pytest.param("a\n \u00a0\t\n\nb\n", [(0, 1), (7, 9)], id="lines-of-spaces-are-blank"),
    pytest.param("\n\na", [(2, 3)], id="leading-blank-lines-dropped"),
    pytest.param("", [], id="empty-text-no-block"),
]


@pytest.mark.parametrize("text, blocks", BLOCK_CASES)
def test_split_at_blank_lines(text, blocks):
    assert split_at_blank_lines(text) == blocks
