"""Splitting an issue into its legal documents, with their metadata, appendices and outline.

A document starts at its administrative header block, laid out by Nghị định 30/2020/NĐ-CP, Phụ lục I
(ô 1 to 5): the issuer on the left ("ỦY BAN NHÂN DÂN / TỈNH CÀ MAU", or a parent body over the issuer:
"UBND TỈNH BÌNH THUẬN / SỞ NỘI VỤ"), the national motto "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" on the
right; under them "Số: 123/KH-UBND" on the left and the place and date "Cà Mau, ngày 29 tháng 5 năm
2023" on the right; then the kind centred in capitals ("KẾ HOẠCH") and the title. A công văn prints no
kind: its số ký hiệu is "N/<issuer>-<unit>" and its title, "V/v …", stands under the number. Every
field is read from its place in that layout (left column, right column, centre), never from the text
that follows: the preamble cites other documents with their own numbers and dates.

A header block without a "Số:" line, or with the blanks of a form ("Số: …/QĐ-BCA"), is a text
promulgated by the document before it (a Kế hoạch attached to its Quyết định, a form in an appendix)
and stays part of it. After ``segment_issue``:
- documents are in reading order and their spans do not overlap;
- cover and table-of-contents pages ("MỤC LỤC") are flagged ``is_cover`` and belong to no document;
- each "Phụ lục" is attached to the document it cites ("Kèm theo Kế hoạch số …"), else the one it
  follows;
- a header field read by OCR that is not plausible (an issuer that is no known body, a number that is
  not shaped like a số ký hiệu, a signer that is no Vietnamese name) is None and the document's
  ``warnings`` say so; stamps ("ĐẾN", "HỎA TỐC", "MẬT") are never read as fields;
- a PDF without any header block (no motto, no "Số:", no kind) is one document with null fields and
  the warning "not an administrative document".

Each part of the layout has a module: ``headers`` (kind, number, date, title; ``issuer`` for the issuer
line), ``signer`` (the signature block), ``appendices`` (the "Phụ lục" and the document each cites),
``documents`` (the split itself, ``segment_issue``) and ``outline`` (the body's sections, numbered
items and articles, ``find_outline``); ``tokens`` holds what they share: words as read, stamps, edit
distances.
"""
from __future__ import annotations

from .documents import segment_issue
from .outline import find_outline

__all__ = ["find_outline", "segment_issue"]
