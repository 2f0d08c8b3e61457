"""A run's outputs as one transaction: staged apart, switched in one atomic step, one run at a time.

Layout of an output folder ``OUT``::

    OUT/tasks.jsonl        -> .congbao/current/tasks.jsonl.cb  (a symbolic link per file of the set)
    OUT/.congbao/current   -> sets/<run>                        (switched with one rename)
    OUT/.congbao/sets/<run>/tasks.jsonl.cb, documents.jsonl.cb, …, manifest.json.cb
    OUT/.congbao/cache/…   per-file results kept between runs (``pipelines.runner.cache``)
    OUT/.congbao/lock      held while a run writes

After ``OutputSet.commit()``:
- a reader opening ``OUT/<file>`` at any moment gets the file of the previous set or of the new one,
  whole; a run killed at any moment leaves the previous set in place;
- files of the previous set that this run did not write (a format left out) are not left beside it:
  their links go;
- staging folders and sets of earlier runs are removed (also those a killed run left behind).
A second run into the same folder while one is writing is refused (``OutputBusy``).
Files of a set carry the suffix ``.cb``: a tool that reads every ``tasks.jsonl`` under ``OUT``
(partitioned outputs) finds each file once, through its link.

Nothing under ``OUT/.congbao`` is reached through a symbolic link congbao did not make
(``nofollow``): ``.congbao``, ``sets`` and ``cache`` must be real folders and ``lock`` a regular file,
else the run stops with ``nofollow.NotOurs`` before it writes or removes anything; ``current`` must be
a link to ``sets/<one name>``; leftovers in ``sets`` are removed as links (the link itself) or as real
folders, never through a link.
"""
from __future__ import annotations

import fcntl
import json
import os
import re
import time
from pathlib import Path

from .nofollow import NotOurs, open_nofollow, read_nofollow, real_dir, remove

STATE = ".congbao"
SUFFIX = ".cb"


class OutputBusy(Exception):
    """Another run holds the output folder."""


class OutputSet:
    def __init__(self, out: Path) -> None:
        self.out = out
        self.state = out / STATE
        self.sets = self.state / "sets"
        self.run = f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}"
        self.staging = self.sets / f"{self.run}.staging"
        self._lock = None

    # ------------------------------------------------------------- life cycle

    def __enter__(self) -> OutputSet:
        real_dir(self.state)
        real_dir(self.sets)
        _current_name(self.state)  # a planted "current" stops the run here
        fd = open_nofollow(self.state / "lock", os.O_RDWR | os.O_CREAT, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            holder = _read_pid(self.state / "lock")
            raise OutputBusy(f"another congbao run is writing to {self.out}" + (f" (pid {holder})" if holder else "")) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._lock = fd
        self._clean_leftovers()
        self._unique_name()
        self.staging.mkdir()
        return self

    def _unique_name(self) -> None:
        """Two runs of one process in one second (the Python API called twice) share the time and the
        pid: the later takes the next free name ("…-6914-2"), never the set in place."""
        base, k = self.run, 1
        while os.path.lexists(self.sets / self.run) or os.path.lexists(self.sets / f"{self.run}.staging"):
            k += 1
            self.run = f"{base}-{k}"
        self.staging = self.sets / f"{self.run}.staging"

    def __exit__(self, exc_type, exc, tb) -> None:
        remove(self.staging)
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None

    def previous_manifest(self) -> dict | None:
        """The manifest of the set in place (read without following any link but ``current``'s own
        ``sets/<name>``), or None when there is none or it is not JSON."""
        name = _current_name(self.state)
        if name is None:
            return None
        try:
            real_dir(self.sets / name, create=False)
        except NotOurs:
            return None
        data = read_nofollow(self.sets / name / f"manifest.json{SUFFIX}")
        try:
            manifest = json.loads(data) if data is not None else None
        except ValueError:
            return None
        return manifest if isinstance(manifest, dict) else None

    def path(self, name: str) -> Path:
        """Where this run writes the file ``name`` of its set."""
        return self.staging / name

    def commit(self) -> None:
        """Switch ``OUT`` to this run's set in one step, then tidy the links and earlier sets."""
        for f in sorted(self.staging.iterdir()):
            _fsync(f)
            os.rename(f, f.with_name(f.name + SUFFIX))
        final = self.sets / self.run
        os.rename(self.staging, final)
        _fsync(self.sets)
        link = self.state / f"current.{self.run}"
        os.symlink(f"sets/{self.run}", link)
        os.replace(link, self.state / "current")  # the switch
        _fsync(self.state)
        names = {f.name[: -len(SUFFIX)] for f in final.iterdir() if f.name.endswith(SUFFIX)}
        for name in sorted(names):
            self._link(name)
        for name in _our_links(self.out):
            if name not in names:
                (self.out / name).unlink(missing_ok=True)  # a format this run did not write
        self._clean_leftovers()

    # ------------------------------------------------------------- helpers

    def _link(self, name: str) -> None:
        target = f"{STATE}/current/{name}{SUFFIX}"
        top = self.out / name
        if top.is_symlink() and os.readlink(top) == target:
            return
        tmp = self.out / f".{name}.{self.run}.link"
        tmp.unlink(missing_ok=True)
        os.symlink(target, tmp)
        os.replace(tmp, top)  # also replaces a plain file written by an earlier congbao

    def _clean_leftovers(self) -> None:
        keep = _current_name(self.state)
        for d in sorted(self.sets.iterdir()):
            if d.name != keep and d != self.staging:
                remove(d)
        for f in self.state.glob("current.*"):
            remove(f)
        for f in self.out.glob(".*.link"):
            f.unlink(missing_ok=True)
        for f in self.out.iterdir():  # temp files of the writer of congbao 0.1 ("/.tasks.jsonl.ab12cd")
            if f.name.startswith(".") and f.name != STATE and f.is_file() and _is_old_temp(f.name):
                f.unlink(missing_ok=True)


_OUR_FILES = ("tasks.jsonl", "documents.jsonl", "references.jsonl", "errors.jsonl", "tasks.csv", "documents.csv",
              "references.csv", "tasks.parquet", "documents.parquet", "references.parquet", "congbao.sqlite",
              "metadata.json", "manifest.json")


# The name of a set: what ``OutputSet.run`` makes (a time and a pid, and a count after a second run of
# the process in that second), staged or not.
_SET_NAME = re.compile(r"[0-9]{8}T[0-9]{6}-[0-9]+(?:-[0-9]+)?")


def _current_name(state: Path) -> str | None:
    """The set ``state/current`` points to (``sets/<name>``), None when there is no ``current``.

    Raises ``NotOurs`` when ``current`` is not such a link (a folder, a file, a link elsewhere)."""
    current = state / "current"
    try:
        target = os.readlink(current)
    except FileNotFoundError:
        return None
    except OSError:   # EINVAL: not a link
        raise NotOurs(f"{current} is not the link congbao made: remove it and run again") from None
    parent, _, name = target.partition("/")
    if parent != "sets" or not _SET_NAME.fullmatch(name):
        raise NotOurs(f"{current} points to {target!r}, not to a set congbao made: remove it and run again")
    return name


def _our_links(out: Path) -> list[str]:
    return [f.name for f in out.iterdir() if f.is_symlink() and os.readlink(f).startswith(f"{STATE}/current/")]


def _is_old_temp(name: str) -> bool:
    return any(name.startswith(f".{f}.") for f in _OUR_FILES)


def _read_pid(path: Path) -> str | None:
    data = read_nofollow(path)
    return (data.decode(errors="replace").strip() or None) if data is not None else None


def _fsync(path: Path) -> None:
    """Flush a file or a folder (its entries) to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

