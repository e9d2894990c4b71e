"""Narratives: officer-written markdown whose numbers come from the data."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from html import unescape as html_unescape
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote

import nh3
from jinja2 import StrictUndefined, TemplateSyntaxError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup
from pydantic import BaseModel, ConfigDict, field_validator

from reportgen.compute.calculate import QuarterResults
from reportgen.errors import Location, Problem, Problems, ReportError
from reportgen.languages import SOURCE_LANGUAGE
from reportgen.load.kpis import Catalogue
from reportgen.load.schema import validate_model
from reportgen.narrative.drift import figures_for, lint
from reportgen.narrative.expressions import (
    FUNCTIONS_HINT,
    Drawing,
    Expressions,
    each_expression,
    syntax_hint,
)
from reportgen.narrative.habits import word_habits
from reportgen.narrative.markup import Converted, Heading, convert
from reportgen.narrative.template_lines import template_frame
from reportgen.paths import IMAGE_TYPES
from reportgen.safe.files import read_utf8
from reportgen.safe.images import image_data_uri
from reportgen.safe.sanitise import check_nesting
from reportgen.safe.yamlfile import LineDict, parse_yaml
from reportgen.words.formatter import Formatter

# the opening ---, the YAML, and the closing --- (also read by `reportgen new`)
FRONT_MATTER = re.compile(r"\A(---[ \t]*\r?\n)(.*?)(^---[ \t]*(?:\r?\n|\Z))", re.S | re.M)
ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "b", "i", "a", "br",
    "hr", "blockquote", "code", "pre", "table", "thead", "tbody", "tr", "th", "td", "abbr",
    "img", "sup", "sub", "del",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"}, "abbr": {"title"}, "img": {"src", "alt", "title"},
    "th": {"scope", "colspan", "rowspan", "align", "style"},
    "td": {"colspan", "rowspan", "align", "style"},
    **{f"h{n}": {"id"} for n in range(2, 7)},
}


STATUSES = ("draft", "approved")
_DAY_MONTH_YEAR = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")


class FrontMatter(BaseModel):
    """The YAML block at the top of a narrative."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    title: str | None = None
    status: Literal["draft", "approved"] = "draft"
    approved_by: str | None = None
    approved_on: date | None = None

    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, value: Any) -> Any:
        """`Approved` or `DRAFT` as typed in Word's habit of capitals: the case is ignored."""
        if value is None:
            return "draft"
        text = str(value).strip().lower()
        if text not in STATUSES:
            raise ValueError(f"'{value}' is not a status: write 'status: draft' or "
                             "'status: approved' (capitals are fine)")
        return text

    @field_validator("approved_on", mode="before")
    @classmethod
    def _approved_on(cls, value: Any) -> Any:
        """Only YYYY-MM-DD: 03/04/2018 is April to one reader and March to another."""
        if not isinstance(value, str) or not value.strip():
            return value or None
        found = _DAY_MONTH_YEAR.match(value)
        if found:
            day, month, year = (int(part) for part in found.groups())
            try:
                meant = f" (here {date(year, month, day).isoformat()}, if {day} is the day)"
            except ValueError:
                meant = ""
            raise ValueError(f"'{value}' is not a date reportgen reads: write it as "
                             f"YYYY-MM-DD{meant}")
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"'{value}' is not a date reportgen reads: write it as "
                             "YYYY-MM-DD, e.g. 2018-01-24") from None


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


def split_front_matter(text: str, display: str) -> tuple[Any, str, int]:
    """Front matter data, the body, and the body's first line number."""
    match = FRONT_MATTER.match(text)
    if not match:
        return {}, text, 1
    data = parse_yaml(match[2], display, first_line=2) or {}
    return data, text[match.end():], match[0].count("\n") + 1


def _front(text: str, display: str, problems: Problems) -> tuple[FrontMatter, str, int] | None:
    """The front matter, the body and the body's first line; None when it is unusable."""
    try:
        data, body, first_line = split_front_matter(text, display)
    except ReportError as exc:
        problems.extend(exc.problems)
        return None
    if not isinstance(data, dict):
        problems.error(Location(display, 2), "front matter must be a mapping",
                       "write 'title: ...' and 'status: draft' between the --- lines")
        return None
    front = validate_model(FrontMatter, data, display, problems)
    if front is None:
        return None
    if isinstance(data, LineDict) and front.status == "approved" and not front.approved_by:
        problems.warning(Location(display, data.lines.get("status")),
                         "approved narrative does not say who approved it",
                         "add 'approved_by:' and 'approved_on:' to the front matter")
    return front, body, first_line


@dataclass(frozen=True)
class Figures:
    """What a narrative's expressions read: the quarter's figures and the catalogue, in the
    narrative's language; `quiet` names KPIs whose data already has an error this quarter."""

    results: QuarterResults
    catalogue: Catalogue
    formatter: Formatter
    quiet: frozenset[str] = frozenset()


def read_narrative(root: Path, path: Path, directorate: str, language: str,
                   figures: Figures) -> tuple[Narrative | None, list[Problem]]:
    """Read one narrative file: front matter, expressions, markdown, sanitising, shape."""
    display = path.relative_to(root).as_posix()
    problems = Problems()
    try:
        text = read_utf8(path, display, root, problems)
    except ReportError as exc:
        return None, exc.problems
    found = _front(text, display, problems)
    if found is None:
        return None, problems.items
    front, body, first_line = found
    rendered = render_body(NarrativeText(display, body, first_line, root, directorate), figures)
    problems.extend(rendered.problems)
    narrative = Narrative(directorate, language, display, front, rendered.html, rendered.blocks,
                          rendered.headings, rendered.mentions, rendered.text,
                          rendered.source or body, first_line)
    if not rendered.problems:  # a broken body's shape would only repeat its problem
        problems.extend(_shape(narrative, body, first_line))
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


class _NarrativeSandbox(SandboxedEnvironment):
    """Jinja's sandbox, with arithmetic refused too: figures come from the data, and
    `'a' * 10**9` must not be able to exhaust memory."""

    intercepted_binops = frozenset({"+", "-", "*", "/", "//", "%", "**"})
    intercepted_unops = frozenset({"+", "-"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        raise SecurityError(f"arithmetic ('{operator}') is not allowed in narratives")

    def call_unop(self, context: Any, operator: str, arg: Any) -> Any:
        raise SecurityError(f"arithmetic ('{operator}') is not allowed in narratives")


def _environment() -> SandboxedEnvironment:
    env = _NarrativeSandbox(undefined=StrictUndefined, autoescape=False,
                            keep_trailing_newline=True)
    env.globals.clear()  # no range(), dict(), lipsum(), cycler(): only what narratives need
    env.filters = {k: env.filters[k] for k in ("upper", "lower", "title", "capitalize", "round")}
    return env


_ENV = _environment()


@dataclass(frozen=True)
class NarrativeText:
    """A narrative's markdown body and where it came from."""

    display: str
    body: str
    first_line: int = 1
    root: Path | None = None  # the project; images may only come from inside it
    directorate: str = ""  # whose figures a typed number is checked against

    def line_of(self, text: str) -> int:
        """The file line where `text` first appears in the body."""
        for number, line in enumerate(self.body.splitlines(), start=self.first_line):
            if text in line:
                return number
        return self.first_line


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
        drift = lint(mended.text, first_line, display,
                     figures_for(figures.results, src.directorate))
    def expressions() -> Expressions:
        return Expressions(figures.results, figures.catalogue, figures.formatter,
                           figures.quiet, src.directorate)

    calls = expressions()
    try:
        calls.template = _ENV.from_string(mended.text)
        source = calls.template.render(**calls.functions())
    except TemplateSyntaxError as exc:
        # one broken expression must not hide the others: read each {{ }} on its own
        lines = mended.text.splitlines()
        line = exc.lineno or 1
        written = lines[line - 1] if 0 < line <= len(lines) else ""
        whole = (line, f"expression syntax error: {exc.message}", syntax_hint(written))
        each = each_expression(mended.text, _ENV, expressions)
        if not any("syntax error" in m or "not closed" in m for _, m, _ in each):
            each.insert(0, whole)  # the mistake is outside any {{ }}, e.g. in a {% %}
        problems = [Problem(Location(display, at + first_line - 1), message, hint)
                    for at, message, hint in each]
        return Body(Markup(), (), (), frozenset(), "", (*mended.problems, *drift, *problems),
                    mended.text)
    except Exception as exc:  # the template is the user's own: any failure in it is theirs
        found = template_frame(exc.__traceback__)
        line = found[1] if found else 1
        # the render stopped at the first failure: run each expression for the rest
        calls.problems = each_expression(mended.text, _ENV, expressions) or [
            (line, f"expression not allowed: {exc}", FUNCTIONS_HINT)]
        source = ""
    problems = [Problem(Location(display, line + first_line - 1), message, hint)
                for line, message, hint in calls.problems]
    converted = convert(source, first_line)
    raw, images, image_problems = _take_images(converted, src)
    html = nh3.clean(raw, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"},
                     filter_style_properties={"text-align"})  # markdown tables' alignment
    for token, uri in images.items():
        html = html.replace(f'src="{token}"', f'src="{uri}"')
    return Body(Markup(html), tuple(calls.placed), converted.headings, frozenset(calls.mentions),
                source,
                (*mended.problems, *drift, *problems, *image_problems), mended.text)


_IMG_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]*)(")')


def _take_images(converted: Converted,
                 src: NarrativeText) -> tuple[str, dict[str, str], list[Problem]]:
    """Swap each image for a token to survive sanitising, then for its data: URI.

    An image must be a file inside the project, named by a relative path, of a bounded
    size; an SVG is cleaned of scripts. Nothing is fetched from the network, and no other
    file on the machine can be embedded."""
    images: dict[str, str] = {}
    problems: list[Problem] = []
    lines = {r.target: r.line for r in converted.references if r.kind == "image"}

    def swap(match: re.Match[str]) -> str:
        target = html_unescape(match[2])
        at = Location(src.display, lines.get(target) or src.line_of(target))
        uri = _image_uri(target, src, at, problems)
        if uri is None:
            return match[1] + match[3]
        token = f"rg-image-{len(images)}.png"
        images[token] = uri
        return match[1] + token + match[3]

    return _IMG_SRC.sub(swap, converted.html), images, problems


def _image_uri(target: str, src: NarrativeText, at: Location,
               problems: list[Problem]) -> str | None:
    """The image as a checked data: URI, or None with the reason in `problems`."""
    outside = Problem(at, f"image '{target}' is not an image file inside the project",
                      "put images beside the narrative and refer to them by a relative path")
    if src.root is None or not target or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target):
        problems.append(outside)  # a scheme (file:, http:, data:, javascript:) is never followed
        return None
    root = src.root.resolve()
    path = root / Path(src.display).parent / unquote(target)
    try:
        inside = path.resolve().is_relative_to(root) and path.is_file()
    except (OSError, ValueError):  # a name with a NUL byte, or one too long to exist
        inside = False
    if path.suffix.lower() not in IMAGE_TYPES or not inside:
        problems.append(outside)
        return None
    found = Problems()
    try:
        uri = image_data_uri(root, path, path.resolve().relative_to(root).as_posix(), at, found)
    except ReportError as exc:
        problems.extend(exc.problems)
        return None
    problems.extend(found)
    return uri
