"""Shared fixtures: the example project copied to a temporary folder, built once."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from reportgen.commands.build import BuildResult, build

REPO = Path(__file__).resolve().parent.parent
PROJECT_FILES = [
    "reportgen.yaml", "kpis.yaml", "kpis", "data", "narratives", "templates", "branding",
    "published",
    "imports",
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


class _EngineLog(logging.Handler):
    """Keeps every warning the PDF engine logs: a build that warns is a build with a bug."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def quiet_engines() -> Iterator[None]:
    """Fails when WeasyPrint logs a warning (unknown CSS, a dropped image, …) inside."""
    handler, logger = _EngineLog(), logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
    assert not handler.messages, f"WeasyPrint warned: {handler.messages[:5]}"


@pytest.fixture(autouse=True)
def _no_engine_warnings() -> Iterator[None]:
    with quiet_engines():
        yield


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A fresh, writable copy of the example project."""
    return copy_example(tmp_path / "project")


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The example quarter built once (HTML and PDF) for end-to-end assertions."""
    project = copy_example(tmp_path_factory.mktemp("built") / "project")
    with quiet_engines():
        return build(project, QUARTER)
