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
