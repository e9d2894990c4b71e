"""Reading quarterly CSVs: encodings, symbols, and the errors people make."""

from decimal import Decimal
from pathlib import Path

import pytest

from reportgen.errors import Problems
from reportgen.load.cells import parse_value
from reportgen.load.quarter_data import load_data
from reportgen.quarters import Quarter

from ..helpers import catalogue, kpi

Q3 = Quarter.parse("2017Q3")
CATALOGUE = catalogue(kpi(id="CS-LAC-01", unit="count"),
                      kpi(id="CS-PCT", unit="percent"),
                      kpi(id="CS-GBP", unit="gbp"))


def write(root: Path, name: str, data: bytes, quarter: str = "2017Q3") -> None:
    folder = root / "data" / "quarters" / quarter
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)


def load(root: Path) -> tuple[dict, Problems]:  # type: ignore[type-arg]
    problems = Problems()
    dataset = load_data(root, None, CATALOGUE, problems)
    return dataset.observations, problems


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_encodings_from_excel(tmp_path: Path, encoding: str) -> None:
    text = "kpi,value,note\r\nCS-LAC-01,803,Placement costs of £45,000\r\n"
    text = text.replace("£45,000", '"£45,000"').replace("Placement", '"Placement').replace(
        '"£45,000"', '£45,000"')
    write(tmp_path, "children.csv", text.encode(encoding))
    observations, problems = load(tmp_path)
    assert not problems.errors
    found = observations[("CS-LAC-01", Q3)]
    assert found.value == 803
    assert found.note == "Placement costs of £45,000"
    assert str(found.location) == "data/quarters/2017Q3/children.csv:2"


def test_symbols_and_empty_values(tmp_path: Path) -> None:
    write(tmp_path, "c.csv", b"kpi,value\nCS-LAC-01,[c]\nCS-PCT,\nCS-GBP,12 [u]\n")
    observations, problems = load(tmp_path)
    assert not problems.errors
    assert (observations[("CS-LAC-01", Q3)].value, observations[("CS-LAC-01", Q3)].symbol) == (
        None, "[c]")
    assert observations[("CS-PCT", Q3)].value is None
    assert observations[("CS-GBP", Q3)].symbol == "[u]"


def test_thousands_separators_and_units() -> None:
    assert parse_value("1,228", CATALOGUE.kpis["CS-LAC-01"]) == (Decimal(1228), None)
    assert parse_value("12.5%", CATALOGUE.kpis["CS-PCT"]) == (Decimal("12.5"), None)
    change = kpi(id="SNH02", unit="percent_change")  # a % reduction: negative is a rise
    assert parse_value("-16", change) == (Decimal(-16), None)
    assert parse_value("140%", change) == (Decimal(140), None)
    assert parse_value("£4,100,000", CATALOGUE.kpis["CS-GBP"]) == (Decimal(4100000), None)
    with pytest.raises(ValueError, match="is a percentage but CS-LAC-01 is measured in count"):
        parse_value("12%", CATALOGUE.kpis["CS-LAC-01"])
    with pytest.raises(ValueError, match="is not a number"):
        parse_value("12,5", CATALOGUE.kpis["CS-LAC-01"])


def test_every_row_problem_is_reported_with_its_line(tmp_path: Path) -> None:
    write(tmp_path, "children.csv", (
        b"kpi,value,note\n"
        b"CS-LAC-01,803,\n"
        b"CS-LAC-1,12,\n"          # unknown id, close to a real one
        b"CS-PCT,abc,\n"           # not a number
        b"CS-LAC-01,804,\n"        # twice in the quarter
        b"CS-PCT,140,\n"           # percentage over 100
        b"CS-GBP,1,2,3\n"          # ragged row
    ))
    _, problems = load(tmp_path)
    lines = [(p.location.line, p.message, p.hint) for p in problems.sorted()]
    assert lines == [
        (3, "unknown KPI 'CS-LAC-1'", "did you mean 'CS-LAC-01'?"),
        (4, "'abc' is not a number",
         "write a number such as 803 or 12.5, leave it empty, or use [x] for not available"),
        (5, "CS-LAC-01 appears twice in 2017Q3",
         "the first is at data/quarters/2017Q3/children.csv:2; keep one row"),
        (6, "percentage 140 is outside 0–100",
         "check the figure, or give the KPI unit: percent_change if it is a change that can be "
         "negative or above 100 (a % reduction)"),
        (7, "row has 4 fields but the header has 3",
         "check for a missing or extra comma; quote any value that contains a comma"),
    ]


def test_missing_column_and_bad_folder(tmp_path: Path) -> None:
    write(tmp_path, "children.csv", b"id,value\nCS-LAC-01,1\n")
    write(tmp_path, "x.csv", b"kpi,value\n", quarter="2017-Q3")
    _, problems = load(tmp_path)
    messages = [str(p) for p in problems.sorted()]
    assert messages == [
        "data/quarters/2017-Q3: error: folder name '2017-Q3' is not a quarter — "
        "name quarter folders like 2017Q3",
        "data/quarters/2017Q3/children.csv:1: error: missing column 'kpi' (or kpi ref, "
        "indicator, code) — the header must include: kpi, value; title rows above it are "
        "skipped",
    ]


def test_budget_rows(tmp_path: Path) -> None:
    write(tmp_path, "budget.csv", (
        b"directorate,service,budget,projected_outturn\n"
        b"children,,\"61,200,000\",\"\xc2\xa365,300,000\"\n"
        b"children,,1,2\n"
        b"children,Placements,lots,2\n"
    ))
    problems = Problems()
    dataset = load_data(tmp_path, None, CATALOGUE, problems)
    assert dataset.budgets[Q3][0].outturn == 65_300_000
    assert [(p.location.line, p.message) for p in problems.sorted()] == [
        (3, "duplicate budget row for children"),
        (4, "'lots' is not an amount in pounds"),
    ]
