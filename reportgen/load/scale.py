"""Figures on the wrong scale: £000s given as pounds, fractions given as percentages."""

from __future__ import annotations

from decimal import Decimal
from statistics import median

from reportgen.errors import Problems
from reportgen.load.config import Source
from reportgen.load.dataset import Dataset, Observation
from reportgen.load.kpis import Catalogue
from reportgen.paths import CONFIG_FILE

THOUSANDFOLD = Decimal(300)  # a figure this many times below its usual size lost its 000s


def check_scale(dataset: Dataset, catalogue: Catalogue, problems: Problems) -> None:
    """Warn, at the cell, about figures whose scale does not match the KPI's history."""
    history: dict[str, list[Observation]] = {}
    for (kpi_id, _), found in sorted(dataset.observations.items(), key=lambda i: i[0][1]):
        if found.value is not None:
            history.setdefault(kpi_id, []).append(found)
    for kpi_id, figures in history.items():
        kpi = catalogue.kpis.get(kpi_id)
        if kpi is None or kpi.derived:
            continue
        if kpi.unit == "gbp":
            _pounds(kpi_id, figures, problems)
        elif kpi.unit == "percent":
            _fractions(kpi_id, figures, problems, kpi_id in dataset.fractions_checked)


def _usual(found: list[Observation], this: Observation) -> Decimal | None:
    """The median size of the KPI's other figures, when there are enough to judge by."""
    others = [abs(f.value) for f in found if f is not this and f.value]
    return median(others) if len(others) >= 2 else None


def _pounds(kpi_id: str, found: list[Observation], problems: Problems) -> None:
    for this in found:
        usual = _usual(found, this)
        if usual is not None and this.value and usual / abs(this.value) >= THOUSANDFOLD:
            problems.warning(this.location, f"{kpi_id} is £{this.value:,f} here but around "
                             f"£{usual:,.0f} in other quarters: it looks like £000s",
                             "give the figure in pounds, or set scale: 1000 on its source")


def _fractions(kpi_id: str, found: list[Observation], problems: Problems,
               checked: bool = False) -> None:
    values = [f.value for f in found if f.value is not None]
    if all(v <= 1 for v in values) and any(v > 0 for v in values):
        if checked:  # a source's fractions are its error; a source's scale: says they are not
            return
        problems.warning(found[-1].location, f"every figure of {kpi_id} is between 0 and 1: "
                         "they look like fractions, not percentages (0.955 for 95.5%)",
                         "give percentages from 0 to 100, or format the cells as % in Excel")
        return
    for this in found:
        usual = _usual(found, this)
        if usual is not None and this.value and 0 < this.value <= 1 < usual / 5:
            problems.warning(this.location, f"{kpi_id} is {this.value:f}% here but around "
                             f"{usual:f}% in other quarters: it looks like a fraction",
                             f"give it as a percentage ({this.value * 100:f} for "
                             f"{this.value:f}), or format the cell as % in Excel")


def check_fractions(figures: dict[tuple[str, str | None], list[Observation]], source: Source,
                    problems: Problems, checked: set[str]) -> None:
    """An error at the source when every figure it gives a percent KPI (or a comparator's)
    is between 0 and 1: 0.86 would be published as 0.9%; unless the source gives scale:,
    which says how to read its figures. Each KPI judged here is added to `checked`."""
    line = source.line
    for (kpi_id, comparator), found in figures.items():
        checked.add(kpi_id)
        if "scale" in source.model_fields_set:
            continue
        values = [f.value for f in found if f.value is not None]
        if not values or not all(0 <= v <= 1 for v in values) or not any(v > 0 for v in values):
            continue
        example = next(v for v in values if v > 0)
        whose = f"{comparator}'s " if comparator else ""
        problems.error(found[0].location, f"every {whose}{kpi_id} figure from this source is "
                       f"between 0 and 1 ({len(values)} figures): they look like fractions, "
                       f"and {example.normalize():f} would be published as "
                       f"{example.normalize():f}%", f"add scale: 100 to the source in "
                       f"{CONFIG_FILE} (line {line}) to read {example.normalize():f} as "
                       f"{(example * 100).normalize():f}%; if the figures really are below 1%, "
                       "give scale: 1")
