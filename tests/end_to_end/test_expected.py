"""The example quarter's output compared, whitespace aside, with the stored expected output.

A deliberate change to templates or computations changes these files: regenerate them with
`python scripts/update_expected.py` and review the diff like any other change."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reportgen.commands.build import build
from scripts.update_expected import EXPECTED, compared_files

from ..conftest import QUARTER

STORED = compared_files(EXPECTED)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def html_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from ..conftest import copy_example

    project = copy_example(tmp_path_factory.mktemp("expected") / "project")
    return build(project, QUARTER, formats=["html"]).folder


def test_the_same_files_are_made(html_build: Path) -> None:
    assert [p.name for p in compared_files(html_build)] == [p.name for p in STORED]


@pytest.mark.parametrize("stored", STORED, ids=[p.name for p in STORED])
def test_output_matches_the_stored_expectation(html_build: Path, stored: Path) -> None:
    made = (html_build / stored.name).read_text(encoding="utf-8")
    assert squeeze(made) == squeeze(stored.read_text(encoding="utf-8")), (
        f"{stored.name} differs from tests/expected: if the change is meant, run "
        "python scripts/update_expected.py and review the diff")
