"""Rounding as people expect it: half up, never banker's rounding."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal

_WIDE = Context(prec=60)  # room for any figure the readers accept (10**-9 to 10**15)


def round_half_up(value: Decimal, places: int) -> Decimal:
    """Round to `places` decimals, halves away from zero (2.5 → 3, -2.5 → -3)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP, context=_WIDE)


def percent(part: Decimal | int, whole: Decimal | int, places: int = 0) -> Decimal | None:
    """`part` as a percentage of `whole`, rounded half up; None when `whole` is zero."""
    if whole == 0:
        return None
    return round_half_up(Decimal(part) * 100 / Decimal(whole), places)
