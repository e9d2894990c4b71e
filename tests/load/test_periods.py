"""One reader for every period label, and for the cells councils fill: each case checked by hand."""

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
    ("Nov-17", "Nov 2017 does not end a quarter"),
    ("30/11/2017", "30 November 2017 does not end a quarter"),
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
