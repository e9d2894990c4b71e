"""Narratives: officer-written markdown whose numbers come from the data."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from datetime import date
from html import unescape as html_unescape
from pathlib import Path
from types import TracebackType
from typing import Any, Literal
from urllib.parse import unquote

import markdown
import nh3
from jinja2 import StrictUndefined, TemplateSyntaxError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup
from pydantic import BaseModel, ConfigDict

from .catalogue import Catalogue
from .compute import QuarterResults
from .errors import Location, Problem, Problems, ReportError
from .expressions import TEMPLATE_NAME, Blocks, Expressions
from .files import read_utf8
from .models import validate_model
from .yamlfile import LineDict, parse_yaml

NARRATIVE_DIR = Path("narratives")
# the opening ---, the YAML, and the closing --- (also read by `reportgen new`)
FRONT_MATTER = re.compile(r"\A(---[ \t]*\r?\n)(.*?)(^---[ \t]*(?:\r?\n|\Z))", re.S | re.M)
ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "b", "i", "a", "br",
    "hr", "blockquote", "code", "pre", "table", "thead", "tbody", "tr", "th", "td", "abbr",
    "img", "sup", "sub",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"}, "abbr": {"title"}, "img": {"src", "alt", "title"},
    "th": {"scope", "colspan", "rowspan", "align", "style"},
    "td": {"colspan", "rowspan", "align", "style"},
    **{f"h{n}": {"id"} for n in range(2, 7)},
}


class FrontMatter(BaseModel):
    """The YAML block at the top of a narrative."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    title: str | None = None
    status: Literal["draft", "approved"] = "draft"
    approved_by: str | None = None
    approved_on: date | None = None


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    text: str


@dataclass
class Narrative:
    """A directorate's narrative, rendered to safe HTML."""

    directorate: str
    path: str
    front: FrontMatter
    html: Markup = field(default_factory=Markup)
    headings: list[Heading] = field(default_factory=list)
    mentions: set[str] = field(default_factory=set)
    text: str = ""

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


def read_narrative(path: Path, display: str, directorate: str,
                   problems: Problems) -> tuple[Narrative, str, int] | None:
    """Parse a narrative file's front matter; returns it with its body for rendering."""
    try:
        data, body, first_line = split_front_matter(read_utf8(path, display), display)
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
    return Narrative(directorate, display, front), body, first_line


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


def _template_line(tb: TracebackType | None) -> int | None:
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == TEMPLATE_NAME:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _slug(value: str, separator: str) -> str:
    words = re.sub(r"[^a-z0-9]+", separator, value.lower()).strip(separator)
    return f"section-{words or 'untitled'}"


Rendered = tuple[Markup, list[Heading], set[str], str]


@dataclass(frozen=True)
class Source:
    """A narrative's markdown body and where it came from."""

    display: str
    body: str
    first_line: int = 1
    root: Path | None = None  # the project; images may only come from inside it

    def line_of(self, text: str) -> int:
        """The file line where `text` first appears in the body."""
        for number, line in enumerate(self.body.splitlines(), start=self.first_line):
            if text in line:
                return number
        return self.first_line


def render_body(src: Source, results: QuarterResults, catalogue: Catalogue, blocks: Blocks,
                quiet: frozenset[str] = frozenset()) -> Rendered:
    """Evaluate expressions, convert markdown, sanitise, then put the trusted blocks in.

    Every expression problem in the file is reported, each at its own line; `quiet` names
    KPIs whose data already has an error this quarter, so it is not reported twice."""
    body, first_line, display = src.body, src.first_line, src.display
    calls = Expressions(results, catalogue, blocks, quiet)
    try:
        calls.template = _ENV.from_string(body)
        source = calls.template.render(**calls.functions())
    except TemplateSyntaxError as exc:
        raise ReportError.at(display, f"expression syntax error: {exc.message}",
                             "check the {{ }} on this line: quotes and brackets must pair up",
                             (exc.lineno or 1) + first_line - 1) from None
    except Exception as exc:  # the template is the user's own: any failure in it is theirs
        line = _template_line(exc.__traceback__) or 1
        calls.problems.append((line, f"expression not allowed: {exc}",
                               "narratives may only use kpi(), budget(), chart() and "
                               "kpi_table()"))
        source = ""
    if calls.problems:
        raise ReportError([Problem(Location(display, line + first_line - 1), message, hint)
                           for line, message, hint in calls.problems])
    converter = markdown.Markdown(extensions=["toc", "tables", "sane_lists", "smarty"],
                                  extension_configs={"toc": {"slugify": _slug}})
    raw, images = _take_images(converter.convert(source), src)
    html = nh3.clean(raw, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"},
                     filter_style_properties={"text-align"})  # markdown tables' alignment
    for token, uri in images.items():
        html = html.replace(f'src="{token}"', f'src="{uri}"')
    for index, block in enumerate(calls.placed):
        token = f"RGBLOCK{index}X"
        html = html.replace(f"<p>{token}</p>", block).replace(token, block)
    tokens = _flatten(converter.toc_tokens)  # type: ignore[attr-defined]
    headings = [Heading(t["level"], t["id"], t["name"]) for t in tokens]
    return Markup(html), headings, calls.mentions, source


_IMG_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]*)(")')
IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".gif": "image/gif", ".svg": "image/svg+xml", ".webp": "image/webp"}


def _take_images(html: str, src: Source) -> tuple[str, dict[str, str]]:
    """Swap each image for a token to survive sanitising, then for its data: URI.

    An image must be a file inside the project, named by a relative path: nothing is
    fetched from the network, and no other file on the machine can be embedded."""
    images: dict[str, str] = {}
    problems: list[Problem] = []

    def swap(match: re.Match[str]) -> str:
        target = html_unescape(match[2])
        uri = _image_uri(target, src)
        if uri is None:
            problems.append(Problem(
                Location(src.display, src.line_of(target)),
                f"image '{target}' is not an image file inside the project",
                "put images beside the narrative and refer to them by a relative path"))
            return match[1] + match[3]
        token = f"rg-image-{len(images)}.png"
        images[token] = uri
        return match[1] + token + match[3]

    html = _IMG_SRC.sub(swap, html)
    if problems:
        raise ReportError(problems)
    return html, images


def _image_uri(target: str, src: Source) -> str | None:
    if src.root is None or not target or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target):
        return None  # a scheme (file:, http:, data:, javascript:) is never followed
    root = src.root.resolve()
    path = (root / Path(src.display).parent / unquote(target)).resolve()
    kind = IMAGE_TYPES.get(path.suffix.lower())
    if kind is None or not path.is_relative_to(root) or not path.is_file():
        return None
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode()}"


def _flatten(tokens: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for token in tokens:
        out.append(token)
        out.extend(_flatten(token.get("children", [])))
    return out
