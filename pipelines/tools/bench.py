"""Benchmark: congbao's speed and memory next to the tools users would otherwise pick, in one run.

    python -m pipelines.tools.bench [--copies 40] [--scans DIR] [--no-refs]
    python -m pipelines.tools.bench --refs-only [--refs-sizes 100000,1000000,5000000]

Sections (all CPU time of the process and its children, measured with getrusage; wall time beside):
- throughput: ``congbao extract --jobs 1`` as a user runs it, then the same run again on the
  unchanged folder (results from the cache) (start-up included, amortised over the
  copies: 40 copies of each text-layer dev gazette are 1,000 pages), next to ``pdftotext -layout``,
  pdfplumber's ``extract_tables`` and camelot's lattice reader (when the optional ``bench`` extra is
  installed) on the same files; pages per CPU-second and the ratio to pdftotext;
- OCR: the same command on the dev scans, CPU-seconds per page (Tesseract included);
- memory: peak RSS of one file and of 100 files;
- references: ``congbao refs --agencies --deadlines`` on 100 KB, 1 MB and 5 MB of legal-like text,
  characters per second (linear time: the figures stay within a small factor of each other).
Copies differ by a trailing comment after ``%%EOF`` (the same bytes would be read once).
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from extract.read import open_source

ROOT = Path(__file__).resolve().parents[2]  # the checkout: pipelines/tools/bench.py
TEXT_GAZETTES = (ROOT / "raw_pdfs" / "congbao-camau-43.pdf", ROOT / "tests" / "data" / "congbao-haugiang-12.pdf")
SHARED_DEV = ROOT.parent / "shared" / "corpus" / "dev"


def dev_scan(stem: str) -> Path:
    """A dev scan's PDF: in tests/data, or (over the repository's 5 MB file limit) in the shared corpus
    beside the checkout."""
    here = ROOT / "tests" / "data" / f"{stem}.pdf"
    return here if here.exists() else SHARED_DEV / f"{stem}.pdf"


SCANS = tuple(map(dev_scan, ("congbao-haugiang-12-scan", "congbao-camau-43-scan", "congbao-camau-43-scan-rough")))


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _run(cmd: list[str], **kw) -> tuple[float, float, float]:
    """(CPU s of the command and its children, wall s, peak RSS MB of the largest process) of one run."""
    before = _children_cpu()
    t = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, **kw)
    wall = time.perf_counter() - t
    if done.returncode not in (0, 1):
        raise SystemExit(f"bench: {' '.join(cmd[:3])} … failed: {done.stderr.strip()[-300:]}")
    return _children_cpu() - before, wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _copies(files, n: int, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for f in files:
        data = f.read_bytes()
        for i in range(n):
            p = folder / f"{f.stem}-{i:03d}.pdf"
            p.write_bytes(data + f"\n%congbao-bench copy {i}\n".encode())
            out.append(p)
    return out


def _pages(files) -> int:
    total = 0
    for f in files:
        with open_source(Path(f)) as pdf:
            total += pdf.page_count
    return total


_PLUMBER = """import sys, pdfplumber
for f in sys.argv[1:]:
    with pdfplumber.open(f) as pdf:
        for page in pdf.pages:
            page.extract_tables()
            page.close()
"""
_CAMELOT = """import sys, camelot
for f in sys.argv[1:]:
    camelot.read_pdf(f, pages="all", flavor="lattice")
"""


def _has(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def bench_throughput(copies: int, tmp: Path) -> None:
    files = _copies(TEXT_GAZETTES, copies, tmp / "text")
    pages = _pages(files)
    congbao = [sys.executable, "-m", "pipelines", "extract", str(tmp / "text"), "--out", str(tmp / "out"),
               "--jobs", "1", "--quiet"]
    rows = [("congbao extract --jobs 1", *_run(congbao, cwd=ROOT))]
    rerun = _run(congbao, cwd=ROOT)  # the same folder again: every file unchanged
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        before, t = _children_cpu(), time.perf_counter()
        for f in files:
            subprocess.run([pdftotext, "-layout", str(f), "-"], stdout=subprocess.DEVNULL, check=True)
        rows.append(("pdftotext -layout", _children_cpu() - before, time.perf_counter() - t, 0.0))
    else:
        print("bench: pdftotext not found (Debian package poppler-utils); run 'make bench-deps'", file=sys.stderr)
    rows.append(("pdfplumber extract_tables", *_run([sys.executable, "-c", _PLUMBER, *map(str, files)])))
    if _has("camelot"):
        rows.append(("camelot lattice", *_run([sys.executable, "-c", _CAMELOT, *map(str, files)])))
    print(f"throughput: {len(files)} PDFs ({copies} copies of each text-layer dev gazette), {pages} pages")
    print(f"  {'tool':28s} {'CPU s':>8s} {'wall s':>8s} {'pages/CPU-s':>12s} {'× pdftotext':>12s}")
    base = next((cpu for name, cpu, _, _ in rows if name.startswith("pdftotext")), None)
    for name, cpu, wall, _ in rows:
        ratio = f"{cpu / base:11.1f}×" if base else f"{'-':>12s}"
        print(f"  {name:28s} {cpu:8.2f} {wall:8.2f} {pages / cpu:12.1f} {ratio}")
    if not _has("camelot"):
        print("  camelot lattice: not installed (pip install -e '.[bench]' to compare)")
    first = rows[0]
    print(f"unchanged rerun of congbao extract: {rerun[0]:.2f} CPU s, {rerun[1]:.2f} wall s "
          f"({first[2] / rerun[1]:.0f}× faster than the first run in wall time, {first[1] / rerun[0]:.0f}× in CPU)")


def bench_ocr(scans) -> None:
    scans = [s for s in scans if s.exists()]
    if not scans:
        return
    with tempfile.TemporaryDirectory(prefix="congbao-bench-") as tmp:
        cmd = [sys.executable, "-m", "pipelines", "extract", *map(str, scans), "--out", tmp, "--jobs", "1", "--quiet"]
        cpu, wall, _ = _run(cmd, cwd=ROOT)
    pages = _pages(scans)
    print(f"OCR: {len(scans)} dev scans, {pages} pages, congbao extract --jobs 1 (start-up included)")
    print(f"  CPU-seconds per page (Tesseract included): {cpu / pages:.2f}  (wall {wall:.1f} s)")


# Pages of the sample gazette scanned at two resolutions for the OCR-cost line.
RESOLUTION_PAGES = 6
RESOLUTIONS = (200, 300)


def _image_pdf(src: Path, dst: Path, dpi: int, pages: int) -> Path:
    """An image-only "scan" of the first ``pages`` pages of ``src`` at ``dpi`` (grey, JPEG)."""
    with open_source(src) as pdf:
        images = [pdf.render(i, dpi=dpi, colour=False) for i in range(min(pages, pdf.page_count))]
    images[0].save(dst, "PDF", save_all=True, append_images=images[1:], resolution=float(dpi), quality=85)
    return dst


def bench_ocr_resolution(tmp: Path) -> None:
    """OCR CPU-seconds per page of the same pages scanned at 200 and at 300 dpi, Tesseract warmed up."""
    from extract.read import read_issue
    from extract.scan.tesseract import ocr_status

    if ocr_status() is not None:
        print(f"OCR by resolution: skipped ({ocr_status()})")
        return
    scans = {dpi: _image_pdf(TEXT_GAZETTES[0], tmp / f"scan-{dpi}.pdf", dpi, RESOLUTION_PAGES) for dpi in RESOLUTIONS}
    read_issue(_image_pdf(TEXT_GAZETTES[0], tmp / "warm.pdf", RESOLUTIONS[0], 1), ocr_workers=1)  # engine, lexicon
    cost = {}
    for dpi, scan in scans.items():
        start = time.process_time()
        issue = read_issue(scan, ocr_workers=1)
        cost[dpi] = (time.process_time() - start) / len(issue.pages)
    low, high = RESOLUTIONS
    print(f"OCR by resolution: the first {RESOLUTION_PAGES} pages of {TEXT_GAZETTES[0].name} scanned at {low} and "
          f"{high} dpi, read in this process")
    print(f"  CPU-seconds per page: {low} dpi {cost[low]:.2f}, {high} dpi {cost[high]:.2f} "
          f"({cost[high] / cost[low]:.2f}×)")


def bench_memory(tmp: Path) -> None:
    one = [sys.executable, "-m", "pipelines", "extract", str(TEXT_GAZETTES[0]), "--out", str(tmp / "m1"),
           "--jobs", "1", "--quiet"]
    files = _copies(TEXT_GAZETTES[:1], 100, tmp / "hundred")
    many = [sys.executable, "-m", "pipelines", "extract", str(tmp / "hundred"), "--out", str(tmp / "m100"),
            "--jobs", "1", "--quiet"]
    # getrusage keeps the largest child so far: measure each in a fresh interpreter
    peak = []
    for cmd in (one, many):
        probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); "
                 "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
        out = subprocess.run([sys.executable, "-c", probe, *cmd], capture_output=True, text=True, cwd=ROOT)
        peak.append(int(out.stdout.strip().splitlines()[-1]) / 1024)
    print(f"memory: peak RSS 1 file {peak[0]:.0f} MB, 100 files ({len(files)} × {TEXT_GAZETTES[0].name}) "
          f"{peak[1]:.0f} MB, difference {peak[1] - peak[0]:+.0f} MB")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipelines.tools.bench", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--copies", type=int, default=40, help="copies of each text-layer dev gazette (default 40)")
    ap.add_argument("--refs-only", action="store_true", help="only the references-scaling section")
    ap.add_argument("--no-refs", action="store_true", help="skip the references-scaling section")
    ap.add_argument("--no-ocr", action="store_true", help="skip the OCR section")
    ap.add_argument("--refs-sizes", default=",".join(map(str, REFS_SIZES)),
                    help="characters of generated text per run, comma-separated (default 100 KB, 1 MB, 5 MB)")
    args = ap.parse_args(argv)
    sizes = [int(x) for x in args.refs_sizes.split(",") if x.strip()]
    if args.refs_only:
        return bench_refs(sizes)
    print(f"congbao bench on {os.cpu_count()} cores; CPU time of the process and its children")
    with tempfile.TemporaryDirectory(prefix="congbao-bench-") as tmp:
        bench_throughput(args.copies, Path(tmp))
        print()
        if not args.no_ocr:
            bench_ocr(SCANS)
            bench_ocr_resolution(Path(tmp))
            print()
        bench_memory(Path(tmp))
    if not args.no_refs:
        print()
        return bench_refs(sizes)
    return 0


# ---------------------------------------------------------------- congbao refs on long texts

REFS_SIZES = (100_000, 1_000_000, 5_000_000)
# Sentences of the kinds a gazette's body and tables hold: "Căn cứ" clauses, task sentences with
# agencies and deadlines, lists, party documents, old-style numbers, laws by name, plain prose.
_SENTENCES = (
    "Căn cứ Nghị định số {n}/{y}/NĐ-CP ngày {d}/{m}/{y} của Chính phủ quy định chi tiết một số điều của luật;",
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
    "Căn cứ Luật Ban hành văn bản quy phạm pháp luật số 80/2015/QH13 ngày 22 tháng 6 năm 2015;",
    "Căn cứ các Nghị định: số {n}/{y}/NĐ-CP ngày {d}/{m}/{y}, số {n2}/{y}/NĐ-CP ngày {d}/{m}/{y} của Chính phủ;",
    "Thực hiện Kế hoạch số {n}/KH-UBND ngày {d} tháng {m} năm {y} của Ủy ban nhân dân tỉnh về cải cách hành chính,",
    "Sở Tài nguyên và Môi trường chủ trì, phối hợp với UBND các huyện, thành phố báo cáo kết quả trước ngày {d}/{m}/{y}.",
    "Các sở, ban, ngành tỉnh triển khai thực hiện trong tháng {m} năm {y}, báo cáo về Sở Nội vụ để tổng hợp.",
    "Văn phòng UBND tỉnh theo dõi, đôn đốc việc thực hiện Quyết định số {n}/QĐ-TTg của Thủ tướng Chính phủ hằng quý.",
    "Ủy ban nhân dân cấp huyện, cấp xã hoàn thành chậm nhất ngày {d}/{m}/{y} theo Công văn số {n}/UBND-CCHC.",
    "Quán triệt Nghị quyết số {n}-NQ/TW ngày {d}/{m}/{y} của Bộ Chính trị và Chỉ thị số {n2}-CT/TU của Tỉnh ủy.",
    "Thông tư liên tịch số {n}/{y}/TTLT-BTC-BNV hướng dẫn quản lý kinh phí; Nghị định số {n2}-HĐBT vẫn được viện dẫn.",
    "Công an tỉnh, Bộ Chỉ huy Quân sự tỉnh phối hợp thực hiện trong 10 ngày làm việc kể từ ngày ký quyết định.",
    "Kết quả thực hiện được công khai trên Cổng thông tin điện tử của tỉnh để người dân theo dõi và góp ý.",
    "Trung tâm Phục vụ hành chính công tỉnh tiếp nhận hồ sơ, trả kết quả giải quyết thủ tục hành chính đúng hạn.",
)


def legal_like_text(size: int, seed: int = 43) -> str:
    """``size`` characters (about) of paragraphs built from ``_SENTENCES``, blank lines between them."""
    import random

    rnd = random.Random(seed)
    paragraphs, length = [], 0
    while length < size:
        lines = []
        for _ in range(rnd.randint(2, 7)):
            y = rnd.randint(2005, 2024)
            lines.append(rnd.choice(_SENTENCES).format(n=rnd.randint(1, 1999), n2=rnd.randint(1, 999), y=y,
                                                       d=rnd.randint(1, 28), m=rnd.randint(1, 12)))
        paragraph = (" " if rnd.random() < 0.7 else "\n").join(lines)
        paragraphs.append(paragraph)
        length += len(paragraph) + 2
    return "\n\n".join(paragraphs)[:size]


def bench_refs(sizes=REFS_SIZES) -> int:
    """Time ``congbao refs --agencies --deadlines`` on generated text of each size; print chars/s."""
    command = [sys.executable, "-m", "pipelines", "refs", "--agencies", "--deadlines", "--date", "2024-01-15"]

    def run(text: str) -> tuple[float, int]:
        t = time.perf_counter()
        done = subprocess.run(command, input=text.encode("utf-8"), capture_output=True, check=True)
        return time.perf_counter() - t, done.stdout.count(b"\n")

    startup = min(run(legal_like_text(300, seed=1))[0] for _ in range(2))
    print(f"congbao refs --agencies --deadlines (start-up on one sentence: {startup:.2f} s, taken off below)")
    print(f"{'characters':>12s} {'mentions':>9s} {'wall s':>8s} {'chars/s':>10s}")
    rates = []
    for size in sizes:
        text = legal_like_text(size)
        seconds, mentions = run(text)
        rate = len(text) / max(seconds - startup, 1e-9)
        rates.append(rate)
        print(f"{len(text):12,d} {mentions:9,d} {seconds:8.2f} {rate:10,.0f}")
    if len(rates) > 1:
        print(f"fastest / slowest: {max(rates) / min(rates):.2f}× (linear time: close to 1)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
