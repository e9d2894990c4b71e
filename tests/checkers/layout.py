"""How a page lays out on a narrow screen, measured in headless chromium: the table cells
whose content is cut off or spills out of them, and whether the page scrolls sideways."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .axe import _Chromium
from .tools import executable

# Each visible table cell: its content wider than the cell (spills), or the cell reaching
# past the screen's right edge (cut off, or only seen by scrolling its table sideways).
MEASURE = """
(() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  const pen = document.createElement("canvas").getContext("2d");
  for (const cell of document.querySelectorAll("td, th")) {
    const box = cell.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;  // not shown (a closed <details>)
    const head = cell.closest("thead");  // a heading row kept for screen readers only
    if (head && head.getBoundingClientRect().width <= 1) continue;
    let spills = cell.scrollWidth > cell.clientWidth + 1;
    // a stacked row's column name, floated in the cell's padding: one that cannot wrap
    // and is wider than its room runs over the figure beside it
    const label = getComputedStyle(cell, "::before");
    if (label.float === "left" && label.content.startsWith('"') && label.whiteSpace === "nowrap") {
      pen.font = `${label.fontStyle} ${label.fontWeight} ${label.fontSize} ${label.fontFamily}`;
      spills ||= pen.measureText(label.content.slice(1, -1)).width > parseFloat(label.width) + 1;
    }
    const cut = box.right > width + 0.5 || box.left < -0.5;
    if (spills || cut) {
      const table = cell.closest("table");
      found.push({table: table ? (table.className || "(no class)") : "", cell:
        cell.textContent.trim().slice(0, 40), spills: spills, cut: cut,
        right: Math.round(box.right), width: width});
    }
  }
  return {cells: found, page: document.documentElement.scrollWidth, width: width};
})()
"""


def overflow(html_path: Path, width: int, *, timeout: float = 90) -> dict[str, Any]:
    """The cells cut off or spilling at a screen `width` CSS pixels wide, and the page's
    own width (wider than the screen: the page scrolls sideways)."""
    result: dict[str, Any] = evaluate(html_path, MEASURE, width=width, timeout=timeout)
    return result


def evaluate(html_path: Path, script: str, *, width: int = 1280, media: str = "",
             timeout: float = 90) -> Any:
    """The value of `script` in the page, on a screen `width` CSS pixels wide; `media`
    "print" lays the page out as a browser prints it."""
    with _Chromium(executable("chromium", "chromium"), timeout) as browser:
        session = browser.open("about:blank")
        browser.call("Emulation.setDeviceMetricsOverride",
                     {"width": width, "height": 800, "deviceScaleFactor": 1,
                      "mobile": width < 600}, session)
        if media:
            browser.call("Emulation.setEmulatedMedia", {"media": media}, session)
        browser.call("Page.navigate", {"url": html_path.resolve().as_uri()}, session)
        browser._wait_event("Page.loadEventFired", session)
        return browser.evaluate(session, script)
