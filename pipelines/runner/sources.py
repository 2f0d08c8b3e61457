"""Reading an input file: regular files only, never blocking, and the very bytes a worker parses.

A name on the command line may be a FIFO, a device (``/dev/zero``), a socket or a folder; opening one
for reading can block forever or never end. ``open_regular`` opens without blocking and without
reading (``O_NONBLOCK``), checks what it opened (``fstat``, so a file swapped between a check and the
open is caught too) and refuses anything but a regular file with a one-line ``NotRegularFile``.

A crawler may rewrite a file in the input folder while a run reads it. ``snapshot`` copies a file's
bytes once, hashing them as they go, into a private file the worker then parses: the records, their
``sha256`` and the cache key all describe the same bytes, whatever happens to the original afterwards.

After ``snapshot(path, folder)`` (a context manager) yields ``(copy, sha256)``:
- ``copy`` is a private regular file (mode 0600) holding exactly the bytes hashed to ``sha256``;
- it is removed when the block ends; a worker killed inside the block leaves it in ``folder``, which
  the run's driver removes whole at the end of the run.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from extract.errors import ExtractError, PdfTooLarge
from extract.read import MAX_BYTES

CHUNK = 1 << 20


class NotRegularFile(OSError):
    """The path names something other than a regular file (a FIFO, a device, a folder …)."""


_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"),
)


def kind_of(mode: int) -> str:
    """What a file of ``st_mode`` ``mode`` is, in words ("a FIFO (named pipe)")."""
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def open_regular(path: Path) -> int:
    """A read-only descriptor of ``path``, which must be a regular file (symbolic links to one are
    followed: inputs are the user's own). Raises ``NotRegularFile`` or ``OSError``; never blocks."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | getattr(os, "O_NOCTTY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(f"{kind_of(mode)}, not a PDF file")
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def sha256_regular(path: Path) -> str:
    """SHA-256 of the regular file ``path`` (``open_regular``'s refusals apply)."""
    fd = open_regular(path)
    h = hashlib.sha256()
    try:
        while chunk := os.read(fd, CHUNK):
            h.update(chunk)
    finally:
        os.close(fd)
    return h.hexdigest()


def read_regular(path: Path) -> bytes:
    """The bytes of the regular file ``path`` (``open_regular``'s refusals apply)."""
    fd = open_regular(path)
    try:
        with os.fdopen(fd, "rb", closefd=False) as f:
            return f.read()
    finally:
        os.close(fd)


def describe_error(e: OSError) -> str:
    """An input's ``OSError`` as the one line the user reads ("cannot read the file: …")."""
    if isinstance(e, NotRegularFile):
        return str(e)
    return f"cannot read the file: {e.strerror or e}"


@contextlib.contextmanager
def snapshot(source: Path | bytes, folder: str | None = None) -> Iterator[tuple[Path, str]]:
    """A private copy of ``source`` (a path, or the bytes themselves) and the SHA-256 of its bytes.

    Raises ``ExtractError`` (stage "read") for a file that is not a regular file, cannot be read or is
    over the size limit (as ``extract.read.check_pdf_file`` says it, before a byte is copied).
    """
    src = None
    if not isinstance(source, bytes):
        try:
            src = open_regular(source)
            size = os.fstat(src).st_size
        except OSError as e:
            if src is not None:
                os.close(src)
            raise ExtractError(describe_error(e), stage="read") from None
        if size > MAX_BYTES:
            os.close(src)
            raise PdfTooLarge(f"{size / 2**20:.0f} MB is over the {MAX_BYTES // 2**20} MB limit")
    fd, name = tempfile.mkstemp(suffix=".pdf", prefix="congbao-", dir=folder)
    copy = Path(name)
    try:
        h = hashlib.sha256()
        try:
            with os.fdopen(fd, "wb") as out:
                if src is None:
                    h.update(source)
                    out.write(source)
                else:
                    # One pass: the bytes hashed are the bytes written, however the original changes.
                    while chunk := os.read(src, CHUNK):
                        h.update(chunk)
                        out.write(chunk)
        except OSError as e:
            raise ExtractError(f"cannot read the file: {e.strerror or e}", stage="read") from None
        finally:
            if src is not None:
                os.close(src)
        yield copy, h.hexdigest()
    finally:
        copy.unlink(missing_ok=True)
