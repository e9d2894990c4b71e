"""Quarterly data: every CSV under data/quarters/ read into one tidy set of observations."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, DecimalException
from pathlib import Path

from .catalogue import Catalogue, Kpi
from .config import ProjectConfig
from .errors import Location, Problems
from .quarters import Quarter
from .tables import TABLE_SUFFIXES, Row, read_table

DATA_DIR = Path("data/quarters")
BUDGET_STEM = "budget"
GSS_SYMBOLS = {
    "[x]": "not available",
    "[c]": "confidential",
    "[z]": "not applicable",
    "[u]": "low reliability",
}
_QUARTER_IN_NAME = re.compile(r"(?<![0-9])(\d{4}Q[1-4])(?![0-9])", re.I)
_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")
KPI_COLUMNS = ("kpi", "value")
BUDGET_COLUMNS = ("directorate", "budget", "projected_outturn")


@dataclass(frozen=True)
class Observation:
    """One KPI's reported value for one quarter, or the symbol that stands for it."""

    value: Decimal | None
    symbol: str | None
    note: str
    location: Location


@dataclass(frozen=True)
class BudgetLine:
    """One row of budget.csv: a directorate's (or one service's) budget and projection."""

    directorate: str
    service: str
    budget: Decimal
    outturn: Decimal
    location: Location


@dataclass
class Dataset:
    """Everything read from data/quarters/, keyed by KPI and quarter."""

    observations: dict[tuple[str, Quarter], Observation] = field(default_factory=dict)
    budgets: dict[Quarter, list[BudgetLine]] = field(default_factory=dict)
    quarters: set[Quarter] = field(default_factory=set)
    files: list[Path] = field(default_factory=list)
    rejected: set[tuple[str, Quarter]] = field(default_factory=set)  # rows with an error


class CellError(ValueError):
    """A cell that cannot be read: what is wrong, and how to fix it."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(f"{message} — {hint}")
        self.message, self.hint = message, hint


LARGEST_POWER = 15  # 10**15, a thousand trillion: anything bigger is a typing slip
SMALLEST_POWER = -9  # and a billionth the smallest figure anyone reports


def _decimal(text: str) -> Decimal | None:
    """A finite number of sensible size, or None (NaN, Infinity and 1e400 are not figures)."""
    try:
        number = Decimal(text)
    except DecimalException:  # not a number, or too large even to hold (1e400000000)
        return None
    if not number.is_finite():
        return None
    if number.is_zero():
        return Decimal(0)
    # adjusted() is the power of ten of the leading digit; it needs no arithmetic context
    return number if SMALLEST_POWER <= number.adjusted() < LARGEST_POWER else None


def parse_value(text: str, kpi: Kpi) -> tuple[Decimal | None, str | None]:
    """Read one cell; raises CellError for anything unreadable."""
    text = text.strip()
    if not text:
        return None, None
    if text.lower() in GSS_SYMBOLS:
        return None, text.lower()
    symbol = None
    if text.lower().endswith("[u]"):
        text, symbol = text[:-3].strip(), "[u]"
    number = _number(text, kpi)
    if kpi.unit == "percent" and not kpi.derived and not 0 <= number <= 100:
        raise CellError(f"percentage {text} is outside 0–100",
                        "check the figure, or change the KPI's unit if it is not a percentage")
    if kpi.unit == "count" and number < 0:
        raise CellError(f"count {text} is negative", "a count cannot be below zero")
    return number, symbol


def _number(text: str, kpi: Kpi) -> Decimal:
    if text.endswith("%"):
        if kpi.unit != "percent":
            raise CellError(f"'{text}' is a percentage but {kpi.id} is measured in {kpi.unit}",
                            "give the value without '%'")
        text = text[:-1].strip()
    if text.startswith("£"):
        if kpi.unit != "gbp":
            raise CellError(f"'{text}' is money but {kpi.id} is measured in {kpi.unit}",
                            "give the value without '£'")
        text = text[1:]
    if _THOUSANDS.match(text):
        text = text.replace(",", "")
    number = _decimal(text)
    if number is None:
        raise CellError(f"'{text}' is not a number", "write a number such as 803 or 12.5, "
                        "leave it empty, or use [x] for not available")
    return number


def parse_money(text: str, column: str) -> Decimal:
    """Pounds, with an optional £ and thousands separators."""
    if not text.strip():
        raise CellError(f"{column} is empty", "enter the amount in pounds, e.g. 61200000")
    number = _decimal(text.strip().removeprefix("£").replace(",", ""))
    if number is None:
        raise CellError(f"'{text}' is not an amount in pounds",
                        "write it as 61200000 or £61,200,000")
    return number


def load_data(
    root: Path, config: ProjectConfig | None, catalogue: Catalogue, problems: Problems
) -> Dataset:
    """Read every quarter folder under data/quarters/."""
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
        for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in TABLE_SUFFIXES):
            if path.name.startswith(("~$", ".")):
                continue  # Excel's lock files and hidden files
            dataset.files.append(path)
            display = path.relative_to(root).as_posix()
            if _misfiled(path, quarter, display, problems):
                continue
            budget = path.stem.lower() == BUDGET_STEM
            rows = read_table(path, display, BUDGET_COLUMNS if budget else KPI_COLUMNS,
                              problems, sheets)
            if budget:
                _budget_rows(rows, quarter, config, dataset, problems)
            else:
                _kpi_rows(rows, quarter, catalogue, dataset, problems)
    return dataset


def _misfiled(path: Path, quarter: Quarter, display: str, problems: Problems) -> bool:
    """A file whose name names another quarter (children-2017Q2.csv in 2017Q3/)."""
    named = {m.upper() for m in _QUARTER_IN_NAME.findall(path.stem)}
    if named and str(quarter) not in named:
        other = sorted(named)[0]
        problems.error(Location(display), f"file is named for {other} but is in the "
                       f"{quarter} folder", f"move it to {DATA_DIR.as_posix()}/{other}/")
        return True
    return False


def _kpi_rows(rows: list[Row], quarter: Quarter, catalogue: Catalogue, dataset: Dataset,
              problems: Problems) -> None:
    for row in rows:
        where = row.location
        kpi_id = row.get("kpi")
        kpi = catalogue.kpis.get(kpi_id)
        if kpi is None:
            if catalogue.complete:  # else the catalogue's own error explains every row
                problems.error(row.at("kpi"), f"unknown KPI '{kpi_id}'",
                               catalogue.suggest(kpi_id))
            continue
        if row.get("quarter") and row.get("quarter") != str(quarter):
            problems.error(row.at("quarter"), f"row is for {row.get('quarter')} but the file is "
                           f"in the {quarter} folder",
                           f"move it to {DATA_DIR.as_posix()}/{row.get('quarter')}/")
            continue
        if kpi.derived:
            problems.error(row.at("kpi"), f"{kpi_id} is derived, so it is computed, not read",
                           "give its components' values instead")
            continue
        if (kpi_id, quarter) in dataset.observations:
            first = dataset.observations[(kpi_id, quarter)].location
            problems.error(where, f"{kpi_id} appears twice in {quarter}",
                           f"the first is at {first}; keep one row")
            continue
        try:
            value, symbol = parse_value(row.get("value"), kpi)
        except CellError as exc:
            problems.error(row.at("value"), exc.message, exc.hint)
            dataset.rejected.add((kpi_id, quarter))
            continue
        dataset.observations[(kpi_id, quarter)] = Observation(value, symbol, row.get("note"),
                                                              where)


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


def _money(row: Row, column: str, problems: Problems) -> Decimal | None:
    try:
        return parse_money(row.get(column), column)
    except CellError as exc:
        problems.error(row.at(column), exc.message, exc.hint)
        return None
