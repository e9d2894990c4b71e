"""`reportgen sources QUARTER`: how each source in reportgen.yaml was read, sheet by sheet,
so that an officer can see in one screen why a figure is or is not there."""

from __future__ import annotations

from pathlib import Path

from reportgen.errors import Problem, Problems, ReportError
from reportgen.load.project import Project, load_project
from reportgen.load.trace import SheetTrace
from reportgen.paths import CONFIG_FILE
from reportgen.quarters import Quarter


def read_sources(root: Path, quarter_text: str) -> tuple[Project | None, list[Problem]]:
    """The project as loaded for the quarter (its dataset holds one trace a sheet read), and
    its loading problems, sorted by file."""
    problems = Problems()
    try:
        project = load_project(root, problems, quarter_text)
    except ReportError as exc:
        problems.extend(exc.problems)
        return None, problems.sorted()
    return project, problems.sorted()


def _periods(trace: SheetTrace) -> str:
    if not trace.quarters:
        return "none"
    first, last = min(trace.quarters), max(trace.quarters)
    return f"{len(trace.quarters)}, dated {first}" + (f" to {last}" if first != last else "")


def sources_report(project: Project, quarter: Quarter) -> list[str]:
    """Each source, then each of its files and sheets: header row, columns matched, the
    periods and KPIs found, rows kept and rows left out with the reason."""
    config = project.config
    lines: list[str] = []
    if not config.sources:
        return [f"{CONFIG_FILE} declares no sources: the figures come from the quarter "
                "folders alone"]
    for number, source in enumerate(config.sources, 1):
        whose = f", comparator {source.comparator_name}" if source.comparator_name else ""
        lines.append(f"Source {number} ({CONFIG_FILE} line {source.line}): {source.file} "
                     f"({source.layout}{whose})")
        traces = [t for t in project.dataset.traces if t.source == source.line]
        if not traces:
            lines.append("  no file was read (see the errors below)")
        for trace in traces:
            lines.extend(_sheet(trace, quarter))
        lines.append("")
    return lines


def _sheet(trace: SheetTrace, quarter: Quarter) -> list[str]:
    name = trace.file + (f", sheet '{trace.sheet}'" if trace.sheet is not None else "")
    if trace.header is None:
        return [f"  {name}", "    header row: none found (see the error below)"]
    has = "gives" if quarter in trace.quarters else "does not give"
    lines = [f"  {name}",
             f"    header row: {trace.header}",
             "    columns: " + ", ".join(f"{role} = '{header}'"
                                         for role, header in trace.columns.items()),
             f"    periods: {_periods(trace)}; {has} {quarter}",
             f"    KPIs: {', '.join(sorted(trace.kpis)) or 'none'}",
             f"    rows kept: {trace.kept} ({trace.figures} "
             f"figure{'s' if trace.figures != 1 else ''})"]
    if trace.left_out:
        lines.append("    rows left out: " + "; ".join(
            f"{count} {reason}" for reason, count in sorted(trace.left_out.items())))
    else:
        lines.append("    rows left out: none")
    return lines
