"""Bounds for spreadsheets: a small .xlsx can unzip to gigabytes or declare billions of cells."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from reportgen.errors import Location, Problem, ReportError
from reportgen.safe.files import MB

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


def check_sheet_size(sheet: Any, display: str,
                     limit: int = MAX_SHEET_CELLS) -> Problem | None:
    """An error if reading the openpyxl worksheet would visit more than `limit` cells: a stray
    cell far down or to the right makes a tiny file a huge grid.
    Call before iterating the sheet's rows; the error is at the sheet's last row and column,
    the cell Excel's Ctrl+End goes to."""
    from openpyxl.utils import get_column_letter

    rows, columns = sheet.max_row or 0, sheet.max_column or 0
    if rows * columns > limit:
        corner = f"{get_column_letter(columns)}{rows}"
        return Problem(
            Location(display, rows, columns, f"{sheet.title}!{corner}"),
            f"the sheet reaches cell {corner}, {rows:,} rows × "
            f"{columns:,} columns, more than the {limit:,} cells reportgen reads",
            "delete the stray content far below or to the right (Ctrl+End in Excel goes to "
            "it), or export the sheet as CSV")
    return None

