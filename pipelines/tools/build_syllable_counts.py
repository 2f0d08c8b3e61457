"""Build extract/data/syllable_counts.tsv: syllable unigram and bigram counts of Vietnamese legal text.

    .venv/bin/python pipelines/tools/build_syllable_counts.py ../shared/corpus/legal-text/vbpl-legal-text.jsonl.xz

Run by hand when the source changes, never at extract time (``extract.scan.context`` only reads the file).
Reads the corpus (one JSON document a line, ``{"id", "text"}``), normalises each text as the reading
boundary does (``extract.normalize``), splits each line into the units ``extract.scan.context.line_units``
makes (lower-case syllables; ``<p>`` punctuation and line edges, ``<n>`` a token with a digit, ``<x>`` any
other word), counts unigrams and bigrams, prunes, and writes a TSV:

    # comments: the source and its MIT notice, the build, coverage
    [unigrams]
    unit <TAB> count <TAB> distinct units seen after it (before pruning) <TAB> times capitalised inside a sentence
    [bigrams]
    first <TAB> second count <TAB> second count ...      (one line per first unit)

Every document is counted. A syllable seen once is dropped (as likely a typo as a word), and so is every
bigram with a dropped unit; follower counts are taken before pruning, so that the back-off mass stays right.
The output depends on the source's bytes only: sorted, no time stamps, no paths.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import lzma
import sys
from collections import Counter
from pathlib import Path

from extract.normalize import normalize_text
from extract.scan.context import BOUNDARIES, line_units

OUT = Path(__file__).resolve().parent.parent / "extract" / "data" / "syllable_counts.tsv"
# A syllable seen once in 20 M characters is as likely a typo as a word (dropping them keeps 99.99 % of tokens).
MIN_UNIGRAM = 2

MIT_NOTICE = """\
MIT License

Copyright (c) 2026 Phan Ba Song Toan

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction,
including without limitation the rights to use, copy, modify, merge, publish, distribute,
sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT
NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES
OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE."""


def read_texts(source: Path) -> list[str]:
    """The documents' texts, in file order."""
    with lzma.open(source, "rt", encoding="utf-8") as f:
        return [json.loads(line)["text"] for line in f if line.strip()]


def count_units(texts: list[str]) -> tuple[Counter[str], Counter[tuple[str, str]], Counter[str]]:
    """Unigram and bigram counts of the units of ``texts`` line by line, and how often each syllable is
    written with a capital inside a sentence."""
    unigrams: Counter[str] = Counter()
    bigrams: Counter[tuple[str, str]] = Counter()
    capitals: Counter[str] = Counter()
    for text in texts:
        for line in normalize_text(text).split("\n"):
            if line.strip():
                units = line_units(line, capitals)
                unigrams.update(units)
                bigrams.update(zip(units, units[1:]))
    return unigrams, bigrams, capitals


def counts_text(unigrams: Counter[str], bigrams: Counter[tuple[str, str]], capitals: Counter[str],
                header: list[str]) -> str:
    """The counts file: ``header`` as comments, then the pruned counts (see the module)."""
    n_followers: Counter[str] = Counter(a for a, _ in bigrams)
    kept = {u: c for u, c in unigrams.items() if c >= MIN_UNIGRAM or u in BOUNDARIES}
    by_first: dict[str, list[tuple[str, int]]] = {}
    for (a, b), c in bigrams.items():
        if a in kept and b in kept:
            by_first.setdefault(a, []).append((b, c))
    kept_bigrams = sum(c for pairs in by_first.values() for _, c in pairs)
    lines = [f"# {h}".rstrip() for h in header]
    lines.append(f"# pruning: syllables seen >= {MIN_UNIGRAM} times, bigrams of kept units; follower counts "
                 "before pruning")
    lines.append(f"# coverage: unigram types {len(kept)} of {len(unigrams)} (tokens "
                 f"{sum(kept.values()) / sum(unigrams.values()):.4f}), bigram types "
                 f"{sum(map(len, by_first.values()))} of {len(bigrams)} (tokens {kept_bigrams / sum(bigrams.values()):.4f})")
    lines.append("[unigrams]")
    for u in sorted(kept, key=lambda u: (-kept[u], u)):
        lines.append(f"{u}\t{kept[u]}\t{n_followers[u]}\t{capitals[u]}")
    lines.append("[bigrams]")
    for a in sorted(by_first, key=lambda a: (-kept[a], a)):
        pairs = sorted(by_first[a], key=lambda bc: (-bc[1], bc[0]))
        lines.append(a + "\t" + "\t".join(f"{b} {c}" for b, c in pairs))
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("source", type=Path, help="the legal-text corpus, vbpl-legal-text.jsonl.xz")
    parser.add_argument("--out", type=Path, default=OUT, help=f"the counts file to write (default: {OUT})")
    args = parser.parse_args(argv)
    texts = read_texts(args.source)
    sha256 = hashlib.sha256(args.source.read_bytes()).hexdigest()
    header = [
        "Syllable counts for the context repair of OCR'd text (extract/scan/context.py), built by",
        f"pipelines/tools/build_syllable_counts.py from {args.source.name} (sha256 {sha256}):",
        f"the text of {len(texts)} Vietnamese legal documents taken from the static HTML snapshots of",
        "github.com/phanbasongtoan112-art/vbpl-layout-detection (data/raw_html, commit dcebf5d), all counted.",
        "Units: lower-case NFC syllables; <p> punctuation and line edges, <n> a token with a digit, <x> any",
        "other word. The source's licence:",
        "",
        *MIT_NOTICE.splitlines(),
        "",
    ]
    text = counts_text(*count_units(texts), header=header)
    args.out.write_text(text, encoding="utf-8")
    print(f"{args.out}: {len(text.encode())} bytes from {len(texts)} documents", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
