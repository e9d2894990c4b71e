"""The pipeline's shape: independent reports, no import cycle, links with targets, quiet engines."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from reportgen.commands.build import BuildResult, build
from reportgen.errors import ReportError
from reportgen.prepare.pipeline import prepare
from reportgen.prepare.prepared import Prepared
from reportgen.render.theme import Theme, render_report

from ..conftest import QUARTER, REPO, copy_example

DIRECTORATES = ["children", "adults", "housing"]


def test_one_directorate_alone_gives_the_same_page_as_a_full_build(tmp_path: Path) -> None:
    full = copy_example(tmp_path / "full")
    build(full, QUARTER, formats=["html"])
    for directorate in DIRECTORATES:
        alone = copy_example(tmp_path / directorate)
        build(alone, QUARTER, [directorate], formats=["html"])
        name = f"output/{QUARTER}/{directorate}.html"
        assert (alone / name).read_bytes() == (full / name).read_bytes(), directorate


def test_a_theme_holds_no_state_between_reports(example: Path) -> None:
    prepared = prepare(example, QUARTER)
    assert isinstance(prepared, Prepared)
    theme = Theme(example)
    first = render_report(theme, prepared, "children").html
    render_report(theme, prepared, "adults")
    assert render_report(theme, prepared, "children").html == first
    assert render_report(Theme(example), prepared, "children").html == first


def test_preparing_a_quarter_needs_no_theme(example: Path) -> None:
    (example / "templates").mkdir(exist_ok=True)
    (example / "templates" / "report.html").write_text("{% broken", encoding="utf-8")
    prepared = prepare(example, QUARTER)
    assert isinstance(prepared, Prepared) and not prepared.errors
    narrative = prepared.narrative("children")
    assert narrative is not None and narrative.blocks  # the chart waits for the theme
    assert "RGBLOCK0X" in narrative.html


def _imports(module: Path) -> set[str]:
    """The package modules a module imports, anywhere in it."""
    tree = ast.parse(module.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):  # imports inside functions and TYPE_CHECKING count too
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.add(node.module.split(".")[0])
            else:
                found.update(alias.name for alias in node.names)
    return found


def test_the_package_has_no_import_cycle() -> None:
    package = REPO / "reportgen"
    graph = {p.stem: _imports(p) for p in package.glob("*.py")}
    graph = {name: {m for m in deps if m in graph} for name, deps in graph.items()}

    def visit(name: str, path: tuple[str, ...]) -> None:
        assert name not in path, "import cycle: " + " → ".join((*path, name))
        for dep in graph[name]:
            visit(dep, (*path, name))

    for name in graph:
        visit(name, ())


HREF = re.compile(r'href="#([^"]*)"')
ID = re.compile(r'\bid="([^"]*)"')
ARIA = re.compile(r'aria-labelledby="([^"]*)"')


@pytest.mark.parametrize("page", ["children.html", "adults.html", "housing.html",
                                  "index.html"])
def test_every_in_page_link_and_label_has_a_target(built: BuildResult, page: str) -> None:
    html = (built.folder / page).read_text(encoding="utf-8")
    ids = ID.findall(html)
    assert len(ids) == len(set(ids)), "an id is used twice"
    wanted = set(HREF.findall(html)) | {i for group in ARIA.findall(html) for i in group.split()}
    assert wanted <= set(ids), f"no target for {sorted(wanted - set(ids))}"


def test_a_section_left_out_by_the_theme_leaves_the_contents_too(example: Path) -> None:
    (example / "templates").mkdir(exist_ok=True)
    (example / "templates" / "report.html").write_text(
        '{% extends "builtin/report.html" %}{% block glossary %}{% endblock %}',
        encoding="utf-8")
    build(example, QUARTER, ["children"], formats=["html"])
    html = (example / "output" / QUARTER / "children.html").read_text(encoding="utf-8")
    assert 'id="glossary"' not in html and 'href="#glossary"' not in html
    assert '<li><a href="#budget">Budget monitoring</a></li>' in html


def test_the_contents_follow_the_sections_rendered(built: BuildResult) -> None:
    html = (built.folder / "children.html").read_text(encoding="utf-8")
    start = html.index('id="contents-heading"')
    contents = html[start:html.index("</nav>", start)]
    assert re.findall(r'href="#([^"]+)"', contents) == [
        "summary", "section-key-areas-of-progress", "section-directorate-challenges",
        "section-corrective-action", "section-budget-position", "budget", "indicators",
        "revisions", "trends", "glossary"]


def test_a_build_logs_no_engine_warning(built: BuildResult) -> None:
    # The session's build ran under conftest's engine-log guard; this names the promise.
    assert (built.folder / "children.pdf").stat().st_size > 10_000


def test_the_corporate_pack_holds_every_report_under_one_numbering(built: BuildResult) -> None:
    import pikepdf

    from ..checkers import pdftotext

    pack = built.folder / "council.pdf"
    pages = len(pikepdf.open(pack).pages)
    text = " ".join(pdftotext(pack).split())
    assert f"Pack page 2 of {pages}" in text and f"Pack page {pages} of {pages}" in text
    parts = [text.index(name) for name in (
        "Council-wide summary", "Children's Services", "Adult Services",
        "Housing and Communities")]
    assert parts == sorted(parts)  # the summary, then each directorate in the config's order
    own = sum(len(pikepdf.open(built.folder / f"{d}.pdf").pages) for d in DIRECTORATES)
    # each report whole, as typeset for its own PDF (its cover and contents too), after the
    # pack's cover, then its contents and council-wide summary (which follow each other
    # with no page forced between them)
    assert own + 2 <= pages <= own + 3
    assert "Care leavers in education" in text  # a directorate's table, in the pack


def test_one_directorate_is_built_without_reading_the_others_narratives(
        example: Path) -> None:
    housing = example / "narratives" / QUARTER / "housing.md"
    housing.write_text(housing.read_text() + '\nA broken figure: {{ kpi("NO-SUCH-KPI").value }}\n')
    alone = build(example, QUARTER, ["adults"], formats=["html"])  # housing's body is not read
    assert "adults.html" in {p.name for p in alone.written}
    index = (alone.folder / "index.html").read_text()
    full = copy_example(example.parent / "full")
    build(full, QUARTER, formats=["html"])
    # the index still gives every report's status from its narrative's front matter
    assert index == (full / f"output/{QUARTER}/index.html").read_text()
    with pytest.raises(ReportError, match="NO-SUCH-KPI"):
        build(example, QUARTER, formats=["html"])
