"""PDFs read in worker processes, each file under a wall-clock budget and an address-space cap.

A hostile PDF can loop forever in a parser, allocate without bound, or crash a C library; none of that
may cost the batch. ``IsolatedPool`` forks ``jobs`` workers from a parent that has already imported
and built everything (start-up is paid once), caps each worker's address space (``RLIMIT_AS``), hands
them files one at a time over a pipe, and kills a worker that runs past its file's budget. A worker
lives for many files (its lazily built caches stay warm: a fresh fork per file was 3× slower) and is
replaced when it is killed, when it reports a memory error, or after ``recycle_after`` files.

A file's budget is earned, not declared: ``timeout_s`` to start with, plus ``timeout_per_page_s`` for
each page the worker reports done, never more than ``max_timeout_s`` in all. A PDF that declares
3,000 slow pages gets the time of the pages it actually finishes, not 3,000 pages' worth.

A worker's stderr (what C libraries print) goes into a pipe the parent reads and keeps the end of:
it is not shown, but it is the evidence of how a worker died ("std::bad_alloc" under the memory cap).

After ``IsolatedPool.run(items, …)``:
- every item has exactly one result, in ``on_result``, as the worker returned it or as an error line
  ("timeout after 120 s", "memory limit 4 GB", "worker died: signal 11 (SIGSEGV)");
- the memory cap is named only with evidence that it was the cap (a ``MemoryError``, a library that
  could not allocate); a worker killed by a signal from outside (``SIGKILL``: the kernel's OOM killer,
  a user) is said to be killed, with the signal's name;
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
# The end of a worker's stderr kept as evidence of how it died (a C++ abort message is one line).
STDERR_TAIL_BYTES = 4096
# A worker whose address space came within this share of the cap before it aborted was stopped by the
# cap: pdfium aborts without a word when an allocation fails (the hostile flate bomb's worker was at
# 2,085,292 of 2,097,152 kB when it died of SIGABRT), and a worker's own libraries take ~1.2 GB.
NEAR_CAP = 0.9
# How often a busy worker's address space is read (/proc/PID/statm) while a cap is set: that flate bomb
# grew ~360 MB/s, so the last reading is within ~40 MB of where it died.
SAMPLE_S = 0.1
# What a library says when the address-space cap refuses it memory (libstdc++'s uncaught
# std::bad_alloc, strerror(ENOMEM), glibc's dlopen: "libpdfium.so: failed to map segment from shared
# object", Tesseract/leptonica's allocators), lower case.
MEMORY_WORDS = ("std::bad_alloc", "cannot allocate memory", "out of memory", "failed to map segment",
                "memory exhausted")


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


def _worker_main(jobs_fd: int, results_fd: int, stderr_fd: int, work: Callable, max_memory: int | None) -> None:
    """In the worker: cap memory, then read jobs and send results until the parent closes the pipe."""
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what Ctrl-C stops
        os.dup2(stderr_fd, 2)
        os.close(stderr_fd)
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
    stderr_fd: int
    served: int = 0
    index: int | None = None   # the job under way
    item: Any = None
    started: float = 0.0
    pages: int = 0             # pages of the job under way done so far
    peak_as: int = 0           # the largest address space seen during the job under way (bytes)
    buffer: bytearray = field(default_factory=bytearray)
    stderr: bytearray = field(default_factory=bytearray)  # the end of what it printed
    stderr_open: bool = True
    result: Any = None
    eof: bool = False


class IsolatedPool:
    """``jobs`` forked workers running ``work(item, progress)``; see the module docstring."""

    def __init__(self, work: Callable[[Any, Callable[[int, int], None]], Any], *, jobs: int = 1,
                 timeout_s: float | None = None, timeout_per_page_s: float = 0.0, max_timeout_s: float | None = None,
                 max_memory: int | None = None, recycle_after: int = 500) -> None:
        self.work, self.jobs = work, max(1, jobs)
        self.timeout_s, self.per_page_s, self.max_memory = timeout_s, timeout_per_page_s, max_memory
        self.max_timeout_s = max_timeout_s
        self.recycle_after = recycle_after
        self.sel = selectors.DefaultSelector()
        self.workers: dict[int, _Worker] = {}  # results fd → worker

    # ------------------------------------------------------------- workers

    def _spawn(self) -> _Worker:
        jobs_r, jobs_w = os.pipe()
        res_r, res_w = os.pipe()
        err_r, err_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker
            os.close(jobs_w)
            os.close(res_r)
            os.close(err_r)
            for w in self.workers.values():  # the other workers' pipes are not ours
                for fd in (w.jobs_fd, w.results_fd, w.stderr_fd):
                    try:
                        os.close(fd)
                    except OSError:
                        pass
            _worker_main(jobs_r, res_w, err_w, self.work, self.max_memory)
        os.close(jobs_r)
        os.close(res_w)
        os.close(err_w)
        os.set_blocking(res_r, False)
        os.set_blocking(err_r, False)
        worker = _Worker(pid=pid, jobs_fd=jobs_w, results_fd=res_r, stderr_fd=err_r)
        self.workers[res_r] = worker
        self.sel.register(res_r, selectors.EVENT_READ, worker)
        self.sel.register(err_r, selectors.EVENT_READ, worker)
        return worker

    def _retire(self, worker: _Worker, *, kill: bool) -> int:
        """Stop ``worker``; its exit status (its stderr read to the end first)."""
        self.sel.unregister(worker.results_fd)
        if worker.stderr_open:
            self.sel.unregister(worker.stderr_fd)
            worker.stderr_open = False
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
        self._read_stderr(worker)
        os.close(worker.stderr_fd)
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
                    idle.peak_as = 0
                    if on_start is not None:
                        on_start(index, item)
                    try:
                        _send(idle.jobs_fd, b"j", item)
                    except OSError:  # the worker died while idle: the file goes to a new one
                        idle.eof = True
                for key, _ in self.sel.select(timeout=self._wait()):
                    if key.fd == key.data.stderr_fd:
                        self._read_stderr(key.data)
                    else:
                        self._read(key.data, on_progress)
                if self.max_memory:
                    for worker in self.workers.values():
                        if worker.index is not None and not worker.eof:
                            worker.peak_as = max(worker.peak_as, _address_space(worker.pid))
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
        """When ``worker``'s file runs out of time: the base budget plus the pages done so far, within
        the ceiling."""
        if self.timeout_s is None:
            return float("inf")
        budget = self.timeout_s + self.per_page_s * worker.pages
        if self.max_timeout_s is not None:
            budget = min(budget, max(self.max_timeout_s, self.timeout_s))
        return worker.started + budget

    def _wait(self) -> float:
        # Wake at least twice a second: Ctrl-C is seen within half a second; ten times while a worker
        # is busy under a cap, to watch its address space.
        busy = [w for w in self.workers.values() if w.index is not None]
        most = SAMPLE_S if busy and self.max_memory else 0.5
        if not busy or self.timeout_s is None:
            return most
        return max(0.0, min(min(self._deadline(w) for w in busy) - time.monotonic(), most))

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
                worker.pages = max(worker.pages, payload[0])  # pages done: the budget is earned
                if on_progress is not None and worker.index is not None:
                    on_progress(worker.index, *payload)
            elif kind == b"r":
                worker.result = payload

    def _read_stderr(self, worker: _Worker) -> None:
        while True:
            try:
                data = os.read(worker.stderr_fd, 1 << 16)
            except OSError:   # nothing more for now (EAGAIN), or the descriptor is gone
                break
            if not data:      # the worker's end is closed: nothing more will come
                if worker.stderr_open:
                    worker.stderr_open = False
                    self.sel.unregister(worker.stderr_fd)
                break
            worker.stderr += data
            del worker.stderr[:-STDERR_TAIL_BYTES]

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
        near_cap = bool(self.max_memory) and worker.peak_as >= NEAR_CAP * self.max_memory
        on_result(index, item, None, death_reason(status, bytes(worker.stderr), self.max_memory, near_cap=near_cap))


def _address_space(pid: int) -> int:
    """The address space of process ``pid`` now, in bytes (0 when it cannot be read)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


def _signal_name(sig: int) -> str:
    try:
        return signal.Signals(sig).name
    except ValueError:
        return f"signal {sig}"


def _last_line(stderr: bytes) -> str:
    lines = [ln.strip() for ln in stderr.decode("utf-8", "replace").splitlines() if ln.strip()]
    return " ".join(lines[-1].split())[:160] if lines else ""


def death_reason(status: int, stderr: bytes, max_memory: int | None, *, near_cap: bool = False) -> str:
    """The one line for a worker that died while reading a file, from its wait status, the end of its
    stderr and whether its address space had come near the cap (``near_cap``): the memory cap only
    with such evidence."""
    said = stderr.decode("utf-8", "replace").lower()
    out_of_memory = near_cap or any(w in said for w in MEMORY_WORDS)
    last = _last_line(stderr)
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        name = _signal_name(sig)
        if out_of_memory and sig != signal.SIGKILL:
            cap = f"memory limit {_size(max_memory)}" if max_memory else "out of memory"
            return f"{cap} (worker aborted: {name}: {last})" if last else f"{cap} (worker aborted: {name})"
        if sig == signal.SIGKILL:
            # Not congbao (its own kills are timeouts, said as such): the kernel's OOM killer or a user.
            return f"worker killed by {name} from outside congbao (the system's out-of-memory killer, or a user)"
        return f"worker died: signal {sig} ({name})" + (f": {last}" if last else "")
    code = os.WEXITSTATUS(status)
    if out_of_memory:
        return f"memory limit {_size(max_memory)} (worker exited: {last})" if max_memory else f"out of memory ({last})"
    return f"worker died: exit status {code}" + (f": {last}" if last else "")


def run_isolated(
    items: Iterable[Any], work: Callable[[Any, Callable[[int, int], None]], Any], *, jobs: int = 1,
    timeout_s: float | None = None, timeout_per_page_s: float = 0.0, max_timeout_s: float | None = None,
    max_memory: int | None = None,
    on_result: Callable[[int, Any, Any, str | None], None],
    on_progress: Callable[[int, int, int], None] | None = None,
    on_start: Callable[[int, Any], None] | None = None,
) -> None:
    """Run ``work(item, progress)`` on each item in a pool of ``jobs`` isolated workers (then closed)."""
    with IsolatedPool(work, jobs=jobs, timeout_s=timeout_s, timeout_per_page_s=timeout_per_page_s,
                      max_timeout_s=max_timeout_s, max_memory=max_memory) as pool:
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
