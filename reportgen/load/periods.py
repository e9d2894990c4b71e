"""Period labels as councils write them (`Q3 2017/18`, `Oct-Dec 2017`), read one way."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from reportgen.quarters import Quarter

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH = r"([a-z]{3,9})\.?"
_YEAR = r"(\d{4}|\d{2})"
_QUARTER = r"(?:q|qtr|quarter)\s*([1-4])"
_FISCAL = r"(\d{4}|\d{2})\s*[/-]\s*(\d{4}|\d{2})"

_ID = re.compile(r"^(\d{4})\s*q([1-4])$")
_FISCAL_QUARTER = (re.compile(rf"^{_FISCAL}\s*,?\s*{_QUARTER}$"),
                   re.compile(rf"^{_QUARTER}\s*,?\s*{_FISCAL}$"))
_CALENDAR_QUARTER = (re.compile(rf"^(\d{{4}})\s*,?\s*{_QUARTER}$"),
                     re.compile(rf"^{_QUARTER}\s*,?\s*(\d{{4}})$"))
_RANGE = re.compile(rf"^{_MONTH}\s*{_YEAR}?\s*(?:-|to)\s*{_MONTH}\s*[\s-]?\s*{_YEAR}$")
_MONTH_YEAR = re.compile(rf"^{_MONTH}\s*[\s-]?\s*{_YEAR}$")
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t]00:00(?::00)?)?$")
_YEAR_ONLY = re.compile(r"^(\d{4})$")
_FISCAL_YEAR = re.compile(rf"^{_FISCAL}$")
_FISCAL_YEAR_JOINED = re.compile(r"^(\d{4})(\d{2})$")  # 201718, as DfE's time_period


@dataclass(frozen=True)
class Period:
    """What a label names: a quarter, or a whole year dated to its last quarter."""

    quarter: Quarter
    annual: bool = False


class PeriodError(ValueError):
    """A label that names no period, or that could name two: what is wrong, and the forms."""

    def __init__(self, message: str, hint: str, ambiguous: bool = False) -> None:
        super().__init__(f"{message} — {hint}")
        self.message, self.hint, self.ambiguous = message, hint, ambiguous


def accepted_forms(start_month: int = 4) -> str:
    """The forms a label may take, as examples for this project's financial year."""
    q3 = Quarter(2017, 3, start_month)
    months = f"{q3.start:%b}-{q3.end:%b %Y}"
    end = q3.end
    if start_month == 1:
        return (f"2017Q3, Q3 2017, Quarter 3 2017, {months}, {end:%B %Y}, {end:%b-%y}, "
                f"{end:%d/%m/%Y}, {end:%Y-%m-%d}, or a year (2017) for an annual figure")
    return (f"2017Q3, 2017/18 Q3, Q3 2017/18, Q3 17/18, 2017-18 Q3, Quarter 3 2017/18, "
            f"{months}, {end:%B %Y}, {end:%b-%y}, {end:%d/%m/%Y}, {end:%Y-%m-%d}, or a "
            "financial year (2017/18) for an annual figure")


def read_period(text: object, start_month: int = 4, years: str | None = None) -> Period:
    """The period a label names; raises PeriodError for a label that cannot be read.

    `years` says what a bare year such as 2025 names in a financial-year project: the
    year `ending` in it (2024/25, as DfE's reporting years) or `starting` in it (2025/26)."""
    label = _normalise(str(text))
    if years is not None and start_month != 1 and (match := _YEAR_ONLY.match(label)):
        first = int(match[1]) - (1 if years == "ending" else 0)
        return Period(Quarter(first, 4, start_month), annual=True)
    hint = f"write it as one of: {accepted_forms(start_month)}"
    if not label:
        raise PeriodError("the period is empty", hint)
    try:
        found = _read(label, start_month)
    except _Unreadable as exc:
        raise PeriodError(f"'{str(text).strip()}' is not a period: {exc}", hint) from None
    except _Ambiguous as exc:
        raise PeriodError(f"'{str(text).strip()}' could mean {exc}", hint + "; or use 2017Q3",
                          ambiguous=True) from None
    if found is None:
        raise PeriodError(f"'{str(text).strip()}' is not a period label", hint)
    return found


class _Unreadable(ValueError):
    pass


class _Ambiguous(ValueError):
    pass


def _normalise(text: str) -> str:
    text = text.replace("\u2013", "-").replace("\u2014", "-").replace("\u2212", "-")
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip().lower()


def _year(text: str) -> int:
    return 2000 + int(text) if len(text) == 2 else int(text)


def _fiscal_start(first: str, second: str) -> int:
    """The start year of `2017/18`, `2017-2018` or `17/18`; the two years must follow."""
    start, end = _year(first), _year(second)
    if end % 100 != (start + 1) % 100 or (len(second) == 4 and end != start + 1):
        raise _Unreadable(f"{first}/{second} is not a financial year (the years must follow "
                          "one another, as 2017/18)")
    return start


def _read(label: str, start_month: int) -> Period | None:
    for reader in (_quarter_label, _month_label, _date_label, _year_label):
        found = reader(label, start_month)
        if found is not None:
            return found
    return None


def _quarter_label(label: str, start_month: int) -> Period | None:
    if match := _ID.match(label):
        return Period(Quarter(int(match[1]), int(match[2]), start_month))
    for pattern in _FISCAL_QUARTER:
        if match := pattern.match(label):
            if pattern is _FISCAL_QUARTER[0]:
                first, second, number = match.groups()
            else:
                number, first, second = match.groups()
            if start_month == 1:
                raise _Unreadable("this project uses calendar quarters (Q3 2017), "
                                  "not financial years")
            return Period(Quarter(_fiscal_start(first, second), int(number), start_month))
    for pattern in _CALENDAR_QUARTER:
        if match := pattern.match(label):
            year, number = (match[1], match[2]) if pattern is _CALENDAR_QUARTER[0] else (
                match[2], match[1])
            if start_month != 1:
                fiscal = Quarter(int(year), int(number), start_month)
                raise _Ambiguous(f"calendar quarter {number} of {year} or Quarter "
                                 f"{fiscal.number} {fiscal.fiscal_year_label}")
            return Period(Quarter(int(year), int(number), start_month))
    return None


def _month(name: str) -> int:
    if name not in _MONTHS:
        raise _Unreadable(f"'{name}' is not a month")
    return _MONTHS[name]


def _ending(year: int, month: int, start_month: int, what: str) -> Quarter:
    """The quarter that ends with this calendar month; any other month is not a quarter."""
    offset = (month - start_month) % 12
    if offset % 3 != 2:
        raise _Unreadable(f"{what} does not end a quarter (quarters end in "
                          + ", ".join(calendar.month_name[(start_month + 1 + 3 * n) % 12 + 1]
                                      for n in range(4)) + ")")
    fiscal_year = year if month >= start_month else year - 1
    return Quarter(fiscal_year, offset // 3 + 1, start_month)


def _month_label(label: str, start_month: int) -> Period | None:
    if match := _RANGE.match(label):
        first, first_year, last, last_year = match.groups()
        if first not in _MONTHS or last not in _MONTHS:
            return None
        end_year = _year(last_year)
        quarter = _ending(end_year, _month(last), start_month, f"{last.title()} {end_year}")
        start_year = _year(first_year) if first_year else (
            end_year if _month(first) <= _month(last) else end_year - 1)
        if (start_year, _month(first)) != (quarter.start.year, quarter.start.month):
            raise _Unreadable(f"a quarter ending {quarter.end:%B %Y} starts in "
                              f"{quarter.start:%B %Y}")
        return Period(quarter)
    if (match := _MONTH_YEAR.match(label)) and match[1] in _MONTHS:
        year = _year(match[2])
        return Period(_ending(year, _month(match[1]), start_month, f"{match[1].title()} {year}"))
    return None


def _date_label(label: str, start_month: int) -> Period | None:
    if match := _UK_DATE.match(label):
        day, month, year = int(match[1]), int(match[2]), _year(match[3])
    elif match := _ISO_DATE.match(label):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    else:
        return None
    try:
        when = date(year, month, day)
    except ValueError:
        raise _Unreadable(f"{label} is not a date (dates are day/month/year)") from None
    if when.day != calendar.monthrange(year, month)[1]:
        raise _Unreadable(f"{when:%d %B %Y} is not the last day of a quarter")
    return Period(_ending(year, month, start_month, f"{when:%d %B %Y}"))


def _year_label(label: str, start_month: int) -> Period | None:
    if match := _YEAR_ONLY.match(label):
        if start_month != 1:
            year = int(match[1])
            raise _Ambiguous(f"{year - 1}/{year % 100:02d} or {year}/{(year + 1) % 100:02d}: "
                             "write the financial year, or say which with years: ending "
                             "or years: starting on the source")
        return Period(Quarter(int(match[1]), 4, start_month), annual=True)
    match = _FISCAL_YEAR.match(label) or _FISCAL_YEAR_JOINED.match(label)
    if match is None:
        return None
    if len(match[1]) == 2:
        return None  # 17/18 alone could be a date or a fraction: not a period
    if start_month == 1:
        raise _Unreadable("this project uses calendar years (2017), not financial years")
    return Period(Quarter(_fiscal_start(match[1], match[2]), 4, start_month), annual=True)
