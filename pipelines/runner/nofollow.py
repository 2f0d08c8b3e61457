"""Files and folders under ``OUT/.congbao``, never reached through a symbolic link.

``OUT/.congbao`` holds the run's state: sets, the cache, the lock. Anyone who can write into ``OUT``
(a shared team folder) could plant a symbolic link there (``cache -> /home/alice/thesis``); a run
that followed it would delete, overwrite or read another folder's files. So:

- ``real_dir`` accepts a folder only when ``lstat`` says it is one (creating it when absent) and
  raises ``NotOurs`` for a link or anything else: the run stops before touching it;
- files are opened with ``O_NOFOLLOW`` (``open_nofollow``, ``read_nofollow``): a link is refused;
- ``remove`` unlinks a link or a file (the link itself, never its target) and removes a tree only
  when it is a real folder (``shutil.rmtree`` itself never follows a link inside the tree).
"""
from __future__ import annotations

import errno
import os
import shutil
import stat
from pathlib import Path


class NotOurs(Exception):
    """Something under ``OUT/.congbao`` that congbao did not put there (a link, a file for a folder)."""


def _what(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISREG(mode):
        return "a file"
    return "a special file"


def real_dir(path: Path, *, create: bool = True) -> bool:
    """True when ``path`` is a real folder (made when absent and ``create``); False when absent.

    Raises ``NotOurs`` when ``path`` is a symbolic link or not a folder."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        if not create:
            return False
        try:
            os.mkdir(path)
        except FileExistsError:   # made by someone else meanwhile: look again
            return real_dir(path, create=False)
        return True
    if not stat.S_ISDIR(mode) or stat.S_ISLNK(mode):
        raise NotOurs(f"{path} is {_what(mode)}, not a folder congbao made: remove it and run again")
    return True


def open_nofollow(path: Path, flags: int, mode: int = 0o666) -> int:
    """``os.open`` that refuses a symbolic link (``NotOurs``) and a FIFO or device (never blocks)."""
    try:
        fd = os.open(path, flags | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK, mode)
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise NotOurs(f"{path} is a symbolic link, not a file congbao made: remove it and run again") from None
        raise
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        raise NotOurs(f"{path} is {_what(st.st_mode)}, not a file congbao made: remove it and run again")
    os.set_blocking(fd, True)
    return fd


def read_nofollow(path: Path) -> bytes | None:
    """The bytes of the regular file ``path``; None when it is absent, a link or not a regular file."""
    try:
        fd = open_nofollow(path, os.O_RDONLY)
    except (OSError, NotOurs):
        return None
    try:
        with os.fdopen(fd, "rb", closefd=False) as f:
            return f.read()
    finally:
        os.close(fd)


def remove(path: Path) -> None:
    """Remove ``path``: a link or a file is unlinked (not its target), a real folder removed whole."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISDIR(mode):
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
