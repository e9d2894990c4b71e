"""Times a full build of the example quarter: checks only, HTML only, and HTML + PDF.

Run from the repository root:  python bench/build_bench.py [--runs 3]
Prints the median and fastest wall-clock time of each kind of build and the page count.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from reportgen.build import build, check  # noqa: E402
from tests.conftest import QUARTER, copy_example  # noqa: E402


def timed(action: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return times


def pages(folder: Path) -> int:
    total = 0
    for pdf in sorted(folder.glob("*.pdf")):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        total += int(next(line.split()[-1] for line in info.splitlines()
                          if line.startswith("Pages:")))
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        project = copy_example(Path(tmp) / "project")
        kinds = {
            "validate only": lambda: check(project, QUARTER),
            "build HTML only": lambda: build(project, QUARTER, formats=["html"]),
            "build HTML + PDF": lambda: build(project, QUARTER),
        }
        print(f"reportgen build of the example quarter {QUARTER}, {runs} runs each")
        for name, action in kinds.items():
            times = timed(action, runs)
            print(f"  {name:<18} median {statistics.median(times):6.2f}s"
                  f"   fastest {min(times):6.2f}s")
        folder = project / "output" / QUARTER
        count = pages(folder) if shutil.which("pdfinfo") else 0
        print(f"  {len(list(folder.glob('*.pdf')))} PDFs, {count} pages in all")


if __name__ == "__main__":
    main()
