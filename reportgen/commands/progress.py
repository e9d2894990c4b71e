"""Progress reporting for long work: one small object the build talks to."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import TextIO


class Reporter:
    """Says nothing; the base for reporters that do."""

    def step(self, message: str) -> None:
        """One stage of the work has started."""

    def finish(self) -> None:
        """The work is over: leave the terminal as it was found."""


@dataclass
class LineReporter(Reporter):
    """One line per step with the time since the start (`--verbose`, or a log)."""

    stream: TextIO
    started: float = field(default_factory=time.perf_counter)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def step(self, message: str) -> None:
        with self._lock:  # steps may come from several workers at once
            seconds = time.perf_counter() - self.started
            self.stream.write(f"  {seconds:5.1f}s  {message}…\n")
            self.stream.flush()


@dataclass
class StatusLineReporter(Reporter):
    """One line on a terminal, rewritten at each step and cleared at the end: a long build
    shows where it is without filling the screen."""

    stream: TextIO
    width: int = 79
    started: float = field(default_factory=time.perf_counter)
    steps: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def step(self, message: str) -> None:
        with self._lock:
            self.steps += 1
            seconds = time.perf_counter() - self.started
            text = f"[{self.steps}] {message}… {seconds:.1f}s"
            if len(text) > self.width:
                text = text[:self.width - 1] + "…"
            self.stream.write("\r\x1b[K" + text)
            self.stream.flush()

    def finish(self) -> None:
        with self._lock:
            if self.steps:
                self.stream.write("\r\x1b[K")
                self.stream.flush()


def reporter_for(stream: TextIO, quiet: bool = False, verbose: bool = False,
                 width: int = 79) -> Reporter:
    """Silent with --quiet; a line per step with --verbose; a status line on a terminal;
    and nothing when the output goes to a file or a CI log, which a status line garbles."""
    if quiet:
        return Reporter()
    if verbose:
        return LineReporter(stream)
    if stream.isatty():
        return StatusLineReporter(stream, width)
    return Reporter()
