"""Every computation, with figures checked by hand."""

from decimal import Decimal

import pytest

from reportgen.compute.calculate import (
    Calculator,
    Direction,
    Rag,
    compute_budget,
    compute_quarter,
    summarise,
)
from reportgen.compute.rounding import percent, round_half_up
from reportgen.errors import Location
from reportgen.load.dataset import BudgetLine
from reportgen.quarters import Quarter

from ..helpers import catalogue, kpi, observations

Q3 = Quarter.parse("2017Q3")


def results_for(kpis, values, quarter=Q3, scheme="tolerance"):  # type: ignore[no-untyped-def]
    return compute_quarter(catalogue(*kpis), observations(values), {}, ["children"], quarter,
                           scheme).kpis


def test_change_on_previous_quarter_and_last_year() -> None:
    lac = kpi(id="LAC", unit="count", polarity="neutral")
    r = results_for([lac], {("LAC", "2017Q2"): 784, ("LAC", "2017Q3"): 803,
                            ("LAC", "2016Q3"): 761})["LAC"]
    assert r.previous.change == 19
    assert r.previous.change_pct == Decimal("2.4")  # 19 / 784 = 2.42%
    assert r.previous.direction is Direction.INCREASED  # neutral: no judgement
    assert r.last_year.change == 42
    assert r.last_year.change_pct == Decimal("5.5")  # 42 / 761 = 5.52%


@pytest.mark.parametrize(("polarity", "expected"), [
    ("lower_is_better", Direction.DECLINED),
    ("higher_is_better", Direction.IMPROVED),
])
def test_direction_follows_polarity_not_raw_movement(polarity: str, expected: Direction) -> None:
    k = kpi(id="K", polarity=polarity)
    r = results_for([k], {("K", "2017Q2"): 784, ("K", "2017Q3"): 803})["K"]
    assert r.previous.direction is expected


def test_no_change_is_judged_on_shown_figures() -> None:
    k = kpi(id="K", unit="percent", decimals=1, polarity="higher_is_better")
    r = results_for([k], {("K", "2017Q2"): "12.51", ("K", "2017Q3"): "12.54"})["K"]
    assert r.previous.direction is Direction.NO_CHANGE  # both show as 12.5%


def test_percentages_change_in_points_without_a_relative_change() -> None:
    k = kpi(id="K", unit="percent", decimals=1, polarity="lower_is_better")
    r = results_for([k], {("K", "2017Q2"): "14.0", ("K", "2017Q3"): "12.5"})["K"]
    assert r.previous.change == Decimal("-1.5")
    assert r.previous.change_pct is None
    assert r.previous.direction is Direction.IMPROVED


def test_missing_comparisons_are_not_available() -> None:
    k = kpi(id="K", polarity="higher_is_better")
    r = results_for([k], {("K", "2017Q3"): 5, ("K", "2017Q2"): "[x]"})["K"]
    assert r.previous.direction is Direction.NOT_AVAILABLE
    assert r.previous.symbol == "[x]"
    assert r.last_year.direction is Direction.NOT_AVAILABLE
    assert r.series[-1] == (Q3, Decimal(5))
    assert [v for _, v in r.series[:-1]] == [None] * 7


def test_derived_vacancy_rate() -> None:
    rate = kpi(id="SWV", unit="percent", decimals=1, polarity="lower_is_better",
               derived={"numerator": "VAC", "denominator": ["VAC", "INPOST"], "per": 100})
    r = results_for([rate, kpi(id="VAC", show=False), kpi(id="INPOST", show=False)],
                    {("VAC", "2017Q3"): "22.5", ("INPOST", "2017Q3"): "157.5"})["SWV"]
    assert r.value == Decimal("12.5")  # 22.5 / (22.5 + 157.5) × 100


def test_derived_flow_uses_year_to_date_components() -> None:
    home = kpi(id="ARC", unit="percent", decimals=0, measure="flow", polarity="higher_is_better",
               derived={"numerator": "HOME", "denominator": "WORKED", "per": 100},
               target={"2017": 80}, tolerance="5pp")
    values = {("HOME", "2017Q1"): 12, ("HOME", "2017Q2"): 12, ("HOME", "2017Q3"): 13,
              ("WORKED", "2017Q1"): 15, ("WORKED", "2017Q2"): 14, ("WORKED", "2017Q3"): 15}
    results = results_for([home, kpi(id="HOME", measure="flow"),
                           kpi(id="WORKED", measure="flow")], values)
    assert round_half_up(results["ARC"].value, 0) == 84  # 37 of 44
    assert results["ARC"].rag is Rag.GREEN
    assert results["WORKED"].ytd == 44
    assert results["WORKED"].value == 15
    assert results["ARC"].last_year.direction is Direction.NOT_AVAILABLE  # service began 2017


def test_zero_denominator_is_not_available_not_a_crash() -> None:
    rate = kpi(id="R", derived={"numerator": "A", "denominator": "B"})
    r = results_for([rate, kpi(id="A"), kpi(id="B")],
                    {("A", "2017Q3"): 0, ("B", "2017Q3"): 0})["R"]
    assert r.value is None


def test_flow_year_to_date_needs_every_quarter() -> None:
    k = kpi(id="F", measure="flow")
    results = results_for([k], {("F", "2017Q1"): 300, ("F", "2017Q3"): 320})
    assert results["F"].ytd is None
    full = results_for([k], {("F", "2017Q1"): 300, ("F", "2017Q2"): 310, ("F", "2017Q3"): 320})
    assert full["F"].ytd == 930


def test_ytd_measure_is_taken_as_reported() -> None:
    k = kpi(id="Y", measure="ytd")
    assert results_for([k], {("Y", "2017Q3"): 451})["Y"].ytd == 451


@pytest.mark.parametrize(("value", "tolerance", "expected"), [
    (780, "2%", Rag.GREEN),     # on target
    (795, "2%", Rag.AMBER),     # 780 + 2% = 795.6
    (796, "2%", Rag.RED),
    (803, "2%", Rag.RED),
    (795, "15", Rag.AMBER),     # absolute band of 15
    (796, None, Rag.RED),       # no tolerance: no amber
])
def test_rag_lower_is_better(value: int, tolerance: str | None, expected: Rag) -> None:
    k = kpi(id="K", polarity="lower_is_better", target={"2017": 780}, tolerance=tolerance)
    assert results_for([k], {("K", "2017Q3"): value})["K"].rag is expected


@pytest.mark.parametrize(("value", "expected"), [("60.0", Rag.GREEN), ("57.0", Rag.AMBER),
                                                 ("56.9", Rag.RED)])
def test_rag_percentage_points(value: str, expected: Rag) -> None:
    k = kpi(id="K", unit="percent", polarity="higher_is_better", target={"2017": 60},
            tolerance="3pp")
    assert results_for([k], {("K", "2017Q3"): value})["K"].rag is expected


def test_quarter_target_beats_year_target() -> None:
    k = kpi(id="K", polarity="lower_is_better", target={"2017": 150, "2017Q4": 130})
    r = results_for([k], {("K", "2017Q4"): 140}, quarter=Quarter.parse("2017Q4"))["K"]
    assert (r.target, r.rag) == (130, Rag.RED)
    assert results_for([k], {("K", "2017Q3"): 140})["K"].rag is Rag.GREEN


def test_no_target_and_missing_value() -> None:
    k = kpi(id="K", polarity="higher_is_better", target={"2017": 10})
    assert results_for([kpi(id="N")], {("N", "2017Q3"): 1})["N"].rag is Rag.NO_TARGET
    assert results_for([k], {("K", "2017Q3"): "[c]"})["K"].rag is Rag.NOT_AVAILABLE
    neutral = kpi(id="C", polarity="neutral", target={"2017": 10})
    assert results_for([neutral], {("C", "2017Q3"): 12})["C"].rag is Rag.NO_TARGET


def test_trend_scheme_amber_means_improved_on_last_year() -> None:
    k = kpi(id="K", polarity="higher_is_better", target={"2017": 90, "2016": 90},
            tolerance="10%")
    values = {("K", "2017Q3"): 70, ("K", "2016Q3"): 60}
    assert results_for([k], values, scheme="trend")["K"].rag is Rag.AMBER
    assert results_for([k], values, scheme="tolerance")["K"].rag is Rag.RED
    worse = {("K", "2017Q3"): 70, ("K", "2016Q3"): 75}
    assert results_for([k], worse, scheme="trend")["K"].rag is Rag.RED
    within = {("K", "2017Q3"): 82, ("K", "2016Q3"): 85}  # 90 − 10% = 81
    assert results_for([k], within, scheme="trend")["K"].rag is Rag.GREEN


def test_summary_counts_shown_kpis() -> None:
    ks = [kpi(id=f"K{n}", polarity="higher_is_better", target={"2017": 10}) for n in range(3)]
    hidden = kpi(id="H", show=False, polarity="higher_is_better", target={"2017": 10})
    values = {("K0", "2017Q3"): 12, ("K1", "2017Q3"): 5, ("K2", "2017Q3"): 11,
              ("K0", "2017Q2"): 10, ("K1", "2017Q2"): 6, ("H", "2017Q3"): 1}
    results = compute_quarter(catalogue(*ks, hidden), observations(values), {}, ["children"], Q3)
    s = results.summary("children")
    assert (s.total, s.green, s.red, s.improved, s.declined) == (3, 2, 1, 1, 1)
    assert summarise([]).total == 0


def test_percent_rounds_half_up() -> None:
    assert percent(7, 44) == 16   # 15.909…
    assert percent(37, 44) == 84  # 84.09…
    assert percent(1, 8) == 13    # 12.5 rounds up, not to even
    assert percent(1, 0) is None
    assert round_half_up(Decimal("2.25"), 1) == Decimal("2.3")


def _line(directorate: str, budget: int, outturn: int, service: str = "") -> BudgetLine:
    return BudgetLine(directorate, service, Decimal(budget), Decimal(outturn),
                      Location("budget.csv", 2))


def test_budget_overspend_and_movement() -> None:
    budgets = {
        Quarter.parse("2017Q2"): [_line("children", 60_000_000, 63_500_000)],
        Q3: [_line("children", 60_000_000, 64_100_000)],
    }
    b = compute_budget(budgets, "children", Q3)
    assert b is not None
    assert b.total.variance == 4_100_000
    assert b.total.variance_pct == Decimal("6.8")  # 4.1 / 60.0 = 6.83%
    assert b.movement == 600_000


def test_budget_total_is_the_sum_of_services_when_no_total_row() -> None:
    budgets = {Q3: [_line("adults", 100_000_000, 99_800_000, "Older people"),
                    _line("adults", 10_500_000, 10_600_000, "Mental health")]}
    b = compute_budget(budgets, "adults", Q3)
    assert b is not None
    assert (b.total.budget, b.total.variance) == (110_500_000, -100_000)
    assert [s.name for s in b.services] == ["Older people", "Mental health"]
    assert b.movement is None  # no Quarter 2 projection


def test_budget_movement_does_not_cross_financial_years() -> None:
    q1 = Quarter.parse("2017Q1")
    budgets = {q1.previous: [_line("children", 1, 2)], q1: [_line("children", 1, 3)]}
    b = compute_budget(budgets, "children", q1)
    assert b is not None and b.movement is None


def test_calculator_headline_for_missing_kpi_quarter() -> None:
    calc = Calculator(catalogue(kpi(id="K")), {})
    assert calc.headline("K", Q3) == (None, None)


def test_a_cycle_gives_no_value_instead_of_recursing_forever() -> None:
    a = kpi(id="A", derived={"numerator": "B", "denominator": "C"})
    b = kpi(id="B", derived={"numerator": "A", "denominator": "C"})
    results = results_for([a, b, kpi(id="C")], {("C", "2017Q3"): 4})
    assert results["A"].value is None and results["B"].value is None


def test_cumulative_totals_are_judged_on_the_year_to_date_against_a_profiled_target() -> None:
    flow = kpi(id="F", unit="count", measure="flow", polarity="higher_is_better",
               target={"2017": 200}, tolerance="10%")
    values = {("F", "2017Q1"): 50, ("F", "2017Q2"): 50, ("F", "2017Q3"): 50}
    r = results_for([flow], values)["F"]
    assert (r.ytd, r.target, r.annual_target, r.rag) == (150, 150, 200, Rag.GREEN)
    behind = {("F", "2017Q1"): 40, ("F", "2017Q2"): 45, ("F", "2017Q3"): 50}
    assert results_for([flow], behind)["F"].rag is Rag.AMBER  # 135 = 150 − 10%, the edge
    further = {("F", "2017Q1"): 40, ("F", "2017Q2"): 40, ("F", "2017Q3"): 50}
    assert results_for([flow], further)["F"].rag is Rag.RED  # 130 < 135


def test_running_totals_compare_only_with_last_year() -> None:
    ytd = kpi(id="Y", unit="count", measure="ytd", polarity="higher_is_better",
              target={"2017": 200})
    values = {("Y", "2017Q2"): 90, ("Y", "2017Q3"): 150, ("Y", "2016Q3"): 140}
    r = results_for([ytd], values)["Y"]
    assert r.previous.direction is Direction.NOT_AVAILABLE  # 90 → 150 is only the year adding up
    assert r.last_year.direction is Direction.IMPROVED
    assert (r.target, r.rag) == (150, Rag.GREEN)


def test_a_quarter_target_is_the_profile_itself() -> None:
    flow = kpi(id="F", unit="count", measure="flow", polarity="higher_is_better",
               target={"2017": 200, "2017Q3": 160})
    values = {("F", "2017Q1"): 50, ("F", "2017Q2"): 50, ("F", "2017Q3"): 50}
    r = results_for([flow], values)["F"]
    assert (r.target, r.annual_target, r.rag) == (160, None, Rag.RED)


def test_rates_keep_their_annual_target_unprofiled() -> None:
    rate = kpi(id="P", unit="percent", measure="ytd", polarity="higher_is_better",
               target={"2017": 92})
    r = results_for([rate], {("P", "2017Q3"): "93.1", ("P", "2017Q2"): "93.0"})["P"]
    assert (r.target, r.rag, r.previous.direction) == (92, Rag.GREEN, Direction.IMPROVED)
