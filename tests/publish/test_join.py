"""The corporate pack is joined from PDFs already typeset (issue 22): every part keeps its own
links and structure, every page shows its pack page number, and veraPDF notices a bad join."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest

from reportgen.publish import join as joining
from reportgen.publish.join import Source, join, page_count
from reportgen.publish.pdf import write_pdf

from ..checkers import check_pdf_ua_many

STAMP = ('@page { size: A4; margin: 20mm; @bottom-center { content: "Pack page " counter(page) '
         '" of " counter(pages); font-family: "Liberation Sans"; } } div + div '
         "{ break-before: page; }")


def _report(name: str, pages: int) -> bytes:
    """A small tagged report: a contents link and sections with the ids every report uses."""
    sections = "".join(
        f'<section style="break-before: page"><h2 id="s{n}">{name} section {n}</h2>'
        f"<p>Text of {name}, section {n}.</p></section>" for n in range(1, pages))
    links = "".join(f'<li><a href="#s{n}">Section {n}</a></li>' for n in range(1, pages))
    return write_pdf(f'<!DOCTYPE html><html lang="en"><head><title>{name}</title></head><body>'
                     f"<h1>{name}</h1><nav><ol>{links}</ol></nav>{sections}</body></html>",
                     Path("."))


def _front(anchors: list[str]) -> bytes:
    entries = "".join(f'<li id="{a}"><a href="#{a}">{a}</a></li>' for a in anchors)
    return write_pdf('<!DOCTYPE html><html lang="en"><head><title>The pack</title></head>'
                     f"<body><h1>The pack</h1><ol>{entries}</ol></body></html>", Path("."))


def _stamp(pages: int) -> bytes:
    from reportgen.publish.pdf import _laid_out

    html = ('<!DOCTYPE html><html lang="en"><head><title>-</title></head><body>'
            + "<div></div>" * pages + "</body></html>")
    return _laid_out(html, Path("."), STAMP, variant=None).write_pdf()  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def sources() -> list[Source]:
    return [Source("", "", _front(["part-a", "part-b"])),
            Source("Alpha", "part-a", _report("Alpha", 3)),
            Source("Beta", "part-b", _report("Beta", 4))]


def _targets(pdf: pikepdf.Pdf) -> list[tuple[int, str, int]]:
    """Every link: the page it is on, its target's name, the page it lands on."""
    index = {page.objgen: n for n, page in enumerate(pdf.pages)}
    found = []
    for n, page in enumerate(pdf.pages):
        for annot in page.obj.get("/Annots", []):
            dest = annot.get("/Dest")
            assert isinstance(dest, pikepdf.Array), "a link is still by name"
            found.append((n, str(annot.get("/Contents")), index[dest[0].objgen]))
    return found


def test_links_land_in_their_own_part_and_the_contents_on_each_part(
        sources: list[Source], tmp_path: Path) -> None:
    pdf = pikepdf.open(io.BytesIO(join(sources)))
    assert len(pdf.pages) == 1 + 3 + 4
    # hand-counted: front matter page 0; Alpha pages 1-3 (s1 on 2, s2 on 3); Beta pages 4-7
    assert sorted(set(_targets(pdf))) == [
        (0, "part-a", 1), (0, "part-b", 4),
        (1, "s1", 2), (1, "s2", 3),
        (4, "s1", 5), (4, "s2", 6), (4, "s3", 7)]


def test_bookmarks_name_every_part_and_labels_count_pack_pages(sources: list[Source]) -> None:
    pdf = pikepdf.open(io.BytesIO(join(sources, _stamp(8))))
    index = {page.objgen: n for n, page in enumerate(pdf.pages)}
    with pdf.open_outline() as outline:
        top = [(item.title, index[item.destination[0].objgen]) for item in outline.root]
        beta = [child.title for child in outline.root[-1].children]
    assert top == [("The pack", 0), ("Alpha", 1), ("Beta", 4)]
    assert beta == ["Beta section 1", "Beta section 2", "Beta section 3"]
    assert [page.label for page in pdf.pages] == [str(n) for n in range(1, 9)]
    assert str(pdf.Root.Lang) == "en" and pdf.docinfo["/Title"] == "The pack"


def test_the_join_passes_pdf_ua_and_a_join_without_renumbering_does_not(
        sources: list[Source], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = tmp_path / "good.pdf"
    good.write_bytes(join(sources, _stamp(8)))
    # the parent tree keys moved up, but not the pages' and annotations' own numbers
    monkeypatch.setattr(joining, "_renumber", lambda page, offset: None)
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(join(sources))
    found = check_pdf_ua_many([good, bad])
    assert found[good.resolve()] == []
    assert found[bad.resolve()], "veraPDF took a broken parent tree for a good one"


def test_pages_are_counted_from_the_bytes() -> None:
    assert page_count(_report("Gamma", 3)) == 3
