"""Agencies named in running text (extract.nlp.mentions): a head syllable the word segmenter binds into
another word is that word, not a name; heads of several syllables and names that open with one-
syllable heads are still found. Positives and negatives side by side."""
from __future__ import annotations

import pytest

from extract.nlp.mentions import find_agency_mentions

CASES = [
    # (id, text, names expected)
    ("verb ban hành opens a task", "Ban hành Kế hoạch thực hiện năm 2024", []),
    ("verb ban hành after the subject", "Sở Nội vụ ban hành Kế hoạch", ["Sở Nội vụ"]),
    ("noun sở hữu", "Sở hữu trí tuệ được bảo hộ theo quy định", []),
    ("ban as a head", "Ban Quản lý Khu kinh tế tỉnh theo dõi", ["Ban Quản lý Khu kinh tế tỉnh"]),
    ("sở as a head", "Sở Tư pháp chủ trì thực hiện", ["Sở Tư pháp"]),
    ("two-syllable head", "Văn phòng Ủy ban nhân dân tỉnh tổng hợp", ["Văn phòng Ủy ban nhân dân tỉnh"]),
]


@pytest.mark.parametrize("text,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_agency_mentions_in_running_text(text, expected):
    assert [a.name for _, _, a in find_agency_mentions(text)] == expected
