"""Cells as councils fill them: missing-value markers, negatives in brackets, `£5.8m`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, DecimalException

from reportgen.load.kpis import Kpi
from reportgen.safe.sanitise import FULL_WIDTH_DIGITS, foreign_digit

# The Government Statistical Service shorthand, and what the report says for each.
GSS_SYMBOLS = {
    "[x]": "not available",
    "[c]": "confidential",
    "[z]": "not applicable",
    "[u]": "low reliability",
}
# Markers in older or other publications, each read as the GSS symbol with its meaning:
# StatsWales and ONS use `..` for not available and `.` for not applicable; `*` and `<5`
# suppress a small number, which GSS calls confidential. A lone `-` is nil in some tables
# and missing in others: it is never read as zero, only as not available.
MARKERS = {
    "x": "[x]", "..": "[x]", "-": "[x]", ":": "[x]", "n/k": "[x]", "not available": "[x]",
    "c": "[c]", "*": "[c]", "**": "[c]", "supp": "[c]", "suppressed": "[c]",
    "z": "[z]", ".": "[z]", "n/a": "[z]", "na": "[z]", "not applicable": "[z]",
}
VALUE_MARKS = ("[u]", "[p]")  # written after a figure: `12 [u]`, `803 [p]`
STATUS_WORDS = {"": None, "final": None, "p": "[p]", "[p]": "[p]", "provisional": "[p]"}
_SMALL_NUMBER = re.compile(r"^<\s*\d{1,2}$")  # <5, < 10: a suppressed small count
# Placeholder commentary that says nothing, printed under every KPI if taken as a note.
EMPTY_NOTES = frozenset({
    "", "-", ".", "..", "n/a", "na", "none", "nil", "no notes", "no note", "no comment",
    "no comments", "no commentary", "no update", "nothing to report", "not applicable",
})
_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")
_PLAIN = re.compile(r"(\d+\.?\d*|\.\d+)(e[+-]?\d+)?", re.I)
_SUFFIX = re.compile(r"^(.*?)\s*(k|m|bn|thousand|million|billion)$", re.I)
_MULTIPLIERS = {"k": 3, "thousand": 3, "m": 6, "million": 6, "bn": 9, "billion": 9}
LARGEST_POWER = 15  # 10**15, a thousand trillion: anything bigger is a typing slip
SMALLEST_POWER = -9  # and a billionth the smallest figure anyone reports


class CellError(ValueError):
    """A cell that cannot be read: what is wrong, and how to fix it."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(f"{message} — {hint}")
        self.message, self.hint = message, hint


def symbol_for(text: str, extra: Iterable[str] = ()) -> str | None:
    """The GSS symbol a missing-value marker stands for, or None for anything else."""
    marker = " ".join(text.split()).lower()
    if marker in GSS_SYMBOLS:
        return marker
    if marker in MARKERS:
        return MARKERS[marker]
    if _SMALL_NUMBER.match(marker):
        return "[c]"
    if marker in {" ".join(m.split()).lower() for m in extra}:
        return "[x]"
    return None


def note_text(text: str) -> str:
    """Commentary as written, or '' for a placeholder such as 'No notes'."""
    text = text.strip()
    return "" if text.lower().rstrip(".") in EMPTY_NOTES or text in EMPTY_NOTES else text


def finite(text: str) -> Decimal | None:
    """A finite number of sensible size, or None (NaN, Infinity and 1e400 are not figures)."""
    try:
        number = Decimal(text)
    except DecimalException:  # not a number, or too large even to hold (1e400000000)
        return None
    if not number.is_finite():
        return None
    if number.is_zero():
        return Decimal(0)
    # adjusted() is the power of ten of the leading digit; it needs no arithmetic context
    return number if SMALLEST_POWER <= number.adjusted() < LARGEST_POWER else None


def read_number(text: str, *, money: bool = False, percent: bool = False,
                what: str = "the value is not") -> Decimal:
    """A figure as people type it: `-£1,234`, `(1,234)`, `−1,234`, `12.5%`, and for money
    `£5.8m`; raises CellError naming what is wrong. Full-width digits are read as 0-9; a
    digit of another script is an error, never read as the number it stands for."""
    odd = foreign_digit(text)
    if odd is not None:
        raise CellError(f"'{text}' has a digit of another script, {odd}, which may look like "
                        "a different digit", "type the figure with the digits 0-9")
    body = text.strip().translate(FULL_WIDTH_DIGITS)
    negative = False
    if body.startswith("(") and body.endswith(")"):  # accountants' negatives
        body, negative = body[1:-1].strip(), True
    if body[:1] in ("-", "\u2212", "+"):
        body, negative = body[1:].strip(), negative != (body[0] != "+")
    if body.endswith("%"):
        if not percent:
            raise CellError(f"'{text}' is a percentage but {what}",
                            "give the value without '%'")
        body = body[:-1].strip()
    if body.startswith("£"):
        if not money:
            raise CellError(f"'{text}' is money but {what}", "give the value without '£'")
        body = body[1:].strip()
        if body[:1] in ("-", "\u2212"):  # £-1,234
            body, negative = body[1:].strip(), not negative
    power = 0
    suffix = _SUFFIX.match(body)
    if suffix and money:
        body, power = suffix[1], _MULTIPLIERS[suffix[2].lower()]
    if _THOUSANDS.match(body):
        body = body.replace(",", "")
    number = finite(body) if _PLAIN.fullmatch(body) else None
    if number is None:
        raise CellError(f"'{text}' is not a number", "write a number such as 803 or 12.5, "
                        "leave it empty, or use [x] for not available")
    number = number.scaleb(power)
    return -number if negative else number


def status_mark(status: str) -> str | None:
    """A `status` column's word as the mark it puts on the value: `p` is `[p]`
    (provisional); empty or `final` is none."""
    word = status.strip().lower()
    if word in STATUS_WORDS:
        return STATUS_WORDS[word]
    raise CellError(f"status '{status.strip()}' is not known",
                    "write p for a provisional figure, or leave the status empty")


def parse_value(text: str, kpi: Kpi, missing: tuple[str, ...] = (),
                scale: Decimal = Decimal(1), status: str = ""
                ) -> tuple[Decimal | None, str | None]:
    """Read one cell (and its row's `status`, if any); raises CellError for anything
    unreadable. A value may carry a mark after it: `12 [u]` (low reliability) or
    `803 [p]` (provisional)."""
    text = text.strip()
    if not text:
        return None, None
    symbol = symbol_for(text, missing)
    if symbol is not None:
        return None, symbol
    symbol = status_mark(status)
    if text[-3:].lower() in VALUE_MARKS:
        text, symbol = text[:-3].strip(), text[-3:].lower()
    number = read_number(text, money=kpi.unit == "gbp", percent=kpi.percentage,
                         what=f"{kpi.id} is measured in {kpi.unit}") * scale
    if kpi.unit == "percent" and not kpi.derived and not 0 <= number <= 100:
        raise CellError(f"percentage {text} is outside 0–100",
                        "check the figure, or give the KPI unit: percent_change if it is a "
                        "change that can be negative or above 100 (a % reduction)")
    if kpi.unit == "count" and number < 0:
        raise CellError(f"count {text} is negative",
                        "a count cannot be below zero: check the figure, or give the KPI "
                        "unit: number (or days) if it can be negative")
    return number, symbol


def parse_money(text: str, column: str) -> Decimal:
    """Pounds: `61200000`, `£61,200,000`, `£61.2m`, `-£1,234` or `(1,234)`."""
    if not text.strip():
        raise CellError(f"{column} is empty", "enter the amount in pounds, e.g. 61200000")
    try:
        return read_number(text, money=True, what=f"{column} is an amount in pounds")
    except CellError:
        raise CellError(f"'{text}' is not an amount in pounds",
                        "write it as 61200000 or £61,200,000") from None


def parse_ratio(numerator: str, denominator: str, per: Decimal,
                missing: tuple[str, ...] = ()) -> tuple[Decimal | None, str | None]:
    """numerator / denominator × per, from two cells of one row; a marker or an empty cell in
    either is not available, and so is a zero denominator."""
    for text in (numerator, denominator):
        if not text.strip():
            return None, None
        symbol = symbol_for(text, missing)
        if symbol is not None:
            return None, symbol
    top = read_number(numerator, what="the numerator is not")
    bottom = read_number(denominator, what="the denominator is not")
    if bottom == 0:
        return None, "[x]"
    return top / bottom * per, None
