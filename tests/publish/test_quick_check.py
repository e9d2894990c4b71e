"""The quick up-to-date check that skips a build with nothing to do sees every file the full
check sees: any name and any kind, in the quarter folders and in the sources' files, read
through the bounded reader (issue 19, finding 5)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli import main

from ..conftest import QUARTER, REPO

Q = f"data/quarters/{QUARTER}"


def cli_build(project: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["build", QUARTER, "--format", "html", "-C",
                                       str(project)])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _folder(path: Path) -> None:
    path.mkdir()


def _broken_link(path: Path) -> None:
    path.symlink_to(path.parent / "nowhere.csv")


def _link_out(path: Path) -> None:
    outside = path.parents[4] / "outside.csv"
    outside.write_text("kpi,value\nCS-LAC-01,1\n")
    path.symlink_to(outside)


def _oversize(path: Path) -> None:
    with path.open("wb") as handle:
        handle.truncate(3 * 1024**3)  # sparse


def _old_excel(path: Path) -> None:
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)  # an .xls header


@pytest.mark.parametrize(("name", "make"), [
    ("extra.csv", _fifo), ("extra.csv", _folder), ("extra.csv", _broken_link),
    ("extra.csv", _link_out), ("huge.csv", _oversize), ("old.xls", _old_excel),
    ("Budget.CSV", _fifo),
], ids=["pipe", "folder", "broken-link", "link-out", "3-gb", "xls", "pipe-upper-case"])
def test_quick_check_covers_every_file_issue_19(example: Path, name: str,
                                                make: Callable[[Path], None]) -> None:
    assert cli_build(example)[0] == 0
    assert "Nothing to rebuild" in cli_build(example)[1]  # the quick check at work
    make(example / Q / name)
    code, out = cli_build(example)
    assert "Nothing to rebuild" not in out, out
    assert code == 1 and f"{Q}/{name}: error:" in out, out  # refused at the file


def test_quick_check_covers_every_file_a_source_names_issue_19(example: Path) -> None:
    assert cli_build(example)[0] == 0
    # the example's source is imports/family-group-looked-after.csv: it becomes a pipe
    source = example / "imports/family-group-looked-after.csv"
    source.unlink()
    os.mkfifo(source)
    code, out = cli_build(example)
    assert "Nothing to rebuild" not in out and code == 1, out


def test_a_link_out_of_the_project_is_refused_before_it_is_read(example: Path,
                                                                tmp_path: Path) -> None:
    # The link leads to a pipe no one writes to: anything that opened it to read (the
    # up-to-date key, the manifest, the check) would wait for ever; the build must not.
    outside = tmp_path / "outside.csv"
    os.mkfifo(outside)
    (example / Q / "linked.csv").symlink_to(outside)
    done = subprocess.run([sys.executable, "-m", "reportgen", "build", QUARTER, "--format",
                           "html", "-C", str(example)], capture_output=True, text=True,
                          timeout=300, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"{Q}/linked.csv: error: is a link to {outside}, outside the project" in done.stderr
