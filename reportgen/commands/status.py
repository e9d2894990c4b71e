"""Where a quarter stands: each directorate's narrative sign-off, missing data and problems."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.errors import Problem
from reportgen.load.feeds import expected_in, feeds
from reportgen.prepare.approvals import Approval, approval
from reportgen.prepare.prepared import Prepared
from reportgen.words.formatter import Formatter

PROJECT_WIDE = "(project)"  # the row for problems no one directorate owns


@dataclass
class DirectorateStatus:
    """One directorate (in one language) this quarter."""

    id: str
    name: str
    language: str
    approval: Approval
    missing: list[str] = field(default_factory=list)  # expected KPIs with no value
    errors: int = 0
    warnings: int = 0


@dataclass
class QuarterStatus:
    """Every directorate's row, and the problems that belong to the project as a whole."""

    quarter: str
    rows: list[DirectorateStatus]
    project_errors: int = 0
    project_warnings: int = 0
    errors: int = 0  # in the whole quarter
    warnings: int = 0
    revisions: list[str] = field(default_factory=list)  # figures differing from publication


def missing_data(prepared: Prepared, directorate: str) -> list[str]:
    """The directorate's expected KPIs (entered, not derived, and for an annual KPI only in
    its year's quarter) with no value or symbol; one fed by a source says what to do."""
    missing = []
    fed = feeds(prepared.project)
    for kpi in prepared.project.catalogue.for_directorate(directorate, shown_only=False):
        if kpi.derived or not expected_in(kpi, prepared.quarter, prepared.project):
            continue
        result = prepared.results.kpis.get(kpi.id)
        if kpi.frequency == "annual" and result is not None and (
                result.period != prepared.quarter):
            result = None  # last year's figure is not this year's
        if result is None or (result.value is None and result.symbol is None):
            feed = fed.get(kpi.id)
            missing.append(kpi.id if feed is None else
                           f"{kpi.id} ({feed.todo(prepared.quarter)})")
    return missing


def owner(problem: Problem, directorates: Iterable[str]) -> str:
    """Which directorate a problem belongs to: the one its file is named after."""
    name = Path(problem.location.path).name
    stem = name.split(".", 1)[0]
    return stem if stem in set(directorates) else PROJECT_WIDE


def quarter_status(prepared: Prepared, problems: Iterable[Problem]) -> QuarterStatus:
    """Each directorate's sign-off, missing data and problem counts for the quarter."""
    ids = [d.id for d in prepared.directorates]
    counts: dict[str, list[int]] = {key: [0, 0] for key in [*ids, PROJECT_WIDE]}
    problems = list(problems)
    for problem in problems:
        counts[owner(problem, ids)][0 if problem.severity == "error" else 1] += 1
    rows = []
    for entry in prepared.directorates:
        missing = missing_data(prepared, entry.id)
        for language in prepared.languages:
            errors, warnings = counts[entry.id]
            rows.append(DirectorateStatus(entry.id, entry.name, language,
                                          approval(prepared, entry.id, language),
                                          missing, errors, warnings))
    errors, warnings = counts[PROJECT_WIDE]
    total = sum(1 for p in problems if p.severity == "error")
    words = Formatter()
    revisions = [words.revision(prepared.results.kpis[r.kpi].kpi, r)
                 for r in prepared.results.revisions]
    return QuarterStatus(str(prepared.quarter), rows, errors, warnings, total,
                         len(problems) - total, revisions)


def table(status: QuarterStatus) -> list[str]:
    """The status as aligned plain-text lines, readable in a terminal or a log."""
    several = len({r.language for r in status.rows}) > 1
    header = ["Directorate", *(["Lang"] if several else []), "Narrative", "Approved by",
              "Approved on", "Missing data", "Errors", "Warnings"]
    body = []
    for row in status.rows:
        a = row.approval
        body.append([row.name, *([row.language] if several else []), a.status,
                     a.approved_by or "–", a.approved_on or "–",
                     str(len(row.missing)) if row.missing else "none",
                     str(row.errors), str(row.warnings)])
    if status.project_errors or status.project_warnings:
        body.append(["Whole project", *([""] if several else []), "", "", "", "",
                     str(status.project_errors), str(status.project_warnings)])
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip()
             for r in [header, *body]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    for name, missing in dict((r.name, r.missing) for r in status.rows).items():
        if missing:
            lines.append(f"{name}: no value this quarter for {', '.join(missing)}")
    for row in status.rows:
        if row.approval.status == "unreadable":
            problem = row.approval.problem
            name = f"{row.name} ({row.language})" if several else row.name
            lines.append(f"{name}: the narrative cannot be read: "
                         f"{problem if problem else row.approval.narrative}")
    if status.revisions:
        lines.append(f"Revisions pending: {len(status.revisions)} figure"
                     f"{'s' if len(status.revisions) != 1 else ''} differ from what an earlier "
                     "report published; the report marks each [r] and lists it:")
        lines.extend(f"  {line}" for line in status.revisions)
    return lines
