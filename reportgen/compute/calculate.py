"""Every figure a report shows, computed from the catalogue and the data. No I/O."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum

from reportgen.compute.comparators import ComparatorResult as ComparatorResult
from reportgen.compute.comparators import Comparators as Comparators
from reportgen.compute.comparators import Standing as Standing
from reportgen.compute.comparators import compare_all
from reportgen.compute.rounding import percent, round_half_up
from reportgen.load.dataset import BudgetLine, Observation
from reportgen.load.kpis import Catalogue, Kpi
from reportgen.quarters import Quarter

SERIES_LENGTH = 8
CONFIDENTIAL = "[c]"  # the GSS symbol of a figure withheld to protect people


class Rag(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NO_TARGET = "no_target"
    NOT_AVAILABLE = "not_available"


class Direction(StrEnum):
    IMPROVED = "improved"
    DECLINED = "declined"
    NO_CHANGE = "no_change"
    INCREASED = "increased"  # for neutral KPIs, where up is neither better nor worse
    DECREASED = "decreased"
    NOT_AVAILABLE = "not_available"


@dataclass(frozen=True)
class Comparison:
    """This quarter's value against an earlier quarter's."""

    quarter: Quarter
    value: Decimal | None
    symbol: str | None
    change: Decimal | None
    change_pct: Decimal | None  # None for percentages, whose change is in points
    direction: Direction
    withheld: bool = False  # either end is confidential [c]: no change is published


@dataclass(frozen=True)
class Revision:
    """A figure shown now that differs from what an earlier report published for it."""

    kpi: str
    quarter: Quarter  # the quarter the figure is for
    value: Decimal
    revised_from: Decimal
    report: Quarter  # the report that published `revised_from`


@dataclass(frozen=True)
class KpiResult:
    """Everything computed for one KPI in one quarter."""

    kpi: Kpi
    quarter: Quarter
    value: Decimal | None
    symbol: str | None
    note: str
    ytd: Decimal | None
    previous: Comparison
    last_year: Comparison
    target: Decimal | None  # to date, for a cumulative total
    rag: Rag
    series: tuple[tuple[Quarter, Decimal | None], ...]
    annual_target: Decimal | None = None  # the year's target, when `target` is its profile
    target_basis: str = "quarter"  # "year_to_date" when the target is judged on the ytd
    period: Quarter | None = None  # the quarter the value is for (an annual KPI's year end)
    period_label: str = ""  # "2016/17" for an annual KPI's latest year, else ""
    comparators: tuple[ComparatorResult, ...] = ()
    parts: tuple[tuple[str, str], ...] = ()  # what the figure was made of, as read
    targets: tuple[tuple[Quarter, Decimal | None], ...] = ()  # each charted point's target
    series_to_date: bool = False  # the series holds each quarter's year to date
    withheld: frozenset[Quarter] = frozenset()  # quarters of the series that are [c]
    ytd_withheld: bool = False  # the year to date is confidential [c]
    revisions: tuple[Revision, ...] = ()  # its figures that differ from their publication
    revised: frozenset[Quarter] = frozenset()  # quarters of the series that are [r]

    @property
    def target_to_date(self) -> bool:
        """True when the charted targets are the year's target profiled to each quarter."""
        return self.series_to_date and self.kpi.judged_to_date

    @property
    def summed(self) -> bool:
        """True when each charted point is a sum of quarters to date, not a quarter's own
        figure: a publication record holds quarters' figures, so these are not compared."""
        return self.series_to_date and self.kpi.measure == "flow" and not self.kpi.derived

    @property
    def annual(self) -> bool:
        return self.kpi.frequency == "annual"


@dataclass(frozen=True)
class BudgetFigures:
    """Budget, projected outturn and variance for a directorate or one service."""

    name: str
    budget: Decimal
    outturn: Decimal
    variance: Decimal  # positive is an overspend
    variance_pct: Decimal | None


@dataclass(frozen=True)
class BudgetResult:
    """A directorate's budget position, and how it moved since last quarter."""

    directorate: str
    quarter: Quarter
    total: BudgetFigures
    services: tuple[BudgetFigures, ...]
    previous_variance: Decimal | None
    movement: Decimal | None


@dataclass(frozen=True)
class Summary:
    """The counts councillors read first."""

    total: int
    green: int
    amber: int
    red: int
    no_target: int
    not_available: int
    improved: int
    declined: int
    no_change: int
    improved_year: int
    declined_year: int
    moved: int = 0  # context measures that went up or down: no direction is better
    not_compared: int = 0  # no figure for this quarter or the last, so no change to judge
    last_year_figures: int = 0  # with a figure for the same quarter last year


@dataclass(frozen=True)
class QuarterResults:
    """All computed figures for one quarter."""

    quarter: Quarter
    kpis: dict[str, KpiResult]
    budgets: dict[str, BudgetResult]
    directorates: tuple[str, ...] = ()
    revisions: tuple[Revision, ...] = ()  # figures that differ from their publication

    def for_directorate(self, directorate: str) -> list[KpiResult]:
        """The directorate's reported KPIs, in catalogue order."""
        return [r for r in self.kpis.values() if r.kpi.directorate == directorate and r.kpi.show]

    def summary(self, directorate: str | None = None) -> Summary:
        shown = [r for r in self.kpis.values() if r.kpi.show]
        if directorate is not None:
            shown = [r for r in shown if r.kpi.directorate == directorate]
        return summarise(shown)


def summarise(results: Iterable[KpiResult]) -> Summary:
    """Counts of RAG status and direction of travel."""
    results = list(results)

    def count(test: Callable[[KpiResult], bool]) -> int:
        return sum(1 for r in results if test(r))

    return Summary(
        total=len(results),
        green=count(lambda r: r.rag is Rag.GREEN),
        amber=count(lambda r: r.rag is Rag.AMBER),
        red=count(lambda r: r.rag is Rag.RED),
        no_target=count(lambda r: r.rag is Rag.NO_TARGET),
        not_available=count(lambda r: r.rag is Rag.NOT_AVAILABLE),
        improved=count(lambda r: r.previous.direction is Direction.IMPROVED),
        declined=count(lambda r: r.previous.direction is Direction.DECLINED),
        no_change=count(lambda r: r.previous.direction is Direction.NO_CHANGE),
        improved_year=count(lambda r: r.last_year.direction is Direction.IMPROVED),
        declined_year=count(lambda r: r.last_year.direction is Direction.DECLINED),
        moved=count(lambda r: r.previous.direction in (Direction.INCREASED,
                                                       Direction.DECREASED)),
        not_compared=count(lambda r: r.previous.direction is Direction.NOT_AVAILABLE),
        last_year_figures=count(lambda r: r.last_year.value is not None),
    )


Figure = tuple[Decimal | None, str | None]


def total(values: list[Decimal | None]) -> Decimal | None:
    """The sum, or None when any value is missing."""
    found = [v for v in values if v is not None]
    return sum(found, Decimal(0)) if len(found) == len(values) else None


class Calculator:
    """Headline values of every KPI in any quarter, derived ones included."""

    def __init__(self, catalogue: Catalogue, observations: dict[tuple[str, Quarter], Observation]):
        self.catalogue = catalogue
        self.observations = observations
        self._computing: set[str] = set()  # a cycle (reported by validation) gives no value

    def headline(self, kpi_id: str, quarter: Quarter) -> Figure:
        """The value a report shows for the quarter (for a derived flow, its year to date)."""
        kpi = self.catalogue.kpis[kpi_id]
        if kpi.derived:
            return self._derived(kpi, quarter)
        found = self.observations.get((kpi_id, quarter))
        return (found.value, found.symbol) if found else (None, None)

    def ytd(self, kpi_id: str, quarter: Quarter) -> Decimal | None:
        """The year to date: summed quarters for a flow, the reported figure for ytd."""
        kpi = self.catalogue.kpis[kpi_id]
        if kpi.measure == "ytd" or (kpi.measure == "flow" and kpi.derived):
            return self.headline(kpi_id, quarter)[0]
        if kpi.measure != "flow":
            return None
        return total([self.headline(kpi_id, q)[0] for q in quarter.year_to_date()])

    def _component(self, kpi_id: str, quarter: Quarter, cumulative: bool) -> Decimal | None:
        kpi = self.catalogue.kpis[kpi_id]
        if cumulative and kpi.measure == "flow" and not kpi.derived:
            return self.ytd(kpi_id, quarter)
        return self.headline(kpi_id, quarter)[0]

    def withheld(self, kpi_id: str, quarters: Iterable[Quarter],
                 to_date: bool = False) -> frozenset[Quarter]:
        """The quarters whose figure (`to_date`: year to date) is confidential (none
        without disclosure control)."""
        if to_date:
            return frozenset(q for q in quarters if self.withheld_ytd(kpi_id, q))
        return frozenset(q for q in quarters if self.headline(kpi_id, q)[1] == CONFIDENTIAL)

    def shown_parts(self, kpi_id: str, found: Observation | None) -> tuple[tuple[str, str], ...]:
        """What a figure was made of, as read (its months, numerator and denominator)."""
        return parts_of(found)

    def withheld_ytd(self, kpi_id: str, quarter: Quarter) -> bool:
        """Whether the year to date is withheld (never, without disclosure control)."""
        return False

    def parts(self, kpi: Kpi, quarter: Quarter) -> tuple[Decimal | None, Decimal | None]:
        """A derived KPI's numerator and denominator (year to date for a flow)."""
        assert kpi.derived is not None
        cumulative = kpi.measure in ("flow", "ytd")
        return (total([self._component(c, quarter, cumulative) for c in kpi.derived.numerator]),
                total([self._component(c, quarter, cumulative) for c in kpi.derived.denominator]))

    def _derived(self, kpi: Kpi, quarter: Quarter) -> Figure:
        if kpi.id in self._computing:
            return None, None
        self._computing.add(kpi.id)
        try:
            numerator, denominator = self.parts(kpi, quarter)
        finally:
            self._computing.discard(kpi.id)
        if numerator is None or denominator is None or denominator == 0:
            return None, None
        per = kpi.derived.per if kpi.derived else Decimal(1)
        return numerator / denominator * per, None


def compare(kpi: Kpi, value: Decimal | None, earlier: Figure, quarter: Quarter,
            marked: str | None = None) -> Comparison:
    """Change and direction of travel, judged by the KPI's polarity on shown figures;
    `marked` is the symbol of this quarter's figure."""
    other, symbol = earlier
    if value is None or other is None:
        return Comparison(quarter, other, symbol, None, None, Direction.NOT_AVAILABLE,
                          CONFIDENTIAL in (marked, symbol))
    now, then = round_half_up(value, kpi.places), round_half_up(other, kpi.places)
    change = now - then
    change_pct = None
    if not kpi.percentage and then != 0:
        change_pct = round_half_up(change * 100 / abs(then), 1)
    return Comparison(quarter, other, symbol, change, change_pct, _direction(kpi, change))


def _direction(kpi: Kpi, change: Decimal) -> Direction:
    if change == 0:
        return Direction.NO_CHANGE
    if kpi.polarity == "neutral":
        return Direction.INCREASED if change > 0 else Direction.DECREASED
    better = change > 0 if kpi.polarity == "higher_is_better" else change < 0
    return Direction.IMPROVED if better else Direction.DECLINED


def rag_status(kpi: Kpi, value: Decimal | None, target: Decimal | None,
               last_year: Direction, scheme: str) -> Rag:
    """Green when the target is met; amber within tolerance (or, in the trend scheme,
    outside it but improved on the same quarter last year); red otherwise."""
    if target is None or kpi.polarity == "neutral":
        return Rag.NO_TARGET
    if value is None:
        return Rag.NOT_AVAILABLE
    shown = round_half_up(value, kpi.places)
    shortfall = target - shown if kpi.polarity == "higher_is_better" else shown - target
    if shortfall <= 0:
        return Rag.GREEN
    within = kpi.tolerance is not None and shortfall <= kpi.tolerance.band(target)
    if scheme == "trend":
        if within:
            return Rag.GREEN
        return Rag.AMBER if last_year is Direction.IMPROVED else Rag.RED
    return Rag.AMBER if within else Rag.RED




def compute_kpi(calc: Calculator, kpi: Kpi, quarter: Quarter, scheme: str,
                comparators: Comparators | None = None) -> KpiResult:
    """Every figure for one KPI in one quarter."""
    if kpi.frequency == "annual":
        return _compute_annual(calc, kpi, quarter, scheme, comparators or {})
    value, symbol = calc.headline(kpi.id, quarter)
    found = calc.observations.get((kpi.id, quarter))
    last_year = compare(kpi, value, calc.headline(kpi.id, quarter.last_year), quarter.last_year,
                        symbol)
    previous = compare(kpi, value, calc.headline(kpi.id, quarter.previous), quarter.previous,
                       symbol)
    if kpi.cumulative_total and kpi.measure == "ytd":
        # a running total always grows within the year: only last year's is comparable
        previous = replace(previous, change=None, change_pct=None,
                           direction=Direction.NOT_AVAILABLE)
    target, annual = kpi.target_for(quarter)
    ytd = calc.ytd(kpi.id, quarter)
    judged = ytd if kpi.judged_to_date else value
    series = quarter.series(SERIES_LENGTH)
    charted, to_date = chart_series(calc, kpi, series)
    against = compare_all(kpi, value, quarter, series, comparators or {})
    summed = to_date and kpi.measure == "flow" and not kpi.derived  # each point a ytd
    if summed:  # their lines to date too
        against = tuple(replace(c, series=_to_date(kpi, c.series, (comparators or {})[c.name]))
                        for c in against)
    return KpiResult(
        kpi=kpi,
        quarter=quarter,
        value=value,
        symbol=symbol,
        note=found.note if found else "",
        ytd=ytd,
        previous=previous,
        last_year=last_year,
        target=target,
        rag=rag_status(kpi, judged, target, last_year.direction, kpi.rag_scheme or scheme),
        series=charted,
        annual_target=annual,
        target_basis="year_to_date" if kpi.judged_to_date else "quarter",
        period=quarter,
        comparators=against,
        parts=calc.shown_parts(kpi.id, found) if symbol != CONFIDENTIAL else (),
        targets=tuple((q, kpi.target_for(q)[0]) for q in series),
        series_to_date=to_date,
        withheld=calc.withheld(kpi.id, series, summed),
        ytd_withheld=ytd is None and calc.withheld_ytd(kpi.id, quarter),
    )


def chart_series(calc: Calculator, kpi: Kpi, quarters: list[Quarter]
                 ) -> tuple[tuple[tuple[Quarter, Decimal | None], ...], bool]:
    """The figures a trend chart plots, and whether each is its quarter's year to date.

    A chart compares like with like: a flow judged against a yearly target plots each
    quarter's year to date, since its target is the year's profiled to that quarter (300,
    600, 900 of 1,200); a KPI reported to date plots what was reported, which is to date."""
    if kpi.judged_to_date and kpi.measure == "flow" and kpi.target:
        return tuple((q, calc.ytd(kpi.id, q)) for q in quarters), True
    to_date = kpi.measure == "ytd" or (kpi.measure == "flow" and kpi.derived is not None)
    return tuple((q, calc.headline(kpi.id, q)[0]) for q in quarters), to_date


def _to_date(kpi: Kpi, series: tuple[tuple[Quarter, Decimal | None], ...],
             observations: dict[tuple[str, Quarter], Observation]
             ) -> tuple[tuple[Quarter, Decimal | None], ...]:
    """A comparator's quarterly figures of a flow as each quarter's year to date."""
    def figure(q: Quarter) -> Decimal | None:
        found = observations.get((kpi.id, q))
        return found.value if found else None

    return tuple((q, total([figure(p) for p in q.year_to_date()])) for q, _ in series)


def latest_year(calc: Calculator, kpi: Kpi, quarter: Quarter) -> Quarter:
    """The last quarter up to `quarter` with a figure for an annual KPI (its year's end)."""
    dated = [q for (k, q), found in calc.observations.items()
             if k == kpi.id and q <= quarter and (found.value is not None or found.symbol)]
    if kpi.derived:  # a derived annual KPI is dated where its components are
        components = set(kpi.derived.components)
        dated = [q for (k, q) in calc.observations if k in components and q <= quarter]
    return max(dated, default=Quarter(quarter.year - 1, 4, quarter.start_month))


def _compute_annual(calc: Calculator, kpi: Kpi, quarter: Quarter, scheme: str,
                    comparators: Comparators) -> KpiResult:
    """An annual KPI: its latest year up to the quarter, against the year before."""
    period = latest_year(calc, kpi, quarter)
    value, symbol = calc.headline(kpi.id, period)
    found = calc.observations.get((kpi.id, period))
    last_year = compare(kpi, value, calc.headline(kpi.id, period.last_year), period.last_year,
                        symbol)
    previous = Comparison(quarter.previous, None, None, None, None, Direction.NOT_AVAILABLE)
    target = kpi.target.get(str(period), kpi.target.get(str(period.year)))
    years = [Quarter(period.year - n, period.number, period.start_month)
             for n in range(SERIES_LENGTH - 1, -1, -1)]
    return KpiResult(
        kpi=kpi,
        quarter=quarter,
        value=value,
        symbol=symbol,
        note=found.note if found else "",
        ytd=None,
        previous=previous,
        last_year=last_year,
        target=target,
        rag=rag_status(kpi, value, target, last_year.direction, kpi.rag_scheme or scheme),
        series=tuple((q, calc.headline(kpi.id, q)[0]) for q in years),
        period=period,
        period_label=found.label if found and found.label else period.fiscal_year_label,
        comparators=compare_all(kpi, value, period, years, comparators),
        parts=calc.shown_parts(kpi.id, found) if symbol != CONFIDENTIAL else (),
        targets=tuple((q, kpi.target.get(str(q), kpi.target.get(str(q.year)))) for q in years),
        withheld=calc.withheld(kpi.id, years),
    )


def parts_of(found: Observation | None) -> tuple[tuple[str, str], ...]:
    """A figure's parts as read: its months (monthly:), or its numerator and denominator."""
    if found is None:
        return ()
    months = tuple((f"{month:%Y-%m}", "" if value is None else f"{value.normalize():f}")
                   for month, value in found.months if month is not None)
    return months + found.parts


def budget_figures(name: str, budget: Decimal, outturn: Decimal) -> BudgetFigures:
    variance = outturn - budget
    return BudgetFigures(name, budget, outturn, variance, percent(variance, budget, 1))


def directorate_budget(lines: list[BudgetLine], directorate: str) -> BudgetFigures | None:
    """The directorate total: its own row where given, else the sum of its services."""
    mine = [line for line in lines if line.directorate == directorate]
    total = next((line for line in mine if not line.service), None)
    if total is not None:
        return budget_figures(directorate, total.budget, total.outturn)
    if not mine:
        return None
    return budget_figures(directorate, sum((line.budget for line in mine), Decimal(0)),
                          sum((line.outturn for line in mine), Decimal(0)))


def compute_budget(budgets: dict[Quarter, list[BudgetLine]], directorate: str,
                   quarter: Quarter) -> BudgetResult | None:
    lines = budgets.get(quarter, [])
    total = directorate_budget(lines, directorate)
    if total is None:
        return None
    services = tuple(
        budget_figures(line.service, line.budget, line.outturn)
        for line in lines if line.directorate == directorate and line.service
    )
    before = None
    if quarter.number > 1:  # the movement is within the financial year
        before = directorate_budget(budgets.get(quarter.previous, []), directorate)
    previous = before.variance if before else None
    movement = total.variance - previous if previous is not None else None
    return BudgetResult(directorate, quarter, total, services, previous, movement)


def compute_quarter(catalogue: Catalogue, observations: dict[tuple[str, Quarter], Observation],
                    budgets: dict[Quarter, list[BudgetLine]], directorates: list[str],
                    quarter: Quarter, scheme: str = "tolerance",
                    comparators: Comparators | None = None,
                    calc: Calculator | None = None) -> QuarterResults:
    """Every figure for every KPI and directorate budget in the quarter; `calc` gives the
    figures as published (compute.disclosure), else they are the data's."""
    calc = calc or Calculator(catalogue, observations)
    kpis = {k.id: compute_kpi(calc, k, quarter, scheme, comparators)
            for k in catalogue.kpis.values()}
    found = {d: compute_budget(budgets, d, quarter) for d in directorates}
    return QuarterResults(quarter, kpis, {d: b for d, b in found.items() if b is not None},
                          tuple(directorates))
