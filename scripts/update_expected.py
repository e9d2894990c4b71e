"""Rebuilds the example quarter's HTML and exports into tests/expected/, the stored output
that tests/end_to_end/test_expected.py compares every build with.

Run after a deliberate change to the output, then read the diff before committing:
    python scripts/update_expected.py && git diff --stat tests/expected
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from reportgen.commands.build import build  # noqa: E402
from tests.conftest import QUARTER, copy_example  # noqa: E402

EXPECTED = REPO / "tests" / "expected" / QUARTER
COMPARED = ("*.html", "*.csv", "*.json")
UNCOMPARED = ("manifest.json",)  # it names the git commit, which changes every commit


def compared_files(folder: Path) -> list[Path]:
    """The outputs that are stored and compared."""
    found = [p for pattern in COMPARED for p in folder.glob(pattern)]
    return sorted(p for p in found if p.name not in UNCOMPARED)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        project = copy_example(Path(tmp) / "project")
        result = build(project, QUARTER, formats=["html"])
        shutil.rmtree(EXPECTED, ignore_errors=True)
        EXPECTED.mkdir(parents=True)
        for path in compared_files(result.folder):
            shutil.copy2(path, EXPECTED / path.name)
    print(f"wrote {len(list(EXPECTED.iterdir()))} files to {EXPECTED.relative_to(REPO)}")


if __name__ == "__main__":
    main()
