"""`new` and `status` know where each figure comes from: a quarter folder, or a source (and
for a workbook with a sheet per quarter, the sheet to add); an annual KPI is expected only in
its year's quarter."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from reportgen.commands.build import check
from reportgen.commands.scaffold import new_quarter
from reportgen.commands.status import quarter_status
from reportgen.prepare.prepared import Prepared

from ..load.test_sources import project

TA = "period,indicator,value\n2017/18 Q2,Households in TA,400\n"
SOURCE = ("sources:\n  - file: imports/ta.csv\n    kpi: indicator\n"
          "    codes: {Households in TA: HC-TA-01}\n")


def template(root: Path, quarter: str) -> list[str]:
    text = (root / "data/quarters" / quarter / "housing.csv").read_text(encoding="utf-8")
    return [line.split(",")[0] for line in text.splitlines()[1:]]


def test_new_leaves_source_kpis_out_of_the_template_and_says_where_they_come_from(
        tmp_path: Path) -> None:
    project(tmp_path, SOURCE, {"imports/ta.csv": TA})
    done = new_quarter(tmp_path, "2017Q3")
    # HC-SPEND is annual: its figure is for the year's last quarter, 2017Q4
    assert template(tmp_path, "2017Q3") == ["PLAN-MAJ", "HC-RATE"]
    assert ("HC-TA-01 comes from sources: save the new export over imports/ta.csv "
            "(reportgen.yaml line 6)") in done.notes


def test_an_annual_kpi_is_expected_in_its_quarter(tmp_path: Path) -> None:
    project(tmp_path, SOURCE, {"imports/ta.csv": TA})
    new_quarter(tmp_path, "2017Q4")
    assert template(tmp_path, "2017Q4") == ["PLAN-MAJ", "HC-SPEND", "HC-RATE"]


def test_a_sheet_per_quarter_workbook_names_the_sheet_to_add(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Q1 2017-18"
    book.active.append(["KPI ref", "Latest value"])
    book.active.append(["HC-TA-01", 390])
    second = book.create_sheet("Q2 2017-18")
    second.append(["KPI ref", "Latest value"])
    second.append(["HC-TA-01", 400])
    (tmp_path / "imports").mkdir(parents=True)
    book.save(tmp_path / "imports/return.xlsx")
    project(tmp_path, "sources:\n  - file: imports/return.xlsx\n    period: sheet\n"
            "    kpi: KPI ref\n    value: Latest value\n", {})
    done = new_quarter(tmp_path, "2017Q3")
    assert ("HC-TA-01 comes from sources: add a sheet for 2017Q3 to imports/return.xlsx, "
            "named as the others (the latest is 'Q2 2017-18')") in done.notes


def test_status_says_where_a_missing_figure_comes_from(tmp_path: Path) -> None:
    project(tmp_path, SOURCE, {"imports/ta.csv": TA,
                               "data/quarters/2017Q3/housing.csv": "kpi,value\nPLAN-MAJ,88\n"})
    prepared, problems = check(tmp_path, "2017Q3")
    assert isinstance(prepared, Prepared)
    (row,) = quarter_status(prepared, problems).rows
    # HC-SPEND, an annual KPI, is not expected until 2017Q4
    assert row.missing == ["HC-TA-01 (save the new export over imports/ta.csv (reportgen.yaml "
                           "line 6))", "HC-RATE"]
