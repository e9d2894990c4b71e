"""Messages that point at the cause: each mistake once, at its place, with the fix."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from reportgen.compute.calculate import compute_quarter
from reportgen.errors import Location, Problems
from reportgen.load.dataset import BudgetLine
from reportgen.load.schema import validate_model
from reportgen.narrative.body import render_body
from reportgen.narrative.expressions import Figures
from reportgen.narrative.front_matter import FrontMatter
from reportgen.narrative.text import NarrativeText
from reportgen.prepare.pipeline import prepare
from reportgen.prepare.prepared import Prepared
from reportgen.quarters import Quarter
from reportgen.words.formatter import Formatter

from ..helpers import catalogue, kpi, observations

Q3 = Quarter.parse("2017Q3")
CAT = catalogue(
    kpi(id="CS-LAC-01", title="Looked after children"),
    kpi(id="AS-LAC-01", title="Adults in residential care", directorate="adults"),
)
BUDGETS = {Q3: [BudgetLine("children", "", Decimal(61_200_000), Decimal(65_300_000),
                           Location("b.csv", 2))]}


def problems(body: str, directorate: str = "children") -> list[str]:
    results = compute_quarter(CAT, observations({("CS-LAC-01", "2017Q3"): 803,
                                                 ("AS-LAC-01", "2017Q3"): 412}),
                              BUDGETS, ["children", "adults"], Q3)
    rendered = render_body(NarrativeText("n.md", body, 1, None, directorate),
                           Figures(results, CAT, Formatter("en")))
    return [str(p) for p in rendered.problems]


def test_kpi_id_in_the_wrong_case_is_named_as_written() -> None:
    assert problems('{{ kpi("cs-lac-01") }}\n') == [
        "n.md:1: error: unknown KPI 'cs-lac-01' — did you mean 'CS-LAC-01'?"]


def test_the_narratives_own_directorate_is_suggested_first() -> None:
    assert problems('{{ kpi("XS-LAC-01") }}\n', "adults") == [
        "n.md:1: error: unknown KPI 'XS-LAC-01' — did you mean 'AS-LAC-01'?"]
    assert problems('{{ kpi("XS-LAC-01") }}\n', "children") == [
        "n.md:1: error: unknown KPI 'XS-LAC-01' — did you mean 'CS-LAC-01'?"]


@pytest.mark.parametrize("written", ["childrens", "Children"])
def test_budget_of_a_misspelt_directorate(written: str) -> None:
    assert problems(f'{{{{ budget("{written}") }}}}\n') == [
        f"n.md:1: error: unknown directorate '{written}' in budget() — "
        "did you mean 'children'?"]


def test_a_directorate_without_budget_rows() -> None:
    assert problems('{{ budget("adults") }}\n') == [
        "n.md:1: error: no budget for 'adults' in 2017Q3 — add its rows to the quarter's "
        "budget.csv"]


def test_unknown_figure_names_the_figures_not_a_class() -> None:
    found = problems('{{ kpi("CS-LAC-01").valu }} and {{ budget("children").varience }}\n')
    assert found[0].startswith("n.md:1: error: kpi(\"CS-LAC-01\") has no figure '.valu' — "
                               "did you mean .value? the figures are: .value, .previous, ")
    assert ".change_words" in found[0]
    assert found[1].startswith("n.md:1: error: budget(\"children\") has no figure '.varience' "
                               "— did you mean .variance? the figures are: .variance, ")
    assert not any("View" in f or "object" in f for f in found)


def test_calling_a_figure() -> None:
    assert problems('{{ kpi("CS-LAC-01").value() }}\n') == [
        "n.md:1: error: a figure is not a function — remove the brackets after it: "
        'kpi("CS-LAC-01").value, not kpi("CS-LAC-01").value()']


def test_one_missing_brace_hides_nothing_else() -> None:
    body = ('Rose to {{ kpi("CS-LAC-01" }} children.\n\n'
            'Adults: {{ kpi("AS-NOPE") }}.\n\n'
            'Budget: {{ budget("childrens") }}.\n\n'
            'Then {{ kpi("CS-LAC-01").valu }}.\n')
    found = problems(body)
    assert [f.split(" — ")[0] for f in found] == [
        "n.md:1: error: expression syntax error: unexpected '}', expected ')'",
        "n.md:3: error: unknown KPI 'AS-NOPE'",
        "n.md:5: error: unknown directorate 'childrens' in budget()",
        "n.md:7: error: kpi(\"CS-LAC-01\") has no figure '.valu'",
    ]
    assert found[0].endswith("a bracket is not closed: each ( needs a )")


def test_an_unclosed_expression_is_named_and_the_rest_still_read() -> None:
    found = problems('Rose to {{ kpi("CS-LAC-01") } children.\n\nAnd {{ kpi("NOPE") }}.\n')
    assert found == [
        "n.md:1: error: '{{ kpi(\"CS-LAC-01\") } children.' is not closed with }} — "
        "end the expression with }} on the same line",
        "n.md:3: error: unknown KPI 'NOPE' — copy the id from the KPI catalogue (kpis.yaml), "
        "or add the KPI there"]


def test_curly_quotes_in_a_broken_expression_are_named_with_the_fix() -> None:
    found = problems("Rose to {{ kpi(“CS-LAC-01”) } children.\n")
    assert len(found) == 1
    assert "is not closed with }}" in found[0]
    assert found[0].endswith("Word turned the quotes curly (“ ”): type straight quotes, "
                             'e.g. kpi("CS-LAC-01")')


def test_curly_quotes_in_a_whole_expression_are_mended_with_a_warning() -> None:
    found = problems("{{ kpi(“CS-LAC-01”) }}\n")
    assert len(found) == 1 and ": warning: curly quotes in " in found[0]


def front(**data: object) -> tuple[FrontMatter | None, list[str]]:
    found = Problems()
    model = validate_model(FrontMatter, data, "n.md", found)
    return model, [p.message for p in found]


@pytest.mark.parametrize("written", ["Approved", "APPROVED", " approved "])
def test_status_in_any_case_is_read(written: str) -> None:
    model, found = front(status=written, approved_by="A. Director", approved_on="2018-01-24")
    assert found == [] and model is not None and model.status == "approved"


def test_unknown_status_states_the_accepted_form() -> None:
    _, found = front(status="signed off")
    assert found == ["status: 'signed off' is not a status: write 'status: draft' or "
                     "'status: approved' (capitals are fine)"]


def test_day_month_year_dates_state_the_accepted_form() -> None:
    _, found = front(status="approved", approved_on="24/01/2018")
    assert found == ["approved_on: '24/01/2018' is not a date reportgen reads: write it as "
                     "YYYY-MM-DD (here 2018-01-24, if 24 is the day)"]
    _, found = front(approved_on="next Tuesday")
    assert found == ["approved_on: 'next Tuesday' is not a date reportgen reads: write it as "
                     "YYYY-MM-DD, e.g. 2018-01-24"]


def test_a_catalogue_error_is_not_repeated_as_an_unknown_kpi(example: Path) -> None:
    path = example / "kpis.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("- id: CS-SWV-01\n")
    end = text.index("polarity: lower_is_better", start)
    path.write_text(text[:end] + "polarity: lower is better" +
                    text[end + len("polarity: lower_is_better"):], encoding="utf-8")
    prepared = prepare(example, "2017Q3")
    assert isinstance(prepared, Prepared)
    errors = [str(p) for p in prepared.errors]
    assert len(errors) == 1 and errors[0].startswith("kpis.yaml:")
    assert "polarity" in errors[0]
