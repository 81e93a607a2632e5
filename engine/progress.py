"""A progress line on stderr for runs that take a while: documents done, regions found.

It appears only after about two seconds (short runs stay quiet), only when stderr is a
terminal, and never with --quiet; it erases itself when the run ends.
"""
from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from typing import TextIO

from .pipeline import DocumentResult

DELAY = 2.0
_BAR = 24


class Progress:
    def __init__(self, total: int, enabled: bool, stream: TextIO | None = None, delay: float = DELAY) -> None:
        self.total = total
        self.stream = stream or sys.stderr
        self.enabled = enabled and self.stream.isatty()
        self.delay = delay
        self.started = time.monotonic()
        self.shown = False
        self.regions: set[str] = set()

    def track(self, results: Iterable[DocumentResult]) -> Iterator[DocumentResult]:
        done = 0
        try:
            for result in results:
                done += 1
                self.regions.update(result.record.regions)
                self._draw(done)
                yield result
        finally:
            if self.shown:
                self.stream.write("\r" + " " * 79 + "\r")
                self.stream.flush()

    def _draw(self, done: int) -> None:
        if not self.enabled or time.monotonic() - self.started < self.delay:
            return
        filled = _BAR * done // max(self.total, 1)
        line = f"\r[{'#' * filled}{'.' * (_BAR - filled)}] {done}/{self.total} documents · {len(self.regions)} regions"
        self.stream.write(line[:80])
        self.stream.flush()
        self.shown = True
