"""Trend charts as inline SVG: an axis that shows the change, a target line, a title and a
text description that says everything the picture does."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from math import ceil, floor, log10

from markupsafe import Markup, escape

from reportgen.compute.calculate import KpiResult
from reportgen.words.formatter import Formatter

WIDTH, HEIGHT = 320, 190
LEFT, RIGHT, TOP, BOTTOM = 56, 10, 22, 36
KEY = 12  # the baseline of the key above the plot, where no figure can be drawn


@dataclass(frozen=True)
class Axis:
    bottom: Decimal
    top: Decimal
    ticks: list[Decimal]
    places: int  # decimals a tick label needs: 2 for steps of 0.25


def from_zero(lowest: Decimal, highest: Decimal) -> bool:
    """Whether the axis should start at zero: when the figures cross it or come within half
    way of it. Otherwise a rise of 19 on 784 would be drawn flat, so the axis is cut to the
    figures, and the chart says so."""
    if lowest <= 0 <= highest:
        return True
    near, far = sorted((abs(lowest), abs(highest)))
    return near < far / 2


def nice_axis(lowest: Decimal, highest: Decimal, zero: bool = True) -> Axis:
    """An axis that includes every value (and zero, with `zero`), with round ticks."""
    low, high = (min(lowest, Decimal(0)), max(highest, Decimal(0))) if zero else (
        lowest, highest)
    span = float(high - low) or float(abs(high)) or 1.0
    magnitude = 10 ** floor(log10(span / 4))
    step = Decimal(str(next(m * magnitude for m in (1, 2, 2.5, 5, 10)
                            if m * magnitude >= span / 4)))
    first, last = floor(low / step), ceil(high / step)
    last = max(last, first + 1)
    ticks = [step * i for i in range(first, last + 1)]
    places = max(0, -step.normalize().as_tuple().exponent)  # type: ignore[operator]
    return Axis(ticks[0], ticks[-1], ticks, places)


def describe(result: KpiResult, f: Formatter) -> str:
    """The chart's text alternative: the span, first and last values, and the target."""
    kpi, points = result.kpi, [(q, v) for q, v in result.series if v is not None]
    if not points and result.withheld:
        return f._("The figures for %(title)s are confidential [c].", title=kpi.title)
    if not points:
        return f._("No figures are available for %(title)s.", title=kpi.title)
    (q0, v0), (q1, v1) = points[0], points[-1]
    low = min(points, key=lambda p: p[1])
    high = max(points, key=lambda p: p[1])
    text = f._("%(title)s, %(first)s to %(last)s: %(first_value)s in %(first)s and "
               "%(last_value)s in %(last)s; lowest %(low)s (%(low_quarter)s), highest "
               "%(high)s (%(high_quarter)s).", title=kpi.title, first=f.short_quarter(q0),
               last=f.short_quarter(q1), first_value=f.value(v0, kpi),
               last_value=f.value(v1, kpi), low=f.value(low[1], kpi),
               low_quarter=f.short_quarter(low[0]), high=f.value(high[1], kpi),
               high_quarter=f.short_quarter(high[0]))
    if result.series_to_date:
        text += " " + f._("Each figure is the year to date.")
    text += target_words(result, f)
    for comparator in result.comparators:
        if comparator.value is not None:
            text += " " + f._("%(name)s: %(value)s.", name=comparator.name,
                              value=f.value(comparator.value, kpi))
    cut = _axis_note(result, f)
    if cut:
        text += " " + cut
    withheld = len(result.withheld)
    if withheld:
        text += " " + f.n_("%(count)s quarter's figure is confidential [c] and left out.",
                           "%(count)s quarters' figures are confidential [c] and left out.",
                           withheld)
    missing = len(result.series) - len(points) - withheld
    if missing:
        text += " " + f.n_("%(count)s of %(total)s quarters has no figure.",
                           "%(count)s of %(total)s quarters have no figure.", missing,
                           total=f.integer(len(result.series)))
    return text


def target_words(result: KpiResult, f: Formatter) -> str:
    """The target of every quarter plotted, for the text alternative: ` Target 14.0%.` when
    it is the same throughout, else each target with the quarters it applies to."""
    targets = [t for _, t in result.targets]
    if not any(t is not None for t in targets):
        return ""
    if len(set(targets)) == 1 and targets[0] is not None:
        return " " + f._("Target %(target)s.", target=f.value(targets[0], result.kpi))
    runs: list[tuple[Decimal | None, list[str]]] = []
    for quarter, target in result.targets:
        if runs and runs[-1][0] == target:
            runs[-1][1].append(f.short_quarter(quarter))
        else:
            runs.append((target, [f.short_quarter(quarter)]))
    parts = []
    for target, quarters in runs:
        when = quarters[0] if len(quarters) == 1 else f._(
            "%(first)s to %(last)s", first=quarters[0], last=quarters[-1])
        amount = f._("no target") if target is None else f.value(target, result.kpi)
        parts.append(f._("%(target)s (%(quarters)s)", target=amount, quarters=when))
    if result.target_to_date:
        return " " + f._("Target to date: %(targets)s.", targets="; ".join(parts))
    return " " + f._("Target: %(targets)s.", targets="; ".join(parts))


FONT = 'font-family="Liberation Sans, Arial, DejaVu Sans, sans-serif" font-size="11"'
INK, GRID = "#3b3b3b", "#d5d5d5"
BASE = HEIGHT - BOTTOM  # the y of the plot's lower edge


@dataclass(frozen=True)
class Plot:
    """Where values and quarters fall on the chart."""

    axis: Axis
    count: int

    def x(self, index: int) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * (index + 0.5) / self.count

    def y(self, value: Decimal) -> float:
        share = (value - self.axis.bottom) / (self.axis.top - self.axis.bottom)
        return TOP + (HEIGHT - TOP - BOTTOM) * (1 - float(share))


def trend_svg(result: KpiResult, chart_id: str, f: Formatter, colour: str = "#1d4f73",
              accent: str = "#8a1c4a") -> Markup:
    """A line chart of the last eight quarters, styled by attributes so PDF and HTML agree.

    `chart_id` must be unique within the report (its title and description are named
    by it); the caller numbers the report's charts, so a report's bytes are its own."""
    plot = Plot(_axis(result), len(result.series))
    title = f.n_("%(title)s: trend over %(count)s quarter",
                 "%(title)s: trend over %(count)s quarters", plot.count, title=result.kpi.title)
    return Markup("".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="{chart_id}-t {chart_id}-d" class="chart">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(describe(result, f))}</desc>',
        *_value_axis(plot, result, f), *_quarter_axis(plot, result, f),
        *_target(plot, result, accent, f), *_comparators(plot, result),
        *_series(plot, result, colour), "</svg>",
    ]))


def _axis(result: KpiResult) -> Axis:
    """The value axis for a chart: every figure and every target on it."""
    values = [v for _, v in result.series if v is not None]
    values += [v for c in result.comparators for _, v in c.series if v is not None]
    extremes = [*values, *(t for _, t in result.targets if t is not None)]
    low, high = min(extremes, default=Decimal(0)), max(extremes, default=Decimal(1))
    return nice_axis(low, high, from_zero(low, high))


def _tick(tick: Decimal, axis: Axis, result: KpiResult, f: Formatter) -> str:
    """A value axis label, in the KPI's unit (25%, £60.0m)."""
    if result.kpi.percentage:
        return f.percent(tick, axis.places)
    if result.kpi.unit == "gbp":
        return f.value(tick, result.kpi)
    return f.number(tick, axis.places)


def _axis_note(result: KpiResult, f: Formatter) -> str | None:
    """Says so when the value axis does not reach zero."""
    axis = _axis(result)
    if axis.bottom > 0:
        return f._("The value axis starts at %(start)s, not at zero.",
                   start=_tick(axis.bottom, axis, result, f))
    if axis.top < 0:
        return f._("The value axis stops at %(end)s, below zero.",
                   end=_tick(axis.top, axis, result, f))
    return None


def notes(result: KpiResult, f: Formatter) -> tuple[str, ...]:
    """What a reader needs to read the chart: which way is better, an axis that does not
    start at zero, and figures that add up through the year."""
    found = []
    if result.kpi.polarity != "neutral":
        found.append(f._("Higher is better.") if result.kpi.polarity == "higher_is_better"
                     else f._("Lower is better."))
    cut = _axis_note(result, f)
    if cut:
        found.append(cut)
    for comparator in result.comparators[:len(COMPARATOR_DASHES)]:
        if any(v is not None for _, v in comparator.series):
            found.append(f._("Dotted line: %(name)s.", name=comparator.name))
    if result.series_to_date:
        found.append(f._("Figures are for the year to date, so they start again each "
                         "Quarter 1."))
    if result.target_to_date and any(t is not None for _, t in result.targets):
        found.append(f._("The target line is the target to date: the year's target shared "
                         "evenly across its quarters."))
    if result.withheld:
        found.append(f._("A gap marked [c] is a confidential figure, not published to "
                         "protect the people it is about."))
    return tuple(found)


def _text(x: float, y: float, label: str, anchor: str, fill: str = INK) -> str:
    return (f'<text {FONT} fill="{fill}" x="{x:.1f}" y="{y:.1f}" '
            f'text-anchor="{anchor}">{escape(label)}</text>')


def _value_axis(plot: Plot, result: KpiResult, f: Formatter) -> list[str]:
    """Grid lines with their values, in the KPI's unit (25%, £60.0m)."""
    parts = []
    for tick in plot.axis.ticks:
        label = _tick(tick, plot.axis, result, f)
        parts.append(f'<line stroke="{GRID}" stroke-width="0.6" x1="{LEFT}" x2="{WIDTH - RIGHT}" '
                     f'y1="{plot.y(tick):.1f}" y2="{plot.y(tick):.1f}"/>')
        parts.append(_text(LEFT - 4, plot.y(tick) + 4, label, "end"))
    return parts


def _quarter_axis(plot: Plot, result: KpiResult, f: Formatter) -> list[str]:
    """Q1 to Q4 under each point, and each financial year under its quarters."""
    parts = [_text(plot.x(i), BASE + 15, f._("Q%(number)s", number=q.number), "middle")
             for i, (q, _) in enumerate(result.series)]
    years: dict[str, list[int]] = {}
    for i, (quarter, _) in enumerate(result.series):
        years.setdefault(quarter.fiscal_year_label, []).append(i)
    for label, indexes in years.items():
        if len(indexes) == 1 and plot.count > 1 and "/" in label:
            label = label[2:]  # one quarter's width holds 15/16, not 2015/16
        parts.append(_text((plot.x(indexes[0]) + plot.x(indexes[-1])) / 2, BASE + 30,
                           label, "middle"))
        if indexes[0] > 0:
            edge = plot.x(indexes[0]) - (plot.x(1) - plot.x(0)) / 2
            parts.append(f'<line stroke="{GRID}" x1="{edge:.1f}" x2="{edge:.1f}" '
                         f'y1="{BASE + 3}" y2="{BASE + 33}"/>')
    return parts


def _target(plot: Plot, result: KpiResult, accent: str, f: Formatter) -> list[str]:
    """The target of each quarter as a step across its width: one straight dashed line
    when it never changes, a staircase when it is profiled to date (broken where each year
    starts again) or changes by year."""
    runs: list[list[str]] = [[]]
    half = (WIDTH - LEFT - RIGHT) / plot.count / 2
    for i, (quarter, target) in enumerate(result.targets):
        if target is None or (result.target_to_date and quarter.number == 1):
            runs.append([])
        if target is None:
            continue
        y = plot.y(target)
        runs[-1] += [f"{plot.x(i) - half:.1f},{y:.1f}", f"{plot.x(i) + half:.1f},{y:.1f}"]
    if not any(runs):
        return []
    lines = [f'<polyline fill="none" stroke="{accent}" stroke-width="1.4" '
             f'stroke-dasharray="5 3" points="{" ".join(_merged(run))}"/>' for run in runs if run]
    return [*lines, *_key(f._("Target to date") if result.target_to_date else f._("Target"),
                          accent)]


def _key(label: str, accent: str) -> list[str]:
    """The target's key above the plot: a sample of its dashed line and its name. A label
    at the line's end would sit on the figures whenever they run near the target."""
    return [f'<line stroke="{accent}" stroke-width="1.4" stroke-dasharray="5 3" '
            f'x1="{LEFT}" x2="{LEFT + 18}" y1="{KEY - 4}" y2="{KEY - 4}"/>',
            _text(LEFT + 22, KEY, label, "start", accent)]


def _merged(points: list[str]) -> list[str]:
    """A step line's points without those in the middle of a straight run, so a target
    that never changes is one segment and its dashes run evenly."""
    kept: list[str] = []
    for point in points:
        if len(kept) >= 2 and kept[-1].split(",")[1] == point.split(",")[1] == \
                kept[-2].split(",")[1]:
            kept[-1] = point
        else:
            kept.append(point)
    return kept


COMPARATOR_INK = "#505a5f"
COMPARATOR_DASHES = ("2 3", "6 3 2 3")  # two comparators at most, told apart by their dashes


def _comparators(plot: Plot, result: KpiResult) -> list[str]:
    """A dotted line for each comparator (England, the neighbours' average), named at its end."""
    parts = []
    for comparator, dashes in zip(result.comparators, COMPARATOR_DASHES, strict=False):
        by_quarter = dict(comparator.series)
        points = [(i, by_quarter.get(q)) for i, (q, _) in enumerate(result.series)]
        known = [(i, v) for i, v in points if v is not None]
        if not known:
            continue
        line = " ".join(f"{plot.x(i):.1f},{plot.y(v):.1f}" for i, v in known)
        parts.append(f'<polyline fill="none" stroke="{COMPARATOR_INK}" stroke-width="1.5" '
                     f'stroke-dasharray="{dashes}" points="{line}"/>')
        i, v = known[-1]
        parts.append(_text(plot.x(i), plot.y(v) - 5, comparator.name, "end", COMPARATOR_INK))
    return parts


def _series(plot: Plot, result: KpiResult, colour: str) -> list[str]:
    """The line, broken where a quarter has no figure, and a dot on each figure."""
    lines: list[str] = []
    dots: list[str] = []
    run: list[str] = []
    for i, (quarter, value) in enumerate([*result.series, (None, None)]):
        if quarter in result.withheld:  # the gap says why it is there
            dots.append(_text(plot.x(i), BASE - 6, "[c]", "middle"))
        if value is None:
            if len(run) > 1:
                lines.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" '
                             f'stroke-linejoin="round" points="{" ".join(run)}"/>')
            run = []
            continue
        run.append(f"{plot.x(i):.1f},{plot.y(value):.1f}")
        dots.append(f'<circle fill="{colour}" cx="{plot.x(i):.1f}" cy="{plot.y(value):.1f}" '
                    'r="2.6"/>')
    return lines + dots
