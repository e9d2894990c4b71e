"""The build: validate, render every report, then publish all outputs at once."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from .config import Directorate
from .errors import Location, Problem, Problems, ReportError, UsageError
from .narrative import NARRATIVE_DIR
from .outputs import OUTPUT_DIR, exports, manifest, publish
from .pipeline import Prepared, prepare
from .progress import Reporter
from .render import Theme, index_context, report_context, template_errors, write_pdf

FORMATS = ("html", "pdf")


@dataclass
class BuildResult:
    """What a build wrote, and the warnings it found on the way."""

    quarter: str
    folder: Path
    written: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def check(root: Path, quarter: str, theme: Theme | None = None,
          render: bool = False) -> tuple[Prepared | None, Problems]:
    """Every problem in the project for a quarter, without writing anything.

    With `render`, every report is also rendered to HTML in memory, so that a template
    mistake that only shows when it runs is found too."""
    theme = theme or Theme(root)
    problems = Problems()
    prepared = None
    try:
        with template_errors(root):
            prepared = prepare(root, quarter, lambda p: theme.blocks(p.config.branding), problems)
    except ReportError as exc:
        problems.extend(p for p in exc.problems if p not in problems.items)
    for name in theme.project_templates():
        _collect(problems, root, partial(theme.env.get_template, name))
    if render and prepared is not None and not problems.errors:
        for directorate in prepared.directorates:
            context = report_context(prepared, theme, directorate)
            _collect(problems, root, partial(theme.render, "report.html", **context))
        _collect(problems, root, partial(theme.render, "index.html", **index_context(prepared)))
    return prepared, problems


def _collect(problems: Problems, root: Path, action: Callable[[], object]) -> None:
    try:
        with template_errors(root):
            action()
    except ReportError as exc:
        problems.extend(exc.problems)


def build(root: Path, quarter: str, directorates: Collection[str] | None = None,
          formats: Collection[str] = FORMATS, publish_only_approved: bool = False,
          reporter: Reporter | None = None) -> BuildResult:
    """Validate, then build a quarter's reports into output/<quarter>/."""
    reporter = reporter or Reporter()
    _check_formats(formats)
    theme = Theme(root)
    reporter.step(f"Checking {quarter}")
    prepared, problems = check(root, quarter, theme)
    if prepared is None:
        raise ReportError(problems.errors)
    chosen = _choose(prepared, directorates)
    if publish_only_approved:
        _refuse_drafts(prepared, chosen, problems)
    problems.raise_if_errors()
    files = _render(prepared, theme, chosen, formats, reporter)
    reporter.step("Writing index, exports and manifest")
    with template_errors(root):
        index = theme.render("index.html", **index_context(prepared, formats))
    files["index.html"] = index.encode()
    files.update(exports(prepared.results))
    files["manifest.json"] = manifest(root, str(prepared.quarter), _inputs(prepared), files)
    folder = root / OUTPUT_DIR / str(prepared.quarter)
    written = publish(folder, files, f"{OUTPUT_DIR}/{prepared.quarter}")
    return BuildResult(str(prepared.quarter), folder, written, problems.warnings)


def _check_formats(formats: Collection[str]) -> None:
    if not formats:
        raise UsageError("no output format given: use --format html, pdf or html,pdf")
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise UsageError(f"unknown format '{sorted(unknown)[0]}': choose from html, pdf")


def _render(prepared: Prepared, theme: Theme, chosen: list[Directorate],
            formats: Collection[str], reporter: Reporter) -> dict[str, bytes]:
    """Every chosen directorate's report, in memory: nothing is written until all are done."""
    root, files = prepared.project.root, {}
    for directorate in chosen:
        reporter.step(f"Rendering {directorate.name}")
        context = report_context(prepared, theme, directorate)
        with template_errors(root):
            html = theme.render("report.html", **context)
            page_css = theme.render("print.css", **context) if "pdf" in formats else ""
        if "html" in formats:
            files[f"{directorate.id}.html"] = html.encode()
        if "pdf" in formats:
            reporter.step(f"Writing PDF for {directorate.name}")
            files[f"{directorate.id}.pdf"] = write_pdf(html, root, page_css)
    return files


def _choose(prepared: Prepared, wanted: Collection[str] | None) -> list[Directorate]:
    if not wanted:
        return list(prepared.directorates)
    known = {d.id: d for d in prepared.directorates}
    for directorate in wanted:
        if directorate not in known:
            raise UsageError(f"unknown directorate '{directorate}': choose from "
                             + ", ".join(known))
    return [known[d] for d in wanted]


def _refuse_drafts(prepared: Prepared, chosen: list[Directorate], problems: Problems) -> None:
    for directorate in chosen:
        narrative = prepared.narratives.get(directorate.id)
        where = narrative.path if narrative else (
            f"{NARRATIVE_DIR.as_posix()}/{prepared.quarter}/{directorate.id}.md")
        if narrative is None or narrative.draft:
            problems.error(Location(where, 1 if narrative else None),
                           f"{directorate.name} narrative is not approved; "
                           "--publish refuses drafts",
                           "set 'status: approved' with approved_by and approved_on "
                           "once signed off")


def _inputs(prepared: Prepared) -> list[Path]:
    root = prepared.project.root
    found = [root / "reportgen.yaml", *prepared.project.catalogue.files,
             *prepared.project.dataset.files]
    found += sorted((root / NARRATIVE_DIR / str(prepared.quarter)).glob("*.md"))
    templates = root / "templates"
    found += sorted(p for p in templates.rglob("*") if p.is_file()) if templates.is_dir() else []
    return found
