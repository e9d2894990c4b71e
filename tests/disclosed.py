"""A copy of the example council with disclosure control on and the Adolescent Resource
Centre's figures from Cardiff's Quarter 3 2017/18 report (shared seed; tests/real/
PROVENANCE.md): of 44 young people worked with since April, 37 remained at home and 7
were accommodated, 4 fostered and 3 in residential homes. 37 of 44 is 84%; 7 of 44 is 16%.
The example's own CS-ARC-WORKED (15 + 14 + 15) and CS-ARC-HOME (12 + 12 + 13) already
add up to 44 and 37 by Quarter 3; the split of the 4 and the 3 by quarter is made up."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import copy_example

ARC_KPIS = """
- id: CS-ARC-ACCOM
  title: Young people supported by the Adolescent Resource Centre who were accommodated
  directorate: children
  section: Early help
  unit: count
  measure: flow
"""
# by quarter, accommodated 3 + 2 + 2 = 7 (the example has fostered 2 + 1 + 1 = 4 and
# residential 1 + 1 + 1 = 3 already, and CS-ARC-02, their share of those worked with)
ARC_ROWS = {"2017Q1": 3, "2017Q2": 2, "2017Q3": 2}
ARC_SENTENCE = (
    '\n\nOf those young people, {{ kpi("CS-ARC-FOSTERED").ytd }} were fostered and '
    '{{ kpi("CS-ARC-02") }} were accommodated in all.\n\n{{ chart("CS-ARC-ACCOM") }}\n')


def disclosed_example(target: Path, threshold: int = 10) -> Path:
    """The example with `disclosure: {threshold: N}` and the ARC figures."""
    project = copy_example(target)
    config = project / "reportgen.yaml"
    text = config.read_text()
    assert "  threshold: 5\n" in text
    # ids under each title, so the tests can find every row about a KPI by its id
    config.write_text(text.replace("  threshold: 5\n", f"  threshold: {threshold}\n")
                      + "kpi_ids: tables\n")
    kpis = project / "kpis.yaml"
    kpis.write_text(kpis.read_text() + ARC_KPIS)
    for quarter, accommodated in ARC_ROWS.items():
        data = project / "data" / "quarters" / quarter / "children.csv"
        data.write_text(data.read_text() + f"CS-ARC-ACCOM,{accommodated},\n")
    narrative = project / "narratives" / "2017Q3" / "children.md"
    text = narrative.read_text()
    anchor = "so that no young person can be identified."
    narrative.write_text(text.replace(anchor, anchor + ARC_SENTENCE, 1))
    return project
