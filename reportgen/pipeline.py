"""From files to everything a report needs: load, compute, render narratives, check."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .checks import check_quarter
from .compute import QuarterResults, compute_quarter
from .config import Directorate
from .data import DATA_DIR
from .errors import Location, Problems, ReportError
from .expressions import Blocks
from .narrative import NARRATIVE_DIR, Narrative, Source, read_narrative, render_body
from .project import Project, load_project
from .quarters import Quarter


@dataclass
class Prepared:
    """A quarter ready to render: the project, its computed figures and its narratives."""

    project: Project
    quarter: Quarter
    results: QuarterResults
    narratives: dict[str, Narrative] = field(default_factory=dict)
    problems: Problems = field(default_factory=Problems)

    @property
    def directorates(self) -> list[Directorate]:
        return self.project.config.directorates


def prepare(root: Path, quarter_text: str, blocks_for: Callable[[Project], Blocks],
            problems: Problems | None = None) -> Prepared:
    """Load and check everything for one quarter; every problem lands in `.problems`."""
    problems = problems if problems is not None else Problems()
    project = load_project(root, problems, quarter_text)
    quarter = project.quarter(quarter_text)
    if quarter not in project.dataset.quarters:
        problems.error(Location(f"{DATA_DIR.as_posix()}/{quarter}"), f"no data for {quarter}",
                       f"create the folder {DATA_DIR.as_posix()}/{quarter}/ with the quarter's "
                       f"CSV files (reportgen new {quarter} starts one)")
    config = project.config
    results = compute_quarter(project.catalogue, project.dataset.observations,
                              project.dataset.budgets, [d.id for d in config.directorates],
                              quarter, config.rag_scheme, project.dataset.comparators)
    prepared = Prepared(project, quarter, results, problems=problems)
    _read_narratives(prepared, blocks_for(project))
    check_quarter(prepared)
    return prepared


def _read_narratives(prepared: Prepared, blocks: Blocks) -> None:
    root, quarter, problems = prepared.project.root, prepared.quarter, prepared.problems
    folder = root / NARRATIVE_DIR / str(quarter)
    known = {d.id for d in prepared.directorates}
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        directorate = path.name.removesuffix(".md").removesuffix(".cy")
        display = path.relative_to(root).as_posix()
        if directorate not in known:
            problems.error(Location(display), f"narrative for unknown directorate '{directorate}'",
                           f"name the file after a directorate id: {', '.join(sorted(known))}")
            continue
        if path.name.endswith(".cy.md"):
            continue  # Welsh versions are read with the Welsh build
        read = read_narrative(path, display, directorate, problems)
        if read is None:
            continue
        narrative, body, first_line = read
        try:
            html, headings, mentions, text = render_body(
                Source(display, body, first_line, root), prepared.results,
                prepared.project.catalogue, blocks, _quiet(prepared))
        except ReportError as exc:
            problems.extend(exc.problems)
            continue
        narrative.html, narrative.headings, narrative.mentions, narrative.text = (
            html, headings, mentions, text)
        prepared.narratives[directorate] = narrative
        _check_shape(narrative, body, first_line, problems)
    for entry in prepared.directorates:
        expected = f"{NARRATIVE_DIR.as_posix()}/{quarter}/{entry.id}.md"
        if entry.id not in prepared.narratives and not (root / expected).exists():
            problems.warning(Location(expected), f"{entry.name} has no narrative for {quarter}",
                             f"write {expected}; the report is built without one")


def _quiet(prepared: Prepared) -> frozenset[str]:
    """KPIs whose data already has an error this quarter, directly or through a component."""
    rejected = {k for k, q in prepared.project.dataset.rejected if q == prepared.quarter}
    catalogue = prepared.project.catalogue
    derived = {k.id for k in catalogue.kpis.values()
               if k.derived and set(k.derived.components) & rejected}
    return frozenset(rejected | derived)


def _check_shape(narrative: Narrative, body: str, first_line: int, problems: Problems) -> None:
    """A narrative the report cannot lay out as its author meant."""
    where = Location(narrative.path, first_line)
    if not body.strip():
        problems.warning(where, "the narrative has no text",
                         "write the director's commentary under '## Key Areas of Progress' "
                         "and '## Directorate Challenges'")
        return
    for number, line in enumerate(body.splitlines(), start=first_line):
        if line.startswith("# "):
            problems.warning(Location(narrative.path, number), "'#' makes a top-level heading, "
                             "which is left out: the report's title is the only one",
                             "use '## ' for a section and '### ' within one")
    if not any(h.level == 2 for h in narrative.headings):
        problems.warning(where, "the narrative has no '## ' sections, so it has no entry in "
                         "the contents", "start each section with a line such as "
                         "'## Key Areas of Progress'")
