"""Running headers and footers: "CÔNG BÁO CÀ MAU/Số 43/Ngày 30-5-2023  41" → gazette facts.

The running header names the gazette, its issue and date, and carries the printed page number at
either side. ``find_running_header`` finds it among a page's top or bottom lines so that the reader
can take it out of the content.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .gazetteer import fold
from .models import GazetteInfo, Line
from .names import place_name_case

# "CÔNG BÁO CÀ MAU/Số 43/Ngày 30-5-2023", "CÔNG BÁO/Số 12 + 13/Ngày 15-3-2024",
# "CÔNG BÁO TỈNH HẬU GIANG / Số 12 / Ngày 15/3/2024", "… /Ngày 15 tháng 3 năm 2024" (spaces and
# date forms vary by province). Matched on the folded text (``gazetteer.fold``: lower case, no tones, one
# character for one) with any hat on its vowels: OCR moves a tone or a hat ("CÔNG BẢO HẬU GIANG/Số 12",
# "CỘNG BÁO … /Sô 43/Ngây …" on degraded scans) and the header must still come out of the content.
_HEADER = re.compile(
    r"c[oôơ]ng\s*b[aăâ]o\s*(?P<name>[^/]*?)\s*/\s*s[oôơ]\s*(?P<issue>\d+)(?:\s*\+\s*\d+)*\s*/\s*"
    r"ng[aăâ]y\s*(?P<day>\d{1,2})\s*(?:[-/.]|\s+th[aăâ]ng\s+)\s*(?P<month>\d{1,2})\s*(?:[-/.]|\s+n[aăâ]m\s+)\s*"
    r"(?P<year>\d{4})"
)
_PAGE_NUMBER = re.compile(r"^\d{1,4}$")
# Header text sits in the top band of a page (footers in the bottom band), as a fraction of height.
EDGE_BAND_FRACTION = 0.12


@dataclass(frozen=True, slots=True)
class RunningHeader:
    gazette: GazetteInfo
    page_number: int | None
    line_indexes: tuple[int, ...]    # which of the page's lines it occupies


def parse_header_text(text: str) -> tuple[GazetteInfo, int | None] | None:
    """Gazette facts and the printed page number from one header line, or None.

    >>> info, number = parse_header_text("42 CÔNG BÁO CÀ MAU/Số 43/Ngày 30-5-2023")
    >>> info.name, info.province, info.issue, info.date.isoformat(), number
    ('Công báo Cà Mau', 'Cà Mau', 43, '2023-05-30', 42)
    """
    m = _HEADER.search(fold(text))
    if not m:
        return None
    try:
        date = dt.date(int(m["year"]), int(m["month"]), int(m["day"]))
    except ValueError:
        date = None
    raw_name = re.sub(r"^(TỈNH|Tỉnh)\s+", "", text[m.start("name"):m.end("name")].strip(" -–"))
    province = place_name_case(raw_name) if raw_name else None
    name = f"Công báo {province}" if province else "Công báo"
    rest = (text[: m.start()] + " " + text[m.end():]).split()
    numbers = [int(t) for t in rest if _PAGE_NUMBER.match(t)]
    page_number = numbers[0] if len(numbers) == 1 else None
    return GazetteInfo(name=name, province=province, issue=int(m["issue"]), date=date), page_number


def find_running_header(lines: Sequence[Line], page_height: float) -> RunningHeader | None:
    """The running header (or footer) among ``lines``, with the lines it occupies.

    The page number may sit on its own line when its baseline differs from the header text's
    (a different font size), so a lone number in the same band next to the header joins it.
    """
    band = EDGE_BAND_FRACTION * page_height
    for i, line in enumerate(lines):
        is_edge = line.bottom <= band or line.top >= page_height - band
        if not is_edge:
            continue
        parsed = parse_header_text(line.text)
        if parsed is None:
            continue
        gazette, page_number = parsed
        used = [i]
        for j in (i - 1, i + 1):
            if 0 <= j < len(lines) and _PAGE_NUMBER.match(lines[j].text.strip()):
                near = abs(lines[j].top - line.top) < 1.5 * (line.bottom - line.top)
                if near:
                    used.append(j)
                    if page_number is None:
                        page_number = int(lines[j].text.strip())
        return RunningHeader(gazette=gazette, page_number=page_number, line_indexes=tuple(sorted(used)))
    return None


def page_footer_number(lines: Sequence[Line], page_height: float) -> tuple[int | None, int | None]:
    """A lone printed page number in the bottom band (pages without a running header), and its line."""
    band = EDGE_BAND_FRACTION * page_height
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        if line.top < page_height - band:
            break
        if _PAGE_NUMBER.match(line.text.strip()):
            return int(line.text.strip()), i
    return None, None


def issue_gazette(infos: Sequence[GazetteInfo | None]) -> GazetteInfo:
    """The issue's gazette facts: the most common reading over its pages (a header may be misprinted)."""
    seen = Counter(i for i in infos if i is not None)
    return seen.most_common(1)[0][0] if seen else GazetteInfo()
