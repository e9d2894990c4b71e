"""What officers do by habit or by accident: text pasted from Word and Excel, files saved in
another form, a quarter typed in lower case, a file where a folder goes, two people at the
same project, links and leftovers in output/. Each is read, or a located error."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from reportgen.commands.build import build
from reportgen.commands.scaffold import new_quarter
from reportgen.errors import ReportError

from .test_names_and_bounds import Q, run


def test_a_no_break_space_in_a_figure_is_named(example: Path) -> None:
    data = example / Q / "adults.csv"
    lines = data.read_text().splitlines()
    lines[1] = lines[1].split(",")[0] + ",1\u00a0234,"  # Excel's thousands, pasted
    data.write_text("\n".join(lines) + "\n")
    code, out = run(example, "validate", "2017Q3")
    assert code == 1
    assert f"{Q}/adults.csv:2: error: '1<U+00A0 no-break space>234' is not a number" in out


def test_excels_sep_line_names_the_separator(example: Path) -> None:
    before = run(example, "build", "2017Q3", "--format", "html")
    assert before[0] == 0
    figures = (example / "output/2017Q3/kpis.csv").read_text()
    data = example / Q / "housing.csv"
    data.write_text("sep=,\n" + data.read_text())
    assert run(example, "build", "2017Q3", "--format", "html")[0] == 0
    assert (example / "output/2017Q3/kpis.csv").read_text() == figures
    lines = data.read_text().splitlines()
    lines[3] = lines[3].split(",")[0] + ",lots,"
    data.write_text("\n".join(lines) + "\n")
    code, out = run(example, "validate", "2017Q3")  # still located at the file's own line
    assert code == 1 and f"{Q}/housing.csv:4: error: 'lots' is not a number" in out


def test_a_narrative_saved_as_notepads_unicode_is_read(example: Path) -> None:
    narrative = example / "narratives/2017Q3/adults.md"
    text = narrative.read_text()
    narrative.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    code, out = run(example, "build", "2017Q3", "--format", "html")
    assert code == 0, out
    assert text.split("## ", 2)[1].splitlines()[0] in (
        example / "output/2017Q3/adults.html").read_text()


def test_a_quarter_typed_in_lower_case_is_the_quarter(example: Path) -> None:
    code, out = run(example, "build", "2017q3", "--format", "html")
    assert code == 0 and (example / "output/2017Q3/children.html").exists(), out


@pytest.mark.parametrize("where", ["output", "output/2017Q3"])
def test_a_file_where_the_output_folder_goes(example: Path, where: str) -> None:
    (example / where).parent.mkdir(exist_ok=True)
    (example / where).write_text("an officer's file")
    code, out = run(example, "build", "2017Q3", "--format", "html")
    assert code == 1
    assert f"{where}: error: is a file, not a folder: the build writes its files into a " \
        f"folder of this name — rename or move the file {where}; the build makes the " \
        "folder" in out
    assert (example / where).read_text() == "an officer's file"


def test_new_never_writes_through_a_link_or_over_a_colleagues_file(example: Path,
                                                                   tmp_path: Path) -> None:
    folder = example / "narratives/2017Q4"
    folder.mkdir()
    victim = tmp_path / "victim.md"  # does not exist: a link that leads nowhere, yet
    (folder / "children.md").symlink_to(victim)
    (folder / "adults.md").write_text("a colleague's draft, saved first")
    done = new_quarter(example, "2017Q4")
    assert not victim.exists()
    assert (folder / "adults.md").read_text() == "a colleague's draft, saved first"
    assert {p.name for p in done.kept} >= {"children.md", "adults.md"}
    assert (folder / "housing.md").exists()


def test_a_link_for_the_lock_or_the_journal_draft_is_never_written_through(
        example: Path, tmp_path: Path) -> None:
    build(example, "2017Q3", formats=["html"])
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    outputs = example / "output"
    (outputs / ".2017Q3.journal.new").symlink_to(victim)
    data = example / Q / "children.csv"
    data.write_text(data.read_text().replace("803", "804", 1))
    build(example, "2017Q3", formats=["html"])
    assert victim.read_text() == "keep me"
    (outputs / ".2017Q3.lock").unlink()
    (outputs / ".2017Q3.lock").symlink_to(victim)
    data.write_text(data.read_text().replace("804", "805", 1))
    with pytest.raises(ReportError) as caught:
        build(example, "2017Q3", formats=["html"])
    assert str(caught.value.problems[0].location) == "output/2017Q3"
    assert victim.read_text() == "keep me"
    listed = json.loads((outputs / "2017Q3/manifest.json").read_text())["outputs"]
    assert "804" in (outputs / "2017Q3/kpis.csv").read_text() and listed  # as it was


def test_an_officers_own_file_in_the_output_folder_survives_a_killed_build(
        example: Path) -> None:
    first = build(example, "2017Q3", formats=["html"])
    (first.folder / "notes.txt").write_text("mine")
    journal = example / "output/.2017Q3.journal"
    staging = example / "output/.staging-2017Q3-abc"
    staging.mkdir()
    (staging / "children.html").write_text("the killed build's page")
    journal.write_text(json.dumps({"staging": staging.name, "moves": ["children.html"],
                                   "removes": ["housing.html"]}))
    again = build(example, "2017Q3", formats=["html"])
    assert (first.folder / "notes.txt").read_text() == "mine"  # never named: left alone
    assert not journal.exists() and not staging.exists()
    # the journal was finished, then found not to be the manifest's set, so all rebuilt
    assert {"children.html", "housing.html"} <= {p.name for p in again.written}
    assert os.path.getsize(first.folder / "children.html") > 1000
