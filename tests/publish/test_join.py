"""The corporate pack is joined from PDFs already typeset (issue 22): every part keeps its own
links and structure, every page shows its pack page number, and veraPDF notices a bad join."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest

from reportgen.publish import join as joining
from reportgen.publish import pdf as typesetting
from reportgen.publish.join import Source, Stamp, join, last_stamp, page_count
from reportgen.publish.pack import PackJob, write_pack
from reportgen.publish.pdf import write_pdf
from reportgen.render.context import pack_page_mark

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


def _stamp(pages: int) -> Stamp:
    from reportgen.publish.pdf import _laid_out

    html = ('<!DOCTYPE html><html lang="en"><head><title>-</title></head><body>'
            + "<div></div>" * pages + "</body></html>")
    return Stamp("key", 1, _laid_out(html, Path("."), STAMP, variant=None).write_pdf())


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


def test_the_same_pack_is_the_same_bytes_with_its_stamps_made_or_reused(
        sources: list[Source]) -> None:
    made = join(sources, _stamp(8))
    assert join(sources, _stamp(8)) == made  # the stamps were once named at random
    assert last_stamp(made) == ("key", 1)
    assert join(sources, Stamp("key", 1, None), made) == made
    assert last_stamp(join(sources)) is None  # not stamped: nothing to reuse


def _pack(sources: list[Source], last: bytes | None = None) -> PackJob:
    front = ('<!DOCTYPE html><html lang="en"><head><title>The pack</title></head><body>'
             "<h1>The pack</h1><ol>" + "".join(
                 f'<li id="{s.anchor}"><a href="#{s.anchor}">{s.title}</a>, '
                 f"page {pack_page_mark(s.anchor)}</li>"
                 for s in sources[1:]) + "</ol></body></html>")
    return PackJob("council.pdf", front, "", STAMP, "en", tuple(sources[1:]), last=last)


@pytest.fixture
def layouts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every WeasyPrint layout the pack asks for, by its count of numbered blank pages (the
    page numbers'; 0 for a front matter)."""
    found: list[int] = []
    laid_out = typesetting._laid_out

    def counted(html: str, *args: object, **kwargs: object) -> object:
        found.append(html.count("<div></div>"))
        return laid_out(html, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(typesetting, "_laid_out", counted)
    return found


def test_an_unchanged_page_count_lays_out_the_front_matter_once_and_no_stamps(
        sources: list[Source], layouts: list[int]) -> None:
    first = write_pack(_pack(sources), Path("."))
    assert layouts == [0, 0, 8]  # the front matter to count its page, again numbered; stamps
    assert last_stamp(first) is not None
    layouts.clear()
    assert write_pack(_pack(sources, first), Path(".")) == first
    assert layouts == [0]  # one front matter page, as last time; the last pack's stamps
    longer = [*sources[:2], Source("Beta", "part-b", _report("Beta", 5))]
    layouts.clear()
    other = write_pack(_pack(longer, first), Path("."))
    assert layouts == [0, 9]  # a page more: the stamps are made again
    assert [page.label for page in pikepdf.open(io.BytesIO(other)).pages] == [
        str(n) for n in range(1, 10)]


def test_a_front_matter_typeset_before_the_pages_were_counted_lends_its_length(
        sources: list[Source], layouts: list[int]) -> None:
    """A cold build starts the front matter before the last report is typeset, with page
    counts not known yet: its length lets the page numbers be typeset beside the real one,
    and the pack comes out as if made in turn."""
    job = _pack(sources)
    early = job.front([1, 1], None)
    ready = {early: early.typeset(Path("."))}
    layouts.clear()
    made = write_pack(job, Path("."), ready=ready)
    assert sorted(layouts) == [0, 8]  # the front matter once (its length known), stamps
    assert made == write_pack(job, Path("."))


def test_page_numbers_foreseen_from_a_pack_in_the_folder_are_used(
        sources: list[Source], layouts: list[int]) -> None:
    """A forced build may not reuse the last pack, but a pack found in the folder tells
    how long the front matter is: the front matter and page numbers are typeset before the
    reports, and used when the counts come out the same."""
    from reportgen.publish.pack import foreseen

    job = _pack(sources)  # no last pack: a forced build
    first = write_pack(job, Path("."))
    ahead = foreseen(job, [3, 4], first)  # Alpha's and Beta's pages, from the folder
    assert [type(made).__name__ for made in ahead] == ["FrontJob", "StampJob"]
    ready = {made: made.typeset(Path(".")) for made in ahead}
    layouts.clear()
    assert write_pack(job, Path("."), ready=ready) == first
    assert layouts == []  # nothing laid out again
