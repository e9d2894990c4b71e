"""`reportgen docs`: the reference pages travel with the package and messages name them."""

from __future__ import annotations

from click.testing import CliRunner

from reportgen.cli import main
from reportgen.commands.reference import page

from ..conftest import REPO


def test_lists_every_page_with_its_title() -> None:
    result = CliRunner().invoke(main, ["docs"])
    assert result.exit_code == 0
    assert "  formats        File formats\n" in result.stdout
    listed = {line.split()[0] for line in result.stdout.splitlines()[:-1]}
    assert listed == {p.stem for p in (REPO / "docs").glob("*.md")}


def test_prints_one_page_by_any_spelling() -> None:
    result = CliRunner().invoke(main, ["docs", "Formats.md"])
    assert result.exit_code == 0
    assert result.stdout == (REPO / "docs" / "formats.md").read_text(encoding="utf-8")
    assert page("checks").title == "What `reportgen validate` checks"


def test_unknown_page_is_a_usage_error_with_a_suggestion() -> None:
    result = CliRunner().invoke(main, ["docs", "format"])
    assert result.exit_code == 2
    assert result.stderr == "Error: no reference page 'format': did you mean 'formats'?\n"


def test_no_message_points_at_the_readme() -> None:
    sources = [*(REPO / "reportgen").rglob("*.py"),
               REPO / "reportgen/commands/skeleton/reportgen.yaml"]
    pointing = [p.name for p in sources if "the README" in p.read_text(encoding="utf-8")]
    assert pointing == []


def test_the_writers_guide_covers_every_expression() -> None:
    from reportgen.narrative.expressions import BudgetView, KpiView

    result = CliRunner().invoke(main, ["docs", "writing"])
    assert result.exit_code == 0
    guide = result.stdout
    assert guide.startswith("# Writing your directorate's narrative")
    assert '{{ kpi("CS-LAC-01").change_words }}' in guide and "rose by 19 (2.4%)" in guide
    # every figure and word an expression offers is in the guide with an example, and in
    # the reference table of docs/formats.md
    formats = (REPO / "docs" / "formats.md").read_text(encoding="utf-8")
    for view in (KpiView, BudgetView):
        for name, member in vars(view).items():
            if isinstance(member, property) and name != "value":  # the same as kpi(…)
                assert f".{name}" in guide, name
                assert f".{name}" in formats, name
    for section in ("## Sections", "## Your own tables", "## Pasting from Word", "## Approval"):
        assert section in guide
