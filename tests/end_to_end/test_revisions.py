"""Publication records and revisions: `build --publish` records what it published; a later
report that shows a different figure for a recorded quarter marks it [r] and lists it."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from reportgen.commands.build import build
from reportgen.commands.status import quarter_status, table
from reportgen.errors import ReportError
from reportgen.prepare.pipeline import prepare
from reportgen.prepare.prepared import Prepared
from tests.conftest import QUARTER


def approve(project: Path, directorate: str, quarter: str = QUARTER) -> None:
    for suffix in ("", ".cy"):
        path = project / "narratives" / quarter / f"{directorate}{suffix}.md"
        path.write_text(path.read_text(encoding="utf-8").replace(
            "status: draft", "status: approved").replace(
            "approved_by:\n", "approved_by: Eleri Vaughan\n").replace(
            "approved_on:\n", "approved_on: 2018-01-24\n"), encoding="utf-8")


def correct(project: Path, quarter: str, kpi: str, before: str, after: str) -> None:
    data = project / "data" / "quarters" / quarter / "children.csv"
    text = data.read_text(encoding="utf-8")
    assert f"\n{kpi},{before}," in text
    data.write_text(text.replace(f"\n{kpi},{before},", f"\n{kpi},{after},"), encoding="utf-8")


@pytest.fixture
def published(example: Path) -> Path:
    approve(example, "children")
    build(example, QUARTER, ["children"], formats=["html"], publish_only_approved=True)
    return example


def test_publish_records_every_published_figure(published: Path) -> None:
    record = json.loads((published / "published" / "2017Q3.json").read_text())
    assert record["quarter"] == "2017Q3"
    assert len(record["manifest_sha256"]) == 64
    figures = {(f["kpi"], f["quarter"]): f for f in record["figures"]}
    assert figures[("CS-LAC-01", "2017Q3")]["value"] == "803"
    assert figures[("CS-LAC-01", "2017Q2")]["value"] == "784"  # the previous quarter's
    assert figures[("CS-LAC-01", "2016Q3")]["value"] == "761"  # and last year's
    assert {f["kpi"].split("-")[0] for f in record["figures"]} == {"CS"}  # children only
    assert not list((published / "published").glob(".staging*"))


def test_a_build_without_publish_records_nothing(example: Path) -> None:
    build(example, QUARTER, ["housing"], formats=["html"])
    assert [p.name for p in (example / "published").iterdir()] == ["2017Q2.json"]


def test_a_corrected_figure_is_marked_revised_in_the_next_report(published: Path) -> None:
    correct(published, QUARTER, "CS-LAC-01", "803", "805")
    result = build(published, "2017Q4", ["children"], formats=["html"])
    html = (result.folder / "children.html").read_text()
    assert "805 [r]" in html  # the previous quarter's figure in the table
    assert ("Number of looked after children at the end of the quarter, Q3 2017/18: 805, "
            "published as 803 in the Quarter 3 2017/18 report.") in html
    assert "Revisions since publication" in html
    index = (result.folder / "index.html").read_text()
    assert "published as 803 in the Quarter 3 2017/18 report" in index
    figures = json.loads((result.folder / "figures.json").read_text())
    assert {"kpi": "CS-LAC-01", "quarter": "2017Q3", "value": 805.0, "revised_from": 803.0,
            "published_in": "2017Q3"} in figures["revisions"]
    rows = {r["kpi"]: r for r in csv.DictReader(io.StringIO(
        (result.folder / "kpis.csv").read_text()))}
    assert rows["CS-LAC-01"]["previous_revised_from"] == "803.0"
    assert rows["CS-LAC-01"]["previous_symbol"] == "[r]"
    assert rows["CS-LAC-02"]["previous_revised_from"] == ""  # a rate, not corrected


def test_an_unchanged_figure_is_not_a_revision(published: Path) -> None:
    prepared = prepare(published, "2017Q4")
    assert isinstance(prepared, Prepared)
    assert prepared.results.revisions == ()
    assert prepared.results.kpis["CS-LAC-01"].previous.symbol is None


def test_status_says_revisions_are_pending(published: Path) -> None:
    correct(published, QUARTER, "CS-LAC-01", "803", "805")
    prepared = prepare(published, "2017Q4")
    assert isinstance(prepared, Prepared)
    lines = table(quarter_status(prepared, prepared.problems))
    assert any(line.startswith("Revisions pending: 1 figure") for line in lines)
    assert any("published as 803" in line for line in lines)


def test_a_later_record_does_not_revise_an_earlier_report(published: Path) -> None:
    correct(published, QUARTER, "CS-LAC-01", "803", "805")
    prepared = prepare(published, "2017Q2")  # the 2017Q3 record is not about 2017Q2's report
    assert isinstance(prepared, Prepared)
    assert all(str(r.report) != "2017Q3" for r in prepared.results.revisions)


def test_an_unreadable_record_is_an_error_naming_it(published: Path) -> None:
    (published / "published" / "2017Q3.json").write_text("{not json")
    with pytest.raises(ReportError) as raised:
        build(published, "2017Q4", ["children"], formats=["html"])
    assert [p.location.path for p in raised.value.problems
            if "publication record" in p.message] == ["published/2017Q3.json"]


def test_the_record_is_never_written_through_a_link(published: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.rmtree(published / "published")
    (published / "published").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(ReportError):
        build(published, QUARTER, ["children"], formats=["html"], publish_only_approved=True,
              force=True)
    assert list(elsewhere.iterdir()) == []


def test_the_example_shows_a_revision_a_provisional_and_a_confidential_figure(
        built: object) -> None:
    """The example council: its Quarter 2 report published 790 looked after children, since
    corrected to 784; Deprivation of Liberty Safeguards applications are provisional; the
    Adolescent Resource Centre's 4 fostered and 3 in residential homes are confidential."""
    folder = built.folder  # type: ignore[attr-defined]
    children = (folder / "children.html").read_text()
    assert "784 [r]" in children
    assert "Q2 2017/18: 784, published as 790 in the Quarter 2 2017/18 report." in children
    assert "Of the others, [c] were fostered and [c] were placed in residential homes" \
        in children
    adults = (folder / "adults.html").read_text()
    assert "163 [p]" in adults and "[p] provisional" in adults
    welsh = (folder / "children.cy.html").read_text()
    assert "[c] cyfrinachol" in welsh and "Diwygiadau ers cyhoeddi" in welsh
    rows = {r["kpi"]: r for r in csv.DictReader(io.StringIO(
        (folder / "kpis.csv").read_text()))}
    assert rows["AS-DOLS-01"]["symbol"] == "[p]" and rows["AS-DOLS-01"]["value"] == "163.0"


def test_a_status_column_marks_a_figure_provisional(example: Path) -> None:
    data = example / "data" / "quarters" / QUARTER / "housing.csv"
    lines = data.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "kpi,value,note"
    lines = ["kpi,value,note,status", *(
        "HC-TA-01,50,,p" if line.startswith("HC-TA-01,") else line + ","
        for line in lines[1:])]
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = build(example, QUARTER, ["housing"], formats=["html"])
    assert "50 [p]" in (result.folder / "housing.html").read_text()
    rows = {r["kpi"]: r for r in csv.DictReader(io.StringIO(
        (result.folder / "kpis.csv").read_text()))}
    assert rows["HC-TA-01"]["symbol"] == "[p]" and rows["HC-TA-01"]["value"] == "50.0"


def _key(page: str) -> str:
    """The indicators' key: the one that explains the marks in square brackets."""
    keys = re.findall(r'<p class="key">(.*?)</p>', page, re.S)
    return next(k for k in keys if "[x]" in k)


def test_the_key_explains_p_and_r_where_the_report_has_them(built: object) -> None:
    """The key under the indicators heading: children's has a revised figure (784 [r]),
    adults' a provisional one (163 [p]), housing's neither; Welsh the same, in Welsh."""
    folder = built.folder  # type: ignore[attr-defined]
    children, adults, housing = (_key((folder / f"{d}.html").read_text())
                                 for d in ("children", "adults", "housing"))
    revised = "[r] means revised: the figure differs from the one an earlier report published"
    provisional = "[p] means provisional: the figure may change when the final one is in."
    assert revised in children and provisional not in children
    assert provisional in adults and revised not in adults
    assert "[r] means" not in housing and "[p] means" not in housing
    assert "[x] not available" in housing  # the standing marks are always explained
    welsh = _key((folder / "children.cy.html").read_text())
    assert "Ystyr [r] yw diwygiedig" in welsh and "[r] means" not in welsh
    assert "Ystyr [p] yw dros dro" in _key((folder / "adults.cy.html").read_text())


def test_a_revised_chart_point_is_marked_in_the_charts_table_of_figures(
        example: Path) -> None:
    """The Quarter 2 report charted 775 looked after children for Quarter 1; corrected to
    770, the Quarter 3 report's chart table shows 770 [r] and lists the revision, once."""
    correct(example, "2017Q1", "CS-LAC-01", "775", "770")
    result = build(example, QUARTER, ["children"], formats=["html"])
    html = (result.folder / "children.html").read_text()
    tables = re.findall(r'<table class="chart-table">.*?</table>', html, re.S)
    caption = "<caption>Number of looked after children at the end"
    looked_after = [t for t in tables if caption in t]
    assert looked_after
    for shown in looked_after:
        assert '<th scope="row">Q1 2017/18</th><td class="num">770 [r]</td>' in shown
        assert '<th scope="row">Q2 2017/18</th><td class="num">784 [r]</td>' in shown
        assert '<th scope="row">Q3 2017/18</th><td class="num">803</td>' in shown
    assert "Q1 2017/18: 770, published as 775 in the Quarter 2 2017/18 report." in html
    figures = json.loads((result.folder / "figures.json").read_text())
    revised = [(r["kpi"], r["quarter"]) for r in figures["revisions"]]
    assert sorted(revised) == [("CS-LAC-01", "2017Q1"), ("CS-LAC-01", "2017Q2")]


def test_a_chart_of_sums_to_date_is_not_recorded_as_quarters_figures(example: Path) -> None:
    """Fly-tipping incidents are a flow charted as years to date: the chart's 1,154 for
    Quarter 4 2016/17 is the whole year, not the quarter's own 262. Recorded as 2016Q4's,
    a later report would mark that quarter [r] although nothing was revised."""
    approve(example, "housing")
    build(example, QUARTER, ["housing"], formats=["html"], publish_only_approved=True)
    record = json.loads((example / "published" / "2017Q3.json").read_text())
    figures = {(f["kpi"], f["quarter"]): f["value"] for f in record["figures"]}
    assert figures[("HC-FLY-01", "2017Q2")] == "315"  # the previous quarter's own, not 615
    assert ("HC-FLY-01", "2016Q4") not in figures  # charted only, as a year to date
    assert ("HC-FLY-01", "2016Q3") in figures  # last year's, a quarter's own figure
