"""Each report PDF carries its figures as a CSV attachment, as published, so a figure can
be taken from the PDF alone; the attachment is named and described."""

from __future__ import annotations

import csv
import io

import pikepdf
import pytest

from reportgen.commands.build import BuildResult


def _attachments(path: object) -> dict[str, tuple[str, bytes]]:
    with pikepdf.open(path) as pdf:  # type: ignore[call-overload]
        return {name: (str(spec.description), spec.get_file().read_bytes())
                for name, spec in pdf.attachments.items()}


@pytest.mark.parametrize(("report", "attachment"), [
    ("children.pdf", "children-figures-2017Q3.csv"),
    ("children.cy.pdf", "children.cy-figures-2017Q3.csv"),
])
def test_the_pdf_embeds_its_figures_as_published(built: BuildResult, report: str,
                                                 attachment: str) -> None:
    found = _attachments(built.folder / report)
    assert list(found) == [attachment]
    description, body = found[attachment]
    assert "one row per indicator" in description and "[c]" in description
    rows = {r["kpi"]: r for r in csv.DictReader(io.StringIO(body.decode()))}
    assert rows["CS-LAC-01"]["value"] == "803.0"
    assert rows["CS-LAC-01"]["previous_symbol"] == "[r]"  # published as 790
    fostered = rows["CS-ARC-FOSTERED"]
    assert (fostered["value"], fostered["symbol"], fostered["year_to_date"]) == ("", "[c]", "")
    assert "CS-ARC-HOME" not in rows  # a component the report does not show
    assert "AS-DOLS-01" not in rows  # another directorate's


@pytest.mark.parametrize(("pack", "attachment"), [
    ("council.pdf", "council-figures-2017Q3.csv"),
    ("council.cy.pdf", "council.cy-figures-2017Q3.csv"),
])
def test_the_pack_embeds_every_directorates_figures_as_published(
        built: BuildResult, pack: str, attachment: str) -> None:
    """The pack is joined from its parts' PDFs, whose attachments are not copied: it
    carries its own, the council's figures, each described."""
    found = _attachments(built.folder / pack)
    assert list(found) == [attachment]
    description, body = found[attachment]
    assert "this pack" in description and "[c]" in description
    rows = {r["kpi"]: r for r in csv.DictReader(io.StringIO(body.decode()))}
    assert {rows["CS-LAC-01"]["directorate"], rows["AS-DOLS-01"]["directorate"]} == {
        "children", "adults"}
    assert rows["CS-LAC-01"]["previous_symbol"] == "[r]"  # published as 790
    assert (rows["AS-DOLS-01"]["value"], rows["AS-DOLS-01"]["symbol"]) == ("163.0", "[p]")
    fostered = rows["CS-ARC-FOSTERED"]
    assert (fostered["value"], fostered["symbol"]) == ("", "[c]")
    with pikepdf.open(built.folder / pack) as pdf:  # type: ignore[call-overload]
        spec = pdf.Root.Names.EmbeddedFiles.Names[1]
        assert {"/F", "/UF", "/Desc"} <= set(spec.keys())  # PDF/UA-1 7.11
