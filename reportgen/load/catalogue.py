"""Reading the KPI catalogue (kpis.yaml or kpis/*.yaml) and checking it as a whole."""

from __future__ import annotations

from pathlib import Path

from reportgen.errors import Location, Problems, ReportError
from reportgen.load.config import ProjectConfig
from reportgen.load.kpis import RATIO_UNITS, Catalogue, Kpi
from reportgen.load.schema import validate_model, warn_unknown_keys
from reportgen.paths import CATALOGUE_DIR, CATALOGUE_FILE
from reportgen.safe.yamlfile import LineDict, LineList, load_yaml


def catalogue_files(root: Path) -> list[Path]:
    """kpis.yaml, or every kpis/*.yaml in name order."""
    folder = root / CATALOGUE_DIR
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    single = root / CATALOGUE_FILE
    return ([single] if single.is_file() else []) + files


def load_catalogue(root: Path, config: ProjectConfig | None, problems: Problems) -> Catalogue:
    """Read and check the whole catalogue; problems go to `problems`."""
    catalogue = Catalogue(files=catalogue_files(root))
    if not catalogue.files:
        problems.error(Location(CATALOGUE_FILE), "no KPI catalogue found",
                       "create kpis.yaml (a list of KPIs) or kpis/*.yaml")
    for path in catalogue.files:
        try:
            _load_file(root, path, catalogue, problems)
        except ReportError as exc:  # a YAML syntax error: the other files can still be read
            catalogue.complete = False
            problems.extend(exc.problems)
    _check(catalogue, config, problems)
    return catalogue


def _load_file(root: Path, path: Path, catalogue: Catalogue, problems: Problems) -> None:
    display = path.relative_to(root).as_posix()
    data = load_yaml(path, display, problems)  # control characters: removed, with a warning
    if data is None:
        catalogue.complete = False
        problems.error(Location(display), "the catalogue file is empty",
                       "list the KPIs, each starting '- id: ...', or delete the file")
        return
    if not isinstance(data, LineList):
        catalogue.complete = False
        problems.error(Location(display, getattr(data, "line", 1)),
                       "the catalogue must be a list of KPIs", "start each KPI with '- id: ...'")
        return
    for index, item in enumerate(data):
        where = Location(display, data.lines[index])
        if not isinstance(item, LineDict):
            problems.error(where, "each KPI must be a mapping", "start each KPI with '- id: ...'")
            continue
        warn_unknown_keys(item, Kpi.model_fields, display, problems, "KPI")
        kpi = validate_model(Kpi, item, display, problems, (f"KPI {item.get('id', index + 1)}",))
        if kpi is None:  # reported at its line; a narrative or data row using it is right
            catalogue.rejected.add(str(item.get("id")))
            continue
        if kpi.id in catalogue.kpis:
            problems.error(where, f"KPI '{kpi.id}' is declared twice",
                           f"the first is at {catalogue.locations[kpi.id]}; remove or rename one")
            continue
        catalogue.kpis[kpi.id] = kpi
        catalogue.locations[kpi.id] = where


def _check(catalogue: Catalogue, config: ProjectConfig | None, problems: Problems) -> None:
    directorates = {d.id for d in config.directorates} if config else None
    for kpi in catalogue.kpis.values():
        where = catalogue.locations[kpi.id]
        if directorates is not None and kpi.directorate not in directorates:
            problems.error(where, f"KPI '{kpi.id}' names unknown directorate '{kpi.directorate}'",
                           f"use one of: {', '.join(sorted(directorates))}")
        if kpi.target and kpi.polarity == "neutral":
            problems.warning(where, f"KPI '{kpi.id}' is neutral, so its target is not used",
                             "set polarity: higher_is_better or lower_is_better, or remove "
                             "the target")
        if kpi.tolerance and kpi.tolerance.kind == "points" and not kpi.percentage:
            problems.error(where, f"KPI '{kpi.id}' has a tolerance in percentage points "
                           f"but its unit is {kpi.unit}", "use 10% (relative) or 5 (absolute)")
        _check_measure(kpi, where, problems)
        for component in kpi.derived.components if kpi.derived else []:
            if component not in catalogue.kpis and component not in catalogue.rejected:
                problems.error(where, f"derived KPI '{kpi.id}' uses unknown KPI '{component}'",
                               catalogue.suggest(component))
    for cycle in find_cycles(catalogue):
        first = cycle[0]
        problems.error(catalogue.locations[first], "derived KPIs form a cycle: "
                       + " → ".join([*cycle, first]), "a KPI cannot be computed from itself")


def _check_measure(kpi: Kpi, where: Location, problems: Problems) -> None:
    """A measure that would be summed or judged in a way that publishes a wrong figure."""
    if kpi.measure == "flow" and not kpi.derived and kpi.unit in RATIO_UNITS:
        problems.error(where, f"KPI '{kpi.id}' is a {kpi.unit.replace('_', ' ')} declared as "
                       "measure: flow, so its quarters would be summed into a year to date "
                       "(three quarters of 100% would make 300%)",
                       "use measure: snapshot for a figure reported each quarter, ytd for one "
                       "reported to date, or declare it derived from the counts it comes from")
    if kpi.target_applies is not None and not (kpi.measure == "flow" and kpi.cumulative_total):
        problems.error(where, f"KPI '{kpi.id}' has target_applies but is not a flow counted "
                       "in count, number or gbp", "remove target_applies: it only says whether "
                       "a flow's target is for the quarter or the year to date")
    quarterly = [key for key in kpi.target if "Q" in key]
    if kpi.cumulative_total and kpi.measure == "flow" and quarterly and not kpi.target_applies:
        problems.warning(where, f"KPI '{kpi.id}' is a flow with a target for {quarterly[0]}, "
                         "and the catalogue does not say whether it is for the quarter alone "
                         "or the year to date (it is read as the year to date)",
                         "add target_applies: quarter or target_applies: year_to_date")


def find_cycles(catalogue: Catalogue) -> list[list[str]]:
    """Each cycle among derived KPIs, once."""
    cycles: list[list[str]] = []
    done: set[str] = set()

    def visit(kpi_id: str, path: list[str]) -> None:
        if kpi_id in path:
            cycle = path[path.index(kpi_id):]
            if not any(set(cycle) == set(c) for c in cycles):
                cycles.append(cycle)
            return
        kpi = catalogue.kpis.get(kpi_id)
        if kpi_id in done or kpi is None or kpi.derived is None:
            return
        for component in kpi.derived.components:
            visit(component, [*path, kpi_id])
        done.add(kpi_id)

    for kpi_id in catalogue.kpis:
        visit(kpi_id, [])
    return cycles
