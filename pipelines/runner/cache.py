"""Per-file results kept between runs, so that an unchanged file is not read again.

An entry is keyed by everything that decides a file's records (``cache_key``): the SHA-256 of the
bytes the worker parsed (the worker hashes its own copy, ``sources.snapshot``), the file's name in
the records, the options that change output (reader, OCR), congbao's version, a fingerprint of all of
congbao's code and data (``extract``, ``pipelines`` and ``congbao``: records are assembled in
``pipelines`` too) and the versions of the engines (``engines``). The worker computes the key of what
it read; the driver looks entries up with the key of what it hashed, so a file rewritten between the
two is cached under its new bytes, never the old ones.

An entry is one file, ``OUT/.congbao/cache/<ab>/<key>.json``: a header line naming its format, its key
and the SHA-256 of the JSON that follows. An entry whose header, key or checksum does not match
(damaged, edited by hand, truncated) is a miss, never trusted. Nothing under the cache folder is
reached through a symbolic link (``nofollow``): a link planted there is refused or removed, not
followed.

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
import pipelines
from extract import __version__

from .engines import engine_versions
from .nofollow import NotOurs, open_nofollow, read_nofollow, real_dir, remove

# The format of an entry's header line; entries of another format are misses.
FORMAT = b"congbao-cache 2"
# Source and data files of congbao's packages that the fingerprint covers.
CODE_SUFFIXES = (".py", ".tsv", ".yaml", ".txt", ".json")


def code_roots() -> tuple[Path, ...]:
    """The folders of congbao's three packages as installed (they sit side by side)."""
    installed = Path(pipelines.__file__).parent.parent
    return (Path(extract.__file__).parent, Path(pipelines.__file__).parent, installed / "congbao")


def fingerprint(roots: tuple[Path, ...]) -> str:
    """sha256 over the source and data files under ``roots`` (names and bytes), in a stable order."""
    h = hashlib.sha256(__version__.encode())
    for root in roots:
        for f in sorted(root.rglob("*")):
            if f.suffix in CODE_SUFFIXES and "__pycache__" not in f.parts and f.is_file():
                h.update(f"{root.name}/{f.relative_to(root).as_posix()}".encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()[:16]


@cache
def code_fingerprint() -> str:
    """The fingerprint of all of congbao's code and data (``extract``, ``pipelines``, ``congbao``),
    computed once per process."""
    return fingerprint(code_roots())


def cache_key(sha256: str, rel: str, options: dict[str, Any]) -> str:
    """The key of the result of the bytes ``sha256`` named ``rel``, read with ``options``, by this
    installation (its code and its engines)."""
    blob = json.dumps({"sha256": sha256, "rel": rel, "options": options, "code": code_fingerprint(),
                       "engines": engine_versions()}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()


def encode_entry(key: str, value: dict) -> bytes:
    payload = json.dumps({**value, "key": key}, ensure_ascii=False, separators=(",", ":")).encode()
    return FORMAT + f" {key} {hashlib.sha256(payload).hexdigest()}\n".encode() + payload


def _checked_payload(key: str, data: bytes) -> bytes | None:
    """The JSON of an entry when its header names ``key`` and its checksum matches, else None."""
    header, _, payload = data.partition(b"\n")
    parts = header.split(b" ")
    if len(parts) != 4 or b" ".join(parts[:2]) != FORMAT or parts[2].decode(errors="replace") != key:
        return None
    if hashlib.sha256(payload).hexdigest().encode() != parts[3]:
        return None
    return payload


def decode_entry(key: str, data: bytes) -> dict | None:
    """The entry in ``data`` when its header names ``key`` and its checksum matches, else None."""
    payload = _checked_payload(key, data)
    if payload is None:
        return None
    try:
        value = json.loads(payload)
    except ValueError:
        return None
    return value if isinstance(value, dict) and value.get("key") == key else None


class ResultCache:
    def __init__(self, folder: Path) -> None:
        """The cache in ``folder`` (made when absent). Raises ``nofollow.NotOurs`` when ``folder`` is a
        symbolic link or not a folder."""
        self.folder = folder
        real_dir(folder)

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict | None:
        sub = self.folder / key[:2]
        try:
            if not real_dir(sub, create=False):
                return None
        except NotOurs:  # a link or a file where a folder of entries belongs: a miss (prune removes it)
            return None
        data = read_nofollow(self._path(key))
        return None if data is None else decode_entry(key, data)

    def verify(self, key: str) -> bool:
        """Is the entry of ``key`` there, whole (its checksum checked, its JSON not parsed)?"""
        try:
            if not real_dir(self.folder / key[:2], create=False):
                return False
        except NotOurs:
            return False
        data = read_nofollow(self._path(key))
        return data is not None and _checked_payload(key, data) is not None

    def put(self, key: str, value: dict) -> None:
        path = self._path(key)
        sub = path.parent
        try:
            real_dir(sub)
        except NotOurs:
            remove(sub)       # a planted link or file: gone (the link itself, never its target)
            real_dir(sub)
        tmp = sub / f".{path.name}.{os.getpid()}.tmp"
        remove(tmp)
        fd = open_nofollow(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "wb") as f:
            f.write(encode_entry(key, value))
        os.replace(tmp, path)  # replaces a link at ``path`` by the entry; never writes through it

    def prune(self, keep: set[str]) -> None:
        """Remove every entry not in ``keep``, and anything else found in the cache folder."""
        if not real_dir(self.folder, create=False):
            return
        with os.scandir(self.folder) as entries:
            subs = sorted(entries, key=lambda e: e.name)
        for sub in subs:
            if not sub.is_dir(follow_symlinks=False):
                remove(Path(sub.path))   # a stray file or a link: the link itself goes
                continue
            with os.scandir(sub.path) as files:
                for f in files:
                    if not f.is_file(follow_symlinks=False) or not f.name.endswith(".json") or f.name[:-5] not in keep:
                        remove(Path(f.path))
            try:
                os.rmdir(sub.path)      # only when empty
            except OSError:
                pass
