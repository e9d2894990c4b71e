"""Monthly figures made into quarters, as a source's `monthly:` says: the sum, the mean or
the last of a quarter's three months. A quarter with a month missing is not available."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from reportgen.errors import Problems
from reportgen.load.dataset import Dataset, Observation, scoped
from reportgen.quarters import Quarter

Key = tuple[str, Quarter, str | None]  # KPI, quarter, comparator (None: the council's own)


def months_of(quarter: Quarter) -> list[date]:
    """The first day of each of a quarter's three months."""
    first = quarter.start
    return [date(first.year + (first.month + n - 1) // 12, (first.month + n - 1) % 12 + 1, 1)
            for n in range(3)]


@dataclass
class Months:
    """One source's monthly figures, held until every row is read."""

    how: str  # sum | mean | last
    found: dict[Key, dict[date, Observation]] = field(default_factory=dict)

    def add(self, kpi_id: str, quarter: Quarter, month: date, observation: Observation,
            comparator: str | None, problems: Problems) -> None:
        months = self.found.setdefault((kpi_id, quarter, comparator), {})
        first = months.get(month)
        if first is not None and first.value is not None:
            if observation.value is not None and observation.value != first.value:
                problems.error(observation.location, f"{kpi_id} for {month:%B %Y} is given "
                               f"twice with different values: {observation.value:f} here and "
                               f"{first.value:f} at {first.location}",
                               "keep one of them, or correct the one that is wrong")
            return
        months[month] = observation

    def into(self, dataset: Dataset, problems: Problems, until: Quarter | None) -> None:
        """Each quarter's figure from its months, into the dataset."""
        for (kpi_id, quarter, comparator), months in sorted(
                self.found.items(), key=lambda item: (item[0][1], item[0][0])):
            found = Problems()
            wanted = months_of(quarter)
            latest = months[max(months)]
            missing = [m for m in wanted if m not in months]
            if missing:
                whose = f"{comparator}'s " if comparator else ""
                found.warning(latest.location, f"{whose}{kpi_id} has no figure for "
                              + " or ".join(f"{m:%B %Y}" for m in missing)
                              + f", so {quarter.start:%B} to {quarter.end:%B %Y} is not "
                              "available", f"add the missing month to the file; the quarter "
                              f"is the {self.how} of its three months")
                observation = Observation(None, "[x]", "", latest.location)
            else:
                observation = self._quarter([months[m] for m in wanted])
            dataset.add(kpi_id, quarter, observation, found, comparator)
            scoped(found, problems, quarter, until)

    def _quarter(self, three: list[Observation]) -> Observation:
        last = three[-1]
        months = tuple((o.month, o.value) for o in three)
        if self.how == "last":
            return Observation(last.value, last.symbol, last.note, last.location,
                               months=months)
        blank = next((o for o in three if o.value is None), None)
        if blank is not None:
            return Observation(None, blank.symbol or "[x]", last.note, blank.location,
                               months=months)
        total = sum((o.value for o in three if o.value is not None), Decimal(0))
        value = total if self.how == "sum" else total / 3
        return Observation(value, None, last.note, last.location, months=months)
