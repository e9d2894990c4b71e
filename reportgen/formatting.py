"""How figures are written: the one place for number, money and change formats."""

from __future__ import annotations

from decimal import Decimal

from .catalogue import Kpi
from .compute import BudgetResult, Comparison, Direction
from .data import GSS_SYMBOLS
from .numbers import round_half_up

MINUS = "\u2212"
UNIT_SUFFIX = {
    "days": " days", "weeks": " weeks", "hours": " hours",
    "rate_per_1k": " per 1,000", "rate_per_10k": " per 10,000", "rate_per_100k": " per 100,000",
}
def number(value: Decimal, places: int = 0) -> str:
    """`1,234.5`, rounded half up, with a true minus sign."""
    text = f"{abs(round_half_up(value, places)):,.{places}f}"
    return f"{MINUS}{text}" if round_half_up(value, places) < 0 else text


def money(value: Decimal, like: Decimal | None = None) -> str:
    """`£4.1m` from a million up, else `£100,000`; the sign is the caller's business.

    `like` sets the scale, so a movement reads in the same units as the position it
    changes: the overspend of £4.1m grew by £0.6m, not by £600,000."""
    amount = abs(value)
    in_millions = like is not None and abs(like) >= 1_000_000 and amount >= 50_000
    if amount >= 1_000_000 or in_millions:
        return f"£{number(amount / 1_000_000, 1)}m"
    return f"£{number(amount)}"


def value(amount: Decimal, kpi: Kpi, short: bool = False) -> str:
    """A KPI value in its unit: `803`, `12.5%`, `£4.1m`, `23 days`, `146.3 per 10,000`.

    `short` leaves out a rate's "per 10,000", for table cells whose title says it."""
    if kpi.unit == "gbp":
        return (MINUS if amount < 0 else "") + money(amount)
    text = number(amount, kpi.places)
    if kpi.unit == "percent":
        return f"{text}%"
    if short and kpi.unit.startswith("rate_"):
        return text
    return text + UNIT_SUFFIX.get(kpi.unit, "")


def missing(symbol: str | None) -> str:
    """The words for a missing value: `not available`, `confidential`, …"""
    return GSS_SYMBOLS.get(symbol or "[x]", "not available")


def figure(amount: Decimal | None, symbol: str | None, kpi: Kpi, short: bool = False) -> str:
    """A value, or the words that stand in for it; low-reliability values keep a `[u]` mark."""
    if amount is None:
        return missing(symbol)
    text = value(amount, kpi, short)
    return f"{text} [u]" if symbol == "[u]" else text


def change(comparison: Comparison, kpi: Kpi) -> str:
    """`+19 (+2.4%)`, `−1.4pp`, `no change` or `not available`."""
    if comparison.change is None:
        return "not available"
    if comparison.change == 0:
        return "no change"
    sign = "+" if comparison.change > 0 else MINUS
    if kpi.unit == "percent":
        return f"{sign}{number(abs(comparison.change), kpi.places)}pp"
    body = value(abs(comparison.change), kpi)
    if comparison.change_pct is None:
        return f"{sign}{body}"
    return f"{sign}{body} ({sign}{number(abs(comparison.change_pct), 1)}%)"


DIRECTION_SYMBOL = {
    Direction.IMPROVED: "▲", Direction.DECLINED: "▼", Direction.NO_CHANGE: "▶",
    Direction.INCREASED: "△", Direction.DECREASED: "▽", Direction.NOT_AVAILABLE: "–",
}


def variance_phrase(result: BudgetResult) -> str:
    """`projected overspend of £4.1m at month 9`."""
    variance, month = result.total.variance, result.quarter.budget_month
    if variance == 0:
        return f"projected balanced budget at month {month}"
    kind = "overspend" if variance > 0 else "underspend"
    return f"projected {kind} of {money(variance)} at month {month}"


def position(variance: Decimal) -> str:
    """`overspend`, `underspend` or `on budget`."""
    if variance == 0:
        return "on budget"
    return "overspend" if variance > 0 else "underspend"


def movement_phrase(result: BudgetResult) -> str:
    """`the overspend grew by £0.6m since Quarter 2`, or why there is no movement to report."""
    if result.movement is None or result.previous_variance is None:
        return "no earlier projection this financial year to compare with"
    since = result.quarter.previous.label.rsplit(" ", 1)[0]
    if result.quarter.calendar_year:
        since = f"Q{result.quarter.previous.number}"
    if result.movement == 0:
        return f"the position is unchanged since {since}"
    before, now = result.previous_variance, result.total.variance
    if before != 0 and now != 0 and (before > 0) == (now > 0):
        kind = position(now)
        verb = "grew" if abs(now) > abs(before) else "fell"
        return f"the {kind} {verb} by {money(result.movement, like=now)} since {since}"
    return f"the position moved from {_state(before)} to {_state(now)} since {since}"


def _state(variance: Decimal) -> str:
    """`an overspend of £150,000`, `a balanced budget`."""
    if variance == 0:
        return "a balanced budget"
    return f"an {position(variance)} of {money(variance)}"


def signed_money(amount: Decimal) -> str:
    """`+£4.1m` / `−£100,000`, for variance columns."""
    if amount == 0:
        return "£0"
    return ("+" if amount > 0 else MINUS) + money(amount)


def share(pct: Decimal | None, signed: bool = False) -> str:
    """A variance as a share of budget: `6.7%`, or `+6.7%` / `−0.1%` in a signed column."""
    if pct is None:
        return "not available"
    sign = ("+" if pct > 0 else MINUS if pct < 0 else "") if signed else ""
    return f"{sign}{number(abs(pct), 1)}%"
