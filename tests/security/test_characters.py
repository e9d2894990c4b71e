"""Characters that change what a reader sees: digits of other scripts, bidirectional
controls and the marker lines of an unresolved merge conflict."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from reportgen.commands.build import build, check
from reportgen.errors import Problems, ReportError
from reportgen.load.cells import CellError, read_number
from reportgen.load.quarter_data import load_data
from reportgen.quarters import Quarter

from .test_quiet_paths import CATALOGUE, CONFIG, folder, load

Q3 = Quarter.parse("2017Q3")
RLO, LRI, PDI = "\u202e", "\u2066", "\u2069"


def test_a_bengali_digit_is_an_error_at_its_cell(tmp_path: Path) -> None:
    (folder(tmp_path) / "children.csv").write_text("kpi,value\nCS-LAC-01,৪03\n",
                                                   encoding="utf-8")
    found, problems = load(tmp_path)
    assert ("CS-LAC-01", Q3) not in found or found[("CS-LAC-01", Q3)].value != 403
    [error] = problems.errors
    assert str(error.location) == "data/quarters/2017Q3/children.csv:2"
    assert "U+09EA Bengali digit four" in error.message  # drawn like an 8, but a 4
    assert "digits 0-9" in error.hint


@pytest.mark.parametrize("text", ["٤٠٣", "४०३", "৪03", "1,2৪5"])
def test_no_digit_of_another_script_is_read_as_a_number(text: str) -> None:
    with pytest.raises(CellError, match="digit of another script"):
        read_number(text)


def test_full_width_digits_are_read_as_the_same_digits() -> None:
    assert read_number("８０３") == 803
    assert read_number("£５.８m", money=True) == 5_800_000


def test_a_target_with_a_digit_of_another_script_is_an_error(example: Path) -> None:
    catalogue = example / "kpis.yaml"
    text = catalogue.read_text()
    catalogue.write_text(text.replace("target: {2015: 14, 2016: 14, 2017: 14}",
                                      'target: {2015: 14, 2016: 14, 2017: "১4"}', 1))
    _, problems = check(example, "2017Q3")
    assert any("digit of another script" in p.message and p.severity == "error"
               and p.location.path == "kpis.yaml" for p in problems)


def test_a_period_in_another_script_is_not_read_as_a_year(tmp_path: Path) -> None:
    from reportgen.load.periods import read_period

    assert str(read_period("2017Q3").quarter) == "2017Q3"
    with pytest.raises(ValueError):
        read_period("২০১৭Q3")


def test_bidi_controls_are_removed_with_a_warning_and_never_published(example: Path) -> None:
    narrative = example / "narratives" / "2017Q3" / "housing.md"
    lines = narrative.read_text().splitlines()
    lines[9] = f"Rent arrears {RLO}esirer{PDI} fell."  # line 10 of the file
    narrative.write_text("\n".join(lines) + "\n")
    kpis = example / "kpis.yaml"
    text = kpis.read_text()
    kpis.write_text(text.replace("title: Number of anti-social behaviour incidents reported",
                                 f"title: Number of anti-social {LRI}behaviour{PDI} incidents"))
    title_line = next(n for n, line in enumerate(kpis.read_text().splitlines(), 1)
                      if "anti-social" in line and "title:" in line)
    data = example / "data" / "quarters" / "2017Q3" / "housing.csv"
    rows = data.read_text().splitlines()
    at = next(n for n, row in enumerate(rows) if row.startswith("HC-TA-01,"))
    rows[at] = rows[at].split(",")[0] + f",{rows[at].split(',')[1]},Up {RLO}21{PDI} this year"
    data.write_text("\n".join(rows) + "\n")

    result = build(example, "2017Q3", ["housing"], formats=["html"])
    warned = {str(w.location) for w in result.warnings if "right-to-left" in w.message
              or "isolate" in w.message}
    assert {"narratives/2017Q3/housing.md:10", f"kpis.yaml:{title_line}",
            f"data/quarters/2017Q3/housing.csv:{at + 1}"} <= warned
    out = example / "output" / "2017Q3"
    for name in ("housing.html", "figures.json", "kpis.csv", "index.html"):
        body = (out / name).read_text(encoding="utf-8")
        assert not any(c in body for c in (RLO, LRI, PDI)), name
    records = json.loads((out / "figures.json").read_text())
    assert "Up 21 this year" in json.dumps(records)


def test_bidi_controls_in_a_workbook_cell_are_removed_at_the_cell(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "children"
    book.active.append(["kpi", "value", "note"])
    book.active.append(["CS-LAC-01", 803, f"Up {RLO}21{PDI}"])
    book.save(folder(tmp_path) / "children.xlsx")
    problems = Problems()
    found = load_data(tmp_path, CONFIG, CATALOGUE, problems).observations
    assert found[("CS-LAC-01", Q3)].note == "Up 21"
    [warning] = problems.warnings
    assert str(warning.location) == "data/quarters/2017Q3/children.xlsx:children!C2"


CONFLICT = """Demand rose this quarter.

<<<<<<< HEAD
Presentations rose by 12%.
=======
Presentations rose by 21%.
>>>>>>> housing-q3-edits

More text.
"""


def test_a_merge_conflict_in_a_narrative_is_an_error_at_each_marker(example: Path) -> None:
    narrative = example / "narratives" / "2017Q3" / "housing.md"
    text = narrative.read_text()
    head, _, rest = text.partition("## ")
    narrative.write_text(head + "## " + rest.replace("\n\n", "\n\n" + CONFLICT, 1))
    start = narrative.read_text().splitlines().index("<<<<<<< HEAD") + 1
    with pytest.raises(ReportError) as caught:
        build(example, "2017Q3", ["housing"], formats=["html"])
    lines = [p.location.line for p in caught.value.problems if "merge conflict" in p.message]
    assert lines == [start, start + 2, start + 4]
    assert not (example / "output" / "2017Q3" / "housing.html").exists()


def test_a_heading_underlined_with_equals_signs_is_no_conflict(example: Path) -> None:
    narrative = example / "narratives" / "2017Q3" / "housing.md"
    narrative.write_text(narrative.read_text() + "\nA closing word\n=======\n\nThanks.\n")
    _, problems = check(example, "2017Q3")
    assert not [p for p in problems if "merge conflict" in p.message]


def test_a_merge_conflict_in_the_catalogue_is_an_error_at_its_line(example: Path) -> None:
    kpis = example / "kpis.yaml"
    lines = kpis.read_text().splitlines()
    at = next(n for n, line in enumerate(lines) if line.startswith("  polarity: neutral"))
    lines[at:at + 1] = ["<<<<<<< HEAD", "  polarity: neutral", "=======",
                        "  polarity: lower_is_better", ">>>>>>> targets"]
    kpis.write_text("\n".join(lines) + "\n")
    _, problems = check(example, "2017Q3")
    assert any(p.location.line == at + 1 and "merge conflict" in p.message
               and p.severity == "error" for p in problems)


def test_a_merge_conflict_in_a_data_file_is_an_error_at_each_marker(tmp_path: Path) -> None:
    (folder(tmp_path) / "children.csv").write_text(
        "kpi,value,note\n<<<<<<< HEAD\nCS-LAC-01,803,\n=======\nCS-LAC-01,830,\n"
        ">>>>>>> q3-figures\n", encoding="utf-8")
    _, problems = load(tmp_path)
    conflicts = [p.location.line for p in problems.errors if "merge conflict" in p.message]
    assert conflicts == [2, 4, 6]


def test_a_character_reference_to_a_bidi_control_is_removed_with_a_warning(
        example: Path) -> None:
    narrative = example / "narratives" / "2017Q3" / "housing.md"
    lines = narrative.read_text().splitlines()
    lines[9] = "Rent arrears &#x202E;esirer&#8297; fell; &#x2014; is a dash."  # line 10
    narrative.write_text("\n".join(lines) + "\n")
    result = build(example, "2017Q3", ["housing"], formats=["html"])
    assert any(str(w.location) == "narratives/2017Q3/housing.md:10"
               and "U+202E right-to-left override" in w.message for w in result.warnings)
    body = (example / "output" / "2017Q3" / "housing.html").read_text(encoding="utf-8")
    assert RLO not in body and PDI not in body
    assert "Rent arrears esirer fell; — is a dash." in body  # other references still work


def test_an_escaped_control_in_yaml_is_an_error_at_its_line(example: Path) -> None:
    kpis = example / "kpis.yaml"
    text = kpis.read_text()
    kpis.write_text(text.replace("title: Number of anti-social behaviour incidents reported",
                                 'title: "Number of anti-social \\u202ebehaviour incidents"'))
    line = next(n for n, row in enumerate(kpis.read_text().splitlines(), 1)
                if "\\u202e" in row)
    _, problems = check(example, "2017Q3")
    [found] = [p for p in problems if "escaped control character" in p.message]
    assert (found.location.line, found.severity) == (line, "error")
    assert "U+202E right-to-left override" in found.message


def test_no_control_character_reaches_a_narrative_s_html_however_written() -> None:
    from reportgen.narrative.html_policy import sanitise

    assert sanitise(f"<p>a{RLO}b\u2066c</p>") == "<p>abc</p>"


def test_bidi_controls_in_an_ods_cell_are_removed_at_the_cell(tmp_path: Path) -> None:
    pytest.importorskip("python_calamine")
    from ..load.test_one_reader import ods

    ods(folder(tmp_path) / "children.ods", [["kpi", "value", "note"],
                                            ["CS-LAC-01", 803, f"Up {RLO}21{PDI}"]])
    problems = Problems()
    found = load_data(tmp_path, CONFIG, CATALOGUE, problems).observations
    assert found[("CS-LAC-01", Q3)].note == "Up 21"
    [warning] = problems.warnings
    assert str(warning.location) == "data/quarters/2017Q3/children.ods:children!C2"
