"""Words that follow the data: "rose by 19 (2.4%)", so a sentence cannot contradict its figure.

`kpi("ID").change_words` is `change_words(result.previous, result.kpi)`, and
`.last_year_words` is `change_words(result.last_year, result.kpi)`."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from . import formatting as fmt
from .catalogue import Kpi
from .compute import Comparison
from .numbers import round_half_up

NOT_AVAILABLE = "not available"


def change_words(comparison: Comparison, kpi: Kpi) -> str:
    """`rose by 19 (2.4%)`, `fell by 3 (1.2%)`, `did not change`, `rose by 1.4 percentage
    points`; `not available` when there is nothing to compare with."""
    change = comparison.change
    if change is None:
        return NOT_AVAILABLE
    if change == 0:
        return "did not change"
    verb = "rose" if change > 0 else "fell"
    if kpi.unit == "percent":
        return f"{verb} by {_points(abs(change), kpi.places)}"
    amount = _at_least_shown(abs(change), kpi.places, lambda v: fmt.value(v, kpi))
    if comparison.change_pct is None:  # the earlier value was 0: no percentage of it
        return f"{verb} by {amount}"
    share = _at_least_shown(abs(comparison.change_pct), 1, lambda v: f"{fmt.number(v, 1)}%")
    return f"{verb} by {amount} ({share})"


def _points(change: Decimal, places: int) -> str:
    """`1.4 percentage points`, `1 percentage point`, `less than 0.1 percentage points`."""
    text = _at_least_shown(change, places, lambda v: fmt.number(v, places))
    return f"{text} percentage point{'' if text.split()[-1] == '1' else 's'}"


def _at_least_shown(amount: Decimal, places: int, write: Callable[[Decimal], str]) -> str:
    """The amount as written, or `less than 0.1` when it is too small to show at all:
    a change is never written as a rise of 0."""
    if round_half_up(amount, places) == 0:
        return f"less than {write(Decimal(1).scaleb(-places))}"
    return write(amount)
