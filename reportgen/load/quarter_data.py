"""Quarterly data: every quarter folder under data/quarters/, and every declared source."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from reportgen.errors import Location, Problems
from reportgen.load.cells import CellError, parse_money
from reportgen.load.config import ProjectConfig, Source
from reportgen.load.dataset import BudgetLine, Dataset, scoped
from reportgen.load.kpis import Catalogue
from reportgen.load.rows import Reader
from reportgen.load.scale import check_scale
from reportgen.load.sources import read_sources
from reportgen.load.tables import Row, read_table
from reportgen.paths import DATA_DIR, TABLE_SUFFIXES
from reportgen.quarters import Quarter

BUDGET_STEM = "budget"
_QUARTER_IN_NAME = re.compile(r"(?<![0-9])(\d{4}Q[1-4])(?![0-9])", re.I)
BUDGET_COLUMNS = ("directorate", "budget", "projected_outturn")
SMALLEST_BUDGET = Decimal(100_000)  # a directorate budget below this was typed in £000s
# a quarter folder's file: a long source whose period is the folder, its columns left to
# their defaults (so any of their aliases is read: KPI ref, Figure, Commentary, ...)
FOLDER_SOURCE = Source.model_validate({"file": "data/quarters/*/*"})


def load_data(
    root: Path, config: ProjectConfig | None, catalogue: Catalogue, problems: Problems,
    until: Quarter | None = None,
) -> Dataset:
    """Read every quarter folder under data/quarters/, then every source in reportgen.yaml.

    With `until` (the quarter being built), a problem in a later quarter's files, such as
    the empty templates `reportgen new` writes, is a warning: it cannot change the figures."""

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
        reader = Reader(FOLDER_SOURCE, start_month, catalogue, {}, dataset, found, None,
                        folder=quarter, directorates=sheets)
        for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in TABLE_SUFFIXES):
            if path.name.startswith(("~$", ".")):
                continue  # Excel's lock files and hidden files
            dataset.files.append(path)
            display = path.relative_to(root).as_posix()
            if _misfiled(path, quarter, display, found):
                continue
            if path.stem.lower() == BUDGET_STEM:
                rows = read_table(path, display, BUDGET_COLUMNS, found, sheets)
                _budget_rows(rows, quarter, config, dataset, found)
            else:
                reader.read_file(path, display)
        reader.finish()
        scoped(found, problems, quarter, until)
    if config is not None and config.sources:
        read_sources(root, config, catalogue, dataset, problems, until)
    check_scale(dataset, catalogue, problems)
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
