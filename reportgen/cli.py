"""The command line: each command parses options, calls the library, and picks the exit status."""

from __future__ import annotations

import json
import shutil
import sys
import time
from collections.abc import Iterable, Iterator
from datetime import date
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from reportgen.quarters import Quarter

if TYPE_CHECKING:
    from reportgen.errors import Problem

MAX_PRINTED_PER_FILE = 20  # a 200,000-row file must not print 200,000 lines


class QuarterType(click.ParamType):  # type: ignore[type-arg]
    """A quarter id such as 2017Q3; anything else is a usage error (exit 2)."""

    name = "QUARTER"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        try:
            return str(Quarter.parse(str(value).strip().upper()))  # 2017q3 is meant as 2017Q3
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


QUARTER = QuarterType()
QUIET = click.option("--quiet", "-q", is_flag=True,
                     help="Print errors only: no progress, warnings or summary.")
VERBOSE = click.option("--verbose", "-v", is_flag=True,
                       help="Print each stage as it starts, with the time taken so far.")
PROJECT = click.option("--project", "-C", type=click.Path(file_okay=False, path_type=Path),
                       default=Path("."), show_default=True, help="The report project's folder.")


def capped(problems: Iterable[Problem], quarter: str,
           limit: int = MAX_PRINTED_PER_FILE) -> Iterator[str]:
    """The problems as lines, at most `limit` per file, then a count of the rest of that file.

    Control characters are shown as `\\x1b`: a file named with an escape sequence must not
    be able to clear or rewrite the terminal that prints it."""
    from reportgen.safe.sanitise import visible

    for path, group in groupby(problems, key=lambda p: p.location.path):
        items = list(group)
        yield from (visible(str(p)) for p in items[:limit])
        if len(items) > limit:
            yield visible(f"{path}: … and {len(items) - limit:,} more in this file (reportgen "
                          f"validate {quarter} --format json lists them all)")


def _fail(exc: Exception, quarter: str = "QUARTER") -> None:
    """Print a library error at the boundary and exit with its status."""
    from reportgen.errors import ReportError, UsageError

    if isinstance(exc, UsageError):
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    if isinstance(exc, ReportError):
        for line in capped(exc.problems, quarter):
            click.echo(line, err=True)
        errors = sum(1 for p in exc.problems if p.severity == "error")
        click.echo(f"{errors} error{'s' if errors != 1 else ''}: nothing was written.", err=True)
        sys.exit(1)
    raise exc


@click.group()
@click.version_option(package_name="reportgen")
def main() -> None:
    """Council quarterly performance reports from KPI data and narrative markdown."""


@main.command()
@click.argument("quarter", type=QUARTER)
@click.option("--directorate", "-d", multiple=True,
              help="Build only this directorate (repeatable).")
@click.option("--format", "formats", default="html,pdf,pack", show_default=True,
              help="Comma-separated outputs: html, pdf, pack (council.pdf, the corporate pack, "
                   "made when every directorate is built). The index and exports are always "
                   "made. The pack joins the reports' PDFs to its own cover, contents and "
                   "summary, so pack needs the reports typeset even without pdf.")
@click.option("--publish", is_flag=True,
              help="Refuse to build while any narrative is a draft; record what was "
                   "published in published/QUARTER.json.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Processes typesetting PDFs at once.  [default: every core]")
@click.option("--force", is_flag=True, help="Rebuild everything, even what has not changed.")
@QUIET
@VERBOSE
@PROJECT
def build(quarter: str, directorate: tuple[str, ...], formats: str, publish: bool,
          jobs: int | None, force: bool, quiet: bool, verbose: bool, project: Path) -> None:
    """Validate a quarter, then build what changed into output/QUARTER/."""
    from reportgen.commands.build import build as run_build
    from reportgen.commands.progress import reporter_for
    from reportgen.errors import ReportError, UsageError

    _one_of(quiet, verbose)
    started = time.perf_counter()
    stderr = sys.stderr  # (CliRunner swaps it for its own in tests)
    reporter = reporter_for(stderr, quiet, verbose, shutil.get_terminal_size().columns - 1)
    wanted = [f.strip() for f in formats.split(",") if f.strip()]
    try:
        result = run_build(project, quarter, directorate, wanted, publish, reporter,
                           jobs=jobs, force=force)
    except (ReportError, UsageError) as exc:
        reporter.finish()
        _fail(exc, quarter)
        return
    reporter.finish()
    if quiet:
        return
    for line in capped(result.warnings, quarter):
        click.echo(line, err=True)
    for text in result.earlier_warnings:  # nothing was rebuilt: the last build's warnings
        click.echo(text, err=True)
    seconds = time.perf_counter() - started
    warned = len(result.warnings) or len(result.earlier_warnings)
    warnings = f" ({warned} warning{'s' if warned != 1 else ''})" if warned else ""
    if not result.written and result.kept and force:  # built again, byte for byte the same
        click.echo(f"Rebuilt every file in {result.folder} in {seconds:.1f}s: all "
                   f"{len(result.kept)} came out as they were" + warnings)
        return
    if not result.written and result.kept:
        click.echo(f"Nothing to rebuild: {result.folder} is up to date ({seconds:.1f}s)"
                   + warnings)
        return
    click.echo(f"Built {len(result.written)} files in {result.folder} in {seconds:.1f}s"
               + (f", {len(result.kept)} unchanged" if result.kept else "") + warnings)


def _one_of(quiet: bool, verbose: bool) -> None:
    if quiet and verbose:
        click.echo("Error: --quiet and --verbose cannot be used together", err=True)
        sys.exit(2)


@main.command()
@click.argument("quarter", type=QUARTER)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="How to print the problems.")
@QUIET
@VERBOSE
@PROJECT
def validate(quarter: str, strict: bool, output: str, quiet: bool, verbose: bool,
             project: Path) -> None:
    """Report every problem in data, catalogue, narratives and templates at once."""
    from reportgen.commands.build import check

    _one_of(quiet, verbose)
    started = time.perf_counter()
    prepared, problems = check(project, quarter, render=True)
    found = problems.sorted()
    failing = problems.errors or (strict and problems.warnings)
    if output == "json":
        click.echo(json.dumps([p.as_dict() for p in found], indent=2, ensure_ascii=False))
    elif quiet:  # what stops the command, and nothing else
        for line in capped(found if strict else problems.errors, quarter):
            click.echo(line)
    else:
        for line in capped(found, quarter):
            click.echo(line)
        if verbose and prepared is not None:
            click.echo(f"Checked {prepared.quarter} in {time.perf_counter() - started:.1f}s: "
                       f"{len(prepared.directorates)} directorates, "
                       f"{len(prepared.results.kpis)} KPIs, "
                       f"{len(prepared.narratives)} narratives, every report rendered")
        errors, warnings = len(problems.errors), len(problems.warnings)
        click.echo(f"{errors} error{'s' if errors != 1 else ''}, "
                   f"{warnings} warning{'s' if warnings != 1 else ''}")
    if failing:
        sys.exit(1)


def _report_scaffold(done: Any, root: Path) -> None:
    for path in done.created:
        click.echo(f"  created {path.relative_to(root).as_posix()}")
    for path in done.kept:
        click.echo(f"  kept    {path.relative_to(root).as_posix()} (already there)")
    for note in done.notes:
        click.echo(f"  {note}")


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--empty", is_flag=True,
              help="One directorate and one KPI to rename, instead of the example council.")
@click.option("--quarter", type=QUARTER,
              help="With --empty: the first quarter's folders (default: the current quarter).")
@click.option("--force", is_flag=True, help="Write into a folder that already has files; "
              "files already there are kept, never overwritten.")
def init(directory: Path, empty: bool, quarter: str | None, force: bool) -> None:
    """Create a new report project in DIRECTORY (a new or empty folder)."""
    from reportgen.commands.scaffold import current_quarter, init_project
    from reportgen.errors import ReportError
    from reportgen.quarters import Quarter

    first = Quarter.parse(quarter) if quarter else current_quarter(date.today())
    try:
        done = init_project(directory, force, empty, first)
    except ReportError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        sys.exit(1)
    _report_scaffold(done, directory)
    start = first if empty else "2017Q3"
    click.echo(f"Next: cd {directory} && reportgen build {start}  "
               "(reportgen docs lists the reference pages)")


@main.command()
@click.argument("quarter", type=QUARTER)
@PROJECT
def new(quarter: str, project: Path) -> None:
    """Start QUARTER: data templates and narratives carried forward as drafts."""
    from reportgen.commands.scaffold import new_quarter
    from reportgen.errors import ReportError

    try:
        done = new_quarter(project, quarter)
    except ReportError as exc:
        _fail(exc, quarter)
        return
    _report_scaffold(done, project)
    click.echo(f"Fill in data/quarters/{quarter}/, then run: reportgen validate {quarter}")


@main.command()
@click.argument("quarter", type=QUARTER)
@click.option("--port", "-p", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="The port to listen on (0 picks a free one).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on; only this machine by default.")
@click.option("--allow-remote", metavar="NAME", default=None,
              help="Let other machines open the preview at NAME, this machine's name or "
                   "address as they use it, with a --host they can reach (drafts become "
                   "visible to them). Without it, only localhost, 127.0.0.1 and [::1] are "
                   "answered.")
@click.option("--open", "open_browser", is_flag=True, help="Open the index in a web browser.")
@PROJECT
def serve(quarter: str, port: int, host: str, allow_remote: str | None, open_browser: bool,
          project: Path) -> None:
    """Preview QUARTER's reports in a browser; each saved change reloads the page."""
    from reportgen.commands.serve import Server, State
    from reportgen.errors import UsageError

    def changed(state: State) -> None:
        errors = len(state.errors)
        stamp = time.strftime("%H:%M:%S")
        click.echo(f"{stamp} reloaded: " + (f"{errors} error{'s' if errors != 1 else ''} "
                                             "(shown in the browser)" if errors else "ok"),
                   err=True)

    try:
        server = Server(project, quarter, host, port, allow_remote, changed)
    except UsageError as exc:
        _fail(exc, quarter)
        return
    except OSError as exc:
        click.echo(f"Error: cannot listen on {host}:{port}: {exc.strerror or exc} — "
                   "choose another port with --port", err=True)
        sys.exit(2)
    server.start()
    click.echo(f"Previewing {quarter} at {server.url} (Ctrl+C to stop). Nothing is written "
               "to output/; save a narrative and the page reloads.")
    if open_browser:
        import webbrowser

        webbrowser.open(server.url)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        click.echo("Stopped.", err=True)
    finally:
        server.stop()


@main.command()
@click.argument("quarter", type=QUARTER)
@PROJECT
def status(quarter: str, project: Path) -> None:
    """Each directorate's narrative sign-off, missing data and problems for QUARTER."""
    from reportgen.commands.build import check
    from reportgen.commands.status import quarter_status, table

    prepared, problems = check(project, quarter, render=True)
    if prepared is None:
        for line in capped(problems.sorted(), quarter):
            click.echo(line)
        click.echo(f"The project cannot be read: fix the errors above (reportgen validate "
                   f"{quarter} lists them).")
        sys.exit(1)
    found = quarter_status(prepared, problems)
    for line in table(found):
        click.echo(line)
    plural = {"error": found.errors, "warning": found.warnings}
    click.echo(", ".join(f"{n} {w}{'s' if n != 1 else ''}" for w, n in plural.items())
               + (f": reportgen validate {quarter} lists them" if found.errors or found.warnings
                  else ""))


@main.command()
@click.argument("quarter", type=QUARTER)
@PROJECT
def sources(quarter: str, project: Path) -> None:
    """How each source was read for QUARTER: header row, columns, periods, KPIs, rows kept
    and left out with the reason."""
    from reportgen.commands.sources import read_sources, sources_report

    found, problems = read_sources(project, quarter)
    if found is not None:
        for line in sources_report(found, found.quarter(quarter)):
            click.echo(line)
    for line in capped(problems, quarter):
        click.echo(line)
    sys.exit(1 if found is None or any(p.severity == "error" for p in problems) else 0)


@main.command()
@click.argument("page", required=False)
def docs(page: str | None) -> None:
    """Print a reference page (formats, checks, data, …), or list them without PAGE."""
    from reportgen.commands.reference import page as find
    from reportgen.commands.reference import pages
    from reportgen.errors import UsageError

    if page is None:
        every = pages()
        width = max(len(p.name) for p in every)
        for found in every:
            click.echo(f"  {found.name.ljust(width)}  {found.title}")
        click.echo("Print one with: reportgen docs PAGE (e.g. reportgen docs formats)")
        return
    try:
        chosen = find(page)
    except UsageError as exc:
        _fail(exc)
        return
    if sys.stdout.isatty():
        click.echo_via_pager(chosen.text)  # a long page, read in a terminal: page it
    else:
        click.echo(chosen.text, nl=False)
