"""Shared fixtures: the example project copied to a temporary folder, built once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reportgen.build import BuildResult, build

REPO = Path(__file__).resolve().parent.parent
PROJECT_FILES = [
    "reportgen.yaml", "kpis.yaml", "kpis", "data", "narratives", "templates", "branding",
]
QUARTER = "2017Q3"


def copy_example(target: Path) -> Path:
    """A copy of the example council's project files in `target`."""
    target.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.is_file():
            shutil.copy2(source, target / name)
    return target


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A fresh, writable copy of the example project."""
    return copy_example(tmp_path / "project")


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The example quarter built once (HTML and PDF) for end-to-end assertions."""
    project = copy_example(tmp_path_factory.mktemp("built") / "project")
    return build(project, QUARTER)
