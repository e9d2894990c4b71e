"""Which grids of a file a source reads: a CSV file's one, or the workbook sheets it names
(`sheet:`), or, in a quarter folder, the sheets named after directorates."""

from __future__ import annotations

from collections.abc import Collection
from fnmatch import fnmatch
from pathlib import Path

from reportgen.errors import Location, Problems
from reportgen.load.config import Source
from reportgen.paths import CONFIG_FILE
from reportgen.safe.grids import Grid, read_csv, read_spreadsheet


def grids(path: Path, display: str, source: Source, problems: Problems,
          directorates: Collection[str] | None = None) -> list[Grid]:
    """The grids to read; `directorates` (the ids, lower case) for a quarter folder's file."""
    if path.suffix.lower() == ".csv":
        if source.period.strip().lower() == "sheet":
            problems.error(Location(CONFIG_FILE, source.line or None), "period: sheet needs a "
                           f"workbook, but {display} is a CSV file", "name the column that "
                           "holds the period, e.g. period: Period")
            return []
        return [read_csv(path, display, problems)]
    if directorates is not None:
        return directorate_sheets(path, display, problems, directorates)
    pattern = source.sheet.strip().casefold()
    names: list[str] = []

    def choose(sheets: list[str]) -> list[str]:
        names.extend(sheets)
        return [name for name in sheets if fnmatch(name.strip().casefold(), pattern)]

    chosen = read_spreadsheet(path, display, problems, choose)
    if not chosen and names:
        listed = ", ".join(f"'{name}'" for name in names)
        problems.error(Location(display), f"no sheet matches '{source.sheet}'",
                       f"the workbook's sheets are {listed}")
    return chosen


def directorate_sheets(path: Path, display: str, problems: Problems,
                       directorates: Collection[str]) -> list[Grid]:
    """A quarter folder's workbook (figures or budget): its sheets named after directorates,
    else its one sheet with data; several sheets with data and none so named is an error."""
    def choose(names: list[str]) -> list[str]:
        named = [name for name in names if name.strip().lower() in directorates]
        return named or names  # none named after a directorate: all, to see which hold data

    found = read_spreadsheet(path, display, problems, choose)
    named = [g for g in found if (g.sheet or "").strip().lower() in directorates]
    used = [g for g in found if g.used]
    if not named and len(used) > 1:
        listed = ", ".join(f"'{g.sheet}'" for g in used[:4]) + (", ..." if len(used) > 4 else "")
        problems.error(Location(display), f"the workbook has {len(used)} sheets with data "
                       f"({listed}) and none is named after a directorate, so it is not clear "
                       "which to read", "keep one sheet, name each sheet after its directorate "
                       "(e.g. children), or declare a workbook of quarter sheets under sources: "
                       f"in {CONFIG_FILE} with period: sheet")
        return []
    return named or used[:1] or found[:1]
