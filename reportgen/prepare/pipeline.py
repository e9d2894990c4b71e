"""The first stages of a build, in order: load → compute → read narratives → check.

Each stage returns its value and its problems; nothing here stops the build (that is the
orchestrator's choice, in build.py), and nothing here needs a theme or a language."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from pathlib import Path

from reportgen.compute.calculate import QuarterResults, compute_quarter
from reportgen.compute.disclosure import Disclosed, Policy
from reportgen.compute.revisions import revise
from reportgen.errors import Location, Problem, Problems, ReportError
from reportgen.languages import SOURCE_LANGUAGE
from reportgen.load.project import Project, load_project
from reportgen.load.publications import read_publications
from reportgen.narrative.expressions import Figures
from reportgen.narrative.reading import Narrative, read_narrative
from reportgen.paths import CONFIG_FILE, DATA_DIR, NARRATIVE_DIR, narrative_file
from reportgen.prepare.checks import check_quarter
from reportgen.prepare.prepared import Prepared
from reportgen.quarters import Quarter
from reportgen.words.formatter import Formatter


def load(root: Path, quarter_text: str) -> tuple[Project | None, list[Problem]]:
    """Config, catalogue and data; no project when the config is unusable."""
    problems = Problems()
    try:
        project = load_project(root, problems, quarter_text)
    except ReportError as exc:
        return None, [*problems.items, *exc.problems]
    quarter = project.quarter(quarter_text)
    annual = any(found.annual and q <= quarter  # a year's figure reports in later quarters
                 for (_, q), found in project.dataset.observations.items())
    if quarter not in project.dataset.quarters and not annual:
        problems.extend([_no_data(project, quarter)])
    return project, problems.items


def _no_data(project: Project, quarter: Quarter) -> Problem:
    """No figure for the quarter: where they were looked for, and what to do."""
    folder = f"{DATA_DIR.as_posix()}/{quarter}"
    sources = (f", or save each source's latest export over the old one (reportgen sources "
               f"{quarter} shows how each was read)") if project.config.sources else ""
    if not project.config.sources or (project.root / DATA_DIR).is_dir():
        return Problem(Location(folder), f"no data for {quarter}", f"create the folder "
                       f"{folder}/ with the quarter's CSV files (reportgen new {quarter} "
                       f"starts one){sources}")
    read = sorted(q for q in project.dataset.quarters if q < quarter)
    latest = f"; the latest quarter they give is {read[-1]}" if read else ""
    return Problem(Location(CONFIG_FILE), f"no data for {quarter} in the sources declared in "
                   f"{CONFIG_FILE}{latest}", "save each source's latest export over the old "
                   f"one (reportgen sources {quarter} shows how each was read), or put the "
                   f"quarter's files in {folder}/")


def compute(project: Project, quarter: Quarter, published: bool = True) -> QuarterResults:
    """Every figure of the quarter as published (under the project's disclosure control;
    `published=False`: as the data has them, for checks that must know what is withheld).
    No problems: the data's were found when loading."""
    config = project.config
    calc = None
    if config.disclosure is not None and published:
        policy = Policy(config.disclosure.threshold, frozenset(config.disclosure.units),
                        config.disclosure.round)
        calc = Disclosed(project.catalogue, project.dataset.observations, policy)
    return compute_quarter(project.catalogue, project.dataset.observations,
                           project.dataset.budgets, [d.id for d in config.directorates],
                           quarter, config.rag_scheme, project.dataset.comparators, calc)


def read_narratives(project: Project, quarter: Quarter, results: QuarterResults,
                    language: str = SOURCE_LANGUAGE, only: frozenset[str] = frozenset(),
                    data: QuarterResults | None = None
                    ) -> tuple[dict[tuple[str, str], Narrative], list[Problem]]:
    """The quarter's narratives in one language, with their figures filled in; with `only`,
    the other directorates' front matter alone (their status, for the index); `data`, the
    figures before disclosure control, lets the lint find withheld ones typed by hand."""
    root, problems = project.root, Problems()
    folder = root / NARRATIVE_DIR / str(quarter)
    known = {d.id for d in project.config.directorates}
    figures = Figures(results, project.catalogue, Formatter(language), _quiet(project, quarter),
                      data)
    found: dict[tuple[str, str], Narrative] = {}
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        directorate, _, suffix = path.name.removesuffix(".md").partition(".")
        if directorate not in known:
            problems.error(Location(path.relative_to(root).as_posix()),
                           f"narrative for unknown directorate '{directorate}'",
                           f"name the file after a directorate id: {', '.join(sorted(known))}")
            continue
        if (suffix or SOURCE_LANGUAGE) != language:
            continue  # another language's version, read with that language
        narrative, trouble = read_narrative(root, path, directorate, language, figures,
                                            body=not only or directorate in only)
        problems.extend(trouble)
        if narrative is not None:
            found[(directorate, language)] = narrative
    for entry in project.config.directorates if language == SOURCE_LANGUAGE else ():
        # (a missing translation is bilingual.check_languages's to report, once)
        expected = narrative_file(quarter, entry.id, language)
        if (entry.id, language) not in found and not (root / expected).exists():
            problems.warning(Location(expected.as_posix()),
                             f"{entry.name} has no narrative for {quarter}",
                             f"write {expected.as_posix()}; the report is built without one")
    return found, problems.items


def _quiet(project: Project, quarter: Quarter) -> frozenset[str]:
    """KPIs whose data already has an error this quarter, directly or through a component."""
    rejected = {k for k, q in project.dataset.rejected if q == quarter}
    derived = {k.id for k in project.catalogue.kpis.values()
               if k.derived and set(k.derived.components) & rejected}
    return frozenset(rejected | derived)


def prepare(root: Path, quarter_text: str,
            only: Collection[str] = ()) -> Prepared | list[Problem]:
    """Load, compute, read narratives and check a quarter: a Prepared quarter carrying
    every problem found, or only the problems when the project cannot be read at all.
    With `only` (some directorates' ids), the others' narratives are not read past their
    front matter, nor checked: a build of one directorate does the work of one."""
    project, problems = load(root, quarter_text)
    if project is None:
        return problems
    quarter = project.quarter(quarter_text)
    records = Problems()
    results = revise(compute(project, quarter),
                     read_publications(project.root, quarter, records))
    data = compute(project, quarter, published=False) if project.config.disclosure else None
    narratives: dict[tuple[str, str], Narrative] = {}
    trouble: list[Problem] = []
    for language in project.config.languages:
        read, found = read_narratives(project, quarter, results, language, frozenset(only),
                                      data)
        narratives.update(read)
        trouble.extend(found)
    prepared = Prepared(project, quarter, results, narratives, only=frozenset(only))
    every = [*problems, *records.items, *trouble, *check_quarter(prepared)]
    return replace(prepared, problems=tuple(Problems(every).sorted()))
