"""Dates as printed in Vietnamese administrative text, and calendar arithmetic for deadlines."""
from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import cache

from .data import read_tsv

# "23/7/2012", "23-7-2012", "23.7.2012", "ngày 23 tháng 7 năm 2012" (spaces may be broken by line wraps)
DATE_NUMERIC = r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>(?:19|20)\d{2})"
DATE_WORDS = r"(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>(?:19|20)\d{2})"
DATE = re.compile(rf"(?:{DATE_NUMERIC}|{DATE_WORDS})", re.IGNORECASE)


def date_parts(m: re.Match[str]) -> tuple[int, int, int]:
    """(year, month, day) of a ``DATE`` match."""
    if m.group("d") is not None:
        return int(m["y"]), int(m["m"]), int(m["d"])
    return int(m["y2"]), int(m["m2"]), int(m["d2"])


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    """The date, or None when it cannot exist ("31/4/2023")."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: dt.date, months: int) -> dt.date:
    """Bộ luật Dân sự 2015, Điều 148: a period in months ends on the same day of the last month, or
    on that month's last day when it has no such day."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@cache
def _holidays() -> frozenset[dt.date]:
    return frozenset(dt.date.fromisoformat(row[0]) for row in read_tsv("holidays.tsv"))


@cache
def holiday_years() -> frozenset[int]:
    """The years holidays.tsv lists the days off for: working days can be counted only inside them."""
    return frozenset(day.year for day in _holidays())


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _holidays()


def add_working_days(start: dt.date, amount: int) -> dt.date:
    """The ``amount``-th working day after ``start`` (the period starts the day after, Điều 147)."""
    day, counted = start, 0
    while counted < amount:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day
