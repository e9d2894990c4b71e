"""Checks that need the whole quarter: figures computed, narratives read."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import PurePosixPath

from reportgen.compute.calculate import CONFIDENTIAL, SERIES_LENGTH, Calculator, Rag
from reportgen.errors import Location, Problem, Problems
from reportgen.load.catalogue import find_cycles
from reportgen.load.dataset import Observation
from reportgen.paths import CONFIG_FILE, DATA_DIR
from reportgen.prepare.bilingual import check_languages
from reportgen.prepare.prepared import Prepared
from reportgen.quarters import Quarter


def check_quarter(prepared: Prepared) -> list[Problem]:
    """Every check that needs the whole quarter: figures computed, narratives read."""
    problems = Problems()
    checks: list[Callable[[Prepared, Problems], None]] = [
        _contrast, _history, _completeness, _derived_inputs, _target_years, _commentary,
        _quarter_against_target_to_date]
    for check in checks:
        check(prepared, problems)
    problems.extend(check_languages(prepared))
    return problems.items


def contrast(colour: str) -> float:
    """WCAG contrast ratio of a #RRGGBB colour against white."""
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
    return 1.05 / (luminance + 0.05)


def _contrast(prepared: Prepared, problems: Problems) -> None:
    """Headings and chart lines use the branding colours, on white: WCAG asks 4.5:1 for text."""
    branding = prepared.project.config.branding
    for key in ("colour", "accent"):
        ratio = contrast(getattr(branding, key))
        if ratio < 4.5:
            problems.warning(
                Location(CONFIG_FILE), f"branding {key} {getattr(branding, key)} has a contrast "
                f"of {ratio:.1f}:1 against white, below the 4.5:1 WCAG AA asks for text",
                "choose a darker shade; the report's headings and chart labels use it")


def _history(prepared: Prepared, problems: Problems) -> None:
    """The trend charts need eight quarters: say which folders are missing."""
    present = prepared.project.dataset.quarters
    if prepared.quarter not in present:
        return  # reported already, as the quarter's own missing folder
    if not any(k.frequency != "annual" for k in prepared.project.catalogue.kpis.values()):
        return  # annual figures are charted by year, not by quarter
    missing = [q for q in prepared.quarter.series(SERIES_LENGTH) if q not in present]
    if missing:
        names = ", ".join(str(q) for q in missing)
        problems.warning(
            Location(DATA_DIR.as_posix()), f"the trend charts need {len(missing)} more "
            f"quarter{'s' if len(missing) > 1 else ''} of history: {names}",
            "add those quarter folders; until then the charts show gaps")


def unreported(found: Observation | None) -> bool:
    """True when the data says a figure is deliberately not given: a GSS marker (`[x]`)
    with a note saying why, or a marker that explains itself (`[c]` suppressed, `[z]` not
    applicable)."""
    if found is None or found.value is not None or found.symbol is None:
        return False
    return found.symbol != "[x]" or bool(found.note)


def _completeness(prepared: Prepared, problems: Problems) -> None:
    """A shown KPI with no figure for the quarter would be published as a blank: a warning
    naming it, which `build --publish` refuses, unless the data says why it is not given."""
    dataset, quarter = prepared.project.dataset, prepared.quarter
    if quarter not in dataset.quarters:
        return  # reported already, as the quarter's own missing folder
    unplaced: dict[str, list[str]] = {}
    for result in prepared.results.kpis.values():
        kpi = result.kpi
        if kpi.show and result.value is not None and result.ytd is None \
                and not result.ytd_withheld and kpi.judged_to_date and result.target is not None:
            _no_year_to_date(prepared, result.kpi.id, problems)
        if not kpi.show or kpi.derived or result.value is not None:
            continue  # a derived KPI's missing inputs are named by _derived_inputs
        if result.symbol == CONFIDENTIAL:
            continue  # there is a figure: disclosure control withholds it
        period = result.period or quarter
        if (kpi.id, period) in dataset.rejected:
            continue  # its row's own error says what is wrong
        found = dataset.observations.get((kpi.id, period))
        if unreported(found):
            continue
        if found is None:
            unplaced.setdefault(kpi.directorate, []).append(kpi.id)
            continue
        what = f"is marked {found.symbol} with no note saying why" if found.symbol else \
            f"has no figure for {period}"
        problems.items.append(Problem(
            found.location, f"{kpi.id} ({kpi.title}) {what}",
            "enter the figure; if it is deliberately not reported this quarter, write [x] "
            "with a note saying why. --publish refuses a report with a figure missing",
            "warning", blocks_publish=True))
    for directorate, ids in unplaced.items():
        problems.items.append(Problem(
            Location(f"{DATA_DIR.as_posix()}/{quarter}"),
            f"no figure for {quarter} for {len(ids)} shown KPI{'s' if len(ids) > 1 else ''} "
            f"of {directorate}: {', '.join(ids)}",
            "add a row for each (kpi,value,note) to the quarter's data; if one is deliberately "
            "not reported, write [x] with a note saying why. --publish refuses a report with "
            "a figure missing", "warning", blocks_publish=True))


def _no_year_to_date(prepared: Prepared, kpi_id: str, problems: Problems) -> None:
    """A flow judged on its year to date, with an earlier quarter of the year missing: its
    status cannot be judged, and the report says not available."""
    quarter, observations = prepared.quarter, prepared.project.dataset.observations
    missing = [str(q) for q in quarter.year_to_date()
               if (found := observations.get((kpi_id, q))) is None or found.value is None]
    found = observations.get((kpi_id, quarter))
    where = found.location if found else prepared.project.catalogue.locations[kpi_id]
    problems.warning(where, f"{kpi_id} has no year to date for {quarter}, so its target "
                     f"cannot be judged: {', '.join(missing)} "
                     f"{'has' if len(missing) == 1 else 'have'} no figure",
                     "add the earlier quarters' figures; the report shows its status as "
                     "not available")


def _derived_inputs(prepared: Prepared, problems: Problems) -> None:
    """A derived KPI that cannot be computed this quarter, and why."""
    catalogue, quarter = prepared.project.catalogue, prepared.quarter
    calc = Calculator(catalogue, prepared.project.dataset.observations)
    in_cycles = {k for cycle in find_cycles(catalogue) for k in cycle}
    rejected = prepared.project.dataset.rejected
    for kpi in catalogue.kpis.values():
        if kpi.derived is None or not kpi.show or kpi.id in in_cycles:
            continue
        where = catalogue.locations[kpi.id]
        if any((c, quarter) in rejected for c in kpi.derived.components):
            continue  # the component's own error says why
        missing = [c for c in kpi.derived.components
                   if c in catalogue.kpis and calc.headline(c, quarter)[0] is None]
        if missing:
            observations = prepared.project.dataset.observations
            deliberate = all(unreported(observations.get((c, quarter))) for c in missing)
            problems.items.append(Problem(
                where, f"{kpi.id} cannot be computed for {quarter}: "
                f"{', '.join(missing)} {'has' if len(missing) == 1 else 'have'} no value",
                f"add the figure to {DATA_DIR.as_posix()}/{quarter}/; "
                "the report shows it as not available", "warning",
                blocks_publish=not deliberate))
            continue
        _, denominator = calc.parts(kpi, quarter)
        if denominator == 0:
            problems.warning(
                where, f"{kpi.id} has a zero denominator in {quarter}",
                "check its components' figures; the report shows it as not available")


def _target_years(prepared: Prepared, problems: Problems) -> None:
    """A target for a year the data does not reach is usually a typo (2071 for 2017)."""
    years = {q.year for q in prepared.project.dataset.quarters}
    if not years:
        return
    first, last = min(years), max(years) + 1
    start_month = prepared.project.config.fiscal_year_start_month
    for kpi in prepared.project.catalogue.kpis.values():
        for key in kpi.target:
            year = Quarter.parse(key, start_month).year if "Q" in key else int(key)
            if not first <= year <= last:
                problems.warning(
                    prepared.project.catalogue.locations[kpi.id],
                    f"{kpi.id} has a target for {key}, outside the years of data "
                    f"({first} to {last - 1})", "check the year; targets are keyed by the "
                    "year the financial year starts, e.g. 2017 for 2017/18")


def _commentary(prepared: Prepared, problems: Problems) -> None:
    """A red KPI needs a word of explanation: a note in the data or a mention in the narrative."""
    for result in prepared.results.kpis.values():
        if (result.rag is not Rag.RED or not result.kpi.show or result.note
                or not prepared.read(result.kpi.directorate)):
            continue
        narrative = prepared.narrative(result.kpi.directorate)
        if narrative and (result.kpi.id in narrative.mentions
                          or result.kpi.title.lower() in narrative.text.lower()):
            continue
        found = prepared.project.dataset.observations.get((result.kpi.id, prepared.quarter))
        where = found.location if found else prepared.project.catalogue.locations[result.kpi.id]
        problems.warning(where, f"{result.kpi.id} is red with no commentary",
                         _note_advice(prepared, where.path) + ", or discuss it in the "
                         "directorate's narrative")


def _note_advice(prepared: Prepared, path: str) -> str:
    """Where a figure's commentary goes, for the file the figure came from: a source
    declared in reportgen.yaml names its commentary column with `note:`."""
    for source in prepared.project.config.sources:
        if PurePosixPath(path).match(source.file.replace("\\", "/")):
            if source.note:
                return f"add a note in the '{source.note}' column of {path}"
            return (f"name the column of {path} that holds commentary with note: under its "
                    f"source in {CONFIG_FILE} (line {source.line})")
    return f"add a note in the note column of {path}"


_FIGURE = re.compile(r"""kpi\(\s*["']([^"']+)["']\s*\)(\.value|\.target|\.ytd)?(?![\w.])""")


def _quarter_against_target_to_date(prepared: Prepared, problems: Problems) -> None:
    """A line that sets a flow's quarter (`kpi("X")`) beside its target (`.target`), which
    is the year's target to date, compares unlike things: 272 against a target of 900."""
    kpis = prepared.results.kpis
    for narrative in prepared.narratives.values():
        for number, line in enumerate(narrative.source.split("\n"), start=narrative.first_line):
            used: dict[str, set[str]] = {}
            for found in _FIGURE.finditer(line):
                used.setdefault(found[1], set()).add(found[2] or ".value")
            for kpi_id, figures in used.items():
                result = kpis.get(kpi_id)
                if result is None or not result.kpi.judged_to_date or result.kpi.derived \
                        or result.kpi.measure != "flow" or figures & {".ytd"} \
                        or not {".value", ".target"} <= figures:
                    continue
                problems.warning(
                    Location(narrative.path, number),
                    f'kpi("{kpi_id}") is the quarter\'s figure, but its .target is the '
                    "target for the year to date", f'compare kpi("{kpi_id}").ytd with '
                    f'kpi("{kpi_id}").target, as the report judges it')
