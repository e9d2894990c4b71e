"""The theme: Jinja templates (the project's own first, then the built-in ones) to HTML.

A theme holds template lookup and one sandboxed environment per language, and nothing
about any one build: every id in a report comes from that report alone, so a report's
bytes depend only on its own inputs."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    PackageLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
)
from markupsafe import Markup

from reportgen.compute.calculate import Direction, Rag
from reportgen.errors import Location, Problem, ReportError
from reportgen.languages import SOURCE_LANGUAGE
from reportgen.narrative.expressions import Drawing
from reportgen.narrative.reading import Narrative
from reportgen.narrative.template_lines import template_frame
from reportgen.paths import TEMPLATE_DIR
from reportgen.prepare.prepared import Prepared
from reportgen.render.context import (
    CONTENTS,
    IndexContext,
    PackContext,
    ReportContext,
    chart,
    index_context,
    localised,
    pack_context,
    report_context,
)
from reportgen.render.downloads import comparator_names
from reportgen.render.filters import jinja_filters
from reportgen.render.theme_sandbox import COMPILED, ProjectLoader, ThemeSandbox
from reportgen.words.formatter import Formatter
from reportgen.words.translations import LOCALE_DIR, translations

BUILTIN = Path(__file__).resolve().parent / TEMPLATE_DIR


def builtin_digest() -> str:
    """The built-in theme and translations, as one digest: part of a build's key, so a
    reportgen whose templates or wording changed (in a checkout, with the same version
    number) rebuilds what they make."""
    files = sorted([*BUILTIN.rglob("*"), *LOCALE_DIR.rglob("*.mo")])
    hashed = hashlib.sha256()
    for path in files:
        if path.is_file():
            hashed.update(path.name.encode() + b"\0" + path.read_bytes())
    return hashed.hexdigest()
_H2 = re.compile(r'<h2\b[^>]*\bid="([^"]+)"[^>]*>(.*?)</h2>', re.S)
_TAG = re.compile(r"<[^>]+>")
_EMPTY_P = re.compile(r"<p>\s*</p>")


class Theme:
    """Template lookup, and an environment per language with its formatter's filters."""

    def __init__(self, root: Path) -> None:
        self.root = root
        builtin = PackageLoader("reportgen.render", TEMPLATE_DIR)
        # the project's own templates are read like any project file: no link out of it
        self._loader = ChoiceLoader([ProjectLoader(root, TEMPLATE_DIR), builtin,
                                     PrefixLoader({"builtin": builtin})])
        self._envs: dict[str, Environment] = {}

    def env(self, language: str) -> Environment:
        """The environment for one language (made once, then reused)."""
        if language not in self._envs:
            self._envs[language] = self._make_env(Formatter(language))
        return self._envs[language]

    def _make_env(self, f: Formatter) -> Environment:
        # Sandboxed: a project's templates are shared in a repository and run on build
        # machines, so they may lay out the context but not reach Python's internals.
        env = ThemeSandbox(
            loader=self._loader, autoescape=True, undefined=StrictUndefined,
            bytecode_cache=COMPILED,
            trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.i18n"])
        env.install_gettext_translations(translations(f.language), newstyle=True)  # type: ignore[attr-defined]
        env.filters.update(jinja_filters(f))
        env.globals.update(Rag=Rag, Direction=Direction, fmt=f)
        return env

    def project_templates(self) -> list[str]:
        """The names of the project's own templates, to check them all without rendering."""
        found = ProjectLoader(self.root, TEMPLATE_DIR).list_templates()
        return [name for name in found if name.endswith((".html", ".css"))]

    def render(self, name: str, language: str,
               context: ReportContext | IndexContext | PackContext) -> str:
        values = {f.name: getattr(context, f.name) for f in fields(context)}
        return self.env(language).get_template(name).render(**values)

    def macros(self, language: str) -> Any:
        return self.env(language).get_template("_macros.html").module


@dataclass(frozen=True)
class RenderedReport:
    """One report's HTML, and the page layout its PDF is typeset with."""

    html: str
    page_css: str


def draw_blocks(theme: Theme, narrative: Narrative, prepared: Prepared,
                context: ReportContext) -> Markup:
    """The narrative's HTML with its charts and KPI tables drawn by the theme's macros."""
    html = str(narrative.html)
    macros = theme.macros(context.lang)
    for index, block in enumerate(narrative.blocks):
        drawn = _draw(block, index, macros, prepared, context)
        token = block.token(index)
        # a block is never inside a paragraph: one written mid-paragraph splits it
        html = html.replace(f"<p>{token}</p>", drawn).replace(token, f"</p>{drawn}<p>")
    return Markup(_EMPTY_P.sub("", html))


def _draw(block: Drawing, index: int, macros: Any, prepared: Prepared,
          context: ReportContext) -> str:
    results = [localised(prepared.results.kpis[k], context.lang) for k in block.kpis]
    if block.kind == "chart":
        drawn = chart(results[0], f"narrative-chart-{index}", context.fmt, context.branding)
        return str(macros.chart(drawn))
    caption = block.caption  # a section's name is shown in the report's language
    if caption == prepared.results.kpis[block.kpis[0]].kpi.section:
        caption = results[0].kpi.section
    return str(macros.kpi_table(results, caption, f"narrative-table-{index}",
                                comparators=comparator_names(results), ids=context.kpi_ids))


def fill_contents(html: str) -> str:
    """The contents list, made from the sections the page actually has: a theme that
    leaves a section out leaves out its entry too, so no link points at nothing."""
    at = html.find(CONTENTS)
    if at < 0:
        return html
    items = "".join(
        Markup('<li><a href="#{}">{}</a></li>\n').format(anchor, _TAG.sub("", title).strip())
        for anchor, title in _H2.findall(html, at))
    return html.replace(CONTENTS, f"<ol>\n{items}</ol>" if items else "", 1)


def render_report(theme: Theme, prepared: Prepared, directorate_id: str,
                  language: str = SOURCE_LANGUAGE, page: bool = True,
                  formats: Collection[str] = ("html", "pdf")) -> RenderedReport:
    """One directorate's report, linking to the `formats` built; raises ReportError at a
    template's line on a mistake."""
    directorate = prepared.project.config.directorate(directorate_id)
    f = Formatter(language)
    with template_errors(theme.root):
        context = report_context(prepared, directorate, f, formats)
        if context.narrative is not None:  # its charts and tables are drawn by the theme
            context = replace(context, narrative_html=draw_blocks(
                theme, context.narrative, prepared, context))
        html = fill_contents(theme.render("report.html", language, context))
        page_css = theme.render("print.css", language, context) if page else ""
    return RenderedReport(html, page_css)


@dataclass(frozen=True)
class RenderedPack:
    """The corporate pack's front matter (cover, contents, council-wide summary) as HTML with
    its page layout, and the layout of the pack page numbers stamped on every page."""

    html: str
    page_css: str
    stamp_css: str


def render_pack(theme: Theme, prepared: Prepared,
                language: str = SOURCE_LANGUAGE) -> RenderedPack:
    """The corporate pack's front matter; its parts are the reports' PDFs, joined to it."""
    with template_errors(theme.root):
        context = pack_context(prepared, Formatter(language))
        return RenderedPack(theme.render("pack.html", language, context),
                            theme.render("print.css", language, context),
                            theme.render("pack_pages.css", language, context))


def render_index(theme: Theme, prepared: Prepared, formats: tuple[str, ...],
                 language: str = SOURCE_LANGUAGE) -> str:
    with template_errors(theme.root):
        return theme.render("index.html", language,
                            index_context(prepared, Formatter(language), formats))


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
        found = template_frame(exc.__traceback__, _is_theme_file)
        if found is None and not isinstance(exc, TemplateError):
            raise  # not from a template: a bug of ours, to be seen as such
        filename, line = found or (None, None)
        raise ReportError([_template_problem(root, filename, line, str(exc),
                                             "fix this line of the template")]) from None


def _is_theme_file(filename: str) -> bool:
    return filename.endswith((".html", ".css"))


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
