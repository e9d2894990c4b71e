"""Each path that once published a wrong figure quietly is now an error or a warning."""

from decimal import Decimal
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.compute.calculate import Calculator, Direction, Rag, compute_kpi
from reportgen.errors import Problems
from reportgen.load.catalogue import load_catalogue
from reportgen.load.config import ProjectConfig
from reportgen.load.quarter_data import load_data
from reportgen.quarters import Quarter

from ..helpers import catalogue, kpi, observations

Q3 = Quarter.parse("2017Q3")
CONFIG = ProjectConfig.model_validate({"council": "C", "directorates": [
    {"id": "children", "name": "Children"}, {"id": "adults", "name": "Adults"}]})
CATALOGUE = catalogue(kpi(id="CS-LAC-01", unit="count"), kpi(id="CS-PCT", unit="percent"),
                      kpi(id="CS-GBP", unit="gbp"))


def folder(root: Path, quarter: str = "2017Q3") -> Path:
    path = root / "data" / "quarters" / quarter
    path.mkdir(parents=True, exist_ok=True)
    return path


def load(root: Path) -> tuple[dict, Problems]:  # type: ignore[type-arg]
    problems = Problems()
    return load_data(root, CONFIG, CATALOGUE, problems).observations, problems


def test_a_workbook_of_quarter_sheets_in_a_quarter_folder_is_an_error(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Q1 2014-15"
    book.active.append(["kpi", "value"])
    book.active.append(["CS-LAC-01", 784])
    second = book.create_sheet("Q2 2014-15")
    second.append(["kpi", "value"])
    second.append(["CS-LAC-01", 803])
    book.save(folder(tmp_path) / "return.xlsx")
    found, problems = load(tmp_path)
    assert ("CS-LAC-01", Q3) not in found  # never last quarter's 784 as this quarter's
    assert [str(p) for p in problems.errors] == [
        "data/quarters/2017Q3/return.xlsx: error: the workbook has 2 sheets with data "
        "('Q1 2014-15', 'Q2 2014-15') and none is named after a directorate, so it is not "
        "clear which to read — keep one sheet, name each sheet after its directorate (e.g. "
        "children), or declare a workbook of quarter sheets under sources: in reportgen.yaml "
        "with period: sheet"]


def test_a_percentage_declared_as_a_flow_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "kpis.yaml").write_text(
        "- id: P\n  title: Calls answered\n  directorate: children\n  unit: percent\n"
        "  measure: flow\n"
        "- id: R\n  title: Rate\n  directorate: children\n  unit: rate_per_10k\n"
        "  measure: flow\n  derived: {numerator: N, denominator: N}\n"
        "- id: N\n  title: Count\n  directorate: children\n  measure: flow\n",
        encoding="utf-8")
    problems = Problems()
    load_catalogue(tmp_path, CONFIG, problems)
    assert [str(p) for p in problems.errors] == [
        "kpis.yaml:1: error: KPI 'P' is a percent declared as measure: flow, so its quarters "
        "would be summed into a year to date (three quarters of 100% would make 300%) — use "
        "measure: snapshot for a figure reported each quarter, ytd for one reported to date, "
        "or declare it derived from the counts it comes from"]  # a derived rate is fine


def test_commentary_columns_are_read_as_the_note(tmp_path: Path) -> None:
    for header in ("Notes", "Commentary", "Comment"):
        path = folder(tmp_path) / "children.csv"
        path.write_text(f"kpi,value,{header}\nCS-LAC-01,803,Rise in sibling groups\n"
                        "CS-PCT,12,No notes\n", encoding="utf-8")
        found, problems = load(tmp_path)
        assert not problems.items
        assert found[("CS-LAC-01", Q3)].note == "Rise in sibling groups"
        assert found[("CS-PCT", Q3)].note == ""  # a placeholder is no note


def test_a_budget_in_thousands_is_a_warning_at_the_cell(tmp_path: Path) -> None:
    (folder(tmp_path) / "budget.csv").write_text(
        "directorate,service,budget,projected_outturn\nchildren,,61200,65300\n"
        "adults,,110500000,110400000\n", encoding="utf-8")
    _, problems = load(tmp_path)
    assert [str(p) for p in problems.sorted()] == [
        "data/quarters/2017Q3/budget.csv:2: warning: children's budget of £61,200 is small for "
        "a directorate: it looks like £000s — give budgets in pounds (61200000 for £61.2m), or "
        "multiply the figures by 1,000"]


def test_pounds_in_thousands_against_their_history(tmp_path: Path) -> None:
    for quarter, value in (("2017Q1", "4100000"), ("2017Q2", "4250000"), ("2017Q3", "4361")):
        (folder(tmp_path, quarter) / "children.csv").write_text(
            f"kpi,value\nCS-GBP,{value}\n", encoding="utf-8")
    _, problems = load(tmp_path)
    assert [str(p) for p in problems.sorted()] == [
        "data/quarters/2017Q3/children.csv:2: warning: CS-GBP is £4,361 here but around "
        "£4,175,000 in other quarters: it looks like £000s — give the figure in pounds, or set "
        "scale: 1000 on its source"]  # the median of 4,100,000 and 4,250,000 is 4,175,000


def test_percentages_given_as_fractions(tmp_path: Path) -> None:
    for quarter, value in (("2017Q1", "95.1"), ("2017Q2", "94.8"), ("2017Q3", "0.955")):
        (folder(tmp_path, quarter) / "children.csv").write_text(
            f"kpi,value\nCS-PCT,{value}\n", encoding="utf-8")
    _, problems = load(tmp_path)
    assert [p.message for p in problems.sorted()] == [
        "CS-PCT is 0.955% here but around 94.95% in other quarters: it looks like a fraction"]


def test_a_history_of_fractions(tmp_path: Path) -> None:
    for quarter, value in (("2017Q2", "0.948"), ("2017Q3", "0.955")):
        (folder(tmp_path, quarter) / "children.csv").write_text(
            f"kpi,value\nCS-PCT,{value}\n", encoding="utf-8")
    _, problems = load(tmp_path)
    assert [str(p) for p in problems.sorted()] == [
        "data/quarters/2017Q3/children.csv:2: warning: every figure of CS-PCT is between 0 and "
        "1: they look like fractions, not percentages (0.955 for 95.5%) — give percentages "
        "from 0 to 100, or format the cells as % in Excel"]


def test_a_formula_with_no_saved_value_names_its_cell(tmp_path: Path) -> None:
    book = openpyxl.Workbook()  # openpyxl, like many tools, saves formulas without results
    book.active.title = "children"
    book.active.append(["kpi", "value"])
    book.active.append(["CS-LAC-01", "=400+403"])
    book.save(folder(tmp_path) / "children.xlsx")
    found, problems = load(tmp_path)
    assert found[("CS-LAC-01", Q3)].value is None
    assert [str(p) for p in problems.sorted()] == [
        "data/quarters/2017Q3/children.xlsx:children!B2: error: this cell holds a formula "
        "with no saved result, so its figure is not in the file — open the workbook in Excel "
        "and save it, so that each formula's result is stored with it, or export the figures "
        "as values (Paste Special, Values) or as CSV"]


def test_a_stray_cell_far_away_is_an_error_not_a_hang(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "children"
    book.active.append(["kpi", "value"])
    book.active.append(["CS-LAC-01", 803])
    book.active["XFD1048576"] = "x"  # the last cell a sheet can have
    book.save(folder(tmp_path) / "children.xlsx")
    found, problems = load(tmp_path)  # a dense read would be 17 billion cells
    assert found[("CS-LAC-01", Q3)].value == 803
    assert [str(p) for p in problems.errors] == [
        "data/quarters/2017Q3/children.xlsx:children!XFD1048576: error: a value lies beyond "
        "row 100,000 or column ALL, further than reportgen reads — delete the stray cell "
        "(Ctrl+End in Excel finds the last one), or keep only the rows the report needs"]


def test_starting_the_next_quarter_never_breaks_this_one(example: Path) -> None:
    runner = CliRunner()
    started = runner.invoke(main, ["new", "2018Q1", "-C", str(example)])
    assert started.exit_code == 0, started.output
    budget = example / "data/quarters/2018Q1/budget.csv"
    assert "children,Looked after children placements,,\n" in budget.read_text(
        encoding="utf-8")  # an empty template
    (example / "data/quarters/2018Q1/extra.csv").write_text("kpi,value\n", encoding="utf-8")
    result = runner.invoke(main, ["validate", "2017Q3", "-C", str(example)])
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.output
    later = runner.invoke(main, ["validate", "2018Q1", "-C", str(example)])
    assert later.exit_code == 1  # the empty budget is an error for its own quarter
    assert "data/quarters/2018Q1/budget.csv:2: error: budget is empty" in later.output


# ---------------------------------------------------------------- flow targets and frequency

def _flow(target_applies: str | None) -> dict[str, object]:
    fields: dict[str, object] = {"id": "F", "measure": "flow", "polarity": "lower_is_better",
                                 "target": {"2017Q3": 50}}
    if target_applies:
        fields["target_applies"] = target_applies
    return fields


def test_a_flow_target_for_the_quarter_is_compared_with_the_quarter() -> None:
    data = observations({("F", "2017Q1"): 40, ("F", "2017Q2"): 45, ("F", "2017Q3"): 48})
    by_quarter = kpi(**_flow("quarter"))
    result = compute_kpi(Calculator(catalogue(by_quarter), data), by_quarter, Q3, "tolerance")
    assert (result.target, result.target_basis, result.rag) == (50, "quarter", Rag.GREEN)
    to_date = kpi(**_flow("year_to_date"))
    result = compute_kpi(Calculator(catalogue(to_date), data), to_date, Q3, "tolerance")
    # 40 + 45 + 48 = 133 so far this year, against 50 to date: red
    assert (result.ytd, result.target_basis, result.rag) == (133, "year_to_date", Rag.RED)


def test_a_yearly_target_for_quarters_is_a_quarter_of_it() -> None:
    flow = kpi(id="F", measure="flow", polarity="lower_is_better", target={"2017": 200},
               target_applies="quarter")
    assert flow.target_for(Q3) == (50, 200)


def test_the_catalogue_must_say_what_a_quarterly_flow_target_is_for(tmp_path: Path) -> None:
    (tmp_path / "kpis.yaml").write_text(
        "- id: F\n  title: Complaints\n  directorate: children\n  measure: flow\n"
        "  polarity: lower_is_better\n  target: {2017Q3: 50}\n"
        "- id: S\n  title: Snapshot\n  directorate: children\n  target_applies: quarter\n",
        encoding="utf-8")
    problems = Problems()
    load_catalogue(tmp_path, CONFIG, problems)
    assert [(p.severity, p.message) for p in problems.sorted()] == [
        ("warning", "KPI 'F' is a flow with a target for 2017Q3, and the catalogue does not "
         "say whether it is for the quarter alone or the year to date (it is read as the "
         "year to date)"),
        ("error", "KPI 'S' has target_applies but is not a flow counted in count, number or "
         "gbp")]


def test_an_annual_kpi_shows_its_latest_year_against_the_year_before() -> None:
    annual = kpi(id="A", frequency="annual", polarity="higher_is_better", unit="percent",
                 target={"2016": 70})
    data = observations({("A", "2015Q4"): 64.1, ("A", "2016Q4"): 71.7, ("A", "2017Q4"): 60})
    result = compute_kpi(Calculator(catalogue(annual), data), annual, Q3, "tolerance")
    # at Quarter 3 2017/18 the latest year is 2016/17 (dated to 2016Q4); 2017/18 is not over
    assert (result.value, result.period_label, str(result.period)) == (
        Decimal("71.7"), "2016/17", "2016Q4")
    assert (result.last_year.value, result.last_year.change) == (Decimal("64.1"),
                                                                 Decimal("7.6"))
    assert result.last_year.direction is Direction.IMPROVED
    assert result.previous.direction is Direction.NOT_AVAILABLE
    assert result.rag is Rag.GREEN  # 71.7 against 70 for 2016/17
    assert [str(q) for q, _ in result.series] == [f"{y}Q4" for y in range(2009, 2017)]
    assert result.series[-2:] == ((Quarter.parse("2015Q4"), Decimal("64.1")),
                                  (Quarter.parse("2016Q4"), Decimal("71.7")))
