"""Each PDF in a process of its own, under a wall-clock budget and an address-space cap.

A hostile PDF can loop forever in a parser, allocate without bound, or crash a C library; none of that
may cost the batch. ``run_isolated`` forks one child per file from a parent that has already imported
everything (a fork costs milliseconds; start-up is paid once), caps the child's address space
(``RLIMIT_AS``), and kills it when it runs past its budget. After ``run_isolated``:
- every path given has exactly one result, in ``on_result``, as the child returned it or as an error
  record ("timeout after 120 s", "memory limit 4 GB", "worker died: signal 11");
- at most ``jobs`` children run at once; a killed child is replaced by the next file;
- progress messages (pages done) reach ``on_progress`` while a file is being read.
Linux and other POSIX systems (``os.fork``).
"""
from __future__ import annotations

import os
import pickle
import resource
import selectors
import signal
import struct
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

_HEADER = struct.Struct("!cQ")  # kind (b"p" progress, b"r" result), payload length


@dataclass
class _Child:
    index: int
    item: Any
    pid: int
    fd: int
    started: float
    pages: int = 0
    buffer: bytearray = field(default_factory=bytearray)
    result: Any = None
    done: bool = False


def _send(fd: int, kind: bytes, payload: Any) -> None:
    data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(_HEADER.pack(kind, len(data)) + data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def _child_main(fd: int, item: Any, work: Callable, max_memory: int | None) -> None:
    """In the child: cap memory, do the work, send the result, exit without running the parent's atexit."""
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what Ctrl-C stops
        if max_memory:
            resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))
        result = work(item, lambda done, total: _send(fd, b"p", (done, total)))
        _send(fd, b"r", ("ok", result))
    except MemoryError:
        _send(fd, b"r", ("memory", None))
    except BaseException as e:  # a defect of ours in the child: reported as one line by the parent
        try:
            _send(fd, b"r", ("error", f"{type(e).__name__}: {str(e).splitlines()[0][:200] if str(e) else ''}"))
        except BaseException:
            code = 3
    finally:
        os._exit(code)


def run_isolated(
    items: Iterable[Any], work: Callable[[Any, Callable[[int, int], None]], Any], *, jobs: int = 1,
    timeout_s: float | None = None, timeout_per_page_s: float = 0.0, max_memory: int | None = None,
    on_result: Callable[[int, Any, Any, str | None], None],
    on_progress: Callable[[int, int, int], None] | None = None,
    on_start: Callable[[int, Any], None] | None = None,
) -> None:
    """Run ``work(item, progress)`` on each item in a forked child, at most ``jobs`` at a time.

    ``on_result(index, item, result, error)`` gets the child's result, or ``error`` (one line) when
    the child timed out, ran out of its memory cap, raised or died; ``on_progress(index, done,
    total)`` the progress it reports; ``on_start(index, item)`` is called as a child starts. A child
    may run ``timeout_s`` plus ``timeout_per_page_s`` for each page of its file (known from its first
    progress report).
    """
    pending = list(enumerate(items))
    pending.reverse()
    running: dict[int, _Child] = {}
    sel = selectors.DefaultSelector()
    try:
        while pending or running:
            while pending and len(running) < max(1, jobs):
                index, item = pending.pop()
                r, w = os.pipe()
                pid = os.fork()
                if pid == 0:  # the child
                    os.close(r)
                    sel.close()
                    _child_main(w, item, work, max_memory)
                os.close(w)
                os.set_blocking(r, False)
                child = _Child(index=index, item=item, pid=pid, fd=r, started=time.monotonic())
                running[r] = child
                if on_start is not None:
                    on_start(index, item)
                sel.register(r, selectors.EVENT_READ, child)
            wait = _next_deadline(running.values(), timeout_s, timeout_per_page_s)
            for key, _ in sel.select(timeout=wait):
                child = key.data
                _read(child, on_progress)
                if child.done:
                    sel.unregister(child.fd)
                    os.close(child.fd)
                    del running[child.fd]
                    _finish(child, on_result, max_memory, killed=None)
            if timeout_s is not None:
                now = time.monotonic()
                for child in [c for c in running.values() if now > _deadline(c, timeout_s, timeout_per_page_s)]:
                    os.kill(child.pid, signal.SIGKILL)
                    sel.unregister(child.fd)
                    os.close(child.fd)
                    del running[child.fd]
                    budget = _deadline(child, timeout_s, timeout_per_page_s) - child.started
                    _finish(child, on_result, max_memory, killed=f"timeout after {budget:.0f} s")
    except BaseException:
        for child in running.values():  # Ctrl-C or a defect: no child outlives the batch
            try:
                os.kill(child.pid, signal.SIGKILL)
                os.waitpid(child.pid, 0)
            except OSError:
                pass
        raise
    finally:
        sel.close()


def _deadline(child: _Child, timeout_s: float, per_page_s: float) -> float:
    return child.started + timeout_s + per_page_s * child.pages


def _next_deadline(children, timeout_s: float | None, per_page_s: float) -> float | None:
    # Wake at least twice a second: Ctrl-C is seen within half a second.
    if timeout_s is None or not children:
        return 0.5 if children else None
    now = time.monotonic()
    return max(0.0, min(min(_deadline(c, timeout_s, per_page_s) - now for c in children), 0.5))


def _read(child: _Child, on_progress) -> None:
    while True:
        try:
            data = os.read(child.fd, 1 << 20)
        except BlockingIOError:
            break
        if not data:
            child.done = True
            break
        child.buffer += data
    while len(child.buffer) >= _HEADER.size:
        kind, size = _HEADER.unpack_from(child.buffer)
        if len(child.buffer) < _HEADER.size + size:
            break
        payload = pickle.loads(bytes(child.buffer[_HEADER.size:_HEADER.size + size]))
        del child.buffer[:_HEADER.size + size]
        if kind == b"p":
            child.pages = max(child.pages, payload[1])
            if on_progress is not None:
                on_progress(child.index, *payload)
        elif kind == b"r":
            child.result = payload


def _finish(child: _Child, on_result, max_memory: int | None, *, killed: str | None) -> None:
    _, status = os.waitpid(child.pid, 0)
    if killed is not None:
        on_result(child.index, child.item, None, killed)
        return
    if child.result is None:
        if os.WIFSIGNALED(status):
            sig = os.WTERMSIG(status)
            # A C++ library that cannot allocate under RLIMIT_AS aborts (std::bad_alloc); SIGKILL
            # from outside is the kernel's OOM killer.
            if max_memory and sig in (signal.SIGABRT, signal.SIGKILL):
                reason = f"memory limit {_size(max_memory)} (worker aborted: signal {sig})"
            else:
                reason = f"worker died: signal {sig}"
        else:
            reason = f"worker died: exit status {os.WEXITSTATUS(status)}"
        on_result(child.index, child.item, None, reason)
        return
    state, value = child.result
    if state == "ok":
        on_result(child.index, child.item, value, None)
    elif state == "memory":
        on_result(child.index, child.item, None, f"memory limit {_size(max_memory)}" if max_memory else "out of memory")
    else:
        on_result(child.index, child.item, None, f"internal error: {value}")


def _size(n: int | None) -> str:
    if not n:
        return "none"
    return f"{n / 2**30:.0f} GB" if n >= 2**30 else f"{n / 2**20:.0f} MB"


def parse_size(text: str) -> int:
    """ "4G", "512M", "4 GB", "1024" (MB) → bytes."""
    t = text.strip().upper().replace(" ", "").rstrip("B").rstrip("I")
    units = {"K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}
    if t and t[-1] in units:
        return int(float(t[:-1]) * units[t[-1]])
    return int(float(t) * 2**20)
