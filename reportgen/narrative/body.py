"""A narrative's body, rendered: Word habits mended, figures checked, expressions run,
markdown converted and sanitised, every problem at its own line."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from reportgen.errors import Location, Problem
from reportgen.languages import SOURCE_LANGUAGE
from reportgen.narrative.drift import lint
from reportgen.narrative.drift_figures import figures_for
from reportgen.narrative.drift_withheld import lint_withheld, withheld_figures
from reportgen.narrative.expressions import Drawing, Expressions, Figures
from reportgen.narrative.habits import word_habits
from reportgen.narrative.html_policy import sanitise
from reportgen.narrative.images import put_images, take_images
from reportgen.narrative.markup import Heading, convert
from reportgen.narrative.sandbox import evaluate
from reportgen.narrative.text import NarrativeText
from reportgen.safe.sanitise import check_nesting


@dataclass(frozen=True)
class Body:
    """A narrative body rendered to safe HTML, with what it asked for and mentioned."""

    html: Markup
    blocks: tuple[Drawing, ...]
    headings: tuple[Heading, ...]
    mentions: frozenset[str]
    text: str
    problems: tuple[Problem, ...]
    source: str = ""  # the markdown as written, Word habits mended, expressions unevaluated


def render_body(src: NarrativeText, figures: Figures) -> Body:
    """Mend Word habits, check typed figures, evaluate expressions, convert markdown as
    CommonMark reads it, sanitise; blocks stay as placeholders.

    Every problem in the file is reported, each at its own line."""
    display, first_line = src.display, src.first_line
    nested = check_nesting(src.body, display, first_line)
    if nested:  # deeper than the markdown reader or the PDF layout can go: stop here
        return Body(Markup(), (), (), frozenset(), "", tuple(nested))
    mended = word_habits(src.body, first_line, display)
    drift: list[Problem] = []
    if src.directorate and figures.formatter.language == SOURCE_LANGUAGE:
        published = figures_for(figures.results, src.directorate)
        drift = lint(mended.text, first_line, display, published)
        if figures.data is not None:
            drift += lint_withheld(mended.text, first_line, display, published,
                                   withheld_figures(figures.data, figures.results,
                                                    src.directorate))

    def expressions() -> Expressions:
        return Expressions(figures.results, figures.catalogue, figures.formatter,
                           figures.quiet, src.directorate)

    evaluated = evaluate(mended.text, expressions)
    problems = [Problem(Location(display, line + first_line - 1), message, hint)
                for line, message, hint in evaluated.problems]
    if evaluated.source is None:  # Jinja could not read it: there is nothing to show
        return Body(Markup(), (), (), frozenset(), "", (*mended.problems, *drift, *problems),
                    mended.text)
    converted = convert(evaluated.source, first_line)
    raw, images, image_problems = take_images(converted, src)
    html = put_images(sanitise(raw), images)
    return Body(Markup(html), evaluated.drawings, converted.headings, evaluated.mentions,
                evaluated.source, (*mended.problems, *drift, *problems, *image_problems),
                mended.text)
