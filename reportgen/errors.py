"""The one error family: problems in a user's files, each with a place and a fix."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Literal

Severity = Literal["error", "warning"]


def closest(wanted: str, choices: Iterable[str]) -> str | None:
    """The one did-you-mean: the choice equal to `wanted` ignoring case, else the closest
    one (difflib's ratio of at least 0.6), else None."""
    by_folded = {choice.casefold(): choice for choice in choices}
    folded = wanted.strip().casefold()
    if folded in by_folded:
        return by_folded[folded]
    close = difflib.get_close_matches(folded, list(by_folded), n=1, cutoff=0.6)
    return by_folded[close[0]] if close else None


@dataclass(frozen=True, order=True)
class Location:
    """Where a problem is: a project-relative path, and a line and column when known."""

    path: str
    line: int | None = None
    column: int | None = None
    cell: str | None = None  # a spreadsheet cell, `Sheet1!B7`: shown instead of line:column

    def __str__(self) -> str:
        if self.cell:
            return f"{self.path}:{self.cell}"
        text = self.path
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the user's files, and how to put it right."""

    location: Location
    message: str
    hint: str = ""
    severity: Severity = "error"
    blocks_publish: bool = False  # a warning that `build --publish` treats as an error

    def __str__(self) -> str:
        text = f"{self.location}: {self.severity}: {self.message}"
        return f"{text} — {self.hint}" if self.hint else text

    def as_dict(self) -> dict[str, object]:
        """The problem as plain data, for `--format json`."""
        return {
            "path": self.location.path,
            "line": self.location.line,
            "column": self.location.column,
            "cell": self.location.cell,
            "severity": self.severity,
            "message": self.message,
            "hint": self.hint,
            "blocks_publish": self.blocks_publish,
        }


class ReportError(Exception):
    """Raised by the library when the user's files have one or more errors."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(dict.fromkeys(problems), key=_sort_key)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type[ReportError], tuple[list[Problem]]]:
        return ReportError, (self.problems,)  # so a worker process can hand it back

    @classmethod
    def at(cls, path: str, message: str, hint: str = "", line: int | None = None) -> ReportError:
        """A single error at one place."""
        return cls([Problem(Location(path, line), message, hint)])


def _sort_key(problem: Problem) -> tuple[str, int, int, str]:
    loc = problem.location
    return (loc.path, loc.line or 0, loc.column or 0, problem.message)


@dataclass
class Problems:
    """Collects every problem found, so that one run reports them all."""

    items: list[Problem] = field(default_factory=list)

    def error(self, location: Location, message: str, hint: str = "") -> None:
        self.items.append(Problem(location, message, hint, "error"))

    def warning(self, location: Location, message: str, hint: str = "") -> None:
        self.items.append(Problem(location, message, hint, "warning"))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.sorted() if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.sorted() if p.severity == "warning"]

    def sorted(self) -> list[Problem]:
        """Every problem once, ordered by file, line and column."""
        return sorted(dict.fromkeys(self.items), key=_sort_key)

    def for_publishing(self) -> Problems:
        """The problems as `build --publish` sees them: what blocks publishing is an error."""
        return Problems([replace(p, severity="error") if p.blocks_publish else p
                         for p in self.items])

    def raise_if_errors(self) -> None:
        """Stop with every error found so far, if there is any."""
        if self.errors:
            raise ReportError(self.errors)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


class UsageError(Exception):
    """The command was asked for something that cannot be (exit status 2)."""
