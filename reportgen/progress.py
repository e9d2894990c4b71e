"""Progress reporting for long work: one small object the build talks to."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


class Reporter:
    """Says nothing; the base for reporters that do."""

    def step(self, message: str) -> None:
        """One stage of the work has started."""


@dataclass
class CallbackReporter(Reporter):
    """Passes each step to a function (the CLI's printer)."""

    emit: Callable[[str], None]

    def step(self, message: str) -> None:
        self.emit(message)
