"""Reading tabular files, CSV or Excel, into rows that know where each cell came from."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

from reportgen.errors import Location, Problems, ReportError
from reportgen.load.sheets import directorate_sheets
from reportgen.safe.grids import Grid, read_csv
from reportgen.safe.sanitise import conflict_marker, conflict_problem

# The headers a column may carry wherever figures are read (a quarter folder's file, or a
# source that does not name the column): each is read as the first, its canonical name.
KPI_HEADERS = ("kpi", "kpi ref", "indicator", "code")
VALUE_HEADERS = ("value", "figure", "actual")
NOTE_HEADERS = ("note", "notes", "comment", "comments", "commentary")
ALIASES = {names[0]: names for names in (KPI_HEADERS, VALUE_HEADERS, NOTE_HEADERS)}


@dataclass(frozen=True)
class Row:
    """One data row: its cells by lower-cased header, and where the row and each cell are."""

    cells: dict[str, str]
    location: Location
    columns: dict[str, Location]

    def get(self, column: str) -> str:
        return self.cells.get(column, "")

    def at(self, column: str) -> Location:
        """The cell's own location (for spreadsheets), else the row's."""
        return self.columns.get(column, self.location)


def read_table(path: Path, display: str, required: tuple[str, ...], problems: Problems,
               sheets: Collection[str] = ()) -> list[Row]:
    """Rows of a CSV file or a spreadsheet; a missing required column is one error for the
    file."""
    try:
        if path.suffix.lower() != ".csv":
            return _xlsx_rows(path, display, required, problems, sheets)
        return _csv_rows(path, display, required, problems)
    except ReportError as exc:
        problems.extend(exc.problems)
        return []


def _missing(header: Iterable[str], required: tuple[str, ...], where: Location,
             problems: Problems) -> bool:
    header = list(header)
    missing = [c for c in required if c not in header]
    if missing and len(header) == 1 and ";" in header[0]:
        problems.error(where, "the columns are separated by ';', not ','",
                       "save the file from Excel as 'CSV UTF-8 (Comma delimited)'")
    elif missing:
        others = ALIASES.get(missing[0], ())[1:]
        problems.error(where, f"missing column '{missing[0]}'"
                       + (f" (or {', '.join(others)})" if others else ""),
                       f"the header must include: {', '.join(required)}; title rows above it "
                       "are skipped")
    return bool(missing)


def _csv_rows(path: Path, display: str, required: tuple[str, ...],
              problems: Problems) -> list[Row]:
    grid = read_csv(path, display, problems)
    at = header_row(grid.rows, required) or 0
    header = canonical_header(grid.rows[at] if grid.rows else [])
    if _missing(header, required, Location(display, grid.lines[at] if grid.lines else 1),
                problems):
        return []
    rows: list[Row] = []
    for cells, line in zip(grid.rows[at + 1:], grid.lines[at + 1:], strict=True):
        where = Location(display, line)
        if not any(c.strip() for c in cells):
            continue
        marker = conflict_marker(",".join(cells).rstrip(","))
        if marker:  # two versions of the rows around it: neither may be read unnoticed
            problems.extend([conflict_problem(where, marker)])
            continue
        if len(cells) != len(header):
            problems.error(where, f"row has {len(cells)} fields but the header has "
                           f"{len(header)}", "check for a missing or extra comma; quote "
                           "any value that contains a comma")
            continue
        values = dict(zip(header, (c.strip() for c in cells), strict=True))
        rows.append(Row(values, where, {}))
    return rows


def canonical_header(cells: Iterable[str]) -> list[str]:
    """Headers lower-cased and trimmed, each alias under its canonical name: `KPI ref` is
    `kpi`, `Figure` is `value`, `Commentary` is `note` (the first alias present, in order)."""
    header = [" ".join(c.split()).lower() for c in cells]
    for canonical, names in ALIASES.items():
        alias = next((name for name in names if name in header), None)
        if alias is not None and alias != canonical:
            header[header.index(alias)] = canonical
    return header


def header_row(rows: list[list[str]], required: tuple[str, ...]) -> int | None:
    """The first row that names every required column: title rows above it are skipped."""
    return next((i for i, row in enumerate(rows)
                 if all(c in canonical_header(row) for c in required)), None)


def _xlsx_rows(path: Path, display: str, required: tuple[str, ...], problems: Problems,
               sheets: Collection[str]) -> list[Row]:
    rows: list[Row] = []
    for grid in directorate_sheets(path, display, problems, sheets):
        rows.extend(_sheet_rows(grid, display, required, problems))
    return rows


def _sheet_rows(grid: Grid, display: str, required: tuple[str, ...],
                problems: Problems) -> list[Row]:
    header_at = header_row(grid.rows, required)
    if header_at is None:
        header_at = next((i for i, row in enumerate(grid.rows)
                          if required[0] in canonical_header(row)), None)
    if header_at is None:
        _missing([], required, grid.at(0, 0), problems)
        return []
    header = canonical_header(grid.rows[header_at])
    if _missing(header, required, grid.at(header_at, 0), problems):
        return []
    rows = []
    for index in range(header_at + 1, len(grid.rows)):
        values = grid.rows[index]
        if not any(v.strip() for v in values):
            continue  # blank rows, trailing or not, are not data
        columns = {name: grid.at(index, col) for col, name in enumerate(header) if name}
        cells = {name: (values[col].strip() if col < len(values) else "")
                 for col, name in enumerate(header) if name}
        rows.append(Row(cells, grid.at(index, 0), columns))
    return rows
