"""ruff and strict mypy are part of the test run, so CI holds the code to them."""

from __future__ import annotations

import subprocess
import sys

from .conftest import REPO


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], cwd=REPO, capture_output=True,
                          text=True, check=False)


def test_ruff() -> None:
    done = run("ruff", "check", "reportgen", "tests", "bench", "scripts")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict() -> None:
    done = run("mypy")
    assert done.returncode == 0, done.stdout + done.stderr
