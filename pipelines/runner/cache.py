"""Per-file results kept between runs, so that an unchanged file is not read again.

An entry is keyed by what decides a file's records: its bytes (sha256), its name in the records, the
options that change output (reader, OCR), congbao's version and a fingerprint of the library's code
and data files (a rule changed without a version bump still invalidates the cache). Entries are JSON,
written atomically beside the output set (``OUT/.congbao/cache``); a damaged entry is a miss.

After ``ResultCache.prune(keep)`` only the entries of ``keep`` remain: the cache holds the results of
the current set and nothing older.
"""
from __future__ import annotations

import hashlib
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import extract
from extract import __version__


@cache
def code_fingerprint() -> str:
    """sha256 over the library's source and data files (names and bytes), in a stable order."""
    root = Path(extract.__file__).parent
    h = hashlib.sha256(__version__.encode())
    for f in sorted(root.rglob("*")):
        if f.suffix in (".py", ".tsv", ".yaml", ".txt", ".json") and "__pycache__" not in f.parts:
            h.update(f.relative_to(root).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def cache_key(sha256: str, rel: str, options: dict[str, Any]) -> str:
    blob = json.dumps({"sha256": sha256, "rel": rel, "options": options, "code": code_fingerprint()},
                      sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()


class ResultCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict | None:
        try:
            with open(self._path(key), "rb") as f:
                value = json.loads(f.read())
        except (OSError, ValueError):
            return None
        return value if isinstance(value, dict) and value.get("key") == key else None

    def put(self, key: str, value: dict) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            f.write(json.dumps({**value, "key": key}, ensure_ascii=False, separators=(",", ":")).encode())
        os.replace(tmp, path)

    def prune(self, keep: set[str]) -> None:
        if not self.folder.is_dir():
            return
        for sub in self.folder.iterdir():
            if not sub.is_dir():
                sub.unlink(missing_ok=True)
                continue
            for f in sub.iterdir():
                if f.name.endswith(".tmp") or f.stem not in keep:
                    f.unlink(missing_ok=True)
            if not any(sub.iterdir()):
                sub.rmdir()
