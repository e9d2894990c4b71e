"""Config and catalogue: typed models, every problem at its YAML line."""

import re
from pathlib import Path

import pytest

from reportgen.errors import Problems, ReportError
from reportgen.load.catalogue import load_catalogue
from reportgen.load.config import load_config
from reportgen.load.kpis import Tolerance

CONFIG = """council: Test Council
directorates:
  - id: children
    name: Children's Services
"""


def messages(problems: Problems) -> list[str]:
    """The problems as printed, with pydantic's own words after 'Input should be' left out
    (another release words them differently): our location, field and hint stay."""
    return [ours(str(p)) for p in problems.sorted()]


def ours(message: str) -> str:
    return re.sub(r"(: Input should be ).*?( — )", r"\1…\2", message)


def test_tolerance_forms() -> None:
    assert Tolerance.parse("2%").kind == "relative"
    assert Tolerance.parse(15).kind == "absolute"
    assert Tolerance.parse("2pp").kind == "points"
    assert Tolerance.parse("10%").band(__import__("decimal").Decimal(780)) == 78
    with pytest.raises(ValueError, match="is not a tolerance"):
        Tolerance.parse("two")


def test_config_problems_at_their_lines(tmp_path: Path) -> None:
    (tmp_path / "reportgen.yaml").write_text(
        "council: Test Council\nfiscal_year_start_month: 13\nlanguage: [en]\n"
        "directorates:\n  - id: Children Services\n    name: Children\n")
    problems = Problems()
    assert load_config(tmp_path, problems) is None
    assert messages(problems) == [
        ours("reportgen.yaml:2: error: fiscal_year_start_month: Input should be less than or "
             "equal to 12 — see docs/formats.md (reportgen docs formats)"),
        "reportgen.yaml:3: warning: unknown setting key 'language' is ignored — "
        "did you mean 'languages'?",
        "reportgen.yaml:5: error: directorates.0.id: 'Children Services' is not a valid id: "
        "use lower-case letters, digits, '-' or '_' — see docs/formats.md "
        "(reportgen docs formats)",
    ]


def test_yaml_syntax_error_has_line_and_column(tmp_path: Path) -> None:
    (tmp_path / "reportgen.yaml").write_text("council: Test\ndirectorates:\n  - id: [x\n")
    with pytest.raises(ReportError) as caught:
        load_config(tmp_path, Problems())
    assert str(caught.value).startswith("reportgen.yaml:4:1: error: YAML syntax error:")


def test_missing_config_says_how_to_start(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="reportgen init DIR"):
        load_config(tmp_path, Problems())


def test_catalogue_problems(tmp_path: Path) -> None:
    (tmp_path / "reportgen.yaml").write_text(CONFIG)
    (tmp_path / "kpis.yaml").write_text("""\
- id: A
  title: A rate
  directorate: children
  unit: count
  tolerance: 2pp
  derived: {numerator: B, denominator: C}
- id: B
  title: B
  directorate: adults
  polarity: upwards
  derived: {numerator: A, denominator: A}
- id: A
  title: Again
  directorate: children
""")
    problems = Problems()
    config = load_config(tmp_path, problems)
    catalogue = load_catalogue(tmp_path, config, problems)
    assert list(catalogue.kpis) == ["A"]
    assert messages(problems) == [
        "kpis.yaml:1: error: KPI 'A' has a tolerance in percentage points but its unit is "
        "count — use 10% (relative) or 5 (absolute)",
        # B has an error of its own: A using it is not a second one
        "kpis.yaml:1: error: derived KPI 'A' uses unknown KPI 'C' — add it to the KPI "
        "catalogue (kpis.yaml)",
        ours("kpis.yaml:10: error: KPI B.polarity: Input should be 'higher_is_better', "
             "'lower_is_better' or 'neutral' — use one of the values listed"),
        "kpis.yaml:12: error: KPI 'A' is declared twice — the first is at kpis.yaml:1; "
        "remove or rename one",
    ]


def test_derived_cycle(tmp_path: Path) -> None:
    (tmp_path / "kpis.yaml").write_text("""\
- {id: A, title: A, directorate: children, derived: {numerator: B, denominator: C}}
- {id: B, title: B, directorate: children, derived: {numerator: A, denominator: C}}
- {id: C, title: C, directorate: children}
""")
    problems = Problems()
    load_catalogue(tmp_path, None, problems)
    assert messages(problems) == [
        "kpis.yaml:1: error: derived KPIs form a cycle: A → B → A — "
        "a KPI cannot be computed from itself"]


def test_catalogue_folder_is_concatenated(tmp_path: Path) -> None:
    (tmp_path / "kpis").mkdir()
    (tmp_path / "kpis" / "b.yaml").write_text("- {id: B, title: B, directorate: x}\n")
    (tmp_path / "kpis" / "a.yaml").write_text("- {id: A, title: A, directorate: x}\n")
    catalogue = load_catalogue(tmp_path, None, Problems())
    assert list(catalogue.kpis) == ["A", "B"]
    assert str(catalogue.locations["B"]) == "kpis/b.yaml:1"


@pytest.mark.parametrize(("text", "message"), [
    ("", "kpis.yaml: error: the catalogue file is empty — list the KPIs, each starting "
         "'- id: ...', or delete the file"),
    ("id: CS-1\ntitle: x\n", "kpis.yaml:1: error: the catalogue must be a list of KPIs — "
                             "start each KPI with '- id: ...'"),
])
def test_a_broken_catalogue_is_reported_once_not_per_data_row(example: Path, text: str,
                                                              message: str) -> None:
    from click.testing import CliRunner

    from reportgen.cli import main

    (example / "kpis.yaml").write_text(text)
    result = CliRunner().invoke(main, ["validate", "2017Q3", "-C", str(example)])
    assert result.exit_code == 1
    assert "unknown KPI" not in result.stdout
    assert message in result.stdout


def test_a_target_on_a_neutral_kpi_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "kpis.yaml").write_text(
        "- {id: LAC, title: Children looked after, directorate: children, target: {2017: 780}}\n")
    problems = Problems()
    load_catalogue(tmp_path, None, problems)
    assert messages(problems) == [
        "kpis.yaml:1: warning: KPI 'LAC' is neutral, so its target is not used — set polarity: "
        "higher_is_better or lower_is_better, or remove the target"]


def test_a_broken_entry_is_reported_once_not_again_where_it_is_used(example: Path) -> None:
    from reportgen.commands.build import check

    catalogue = example / "kpis.yaml"
    text = catalogue.read_text()
    start = text.index("- id: CS-SWV-01")
    entry = text[start:text.index("\n- id:", start + 1)]
    catalogue.write_text(text.replace(entry, entry.replace(
        "polarity: lower_is_better", "polarity: lower is better"), 1))
    _, problems = check(example, "2017Q3")
    about = [str(p) for p in problems.errors if "CS-SWV-01" in str(p)]
    assert len(about) == 1 and about[0].startswith("kpis.yaml:")  # at the typo, only there
