"""The pages link to each other: every report to the overview, its PDF and the other
directorates; the overview to every report, every PDF and the corporate pack, with every
indicator outside tolerance council-wide and its reason."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from reportgen.commands.build import BuildResult, build

from ..conftest import QUARTER

HREF = re.compile(r'href="([^"#]*)(?:#([^"]*))?"')
DIRECTORATES = ("children", "adults", "housing")


def links(page: Path) -> set[str]:
    """The files a page links to (not its own anchors, not data: downloads)."""
    return {m[1] for m in HREF.finditer(page.read_text(encoding="utf-8"))
            if m[1] and not m[1].startswith("data:")}


def test_every_report_links_to_the_overview_its_pdf_and_the_others(built: BuildResult) -> None:
    for stem in DIRECTORATES:
        for suffix in ("", ".cy"):
            found = links(built.folder / f"{stem}{suffix}.html")
            others = {f"{o}{suffix}.html" for o in DIRECTORATES if o != stem}
            assert {f"index{suffix}.html", f"{stem}{suffix}.pdf"} | others <= found, stem
            missing = [name for name in found - {"kpis.csv", "figures.json"}
                       if not (built.folder / name).exists()]
            assert not missing, f"{stem}{suffix}.html links to files not built: {missing}"


def test_the_overview_links_to_every_report_pdf_and_the_pack(built: BuildResult) -> None:
    for suffix in ("", ".cy"):
        found = links(built.folder / f"index{suffix}.html")
        wanted = {f"{d}{suffix}.{kind}" for d in DIRECTORATES for kind in ("html", "pdf")}
        assert wanted | {f"council{suffix}.pdf"} <= found
        assert all((built.folder / name).exists() for name in found)


def test_the_overview_lists_every_indicator_outside_tolerance(built: BuildResult) -> None:
    with (built.folder / "kpis.csv").open(encoding="utf-8") as rows:
        reds = [r for r in csv.DictReader(rows) if r["rag"] == "red" and r["shown"] == "True"]
    assert len(reds) == 5  # CS-CL-01, CS-SWC-01, AS-DTOC-01, AS-HD-02, HC-TA-01
    page = (built.folder / "index.html").read_text(encoding="utf-8")
    listed = page.split('id="outside-tolerance"', 1)[1].split("</ul>", 1)[0]
    assert listed.count("<li>") == 5
    # each with its reason: here every red has a commentary in the data
    assert listed.count('class="reason"') == 5
    assert "agency cover for two locality teams has been approved until March" in listed
    # and a link into its report's summary, where the narrative's words are beside it too
    linked = re.findall(r'href="(\w+\.html)#([^"]+)"', listed)
    assert len(linked) == 5
    for name, anchor in linked:
        assert f'id="{anchor}"' in (built.folder / name).read_text(encoding="utf-8")


def test_a_report_built_without_pdfs_links_to_none(example: Path) -> None:
    result = build(example, QUARTER, formats=["html"])
    assert not any(n.endswith(".pdf") for n in links(result.folder / "children.html"))
    assert not any(n.endswith(".pdf") for n in links(result.folder / "index.html"))


def test_the_summarys_flags_carry_their_reasons(built: BuildResult) -> None:
    page = (built.folder / "children.html").read_text(encoding="utf-8")
    summary = page.split('id="summary"', 1)[1].split("</section>", 1)[0]
    caseload = next(li for li in summary.split("<li>") if li.startswith("Average caseload"))
    assert "three posts awaiting new starters" in caseload  # the data's commentary
    assert 'href="#section-directorate-challenges"' in caseload  # and where more is said
    # an indicator with no commentary in the data: the narrative's sentence about it
    placements = next(li for li in summary.split("<li>")
                      if li.startswith("Percentage of looked after children with three"))
    assert "have had three or more placements so far this year" in placements
    # the Welsh report quotes the Welsh narrative
    welsh = (built.folder / "children.cy.html").read_text(encoding="utf-8")
    assert "wedi cael tri lleoliad neu fwy hyd yma eleni" in welsh.split('id="summary"')[1]
