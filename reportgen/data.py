"""Quarterly data: every CSV under data/quarters/ read into one tidy set of observations."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd

from .catalogue import Catalogue, Kpi
from .config import ProjectConfig
from .errors import Location, Problems
from .quarters import Quarter

DATA_DIR = Path("data/quarters")
BUDGET_FILE = "budget.csv"
GSS_SYMBOLS = {
    "[x]": "not available",
    "[c]": "confidential",
    "[z]": "not applicable",
    "[u]": "low reliability",
}
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

    def frame(self) -> pd.DataFrame:
        """The observations as a tidy table, one row per KPI per quarter."""
        rows = [
            {"kpi": kpi, "quarter": str(q), "value": None if o.value is None else float(o.value),
             "symbol": o.symbol or "", "note": o.note, "source": str(o.location)}
            for (kpi, q), o in sorted(self.observations.items(), key=lambda i: (i[0][1], i[0][0]))
        ]
        return pd.DataFrame(rows, columns=["kpi", "quarter", "value", "symbol", "note", "source"])


def read_text(path: Path) -> str:
    """Decode a spreadsheet export: UTF-8 (with or without BOM), else Windows-1252."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def read_rows(path: Path, display: str, problems: Problems) -> list[tuple[int, dict[str, str]]]:
    """A CSV's data rows with their line numbers; header names are lower-cased and stripped."""
    reader = csv.reader(io.StringIO(read_text(path), newline=""), strict=True)
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        header = [h.strip().lower() for h in next(reader, [])]
        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                problems.error(Location(display, line), f"row has {len(cells)} fields but the "
                               f"header has {len(header)}", "check for a missing or extra comma; "
                               "quote any value that contains a comma")
                continue
            rows.append((line, dict(zip(header, (c.strip() for c in cells), strict=True))))
    except csv.Error as exc:
        problems.error(Location(display, reader.line_num), f"malformed CSV: {exc}",
                       "check for an unclosed quote")
    if header_missing := [c for c in _required(path) if c not in header]:
        problems.error(Location(display, 1), f"missing column '{header_missing[0]}'",
                       f"the header must include: {', '.join(_required(path))}")
        return []
    return rows


def _required(path: Path) -> tuple[str, ...]:
    return BUDGET_COLUMNS if path.name == BUDGET_FILE else KPI_COLUMNS


def parse_value(text: str, kpi: Kpi) -> tuple[Decimal | None, str | None]:
    """Read one cell; raises ValueError('what — how to fix') for anything unreadable."""
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
        raise ValueError(f"percentage {text} is outside 0–100 — check the figure, "
                         "or change the KPI's unit if it is not a percentage")
    if kpi.unit == "count" and number < 0:
        raise ValueError(f"count {text} is negative — a count cannot be below zero")
    return number, symbol


def _number(text: str, kpi: Kpi) -> Decimal:
    if text.endswith("%"):
        if kpi.unit != "percent":
            raise ValueError(f"'{text}' is a percentage but {kpi.id} is measured in {kpi.unit} "
                             "— give the value without '%'")
        text = text[:-1].strip()
    if text.startswith("£"):
        if kpi.unit != "gbp":
            raise ValueError(f"'{text}' is money but {kpi.id} is measured in {kpi.unit} "
                             "— give the value without '£'")
        text = text[1:]
    if _THOUSANDS.match(text):
        text = text.replace(",", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueError(f"'{text}' is not a number — write a number such as 803 or 12.5, "
                         "leave it empty, or use [x] for not available") from None


def parse_money(text: str, column: str) -> Decimal:
    """Pounds, with an optional £ and thousands separators."""
    if not text.strip():
        raise ValueError(f"{column} is empty — enter the amount in pounds, e.g. 61200000")
    cleaned = text.strip().removeprefix("£").replace(",", "")
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"'{text}' is not an amount in pounds — write it as 61200000 "
                         "or £61,200,000") from None


def load_data(
    root: Path, config: ProjectConfig | None, catalogue: Catalogue, problems: Problems
) -> Dataset:
    """Read every quarter folder under data/quarters/."""
    dataset = Dataset()
    base = root / DATA_DIR
    start_month = config.fiscal_year_start_month if config else 4
    for folder in sorted(p for p in base.glob("*") if p.is_dir()) if base.is_dir() else []:
        try:
            quarter = Quarter.parse(folder.name, start_month)
        except ValueError:
            problems.error(Location((DATA_DIR / folder.name).as_posix()),
                           f"folder name '{folder.name}' is not a quarter",
                           "name quarter folders like 2017Q3")
            continue
        dataset.quarters.add(quarter)
        for path in sorted(folder.glob("*.csv")):
            dataset.files.append(path)
            display = path.relative_to(root).as_posix()
            rows = read_rows(path, display, problems)
            if path.name == BUDGET_FILE:
                _budget_rows(rows, display, quarter, config, dataset, problems)
            else:
                _kpi_rows(rows, display, quarter, catalogue, dataset, problems)
    return dataset


def _kpi_rows(rows: list[tuple[int, dict[str, str]]], display: str, quarter: Quarter,
              catalogue: Catalogue, dataset: Dataset, problems: Problems) -> None:
    for line, row in rows:
        where = Location(display, line)
        kpi_id = row["kpi"]
        kpi = catalogue.kpis.get(kpi_id)
        if kpi is None:
            problems.error(where, f"unknown KPI '{kpi_id}'", catalogue.suggest(kpi_id))
            continue
        if row.get("quarter") and row["quarter"] != str(quarter):
            problems.error(where, f"row is for {row['quarter']} but the file is in the "
                           f"{quarter} folder", f"move it to data/quarters/{row['quarter']}/")
            continue
        if kpi.derived:
            problems.error(where, f"{kpi_id} is derived, so it is computed, not read",
                           "give its components' values instead")
            continue
        if (kpi_id, quarter) in dataset.observations:
            first = dataset.observations[(kpi_id, quarter)].location
            problems.error(where, f"{kpi_id} appears twice in {quarter}",
                           f"the first is at {first}; keep one row")
            continue
        try:
            value, symbol = parse_value(row["value"], kpi)
        except ValueError as exc:
            message, _, hint = str(exc).partition(" — ")
            problems.error(where, message, hint)
            continue
        note = row.get("note", "")
        dataset.observations[(kpi_id, quarter)] = Observation(value, symbol, note, where)


def _budget_rows(rows: list[tuple[int, dict[str, str]]], display: str, quarter: Quarter,
                 config: ProjectConfig | None, dataset: Dataset, problems: Problems) -> None:
    known = {d.id for d in config.directorates} if config else None
    lines = dataset.budgets.setdefault(quarter, [])
    seen: dict[tuple[str, str], Location] = {}
    for line, row in rows:
        where = Location(display, line)
        directorate, service = row["directorate"], row.get("service", "")
        if known is not None and directorate not in known:
            problems.error(where, f"budget row for unknown directorate '{directorate}'",
                           f"use one of: {', '.join(sorted(known))}")
            continue
        if (directorate, service) in seen:
            problems.error(where, f"duplicate budget row for {directorate}"
                           + (f" / {service}" if service else ""),
                           f"the first is at {seen[(directorate, service)]}; keep one row")
            continue
        seen[(directorate, service)] = where
        try:
            budget = parse_money(row["budget"], "budget")
            outturn = parse_money(row["projected_outturn"], "projected_outturn")
        except ValueError as exc:
            message, _, hint = str(exc).partition(" — ")
            problems.error(where, message, hint)
            continue
        lines.append(BudgetLine(directorate, service, budget, outturn, where))
