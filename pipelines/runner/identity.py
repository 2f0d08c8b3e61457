"""Which files a run reads, and how the records name them.

A file is its bytes: the same bytes reached twice (one file given as ``x.pdf`` and ``/abs/x.pdf``, or
a copy in two folders) are read once. Its name in the records is its path relative to the input
folder it was found under (a file given by name: its file name), so two different files called
``cb-12.pdf`` in ``2023/`` and ``2024/`` get distinct task ids. Names are made safe for every output:
NFC, bytes that are not UTF-8 written as ``\\xNN``, control characters (a newline in a file name)
escaped the same way.

After ``find_inputs(paths)``:
- inputs are sorted by their relative name (then by path), so a run's order does not depend on the
  order of the arguments or of the file system;
- every ``Input.name``/``Input.rel`` is a printable NFC string without line breaks.
"""
from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True, kw_only=True)
class Input:
    path: Path      # where the bytes are read from
    rel: str        # path relative to the input folder, "/"-separated, safe (the records' ``source.path``)
    name: str       # the file name, safe (the records' ``source.file``)


def safe_name(text: str) -> str:
    """``text`` (a file-system string, perhaps holding surrogate escapes) as printable NFC text.

    >>> safe_name("Co\\u0302ng-bao.pdf"), safe_name("a\\nb.pdf"), safe_name(os.fsdecode(b"\\xff.pdf"))
    ('Công-bao.pdf', 'a\\\\x0ab.pdf', '\\\\xff.pdf')
    """
    raw = os.fsencode(text)
    decoded = raw.decode("utf-8", "backslashreplace")
    decoded = "".join(f"\\x{ord(c):02x}" if (ord(c) < 32 or 0x7F <= ord(c) < 0xA0) else c for c in decoded)
    return unicodedata.normalize("NFC", decoded)


def find_inputs(paths: Iterable[Path]) -> list[Input]:
    """PDF files named or found under the named folders (``*.pdf``, any case)."""
    found: dict[Path, Input] = {}
    for p in paths:
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.suffix.lower() == ".pdf" and f.is_file():
                    rel = f.relative_to(p).as_posix()
                    found.setdefault(f, Input(path=f, rel=safe_name(rel), name=safe_name(f.name)))
        else:
            found.setdefault(p, Input(path=p, rel=safe_name(p.name), name=safe_name(p.name)))
    return sorted(found.values(), key=lambda i: (i.rel, str(i.path)))


def distinct_rels(inputs: list[Input]) -> list[Input]:
    """Inputs whose relative names collide (``a/x.pdf`` given as a file, ``b/x.pdf`` too) made distinct
    by their folder: a relative name names one file in a run."""
    seen: dict[str, int] = {}
    for i in inputs:
        seen[i.rel] = seen.get(i.rel, 0) + 1
    out = []
    for i in inputs:
        if seen[i.rel] > 1:
            parts = [safe_name(part) for part in i.path.resolve().parts[1:]]
            out.append(Input(path=i.path, rel="/".join(parts), name=i.name))
        else:
            out.append(i)
    return out
