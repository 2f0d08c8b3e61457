"""PDFs read in worker processes, each file under a wall-clock budget and an address-space cap.

A hostile PDF can loop forever in a parser, allocate without bound, or crash a C library; none of that
may cost the batch. ``IsolatedPool`` forks ``jobs`` workers from a parent that has already imported
and built everything (start-up is paid once), caps each worker's address space (``RLIMIT_AS``), hands
them files one at a time over a pipe, and kills a worker that runs past its file's budget. A worker
lives for many files (its lazily built caches stay warm: a fresh fork per file was 3× slower) and is
replaced when it is killed, when it reports a memory error, or after ``recycle_after`` files.

After ``IsolatedPool.run(items, …)``:
- every item has exactly one result, in ``on_result``, as the worker returned it or as an error line
  ("timeout after 120 s", "memory limit 4 GB", "worker died: signal 11");
- at most ``jobs`` workers run at once; a killed worker is replaced and the batch goes on;
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

_HEADER = struct.Struct("!cQ")  # kind (b"j" job, b"p" progress, b"r" result), payload length


def _send(fd: int, kind: bytes, payload: Any) -> None:
    data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(_HEADER.pack(kind, len(data)) + data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def _read_exactly(fd: int, n: int) -> bytes | None:
    chunks, got = [], 0
    while got < n:
        data = os.read(fd, min(n - got, 1 << 20))
        if not data:
            return None
        chunks.append(data)
        got += len(data)
    return b"".join(chunks)


def _worker_main(jobs_fd: int, results_fd: int, work: Callable, max_memory: int | None) -> None:
    """In the worker: cap memory, then read jobs and send results until the parent closes the pipe."""
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what Ctrl-C stops
        if max_memory:
            resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))
        progress = lambda done, total: _send(results_fd, b"p", (done, total))  # noqa: E731
        while True:
            header = _read_exactly(jobs_fd, _HEADER.size)
            if header is None:
                break
            _, size = _HEADER.unpack(header)
            item = pickle.loads(_read_exactly(jobs_fd, size) or b"")
            try:
                result = work(item, progress)
            except MemoryError:
                result = None
                _send(results_fd, b"r", ("memory", None))
                break  # a heap that ran out is not trusted with the next file
            except Exception as e:  # a defect of ours: reported as one line by the parent
                first = str(e).splitlines()[0][:200] if str(e) else ""
                _send(results_fd, b"r", ("error", f"{type(e).__name__}: {first}"))
                continue
            _send(results_fd, b"r", ("ok", result))
    except BaseException:
        code = 3
    finally:
        os._exit(code)


@dataclass
class _Worker:
    pid: int
    jobs_fd: int
    results_fd: int
    served: int = 0
    index: int | None = None   # the job under way
    item: Any = None
    started: float = 0.0
    pages: int = 0
    buffer: bytearray = field(default_factory=bytearray)
    result: Any = None
    eof: bool = False


class IsolatedPool:
    """``jobs`` forked workers running ``work(item, progress)``; see the module docstring."""

    def __init__(self, work: Callable[[Any, Callable[[int, int], None]], Any], *, jobs: int = 1,
                 timeout_s: float | None = None, timeout_per_page_s: float = 0.0, max_memory: int | None = None,
                 recycle_after: int = 500) -> None:
        self.work, self.jobs = work, max(1, jobs)
        self.timeout_s, self.per_page_s, self.max_memory = timeout_s, timeout_per_page_s, max_memory
        self.recycle_after = recycle_after
        self.sel = selectors.DefaultSelector()
        self.workers: dict[int, _Worker] = {}  # results fd → worker

    # ------------------------------------------------------------- workers

    def _spawn(self) -> _Worker:
        jobs_r, jobs_w = os.pipe()
        res_r, res_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker
            os.close(jobs_w)
            os.close(res_r)
            for w in self.workers.values():  # the other workers' pipes are not ours
                for fd in (w.jobs_fd, w.results_fd):
                    try:
                        os.close(fd)
                    except OSError:
                        pass
            _worker_main(jobs_r, res_w, self.work, self.max_memory)
        os.close(jobs_r)
        os.close(res_w)
        os.set_blocking(res_r, False)
        worker = _Worker(pid=pid, jobs_fd=jobs_w, results_fd=res_r)
        self.workers[res_r] = worker
        self.sel.register(res_r, selectors.EVENT_READ, worker)
        return worker

    def _retire(self, worker: _Worker, *, kill: bool) -> int:
        """Stop ``worker``; its exit status."""
        self.sel.unregister(worker.results_fd)
        del self.workers[worker.results_fd]
        os.close(worker.results_fd)
        try:
            os.close(worker.jobs_fd)  # the worker's signal to end
        except OSError:
            pass
        if kill:
            try:
                os.kill(worker.pid, signal.SIGKILL)
            except OSError:
                pass
        _, status = os.waitpid(worker.pid, 0)
        return status

    def close(self) -> None:
        for worker in list(self.workers.values()):
            self._retire(worker, kill=worker.index is not None)
        self.sel.close()

    def __enter__(self) -> IsolatedPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------- the run

    def run(self, items: Iterable[Any], *, on_result: Callable[[int, Any, Any, str | None], None],
            on_progress: Callable[[int, int, int], None] | None = None,
            on_start: Callable[[int, Any], None] | None = None) -> None:
        """``on_result(index, item, result, error)`` for each item; ``on_progress(index, done, total)``;
        ``on_start(index, item)`` as a worker takes an item."""
        pending = list(enumerate(items))
        pending.reverse()
        try:
            while pending or any(w.index is not None for w in self.workers.values()):
                while pending:
                    idle = next((w for w in self.workers.values() if w.index is None), None)
                    if idle is None and len(self.workers) < self.jobs:
                        idle = self._spawn()
                    if idle is None:
                        break
                    index, item = pending.pop()
                    idle.index, idle.item, idle.started, idle.pages, idle.result = index, item, time.monotonic(), 0, None
                    if on_start is not None:
                        on_start(index, item)
                    try:
                        _send(idle.jobs_fd, b"j", item)
                    except OSError:  # the worker died while idle: the file goes to a new one
                        idle.eof = True
                for key, _ in self.sel.select(timeout=self._wait()):
                    self._read(key.data, on_progress)
                for worker in list(self.workers.values()):
                    if worker.result is not None:
                        self._done(worker, on_result)
                    elif worker.eof:
                        self._died(worker, on_result)
                now = time.monotonic()
                for worker in [w for w in self.workers.values() if w.index is not None and now > self._deadline(w)]:
                    budget = self._deadline(worker) - worker.started
                    index, item = worker.index, worker.item
                    self._retire(worker, kill=True)
                    on_result(index, item, None, f"timeout after {budget:.0f} s")
        except BaseException:
            for worker in list(self.workers.values()):  # Ctrl-C or a defect: no worker outlives the batch
                self._retire(worker, kill=True)
            raise

    def _deadline(self, worker: _Worker) -> float:
        if self.timeout_s is None:
            return float("inf")
        return worker.started + self.timeout_s + self.per_page_s * worker.pages

    def _wait(self) -> float:
        # Wake at least twice a second: Ctrl-C is seen within half a second.
        busy = [w for w in self.workers.values() if w.index is not None]
        if not busy or self.timeout_s is None:
            return 0.5
        return max(0.0, min(min(self._deadline(w) for w in busy) - time.monotonic(), 0.5))

    def _read(self, worker: _Worker, on_progress) -> None:
        while True:
            try:
                data = os.read(worker.results_fd, 1 << 20)
            except BlockingIOError:
                break
            if not data:
                worker.eof = True
                break
            worker.buffer += data
        while len(worker.buffer) >= _HEADER.size:
            kind, size = _HEADER.unpack_from(worker.buffer)
            if len(worker.buffer) < _HEADER.size + size:
                break
            payload = pickle.loads(bytes(worker.buffer[_HEADER.size:_HEADER.size + size]))
            del worker.buffer[:_HEADER.size + size]
            if kind == b"p":
                worker.pages = max(worker.pages, payload[1])
                if on_progress is not None and worker.index is not None:
                    on_progress(worker.index, *payload)
            elif kind == b"r":
                worker.result = payload

    def _done(self, worker: _Worker, on_result) -> None:
        state, value = worker.result
        index, item = worker.index, worker.item
        worker.index, worker.item, worker.result = None, None, None
        worker.served += 1
        if state == "memory" or worker.served >= self.recycle_after:
            self._retire(worker, kill=False)
        if state == "ok":
            on_result(index, item, value, None)
        elif state == "memory":
            on_result(index, item, None, f"memory limit {_size(self.max_memory)}" if self.max_memory else "out of memory")
        else:
            on_result(index, item, None, f"internal error: {value}")

    def _died(self, worker: _Worker, on_result) -> None:
        index, item = worker.index, worker.item
        status = self._retire(worker, kill=False)
        if index is None:
            return
        if os.WIFSIGNALED(status):
            sig = os.WTERMSIG(status)
            # A C++ library that cannot allocate under RLIMIT_AS aborts (std::bad_alloc); SIGKILL
            # from outside is the kernel's OOM killer.
            if self.max_memory and sig in (signal.SIGABRT, signal.SIGKILL):
                reason = f"memory limit {_size(self.max_memory)} (worker aborted: signal {sig})"
            else:
                reason = f"worker died: signal {sig}"
        else:
            reason = f"worker died: exit status {os.WEXITSTATUS(status)}"
        on_result(index, item, None, reason)


def run_isolated(
    items: Iterable[Any], work: Callable[[Any, Callable[[int, int], None]], Any], *, jobs: int = 1,
    timeout_s: float | None = None, timeout_per_page_s: float = 0.0, max_memory: int | None = None,
    on_result: Callable[[int, Any, Any, str | None], None],
    on_progress: Callable[[int, int, int], None] | None = None,
    on_start: Callable[[int, Any], None] | None = None,
) -> None:
    """Run ``work(item, progress)`` on each item in a pool of ``jobs`` isolated workers (then closed)."""
    with IsolatedPool(work, jobs=jobs, timeout_s=timeout_s, timeout_per_page_s=timeout_per_page_s,
                      max_memory=max_memory) as pool:
        pool.run(items, on_result=on_result, on_progress=on_progress, on_start=on_start)


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
