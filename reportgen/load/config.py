"""The project file, reportgen.yaml: council, financial year, directorates, branding."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from reportgen.errors import Location, Problems, ReportError
from reportgen.languages import SOURCE_LANGUAGE
from reportgen.load.kpis import UNITS
from reportgen.load.schema import validate_model, warn_unknown_keys
from reportgen.paths import CONFIG_FILE, watched_inputs
from reportgen.safe.yamlfile import LineDict, LineList, load_yaml

SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")

MAX_ID_LENGTH = 64  # a directorate id names its files, which the file system keeps short


class Directorate(BaseModel):
    """A directorate: one report each quarter."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    id: str
    name: str
    name_cy: str | None = None  # the name in Welsh, for the Welsh report
    director: str | None = None
    director_cy: str | None = None

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not SLUG.match(value):
            raise ValueError(
                f"'{value}' is not a valid id: use lower-case letters, digits, '-' or '_'"
            )
        if len(value) > MAX_ID_LENGTH:  # it names files: children.cy.html, children.md
            raise ValueError(f"'{value[:20]}…' is {len(value)} characters long, more than the "
                             f"{MAX_ID_LENGTH} an id may be: use a short id such as 'children'")
        return value


class Branding(BaseModel):
    """The council's look: colours and logo, used by the built-in theme."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    colour: str = "#1d4f73"
    accent: str = "#8a1c4a"
    logo: str | None = None

    @field_validator("colour", "accent")
    @classmethod
    def _hex(cls, value: str) -> str:
        if not COLOUR.match(value):
            raise ValueError(f"'{value}' is not a colour: write it as #RRGGBB, e.g. #1d4f73")
        return value


class Aggregate(BaseModel):
    """A comparator computed from several areas' rows: their mean or median."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    aggregate: Literal["mean", "median"] = "mean"


class Source(BaseModel):
    """A file the council already has, read as it is: see docs/data.md."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    file: str
    layout: Literal["long", "wide"] = "long"
    kpi: str = "kpi"
    period: str = "period"
    value: str = "value"
    note: str | None = None
    status: str | None = None  # the column whose `p` marks a figure provisional
    sheet: str = "*"
    header_row: int | None = Field(None, ge=1)
    where: dict[str, list[str]] = {}
    codes: dict[str, str] | str = {}
    unlisted: Literal["error", "ignore"] = "error"
    scale: Decimal = Field(Decimal(1), gt=0)
    missing: list[str] = []
    comparator: str | Aggregate | None = None
    years: Literal["ending", "starting", "calendar"] | None = None  # what a bare year names
    # a wide table's whole-year columns (last year's outturn) beside quarterly KPIs: warn, or
    # leave them out without a word
    year_columns: Literal["warn", "ignore"] = "warn"
    monthly: Literal["sum", "mean", "last"] | None = None  # how a quarter is made of months
    numerator: str | None = None  # with denominator: in place of value:, the figure is
    denominator: str | None = None  # numerator / denominator × per
    per: Decimal = Field(Decimal(100), gt=0)
    line: int = 0  # where the source is declared in reportgen.yaml (set when read)

    @field_validator("where", mode="before")
    @classmethod
    def _values(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            raise ValueError("write where: as {column: value} or {column: [value, value]}")
        return {str(k): [str(v) for v in (item if isinstance(item, list) else [item])]
                for k, item in value.items()}

    @field_validator("codes", mode="before")
    @classmethod
    def _codes(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {str(k): str(v) for k, v in value.items()}
        if not isinstance(value, str):
            raise ValueError("write codes: as {their code: KPI id}, or the path of a CSV file "
                             "with the columns code,kpi")
        return value

    @field_validator("comparator", mode="before")
    @classmethod
    def _comparator(cls, value: Any) -> Any:
        if isinstance(value, dict):
            try:
                return Aggregate.model_validate(value)
            except ValidationError as exc:
                raise ValueError("write comparator: as a name (England), or as {name: "
                                 "Neighbours, aggregate: mean} (or median): "
                                 + exc.errors()[0]["msg"]) from None
        if value is not None and not isinstance(value, str):
            raise ValueError("write comparator: as a name (England), or as {name: "
                             "Neighbours, aggregate: mean} (or median)")
        return value

    @field_validator("missing", mode="before")
    @classmethod
    def _markers(cls, value: Any) -> Any:
        return [str(v) for v in value] if isinstance(value, list) else value

    @model_validator(mode="after")
    def _one_column_per_kpi(self) -> Source:
        if self.kpi_columns and self.layout == "wide":
            raise ValueError("kpi: columns reads a period from each row and a KPI from each "
                             "column, so it cannot be combined with layout: wide")
        if self.kpi_columns and {"value", "unlisted"} & self.model_fields_set:
            raise ValueError("with kpi: columns each KPI's figures are in its own column, so "
                             "value: and unlisted: do not apply: remove them")
        if (self.numerator is None) != (self.denominator is None):
            raise ValueError("numerator: and denominator: go together: give both column "
                             "names, or value: alone")
        if self.numerator is not None and (self.kpi_columns or self.layout == "wide"
                                           or "value" in self.model_fields_set):
            raise ValueError("numerator: and denominator: take the place of value: in a long "
                             "layout (one row per KPI and period): remove value:, kpi: columns "
                             "or layout: wide")
        if self.monthly and isinstance(self.comparator, Aggregate):
            raise ValueError("monthly: cannot be combined with a comparator computed from "
                             "several areas' rows: give each area's quarters, or the "
                             "comparator's own series")
        if self.status is not None and (self.kpi_columns or self.layout == "wide"):
            raise ValueError("status: names the column saying whether a row's one figure is "
                             "provisional, so it applies to a long layout with value: (one "
                             "row per KPI and period): remove status:, or mark each cell "
                             "803 [p]")
        if self.kpi_columns and self.note is not None:
            raise ValueError("with kpi: columns a row holds several KPIs, so a note column "
                             "could not say which one it is about: remove note:")
        return self

    @property
    def kpi_columns(self) -> bool:
        """`kpi: columns`: one column per KPI, named by its header, and a period per row."""
        return self.kpi.strip().casefold() == "columns"

    @property
    def figure_columns(self) -> list[str]:
        """The column with the figure, or its numerator's and denominator's."""
        if self.numerator is not None and self.denominator is not None:
            return [self.numerator, self.denominator]
        return [self.value]

    @property
    def comparator_name(self) -> str | None:
        if isinstance(self.comparator, Aggregate):
            return self.comparator.name
        return self.comparator


SOURCE_KEYS = set(Source.model_fields) - {"line"}


class Disclosure(BaseModel):
    """Disclosure control: small counts are published as [c] (docs/formats.md)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    threshold: int = Field(ge=2)  # a count from 1 to threshold-1 is confidential
    units: list[str] = ["count"]
    round: int | None = Field(None, ge=2)  # published counts rounded to the nearest `round`

    @field_validator("units", mode="before")
    @classmethod
    def _units(cls, value: Any) -> Any:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list):
            raise ValueError("write units: as a list of KPI units, e.g. [count]")
        for unit in items:
            if unit not in UNITS:
                raise ValueError(f"'{unit}' is not a KPI unit: use one of {', '.join(UNITS)}")
        return items


class ProjectConfig(BaseModel):
    """Everything in reportgen.yaml."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    council: str
    council_cy: str | None = None  # the council's name in Welsh, for Welsh pages
    fiscal_year_start_month: int = Field(4, ge=1, le=12)
    languages: list[Literal["en", "cy"]] = [SOURCE_LANGUAGE]
    directorates: list[Directorate] = Field(min_length=1)
    rag_scheme: Literal["tolerance", "trend"] = "tolerance"
    # where each indicator's id (CS-LAC-01) is shown: the glossary only, or also under its
    # title in every table
    kpi_ids: Literal["glossary", "tables"] = "glossary"
    # what each comparator is, in a sentence: `Family group average: the mean of …`
    comparators: dict[str, str] = {}
    branding: Branding = Branding()
    sources: list[Source] = []
    disclosure: Disclosure | None = None

    @field_validator("directorates")
    @classmethod
    def _unique(cls, value: list[Directorate]) -> list[Directorate]:
        seen: set[str] = set()
        for directorate in value:
            if directorate.id in seen:
                raise ValueError(f"directorate '{directorate.id}' is listed twice")
            seen.add(directorate.id)
        return value

    def directorate(self, directorate_id: str) -> Directorate:
        return next(d for d in self.directorates if d.id == directorate_id)


def load_config(root: Path, problems: Problems) -> ProjectConfig | None:
    """Read reportgen.yaml at the project root; problems go to `problems`."""
    path = root / CONFIG_FILE
    if not path.is_file():
        raise ReportError.at(
            CONFIG_FILE, "no reportgen.yaml here",
            "run reportgen in a report project's folder, or create one with 'reportgen init DIR'",
        )
    data = load_yaml(path, CONFIG_FILE, problems)
    if not isinstance(data, LineDict):
        problems.error(Location(CONFIG_FILE, 1), "reportgen.yaml must be a mapping of settings",
                       "start with 'council: Your Council Name'")
        return None
    warn_unknown_keys(data, ProjectConfig.model_fields, CONFIG_FILE, problems, "setting")
    sources = data.get("sources")
    if isinstance(sources, LineList):
        for index, item in enumerate(sources):
            if isinstance(item, LineDict):
                warn_unknown_keys(item, SOURCE_KEYS, CONFIG_FILE, problems, "source")
                item.pop("line", None)
                item["line"] = item.lines["line"] = sources.lines[index]
    return validate_model(ProjectConfig, data, CONFIG_FILE, problems)


def named_files(root: Path, config: ProjectConfig) -> list[Path]:
    """The files reportgen.yaml names: the logo and every source's files (inside the
    project only; the readers refuse the rest)."""
    project = root.resolve()
    found = [root / config.branding.logo] if config.branding.logo else []
    for source in config.sources:
        if not Path(source.file).is_absolute() and ".." not in Path(source.file).parts:
            found += sorted(root.glob(source.file))
    return [p for p in found if p.is_file() and p.resolve().is_relative_to(project)]


def quarter_inputs(root: Path, quarter: object) -> list[Path]:
    """Every entry that can change a quarter's outputs or its check, the files the config
    names included, of any kind; cheap enough to list before a build starts."""
    try:
        config = load_config(root, Problems())
    except ReportError:
        config = None
    named = named_files(root, config) if config else []
    if config and config.branding.logo:
        named.append(root / config.branding.logo)  # the reader refuses one outside
    for source in config.sources if config else ():
        if not Path(source.file).is_absolute() and ".." not in Path(source.file).parts:
            named += sorted(root.glob(source.file.replace("\\", "/")))  # every kind
    return watched_inputs(root, quarter, named)
