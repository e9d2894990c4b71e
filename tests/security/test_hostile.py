"""Hostile and careless files: nothing read from outside the project, nothing written outside
output/, no flood of messages; each refusal located, with nothing published."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli import capped, main
from reportgen.commands.build import build, check
from reportgen.errors import Location, Problem, ReportError
from reportgen.publish.exports import csv_record
from reportgen.publish.writing import previous_outputs, publish
from reportgen.safe.files import MB, project_file, read_bytes, read_utf8

from ..conftest import QUARTER

Q = f"data/quarters/{QUARTER}"


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def only_problem(caught: pytest.ExceptionInfo[ReportError]) -> str:
    assert len(caught.value.problems) == 1, caught.value.problems
    return str(caught.value.problems[0])


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file outside the project that must never be read into a report."""
    path = tmp_path / "outside" / "secret.csv"
    path.parent.mkdir()
    path.write_text("kpi,value,note\nHC-HP-02,1,the password is hunter2\n")
    return path


# --- symbolic links, devices and sizes when reading --------------------------------------


def test_a_link_to_a_file_outside_the_project_is_refused(example: Path, secret: Path) -> None:
    link = example / Q / "housing.csv"
    link.unlink()
    link.symlink_to(secret)
    with pytest.raises(ReportError) as caught:
        read_bytes(link, f"{Q}/housing.csv")
    assert only_problem(caught) == (
        f"{Q}/housing.csv: error: is a link to {secret}, outside the project — copy the file "
        "into the project instead of linking to it: a report reads only files inside its own "
        "project")


def test_a_linked_folder_outside_the_project_is_refused(example: Path, secret: Path) -> None:
    narratives = example / "narratives"
    (narratives / QUARTER / "housing.md").rename(secret.parent / "housing.md")
    os.symlink(secret.parent, narratives / "elsewhere")
    with pytest.raises(ReportError) as caught:
        read_utf8(narratives / "elsewhere" / "housing.md", "narratives/elsewhere/housing.md")
    assert "is a link to" in only_problem(caught)
    assert "outside the project" in only_problem(caught)


def test_a_link_inside_the_project_is_followed(example: Path) -> None:
    target = example / Q / "housing.csv"
    link = example / "data" / "alias.csv"
    link.symlink_to(target)
    assert read_bytes(link, "data/alias.csv") == target.read_bytes()


def test_build_refuses_a_narrative_linked_outside_and_publishes_nothing(
        example: Path, secret: Path) -> None:
    narrative = example / "narratives" / QUARTER / "housing.md"
    secret.write_text("---\nstatus: draft\n---\n## Key Areas of Progress\n\nhunter2\n")
    narrative.unlink()
    narrative.symlink_to(secret)
    with pytest.raises(ReportError) as caught:
        build(example, QUARTER, formats=["html"])
    assert [str(p.location) for p in caught.value.problems] == [
        f"narratives/{QUARTER}/housing.md"]
    assert "outside the project" in caught.value.problems[0].message
    assert not (example / "output").exists()


def test_validate_refuses_a_data_file_linked_outside(example: Path, secret: Path) -> None:
    data = example / Q / "housing.csv"
    data.unlink()
    data.symlink_to(secret)
    _, problems = check(example, QUARTER)
    assert f"{Q}/housing.csv" in [p.location.path for p in problems.errors]
    assert not any("hunter2" in str(p) for p in problems)


def test_a_pipe_is_refused_without_waiting_for_a_writer(example: Path) -> None:
    fifo = example / Q / "endless.csv"
    os.mkfifo(fifo)
    with pytest.raises(ReportError) as caught:
        read_bytes(fifo, f"{Q}/endless.csv")
    assert only_problem(caught) == (
        f"{Q}/endless.csv: error: is a device, pipe or socket, not an ordinary file — replace "
        "it with an ordinary file: a report never reads from these")


def test_a_device_is_refused_even_without_a_project_root() -> None:
    with pytest.raises(ReportError) as caught:
        read_bytes(Path("/dev/zero"), "/dev/zero")
    assert "is a device, pipe or socket" in only_problem(caught)


def test_a_link_to_a_device_is_refused(example: Path) -> None:
    link = example / Q / "zero.csv"
    link.symlink_to("/dev/zero")
    with pytest.raises(ReportError) as caught:
        read_bytes(link, f"{Q}/zero.csv")
    assert "outside the project" in only_problem(caught)


def test_an_oversized_file_is_refused_before_it_is_read(example: Path) -> None:
    big = example / Q / "huge.csv"
    with big.open("wb") as handle:
        handle.truncate(50 * MB + 1)  # sparse: costs no disk space
    with pytest.raises(ReportError) as caught:
        read_bytes(big, f"{Q}/huge.csv")
    assert only_problem(caught) == (
        f"{Q}/huge.csv: error: is 50.0 MB, over the 50 MB a project file of this kind may be — "
        "check that it is the right file; split a larger data file by quarter")


def test_text_files_have_a_smaller_bound(example: Path) -> None:
    narrative = example / "narratives" / QUARTER / "housing.md"
    narrative.write_text("x" * (2 * MB + 1))
    with pytest.raises(ReportError, match="over the 2 MB"):
        read_utf8(narrative, f"narratives/{QUARTER}/housing.md")
    narrative.write_text("x" * (2 * MB))
    assert len(read_utf8(narrative, f"narratives/{QUARTER}/housing.md")) == 2 * MB


def test_a_loop_of_links_is_located(example: Path) -> None:
    (example / "data" / "a.csv").symlink_to(example / "data" / "b.csv")
    (example / "data" / "b.csv").symlink_to(example / "data" / "a.csv")
    with pytest.raises(ReportError) as caught:
        read_bytes(example / "data" / "a.csv", "data/a.csv")
    assert "data/a.csv: error:" in only_problem(caught)


# --- odd names --------------------------------------------------------------------------------


def test_a_nul_byte_in_a_name_is_located(example: Path) -> None:
    with pytest.raises(ReportError) as caught:
        read_bytes(example / "branding" / "lo\0go.svg", "branding/lo\0go.svg")
    assert "has a NUL character in its name" in only_problem(caught)
    where = Location("reportgen.yaml", 9)
    with pytest.raises(ReportError) as caught:
        project_file(example, example / "a\0b.png", "a\0b.png", at=where)
    assert str(caught.value.problems[0]).startswith(
        "reportgen.yaml:9: error: 'a\0b.png' has a NUL character in its name")


@pytest.mark.parametrize("name", ["x" * 300 + ".png", "/".join(["abcdefgh"] * 600)])
def test_an_over_long_name_is_located(example: Path, name: str) -> None:
    with pytest.raises(ReportError) as caught:
        read_bytes(example / name, name)
    assert caught.value.problems[0].location == Location(name)
    assert "has a name too long for the file system" in caught.value.problems[0].message


# --- never written through a link, and nothing stale left ---------------------------------


def test_an_output_folder_that_is_a_link_is_refused(example: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (example / "output").mkdir()
    (example / "output" / QUARTER).symlink_to(elsewhere)
    with pytest.raises(ReportError) as caught:
        build(example, QUARTER, formats=["html"])
    assert only_problem(caught) == (
        f"output/{QUARTER}: error: is a symbolic link: reportgen writes only into real folders "
        f"inside the project — delete the link output/{QUARTER} (the build makes the folder)")
    assert list(elsewhere.iterdir()) == []
    assert not list((example / "output").glob(".staging-*"))


def test_an_output_root_that_is_a_link_is_refused(example: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (example / "output").symlink_to(elsewhere)
    with pytest.raises(ReportError, match=r"^output: error: is a symbolic link"):
        publish(example / "output" / QUARTER, {"index.html": b"x"}, f"output/{QUARTER}")
    assert list(elsewhere.iterdir()) == []


def test_an_output_file_that_is_a_link_is_never_written_through(example: Path,
                                                              tmp_path: Path) -> None:
    build(example, QUARTER, formats=["html"])
    folder = example / "output" / QUARTER
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (folder / "housing.html").unlink()
    (folder / "housing.html").symlink_to(victim)
    before = snapshot(folder)
    with pytest.raises(ReportError) as caught:
        build(example, QUARTER, formats=["html"])
    assert str(caught.value.problems[0].location) == f"output/{QUARTER}/housing.html"
    assert victim.read_text() == "keep me"
    assert snapshot(folder) == before


def test_an_html_only_build_removes_the_previous_pdfs(example: Path) -> None:
    build(example, QUARTER)
    folder = example / "output" / QUARTER
    assert (folder / "housing.pdf").exists()
    (folder / "notes.txt").write_text("an officer's own file")
    build(example, QUARTER, formats=["html"])
    listed = json.loads((folder / "manifest.json").read_text())["outputs"]
    assert sorted(p.name for p in folder.iterdir()) == sorted([*listed, "manifest.json",
                                                               "notes.txt"])
    assert not list(folder.glob("*.pdf"))
    assert (folder / "notes.txt").read_text() == "an officer's own file"


def test_a_one_directorate_build_leaves_only_what_it_built(example: Path) -> None:
    build(example, QUARTER, formats=["html"])
    build(example, QUARTER, directorates=["housing"], formats=["html"])
    folder = example / "output" / QUARTER
    assert sorted(p.name for p in folder.iterdir()) == [
        "budget.csv", "figures.json", "housing.cy.html", "housing.html", "index.cy.html",
        "index.html", "kpis.csv", "manifest.json"]


def test_a_hostile_manifest_cannot_remove_files_elsewhere(example: Path) -> None:
    folder = example / "output" / QUARTER
    folder.mkdir(parents=True)
    (folder / "old.pdf").write_bytes(b"old")
    (folder / "manifest.json").write_text(json.dumps({"outputs": {
        "../../kpis.yaml": "", "/etc/hostname": "", "old.pdf": "", "..": "", "": ""}}))
    assert previous_outputs(folder) == {"old.pdf"}
    publish(folder, {"manifest.json": b"{}\n"}, f"output/{QUARTER}")
    assert (example / "kpis.yaml").exists()
    assert not (folder / "old.pdf").exists()


# --- exports that would attack their readers --------------------------------------------


def test_formula_text_is_defused_but_numbers_stay_numbers() -> None:
    record = {"title": "=HYPERLINK(\"http://x.test\",\"click\")", "note": "+44 1234",
              "ref": "@SUM(A1)", "section": "-2+3", "unit": "\tcount", "kpi": "\rX",
              "quarter": "2017Q3", "value": -12.5, "change": -3.0, "target": None}
    assert csv_record(record) == {
        "title": "'=HYPERLINK(\"http://x.test\",\"click\")", "note": "'+44 1234",
        "ref": "'@SUM(A1)", "section": "'-2+3", "unit": "'\tcount", "kpi": "'\rX",
        "quarter": "2017Q3", "value": -12.5, "change": -3.0, "target": None}


def test_exported_csv_cannot_carry_a_formula_or_a_control_character(example: Path) -> None:
    data = example / Q / "housing.csv"
    data.write_text(data.read_text().replace(
        "HC-HP-02,447,", 'HC-HP-02,447,"=cmd|\' /C calc\'!A0"').replace(
        "HC-HP-THREAT,201,", "HC-HP-THREAT,201,@SUM(1+1)\x0cpage"))
    build(example, QUARTER, formats=["html"])
    folder = example / "output" / QUARTER
    rows = {r["kpi"]: r for r in csv.DictReader(io.StringIO((folder / "kpis.csv").read_text()))}
    assert rows["HC-HP-02"]["note"] == "'=cmd|' /C calc'!A0"
    assert rows["HC-HP-THREAT"]["note"] == "'@SUM(1+1)page"
    assert rows["HC-HP-02"]["value"] == "447.0"
    negative = [r["change"] for r in rows.values() if r["change"].startswith("-")]
    assert negative and all(float(c) < 0 for c in negative)  # numbers are never quoted
    figures = json.loads((folder / "figures.json").read_text())
    notes = {k["kpi"]: k["note"] for k in figures["kpis"]}
    assert notes["HC-HP-02"] == "=cmd|' /C calc'!A0"  # JSON is for programs: kept as written
    assert notes["HC-HP-THREAT"] == "@SUM(1+1)page"


# --- error floods ---------------------------------------------------------------------------


def _problems(path: str, count: int) -> list[Problem]:
    return [Problem(Location(path, n), "bad") for n in range(1, count + 1)]


def test_printed_problems_are_capped_per_file() -> None:
    lines = list(capped([*_problems("a.csv", 25), *_problems("b.csv", 3)], QUARTER))
    assert len(lines) == 20 + 1 + 3
    assert lines[19] == "a.csv:20: error: bad"
    assert lines[20] == (f"a.csv: … and 5 more in this file (reportgen validate {QUARTER} "
                         "--format json lists them all)")
    assert lines[21:] == ["b.csv:1: error: bad", "b.csv:2: error: bad", "b.csv:3: error: bad"]
    assert list(capped(_problems("c.csv", 20), QUARTER)) == [
        f"c.csv:{n}: error: bad" for n in range(1, 21)]


def test_validate_prints_a_few_and_json_keeps_all(example: Path) -> None:
    rows = "".join(f"XX-{n:05d},{n},\n" for n in range(1200))
    (example / Q / "flood.csv").write_text("kpi,value,note\n" + rows)
    result = CliRunner().invoke(main, ["validate", QUARTER, "-C", str(example)])
    flood = [line for line in result.stdout.splitlines() if line.startswith(f"{Q}/flood.csv")]
    assert result.exit_code == 1
    assert len(flood) == 21
    assert flood[-1] == (f"{Q}/flood.csv: … and 1,180 more in this file (reportgen validate "
                         f"{QUARTER} --format json lists them all)")
    assert result.stdout.splitlines()[-1] == "1200 errors, 0 warnings"
    result = CliRunner().invoke(main, ["validate", QUARTER, "-C", str(example),
                                       "--format", "json"])
    found = json.loads(result.stdout)
    assert len([p for p in found if p["path"] == f"{Q}/flood.csv"]) == 1200


def test_a_file_name_cannot_send_escape_sequences_to_the_terminal() -> None:
    lines = list(capped([Problem(Location("data/\x1b[2J\x1b]0;owned\x07.csv", 3), "bad")],
                        QUARTER))
    assert lines == ["data/\\x1b[2J\\x1b]0;owned\\x07.csv:3: error: bad"]
