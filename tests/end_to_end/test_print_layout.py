"""The report PDFs read well on paper: no part-empty pages left by a section forced onto a
new page, and the budget position early, not at the back."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from reportgen.commands.build import BuildResult

MARGIN = 57  # points: print.css's 20 mm top and bottom margins, where the running header is


def filled(pdf: Path) -> list[float]:
    """How far down each page its text reaches, as a share of the page's height (the
    running header and footer aside): 0.3 is a page left two-thirds empty."""
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout
    shares = []
    for page in re.finditer(r'<page width="[\d.]+" height="([\d.]+)">(.*?)</page>', boxes, re.S):
        height = float(page[1])
        lowest = max((float(w[2]) for w in re.finditer(
            r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', page[2])
            if float(w[1]) > MARGIN and float(w[2]) < height - MARGIN), default=0.0)
        shares.append(lowest / height)
    return shares


def page_of(pdf: Path, text: str) -> int:
    """The first page (from 1) whose text has `text`."""
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout.split("\f")
    return next(n for n, page in enumerate(pages, start=1) if text in page)


@pytest.mark.parametrize("report", ["children", "adults", "housing", "children.cy"])
def test_no_page_is_left_mostly_empty(built: BuildResult, report: str) -> None:
    shares = filled(built.folder / f"{report}.pdf")
    # the cover is a page of its own, and the last page ends where the report does
    middle = {n: round(share, 2) for n, share in enumerate(shares[1:-1], start=2)}
    assert all(share >= 0.55 for share in middle.values()), middle


@pytest.mark.parametrize("report", ["children", "adults", "housing"])
def test_the_budget_comes_early(built: BuildResult, report: str) -> None:
    pdf = built.folder / f"{report}.pdf"
    pages = len(filled(pdf))
    budget = page_of(pdf, "Revenue budget and projected outturn")  # the budget table
    # straight after the narrative: page 5 of 9 for housing, where it was page 11 of 12
    assert budget <= pages * 0.6, f"the budget table is on page {budget} of {pages}"
