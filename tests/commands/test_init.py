"""`reportgen init`: refuses to mix into existing work; makes an example or an empty project."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from click.testing import CliRunner

from reportgen.cli import main
from reportgen.commands.build import check
from reportgen.commands.scaffold import current_quarter, data_template
from reportgen.quarters import Quarter


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_a_folder_with_files_is_refused_unless_forced(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    code, out, err = run("init", str(tmp_path))
    assert code == 1 and out == ""
    assert err == (f"{tmp_path.as_posix()}: error: the folder is not empty — run reportgen "
                   "init in a new or empty folder, or pass --force to write the project's "
                   "files beside what is there (existing files are never overwritten)\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    code, out, _ = run("init", str(tmp_path), "--force")
    assert code == 0 and "created reportgen.yaml" in out
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_an_existing_project_is_refused(tmp_path: Path) -> None:
    assert run("init", str(tmp_path / "p"))[0] == 0
    config = tmp_path / "p" / "reportgen.yaml"
    config.write_text(config.read_text().replace("Example Borough", "Glanmor"))
    code, _, err = run("init", str(tmp_path / "p"))
    assert code == 1 and "this folder is already a report project" in err
    code, out, _ = run("init", str(tmp_path / "p"), "--force")
    assert code == 0 and "kept    reportgen.yaml (already there)" in out
    assert "Glanmor" in config.read_text()


def test_hidden_entries_do_not_count(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    assert run("init", str(tmp_path))[0] == 0


def test_empty_project_validates_clean(tmp_path: Path) -> None:
    target = tmp_path / "empty"
    code, out, _ = run("init", str(target), "--empty", "--quarter", "2018Q1")
    assert code == 0
    assert "created data/quarters/2018Q1/services.csv" in out
    assert "reportgen build 2018Q1" in out
    assert not (target / "data/quarters/2017Q3").exists()  # no example data mixed in
    _, problems = check(target, "2018Q1", render=True)
    assert problems.errors == []
    code, out, _ = run("validate", "2018Q1", "-C", str(target))
    # the history the charts lack, and the example measure's figure still to enter
    assert code == 0 and out.endswith("0 errors, 2 warnings\n")
    assert "services.csv:2: warning: EX-01" in out and "has no figure for 2018Q1" in out


def test_current_quarter_follows_the_financial_year() -> None:
    assert current_quarter(date(2017, 11, 23)) == Quarter(2017, 3)
    assert current_quarter(date(2018, 2, 1)) == Quarter(2017, 4)
    assert current_quarter(date(2018, 4, 1)) == Quarter(2018, 1)
    assert current_quarter(date(2018, 2, 1), start_month=1) == Quarter(2018, 1, 1)


def test_data_template_quotes_titles_for_spreadsheets() -> None:
    assert data_template([("A-1", 'Homes "let", in days'), ("A-2", "=SUM(A1)")]) == (
        'kpi,value,note,title\nA-1,,,"Homes ""let"", in days"\nA-2,,,\'=SUM(A1)\n')
