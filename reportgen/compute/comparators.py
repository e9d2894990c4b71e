"""The council's figure beside a comparator's (England, Wales, the neighbours' average):
the difference as shown and whether it is better or worse, judged by polarity."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from reportgen.compute.rounding import round_half_up
from reportgen.load.dataset import Observation
from reportgen.load.kpis import Kpi
from reportgen.quarters import Quarter


class Standing(StrEnum):
    """The council's figure against a comparator's, judged by polarity."""

    BETTER = "better"
    WORSE = "worse"
    SAME = "same"
    HIGHER = "higher"  # for neutral KPIs, where higher is neither better nor worse
    LOWER = "lower"
    NOT_AVAILABLE = "not_available"


@dataclass(frozen=True)
class ComparatorResult:
    """A comparator series (England, Wales, the neighbours' average) beside the KPI."""

    name: str
    quarter: Quarter  # the period the comparator's figure is for
    value: Decimal | None
    symbol: str | None
    difference: Decimal | None  # the council's figure minus the comparator's, as shown
    standing: Standing
    series: tuple[tuple[Quarter, Decimal | None], ...] = ()


Comparators = dict[str, dict[tuple[str, Quarter], Observation]]


def compare_all(kpi: Kpi, value: Decimal | None, period: Quarter, series: list[Quarter],
                comparators: Comparators) -> tuple[ComparatorResult, ...]:
    """The KPI against each comparator series that has a figure for it."""
    results = []
    for name, observations in comparators.items():
        if not any(k == kpi.id for k, _ in observations):
            continue
        found = observations.get((kpi.id, period))
        other = found.value if found else None
        difference, standing = None, Standing.NOT_AVAILABLE
        if value is not None and other is not None:
            difference = round_half_up(value, kpi.places) - round_half_up(other, kpi.places)
            standing = _standing(kpi, difference)
        history = tuple((q, f.value if (f := observations.get((kpi.id, q))) else None)
                        for q in series)
        results.append(ComparatorResult(name, period, other, found.symbol if found else None,
                                        difference, standing, history))
    return tuple(results)


def _standing(kpi: Kpi, difference: Decimal) -> Standing:
    if difference == 0:
        return Standing.SAME
    if kpi.polarity == "neutral":
        return Standing.HIGHER if difference > 0 else Standing.LOWER
    better = difference > 0 if kpi.polarity == "higher_is_better" else difference < 0
    return Standing.BETTER if better else Standing.WORSE
