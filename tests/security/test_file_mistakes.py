"""Files that are not what they should be: each a located error, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli import main

Q = "data/quarters/2017Q3"


def validate(project: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", "2017Q3", "-C", str(project)])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stdout


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-inf", "sNaN", "1e400000000", "1e20"])
def test_numbers_that_are_not_figures(example: Path, value: str) -> None:
    data = example / Q / "adults.csv"
    lines = data.read_text().splitlines()
    kpi = lines[1].split(",")[0]
    lines[1] = f"{kpi},{value},"
    data.write_text("\n".join(lines) + "\n")
    code, out = validate(example)
    assert code == 1
    assert f"{Q}/adults.csv:2: error: '{value}' is not a number" in out


def test_not_a_number_in_the_budget(example: Path) -> None:
    budget = example / Q / "budget.csv"
    budget.write_text(budget.read_text().replace("27450000", "NaN", 1))
    code, out = validate(example)
    assert (code, f"{Q}/budget.csv:2: error: 'NaN' is not an amount in pounds") == (
        1, out.splitlines()[0].split(" — ")[0])


def test_folders_and_broken_links_where_files_should_be(example: Path) -> None:
    (example / Q / "extra.csv").mkdir()
    (example / Q / "ghost.csv").symlink_to(example / "nowhere.csv")
    (example / "narratives/2017Q3/children.md").unlink()
    (example / "narratives/2017Q3/children.md").mkdir()
    code, out = validate(example)
    assert code == 1
    assert f"{Q}/extra.csv: error: is a folder, not a file — rename or move the folder" in out
    assert (f"{Q}/ghost.csv: error: cannot be read (No such file or directory) — check that "
            "the file exists and that you may read it") in out
    assert "narratives/2017Q3/children.md: error: is a folder, not a file" in out


def test_narrative_that_is_not_utf8(example: Path) -> None:
    narrative = example / "narratives/2017Q3/adults.md"
    narrative.write_bytes(narrative.read_bytes().replace(b"Safeguarding", b"Safe\xffguarding", 1))
    code, out = validate(example)
    assert code == 1
    assert ("narratives/2017Q3/adults.md:9: error: is not UTF-8 text — save it as UTF-8 (in "
            "Notepad: Save as, Encoding UTF-8)") in out


def test_output_folder_that_is_a_file(example: Path) -> None:
    (example / "output").mkdir()
    (example / "output" / "2017Q3").write_text("not a folder")
    result = CliRunner().invoke(main, ["build", "2017Q3", "-C", str(example), "--format",
                                       "html"])
    assert result.exit_code == 1
    assert "output/2017Q3: error: is a file, not a folder" in result.stderr


def test_semicolon_csv_and_narrative_shape(example: Path) -> None:
    (example / Q / "extra.csv").write_text("kpi;value;note\nCS-LAC-01;803;\n")
    adults = example / "narratives/2017Q3/adults.md"
    adults.write_text("---\ntitle: Adult Services\nstatus: draft\n---\n# Adult Services\n\n"
                      "Nothing to add this quarter.\n")
    (example / "narratives/2017Q3/housing.md").write_text("---\nstatus: draft\n---\n\n")
    code, out = validate(example)
    assert code == 1
    assert (f"{Q}/extra.csv:1: error: the columns are separated by ';', not ',' — save the "
            "file from Excel as 'CSV UTF-8 (Comma delimited)'") in out
    # a '# ' heading is shown as a section, and the warning says so (it was left out before)
    assert ("narratives/2017Q3/adults.md:5: warning: '# ' makes a top-level heading, but the "
            "report's title is the only one; it is shown as a section — use '## ' for a "
            "section and '### ' within one") in out
    assert "adults.md:5: warning: the narrative has no '## ' sections" not in out
    assert "narratives/2017Q3/housing.md:4: warning: the narrative has no text" in out
