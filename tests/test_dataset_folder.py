"""A dataset folder a team can trust (issue 20): it grows with the archive, keeps same-name files apart,
its cache is keyed by what was read, and nothing planted under ``OUT/.congbao`` turns a run against its
owner. Every test runs ``congbao`` (or the batch runner) on real gazettes and asserts what survives."""
from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from conftest import ROOT, SAMPLES, run_cli

CAMAU, HAUGIANG = SAMPLES["congbao-camau-43"], SAMPLES["congbao-haugiang-12"]


def copy_of(src: Path, dest: Path, tag: str = "") -> Path:
    """``src`` with a comment after %%EOF: other bytes, the same records."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(src.read_bytes() + (f"\n% {tag}\n".encode() if tag else b""))
    return dest


def jsonl(out: Path, kind: str) -> list[dict]:
    return [json.loads(line) for line in (out / f"{kind}.jsonl").read_text(encoding="utf-8").splitlines()]


def manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def extract(*args: str) -> subprocess.CompletedProcess:
    done = run_cli("extract", *args, "-q")
    assert done.returncode == 0, done.stderr
    return done


def tasks_of(out: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for t in jsonl(out, "tasks"):
        counts[t["source"]["path"]] = counts.get(t["source"]["path"], 0) + 1
    return counts


@pytest.fixture(scope="module")
def alone(tmp_path_factory) -> dict[str, dict[str, int]]:
    """How many records of each kind each dev gazette gives on its own."""
    out = {}
    for name, pdf in (("camau", CAMAU), ("haugiang", HAUGIANG)):
        folder = tmp_path_factory.mktemp(name)
        extract(str(pdf), "-o", str(folder))
        out[name] = {kind: len(jsonl(folder, kind)) for kind in ("tasks", "documents", "references", "tables")}
    return out


# ---------------------------------------------------------------- identity


def test_two_gazettes_of_one_name_in_two_folders_keep_every_record_in_every_view(tmp_path, alone):
    # 2023/cb.pdf and 2024/cb.pdf: two different gazettes of one file name (the case).
    src = tmp_path / "archive"
    copy_of(CAMAU, src / "2023" / "cb.pdf")
    copy_of(HAUGIANG, src / "2024" / "cb.pdf")
    out = tmp_path / "out"
    extract(str(src), "-o", str(out))
    con = sqlite3.connect(out / "congbao.sqlite")
    for kind, key in (("tasks", "task_id"), ("documents", "document_id"), ("references", "reference_id"),
                      ("tables", "table_id")):
        n = alone["camau"][kind] + alone["haugiang"][kind]
        assert con.execute(f'SELECT count(*), count(DISTINCT {key}) FROM "{kind}"').fetchone() == (n, n), kind
        assert pq.read_table(out / f"{kind}.parquet").num_rows == n, kind
        with open(out / f"{kind}.csv", encoding="utf-8-sig", newline="") as f:
            ids = [r[key] for r in csv.DictReader(f)]
        assert len(set(ids)) == len(ids) == n, kind
        assert {i.split("/")[0] for i in ids} == {"2023", "2024"}, kind
    # The 2024 tasks point at the 2024 document, never at 2023's.
    rows = con.execute("SELECT t.source_path, d.source_path, d.number FROM tasks t JOIN documents d USING (document_id)")
    assert {(a, b) for a, b, _ in rows} == {("2023/cb.pdf", "2023/cb.pdf"), ("2024/cb.pdf", "2024/cb.pdf")}
    assert con.execute("SELECT count(*) FROM tasks WHERE document_id IS NULL").fetchone() == (0,)
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []


def test_two_folders_given_with_one_file_name_each_are_named_by_their_folder(tmp_path, alone):
    # `congbao extract 2023/ 2024/`: both files are "cb.pdf" under their own input folder.
    copy_of(CAMAU, tmp_path / "2023" / "cb.pdf")
    copy_of(HAUGIANG, tmp_path / "2024" / "cb.pdf")
    out = tmp_path / "out"
    extract(str(tmp_path / "2023"), str(tmp_path / "2024"), "-o", str(out))
    assert tasks_of(out) == {"2023/cb.pdf": alone["camau"]["tasks"], "2024/cb.pdf": alone["haugiang"]["tasks"]}


# ---------------------------------------------------------------- a dataset that grows


def test_a_run_that_adds_one_file_keeps_the_archive(tmp_path, alone):
    archive = tmp_path / "archive"
    copy_of(CAMAU, archive / "2023" / "cb-43.pdf")
    out = tmp_path / "out"
    extract(str(archive), "-o", str(out))
    before = {t["task_id"]: t for t in jsonl(out, "tasks")}
    new = copy_of(HAUGIANG, tmp_path / "inbox" / "cb-12.pdf")
    done = run_cli("extract", str(new), "-o", str(out))   # this week's issue, alone on the command line
    assert done.returncode == 0, done.stderr
    assert "the dataset holds 2 file(s)" in done.stderr
    assert tasks_of(out) == {"2023/cb-43.pdf": alone["camau"]["tasks"], "cb-12.pdf": alone["haugiang"]["tasks"]}
    after = {t["task_id"]: t for t in jsonl(out, "tasks")}
    assert all(after[k] == v for k, v in before.items())   # the archive's records, ids and all, unchanged
    files = {f["path"]: f for f in manifest(out)["files"]}
    assert files["2023/cb-43.pdf"]["source"] == str(archive / "2023" / "cb-43.pdf")
    assert files["cb-12.pdf"]["source"] == str(new)
    con = sqlite3.connect(out / "congbao.sqlite")
    assert con.execute("SELECT count(*) FROM tasks").fetchone() == (len(after),)


def test_a_changed_file_replaces_its_own_records_and_keeps_its_name(tmp_path, alone):
    archive = tmp_path / "archive"
    a = copy_of(CAMAU, archive / "a.pdf")
    copy_of(HAUGIANG, archive / "b.pdf")
    out = tmp_path / "out"
    extract(str(archive), "-o", str(out))
    copy_of(HAUGIANG, a, "a is now another gazette")    # a.pdf rewritten in place
    extract(str(a), "-o", str(out))                      # read again, by itself
    assert tasks_of(out) == {"a.pdf": alone["haugiang"]["tasks"], "b.pdf": alone["haugiang"]["tasks"]}
    sha = {f["path"]: f["sha256"] for f in manifest(out)["files"]}
    assert sha["a.pdf"] == hashlib.sha256(a.read_bytes()).hexdigest()


def test_a_file_of_a_name_the_dataset_holds_from_elsewhere_gets_its_folder_in_its_name(tmp_path, alone):
    week1, week2 = copy_of(CAMAU, tmp_path / "week1" / "cb.pdf"), copy_of(HAUGIANG, tmp_path / "week2" / "cb.pdf")
    out = tmp_path / "out"
    extract(str(week1), "-o", str(out))
    extract(str(week2), "-o", str(out))
    assert tasks_of(out) == {"cb.pdf": alone["camau"]["tasks"], "week2/cb.pdf": alone["haugiang"]["tasks"]}
    ids = [t["task_id"] for t in jsonl(out, "tasks")]
    assert len(ids) == len(set(ids))


def test_replace_rebuilds_the_dataset_from_this_runs_inputs_alone(tmp_path, alone):
    out = tmp_path / "out"
    extract(str(copy_of(CAMAU, tmp_path / "a.pdf")), "-o", str(out))
    extract(str(copy_of(HAUGIANG, tmp_path / "b.pdf")), "-o", str(out), "--replace")
    assert tasks_of(out) == {"b.pdf": alone["haugiang"]["tasks"]}
    assert [f["path"] for f in manifest(out)["files"]] == ["b.pdf"]


def test_prune_drops_the_files_whose_source_is_gone_and_only_those(tmp_path, alone):
    archive = tmp_path / "archive"
    a, b = copy_of(CAMAU, archive / "a.pdf"), copy_of(HAUGIANG, archive / "b.pdf")
    out = tmp_path / "out"
    extract(str(archive), "-o", str(out))
    b.unlink()
    extract(str(a), "-o", str(out))                   # without --prune, b's records stay
    assert set(tasks_of(out)) == {"a.pdf", "b.pdf"}
    done = run_cli("extract", str(a), "-o", str(out), "--prune")
    assert done.returncode == 0 and "b.pdf: dropped (--prune: its source is gone)" in done.stderr
    assert tasks_of(out) == {"a.pdf": alone["camau"]["tasks"]}
    cached = list((out / ".congbao" / "cache").rglob("*.json"))
    assert len(cached) == 1                           # b's cache entry went with it


def test_the_dataset_is_the_same_bytes_whatever_order_files_were_added_in(tmp_path):
    a, b = copy_of(CAMAU, tmp_path / "in" / "a.pdf"), copy_of(HAUGIANG, tmp_path / "in" / "b.pdf")
    one, two, whole = tmp_path / "one", tmp_path / "two", tmp_path / "whole"
    for first, second, out in ((a, b, one), (b, a, two)):
        extract(str(first), "-o", str(out))
        extract(str(second), "-o", str(out))
    extract(str(a), str(b), "-o", str(whole))
    names = sorted(p.name for p in whole.iterdir() if not p.name.startswith("."))
    assert "congbao.sqlite" in names and "tables.parquet" in names
    for name in names:
        assert (one / name).read_bytes() == (two / name).read_bytes() == (whole / name).read_bytes(), name


def test_a_copy_added_later_is_listed_as_a_duplicate_of_the_file_the_dataset_holds(tmp_path, alone):
    out = tmp_path / "out"
    extract(str(copy_of(CAMAU, tmp_path / "2023" / "cb.pdf")), "-o", str(out))
    extract(str(copy_of(CAMAU, tmp_path / "mirror" / "same.pdf")), "-o", str(out))
    files = {f["path"]: f for f in manifest(out)["files"]}
    assert files["same.pdf"]["duplicate_of"] == "cb.pdf"
    assert tasks_of(out) == {"cb.pdf": alone["camau"]["tasks"]}
    # The original rewritten with another gazette: the copy holds the old bytes, and is read itself.
    copy_of(HAUGIANG, tmp_path / "2023" / "cb.pdf")
    extract(str(tmp_path / "2023" / "cb.pdf"), "-o", str(out))
    assert tasks_of(out) == {"cb.pdf": alone["haugiang"]["tasks"], "same.pdf": alone["camau"]["tasks"]}
    assert [f["duplicate_of"] for f in manifest(out)["files"]] == [None, None]


def test_records_lost_from_the_cache_are_read_again_from_their_source_or_said_gone(tmp_path, alone):
    archive = tmp_path / "archive"
    a, b = copy_of(CAMAU, archive / "a.pdf"), copy_of(HAUGIANG, archive / "b.pdf")
    out = tmp_path / "out"
    extract(str(archive), "-o", str(out))
    shutil.rmtree(out / ".congbao" / "cache")          # a user cleaning up disk space
    b.unlink()
    done = run_cli("extract", str(copy_of(CAMAU, tmp_path / "c.pdf", "c")), "-o", str(out))
    assert done.returncode == 0
    assert "b.pdf: dropped: its records are missing from the cache and its source is gone" in done.stderr
    assert tasks_of(out) == {"a.pdf": alone["camau"]["tasks"], "c.pdf": alone["camau"]["tasks"]}


def test_a_dataset_written_before_sources_were_kept_is_rebuilt_with_a_line(tmp_path, alone):
    out = tmp_path / "out"
    extract(str(copy_of(CAMAU, tmp_path / "a.pdf")), "-o", str(out))
    current = out / ".congbao" / "current" / "manifest.json.cb"
    old = json.loads(current.read_text(encoding="utf-8"))
    for f in old["files"]:                              # what congbao 0.1's manifest held
        for key in ("source", "cache_key", "read_by", "tables"):
            f.pop(key, None)
    current.write_text(json.dumps(old), encoding="utf-8")
    done = run_cli("extract", str(copy_of(HAUGIANG, tmp_path / "b.pdf")), "-o", str(out))
    assert done.returncode == 0 and "written by an earlier congbao" in done.stderr
    assert tasks_of(out) == {"b.pdf": alone["haugiang"]["tasks"]}


def test_pdfs_read_from_stdin_are_added_once_each_under_names_of_their_own(tmp_path, alone):
    out = tmp_path / "out"

    def from_stdin(pdf: Path) -> None:
        done = subprocess.run([sys.executable, "-m", "pipelines", "extract", "-", "-o", str(out), "-q"], cwd=ROOT,
                              input=pdf.read_bytes(), capture_output=True, timeout=300)
        assert done.returncode == 0, done.stderr

    from_stdin(CAMAU)
    from_stdin(HAUGIANG)
    from_stdin(CAMAU)                                   # the same bytes again: nothing to add
    assert tasks_of(out) == {"stdin.pdf": alone["camau"]["tasks"], "stdin~2.pdf": alone["haugiang"]["tasks"]}
    assert [(f["path"], f["source"]) for f in manifest(out)["files"]] == [("stdin.pdf", None), ("stdin~2.pdf", None)]


# ---------------------------------------------------------------- the cache, keyed by what was read


def test_a_file_rewritten_while_the_run_reads_it_is_cached_under_the_bytes_read(tmp_path, alone):
    from pipelines.runner.batch import run_batch

    src = copy_of(CAMAU, tmp_path / "in" / "cb.pdf")
    gazette_a, gazette_b = src.read_bytes(), HAUGIANG.read_bytes()

    class RewritesOnStart:
        """A crawler: the file is rewritten after the driver hashed it, before the worker reads it."""

        def start_file(self, name):
            src.write_bytes(gazette_b)

        def on_page(self, *a): ...
        def end_file(self): ...
        def write(self, line): self.said = line

    out = tmp_path / "out"
    summary = run_batch([src], out, progress=RewritesOnStart())
    sha_b = hashlib.sha256(gazette_b).hexdigest()
    assert [f.sha256 for f in summary.files] == [sha_b]
    assert {t["source"]["sha256"] for t in jsonl(out, "tasks")} == {sha_b}
    assert len(jsonl(out, "tasks")) == alone["haugiang"]["tasks"]     # gazette B's records, named cb.pdf
    # The next run, with the file as it now is, finds B's result under B's bytes: nothing read.
    again = run_batch([src], out)
    assert again.up_to_date
    # And with A's bytes back, A is read, never served B's records.
    src.write_bytes(gazette_a)
    run_batch([src], out)
    assert len(jsonl(out, "tasks")) == alone["camau"]["tasks"]
    assert {t["source"]["sha256"] for t in jsonl(out, "tasks")} == {hashlib.sha256(gazette_a).hexdigest()}


def test_a_cache_entry_edited_into_valid_json_is_not_trusted(tmp_path, alone):
    src = copy_of(CAMAU, tmp_path / "in" / "cb.pdf")
    out = tmp_path / "out"
    extract(str(src), "-o", str(out))
    [entry] = list((out / ".congbao" / "cache").rglob("*.json"))
    header, _, payload = entry.read_bytes().partition(b"\n")
    value = json.loads(payload)
    value["tasks"] = value["tasks"][:1]                   # still valid JSON, one task left
    entry.write_bytes(header + b"\n" + json.dumps(value).encode())
    extract(str(src), "-o", str(out), "--formats", "jsonl")  # another format: the set is written again
    assert len(jsonl(out, "tasks")) == alone["camau"]["tasks"]


def test_the_cache_key_covers_pipelines_code_and_the_engines(tmp_path):
    from pipelines.runner import cache
    from pipelines.runner.engines import engine_versions

    roots = tuple(shutil.copytree(r, tmp_path / r.name) for r in cache.code_roots())
    before = cache.fingerprint(roots)
    fields = tmp_path / "pipelines" / "writers" / "fields.py"
    fields.write_text(fields.read_text(encoding="utf-8") + "\n# a change where records are assembled\n",
                      encoding="utf-8")
    assert cache.fingerprint(roots) != before
    versions = engine_versions()
    assert {"pypdfium2", "spacy", "tesseract-model"} <= set(versions)
    assert versions["pypdfium2"] != "absent" and versions["spacy"] != "absent"
    assert "tesserocr" in versions or "tesseract-program" in versions


def test_a_change_in_pipelines_code_reads_files_again(tmp_path):
    # The fingerprint of the code that ran is in the key: a copy of the code with one byte more in
    # pipelines/ gives other keys, so its run reads the file again instead of saying "up to date".
    work = tmp_path / "checkout"
    for name in ("extract", "pipelines", "congbao"):
        shutil.copytree(ROOT / name, work / name, ignore=shutil.ignore_patterns("__pycache__"))
    src = copy_of(CAMAU, tmp_path / "in" / "cb.pdf")
    out = tmp_path / "out"

    def run() -> str:
        done = subprocess.run([sys.executable, "-m", "pipelines", "extract", str(src), "-o", str(out)], cwd=work,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        return done.stderr

    run()
    assert "up to date" in run()
    job = work / "pipelines" / "runner" / "job.py"
    job.write_text(job.read_text(encoding="utf-8") + "\n# records are assembled here\n", encoding="utf-8")
    changed = run()
    assert "up to date" not in changed and "from the cache" not in changed
    assert "up to date" in run()


# ---------------------------------------------------------------- nothing followed out of OUT


def _victim(tmp_path: Path) -> Path:
    """A folder of the user's own, with files and a subfolder, that a planted link points at."""
    victim = tmp_path / "thesis"
    (victim / "chapters").mkdir(parents=True)
    (victim / "draft.txt").write_text("ba năm làm luận án", encoding="utf-8")
    (victim / "chapters" / "one.txt").write_text("chương một", encoding="utf-8")
    return victim


def _contents(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("planted", ["cache", "sets", "lock", "current", ".congbao"])
def test_a_link_planted_under_congbao_is_never_followed(tmp_path, planted):
    out = tmp_path / "out"
    extract(str(CAMAU), "-o", str(out))
    before = {name: (out / name).read_bytes() for name in ("tasks.jsonl", "manifest.json")}
    victim = _victim(tmp_path)
    kept = _contents(victim)
    target = victim / "draft.txt" if planted == "lock" else victim
    where = out / ".congbao" / planted if planted != ".congbao" else out / ".congbao"
    if planted == ".congbao":
        shutil.move(str(where), str(tmp_path / "real-state"))
    elif where.is_dir() and not where.is_symlink():
        shutil.rmtree(where)
    else:
        where.unlink()
    where.symlink_to(target)
    done = run_cli("extract", str(copy_of(HAUGIANG, tmp_path / "in" / "new.pdf")), "-o", str(out), "--force")
    assert _contents(victim) == kept                   # every file of the user's folder survives, as it was
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "not" in done.stderr and planted in done.stderr
    if planted != ".congbao":
        assert where.is_symlink()                      # the run stopped without touching it
    if planted in ("cache", "lock"):                  # the dataset in place is still there, as it was
        assert {name: (out / name).read_bytes() for name in before} == before


def test_a_link_planted_inside_the_cache_is_removed_not_followed(tmp_path):
    out = tmp_path / "out"
    src = copy_of(CAMAU, tmp_path / "in" / "cb.pdf")
    extract(str(src), "-o", str(out))
    victim = _victim(tmp_path)
    kept = _contents(victim)
    (out / ".congbao" / "cache" / "zz").symlink_to(victim)
    [entry] = list((out / ".congbao" / "cache").rglob("*.json"))
    (entry.parent / "ab-link.json").symlink_to(victim / "draft.txt")
    extract(str(copy_of(HAUGIANG, tmp_path / "in" / "other.pdf")), "-o", str(out))
    assert _contents(victim) == kept
    assert not (out / ".congbao" / "cache" / "zz").exists() and not (entry.parent / "ab-link.json").is_symlink()


def test_a_link_in_place_of_the_report_is_replaced_not_followed(tmp_path):
    out = tmp_path / "out"
    extract(str(copy_of(CAMAU, tmp_path / "in" / "cb.pdf")), "-o", str(out), "--formats", "jsonl")
    victim = _victim(tmp_path)
    kept = _contents(victim)
    (out / "report").symlink_to(victim)
    done = run_cli("report", str(out), "--dpi", "30")
    assert done.returncode == 0, done.stderr
    assert _contents(victim) == kept and (out / "report").is_dir() and not (out / "report").is_symlink()


# ---------------------------------------------------------------- the user's side


def test_version_prints_the_program_and_its_version():
    from extract import __version__

    done = run_cli("--version")
    assert done.returncode == 0 and done.stdout.strip() == f"congbao {__version__}"


def test_refs_reads_a_file_named_on_the_command_line(tmp_path):
    text = "Căn cứ Nghị định số 59/2012/NĐ-CP ngày 23/7/2021 của Chính phủ"
    path = tmp_path / "quyết định.txt"
    path.write_text(text, encoding="utf-8")
    from_file = run_cli("refs", str(path))
    from_stdin = subprocess.run([sys.executable, "-m", "pipelines", "refs"], input=text, capture_output=True, text=True,
                                cwd=ROOT, timeout=120)
    assert from_file.returncode == 0 and from_file.stdout == from_stdin.stdout
    [ref] = [json.loads(line) for line in from_file.stdout.splitlines()]
    assert text[ref["start"]:ref["end"]] == ref["raw"] and ref["key"] == "59/2012/NĐ-CP"


@pytest.mark.parametrize("what", ["missing", "folder", "device"])
def test_refs_names_a_file_it_cannot_read_in_one_line(tmp_path, what):
    path = {"missing": tmp_path / "nope.txt", "folder": tmp_path, "device": Path("/dev/zero")}[what]
    done = run_cli("refs", str(path))
    assert done.returncode == 2 and done.stderr.startswith(f"congbao: {path}: ")
    assert len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr


@pytest.mark.parametrize("flag, bom", [((), True), (("--csv-bom",), True), (("--no-csv-bom",), False)])
def test_csv_has_a_byte_order_mark_by_default(tmp_path, flag, bom):
    out = tmp_path / "out"
    extract(str(CAMAU), "-o", str(out), "--formats", "csv", *flag)
    assert (out / "tasks.csv").read_bytes().startswith(b"\xef\xbb\xbf") is bom
    assert manifest(out)["csv_bom"] is bom


def test_report_finds_the_pdfs_the_run_read_wherever_they_were(tmp_path):
    # Inputs outside raw_pdfs/, one with a name that is not UTF-8, reported from another folder.
    src = tmp_path / "gazettes"
    copy_of(CAMAU, src / "a" / "cb.pdf")
    copy_of(CAMAU, Path(os.fsdecode(bytes(src) + b"/bad-\xff-name.pdf")), "not utf-8")
    out = tmp_path / "out"
    extract(str(src), "-o", str(out), "--formats", "jsonl")
    done = subprocess.run([sys.executable, "-m", "pipelines", "report", str(out), "--dpi", "30"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=600, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    assert "congbao: report: 2/2 file(s)" in done.stderr and "skipped" not in done.stderr


def test_an_empty_report_never_replaces_a_good_one(tmp_path):
    src = copy_of(CAMAU, tmp_path / "in" / "cb.pdf")
    out = tmp_path / "out"
    extract(str(src), "-o", str(out), "--formats", "jsonl")
    assert run_cli("report", str(out), "--dpi", "30").returncode == 0
    good = (out / "report" / "index.html").read_bytes()
    src.unlink()                                           # the PDF is gone: nothing can be read again
    done = run_cli("report", str(out), "--dpi", "30")
    assert done.returncode == 1 and "left as it was" in done.stderr and "Traceback" not in done.stderr
    assert (out / "report" / "index.html").read_bytes() == good


def test_a_report_older_than_the_dataset_says_so(tmp_path):
    out = tmp_path / "out"
    extract(str(copy_of(CAMAU, tmp_path / "in" / "a.pdf")), "-o", str(out), "--formats", "jsonl")
    assert run_cli("report", str(out), "--dpi", "30").returncode == 0
    assert "earlier dataset" not in (out / "report" / "index.html").read_text(encoding="utf-8")
    unchanged = run_cli("extract", str(tmp_path / "in" / "a.pdf"), "-o", str(out), "--formats", "jsonl")
    assert "earlier dataset" not in unchanged.stderr       # nothing changed: the report is current
    added = run_cli("extract", str(copy_of(HAUGIANG, tmp_path / "in" / "b.pdf")), "-o", str(out), "--formats", "jsonl")
    assert added.returncode == 0 and f"{out / 'report'} was made from an earlier dataset" in added.stderr
    page = (out / "report" / "index.html").read_text(encoding="utf-8")
    assert page.count('id="stale-report"') == 1 and "made from an earlier dataset" in page
    assert run_cli("report", str(out), "--dpi", "30").returncode == 0
    assert "earlier dataset" not in (out / "report" / "index.html").read_text(encoding="utf-8")
