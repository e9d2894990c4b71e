"""Input the tool cannot name or lay out: impossible quarters, ids too long to be file names,
narratives that draw thousands of blocks, characters that do not show, UTF-16 exports."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.quarters import Quarter

Q = "data/quarters/2017Q3"


def run(project: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, "-C", str(project)])
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exception
    assert "Traceback" not in result.output
    return result.exit_code, result.output


@pytest.mark.parametrize("command", ["build", "new", "validate", "status", "serve"])
@pytest.mark.parametrize("quarter", ["0000Q1", "9999Q4", "1899Q4", "3000Q1"])
def test_a_quarter_out_of_any_report_is_a_usage_error(example: Path, command: str,
                                                      quarter: str) -> None:
    code, out = run(example, command, quarter)
    assert code == 2
    assert f"'{quarter}' is not a quarter reportgen can report on: the year must be from " \
        "1900 to 2999" in out
    assert not (example / "data/quarters" / quarter).exists()


def test_the_first_and_last_quarters_have_dates() -> None:
    first, last = Quarter.parse("1900Q1"), Quarter.parse("2999Q4")
    # 1899Q4 is January to March 1900; 3000Q1 is April to June 3000
    assert (first.previous.start.year, last.next.end.year) == (1900, 3000)
    assert str(Quarter(5, 1)) == "0005Q1"  # the form it was read in, so it reads back


def test_a_directorate_id_too_long_for_a_file_name(example: Path) -> None:
    settings = example / "reportgen.yaml"
    settings.write_text(settings.read_text().replace("  - id: children", "  - id: " + "a" * 300))
    line = settings.read_text().splitlines().index("  - id: " + "a" * 300) + 1
    for command in ("build", "validate", "new"):
        code, out = run(example, command, "2017Q3" if command != "new" else "2018Q1")
        assert code == 1, command
        assert f"reportgen.yaml:{line}: error: directorates.0.id: 'aaaaaaaaaaaaaaaaaaaa…' is " \
            "300 characters long, more than the 64 an id may be" in out
