"""The stages import only downward, and each third-party library has one home: the
contracts in pyproject.toml's [tool.importlinter], checked here on every test run."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO


def lint_imports(repo: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(repo)}
    command = "import sys; from importlinter.cli import lint_imports_command; "
    command += "sys.exit(lint_imports_command())"
    return subprocess.run([sys.executable, "-c", command, "--no-cache"], cwd=repo, env=env,
                          capture_output=True, text=True, check=False)


def test_the_stages_import_only_downward() -> None:
    done = lint_imports(REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


@pytest.mark.parametrize(("module", "line", "contract"), [
    ("compute/calculate.py", "from reportgen.commands import build", "imports only the stages"),
    ("compute/calculate.py", "from reportgen.load import quarter_data", "compute reads no file"),
    ("words/formatter.py", "import click", "click is the command line's"),
    ("render/charts.py", "import weasyprint", "WeasyPrint is the PDF module's"),
])
def test_an_import_against_the_layers_is_caught(tmp_path: Path, module: str, line: str,
                                                contract: str) -> None:
    shutil.copytree(REPO / "reportgen", tmp_path / "reportgen",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    path = tmp_path / "reportgen" / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    done = lint_imports(tmp_path)
    assert done.returncode == 1
    assert f"{contract}" in done.stdout
    assert f"reportgen.{module[:-3].replace('/', '.')}" in done.stdout


def test_the_package_reads_as_its_stages() -> None:
    package = REPO / "reportgen"
    top = [p.name for p in package.glob("*.py")]
    stages = [p.parent.name for p in package.glob("*/__init__.py")]
    assert len(top) <= 10, sorted(top)
    assert len(stages) >= 5, stages


def test_no_module_over_500_lines_and_no_class_over_350() -> None:
    too_long = []
    for path in (REPO / "reportgen").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > 500:
            too_long.append(f"{path.relative_to(REPO)}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef) and node.end_lineno is not None:
                length = node.end_lineno - node.lineno + 1
                if length > 350:
                    too_long.append(f"{path.relative_to(REPO)}: class {node.name}, {length}")
    assert too_long == []
