"""axe-core in headless Debian chromium, driven over the DevTools protocol on a pipe.

No browser driver package is needed: chromium's `--remote-debugging-pipe` reads
NUL-terminated JSON commands on fd 3 and writes replies and events on fd 4.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import select
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from .tools import CheckerError, executable, node_file

AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")

# The machine's network is closed: these keep chromium from waiting on it.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--window-size=1280,1024",
    "--remote-debugging-pipe",
)

RUN_AXE = """
axe.run(document, {runOnly: {type: "tag", values: %s}, resultTypes: ["violations"]})
  .then(results => JSON.stringify(results.violations))
"""


def run_axe(html_path: Path | str, *, timeout: float = 90) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.0/2.1/2.2 A and AA violations on a page (empty when it passes)."""
    source = node_file("axe-core", "axe.min.js").read_text(encoding="utf-8")
    chromium = executable("chromium", "chromium")
    path = Path(html_path).resolve()
    if not path.is_file():
        raise FileNotFoundError(path)
    with _Chromium(chromium, timeout) as browser:
        session = browser.open(path.as_uri())
        browser.evaluate(session, source + "\n;true")
        found = browser.evaluate(session, RUN_AXE % json.dumps(list(AXE_TAGS)))
    violations: list[dict[str, Any]] = json.loads(found)
    return violations


def format_axe(violations: list[dict[str, Any]], *, examples: int = 3) -> str:
    """Violations as readable lines: rule, impact, help, and a few offending elements."""
    lines: list[str] = []
    for violation in violations:
        nodes = violation.get("nodes", [])
        lines.append(
            f"{violation['id']} ({violation.get('impact')}, {len(nodes)} element(s)): "
            f"{violation.get('help')} <{violation.get('helpUrl')}>"
        )
        for node in nodes[:examples]:
            target = " ".join(map(str, node.get("target", [])))
            html = " ".join(str(node.get("html", "")).split())
            lines.append(f"    at {target}: {html[:300]}")
            summary = " ".join(str(node.get("failureSummary", "")).split())
            if summary:
                lines.append(f"       {summary}")
        if len(nodes) > examples:
            lines.append(f"    ... and {len(nodes) - examples} more")
    return "\n".join(lines)


class _Chromium:
    """A headless chromium with a fresh profile, spoken to over the debugging pipe."""

    def __init__(self, program: str, timeout: float) -> None:
        self._deadline = time.monotonic() + timeout
        self._resources = contextlib.ExitStack()
        profile = self._resources.enter_context(
            tempfile.TemporaryDirectory(prefix="reportgen-chromium-", ignore_cleanup_errors=True)
        )
        log = tempfile.TemporaryFile()  # noqa: SIM115 (the ExitStack closes it)
        self._log = self._resources.enter_context(log)
        chrome_reads, self._write_fd = os.pipe()
        self._read_fd, chrome_writes = os.pipe()

        def wire_pipe() -> None:  # in the child, before exec: fd 3 in, fd 4 out
            high_in = fcntl.fcntl(chrome_reads, fcntl.F_DUPFD, 10)
            high_out = fcntl.fcntl(chrome_writes, fcntl.F_DUPFD, 10)
            os.dup2(high_in, 3)
            os.dup2(high_out, 4)
            os.close(high_in)
            os.close(high_out)

        command = [program, *CHROMIUM_FLAGS, f"--user-data-dir={profile}"]
        try:
            # close_fds=False: only fds 3 and 4 are inheritable (PEP 446), the rest close on exec.
            self._process = subprocess.Popen(
                [*command, "about:blank"],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=self._log,
                close_fds=False,
                preexec_fn=wire_pipe,
            )
        except BaseException:
            os.close(self._write_fd)
            os.close(self._read_fd)
            self._resources.close()
            raise
        finally:
            os.close(chrome_reads)
            os.close(chrome_writes)
        self._buffer = b""
        self._last_id = 0
        self._events: list[dict[str, Any]] = []

    def __enter__(self) -> _Chromium:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if self._process.poll() is None:
                self._send("Browser.close", {}, None)
                self._process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self._process.kill()
            self._process.wait()
        finally:
            os.close(self._write_fd)
            os.close(self._read_fd)
            self._resources.close()

    def open(self, url: str) -> str:
        """A new tab showing `url`, loaded; returns its protocol session id."""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session: str = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        self.call("Page.enable", {}, session)
        navigated = self.call("Page.navigate", {"url": url}, session)
        if navigated.get("errorText"):
            raise CheckerError(f"chromium could not open {url}: {navigated['errorText']}")
        self._wait_event("Page.loadEventFired", session)
        return session

    def evaluate(self, session: str, expression: str) -> Any:
        """The value of a script (awaited if it is a promise) in the page."""
        result = self.call(
            "Runtime.evaluate",
            {"expression": expression, "awaitPromise": True, "returnByValue": True},
            session,
        )
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise CheckerError(f"script failed in chromium: {text}")
        return result["result"].get("value")

    def call(self, method: str, params: dict[str, Any], session: str | None = None) -> Any:
        """Send a command and return its result, keeping events that arrive meanwhile."""
        call_id = self._send(method, params, session)
        while True:
            message = self._receive()
            if message.get("id") != call_id:
                self._events.append(message)
            elif "error" in message:
                raise CheckerError(f"chromium {method} failed: {message['error']}")
            else:
                return message.get("result", {})

    def _wait_event(self, method: str, session: str) -> None:
        while True:
            for event in self._events:
                if event.get("method") == method and event.get("sessionId") == session:
                    self._events.remove(event)
                    return
            self._events.append(self._receive())

    def _send(self, method: str, params: dict[str, Any], session: str | None) -> int:
        self._last_id += 1
        message: dict[str, Any] = {"id": self._last_id, "method": method, "params": params}
        if session is not None:
            message["sessionId"] = session
        data = json.dumps(message).encode() + b"\0"
        while data:
            data = data[os.write(self._write_fd, data) :]
        return self._last_id

    def _receive(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            remaining = self._deadline - time.monotonic()
            if remaining <= 0:
                raise CheckerError(f"chromium did not answer in time; its log:\n{self._tail()}")
            ready, _, _ = select.select([self._read_fd], [], [], remaining)
            if ready:
                chunk = os.read(self._read_fd, 1 << 20)
                if not chunk:
                    raise CheckerError(f"chromium exited; its log:\n{self._tail()}")
                self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        parsed: dict[str, Any] = json.loads(message)
        return parsed

    def _tail(self) -> str:
        self._log.seek(0)
        return self._log.read().decode(errors="replace")[-3000:]


def overflow_at(html_path: Path | str, width: int, *, timeout: float = 90,
                script: str | None = None, media: str = "") -> Any:
    """Elements wider than a `width`-pixel viewport (WCAG 1.4.10 reflow: 320 px is 1280 px at
    400% zoom), outside the scrollable table regions that are allowed to scroll; empty when
    the page reflows. `script` may look for something else at that width (its `%d`), and
    `media` "print" lays the page out as a browser prints it."""
    chromium = executable("chromium", "chromium")
    with _Chromium(chromium, timeout) as browser:
        session = browser.open("about:blank")
        browser.call("Emulation.setDeviceMetricsOverride",
                     {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": False},
                     session)
        if media:
            browser.call("Emulation.setEmulatedMedia", {"media": media}, session)
        browser.call("Page.navigate", {"url": Path(html_path).resolve().as_uri()}, session)
        browser._wait_event("Page.loadEventFired", session)
        return browser.evaluate(session, (script or REFLOW) % width)


def cells_overflowing_at(html_path: Path | str, width: int, *, timeout: float = 90) -> list[str]:
    """Table cells whose content is wider than the cell, or cut off, at `width` pixels."""
    found: list[str] = overflow_at(html_path, width, timeout=timeout, script=CELLS)
    return found


CELLS = """
(() => {
  const width = %d, found = [], pen = document.createElement("canvas").getContext("2d");
  for (const cell of document.querySelectorAll("th, td")) {
    const box = cell.getBoundingClientRect();
    let hidden = box.width <= 1;
    for (let up = cell; up && !hidden; up = up.parentElement) {
      hidden = getComputedStyle(up).clip.startsWith("rect");  // visually hidden headers
    }
    if (hidden) continue;
    let widest = cell.scrollWidth;
    for (const child of cell.querySelectorAll("*")) {
      const inner = child.getBoundingClientRect();
      if (inner.width && (inner.right > box.right + 1 || inner.left < box.left - 1)) {
        widest = Math.max(widest, cell.clientWidth + 2);
      }
    }
    if (widest > cell.clientWidth + 1) {
      found.push(cell.tagName.toLowerCase() + ": " + cell.textContent.trim().slice(0, 60)
                 + " (" + widest + " > " + cell.clientWidth + " px)");
    }
    // a cell past the screen's edge is cut off, even where its table scrolls sideways:
    // nothing on a phone says that it does
    if (box.right > width + 1 || box.left < -1) {
      found.push(cell.tagName.toLowerCase() + ": " + cell.textContent.trim().slice(0, 60)
                 + " (cut off at " + Math.round(box.right) + " > " + width + " px)");
    }
    // a stacked cell's label (its column's name) must fit in the cell, not run into the next
    const label = getComputedStyle(cell, "::before");
    if (label.content && label.content !== "none" && label.content !== "normal"
        && parseFloat(label.height) > cell.clientHeight + 1) {
      found.push(cell.tagName.toLowerCase() + " label " + label.content + " ("
                 + Math.round(parseFloat(label.height)) + " > " + cell.clientHeight + " px high)");
    }
    // ... nor, kept on one line, run across the figure beside it
    if (label.float === "left" && label.content.startsWith('"') && label.whiteSpace === "nowrap") {
      pen.font = `${label.fontStyle} ${label.fontWeight} ${label.fontSize} ${label.fontFamily}`;
      const wide = pen.measureText(label.content.slice(1, -1)).width;
      if (wide > parseFloat(label.width) + 1) {
        found.push(cell.tagName.toLowerCase() + " label " + label.content + " ("
                   + Math.round(wide) + " > " + parseFloat(label.width) + " px wide)");
      }
    }
  }
  return found.slice(0, 20);
})()
"""


REFLOW = """
(() => {
  const width = %d, found = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (el.closest(".table-wrap, .skip-link")) continue;  // may scroll / sits off-screen
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 || box.left < -1) {
      const name = el.getAttribute("class");
      found.push(el.tagName.toLowerCase() + (name ? "." + name : "")
                 + " " + Math.round(box.left) + ".." + Math.round(box.right));
    }
  }
  return found.slice(0, 20);
})()
"""
