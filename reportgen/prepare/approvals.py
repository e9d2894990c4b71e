"""Each report's sign-off, as its narrative's front matter records it: for the manifest and
for `reportgen status`."""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.errors import Problem
from reportgen.languages import SOURCE_LANGUAGE
from reportgen.paths import narrative_file
from reportgen.prepare.prepared import Prepared


@dataclass(frozen=True)
class Approval:
    """A report's sign-off, as its narrative's front matter gives it."""

    status: str  # "approved", "draft", "missing" (no narrative) or "unreadable"
    approved_by: str | None = None
    approved_on: str | None = None  # ISO date
    narrative: str = ""
    problem: Problem | None = None  # why an unreadable narrative cannot be read

    def as_dict(self) -> dict[str, str | None]:
        """The sign-off as plain data, as the manifest records it."""
        return {"status": self.status, "approved_by": self.approved_by,
                "approved_on": self.approved_on, "narrative": self.narrative}


def approval(prepared: Prepared, directorate: str, language: str = SOURCE_LANGUAGE) -> Approval:
    """The sign-off of one report: who approved its narrative and when, or that it is a draft."""
    narrative = prepared.narrative(directorate, language)
    if narrative is None:
        path = narrative_file(prepared.quarter, directorate, language).as_posix()
        if not (prepared.project.root / path).exists():
            return Approval("missing", narrative=path)
        problem = next((p for p in prepared.errors if p.location.path == path), None)
        return Approval("unreadable", narrative=path, problem=problem)
    front = narrative.front
    on = front.approved_on.isoformat() if front.approved_on else None
    status = "draft" if narrative.draft else "approved"
    return Approval(status, front.approved_by or None, on, narrative.path)


def approvals(prepared: Prepared) -> dict[str, dict[str, str | None]]:
    """Every report's sign-off by its output stem (`children`, `children.cy`), for the
    build manifest: what was published, approved by whom and when."""
    found = {}
    for entry in prepared.directorates:
        for language in prepared.languages:
            stem = entry.id if language == SOURCE_LANGUAGE else f"{entry.id}.{language}"
            found[stem] = approval(prepared, entry.id, language).as_dict()
    return found
