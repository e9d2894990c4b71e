"""Builds killed while they hand their files over, and builds of one quarter run at once:
the output folder ends up holding one whole set of files, never a mix of two."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reportgen.commands.build import build

from ..conftest import QUARTER, REPO

# A build in its own process that kills itself (kill -9: no clean-up runs) just after its
# Nth rename into the output folder or, with N = 0, just before the journal is renamed.
KILLED_BUILD = """
import os, signal, sys
from pathlib import Path
real, count, wanted = os.replace, 0, int(sys.argv[2])
def replace(source, target):
    global count
    if wanted == 0 and str(target).endswith(".journal"):
        os.kill(os.getpid(), signal.SIGKILL)
    real(source, target)
    if Path(target).parent.name == "2017Q3":
        count += 1
        if count == wanted:
            os.kill(os.getpid(), signal.SIGKILL)
os.replace = replace
from reportgen.commands.build import build
build(Path(sys.argv[1]), "2017Q3", formats=["html"])
"""


def killed_build(project: Path, after: int) -> None:
    done = subprocess.run([sys.executable, "-c", KILLED_BUILD, str(project), str(after)],
                          env={**os.environ, "PYTHONPATH": str(REPO)}, check=False,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == -9, done.stderr


def contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def whole(folder: Path) -> dict[str, str]:
    """The manifest's outputs, each checked against the file's bytes: one build's set."""
    listed = json.loads((folder / "manifest.json").read_text())["outputs"]
    for name, expected in listed.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == expected, name
    return dict(listed)


def leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in (project / "output").iterdir()
                  if p.name.startswith(".staging-") or p.name.endswith((".journal", ".new")))


def change_the_data(project: Path) -> None:
    data = project / "data/quarters" / QUARTER / "children.csv"
    data.write_text(data.read_text().replace("803", "804", 1))


def test_killed_between_two_renames_the_next_build_finishes_the_switch(
        example: Path) -> None:
    first = build(example, QUARTER, formats=["html"])
    old = contents(first.folder)
    change_the_data(example)
    killed_build(example, after=1)
    now = contents(first.folder)
    assert now != old and any(now[name] == old[name] for name in old)  # the mix it leaves
    again = build(example, QUARTER, formats=["html"])
    outputs = whole(first.folder)  # every file is the killed build's, as its manifest says
    assert again.written == []  # and that build was of these very inputs: nothing to do
    assert set(outputs) | {"manifest.json"} == set(contents(first.folder))
    assert leftovers(example) == []


def test_killed_before_the_switch_the_old_set_stays_and_staging_goes(example: Path) -> None:
    first = build(example, QUARTER, formats=["html"])
    old = contents(first.folder)
    change_the_data(example)
    killed_build(example, after=0)
    assert contents(first.folder) == old  # nothing was switched
    assert any(name.startswith(f".staging-{QUARTER}-") for name in leftovers(example))
    build(example, QUARTER, formats=["html"])
    whole(first.folder)
    assert contents(first.folder) != old and leftovers(example) == []


def test_staging_left_by_an_older_build_is_cleaned(example: Path) -> None:
    build(example, QUARTER, formats=["html"])
    old = example / "output" / ".staging-k2j4_9xq"  # as earlier versions named it
    old.mkdir()
    (old / "children.pdf").write_bytes(b"%PDF-")
    (old / "manifest.json").write_text("{}")
    change_the_data(example)
    build(example, QUARTER, formats=["html"])
    assert leftovers(example) == []


@pytest.mark.parametrize("journal", [
    json.dumps({"staging": ".staging-2017Q3-x", "moves": ["../../kpis.yaml"], "removes": []}),
    json.dumps({"staging": "../../data", "moves": ["kpis.yaml"], "removes": ["kpis.csv"]}),
    json.dumps({"staging": ".staging-2017Q3-x", "moves": [], "removes": ["../../kpis.yaml"]}),
    json.dumps({"staging": 5, "moves": {}, "removes": None}),
    "[" * 100_000,
], ids=["move-out", "staging-elsewhere", "remove-out", "wrong-shape", "nested"])
def test_a_forged_journal_moves_and_removes_nothing_outside(example: Path,
                                                            journal: str) -> None:
    first = build(example, QUARTER, formats=["html"])
    (example / "output" / f".{QUARTER}.journal").write_text(journal)
    catalogue = (example / "kpis.yaml").read_bytes()
    again = build(example, QUARTER, formats=["html"])
    assert (example / "kpis.yaml").read_bytes() == catalogue
    assert (first.folder / "kpis.csv").exists() and again.written == []
    assert leftovers(example) == []


def test_two_builds_of_one_quarter_at_once_leave_one_whole_set(example: Path) -> None:
    build(example, QUARTER, formats=["html"])
    change_the_data(example)
    command = [sys.executable, "-m", "reportgen", "build", QUARTER, "--format", "html",
               "--force", "-C", str(example)]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    runs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(3)]
    results = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0], results
    assert not any("Traceback" in err for _, err in results)
    folder = example / "output" / QUARTER
    assert set(whole(folder)) | {"manifest.json"} == set(contents(folder))
    assert leftovers(example) == []
