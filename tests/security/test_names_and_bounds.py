"""Input the tool cannot name or lay out: impossible quarters, ids too long to be file names,
narratives that draw thousands of blocks, characters that do not show, UTF-16 exports."""

from __future__ import annotations

import csv
import io
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


def test_a_narrative_draws_at_most_100_blocks(example: Path) -> None:
    narrative = example / "narratives/2017Q3/children.md"
    text = narrative.read_text()
    first = len(text.splitlines()) + 2  # the first added chart: after a blank line
    narrative.write_text(text + "".join('\n{{ chart("CS-LAC-01") }}\n' for _ in range(3000)))
    code, out = run(example, "validate", "2017Q3")
    # two blocks are drawn above; the 99th added, on line first + 2 × 98, is the 101st
    line = first + 2 * 98
    assert code == 1
    assert (f"narratives/2017Q3/children.md:{line}: error: the narrative draws more than 100 "
            "charts and KPI tables") in out
    assert out.count("draws more than 100") == 1


def test_invisible_characters_are_named_by_code_point(example: Path) -> None:
    data = example / Q / "adults.csv"
    lines = data.read_text().splitlines()
    lines[1] = lines[1].split(",")[0] + ",8\u200b03,"
    data.write_text("\n".join(lines) + "\n")
    code, out = run(example, "validate", "2017Q3")
    assert code == 1
    assert f"{Q}/adults.csv:2: error: '8<U+200B zero width space>03' is not a number" in out
    assert "\u200b" not in out


@pytest.mark.parametrize("encoding", ["utf-16-le-bom", "utf-16-be-bom", "utf-16-le", "utf-8"])
def test_unicode_text_from_excel_is_read(example: Path, encoding: str) -> None:
    """Excel's "Unicode Text": UTF-16 with a byte-order mark, columns separated by tabs."""
    data = example / Q / "housing.csv"
    before = run(example, "build", "2017Q3", "--format", "html")
    assert before[0] == 0
    figures = (example / "output/2017Q3/kpis.csv").read_text()
    rows = list(csv.reader(io.StringIO(data.read_text())))
    out = io.StringIO()
    csv.writer(out, delimiter="\t").writerows(rows)  # as Excel lays it out: \r\n, tabs
    text = out.getvalue()
    data.write_bytes({
        "utf-16-le-bom": b"\xff\xfe" + text.encode("utf-16-le"),
        "utf-16-be-bom": b"\xfe\xff" + text.encode("utf-16-be"),
        "utf-16-le": text.encode("utf-16-le"),
        "utf-8": text.encode("utf-8"),
    }[encoding])
    code, out = run(example, "build", "2017Q3", "--format", "html")
    assert code == 0, out
    assert (example / "output/2017Q3/kpis.csv").read_text() == figures  # the same figures
