"""The theme: Jinja templates (the project's own first, then the built-in ones) to HTML and PDF."""

from __future__ import annotations

import base64
import itertools
import mimetypes
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import TracebackType
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
)
from markupsafe import Markup

from . import __version__, charts
from . import formatting as fmt
from .compute import BudgetResult, Direction, KpiResult, Rag, Summary
from .config import Branding, Directorate
from .errors import Location, Problem, ReportError
from .expressions import Blocks
from .narrative import Narrative
from .numbers import percent
from .pipeline import Prepared

TEMPLATE_DIR = "templates"
SCHEME_WORDS = {  # what each status means, for the report's key and summary
    "tolerance": {"green": "target met", "amber": "within tolerance of the target",
                  "red": "outside tolerance"},
    "trend": {"green": "target met or within tolerance",
              "amber": "outside tolerance but better than the same quarter last year",
              "red": "outside tolerance and not better than last year"},
}
BUILTIN = Path(__file__).resolve().parent / TEMPLATE_DIR


class Theme:
    """Template lookup and the filters templates use to format figures."""

    def __init__(self, root: Path) -> None:
        self.root = root
        builtin = PackageLoader("reportgen", "templates")
        loaders: list[Any] = []
        if (root / TEMPLATE_DIR).is_dir():
            loaders.append(FileSystemLoader(root / TEMPLATE_DIR))
        self.env = Environment(
            loader=ChoiceLoader([*loaders, builtin, PrefixLoader({"builtin": builtin})]),
            autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        )
        self.env.filters.update(
            figure=_figure, value=_value, change=fmt.change, money=fmt.money,
            signed_money=fmt.signed_money, number=fmt.number, pct=_pct, share=fmt.share,
        )
        self.env.globals.update(Rag=Rag, Direction=Direction, symbol=fmt.DIRECTION_SYMBOL,
                                version=__version__)
        self._ids = itertools.count(1)
        self.branding = Branding()

    def project_templates(self) -> list[str]:
        """The names of the project's own templates, to check them all without rendering."""
        folder = self.root / TEMPLATE_DIR
        if not folder.is_dir():
            return []
        return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                      if p.suffix in (".html", ".css") and p.is_file())

    def render(self, name: str, **context: Any) -> str:
        return self.env.get_template(name).render(**context)

    def blocks(self, branding: Branding) -> Blocks:
        """Charts and KPI tables for narratives, drawn by the theme's macros."""
        self.branding = branding
        macros = self.env.get_template("_macros.html").module
        return Blocks(
            chart=lambda result: str(macros.chart(result, self.chart(result))),  # type: ignore[attr-defined]
            kpi_table=lambda results, caption: str(macros.kpi_table(results, caption)),  # type: ignore[attr-defined]
        )

    def chart(self, result: KpiResult) -> Markup:
        """A trend chart with an id unique within the build."""
        return charts.trend_svg(result, f"chart-{next(self._ids)}", self.branding.colour,
                                self.branding.accent)


def _figure(result: KpiResult) -> str:
    return fmt.figure(result.value, result.symbol, result.kpi, short=True)


def _value(amount: Decimal | None, result: KpiResult) -> str:
    return "–" if amount is None else fmt.value(amount, result.kpi, short=True)


def _pct(part: int, whole: int) -> str:
    found = percent(part, whole)
    return "–" if found is None else f"{found}%"


@dataclass(frozen=True)
class Section:
    name: str
    results: list[KpiResult]


def sections(results: list[KpiResult]) -> list[Section]:
    """KPIs grouped by section, in catalogue order."""
    grouped: dict[str, list[KpiResult]] = {}
    for result in results:
        grouped.setdefault(result.kpi.section, []).append(result)
    return [Section(name, items) for name, items in grouped.items()]


def logo_uri(prepared: Prepared) -> str | None:
    """The council's logo as a data: URI, so the HTML stays one self-contained file."""
    logo = prepared.project.config.branding.logo
    if not logo:
        return None
    path = (prepared.project.root / logo).resolve()  # checked to be inside by validation
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode()}"


def report_context(prepared: Prepared, theme: Theme, directorate: Directorate) -> dict[str, Any]:
    """Everything report.html sees: plain typed objects, never pandas."""
    results = prepared.results.for_directorate(directorate.id)
    narrative: Narrative | None = prepared.narratives.get(directorate.id)
    summary: Summary = prepared.results.summary(directorate.id)
    budget: BudgetResult | None = prepared.results.budgets.get(directorate.id)
    return {
        "council": prepared.project.config.council,
        "branding": prepared.project.config.branding,
        "logo": logo_uri(prepared),
        "directorate": directorate,
        "quarter": prepared.quarter,
        "narrative": narrative,
        "draft": narrative is None or narrative.draft,
        "summary": summary,
        "sections": sections(results),
        "results": results,
        "worse": [r for r in results if r.previous.direction is Direction.DECLINED],
        "reds": [r for r in results if r.rag is Rag.RED],
        "charts": [(r, theme.chart(r)) for r in results],
        "budget": budget,
        "budget_phrase": fmt.variance_phrase(budget) if budget else None,
        "movement_phrase": fmt.movement_phrase(budget) if budget else None,
        "glossary": sorted(results, key=lambda r: r.kpi.title.lower()),
        "scheme": SCHEME_WORDS[prepared.project.config.rag_scheme],
        "lang": "en",
    }


def index_context(prepared: Prepared, formats: Collection[str] = ("html", "pdf")
                  ) -> dict[str, Any]:
    """Everything index.html sees: one row per directorate."""
    rows = [
        {"directorate": d, "summary": prepared.results.summary(d.id),
         "budget": prepared.results.budgets.get(d.id),
         "draft": d.id not in prepared.narratives or prepared.narratives[d.id].draft}
        for d in prepared.directorates
    ]
    budgets = list(prepared.results.budgets.values())
    return {
        "council": prepared.project.config.council,
        "branding": prepared.project.config.branding,
        "logo": logo_uri(prepared),
        "quarter": prepared.quarter,
        "rows": rows,
        "summary": prepared.results.summary(),
        "total_budget": sum((b.total.budget for b in budgets), Decimal(0)),
        "total_variance": sum((b.total.variance for b in budgets), Decimal(0)),
        "draft": any(r["draft"] for r in rows),
        "formats": list(formats),
        "lang": "en",
    }


def write_pdf(html: str, base: Path, page_css: str = "") -> bytes:
    """A tagged PDF/UA-1 of the HTML, laid out with `page_css` (the theme's print.css).

    Nothing is fetched beyond inline data: URIs."""
    import weasyprint  # heavy: imported only when a PDF is wanted
    from weasyprint.urls import FatalURLFetchingError

    # The page layout goes last in the head, so it overrides the screen layout in the
    # cascade; the published HTML never carries it.
    paged = html.replace("</head>", f"<style>\n{page_css}</style>\n</head>", 1)
    try:
        return weasyprint.HTML(  # type: ignore[no-any-return]
            string=paged, base_url=str(base), url_fetcher=_InlineOnly()
        ).write_pdf(pdf_variant="pdf/ua-1")
    except FatalURLFetchingError as exc:
        raise ReportError.at(
            TEMPLATE_DIR, f"the report asks for an outside resource: {exc}",
            "embed it in the template as a data: URI, or remove it; a report never "
            "fetches from the network or reads files outside the project") from None


class _InlineOnly:
    """A URL fetcher that serves data: URIs and refuses everything else."""

    def __init__(self) -> None:
        from weasyprint.urls import URLFetcher

        self._fetcher = URLFetcher(allowed_protocols={"data"}, allow_redirects=False)

    def fetch(self, url: str, headers: Any = None) -> Any:
        from weasyprint.urls import FatalURLFetchingError

        if not url.startswith("data:"):
            raise FatalURLFetchingError(f"refused to fetch {url}: reports may only embed "
                                        "data inside the project")
        return self._fetcher.fetch(url, headers)

    def __call__(self, url: str) -> Any:
        return self.fetch(url)


@contextmanager
def template_errors(root: Path) -> Iterator[None]:
    """Turn a mistake in a template into a ReportError at the template's file and line."""
    try:
        yield
    except TemplateSyntaxError as exc:
        raise ReportError([_template_problem(root, exc.filename, exc.lineno,
                                             exc.message or str(exc),
                                             "fix the Jinja syntax in this template")]) from None
    except Exception as exc:
        found = _template_frame(exc.__traceback__)
        if found is None and not isinstance(exc, TemplateError):
            raise  # not from a template: a bug of ours, to be seen as such
        filename, line = found or (None, None)
        raise ReportError([_template_problem(root, filename, line, str(exc),
                                             "fix this line of the template")]) from None


def _template_frame(tb: TracebackType | None) -> tuple[str, int] | None:
    """The innermost traceback frame that is a line of a template file."""
    found = None
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith((".html", ".css")):
            found = (name, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _template_problem(root: Path, filename: str | None, line: int | None,
                      message: str, hint: str) -> Problem:
    path = Path(filename) if filename else Path(TEMPLATE_DIR)
    if path.is_relative_to(root):
        display = path.relative_to(root).as_posix()
    elif path.is_relative_to(BUILTIN):
        display = f"(built-in) {path.relative_to(BUILTIN).as_posix()}"
    else:
        display = path.as_posix()
    return Problem(Location(display, line), f"template error: {message}", hint)
