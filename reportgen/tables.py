"""Reading tabular files, CSV or Excel, into rows that know where each cell came from."""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import Location, Problems, ReportError
from .files import read_bytes

TABLE_SUFFIXES = (".csv", ".xlsx")


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


def read_text(path: Path, display: str) -> str:
    """Decode a spreadsheet export: UTF-8 (with or without BOM), else Windows-1252."""
    raw = read_bytes(path, display)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def read_table(path: Path, display: str, required: tuple[str, ...], problems: Problems,
               sheets: Collection[str] = ()) -> list[Row]:
    """Rows of a .csv or .xlsx file; a missing required column is one error for the file."""
    try:
        if path.suffix.lower() == ".xlsx":
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
        problems.error(where, f"missing column '{missing[0]}'",
                       f"the header must include: {', '.join(required)}")
    return bool(missing)


def _csv_rows(path: Path, display: str, required: tuple[str, ...],
              problems: Problems) -> list[Row]:
    reader = csv.reader(io.StringIO(read_text(path, display), newline=""), strict=True)
    rows: list[Row] = []
    try:
        header = [h.strip().lower() for h in next(reader, [])]
        if _missing(header, required, Location(display, 1), problems):
            return []
        for cells in reader:
            where = Location(display, reader.line_num)
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                problems.error(where, f"row has {len(cells)} fields but the header has "
                               f"{len(header)}", "check for a missing or extra comma; quote "
                               "any value that contains a comma")
                continue
            values = dict(zip(header, (c.strip() for c in cells), strict=True))
            rows.append(Row(values, where, {}))
    except csv.Error as exc:
        problems.error(Location(display, reader.line_num), f"malformed CSV: {exc}",
                       "check for an unclosed quote")
    return rows


def _xlsx_rows(path: Path, display: str, required: tuple[str, ...], problems: Problems,
               sheets: Collection[str]) -> list[Row]:
    import openpyxl  # only needed for spreadsheets

    raw = read_bytes(path, display)
    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        problems.error(Location(display), f"cannot read the spreadsheet: {exc}",
                       "save it again from Excel as .xlsx, or export it as CSV")
        return []
    named = [ws for ws in book.worksheets if ws.title.lower() in sheets]
    rows: list[Row] = []
    for sheet in named or book.worksheets[:1]:
        rows.extend(_sheet_rows(sheet, display, required, problems))
    return rows


def _sheet_rows(sheet: Any, display: str, required: tuple[str, ...],
                problems: Problems) -> list[Row]:
    from openpyxl.utils import get_column_letter

    for merged in list(sheet.merged_cells.ranges):  # a merged cell's value fills its range
        value = sheet.cell(merged.min_row, merged.min_col).value
        sheet.unmerge_cells(str(merged))
        for row in sheet.iter_rows(min_row=merged.min_row, max_row=merged.max_row,
                                   min_col=merged.min_col, max_col=merged.max_col):
            for cell in row:
                cell.value = value
    grid = [[_cell_text(c) for c in row] for row in sheet.iter_rows()]
    header_at = next((i for i, row in enumerate(grid)
                      if required[0] in [v.lower() for v in row]), None)
    if header_at is None:
        _missing([], required, Location(display, 1, cell=f"{sheet.title}!A1"), problems)
        return []
    header = [v.strip().lower() for v in grid[header_at]]
    where = Location(display, header_at + 1, cell=f"{sheet.title}!A{header_at + 1}")
    if _missing(header, required, where, problems):
        return []
    rows = []
    for number, values in enumerate(grid[header_at + 1:], start=header_at + 2):
        if not any(v.strip() for v in values):
            continue  # blank rows, trailing or not, are not data
        columns = {name: Location(display, number, index + 1,
                                  f"{sheet.title}!{get_column_letter(index + 1)}{number}")
                   for index, name in enumerate(header) if name}
        cells = {name: values[i].strip() for i, name in enumerate(header) if name}
        rows.append(Row(cells, Location(display, number, cell=f"{sheet.title}!A{number}"),
                        columns))
    return rows


def _cell_text(cell: Any) -> str:
    """A cell as a person reads it: 803 not 803.0; 12.5% for a percentage-formatted 0.125."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        if "%" in (cell.number_format or ""):
            return f"{_plain(value * 100)}%"
        return _plain(value)
    return str(value)


def _plain(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else repr(round(number, 10))
