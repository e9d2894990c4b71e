"""Trend charts as inline SVG: axis through zero, target line, a title and a text description."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from math import ceil, floor, log10

from markupsafe import Markup, escape

from . import formatting as fmt
from .compute import KpiResult

WIDTH, HEIGHT = 320, 180
LEFT, RIGHT, TOP, BOTTOM = 46, 10, 12, 34


@dataclass(frozen=True)
class Axis:
    bottom: Decimal
    top: Decimal
    ticks: list[Decimal]
    places: int  # decimals a tick label needs: 2 for steps of 0.25


def nice_axis(lowest: Decimal, highest: Decimal) -> Axis:
    """An axis that includes zero and every value, with four to six round ticks."""
    low, high = min(lowest, Decimal(0)), max(highest, Decimal(0))
    span = float(high - low) or 1.0
    magnitude = 10 ** floor(log10(span / 4))
    step = Decimal(str(next(m * magnitude for m in (1, 2, 2.5, 5, 10)
                            if m * magnitude >= span / 4)))
    first, last = floor(low / step), ceil(high / step) or 1
    ticks = [step * i for i in range(first, last + 1)]
    places = max(0, -step.normalize().as_tuple().exponent)  # type: ignore[operator]
    return Axis(ticks[0], ticks[-1], ticks, places)


def describe(result: KpiResult) -> str:
    """The chart's text alternative: the span, first and last values, and the target."""
    kpi, points = result.kpi, [(q, v) for q, v in result.series if v is not None]
    if not points:
        return f"No figures are available for {kpi.title}."
    (q0, v0), (q1, v1) = points[0], points[-1]
    low = min(points, key=lambda p: p[1])
    high = max(points, key=lambda p: p[1])
    text = (f"{kpi.title}, {q0.short_label} to {q1.short_label}: "
            f"{fmt.value(v0, kpi)} in {q0.short_label} and {fmt.value(v1, kpi)} in "
            f"{q1.short_label}; lowest {fmt.value(low[1], kpi)} ({low[0].short_label}), "
            f"highest {fmt.value(high[1], kpi)} ({high[0].short_label}).")
    if result.target is not None:
        text += f" Target {fmt.value(result.target, kpi)}."
    missing = len(result.series) - len(points)
    if missing:
        text += f" {missing} of {len(result.series)} quarters have no figure."
    return text


FONT = 'font-family="Liberation Sans, Arial, DejaVu Sans, sans-serif" font-size="9"'
INK, GRID = "#3b3b3b", "#d5d5d5"


def trend_svg(result: KpiResult, chart_id: str, colour: str = "#1d4f73",
              accent: str = "#8a1c4a") -> Markup:
    """A line chart of the last eight quarters, styled by attributes so PDF and HTML agree."""
    kpi = result.kpi
    values = [v for _, v in result.series if v is not None]
    extremes = [*values, *([result.target] if result.target is not None else [])]
    axis = nice_axis(min(extremes, default=Decimal(0)), max(extremes, default=Decimal(1)))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    count = len(result.series)

    def x(i: int) -> float:
        return LEFT + plot_w * (i + 0.5) / count

    def y(v: Decimal) -> float:
        return TOP + plot_h * (1 - float((v - axis.bottom) / (axis.top - axis.bottom)))

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="{chart_id}-t {chart_id}-d" class="chart">',
        f'<title id="{chart_id}-t">{escape(kpi.title)}: trend over {count} quarters</title>',
        f'<desc id="{chart_id}-d">{escape(describe(result))}</desc>',
    ]
    for tick in axis.ticks:
        label = fmt.number(tick, axis.places)
        parts.append(f'<line stroke="{GRID}" stroke-width="0.6" x1="{LEFT}" x2="{WIDTH - RIGHT}" '
                     f'y1="{y(tick):.1f}" y2="{y(tick):.1f}"/>')
        parts.append(f'<text {FONT} fill="{INK}" x="{LEFT - 4}" y="{y(tick) + 3:.1f}" '
                     f'text-anchor="end">{label}</text>')
    for i, (quarter, _) in enumerate(result.series):
        parts.append(f'<text {FONT} fill="{INK}" x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 13}" '
                     f'text-anchor="middle">Q{quarter.number}</text>')
    for label, indexes in _years(result):
        if len(indexes) > 1 or count == 1:
            middle = (x(indexes[0]) + x(indexes[-1])) / 2
            parts.append(f'<text {FONT} fill="{INK}" x="{middle:.1f}" y="{HEIGHT - BOTTOM + 26}" '
                         f'text-anchor="middle">{label}</text>')
        if indexes[0] > 0:
            edge = x(indexes[0]) - plot_w / count / 2
            parts.append(f'<line stroke="{GRID}" x1="{edge:.1f}" x2="{edge:.1f}" '
                         f'y1="{HEIGHT - BOTTOM + 3}" y2="{HEIGHT - BOTTOM + 28}"/>')
    if result.target is not None:
        ty = y(result.target)
        parts.append(f'<line stroke="{accent}" stroke-width="1.4" stroke-dasharray="5 3" '
                     f'x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}"/>')
        parts.append(f'<text {FONT} fill="{accent}" x="{WIDTH - RIGHT}" y="{ty - 3:.1f}" '
                     f'text-anchor="end">Target</text>')
    run: list[str] = []
    dots: list[str] = []
    for i, (_, v) in enumerate(result.series):
        if v is None:
            parts.extend(_line(run, colour))
            run = []
            continue
        run.append(f"{x(i):.1f},{y(v):.1f}")
        dots.append(f'<circle fill="{colour}" cx="{x(i):.1f}" cy="{y(v):.1f}" r="2.6"/>')
    parts.extend([*_line(run, colour), *dots, "</svg>"])
    return Markup("".join(parts))


def _years(result: KpiResult) -> list[tuple[str, list[int]]]:
    """Each financial year in the series with the positions of its quarters."""
    years: dict[str, list[int]] = {}
    for i, (quarter, _) in enumerate(result.series):
        years.setdefault(quarter.fiscal_year_label, []).append(i)
    return list(years.items())


def _line(points: list[str], colour: str) -> list[str]:
    if len(points) < 2:
        return []
    return [f'<polyline fill="none" stroke="{colour}" stroke-width="2" '
            f'stroke-linejoin="round" points="{" ".join(points)}"/>']
