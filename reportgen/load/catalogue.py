"""The KPI catalogue: what each indicator means and how it is judged."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from reportgen.errors import Location, Problems, ReportError
from reportgen.load.config import ProjectConfig
from reportgen.load.schema import validate_model, warn_unknown_keys
from reportgen.paths import CATALOGUE_DIR, CATALOGUE_FILE
from reportgen.quarters import Quarter
from reportgen.safe.yamlfile import LineDict, LineList, load_yaml

Unit = Literal[
    "count", "number", "percent", "percent_change", "gbp", "days", "weeks", "hours",
    "rate_per_1k", "rate_per_10k", "rate_per_100k", "ratio",
]
Polarity = Literal["higher_is_better", "lower_is_better", "neutral"]
Measure = Literal["snapshot", "flow", "ytd"]
Frequency = Literal["quarterly", "annual"]
TargetApplies = Literal["quarter", "year_to_date"]
# Units that are ratios of two things: summing them over quarters gives nonsense (300%).
RATIO_UNITS = ("percent", "percent_change", "ratio", "rate_per_1k", "rate_per_10k",
               "rate_per_100k")
# A share (0–100) and a change that can be negative or above 100 (a "% reduction").
PERCENT_UNITS = ("percent", "percent_change")
DEFAULT_DECIMALS = {"count": 0, "gbp": 0, "percent": 1, "percent_change": 1}
_TOLERANCE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(%|pp)?\s*$")
_TARGET_KEY = re.compile(r"^\d{4}(Q[1-4])?$")


class Tolerance(BaseModel):
    """The amber band around a target; its basis is always explicit."""

    model_config = ConfigDict(frozen=True)
    kind: Literal["relative", "absolute", "points"]
    amount: Decimal

    @classmethod
    def parse(cls, value: object) -> Tolerance:
        match = _TOLERANCE.match(str(value))
        if isinstance(value, bool) or not match:
            raise ValueError(
                f"'{value}' is not a tolerance: write 10% (relative to the target), "
                "5 (absolute) or 2pp (percentage points)"
            )
        kind = {"%": "relative", "pp": "points", None: "absolute"}[match[2]]
        return cls(kind=kind, amount=Decimal(match[1]))  # type: ignore[arg-type]

    def band(self, target: Decimal) -> Decimal:
        """The width of the amber band for this target."""
        if self.kind == "relative":
            return abs(target) * self.amount / 100
        return self.amount

    def __str__(self) -> str:
        suffix = {"relative": "%", "points": "pp", "absolute": ""}[self.kind]
        return f"{self.amount.normalize():f}{suffix}"


class Derived(BaseModel):
    """A KPI computed as sum(numerator) / sum(denominator) × per."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    numerator: list[str]
    denominator: list[str]
    per: Decimal = Decimal(1)

    @field_validator("numerator", "denominator", mode="before")
    @classmethod
    def _listify(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @property
    def components(self) -> list[str]:
        return list(dict.fromkeys(self.numerator + self.denominator))


class Kpi(BaseModel):
    """One catalogue entry."""

    model_config = ConfigDict(frozen=True, extra="ignore")
    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_./-]*$")
    ref: str | None = None
    title: str
    title_cy: str | None = None  # the Welsh report's title (and so on for each `_cy`)
    directorate: str
    section: str = "Performance indicators"
    section_cy: str | None = None
    unit: Unit = "count"
    polarity: Polarity = "neutral"
    measure: Measure = "snapshot"
    target: dict[str, Decimal] = {}
    tolerance: Tolerance | None = None
    decimals: int | None = Field(None, ge=0, le=4)
    definition: str = ""
    definition_cy: str | None = None
    source: str = ""
    source_cy: str | None = None
    owner: str = ""
    owner_cy: str | None = None
    show: bool = True
    derived: Derived | None = None
    rag_scheme: Literal["tolerance", "trend"] | None = None
    frequency: Frequency = "quarterly"
    target_applies: TargetApplies | None = None  # a flow's target: the quarter's or to date

    @field_validator("tolerance", mode="before")
    @classmethod
    def _tolerance(cls, value: Any) -> Any:
        return None if value is None else Tolerance.parse(value)

    @field_validator("target", mode="before")
    @classmethod
    def _targets(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            raise ValueError("write targets by financial year, e.g. {2017: 780} or {2017Q3: 790}")
        out = {}
        for key, amount in value.items():
            if not _TARGET_KEY.match(str(key)):
                raise ValueError(f"target key '{key}' is not a year (2017) or quarter (2017Q3)")
            out[str(key)] = _decimal(amount, f"target for {key}")
        return out

    @property
    def places(self) -> int:
        """Decimal places to show."""
        if self.decimals is not None:
            return self.decimals
        return DEFAULT_DECIMALS.get(self.unit, 1)

    @property
    def percentage(self) -> bool:
        """Shown with `%`, and changes in percentage points."""
        return self.unit in PERCENT_UNITS

    @property
    def cumulative_total(self) -> bool:
        """A count or amount that builds up through the year (a flow, or reported to date):
        its yearly target is for the year's total, and it is judged on the year to date."""
        return self.measure in ("flow", "ytd") and not self.derived and self.unit in (
            "count", "number", "gbp")

    @property
    def judged_to_date(self) -> bool:
        """True when the target is compared with the year to date, not the quarter alone."""
        return self.cumulative_total and self.target_applies != "quarter"

    def target_for(self, quarter: Quarter) -> tuple[Decimal | None, Decimal | None]:
        """The target to judge a quarter by, and the year's target when that is pro rata.

        A quarter's own target wins over its year's. For a cumulative total judged on the
        year to date, the year's target is profiled evenly: at Quarter 3, three quarters of
        it; for a flow whose target applies to the quarter, a quarter's share is a quarter."""
        if str(quarter) in self.target:
            return self.target[str(quarter)], None
        annual = self.target.get(str(quarter.year))
        if annual is None or not self.cumulative_total:
            return annual, None
        if self.target_applies == "quarter":
            return annual / 4, annual
        return annual * quarter.number / 4, annual


def _decimal(value: Any, what: str) -> Decimal:
    try:
        if isinstance(value, bool):
            raise InvalidOperation
        return Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"{what} '{value}' is not a number") from None


@dataclass
class Catalogue:
    """Every KPI, in catalogue order, and where each is declared."""

    kpis: dict[str, Kpi] = field(default_factory=dict)
    locations: dict[str, Location] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    complete: bool = True  # False when a catalogue file could not be read at all
    rejected: set[str] = field(default_factory=set)  # ids of entries with an error of their own

    def for_directorate(self, directorate: str, shown_only: bool = True) -> list[Kpi]:
        return [
            k for k in self.kpis.values()
            if k.directorate == directorate and (k.show or not shown_only)
        ]

    def suggest(self, kpi_id: str) -> str:
        """A 'did you mean' hint for an unknown id."""
        close = difflib.get_close_matches(kpi_id, list(self.kpis), n=1, cutoff=0.6)
        return f"did you mean '{close[0]}'?" if close else "add it to the KPI catalogue (kpis.yaml)"


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
    data = load_yaml(path, display)
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
            if component not in catalogue.kpis:
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
