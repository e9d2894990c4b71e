"""Messages that stop at the cause: one mistake, one message, with the value meant."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli import main


def validate(root: Path) -> list[str]:
    result = CliRunner().invoke(main, ["validate", "2017Q3", "-C", str(root)])
    return [line for line in result.stdout.splitlines() + result.stderr.splitlines()
            if ": error: " in line or ": warning: " in line]


def test_a_bad_polarity_is_one_message_with_the_value_meant(example: Path) -> None:
    # CS-LAC-02 is read from imports/ through codes: its rows and its code were each
    # reported as an unknown KPI as well
    kpis = example / "kpis.yaml"
    text = kpis.read_text(encoding="utf-8")
    start = text.index("- id: CS-LAC-02")
    at = text.index("polarity: neutral", start)
    kpis.write_text(text[:at] + "polarity: lower is better" + text[at + 17:], encoding="utf-8")
    errors = [line for line in validate(example) if ": error: " in line]
    assert len(errors) == 1, errors
    assert errors[0].startswith("kpis.yaml:")
    assert "CS-LAC-02.polarity" in errors[0]
    assert errors[0].endswith("did you mean 'lower_is_better'?")


def test_a_figure_from_a_source_without_notes_gets_advice_that_fits(example: Path) -> None:
    # CS-SWC-01 (red) read from an export with no commentary column, not talked of in the
    # narrative: the advice was "add a note in the CSV's note column"
    data = example / "data/quarters/2017Q3/children.csv"
    data.write_text("".join(line for line in data.read_text(encoding="utf-8")
                            .splitlines(keepends=True) if not line.startswith("CS-SWC-01,")),
                    encoding="utf-8")
    (example / "imports/caseloads.csv").write_text("kpi,period,value\nCS-SWC-01,2017Q3,19.6\n",
                                                   encoding="utf-8")
    config = example / "reportgen.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "sources:\n", "sources:\n  - file: imports/caseloads.csv\n", 1), encoding="utf-8")
    narrative = example / "narratives/2017Q3/children.md"
    text = narrative.read_text(encoding="utf-8")
    narrative.write_text("\n".join(line for line in text.splitlines()
                                   if "CS-SWC-01" not in line) + "\n", encoding="utf-8")
    line = config.read_text(encoding="utf-8").splitlines().index(
        "  - file: imports/caseloads.csv") + 1
    [warning] = [line for line in validate(example) if "CS-SWC-01 is red" in line]
    assert warning.startswith("imports/caseloads.csv:2: warning:")
    assert "name the column of imports/caseloads.csv that holds commentary with note: under " \
           f"its source in reportgen.yaml (line {line})" in warning
    assert "CSV's note column" not in warning


def test_an_unreadable_approval_date_is_not_also_not_approved(example: Path) -> None:
    narrative = example / "narratives/2017Q3/children.md"
    text = narrative.read_text(encoding="utf-8")
    narrative.write_text(text.replace("status: draft", "status: approved", 1)
                         .replace("approved_by:\n", "approved_by: Jane Smith\n", 1)
                         .replace("approved_on:\n", "approved_on: 24/01/2018\n", 1),
                         encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "2017Q3", "-C", str(example), "--publish",
                                       "--format", "html"])
    about = [line for line in result.stderr.splitlines()
             if line.startswith("narratives/2017Q3/children.md")]
    assert len(about) == 1, about
    assert "approved_on" in about[0] and "not approved" not in about[0]


def test_minus_q_means_quiet_in_every_command() -> None:
    for name, command in main.commands.items():  # type: ignore[attr-defined]
        for param in command.params:
            if "-q" in getattr(param, "opts", []):
                assert param.name == "quiet", f"reportgen {name} -q means --{param.name}"


def test_a_forced_build_does_not_say_nothing_was_rebuilt(example: Path) -> None:
    args = ["build", "2017Q3", "-C", str(example), "--format", "html"]
    assert CliRunner().invoke(main, args).exit_code == 0
    again = CliRunner().invoke(main, [*args, "--force"])
    assert again.exit_code == 0
    assert "Nothing to rebuild" not in again.stdout
    assert again.stdout.startswith("Rebuilt every file in ")
    assert "Nothing to rebuild" in CliRunner().invoke(main, args).stdout  # without --force


def test_a_changed_builtin_template_rebuilds(example: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A checkout whose built-in template changed (same version number) is not 'up to
    date': the build's key holds the built-in theme's bytes."""
    from reportgen.commands.build import build
    from reportgen.commands.progress import Reporter
    from reportgen.render import theme

    class Steps(Reporter):
        def __init__(self) -> None:
            self.said: list[str] = []

        def step(self, message: str) -> None:
            self.said.append(message)

    build(example, "2017Q3", formats=["html"])
    unchanged = Steps()
    build(example, "2017Q3", formats=["html"], reporter=unchanged)
    assert unchanged.said == ["2017Q3 is up to date"]
    copy = tmp_path / "templates"
    shutil.copytree(theme.BUILTIN, copy)
    with (copy / "report.css").open("a", encoding="utf-8") as css:
        css.write("\n.council { letter-spacing: 0.03em; }\n")
    monkeypatch.setattr(theme, "BUILTIN", copy)
    changed = Steps()
    build(example, "2017Q3", formats=["html"], reporter=changed)
    assert "2017Q3 is up to date" not in changed.said


def test_a_council_with_no_budget_gets_no_budget_page(example: Path) -> None:
    from reportgen.commands.build import build

    (example / "data/quarters/2017Q3/budget.csv").unlink()
    for narrative in (example / "narratives/2017Q3").glob("*.md"):
        text = narrative.read_text(encoding="utf-8")  # the budget section is the last
        narrative.write_text(text[:text.rindex("\n## ")] + "\n", encoding="utf-8")
    result = build(example, "2017Q3", formats=["html"])
    page = (result.folder / "children.html").read_text(encoding="utf-8")
    assert 'id="budget"' not in page and "No budget figures were supplied" not in page


def test_the_key_is_in_plain_words_and_explains_the_comparator(example: Path) -> None:
    from reportgen.commands.build import build

    page = (build(example, "2017Q3", formats=["html"]).folder / "children.html").read_text(
        encoding="utf-8")
    key = page[page.index('<p class="key">How to read the tables.'):]
    key = key[:key.index("</p>")]
    assert "target missed by more than the agreed margin" in key
    assert "from 10% to 12% is a rise of 2 percentage points" in key
    assert "<strong>Family group average</strong>: the mean of the three councils in " \
           "Glanmor&#39;s benchmarking family group" in key
    # "pp" is written out where a reader first meets it: the summary's first such change
    summary = page[page.index('id="summary"'):page.index('<div class="narrative">')]
    first = re.search(r"\dpp\b|\(pp\)", summary)
    assert first is not None and first[0] == "(pp)", "pp is used before it is written out"
    assert summary.count("percentage points (pp)") == 1
    # KPI ids are in the glossary, not under every title, unless the council asks
    assert "CS-LAC-01 · context measure" not in page and "(CS-LAC-01)" in page
    config = example / "reportgen.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "kpi_ids: tables\n",
                      encoding="utf-8")
    page = (build(example, "2017Q3", formats=["html"]).folder / "children.html").read_text(
        encoding="utf-8")
    assert "CS-LAC-01 · context measure" in page
