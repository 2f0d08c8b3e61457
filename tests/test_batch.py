"""Batch runs (issue 9): hostile files cost one error line each, a run is one transaction (killed at
any moment, the folder holds the older set or the new one), unchanged files come from the cache,
the same bytes are read once, names are safe, usage errors stop before any work, and the Dask
executor writes the same bytes as the local one."""
from __future__ import annotations

import fcntl
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import hostile_pdf
from conftest import ROOT, SAMPLES, run_cli

GOOD = SAMPLES["congbao-camau-43"]


@pytest.fixture(scope="module")
def n_good(tmp_path_factory) -> int:
    """How many tasks GOOD gives (the library decides; these tests count files and copies of it)."""
    out = tmp_path_factory.mktemp("good")
    assert run_cli("extract", str(GOOD), "-o", str(out), "-q").returncode == 0
    return len(records(out))


def copy_of(src: Path, dest: Path, tag: str = "") -> Path:
    """``src`` with a comment after %%EOF: other bytes, the same records."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(src.read_bytes() + (f"\n% {tag}\n".encode() if tag else b""))
    return dest


def records(out: Path, kind: str = "tasks") -> list[dict]:
    return [json.loads(line) for line in (out / f"{kind}.jsonl").read_text(encoding="utf-8").splitlines()]


def output_bytes(out: Path) -> dict[str, bytes]:
    """Every file of the set, through the links the user sees."""
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if not p.name.startswith(".")}


def popen(*args: str, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pipelines", *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kw)


# ---------------------------------------------------------------- hostile input


def test_hostile_pdfs_cost_one_error_line_each_and_every_good_file_is_written(tmp_path, n_good):
    src = tmp_path / "in"
    src.mkdir()
    for where in ("contents", "length", "kids", "mediabox"):
        hostile_pdf.cycle_pdf(src / f"cycle-{where}.pdf", where)
    hostile_pdf.huge_image_pdf(src / "huge-image.pdf")
    hostile_pdf.operator_bomb_pdf(src / "operator-bomb.pdf")
    hostile_pdf.flate_bomb_pdf(src / "flate-bomb.pdf")
    copy_of(GOOD, src / "good.pdf")
    copy_of(GOOD, src / "new\nline.pdf", "newline")
    copy_of(GOOD, Path(os.fsdecode(bytes(src) + b"/bad-\xff-name.pdf")), "not utf-8")
    out = tmp_path / "out"
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.monotonic()
    done = run_cli("extract", str(src), "-o", str(out), "--timeout", "60", "--timeout-per-page", "5",
                   "--max-memory", "2G")
    elapsed = time.monotonic() - started
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    err_lines = [ln for ln in done.stderr.splitlines() if ln.startswith("congbao: ") and "PDF(s) processed" not in ln]
    errors = {e["file"]: e for e in records(out, "errors")}
    # One line per failed file, naming it and the stage, and nothing else.
    assert len(err_lines) == len(errors) and all(any(f"congbao: {f}: " in ln for ln in err_lines) for f in errors)
    assert errors["flate-bomb.pdf"]["error"].startswith("memory limit 2 GB")
    assert errors["operator-bomb.pdf"]["stage"] == "read" and "objects" in errors["operator-bomb.pdf"]["error"]
    assert {"cycle-contents.pdf", "cycle-kids.pdf", "huge-image.pdf"} <= set(errors)
    assert all(e["sha256"] and len(e["sha256"]) == 64 for e in errors.values())
    manifest = json.loads((out / "manifest.json").read_text())
    assert all(f["sha256"] for f in manifest["files"])  # failed files too
    by_file: dict[str, int] = {}
    for t in records(out):
        by_file[t["source"]["file"]] = by_file.get(t["source"]["file"], 0) + 1
    assert by_file == {"good.pdf": n_good, "new\\x0aline.pdf": n_good, "bad-\\xff-name.pdf": n_good}
    # The pages of the two cycles pdfium can read are documents with a warning, not garbage.
    for d in records(out, "documents"):
        if d["source"]["file"].startswith("cycle-"):
            assert d["warnings"]
    assert elapsed < 120
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert max(peak_kb, before) < 2.2 * 2**20  # KB: the cap (2 GB) held


# ---------------------------------------------------------------- usage


def test_out_naming_a_file_is_a_usage_error_before_any_work(tmp_path):
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    for out in (a_file, a_file / "sub"):
        done = run_cli("extract", str(GOOD), "-o", str(out))
        assert done.returncode == 2 and "is a file, not a folder" in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


def test_out_that_cannot_be_created_is_a_usage_error(tmp_path):
    done = run_cli("extract", str(GOOD), "-o", "/proc/congbao-out")
    assert done.returncode == 2 and "--out" in done.stderr and "Traceback" not in done.stderr


def test_a_second_run_into_a_held_folder_is_refused(tmp_path):
    out = tmp_path / "out"
    (out / ".congbao").mkdir(parents=True)
    fd = os.open(out / ".congbao" / "lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        done = run_cli("extract", str(GOOD), "-o", str(out))
    finally:
        os.close(fd)
    assert done.returncode == 2 and "another congbao run is writing" in done.stderr
    assert not (out / "tasks.jsonl").exists()


# ---------------------------------------------------------------- the transaction


def consistent(out: Path) -> tuple[str, ...]:
    """The set in ``out`` agrees with itself; its inputs' names."""
    manifest = json.loads((out / "manifest.json").read_text())
    tasks = records(out)
    per_file = {f["path"]: f["tasks"] for f in manifest["files"]}
    counted: dict[str, int] = {}
    for t in tasks:
        counted[t["source"]["path"]] = counted.get(t["source"]["path"], 0) + 1
    assert {k: v for k, v in per_file.items() if v} == counted
    import sqlite3

    con = sqlite3.connect(f"file:{out / 'congbao.sqlite'}?mode=ro", uri=True)
    assert con.execute("select count(*) from tasks").fetchone()[0] == len(tasks)
    con.close()
    return tuple(sorted(per_file))


def test_a_run_killed_at_any_moment_leaves_the_older_set_or_the_new_one(tmp_path):
    src = tmp_path / "in"
    for i in range(3):
        copy_of(GOOD, src / f"cb-{i}.pdf", str(i))
    out = tmp_path / "out"
    assert run_cli("extract", str(src / "cb-0.pdf"), "-o", str(out), "-q").returncode == 0
    old = consistent(out)
    started = time.monotonic()
    clean = tmp_path / "clean"
    assert run_cli("extract", str(src), "-o", str(clean), "-q").returncode == 0
    full = time.monotonic() - started
    new = consistent(clean)
    seen = set()
    for fraction in (0.15, 0.35, 0.55, 0.7, 0.8, 0.88, 0.94, 0.98):
        shutil.rmtree(out / ".congbao" / "cache", ignore_errors=True)
        proc = popen("extract", str(src), "-o", str(out), "-q")
        time.sleep(full * fraction)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        state = consistent(out)
        assert state in (old, new)
        seen.add(state)
    assert run_cli("extract", str(src), "-o", str(out), "-q").returncode == 0
    assert output_bytes(out) == output_bytes(clean)
    sets = list((out / ".congbao" / "sets").iterdir())
    assert len(sets) == 1 and not sets[0].name.endswith(".staging")
    leftovers = [p for p in out.rglob("*") if p.name.endswith((".tmp", ".link", ".staging")) or ".staging" in str(p)]
    assert leftovers == []


def test_ctrl_c_stops_within_a_second_and_leaves_the_outputs_as_they_were(tmp_path):
    src = tmp_path / "in"
    for i in range(12):
        copy_of(GOOD, src / f"cb-{i:02d}.pdf", str(i))
    out = tmp_path / "out"
    assert run_cli("extract", str(src / "cb-00.pdf"), "-o", str(out), "-q").returncode == 0
    before = output_bytes(out)
    cache = out / ".congbao" / "cache"
    cached = lambda: len(list(cache.rglob("*.json")))  # noqa: E731
    # As from a terminal: Ctrl-C at its default action. A test run started in the background of a
    # non-interactive shell inherits SIGINT ignored, and Python then leaves it ignored (as it should).
    proc = popen("extract", str(src), "-o", str(out), "--force",
                 preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 120
    while cached() < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)  # two new files read: start-up done, the run under way with ten to go
    assert proc.poll() is None
    proc.send_signal(signal.SIGINT)
    t = time.monotonic()
    proc.wait(timeout=30)
    assert time.monotonic() - t < 1.5  # within a second, and a half for a loaded machine
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 130 and "interrupted" in stderr and "Traceback" not in stderr
    assert output_bytes(out) == before


def test_a_format_left_out_of_a_run_is_not_left_stale(tmp_path):
    out = tmp_path / "out"
    assert run_cli("extract", str(GOOD), "-o", str(out), "-q").returncode == 0
    assert (out / "tasks.csv").exists() and (out / "congbao.sqlite").exists()
    assert run_cli("extract", str(GOOD), "-o", str(out), "-q", "--formats", "jsonl").returncode == 0
    assert not (out / "tasks.csv").exists() and not (out / "congbao.sqlite").exists()
    assert json.loads((out / "manifest.json").read_text())["formats"] == ["jsonl"]


@pytest.mark.parametrize("umask,mode", [(0o022, 0o644), (0o077, 0o600)])
def test_output_files_follow_the_umask(tmp_path, umask, mode):
    out = tmp_path / "out"
    old = os.umask(umask)
    try:
        assert run_cli("extract", str(GOOD), "-o", str(out), "-q").returncode == 0
    finally:
        os.umask(old)
    for name in ("tasks.jsonl", "manifest.json", "tasks.csv", "congbao.sqlite", "tasks.parquet"):
        assert (out / name).stat().st_mode & 0o777 == mode, name


# ---------------------------------------------------------------- cache and identity


def test_an_unchanged_rerun_reads_nothing_and_a_changed_file_alone_is_read_again(tmp_path):
    src = tmp_path / "in"
    a, b = copy_of(GOOD, src / "a.pdf", "a"), copy_of(GOOD, src / "b.pdf", "b")
    out = tmp_path / "out"
    first = run_cli("extract", str(src), "-o", str(out))
    assert first.returncode == 0
    set_before = os.readlink(out / ".congbao" / "current")
    again = run_cli("extract", str(src), "-o", str(out))
    assert again.returncode == 0 and "up to date" in again.stderr
    assert os.readlink(out / ".congbao" / "current") == set_before  # nothing rewritten
    copy_of(GOOD, b, "b changed")
    third = run_cli("extract", str(src), "-o", str(out))
    assert "1 unchanged file(s) from the cache" in third.stderr
    forced = run_cli("extract", str(src), "-o", str(out), "--force")
    assert "from the cache" not in forced.stderr and "up to date" not in forced.stderr
    assert output_bytes(out).keys() == output_bytes(out).keys()
    assert [f["sha256"] for f in json.loads((out / "manifest.json").read_text())["files"]] == [
        __import__("hashlib").sha256(p.read_bytes()).hexdigest() for p in (a, b)]


def test_the_same_bytes_reached_twice_are_read_once(tmp_path, n_good):
    src = tmp_path / "in"
    copy_of(GOOD, src / "2023" / "cb.pdf")
    copy_of(GOOD, src / "2024" / "copy.pdf")
    out = tmp_path / "out"
    done = run_cli("extract", str(src), str(src / "2023" / "cb.pdf"), "-o", str(out), "-q")
    assert done.returncode == 0, done.stderr
    files = json.loads((out / "manifest.json").read_text())["files"]
    assert [(f["path"], f["duplicate_of"]) for f in files] == [("2023/cb.pdf", None), ("2024/copy.pdf", "2023/cb.pdf")]
    assert len(records(out)) == n_good


def test_two_files_with_one_name_get_distinct_task_ids(tmp_path, n_good):
    src = tmp_path / "in"
    copy_of(GOOD, src / "2023" / "cb.pdf", "2023")
    copy_of(GOOD, src / "2024" / "cb.pdf", "2024")
    out = tmp_path / "out"
    assert run_cli("extract", str(src), "-o", str(out), "-q").returncode == 0
    tasks = records(out)
    ids = [t["task_id"] for t in tasks]
    assert len(tasks) == 2 * n_good and len(set(ids)) == 2 * n_good
    assert {t["source"]["path"] for t in tasks} == {"2023/cb.pdf", "2024/cb.pdf"}
    assert {t["source"]["file"] for t in tasks} == {"cb.pdf"}
    assert all(i.startswith(("2023/cb/", "2024/cb/")) for i in ids)


def test_nfd_file_names_are_written_nfc(tmp_path):
    import unicodedata

    name = unicodedata.normalize("NFD", "công-báo-cà-mau.pdf")
    copy_of(GOOD, tmp_path / "in" / name)
    out = tmp_path / "out"
    assert run_cli("extract", str(tmp_path / "in"), "-o", str(out), "-q").returncode == 0
    assert {t["source"]["file"] for t in records(out)} == {"công-báo-cà-mau.pdf"}


def test_a_pdf_on_stdin_is_read(tmp_path, n_good):
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "pipelines", "extract", "-", "-o", str(out), "-q"], cwd=ROOT,
                          input=GOOD.read_bytes(), capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert {t["source"]["file"] for t in records(out)} == {"stdin.pdf"} and len(records(out)) == n_good


# ---------------------------------------------------------------- executors


def test_dask_local_cluster_writes_the_same_bytes_as_the_local_run(tmp_path):
    pytest.importorskip("distributed")
    src = tmp_path / "in"
    copy_of(GOOD, src / "a.pdf", "a")
    copy_of(SAMPLES["congbao-haugiang-12"], src / "sub" / "b.pdf", "b")
    local, dask = tmp_path / "local", tmp_path / "dask"
    assert run_cli("extract", str(src), "-o", str(local), "-q", "--jobs", "2").returncode == 0
    done = run_cli("extract", str(src), "-o", str(dask), "-q", "--jobs", "2", "--dask", "local")
    assert done.returncode == 0, done.stderr
    assert output_bytes(dask) == output_bytes(local)
    assert len(records(dask)) > 70


def test_two_runs_of_one_process_in_one_second_keep_both_sets_apart(tmp_path):
    # A set is named by the time to the second and the pid: the Python API called twice in a second
    # gives both runs one name, and the second must not take the first's folder (it did: ENOTEMPTY).
    from pipelines.runner.staging import OutputSet

    out = tmp_path / "out"
    out.mkdir()
    names = []
    for content in (b"first", b"second"):
        with OutputSet(out) as s:
            s.path("manifest.json").write_bytes(content)
            s.commit()
            names.append(s.run)
    if names[0].split("-")[0] == names[1].split("-")[0]:  # the same second, as is usual here
        assert names[1] == f"{names[0]}-2"
    assert (out / "manifest.json").read_bytes() == b"second"
