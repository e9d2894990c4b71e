"""A narrative's markdown body, and where it came from."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class NarrativeText:
    """A narrative's markdown body and where it came from."""

    display: str
    body: str
    first_line: int = 1
    root: Path | None = None  # the project; images may only come from inside it
    directorate: str = ""  # whose figures a typed number is checked against

    def line_of(self, text: str) -> int:
        """The file line where `text` first appears in the body."""
        for number, line in enumerate(self.body.splitlines(), start=self.first_line):
            if text in line:
                return number
        return self.first_line
