"""The command line: exact messages and exit statuses."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from reportgen.cli import main


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_bad_quarter_is_a_usage_error(example: Path) -> None:
    code, _, err = run("build", "2017Q5", "-C", str(example))
    assert code == 2
    assert "'2017Q5' is not a quarter: expected YYYYQn, e.g. 2017Q3" in err


def test_validate_clean_example(example: Path) -> None:
    code, out, _ = run("validate", "2017Q3", "-C", str(example))
    assert (code, out) == (0, "0 errors, 0 warnings\n")


def test_user_mistake_gets_file_line_and_exit_1(example: Path) -> None:
    data = example / "data" / "quarters" / "2017Q3" / "children.csv"
    lines = data.read_text().splitlines()
    lines[3] = "CS-LAC-1,803,"
    data.write_text("\n".join(lines) + "\n")
    code, out, err = run("build", "2017Q3", "-C", str(example))
    assert code == 1
    assert ("data/quarters/2017Q3/children.csv:4: error: unknown KPI 'CS-LAC-1' — "
            "did you mean 'CS-LAC-01'?") in err
    assert "nothing was written" in err
    assert "Traceback" not in out + err
    assert not (example / "output").exists()
    code, out, _ = run("validate", "2017Q3", "-C", str(example), "--format", "json")
    assert code == 1
    [unknown] = [p for p in json.loads(out) if "unknown KPI" in p["message"]]
    assert unknown["line"] == 4


def test_build_reports_progress_and_result(example: Path) -> None:
    code, out, err = run("build", "2017Q3", "-C", str(example), "--format", "html",
                         "-d", "children", "--verbose")
    assert code == 0
    assert "s  Rendering Children's Services (en)…" in err
    assert "s  Rendering Children's Services (cy)…" in err
    assert out.startswith("Built 8 files in ")  # children and index in English and Welsh


def test_no_project_here(tmp_path: Path) -> None:
    code, out, _ = run("validate", "2017Q3", "-C", str(tmp_path))
    assert code == 1
    assert out.startswith("reportgen.yaml: error: no reportgen.yaml here")


def test_every_command_has_help() -> None:
    for name, command in main.commands.items():
        assert command.help, f"{name} has no help text"
        code, out, _ = run(name, "--help")
        assert code == 0 and "Usage:" in out


def test_init_then_build_then_new(tmp_path: Path) -> None:
    project = tmp_path / "council"
    code, out, _ = run("init", str(project))
    assert code == 0 and "created reportgen.yaml" in out
    code, _, err = run("build", "2017Q3", "-C", str(project), "--format", "html")
    assert code == 0, err
    assert (project / "output" / "2017Q3" / "children.html").is_file()
    code, out, _ = run("new", "2017Q4", "-C", str(project))
    assert code == 0
    assert "created data/quarters/2017Q4/children.csv" in out
    assert (project / "data/quarters/2017Q4/children.csv").read_text() == (
        "kpi,value,note,title\n"
        "CS-LAC-01,,,Number of looked after children at the end of the quarter\n"
        "CS-SWV-VAC,,,Vacant social worker posts (full-time equivalent)\n"
        "CS-SWV-INPOST,,,Social workers in post (full-time equivalent)\n")
    carried = (project / "narratives/2017Q4/children.md").read_text()
    assert carried.startswith("---\ntitle: Children's Services\nstatus: draft\n")
    code, out, _ = run("new", "2017Q4", "-C", str(project))
    assert "kept    narratives/2017Q4/children.md (already there)" in out
    code, out, err = run("init", str(project))
    assert code == 1 and "created" not in out  # an existing project is refused
    assert "this folder is already a report project" in err
