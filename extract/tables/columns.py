"""Column roles from header wording ("Cơ quan chủ trì" → lead), read from ``data/column_roles.tsv``."""
from __future__ import annotations

import re
from functools import cache

from ..data import read_tsv

ROLES = ("number", "group", "text", "evidence", "deadline", "lead", "support")


@cache
def _keywords() -> tuple[tuple[str, str], ...]:
    rows = [(role, kw.lower()) for role, kw in read_tsv("column_roles.tsv")]
    return tuple(sorted(rows, key=lambda r: -len(r[1])))


def column_role(header: str) -> str | None:
    """The role a header names, by its longest keyword; short keywords ("stt", "tt") must be all of it.

    >>> column_role("Thời gian thực hiện, hoàn thành"), column_role("Nhiệm vụ chung"), column_role("STT")
    ('deadline', 'group', 'number')
    """
    text = " ".join(header.lower().split()).strip(" .:")
    for role, kw in _keywords():
        if len(kw) <= 3:
            if text == kw:
                return role
        elif re.search(r"(?<!\w)" + re.escape(kw) + r"(?!\w)", text):
            return role
    return None


def assign_roles(headers: list[str]) -> list[str | None]:
    """Roles per column; a role claimed twice stays with the first column (left to right)."""
    roles: list[str | None] = []
    taken: set[str] = set()
    for h in headers:
        role = column_role(h)
        if role in taken:
            role = None
        if role:
            taken.add(role)
        roles.append(role)
    return roles
