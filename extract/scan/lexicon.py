"""The Vietnamese lexicon that OCR repair checks tokens against.

Words come from underthesea's word list (Viet74K, 74,000 words, shipped in its wheel under GPL-3.0;
read as a data file, underthesea itself is not imported) and from congbao's own vocabularies (agency
names, document kinds, column headers, positions, abbreviations): the words of administrative
writing. Loaded once per process.
"""
from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from ..data import read_tsv
from ..normalize import normalize_text
from .repair import Lexicon

_WORD_LIST = ("corpus", "data", "Viet74K.txt")
# congbao's vocabularies whose first column is running Vietnamese text.
_TERMS = "admin_terms.tsv"
_VOCABULARIES = ("central_bodies.tsv", "local_bodies.tsv", "provinces.tsv", "collectives.tsv",
                 "document_kinds.tsv", "positions.tsv", "agency_heads.tsv", "role_verbs.tsv")


def _word_list_path() -> Path | None:
    spec = importlib.util.find_spec("underthesea")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations)), *_WORD_LIST)
    return path if path.is_file() else None


def _own_words() -> Iterator[str]:
    for name in _VOCABULARIES:
        try:
            rows = read_tsv(name)
        except FileNotFoundError:
            continue
        for row in rows:
            yield row[0]
    for row in read_tsv("column_roles.tsv"):
        yield row[1]
    for row in read_tsv("abbreviations.tsv"):
        yield row[1]


@cache
def ocr_lexicon() -> Lexicon:
    """The lexicon (empty of underthesea's words when its word list is missing: repair then only
    knows congbao's vocabularies)."""
    words: list[str] = []
    path = _word_list_path()
    if path is not None:
        # normalised as one text: normalisation keeps line breaks and works within a line
        words += [w for line in normalize_text(path.read_text(encoding="utf-8")).splitlines() if (w := line.strip())]
    terms = [normalize_text(row[0]) for row in read_tsv(_TERMS)]
    names = [normalize_text(w) for w in _own_words()]
    return Lexicon.from_words(words, codes=_codes(), terms=terms, names=names)


def _codes() -> set[str]:
    """Codes of document numbers and abbreviations ("QĐ", "UBND", "TTg"), as printed."""
    codes = {row[1] for row in read_tsv("document_kinds.tsv") if len(row) > 1}
    codes |= {row[0] for row in read_tsv("kind_abbreviations.tsv")}
    codes |= {row[0] for row in read_tsv("issuer_codes.tsv")}
    codes |= {row[0] for row in read_tsv("abbreviations.tsv")}
    return {c for c in codes if c}
