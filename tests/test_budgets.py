"""Budgets that cannot be bought, and failures said in one line (issue 20): only regular files are
opened, a file's time is earned page by page up to a ceiling, the memory cap is named only when it was
the cap, a full disk or a wrong Dask address is one line, Dask keeps quiet."""
from __future__ import annotations

import errno
import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES, run_cli
from hostile_pdf import _FONT, _stream, write_pdf

GOOD = SAMPLES["congbao-camau-43"]


def slow_pages_pdf(path: Path, pages: int, *, lines: int = 90, chars: int = 120) -> Path:
    """``pages`` pages that all draw one shared content stream of ``lines`` × ``chars`` glyphs: a few
    hundred KB that take tens of milliseconds a page to read (the issue's 476 KB of 2,999 slow pages)."""
    text = b"".join(b"BT /F1 6 Tf 20 %d Td (%s) Tj ET\n" % (820 - 9 * i, b"Ab c" * (chars // 4)) for i in range(lines))
    kids = b" ".join(b"%d 0 R" % (10 + i) for i in range(pages))
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 2: b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
               4: _stream(text, flate=True), 5: _FONT}
    for i in range(pages):
        objects[10 + i] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R "
                           b">> >> /Contents 4 0 R >>")
    return write_pdf(path, objects)


def errors(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]


def one_line(stderr: str) -> str:
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    return lines[0]


# ---------------------------------------------------------------- only regular files


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_fifo_or_a_device_named_on_the_command_line_is_one_error_line(tmp_path, kind):
    if kind == "fifo":
        special = tmp_path / "issue.pdf"
        os.mkfifo(special)                       # nobody ever writes to it: opening it to read would block
    else:
        special = Path("/dev/zero")              # never ends
    out = tmp_path / "out"
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "pipelines", "extract", str(special), str(GOOD), "-o", str(out), "-q"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert time.monotonic() - started < 60
    assert done.returncode == 1
    line = one_line(done.stderr)
    what = "a FIFO (named pipe)" if kind == "fifo" else "a character device"
    assert line == f"congbao: {special.name}: read: {what}, not a PDF file"
    assert [e["file"] for e in errors(out)] == [special.name]
    assert (out / "tasks.jsonl").read_text(encoding="utf-8")     # the good file is written


def test_a_fifo_in_an_input_folder_is_not_opened(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    os.mkfifo(src / "pipe.pdf")
    (src / "cb.pdf").write_bytes(GOOD.read_bytes())
    done = subprocess.run([sys.executable, "-m", "pipelines", "extract", str(src), "-o", str(tmp_path / "out"), "-q"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and done.stderr == ""


def test_an_unreadable_file_gets_its_line_on_stderr(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    bad = tmp_path / "locked.pdf"
    bad.write_bytes(GOOD.read_bytes())
    bad.chmod(0)
    done = run_cli("extract", str(bad), "-o", str(tmp_path / "out"), "-q")
    assert done.returncode == 1
    assert one_line(done.stderr) == "congbao: locked.pdf: read: cannot read the file: Permission denied"


# ---------------------------------------------------------------- time earned page by page


@pytest.fixture(scope="module")
def slow_pdf(tmp_path_factory) -> Path:
    path = slow_pages_pdf(tmp_path_factory.mktemp("slow") / "slow.pdf", 2000)
    assert path.stat().st_size < 500_000        # small: the pages are many, not the bytes
    return path


def test_declared_pages_buy_no_time_each_page_done_earns_its_share(tmp_path, slow_pdf):
    # A page takes tens of milliseconds here; at 0.005 s a page, the 2,000 declared pages would have
    # bought 2 + 10 s, the pages done earn a fraction of a second.
    started = time.monotonic()
    done = run_cli("extract", str(slow_pdf), "-o", str(tmp_path / "out"), "--timeout", "2", "--timeout-per-page",
                   "0.005", "--timeout-max", "600", "--no-ocr", "-q")
    elapsed = time.monotonic() - started
    assert done.returncode == 1
    [error] = errors(tmp_path / "out")
    assert error["stage"] == "worker" and error["error"].startswith("timeout after "), error
    budget = int(error["error"].removeprefix("timeout after ").removesuffix(" s"))
    assert 2 <= budget <= 4
    assert elapsed < 30


def test_no_file_takes_longer_than_the_ceiling_however_many_pages_it_finishes(tmp_path, slow_pdf):
    # 10 s a page finished would let it run all its pages; the ceiling stops it at 4 s.
    started = time.monotonic()
    done = run_cli("extract", str(slow_pdf), "-o", str(tmp_path / "out"), "--timeout", "1", "--timeout-per-page", "10",
                   "--timeout-max", "4", "--no-ocr", "-q")
    assert done.returncode == 1 and time.monotonic() - started < 30
    assert errors(tmp_path / "out")[0]["error"] == "timeout after 4 s"


def test_a_small_file_finishes_well_within_its_base_budget(tmp_path):
    done = run_cli("extract", str(GOOD), "-o", str(tmp_path / "out"), "--timeout", "60", "--timeout-per-page", "0",
                   "--timeout-max", "60", "-q")
    assert done.returncode == 0, done.stderr


# ---------------------------------------------------------------- the memory cap, named only when it was


def _kills_itself(item, progress):
    os.kill(os.getpid(), signal.SIGKILL)         # as the kernel's OOM killer or a user would


def _aborts(item, progress):
    os.abort()                                   # a C library's abort, with no word of memory


def _allocates(item, progress):
    return bytearray(8 * 2**30)                  # far over any cap set here: Python's MemoryError


def _address_space() -> int:
    with open("/proc/self/statm", "rb") as f:
        return int(f.read().split()[0]) * resource.getpagesize()


@pytest.mark.parametrize("work, said, memory", [
    (_kills_itself, "worker killed by SIGKILL from outside congbao", False),
    (_aborts, "worker died: signal 6 (SIGABRT)", False),
    (_allocates, "memory limit", True),
], ids=["sigkill", "abort", "memory-error"])
def test_the_memory_cap_is_named_only_when_it_was_the_cap(work, said, memory):
    from pipelines.runner.isolation import run_isolated

    cap = _address_space() + 512 * 2**20           # room to work, none for 8 GB
    results = []
    run_isolated([0], work, jobs=1, timeout_s=60, max_memory=cap,
                 on_result=lambda index, item, value, error: results.append(error))
    [error] = results
    assert error.startswith(said), error
    assert ("memory limit" in error) is memory


# ---------------------------------------------------------------- a full disk


def _tmpfs(folder: Path, size: str) -> bool:
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True)
    return done.returncode == 0


def test_a_full_disk_is_one_line_and_leaves_the_dataset_as_it_was(tmp_path):
    out = tmp_path / "small-disk"
    if os.geteuid() != 0 or not _tmpfs(out, "640k"):
        pytest.skip("mounting a small tmpfs needs root")
    try:
        assert run_cli("extract", str(GOOD), "-o", str(out), "-q", "--formats", "jsonl").returncode == 0
        before = {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")}
        done = run_cli("extract", str(GOOD), "-o", str(out), "-q")      # all formats: they do not fit
        assert done.returncode == 1
        line = one_line(done.stderr)
        assert line.startswith(f"congbao: cannot write the dataset in {out}: no space left on the device")
        assert line.endswith("(the dataset there is left as it was)")
        assert {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")} == before
        assert not list((out / ".congbao" / "sets").glob("*.staging"))
    finally:
        subprocess.run(["umount", str(out)], capture_output=True)


def test_a_file_size_limit_met_while_writing_is_one_line(tmp_path):
    # ulimit -f: the sample (96 KB) and its cache entry fit in 300 KB, congbao.sqlite does not.
    out = tmp_path / "out"
    limit = 300 * 1024

    def cap_file_size():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    done = subprocess.run([sys.executable, "-m", "pipelines", "extract", str(GOOD), "-o", str(out), "-q"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, preexec_fn=cap_file_size)
    assert done.returncode == 1
    line = one_line(done.stderr)
    assert line.startswith(f"congbao: cannot write the dataset in {out}: ")
    assert any(w in line for w in ("file-size limit", "o space left", "Input/output error")), line
    assert not (out / "tasks.jsonl").exists()


def test_the_disk_errors_of_sqlite_are_os_errors(tmp_path):
    import sqlite3

    from pipelines.writers.sqlite import disk_errors

    with pytest.raises(OSError) as caught, disk_errors(tmp_path / "x.sqlite"):
        raise sqlite3.OperationalError("database or disk is full")
    assert caught.value.errno == errno.ENOSPC


# ---------------------------------------------------------------- Dask


def test_a_wrong_dask_address_is_one_line_before_any_work(tmp_path):
    started = time.monotonic()
    done = run_cli("extract", str(GOOD), "-o", str(tmp_path / "out"), "--dask", "scheduler at A")
    assert done.returncode == 2 and time.monotonic() - started < 20
    assert one_line(done.stderr) == "congbao: --dask 'scheduler at A': not a scheduler address (tcp://HOST:PORT) nor 'local'"
    assert not (tmp_path / "out").exists()


def test_a_dask_scheduler_that_does_not_answer_is_one_line(tmp_path):
    pytest.importorskip("distributed")
    started = time.monotonic()
    done = run_cli("extract", str(GOOD), "-o", str(tmp_path / "out"), "--dask", "tcp://127.0.0.1:9")
    assert done.returncode == 2 and time.monotonic() - started < 60
    line = one_line(done.stderr)
    assert line.startswith("congbao: --dask tcp://127.0.0.1:9: no Dask scheduler answered there within 10 s")
    assert not (tmp_path / "out" / "tasks.jsonl").exists()


def test_dask_logs_nothing_unless_asked(tmp_path):
    pytest.importorskip("distributed")
    done = run_cli("extract", str(GOOD), "-o", str(tmp_path / "quiet"), "-q", "--dask", "local")
    assert done.returncode == 0 and done.stderr == ""
    loud = run_cli("extract", str(GOOD), "-o", str(tmp_path / "loud"), "-q", "--dask", "local", "-v")
    assert loud.returncode == 0 and "distributed" in loud.stderr
