"""Narrative rendering: figures from the data, errors at the narrative's own line, no escapes."""

import base64
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image

from reportgen.compute.calculate import QuarterResults, compute_quarter
from reportgen.errors import Location, ReportError
from reportgen.load.dataset import BudgetLine
from reportgen.narrative.body import Body, render_body
from reportgen.narrative.expressions import Drawing, Figures
from reportgen.narrative.front_matter import split_front_matter
from reportgen.narrative.text import NarrativeText
from reportgen.quarters import Quarter
from reportgen.words.formatter import Formatter

from ..helpers import catalogue, kpi, observations

Q3 = Quarter.parse("2017Q3")
CAT = catalogue(
    kpi(id="CS-LAC-01", title="Looked after children", unit="count", section="Looked after"),
    kpi(id="CS-SWV-01", title="Social worker vacancy rate", unit="percent", decimals=1,
        polarity="lower_is_better", target={"2017": 12}, tolerance="2pp", section="Workforce"),
)
VALUES = {("CS-LAC-01", "2017Q2"): 784, ("CS-LAC-01", "2017Q3"): 803,
          ("CS-SWV-01", "2017Q3"): "12.5"}
BUDGETS = {
    Quarter.parse("2017Q2"): [BudgetLine("children", "", Decimal(61_200_000),
                                         Decimal(64_700_000), Location("b.csv", 2))],
    Q3: [BudgetLine("children", "", Decimal(61_200_000), Decimal(65_300_000),
                    Location("b.csv", 2))],
}


def results() -> QuarterResults:
    return compute_quarter(CAT, observations(VALUES), BUDGETS, ["children"], Q3)


def figures() -> Figures:
    return Figures(results(), CAT, Formatter("en"))


def rendered(body: str, first_line: int = 5, root: Path | None = None) -> Body:
    return render_body(NarrativeText("narratives/2017Q3/children.md", body, first_line, root),
                       figures())


def render(body: str, first_line: int = 5) -> str:
    found = rendered(body, first_line)
    assert not found.problems, found.problems
    return str(found.html)


def error_of(body: str, first_line: int = 5) -> str:
    problems = rendered(body, first_line).problems
    assert problems, "expected a problem"
    return str(problems[0])


def test_figures_come_from_the_data() -> None:
    html = render(
        'Looked after children rose to {{ kpi("CS-LAC-01") }} from '
        '{{ kpi("CS-LAC-01").previous }}, a change of {{ kpi("CS-LAC-01").change }}. '
        'Vacancies: {{ kpi("CS-SWV-01") }} ({{ kpi("CS-SWV-01").rag }}, target '
        '{{ kpi("CS-SWV-01").target }}). We report a {{ budget("children") }}; '
        '{{ budget("children").movement }}.')
    assert "rose to 803 from 784, a change of +19 (+2.4%)" in html
    assert "Vacancies: 12.5% (Amber, target 12.0%)" in html
    assert ("projected overspend of £4.1m at month 9; "
            "the overspend grew by £0.6m since Quarter 2") in html


def test_blocks_stay_placeholders_for_the_theme() -> None:
    body = rendered('## Trend\n\n{{ chart("CS-LAC-01") }}\n\n'
                    '{{ kpi_table(section="Workforce") }}\n')
    html = str(body.html)
    assert '<h2 id="section-trend">Trend</h2>' in html
    assert "<p>RGBLOCK0X</p>" in html and "<p>RGBLOCK1X</p>" in html
    assert body.blocks == (Drawing("chart", ("CS-LAC-01",)),
                           Drawing("kpi_table", ("CS-SWV-01",), "Workforce"))


def test_headings_and_mentions() -> None:
    body = '## Key Areas of Progress\ntext {{ kpi("CS-LAC-01") }}\n## Directorate Challenges\n'
    found = render_body(NarrativeText("n.md", body), figures())
    headings, mentions = found.headings, found.mentions
    assert [(h.level, h.id, h.text) for h in headings] == [
        (2, "section-key-areas-of-progress", "Key Areas of Progress"),
        (2, "section-directorate-challenges", "Directorate Challenges")]
    assert mentions == {"CS-LAC-01"}


def test_unknown_kpi_is_reported_at_the_narrative_line() -> None:
    body = 'First line.\n\nSecond paragraph {{ kpi("CS-LAC-1") }}.\n'
    assert error_of(body, first_line=5) == (
        "narratives/2017Q3/children.md:7: error: unknown KPI 'CS-LAC-1' — "
        "did you mean 'CS-LAC-01'?")


def test_missing_value_is_an_error() -> None:
    assert error_of('\n{{ kpi("CS-SWV-01").previous }}', first_line=1) == (
        "narratives/2017Q3/children.md:2: error: CS-SWV-01 has no value in 2017Q2 for 2017Q3 "
        "(not available) — add the figure to the quarter's data, or reword the sentence "
        "without it")


def test_syntax_error_line() -> None:
    message = error_of("ok\nok\n{{ kpi('CS-LAC-01' }}\n", first_line=4)
    assert message.startswith("narratives/2017Q3/children.md:6: error: expression syntax error:")


@pytest.mark.parametrize("expression", [
    "{{ ''.__class__.__mro__ }}",
    "{{ kpi.__globals__ }}",
    "{{ kpi('CS-LAC-01')._r.kpi }}",
    "{{ range(10) }}",
    "{{ lipsum() }}",
])
def test_sandbox_refuses_escapes(expression: str) -> None:
    message = error_of(f"text\n{expression}\n", first_line=1)
    assert message.startswith("narratives/2017Q3/children.md:2: error:")


def test_raw_html_is_sanitised() -> None:
    html = render('<script>alert(1)</script>\n\n<a href="javascript:alert(1)" onclick="x()">'
                  'link</a> <b onmouseover="steal()">bold</b> <iframe src="https://x"></iframe>\n')
    assert "<script" not in html and "alert(1)</script>" not in html
    assert "javascript:" not in html and "onclick" not in html and "onmouseover" not in html
    assert "<iframe" not in html


def test_table_styles_keep_alignment_only() -> None:
    html = render('| a |\n|--:|\n| <span>1</span> |\n\n<table><tr><td style="text-align: right; '
                  'background-image: url(https://t.test/x); position: fixed">2</td></tr></table>\n')
    assert "url(" not in html and "position" not in html
    assert 'style="text-align: right"' in html or 'style="text-align:right"' in html


def test_images_inside_the_project_are_embedded(tmp_path: Path) -> None:
    folder = tmp_path / "narratives" / "2017Q3"
    folder.mkdir(parents=True)
    Image.new("RGB", (2, 1), "white").save(folder / "team.png")
    data = base64.b64encode((folder / "team.png").read_bytes()).decode()
    source = NarrativeText("narratives/2017Q3/children.md", "![Our team](team.png)\n", 5, tmp_path)
    body = render_body(source, figures())
    assert not body.problems
    assert f'<img src="data:image/png;base64,{data}" alt="Our team">' in str(body.html)


@pytest.mark.parametrize("target", [
    "/etc/passwd", "file:///etc/passwd", "../../secret.png", "https://example.org/a.png",
    "data:image/png;base64,AAAA", "missing.png",
])
def test_images_from_elsewhere_are_errors(tmp_path: Path, target: str) -> None:
    (tmp_path / "secret.png").write_bytes(b"secret")
    body = f"Intro.\n\n![chart]({target})\n"
    source = NarrativeText("narratives/2017Q3/children.md", body, 5, tmp_path / "project")
    problems = render_body(source, figures()).problems
    assert str(problems[0]) == (
        f"narratives/2017Q3/children.md:7: error: image '{target}' is not an image file inside the "
        "project — put images beside the narrative and refer to them by a relative path")


def test_front_matter_lines() -> None:
    data, body, first = split_front_matter(
        "---\ntitle: Children\nstatus: draft\n---\n## Progress\n", "n.md")
    assert data == {"title": "Children", "status": "draft"}
    assert (body, first) == ("## Progress\n", 5)
    with pytest.raises(ReportError) as caught:
        split_front_matter("---\ntitle: [unclosed\nstatus: draft\n---\nbody\n", "n.md")
    assert caught.value.problems[0].location.line == 3


@pytest.mark.parametrize("expression", ["{{ 1/0 }}", "{{ 'a' * 999999999 }}", "{{ -1 }}",
                                        "{{ 2 ** 99999 }}"])
def test_no_arithmetic_in_narratives(expression: str) -> None:
    message = error_of(f"{expression}\n", first_line=3)
    assert message.startswith("narratives/2017Q3/children.md:3: error: expression not allowed")


def test_every_expression_mistake_in_a_file_is_reported() -> None:
    problems = rendered('{{ kpi("A1") }}\n\ntext {{ kpi("CS-LAC-01") }}\n\n{{ budget("parks") }}\n'
                        '{{ kpi_table(section="Nowhere") }}\n', first_line=10).problems
    assert [(p.location.line, p.message) for p in problems] == [
        (10, "unknown KPI 'A1'"),
        (14, "unknown directorate 'parks' in budget()"),
        (15, "no KPIs in section 'Nowhere'"),
    ]
