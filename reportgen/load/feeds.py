"""Where each KPI's figures come from: a quarter folder, or a source in reportgen.yaml (and,
for a workbook with a sheet per quarter, the sheet to add) — and which quarters an annual
KPI is expected in."""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.load.kpis import Kpi
from reportgen.load.project import Project
from reportgen.quarters import Quarter


@dataclass(frozen=True)
class Feed:
    """A source that gives a KPI's own figures (not a comparator's)."""

    file: str
    line: int  # where the source is declared in reportgen.yaml
    sheet: str | None = None  # period: sheet: the latest sheet read, as a model for the next

    def todo(self, quarter: Quarter) -> str:
        """What to do for the quarter's figure to be read."""
        if self.sheet is not None:
            return (f"add a sheet for {quarter} to {self.file}, named as the others "
                    f"(the latest is '{self.sheet}')")
        return f"save the new export over {self.file} (reportgen.yaml line {self.line})"


def feeds(project: Project) -> dict[str, Feed]:
    """Each KPI fed by a source, and the first source that feeds it."""
    found: dict[str, Feed] = {}
    for source in project.config.sources:
        if source.comparator is not None:
            continue
        traces = [t for t in project.dataset.traces if t.source == source.line]
        sheet = None
        if source.period.strip().lower() == "sheet":
            dated = [t for t in traces if t.quarters and t.sheet is not None]
            sheet = max(dated, key=lambda t: max(t.quarters)).sheet if dated else None
        feed = Feed(source.file, source.line, sheet)
        named = set(source.codes.values()) if isinstance(source.codes, dict) else set()
        for kpi_id in sorted(named | {k for t in traces for k in t.kpis}):
            if kpi_id in project.catalogue.kpis:
                found.setdefault(kpi_id, feed)
    return found


def expected_in(kpi: Kpi, quarter: Quarter, project: Project) -> bool:
    """A quarterly KPI is expected every quarter; an annual one only in the quarter its year
    is dated to (the last of a financial year, or where its figures so far are dated)."""
    if kpi.frequency != "annual":
        return True
    dated = [q for (k, q) in project.dataset.observations if k == kpi.id]
    return quarter.number == (max(dated).number if dated else 4)
