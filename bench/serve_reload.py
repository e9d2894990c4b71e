"""Times the preview's loop for a narrative edit: save → reload signal → new page fetched.

Run from the repository root:  python bench/serve_reload.py [--runs 10]
Serves a copy of the example on a free loopback port, keeps a reload request waiting as the
open page's script does, saves an edit to the children's narrative, and measures until the
page with the new sentence has been fetched. Prints the median and fastest of the runs.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from reportgen.commands.serve import Server  # noqa: E402
from tests.conftest import QUARTER, copy_example  # noqa: E402

PAGE = "children.html"


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=60) as response:
        return str(response.read().decode("utf-8"))


def one_edit(server: Server, narrative: Path, original: str, run: int) -> float:
    """Seconds from saving the file to holding the re-rendered page."""
    page = fetch(server.url + PAGE)
    found = re.search(r"var key='([^']+)'", page)
    assert found, "no reload script in the served page"
    answer: list[str] = []
    waiting = threading.Thread(target=lambda: answer.append(
        fetch(f"{server.url}__reload?page=/{PAGE}&key={found[1]}")))
    waiting.start()
    time.sleep(0.2)  # the page's reload request is waiting, as in a browser
    marker = f"Benchmark sentence number {run}."
    started = time.perf_counter()
    narrative.write_text(original + f"\n{marker}\n", encoding="utf-8")
    waiting.join()
    page = fetch(server.url + PAGE)
    elapsed = time.perf_counter() - started
    assert answer == ["reload"] and marker in page, "the page did not show the edit"
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        project = copy_example(Path(folder) / "project")
        narrative = project / "narratives" / QUARTER / "children.md"
        original = narrative.read_text(encoding="utf-8")
        server = Server(project, QUARTER, port=0)
        server.start()
        try:
            times = [one_edit(server, narrative, original, run) for run in range(runs)]
        finally:
            server.stop()
    print(f"save to reloaded page ({PAGE}, {runs} edits): median "
          f"{statistics.median(times) * 1000:.0f} ms, fastest {min(times) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
