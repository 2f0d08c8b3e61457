"""Which files a run reads, and how the records name them.

A file is its bytes: the same bytes reached twice (one file given as ``x.pdf`` and ``/abs/x.pdf``, or
a copy in two folders) are read once. Its name in the records (``rel``: ``source.path``, and the start
of every id: ``task_id``, ``document_id``, ``reference_id``, ``table_id``) is its path relative to the
input folder it was found under (a file given by name: its file name). Two files never share a name:
when two names would give one id (``2023/cb.pdf`` and ``2024/cb.pdf`` given as the folders ``2023/``
and ``2024/``, or a ``cb.pdf`` added to a dataset that has one from elsewhere), each is named by as
many of its own folders as tell it apart (``2023/cb.pdf``, ``2024/cb.pdf``). Names are made safe for
every output: NFC, bytes that are not UTF-8 written as ``\\xNN``, control characters (a newline in a
file name) escaped the same way.

After ``find_inputs(paths)``:
- inputs are sorted by their relative name (then by path), so a run's order does not depend on the
  order of the arguments or of the file system;
- every ``Input.name``/``Input.rel`` is a printable NFC string without line breaks, and ``source``
  the absolute path the file was found at.
After ``unique_rels(inputs, taken)``: no two inputs, and no input and a name of ``taken``, share an
id stem (``id_stem``).
"""
from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..writers.fields import id_stem


@dataclass(frozen=True, slots=True, kw_only=True)
class Input:
    path: Path                  # where the bytes are read from
    rel: str                    # path relative to the input folder, "/"-separated, safe (``source.path``)
    name: str                   # the file name, safe (``source.file``)
    source: Path | None = None  # where the file came from, absolute (None: read from stdin)


def safe_name(text: str) -> str:
    """``text`` (a file-system string, perhaps holding surrogate escapes) as printable NFC text.

    >>> safe_name("Co\\u0302ng-bao.pdf"), safe_name("a\\nb.pdf"), safe_name(os.fsdecode(b"\\xff.pdf"))
    ('Công-bao.pdf', 'a\\\\x0ab.pdf', '\\\\xff.pdf')
    """
    raw = os.fsencode(text)
    decoded = raw.decode("utf-8", "backslashreplace")
    decoded = "".join(f"\\x{ord(c):02x}" if (ord(c) < 32 or 0x7F <= ord(c) < 0xA0) else c for c in decoded)
    return unicodedata.normalize("NFC", decoded)


def absolute(path: Path) -> Path:
    """``path`` made absolute and normal (``..`` resolved, links kept): where the file came from."""
    return Path(os.path.abspath(path))


def find_inputs(paths: Iterable[Path]) -> list[Input]:
    """PDF files named or found under the named folders (``*.pdf``, any case)."""
    found: dict[Path, Input] = {}   # by absolute path: one file named twice is one input
    for p in paths:
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.suffix.lower() == ".pdf" and f.is_file():
                    rel = f.relative_to(p).as_posix()
                    found.setdefault(absolute(f), Input(path=f, rel=safe_name(rel), name=safe_name(f.name),
                                                        source=absolute(f)))
        else:
            found.setdefault(absolute(p), Input(path=p, rel=safe_name(p.name), name=safe_name(p.name),
                                                source=absolute(p)))
    return sorted(found.values(), key=lambda i: (i.rel, str(i.path)))


def _qualified(i: Input, depth: int) -> str | None:
    """``i`` named by ``depth`` more of its folders than its ``rel`` has; None when it has no more (or no
    folder of its own: a PDF read from stdin lives in a temporary folder that names nothing)."""
    if i.source is None:
        return None
    source = i.source
    parts = [safe_name(part) for part in source.parts[1:]]
    want = len(i.rel.split("/")) + depth
    return "/".join(parts[-want:]) if want <= len(parts) else None


def unique_rels(inputs: Sequence[Input], taken: Iterable[str] = ()) -> list[Input]:
    """``inputs`` (in order) with names whose id stems differ from each other and from ``taken``.

    A name already unique is kept. Colliding names are qualified, all of them, by their own folders,
    one more at a time until each is unique (``cb.pdf`` → ``2023/cb.pdf``); a file with no folder
    left to tell it apart gets a number (``cb~2.pdf``)."""
    taken_stems = {id_stem(t) for t in taken}
    counts: dict[str, int] = {}
    for i in inputs:
        counts[id_stem(i.rel)] = counts.get(id_stem(i.rel), 0) + 1
    out: list[Input | None] = [None] * len(inputs)
    pending = []
    for k, i in enumerate(inputs):
        stem = id_stem(i.rel)
        if counts[stem] == 1 and stem not in taken_stems:
            out[k] = i
            taken_stems.add(stem)
        else:
            pending.append(k)
    for k in pending:
        i = inputs[k]
        depth, rel = 1, _qualified(i, 1)
        while rel is not None and id_stem(rel) in taken_stems | _stems_of_pending(inputs, pending, k, depth):
            depth += 1
            rel = _qualified(i, depth)
        if rel is None:  # the same folders all the way up (names differing in case of ".pdf" only)
            n = 2
            base, dot, ext = i.rel.rpartition(".")
            while id_stem(rel := f"{base}~{n}.{ext}" if dot else f"{i.rel}~{n}") in taken_stems:
                n += 1
        taken_stems.add(id_stem(rel))
        out[k] = replace(i, rel=rel)
    return [i for i in out if i is not None]


def _stems_of_pending(inputs: Sequence[Input], pending: Sequence[int], k: int, depth: int) -> set[str]:
    """The stems the other colliding inputs have at ``depth`` (so that two qualified names that would
    still collide, ``a/x/cb.pdf`` and ``b/x/cb.pdf``, both go one folder further)."""
    out = set()
    for j in pending:
        if j != k and id_stem(inputs[j].rel) == id_stem(inputs[k].rel):
            q = _qualified(inputs[j], depth)
            if q is not None:
                out.add(id_stem(q))
    return out


def distinct_rels(inputs: list[Input]) -> list[Input]:
    """Inputs whose relative names collide (``a/x.pdf`` given as a file, ``b/x.pdf`` too) made distinct
    by their folders: a relative name names one file in a run (``unique_rels`` with nothing taken)."""
    return unique_rels(inputs)
