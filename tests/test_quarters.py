from datetime import date

import pytest

from reportgen.quarters import Quarter
from reportgen.words.formatter import Formatter

EN = Formatter("en")


def test_financial_year_quarter_three() -> None:
    q = Quarter.parse("2017Q3")
    assert EN.quarter(q) == "Quarter 3 2017/18"
    assert EN.short_quarter(q) == "Q3 2017/18"
    assert q.start == date(2017, 10, 1)
    assert q.end == date(2017, 12, 31)
    assert EN.date(q.end) == "31 December 2017"
    assert EN.months(q) == "October to December 2017"
    assert q.budget_month == 9


def test_quarter_four_falls_in_the_next_calendar_year() -> None:
    q = Quarter.parse("2017Q4")
    assert (q.start, q.end) == (date(2018, 1, 1), date(2018, 3, 31))
    assert EN.quarter(q) == "Quarter 4 2017/18"
    assert q.budget_month == 12


def test_neighbours() -> None:
    assert str(Quarter.parse("2017Q1").previous) == "2016Q4"
    assert str(Quarter.parse("2017Q3").last_year) == "2016Q3"
    assert str(Quarter.parse("2017Q4").next) == "2018Q1"
    assert [str(q) for q in Quarter.parse("2017Q3").year_to_date()] == [
        "2017Q1", "2017Q2", "2017Q3"]
    series = Quarter.parse("2017Q3").series(8)
    assert (str(series[0]), str(series[-1]), len(series)) == ("2015Q4", "2017Q3", 8)


def test_calendar_year_quarters() -> None:
    q = Quarter.parse("2017Q3", start_month=1)
    assert EN.quarter(q) == "Q3 2017"
    assert (q.start, q.end) == (date(2017, 7, 1), date(2017, 9, 30))
    assert q.fiscal_year_label == "2017"


def test_year_spanning_quarter_in_a_july_year() -> None:
    q = Quarter.parse("2017Q2", start_month=7)
    assert (q.start, q.end) == (date(2017, 10, 1), date(2017, 12, 31))
    assert EN.months(Quarter.parse("2017Q3", start_month=11)) == "May to July 2018"


@pytest.mark.parametrize("text", ["2017Q5", "17Q3", "2017-Q3", "2017q3", "Q3 2017", ""])
def test_anything_else_is_refused_with_the_expected_form(text: str) -> None:
    with pytest.raises(ValueError, match=r"expected YYYYQn, e.g. 2017Q3"):
        Quarter.parse(text)
