"""Period labels as exports write them (`Q3 2017/18`, `2022-23;Q3`, `Oct 2019`, `Apr 2022 -
Mar 2023`), read one way.

A label is read in two steps. First it is cut into parts by one table of patterns
(`_PARTS`): a financial year, a year, a quarter number, a month name, a date, an Excel
serial; separators between them (`;`, `_`, `,`, brackets) are skipped. Then the parts are
interpreted together: the strongest part says which period it is (a date, a month or a
range of months, a financial year with a quarter), and every other part must agree with
it (`October to December 2022 (Q3)`), or the label is an error. A new form is usually a
new row in the table, not a new reader."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from reportgen.quarters import Quarter

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 is 1 January 1900, after Excel's leap-day slip
_SERIALS = range(18264, 73051)  # 1950 to 2099: any other 5-digit number is not a date


@dataclass(frozen=True)
class Period:
    """What a label names: a quarter; a twelve-month period dated to the quarter its last
    month falls in (`annual`); or one month (`month`, its first day) within a quarter."""

    quarter: Quarter
    annual: bool = False
    month: date | None = None
    label: str = ""  # a twelve-month period that is not a financial year: how to name it


class PeriodError(ValueError):
    """A label that names no period, or that could name two: what is wrong, and the forms.
    `month` marks a month given where quarters were expected (the source needs monthly:)."""

    def __init__(self, message: str, hint: str, ambiguous: bool = False,
                 month: bool = False) -> None:
        super().__init__(f"{message} — {hint}")
        self.message, self.hint, self.ambiguous, self.month = message, hint, ambiguous, month


def accepted_forms(start_month: int = 4) -> str:
    """The forms a label may take, as examples for this project's financial year."""
    q3 = Quarter(2017, 3, start_month)
    months = f"{q3.start:%b}-{q3.end:%b %Y}"
    end = q3.end
    if start_month == 1:
        return (f"2017Q3, Q3 2017, Quarter 3 2017, {months}, {end:%B %Y}, {end:%b-%y}, "
                f"{end:%d/%m/%Y}, {end:%Y-%m-%d}, or a year (2017) for an annual figure")
    return (f"2017Q3, 2017/18 Q3, Q3 2017/18, Q3 17/18, 2017-18 Q3, Quarter 3 2017/18, "
            f"{months}, {end:%B %Y}, {end:%b-%y}, {end:%d/%m/%Y}, {end:%Y-%m-%d}, a "
            "financial year (2017/18) or twelve months (Jan 2017 - Dec 2017) for an annual "
            "figure, or months (Oct 2017, 2017-10-01) with monthly: on the source")


def read_period(text: object, start_month: int = 4, years: str | None = None,
                monthly: bool = False, named: bool = False) -> Period:
    """The period a label names; raises PeriodError for a label that cannot be read.

    `years` says what a bare year such as 2025 names in a financial-year project: the
    year `ending` in it (2024/25, as DfE's reporting years), `starting` in it (2025/26),
    or the `calendar` year. With `monthly`, a month (`Oct 2019`, `2019-10-01`) is read as
    that month; without it, a month that ends a quarter is read as the quarter, and any
    other month is an error that says to add monthly: to the source. `named` is for a sheet
    name, where words around the period name the table (`LA Borrowing 19-20 Q4`)."""
    shown = str(text).strip()
    label = _normalise(shown)
    hint = f"write it as one of: {accepted_forms(start_month)}"
    if not label:
        raise PeriodError("the period is empty", hint)
    if any(char.isdigit() and not char.isascii() for char in label):
        # Python reads any script's digits: ২০১৭ would be taken for 2017
        raise PeriodError(f"'{shown}' has a digit of another script",
                          "type the period with the digits 0-9")
    try:
        parts = _parts(label, named)
        found = None if parts is None else _Reading(parts, start_month, years, monthly).period()
    except _Unreadable as exc:
        raise PeriodError(f"'{shown}' is not a period: {exc}", hint) from None
    except _Ambiguous as exc:
        raise PeriodError(f"'{shown}' could mean {exc}", hint + "; or use 2017Q3",
                          ambiguous=True) from None
    except _Monthly as exc:
        raise PeriodError(f"'{shown}' is a month ({exc}), not a quarter",
                          "if the file gives a figure for each month, add monthly: sum, mean "
                          "or last to its source in reportgen.yaml (how its months make a "
                          f"quarter); quarters end in {_quarter_ends(start_month)}",
                          month=True) from None
    if found is None:
        raise PeriodError(f"'{shown}' is not a period label", hint)
    return found


class _Unreadable(ValueError):
    pass


class _Ambiguous(ValueError):
    pass


class _Monthly(ValueError):
    pass


def _normalise(text: str) -> str:
    text = text.replace("\u2013", "-").replace("\u2014", "-").replace("\u2212", "-")
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip().lower()


def _year(text: str) -> int:
    return 2000 + int(text) if len(text) == 2 else int(text)


# ---------------------------------------------------------------------- the parts of a label


@dataclass(frozen=True)
class _Month:
    """A month, perhaps with its year and the day a date gave (`first`, `last` or `other`)."""

    month: int
    year: int | None = None
    day: str | None = None
    text: str = ""
    serial: bool = False  # an Excel date serial (43739): a month only where months are read


@dataclass
class _Parts:
    """Everything one label says."""

    quarter_id: Quarter | None = None  # 2017Q3
    fiscal: list[tuple[str, str]] = field(default_factory=list)  # 2017/18, 17-18
    years: list[int] = field(default_factory=list)  # 2017
    numbers: list[int] = field(default_factory=list)  # Q3
    months: list[_Month] = field(default_factory=list)
    ranges: list[tuple[_Month, _Month]] = field(default_factory=list)  # Oct-Dec, Jan 2023-Dec 2023
    joined: bool = False  # 201718, as DfE's time_period: only ever a whole label


def _date(year: int, month: int, day: int, text: str) -> _Month:
    try:
        when = date(year, month, day)
    except ValueError:
        raise _Unreadable(f"{text} is not a date (dates are day/month/year)") from None
    last = calendar.monthrange(year, month)[1]
    kind = "first" if day == 1 else "last" if day == last else "other"
    return _Month(month, year, kind, f"{when:%d %B %Y}")


def _serial(match: re.Match[str]) -> _Month:
    when = _EXCEL_EPOCH + timedelta(days=int(match[1]))
    found = _date(when.year, when.month, when.day, f"{when:%d %B %Y}")
    return _Month(found.month, found.year, found.day, found.text, serial=True)


# Each row: a pattern for one part, and what it is. Tried in order at each position, so
# a longer form comes before a shorter one it begins with (a date before a year).
_TOKEN = Callable[[re.Match[str]], tuple[str, Any]]
_PARTS: list[tuple[re.Pattern[str], _TOKEN]] = [
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t]\d{2}:\d{2}(?::\d{2}(?:\.0+)?)?)?(?!\d)"),
     lambda m: ("month", _date(int(m[1]), int(m[2]), int(m[3]), m[0]))),
    (re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?!\d)"),
     lambda m: ("month", _date(_year(m[3]), int(m[2]), int(m[1]), m[0]))),
    (re.compile(r"(\d{4})\s?q([1-4])(?![0-9])"), lambda m: ("id", (int(m[1]), int(m[2])))),
    (re.compile(r"(\d{4}|\d{2})\s*[/-]\s*(\d{4}|\d{2})(?!\d)"),
     lambda m: ("fiscal", (m[1], m[2]))),
    (re.compile(r"(?:quarter|qtr|q)\s*([1-4])(?![0-9])"), lambda m: ("number", int(m[1]))),
    (re.compile(r"-|to(?![a-z])"), lambda m: ("to", None)),
    (re.compile(r"([a-z]+)\.?"), lambda m: ("word", m[1])),
    (re.compile(r"(\d{4})(\d{2})(?!\d)"), lambda m: ("joined", (m[1], m[2]))),
    (re.compile(r"(\d{5})(?:\.0+)?(?!\d)"), lambda m: ("month", _serial(m))),
    (re.compile(r"(\d{4})(?!\d)"), lambda m: ("year", int(m[1]))),
    (re.compile(r"(\d{2})(?!\d)"), lambda m: ("short", int(m[1]))),
    (re.compile(r"[\s;,_|:()\[\]/]+"), lambda m: ("sep", None)),
]


def _tokens(label: str, named: bool = False) -> list[tuple[str, Any]] | None:
    tokens: list[tuple[str, Any]] = []
    at = 0
    while at < len(label):
        for pattern, make in _PARTS:
            match = pattern.match(label, at)
            if match and match.end() > at:
                kind, value = make(match)
                if kind == "word" and value not in _MONTHS:
                    if not named:
                        return None  # a word that is no month: not a period label
                    kind = "sep"
                if kind == "word":
                    kind, value = "month", _Month(_MONTHS[str(value)], text=str(value))
                if kind != "sep":
                    tokens.append((kind, value))
                at = match.end()
                break
        else:
            return None
    return tokens


def _parts(label: str, named: bool = False) -> _Parts | None:
    """The parts of a label, months joined to their years and ranges made; None when some
    of it is not a part of any period."""
    tokens = _tokens(label, named)
    if not tokens:
        return None
    parts = _Parts()
    items: list[Any] = []  # months (with any year), "to", and the other parts in order
    index = 0
    while index < len(tokens):
        kind, value = tokens[index]
        after = [k for k, _ in tokens[index + 1:index + 3]]
        if kind == "month" and isinstance(value, _Month) and value.year is None:
            # Dec 2017, Dec-17, Dec 17: a month and its year
            step = 2 if after[:1] == ["to"] and after[1:] in (["year"], ["short"]) else 1
            if index + step < len(tokens) and tokens[index + step][0] in ("year", "short"):
                year = tokens[index + step][1]
                assert isinstance(year, int)
                full = 2000 + year if year < 100 else year
                value = _Month(value.month, full, text=f"{value.text} {full}")
                index += step
        items.append(value if kind == "month" else (kind, value))
        index += 1
    for position, item in enumerate(items):
        if isinstance(item, _Month):
            continue
        kind, value = item
        if kind == "to":
            before = items[position - 1] if position else None
            after_item = items[position + 1] if position + 1 < len(items) else None
            if not (isinstance(before, _Month) and isinstance(after_item, _Month)):
                items[position] = ("sep", None)  # 2017/18 - Q3: a separator, not a range
        elif kind == "id":
            year, number = value
            parts.quarter_id = Quarter(year, number)
        elif kind == "fiscal":
            parts.fiscal.append(value)
        elif kind == "joined":
            if len(items) > 1:
                return None
            parts.fiscal.append(value)
            parts.joined = True
        elif kind == "year":
            parts.years.append(value)
        elif kind == "number":
            parts.numbers.append(value)
        else:  # a two-digit number on its own
            return None
    position = 0
    while position < len(items):
        item = items[position]
        if isinstance(item, _Month):
            if position + 2 < len(items) and items[position + 1] == ("to", None):
                end = items[position + 2]
                assert isinstance(end, _Month)
                parts.ranges.append((item, end))
                position += 3
                continue
            parts.months.append(item)
        position += 1
    return parts


# ---------------------------------------------------------------------- what the parts mean


def _containing(year: int, month: int, start_month: int) -> Quarter:
    """The quarter of this project's year in which a calendar month falls."""
    offset = (month - start_month) % 12
    return Quarter(year if month >= start_month else year - 1, offset // 3 + 1, start_month)


def _ends_quarter(month: int, start_month: int) -> bool:
    return (month - start_month) % 12 % 3 == 2


def _quarter_ends(start_month: int) -> str:
    return ", ".join(calendar.month_name[(start_month + 1 + 3 * n) % 12 + 1] for n in range(4))


@dataclass
class _Reading:
    parts: _Parts
    start_month: int
    years: str | None
    monthly: bool

    def period(self) -> Period | None:
        parts = self.parts
        if len(parts.ranges) + len(parts.months) > 1 or len(parts.fiscal) > 1 or len(
                parts.years) > 1 or len(parts.numbers) > 1:
            return None  # two periods in one label
        found = self._main()
        if found is not None:
            self._agree(found)
        return found

    def _main(self) -> Period | None:
        parts, start = self.parts, self.start_month
        if parts.quarter_id is not None:
            return Period(Quarter(parts.quarter_id.year, parts.quarter_id.number, start))
        if parts.ranges and (parts.ranges[0][1].year is not None or parts.years):
            return self._range(*parts.ranges[0])
        dated = [m for m in parts.months if m.year is not None]
        if dated and dated[0].serial and not self.monthly:
            return None  # 43739 is a count as often as a date: a month only with monthly:
        if dated:
            return self._month(dated[0])
        if parts.fiscal:
            first, second = parts.fiscal[0]
            if len(first) == 2 and not parts.numbers:
                return None  # 17/18 alone could be a date or a fraction: not a period
            if self.monthly and not parts.numbers and (month := self._iso_month(first, second)):
                return self._month(month)
            fiscal = self._fiscal(first, second)
            if parts.numbers:
                return Period(Quarter(fiscal, parts.numbers[0], start))
            return Period(Quarter(fiscal, 4, start), annual=True)
        if parts.years and parts.numbers:
            year, number = parts.years[0], parts.numbers[0]
            if start != 1:
                other = Quarter(year, number, start)
                raise _Ambiguous(f"calendar quarter {number} of {year} or Quarter "
                                 f"{other.number} {other.fiscal_year_label}")
            return Period(Quarter(year, number, start))
        if parts.years and not parts.months and not parts.ranges:
            return self._year(parts.years[0])
        return None

    def _fiscal(self, first: str, second: str) -> int:
        """The start year of `2017/18`, `2017-2018` or `17/18`; the two years must follow."""
        start, end = _year(first), _year(second)
        if end % 100 != (start + 1) % 100 or (len(second) == 4 and end != start + 1):
            if self._iso_month(first, second):
                raise _Monthly(f"{calendar.month_name[int(second)]} {first}")
            raise _Unreadable(f"{first}/{second} is not a financial year (the years must "
                              "follow one another, as 2017/18)")
        if self.start_month == 1:
            raise _Unreadable("this project uses calendar quarters (Q3 2017), not financial "
                              "years")
        return start

    @staticmethod
    def _iso_month(first: str, second: str) -> _Month | None:
        """`2019-10`, a year and a month, as ISO writes a month."""
        if len(first) == 4 and len(second) == 2 and 1 <= int(second) <= 12:
            return _Month(int(second), int(first), None, f"{first}-{second}")
        return None

    def _year(self, year: int) -> Period:
        start = self.start_month
        if start == 1 or self.years == "calendar":
            return Period(_containing(year, 12, start), annual=True,
                          label="" if start == 1 else str(year))
        if self.years in ("ending", "starting"):
            return Period(Quarter(year - (self.years == "ending"), 4, start), annual=True)
        raise _Ambiguous(f"{year - 1}/{year % 100:02d} or {year}/{(year + 1) % 100:02d}: "
                         "write the financial year, or say which with years: ending, "
                         "years: starting or years: calendar on the source")

    def _month(self, month: _Month) -> Period:
        assert month.year is not None
        quarter = _containing(month.year, month.month, self.start_month)
        if month.day == "other":
            raise _Unreadable(f"{month.text} is not the last day of a quarter"
                              + (" or the first or last day of a month" if self.monthly
                                 else ""))
        if self.monthly:
            return Period(quarter, month=date(month.year, month.month, 1))
        if month.day == "first" or not _ends_quarter(month.month, self.start_month):
            raise _Monthly(f"{date(month.year, month.month, 1):%B %Y}")
        return Period(quarter)

    def _range(self, first: _Month, last: _Month) -> Period:
        """`Oct-Dec 2017`: a quarter; `Jan 2023 - Dec 2023`, `Apr 2022 - Mar 2023`: twelve
        months, dated to the quarter the last month falls in."""
        end_year = last.year if last.year is not None else self.parts.years[0]
        if first.day not in (None, "first") or last.day not in (None, "last"):
            raise _Unreadable(f"{first.text} to {last.text} is not a run of whole months")
        start_year = first.year if first.year is not None else (
            end_year if first.month <= last.month else end_year - 1)
        span = (end_year * 12 + last.month) - (start_year * 12 + first.month) + 1
        ending = date(end_year, last.month, 1)
        if span == 12:
            quarter = _containing(end_year, last.month, self.start_month)
            financial = first.month == self.start_month
            label = "" if financial else (
                str(end_year) if first.month == 1 else f"{date(start_year, first.month, 1):%b %Y}"
                f" - {ending:%b %Y}")
            return Period(quarter, annual=True, label=label)
        if not _ends_quarter(last.month, self.start_month):
            raise _Unreadable(f"{ending:%B %Y} does not end a quarter (quarters end in "
                              f"{_quarter_ends(self.start_month)})")
        quarter = _containing(end_year, last.month, self.start_month)
        if span != 3:
            raise _Unreadable(f"a quarter ending {quarter.end:%B %Y} starts in "
                              f"{quarter.start:%B %Y}")
        return Period(quarter)

    def _agree(self, found: Period) -> None:
        """Every other part of the label must say the same as the part it was read from."""
        parts, quarter = self.parts, found.quarter
        what = _describe(found)
        for first, second in parts.fiscal:
            if len(first) == 4 and len(second) == 2 and self.monthly and found.month:
                continue  # the month itself (2019-10)
            if _year(first) != quarter.year and not parts.joined:
                raise _Unreadable(f"its parts disagree: {first}/{second} is not the "
                                  f"financial year of {what}")
        calendar_number = (quarter.end.month - 1) // 3 + 1
        for number in parts.numbers:
            if found.annual or found.month is not None:
                raise _Unreadable(f"its parts disagree: Q{number} is a quarter, but the "
                                  f"label also names {what}")
            if number != quarter.number and (parts.fiscal or number != calendar_number):
                raise _Unreadable(f"its parts disagree: Q{number} is not {what}")
        for year in parts.years:
            if year not in (quarter.start.year, quarter.end.year) and not found.annual:
                raise _Unreadable(f"its parts disagree: {year} is not the year of {what}")
        for begins, ends in parts.ranges:
            if begins.year is None and ends.year is None and not parts.years and (
                    begins.month, ends.month) != (quarter.start.month, quarter.end.month):
                raise _Unreadable(f"its parts disagree: {begins.text.title()} to "
                                  f"{ends.text.title()} is not {what}")


def _describe(found: Period) -> str:
    quarter = found.quarter
    if found.month is not None:
        return f"{found.month:%B %Y}"
    if found.annual:
        return found.label or quarter.fiscal_year_label
    return f"{quarter.start:%B} to {quarter.end:%B %Y}"
