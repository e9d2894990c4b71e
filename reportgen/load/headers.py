"""A source's columns in a header row: by header text (spaces and case ignored), by
spreadsheet letter (`column C`), or, left to their defaults, by the aliases a quarter
folder's file may use."""

from __future__ import annotations

import re

from reportgen.load.config import Source
from reportgen.load.tables import ALIASES
from reportgen.safe.grids import Grid, column_index

_LETTER = re.compile(r"^column\s+([a-z]{1,3})$", re.I)


def key(text: str) -> str:
    """Headers, codes, titles and labels match with surrounding spaces and case ignored."""
    return " ".join(str(text).split()).casefold()


def find(header: list[str], spec: str) -> int | None:
    letter = _LETTER.match(spec.strip())
    if letter:
        return column_index(letter[1])
    wanted = key(spec)
    return header.index(wanted) if wanted in header else None


def find_field(header: list[str], source: Source, name: str) -> int | None:
    """The column for `kpi` or `value`: as the source names it, or, left to its default,
    under any of the headers a quarter folder's file may use (KPI ref, Figure, ...)."""
    if name in source.model_fields_set or name not in ALIASES:
        return find(header, str(getattr(source, name)))
    return next((header.index(alias) for alias in ALIASES[name] if alias in header), None)


def wide_header(grid: Grid, source: Source) -> tuple[int, list[str]] | None:
    """The first row (the given header_row, if any) that names the KPI column, and the
    texts of its other cells."""
    rows = range(len(grid.rows)) if source.header_row is None else [source.header_row - 1]
    for index in (i for i in rows if i < len(grid.rows)):
        header = [key(cell) for cell in grid.rows[index]]
        column = find_field(header, source, "kpi")
        if column is not None:
            return index, [c.strip() for i, c in enumerate(grid.rows[index])
                           if i != column and c.strip()]
    return None
