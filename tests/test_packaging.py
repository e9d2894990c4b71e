"""The wheel: every stage package, the built-in theme, the catalogues and the reference pages."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from .conftest import REPO


def test_the_wheel_holds_every_subpackage_and_its_files(tmp_path: Path) -> None:
    source = tmp_path / "source"
    for name in ("reportgen", "docs"):
        shutil.copytree(REPO / name, source / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("setup.py", "pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-q",
                    "--disable-pip-version-check", "-w", str(tmp_path / "dist")],
                   check=True, capture_output=True)
    wheel = zipfile.ZipFile(next((tmp_path / "dist").glob("reportgen-*.whl")))
    names = set(wheel.namelist())
    packages = {p.parent.relative_to(REPO).as_posix() for p in (REPO / "reportgen").rglob("*.py")}
    assert {f"{package}/__init__.py" for package in packages} <= names
    assert {f"reportgen/docs/{p.name}" for p in (REPO / "docs").glob("*.md")} <= names
    assert "reportgen/render/templates/report.html" in names
    assert "reportgen/words/locale/cy/LC_MESSAGES/reportgen.mo" in names
    assert "reportgen/commands/skeleton/reportgen.yaml" in names
