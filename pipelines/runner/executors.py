"""Where files are read: forked worker processes on this machine, or a Dask cluster.

Both run ``job.run_job`` on each ``job.Job`` and hand every result to ``on_result`` as it arrives; the
driver writes the outputs, so the bytes written do not depend on the executor.

- local (default): ``isolation`` forks ``jobs`` workers from this process, which has built
  the language pipeline once; each reads file after file, each file under the time budget, each
  worker under the memory cap;
- Dask (``dask="local"``: a LocalCluster of ``jobs`` single-threaded worker processes started here;
  ``dask="tcp://host:8786"``: a running scheduler): each task gets the file's bytes (workers need no
  shared folder) and reads it in a forked child of the Dask worker (kept across its tasks) under the
  same budget and cap.

A Dask address that is not one, or a scheduler that does not answer within ``DASK_CONNECT_S``, is a
``DaskUnavailable`` (one line for the user). Dask's own logging is silenced (errors only) unless
``verbose``: a run prints congbao's lines, not the cluster's.
"""
from __future__ import annotations

import gc
import os
import re
from collections.abc import Callable, Sequence
from typing import Any

from .isolation import IsolatedPool, run_isolated
from .job import language_pipeline, run_job
from .sources import read_regular

# A scheduler on the network answers in well under a second; one that has not answered in this long
# is not there (Dask's own default, 30 s, kept users waiting for a typo).
DASK_CONNECT_S = 10
# What a scheduler address looks like: "tcp://host:8786", "tls://…", "inproc://…" or "host:port".
DASK_ADDRESS = re.compile(r"(?:(?:tcp|tls|inproc|ucx|ws|wss)://)?[^\s/:]+(?::[0-9]+)?/?|inproc://\S+")


class DaskUnavailable(Exception):
    """The Dask cluster asked for cannot be used: one line for the user."""


def check_dask_address(dask: str) -> None:
    """Raise ``DaskUnavailable`` unless ``dask`` is "local" or looks like a scheduler address."""
    if dask != "local" and not DASK_ADDRESS.fullmatch(dask):
        raise DaskUnavailable(f"--dask {dask!r}: not a scheduler address (tcp://HOST:PORT) nor 'local'")


def run_jobs(jobs_: Sequence[Any], on_result: Callable[[Any, dict | None, str | None], None], *, jobs: int,
             timeout_s: float, timeout_per_page_s: float, max_timeout_s: float | None, max_memory: int | None,
             progress: Any = None, dask: str | None = None, verbose: bool = False) -> None:
    if not jobs_:
        return
    if dask:
        _run_dask(jobs_, on_result, jobs=jobs, dask=dask, timeout_s=timeout_s,
                  timeout_per_page_s=timeout_per_page_s, max_timeout_s=max_timeout_s, max_memory=max_memory,
                  progress=progress, verbose=verbose)
        return
    _prepare_fork()

    def on_progress(index: int, done: int, total: int) -> None:
        if progress is not None:
            progress.on_page(index, done, total)

    def on_start(index: int, job: Any) -> None:
        if progress is not None:
            progress.start_file(job.rel)

    run_isolated(jobs_, run_job, jobs=jobs, timeout_s=timeout_s, timeout_per_page_s=timeout_per_page_s,
                 max_timeout_s=max_timeout_s, max_memory=max_memory, on_progress=on_progress, on_start=on_start,
                 on_result=lambda index, job, entry, error: on_result(job, entry, error))


_DASK_POOLS: dict[tuple, IsolatedPool] = {}


def dask_task(job: Any, timeout_s: float, timeout_per_page_s: float, max_timeout_s: float | None,
              max_memory: int | None) -> tuple[dict | None, str | None]:
    """On a Dask worker: read one file in this worker's isolated child (kept across tasks); (entry, error)."""
    key = (timeout_s, timeout_per_page_s, max_timeout_s, max_memory)
    pool = _DASK_POOLS.get(key)
    if pool is None:
        _prepare_fork()
        pool = _DASK_POOLS[key] = IsolatedPool(run_job, jobs=1, timeout_s=timeout_s,
                                               timeout_per_page_s=timeout_per_page_s, max_timeout_s=max_timeout_s,
                                               max_memory=max_memory)
    out: list[tuple[dict | None, str | None]] = []
    pool.run([job], on_result=lambda index, item, entry, error: out.append((entry, error)))
    return out[0]


def _prepare_fork() -> None:
    """Build the language pipeline and load the PDF engine here, once: forked workers share them (and
    a worker under a tight memory cap never has to map the engine's library itself)."""
    from extract.readers import pdfium  # noqa: F401  (deferred: only a run that reads PDFs needs it)

    language_pipeline()
    # Objects alive now are never collected in the children: the collector does not touch (and
    # copy) the pages they share with this process (the gc.freeze recipe for pre-fork servers).
    gc.collect()
    gc.freeze()


def _quiet_dask(verbose: bool) -> None:
    """Dask logs at INFO from every process of a cluster; errors only, unless ``verbose``. Set in the
    environment before ``distributed`` is imported, so that the worker processes it starts inherit it."""
    os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "info" if verbose else "error")


def _run_dask(jobs_: Sequence[Any], on_result, *, jobs: int, dask: str, timeout_s: float,
              timeout_per_page_s: float, max_timeout_s: float | None, max_memory: int | None, progress: Any,
              verbose: bool) -> None:
    import dataclasses
    import logging
    from pathlib import Path

    check_dask_address(dask)
    _quiet_dask(verbose)
    from distributed import Client, LocalCluster, as_completed

    if not verbose:
        logging.getLogger("distributed").setLevel(logging.ERROR)
    cluster = None
    try:
        if dask == "local":
            cluster = LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=logging.INFO if verbose else logging.ERROR)
            client = Client(cluster)
        else:
            client = Client(dask, timeout=DASK_CONNECT_S)
    except (OSError, TimeoutError, ValueError) as e:
        if cluster is not None:
            cluster.close()
        first = " ".join(str(e).split())[:200] or type(e).__name__
        if dask == "local":
            raise DaskUnavailable(f"--dask local: cannot start a local cluster: {first}") from None
        raise DaskUnavailable(f"--dask {dask}: no Dask scheduler answered there within {DASK_CONNECT_S} s "
                              f"({first})") from None
    try:
        futures = {}
        for job in jobs_:
            try:  # workers on other machines have no access to our folders: they get the bytes
                data = read_regular(Path(job.path))
            except OSError as e:
                on_result(job, None, f"cannot read the file: {e.strerror or e}")
                continue
            remote = dataclasses.replace(job, path=None, data=data, scratch=None)
            future = client.submit(dask_task, remote, timeout_s, timeout_per_page_s, max_timeout_s, max_memory,
                                   pure=False, key=f"congbao-{job.index}-{job.sha256[:16]}")
            futures[future] = job
            if progress is not None:
                progress.start_file(job.rel)
        for future in as_completed(futures):
            job = futures.pop(future)
            try:
                entry, error = future.result()
            except Exception as e:  # the worker was lost: one line for the file, the run goes on
                entry, error = None, f"dask worker failed: {type(e).__name__}: {e}"
            future.release()
            on_result(job, entry, error)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
