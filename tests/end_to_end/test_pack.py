"""The example's corporate pack, council.pdf and council.cy.pdf, as a councillor reads it
(issue 22): pages numbered through the pack as printed and as the viewer labels them, the
contents giving pack pages, every link landing in its own part."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pytest

from reportgen.commands.build import BuildResult

from ..checkers.tools import executable, run

PACKS = {"council": ("Pack page {} of {}", "Contents"),
         "council.cy": ("Tudalen {} o {} y pecyn", "Cynnwys")}


def _page_texts(pdf: Path) -> list[str]:
    found = run([executable("pdftotext", "poppler-utils"), "-raw", "-enc", "UTF-8", str(pdf),
                 "-"], 60)
    return [" ".join(page.split()) for page in found.stdout.split("\f")[:-1]]


def _parts(pdf: pikepdf.Pdf) -> list[tuple[str, int]]:
    """Each top-level bookmark and the page index it opens at."""
    index = {page.objgen: n for n, page in enumerate(pdf.pages)}
    with pdf.open_outline() as outline:
        return [(item.title, index[item.destination[0].objgen]) for item in outline.root]


@pytest.mark.parametrize("pack", PACKS)
def test_every_page_prints_its_pack_number_and_the_labels_agree(
        built: BuildResult, pack: str) -> None:
    path = built.folder / f"{pack}.pdf"
    texts, pattern = _page_texts(path), PACKS[pack][0]
    with pikepdf.open(path) as pdf:
        labels = [page.label for page in pdf.pages]
    assert len(texts) == len(labels) > 30
    for number, (text, label) in enumerate(zip(texts, labels, strict=True), 1):
        assert pattern.format(number, len(labels)) in text, f"page {number}: {text[-200:]!r}"
        assert label == str(number)


@pytest.mark.parametrize("pack", PACKS)
def test_contents_give_each_part_its_first_pack_page(built: BuildResult, pack: str) -> None:
    path = built.folder / f"{pack}.pdf"
    with pikepdf.open(path) as pdf:
        parts = _parts(pdf)[1:]  # after the front matter's own cover bookmark
    assert len(parts) == 3
    contents = next(t for t in _page_texts(path) if t.startswith(PACKS[pack][1]) or
                    f" {PACKS[pack][1]} " in t[:200])
    for name, start in parts:
        found = re.search(re.escape(name) + r"[ .]*(\d+)", contents)
        assert found and int(found[1]) == start + 1, (name, start + 1, contents[:400])


@pytest.mark.parametrize("pack", PACKS)
def test_every_link_lands_in_its_own_part(built: BuildResult, pack: str) -> None:
    with pikepdf.open(built.folder / f"{pack}.pdf") as pdf:
        starts = [start for _, start in _parts(pdf)]
        index = {page.objgen: n for n, page in enumerate(pdf.pages)}

        def part(page: int) -> int:
            return max(n for n, start in enumerate(starts) if start <= page)

        links = 0
        for number, page in enumerate(pdf.pages):
            for annot in page.obj.get("/Annots", []):
                if annot.get("/Subtype") != "/Link" or "/A" in annot:
                    continue  # a web address
                target = index[annot.Dest[0].objgen]
                links += 1
                if part(number) == 0 and str(annot.Contents).startswith("part-"):
                    assert target in starts[1:], "a contents entry misses its part's first page"
                else:
                    assert part(target) == part(number), (number, str(annot.Contents), target)
    assert links > 40
