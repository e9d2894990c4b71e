"""What the preview adds to a served report for its author: the warnings first, above the
report, and each figure typed by hand that the data contradicts marked where it stands,
with a short note. Served pages only: nothing here reaches a published file."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from reportgen.errors import Problem
from reportgen.narrative.drift import Finding, find
from reportgen.narrative.drift_figures import figures_for
from reportgen.narrative.reading import Narrative
from reportgen.prepare.prepared import Prepared
from reportgen.safe.sanitise import visible

_TAG = re.compile(r"<[^>]*>")
_DECOR = re.compile(r"\{\{.*?\}\}|[*_`]+")
_START = '<div class="narrative">'
_END = re.compile(r'<section class="(?:indicators|trends|budget|glossary)"|</main>')
_BOX_STYLE = ("border:3px solid #b35900;padding:0 1rem;margin:1rem 0;background:#fff8f0")
_MARK_STYLE = "background:#ffdd57;color:#1b1b1b;outline:2px solid #b35900"
_NOTE_STYLE = "font-size:.85em;font-weight:bold;color:#7a3d00;background:#fff8f0"


def contradictions(prepared: Prepared, narrative: Narrative | None) -> list[Finding]:
    """The figures typed by hand in a narrative that the data contradicts."""
    if narrative is None:
        return []
    figures = figures_for(prepared.results, narrative.directorate)
    return [f for f in find(narrative.source, narrative.first_line, figures) if not f.agrees]


def with_marks(page: str, narrative: Narrative | None, findings: Sequence[Finding]) -> str:
    """The page with each contradicted figure in the narrative wrapped in <mark>, a note
    beside it saying what the data says and what to write."""
    start = page.find(_START)
    end = _END.search(page, start) if start >= 0 else None
    if end is None or narrative is None or not findings:
        return page
    text = page[start:end.start()]
    lines = narrative.source.splitlines()
    for number, finding in enumerate(findings, start=1):
        line = lines[finding.line - narrative.first_line] \
            if 0 <= finding.line - narrative.first_line < len(lines) else ""
        before = _DECOR.sub("", line[:finding.column - 1])
        at = _place(text, finding.typed, before)
        if at is None:
            continue
        problem = finding.problem(narrative.path)
        says = problem.message.rsplit(", but ", 1)[-1]  # short: "the data says 803"
        note = html.escape(visible(f"{says} — {problem.hint}"))
        mark = (f'<mark id="reportgen-mark-{number}" class="reportgen-preview-mark" '
                f'style="{_MARK_STYLE}">{html.escape(finding.typed)}</mark>'
                f'<span class="reportgen-preview-note" style="{_NOTE_STYLE}"> '
                f"[preview: {note}]</span>")
        text = text[:at] + mark + text[at + len(html.escape(finding.typed)):]
    return page[:start] + text + page[end.start():]


def _place(text: str, typed: str, before: str) -> int | None:
    """Where in the narrative's HTML a typed figure stands: of the places the figure is
    written outside a tag, the one whose preceding words best match the source's."""
    wanted = html.escape(typed)
    best, score = None, -1
    for match in re.finditer(rf"(?<![\d.,]){re.escape(wanted)}(?![\d])", text):
        if text.rfind("<", 0, match.start()) > text.rfind(">", 0, match.start()):
            continue  # inside a tag
        shown = html.unescape(_TAG.sub("", text[max(0, match.start() - 300):match.start()]))
        common = _common_tail(shown, before)
        if common > score:
            best, score = match.start(), common
    return best


def _common_tail(a: str, b: str) -> int:
    count = 0
    for x, y in zip(reversed(a), reversed(b), strict=False):
        if x != y:
            break
        count += 1
    return count


def warnings_box(problems: Sequence[Problem], marked: Sequence[Finding] = ()) -> str:
    """The author's warnings as a box for the top of the page; a warning whose figure is
    marked in the text links to it."""
    places: dict[tuple[int | None, int | None], int] = {
        (f.line, f.column): n for n, f in enumerate(marked, start=1)}
    items = []
    for p in problems:
        number = places.get((p.location.line, p.location.column))
        link = (f' <a href="#reportgen-mark-{number}">Show it in the text</a>'
                if number else "")
        items.append(f"<li><code>{html.escape(visible(str(p.location)))}</code> "
                     f"{html.escape(visible(p.message))}"
                     + (f" — {html.escape(visible(p.hint))}" if p.hint else "")
                     + f"{link}</li>\n")
    count = len(problems)
    return (f'<aside class="reportgen-preview-warnings" style="{_BOX_STYLE}" '
            f'aria-label="Preview warnings"><h2>Preview: {count} '
            f"warning{'s' if count != 1 else ''}</h2>"
            f"<ul>\n{''.join(items)}</ul></aside>\n")
