"""The build, top-down: prepare (load → compute → narratives → check) → render HTML → PDF →
exports and manifest → publish. Stages return their problems; only this module stops."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from .config import Directorate
from .errors import Location, Problem, Problems, ReportError, UsageError
from .outputs import exports, manifest, publish
from .paths import OUTPUT_DIR, inputs, narrative_file, output_name
from .pdf import write_pdf
from .pipeline import prepare
from .prepared import Prepared
from .progress import Reporter
from .render import Theme, render_index, render_pack, render_report, template_errors

FORMATS = ("html", "pdf")


@dataclass
class BuildResult:
    """What a build wrote, and the warnings it found on the way."""

    quarter: str
    folder: Path
    written: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def check(root: Path, quarter: str, render: bool = False) -> tuple[Prepared | None, Problems]:
    """Every problem in the project for a quarter, without writing anything.

    With `render`, every report is also rendered to HTML in memory, so that a template
    mistake that only shows when it runs is found too."""
    prepared = prepare(root, quarter)
    if not isinstance(prepared, Prepared):
        return None, Problems(prepared)
    theme = Theme(root)
    problems = Problems(list(prepared.problems))
    problems.extend(_template_problems(theme))
    if render and not problems.errors:
        for directorate in prepared.directorates:
            for language in prepared.languages:
                problems.extend(_attempt(root, partial(render_report, theme, prepared,
                                                       directorate.id, language, page=False)))
        for language in prepared.languages:
            problems.extend(_attempt(root, partial(render_index, theme, prepared, FORMATS,
                                                   language)))
    return prepared, Problems(problems.sorted())


def _template_problems(theme: Theme) -> list[Problem]:
    """Syntax mistakes in the project's own templates, found without rendering them."""
    found: list[Problem] = []
    for name in theme.project_templates():
        found.extend(_attempt(theme.root, partial(theme.env("en").get_template, name)))
    return found


def _attempt(root: Path, action: Callable[[], object]) -> list[Problem]:
    """The problems an action ran into, as a list: a template mistake does not stop a check."""
    try:
        with template_errors(root):
            action()
    except ReportError as exc:
        return exc.problems
    return []


def build(root: Path, quarter: str, directorates: Collection[str] | None = None,
          formats: Collection[str] = FORMATS, publish_only_approved: bool = False,
          reporter: Reporter | None = None) -> BuildResult:
    """Validate, then build a quarter's reports into output/<quarter>/."""
    reporter = reporter or Reporter()
    _check_formats(formats)
    reporter.step(f"Checking {quarter}")
    prepared = prepare(root, quarter)
    if not isinstance(prepared, Prepared):
        raise ReportError(prepared)
    chosen = _choose(prepared, directorates)
    problems = Problems(list(prepared.problems))
    theme = Theme(root)
    problems.extend(_template_problems(theme))
    if publish_only_approved:
        problems = problems.for_publishing()
        problems.extend(_drafts(prepared, chosen))
    problems.raise_if_errors()
    files = _render(prepared, theme, chosen, formats, reporter)
    if "pdf" in formats and len(chosen) == len(prepared.directorates):
        files.update(_pack(prepared, theme, reporter))
    reporter.step("Writing index, exports and manifest")
    for language in prepared.languages:
        index = render_index(theme, prepared, tuple(formats), language)
        files[output_name("index", language, "html")] = index.encode()
    files.update(exports(prepared.results))
    files["manifest.json"] = manifest(root, str(prepared.quarter),
                                      inputs(root, prepared.quarter,
                                             prepared.project.dataset.files), files)
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
    files = {}
    for directorate in chosen:
        for language in prepared.languages:
            which = f" ({language})" if len(prepared.languages) > 1 else ""
            reporter.step(f"Rendering {directorate.name}{which}")
            report = render_report(theme, prepared, directorate.id, language,
                                   page="pdf" in formats)
            if "html" in formats:
                files[output_name(directorate.id, language, "html")] = report.html.encode()
            if "pdf" in formats:
                reporter.step(f"Writing PDF for {directorate.name}{which}")
                files[output_name(directorate.id, language, "pdf")] = write_pdf(
                    report.html, prepared.project.root, report.page_css)
    return files


def _pack(prepared: Prepared, theme: Theme, reporter: Reporter) -> dict[str, bytes]:
    """council.pdf, the corporate pack, in each language: every report in one document."""
    files = {}
    for language in prepared.languages:
        reporter.step("Writing the corporate pack" + (
            f" ({language})" if len(prepared.languages) > 1 else ""))
        reports = {d.id: render_report(theme, prepared, d.id, language).html
                   for d in prepared.directorates}
        pack = render_pack(theme, prepared, reports, language)
        files[output_name("council", language, "pdf")] = write_pdf(
            pack.html, prepared.project.root, pack.page_css)
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


def _drafts(prepared: Prepared, chosen: list[Directorate]) -> list[Problem]:
    """--publish refuses a report whose narrative is missing or not approved."""
    problems = Problems()
    for directorate in chosen:
        narrative = prepared.narrative(directorate.id)
        if narrative is None or narrative.draft:
            where = narrative.path if narrative else narrative_file(
                prepared.quarter, directorate.id).as_posix()
            problems.error(Location(where, 1 if narrative else None),
                           f"{directorate.name} narrative is not approved; "
                           "--publish refuses drafts",
                           "set 'status: approved' with approved_by and approved_on "
                           "once signed off")
    return problems.items
