from decimal import Decimal

from reportgen.compute.calculate import compute_quarter
from reportgen.quarters import Quarter
from reportgen.render.charts import BOTTOM, HEIGHT, TOP, from_zero, nice_axis, notes, trend_svg
from reportgen.words.formatter import Formatter

from ..helpers import catalogue, kpi, observations


def test_axis_includes_zero_and_every_value() -> None:
    axis = nice_axis(Decimal(700), Decimal(803))
    assert (axis.bottom, axis.top, axis.places) == (0, 1000, 0)
    below = nice_axis(Decimal(-30), Decimal(12))
    assert below.bottom <= -30 and below.top >= 12 and Decimal(0) in below.ticks
    small = nice_axis(Decimal("0.2"), Decimal("0.9"))
    assert small.places == 2 and [str(t) for t in small.ticks][:3] == ["0.00", "0.25", "0.50"]


def test_negative_values_are_drawn_inside_the_plot() -> None:
    arrears = kpi(id="A", unit="gbp", polarity="lower_is_better")
    values = {("A", str(q)): -5000 * (i + 1) for i, q in
              enumerate(Quarter.parse("2017Q3").series(8))}
    result = compute_quarter(catalogue(arrears), observations(values), {}, ["children"],
                             Quarter.parse("2017Q3")).kpis["A"]
    svg = str(trend_svg(result, "c1", Formatter("en")))
    ys = [float(part.split('"')[1]) for part in svg.split('cy=')[1:]]
    assert len(ys) == 8 and all(TOP <= y <= HEIGHT - BOTTOM for y in ys)  # within the plot


def _lac() -> object:
    lac = kpi(id="CS-LAC-01", title="Looked after children", unit="count")
    series = [735, 742, 749, 761, 768, 776, 784, 803]
    values = {("CS-LAC-01", str(q)): v for q, v in
              zip(Quarter.parse("2017Q3").series(8), series, strict=True)}
    return compute_quarter(catalogue(lac), observations(values), {}, ["children"],
                           Quarter.parse("2017Q3")).kpis["CS-LAC-01"]


def test_a_count_far_from_zero_gets_an_axis_that_shows_the_change_and_says_so() -> None:
    assert not from_zero(Decimal(735), Decimal(803))
    assert from_zero(Decimal(5), Decimal(11)) and from_zero(Decimal(-3), Decimal(4))
    axis = nice_axis(Decimal(735), Decimal(803), zero=False)
    assert (axis.bottom, axis.top) == (720, 820)  # steps of 20: a rise of 19 is a step
    svg = str(trend_svg(_lac(), "c1", Formatter("en")))
    assert "The value axis starts at 720, not at zero." in svg  # in the text alternative
    assert notes(_lac(), Formatter("en")) == ("The value axis starts at 720, not at zero.",)


def test_every_quarter_has_its_year_under_it() -> None:
    svg = str(trend_svg(_lac(), "c1", Formatter("en")))
    # 2015Q4 stands alone at the left: its year in the short form that fits one quarter
    assert ">15/16</text>" in svg and ">2016/17</text>" in svg and ">2017/18</text>" in svg


def test_notes_say_which_way_is_better_and_explain_a_year_to_date() -> None:
    ytd = kpi(id="Y", unit="count", measure="ytd", polarity="higher_is_better")
    values = {("Y", str(q)): 10 * q.number for q in Quarter.parse("2017Q3").series(8)}
    result = compute_quarter(catalogue(ytd), observations(values), {}, ["children"],
                             Quarter.parse("2017Q3")).kpis["Y"]
    assert notes(result, Formatter("en")) == (
        "Higher is better.",
        "Figures are for the year to date, so they start again each Quarter 1.")


def _flow(values: list[int | None], unit: str = "count", target: int = 1200) -> object:
    """A flow with a yearly target, 2015Q4 to 2017Q3; the last three are Q1-Q3 2017/18."""
    flow = kpi(id="F", title="Fly-tipping incidents cleared", unit=unit, measure="flow",
               polarity="higher_is_better", target={2016: target, 2017: target})
    quarters = Quarter.parse("2017Q3").series(8)
    observed = {("F", str(q)): v for q, v in zip(quarters, values, strict=True)}
    return compute_quarter(catalogue(flow), observations(observed), {}, ["housing"],
                           Quarter.parse("2017Q3")).kpis["F"]


def _chart_table(result: object, tmp_path: object) -> list[list[str]]:
    import re

    from reportgen.load.config import Branding
    from reportgen.render.context import chart
    from reportgen.render.theme import Theme

    drawn = chart(result, "c1", Formatter("en"), Branding())  # type: ignore[arg-type]
    html = str(Theme(tmp_path).macros("en").chart(drawn))  # type: ignore[arg-type]
    table = html.split('<table class="chart-table">')[1].split("</table>")[0]
    return [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)
            for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)]


def test_a_flow_is_charted_to_date_against_its_target_to_date(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = _flow([280, 250, 290, 300, 320, 300, 310, 290])
    assert [v for _, v in result.series][-3:] == [300, 610, 900]  # year to date
    assert [t for _, t in result.targets][-3:] == [300, 600, 900]  # 1,200 profiled
    rows = _chart_table(result, tmp_path)
    assert rows[0] == ["Quarter", "Year to date", "Target to date"]
    assert rows[-3:] == [["Q1 2017/18", "300", "300"], ["Q2 2017/18", "610", "600"],
                         ["Q3 2017/18", "900", "900"]]
    # 2015/16's first quarters are not in the data, so its Q4 has no year to date; and
    # before 2016/17 there is no target
    assert rows[1] == ["Q4 2015/16", "not available", "–"]


def test_the_text_alternative_and_notes_say_what_is_plotted() -> None:
    result = _flow([280, 250, 290, 300, 320, 300, 310, 290])
    f = Formatter("en")
    svg = str(trend_svg(result, "c1", f))
    assert "Each figure is the year to date." in svg
    assert ("Target to date: no target (Q4 2015/16); 300 (Q1 2016/17); 600 (Q2 2016/17); "
            "900 (Q3 2016/17); 1,200 (Q4 2016/17); 300 (Q1 2017/18); 600 (Q2 2017/18); "
            "900 (Q3 2017/18).") in svg
    assert notes(result, f)[1:] == (
        "Figures are for the year to date, so they start again each Quarter 1.",
        "The target line is the target to date: the year's target shared evenly across its "
        "quarters.")
    # the target is drawn as a step for each quarter, not one flat line at 900
    line = svg.split('stroke-dasharray="5 3" points="')[1].split('"')[0]
    assert len({point.split(",")[1] for point in line.split()}) == 4  # 300, 600, 900, 1,200


def test_a_money_flow_is_charted_to_date_too() -> None:
    result = _flow([None] * 5 + [20_000_000, 21_000_000, 19_500_000], "gbp", 80_000_000)
    assert [v for _, v in result.series][-3:] == [20_000_000, 41_000_000, 60_500_000]
    assert "£60.0m (Q3 2017/18)" in str(trend_svg(result, "c1", Formatter("en")))


def test_a_ytd_percentage_is_charted_against_each_year_s_own_target() -> None:
    pct = kpi(id="P", title="Three or more placements", unit="percent", measure="ytd",
              polarity="lower_is_better", target={2016: 10, 2017: 9.5})
    quarters = Quarter.parse("2017Q3").series(8)
    values = [3.1, 4.0, 6.2, 8.8, 10.4, 2.9, 5.1, 7.4]
    observed = {("P", str(q)): v for q, v in zip(quarters, values, strict=True)}
    result = compute_quarter(catalogue(pct), observations(observed), {}, ["children"],
                             Quarter.parse("2017Q3")).kpis["P"]
    assert [float(v) for _, v in result.series] == values  # reported to date: as reported
    assert not result.target_to_date  # a percentage's target is not shared out
    svg = str(trend_svg(result, "c1", Formatter("en")))
    assert ("Target: no target (Q4 2015/16); 10.0% (Q1 2016/17 to Q4 2016/17); 9.5% "
            "(Q1 2017/18 to Q3 2017/18).") in svg


def test_a_target_that_never_changes_is_one_straight_line() -> None:
    steady = kpi(id="S", unit="percent", polarity="lower_is_better", target={2015: 14,
                 2016: 14, 2017: 14})
    values = {("S", str(q)): 15 for q in Quarter.parse("2017Q3").series(8)}
    result = compute_quarter(catalogue(steady), observations(values), {}, ["children"],
                             Quarter.parse("2017Q3")).kpis["S"]
    svg = str(trend_svg(result, "c1", Formatter("en")))
    assert "Target 14.0%." in svg
    line = svg.split('stroke-dasharray="5 3" points="')[1].split('"')[0]
    assert len(line.split()) == 2  # from the plot's left edge to its right


def test_a_flow_s_comparator_is_charted_to_date_beside_it() -> None:
    flow = kpi(id="F", title="Fly-tipping incidents cleared", unit="count", measure="flow",
               polarity="higher_is_better", target={2017: 1200})
    quarters = Quarter.parse("2017Q3").series(8)
    ours = observations({("F", str(q)): 300 for q in quarters})
    theirs = observations({("F", str(q)): 250 for q in [*quarters, Quarter.parse("2015Q1"),
                                                        Quarter.parse("2015Q2"),
                                                        Quarter.parse("2015Q3")]})
    result = compute_quarter(catalogue(flow), ours, {}, ["housing"], Quarter.parse("2017Q3"),
                             comparators={"Neighbours": theirs}).kpis["F"]
    [neighbours] = result.comparators
    assert [v for _, v in neighbours.series][-4:] == [1000, 250, 500, 750]  # to date
    assert neighbours.value == 250  # the table compares the quarter with the quarter
