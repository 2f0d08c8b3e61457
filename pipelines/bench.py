"""Benchmark: pages per second of the whole pipeline next to ``pdftotext -layout`` on the same files.

    python -m pipelines.bench PDF... [--repeat 3]

Each file is run ``--repeat`` times (best time kept) in this process after start-up, so the figure is
the pipeline's own speed; start-up (imports) is reported on its own line. Peak memory is the
process's maximum resident set size. pdftotext runs as a subprocess on the same files.
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
    ap.add_argument("pdfs", nargs="+", type=Path)
    ap.add_argument("--repeat", type=int, default=3, help="runs per file, best kept (default 3)")
    args = ap.parse_args(argv)

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
    return 0


if __name__ == "__main__":
    sys.exit(main())
