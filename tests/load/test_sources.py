"""`sources:` in reportgen.yaml: councils' own exports read as they are, problems at their cells."""

import io
import tempfile
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.compute.calculate import Standing, compute_quarter
from reportgen.errors import Problems, ReportError
from reportgen.load.project import Project, load_project
from reportgen.quarters import Quarter

Q3 = Quarter.parse("2017Q3")
KPIS = """\
- id: PLAN-MAJ
  title: Major planning applications decided in time
  directorate: housing
  unit: percent
  polarity: higher_is_better
- id: HC-TA-01
  title: Households in temporary accommodation
  directorate: housing
  unit: count
- id: HC-SPEND
  title: Spend on homelessness
  directorate: housing
  unit: gbp
  frequency: annual
- id: HC-RATE
  title: Homelessness rate
  directorate: housing
  unit: rate_per_1k
  polarity: lower_is_better
"""


def project(root: Path, sources: str, files: dict[str, str | bytes]) -> tuple[Project, Problems]:
    """A project whose data comes from `sources` alone, loaded."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "reportgen.yaml").write_text(
        "council: Test Council\ndirectorates:\n  - id: housing\n    name: Housing\n"
        + sources, encoding="utf-8")
    (root / "kpis.yaml").write_text(KPIS, encoding="utf-8")
    for name, body in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, bytes):
            path.write_bytes(body)
        else:
            path.write_text(body, encoding="utf-8")
    problems = Problems()
    return load_project(root, problems), problems


def figure(found: Project, kpi_id: str, quarter: str) -> Decimal | None:
    return found.dataset.observations[(kpi_id, Quarter.parse(quarter))].value


LONG = """\
area_name,indicator,period,value,commentary
Trafford,Major applications decided in time (%),Q2 2017/18,88.5,
Trafford,Major applications decided in time (%),Oct-Dec 2017,91.2,Two large schemes decided early
Stockport,Major applications decided in time (%),Oct-Dec 2017,70,
Trafford,Households in TA,31/12/2017,..,
Trafford,Households in TA,2017-09-30,"1,204",
"""


def test_long_csv_with_codes_where_and_markers(tmp_path: Path) -> None:
    found, problems = project(tmp_path, """\
sources:
  - file: imports/planning.csv
    layout: long
    kpi: indicator
    period: period
    value: value
    note: commentary
    where: {area_name: trafford}
    codes: {"Major applications decided in time (%)": PLAN-MAJ, "households in ta": HC-TA-01}
""", {"imports/planning.csv": LONG})
    assert not problems.items
    assert figure(found, "PLAN-MAJ", "2017Q2") == Decimal("88.5")
    assert figure(found, "PLAN-MAJ", "2017Q3") == Decimal("91.2")  # Stockport's 70 left out
    q3 = found.dataset.observations[("PLAN-MAJ", Q3)]
    assert q3.note == "Two large schemes decided early"
    assert str(q3.location) == "imports/planning.csv:3"
    assert found.dataset.observations[("HC-TA-01", Q3)].symbol == "[x]"  # `..`
    assert figure(found, "HC-TA-01", "2017Q2") == 1204
    # a quarter can be built from sources alone: no data/quarters folder exists
    assert found.dataset.quarters == {Quarter.parse("2017Q2"), Q3}
    assert (tmp_path / "imports/planning.csv") in found.dataset.files


def test_every_problem_at_its_line_all_at_once(tmp_path: Path) -> None:
    _, problems = project(tmp_path, """\
sources:
  - file: imports/planning.csv
    kpi: indicator
    codes: {"Major applications decided in time (%)": PLAN-MAJ}
  - file: imports/missing-*.csv
""", {"imports/planning.csv": (
        "indicator,period,value\n"
        "Major applications decided in time (%),Q3 2017,91.2\n"
        "Major applications decided in time (%),2017Q2,lots\n"
        "Major applications decided in time (%),2017Q1,140\n"
        "Minor applications,2017Q1,80\n"
        "Minor applications,2017Q2,81\n")})
    assert [str(p) for p in problems.sorted()] == [
        "imports/planning.csv:2: error: 'Q3 2017' could mean calendar quarter 3 of 2017 or "
        "Quarter 3 2017/18 — write it as one of: 2017Q3, 2017/18 Q3, Q3 2017/18, Q3 17/18, "
        "2017-18 Q3, Quarter 3 2017/18, Oct-Dec 2017, December 2017, Dec-17, 31/12/2017, "
        "2017-12-31, a financial year (2017/18) or twelve months (Jan 2017 - Dec 2017) for an "
        "annual figure, or months (Oct 2017, 2017-10-01) with monthly: on the source; or use "
        "2017Q3",
        "imports/planning.csv:3: error: 'lots' is not a number — write a number such as 803 or "
        "12.5, leave it empty, or use [x] for not available",
        "imports/planning.csv:4: error: percentage 140 is outside 0–100 — check the figure, or "
        "give the KPI unit: percent_change if it is a change that can be negative or above 100 "
        "(a % reduction)",
        "imports/planning.csv:5: error: unknown KPI 'Minor applications' (and 1 more rows) — "
        "map it to a KPI id under codes: in reportgen.yaml (line 6), or set unlisted: ignore "
        "to skip such rows",
        "reportgen.yaml:9: error: no file matches 'imports/missing-*.csv' — check the path, "
        "which is relative to the project folder, or remove the source",
    ]


def test_unlisted_ignore_and_codes_from_a_csv(tmp_path: Path) -> None:
    found, problems = project(tmp_path, """\
sources:
  - file: imports/*.csv
    kpi: Indicator
    period: Period
    value: Value
    codes: imports/codes/map.csv
    unlisted: ignore
""", {"imports/a.csv": "Indicator,Period,Value\nMAJ,2017Q3,91\nOTHER,2017Q3,5\n",
      "imports/b.csv": "Indicator,Period,Value\nTA,2017Q3,803\n",
      "imports/codes/map.csv": "code,kpi\nMAJ,PLAN-MAJ\nTA,HC-TA-01\n"})
    assert not problems.items
    assert figure(found, "PLAN-MAJ", "2017Q3") == 91
    assert figure(found, "HC-TA-01", "2017Q3") == 803


def test_wide_workbook_in_thousands_with_blank_label_header(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Table 1"
    sheet.append(["Revenue outturn expenditure, £ thousand"])   # title above the table
    sheet.append([])
    sheet.append([None, None, "2015-16", "2016-17", "2017-18"])  # blank label headers
    sheet.append(["Homelessness", "Trafford", 1234, ".", "2,050.5"])
    sheet.append(["Homelessness", "Stockport", 999, 998, 997])
    book.save(tmp_path / "outturn.xlsx")
    found, problems = project(tmp_path, """\
sources:
  - file: outturn.xlsx
    layout: wide
    kpi: column A
    where: {column B: Trafford}
    codes: {homelessness: HC-SPEND}
    scale: 1000
""", {})
    assert not problems.items
    assert figure(found, "HC-SPEND", "2015Q4") == 1234000            # £1,234 thousand
    assert found.dataset.observations[("HC-SPEND", Quarter.parse("2016Q4"))].symbol == "[z]"
    assert figure(found, "HC-SPEND", "2017Q4") == 2050500            # £2,050.5 thousand
    spend = found.dataset.observations[("HC-SPEND", Quarter.parse("2017Q4"))]
    assert spend.annual
    assert str(spend.location) == "outturn.xlsx:Table 1!E4"


def test_one_sheet_per_quarter(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Q1 2014-15"
    book.create_sheet("Q2 2014-15")
    book.create_sheet("Read me")
    for sheet, value in zip(book.worksheets[:2], (801, 784), strict=True):
        sheet.append(["Performance indicator", "Result", "Comment"])
        sheet.append(["HC-TA-01", value, "No notes"])
    book["Read me"].append(["How to fill in this return"])
    book.save(tmp_path / "return.xlsx")
    found, problems = project(tmp_path, """\
sources:
  - file: return.xlsx
    period: sheet
    sheet: "Q* 20*"
    kpi: performance indicator
    value: result
    note: comment
""", {})
    assert not problems.items
    assert figure(found, "HC-TA-01", "2014Q1") == 801
    assert figure(found, "HC-TA-01", "2014Q2") == 784
    assert found.dataset.observations[("HC-TA-01", Quarter.parse("2014Q2"))].note == ""


def test_header_row_given(tmp_path: Path) -> None:
    found, problems = project(tmp_path, """\
sources:
  - file: f.csv
    header_row: 3
""", {"f.csv": "kpi,period,value\nnot,the,header\nkpi,period,value\nHC-TA-01,2017Q3,5\n"})
    assert not problems.items
    assert figure(found, "HC-TA-01", "2017Q3") == 5


def test_same_kpi_and_quarter_twice_with_different_values(tmp_path: Path) -> None:
    folder = "data/quarters/2017Q3/housing.csv"
    found, problems = project(tmp_path, "sources:\n  - file: f.csv\n", {
        folder: "kpi,value,note\nHC-TA-01,803,\n",
        "f.csv": "kpi,period,value\nHC-TA-01,Q3 2017/18,830\nHC-TA-01,Q2 2017/18,784\n"})
    assert [str(p) for p in problems.sorted()] == [
        "f.csv:2: error: HC-TA-01 for 2017Q3 is given twice with different values: 830 here "
        f"and 803 at {folder}:2 — keep one of them, or correct the one that is wrong"]
    assert figure(found, "HC-TA-01", "2017Q3") == 803
    assert figure(found, "HC-TA-01", "2017Q2") == 784


def test_a_figure_fills_an_empty_template_row(tmp_path: Path) -> None:
    found, problems = project(tmp_path, "sources:\n  - file: f.csv\n", {
        "data/quarters/2017Q3/housing.csv": "kpi,value,note\nHC-TA-01,,\n",
        "f.csv": "kpi,period,value\nHC-TA-01,2017Q3,803\n"})
    assert not problems.items
    assert figure(found, "HC-TA-01", "2017Q3") == 803


def test_a_financial_year_for_a_quarterly_kpi(tmp_path: Path) -> None:
    _, problems = project(tmp_path, "sources:\n  - file: f.csv\n", {
        "f.csv": "kpi,period,value\nHC-TA-01,2017/18,803\n"})
    assert [p.message for p in problems.errors] == [
        "the period is the financial year 2017/18, but HC-TA-01 is reported quarterly"]


def test_files_outside_the_project_are_refused(tmp_path: Path) -> None:
    (tmp_path / "outside.csv").write_text("kpi,period,value\n", encoding="utf-8")
    (tmp_path / "p").mkdir()
    _, problems = project(tmp_path / "p", "sources:\n  - file: ../outside.csv\n", {})
    assert [p.message for p in problems.errors] == [
        "source file '../outside.csv' is outside the project"]


COMPARATORS = """\
area,kpi,period,value
England,PLAN-MAJ,2017Q3,88
England,PLAN-MAJ,2016Q3,86
Stockport,PLAN-MAJ,2017Q3,70
Wigan,PLAN-MAJ,2017Q3,80.5
Bolton,PLAN-MAJ,2017Q3,91
Trafford,PLAN-MAJ,2017Q3,91.2
Trafford,PLAN-MAJ,2016Q3,85
"""


def test_comparators_named_and_aggregated(tmp_path: Path) -> None:
    found, problems = project(tmp_path, """\
sources:
  - file: lginform.csv
    where: {area: Trafford}
  - file: lginform.csv
    where: {area: England}
    comparator: England
  - file: lginform.csv
    where: {area: [Stockport, Wigan, Bolton]}
    comparator: {name: Neighbours, aggregate: mean}
  - file: lginform.csv
    where: {area: [Stockport, Wigan, Bolton]}
    comparator: {name: Neighbours median, aggregate: median}
""", {"lginform.csv": COMPARATORS})
    assert not problems.items
    comparators = found.dataset.comparators
    assert comparators["England"][("PLAN-MAJ", Q3)].value == 88
    # (70 + 80.5 + 91) / 3 = 241.5 / 3 = 80.5; the median of 70, 80.5, 91 is 80.5 as well
    assert comparators["Neighbours"][("PLAN-MAJ", Q3)].value == Decimal("80.5")
    assert comparators["Neighbours median"][("PLAN-MAJ", Q3)].value == Decimal("80.5")
    assert found.dataset.quarters == {Q3, Quarter.parse("2016Q3")}  # comparators add none
    results = compute_quarter(found.catalogue, found.dataset.observations, {}, ["housing"], Q3,
                              comparators=comparators)
    england = results.kpis["PLAN-MAJ"].comparators[0]
    assert (england.name, england.value, england.difference, england.standing) == (
        "England", 88, Decimal("3.2"), Standing.BETTER)              # 91.2 − 88 = 3.2 points
    assert dict(england.series)[Quarter.parse("2016Q3")] == 86
    assert [c.name for c in results.kpis["PLAN-MAJ"].comparators] == [
        "England", "Neighbours", "Neighbours median"]
    assert results.kpis["HC-TA-01"].comparators == ()


def test_workbook_sheet_by_name_that_is_missing(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Data"
    book.save(tmp_path / "w.xlsx")
    _, problems = project(tmp_path, "sources:\n  - file: w.xlsx\n    sheet: Figures\n", {})
    assert [str(p) for p in problems.errors] == [
        "w.xlsx: error: no sheet matches 'Figures' — the workbook's sheets are 'Data'"]


def test_wide_csv_with_a_title_and_footnotes(tmp_path: Path) -> None:
    found, problems = project(tmp_path, """\
sources:
  - file: wide.csv
    layout: wide
    kpi: Indicator
    missing: [tbc]
""", {"wide.csv": (
        "Households in temporary accommodation by quarter\n"
        "Indicator,Notes,Q1 2017/18,Q2 2017/18,Q3 2017/18\n"
        "HC-TA-01,Rise after the flood,801,784,tbc\n"
        "\n"
        "Source: housing options system\n"
        "1. Figures at the end of each quarter\n")})
    assert not problems.items
    assert figure(found, "HC-TA-01", "2017Q1") == 801
    assert figure(found, "HC-TA-01", "2017Q2") == 784
    q3 = found.dataset.observations[("HC-TA-01", Q3)]
    assert (q3.value, q3.symbol) == (None, "[x]")
    # a Notes column is read without being declared; a wide row's note is for its latest figure
    assert q3.note == "Rise after the flood"
    assert found.dataset.observations[("HC-TA-01", Quarter.parse("2017Q2"))].note == ""


def test_a_misspelt_source_key_is_a_warning(tmp_path: Path) -> None:
    _, problems = project(tmp_path, "sources:\n  - file: f.csv\n    layot: wide\n",
                          {"f.csv": "kpi,period,value\nHC-TA-01,2017Q3,5\n"})
    assert [str(p) for p in problems.sorted()] == [
        "reportgen.yaml:7: warning: unknown source key 'layot' is ignored — did you mean "
        "'layout'?"]


CELLS = st.sampled_from(["HC-TA-01", "PLAN-MAJ", "kpi", "period", "value", "2017Q3",
                         "Q3 2017", "2017/18", "Dec-17", "803", "", "..", "-", "(5)", "£5.8m",
                         "x", '"', ",", "\n", "é", "Notes", "1e999", "31/12/2017"])
TABLE = st.lists(st.lists(CELLS, max_size=6).map(",".join), max_size=8).map("\n".join)
LAYOUT = st.sampled_from([
    "", "    layout: wide\n", "    layout: wide\n    kpi: column A\n",
    "    note: Notes\n    where: {kpi: HC-TA-01}\n", "    comparator: England\n",
    "    comparator: {name: N, aggregate: median}\n", "    header_row: 2\n",
])


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TABLE, LAYOUT)
def test_any_source_file_gives_figures_or_located_problems(text: str, layout: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        _, problems = project(Path(tmp), f"sources:\n  - file: f.csv\n{layout}",
                              {"f.csv": text})
        for problem in problems:
            assert problem.location.path in ("f.csv", "reportgen.yaml"), str(problem)
            assert problem.message


def test_excel_dates_as_periods(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["kpi", "period", "value"])
    sheet.append(["HC-TA-01", datetime(2017, 12, 1), 803])  # shown as Dec-17
    sheet["B2"].number_format = "mmm-yy"
    sheet.append(["HC-TA-01", datetime(2017, 9, 30), 784])  # shown as 30/09/2017
    sheet["B3"].number_format = "dd/mm/yyyy"
    book.save(tmp_path / "dates.xlsx")
    found, problems = project(tmp_path, "sources:\n  - file: dates.xlsx\n", {})
    assert not problems.items
    assert figure(found, "HC-TA-01", "2017Q3") == 803
    assert figure(found, "HC-TA-01", "2017Q2") == 784


def test_one_column_per_kpi(tmp_path: Path) -> None:
    found, problems = project(tmp_path, """\
sources:
  - file: f.csv
    kpi: columns
    period: Quarter
    codes: {Households in TA: HC-TA-01}
""", {"f.csv": "Quarter,Households in TA,PLAN-MAJ,Staff comments\n"
               "Q2 2017/18,784,88.5,busy\nQ3 2017/18,803,,quiet\n"})
    assert not problems.items, [str(p) for p in problems]
    assert figure(found, "HC-TA-01", "2017Q2") == 784
    assert figure(found, "HC-TA-01", "2017Q3") == 803
    assert figure(found, "PLAN-MAJ", "2017Q2") == Decimal("88.5")  # a header that is an id
    assert ("PLAN-MAJ", Q3) not in found.dataset.observations  # an empty cell: no figure
    assert str(found.dataset.observations[("HC-TA-01", Q3)].location) == "f.csv:3"


def test_one_column_per_kpi_problems(tmp_path: Path) -> None:
    _, problems = project(tmp_path / "a", """\
sources:
  - file: f.csv
    kpi: columns
""", {"f.csv": "period,Households in TA\n2017Q3,803\n"})
    assert [str(p) for p in problems.errors] == [
        "f.csv:1: error: no header row names the columns the source gives ('period', a column "
        "per KPI, named by its id or by codes:) — check the column names in reportgen.yaml "
        "(line 6) against the file, or give header_row"]
    _, problems = project(tmp_path / "b", """\
sources:
  - file: f.csv
    kpi: columns
    codes: {Households in TA: HC-TA-01, Major aplications: PLAN-MAJ}
""", {"f.csv": "period,Households in TA,Major applications\n2017Q3,803,88.5\n"})
    assert [str(p) for p in problems] == [  # a code that matches no header: a typo
        "reportgen.yaml:6: warning: codes: 'Major aplications' names no column of the file, "
        "so its KPI gets no figures from it — check its spelling against the file's header row"]
    for extra, words in (("layout: wide", "cannot be combined with layout: wide"),
                         ("note: comment", "a note column could not say which one"),
                         ("value: Figure", "value: and unlisted: do not apply")):
        with pytest.raises(ReportError, match=words):
            project(tmp_path / extra[:4], f"""\
sources:
  - file: f.csv
    kpi: columns
    {extra}
""", {"f.csv": "period,HC-TA-01\n2017Q3,803\n"})


def test_last_years_outturn_beside_the_quarters(tmp_path: Path) -> None:
    # a committee table: last year's outturn, then this year's quarters
    book = openpyxl.Workbook()
    book.active.title = "KPIs"
    book.active.append(["Ref", "Indicator", "2016/17", "Q1 2017/18", "Q2 2017/18", "Q3 2017/18"])
    book.active.append(["HC-TA-01", "Households in TA", 760, 770, 784, 803])
    book.active.append(["HC-SPEND", "Spend on homelessness", 1200000, None, None, None])
    saved = io.BytesIO()
    book.save(saved)
    found, problems = project(tmp_path, """\
sources:
  - file: committee.xlsx
    layout: wide
    kpi: Ref
""", {"committee.xlsx": saved.getvalue()})
    assert [str(p) for p in problems] == [
        "committee.xlsx:KPIs!C1: warning: column '2016/17' is a whole financial year, so its "
        "figures for quarterly KPIs (1) are not read — that is right for last year's outturn "
        "beside the quarters (set year_columns: ignore on the source to say so and silence "
        "this); a KPI reported once a year needs frequency: annual in the catalogue"]
    assert figure(found, "HC-TA-01", "2017Q3") == 803
    assert ("HC-TA-01", Quarter.parse("2016Q4")) not in found.dataset.observations  # not 760
    assert figure(found, "HC-SPEND", "2016Q4") == 1200000  # an annual KPI's year is read
    # the officer who knows says so once, and the warning stops
    quiet, problems = project(tmp_path, """\
sources:
  - file: committee.xlsx
    layout: wide
    kpi: Ref
    year_columns: ignore
""", {"committee.xlsx": saved.getvalue()})
    assert list(problems) == []
    assert figure(quiet, "HC-TA-01", "2017Q3") == 803
    assert ("HC-TA-01", Quarter.parse("2016Q4")) not in quiet.dataset.observations


def test_codes_from_a_csv_keep_their_spelling_in_messages(tmp_path: Path) -> None:
    _found, problems = project(tmp_path, """\
sources:
  - file: f.csv
    kpi: columns
    period: period
    codes: map.csv
""", {"f.csv": "period,TA\n2017Q3,803\n",
      "map.csv": "code,kpi\nTA,HC-TA-01\nMajor Apps,PLAN-MAJ\nHousing Waits,NO-SUCH\n"})
    said = [str(p) for p in problems]
    assert any("codes: 'Major Apps' names no column" in m for m in said), said
    assert any("codes maps 'Housing Waits' to unknown KPI 'NO-SUCH'" in m for m in said), said


def test_a_mean_is_rounded_once_for_the_table_and_the_standing(tmp_path: Path) -> None:
    # eleven areas: one at 86, ten at 80, so the mean is 886 / 11 = 80.5454…, shown 80.5%
    # to one decimal, the same as the council's 80.5; rounded to 80.55 first, it would
    # show 80.6% and call the council worse
    areas = "".join(f"Area {n},2017Q3,{86 if n == 0 else 80}\n" for n in range(11))
    found, problems = project(tmp_path, """\
sources:
  - file: areas.csv
    kpi: columns
    period: period
    codes: {majors: PLAN-MAJ}
    comparator: {name: Family group, aggregate: mean}
  - file: ours.csv
    kpi: columns
    period: period
    codes: {majors: PLAN-MAJ}
""", {"areas.csv": "area,period,majors\n" + areas, "ours.csv": "period,majors\n2017Q3,80.5\n"})
    assert not problems.items, [str(p) for p in problems]
    results = compute_quarter(found.catalogue, found.dataset.observations, {}, ["housing"], Q3,
                              comparators=found.dataset.comparators)
    family = results.kpis["PLAN-MAJ"].comparators[0]
    assert round(family.value, 4) == Decimal("80.5455")
    assert (family.difference, family.standing) == (0, Standing.SAME)


def test_two_columns_for_one_kpi_are_an_error(tmp_path: Path) -> None:
    # pooled into a mean, area A would be counted twice: (80 + 90 + 70) / 3
    _, problems = project(tmp_path, """\
sources:
  - file: f.csv
    kpi: columns
    codes: {Reviews: PLAN-MAJ}
    comparator: {name: Neighbours, aggregate: mean}
""", {"f.csv": "area,period,PLAN-MAJ,Reviews\nA,2017Q3,80,90\nB,2017Q3,70,\n"})
    assert [str(p) for p in problems] == [
        "f.csv:1: error: columns 'PLAN-MAJ' and 'Reviews' are both PLAN-MAJ — map only one of "
        "them to it under codes: in reportgen.yaml (line 6)"]


STATUSED = """\
indicator,period,value,Status,Progress
Households in TA,Q2 2017/18,790,final,above target
Households in TA,Q3 2017/18,803,p,below target
Major applications decided in time (%),Q3 2017/18,91.2 [p],,on target
"""
STATUS_CODES = """\
    kpi: indicator
    codes: {"Households in TA": HC-TA-01, "Major applications decided in time (%)": PLAN-MAJ}
"""


def test_a_source_names_its_status_column_and_its_p_marks_a_figure_provisional(
        tmp_path: Path) -> None:
    found, problems = project(tmp_path, "sources:\n  - file: imports/ta.csv\n"
                              + STATUS_CODES + "    status: Status\n",
                              {"imports/ta.csv": STATUSED})
    assert not problems.items
    q2 = found.dataset.observations[("HC-TA-01", Quarter.parse("2017Q2"))]
    q3 = found.dataset.observations[("HC-TA-01", Q3)]
    assert (q2.value, q2.symbol) == (790, None)  # final
    assert (q3.value, q3.symbol) == (803, "[p]")
    plan = found.dataset.observations[("PLAN-MAJ", Q3)]  # `91.2 [p]` in the value cell
    assert (plan.value, plan.symbol) == (Decimal("91.2"), "[p]")


def test_a_source_status_column_not_named_is_not_read(tmp_path: Path) -> None:
    """Hart's workbook has a Status column holding "above target": without status: it is
    left alone, so it is not an error, and a figure is not marked by it; a `[p]` in the
    value cell still is."""
    hart = STATUSED.replace(",p,", ",above target,")
    found, problems = project(tmp_path, "sources:\n  - file: imports/ta.csv\n" + STATUS_CODES,
                              {"imports/ta.csv": hart})
    assert not problems.items
    q3 = found.dataset.observations[("HC-TA-01", Q3)]
    assert (q3.value, q3.symbol) == (803, None)
    assert found.dataset.observations[("PLAN-MAJ", Q3)].symbol == "[p]"


def test_a_named_status_column_with_a_rag_word_is_an_error_at_its_cell(
        tmp_path: Path) -> None:
    _, problems = project(tmp_path, "sources:\n  - file: imports/ta.csv\n" + STATUS_CODES
                          + "    status: Progress\n", {"imports/ta.csv": STATUSED})
    errors = [(str(p.location), p.message) for p in problems.items]
    assert ("imports/ta.csv:2", "status 'above target' is not known") in errors


def test_a_status_column_the_header_lacks_is_an_error(tmp_path: Path) -> None:
    _, problems = project(tmp_path, "sources:\n  - file: imports/ta.csv\n" + STATUS_CODES
                          + "    status: Provisional\n", {"imports/ta.csv": STATUSED})
    assert any("no column 'Provisional' for the status" in p.message
               and "status:" in p.hint for p in problems.items)


def test_status_on_a_wide_source_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ReportError) as raised:
        project(tmp_path, "sources:\n  - file: imports/ta.csv\n    layout: wide\n"
                "    status: Status\n", {"imports/ta.csv": STATUSED})
    assert any("status:" in p.message and "long layout" in p.message
               and str(p.location) == "reportgen.yaml:6" for p in raised.value.problems)
