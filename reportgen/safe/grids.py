"""Spreadsheets and CSV files as grids of cell text, read within fixed bounds: the one
reader of tabular files (openpyxl lives here and nowhere else). A small .xlsx can unzip to
gigabytes or declare billions of cells, so its declared sizes are checked before it is
opened, and no sheet is read past MAX_ROWS × MAX_COLUMNS whatever it claims."""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from reportgen.errors import Location, Problems, ReportError
from reportgen.safe.files import MB, read_bytes
from reportgen.safe.sanitise import CONTROLS, strip_controls

MAX_ROWS = 100_000  # a quarterly return is a few hundred rows; a stray cell is not data
MAX_COLUMNS = 1_000
MAX_UNZIPPED_BYTES = 500 * MB  # a workbook's parts once unzipped, as the zip declares them
MAX_SHEET_CELLS = 1_000_000  # rows × columns read from one sheet: about 3 s and 300 MB


def check_workbook(data: bytes, display: str, limit: int = MAX_UNZIPPED_BYTES,
                   cells: int = MAX_SHEET_CELLS) -> None:
    """A ReportError if the workbook would unzip to more than `limit` bytes (a "zip bomb"), or
    merges more than `cells` cells in one range (openpyxl makes an object for each merged cell
    while it opens the file, so this must be found first).

    Python's zip reader never returns more than a part's declared size, so the declared
    sizes bound the work. Call before `openpyxl.load_workbook`; a file that is not a zip is
    left for openpyxl to report."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            total = sum(part.file_size for part in book.infolist())
            if total > limit:
                raise ReportError.at(
                    display, f"would unzip to {total / MB:,.0f} MB, more than the "
                    f"{limit // MB:,} MB a workbook may hold", "open it in Excel, delete unused "
                    "sheets and content, and save it again, or export the sheet as CSV")
            for part in book.infolist():
                if part.filename.startswith("xl/worksheets/") and part.filename.endswith(".xml"):
                    _check_merges(book, part, display, cells)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return  # not a workbook we can look into: openpyxl says what is wrong with it


def _check_merges(book: zipfile.ZipFile, part: zipfile.ZipInfo, display: str,
                  limit: int) -> None:
    """Read a sheet's XML in pieces, looking for a merged range over `limit` cells."""
    tail = b""
    with book.open(part) as stream:
        while chunk := stream.read(MB):
            text = tail + chunk
            for found in _MERGE.finditer(text):
                first, last = found[1].decode(), found[2].decode()
                size = _cells(first, last)
                if size > limit:
                    raise ReportError.at(
                        display, f"merges cells {first}:{last}, {size:,} cells, more than the "
                        f"{limit:,} reportgen reads", "unmerge them in Excel (Home, Merge & "
                        "Center, Unmerge Cells), or export the sheet as CSV")
            tail = text[-200:]  # a tag cut in two by the chunking is found in the next piece


_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\s[^>]*?ref=\"([A-Z]{1,3}\d{1,7}):([A-Z]{1,3}\d{1,7})\"")


def _cells(first: str, last: str) -> int:
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    (c1, r1), (c2, r2) = coordinate_from_string(first), coordinate_from_string(last)
    columns = abs(column_index_from_string(c2) - column_index_from_string(c1)) + 1
    return int((abs(r2 - r1) + 1) * columns)


@dataclass
class Grid:
    """One CSV file or one sheet: rows of cell text, and where each row came from."""

    display: str
    sheet: str | None  # None for a CSV file
    rows: list[list[str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # the file line or sheet row of each row

    def at(self, row: int, column: int | None = None) -> Location:
        """Where a cell is: `file.csv:7`, or `file.xlsx:Sheet!B7` for a spreadsheet."""
        line = self.lines[row] if row < len(self.lines) else row + 1
        if self.sheet is None:
            return Location(self.display, line)
        letter = column_letter(column if column is not None else 0)
        return Location(self.display, line, None if column is None else column + 1,
                        f"{self.sheet}!{letter}{line}")

    @property
    def used(self) -> bool:
        """True when any cell holds something."""
        return any(cell.strip() for row in self.rows for cell in row)

    def cell(self, row: int, column: int) -> str:
        cells = self.rows[row]
        return cells[column].strip() if column < len(cells) else ""


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column: 0 → A, 27 → AB."""
    from openpyxl.utils.cell import get_column_letter

    return str(get_column_letter(index + 1))


def column_index(letters: str) -> int | None:
    """The 0-based column of a spreadsheet letter (`C` → 2), or None if it is not one."""
    from openpyxl.utils.cell import column_index_from_string

    letters = letters.strip().upper()
    if not letters.isascii() or not letters.isalpha():
        return None
    try:
        return int(column_index_from_string(letters)) - 1
    except ValueError:  # beyond XFD, the last column Excel has
        return None


def read_csv(path: Path, display: str, problems: Problems) -> Grid:
    """A CSV file as a grid of rows, each with its line number; a malformed file is one error.

    A spreadsheet export is decoded as UTF-16 when it starts with UTF-16's byte-order mark
    (Excel's "Unicode Text", which separates columns by tabs), else as UTF-8 (with or without
    BOM), else Windows-1252. Columns are separated by commas, or by tabs when the first line
    has tabs and no commas. Control characters pasted from Word are removed, with a warning
    at their line."""
    raw = read_bytes(path, display)
    text = decode_export(raw)
    text, found = strip_controls(text, display)
    problems.extend(found)
    grid = Grid(display, None)
    end = text.find("\n")
    first = text[: end if end >= 0 else len(text)].strip()
    separator = "\t" if "\t" in first and "," not in first else ","
    stream = io.StringIO(text, newline="")
    hinted = _SEPARATOR_LINE.match(first)
    if hinted:  # Excel's "sep=;" line names the separator; the header follows it
        separator = hinted[1]
        stream.readline()
    reader = csv.reader(stream, strict=True, delimiter=separator)
    skipped = 1 if hinted else 0  # line numbers count from the file's first line
    try:
        for cells in reader:
            if len(grid.rows) >= MAX_ROWS:
                problems.error(Location(display, reader.line_num + skipped),
                               f"the file has more than {MAX_ROWS:,} rows",
                               "keep only the rows the report needs")
                break
            grid.rows.append(cells[:MAX_COLUMNS])
            grid.lines.append(reader.line_num + skipped)
    except csv.Error as exc:
        problems.error(Location(display, reader.line_num + skipped), f"malformed CSV: {exc}",
                       "check for an unclosed quote")
    return grid


_SEPARATOR_LINE = re.compile(r"^sep=(.)$", re.IGNORECASE)


def decode_export(raw: bytes) -> str:
    """The text of a CSV or text export, whichever of the encodings Excel saves in it is."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16", errors="replace")  # the BOM says which byte order
    sample = raw[:1024]
    if len(sample) >= 4 and sample.count(0) >= len(sample) // 3:  # UTF-16 with no BOM
        return raw.decode("utf-16-le" if sample[1::2].count(0) > sample[::2].count(0)
                          else "utf-16-be", errors="replace")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def read_workbook(path: Path, display: str, problems: Problems,
                  choose: Callable[[list[str]], list[str]] | None = None) -> list[Grid]:
    """The sheets of an .xlsx file, in order (those `choose` picks from the sheet names,
    so that a sheet nobody reads is never parsed); problems go to `problems`."""
    import openpyxl  # only needed for spreadsheets

    raw = read_bytes(path, display)
    try:
        check_workbook(raw, display)  # zip bombs and vast merged ranges, before openpyxl
    except ReportError as exc:
        problems.extend(exc.problems)
        return []
    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl and zipfile raise many kinds for a damaged file
        problems.error(Location(display), f"cannot read the spreadsheet: {exc}",
                       "save it again from Excel as .xlsx, or export it as CSV")
        return []
    grids = []
    wanted = set(choose(list(book.sheetnames))) if choose else set(book.sheetnames)
    try:
        for sheet in (ws for ws in book.worksheets if ws.title in wanted):
            try:
                grids.append(_sheet_grid(sheet, display, problems))
            except Exception as exc:  # a damaged sheet: the others may still be read
                problems.error(Location(display, cell=f"{sheet.title}!A1"),
                               f"cannot read sheet '{sheet.title}': {exc}",
                               "save the workbook again from Excel, or export the sheet as CSV")
    finally:
        book.close()
    return grids


def _sheet_grid(sheet: Any, display: str, problems: Problems) -> Grid:
    """Stream one sheet's cells, never past MAX_ROWS × MAX_COLUMNS, whatever it claims."""
    from openpyxl.cell.read_only import ReadOnlyCell
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class Parser(WorkSheetParser):  # type: ignore[misc]
        def parse_cell(self, element: Any) -> dict[str, Any]:
            cell: dict[str, Any] = super().parse_cell(element)
            cell["formula"] = element.find(FORMULA_TAG) is not None
            return cell

    book = sheet.parent
    grid = Grid(display, sheet.title)
    cells: dict[int, dict[int, str]] = {}
    beyond: tuple[int, int] | None = None
    stored = 0  # cells kept: whatever the file claims, memory stays bounded
    with sheet._get_source() as source:
        parser = Parser(source, sheet._shared_strings, data_only=True, epoch=book.epoch,
                        date_formats=book._date_formats,
                        timedelta_formats=book._timedelta_formats)
        for _, row in parser.parse():
            for found in row:
                number, column = found["row"], found["column"]
                if found["value"] is None and not found["formula"]:
                    continue
                if number > MAX_ROWS or column > MAX_COLUMNS:
                    beyond = beyond or (number, column)
                    continue
                where = Location(display, number, column,
                                 f"{sheet.title}!{column_letter(column - 1)}{number}")
                if found["value"] is None:  # a workbook written by a program, never opened
                    problems.error(
                        where, "this cell holds a formula with no saved result, so its figure "
                        "is not in the file", "open the workbook in Excel and save it, so that "
                        "each formula's result is stored with it, or export the figures as "
                        "values (Paste Special, Values) or as CSV")
                    continue
                cell = ReadOnlyCell(sheet, number, column, found["value"], found["data_type"],
                                    found["style_id"])
                cells.setdefault(number, {})[column] = _clean(_cell_text(cell), where, problems)
                stored += 1
                if stored > MAX_SHEET_CELLS:
                    beyond = beyond or (number, column)
                    break
            if stored > MAX_SHEET_CELLS:
                break
        merged = parser.merged_cells
    if beyond is not None:
        number, column = beyond
        problems.error(Location(display, number, column,
                                f"{sheet.title}!{column_letter(column - 1)}{number}"),
                       f"a value lies beyond row {MAX_ROWS:,} or column "
                       f"{column_letter(MAX_COLUMNS - 1)}, further than reportgen reads",
                       "delete the stray cell (Ctrl+End in Excel finds the last one), or keep "
                       "only the rows the report needs")
    for ranges in merged.mergeCell if merged is not None else []:
        stored = _fill_merged(str(ranges.ref), cells, stored)
    last = max(cells, default=0)
    for number in range(1, last + 1):
        found = cells.get(number, {})
        width = max(found, default=0)
        grid.rows.append([found.get(c, "") for c in range(1, width + 1)])
        grid.lines.append(number)
    return grid


def _clean(text: str, where: Location, problems: Problems) -> str:
    """A cell's text without control characters, with a warning at the cell for any."""
    if not CONTROLS.search(text):
        return text
    clean, found = strip_controls(text, where.path)
    problems.extend(replace(problem, location=where) for problem in found)
    return clean


def _fill_merged(ref: str, cells: dict[int, dict[int, str]], stored: int) -> int:
    """A merged cell's value fills its whole range, as the reader sees it, while the sheet
    holds fewer than MAX_SHEET_CELLS cells; returns how many it holds then."""
    from openpyxl.utils.cell import range_boundaries

    min_col, min_row, max_col, max_row = range_boundaries(ref)
    value = cells.get(min_row, {}).get(min_col, "")
    if not value:
        return stored
    for number in range(min_row, min(max_row, MAX_ROWS) + 1):
        for column in range(min_col, min(max_col, MAX_COLUMNS) + 1):
            if stored >= MAX_SHEET_CELLS:
                return stored
            row = cells.setdefault(number, {})
            stored += column not in row
            row[column] = value
    return stored


def _cell_text(cell: Any) -> str:
    """A cell as a person reads it: 803 not 803.0; 12.5% for a percentage-formatted 0.125."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, datetime | date):
        # a date formatted to show only month and year (Dec-17) is read as the month
        shown = re.sub(r'"[^"]*"|\[[^]]*]', "", cell.number_format or "").lower()
        return f"{value:%b %Y}" if "d" not in shown else f"{value:%Y-%m-%d}"
    if isinstance(value, int | float):
        if "%" in (cell.number_format or ""):
            return f"{_plain(value * 100)}%"
        return _plain(value)
    return str(value)


def _plain(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else repr(round(number, 10))


WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")  # read by openpyxl
OLD_SUFFIXES = (".xls", ".ods")  # Excel 97-2003 and OpenDocument: read by python-calamine


def read_spreadsheet(path: Path, display: str, problems: Problems,
                     choose: Callable[[list[str]], list[str]] | None = None) -> list[Grid]:
    """The sheets of any spreadsheet reportgen reads: .xlsx and .xlsm through openpyxl (with
    its checks), .xls and .ods through python-calamine, within the same bounds."""
    if path.suffix.lower() in OLD_SUFFIXES:
        return _read_calamine(path, display, problems, choose)
    return read_workbook(path, display, problems, choose)


def _read_calamine(path: Path, display: str, problems: Problems,
                   choose: Callable[[list[str]], list[str]] | None) -> list[Grid]:
    try:
        import python_calamine
    except ImportError:
        problems.error(Location(display), f"reading {path.suffix} files needs the "
                       "python-calamine package, which is not installed",
                       "save the file as .xlsx or as CSV UTF-8, or install it with "
                       "pip install python-calamine")
        return []
    raw = read_bytes(path, display)
    try:
        check_workbook(raw, display)  # an .ods is a zip: the same bound on its unzipped size
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(raw))
    except ReportError as exc:
        problems.extend(exc.problems)
        return []
    except Exception as exc:  # calamine raises its own kinds for a damaged file
        problems.error(Location(display), f"cannot read the spreadsheet: {exc}",
                       "save it again as .xlsx, or export it as CSV")
        return []
    names = list(book.sheet_names)
    wanted = set(choose(names)) if choose else set(names)
    grids = []
    for name in (n for n in names if n in wanted):
        try:
            grids.append(_calamine_grid(book.get_sheet_by_name(name), display, problems))
        except Exception as exc:  # a damaged sheet: the others may still be read
            problems.error(Location(display, cell=f"{name}!A1"), f"cannot read sheet "
                           f"'{name}': {exc}", "save the file again, or export the sheet as CSV")
    return grids


def _calamine_grid(sheet: Any, display: str, problems: Problems) -> Grid:
    """One sheet's cells as text, at their own rows and columns, never past the bounds."""
    grid = Grid(display, sheet.name)
    top, left = sheet.start or (0, 0)
    if sheet.height > MAX_ROWS or sheet.width > MAX_COLUMNS or (
            sheet.height * sheet.width > MAX_SHEET_CELLS):
        problems.error(Location(display, cell=f"{sheet.name}!A1"), f"the sheet holds "
                       f"{sheet.height:,} rows and {sheet.width:,} columns, more than "
                       "reportgen reads", "keep only the rows the report needs, or export "
                       "the sheet as CSV")
        return grid
    for offset, row in enumerate(sheet.to_python(skip_empty_area=False)):
        line = top + offset + 1
        cells = [_value_text(v) for v in row]
        if any(CONTROLS.search(cell) for cell in cells):  # removed, as from a CSV file
            cells = [_clean(cell, Location(display, line, left + n + 1, f"{sheet.name}!"
                                           f"{column_letter(left + n)}{line}"), problems)
                     for n, cell in enumerate(cells)]
        grid.rows.append([""] * left + cells)
        grid.lines.append(line)
    return grid


def _value_text(value: Any) -> str:
    """A cell's value as a person reads it: 803 not 803.0, a date as 2019-10-01."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, datetime | date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, int | float):
        return _plain(value)
    return str(value)
