"""Progress and output: a status line on a terminal only, --quiet, --verbose, a summary."""

from __future__ import annotations

import io
from pathlib import Path

from click.testing import CliRunner

from reportgen.cli import main
from reportgen.commands.progress import LineReporter, Reporter, StatusLineReporter, reporter_for


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_the_reporter_suits_where_the_output_goes() -> None:
    assert type(reporter_for(io.StringIO())) is Reporter  # a file or a CI log: quiet
    assert isinstance(reporter_for(Terminal()), StatusLineReporter)
    assert isinstance(reporter_for(Terminal(), verbose=True), LineReporter)
    assert type(reporter_for(Terminal(), quiet=True)) is Reporter


def test_the_status_line_is_rewritten_then_cleared() -> None:
    screen = Terminal()
    reporter = StatusLineReporter(screen, width=30)
    reporter.step("Checking 2017Q3")
    reporter.step("Rendering a directorate with a very long name indeed")
    reporter.finish()
    parts = screen.getvalue().split("\r\x1b[K")
    assert parts[0] == "" and parts[1].startswith("[1] Checking 2017Q3… ")
    assert parts[2].startswith("[2] Rendering") and len(parts[2]) == 30
    assert parts[3] == "" and "\n" not in screen.getvalue()


def test_build_not_on_a_terminal_prints_warnings_and_a_summary_only(example: Path) -> None:
    (example / "narratives/2017Q3/adults.md").unlink()
    code, out, err = run("build", "2017Q3", "-C", str(example), "--format", "html")
    assert code == 0
    assert "Rendering" not in err and "\x1b" not in err
    assert err == ("narratives/2017Q3/adults.md: warning: Adult Services has no narrative for "
                   "2017Q3 — write narratives/2017Q3/adults.md; the report is built without "
                   "one\n")
    # each report and the overview in English and Welsh, and the four exports
    assert out.startswith("Built 12 files in ") and out.endswith("s (1 warning)\n")


def test_build_quiet_says_nothing_on_success(example: Path) -> None:
    (example / "narratives/2017Q3/adults.md").unlink()
    code, out, err = run("build", "2017Q3", "-C", str(example), "--format", "html", "-q")
    assert (code, out, err) == (0, "", "")


def test_build_quiet_still_prints_errors(example: Path) -> None:
    data = example / "data/quarters/2017Q3/children.csv"
    data.write_text(data.read_text().replace("CS-LAC-01,803,", "CS-LAC-01,eight,"))
    code, out, err = run("build", "2017Q3", "-C", str(example), "--quiet")
    assert code == 1 and out == ""
    assert err.startswith("data/quarters/2017Q3/children.csv:2:")
    assert err.endswith("1 error: nothing was written.\n")


def test_quiet_and_verbose_together_is_a_usage_error(example: Path) -> None:
    code, _, err = run("validate", "2017Q3", "-C", str(example), "-q", "-v")
    assert code == 2 and "--quiet and --verbose cannot be used together" in err


def test_validate_quiet_and_verbose(example: Path) -> None:
    (example / "narratives/2017Q3/adults.md").unlink()
    assert run("validate", "2017Q3", "-C", str(example), "-q") == (0, "", "")
    code, out, _ = run("validate", "2017Q3", "-C", str(example), "--quiet", "--strict")
    assert code == 1 and out.startswith("narratives/2017Q3/adults.md: warning:")
    code, out, _ = run("validate", "2017Q3", "-C", str(example), "--verbose")
    lines = out.splitlines()
    assert code == 0 and lines[-1] == "0 errors, 1 warning"
    assert lines[-2].startswith("Checked 2017Q3 in ")
    # two English narratives left and three Welsh ones
    assert lines[-2].endswith("s: 3 directorates, 51 KPIs, 5 narratives, every report rendered")
