"""The files a dataset holds, from one run to the next: which stay, which a run replaces, which go.

A dataset in ``OUT`` grows with the archive. Its manifest lists every file it holds, each with where
it came from (``source``: the absolute path it was read at; none for stdin), its name in the records
(``path``) and the cache entry holding its records (``cache_key``). A run (``plan_run``):

1. starts from the files of the set in place, or from none (``replace``);
2. with ``prune``, drops the files whose source is gone;
3. names each of its own inputs: an input read from the source of a file already held replaces that
   file and keeps its name (so its ids stay what they were); any other input gets a name no file of
   the dataset has (``identity.unique_rels``: ``cb.pdf`` beside another ``cb.pdf`` becomes
   ``2024/cb.pdf``);
4. keeps every other file as it is, records and all, whether or not its source still exists.

After ``plan_run``: the names of ``kept`` and ``inputs`` are unique (by id stem), and each earlier file
is in exactly one of ``kept``, ``replaced`` (re-read as an input) and ``dropped``.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .identity import Input, safe_name, unique_rels


@dataclass(frozen=True, slots=True, kw_only=True)
class Plan:
    kept: tuple[dict, ...]        # manifest entries of earlier files that stay as they are
    inputs: tuple[Input, ...]     # this run's files, named
    replaced: tuple[dict, ...]    # earlier files this run reads again (their sources are inputs)
    dropped: tuple[dict, ...]     # earlier files whose source is gone (with ``prune``)


def source_fields(source: Path | None) -> dict[str, str | None]:
    """How the manifest says where a file came from: ``source`` as printable text, and
    ``source_bytes`` (hex) when that text does not give the path's bytes back (a name that is not
    UTF-8, or holds control characters)."""
    if source is None:
        return {"source": None}
    raw = os.fsencode(source)
    text = safe_name(os.fsdecode(raw))
    if os.fsencode(text) == raw:
        return {"source": text}
    return {"source": text, "source_bytes": raw.hex()}


def source_path(entry: dict) -> Path | None:
    """The path a manifest entry's file was read at (None: stdin, or an entry without one)."""
    if entry.get("source_bytes"):
        try:
            return Path(os.fsdecode(bytes.fromhex(entry["source_bytes"])))
        except ValueError:
            return None
    return Path(entry["source"]) if entry.get("source") else None


def is_current_manifest(manifest: Any) -> bool:
    """Does ``manifest`` list its files with their sources and cache keys (congbao 0.2 and later)?"""
    files = manifest.get("files") if isinstance(manifest, dict) else None
    return isinstance(files, list) and all(
        isinstance(f, dict) and isinstance(f.get("path"), str) and "source" in f and "cache_key" in f for f in files)


def plan_run(previous: Sequence[dict], inputs: Sequence[Input], *, replace_all: bool = False, prune: bool = False,
             exists: Callable[[Path], bool] = os.path.exists) -> Plan:
    """What a run does with the files of the dataset in place (``previous``, manifest entries) and its
    own ``inputs`` (see the module docstring)."""
    entries = [] if replace_all else list(previous)
    dropped = []
    if prune:
        keep = []
        for e in entries:
            where = source_path(e)
            (dropped if where is not None and not exists(where) else keep).append(e)
        entries = keep
    by_source = {os.fsencode(p): e for e in entries if (p := source_path(e)) is not None}
    replaced, again, new = [], [], []
    for i in inputs:
        held = by_source.pop(os.fsencode(i.source), None) if i.source is not None else None
        if held is not None:
            replaced.append(held)
            again.append(replace(i, rel=held["path"]))
        else:
            new.append(i)
    replaced_ids = {id(e) for e in replaced}
    kept = [e for e in entries if id(e) not in replaced_ids]
    named = unique_rels(new, taken=[e["path"] for e in kept] + [i.rel for i in again])
    ordered = sorted([*again, *named], key=lambda i: (i.rel, str(i.path)))
    return Plan(kept=tuple(kept), inputs=tuple(ordered), replaced=tuple(replaced), dropped=tuple(dropped))
