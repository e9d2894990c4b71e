"""What the templates see: one typed context per page, built in one place.

The wording is decided here and in the Formatter and its Sentences, never in a template:
a template lays out the phrases and figures it is given. docs/templates.md is generated from these
classes (scripts/context_reference.py), so the theme contract cannot drift from the code.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TypeVar

from markupsafe import Markup
from pydantic import BaseModel

from reportgen import __version__
from reportgen.compute.calculate import (
    BudgetResult,
    Direction,
    KpiResult,
    Rag,
    Summary,
)
from reportgen.languages import SOURCE_LANGUAGE
from reportgen.load.config import Branding, Directorate
from reportgen.narrative.markup import slug
from reportgen.narrative.reading import Narrative
from reportgen.narrative.reasons import reason
from reportgen.paths import output_name
from reportgen.prepare.prepared import Prepared
from reportgen.quarters import Quarter
from reportgen.render import charts
from reportgen.render.downloads import comparator_names, table_csv
from reportgen.render.filters import pack_page_counter_css, page_counter_css
from reportgen.words.formatter import Formatter
from reportgen.words.sentences import Sentences, marks_in
from reportgen.words.vocabulary import SchemeWords


@dataclass(frozen=True)
class QuarterWords:
    """The quarter in words: `Quarter 3 2017/18`, `October to December 2017`, …"""

    quarter: Quarter  # the quarter itself: `str(quarter)` is `2017Q3`
    label: str  # `Quarter 3 2017/18`
    short: str  # `Q3 2017/18`
    months: str  # `October to December 2017`
    end: str  # `31 December 2017`
    fiscal_year: str  # `2017/18`
    previous: str  # the previous quarter, short: `Q2 2017/18`
    last_year: str  # the same quarter last year, short: `Q3 2016/17`
    budget_month: int  # month of the financial year the quarter ends in: 9


@dataclass(frozen=True)
class Section:
    """A group of indicators under one heading, in catalogue order."""

    name: str  # the catalogue's section name
    caption: str  # the table caption: `Workforce, Quarter 3 2017/18`
    results: tuple[KpiResult, ...]  # the section's indicators
    comparators: tuple[str, ...]  # the comparators any of them has: `England`, …
    csv: str  # the table's figures as a data: URI, for a download link
    csv_name: str  # the download's file name: `children-workforce-2017Q3.csv`


@dataclass(frozen=True)
class Chart:
    """A trend chart: the inline SVG (ids unique within the report) and its caption."""

    result: KpiResult  # the indicator charted; `result.series` holds its eight quarters
    svg: Markup  # the chart, with a title and a text description
    caption: str  # `Social worker vacancy rate (dashed line: target)`
    notes: tuple[str, ...]  # how to read it: `Lower is better.`, an axis not from zero, …
    rows: tuple[tuple[Quarter, Decimal | None, Decimal | None], ...]  # quarter, figure, target
    targeted: bool  # true when any quarter plotted has a target
    latest: str  # the last figure plotted: `Latest: 12.5% (Q3 2017/18)`; empty when none


@dataclass(frozen=True)
class Term:
    """An indicator in the glossary."""

    title: str  # the indicator's title
    ids: str  # its id and statutory reference: `CS-SWV-01, PAM/028`
    definition: str  # the catalogue's plain-English definition
    note: str  # how it is measured and judged, in a sentence


@dataclass(frozen=True)
class Alternate:
    """The same page in another language."""

    lang: str  # its language: `cy`
    name: str  # the language's name in itself: `Cymraeg`
    href: str  # the file: `children.cy.html`


@dataclass(frozen=True)
class Link:
    """A link to another page of the quarter's reports."""

    text: str  # what it says: `Adult Services`
    href: str  # where it goes: `adults.html`


@dataclass(frozen=True)
class Flag:
    """An indicator on a summary list, with the reason for where it stands beside it."""

    text: str  # `Average caseload per social worker: 19.6 against a target of 17.0`
    reason: str  # the data's commentary, or the narrative's first sentence naming it
    href: str  # where more is said: the narrative's section, or the indicator's table
    more: str  # the link's text: `More in Directorate Challenges`

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class ReportContext:
    """Everything report.html and print.css see for one directorate's report."""

    lang: str  # the report's language: `en`
    alternates: tuple[Alternate, ...]  # the report in the project's other languages
    fmt: Formatter  # formats any figure: `fmt.value(amount, kpi)`, `fmt.rag(rag)`, …
    version: str  # reportgen's version
    council: str  # the council's name, from reportgen.yaml
    branding: Branding  # `colour`, `accent` and `logo` from reportgen.yaml
    logo: str | None  # the logo as a data: URI, or none
    directorate: Directorate  # `id`, `name` and `director`
    quarter: Quarter  # the quarter reported on
    period: QuarterWords  # the quarter in words
    narrative: Narrative | None  # the director's narrative: `front`, `headings`, `draft`
    narrative_html: Markup  # the narrative as safe HTML, its charts and tables drawn
    draft: bool  # true until the narrative is approved
    approval: str  # `Approved by … on 24 January 2018`
    summary: Summary  # counts: `total`, `green`, `amber`, `red`, `improved`, …
    summary_lead: str  # the summary's opening sentences
    travel: Markup  # the direction-of-travel sentence, counts in bold
    scheme: SchemeWords  # what `green`, `amber` and `red` mean in this RAG scheme
    results: tuple[KpiResult, ...]  # the directorate's indicators, in catalogue order
    sections: tuple[Section, ...]  # the indicators grouped by section
    reds: tuple[Flag, ...]  # each indicator outside tolerance, with its reason
    worse: tuple[Flag, ...]  # each indicator that declined since last quarter, with its reason
    revisions: tuple[str, ...]  # a line for each figure revised since it was published
    charts: tuple[Chart, ...]  # a trend chart for each indicator
    budget: BudgetResult | None  # the budget position: `total`, `services`, `movement`
    budgets_reported: bool  # whether the council gave budget figures for any directorate
    budget_summary: str  # the summary's budget line
    budget_sentence: str  # the budget section's opening sentence
    glossary: tuple[Term, ...]  # the indicators in alphabetical order, with definitions
    key: Markup  # what the status and direction marks mean, and the comparators
    kpi_ids: bool  # show each indicator's id under its title in the tables (`kpi_ids: tables`)
    page_counter: Markup  # print.css: the "Page X of Y" footer as CSS content
    contents: Markup  # where the contents list goes (made from the rendered sections)
    index_href: str  # the overview of every directorate, in this language: `index.html`
    pdf_href: str  # this report as a PDF: `children.pdf`; empty when PDFs are not built
    others: tuple[Link, ...]  # the other directorates' reports, in this language


@dataclass(frozen=True)
class IndexRow:
    """One directorate in the corporate overview."""

    directorate: Directorate  # `id`, `name` and `director`
    summary: Summary  # the directorate's counts
    budget: BudgetResult | None  # its budget position, or none
    draft: bool  # true until its narrative is approved
    variance: str  # the budget variance, signed: `+£4.1m`
    html: str  # its web page in this language: `children.html`
    pdf: str  # its PDF in this language: `children.pdf`


@dataclass(frozen=True)
class IndexContext:
    """Everything index.html sees: the corporate overview across directorates."""

    lang: str  # the page's language: `en`
    alternates: tuple[Alternate, ...]  # the overview in the project's other languages
    fmt: Formatter  # formats any figure
    version: str  # reportgen's version
    council: str  # the council's name
    branding: Branding  # colours and logo from reportgen.yaml
    logo: str | None  # the logo as a data: URI, or none
    quarter: Quarter  # the quarter reported on
    period: QuarterWords  # the quarter in words
    rows: tuple[IndexRow, ...]  # one row per directorate
    summary: Summary  # the council-wide counts
    lead: str  # the overview's opening sentences
    budget_sentence: str  # the council-wide budget sentence, or empty
    draft: bool  # true while any directorate's narrative is a draft
    formats: tuple[str, ...]  # the formats built: `html`, `pdf`, `pack`
    revisions: tuple[str, ...]  # a line for each figure revised since it was published
    reds: tuple[Flag, ...]  # every indicator outside tolerance, with its directorate and reason
    pack_href: str  # the corporate pack: `council.pdf`; empty when it is not built


@dataclass(frozen=True)
class Part:
    """A directorate's report inside the corporate pack."""

    name: str  # the directorate's name
    anchor: str  # the id its contents entry links to: `part-children`
    page: str  # its first pack page: a mark the pack's typesetting fills in


@dataclass(frozen=True)
class PackContext:
    """Everything pack.html and print.css see for the corporate pack, council.pdf."""

    lang: str  # the pack's language: `en`
    alternates: tuple[Alternate, ...]  # none: the pack is a PDF
    fmt: Formatter  # formats any figure
    version: str  # reportgen's version
    council: str  # the council's name
    branding: Branding  # colours and logo from reportgen.yaml
    logo: str | None  # the logo as a data: URI, or none
    quarter: Quarter  # the quarter reported on
    period: QuarterWords  # the quarter in words
    rows: tuple[IndexRow, ...]  # one row per directorate
    summary: Summary  # the council-wide counts
    lead: str  # the summary's opening sentences
    budget_sentence: str  # the council-wide budget sentence, or empty
    reds: tuple[str, ...]  # every indicator outside tolerance, with its directorate
    draft: bool  # true while any directorate's narrative is a draft
    parts: tuple[Part, ...]  # each directorate's report, in order
    page_counter: Markup  # print.css: the front matter's own footer (none: pack_pages.css)
    pack_page_counter: Markup  # pack_pages.css: "Pack page X of Y" as CSS content


CONTENTS = Markup("<!--reportgen:contents-->")  # replaced by the list of rendered sections
LANGUAGE_NAMES = {"en": "English", "cy": "Cymraeg"}  # each in its own language
M = TypeVar("M", bound=BaseModel)


def localise(model: M, language: str, *names: str) -> M:
    """A catalogue or config entry in `language`: `title_cy` stands for `title`, where given."""
    if language == SOURCE_LANGUAGE:
        return model
    update = {n: value for n in names if (value := getattr(model, f"{n}_{language}", None))}
    return model.model_copy(update=update) if update else model


def localised(result: KpiResult, language: str) -> KpiResult:
    """A KPI's results with its title, section, definition, source and owner in `language`."""
    kpi = localise(result.kpi, language, "title", "section", "definition", "source", "owner")
    return result if kpi is result.kpi else replace(result, kpi=kpi)


def alternates(prepared: Prepared, stem: str, language: str) -> tuple[Alternate, ...]:
    return tuple(Alternate(other, LANGUAGE_NAMES.get(other, other),
                           output_name(stem, other, "html"))
                 for other in prepared.languages if other != language)


def council(prepared: Prepared, language: str) -> str:
    return localise(prepared.project.config, language, "council").council


def period(quarter: Quarter, f: Formatter) -> QuarterWords:
    return QuarterWords(quarter, f.quarter(quarter), f.short_quarter(quarter), f.months(quarter),
                  f.date(quarter.end), quarter.fiscal_year_label,
                  f.short_quarter(quarter.previous), f.short_quarter(quarter.last_year),
                  quarter.budget_month)


def sections(results: tuple[KpiResult, ...], f: Formatter, label: str,
             stem: str) -> tuple[Section, ...]:
    """KPIs grouped by section, in catalogue order, each with its figures as a CSV."""
    grouped: dict[str, list[KpiResult]] = {}
    for result in results:
        grouped.setdefault(result.kpi.section, []).append(result)
    return tuple(Section(name, f._("%(section)s, %(quarter)s", section=name, quarter=label),
                         tuple(items), comparator_names(items), table_csv(items, f),
                         f"{stem}-{slug(name).removeprefix('section-')}-{items[0].quarter}.csv")
                 for name, items in grouped.items())


def chart(result: KpiResult, chart_id: str, f: Formatter, branding: Branding) -> Chart:
    """A trend chart with its caption; `chart_id` numbers it within its report."""
    svg = charts.trend_svg(result, chart_id, f, branding.colour, branding.accent)
    caption = result.kpi.title
    targeted = any(t is not None for _, t in result.targets)
    if targeted and result.target_to_date:
        caption = f._("%(title)s, year to date (dashed line: target to date)", title=caption)
    elif targeted:
        caption = f._("%(title)s (dashed line: target)", title=caption)
    targets = dict(result.targets)
    rows = tuple((q, v, targets.get(q)) for q, v in result.series)
    plotted = [(q, v) for q, v in result.series if v is not None]
    latest = f._("Latest: %(value)s (%(quarter)s)", value=f.value(plotted[-1][1], result.kpi),
                 quarter=f.short_quarter(plotted[-1][0])) if plotted else ""
    return Chart(result, svg, caption, charts.notes(result, f), rows, targeted, latest)


def flag(prepared: Prepared, result: KpiResult, text: str, f: Formatter,
         page: str = "") -> Flag:
    """An indicator on a summary list with its reason: the data's commentary or the first
    sentence of the narrative that names it (in a translation, the narrative's sentence
    first: the commentary is in the data's language), and a link to where more is said.
    `page` is the report's file, for a link from another page."""
    kpi, language = result.kpi, f.language
    if page:  # from another page: the data's commentary, and the report's own summary,
        # which has the rest (the same whichever narratives a build reads)
        return Flag(text, result.note, f"{page}#summary", f._("More in the report"))
    narrative = prepared.narrative(kpi.directorate, language)
    said = reason(narrative, kpi.id, kpi.title) if narrative else None
    sentence = said.sentence if said else ""
    why = result.note or sentence if language == SOURCE_LANGUAGE else sentence or result.note
    if said and said.anchor:
        return Flag(text, why, f"{page}#{said.anchor}",
                    f._("More in %(section)s", section=said.section))
    names = list(dict.fromkeys(r.kpi.section for r in
                               prepared.results.for_directorate(kpi.directorate)))
    number = names.index(prepared.results.kpis[kpi.id].kpi.section) + 1  # as sections() counts
    return Flag(text, why, f"{page}#indicators-{number}",
                f._("Figures in %(section)s", section=kpi.section))


def report_links(prepared: Prepared, directorate: Directorate, language: str,
                 formats: Collection[str]) -> tuple[str, str, tuple[Link, ...]]:
    """The overview, this report's PDF and the other directorates' reports."""
    others = tuple(Link(localise(d, language, "name").name, output_name(d.id, language, "html"))
                   for d in prepared.directorates if d.id != directorate.id)
    pdf = output_name(directorate.id, language, "pdf") if "pdf" in formats else ""
    return output_name("index", language, "html"), pdf, others


def council_reds(prepared: Prepared, f: Formatter, linked: bool = False) -> tuple[Flag, ...]:
    """Every indicator outside tolerance across the council, each with its directorate and
    reason; `linked`: each links to its report's page."""
    names = {d.id: localise(d, f.language, "name").name for d in prepared.directorates}
    words = Sentences(f)
    return tuple(
        flag(prepared, result, f._("%(directorate)s: %(flag)s", directorate=names[d.id],
                                   flag=words.red_flag(result)), f,
             output_name(d.id, f.language, "html") if linked else "")
        for d in prepared.directorates for r in prepared.results.for_directorate(d.id)
        if r.rag is Rag.RED for result in [localised(r, f.language)])


def approval_line(narrative: Narrative | None, f: Formatter) -> str:
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
                   formats: Collection[str] = ("html", "pdf")) -> ReportContext:
    """Everything report.html sees for one directorate: plain typed objects, never pandas."""
    config, quarter, language = prepared.project.config, prepared.quarter, f.language
    results = tuple(localised(r, language)
                    for r in prepared.results.for_directorate(directorate.id))
    narrative = prepared.narrative(directorate.id, language)
    directorate = localise(directorate, language, "name", "director")
    budget = prepared.results.budgets.get(directorate.id)
    when = period(quarter, f)
    words = Sentences(f)
    links = report_links(prepared, directorate, language, formats)
    worse = [r for r in results if r.previous.direction is Direction.DECLINED]
    # the summary's first change in percentage points is written out: "pp" is not a word
    first_points = next((r for r in worse if r.kpi.percentage), None)
    return ReportContext(
        lang=language, alternates=alternates(prepared, directorate.id, language), fmt=f,
        version=__version__, council=council(prepared, language),
        branding=config.branding, logo=prepared.project.logo, directorate=directorate,
        quarter=quarter, period=when, narrative=narrative,
        narrative_html=Markup(),  # the theme draws the narrative's blocks, then sets it
        draft=prepared.draft(directorate.id, language), approval=approval_line(narrative, f),
        summary=(summary := prepared.results.summary(directorate.id)),
        summary_lead=words.summary_lead(summary, quarter), travel=words.travel(summary),
        scheme=f.scheme(config.rag_scheme), results=results,
        sections=sections(results, f, when.label, directorate.id),
        reds=tuple(flag(prepared, r, words.red_flag(r), f) for r in results
                   if r.rag is Rag.RED),
        worse=tuple(flag(prepared, r, words.worse_flag(r, spelled=r is first_points), f)
                    for r in worse),
        revisions=tuple(f.revision(r.kpi, v) for r in results for v in r.revisions),
        charts=tuple(chart(r, f"chart-{n}", f, config.branding)
                     for n, r in enumerate(results, start=1)),
        budget=budget, budgets_reported=bool(prepared.results.budgets),
        budget_summary=words.budget_summary(budget) if budget else "",
        budget_sentence=words.budget_sentence(directorate.name, budget) if budget else "",
        glossary=tuple(
            Term(r.kpi.title, ", ".join(filter(None, [r.kpi.id, r.kpi.ref])),
                 r.kpi.definition, f.glossary_note(r.kpi))
            for r in sorted(results, key=lambda r: r.kpi.title.lower())),
        key=words.key(f.scheme(config.rag_scheme), comparator_names(results),
                      config.comparators, marks_in(results)),
        kpi_ids=config.kpi_ids == "tables", page_counter=page_counter_css(f),
        contents=CONTENTS, index_href=links[0], pdf_href=links[1], others=links[2],
    )


def pack_page_mark(anchor: str) -> str:
    """Where a part's first pack page goes in the pack's HTML, until its pages are counted."""
    return f"pack-page-of-{anchor}"


def pack_parts(prepared: Prepared, language: str) -> tuple[Part, ...]:
    """Every directorate's part of the pack, in order."""
    return tuple(Part(localise(d, language, "name").name, f"part-{d.id}",
                      pack_page_mark(f"part-{d.id}")) for d in prepared.directorates)


def pack_context(prepared: Prepared, f: Formatter) -> PackContext:
    """Everything pack.html sees: the council-wide summary and every directorate's part."""
    index = index_context(prepared, f, ("pdf",))
    reds = tuple(str(line) for line in council_reds(prepared, f))
    return PackContext(
        lang=index.lang, alternates=(), fmt=f, version=index.version, council=index.council,
        branding=index.branding, logo=index.logo, quarter=index.quarter, period=index.period,
        rows=index.rows, summary=index.summary, lead=index.lead,
        budget_sentence=index.budget_sentence, reds=reds, draft=index.draft,
        parts=pack_parts(prepared, f.language), page_counter=Markup("none"),
        pack_page_counter=pack_page_counter_css(f))


def index_context(prepared: Prepared, f: Formatter,
                  formats: Collection[str] = ("html", "pdf")) -> IndexContext:
    """Everything index.html sees: one row per directorate."""
    config, quarter, language = prepared.project.config, prepared.quarter, f.language
    rows = tuple(
        IndexRow(localise(d, language, "name", "director"), prepared.results.summary(d.id),
                 budget, prepared.draft(d.id, language),
                 f.signed_money(budget.total.variance) if budget else "–",
                 output_name(d.id, language, "html"), output_name(d.id, language, "pdf"))
        for d in prepared.directorates
        for budget in [prepared.results.budgets.get(d.id)])
    budgets = list(prepared.results.budgets.values())
    total = sum((b.total.budget for b in budgets), Decimal(0))
    variance = sum((b.total.variance for b in budgets), Decimal(0))
    summary, words = prepared.results.summary(), Sentences(f)
    return IndexContext(
        lang=language, alternates=alternates(prepared, "index", language), fmt=f,
        version=__version__, council=council(prepared, language),
        branding=config.branding, logo=prepared.project.logo, quarter=quarter,
        period=period(quarter, f), rows=rows, summary=summary, lead=words.council_lead(summary),
        budget_sentence=words.council_budget(total, variance, quarter) if total else "",
        draft=any(r.draft for r in rows), formats=tuple(formats),
        revisions=tuple(f.revision(localised(r, language).kpi, v)
                        for r in prepared.results.kpis.values() for v in r.revisions),
        reds=council_reds(prepared, f, linked="html" in formats),
        pack_href=output_name("council", language, "pdf") if "pack" in formats else "")
