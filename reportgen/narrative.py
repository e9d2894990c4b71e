"""Narratives: officer-written markdown whose numbers come from the data."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

import markdown
import nh3
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup
from pydantic import BaseModel, ConfigDict

from . import formatting as fmt
from .catalogue import Catalogue
from .compute import BudgetResult, KpiResult, QuarterResults
from .errors import Location, Problems, ReportError
from .models import validate_model
from .yamlfile import LineDict, parse_yaml

NARRATIVE_DIR = Path("narratives")
_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?\n?", re.S | re.M)
_TEMPLATE_NAME = "<template>"  # the file name Jinja gives a template made from a string
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


class NarrativeProblem(Exception):
    """A mistake in a narrative expression, reported at the expression's line."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


@dataclass(frozen=True)
class Blocks:
    """How the theme renders the blocks a narrative can ask for."""

    chart: Callable[[KpiResult], str]
    kpi_table: Callable[[list[KpiResult], str], str]


def split_front_matter(text: str, display: str) -> tuple[Any, str, int]:
    """Front matter data, the body, and the body's first line number."""
    match = _FRONT.match(text)
    if not match:
        return {}, text, 1
    data = parse_yaml(match[1], display, first_line=2) or {}
    return data, text[match.end():], match[0].count("\n") + 1


def read_narrative(path: Path, display: str, directorate: str,
                   problems: Problems) -> tuple[Narrative, str, int] | None:
    """Parse a narrative file's front matter; returns it with its body for rendering."""
    text = path.read_text(encoding="utf-8-sig", errors="replace")
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
    return Narrative(directorate, display, front), body, first_line


class KpiView:
    """What `kpi("ID")` gives a narrative: formatted figures, never raw numbers."""

    def __init__(self, result: KpiResult, mentions: set[str]) -> None:
        self._r = result
        mentions.add(result.kpi.id)

    def _need(self, text: str, what: str) -> str:
        if text in ("not available", "confidential", "not applicable", "low reliability"):
            raise NarrativeProblem(
                f"{self._r.kpi.id} has no {what} for {self._r.quarter} ({text})",
                "add the figure to the quarter's data, or reword the sentence without it",
            )
        return text

    def __str__(self) -> str:
        return self.value

    @property
    def value(self) -> str:
        return self._need(fmt.figure(self._r.value, self._r.symbol, self._r.kpi), "value")

    @property
    def previous(self) -> str:
        p = self._r.previous
        return self._need(fmt.figure(p.value, p.symbol, self._r.kpi), f"value in {p.quarter}")

    @property
    def last_year(self) -> str:
        p = self._r.last_year
        return self._need(fmt.figure(p.value, p.symbol, self._r.kpi), f"value in {p.quarter}")

    @property
    def change(self) -> str:
        return self._need(fmt.change(self._r.previous, self._r.kpi), "change on last quarter")

    @property
    def change_last_year(self) -> str:
        return self._need(fmt.change(self._r.last_year, self._r.kpi), "change on last year")

    @property
    def target(self) -> str:
        if self._r.target is None:
            raise NarrativeProblem(f"{self._r.kpi.id} has no target for {self._r.quarter}",
                                   "add a target in kpis.yaml, or reword the sentence")
        return fmt.value(self._r.target, self._r.kpi)

    @property
    def ytd(self) -> str:
        if self._r.ytd is None:
            return self._need("not available", "year-to-date figure")
        return fmt.value(self._r.ytd, self._r.kpi)

    @property
    def rag(self) -> str:
        return self._r.rag.label

    @property
    def direction(self) -> str:
        return self._r.previous.direction.label.lower()

    @property
    def direction_last_year(self) -> str:
        return self._r.last_year.direction.label.lower()

    @property
    def title(self) -> str:
        return self._r.kpi.title


class BudgetView:
    """What `budget("directorate")` gives a narrative."""

    def __init__(self, result: BudgetResult) -> None:
        self._r = result

    def __str__(self) -> str:
        return fmt.variance_phrase(self._r)

    @property
    def variance(self) -> str:
        return fmt.money(self._r.total.variance)

    @property
    def variance_pct(self) -> str:
        pct = self._r.total.variance_pct
        return "not available" if pct is None else f"{fmt.number(abs(pct), 1)}%"

    @property
    def budget(self) -> str:
        return fmt.money(self._r.total.budget)

    @property
    def outturn(self) -> str:
        return fmt.money(self._r.total.outturn)

    @property
    def position(self) -> str:
        return fmt.position(self._r.total.variance)

    @property
    def movement(self) -> str:
        return fmt.movement_phrase(self._r)

    @property
    def month(self) -> int:
        return self._r.quarter.budget_month


class _Helpers:
    """The functions a narrative may call; blocks become placeholders until after sanitising."""

    def __init__(self, results: QuarterResults, catalogue: Catalogue, blocks: Blocks) -> None:
        self.results, self.catalogue, self.blocks = results, catalogue, blocks
        self.mentions: set[str] = set()
        self.placed: list[str] = []

    def _result(self, kpi_id: object) -> KpiResult:
        if not isinstance(kpi_id, str) or kpi_id not in self.results.kpis:
            raise NarrativeProblem(f"unknown KPI '{kpi_id}'", self.catalogue.suggest(str(kpi_id)))
        return self.results.kpis[kpi_id]

    def kpi(self, kpi_id: str) -> KpiView:
        return KpiView(self._result(kpi_id), self.mentions)

    def budget(self, directorate: str) -> BudgetView:
        if directorate not in self.results.budgets:
            raise NarrativeProblem(f"no budget for '{directorate}' in {self.results.quarter}",
                                   "add its rows to the quarter's budget.csv")
        return BudgetView(self.results.budgets[directorate])

    def _place(self, html: str) -> Markup:
        self.placed.append(html)
        return Markup(f"\n\nRGBLOCK{len(self.placed) - 1}X\n\n")

    def chart(self, kpi_id: str) -> Markup:
        result = self._result(kpi_id)
        self.mentions.add(result.kpi.id)
        return self._place(self.blocks.chart(result))

    def kpi_table(self, section: str | None = None, directorate: str | None = None) -> Markup:
        shown = [r for r in self.results.kpis.values() if r.kpi.show]
        if directorate is None and section in {r.kpi.directorate for r in shown}:
            directorate, section = section, None
        chosen = [r for r in shown if (section is None or r.kpi.section == section)
                  and (directorate is None or r.kpi.directorate == directorate)]
        if not chosen:
            sections = sorted({r.kpi.section for r in shown})
            raise NarrativeProblem(f"no KPIs in section '{section or directorate}'",
                                   f"use one of: {', '.join(sections)}")
        self.mentions.update(r.kpi.id for r in chosen)
        return self._place(self.blocks.kpi_table(chosen, section or directorate or ""))


def _environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False,
                               keep_trailing_newline=True)
    env.globals.clear()  # no range(), dict(), lipsum(), cycler(): only what narratives need
    env.filters = {k: env.filters[k] for k in ("upper", "lower", "title", "capitalize", "round")}
    return env


_ENV = _environment()


def _template_line(tb: TracebackType | None) -> int | None:
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == _TEMPLATE_NAME:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _slug(value: str, separator: str) -> str:
    words = re.sub(r"[^a-z0-9]+", separator, value.lower()).strip(separator)
    return f"section-{words or 'untitled'}"


Rendered = tuple[Markup, list[Heading], set[str], str]


def render_body(body: str, first_line: int, display: str, results: QuarterResults,
                catalogue: Catalogue, blocks: Blocks) -> Rendered:
    """Evaluate expressions, convert markdown, sanitise, then put the trusted blocks in."""
    helpers = _Helpers(results, catalogue, blocks)
    try:
        template = _ENV.from_string(body)
        source = template.render(kpi=helpers.kpi, budget=helpers.budget, chart=helpers.chart,
                                 kpi_table=helpers.kpi_table)
    except TemplateSyntaxError as exc:
        raise _error(display, (exc.lineno or 1) + first_line - 1,
                     f"expression syntax error: {exc.message}",
                     "check the {{ }} on this line: quotes and brackets must pair up") from None
    except NarrativeProblem as exc:
        line = _template_line(exc.__traceback__) or 1
        raise _error(display, line + first_line - 1, exc.message, exc.hint) from None
    except (SecurityError, TemplateError, TypeError, AttributeError, ValueError) as exc:
        line = _template_line(exc.__traceback__) or 1
        raise _error(display, line + first_line - 1, f"expression not allowed: {exc}",
                     "narratives may only use kpi(), budget(), chart() and kpi_table()") from None
    converter = markdown.Markdown(extensions=["toc", "tables", "sane_lists", "smarty"],
                                  extension_configs={"toc": {"slugify": _slug}})
    html = nh3.clean(converter.convert(source), tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"})
    for index, block in enumerate(helpers.placed):
        token = f"RGBLOCK{index}X"
        html = html.replace(f"<p>{token}</p>", block).replace(token, block)
    headings = [Heading(t["level"], t["id"], t["name"]) for t in _flatten(converter.toc_tokens)]  # type: ignore[attr-defined]
    return Markup(html), headings, helpers.mentions, source


def _flatten(tokens: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for token in tokens:
        out.append(token)
        out.extend(_flatten(token.get("children", [])))
    return out


def _error(display: str, line: int, message: str, hint: str) -> ReportError:
    return ReportError.at(display, message, hint, line)
