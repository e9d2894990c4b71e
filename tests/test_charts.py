from decimal import Decimal

from reportgen.charts import nice_axis, trend_svg
from reportgen.compute import compute_quarter
from reportgen.formatting import Formatter
from reportgen.quarters import Quarter

from .helpers import catalogue, kpi, observations


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
    assert len(ys) == 8 and all(12 <= y <= 180 - 34 for y in ys)  # within the plot area
