"""An HTML page printed from a browser (headless chromium with print media): a cover
heading dark enough to read without its background, and no links that only work on screen.
(Phones are measured with the other checks, in test_accessibility.py.)"""

from __future__ import annotations

import pytest

from reportgen.commands.build import BuildResult

from ..checkers import overflow_at

PRINTED = """
(() => {
  const width = %d;  // the window the page is laid out in
  const shown = s => [...document.querySelectorAll(s)].filter(
    e => getComputedStyle(e).display !== "none").length;
  return {h1: getComputedStyle(document.querySelector(".cover h1")).color,
          languages: shown(".languages"), links: shown(".report-links, .to-contents"),
          width: width};
})()
"""


@pytest.mark.parametrize("page", ["children.html", "index.cy.html"])
def test_a_printed_page_has_a_dark_cover_heading_and_no_screen_links(
        built: BuildResult, page: str) -> None:
    printed = overflow_at(built.folder / page, 800, script=PRINTED, media="print")
    red, green, blue = (int(n) for n in printed["h1"].removeprefix("rgb(").rstrip(")")
                        .split(",")[:3])
    assert (red + green + blue) / 3 < 160, f"the cover heading prints pale: {printed['h1']}"
    assert printed["languages"] == 0 and printed["links"] == 0
    on_screen = overflow_at(built.folder / page, 800, script=PRINTED)
    assert on_screen["languages"] == 1  # the links are there on screen
