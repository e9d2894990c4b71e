"""The project file, reportgen.yaml: council, financial year, directorates, branding."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .errors import Location, Problems, ReportError
from .models import validate_model, warn_unknown_keys
from .yamlfile import LineDict, load_yaml

CONFIG_FILE = "reportgen.yaml"
SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


class Directorate(BaseModel):
    """A directorate: one report each quarter."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    id: str
    name: str
    director: str | None = None

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not SLUG.match(value):
            raise ValueError(
                f"'{value}' is not a valid id: use lower-case letters, digits, '-' or '_'"
            )
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


class ProjectConfig(BaseModel):
    """Everything in reportgen.yaml."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    council: str
    fiscal_year_start_month: int = Field(4, ge=1, le=12)
    languages: list[Literal["en", "cy"]] = ["en"]
    directorates: list[Directorate] = Field(min_length=1)
    rag_scheme: Literal["tolerance", "trend"] = "tolerance"
    branding: Branding = Branding()

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
    data = load_yaml(path, CONFIG_FILE)
    if not isinstance(data, LineDict):
        problems.error(Location(CONFIG_FILE, 1), "reportgen.yaml must be a mapping of settings",
                       "start with 'council: Your Council Name'")
        return None
    warn_unknown_keys(data, ProjectConfig.model_fields, CONFIG_FILE, problems, "setting")
    return validate_model(ProjectConfig, data, CONFIG_FILE, problems)
