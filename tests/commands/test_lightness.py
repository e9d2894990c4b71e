"""What a command does not load: --help, validate and HTML-only builds never import the PDF
engine (or pandas), so they start fast."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ..conftest import QUARTER

PROBE = """
import sys
from pathlib import Path
from reportgen.commands.build import build, check
root = Path(sys.argv[1])
check(root, "{quarter}", render=True)
build(root, "{quarter}", formats=["html"])
print(sorted(m for m in ("weasyprint", "pandas") if m in sys.modules))
"""


def test_validate_and_an_html_build_never_load_the_pdf_engine(example: Path) -> None:
    found = subprocess.run([sys.executable, "-c", PROBE.format(quarter=QUARTER), str(example)],
                           capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]"


def test_help_loads_neither() -> None:
    probe = ("import sys; from click.testing import CliRunner; from reportgen.cli import main; "
             "CliRunner().invoke(main, ['--help']); "
             "print(sorted(m for m in ('weasyprint', 'pandas', 'jinja2') if m in sys.modules))")
    found = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                           check=True)
    assert found.stdout.strip() == "[]"
