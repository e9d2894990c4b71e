"""The built example passes independent accessibility checkers (issue 4: checks run for real).

Every test runs a real tool from tests/checkers: axe-core in headless chromium, the W3C Nu
HTML checker, veraPDF's PDF/UA-1 profile, pikepdf and poppler. Nothing is skipped: a missing
tool fails the test with the install step it needs (`bash .ci/install-checkers` does them all).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import pikepdf
import pytest
import yaml

from reportgen.commands.build import BuildResult

from ..checkers import (
    cells_overflowing_at,
    check_pdf_ua,
    check_pdf_ua_many,
    format_axe,
    format_vnu,
    overflow_at,
    pdf_fact_problems,
    pdf_facts,
    pdftotext,
    run_axe,
    run_vnu,
)

REPO = Path(__file__).resolve().parents[2]
CONFIG = yaml.safe_load((REPO / "reportgen.yaml").read_text(encoding="utf-8"))
LANGUAGES: list[str] = CONFIG.get("languages") or ["en"]
DIRECTORATES: dict[str, str] = {d["id"]: d["name"] for d in CONFIG["directorates"]}
REPORTS = [
    directorate + ("" if language == "en" else f".{language}")
    for directorate in DIRECTORATES
    for language in LANGUAGES
]
# each report's directorate name, in the report's own language
NAMES: dict[str, str] = {
    d["id"] + ("" if language == "en" else f".{language}"): d.get(f"name_{language}", d["name"])
    for d in CONFIG["directorates"]
    for language in LANGUAGES
}
CONTENTS = {"en": "Contents", "cy": "Cynnwys"}
PAGES = [*("index" + ("" if language == "en" else f".{language}") for language in LANGUAGES),
         *REPORTS]
PACKS = ["council" + ("" if language == "en" else f".{language}") for language in LANGUAGES]

# (report, KPI title, its figures in the table row: this quarter, previous, same quarter last year)
KEY_FIGURES = [
    (
        "children",
        "Number of looked after children at the end of the quarter",
        ["803", "784", "761"],
    ),
    (
        "adults",
        "Percentage of adult protection enquiries completed within 7 days",
        ["96.1%", "96.0%", "93.0%"],
    ),
    (
        "housing",
        "Number of households presenting as homeless or threatened with homelessness",
        ["447", "418", "402"],
    ),
    # the Welsh reports: the same figures under the Welsh titles
    ("children.cy", "Nifer y plant sy'n derbyn gofal ar ddiwedd y chwarter", ["803", "784", "761"]),
    (
        "adults.cy",
        "Canran yr ymholiadau amddiffyn oedolion a gwblhawyd o fewn 7 diwrnod",
        ["96.1%", "96.0%", "93.0%"],
    ),
    (
        "housing.cy",
        "Nifer yr aelwydydd sy'n cyflwyno'n ddigartref neu dan fygythiad o ddigartrefedd",
        ["447", "418", "402"],
    ),
]


@functools.cache
def _vnu_by_page(folder: Path) -> dict[str, list[dict[str, Any]]]:
    """vnu run once over every page of the build: its errors by file name."""
    found: dict[str, list[dict[str, Any]]] = {}
    for message in run_vnu(sorted(folder.glob("*.html"))):
        found.setdefault(Path(message["path"]).name, []).append(message)
    return found


@functools.cache
def _verapdf_by_report(folder: Path) -> dict[str, list[str]]:
    """veraPDF run once over every PDF of the build: failed rules by report name."""
    results = check_pdf_ua_many(sorted(folder.glob("*.pdf")))
    return {path.name.removesuffix(".pdf"): failures for path, failures in results.items()}


def _flat(text: str) -> str:
    """Text with runs of white space as one space and typographic apostrophes plain."""
    return " ".join(text.replace("\u2019", "'").split())


def test_every_output_page_is_checked(built: BuildResult) -> None:
    html = sorted(p.name.removesuffix(".html") for p in built.folder.glob("*.html"))
    pdf = sorted(p.name.removesuffix(".pdf") for p in built.folder.glob("*.pdf"))
    assert html == sorted(PAGES), "the HTML pages built differ from the pages these tests check"
    assert pdf == sorted(REPORTS + PACKS), "the PDFs built differ from those these tests check"


@pytest.mark.parametrize("page", PAGES)
def test_axe_finds_no_wcag_violation(built: BuildResult, page: str) -> None:
    violations = run_axe(built.folder / f"{page}.html")
    assert not violations, (
        f"axe-core: {page}.html violates {len(violations)} WCAG 2.x A/AA rule(s):\n"
        + format_axe(violations)
    )


@pytest.mark.parametrize("page", PAGES)
def test_page_reflows_on_a_phone(built: BuildResult, page: str) -> None:
    """WCAG 1.4.10: no sideways scrolling at 320 px (1280 px at 400% zoom); 300 px leaves room
    for a scroll bar. Only the tables' own scrollable regions may be wider."""
    for width in (320, 300):
        assert overflow_at(built.folder / f"{page}.html", width) == [], f"at {width}px"


@pytest.mark.parametrize("page", PAGES)
def test_no_table_cell_overflows_on_a_phone(built: BuildResult, page: str) -> None:
    """At 390 px (a phone) and 320 px (400% zoom) every cell holds its content."""
    for width in (390, 320):
        assert cells_overflowing_at(built.folder / f"{page}.html", width) == [], f"at {width}px"


@pytest.mark.parametrize("page", PAGES)
def test_nu_html_checker_finds_no_error(built: BuildResult, page: str) -> None:
    errors = _vnu_by_page(built.folder).get(f"{page}.html", [])
    assert not errors, f"vnu: {len(errors)} error(s) in {page}.html:\n" + format_vnu(errors)


@pytest.mark.parametrize("report", REPORTS + PACKS)
def test_pdf_is_tagged_titled_with_language_fonts_and_bookmarks(
    built: BuildResult, report: str
) -> None:
    facts = pdf_facts(built.folder / f"{report}.pdf")
    problems = pdf_fact_problems(facts)
    language = report.split(".")[1] if "." in report else "en"
    if (facts["lang"] or "").split("-")[0].lower() != language:
        problems.append(f"/Lang is {facts['lang']!r}, expected {language!r}")
    # compared as read: the narrative's Heriau'r is typeset Heriau’r
    bookmarks = {_flat(title) for title in facts["outline_titles"]}
    if report.startswith("council"):  # the pack: a bookmark for each directorate's part
        names = [d.get(f"name_{language}", d["name"]) for d in CONFIG["directorates"]]
        problems += [f"no bookmark for {name!r}" for name in names
                     if not any(_flat(name) in b for b in bookmarks)]
        assert not problems, f"{report}.pdf:\n" + "\n".join(f"  {p}" for p in problems)
        return
    name = NAMES[report]
    if name not in (facts["title"] or ""):
        problems.append(f"title {facts['title']!r} does not name the directorate {name!r}")
    narrative = REPO / "narratives" / built.quarter / f"{report}.md"
    headings = re.findall(r"^## +(.+?)\s*$", narrative.read_text(encoding="utf-8"), re.MULTILINE)
    problems += [f"no bookmark for the heading {h!r}" for h in headings
                 if _flat(h) not in bookmarks]
    assert not problems, f"{report}.pdf:\n" + "\n".join(f"  {p}" for p in problems)


@pytest.mark.parametrize("report", REPORTS + PACKS)
def test_pdf_passes_verapdf_pdf_ua_1(built: BuildResult, report: str) -> None:
    failures = _verapdf_by_report(built.folder)[report]
    assert not failures, f"veraPDF: {report}.pdf fails PDF/UA-1:\n" + "\n".join(failures)


@pytest.mark.parametrize(("report", "title", "figures"), KEY_FIGURES)
def test_pdf_text_gives_key_figures_in_reading_order(
    built: BuildResult, report: str, title: str, figures: list[str]
) -> None:
    text = _flat(pdftotext(built.folder / f"{report}.pdf"))
    name, contents = NAMES[report], CONTENTS[report.split(".")[1] if "." in report else "en"]
    assert name in text and contents in text, f"{report}.pdf text lacks {name!r} or {contents!r}"
    assert text.index(name) < text.index(contents), "the cover does not come before contents"
    # The KPI's title, then its figures in column order, each close after the one before.
    row = re.escape(title) + "".join(
        rf".{{0,120}}?(?<![\d.,]){re.escape(figure)}(?![\d,]|\.\d)" for figure in figures
    )
    if not re.search(row, text):
        seen = [text[m.start() : m.start() + 300] for m in re.finditer(re.escape(title), text)]
        pytest.fail(
            f"{report}.pdf: pdftotext does not give {title!r} followed by {figures} in order; "
            "the title is followed by:\n" + "\n".join(f"  {s!r}" for s in seen)
        )


def test_checkers_catch_a_bad_page(tmp_path: Path) -> None:
    """The HTML checkers are not vacuous: they find the faults in a page made to have some."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><html><head><title>Bad</title></head><body><img src="x.png">'
        '<p style="color:#bbb">faint</p><div id="a"></div><div id="a"></div></body></html>',
        encoding="utf-8",
    )
    rules = {violation["id"] for violation in run_axe(page)}
    assert {"image-alt", "html-has-lang", "color-contrast"} <= rules, rules
    messages = " ".join(message["message"] for message in run_vnu([page]))
    assert "alt" in messages and "Duplicate ID" in messages, messages


def test_checkers_catch_an_untagged_pdf(tmp_path: Path) -> None:
    """The PDF checkers are not vacuous: an untagged, untitled PDF fails them."""
    path = tmp_path / "untagged.pdf"
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(path)
    problems = pdf_fact_problems(pdf_facts(path))
    assert any("not tagged" in problem for problem in problems), problems
    assert check_pdf_ua(path), "veraPDF passed an untagged PDF"


def test_a_first_year_report_from_real_data_holds_on_a_phone(tmp_path: Path) -> None:
    """Hart's real return (tests/real): long titles, and no figure for last year, so each
    'Same quarter last year' cell is one line beside a label that wraps onto two."""
    from click.testing import CliRunner

    from reportgen.cli import main

    from .test_real_data import hart

    root = hart(tmp_path / "hart")
    result = CliRunner().invoke(main, ["build", "2014Q2", "-C", str(root), "--format", "html"])
    assert result.exit_code == 0, result.output
    page = root / "output" / "2014Q2" / "it-services.html"
    for width in (390, 320):
        assert cells_overflowing_at(page, width) == [], f"at {width}px"
    assert not run_axe(page)
