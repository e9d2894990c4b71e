"""Every HTML page on a phone (390 and 320 CSS pixels wide) and printed from a browser,
measured in headless chromium: no table cell cut off or spilling out of its cell, no page
that scrolls sideways; a printed page with a readable cover and no screen-only links.
Like the accessibility checks, nothing is skipped: without chromium these fail."""

from __future__ import annotations

import pytest

from reportgen.commands.build import BuildResult

from ..checkers.layout import evaluate, overflow

PAGES = ["index.html", "children.html", "adults.html", "housing.html",
         "index.cy.html", "children.cy.html", "adults.cy.html", "housing.cy.html"]


@pytest.mark.parametrize("width", [390, 320])
@pytest.mark.parametrize("page", PAGES)
def test_no_table_cell_is_cut_off_on_a_phone(built: BuildResult, page: str, width: int) -> None:
    measured = overflow(built.folder / page, width)
    assert measured["cells"] == [], f"{page} at {width}px: {measured['cells'][:5]}"
    assert measured["page"] <= width, f"{page} scrolls sideways at {width}px"


PRINTED = """
(() => {
  const shown = s => [...document.querySelectorAll(s)].filter(
    e => getComputedStyle(e).display !== "none").length;
  return {h1: getComputedStyle(document.querySelector(".cover h1")).color,
          languages: shown(".languages"), links: shown(".report-links, .to-contents")};
})()
"""


@pytest.mark.parametrize("page", ["children.html", "index.cy.html"])
def test_a_printed_page_has_a_dark_cover_heading_and_no_screen_links(
        built: BuildResult, page: str) -> None:
    printed = evaluate(built.folder / page, PRINTED, media="print")
    red, green, blue = (int(n) for n in printed["h1"].removeprefix("rgb(").rstrip(")")
                        .split(",")[:3])
    assert (red + green + blue) / 3 < 160, f"the cover heading prints pale: {printed['h1']}"
    assert printed["languages"] == 0 and printed["links"] == 0
    on_screen = evaluate(built.folder / page, PRINTED)
    assert on_screen["languages"] == 1  # the links are there on screen
