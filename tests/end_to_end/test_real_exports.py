"""Four more real exports, each read as published (tests/real/, see PROVENANCE.md): a
benchmarking body's quarterly long table of fractions with numerators and denominators, an
NHS monthly series, a government live table workbook with a sheet per quarter, and an annual
survey series by area in twelve-month periods. One quarter of each is checked value by value
against the file (hand-checked in the comments)."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

from reportgen.compute.calculate import Direction, KpiResult, Standing, compute_quarter
from reportgen.errors import Problems
from reportgen.load.project import Project, load_project
from reportgen.quarters import Quarter

REAL = Path(__file__).parents[1] / "real"
FILES = ("lgbf-stirling-corp09-quarterly.csv", "lgbf-scottish-averages-corp09.csv",
         "trafford-dtoc-monthly.csv", "aps-employment-rate-trafford.csv",
         "mhclg-borrowing-live-table-trafford.xlsx")
DTOC = "Daily DTOC beds attributable to adult social care"
PWLB = "Loans Longer-term - PWLB (a)"

CONFIG = f"""\
council: Trafford Council
directorates:
  - id: corporate
    name: Corporate Services
sources:
  # Improvement Service benchmarking (LGBF), as a council's team republished it:
  # periods 2022-23;Q3, percentages as fractions, numerator and denominator beside them
  - file: imports/lgbf-stirling-corp09-quarterly.csv
    kpi: Code
    period: Period
    value: Value
    scale: 100
    where: {{LocalAuthority: Stirling, DataType: Cash_Quarterly}}
    codes: {{CORP 09: CORP-09}}
  - file: imports/lgbf-stirling-corp09-quarterly.csv
    kpi: Code
    period: Period
    numerator: Numerator
    denominator: Denominator
    where: {{LocalAuthority: Stirling, DataType: Cash_Quarterly}}
    codes: {{CORP 09: CORP-09-ND}}
  - file: imports/lgbf-scottish-averages-corp09.csv
    kpi: Code
    period: Period
    value: Value_Scot_Mean
    scale: 100
    where: {{DataType: Cash_Quarterly}}
    codes: {{CORP 09: CORP-09}}
    comparator: Scotland
  # NHS England delayed transfers of care, monthly, each month as its first day
  - file: imports/trafford-dtoc-monthly.csv
    kpi: indicator
    monthly: mean
    where: {{area_name: Trafford}}
    codes: {{"{DTOC}": AS-DTOC}}
  - file: imports/trafford-dtoc-monthly.csv
    kpi: indicator
    monthly: mean
    where: {{area_name: Greater Manchester}}
    codes: {{"{DTOC}": AS-DTOC}}
    comparator: Greater Manchester
  # ONS Annual Population Survey by area, calendar years written Jan 2023-Dec 2023
  - file: imports/aps-employment-rate-trafford.csv
    kpi: indicator
    where: {{area_name: Trafford}}
    codes: {{Employment rate - aged 16-64: EC-EMP}}
  - file: imports/aps-employment-rate-trafford.csv
    kpi: indicator
    where: {{area_name: England}}
    codes: {{Employment rate - aged 16-64: EC-EMP}}
    comparator: England
  # MHCLG borrowing and investment live table: a sheet per quarter, £ thousand
  - file: imports/mhclg-borrowing-live-table-trafford.xlsx
    sheet: "LA Borrowing * Q?"
    period: sheet
    kpi: columns
    where: {{Local authority name: Trafford}}
    codes: {{"{PWLB}": FIN-PWLB}}
    scale: 1000
  - file: imports/mhclg-borrowing-live-table-trafford.xlsx
    sheet: "LA Borrowing * Q?"
    period: sheet
    kpi: columns
    where: {{Local authority name: England}}
    codes: {{"{PWLB}": FIN-PWLB}}
    scale: 1000
    comparator: England
"""
KPIS = """\
- id: CORP-09
  title: Crisis grant decisions within 1 day
  directorate: corporate
  unit: percent
  polarity: higher_is_better
  decimals: 1
- id: CORP-09-ND
  title: Crisis grant decisions within 1 day (from the counts)
  directorate: corporate
  unit: percent
  polarity: higher_is_better
  decimals: 1
- id: AS-DTOC
  title: Daily delayed transfers of care beds attributable to adult social care
  directorate: corporate
  unit: number
  polarity: lower_is_better
  decimals: 1
- id: EC-EMP
  title: Employment rate, aged 16 to 64
  directorate: corporate
  unit: percent
  polarity: higher_is_better
  frequency: annual
  decimals: 1
- id: FIN-PWLB
  title: Borrowing from the Public Works Loan Board
  directorate: corporate
  unit: gbp
  polarity: neutral
"""


def project(root: Path, config: str = CONFIG) -> tuple[Project, Problems]:
    (root / "imports").mkdir(parents=True)
    (root / "reportgen.yaml").write_text(config, encoding="utf-8")
    (root / "kpis.yaml").write_text(KPIS, encoding="utf-8")
    for name in FILES:
        shutil.copy(REAL / name, root / "imports" / name)
    problems = Problems()
    return load_project(root, problems), problems


def result(found: Project, kpi_id: str, quarter: str) -> KpiResult:
    results = compute_quarter(found.catalogue, found.dataset.observations, {}, ["corporate"],
                              Quarter.parse(quarter), comparators=found.dataset.comparators)
    return results.kpis[kpi_id]


def test_every_export_builds_as_published(tmp_path: Path) -> None:
    _, problems = project(tmp_path)
    assert not problems.errors, [str(p) for p in problems.errors]
    # the monthly series starts in March 2017 and ends in February 2020: the quarters at
    # each end lack months, and say which
    assert sorted(p.message for p in problems.warnings) == sorted([
        f"{who}AS-DTOC has no figure for {months}, so {quarter} is not available"
        for who in ("", "Greater Manchester's ")
        for months, quarter in (("January 2017 or February 2017", "January to March 2017"),
                                ("March 2020", "January to March 2020"))])


def test_benchmarking_fractions_read_as_percentages(tmp_path: Path) -> None:
    found, _ = project(tmp_path)
    kpi = result(found, "CORP-09", "2022Q3")  # Stirling, 2022-23;Q3
    assert kpi.value == Decimal(86)                                   # 0.86 × 100
    assert (kpi.previous.value, kpi.previous.change) == (Decimal(89), Decimal(-3))  # 0.89
    assert kpi.previous.direction is Direction.DECLINED    # not "no change": −3.0 points
    assert (kpi.last_year.value, kpi.last_year.change) == (Decimal(91), Decimal(-5))  # 2021-22;Q3
    (scotland,) = kpi.comparators
    # Scotland's mean 0.9425806451612903 is 94.3%; 86.0 − 94.3 = −8.3 points, worse
    assert round(scotland.value, 1) == Decimal("94.3")
    assert (scotland.difference, scotland.standing) == (Decimal("-8.3"), Standing.WORSE)


def test_benchmarking_numerator_and_denominator(tmp_path: Path) -> None:
    found, _ = project(tmp_path)
    kpi = result(found, "CORP-09-ND", "2022Q3")
    assert round(kpi.value, 2) == Decimal("86.63")              # 875 / 1010 × 100
    assert round(kpi.previous.value, 2) == Decimal("88.67")     # 900 / 1015 × 100
    assert round(kpi.last_year.value, 2) == Decimal("90.50")    # 905 / 1000 × 100


def test_nhs_monthly_series_as_the_mean_of_each_quarters_months(tmp_path: Path) -> None:
    found, _ = project(tmp_path)
    kpi = result(found, "AS-DTOC", "2018Q3")  # October to December 2018
    assert round(kpi.value, 2) == Decimal("11.53")                  # (13.5 + 12.8 + 8.3) / 3
    assert round(kpi.previous.value, 2) == Decimal("14.80")         # (14.6 + 16.2 + 13.6) / 3
    assert kpi.previous.change == Decimal("-3.3")                   # 11.5 − 14.8
    assert kpi.previous.direction is Direction.IMPROVED             # fewer is better
    assert round(kpi.last_year.value, 2) == Decimal("25.20")        # (36.2 + 25.9 + 13.5) / 3
    assert kpi.last_year.change == Decimal("-13.7")                 # 11.5 − 25.2
    (manchester,) = kpi.comparators
    assert round(manchester.value, 2) == Decimal("9.80")            # (10.3 + 9.9 + 9.2) / 3
    assert (manchester.difference, manchester.standing) == (Decimal("1.7"), Standing.WORSE)


def test_survey_calendar_years_are_annual_figures(tmp_path: Path) -> None:
    found, _ = project(tmp_path)
    # Jan 2023-Dec 2023 ends in December 2023, Quarter 3 of 2023/24
    kpi = result(found, "EC-EMP", "2023Q4")
    assert (kpi.value, kpi.period_label, str(kpi.period)) == (Decimal(75), "2023", "2023Q3")
    assert (kpi.last_year.value, kpi.last_year.change) == (Decimal("73.7"), Decimal("1.3"))
    assert kpi.last_year.direction is Direction.IMPROVED
    (england,) = kpi.comparators
    assert (england.value, england.difference, england.standing) == (
        Decimal(76), Decimal(-1), Standing.WORSE)


def test_live_table_workbook_a_sheet_per_quarter(tmp_path: Path) -> None:
    found, _ = project(tmp_path)
    kpi = result(found, "FIN-PWLB", "2019Q4")  # sheet LA Borrowing 19-20 Q4, at 31 March 2020
    assert kpi.value == Decimal(322_063_000)                         # 322,063 £ thousand
    assert (kpi.previous.value, kpi.previous.change) == (Decimal(322_063_000), Decimal(0))
    assert kpi.last_year.value == Decimal(181_013_000)               # LA Borrowing 18-19 Q4
    # 181,013 → 322,063 is +141,050 (+77.9%)
    assert (kpi.last_year.change, kpi.last_year.change_pct) == (Decimal(141_050_000),
                                                                Decimal("77.9"))
    (england,) = kpi.comparators
    assert england.value == Decimal(69_912_451_000)


def test_without_scale_the_fractions_are_an_error_naming_scale_100(tmp_path: Path) -> None:
    _, problems = project(tmp_path, CONFIG.replace("    scale: 100\n", ""))
    errors = [p for p in problems.errors if "scale: 100" in p.hint]
    assert [str(e.location) for e in errors] == [
        "imports/lgbf-scottish-averages-corp09.csv:2",
        "imports/lgbf-stirling-corp09-quarterly.csv:2"]
    assert "Scotland's CORP-09" in errors[0].message



def test_exports_keep_the_months_and_the_counts_as_read(tmp_path: Path) -> None:
    from reportgen.publish.exports import kpi_record

    found, _ = project(tmp_path)
    assert kpi_record(result(found, "AS-DTOC", "2018Q3"))["parts"] == (
        "2018-10: 13.5; 2018-11: 12.8; 2018-12: 8.3")
    assert kpi_record(result(found, "CORP-09-ND", "2022Q3"))["parts"] == (
        "numerator: 875.0; denominator: 1010.0")
