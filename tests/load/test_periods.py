"""One reader for every period label, and for the cells councils fill: each case checked by hand."""

from datetime import date
from decimal import Decimal

import pytest

from reportgen.load.cells import (
    CellError,
    note_text,
    parse_money,
    parse_value,
    read_number,
    symbol_for,
)
from reportgen.load.periods import PeriodError, read_period

from ..helpers import kpi

# Quarter 3 of 2017/18 is October to December 2017 (financial years start in April).
Q3_LABELS = ["2017Q3", "2017/18 Q3", "Q3 2017/18", "Q3 17/18", "2017-18 Q3", "Quarter 3 2017/18",
             "Oct-Dec 2017", "Oct 2017 - Dec 2017", "October to December 2017", "December 2017",
             "Dec-17", "Dec 17", "31/12/2017", "2017-12-31", "2017-12-31 00:00:00",
             "  q3   2017 / 18 ", "Qtr 3 2017-18", "Oct\u2013Dec 2017"]


@pytest.mark.parametrize("label", Q3_LABELS)
def test_every_form_of_quarter_3_2017_18(label: str) -> None:
    found = read_period(label)
    assert (found.quarter.year, found.quarter.number, found.annual) == (2017, 3, False)


@pytest.mark.parametrize(("label", "year", "number"), [
    ("Q1 2014-15", 2014, 1),        # April to June 2014
    ("Jan-Mar 2018", 2017, 4),      # January to March 2018 ends 2017/18
    ("March 2018", 2017, 4),
    ("30/06/2014", 2014, 1),
])
def test_quarters_across_the_year_end(label: str, year: int, number: int) -> None:
    found = read_period(label)
    assert (found.quarter.year, found.quarter.number) == (year, number)


@pytest.mark.parametrize("label", ["2017/18", "2017-18", " 2017 / 18 ", "2017/2018", "201718"])
def test_a_financial_year_is_dated_to_its_last_quarter(label: str) -> None:
    found = read_period(label)
    assert (str(found.quarter), found.annual) == ("2017Q4", True)  # Jan–Mar 2018


def test_calendar_quarters() -> None:
    assert str(read_period("Q3 2017", 1).quarter) == "2017Q3"       # July to September
    assert str(read_period("Sep-17", 1).quarter) == "2017Q3"
    assert str(read_period("Jul-Sep 2017", 1).quarter) == "2017Q3"
    found = read_period("2017", 1)
    assert (str(found.quarter), found.annual) == ("2017Q4", True)
    with pytest.raises(PeriodError, match="calendar quarters"):
        read_period("Q3 2017/18", 1)


@pytest.mark.parametrize(("label", "message"), [
    ("Q3 2017", "could mean calendar quarter 3 of 2017 or Quarter 3 2017/18"),
    ("2017", "could mean 2016/17 or 2017/18"),
])
def test_a_label_two_readings_could_give_is_an_error(label: str, message: str) -> None:
    with pytest.raises(PeriodError, match=message) as caught:
        read_period(label)
    assert caught.value.ambiguous


@pytest.mark.parametrize(("label", "message"), [
    ("30/12/2017", "30 December 2017 is not the last day of a quarter"),
    ("31/02/2017", "is not a date"),
    ("Sep-Dec 2017", "a quarter ending December 2017 starts in October 2017"),
    ("2017/19", "is not a financial year"),
    ("2017Q5", "is not a period label"),
    ("17Q3", "is not a period label"),
    ("soon", "is not a period label"),
    ("", "the period is empty"),
])
def test_unreadable_labels_list_the_accepted_forms(label: str, message: str) -> None:
    with pytest.raises(PeriodError, match=message) as caught:
        read_period(label)
    assert "2017/18 Q3, Q3 2017/18" in caught.value.hint
    assert "Oct-Dec 2017" in caught.value.hint
    assert not caught.value.ambiguous


@pytest.mark.parametrize(("marker", "symbol"), [
    (".", "[z]"), ("..", "[x]"), ("-", "[x]"), ("*", "[c]"), ("N/A", "[z]"), ("n/a", "[z]"),
    ("c", "[c]"), ("x", "[x]"), ("z", "[z]"), ("<5", "[c]"), ("< 10", "[c]"), ("[c]", "[c]"),
    ("[X]", "[x]"),
])
def test_missing_value_markers_keep_their_gss_meaning(marker: str, symbol: str) -> None:
    assert symbol_for(marker) == symbol
    assert parse_value(marker, kpi(unit="count")) == (None, symbol)


def test_extra_markers_read_as_not_available() -> None:
    assert symbol_for("tbc") is None
    assert symbol_for(" TBC ", ["tbc"]) == "[x]"
    assert parse_value("awaited", kpi(), missing=("awaited",)) == (None, "[x]")


@pytest.mark.parametrize(("text", "number"), [
    ("-£1,234", "-1234"), ("(1,234)", "-1234"), ("\u22121,234", "-1234"), ("£-1,234", "-1234"),
    ("(£1,234.50)", "-1234.50"), ("£5.8m", "5800000"), ("£120k", "120000"),
    ("£1.2bn", "1200000000"), ("5.8 million", "5800000"), ("+12", "12"), ("1,228", "1228"),
])
def test_money_as_people_write_it(text: str, number: str) -> None:
    assert read_number(text, money=True) == Decimal(number)


def test_budget_amounts_accept_negatives_and_millions() -> None:
    assert parse_money("(361,000)", "budget") == Decimal(-361000)
    assert parse_money("£61.2m", "budget") == Decimal(61200000)


def test_millions_only_for_money() -> None:
    with pytest.raises(CellError, match=r"'5\.8m' is not a number"):
        parse_value("5.8m", kpi(unit="count"))
    with pytest.raises(CellError, match="is money but K-1 is measured in count"):
        parse_value("£5", kpi(unit="count"))


def test_scale_multiplies_the_figure() -> None:
    # £000s: 61,200 thousand is £61,200,000
    assert parse_value("61,200", kpi(unit="gbp"), scale=Decimal(1000)) == (Decimal(61200000),
                                                                           None)


@pytest.mark.parametrize("text", ["No notes", "no notes.", "N/A", "-", "None", "  ", "No comment"])
def test_placeholder_commentary_is_no_note(text: str) -> None:
    assert note_text(text) == ""


def test_real_commentary_is_kept() -> None:
    assert note_text(" Missed collection figures for Q1 have yet to be agreed. ") == (
        "Missed collection figures for Q1 have yet to be agreed.")


# Forms real exports use (DESIGN: "One reader for every file, and periods that are not quarters").
@pytest.mark.parametrize("label", [
    "2017-18;Q3", "2017-18_Q3", "2017/18, Q3", "2017/18 - Q3", "Q3 (Oct-Dec) 2017/18",
    "October to December 2017 (Q3)", "Oct-Dec 2017 (Q3)", "2017/18 Q3 (Oct to Dec)",
    "[Q3] 2017-18", "2017-12-31T00:00:00",
])
def test_separators_and_agreeing_text_around_a_label(label: str) -> None:
    found = read_period(label)
    assert (str(found.quarter), found.annual, found.month) == ("2017Q3", False, None)


def test_a_calendar_quarter_number_agrees_with_its_months() -> None:
    # October to December is calendar Q4; with no financial year written, it agrees too
    assert str(read_period("October to December 2017 (Q4)").quarter) == "2017Q3"


@pytest.mark.parametrize(("label", "message"), [
    ("Q4 (Oct-Dec) 2017/18", "its parts disagree: Oct to Dec is not January to March 2018"),
    ("October to December 2017 (Q2)", "its parts disagree: Q2 is not October to December"),
    ("2017/18 Q3 (Jan-Mar)", "its parts disagree: Jan to Mar is not October to December"),
    ("Oct-Dec 2017 2016/17", "2016/17 is not the financial year of October to December"),
])
def test_a_label_whose_parts_disagree_is_an_error(label: str, message: str) -> None:
    with pytest.raises(PeriodError, match=message):
        read_period(label)


@pytest.mark.parametrize("label", ["2019-10-01", "2019-10", "Oct 2019", "October 2019",
                                   "Oct-19", "01/10/2019", "31/10/2019", "43739",
                                   "43739.0", "2019-10-01 00:00:00"])
def test_months_in_every_common_form(label: str) -> None:
    found = read_period(label, monthly=True)
    # October 2019 is in Quarter 3 of 2019/20
    assert (str(found.quarter), found.month, found.annual) == ("2019Q3", date(2019, 10, 1),
                                                               False)


def test_a_month_that_ends_a_quarter_is_a_month_in_a_monthly_source() -> None:
    assert read_period("Dec 2019", monthly=True).month == date(2019, 12, 1)
    assert read_period("Dec 2019").month is None  # without monthly: the quarter it ends
    assert str(read_period("Dec 2019").quarter) == "2019Q3"


@pytest.mark.parametrize("label", ["2019-10-01", "2019-10", "Oct 2019", "Nov-19",
                                   "30/11/2019"])
def test_a_month_without_monthly_says_to_add_it(label: str) -> None:
    with pytest.raises(PeriodError, match=r"is a month \((October|November) 2019\), not a "
                       "quarter") as caught:
        read_period(label)
    assert caught.value.month
    assert "add monthly: sum, mean or last to its source" in caught.value.hint
    assert "quarters end in June, September, December, March" in caught.value.hint


def test_a_financial_year_or_a_month_is_read_as_the_source_says() -> None:
    # 2009-10 is the financial year 2009/10, or October 2009 in a monthly source
    assert read_period("2009-10").annual
    assert read_period("2009-10", monthly=True).month == date(2009, 10, 1)


@pytest.mark.parametrize(("label", "quarter", "name"), [
    ("Jan 2023-Dec 2023", "2023Q3", "2023"),             # December 2023 is in 2023/24 Q3
    ("January 2023 to December 2023", "2023Q3", "2023"),
    ("Apr 2022 - Mar 2023", "2022Q4", ""),               # exactly the financial year 2022/23
    ("Jul 2022 - Jun 2023", "2023Q1", "Jul 2022 - Jun 2023"),  # June 2023 ends 2023/24 Q1
    ("01/04/2022 - 31/03/2023", "2022Q4", ""),
])
def test_twelve_month_periods_are_annual_figures_dated_to_their_last_month(
        label: str, quarter: str, name: str) -> None:
    found = read_period(label)
    assert (str(found.quarter), found.annual, found.label) == (quarter, True, name)


def test_a_calendar_year_with_years_calendar() -> None:
    found = read_period("2023", years="calendar")
    assert (str(found.quarter), found.annual, found.label) == ("2023Q3", True, "2023")


def test_twelve_months_in_a_calendar_year_project() -> None:
    found = read_period("Jan 2023-Dec 2023", 1)
    assert (str(found.quarter), found.annual) == ("2023Q4", True)


def test_a_sheet_name_may_name_its_table_around_the_period() -> None:
    assert str(read_period("LA Borrowing 19-20 Q4", named=True).quarter) == "2019Q4"
    with pytest.raises(PeriodError, match="is not a period label"):
        read_period("LA Borrowing 19-20 Q4")  # in a cell, words around a label are not read


def test_a_five_digit_number_is_a_date_serial_only_in_a_monthly_source() -> None:
    with pytest.raises(PeriodError, match="is not a period label"):
        read_period("43739")  # a count such as 43,739 in a wide table's row
    assert read_period("43739", monthly=True).month == date(2019, 10, 1)
