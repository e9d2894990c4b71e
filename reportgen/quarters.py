"""Quarters of a financial year: parsing, dates and neighbours (their words are the Formatter's)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date

_PATTERN = re.compile(r"^(\d{4})Q([1-4])$")
EXPECTED_FORM = "YYYYQn, e.g. 2017Q3 (n is 1 to 4)"
# the years a report can be about: every date, neighbour and financial year of a quarter in
# them is a date Python can hold (9999Q4 would end in the year 10000)
FIRST_YEAR, LAST_YEAR = 1900, 2999


@dataclass(frozen=True, order=True)
class Quarter:
    """Quarter `number` of the financial year that starts in calendar year `year`."""

    year: int
    number: int
    start_month: int = field(default=4, compare=False)

    @classmethod
    def parse(cls, text: str, start_month: int = 4) -> Quarter:
        """Read `2017Q3`; anything else raises ValueError naming the expected form, or the
        years a quarter may be in."""
        match = _PATTERN.match(str(text).strip())
        if not match:
            raise ValueError(f"'{text}' is not a quarter: expected {EXPECTED_FORM}")
        if not FIRST_YEAR <= int(match[1]) <= LAST_YEAR:
            raise ValueError(f"'{text}' is not a quarter reportgen can report on: the year must "
                             f"be from {FIRST_YEAR} to {LAST_YEAR}, e.g. 2017Q3")
        return cls(int(match[1]), int(match[2]), start_month)

    def __str__(self) -> str:
        return f"{self.year:04d}Q{self.number}"

    def _shift(self, quarters: int) -> Quarter:
        index = self.year * 4 + (self.number - 1) + quarters
        return Quarter(index // 4, index % 4 + 1, self.start_month)

    @property
    def previous(self) -> Quarter:
        return self._shift(-1)

    @property
    def next(self) -> Quarter:
        return self._shift(1)

    @property
    def last_year(self) -> Quarter:
        """The same quarter a year earlier."""
        return self._shift(-4)

    def series(self, length: int) -> list[Quarter]:
        """The `length` quarters ending with this one, oldest first."""
        return [self._shift(-n) for n in range(length - 1, -1, -1)]

    def year_to_date(self) -> list[Quarter]:
        """The quarters of this financial year up to and including this one."""
        return [Quarter(self.year, n, self.start_month) for n in range(1, self.number + 1)]

    @property
    def start(self) -> date:
        month0 = self.start_month - 1 + (self.number - 1) * 3
        return date(self.year + month0 // 12, month0 % 12 + 1, 1)

    @property
    def end(self) -> date:
        month0 = self.start_month - 1 + (self.number - 1) * 3 + 2
        year, month = self.year + month0 // 12, month0 % 12 + 1
        return date(year, month, calendar.monthrange(year, month)[1])

    @property
    def calendar_year(self) -> bool:
        return self.start_month == 1

    @property
    def fiscal_year_label(self) -> str:
        """`2017/18`, or `2017` for calendar-year quarters."""
        if self.calendar_year:
            return str(self.year)
        return f"{self.year}/{(self.year + 1) % 100:02d}"

    @property
    def budget_month(self) -> int:
        """Month of the financial year the quarter ends in: 9 for Quarter 3."""
        return self.number * 3
