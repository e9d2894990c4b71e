"""The drift lint: hand-typed figures checked against the data; and words that follow it.

Figures are hand-checked: looked after children 761 (2016Q3) → 784 (2017Q2) → 803
(2017Q3), so +19 (+2.4%) on the quarter and +42 (+5.5%) on the year; the vacancy rate
10.5% → 12.5% is +2.0 percentage points; the budget of £61,200,000 with an outturn of
£65,300,000 is an overspend of £4,100,000 (£4.1m), up from £3,500,000 at Quarter 2."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from reportgen.compute.calculate import Comparison, Direction, QuarterResults, compute_quarter
from reportgen.errors import Location
from reportgen.load.dataset import BudgetLine
from reportgen.narrative.drift import find, lint
from reportgen.narrative.drift_figures import Figure, figures_for
from reportgen.narrative.drift_words import title_words
from reportgen.narrative.front_matter import split_front_matter
from reportgen.prepare.pipeline import prepare
from reportgen.prepare.prepared import Prepared
from reportgen.quarters import Quarter
from reportgen.words.formatter import Formatter
from scripts.drift_on_example import moved

from ..helpers import catalogue, kpi, observations

change_words = Formatter("en").change_words

FILE = "narratives/2017Q3/children.md"
LAC = kpi(id="CS-LAC-01", title="Number of looked after children at the end of the quarter",
          decimals=0)
VACANCY = kpi(id="CS-SWV-01", title="Social worker vacancy rate", unit="percent")
Q3 = Quarter.parse("2017Q3")


def _budget(outturn: int) -> list[BudgetLine]:
    return [BudgetLine("children", "", Decimal(61_200_000), Decimal(outturn),
                       Location("budget.csv", 2))]


@pytest.fixture(scope="module")
def results() -> QuarterResults:
    data = observations({
        ("CS-LAC-01", "2016Q3"): 761, ("CS-LAC-01", "2017Q2"): 784, ("CS-LAC-01", "2017Q3"): 803,
        ("CS-SWV-01", "2016Q3"): 9.0, ("CS-SWV-01", "2017Q2"): 10.5, ("CS-SWV-01", "2017Q3"): 12.5,
    })
    budgets = {Quarter.parse("2017Q2"): _budget(64_700_000),
               Q3: _budget(65_300_000)}
    return compute_quarter(catalogue(LAC, VACANCY), data, budgets, ["children"], Q3, "tolerance")


@pytest.fixture(scope="module")
def figures(results: QuarterResults) -> tuple[Figure, ...]:
    return figures_for(results, "children")


def messages(source: str, figures: tuple[Figure, ...], first_line: int = 1) -> list[str]:
    return [str(p) for p in lint(source, first_line, FILE, figures)]


def test_the_figures_a_narrative_might_state(figures: tuple[Figure, ...]) -> None:
    table = {(f.kpi_id, f.role): (f.label, f.expression) for f in figures}
    assert table[("CS-LAC-01", "value")] == ("803", 'kpi("CS-LAC-01")')
    assert table[("CS-LAC-01", "previous")] == ("784", 'kpi("CS-LAC-01").previous')
    assert table[("CS-LAC-01", "change")] == ("19", 'kpi("CS-LAC-01").change_words')
    assert table[("CS-LAC-01", "change_pct")] == ("2.4%", 'kpi("CS-LAC-01").change_words')
    assert table[("CS-LAC-01", "change_last_year")][0] == "42"
    assert table[("CS-SWV-01", "change")][0] == "2.0 percentage points"
    assert table[("children", "value")] == ("£4.1m", 'budget("children").variance')
    assert table[("children", "change")][0] == "£600,000"


def test_a_contradiction_names_the_datas_figure_and_the_expression(
        figures: tuple[Figure, ...]) -> None:
    source = "## Challenges\n\nWe now look after 790 looked after children.\n"
    assert messages(source, figures, first_line=7) == [
        f"{FILE}:9:19: warning: 790 looked after children, but the data says 803 — write "
        '{{ kpi("CS-LAC-01") }}']


def test_an_agreement_says_it_is_typed_by_hand(figures: tuple[Figure, ...]) -> None:
    (finding,) = find("There are 803 looked after children.", 1, figures)
    assert finding.agrees
    problem = finding.problem(FILE)
    assert problem.severity == "warning"
    assert "typed by hand" in problem.message
    assert problem.hint == 'write {{ kpi("CS-LAC-01") }} so the text follows the data'


def test_numbers_inside_expressions_are_the_datas_own(figures: tuple[Figure, ...]) -> None:
    source = ('The number of looked after children rose to {{ kpi("CS-LAC-01") }}, '
              'from {{ kpi("CS-LAC-01").previous }} in September.\n')
    assert find(source, 1, figures) == []


def test_a_sentence_with_the_expression_names_the_kpi(figures: tuple[Figure, ...]) -> None:
    source = 'The figure rose to {{ kpi("CS-LAC-01") }} from 780 last quarter.\n'
    assert messages(source, figures) == [
        f"{FILE}:1:48: warning: 780 (Number of looked after children at the end of the "
        "quarter), but the data says 784 last quarter — write "
        '{{ kpi("CS-LAC-01").previous }}']


def test_changes_and_their_direction(figures: tuple[Figure, ...]) -> None:
    found = find("Looked after children rose by 19 (2.4%) this quarter.", 1, figures)
    assert [(f.typed, f.agrees, f.figure.role) for f in found] == [
        ("19", True, "change"), ("2.4%", True, "change_pct")]
    (wrong,) = find("Looked after children fell by 19 this quarter.", 1, figures)
    assert not wrong.agrees
    assert "the data says it rose by 19 on last quarter" in wrong.problem(FILE).message


def test_percentages_and_points(figures: tuple[Figure, ...]) -> None:
    assert messages("The social worker vacancy rate was 15.2% in December.", figures) == [
        f"{FILE}:1:36: warning: 15.2% (Social worker vacancy rate), but the data says 12.5% "
        '— write {{ kpi("CS-SWV-01") }}']
    (points,) = find("The vacancy rate rose by 2.0 percentage points.", 1, figures)
    assert points.agrees and points.figure.expression == 'kpi("CS-SWV-01").change_words'


def test_money_at_the_precision_written(figures: tuple[Figure, ...]) -> None:
    assert [f.agrees for f in find("We project an overspend of £4.1m.", 1, figures)] == [True]
    assert [f.agrees for f in find("We project an overspend of £4m.", 1, figures)] == [True]
    assert messages("We project an overspend of £4.5m.", figures) == [
        f"{FILE}:1:28: warning: £4.5m (children budget), but the data says £4.1m — write "
        '{{ budget("children").variance }}']


def test_approximations_that_hold_are_left_alone(figures: tuple[Figure, ...]) -> None:
    assert find("We look after over 800 looked after children.", 1, figures) == []
    assert find("We look after around 800 looked after children.", 1, figures) == []
    (wrong,) = find("We look after fewer than 750 looked after children.", 1, figures)
    assert not wrong.agrees


@pytest.mark.parametrize("text", [
    "In 2017/18 the looked after children service was reviewed.",
    "Looked after children in Quarter 3 and Q4 2017 were counted on 24 January 2018.",
    "Looked after children: see section 4.2 and page 12.",
    "The 3rd review of looked after children is on 1 April.",
    "1. Looked after children\n2. Care leavers\n",
    "## 2. Looked after children\n",
    "Looked after children (CS-LAC-01) are counted at 9am.",
    "One in 5 looked after children, 1 in 10 nationally.",
    "Looked after children per 10,000 population.",
    "We opened 6 new residential homes for looked after children.",
    "`803 looked after children` is an example.",
    "Looked after children: see [the report](https://example.org/803).",
    "Placements for looked after children account for £3.9m of the overspend.",
    "We placed 790 of the looked after children near home.",
    "We expect the number of looked after children to reach 820 by March.",
    "Looked after children: 90% of our personal advisers hold a degree.",
    "Around 800 looked after children, roughly 19 more than in September.",
])
def test_numbers_that_are_not_figures(figures: tuple[Figure, ...], text: str) -> None:
    assert find(text, 1, figures) == []


def test_list_items_are_separate_sentences(figures: tuple[Figure, ...]) -> None:
    source = "Highlights:\n- places taken up: 790\n- looked after children are safer\n"
    assert find(source, 1, figures) == []  # the children are in another item


def test_code_blocks_are_not_prose(figures: tuple[Figure, ...]) -> None:
    assert find("```\n790 looked after children\n```\n", 1, figures) == []


def test_a_telling_number_with_no_kpi_named_is_still_an_agreement(
        figures: tuple[Figure, ...]) -> None:
    (finding,) = find("A year on, the count reached 803.", 1, figures)
    assert finding.agrees and finding.figure.role == "value"
    assert find("A year on, the count reached 790.", 1, figures) == []  # no KPI named


def test_title_words_leave_out_filler() -> None:
    assert title_words("Number of looked after children at the end of the quarter") == (
        "looked", "children")
    assert title_words("Percentage of care leavers in education") == (
        "care", "leaver", "education")


def _comparison(change: str | None, pct: str | None) -> Comparison:
    return Comparison(Quarter.parse("2017Q2"), None, None,
                      None if change is None else Decimal(change),
                      None if pct is None else Decimal(pct), Direction.NOT_AVAILABLE)


@pytest.mark.parametrize(("change", "pct", "unit", "words"), [
    ("19", "2.42", "count", "rose by 19 (2.4%)"),
    ("-3", "-1.21", "count", "fell by 3 (1.2%)"),
    ("0", "0", "count", "did not change"),
    ("1.4", None, "percent", "rose by 1.4 percentage points"),
    ("-1", None, "percent", "fell by 1.0 percentage points"),
    ("5", None, "count", "rose by 5"),  # from 0: no percentage of nothing
    ("1", "0.02", "count", "rose by 1 (less than 0.1%)"),
    ("0.04", None, "percent", "rose by less than 0.1 percentage points"),
    ("-2.5", "-9.8", "days", "fell by 2.5 days (9.8%)"),
    ("600000", "17.14", "gbp", "rose by £600,000 (17.1%)"),
    (None, None, "count", "not available"),
])
def test_change_words(change: str | None, pct: str | None, unit: str, words: str) -> None:
    assert change_words(_comparison(change, pct), kpi(unit=unit)) == words


def test_one_percentage_point_is_singular() -> None:
    whole = kpi(unit="percent", decimals=0)
    assert change_words(_comparison("1", None), whole) == "rose by 1 percentage point"
    assert change_words(_comparison("-0.4", None), whole) == (
        "fell by less than 1 percentage point")


def test_change_words_from_the_results(results: QuarterResults) -> None:
    lac = results.kpis["CS-LAC-01"]
    assert change_words(lac.previous, lac.kpi) == "rose by 19 (2.4%)"
    assert change_words(lac.last_year, lac.kpi) == "rose by 42 (5.5%)"
    vacancy = results.kpis["CS-SWV-01"]
    assert change_words(vacancy.previous, vacancy.kpi) == "rose by 2.0 percentage points"


def test_the_example_narratives_have_no_hand_typed_figures(example: Path) -> None:
    prepared = prepare(example, "2017Q3")
    assert isinstance(prepared, Prepared)
    for path in sorted((example / "narratives" / "2017Q3").glob("*.md")):
        if path.suffixes != [".md"]:
            continue  # a Welsh narrative: typed figures are checked in English only
        _, body, first_line = split_front_matter(path.read_text(encoding="utf-8"), path.name)
        assert lint(body, first_line, path.name, figures_for(prepared.results, path.stem)) == []
    # with every expression replaced by what it writes, each figure agrees with the data;
    # moved by 5%, as a stale figure would be, nearly all are caught and nothing else is
    planted = caught = 0
    for (directorate, language), narrative in prepared.narratives.items():
        if language != "en":
            continue
        figures = figures_for(prepared.results, directorate)
        found = find(narrative.text, 1, figures)
        assert len(found) >= 12
        assert all(f.agrees for f in found)
        for finding in found:
            after = find(moved(narrative.text, finding), 1, figures)
            wrong = [(f.line, f.column) for f in after if not f.agrees]
            assert set(wrong) <= {(finding.line, finding.column)}
            planted, caught = planted + 1, caught + bool(wrong)
    assert planted == 52
    assert caught >= 46


def test_a_contradicting_figure_warns_and_stops_publishing(example: Path) -> None:
    from reportgen.commands.build import build, check
    from reportgen.errors import ReportError

    narrative = example / "narratives" / "2017Q3" / "children.md"
    text = narrative.read_text(encoding="utf-8")
    narrative.write_text(text + "\nThere were 790 looked after children in December.\n",
                         encoding="utf-8")
    line = len((text + "\n").splitlines()) + 1
    _, problems = check(example, "2017Q3")
    typed = [p for p in problems.warnings if p.location.line == line]
    assert [p.message for p in typed] == [
        "790 looked after children, but the data says 803"]
    assert typed[0].hint == 'write {{ kpi("CS-LAC-01") }}' and typed[0].blocks_publish
    with pytest.raises(ReportError) as caught:
        build(example, "2017Q3", ["children"], ["html"], publish_only_approved=True)
    assert any(p.location.line == line and p.severity == "error"
               for p in caught.value.problems)
