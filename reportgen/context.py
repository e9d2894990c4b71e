"""What the templates see: one typed context per page, built in one place.

The wording is decided here and in the Formatter, never in a template: a template lays
out the phrases and figures it is given. docs/templates.md is generated from these
classes (scripts/context_reference.py), so the theme contract cannot drift from the code.
"""

from __future__ import annotations

import base64
import mimetypes
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup

from . import __version__, charts
from .compute import BudgetResult, Direction, KpiResult, Rag, Summary
from .config import Branding, Directorate
from .formatting import Formatter, SchemeWords
from .narrative import Narrative
from .prepared import Prepared
from .quarters import Quarter


@dataclass(frozen=True)
class Period:
    """The quarter in words: `Quarter 3 2017/18`, `October to December 2017`, …"""

    quarter: Quarter
    label: str
    short: str
    months: str
    end: str
    fiscal_year: str
    previous: str
    last_year: str
    budget_month: int


@dataclass(frozen=True)
class Section:
    """A group of indicators under one heading, in catalogue order."""

    name: str
    caption: str
    results: tuple[KpiResult, ...]


@dataclass(frozen=True)
class Chart:
    """A trend chart: the inline SVG (ids unique within the report) and its caption."""

    result: KpiResult
    svg: Markup
    caption: str


@dataclass(frozen=True)
class Term:
    """An indicator in the glossary."""

    title: str
    ids: str
    definition: str
    note: str


@dataclass(frozen=True)
class ReportContext:
    """Everything report.html and print.css see for one directorate's report."""

    lang: str
    fmt: Formatter
    version: str
    council: str
    branding: Branding
    logo: str | None
    directorate: Directorate
    quarter: Quarter
    period: Period
    narrative: Narrative | None
    narrative_html: Markup
    draft: bool
    approval: str
    summary: Summary
    summary_lead: str
    travel: Markup
    scheme: SchemeWords
    results: tuple[KpiResult, ...]
    sections: tuple[Section, ...]
    reds: tuple[str, ...]
    worse: tuple[str, ...]
    charts: tuple[Chart, ...]
    budget: BudgetResult | None
    budget_summary: str
    budget_sentence: str
    glossary: tuple[Term, ...]
    key: Markup
    page_counter: Markup
    contents: Markup


@dataclass(frozen=True)
class IndexRow:
    """One directorate in the corporate overview."""

    directorate: Directorate
    summary: Summary
    budget: BudgetResult | None
    draft: bool
    variance: str


@dataclass(frozen=True)
class IndexContext:
    """Everything index.html sees: the corporate overview across directorates."""

    lang: str
    fmt: Formatter
    version: str
    council: str
    branding: Branding
    logo: str | None
    quarter: Quarter
    period: Period
    rows: tuple[IndexRow, ...]
    summary: Summary
    lead: str
    budget_sentence: str
    draft: bool
    formats: tuple[str, ...]


CONTENTS = Markup("<!--reportgen:contents-->")  # replaced by the list of rendered sections


def period(quarter: Quarter, f: Formatter) -> Period:
    return Period(quarter, f.quarter(quarter), f.short_quarter(quarter), f.months(quarter),
                  f.date(quarter.end), quarter.fiscal_year_label,
                  f.short_quarter(quarter.previous), f.short_quarter(quarter.last_year),
                  quarter.budget_month)


def logo_uri(prepared: Prepared) -> str | None:
    """The council's logo as a data: URI, so the HTML stays one self-contained file."""
    logo = prepared.project.config.branding.logo
    if not logo:
        return None
    path = (prepared.project.root / logo).resolve()  # checked to be inside by validation
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode()}"


def sections(results: tuple[KpiResult, ...], f: Formatter, label: str) -> tuple[Section, ...]:
    """KPIs grouped by section, in catalogue order."""
    grouped: dict[str, list[KpiResult]] = {}
    for result in results:
        grouped.setdefault(result.kpi.section, []).append(result)
    return tuple(Section(name, f._("%(section)s, %(quarter)s", section=name, quarter=label),
                         tuple(items)) for name, items in grouped.items())


def chart(result: KpiResult, chart_id: str, f: Formatter, branding: Branding) -> Chart:
    """A trend chart with its caption; `chart_id` numbers it within its report."""
    svg = charts.trend_svg(result, chart_id, f, branding.colour, branding.accent)
    caption = result.kpi.title
    if result.target is not None:
        caption = f._("%(title)s (dashed line: target)", title=caption)
    return Chart(result, svg, caption)


def approval(narrative: Narrative | None, f: Formatter) -> str:
    """`Approved by … on 24 January 2018`, as far as the front matter says."""
    front = narrative.front if narrative else None
    by = front.approved_by if front else None
    on = f.date(front.approved_on) if front and front.approved_on else None
    if by and on:
        return f._("Approved by %(name)s on %(date)s", name=by, date=on)
    if by:
        return f._("Approved by %(name)s", name=by)
    if on:
        return f._("Approved on %(date)s", date=on)
    return f._("Approved")


def report_context(prepared: Prepared, directorate: Directorate, f: Formatter,
                   narrative_html: Markup | None = None) -> ReportContext:
    """Everything report.html sees for one directorate: plain typed objects, never pandas."""
    config, quarter = prepared.project.config, prepared.quarter
    results = tuple(prepared.results.for_directorate(directorate.id))
    narrative = prepared.narrative(directorate.id, f.language)
    budget = prepared.results.budgets.get(directorate.id)
    when = period(quarter, f)
    return ReportContext(
        lang=f.language, fmt=f, version=__version__, council=config.council,
        branding=config.branding, logo=logo_uri(prepared), directorate=directorate,
        quarter=quarter, period=when, narrative=narrative,
        narrative_html=narrative_html or Markup(),
        draft=prepared.draft(directorate.id), approval=approval(narrative, f),
        summary=(summary := prepared.results.summary(directorate.id)),
        summary_lead=f.summary_lead(summary, quarter), travel=f.travel(summary),
        scheme=f.scheme(config.rag_scheme), results=results,
        sections=sections(results, f, when.label),
        reds=tuple(f.red_flag(r) for r in results if r.rag is Rag.RED),
        worse=tuple(f.worse_flag(r) for r in results
                    if r.previous.direction is Direction.DECLINED),
        charts=tuple(chart(r, f"chart-{n}", f, config.branding)
                     for n, r in enumerate(results, start=1)),
        budget=budget,
        budget_summary=f.budget_summary(budget) if budget else "",
        budget_sentence=f.budget_sentence(directorate.name, budget) if budget else "",
        glossary=tuple(
            Term(r.kpi.title, ", ".join(filter(None, [r.kpi.id, r.kpi.ref])),
                 r.kpi.definition, f.glossary_note(r.kpi))
            for r in sorted(results, key=lambda r: r.kpi.title.lower())),
        key=f.key(f.scheme(config.rag_scheme)), page_counter=f.page_counter_css(),
        contents=CONTENTS,
    )


def index_context(prepared: Prepared, f: Formatter,
                  formats: Collection[str] = ("html", "pdf")) -> IndexContext:
    """Everything index.html sees: one row per directorate."""
    config, quarter = prepared.project.config, prepared.quarter
    rows = tuple(
        IndexRow(d, prepared.results.summary(d.id), budget, prepared.draft(d.id),
                 f.signed_money(budget.total.variance) if budget else "–")
        for d in prepared.directorates
        for budget in [prepared.results.budgets.get(d.id)])
    budgets = list(prepared.results.budgets.values())
    total = sum((b.total.budget for b in budgets), Decimal(0))
    variance = sum((b.total.variance for b in budgets), Decimal(0))
    summary = prepared.results.summary()
    return IndexContext(
        lang=f.language, fmt=f, version=__version__, council=config.council,
        branding=config.branding, logo=logo_uri(prepared), quarter=quarter,
        period=period(quarter, f), rows=rows, summary=summary, lead=f.council_lead(summary),
        budget_sentence=f.council_budget(total, variance, quarter) if total else "",
        draft=any(r.draft for r in rows), formats=tuple(formats))
