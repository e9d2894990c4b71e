"""A quarter prepared for rendering: what the pipeline's first stages hand to the rest."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from reportgen.compute.calculate import QuarterResults
from reportgen.errors import Problem
from reportgen.languages import SOURCE_LANGUAGE
from reportgen.load.config import Directorate
from reportgen.load.project import Project
from reportgen.narrative.reading import Narrative
from reportgen.quarters import Quarter


@dataclass(frozen=True)
class Prepared:
    """The project, the quarter's computed figures, its narratives (by directorate and
    language), and every problem found on the way. Needs no theme and no language."""

    project: Project
    quarter: Quarter
    results: QuarterResults
    narratives: Mapping[tuple[str, str], Narrative] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    only: frozenset[str] = frozenset()  # the directorates whose narratives were read in full

    def read(self, directorate: str) -> bool:
        """Whether the directorate's narrative was read past its front matter (and so can
        be checked): every one's, unless the build is of some directorates only."""
        return not self.only or directorate in self.only

    @property
    def directorates(self) -> list[Directorate]:
        return self.project.config.directorates

    def narrative(self, directorate: str, language: str = SOURCE_LANGUAGE) -> Narrative | None:
        return self.narratives.get((directorate, language))

    @property
    def languages(self) -> list[str]:
        return list(self.project.config.languages)

    def draft(self, directorate: str, language: str = SOURCE_LANGUAGE) -> bool:
        """A report is a draft until its narrative (in that language) is approved."""
        narrative = self.narrative(directorate, language)
        return narrative is None or narrative.draft

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]
