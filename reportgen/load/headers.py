"""A source's columns in a header row: by header text (spaces and case ignored), by
spreadsheet letter (`column C`), or, left to their defaults, by the aliases a quarter
folder's file may use."""

from __future__ import annotations

import re

from reportgen.errors import Problems
from reportgen.load.config import Source
from reportgen.load.periods import accepted_forms
from reportgen.load.tables import ALIASES
from reportgen.paths import CONFIG_FILE
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


def names(source: Source) -> str:
    """The columns a source gives, as a message lists them."""
    if source.kpi_columns:
        return ", ".join([*([f"'{source.period}'"] if source.period.strip().lower() != "sheet"
                            else []), "a column per KPI, named by its id or by codes:"])
    named = [source.kpi, *([source.period, *source.figure_columns]
                           if source.layout == "long" else [])]
    return ", ".join(f"'{n}'" for n in named if n.strip().lower() != "sheet")


def no_header(grid: Grid, source: Source, start_month: int, problems: Problems,
              builtin: bool = False) -> None:
    """Say why no header row was found: columns separated by ';'; in a wide table, a row
    that names the KPI column but holds no period label (its labels are the cause); in a
    quarter folder's file, the first column missing from the likeliest header row."""
    first = grid.rows[0] if grid.rows else []
    if grid.sheet is None and len(first) == 1 and ";" in first[0]:
        problems.error(grid.at(0), "the columns are separated by ';', not ','",
                       "save the file from Excel as 'CSV UTF-8 (Comma delimited)'")
        return
    found = wide_header(grid, source) if source.layout == "wide" or builtin else None
    if builtin:
        index = found[0] if found else 0
        header = [key(cell) for cell in grid.rows[index]] if grid.rows else []
        missing = next(name for name in ("kpi", "value") if find_field(header, source, name)
                       is None)
        problems.error(grid.at(index, 0), f"missing column '{missing}' (or "
                       f"{', '.join(ALIASES[missing][1:])})", "the header must include: kpi, "
                       "value; title rows above it are skipped")
        return
    if found is not None:
        index, labels = found
        problems.error(grid.at(index), f"the header row names '{source.kpi}' but none of its "
                       "other cells is a period label ("
                       + ", ".join(f"'{label}'" for label in labels[:3])
                       + (", ..." if len(labels) > 3 else "") + ")",
                       f"write the periods in one of the forms: {accepted_forms(start_month)}")
        return
    problems.error(grid.at(0), "no header row names the columns the source gives "
                   f"({names(source)})", f"check the column names in {CONFIG_FILE} (line "
                   f"{source.line}) against the file, or give header_row")
