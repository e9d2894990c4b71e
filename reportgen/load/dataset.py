"""What the data readers produce: observations, budget lines and the dataset holding them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from reportgen.errors import Location, Problem, Problems
from reportgen.load.trace import SheetTrace
from reportgen.quarters import Quarter


@dataclass(frozen=True)
class Observation:
    """One KPI's reported value for one quarter, or the symbol that stands for it."""

    value: Decimal | None
    symbol: str | None
    note: str
    location: Location
    annual: bool = False  # read from a financial-year label, dated to the year's last quarter
    label: str = ""  # an annual figure's twelve months, when not a financial year ("2023")
    month: date | None = None  # a monthly source's month, before its quarter is made
    months: tuple[tuple[date | None, Decimal | None], ...] = ()  # the months a quarter is of
    parts: tuple[tuple[str, str], ...] = ()  # numerator and denominator, as read


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
    traces: list[SheetTrace] = field(default_factory=list)  # how each source was read
    fractions_checked: set[str] = field(default_factory=set)  # percent KPIs a source judged

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


@dataclass(frozen=True)
class Record:
    """A figure as a report published it."""

    value: Decimal | None
    symbol: str | None
    report: Quarter  # the quarter of the report that published it
