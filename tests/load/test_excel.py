"""Excel intake: read like CSVs, problems placed at Sheet!Cell."""

from decimal import Decimal
from pathlib import Path

import openpyxl

from reportgen.errors import Problems
from reportgen.load.config import ProjectConfig
from reportgen.load.quarter_data import load_data
from reportgen.quarters import Quarter

from ..helpers import catalogue, kpi

Q3 = Quarter.parse("2017Q3")
CATALOGUE = catalogue(kpi(id="CS-LAC-01", unit="count"), kpi(id="CS-PCT", unit="percent"),
                      kpi(id="CS-CNT", unit="count"),
                      kpi(id="AS-REF-01", unit="count", directorate="adults"))
CONFIG = ProjectConfig.model_validate({"council": "C", "directorates": [
    {"id": "children", "name": "Children"}, {"id": "adults", "name": "Adults"}]})


def folder(root: Path) -> Path:
    path = root / "data" / "quarters" / "2017Q3"
    path.mkdir(parents=True)
    return path


def test_spreadsheet_as_a_person_would_fill_it(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Q3 figures"
    sheet["A1"] = "Children's Services KPI return, Quarter 3"
    sheet.merge_cells("A1:C1")           # a merged title banner above the header
    sheet.append(["KPI", "Value", "Note"])
    sheet.append(["CS-LAC-01", "803", "stored as text"])
    sheet.append(["CS-PCT", 0.125, None])
    sheet["B4"].number_format = "0.0%"  # Excel shows 12.5%
    sheet.append([None, None, None])
    sheet.append(["CS-LAC-1", 5, None])
    sheet.append(["CS-CNT", "lots", None])
    for _ in range(5):
        sheet.append([None, None, None])  # trailing blank rows
    book.save(folder(tmp_path) / "children.xlsx")
    problems = Problems()
    dataset = load_data(tmp_path, CONFIG, CATALOGUE, problems)
    assert dataset.observations[("CS-LAC-01", Q3)].value == 803
    assert dataset.observations[("CS-LAC-01", Q3)].note == "stored as text"
    assert dataset.observations[("CS-PCT", Q3)].value == Decimal("12.5")
    assert [str(p) for p in problems.sorted()] == [
        "data/quarters/2017Q3/children.xlsx:Q3 figures!A6: error: unknown KPI 'CS-LAC-1' — "
        "did you mean 'CS-LAC-01'?",
        "data/quarters/2017Q3/children.xlsx:Q3 figures!B7: error: 'lots' is not a number — "
        "write a number such as 803 or 12.5, leave it empty, or use [x] for not available",
    ]


def test_sheets_named_after_directorates(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book.active.append(["This sheet is ignored"])
    for name, row in (("children", ["CS-LAC-01", 803]), ("Adults", ["AS-REF-01", 1150])):
        sheet = book.create_sheet(name)
        sheet.append(["kpi", "value"])
        sheet.append(row)
    book.save(folder(tmp_path) / "return.xlsx")
    problems = Problems()
    dataset = load_data(tmp_path, CONFIG, CATALOGUE, problems)
    assert not problems.items
    assert dataset.observations[("AS-REF-01", Q3)].value == 1150
    assert dataset.observations[("CS-LAC-01", Q3)].value == 803


def test_budget_workbook_and_missing_column(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["directorate", "service", "budget"])
    book.active.append(["children", "", 61200000])
    book.save(folder(tmp_path) / "budget.xlsx")
    (tmp_path / "data/quarters/2017Q3/broken.xlsx").write_bytes(b"not a zip file")
    problems = Problems()
    load_data(tmp_path, CONFIG, CATALOGUE, problems)
    messages = [str(p) for p in problems.sorted()]
    assert messages[0] == ("data/quarters/2017Q3/broken.xlsx: error: cannot read the "
                           "spreadsheet: File is not a zip file — save it again from Excel as "
                           ".xlsx, or export it as CSV")
    assert messages[1] == ("data/quarters/2017Q3/budget.xlsx:Sheet!A1: error: missing column "
                           "'projected_outturn' — the header must include: directorate, budget, "
                           "projected_outturn; title rows above it are skipped")
