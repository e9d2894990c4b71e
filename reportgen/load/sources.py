"""`sources:` in reportgen.yaml: the exports councils already have, read as they are."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from fnmatch import fnmatch
from pathlib import Path
from statistics import median

from reportgen.errors import Location, Problems, ReportError
from reportgen.load.cells import CellError, note_text, parse_ratio, parse_value
from reportgen.load.config import Aggregate, ProjectConfig, Source
from reportgen.load.dataset import Dataset, Observation, scoped
from reportgen.load.headers import find, find_field, key, names, no_header
from reportgen.load.kpis import Catalogue, Kpi
from reportgen.load.months import Months
from reportgen.load.periods import Period, PeriodError, read_period
from reportgen.load.scale import check_fractions
from reportgen.load.tables import NOTE_HEADERS, read_table
from reportgen.load.trace import SheetTrace
from reportgen.paths import CONFIG_FILE, TABLE_SUFFIXES
from reportgen.quarters import Quarter
from reportgen.safe.grids import Grid, column_letter, read_csv, read_spreadsheet

_GLOB = re.compile(r"[*?\[]")




def read_sources(root: Path, config: ProjectConfig, catalogue: Catalogue, dataset: Dataset,
                 problems: Problems, until: Quarter | None = None) -> None:
    """Read every declared source into the dataset, beside the quarter folders."""
    for source in config.sources:
        where = Location(CONFIG_FILE, source.line or None)
        codes = _codes(root, source, where, catalogue, problems)
        reader = _Reader(source, config.fiscal_year_start_month, catalogue, codes, dataset,
                         problems, until)
        for path in _files(root, source, where, problems):
            dataset.files.append(path)
            reader.read_file(path, path.relative_to(root).as_posix())
        reader.finish()


def _files(root: Path, source: Source, where: Location, problems: Problems) -> list[Path]:
    """The files a source names, all inside the project; none is an error."""
    pattern = source.file.replace("\\", "/")
    if Path(pattern).is_absolute() or ".." in Path(pattern).parts:
        problems.error(where, f"source file '{source.file}' is outside the project",
                       "copy the export into the project (e.g. imports/) and name it from there")
        return []
    project = root.resolve()
    found = sorted(p for p in root.glob(pattern) if p.is_file()
                   and not p.name.startswith(("~$", "."))
                   and p.resolve().is_relative_to(project))
    if not found:
        problems.error(where, f"no file matches '{source.file}'",
                       "check the path, which is relative to the project folder, or remove "
                       "the source")
    usable = [p for p in found if p.suffix.lower() in TABLE_SUFFIXES]
    for path in sorted(set(found) - set(usable)):
        problems.error(Location(path.relative_to(root).as_posix()),
                       "reportgen reads CSV files and spreadsheets (.xlsx, .xlsm, .xls, .ods), "
                       f"not {path.suffix or 'this file'}", "save it as .xlsx or as CSV UTF-8")
    return usable


def _codes(root: Path, source: Source, where: Location, catalogue: Catalogue,
           problems: Problems) -> dict[str, str]:
    """The source's own codes and titles, mapped to KPI ids (from the YAML or a CSV)."""
    mapping: dict[str, tuple[str, Location]] = {}
    if isinstance(source.codes, dict):
        mapping = {key(code): (kpi, where) for code, kpi in source.codes.items()}
    else:
        path = root / source.codes
        display = source.codes
        if not path.resolve().is_relative_to(root.resolve()) or not path.is_file():
            problems.error(where, f"codes file '{source.codes}' is not a file in the project",
                           "give the path of a CSV with the columns code,kpi")
            return {}
        for row in read_table(path, display, ("code", "kpi"), problems):
            mapping[key(row.get("code"))] = (row.get("kpi"), row.location)
    codes = {}
    for code, (kpi_id, place) in mapping.items():
        if kpi_id not in catalogue.kpis:
            if catalogue.complete:
                problems.error(place, f"codes maps '{code}' to unknown KPI '{kpi_id}'",
                               catalogue.suggest(kpi_id))
            continue
        codes[code] = kpi_id
    return codes


@dataclass
class _Columns:
    """Where each named column is in one grid's header row."""

    header: int
    kpi: int
    period: int | None = None
    value: int | None = None  # or the numerator's column
    denominator: int | None = None
    note: int | None = None
    where: dict[int, set[str]] = field(default_factory=dict)
    periods: dict[int, Period] = field(default_factory=dict)  # wide: period columns
    kpis: dict[int, Kpi] = field(default_factory=dict)  # kpi: columns: one column per KPI


@dataclass
class _Reader:
    """Reads one source's files, row by row, into the dataset."""

    source: Source
    start_month: int
    catalogue: Catalogue
    codes: dict[str, str]
    dataset: Dataset
    problems: Problems
    until: Quarter | None
    unknown: dict[str, list[Location]] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)  # the catalogue's ids, matched loosely
    pooled: dict[tuple[str, Quarter], list[tuple[Decimal | None, Location]]] = field(
        default_factory=dict)
    headers: set[str] = field(default_factory=set)  # kpi: columns: the headers read
    # wide: a whole year's column beside the quarters (a committee table's last outturn),
    # left alone for quarterly KPIs: its header cell, label and the figures not read
    years: dict[str, tuple[Location, str, int]] = field(default_factory=dict)
    months: Months | None = None  # monthly: the months read, made into quarters at the end
    month_told: bool = False  # month labels without monthly: are an error once, at the first
    percents: dict[tuple[str, str | None], list[Observation]] = field(default_factory=dict)
    trace: SheetTrace = field(default_factory=lambda: SheetTrace(0, ""))  # the grid being read

    def __post_init__(self) -> None:
        if self.source.monthly:
            self.months = Months(self.source.monthly)

    @property
    def where(self) -> Location:
        return Location(CONFIG_FILE, self.source.line or None)

    def read_file(self, path: Path, display: str) -> None:
        try:
            grids = self._grids(path, display)
        except ReportError as exc:
            self.problems.extend(exc.problems)
            return
        read = [grid for grid in grids if self._read_grid(grid, explicit=len(grids) == 1)]
        if grids and not read:
            self.problems.error(Location(display), "no sheet has a header row naming the "
                                f"columns the source gives ({names(self.source)})",
                                f"check the column names in {CONFIG_FILE} (line "
                                f"{self.source.line}) against the file, or give header_row")

    def _grids(self, path: Path, display: str) -> list[Grid]:
        if path.suffix.lower() == ".csv":
            if self.source.period.strip().lower() == "sheet":
                self.problems.error(self.where, f"period: sheet needs a workbook, but "
                                    f"{display} is a CSV file", "name the column that holds "
                                    "the period, e.g. period: Period")
                return []
            return [read_csv(path, display, self.problems)]
        pattern = self.source.sheet.strip().casefold()
        names: list[str] = []

        def choose(sheets: list[str]) -> list[str]:
            names.extend(sheets)
            return [name for name in sheets if fnmatch(name.strip().casefold(), pattern)]

        chosen = read_spreadsheet(path, display, self.problems, choose)
        if not chosen and names:
            listed = ", ".join(f"'{name}'" for name in names)
            self.problems.error(Location(display), f"no sheet matches '{self.source.sheet}'",
                                f"the workbook's sheets are {listed}")
        return chosen

    # ------------------------------------------------------------------ header and columns

    def _read_grid(self, grid: Grid, explicit: bool) -> bool:
        """Read one grid; False when it has no header row (a notes sheet in a workbook)."""
        columns = self._columns(grid)
        self.trace = SheetTrace(self.source.line, grid.display, grid.sheet)
        if columns is None:
            explicit = explicit or not _GLOB.search(self.source.sheet)
            if explicit and grid.used:
                self.dataset.traces.append(self.trace)
                no_header(grid, self.source, self.start_month, self.problems)
                return True
            return False
        sheet_period = None
        if self.source.period.strip().lower() == "sheet" and self.source.layout == "long":
            try:
                sheet_period = self.read_period(grid.sheet or "", named=True)
            except PeriodError as exc:
                self.problems.error(grid.at(0), f"sheet name: {exc.message}", exc.hint)
                return True
        self.dataset.traces.append(self.trace)
        self.trace.header = grid.lines[columns.header]
        self.trace.columns = _matched(grid, columns)
        for index in range(columns.header + 1, len(grid.rows)):
            if not _has_figures(grid, index, columns):
                continue
            if not _kept(grid, index, columns):
                self.trace.leave("by where:")
                continue
            before = self.trace.figures
            self._row(grid, index, columns, sheet_period)
            self.trace.kept += self.trace.figures > before
        return True

    def _columns(self, grid: Grid) -> _Columns | None:
        source = self.source
        candidates = range(len(grid.rows))
        if source.header_row is not None:
            candidates = range(source.header_row - 1, min(source.header_row, len(grid.rows)))
        for index in candidates:
            header = [key(cell) for cell in grid.rows[index]]
            found = self._match(grid, index, header)
            if found is not None:
                return found
        return None

    def _match(self, grid: Grid, index: int, header: list[str]) -> _Columns | None:
        source = self.source
        kpi = -1 if source.kpi_columns else find_field(header, source, "kpi")
        if kpi is None:
            return None
        columns = _Columns(index, kpi)
        if source.layout == "long":
            if source.period.strip().lower() != "sheet":
                columns.period = find(header, source.period)
                if columns.period is None:
                    return None
            if source.kpi_columns:
                columns.kpis = {i: found for i, text in enumerate(grid.rows[index])
                                if i != columns.period and (found := self._lookup(text))}
                if not columns.kpis:
                    return None
                self.headers.update(header)
                self._one_column_each(grid, index, columns)
            else:
                figures = ([find(header, name) for name in source.figure_columns]
                           if source.numerator else [find_field(header, source, "value")])
                if None in figures:
                    return None
                columns.value, columns.denominator = figures[0], (figures[1:] or [None])[0]
        else:
            columns.periods = self._period_columns(grid, index, kpi)
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
                self.problems.error(grid.at(index), f"the header has no column '{source.note}' "
                                    "for the note", f"check note: in {CONFIG_FILE} (line "
                                    f"{source.line})")
        for name, values in source.where.items():
            column = find(header, name)
            if column is None:
                self.problems.error(grid.at(index), f"where: names column '{name}', which the "
                                    "header does not have", f"check where: in {CONFIG_FILE} "
                                    f"(line {source.line})")
                columns.where[-1] = set()  # keeps no row: an unfiltered read would mislead
                continue
            columns.where[column] = {key(v) for v in values}
        return columns

    def _one_column_each(self, grid: Grid, index: int, columns: _Columns) -> None:
        """Two columns for one KPI would be pooled or clash row by row: an error, once."""
        first: dict[str, int] = {}
        for column, kpi in list(columns.kpis.items()):
            if kpi.id in first:
                earlier = grid.cell(index, first[kpi.id])
                self.problems.error(grid.at(index, column), f"columns '{earlier}' and "
                                    f"'{grid.cell(index, column)}' are both {kpi.id}",
                                    f"map only one of them to it under codes: in {CONFIG_FILE} "
                                    f"(line {self.source.line})")
                del columns.kpis[column]
            else:
                first[kpi.id] = column

    def _period_columns(self, grid: Grid, index: int, kpi: int) -> dict[int, Period]:
        """Wide layout: every column whose header is a period label is a period."""
        periods = {}
        for column, cell in enumerate(grid.rows[index]):
            if column == kpi or not cell.strip():
                continue
            try:
                periods[column] = self.read_period(cell)
            except PeriodError as exc:
                if exc.ambiguous or (exc.month and not self.month_told):
                    self.month_told = self.month_told or exc.month
                    self.problems.error(grid.at(index, column), exc.message, exc.hint)
        return periods

    # ------------------------------------------------------------------ rows

    def _lookup(self, text: str) -> Kpi | None:
        """The KPI a code, title or id names (through codes:, else the catalogue's ids)."""
        kpi_id = self.codes.get(key(text))
        if kpi_id is None:
            if not self.ids:
                self.ids.update({key(k): k for k in self.catalogue.kpis})
            kpi_id = self.ids.get(key(text))
        return None if kpi_id is None else self.catalogue.kpis[kpi_id]

    def _kpi(self, grid: Grid, index: int, columns: _Columns) -> Kpi | None:
        text = grid.cell(index, columns.kpi)
        kpi = self._lookup(text)
        if kpi is None and self.source.unlisted == "error" and text:
            self.unknown.setdefault(text, []).append(grid.at(index, columns.kpi))
        if kpi is None:
            self.trace.leave("an unknown KPI (an error)" if self.source.unlisted == "error"
                             else "a KPI not in the catalogue or codes: (unlisted: ignore)")
        return kpi

    def _row(self, grid: Grid, index: int, columns: _Columns, sheet_period: Period | None) -> None:
        if columns.kpis:
            period = sheet_period or self._period(grid, index, columns)
            for column, each in columns.kpis.items():
                if period and grid.cell(index, column):
                    self._figure(each, period, grid, index, column, "")
            return
        kpi = self._kpi(grid, index, columns)
        if kpi is None:
            return
        note = note_text(grid.cell(index, columns.note)) if columns.note is not None else ""
        if self.source.layout == "wide":
            cells = [(column, label) for column, label in columns.periods.items()
                     if grid.cell(index, column)
                     and not self._whole_year(kpi, label, grid, columns, column)]
            for position, (column, label) in enumerate(cells):
                last = position == len(cells) - 1  # a wide row's note is for its latest figure
                self._figure(kpi, label, grid, index, column, note if last else "")
            return
        period = sheet_period or self._period(grid, index, columns)
        if period is None:
            return
        assert columns.value is not None
        if grid.cell(index, columns.value) or note:
            self._figure(kpi, period, grid, index, columns.value, note, columns.denominator)

    def _whole_year(self, kpi: Kpi, label: Period, grid: Grid, columns: _Columns,
                    column: int) -> bool:
        """A financial year's column beside quarter columns, for a quarterly KPI: counted,
        and not read. In a table of years alone, a quarterly KPI is an error at its cell."""
        if not label.annual or kpi.frequency == "annual" or all(
                period.annual for period in columns.periods.values()):
            return False
        place = grid.at(columns.header, column)
        _, text, count = self.years.get(str(place), (place, grid.cell(columns.header, column),
                                                     0))
        self.years[str(place)] = (place, text, count + 1)
        return True

    def _period(self, grid: Grid, index: int, columns: _Columns) -> Period | None:
        """A long row's period, from its period column; None (reported) when unreadable."""
        assert columns.period is not None
        try:
            return self.read_period(grid.cell(index, columns.period))
        except PeriodError as exc:
            self.trace.leave("a period that could not be read (an error)")
            if not (exc.month and self.month_told):
                self.problems.error(grid.at(index, columns.period), exc.message, exc.hint)
            self.month_told = self.month_told or exc.month
            return None

    def read_period(self, text: str, named: bool = False) -> Period:
        return read_period(text, self.start_month, self.source.years,
                           monthly=self.months is not None, named=named)

    def _figure(self, kpi: Kpi, period: Period, grid: Grid, index: int, column: int,
                note: str, denominator: int | None = None) -> None:
        quarter, place = period.quarter, grid.at(index, column)
        found = Problems()
        comparator = self.source.comparator_name
        try:
            if period.annual and kpi.frequency != "annual":
                named = period.label or f"the financial year {quarter.fiscal_year_label}"
                raise CellError(f"the period is {named}, but {kpi.id} is reported quarterly",
                                "give the quarter, or set frequency: annual for the KPI in the "
                                "catalogue")
            if kpi.derived and comparator is None:
                raise CellError(f"{kpi.id} is derived, so it is computed, not read",
                                "give its components' figures instead, or " + (
                                    "take its column out of codes:" if self.source.kpi_columns
                                    else "drop the row with where:"))
            if denominator is None:
                value, symbol = parse_value(grid.cell(index, column), kpi,
                                            tuple(self.source.missing), self.source.scale)
            else:
                value, symbol = parse_ratio(grid.cell(index, column),
                                            grid.cell(index, denominator), self.source.per,
                                            tuple(self.source.missing))
        except CellError as exc:
            self.trace.leave("a figure that could not be read (an error)")
            found.error(place, exc.message, exc.hint)
            if comparator is None:
                self.dataset.rejected.add((kpi.id, quarter))
            scoped(found, self.problems, quarter, self.until)
            return
        parts = () if denominator is None else (
            ("numerator", grid.cell(index, column)), ("denominator", grid.cell(index, denominator)))
        observation = Observation(value, symbol, note, place, period.annual, period.label,
                                  period.month, parts=parts)
        self.trace.figures += 1
        self.trace.quarters.add(quarter)
        self.trace.kpis.add(kpi.id)
        if symbol:
            self.trace.leave(f"a marker, read as {symbol} (kept as not available)")
        if kpi.unit == "percent" and value is not None:
            self.percents.setdefault((kpi.id, comparator), []).append(observation)
        if isinstance(self.source.comparator, Aggregate):  # pooled until every row is read
            self.pooled.setdefault((kpi.id, quarter), []).append((value, place))
            return
        if self.months is not None and period.month is not None:
            self.months.add(kpi.id, quarter, period.month, observation, comparator, found)
        else:
            self.dataset.add(kpi.id, quarter, observation, found, comparator)
        scoped(found, self.problems, quarter, self.until)

    def finish(self) -> None:
        """Report unknown KPIs once each, make quarters of months, check for fractions given
        as percentages, and compute an aggregate comparator."""
        if self.months is not None:
            self.months.into(self.dataset, self.problems, self.until)
        check_fractions(self.percents, self.source, self.problems,
                        self.dataset.fractions_checked)
        for text, places in self.unknown.items() if self.catalogue.complete else ():
            # with a broken catalogue, its own error explains every row
            more = f" (and {len(places) - 1} more rows)" if len(places) > 1 else ""
            self.problems.error(places[0], f"unknown KPI '{text}'{more}",
                                f"map it to a KPI id under codes: in {CONFIG_FILE} (line "
                                f"{self.source.line}), or set unlisted: ignore to skip such rows")
        for place, text, count in self.years.values():
            self.problems.warning(place, f"column '{text.strip()}' is a whole financial year, "
                                  f"so its figures for quarterly KPIs ({count}) are not read",
                                  "that is right for last year's outturn beside the quarters; "
                                  "a KPI reported once a year needs frequency: annual in the "
                                  "catalogue")
        codes = self.source.codes
        written = {key(c): c for c in codes} if isinstance(codes, dict) else {}
        for code in sorted(set(self.codes) - self.headers) if self.headers else ():
            self.problems.warning(self.where, f"codes: '{written.get(code, code)}' names no "
                                  "column of the file, so its KPI gets no figures from it",
                                  "check its spelling against the file's header row")
        if isinstance(self.source.comparator, Aggregate):
            _aggregate(self.pooled, self.source.comparator, self.dataset, self.problems)


def _aggregate(pooled: dict[tuple[str, Quarter], list[tuple[Decimal | None, Location]]],
               aggregate: Aggregate, dataset: Dataset, problems: Problems) -> None:
    """A comparator that is the mean or median of several areas' rows."""
    for (kpi_id, quarter), pool in pooled.items():
        values = [v for v, _ in pool if v is not None]
        if not values:
            figure, symbol = None, "[x]"
        elif aggregate.aggregate == "median":
            figure, symbol = Decimal(median(values)), None
        else:  # kept whole: the shown figure and the standing round it once, half up
            figure, symbol = sum(values, Decimal(0)) / len(values), None
        found = Problems()
        dataset.add(kpi_id, quarter, Observation(figure, symbol, "", pool[0][1]), found,
                    aggregate.name)
        problems.extend(found)


def _has_figures(grid: Grid, index: int, columns: _Columns) -> bool:
    """False for blank rows and footnotes ("Source: StatsWales") below a table."""
    if columns.periods or columns.kpis:
        return any(grid.cell(index, column) for column in columns.periods or columns.kpis)
    return any(grid.cell(index, column) for column in (columns.period, columns.value)
               if column is not None)


def _kept(grid: Grid, index: int, columns: _Columns) -> bool:
    return all(column >= 0 and key(grid.cell(index, column)) in allowed
               for column, allowed in columns.where.items())


def _matched(grid: Grid, columns: _Columns) -> dict[str, str]:
    """Each role the source gives, and the header it was matched to (or its letter)."""
    def named(column: int) -> str:
        return grid.cell(columns.header, column) or f"column {column_letter(column)}"

    roles = {"kpi": columns.kpi, "period": columns.period, "value": columns.value,
             "denominator": columns.denominator, "note": columns.note}
    found = {role: named(c) for role, c in roles.items() if c is not None and c >= 0}
    if columns.periods:
        found["periods"] = f"{len(columns.periods)} columns"
    if columns.kpis:
        found["kpis"] = ", ".join(named(c) for c in columns.kpis)
    return found
