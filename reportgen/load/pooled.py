"""A comparator that is the mean or median of several areas' rows, once every row is read."""

from __future__ import annotations

from decimal import Decimal
from statistics import median

from reportgen.errors import Location, Problems
from reportgen.load.config import Aggregate
from reportgen.load.dataset import Dataset, Observation
from reportgen.quarters import Quarter


def aggregate(pooled: dict[tuple[str, Quarter], list[tuple[Decimal | None, Location]]],
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
