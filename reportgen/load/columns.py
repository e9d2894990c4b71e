"""Where a source's columns are in one grid: the header row found, and each role's column."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from reportgen.errors import Problems
from reportgen.load.config import Source
from reportgen.load.headers import find, find_field, key
from reportgen.load.kpis import Kpi
from reportgen.load.periods import Period
from reportgen.load.tables import NOTE_HEADERS
from reportgen.paths import CONFIG_FILE
from reportgen.safe.grids import Grid, column_letter


@dataclass
class Columns:
    """Where each named column is in one grid's header row."""

    header: int
    kpi: int
    period: int | None = None
    quarter: int | None = None  # a quarter folder's file may say its quarter on each row
    value: int | None = None  # or the numerator's column
    denominator: int | None = None
    note: int | None = None
    status: int | None = None  # `p` in a column headed status marks a figure provisional
    where: dict[int, set[str]] = field(default_factory=dict)
    periods: dict[int, Period] = field(default_factory=dict)  # wide: period columns
    kpis: dict[int, Kpi] = field(default_factory=dict)  # kpi: columns: one column per KPI

    def has_figures(self, grid: Grid, index: int) -> bool:
        """False for blank rows and footnotes ("Source: StatsWales") below a table; in a
        quarter folder's file (no period column) a row naming a KPI counts."""
        if self.periods or self.kpis:
            return any(grid.cell(index, column) for column in self.periods or self.kpis)
        read = (self.period, self.value) if self.period is not None else (self.kpi, self.value)
        return any(grid.cell(index, column) for column in read if column is not None)

    def kept(self, grid: Grid, index: int) -> bool:
        """The row passes the source's where: filters."""
        return all(column >= 0 and key(grid.cell(index, column)) in allowed
                   for column, allowed in self.where.items())

    def matched(self, grid: Grid) -> dict[str, str]:
        """Each role the source gives, and the header it was matched to (or its letter)."""
        def named(column: int) -> str:
            return grid.cell(self.header, column) or f"column {column_letter(column)}"

        roles = {"kpi": self.kpi, "period": self.period, "value": self.value,
                 "denominator": self.denominator, "note": self.note}
        found = {role: named(c) for role, c in roles.items() if c is not None and c >= 0}
        if self.periods:
            found["periods"] = f"{len(self.periods)} columns"
        if self.kpis:
            found["kpis"] = ", ".join(named(c) for c in self.kpis)
        return found


PeriodColumns = Callable[[Grid, int, int], dict[int, Period]]


def find_columns(grid: Grid, source: Source, dated: bool, lookup: Callable[[str], Kpi | None],
                 period_columns: PeriodColumns, problems: Problems) -> Columns | None:
    """The first row (the given header_row, if any) naming the columns the source gives.
    `dated`: the period is the sheet's name or the quarter folder's, not a column."""
    candidates = range(len(grid.rows))
    if source.header_row is not None:
        candidates = range(source.header_row - 1, min(source.header_row, len(grid.rows)))
    for index in candidates:
        found = _match(grid, index, source, dated, lookup, period_columns, problems)
        if found is not None:
            found.quarter = find([key(c) for c in grid.rows[index]], "quarter") if dated else None
            return found
    return None


def _match(grid: Grid, index: int, source: Source, dated: bool,
           lookup: Callable[[str], Kpi | None], period_columns: PeriodColumns,
           problems: Problems) -> Columns | None:
    header = [key(cell) for cell in grid.rows[index]]
    kpi = -1 if source.kpi_columns else find_field(header, source, "kpi")
    if kpi is None:
        return None
    columns = Columns(index, kpi)
    if source.layout == "long":
        if not dated:
            columns.period = find(header, source.period)
            if columns.period is None:
                return None
        if source.kpi_columns:
            columns.kpis = {i: found for i, text in enumerate(grid.rows[index])
                            if i != columns.period and (found := lookup(text))}
            if not columns.kpis:
                return None
            _one_column_each(grid, index, columns, source, problems)
        else:
            figures = ([find(header, name) for name in source.figure_columns]
                       if source.numerator else [find_field(header, source, "value")])
            if None in figures:
                return None
            columns.value, columns.denominator = figures[0], (figures[1:] or [None])[0]
    else:
        columns.periods = period_columns(grid, index, kpi)
        if not columns.periods:
            return None
    if source.kpi_columns:  # no note: it could not say which of the row's KPIs it is about
        pass
    elif source.note is None:  # a commentary column is read even when not declared
        columns.note = next((i for i, h in enumerate(header) if h in NOTE_HEADERS
                             and i not in (columns.kpi, columns.value,
                                           columns.denominator)), None)
    else:
        columns.note = find(header, source.note)
        if columns.note is None:
            problems.error(grid.at(index), f"the header has no column '{source.note}' "
                           "for the note", f"check note: in {CONFIG_FILE} (line "
                           f"{source.line})")
    if source.status is not None:
        columns.status = find(header, source.status)
        if columns.status is None:
            problems.error(grid.at(index), f"the header has no column '{source.status}' "
                           "for the status", f"check status: in {CONFIG_FILE} (line "
                           f"{source.line})")
    elif not source.kpi_columns and source.layout == "long":
        columns.status = next((i for i, h in enumerate(header) if h == "status"), None)
    for name, values in source.where.items():
        column = find(header, name)
        if column is None:
            problems.error(grid.at(index), f"where: names column '{name}', which the "
                           "header does not have", f"check where: in {CONFIG_FILE} "
                           f"(line {source.line})")
            columns.where[-1] = set()  # keeps no row: an unfiltered read would mislead
            continue
        columns.where[column] = {key(v) for v in values}
    return columns


def _one_column_each(grid: Grid, index: int, columns: Columns, source: Source,
                     problems: Problems) -> None:
    """Two columns for one KPI would be pooled or clash row by row: an error, once."""
    first: dict[str, int] = {}
    for column, kpi in list(columns.kpis.items()):
        if kpi.id in first:
            earlier = grid.cell(index, first[kpi.id])
            problems.error(grid.at(index, column), f"columns '{earlier}' and "
                           f"'{grid.cell(index, column)}' are both {kpi.id}",
                           f"map only one of them to it under codes: in {CONFIG_FILE} "
                           f"(line {source.line})")
            del columns.kpis[column]
        else:
            first[kpi.id] = column
