"""The target's name on a trend chart never sits on the figures' line, whatever they do."""

from __future__ import annotations

from itertools import pairwise
from xml.etree import ElementTree

from reportgen.compute.calculate import KpiResult, compute_quarter
from reportgen.quarters import Quarter
from reportgen.render.charts import trend_svg
from reportgen.words.formatter import Formatter

from ..helpers import catalogue, kpi, observations

SVG = "{http://www.w3.org/2000/svg}"
Box = tuple[float, float, float, float]  # left, top, right, bottom


def _result(values: list[float], **fields: object) -> KpiResult:
    measure = kpi(id="K", title="Assessments in time", **fields)  # type: ignore[arg-type]
    quarters = Quarter.parse("2017Q3").series(8)
    observed = {("K", str(q)): v for q, v in zip(quarters, values, strict=True)}
    return compute_quarter(catalogue(measure), observations(observed), {}, ["children"],
                           Quarter.parse("2017Q3")).kpis["K"]


def _label_box(svg: ElementTree.Element, label: str) -> Box:
    """The box a label's glyphs can fill at 11px: up to 0.6em a character wide, from the
    cap height above its baseline to the descenders below it."""
    [text] = [t for t in svg.iter(f"{SVG}text") if t.text == label]
    x, y, size = float(text.get("x", 0)), float(text.get("y", 0)), 11.0
    width = 0.6 * size * len(label)
    left = {"start": x, "middle": x - width / 2, "end": x - width}[text.get("text-anchor",
                                                                           "start")]
    return left, y - 0.8 * size, left + width, y + 0.25 * size


def _drawn(svg: ElementTree.Element, colour: str) -> list[tuple[float, float]]:
    """Points along the figures' line and on its dots, every half pixel."""
    points: list[tuple[float, float]] = []
    for line in svg.iter(f"{SVG}polyline"):
        if line.get("stroke") != colour:
            continue
        corners = [tuple(map(float, p.split(","))) for p in line.get("points", "").split()]
        for (x0, y0), (x1, y1) in pairwise(corners):
            steps = max(1, int(2 * max(abs(x1 - x0), abs(y1 - y0))))
            points += [(x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps)
                       for i in range(steps + 1)]
    for dot in svg.iter(f"{SVG}circle"):
        cx, cy, r = (float(dot.get(k, 0)) for k in ("cx", "cy", "r"))
        points += [(cx - r, cy), (cx + r, cy), (cx, cy - r), (cx, cy + r)]
    return points


def _clear(box: Box, points: list[tuple[float, float]]) -> bool:
    left, top, right, bottom = box
    return not any(left <= x <= right and top <= y <= bottom for x, y in points)


def test_the_target_s_name_is_clear_of_figures_that_end_on_the_target() -> None:
    # just above a 92% target at the end: a label over the target line's right end would
    # be drawn across the last quarters' line
    result = _result([88.2, 89.6, 90.8, 91.2, 90.9, 92.4, 92.2, 92.3], unit="percent",
                     polarity="higher_is_better", target={2015: 88, 2016: 90, 2017: 92})
    assert result.targets[-1][1] == 92
    svg = ElementTree.fromstring(str(trend_svg(result, "c1", Formatter("en"), "#1d4f73")))
    points = _drawn(svg, "#1d4f73")
    assert len(points) > 8 * 4  # the line was found
    assert _clear(_label_box(svg, "Target"), points)


def test_the_target_to_date_is_named_so_and_clear_of_both_lines() -> None:
    # a year to date that climbs through its steps of 300, 600, 900 and 1,200
    result = _result([300, 280, 310, 330, 320, 290, 300, 310], unit="count",
                     measure="flow", polarity="higher_is_better",
                     target={2016: 1200, 2017: 1200})
    assert result.target_to_date
    svg = ElementTree.fromstring(str(trend_svg(result, "c1", Formatter("en"), "#1d4f73")))
    assert not [t for t in svg.iter(f"{SVG}text") if t.text == "Target"]
    box = _label_box(svg, "Target to date")
    assert _clear(box, _drawn(svg, "#1d4f73"))
    # nor on the target's own steps
    assert _clear(box, _drawn(svg, "#8a1c4a"))


def test_a_chart_without_a_target_has_no_key() -> None:
    result = _result([5, 6, 7, 8, 9, 10, 11, 12], unit="count")
    svg = str(trend_svg(result, "c1", Formatter("en")))
    assert "Target" not in svg and "stroke-dasharray" not in svg
