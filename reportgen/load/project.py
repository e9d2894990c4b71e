"""A report project on disk: its config, catalogue, data and logo, loaded and checked together."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportgen.errors import Problems, ReportError
from reportgen.load.catalogue import load_catalogue
from reportgen.load.config import ProjectConfig, load_config
from reportgen.load.dataset import Dataset
from reportgen.load.kpis import Catalogue
from reportgen.load.quarter_data import load_data
from reportgen.quarters import Quarter
from reportgen.safe.images import logo_data_uri


@dataclass(frozen=True)
class Project:
    """Everything read from a report project's files."""

    root: Path
    config: ProjectConfig
    catalogue: Catalogue
    dataset: Dataset
    logo: str | None = None  # the council's logo as a checked data: URI, read once per build

    def quarter(self, text: str) -> Quarter:
        """Parse a quarter id with this project's financial year."""
        return Quarter.parse(text, self.config.fiscal_year_start_month)


def load_project(root: Path, problems: Problems, quarter: str | None = None) -> Project:
    """Read config, catalogue and data, collecting every problem; stop if config is unusable.

    Given the quarter being built, problems in later quarters' files are only warnings."""
    config = load_config(root, problems)
    catalogue = load_catalogue(root, config, problems)
    until = None
    if quarter is not None:
        try:
            until = Quarter.parse(quarter, config.fiscal_year_start_month if config else 4)
        except ValueError:
            until = None  # the command reports a malformed quarter itself
    dataset = load_data(root, config, catalogue, problems, until)
    if config is None:
        raise ReportError(problems.errors)
    return Project(root, config, catalogue, dataset, _logo(root, config, problems))


def _logo(root: Path, config: ProjectConfig, problems: Problems) -> str | None:
    """The logo embedded in every page: an image file inside the project, checked once."""
    if not config.branding.logo:
        return None
    uri, found = logo_data_uri(root, config.branding.logo)
    problems.extend(found)
    return uri
