"""Incremental and parallel builds: unchanged outputs kept, changed ones rebuilt, the same
bytes whatever the number of processes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reportgen.commands.build import build
from reportgen.publish import pdf
from reportgen.publish.join import Opened, Source, page_count

from ..conftest import QUARTER

FOLDER = f"output/{QUARTER}"


def _stamps(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir() if p.is_file()}


def test_a_build_with_nothing_changed_does_nothing(example: Path) -> None:
    first = build(example, QUARTER, formats=["html"])
    before = _stamps(first.folder)
    again = build(example, QUARTER, formats=["html"])
    assert again.written == [] and sorted(again.kept) == sorted(
        json.loads((first.folder / "manifest.json").read_text())["outputs"])
    assert _stamps(first.folder) == before  # not even rewritten with the same bytes


def test_one_narrative_edit_rebuilds_that_directorate_only(example: Path) -> None:
    first = build(example, QUARTER, formats=["html", "pdf", "pack"], jobs=2)
    before = _stamps(first.folder)
    narrative = example / "narratives" / QUARTER / "adults.md"
    narrative.write_text(narrative.read_text() + "\nOne more sentence.\n")
    second = build(example, QUARTER, formats=["html", "pdf", "pack"], jobs=2)
    rebuilt = {p.name for p in second.written}
    assert {"adults.html", "adults.pdf", "council.pdf", "manifest.json"} <= rebuilt
    assert not rebuilt & {"children.pdf", "housing.pdf", "children.html", "housing.html"}
    after = _stamps(first.folder)
    assert after["children.pdf"] == before["children.pdf"]
    assert after["adults.pdf"] != before["adults.pdf"]
    assert "One more sentence." in (first.folder / "adults.html").read_text()


def test_a_pack_rebuilt_after_an_edit_is_the_bytes_a_forced_build_makes(
        example: Path) -> None:
    build(example, QUARTER, formats=["pdf", "pack"], jobs=1)
    narrative = example / "narratives" / QUARTER / "adults.md"
    narrative.write_text(narrative.read_text() + "\nOne more sentence.\n")
    edited = build(example, QUARTER, formats=["pdf", "pack"], jobs=1)
    assert "council.pdf" in {p.name for p in edited.written}
    pack = (edited.folder / "council.pdf").read_bytes()  # its page numbers from the last pack
    build(example, QUARTER, formats=["pdf", "pack"], jobs=1, force=True)
    assert (edited.folder / "council.pdf").read_bytes() == pack


def test_the_pack_front_matter_is_foreseen_and_typeset_again_when_a_report_grows(
        example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The front matter is typeset while the reports are, numbered from the last build's
    page counts; when an edit adds a page to a report, it is typeset again with the new."""
    first = build(example, QUARTER, formats=["pdf", "pack"], jobs=1)
    before = page_count((first.folder / "adults.pdf").read_bytes())
    made: list[tuple[int, ...]] = []  # the English pack's front matter, each time typeset
    real = pdf.FrontJob.typeset

    def counted(self: pdf.FrontJob, base: Path) -> bytes:
        if self.name == "council.pdf (front matter)":
            made.append(self.counts)
        return real(self, base)

    monkeypatch.setattr(pdf.FrontJob, "typeset", counted)
    narrative = example / "narratives" / QUARTER / "adults.md"
    narrative.write_text(narrative.read_text() + "\nOne more sentence.\n")
    build(example, QUARTER, formats=["pdf", "pack"], jobs=1)
    assert len(made) == 1  # foreseen, and right: the sentence did not add a page
    assert page_count((first.folder / "adults.pdf").read_bytes()) == before
    made.clear()
    paragraph = "The service has kept its improvements going through the quarter. " * 12
    narrative.write_text(narrative.read_text() + "\n\n".join([paragraph] * 30))
    build(example, QUARTER, formats=["pdf", "pack"], jobs=1)
    after = page_count((first.folder / "adults.pdf").read_bytes())
    assert after > before
    assert len(made) == 2  # foreseen with the old count, then typeset with the new
    changed = [n for n, (old, new) in enumerate(zip(*made, strict=True)) if old != new]
    assert len(changed) == 1 and made[0][changed[0]] == before and made[1][changed[0]] == after


def test_an_edited_report_is_typeset_ahead_of_the_check_and_used(
        example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When a narrative is all that changed, its report is typeset from that directorate
    alone while the rest of the quarter is read; the build uses it, as the same bytes a
    forced build makes. A data edit changes every report: nothing is typeset ahead."""
    first = build(example, QUARTER, formats=["pdf", "pack"], jobs=2)
    started: list[str] = []
    real = pdf.Press.start

    def spied(self: pdf.Press, jobs: list[pdf.Job]) -> None:
        started.extend(job.name for job in jobs)
        real(self, jobs)

    monkeypatch.setattr(pdf.Press, "start", spied)
    narrative = example / "narratives" / QUARTER / "adults.md"
    narrative.write_text(narrative.read_text() + "\nOne more sentence.\n")
    build(example, QUARTER, formats=["pdf", "pack"], jobs=2)
    assert "adults.pdf (ahead)" in started
    assert not {"adults.pdf", "children.pdf", "adults.cy.pdf"} & set(started)
    ahead = (first.folder / "adults.pdf").read_bytes()
    build(example, QUARTER, formats=["pdf", "pack"], jobs=2, force=True)
    assert (first.folder / "adults.pdf").read_bytes() == ahead
    started.clear()
    data = example / "data" / "quarters" / QUARTER / "children.csv"
    data.write_text(data.read_text().replace("CS-LAC-01,803,", "CS-LAC-01,804,"))
    build(example, QUARTER, formats=["pdf", "pack"], jobs=2)
    assert "children.pdf" in started and not [n for n in started if "(ahead)" in n]


def test_the_pack_is_joined_from_the_reports_kept_not_typeset_again(
        example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = build(example, QUARTER, formats=["pdf", "pack"], jobs=1)
    pages = page_count((first.folder / "council.pdf").read_bytes())
    (first.folder / "council.pdf").unlink()

    def typeset_again(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("a report was typeset again for the pack")

    monkeypatch.setattr(pdf, "write_pdf", typeset_again)
    again = build(example, QUARTER, formats=["pdf", "pack"], jobs=1)
    assert {p.name for p in again.written} - {"manifest.json"} == {"council.pdf"}
    assert page_count((first.folder / "council.pdf").read_bytes()) == pages


def test_the_pdfs_are_the_same_bytes_on_one_process_or_two(example: Path,
                                                              tmp_path: Path) -> None:
    one = build(example, QUARTER, ["housing", "adults"], ["pdf"], jobs=1)
    first = {name: (one.folder / name).read_bytes() for name in ("housing.pdf", "adults.pdf")}
    for name in first:
        (one.folder / name).unlink()  # so both are typeset again, now on two processes
    two = build(example, QUARTER, ["housing", "adults"], ["pdf"], jobs=2)
    assert {p.name for p in two.written} >= {"housing.pdf", "adults.pdf"}
    assert {name: (two.folder / name).read_bytes() for name in first} == first
    forced = build(example, QUARTER, ["housing", "adults"], ["pdf"], jobs=2, force=True)
    assert forced.kept  # typeset again, the same bytes: left in place, not rewritten


def test_a_damaged_output_is_rebuilt_and_a_data_edit_rebuilds_every_report(
        example: Path) -> None:
    first = build(example, QUARTER, formats=["html"])
    (first.folder / "housing.html").write_text("tampered")
    again = build(example, QUARTER, formats=["html"])
    assert "housing.html" in {p.name for p in again.written}
    assert (first.folder / "housing.html").read_text().startswith("<!DOCTYPE html>")
    data = example / "data" / "quarters" / QUARTER / "children.csv"
    data.write_text(data.read_text().replace("CS-LAC-01,803,", "CS-LAC-01,804,"))
    third = build(example, QUARTER, formats=["html"])
    assert "children.html" in {p.name for p in third.written}
    assert "804" in (first.folder / "children.html").read_text()


RECYCLE = """
import sys
from pathlib import Path
from reportgen.publish.pdf import TASKS_PER_WORKER, PdfJob, write_pdfs
jobs = [PdfJob(f"p{n}.pdf", f"<title>p{n}</title><p>page {n}</p>", "") for n in range(11)]
assert len(jobs) > 2 * TASKS_PER_WORKER  # so each worker is replaced at least once
two = write_pdfs(jobs, Path("."), workers=2)
one = write_pdfs(jobs, Path("."), workers=1)
print(len(two), two == one)
"""


def test_workers_are_replaced_after_a_few_pdfs_without_hanging() -> None:
    import subprocess
    import sys

    found = subprocess.run([sys.executable, "-c", RECYCLE], capture_output=True, text=True,
                           timeout=240, check=True)
    assert found.stdout.split() == ["11", "True"]


def test_while_drafting_the_pack_can_be_left_out(example: Path) -> None:
    result = build(example, QUARTER, ["housing", "adults", "children"], ["html", "pdf"])
    names = {p.name for p in result.written}
    assert "housing.pdf" in names and not any(n.startswith("council") for n in names)


def test_a_new_logo_is_a_change(example: Path) -> None:
    first = build(example, QUARTER, formats=["html"])
    logo = example / "branding" / "logo.svg"
    logo.write_text(logo.read_text().replace("#1d4f73", "#123456", 1))
    again = build(example, QUARTER, formats=["html"])  # the logo is named by the config
    assert "housing.html" in {p.name for p in again.written}
    assert "logo.svg" in "".join(json.loads((first.folder / "manifest.json").read_text())
                                 ["inputs"])


def test_an_input_named_outside_the_project_counts_as_changed_and_is_not_read(
        tmp_path: Path) -> None:
    from reportgen.publish.cache import changed_inputs, input_hashes
    from reportgen.publish.digests import sha256
    from reportgen.publish.manifest import Previous

    root = tmp_path / "project"
    root.mkdir()
    (root / "a.md").write_text("x")
    (tmp_path / "secret.txt").write_text("s")  # a forged manifest names it
    previous = Previous(inputs={"a.md": sha256(b"x"), "../secret.txt": sha256(b"s")})
    assert changed_inputs(root, input_hashes(root, [root / "a.md"]), previous) == {
        "../secret.txt"}
    (root / "a.md").write_text("y")
    assert changed_inputs(root, input_hashes(root, [root / "a.md"]), previous) == {
        "a.md", "../secret.txt"}


def test_a_full_build_after_one_directorate_alone_typesets_no_report_again(
        example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A build of one directorate leaves only its files in the folder; the next full build
    takes the other reports from the store of PDFs typeset lately."""
    build(example, QUARTER, formats=["pdf", "pack"], jobs=1)
    alone = build(example, QUARTER, ["adults"], ["pdf"], jobs=1)
    assert not (alone.folder / "children.pdf").exists()

    def typeset_again(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("a report was typeset again")

    monkeypatch.setattr(pdf, "write_pdf", typeset_again)
    again = build(example, QUARTER, formats=["pdf", "pack"], jobs=1)
    assert {"children.pdf", "housing.cy.pdf", "council.pdf"} <= {p.name for p in again.written}


def test_a_pack_without_the_reports_pdfs_typesets_only_the_edited_report(
        example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build(example, QUARTER, formats=["html", "pack"], jobs=1)
    titles: list[str] = []
    real = pdf.write_pdf

    def counted(html: str, *args: object, **kwargs: object) -> bytes:
        titles.append(html.split("<title>", 1)[1].split("</title>", 1)[0])
        return real(html, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pdf, "write_pdf", counted)
    narrative = example / "narratives" / QUARTER / "adults.md"
    narrative.write_text(narrative.read_text() + "\nOne more sentence.\n")
    edited = build(example, QUARTER, formats=["html", "pack"], jobs=1)
    assert len(titles) == 1 and "Adult" in titles[0]
    assert not (edited.folder / "adults.pdf").exists()  # typeset for the pack alone
    titles.clear()
    build(example, QUARTER, formats=["html", "pack"], jobs=1, force=True)
    assert len(titles) == 6  # --force: every report again, in both languages


def test_the_store_keeps_the_latest_and_is_never_written_through_a_link(
        example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reportgen.publish import cache

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (example / "output").mkdir(exist_ok=True)
    (example / "output" / cache.STORE).symlink_to(elsewhere, target_is_directory=True)
    build(example, QUARTER, formats=["pdf"], jobs=1)
    assert list(elsewhere.iterdir()) == []
    (example / "output" / cache.STORE).unlink()
    monkeypatch.setattr(cache, "STORE_LIMIT", 2)
    build(example, QUARTER, formats=["pdf"], jobs=1, force=True)
    assert len(list((example / "output" / cache.STORE).glob("*.pdf"))) == 2


def test_the_pack_reads_its_kept_parts_while_the_edited_report_is_typeset(
        example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    from reportgen.publish import pack

    building = importlib.import_module("reportgen.commands.build")

    build(example, QUARTER, formats=["pdf", "pack"], jobs=1)
    calls: list[tuple[str, bool]] = []
    real = pack.opened

    def spied(source: Source, read: bool = False) -> tuple[Opened, int]:
        calls.append((source.anchor, read))
        return real(source, read)

    monkeypatch.setattr(pack, "opened", spied)
    monkeypatch.setattr(building, "opened", spied)
    narrative = example / "narratives" / QUARTER / "adults.md"
    narrative.write_text(narrative.read_text() + "\nOne more sentence.\n")
    build(example, QUARTER, formats=["pdf", "pack"], jobs=1)
    # the English pack's kept parts read ahead, the edited one as it arrives, none again;
    # the Welsh pack is kept (its reports did not change)
    assert calls == [("part-children", True), ("part-housing", True), ("part-adults", True)]
