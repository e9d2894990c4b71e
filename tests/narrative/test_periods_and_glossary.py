"""An annual KPI's year in a narrative, and the glossary's words for an annual measure."""

from reportgen.compute.calculate import compute_quarter
from reportgen.narrative.body import render_body
from reportgen.narrative.expressions import Figures
from reportgen.narrative.text import NarrativeText
from reportgen.quarters import Quarter
from reportgen.words.formatter import Formatter

from ..helpers import catalogue, kpi, observations

Q3 = Quarter.parse("2017Q3")
ANNUAL = kpi(id="A", title="Adults satisfied with their care", frequency="annual",
             unit="percent", polarity="higher_is_better")
QUARTERLY = kpi(id="Q", title="Looked after children", unit="count")
CAT = catalogue(ANNUAL, QUARTERLY)
VALUES = {("A", "2015Q4"): 64.1, ("A", "2016Q4"): 71.7, ("Q", "2017Q3"): 803}


def html(body: str) -> str:
    figures = Figures(compute_quarter(CAT, observations(VALUES), {}, ["children"], Q3), CAT,
                      Formatter("en"))
    found = render_body(NarrativeText("narratives/2017Q3/children.md", body, 5, None), figures)
    assert not found.problems, found.problems
    return str(found.html)


def test_a_narrative_can_print_the_year_an_annual_figure_is_for() -> None:
    text = html('In {{ kpi("A").period_label }}, {{ kpi("A") }} were satisfied; '
                '{{ kpi("Q") }} in {{ kpi("Q").period_label }}.')
    assert "In 2016/17, 71.7% were satisfied; 803 in Quarter 3 2017/18." in text


def test_the_glossary_does_not_say_an_annual_kpi_is_measured_each_quarter() -> None:
    note = Formatter("en").glossary_note(ANNUAL)
    assert note.startswith("An annual measure: one figure for each year; higher is better")
    assert "each quarter" not in note
    assert Formatter("en").glossary_note(QUARTERLY).startswith(
        "Measured at the end of each quarter")
