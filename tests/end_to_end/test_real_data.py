"""Real published statistics (tests/real/, see PROVENANCE.md) in, the same figures out."""

from __future__ import annotations

import csv
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.compute.calculate import Direction, QuarterResults, Rag, Standing, compute_quarter
from reportgen.errors import Problems
from reportgen.load.project import Project, load_project
from reportgen.quarters import Quarter

REAL = Path(__file__).parents[1] / "real"
CLA = "Children looked after on 31 March each year"

CONFIG = """\
council: Trafford Council
fiscal_year_start_month: 4
directorates:
  - id: children
    name: Children's Services
  - id: adults
    name: Adult Services
sources:
  # DfE long extract: reporting year 2025 is the year to 31 March 2025, i.e. 2024/25
  - file: imports/dfe-cla-on-31-march.{ext}
    kpi: population_type
    period: time_period
    value: rate_per_10000
    years: ending
    where: {{la_name: Trafford}}
    codes: {{"{cla}": CS-LAC-RATE}}
  - file: imports/dfe-cla-on-31-march.{ext}
    kpi: population_type
    period: time_period
    value: children_count
    years: ending
    where: {{la_name: Trafford}}
    codes: {{"{cla}": CS-LAC-N}}
  - file: imports/dfe-cla-on-31-march.{ext}
    kpi: population_type
    period: time_period
    value: rate_per_10000
    years: ending
    where: {{geographic_level: National}}
    codes: {{"{cla}": CS-LAC-RATE}}
    comparator: England
  - file: imports/dfe-cla-on-31-march.{ext}
    kpi: population_type
    period: time_period
    value: rate_per_10000
    years: ending
    where: {{la_name: [Stockport, Solihull, Bromley]}}
    codes: {{"{cla}": CS-LAC-RATE}}
    comparator: {{name: Neighbours, aggregate: mean}}
  # Oflog long extract by financial year, with the publisher's median across councils
  - file: imports/oflog-adult-social-care.{ext}
    kpi: Code
    period: Financial year
    value: Value
    where: {{Local authority name: Trafford}}
    codes: {{ASC5: AS-STS-01, ASC7: AS-TURN}}
  - file: imports/oflog-adult-social-care.{ext}
    kpi: Code
    period: Financial year
    value: MEDIAN
    codes: {{ASC5: AS-STS-01, ASC7: AS-TURN}}
    comparator: Median of councils
"""
KPIS = """\
- id: CS-LAC-RATE
  title: Children looked after per 10,000 children aged under 18
  directorate: children
  unit: rate_per_10k
  frequency: annual
  decimals: 0
- id: CS-LAC-N
  title: Children looked after on 31 March
  directorate: children
  unit: count
  frequency: annual
- id: AS-STS-01
  title: Outcome of short-term services (sequel to service)
  directorate: adults
  unit: percent
  polarity: higher_is_better
  frequency: annual
- id: AS-TURN
  title: Adult social care workforce turnover rate
  directorate: adults
  unit: percent
  polarity: lower_is_better
  frequency: annual
"""


def make(root: Path, ext: str = "csv") -> Path:
    """A project whose only data is the real files, declared as sources."""
    (root / "imports").mkdir(parents=True)
    (root / "reportgen.yaml").write_text(CONFIG.format(ext=ext, cla=CLA), encoding="utf-8")
    (root / "kpis.yaml").write_text(KPIS, encoding="utf-8")
    for name in ("dfe-cla-on-31-march", "oflog-adult-social-care"):
        if ext == "csv":
            shutil.copy(REAL / f"{name}.csv", root / "imports" / f"{name}.csv")
        else:
            as_workbook(REAL / f"{name}.csv", root / "imports" / f"{name}.xlsx")
    return root


def as_workbook(source: Path, target: Path) -> None:
    """The same rows saved as a workbook, each cell's text unchanged."""
    book = openpyxl.Workbook()
    with source.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.reader(handle):
            book.active.append(row)
    book.save(target)


def rows(name: str) -> list[dict[str, str]]:
    with (REAL / name).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def load(root: Path) -> tuple[Project, Problems]:
    problems = Problems()
    return load_project(root, problems), problems


def value(project: Project, kpi_id: str, quarter: Quarter) -> Decimal | None:
    found = project.dataset.observations.get((kpi_id, quarter))  # a blank cell gives none
    return found.value if found else None


def year_end(label: str) -> Quarter:
    """The quarter a published year is dated to: 2025 (to 31 March 2025) or 2024-25 → 2024Q4."""
    first = int(label) - 1 if len(label) == 4 else int(label[:4])
    return Quarter(first, 4)


def test_every_published_figure_is_read_exactly(tmp_path: Path) -> None:
    for ext in ("csv", "xlsx"):
        project, problems = load(make(tmp_path / ext, ext))
        assert not problems.items, [str(p) for p in problems]
        checked = 0
        for row in rows("dfe-cla-on-31-march.csv"):
            quarter = year_end(row["time_period"])
            if row["la_name"] == "Trafford":
                assert value(project, "CS-LAC-RATE", quarter) == Decimal(row["rate_per_10000"])
                assert value(project, "CS-LAC-N", quarter) == Decimal(row["children_count"])
                checked += 2
            if row["geographic_level"] == "National":
                england = project.dataset.comparators["England"][("CS-LAC-RATE", quarter)]
                assert england.value == Decimal(row["rate_per_10000"])
                checked += 1
        for row in rows("oflog-adult-social-care.csv"):
            kpi_id = {"ASC5": "AS-STS-01", "ASC7": "AS-TURN"}[row["Code"]]
            quarter = year_end(row["Financial year"])
            published = Decimal(row["Value"]) if row["Value"] else None
            assert value(project, kpi_id, quarter) == published
            median = project.dataset.comparators["Median of councils"][(kpi_id, quarter)]
            assert median.value == Decimal(row["MEDIAN"])
            checked += 2
        assert checked == 5 * 2 + 5 + 15 * 2  # Trafford and England 2021–2025; 15 Oflog rows


def results(project: Project, quarter: str) -> QuarterResults:
    return compute_quarter(project.catalogue, project.dataset.observations, {},
                           ["children", "adults"], Quarter.parse(quarter),
                           comparators=project.dataset.comparators)


def test_looked_after_children_against_england_and_neighbours(tmp_path: Path) -> None:
    project, _ = load(make(tmp_path))
    rate = results(project, "2025Q1").kpis["CS-LAC-RATE"]  # April to June 2025
    # the latest year by Quarter 1 2025/26 is 2024/25: Trafford 62, 67 the year before
    assert (rate.value, rate.period_label) == (Decimal(62), "2024/25")
    assert (rate.last_year.value, rate.last_year.change) == (Decimal(67), Decimal(-5))
    assert rate.last_year.direction is Direction.DECREASED  # a neutral measure
    england, neighbours = rate.comparators
    assert (england.name, england.value, england.difference, england.standing) == (
        "England", Decimal(67), Decimal(-5), Standing.LOWER)
    # Stockport 75, Solihull 99, Bromley 47: (75 + 99 + 47) / 3 = 73.67, shown as 74
    assert round(neighbours.value, 2) == Decimal("73.67")
    assert (neighbours.difference, neighbours.standing) == (Decimal(-12), Standing.LOWER)
    assert [v for _, v in rate.series[-5:]] == [71, 66, 63, 67, 62]  # 2020/21 to 2024/25
    count = results(project, "2025Q1").kpis["CS-LAC-N"]
    assert (count.value, count.last_year.value, count.last_year.change_pct) == (
        353, 377, Decimal("-6.4"))  # 377 → 353 is −24, −6.4%


def test_adult_social_care_against_the_median(tmp_path: Path) -> None:
    project, _ = load(make(tmp_path))
    figures = results(project, "2023Q2")  # July to September 2023: latest year 2022/23
    short_term = figures.kpis["AS-STS-01"]
    assert (short_term.value, short_term.period_label) == (Decimal("48.3"), "2022/23")
    assert short_term.last_year.change == Decimal("15.4")  # 32.9 → 48.3
    assert short_term.last_year.direction is Direction.IMPROVED
    median = short_term.comparators[0]
    assert (median.value, median.difference, median.standing) == (
        Decimal("78.2"), Decimal("-29.9"), Standing.WORSE)  # 48.3 − 78.2
    assert [v for _, v in short_term.series] == [Decimal(v) for v in (
        "56.2", "64.1", "63", "71.7", "60.1", "45.5", "32.9", "48.3")]  # eight years
    turnover = figures.kpis["AS-TURN"]
    assert turnover.value == Decimal("22.37397206")
    assert turnover.last_year.value is None  # not published for 2021/22
    assert turnover.last_year.direction is Direction.NOT_AVAILABLE
    # shown to one decimal: 22.4 against 28.0, lower is better
    assert (turnover.comparators[0].difference, turnover.comparators[0].standing) == (
        Decimal("-5.6"), Standing.BETTER)


def test_the_publishers_own_markers(tmp_path: Path) -> None:
    root = make(tmp_path)
    config = root / "reportgen.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "where: {la_name: Trafford}\n    codes: {\"Children looked after on 31 March each "
        "year\": CS-LAC-N}", "where: {la_name: Cumbria}\n    codes: {\"Children looked after "
        "on 31 March each year\": CS-LAC-N}"), encoding="utf-8")
    project, problems = load(root)
    assert not problems.items
    cumbria = project.dataset.observations
    assert cumbria[("CS-LAC-N", Quarter(2024, 4))].symbol == "[z]"  # `z`: not applicable
    assert cumbria[("CS-LAC-N", Quarter(2022, 4))].value == 740


def test_a_quarter_built_from_real_sources_alone(tmp_path: Path) -> None:
    root = make(tmp_path)
    # 2024Q4 (January to March 2025) is the quarter the latest published year ends in
    result = CliRunner().invoke(main, ["validate", "2024Q4", "-C", str(root)])
    assert result.output.splitlines()[-1].startswith("0 errors"), result.output
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(main, ["build", "2024Q4", "-C", str(root), "--format", "html"])
    assert result.exit_code == 0, result.output
    children = (root / "output" / "2024Q4" / "children.html").read_text(encoding="utf-8")
    # Trafford 62 per 10,000 in 2024/25 (67 the year before), England 67, the three
    # neighbours' mean 73.67 shown as 74; 353 children, 377 the year before
    for shown in ("62 per 10,000", "England", "Neighbours", "74", "353", "377", "2024/25"):
        assert shown in children, shown
    adults = (root / "output" / "2024Q4" / "adults.html").read_text(encoding="utf-8")
    assert "Median of councils" in adults


STATSWALES = """\
council: Isle of Anglesey County Council
fiscal_year_start_month: 4
directorates:
  - id: learning
    name: Learning
sources:
  # StatsWales wide export: financial years across the columns, blank label headers
  - file: imports/statswales-delegated-school-budgets-per-pupil.csv
    layout: wide
    kpi: column C
    codes: {"Isle of Anglesey - Primary": LRN-PRI, "Isle of Anglesey - Secondary": LRN-SEC,
            "Isle of Anglesey - Middle": LRN-MID}
    unlisted: ignore
"""
STATSWALES_KPIS = """\
- {id: LRN-PRI, title: Delegated budget per primary pupil, directorate: learning,
   unit: gbp, polarity: neutral, frequency: annual}
- {id: LRN-SEC, title: Delegated budget per secondary pupil, directorate: learning,
   unit: gbp, polarity: neutral, frequency: annual}
- {id: LRN-MID, title: Delegated budget per middle school pupil, directorate: learning,
   unit: gbp, polarity: neutral, frequency: annual}
"""


def test_a_statswales_wide_export_is_read_as_published(tmp_path: Path) -> None:
    (tmp_path / "imports").mkdir()
    shutil.copy(REAL / "statswales-delegated-school-budgets-per-pupil.csv", tmp_path / "imports")
    (tmp_path / "reportgen.yaml").write_text(STATSWALES)
    (tmp_path / "kpis.yaml").write_text(STATSWALES_KPIS)
    problems = Problems()
    project = load_project(tmp_path, problems)
    assert not problems.errors, problems.errors
    found = project.dataset.observations
    # each year is dated to its last quarter: 2019-20 is 2019Q4
    assert found[("LRN-PRI", Quarter(2019, 4))].value == Decimal("3988.237423")
    assert found[("LRN-SEC", Quarter(2012, 4))].value == Decimal("4023.503756")
    assert found[("LRN-MID", Quarter(2013, 4))].symbol == "[z]"  # '.': no middle schools yet
    assert found[("LRN-MID", Quarter(2014, 4))].value == 0
    with (REAL / "statswales-delegated-school-budgets-per-pupil.csv").open() as source:
        rows = list(csv.reader(source))
    years = [label.strip() for label in rows[0][3:]]
    primary = next(r for r in rows if r[2].strip() == "Isle of Anglesey - Primary")
    for year, text in zip(years, primary[3:], strict=True):
        quarter = Quarter(int(year[:4]), 4)
        assert found[("LRN-PRI", quarter)].value == Decimal(text), year
    results = compute_quarter(project.catalogue, found, {}, ["learning"], Quarter(2019, 4))
    pri = results.kpis["LRN-PRI"]
    assert (pri.value, pri.period_label) == (Decimal("3988.237423"), "2019/20")
    assert pri.last_year.value == Decimal("3878.101402")  # 2018-19, a year before
    assert pri.last_year.direction is Direction.INCREASED


def test_a_report_is_built_from_the_statswales_export_alone(tmp_path: Path) -> None:
    (tmp_path / "imports").mkdir()
    shutil.copy(REAL / "statswales-delegated-school-budgets-per-pupil.csv", tmp_path / "imports")
    (tmp_path / "reportgen.yaml").write_text(STATSWALES)
    (tmp_path / "kpis.yaml").write_text(STATSWALES_KPIS)
    result = CliRunner().invoke(main, ["build", "2019Q4", "-C", str(tmp_path), "--format",
                                       "html"])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "output" / "2019Q4" / "learning.html").read_text()
    # £3,988.237423 and £5,038.533085 as a report shows pounds; the year each is for
    assert "£3,988" in html and "£5,039" in html and "2019/20, annual measure" in html


# Hart District Council's own KPI return, one sheet per quarter (see PROVENANCE.md).
HART = "hart-kpi-return-2014-15.xlsx"
HART_SHEETS = {"Q1 2014-15": Quarter(2014, 1), "Q2 2014-15": Quarter(2014, 2)}
HART_CONFIG = """\
council: Hart District Council
fiscal_year_start_month: 4
directorates: {directorates}
sources:
  # the council's quarterly return as kept: one sheet per quarter, its own KPI refs
  - file: imports/hart-kpi-return-2014-15.xlsx
    period: sheet
    sheet: "Q* 20*"
    kpi: KPI ref
    value: Latest value
    note: Notes
"""
# What an officer would declare for Hart's measures; everything else is read from the return.
LOWER_IS_BETTER = {"ETS01", "HR11", "HS01", "RB07", "RB08", "RB09"}
UNITS = {"ETS01": "rate_per_100k", "HR11": "days", "HS01": "days", "LS05": "days",
         "RB07": "days", "RB08": "days", "RB09": "days",
         "SNH01": "percent_change", "SNH02": "percent_change"}  # "% reduction": may be < 0
TO_DATE = {"HR11", "HS08", "IA01", "RB05", "RB06"}  # "(Cumulative)", "collected" to date
FLOWS = {"HS07", "HS16"}  # cases and homes in the quarter, added up over the year
PLACEHOLDERS = {" ", "No notes"}


def hart_rows() -> dict[str, list[tuple[object, ...]]]:
    book = openpyxl.load_workbook(REAL / HART, read_only=True)
    return {name: list(book[name].iter_rows(min_row=2, values_only=True))
            for name in HART_SHEETS}


def hart(root: Path) -> Path:
    """Hart's return dropped into imports/, with a catalogue of the return's own columns."""
    (root / "imports").mkdir(parents=True)
    shutil.copy(REAL / HART, root / "imports")
    teams: dict[str, str] = {}
    kpis: dict[str, dict[str, object]] = {}
    for sheet, quarter in HART_SHEETS.items():
        for ref, title, team, _, _, unit, target, status, _ in hart_rows()[sheet]:
            slug = re.sub(r"[^a-z]+", "-", str(team).lower()).strip("-")
            teams[slug] = str(team)
            entry = kpis.setdefault(str(ref), {
                "id": ref, "title": title, "directorate": slug,
                "unit": UNITS.get(str(ref), "percent" if unit == "%" else "count"),
                "polarity": "lower_is_better" if ref in LOWER_IS_BETTER else "higher_is_better",
                "measure": "ytd" if ref in TO_DATE else "flow" if ref in FLOWS else "snapshot"})
            if status != "for info only":  # Hart's grey tiles have no target
                entry.setdefault("target", {})[str(quarter)] = target  # type: ignore[index]
    for entry in kpis.values():
        if entry["measure"] == "flow":
            entry["target_applies"] = "year_to_date"  # Hart's targets grow: 18, then 40 homes
        if "target" not in entry:
            entry["polarity"] = "neutral"  # a context measure
    directorates = [{"id": slug, "name": name} for slug, name in teams.items()]
    (root / "reportgen.yaml").write_text(
        HART_CONFIG.format(directorates=json.dumps(directorates)), encoding="utf-8")
    (root / "kpis.yaml").write_text(json.dumps(list(kpis.values())), encoding="utf-8")
    return root


def test_hart_every_figure_and_note_is_read_from_its_sheet(tmp_path: Path) -> None:
    project, problems = load(hart(tmp_path))
    assert not problems.errors, [str(p) for p in problems.errors]
    checked = 0
    for sheet, quarter in HART_SHEETS.items():
        for line, (ref, *_, latest, _, _, _, notes) in enumerate(hart_rows()[sheet], start=2):
            found = project.dataset.observations[(str(ref), quarter)]
            assert found.value == Decimal(str(latest)), (sheet, ref)
            assert str(found.location) == f"imports/{HART}:{sheet}!E{line}"
            # Hart's " " and "No notes" are placeholders, never printed as commentary
            assert found.note == ("" if notes in PLACEHOLDERS else str(notes).strip()), ref
            checked += 1
    assert checked == 2 * 45


def test_hart_previous_quarter_comes_from_the_previous_sheet(tmp_path: Path) -> None:
    project, _ = load(hart(tmp_path))
    directorates = sorted({k.directorate for k in project.catalogue.kpis.values()})
    q2 = compute_quarter(project.catalogue, project.dataset.observations, {}, directorates,
                         Quarter(2014, 2)).kpis
    q1_latest = {str(row[0]): Decimal(str(row[4])) for row in hart_rows()["Q1 2014-15"]}
    own_previous = {str(row[0]): Decimal(str(row[3])) for row in hart_rows()["Q2 2014-15"]}
    assert {ref: r.previous.value for ref, r in q2.items()} == q1_latest
    # Hart's Q2 sheet repeats Q1's figures as "Previous value": they agree, except the two
    # Q1 figures the council revised in its Q2 return (97.4 → 97.9, 2.6 → 2.7 days)
    revised = {ref for ref, value in q1_latest.items() if own_previous[ref] != value}
    assert revised == {"FI06", "HR11"}
    # hand-checked: call quality 95.9% → 95.5% is −0.4pp; first-contact fixes 42.5% → 79.3%
    assert (q2["CS01"].value, q2["CS01"].previous.change) == (Decimal("95.5"), Decimal("-0.4"))
    assert q2["CS01"].previous.direction is Direction.DECLINED
    assert q2["IT01"].previous.change == Decimal("36.8")
    assert q2["IT01"].previous.direction is Direction.IMPROVED
    # a reduction in violence of −16% (a rise) then −9%: 7 points better
    assert (q2["SNH02"].value, q2["SNH02"].previous.change) == (Decimal(-9), Decimal(7))
    assert q2["SNH02"].previous.direction is Direction.IMPROVED
    assert q2["SNH03"].target is None  # "for info only"
    # affordable homes, a flow: 28 in each quarter make 56 to date, against 40 to date
    assert (q2["HS16"].ytd, q2["HS16"].target, q2["HS16"].rag) == (56, 40, Rag.GREEN)


def test_hart_validate_flags_the_zero_that_stands_for_no_figure(tmp_path: Path) -> None:
    root = hart(tmp_path)
    result = CliRunner().invoke(main, ["validate", "2014Q2", "-C", str(root)])
    assert result.exit_code == 0, result.output
    # website uptime 99.6% → 0%, with no note: the return's 0 for a figure not yet in
    assert (f"imports/{HART}:Q2 2014-15!E25: warning: IT06 is red with no commentary"
            in result.output)


def test_hart_report_built_from_the_workbook_alone(tmp_path: Path) -> None:
    root = hart(tmp_path)
    result = CliRunner().invoke(main, ["build", "2014Q2", "-C", str(root), "--format", "html"])
    assert result.exit_code == 0, result.output
    out = root / "output" / "2014Q2"
    customer = (out / "customer-services.html").read_text(encoding="utf-8")
    assert "95.5%" in customer and "95.9%" in customer and "−0.4pp" in customer
    assert "No indicator has a figure for the same quarter last year" in customer
    housing = (out / "housing-services.html").read_text(encoding="utf-8")
    assert "Based on 12 formal homeless decision(s) made this period" in housing
    assert "No notes" not in housing and "No notes" not in customer
    assert "−9.0%" in (out / "safer-north-hants.html").read_text(encoding="utf-8")


def test_hart_return_in_a_quarter_folder_is_never_read_as_one_quarter(tmp_path: Path) -> None:
    root = hart(tmp_path)
    config = root / "reportgen.yaml"
    config.write_text(config.read_text(encoding="utf-8").split("sources:")[0])
    (root / "data" / "quarters" / "2014Q2").mkdir(parents=True)
    shutil.move(root / "imports" / HART, root / "data" / "quarters" / "2014Q2" / HART)
    result = CliRunner().invoke(main, ["validate", "2014Q2", "-C", str(root)])
    assert result.exit_code == 1
    assert (f"data/quarters/2014Q2/{HART}: error: the workbook has 2 sheets with data "
            "('Q1 2014-15', 'Q2 2014-15') and none is named after a directorate"
            in result.output)


PROMPT_PAYMENT = """\
council: Trafford Council
directorates:
  - id: finance
    name: Finance and Systems
sources:
  # one row per year, one column per measure; interest_paid is not reported
  - file: imports/trafford-prompt-payment.csv
    kpi: columns
    period: period
    codes: {proportion_paid_on_time: FIN-PAY, number_not_paid_on_time: FIN-LATE,
            liable_interest: FIN-INT}
"""
PROMPT_PAYMENT_KPIS = """\
- {id: FIN-PAY, title: Invoices paid within 30 days, directorate: finance, unit: percent,
   decimals: 2, polarity: higher_is_better, frequency: annual}
- {id: FIN-LATE, title: Invoices not paid on time, directorate: finance, unit: count,
   polarity: lower_is_better, frequency: annual}
- {id: FIN-INT, title: Interest the council was liable to pay on late invoices,
   directorate: finance, unit: gbp, polarity: lower_is_better, frequency: annual}
"""


def test_trafford_prompt_payment_one_column_per_measure(tmp_path: Path) -> None:
    (tmp_path / "imports").mkdir()
    shutil.copy(REAL / "trafford-prompt-payment.csv", tmp_path / "imports")
    (tmp_path / "reportgen.yaml").write_text(PROMPT_PAYMENT)
    (tmp_path / "kpis.yaml").write_text(PROMPT_PAYMENT_KPIS)
    project, problems = load(tmp_path)
    assert not problems.items, [str(p) for p in problems]
    columns = {"FIN-PAY": "proportion_paid_on_time", "FIN-LATE": "number_not_paid_on_time",
               "FIN-INT": "liable_interest"}
    checked = 0
    for line, row in enumerate(rows("trafford-prompt-payment.csv"), start=2):
        for kpi_id, column in columns.items():
            found = project.dataset.observations[(kpi_id, year_end(row["period"]))]
            assert found.value == Decimal(row[column]), (kpi_id, row["period"])
            assert str(found.location) == f"imports/trafford-prompt-payment.csv:{line}"
            checked += 1
    assert checked == 6 * 3  # 2017/18 to 2022/23
    assert not any(k == "interest_paid" for k, _ in project.dataset.observations)
    figures = compute_quarter(project.catalogue, project.dataset.observations, {},
                              ["finance"], Quarter(2022, 4)).kpis
    # 95.23% → 96.43% is +1.2pp; 1,298 → 1,143 late invoices is −155 (−11.9%)
    paid, late = figures["FIN-PAY"], figures["FIN-LATE"]
    assert (paid.value, paid.last_year.change) == (Decimal("96.43"), Decimal("1.20"))
    assert paid.last_year.direction is Direction.IMPROVED
    assert (late.last_year.change, late.last_year.change_pct) == (-155, Decimal("-11.9"))
    assert late.last_year.direction is Direction.IMPROVED
    result = CliRunner().invoke(main, ["build", "2022Q4", "-C", str(tmp_path), "--format",
                                       "html"])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "output" / "2022Q4" / "finance.html").read_text(encoding="utf-8")
    assert "96.43%" in html and "1,143" in html and "£13,645" in html
