"""`reportgen validate` on a project with every kind of mistake: all found in one run."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from click.testing import CliRunner

from reportgen.cli import main

Q = "data/quarters/2017Q3"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


def make_mistakes(root: Path) -> None:
    """Twenty-six mistakes, one of each kind validate looks for."""
    # English only: the Welsh checks have their own tests (tests/end_to_end/test_welsh.py)
    edit(root / "reportgen.yaml", "languages: [en, cy]", "languages: [en]\ncolour_scheme: blue")
    append(root / "reportgen.yaml", "  - id: resources\n    name: Resources\n")
    append(root / "kpis.yaml", """
- id: CS-LOOP-A
  title: Loop A
  directorate: children
  derived: {numerator: CS-LOOP-B, denominator: CS-LAC-01}
- id: CS-LOOP-B
  title: Loop B
  directorate: children
  derived: {numerator: CS-LOOP-A, denominator: CS-LAC-01}
- id: CS-ZERO-N
  title: Zero numerator
  directorate: children
  show: false
- id: CS-ZERO-R
  title: Rate with nothing to divide by
  directorate: children
  unit: percent
  derived: {numerator: CS-ZERO-N, denominator: CS-ZERO-N, per: 100}
- id: HC-NEW-01
  title: Households helped by the new tenancy support service
  directorate: housing
  polarity: higher_is_better
  target: {2017: 100, 2071: 100}
  tolerance: 10%
""")
    children = root / Q / "children.csv"
    edit(children, "CS-SWV-VAC,22.5,\n", "")                  # a derived KPI's component
    edit(children, "CS-LAC-01,803,", "CS-LAC-01,803,\nCS-LAC-1,803,")
    edit(children, "CS-LAC-05,11,", "CS-LAC-05,12%,")
    edit(children, "CS-REF-01,1228,", "CS-REF-01,-1228,")
    edit(children, "CS-ASS-01,93.1,", "CS-ASS-01,193.1,")
    append(children, "CS-ZERO-N,0,\nCS-EH-01,451,1,2\n")
    housing = root / Q / "housing.csv"
    edit(housing, "HC-TA-02,31,", "HC-TA-02,tbc,")
    append(housing, "HC-NEW-01,60,\n")
    adults = root / Q / "adults.csv"
    append(adults, "AS-DP-01,410,\n")
    (root / Q / "extra.csv").write_text('kpi,value\nAS-REF-01,"12\n')
    (root / Q / "other.csv").write_text("id,value\nAS-REF-01,12\n")
    (root / Q / "children-2017Q2.csv").write_text("kpi,value\nCS-LAC-01,784\n")
    budget = root / Q / "budget.csv"
    append(budget, "parks,,100,100\nhousing,Community safety,2700000,2660000\n")
    shutil.rmtree(root / "data/quarters/2016Q1")
    narratives = root / "narratives/2017Q3"
    edit(narratives / "adults.md", "status: draft", "status: [draft")
    edit(narratives / "children.md", '{{ kpi("CS-LAC-01").previous }}',
         '{{ kpi("CS-LAC-10").previous }}')
    edit(narratives / "housing.md", "## Key Areas of Progress",
         "## Key Areas of Progress\n\n{{ ''.__class__.__mro__ }}")
    shutil.copy(narratives / "housing.md", narratives / "parks.md")
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates" / "report.html").write_text(
        '{% extends "builtin/report.html" %}\n{% block glossary %}\n{% endblok %}\n')


EXPECTED = """\
data/quarters: warning: the trend charts need 1 more quarter of history: 2016Q1 — add those \
quarter folders; until then the charts show gaps
data/quarters/2017Q3/adults.csv:14: error: AS-DP-01 appears twice in 2017Q3 — the first is at \
data/quarters/2017Q3/adults.csv:9; keep one row
data/quarters/2017Q3/budget.csv:14: error: budget row for unknown directorate 'parks' — use one \
of: adults, children, housing, resources
data/quarters/2017Q3/budget.csv:15: error: duplicate budget row for housing / Community safety — \
the first is at data/quarters/2017Q3/budget.csv:12; keep one row
data/quarters/2017Q3/children-2017Q2.csv: error: file is named for 2017Q2 but is in the 2017Q3 \
folder — move it to data/quarters/2017Q2/
data/quarters/2017Q3/children.csv:3: error: unknown KPI 'CS-LAC-1' — did you mean 'CS-LAC-01'?
data/quarters/2017Q3/children.csv:7: error: '12%' is a percentage but CS-LAC-05 is measured in \
count — give the value without '%'
data/quarters/2017Q3/children.csv:9: error: count -1228 is negative — a count cannot be below \
zero: check the figure, or give the KPI unit: number (or days) if it can be negative
data/quarters/2017Q3/children.csv:13: error: percentage 193.1 is outside 0–100 — check the \
figure, or give the KPI unit: percent_change if it is a change that can be negative or above \
100 (a % reduction)
data/quarters/2017Q3/children.csv:22: error: row has 4 fields but the header has 3 — check for a \
missing or extra comma; quote any value that contains a comma
data/quarters/2017Q3/extra.csv:2: error: malformed CSV: unexpected end of data — check for an \
unclosed quote
data/quarters/2017Q3/housing.csv:6: error: 'tbc' is not a number — write a number such as 803 or \
12.5, leave it empty, or use [x] for not available
data/quarters/2017Q3/housing.csv:15: warning: HC-NEW-01 is red with no commentary — add a note \
in the note column of data/quarters/2017Q3/housing.csv, or discuss it in the directorate's narrative
data/quarters/2017Q3/other.csv:1: error: missing column 'kpi' (or kpi ref, indicator, code) — \
the header must include: kpi, value; title rows above it are skipped
kpis.yaml:{swv}: warning: CS-SWV-01 cannot be computed for 2017Q3: CS-SWV-VAC has no value — add \
the figure to data/quarters/2017Q3/; the report shows it as not available
kpis.yaml:{loop}: error: derived KPIs form a cycle: CS-LOOP-A → CS-LOOP-B → CS-LOOP-A — a KPI \
cannot be computed from itself
kpis.yaml:{zero}: warning: CS-ZERO-R has a zero denominator in 2017Q3 — check its components' \
figures; the report shows it as not available
kpis.yaml:{new}: warning: HC-NEW-01 has a target for 2071, outside the years of data (2015 to \
2017) — check the year; targets are keyed by the year the financial year starts, e.g. 2017 for \
2017/18
narratives/2017Q3/adults.md:4:12: error: YAML syntax error: did not find expected ',' or ']' — \
check the indentation, colons and quotes on this line and the one above
narratives/2017Q3/children.md:{lac10}: error: unknown KPI 'CS-LAC-10' — did you mean 'CS-LAC-05'?
narratives/2017Q3/children.md:{swv_text}: error: CS-SWV-01 has no value for 2017Q3 (not \
available) — add the figure to the quarter's data, or reword the sentence without it
narratives/2017Q3/housing.md:{house}: error: expression not allowed: access to attribute \
'__class__' of 'str' object is unsafe. — narratives may only use kpi(), budget(), chart() and \
kpi_table()
narratives/2017Q3/parks.md: error: narrative for unknown directorate 'parks' — name the file \
after a directorate id: adults, children, housing, resources
narratives/2017Q3/resources.md: warning: Resources has no narrative for 2017Q3 — write \
narratives/2017Q3/resources.md; the report is built without one
reportgen.yaml:6: warning: unknown setting key 'colour_scheme' is ignored — did you mean \
'rag_scheme'?
templates/report.html:3: error: template error: Encountered unknown tag 'endblok'. Jinja was \
looking for the following tags: 'endblock'. The innermost block that needs to be closed is \
'block'. — fix the Jinja syntax in this template
"""


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_every_mistake_in_one_run(example: Path) -> None:
    make_mistakes(example)
    result = CliRunner().invoke(main, ["validate", "2017Q3", "-C", str(example)])
    narratives = example / "narratives/2017Q3"
    expected = EXPECTED.format(
        swv=line_of(example / "kpis.yaml", "id: CS-SWV-01"),
        loop=line_of(example / "kpis.yaml", "id: CS-LOOP-A"),
        zero=line_of(example / "kpis.yaml", "id: CS-ZERO-R"),
        new=line_of(example / "kpis.yaml", "id: HC-NEW-01"),
        lac10=line_of(narratives / "children.md", "CS-LAC-10"),
        swv_text=line_of(narratives / "children.md", 'kpi("CS-SWV-01")'),
        house=line_of(narratives / "housing.md", "__class__"),
    )
    assert ours(result.stdout) == ours(expected + "19 errors, 7 warnings\n")
    assert result.exit_code == 1
    assert "Traceback" not in result.output


def ours(output: str) -> str:
    """The output without what the YAML and pydantic libraries word themselves (another
    release words it differently): the location, our prefix and our hint stay."""
    return LIBRARY_WORDS.sub(r"\1…\2", output)


LIBRARY_WORDS = re.compile(r"(YAML syntax error: |: Input should be ).*?( — )", re.DOTALL)


def test_strict_fails_on_warnings_alone(example: Path) -> None:
    shutil.rmtree(example / "data/quarters/2016Q1")
    runner = CliRunner()
    assert runner.invoke(main, ["validate", "2017Q3", "-C", str(example)]).exit_code == 0
    strict = runner.invoke(main, ["validate", "2017Q3", "--strict", "-C", str(example)])
    assert strict.exit_code == 1


def test_docs_list_every_check(example: Path) -> None:
    make_mistakes(example)
    result = CliRunner().invoke(main, ["validate", "2017Q3", "-C", str(example)])
    docs = (Path(__file__).parents[2] / "docs" / "checks.md").read_text(encoding="utf-8")
    for line in result.stdout.splitlines()[:-1]:
        message = line.split(": ", 2)[2].split(" — ")[0]
        kind = message.split("'")[0].split(":")[0].strip()
        assert kind[:25] in docs, f"docs/checks.md does not describe: {message}"


def test_template_mistakes_that_show_only_when_rendered(example: Path) -> None:
    (example / "templates").mkdir(exist_ok=True)
    (example / "templates" / "report.html").write_text(
        '{% extends "builtin/report.html" %}\n{% block glossary %}\n'
        "<p>{{ nosuch.value }}</p>\n{% endblock %}\n")
    result = CliRunner().invoke(main, ["validate", "2017Q3", "-C", str(example)])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "templates/report.html:3: error: template error: 'nosuch' is undefined — fix this line "
        "of the template")
