"""A progress bar over files and pages on a terminal; silent in pipes and CI logs."""
from __future__ import annotations

import sys


class Progress:
    """Two tqdm bars (files, pages of the current file), drawn on stderr only when it is a terminal."""

    def __init__(self, n_files: int) -> None:
        from tqdm import tqdm

        self._tqdm = tqdm
        self.files = tqdm(total=n_files, unit="file", desc="files", position=0, file=sys.stderr, leave=True)
        self.pages = None

    def start_file(self, name: str) -> None:
        self.files.set_postfix_str(name, refresh=True)

    def on_page(self, done: int, total: int) -> None:
        if self.pages is None:
            self.pages = self._tqdm(total=total, unit="page", desc="pages", position=1, file=sys.stderr, leave=False)
        self.pages.update(done - self.pages.n)

    def end_file(self) -> None:
        if self.pages is not None:
            self.pages.close()
            self.pages = None
        self.files.update(1)

    def write(self, line: str) -> None:
        self._tqdm.write(line, file=sys.stderr)

    def close(self) -> None:
        self.files.close()


def make_progress(n_files: int, *, enabled: bool | None = None) -> Progress | None:
    if enabled is None:
        enabled = sys.stderr.isatty()
    return Progress(n_files) if enabled else None
