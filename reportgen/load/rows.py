"""The one row reader: a source's grids, row by row, into the dataset. A quarter folder's
file is read here too, as a built-in long source whose period is the folder."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from reportgen.errors import Location, Problems, ReportError, closest
from reportgen.load.cells import CellError, note_text, parse_ratio, parse_value
from reportgen.load.columns import Columns, find_columns
from reportgen.load.config import Aggregate, Source
from reportgen.load.dataset import Dataset, Observation, scoped
from reportgen.load.headers import key, names, no_header
from reportgen.load.kpis import Catalogue, Kpi
from reportgen.load.months import Months
from reportgen.load.periods import Period, PeriodError, read_period
from reportgen.load.pooled import aggregate
from reportgen.load.scale import check_fractions
from reportgen.load.sheets import grids
from reportgen.load.trace import SheetTrace
from reportgen.paths import CONFIG_FILE, DATA_DIR
from reportgen.quarters import Quarter
from reportgen.safe.grids import Grid
from reportgen.safe.sanitise import conflict_marker, conflict_problem

_GLOB = re.compile(r"[*?\[]")


@dataclass
class Reader:
    """Reads one source's files (or one quarter folder's), row by row, into the dataset."""

    source: Source
    start_month: int
    catalogue: Catalogue
    codes: dict[str, str]
    dataset: Dataset
    problems: Problems
    until: Quarter | None
    folder: Quarter | None = None  # a quarter folder's: the period of every row
    directorates: Collection[str] | None = None  # a quarter folder's: the sheets to read
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
    spelled: dict[str, str] = field(default_factory=dict)  # each code as codes: writes it
    seen: dict[tuple[str, str | None, str], Location] = field(default_factory=dict)  # one file's

    def __post_init__(self) -> None:
        if self.source.monthly:
            self.months = Months(self.source.monthly)

    @property
    def where(self) -> Location:
        return Location(CONFIG_FILE, self.source.line or None)

    def read_file(self, path: Path, display: str) -> None:
        self.seen = {}  # a figure given twice in one file is an error; across files, a clash
        try:
            found = grids(path, display, self.source, self.problems, self.directorates)
        except ReportError as exc:
            self.problems.extend(exc.problems)
            return
        read = [grid for grid in found if self._read_grid(grid, explicit=len(found) == 1)]
        if found and not read:
            self.problems.error(Location(display), "no sheet has a header row naming the "
                                f"columns the source gives ({names(self.source)})",
                                f"check the column names in {CONFIG_FILE} (line "
                                f"{self.source.line}) against the file, or give header_row")

    # ------------------------------------------------------------------ grids

    def _read_grid(self, grid: Grid, explicit: bool) -> bool:
        """Read one grid; False when it has no header row (a notes sheet in a workbook)."""
        dated = self.folder is not None or self.source.period.strip().lower() == "sheet"
        columns = find_columns(grid, self.source, dated, self._lookup, self._period_columns,
                               self.problems)
        self.trace = SheetTrace(self.source.line, grid.display, grid.sheet)
        if columns is None:
            explicit = explicit or self.folder is not None or not _GLOB.search(self.source.sheet)
            if explicit and (grid.used or self.folder is not None):
                self.dataset.traces.append(self.trace)
                no_header(grid, self.source, self.start_month, self.problems,
                          builtin=self.folder is not None)
                return True
            return False
        sheet_period = self.folder and Period(self.folder)
        if self.folder is None and dated and self.source.layout == "long":
            try:
                sheet_period = self.read_period(grid.sheet or "", named=True)
            except PeriodError as exc:
                self.problems.error(grid.at(0), f"sheet name: {exc.message}", exc.hint)
                return True
        self.dataset.traces.append(self.trace)
        self.trace.header = grid.lines[columns.header]
        self.trace.columns = columns.matched(grid)
        if columns.kpis:
            self.headers.update(key(cell) for cell in grid.rows[columns.header])
        for index in range(columns.header + 1, len(grid.rows)):
            marker = conflict_marker(",".join(grid.rows[index]).rstrip(",")) \
                if grid.sheet is None else None
            if marker:  # two versions of the rows around it: neither may be read unnoticed
                self.trace.leave("a merge conflict marker (an error)")
                self.problems.extend([conflict_problem(grid.at(index), marker)])
                continue
            if not columns.has_figures(grid, index):
                continue
            if not columns.kept(grid, index):
                self.trace.leave("by where:")
                continue
            if not self._whole(grid, index, columns):
                continue
            before = self.trace.figures
            self._row(grid, index, columns, sheet_period or None)
            self.trace.kept += self.trace.figures > before
        return True

    def _whole(self, grid: Grid, index: int, columns: Columns) -> bool:
        """A CSV row with more or fewer fields than its header is an error at its line: an
        unquoted comma has moved its figures along; and a quarter folder's row that names
        another quarter is an error."""
        width = len(grid.rows[columns.header])
        if grid.sheet is None and len(grid.rows[index]) != width:
            self.trace.leave("a row with the wrong number of fields (an error)")
            self.problems.error(grid.at(index), f"row has {len(grid.rows[index])} fields but "
                                f"the header has {width}", "check for a missing or extra "
                                "comma; quote any value that contains a comma")
            return False
        text = grid.cell(index, columns.quarter) if columns.quarter is not None else ""
        if not text or self.folder is None:
            return True
        try:
            named = self.read_period(text).quarter
        except PeriodError as exc:
            self.problems.error(grid.at(index, columns.quarter), exc.message, exc.hint)
            return False
        if named != self.folder:
            self.problems.error(grid.at(index, columns.quarter), f"row is for {named} but the "
                                f"file is in the {self.folder} folder",
                                f"move it to {DATA_DIR.as_posix()}/{named}/")
            return False
        return True

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
        """The KPI a code, title or id names; none for an entry with an error of its own."""
        kpi_id = self._lookup_id(text)
        return None if kpi_id is None else self.catalogue.kpis.get(kpi_id)

    def _lookup_id(self, text: str) -> str | None:
        kpi_id = self.codes.get(key(text))
        if kpi_id is None:
            if not self.ids:
                self.ids.update({key(k): k for k in [*self.catalogue.kpis,
                                                     *self.catalogue.rejected]})
            kpi_id = self.ids.get(key(text))
        return kpi_id

    def _kpi(self, grid: Grid, index: int, columns: Columns) -> Kpi | None:
        text = grid.cell(index, columns.kpi)
        kpi = self._lookup(text)
        if kpi is not None:
            return kpi
        if self._lookup_id(text) is not None:  # its catalogue entry's error says why
            self.trace.leave("a KPI whose catalogue entry has an error")
        elif self.folder is not None and not grid.cell(index, columns.value or 0):
            self.trace.leave("a footnote: no KPI and no figure")  # as a source's rows need both
        elif self.source.unlisted == "error":
            if text:
                self.unknown.setdefault(text, []).append(grid.at(index, columns.kpi))
            self.trace.leave("an unknown KPI (an error)")
        else:
            self.trace.leave("a KPI not in the catalogue or codes: (unlisted: ignore)")
        return None

    def _row(self, grid: Grid, index: int, columns: Columns, sheet_period: Period | None) -> None:
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
        # a quarter folder's row keeps its place with no figure (the rows `new` writes)
        if grid.cell(index, columns.value) or note or self.folder is not None:
            # a source's Status is often its RAG ("above target"): read only when named
            named = self.folder is not None or self.source.status is not None
            status = grid.cell(index, columns.status) \
                if columns.status is not None and named else ""
            self._figure(kpi, period, grid, index, columns.value, note, columns.denominator,
                         status)

    def _whole_year(self, kpi: Kpi, label: Period, grid: Grid, columns: Columns,
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

    def _period(self, grid: Grid, index: int, columns: Columns) -> Period | None:
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

    def _twice(self, kpi: Kpi, period: Period, place: Location) -> bool:
        """The same KPI and period twice in one file: an error naming both places (a row
        refused for its figure does not count as the first)."""
        if isinstance(self.source.comparator, Aggregate):
            return False  # several areas' rows, pooled
        first = self.seen.get(self._when(kpi, period))
        if first is None:
            return False
        self.trace.leave("a KPI given twice (an error)")
        self.problems.error(place, f"{kpi.id} appears twice in {self._when(kpi, period)[-1]}",
                            f"the first is at {first}; keep one row")
        return True

    def _when(self, kpi: Kpi, period: Period) -> tuple[str, str | None, str]:
        label = (f"{period.month:%B %Y}" if period.month else period.label
                 or (period.quarter.fiscal_year_label if period.annual else str(period.quarter)))
        return kpi.id, self.source.comparator_name, label

    def _figure(self, kpi: Kpi, period: Period, grid: Grid, index: int, column: int,
                note: str, denominator: int | None = None, status: str = "") -> None:
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
                                    else "delete the row" if self.folder
                                    else "drop the row with where:"))
            if self._twice(kpi, period, place):
                return
            if denominator is None:
                value, symbol = parse_value(grid.cell(index, column), kpi,
                                            tuple(self.source.missing), self.source.scale,
                                            status)
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
        self.seen.setdefault(self._when(kpi, period), place)
        parts = () if denominator is None else (
            ("numerator", grid.cell(index, column)), ("denominator", grid.cell(index, denominator)))
        observation = Observation(value, symbol, note, place, period.annual, period.label,
                                  period.month, parts=parts)
        self.trace.figures += 1
        self.trace.quarters.add(quarter)
        self.trace.kpis.add(kpi.id)
        if symbol:
            self.trace.leave(f"a marker, read as {symbol} (kept as not available)")
        if kpi.unit == "percent" and value is not None and self.folder is None:
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
        if self.folder is None:
            check_fractions(self.percents, self.source, self.problems,
                            self.dataset.fractions_checked)
        for text, places in self.unknown.items() if self.catalogue.complete else ():
            # with a broken catalogue, or a broken entry, its own error explains every row
            if text in self.catalogue.rejected:
                continue
            more = f" (and {len(places) - 1} more rows)" if len(places) > 1 else ""
            self.problems.error(places[0], f"unknown KPI '{text}'{more}", self._unknown(text))
        quiet = self.source.year_columns == "ignore"  # the officer knows: said once, in YAML
        for place, text, count in self.years.values() if not quiet else ():
            self.problems.warning(place, f"column '{text.strip()}' is a whole financial year, "
                                  f"so its figures for quarterly KPIs ({count}) are not read",
                                  "that is right for last year's outturn beside the quarters "
                                  "(set year_columns: ignore on the source to say so and "
                                  "silence this); a KPI reported once a year needs frequency: "
                                  "annual in the catalogue")
        for code in sorted(set(self.codes) - self.headers) if self.headers else ():
            self.problems.warning(self.where, f"codes: '{self.spelled.get(code, code)}' names no "
                                  "column of the file, so its KPI gets no figures from it",
                                  "check its spelling against the file's header row")
        if isinstance(self.source.comparator, Aggregate):
            aggregate(self.pooled, self.source.comparator, self.dataset, self.problems)

    def _unknown(self, text: str) -> str:
        """How to fix an unknown KPI: the id it is close to, if any, and (for a source in
        reportgen.yaml) where to map it."""
        close = closest(text, self.catalogue.kpis)
        guess = f"did you mean '{close}'?" if close else ""
        if self.folder is not None:
            return guess or "add it to the KPI catalogue (kpis.yaml)"
        mapping = (f"map it to a KPI id under codes: in {CONFIG_FILE} (line {self.source.line}),"
                   " or set unlisted: ignore to skip such rows")
        return f"{guess} If not, {mapping}" if guess else mapping

