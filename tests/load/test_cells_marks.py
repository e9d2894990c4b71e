"""Provisional figures: `803 [p]` in a value cell, or `p` in a row's status column."""

from decimal import Decimal

import pytest

from reportgen.load.cells import CellError, parse_value

from ..helpers import kpi


def test_a_value_marked_provisional_keeps_its_figure_and_mark() -> None:
    assert parse_value("803 [p]", kpi()) == (Decimal(803), "[p]")
    assert parse_value("1,228[P]", kpi()) == (Decimal(1228), "[p]")
    assert parse_value("12 [u]", kpi()) == (Decimal(12), "[u]")


def test_a_status_column_marks_the_value() -> None:
    assert parse_value("50", kpi(), status="p") == (Decimal(50), "[p]")
    assert parse_value("50", kpi(), status="Provisional") == (Decimal(50), "[p]")
    assert parse_value("50", kpi(), status="") == (Decimal(50), None)
    assert parse_value("50", kpi(), status="final") == (Decimal(50), None)


def test_an_unknown_status_is_an_error_saying_what_to_write() -> None:
    with pytest.raises(CellError) as raised:
        parse_value("50", kpi(), status="maybe")
    assert "status 'maybe'" in raised.value.message and "p" in raised.value.hint


def test_a_mark_alone_is_not_a_figure() -> None:
    with pytest.raises(CellError):
        parse_value("[p]", kpi())
