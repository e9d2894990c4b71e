"""Narratives: officer-written markdown whose numbers come from the data."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from reportgen.errors import Location, Problem, Problems, ReportError
from reportgen.narrative.body import render_body
from reportgen.narrative.expressions import Drawing, Figures
from reportgen.narrative.front_matter import FrontMatter, read_front_matter
from reportgen.narrative.markup import Heading
from reportgen.narrative.text import NarrativeText
from reportgen.safe.files import read_utf8


@dataclass(frozen=True)
class Narrative:
    """A directorate's narrative in one language, as safe HTML whose blocks (charts, KPI
    tables) are placeholders the theme fills when the report is rendered."""

    directorate: str
    language: str
    path: str
    front: FrontMatter
    html: Markup
    blocks: tuple[Drawing, ...] = ()
    headings: tuple[Heading, ...] = ()
    mentions: frozenset[str] = frozenset()
    text: str = ""
    source: str = ""  # the markdown as written (Word habits mended), expressions in place
    first_line: int = 1  # the file line the source starts at

    @property
    def draft(self) -> bool:
        return self.front.status != "approved"


def read_narrative(root: Path, path: Path, directorate: str, language: str,
                   figures: Figures, body: bool = True) -> tuple[Narrative | None, list[Problem]]:
    """Read one narrative file: front matter, expressions, markdown, sanitising, shape.
    Without `body`, the front matter alone (its status), for a report not being built."""
    display = path.relative_to(root).as_posix()
    problems = Problems()
    try:
        text = read_utf8(path, display, root, problems)
    except ReportError as exc:
        return None, exc.problems
    found = read_front_matter(text, display, problems)
    if found is None:
        return None, problems.items
    front, markdown, first_line = found
    if not body:
        return Narrative(directorate, language, display, front, Markup("")), problems.items
    rendered = render_body(NarrativeText(display, markdown, first_line, root, directorate),
                           figures)
    problems.extend(rendered.problems)
    narrative = Narrative(directorate, language, display, front, rendered.html, rendered.blocks,
                          rendered.headings, rendered.mentions, rendered.text,
                          rendered.source or markdown, first_line)
    if not rendered.problems:  # a broken body's shape would only repeat its problem
        problems.extend(_shape(narrative, markdown, first_line))
    return narrative, problems.items


def _shape(narrative: Narrative, body: str, first_line: int) -> list[Problem]:
    """A narrative the report cannot lay out as its author meant."""
    problems = Problems()
    where = Location(narrative.path, first_line)
    if not body.strip():
        problems.warning(where, "the narrative has no text",
                         "write the director's commentary under '## Key Areas of Progress' "
                         "and '## Directorate Challenges'")
        return problems.items
    if not any(h.level == 2 for h in narrative.headings):
        problems.warning(where, "the narrative has no '## ' sections, so it has no entry in "
                         "the contents", "start each section with a line such as "
                         "'## Key Areas of Progress'")
    return problems.items
