"""End to end: the example quarter built, its figures checked in the HTML and the PDF."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from reportgen.commands.build import BuildResult, build
from reportgen.errors import ReportError, UsageError

from ..conftest import QUARTER

DIRECTORATES = ["children", "adults", "housing"]


def text_of(pdf: Path, layout: bool = False) -> str:
    """The PDF's text (poppler's pdftotext); with `layout`, line by line as printed."""
    done = subprocess.run(["pdftotext", *(["-layout"] if layout else []), str(pdf), "-"],
                          capture_output=True, text=True, check=True)
    return done.stdout if layout else re.sub(r"\s+", " ", done.stdout)


def test_every_output_is_written(built: BuildResult) -> None:
    names = sorted(p.name for p in built.folder.iterdir())
    expected = [f"{d}{cy}.{ext}" for d in DIRECTORATES for cy in ("", ".cy")
                for ext in ("html", "pdf")]
    assert names == sorted([*expected, "council.pdf", "council.cy.pdf", "index.html",
                            "index.cy.html", "kpis.csv", "budget.csv", "figures.json",
                            "manifest.json"])
    assert not list(built.folder.parent.glob(".staging-*"))


def test_html_figures(built: BuildResult) -> None:
    html = (built.folder / "children.html").read_text()
    assert "rose to 803" in html and "from 784" in html
    assert "+19 (+2.4%)" in html
    assert "projected overspend of £4.1m at month 9" in html
    assert "the overspend grew by £0.6m since Quarter 2" in html
    assert "12.5%" in html  # vacancy 22.5 / (22.5 + 157.5)
    assert "84%" in html    # 37 of 44 remained at home
    assert "Quarter 3 2017/18" in html and "October to December 2017" in html
    assert "<script" not in html and 'src="http' not in html  # self-contained, no scripts
    adults = (built.folder / "adults.html").read_text()
    assert "projected underspend of £100,000 at month 9" in adults


def test_pdf_text_has_the_figures(built: BuildResult) -> None:
    text = text_of(built.folder / "children.pdf")
    assert text.index("Children's Services") < text.index("Contents") < text.index("Summary")
    assert "Draft: not for publication" in text
    assert "Page 2 of" in text
    assert "projected overspend of £4.1m at month 9" in text
    rows = text_of(built.folder / "children.pdf", layout=True).splitlines()
    lac = [r for r in rows if r.strip().startswith("Number of looked after children at")]
    assert any(re.search(r"803\s+784 \[r\]\s+761\s+–\s+– No target", r) for r in lac), lac


def test_contents_has_real_page_numbers(built: BuildResult) -> None:
    text = text_of(built.folder / "children.pdf")
    contents = text[text.index("Contents"):text.index("Glossary of indicators") + 40]
    numbers = [int(n) for n in re.findall(r"\.{3,}\s*(\d+)", contents)]
    assert len(numbers) >= 8
    # cover 1; the contents and the summary share page 2 (no section forces a new page)
    assert numbers == sorted(numbers) and numbers[0] == 2


def test_approved_narrative_has_no_draft_mark(built: BuildResult) -> None:
    assert "Draft: not for publication" not in text_of(built.folder / "housing.pdf")
    assert "Approved by" in (built.folder / "housing.html").read_text()


def test_exports(built: BuildResult) -> None:
    figures = json.loads((built.folder / "figures.json").read_text())
    assert set(figures["summary"]) == {"council", *DIRECTORATES}
    lac = next(k for k in figures["kpis"] if k["kpi"] == "CS-LAC-01")
    assert (lac["value"], lac["previous_value"], lac["change"], lac["change_pct"]) == (
        803, 784, 19, 2.4)
    assert lac["last_year_quarter"] == "2016Q3"
    csv = (built.folder / "kpis.csv").read_text().splitlines()
    assert csv[0].startswith("quarter,directorate,kpi,ref,title")
    assert len(csv) == 1 + len(figures["kpis"])
    budget = (built.folder / "budget.csv").read_text()
    assert "2017Q3,children,,61200000.0,65300000.0,4100000.0,6.7,3500000.0,600000.0" in budget


def test_manifest(built: BuildResult) -> None:
    manifest = json.loads((built.folder / "manifest.json").read_text())
    assert manifest["quarter"] == QUARTER
    assert "reportgen.yaml" in manifest["inputs"]
    assert "data/quarters/2016Q4/housing.csv" in manifest["inputs"]
    assert "narratives/2017Q3/children.md" in manifest["inputs"]
    assert all(re.fullmatch(r"[0-9a-f]{64}", h) for h in manifest["inputs"].values())
    assert set(manifest["outputs"]) >= {"children.pdf", "index.html", "figures.json"}


def test_rebuild_is_byte_identical(example: Path) -> None:
    first = build(example, QUARTER, formats=["html"])
    before = {p.name: p.read_bytes() for p in first.written}
    build(example, QUARTER, formats=["html"], force=True)  # everything made again
    assert {p.name: p.read_bytes() for p in first.folder.iterdir()} == before


def test_failed_build_keeps_published_outputs(example: Path) -> None:
    build(example, QUARTER, directorates=["housing"])
    folder = example / "output" / QUARTER
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    data = example / "data" / "quarters" / QUARTER / "housing.csv"
    data.write_text(data.read_text().replace("\n", "\nHC-NOPE,12,\n", 1))
    with pytest.raises(ReportError, match="unknown KPI 'HC-NOPE'"):
        build(example, QUARTER)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_publish_refuses_drafts(example: Path) -> None:
    with pytest.raises(ReportError) as caught:
        build(example, QUARTER, formats=["html"], publish_only_approved=True)
    assert [str(p.location) for p in caught.value.problems] == [
        "narratives/2017Q3/adults.md:1", "narratives/2017Q3/children.md:1"]
    assert not (example / "output").exists()


def test_unknown_directorate_and_format_are_usage_errors(example: Path) -> None:
    with pytest.raises(UsageError, match="unknown directorate 'parks'"):
        build(example, QUARTER, directorates=["parks"])
    with pytest.raises(UsageError, match="unknown format 'docx'"):
        build(example, QUARTER, formats=["docx"])


def test_project_templates_override_blocks(example: Path) -> None:
    (example / "templates").mkdir(exist_ok=True)
    (example / "templates" / "report.html").write_text(
        '{% extends "builtin/report.html" %}\n'
        "{% block glossary %}<p>Our own glossary page.</p>{% endblock %}\n")
    (example / "templates" / "custom.css").write_text(".cover { border: 1px solid red; }")
    build(example, QUARTER, directorates=["children"], formats=["html"])
    html = (example / "output" / QUARTER / "children.html").read_text()
    assert "Our own glossary page." in html
    assert "Glossary of indicators</h2>" not in html
    assert ".cover { border: 1px solid red; }" in html


def test_template_error_points_at_the_template(example: Path) -> None:
    (example / "templates").mkdir(exist_ok=True)
    (example / "templates" / "report.html").write_text("line one\n{% if %}\n")
    with pytest.raises(ReportError) as caught:
        build(example, QUARTER, formats=["html"])
    assert str(caught.value.problems[0].location) == "templates/report.html:2"


def test_missing_quarter(example: Path) -> None:
    with pytest.raises(ReportError) as caught:
        build(example, "2019Q1")
    assert str(caught.value.problems[0]).startswith(
        "data/quarters/2019Q1: error: no data for 2019Q1 — create the folder")


def test_logo_and_colours_come_from_the_config(built: BuildResult) -> None:
    html = (built.folder / "children.html").read_text()
    assert '<img class="logo" src="data:image/svg+xml;base64,' in html
    assert 'alt="Glanmor County Borough Council logo"' in html
    assert "color: #1d4f73" in html  # branding.colour reaches the stylesheet


def test_publish_one_approved_directorate(example: Path) -> None:
    result = build(example, QUARTER, directorates=["housing"], formats=["html"],
                   publish_only_approved=True)
    assert [p.name for p in result.written][:1] == ["housing.html"]
    index = (example / "output" / QUARTER / "index.html").read_text()
    assert 'href="housing.html"' in index and ".pdf" not in index  # only what was built
    with pytest.raises(UsageError, match="no output format given"):
        build(example, QUARTER, formats=[])


def test_a_directorate_with_a_budget_but_no_kpis(example: Path) -> None:
    config = example / "reportgen.yaml"
    config.write_text(config.read_text() + "  - id: resources\n    name: Resources\n")
    budget = example / "data" / "quarters" / QUARTER / "budget.csv"
    budget.write_text(budget.read_text() + "resources,,20000000,19900000\n")
    (example / "narratives" / QUARTER / "resources.md").write_text(
        "---\nstatus: draft\n---\n## Budget Position\n\nWe report a {{ budget(\"resources\") }}.\n")
    build(example, QUARTER, directorates=["resources"], formats=["html"])
    html = (example / "output" / QUARTER / "resources.html").read_text()
    assert "No performance indicators are reported for Resources." in html
    assert "We report a projected underspend of £100,000 at month 9." in html
    assert 'href="#indicators"' not in html and 'id="glossary"' not in html


def test_trend_scheme_explains_itself(example: Path) -> None:
    config = example / "reportgen.yaml"
    config.write_text(config.read_text().replace("languages: [en, cy]",
                                                 "languages: [en, cy]\nrag_scheme: trend"))
    build(example, QUARTER, directorates=["children"], formats=["html"])
    html = (example / "output" / QUARTER / "children.html").read_text()
    assert ("target missed by more than the agreed margin, but better than the same quarter "
            "last year") in html


def test_the_manifest_records_each_reports_approval(example: Path) -> None:
    import json

    result = build(example, QUARTER, ["housing"], ["html"])
    approvals = json.loads((result.folder / "manifest.json").read_text())["approvals"]
    assert approvals["housing"] == {
        "status": "approved", "approved_by": "Nia Prosser, Director of Housing and Communities",
        "approved_on": "2018-01-24", "narrative": f"narratives/{QUARTER}/housing.md"}
    assert approvals["children"]["status"] == "draft"
