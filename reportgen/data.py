"""Quarterly data: every quarter folder under data/quarters/, and every declared source."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .catalogue import Catalogue, Kpi
from .config import ProjectConfig
from .errors import Location, Problem, Problems
from .periods import PeriodError, read_period
from .quarters import Quarter
from .tables import TABLE_SUFFIXES, Row, read_table
from .values import GSS_SYMBOLS, CellError, note_text, read_number, symbol_for

__all__ = ["GSS_SYMBOLS", "BudgetLine", "CellError", "Dataset", "Observation", "load_data",
           "parse_money", "parse_value"]

DATA_DIR = Path("data/quarters")
BUDGET_STEM = "budget"
_QUARTER_IN_NAME = re.compile(r"(?<![0-9])(\d{4}Q[1-4])(?![0-9])", re.I)
KPI_COLUMNS = ("kpi", "value")
BUDGET_COLUMNS = ("directorate", "budget", "projected_outturn")
SMALLEST_BUDGET = Decimal(100_000)  # a directorate budget below this was typed in £000s


@dataclass(frozen=True)
class Observation:
    """One KPI's reported value for one quarter, or the symbol that stands for it."""

    value: Decimal | None
    symbol: str | None
    note: str
    location: Location
    annual: bool = False  # read from a financial-year label, dated to the year's last quarter


@dataclass(frozen=True)
class BudgetLine:
    """One row of budget.csv: a directorate's (or one service's) budget and projection."""

    directorate: str
    service: str
    budget: Decimal
    outturn: Decimal
    location: Location


Observations = dict[tuple[str, Quarter], Observation]


@dataclass
class Dataset:
    """Everything read from data/quarters/ and the sources, keyed by KPI and quarter."""

    observations: Observations = field(default_factory=dict)
    budgets: dict[Quarter, list[BudgetLine]] = field(default_factory=dict)
    quarters: set[Quarter] = field(default_factory=set)
    files: list[Path] = field(default_factory=list)
    rejected: set[tuple[str, Quarter]] = field(default_factory=set)  # rows with an error
    comparators: dict[str, Observations] = field(default_factory=dict)  # by comparator name

    def add(self, kpi_id: str, quarter: Quarter, found: Observation, problems: Problems,
            comparator: str | None = None) -> None:
        """Record a figure; the same KPI and quarter twice with different values is an error."""
        store = self.observations if comparator is None else self.comparators.setdefault(
            comparator, {})
        first = store.get((kpi_id, quarter))
        if first is not None and first.value is None:
            first = None  # an empty template row or a marker gives way to a figure
        if first is not None:
            if found.value is not None and found.value != first.value:
                whose = f"{comparator}'s " if comparator else ""
                problems.error(found.location, f"{whose}{kpi_id} for {quarter} is given twice "
                               f"with different values: {_shown(found)} here and "
                               f"{_shown(first)} at {first.location}",
                               "keep one of them, or correct the one that is wrong")
                if comparator is None:
                    self.rejected.add((kpi_id, quarter))
            return
        store[(kpi_id, quarter)] = found
        if comparator is None:
            self.quarters.add(quarter)


def _shown(found: Observation) -> str:
    return found.symbol or "empty" if found.value is None else f"{found.value.normalize():f}"


def parse_value(text: str, kpi: Kpi, missing: tuple[str, ...] = (),
                scale: Decimal = Decimal(1)) -> tuple[Decimal | None, str | None]:
    """Read one cell; raises CellError for anything unreadable."""
    text = text.strip()
    if not text:
        return None, None
    symbol = symbol_for(text, missing)
    if symbol is not None:
        return None, symbol
    if text.lower().endswith("[u]"):
        text, symbol = text[:-3].strip(), "[u]"
    number = read_number(text, money=kpi.unit == "gbp", percent=kpi.unit == "percent",
                         what=f"{kpi.id} is measured in {kpi.unit}") * scale
    if kpi.unit == "percent" and not kpi.derived and not 0 <= number <= 100:
        raise CellError(f"percentage {text} is outside 0–100",
                        "check the figure, or change the KPI's unit if it is not a percentage")
    if kpi.unit == "count" and number < 0:
        raise CellError(f"count {text} is negative", "a count cannot be below zero")
    return number, symbol


def parse_money(text: str, column: str) -> Decimal:
    """Pounds: `61200000`, `£61,200,000`, `£61.2m`, `-£1,234` or `(1,234)`."""
    if not text.strip():
        raise CellError(f"{column} is empty", "enter the amount in pounds, e.g. 61200000")
    try:
        return read_number(text, money=True, what=f"{column} is an amount in pounds")
    except CellError:
        raise CellError(f"'{text}' is not an amount in pounds",
                        "write it as 61200000 or £61,200,000") from None


def load_data(
    root: Path, config: ProjectConfig | None, catalogue: Catalogue, problems: Problems,
    until: Quarter | None = None,
) -> Dataset:
    """Read every quarter folder under data/quarters/, then every source in reportgen.yaml.

    With `until` (the quarter being built), a problem in a later quarter's files, such as
    the empty templates `reportgen new` writes, is a warning: it cannot change the figures."""
    from .scale import check_scale
    from .sources import read_sources

    dataset = Dataset()
    base = root / DATA_DIR
    start_month = config.fiscal_year_start_month if config else 4
    sheets = {d.id for d in config.directorates} if config else set()
    for folder in sorted(p for p in base.glob("*") if p.is_dir()) if base.is_dir() else []:
        try:
            quarter = Quarter.parse(folder.name, start_month)
        except ValueError:
            problems.error(Location((DATA_DIR / folder.name).as_posix()),
                           f"folder name '{folder.name}' is not a quarter",
                           "name quarter folders like 2017Q3")
            continue
        dataset.quarters.add(quarter)
        found = Problems()
        for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in TABLE_SUFFIXES):
            if path.name.startswith(("~$", ".")):
                continue  # Excel's lock files and hidden files
            dataset.files.append(path)
            display = path.relative_to(root).as_posix()
            if _misfiled(path, quarter, display, found):
                continue
            budget = path.stem.lower() == BUDGET_STEM
            rows = read_table(path, display, BUDGET_COLUMNS if budget else KPI_COLUMNS,
                              found, sheets)
            if budget:
                _budget_rows(rows, quarter, config, dataset, found)
            else:
                _kpi_rows(rows, quarter, start_month, catalogue, dataset, found)
        scoped(found, problems, quarter, until)
    if config is not None and config.sources:
        read_sources(root, config, catalogue, dataset, problems, until)
    check_scale(dataset, catalogue, problems)
    return dataset


def scoped(found: Problems, problems: Problems, quarter: Quarter | None,
           until: Quarter | None) -> None:
    """Pass on problems found in one quarter's figures; after `until` they are warnings."""
    if until is None or quarter is None or quarter <= until:
        problems.extend(found)
        return
    for problem in found:
        if problem.severity == "error":
            problem = Problem(problem.location, f"{problem.message} (in {quarter}, after "
                              f"{until}, so not an error for {until})", problem.hint, "warning")
        problems.extend([problem])


def _misfiled(path: Path, quarter: Quarter, display: str, problems: Problems) -> bool:
    """A file whose name names another quarter (children-2017Q2.csv in 2017Q3/)."""
    named = {m.upper() for m in _QUARTER_IN_NAME.findall(path.stem)}
    if named and str(quarter) not in named:
        other = sorted(named)[0]
        problems.error(Location(display), f"file is named for {other} but is in the "
                       f"{quarter} folder", f"move it to {DATA_DIR.as_posix()}/{other}/")
        return True
    return False


def _kpi_rows(rows: list[Row], quarter: Quarter, start_month: int, catalogue: Catalogue,
              dataset: Dataset, problems: Problems) -> None:
    seen: dict[str, Location] = {}
    for row in rows:
        where = row.location
        kpi_id = row.get("kpi")
        kpi = catalogue.kpis.get(kpi_id)
        if kpi is None:
            if catalogue.complete:  # else the catalogue's own error explains every row
                problems.error(row.at("kpi"), f"unknown KPI '{kpi_id}'",
                               catalogue.suggest(kpi_id))
            continue
        if row.get("quarter"):
            try:
                named = read_period(row.get("quarter"), start_month).quarter
            except PeriodError as exc:
                problems.error(row.at("quarter"), exc.message, exc.hint)
                continue
            if named != quarter:
                problems.error(row.at("quarter"), f"row is for {named} but the file is "
                               f"in the {quarter} folder",
                               f"move it to {DATA_DIR.as_posix()}/{named}/")
                continue
        if kpi.derived:
            problems.error(row.at("kpi"), f"{kpi_id} is derived, so it is computed, not read",
                           "give its components' values instead")
            continue
        if kpi_id in seen:
            problems.error(where, f"{kpi_id} appears twice in {quarter}",
                           f"the first is at {seen[kpi_id]}; keep one row")
            continue
        try:
            value, symbol = parse_value(row.get("value"), kpi)
        except CellError as exc:
            problems.error(row.at("value"), exc.message, exc.hint)
            dataset.rejected.add((kpi_id, quarter))
            continue
        seen[kpi_id] = where
        dataset.add(kpi_id, quarter, Observation(value, symbol, note_text(row.get("note")),
                                                 where), problems)


def _budget_rows(rows: list[Row], quarter: Quarter, config: ProjectConfig | None,
                 dataset: Dataset, problems: Problems) -> None:
    known = {d.id for d in config.directorates} if config else None
    lines = dataset.budgets.setdefault(quarter, [])
    seen: dict[tuple[str, str], Location] = {}
    for row in rows:
        where = row.location
        directorate, service = row.get("directorate"), row.get("service")
        if known is not None and directorate not in known:
            problems.error(row.at("directorate"), f"budget row for unknown directorate "
                           f"'{directorate}'", f"use one of: {', '.join(sorted(known))}")
            continue
        if (directorate, service) in seen:
            problems.error(where, f"duplicate budget row for {directorate}"
                           + (f" / {service}" if service else ""),
                           f"the first is at {seen[(directorate, service)]}; keep one row")
            continue
        seen[(directorate, service)] = where
        budget = _money(row, "budget", problems)
        outturn = _money(row, "projected_outturn", problems)
        if budget is not None and outturn is not None:
            lines.append(BudgetLine(directorate, service, budget, outturn, where))
            if not service and 0 < abs(budget) < SMALLEST_BUDGET:
                problems.warning(row.at("budget"), f"{directorate}'s budget of £{budget:,f} is "
                                 "small for a directorate: it looks like £000s",
                                 "give budgets in pounds (61200000 for £61.2m), or multiply "
                                 "the figures by 1,000")


def _money(row: Row, column: str, problems: Problems) -> Decimal | None:
    try:
        return parse_money(row.get(column), column)
    except CellError as exc:
        problems.error(row.at(column), exc.message, exc.hint)
        return None
