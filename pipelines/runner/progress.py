"""A progress bar over files and pages on a terminal; silent in pipes and CI logs.

Pages move as each page is read (during OCR too, and with several workers at once): the pages bar
counts the pages done in every running file over the pages of the files started so far.
"""
from __future__ import annotations

import sys


class Progress:
    """Two tqdm bars (files; pages of the files under way), drawn on stderr only when it is a terminal."""

    def __init__(self, n_files: int) -> None:
        import tqdm as tqdm_module

        tqdm_module.tqdm.monitor_interval = 0  # no monitor thread: workers are forked from this process
        self._tqdm = tqdm_module.tqdm
        self.files = self._tqdm(total=n_files, unit="file", desc="files", position=0, file=sys.stderr, leave=True)
        self.pages = self._tqdm(total=0, unit="page", desc="pages", position=1, file=sys.stderr, leave=False)
        self._seen: dict[int, tuple[int, int]] = {}

    def start_file(self, name: str) -> None:
        self.files.set_postfix_str(name, refresh=True)

    def on_page(self, index: int, done: int, total: int) -> None:
        old_done, old_total = self._seen.get(index, (0, 0))
        self._seen[index] = (done, total)
        if total != old_total:
            self.pages.total += total - old_total
            self.pages.refresh()
        self.pages.update(done - old_done)

    def end_file(self) -> None:
        self.files.update(1)

    def write(self, line: str) -> None:
        self._tqdm.write(line, file=sys.stderr)

    def close(self) -> None:
        self.pages.close()
        self.files.close()


def make_progress(n_files: int, *, enabled: bool | None = None) -> Progress | None:
    if enabled is None:
        enabled = sys.stderr.isatty()
    return Progress(n_files) if enabled else None
