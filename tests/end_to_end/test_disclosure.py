"""Disclosure control end to end: the example with `disclosure: {threshold: 10}` and the
Adolescent Resource Centre's figures (tests/disclosed.py). The fostered 4, the
accommodated 7 and its 16% appear in no output file, PDF text included; 44 and 84% do."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from html import unescape
from pathlib import Path
from urllib.parse import unquote

import pytest

from reportgen.commands.build import BuildResult, build
from reportgen.errors import ReportError
from tests.conftest import QUARTER, quiet_engines
from tests.disclosed import disclosed_example

WITHHELD = ("CS-ARC-FOSTERED", "CS-ARC-RESIDENTIAL", "CS-ARC-ACCOM", "CS-ARC-02")
TITLES = ("who were fostered", "placed in residential homes", "who were accommodated",
          "who became looked after")


@pytest.fixture(scope="module")
def disclosed(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    project = disclosed_example(tmp_path_factory.mktemp("disclosed") / "project")
    with quiet_engines():
        return build(project, QUARTER)


def _texts(folder: Path) -> dict[str, str]:
    """Every output file as text: PDFs through pdftotext, the rest as written."""
    texts = {}
    for path in sorted(folder.rglob("*")):
        if path.suffix == ".pdf":
            texts[path.name] = subprocess.run(["pdftotext", "-layout", str(path), "-"],
                                              capture_output=True, text=True,
                                              check=True).stdout
        elif path.is_file():
            texts[path.name] = path.read_text(encoding="utf-8")
    return texts


def test_every_output_file_is_checked(disclosed: BuildResult) -> None:
    names = set(_texts(disclosed.folder))
    assert {"children.html", "children.pdf", "children.cy.html", "council.pdf", "index.html",
            "kpis.csv", "figures.json"} <= names


def test_the_exports_give_no_withheld_figure(disclosed: BuildResult) -> None:
    figures = json.loads((disclosed.folder / "figures.json").read_text())
    records = {r["kpi"]: r for r in figures["kpis"]}
    for kpi_id in WITHHELD:
        r = records[kpi_id]
        assert r["symbol"] == "[c]" and r["value"] is None
        numbers = {k: v for k, v in r.items() if isinstance(v, (int, float))
                   and not isinstance(v, bool)}
        assert numbers == {}, f"{kpi_id} exports {numbers}"
        assert r["rag"] in ("no_target", "not_available")  # none has a target here
        assert r["direction"] == "not_available"
    assert records["CS-ARC-WORKED"]["year_to_date"] == 44
    assert round(records["CS-ARC-01"]["value"]) == 84  # 37 of 44
    rows = {row["kpi"]: row for row in csv.DictReader(io.StringIO(
        (disclosed.folder / "kpis.csv").read_text()))}
    for kpi_id in WITHHELD:
        row = rows[kpi_id]
        assert row["symbol"] == "[c]" and row["year_to_date_symbol"] == "[c]"
        values = [v for k, v in row.items() if k not in (
            "quarter", "previous_quarter", "last_year_quarter", "period", "kpi")]
        assert not any(re.search(r"\d", v) for v in values), row


def _rows(html: str, kpi_id: str) -> list[str]:
    """The text of every table row about the KPI."""
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S)
    texts = [unescape(re.sub(r"<[^>]+>", " ", row)) for row in rows]
    return [text for text in texts if kpi_id + " " in text]


def test_tables_show_c_and_no_withheld_figure(disclosed: BuildResult) -> None:
    for name in ("children.html", "children.cy.html"):
        html = (disclosed.folder / name).read_text()
        for kpi_id in WITHHELD:
            rows = _rows(html, kpi_id)
            assert rows, f"no row for {kpi_id} in {name}"
            for row in rows:
                text = row.replace(kpi_id, "")
                assert "[c]" in text
                assert not re.search(r"\d", text), f"{name}: {' '.join(text.split())}"
        assert "[c] confidential" in html or "[c] cyfrinachol" in html  # the footnote


def test_table_downloads_give_no_withheld_figure(disclosed: BuildResult) -> None:
    html = (disclosed.folder / "children.html").read_text()
    downloads = [unquote(uri) for uri in re.findall(r'href="data:text/csv;charset=utf-8,([^"]+)"',
                                                    html)]
    rows = [row for text in downloads for row in csv.DictReader(io.StringIO(text))
            if row["ID"] in WITHHELD]
    assert len(rows) == len(WITHHELD)
    for row in rows:
        assert row["Value"] == "[c]"
        figures = [v for k, v in row.items() if k not in ("Indicator", "ID", "Quarter")]
        assert not any(re.search(r"\d", cell) for cell in figures), row


def test_narrative_prints_c_for_a_withheld_figure(disclosed: BuildResult) -> None:
    html = (disclosed.folder / "children.html").read_text()
    assert "Of those young people, [c] were fostered and [c] were accommodated" in html
    assert "started work with 44 young people, and 37 of them" in html
    assert "That is 84%" in html


def test_the_chart_has_a_gap_said_in_words(disclosed: BuildResult) -> None:
    html = (disclosed.folder / "children.html").read_text()
    assert ("The figures for Young people supported by the Adolescent Resource Centre who "
            "were accommodated are confidential [c].") in html
    table = html.split("Young people supported by the Adolescent Resource Centre who were "
                       "accommodated by quarter")[1].split("</table>")[0]
    assert table.count("[c]") == 3  # 2017Q1 to Q3; the quarters before have no figure
    assert not re.search(r'class="num">\d', table)


def test_no_output_gives_the_withheld_figures_in_context(disclosed: BuildResult) -> None:
    """4 fostered, 3 in residential homes, 7 accommodated, 16% accommodated: beside the
    words that say what they count, in no file, PDFs included."""
    for name, text in _texts(disclosed.folder).items():
        if name.endswith(".html"):  # the words and the attribute values a reader hears
            text = unescape(re.sub(r"<[^>]+>", " ", text) + " ".join(
                re.findall(r'(?:alt|aria-label|title)="([^"]*)"', text)))
        flat = " ".join(text.split())
        for title in TITLES:
            for found in re.finditer(re.escape(title), flat):
                near = flat[found.end():found.end() + 160]
                near = near.split("Young people")[0].split("Percentage of")[0]
                near = re.sub(r"CS-ARC-\w+|(?:Q|Ch|Quarter |Chwarter )\d|(?:20)?\d\d/\d\d|"
                              r"20\d\dQ\d|(?:Page|Tudalen) \d+ (?:of|o) \d+", "", near)
                assert not re.search(r"\b(4|3|7|16%?|15\.9\d*)\b", near), (name, near)
        assert not re.search(r"\b4 were fostered|\b7 were accommodated|\b16% (?:were|being) "
                             r"accommodated", flat), name
        assert "15.909" not in flat  # 7 / 44 unrounded, in an export


def test_unrelated_figures_still_show(disclosed: BuildResult) -> None:
    texts = _texts(disclosed.folder)
    pdf = " ".join(texts["children.pdf"].split())
    assert "44 young people, and 37 of them" in pdf and "84%" in pdf
    assert "803" in pdf  # looked after children: far above the threshold


def test_a_hand_typed_withheld_figure_stops_publishing_at_its_line(tmp_path: Path) -> None:
    project = disclosed_example(tmp_path / "project")
    for language in ("", ".cy"):
        narrative = project / "narratives" / QUARTER / f"children{language}.md"
        text = narrative.read_text().replace("status: draft", "status: approved").replace(
            "approved_by:", "approved_by: Eleri Vaughan").replace(
            "approved_on:", "approved_on: 2018-01-24")
        narrative.write_text(text)
    narrative = project / "narratives" / QUARTER / "children.md"
    lines = narrative.read_text().splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.startswith("Of those young"))
    lines[line - 1] = ("Of the 44 young people the Adolescent Resource Centre worked with, "
                       "4 were fostered.")
    narrative.write_text("\n".join(lines) + "\n")
    drafted = build(project, QUARTER, formats=("html",))  # while drafting: a warning
    assert [(p.location.line, p.severity) for p in drafted.warnings
            if "confidential" in p.message] == [(line, "warning")]
    shutil.rmtree(project / "output", ignore_errors=True)
    with pytest.raises(ReportError) as raised:
        build(project, QUARTER, formats=("html",), publish_only_approved=True)
    found = [p for p in raised.value.problems if "confidential" in p.message]
    assert [(p.location.path, p.location.line) for p in found] == [
        (f"narratives/{QUARTER}/children.md", line)]
    assert found[0].message.startswith("4 gives away a confidential figure")
    assert not (project / "output" / QUARTER / "children.html").exists()
