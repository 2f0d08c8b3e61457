"""Benchmark: pages per second of the whole pipeline next to ``pdftotext -layout`` on the same files,
and how ``congbao refs`` scales with the length of its input.

    python -m pipelines.bench PDF... [--repeat 3] [--no-refs]
    python -m pipelines.bench --refs-only [--refs-sizes 100000,1000000,5000000]

Each file is run ``--repeat`` times (best time kept) in this process after start-up, so the figure is
the pipeline's own speed; start-up (imports) is reported on its own line. Peak memory is the
process's maximum resident set size. pdftotext runs as a subprocess on the same files.

The references section (``bench_refs``) runs ``congbao refs --agencies --deadlines`` as a user
would, on generated legal-like text of each size (sentences written for this benchmark, varied
numbers, dates and agencies), and prints characters per second once start-up (the same command on
one sentence) is taken off; linear time means the figures stay within a small factor of each other.
"""
from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path


def _best(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipelines.bench", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pdfs", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=3, help="runs per file, best kept (default 3)")
    ap.add_argument("--refs-only", action="store_true", help="only the references-scaling section")
    ap.add_argument("--no-refs", action="store_true", help="skip the references-scaling section")
    ap.add_argument("--refs-sizes", default=",".join(map(str, REFS_SIZES)),
                    help="characters of generated text per run, comma-separated (default 100 KB, 1 MB, 5 MB)")
    args = ap.parse_args(argv)
    sizes = [int(x) for x in args.refs_sizes.split(",") if x.strip()]
    if args.refs_only:
        return bench_refs(sizes)
    if not args.pdfs:
        ap.error("give PDFs, or --refs-only")

    t0 = time.perf_counter()
    from extract.pipeline import extract_issue
    from pipelines.batch import language_pipeline, process_pdf

    startup = time.perf_counter() - t0
    t0 = time.perf_counter()
    nlp = language_pipeline()  # built once per process, as in a batch run
    build_nlp_s = time.perf_counter() - t0
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        print("bench: pdftotext not found (Debian package poppler-utils); run 'make bench-deps'", file=sys.stderr)
        return 2

    rows, language = [], []
    for pdf in args.pdfs:
        result = extract_issue(pdf, nlp)
        pages = len(result.issue.pages)
        ours = _best(lambda: process_pdf(pdf), args.repeat)
        theirs = _best(lambda: subprocess.run([pdftotext, "-layout", str(pdf), "-"], check=True,
                                              stdout=subprocess.DEVNULL), args.repeat)
        rows.append((pdf.name, pages, len(result.tasks), ours, theirs))
        structure = _best(lambda: extract_issue(pdf, None), args.repeat)
        full = _best(lambda: extract_issue(pdf, nlp), args.repeat)
        language.append((pdf.name, len(result.tasks), len(result.references), max(full - structure, 1e-9)))

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"start-up (imports): {startup:.2f} s; peak memory (max RSS): {peak_mb:.0f} MB; best of {args.repeat}")
    print(f"{'file':32s} {'pages':>5s} {'rows':>5s} {'congbao s':>10s} {'pages/s':>8s} {'pdftotext s':>12s} "
          f"{'pages/s':>8s} {'ratio':>6s}")
    total_pages = total_ours = total_theirs = 0.0
    for name, pages, tasks, ours, theirs in rows:
        total_pages += pages
        total_ours += ours
        total_theirs += theirs
        print(f"{name:32s} {pages:5d} {tasks:5d} {ours:10.3f} {pages / ours:8.1f} {theirs:12.3f} "
              f"{pages / theirs:8.1f} {ours / theirs:5.1f}×")
    print(f"{'all':32s} {int(total_pages):5d} {'':5s} {total_ours:10.3f} {total_pages / total_ours:8.1f} "
          f"{total_theirs:12.3f} {total_pages / total_theirs:8.1f} {total_ours / total_theirs:5.1f}×")
    print()
    print(f"language stage (agencies, deadlines, references; pipeline built once: {build_nlp_s:.2f} s)")
    print(f"{'file':32s} {'rows':>5s} {'refs':>5s} {'language s':>11s} {'rows/s':>8s} {'refs/s':>8s}")
    for name, tasks, refs, seconds in language:
        print(f"{name:32s} {tasks:5d} {refs:5d} {seconds:11.3f} {tasks / seconds:8.0f} {refs / seconds:8.0f}")
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
