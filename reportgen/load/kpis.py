"""A KPI and the catalogue of them: what each indicator means and how it is judged."""


from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator

from reportgen.errors import Location, closest
from reportgen.quarters import Quarter

Unit = Literal[
    "count", "number", "percent", "percent_change", "gbp", "days", "weeks", "hours",
    "rate_per_1k", "rate_per_10k", "rate_per_100k", "ratio",
]
UNITS: tuple[str, ...] = get_args(Unit)
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
_TOLERANCE = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*(%|pp)?\s*$")
_TARGET_KEY = re.compile(r"^[0-9]{4}(Q[1-4])?$")


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
    disclosure: bool | None = None  # small-count control for this KPI whatever its unit

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
    if any(char.isdigit() and not char.isascii() for char in str(value)):
        # Python reads Bengali "৪00" as 400, though its ৪ looks like an 8
        raise ValueError(f"{what} '{value}' has a digit of another script: "
                         "type it with the digits 0-9")
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
        close = closest(kpi_id, self.kpis)
        return f"did you mean '{close}'?" if close else "add it to the KPI catalogue (kpis.yaml)"


