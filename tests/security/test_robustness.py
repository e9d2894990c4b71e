"""Whatever people feed in, the only outcomes are a result or a located ReportError."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.errors import Problems, ReportError
from reportgen.load.cells import parse_value
from reportgen.load.quarter_data import load_data
from reportgen.narrative.body import render_body
from reportgen.narrative.front_matter import split_front_matter
from reportgen.narrative.text import NarrativeText
from reportgen.safe.yamlfile import parse_yaml

from ..helpers import kpi
from ..narrative.test_narrative import CAT, figures

FAST = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])
CSV_TEXT = st.lists(
    st.lists(st.sampled_from(["CS-LAC-01", "803", "", '"', ",", "[x]", "12%", "£4", "\n",
                              "value", "kpi", "1,228", "-3", "x\x00y", "é"]), max_size=6)
    .map(",".join), max_size=8).map("\n".join)


def assert_located(error: ReportError) -> None:
    assert error.problems
    for problem in error.problems:
        assert problem.location.path
        assert problem.message


@FAST
@given(st.text(max_size=300))
def test_yaml(text: str) -> None:
    try:
        parse_yaml(text, "kpis.yaml")
    except ReportError as error:
        assert_located(error)
        assert error.problems[0].location.line is not None


@FAST
@given(st.one_of(st.binary(max_size=300), CSV_TEXT.map(str.encode)))
def test_data_files(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "data" / "quarters" / "2017Q3"
        folder.mkdir(parents=True)
        (folder / "children.csv").write_bytes(raw)
        (folder / "budget.csv").write_bytes(raw)
        (folder / "sheet.xlsx").write_bytes(raw)
        problems = Problems()
        load_data(Path(tmp), None, CAT, problems)
        for problem in problems:
            assert problem.location.path.startswith("data/quarters/2017Q3/")


@FAST
@given(st.text(max_size=40))
def test_values(text: str) -> None:
    for unit in ("count", "percent", "gbp"):
        try:
            parse_value(text, kpi(unit=unit))
        except ValueError as error:
            assert " — " in str(error)  # what is wrong — how to fix it


NARRATIVE = st.lists(st.one_of(
    st.text(max_size=30),
    st.sampled_from(['{{ kpi("CS-LAC-01") }}', '{{ kpi("CS-LAC-01").previous }}',
                     "{{ kpi('NOPE') }}", "{{", "}}", "{%", "{% for x in y %}", "{#",
                     '{{ budget("children") }}', '{{ chart("CS-LAC-01") }}',
                     "{{ kpi_table(section='Workforce') }}", "{{ ''.__class__ }}",
                     "{{ kpi.__globals__ }}", "<script>x</script>", "![a](/etc/passwd)",
                     "---", "\n", "## Heading", "{{ 1/0 }}", "{{ 'a' * 99999999 }}",
                     "{{ kpi('CS-LAC-01').target }}", "{{ x }}", "{{ kpi() }}"]),
), max_size=12).map("".join)


@FAST
@given(NARRATIVE)
def test_narratives(text: str) -> None:
    try:
        _, body, first = split_front_matter(text, "narratives/2017Q3/children.md")
        found = render_body(NarrativeText("narratives/2017Q3/children.md", body, first), figures())
        html = found.html
        assert all(p.location.line for p in found.problems)
    except ReportError as error:
        assert_located(error)
        assert all(p.location.line for p in error.problems)
        return
    assert "<script" not in html.lower()
    assert "passwd\"" not in html and "root:x:" not in html  # never an image of, or from, it


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.sampled_from(["NaN", "-Infinity", "1e999", "0", "-0", "1e-999", "12 [u]",
                                  "£1e9", "99.99999999999999999", "[c]", "1,000,000.5"]),
                 st.from_regex(r"-?[0-9]{0,12}(\.[0-9]{0,20})?(e-?[0-9]{1,4})?%?",
                               fullmatch=True)))
def test_any_cell_through_the_whole_pipeline(value: str) -> None:
    """Data values go all the way to the computed figures and narratives without a crash."""
    from reportgen.commands.build import check
    from reportgen.commands.scaffold import init_project

    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        init_project(project)
        data = project / "data/quarters/2017Q3"
        for name in ("children.csv", "adults.csv"):
            rows = (data / name).read_text().splitlines()
            (data / name).write_text("\n".join(
                [rows[0]] + [f"{r.split(',')[0]},{value}," for r in rows[1:]]) + "\n")
        budget = data / "budget.csv"
        budget.write_text(budget.read_text().replace("51000000", value.rstrip("%") or "0", 1))
        _, problems = check(project, "2017Q3")
        for problem in problems:
            assert problem.location.path and problem.message
