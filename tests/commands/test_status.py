"""`reportgen status`: sign-off, missing data and problems by directorate."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from reportgen.cli import main
from reportgen.commands.build import check
from reportgen.commands.status import quarter_status, table
from reportgen.prepare.approvals import approvals
from reportgen.prepare.prepared import Prepared


def status(project: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["status", "2017Q3", "-C", str(project)])
    return result.exit_code, result.stdout


def test_the_example_quarter(example: Path) -> None:
    code, out = status(example)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["Directorate", "Lang", "Narrative", "Approved", "by", "Approved",
                                "on", "Missing", "data", "Errors", "Warnings"]
    children = next(line for line in lines if line.startswith("Children's Services"))
    assert children.split()[2:] == ["en", "draft", "–", "–", "none", "0", "0"]
    housing = next(line for line in lines if line.startswith("Housing and Communities"))
    assert "approved   Nia Prosser, Director of Housing and Communities  2018-01-24" in housing
    assert lines[-1] == "0 errors, 0 warnings"


def test_missing_data_and_problems_land_on_their_directorate(example: Path) -> None:
    data = example / "data/quarters/2017Q3/children.csv"
    data.write_text(data.read_text().replace("CS-LAC-05,11,\n", ""))
    narrative = example / "narratives/2017Q3/adults.md"
    narrative.write_text(narrative.read_text() + '\n{{ kpi("AS-NOPE-01") }}\n')
    prepared, problems = check(example, "2017Q3")
    assert isinstance(prepared, Prepared)
    found = {r.id: r for r in quarter_status(prepared, problems).rows}
    assert found["children"].missing == ["CS-LAC-05"]
    assert found["adults"].missing == []
    assert found["adults"].errors == 1 and found["children"].errors == 0
    code, out = status(example)
    assert code == 0
    assert "Children's Services: no value this quarter for CS-LAC-05" in out
    adults = next(line for line in out.splitlines() if line.startswith("Adult Services"))
    assert adults.split()[-3:] == ["none", "1", "0"]


def test_approvals_for_the_manifest(example: Path) -> None:
    prepared, _ = check(example, "2017Q3")
    assert isinstance(prepared, Prepared)
    found = approvals(prepared)
    assert found["housing"] == {
        "status": "approved", "approved_by": "Nia Prosser, Director of Housing and Communities",
        "approved_on": "2018-01-24", "narrative": "narratives/2017Q3/housing.md"}
    assert found["children"]["status"] == "draft"
    assert found["children"]["approved_by"] is None
    (example / "narratives/2017Q3/children.md").unlink()
    prepared, _ = check(example, "2017Q3")
    assert isinstance(prepared, Prepared)
    assert approvals(prepared)["children"]["status"] == "missing"
    assert "missing" in "\n".join(table(quarter_status(prepared, [])))


def test_unreadable_project(tmp_path: Path) -> None:
    code, out = status(tmp_path)
    assert code == 1
    assert out.startswith("reportgen.yaml: error: no reportgen.yaml here")


def test_publish_flow_from_draft_to_approved(example: Path) -> None:
    runner = CliRunner()
    publish = ["build", "2017Q3", "-C", str(example), "-d", "children", "--format", "html",
               "--publish"]
    refused = runner.invoke(main, publish)
    assert refused.exit_code == 1
    assert ("narratives/2017Q3/children.md:1: error: Children's Services narrative is not "
            "approved; --publish refuses drafts") in refused.stderr
    path = example / "narratives/2017Q3/children.md"
    path.write_text(path.read_text().replace(
        "status: draft\napproved_by:\napproved_on:",
        "status: Approved\napproved_by: Jane Evans, Director\napproved_on: 2018-01-25"))
    code, out = status(example)
    children = next(line for line in out.splitlines() if line.startswith("Children's"))
    assert code == 0
    assert "approved   Jane Evans, Director" in children and "2018-01-25" in children
    done = runner.invoke(main, publish)
    assert done.exit_code == 0, done.stderr
    page = (example / "output/2017Q3/children.html").read_text(encoding="utf-8")
    assert "Jane Evans, Director" in page and "DRAFT" not in page


def test_a_narrative_that_cannot_be_read_is_not_called_missing(example: Path) -> None:
    narrative = example / "narratives/2017Q3/children.md"
    lines = narrative.read_text().splitlines()
    assert lines[2] == "status: draft"
    lines[2] = "status: [draft"  # an unclosed list: the front matter is not YAML
    narrative.write_text("\n".join(lines) + "\n")
    code, out = status(example)
    assert code == 0
    children = next(line for line in out.splitlines() if line.startswith("Children's Services"))
    assert children.split()[2:4] == ["en", "unreadable"]
    assert "missing" not in children
    said = next(line for line in out.splitlines() if "cannot be read" in line)
    assert said.startswith("Children's Services (en): the narrative cannot be read: "
                           "narratives/2017Q3/children.md:")
    where = said.split("cannot be read: ", 1)[1].split(": error:")[0]
    assert int(where.split(":")[1]) in (3, 4)  # the line YAML stopped at
    prepared, _ = check(example, "2017Q3")
    assert isinstance(prepared, Prepared)
    assert approvals(prepared)["children"]["status"] == "unreadable"
    assert approvals(prepared)["children.cy"]["status"] == "draft"
