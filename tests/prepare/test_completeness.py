"""A shown KPI with no figure for the quarter is named: a warning, an error under --publish."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.commands.build import build, check
from reportgen.commands.scaffold import new_quarter
from reportgen.errors import ReportError

QUARTER = "2025Q3"
NARRATIVE = """---
title: {name}
status: approved
approved_by: A Director
approved_on: 2025-10-20
---
## Key Areas of Progress

Work continued as planned.
"""


def empty_quarter(root: Path) -> Path:
    """`reportgen new 2025Q3`, its budget filled in and its narratives approved, with
    plain sentences and no figure typed in: everything but the KPI figures."""
    new_quarter(root, QUARTER)
    folder = root / "data" / "quarters" / QUARTER
    (folder / "budget.csv").write_text(
        "directorate,service,budget,projected_outturn\n"
        "children,,61200000,62000000\nadults,,80000000,79500000\nhousing,,20000000,20100000\n")
    for path in (root / "narratives" / QUARTER).glob("*.md"):
        path.write_text(NARRATIVE.format(name=path.stem))
    return folder


def test_publish_refuses_an_empty_quarter_naming_the_missing_kpis(example: Path) -> None:
    empty_quarter(example)
    with pytest.raises(ReportError) as caught:
        build(example, QUARTER, ["housing"], formats=["html"], publish_only_approved=True)
    text = str(caught.value)
    assert "data/quarters/2025Q3/housing.csv:5: error: HC-TA-01" in text  # its row, named
    assert "HC-ASB-01" in text and "has no figure for 2025Q3" in text
    assert "HC-HP-01 cannot be computed" in text  # a derived KPI, by its missing inputs
    assert not (example / "output" / QUARTER / "housing.html").exists()


def test_validate_and_build_warn_naming_each_missing_kpi(example: Path) -> None:
    empty_quarter(example)
    _, problems = check(example, QUARTER)
    missing = [p for p in problems if "has no figure for 2025Q3" in p.message]
    assert {p.severity for p in missing} == {"warning"}
    assert all(p.blocks_publish for p in missing)
    named = {p.message.split()[0] for p in missing}
    assert {"CS-LAC-01", "AS-DOLS-01", "HC-TA-01"} <= named
    assert "CS-SWV-VAC" not in named  # a component kept out of the tables is not shown
    result = build(example, QUARTER, ["housing"], formats=["html"])
    assert any("HC-TA-01" in w.message for w in result.warnings)


def test_a_kpi_marked_x_with_a_note_is_deliberately_not_reported(example: Path) -> None:
    data = example / "data" / "quarters" / "2017Q3" / "housing.csv"
    lines = data.read_text().splitlines()
    rows = {line.split(",")[0]: n for n, line in enumerate(lines)}
    lines[rows["HC-TA-01"]] = "HC-TA-01,[x],Not reported: the housing system is being replaced."
    lines[rows["HC-GAS-01"]] = "HC-GAS-01,[x],"
    lines[rows["HC-ASB-01"]] = "HC-ASB-01,,"
    data.write_text("\n".join(lines) + "\n")
    _, problems = check(example, "2017Q3")
    blocking = {p.message.split()[0]: p for p in problems if p.blocks_publish}
    assert "HC-TA-01" not in blocking  # says why: not an error
    assert "marked [x] with no note" in blocking["HC-GAS-01"].message
    assert "has no figure for 2017Q3" in blocking["HC-ASB-01"].message
    assert blocking["HC-ASB-01"].location.line == rows["HC-ASB-01"] + 1


def test_a_kpi_with_no_row_at_all_is_named_with_its_directorate(example: Path) -> None:
    data = example / "data" / "quarters" / "2017Q3" / "housing.csv"
    data.write_text("".join(line for line in data.read_text().splitlines(keepends=True)
                            if not line.startswith("HC-ASB-01,")))
    _, problems = check(example, "2017Q3")
    found = [p for p in problems if "HC-ASB-01" in p.message and p.blocks_publish]
    assert len(found) == 1
    assert found[0].location.path == "data/quarters/2017Q3"
    assert "of housing: HC-ASB-01" in found[0].message


def test_a_flow_judged_to_date_names_the_quarter_its_year_to_date_lacks(
        example: Path) -> None:
    data = example / "data" / "quarters" / "2017Q1" / "housing.csv"
    data.write_text("".join(line for line in data.read_text().splitlines(keepends=True)
                            if not line.startswith("HC-FLY-01,")))
    _, problems = check(example, "2017Q3")
    [found] = [p for p in problems if "no year to date" in p.message]
    assert found.message == ("HC-FLY-01 has no year to date for 2017Q3, so its target cannot "
                             "be judged: 2017Q1 has no figure")
    assert found.location.path == "data/quarters/2017Q3/housing.csv"


def test_a_sentence_setting_a_flow_s_quarter_beside_its_target_to_date(example: Path) -> None:
    narrative = example / "narratives" / "2017Q3" / "housing.md"
    lines = narrative.read_text().splitlines()
    lines[9] = ('We cleared {{ kpi("HC-FLY-01") }} fly-tipping incidents against a target of '
                '{{ kpi("HC-FLY-01").target }}.')  # 272 against 900: unlike things
    lines.insert(10, "")
    lines.insert(11, 'So far this year {{ kpi("HC-FLY-01").ytd }} against '
                     '{{ kpi("HC-FLY-01").target }}.')  # like with like: no warning
    narrative.write_text("\n".join(lines) + "\n")
    _, problems = check(example, "2017Q3")
    found = [p for p in problems if "target for the year to date" in p.message]
    assert [str(p.location) for p in found] == ["narratives/2017Q3/housing.md:10"]
    assert 'compare kpi("HC-FLY-01").ytd with kpi("HC-FLY-01").target' in found[0].hint
