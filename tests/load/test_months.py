"""Monthly sources made into quarters, and fractions that must not be published as percents."""

from decimal import Decimal
from pathlib import Path

import pytest

from reportgen.quarters import Quarter

from .test_sources import figure, project

MONTHLY = """\
month,measure,value
2019-07-01,Households in TA,400
2019-09-01,Households in TA,430
2019-10-01,Households in TA,410
2019-11-01,Households in TA,422
2019-12-01,Households in TA,446
"""


def monthly(tmp_path: Path, how: str | None) -> tuple:
    line = f"    monthly: {how}\n" if how else ""
    return project(tmp_path, "sources:\n  - file: imports/ta.csv\n    kpi: measure\n"
                   "    period: month\n" + line
                   + "    codes: {Households in TA: HC-TA-01}\n", {"imports/ta.csv": MONTHLY})


@pytest.mark.parametrize(("how", "value"), [
    ("sum", "1278"),             # 410 + 422 + 446
    ("mean", "426"),             # 1278 / 3
    ("last", "446"),             # December
])
def test_a_quarter_is_the_sum_mean_or_last_of_its_months(tmp_path: Path, how: str,
                                                         value: str) -> None:
    found, problems = monthly(tmp_path, how)
    assert figure(found, "HC-TA-01", "2019Q3") == Decimal(value)
    assert not problems.errors


def test_exports_keep_the_months_as_read(tmp_path: Path) -> None:
    found, _ = monthly(tmp_path, "mean")
    held = found.dataset.observations[("HC-TA-01", Quarter.parse("2019Q3"))]
    assert [(str(m), v) for m, v in held.months] == [
        ("2019-10-01", Decimal(410)), ("2019-11-01", Decimal(422)), ("2019-12-01", Decimal(446))]


def test_a_quarter_with_a_month_missing_is_not_available(tmp_path: Path) -> None:
    found, problems = monthly(tmp_path, "sum")
    held = found.dataset.observations[("HC-TA-01", Quarter.parse("2019Q2"))]
    assert (held.value, held.symbol) == (None, "[x]")
    warnings = [p.message for p in problems if p.severity == "warning"]
    assert ("HC-TA-01 has no figure for August 2019, so July to September 2019 is not "
            "available") in warnings


def test_month_labels_without_monthly_are_one_error_that_says_to_add_it(tmp_path: Path) -> None:
    _, problems = monthly(tmp_path, None)
    errors = [p for p in problems if p.severity == "error"]
    assert len(errors) == 1
    assert str(errors[0].location) == "imports/ta.csv:2"
    assert errors[0].message == "'2019-07-01' is a month (July 2019), not a quarter"
    assert "add monthly: sum, mean or last to its source" in errors[0].hint


FRACTIONS = """\
area,indicator,period,value
Trafford,Major applications decided in time (%),2017/18 Q2,0.89
Trafford,Major applications decided in time (%),2017/18 Q3,0.86
England,Major applications decided in time (%),2017/18 Q2,0.88
England,Major applications decided in time (%),2017/18 Q3,0.87
"""


def fractions(tmp_path: Path, scale: str) -> tuple:
    common = ("    kpi: indicator\n    codes: {Major applications decided in time (%): "
              "PLAN-MAJ}\n" + scale)
    return project(tmp_path, "sources:\n  - file: imports/plan.csv\n    where: {area: Trafford}\n"
                   + common + "  - file: imports/plan.csv\n    where: {area: England}\n"
                   "    comparator: England\n" + common, {"imports/plan.csv": FRACTIONS})


def test_fractions_are_an_error_naming_scale_100_for_the_comparator_too(tmp_path: Path) -> None:
    _, problems = fractions(tmp_path, "")
    errors = [p for p in problems if p.severity == "error"]
    assert [str(e.location) for e in errors] == ["imports/plan.csv:2", "imports/plan.csv:4"]
    assert errors[0].message == ("every PLAN-MAJ figure from this source is between 0 and 1 "
                                 "(2 figures): they look like fractions, and 0.89 would be "
                                 "published as 0.89%")
    assert "England's PLAN-MAJ" in errors[1].message
    assert not problems.warnings  # the error says it all
    assert errors[0].hint.startswith("add scale: 100 to the source in reportgen.yaml (line 6) "
                                     "to read 0.89 as 89%")


def test_scale_100_reads_fractions_as_percentages(tmp_path: Path) -> None:
    found, problems = fractions(tmp_path, "    scale: 100\n")
    assert not problems.errors
    assert figure(found, "PLAN-MAJ", "2017Q3") == Decimal(86)   # 0.86 × 100
    assert figure(found, "PLAN-MAJ", "2017Q2") == Decimal(89)
    england = found.dataset.comparators["England"]
    assert england[("PLAN-MAJ", Quarter.parse("2017Q3"))].value == Decimal(87)


def test_scale_1_says_the_figures_really_are_below_one_percent(tmp_path: Path) -> None:
    found, problems = fractions(tmp_path, "    scale: 1\n")
    assert not problems.items, [str(p) for p in problems]  # no fraction warning either
    assert figure(found, "PLAN-MAJ", "2017Q3") == Decimal("0.86")


RATIO = """\
indicator,period,decided_in_time,decided
Major applications,2017/18 Q2,16,18
Major applications,2017/18 Q3,7,44
Major applications,2017/18 Q4,3,0
"""


def test_numerator_and_denominator_on_one_row(tmp_path: Path) -> None:
    found, problems = project(tmp_path, "sources:\n  - file: imports/plan.csv\n"
                              "    kpi: indicator\n    numerator: decided_in_time\n"
                              "    denominator: decided\n"
                              "    codes: {Major applications: PLAN-MAJ}\n",
                              {"imports/plan.csv": RATIO})
    assert not problems.errors
    q3 = found.dataset.observations[("PLAN-MAJ", Quarter.parse("2017Q3"))]
    assert round(q3.value, 2) == Decimal("15.91")         # 7 / 44 × 100
    assert q3.parts == (("numerator", "7"), ("denominator", "44"))
    assert round(figure(found, "PLAN-MAJ", "2017Q2"), 2) == Decimal("88.89")  # 16 / 18
    q4 = found.dataset.observations[("PLAN-MAJ", Quarter.parse("2017Q4"))]
    assert (q4.value, q4.symbol) == (None, "[x]")          # a zero denominator


def test_per_sets_the_multiplier(tmp_path: Path) -> None:
    found, _ = project(tmp_path, "sources:\n  - file: imports/plan.csv\n"
                       "    kpi: indicator\n    numerator: decided_in_time\n"
                       "    denominator: decided\n    per: 1000\n"
                       "    codes: {Major applications: HC-RATE}\n", {"imports/plan.csv": RATIO})
    assert round(figure(found, "HC-RATE", "2017Q3"), 1) == Decimal("159.1")  # 7 / 44 × 1000


def test_numerator_without_denominator_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(Exception, match="numerator: and denominator: go together"):
        _, problems = project(tmp_path, "sources:\n  - file: imports/plan.csv\n"
                                  "    kpi: indicator\n    numerator: decided_in_time\n",
                                  {"imports/plan.csv": RATIO})
        problems.raise_if_errors()


def test_a_header_row_without_period_labels_says_so(tmp_path: Path) -> None:
    _, problems = project(tmp_path, "sources:\n  - file: imports/wide.csv\n    layout: wide\n"
                          "    kpi: Local authority\n", {"imports/wide.csv": (
                              "Households in temporary accommodation,,\n"
                              "Local authority,Autumn 2022,Winter 2022\n"
                              "Trafford,410,422\n")})
    (error,) = problems.errors
    assert str(error.location) == "imports/wide.csv:2"
    assert error.message == ("the header row names 'Local authority' but none of its other "
                             "cells is a period label ('Autumn 2022', 'Winter 2022')")
    assert error.hint.startswith("write the periods in one of the forms: 2017Q3")


def test_a_wide_header_in_words_and_brackets_is_read(tmp_path: Path) -> None:
    found, problems = project(tmp_path, "sources:\n  - file: imports/wide.csv\n"
                              "    layout: wide\n    kpi: Local authority\n"
                              "    codes: {Trafford: HC-TA-01}\n", {"imports/wide.csv": (
                                  "Local authority,July to September 2022 (Q2),"
                                  "October to December 2022 (Q3)\nTrafford,410,422\n")})
    assert not problems.errors, [str(p) for p in problems.errors]
    assert figure(found, "HC-TA-01", "2022Q3") == Decimal(422)
    assert figure(found, "HC-TA-01", "2022Q2") == Decimal(410)


def test_a_quarter_with_sources_and_no_folder_is_not_told_to_create_one(tmp_path: Path) -> None:
    from reportgen.prepare.pipeline import load as load_quarter

    monthly(tmp_path, "sum")
    _, problems = load_quarter(tmp_path, "2020Q1")
    assert [str(p) for p in problems if p.message.startswith("no data")] == [
        "reportgen.yaml: error: no data for 2020Q1 in the sources declared in reportgen.yaml; "
        "the latest quarter they give is 2019Q3 — save each source's latest export over the "
        "old one (reportgen sources 2020Q1 shows how each was read), or put the quarter's "
        "files in data/quarters/2020Q1/"]


def test_months_across_the_columns(tmp_path: Path) -> None:
    found, problems = project(tmp_path, "sources:\n  - file: imports/wide.csv\n"
                              "    layout: wide\n    kpi: measure\n    monthly: last\n"
                              "    codes: {Households in TA: HC-TA-01}\n", {"imports/wide.csv": (
                                  "measure,Oct 2019,Nov 2019,Dec 2019\n"
                                  "Households in TA,410,422,446\n")})
    assert not problems.errors, [str(p) for p in problems.errors]
    assert figure(found, "HC-TA-01", "2019Q3") == Decimal(446)   # December, the last month


def test_excel_dates_and_serials_as_months(tmp_path: Path) -> None:
    import io
    from datetime import datetime

    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["month", "measure", "value"])
    for day, value in ((datetime(2019, 10, 1), 410), (datetime(2019, 11, 1), 422),
                       (datetime(2019, 12, 1), 446)):
        book.active.append([day, "Households in TA", value])
    data = io.BytesIO()
    book.save(data)
    found, problems = project(tmp_path, "sources:\n  - file: imports/ta.xlsx\n    kpi: measure\n"
                              "    period: month\n    monthly: sum\n"
                              "    codes: {Households in TA: HC-TA-01}\n"
                              "  - file: imports/serials.csv\n    kpi: measure\n"
                              "    period: month\n    monthly: sum\n    comparator: England\n"
                              "    codes: {Households in TA: HC-TA-01}\n",
                              {"imports/ta.xlsx": data.getvalue(),
                               # 43739, 43770 and 43800 are 1 October, November, December 2019
                               "imports/serials.csv": "month,measure,value\n"
                               "43739,Households in TA,1\n43770,Households in TA,2\n"
                               "43800,Households in TA,3\n"})
    assert not problems.errors, [str(p) for p in problems.errors]
    assert figure(found, "HC-TA-01", "2019Q3") == Decimal(1278)       # 410 + 422 + 446
    england = found.dataset.comparators["England"]
    assert england[("HC-TA-01", Quarter.parse("2019Q3"))].value == Decimal(6)   # 1 + 2 + 3
