"""Disclosure control: each rule of compute.disclosure, with figures checked by hand.

The Cardiff Adolescent Resource Centre figures (tests/real/PROVENANCE.md): of 44 young
people worked with, 37 stayed at home and 7 were accommodated, 4 fostered and 3 in
residential homes; 7 of 44 is 16% (15.9), 37 of 44 is 84% (84.1)."""

from datetime import date
from decimal import Decimal
from typing import Any

from reportgen.compute.calculate import Direction, KpiResult, Rag, compute_quarter
from reportgen.compute.disclosure import Disclosed, Policy
from reportgen.quarters import Quarter

from ..helpers import catalogue, kpi, observations

Q3 = Quarter.parse("2017Q3")
ARC = [
    kpi(id="WORKED", measure="snapshot", show=False),
    kpi(id="HOME", measure="snapshot", show=False),
    kpi(id="FOSTERED", measure="snapshot"),
    kpi(id="RESIDENTIAL", measure="snapshot"),
    kpi(id="HOME-PCT", unit="percent", decimals=0, target={2017: 80},
        polarity="higher_is_better", derived={"numerator": "HOME", "denominator": "WORKED",
                                               "per": 100}),
    kpi(id="ACCOM-PCT", unit="percent", decimals=0,
        derived={"numerator": ["FOSTERED", "RESIDENTIAL"], "denominator": "WORKED",
                 "per": 100}),
]
ARC_FIGURES = {("WORKED", "2017Q3"): 44, ("HOME", "2017Q3"): 37, ("FOSTERED", "2017Q3"): 4,
               ("RESIDENTIAL", "2017Q3"): 3, ("WORKED", "2017Q2"): 30,
               ("HOME", "2017Q2"): 26, ("FOSTERED", "2017Q2"): 12, ("RESIDENTIAL", "2017Q2"): 2}


def published(kpis: list[Any], values: dict[tuple[str, str], Any], threshold: int = 10,
              round_to: int | None = None, quarter: Quarter = Q3) -> dict[str, KpiResult]:
    cat, obs = catalogue(*kpis), observations(values)
    calc = Disclosed(cat, obs, Policy(threshold, frozenset({"count"}), round_to))
    return compute_quarter(cat, obs, {}, ["children"], quarter, calc=calc).kpis


def test_small_counts_are_confidential_and_larger_ones_published() -> None:
    r = published(ARC, ARC_FIGURES)
    assert (r["FOSTERED"].value, r["FOSTERED"].symbol) == (None, "[c]")  # 4 < 10
    assert (r["RESIDENTIAL"].value, r["RESIDENTIAL"].symbol) == (None, "[c]")  # 3 < 10
    assert r["WORKED"].value == 44
    assert r["HOME"].value == 37


def test_zero_and_the_threshold_itself_are_published() -> None:
    k = kpi(id="K")
    r = published([k], {("K", "2017Q3"): 10, ("K", "2017Q2"): 0})["K"]
    assert r.value == 10 and r.previous.value == 0


def test_a_derived_figure_with_a_confidential_component_is_confidential() -> None:
    r = published(ARC, ARC_FIGURES)
    assert (r["ACCOM-PCT"].value, r["ACCOM-PCT"].symbol) == (None, "[c]")  # 7 of 44 = 16%
    assert round(r["HOME-PCT"].value or 0) == 84  # 37 of 44 = 84.1%: published


def test_rag_and_direction_of_a_confidential_figure_are_not_published() -> None:
    small = kpi(id="K", polarity="higher_is_better", target={2017: 5})
    r = published([small], {("K", "2017Q3"): 4, ("K", "2017Q2"): 12})["K"]
    assert r.rag is Rag.NOT_AVAILABLE  # 4 against 5 would have been red
    assert r.previous.change is None and r.previous.withheld
    assert r.previous.direction is Direction.NOT_AVAILABLE
    assert r.previous.value == 12  # the earlier figure itself is large enough to publish


def test_a_change_from_a_confidential_figure_is_not_published() -> None:
    r = published([kpi(id="K")], {("K", "2017Q3"): 40, ("K", "2017Q2"): 6})["K"]
    assert r.value == 40
    assert r.previous.symbol == "[c]" and r.previous.change is None and r.previous.withheld


def test_the_series_has_a_gap_for_each_confidential_quarter() -> None:
    r = published([kpi(id="K")], {("K", "2017Q3"): 40, ("K", "2017Q2"): 6,
                                  ("K", "2017Q1"): 12})["K"]
    series = dict(r.series)
    assert series[Quarter.parse("2017Q2")] is None
    assert r.withheld == frozenset({Quarter.parse("2017Q2")})
    assert series[Quarter.parse("2017Q1")] == 12


def test_a_year_to_date_summing_a_confidential_quarter_is_confidential() -> None:
    flow = kpi(id="F", measure="flow")
    r = published([flow], {("F", "2017Q1"): 20, ("F", "2017Q2"): 3, ("F", "2017Q3"): 15})["F"]
    assert r.value == 15  # the quarter's own figure is published
    # 38 to date, 20 + 15 published: 38 − 35 would give away the 3
    assert r.ytd is None and r.ytd_withheld


def test_a_small_year_to_date_is_confidential() -> None:
    flow = kpi(id="F", measure="flow")
    r = published([flow], {("F", "2017Q1"): 0, ("F", "2017Q2"): 0, ("F", "2017Q3"): 0},
                  quarter=Quarter.parse("2017Q1"))["F"]
    assert r.ytd == 0 and not r.ytd_withheld
    r = published([flow], {("F", "2017Q1"): 12, ("F", "2017Q2"): 0},
                  quarter=Quarter.parse("2017Q2"))["F"]
    assert r.ytd == 12


def test_the_next_smallest_part_of_a_sum_is_withheld_with_a_small_one() -> None:
    # looked after children by placement: 40 fostered, 6 in residential homes, 20 other;
    # the 66 in all is published, so 66 − 40 − 20 would give the 6 away
    parts = [kpi(id="FOS"), kpi(id="RES"), kpi(id="OTHER"), kpi(id="ALL")]
    share = kpi(id="FOS-PCT", unit="percent",
                derived={"numerator": "FOS", "denominator": ["FOS", "RES", "OTHER"],
                         "per": 100})
    r = published([*parts, share], {("FOS", "2017Q3"): 40, ("RES", "2017Q3"): 6,
                                    ("OTHER", "2017Q3"): 20, ("ALL", "2017Q3"): 66})
    assert r["RES"].symbol == "[c]"  # primary: 6 < 10
    assert r["OTHER"].symbol == "[c]"  # the next smallest part: 20 < 40
    assert r["FOS"].value == 40  # 40 alone gives neither 6 nor 20
    assert r["FOS-PCT"].symbol == "[c]"  # its denominator has a confidential part


def test_parts_are_withheld_until_the_withheld_ones_add_up_to_the_threshold() -> None:
    parts = [kpi(id=p) for p in ("A", "B", "C", "D")]
    share = kpi(id="S", unit="percent", derived={"numerator": "A",
                                                  "denominator": ["A", "B", "C", "D"]})
    r = published([*parts, share], {("A", "2017Q3"): 50, ("B", "2017Q3"): 2,
                                    ("C", "2017Q3"): 3, ("D", "2017Q3"): 30})
    # 2 and 3 are confidential; together 5 is still small, so the next smallest (30) too
    assert [r[p].symbol for p in "ABCD"] == [None, "[c]", "[c]", "[c]"]


def test_two_confidential_parts_adding_to_the_threshold_need_no_more() -> None:
    parts = [kpi(id=p) for p in ("A", "B", "C", "D")]
    share = kpi(id="S", unit="percent", derived={"numerator": "A",
                                                  "denominator": ["A", "B", "C", "D"]})
    r = published([*parts, share], {("A", "2017Q3"): 50, ("B", "2017Q3"): 5,
                                    ("C", "2017Q3"): 5, ("D", "2017Q3"): 30})
    # 5 + 5 = 10 reaches the threshold: the total gives neither 5 away
    assert [r[p].symbol for p in "ABCD"] == [None, "[c]", "[c]", None]


def test_rounding_to_the_nearest_five() -> None:
    flow = kpi(id="F", measure="flow")
    r = published([flow], {("F", "2017Q1"): 12, ("F", "2017Q2"): 13, ("F", "2017Q3"): 44},
                  round_to=5)["F"]
    assert r.value == 45  # 44 → 45
    assert r.previous.value == 15  # 13 → 15: half up
    assert r.previous.change == 30  # between the published figures
    assert r.ytd == 70  # 69 → 70: the total rounded, not the sum of rounded parts


def test_rounding_leaves_derived_percentages_from_the_data() -> None:
    r = published(ARC, ARC_FIGURES, round_to=5)
    assert r["WORKED"].value == 45  # 44 → 45
    assert r["HOME"].value == 35  # 37 → 35
    assert round(r["HOME-PCT"].value or 0) == 84  # 37 of 44, not 35 of 45 (78%)


def test_the_kpi_flag_protects_any_unit_or_exempts_a_count() -> None:
    days = kpi(id="D", unit="days", disclosure=True)
    exempt = kpi(id="E", disclosure=False)  # a count of buildings, say: no people in it
    r = published([days, exempt], {("D", "2017Q3"): 3, ("E", "2017Q3"): 3})
    assert r["D"].symbol == "[c]"
    assert r["E"].value == 3


def test_a_derived_kpi_of_a_derived_kpi_follows_its_components() -> None:
    ratio = kpi(id="R", unit="ratio", derived={"numerator": "ACCOM-PCT", "denominator":
                                                "HOME-PCT"})
    r = published([*ARC, ratio], ARC_FIGURES)
    assert r["R"].symbol == "[c]"


def test_no_policy_publishes_everything() -> None:
    cat, obs = catalogue(*ARC), observations(ARC_FIGURES)
    r = compute_quarter(cat, obs, {}, ["children"], Q3).kpis
    assert r["FOSTERED"].value == 4 and not r["FOSTERED"].withheld
    assert r["ACCOM-PCT"].value == Decimal(700) / 44


def test_the_parts_a_figure_was_read_from_give_no_small_count_away() -> None:
    from dataclasses import replace as with_

    share = kpi(id="P", unit="percent", decimals=0)  # read as a percentage, not derived
    count = kpi(id="N")
    obs = observations({("P", "2017Q3"): "15.9", ("N", "2017Q3"): 40})
    obs[("P", Q3)] = with_(obs[("P", Q3)], parts=(("numerator", "7"), ("denominator", "44")))
    obs[("N", Q3)] = with_(obs[("N", Q3)], months=(
        (date(2017, 10, 1), Decimal(3)), (date(2017, 11, 1), Decimal(17)),
        (date(2017, 12, 1), Decimal(20))))
    cat = catalogue(share, count)
    calc = Disclosed(cat, obs, Policy(10))
    r = compute_quarter(cat, obs, {}, ["children"], Q3, calc=calc).kpis
    assert r["P"].value == Decimal("15.9") and r["P"].parts == ()  # 7 of 44: not exported
    assert r["N"].value == 40 and r["N"].parts == ()  # October's 3 would be
    plain = compute_quarter(cat, obs, {}, ["children"], Q3).kpis
    assert plain["P"].parts == (("numerator", "7"), ("denominator", "44"))


def test_a_chart_of_years_to_date_marks_each_withheld_one() -> None:
    flow = kpi(id="F", measure="flow", polarity="higher_is_better", target={2017: 80})
    r = published([flow], {("F", "2017Q1"): 12, ("F", "2017Q2"): 3, ("F", "2017Q3"): 15})["F"]
    assert r.series_to_date  # judged to date against a yearly target: the chart is to date
    points = dict(r.series)
    q1, q2, q3 = (Quarter.parse(f"2017Q{n}") for n in (1, 2, 3))
    assert points[q1] == 12  # 12 to date: published
    assert points[q2] is None and points[q3] is None  # 15 and 30 would give the 3 away
    assert r.withheld == frozenset({q2, q3})
