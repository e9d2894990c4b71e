"""Accessibility facts of a PDF read with pikepdf, and its text as poppler extracts it."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, TypedDict

import pikepdf

from .tools import CheckerError, executable, run

EMBEDDED = ("/FontFile", "/FontFile2", "/FontFile3")


class PdfFacts(TypedDict):
    """What a tagged, titled PDF/UA-1 file must have; see `pdf_fact_problems`."""

    struct_tree_root: bool  # the catalog has /StructTreeRoot (the PDF is tagged)
    marked: bool  # /MarkInfo << /Marked true >>
    lang: str | None  # the catalog's /Lang
    title: str | None  # the document information dictionary's /Title
    xmp_title: str | None  # dc:title in the XMP metadata
    display_doc_title: bool  # /ViewerPreferences << /DisplayDocTitle true >>
    pdfua_part: str | None  # pdfuaid:part in the XMP metadata ("1" for PDF/UA-1)
    fonts_embedded: bool  # every non-Type3 font (and Type0 descendant) has a font file
    unembedded_fonts: list[str]
    outlines: bool  # /Outlines with at least one item (bookmarks)
    outline_titles: list[str]  # every bookmark title, depth first, indented by level


def pdf_facts(pdf_path: Path | str) -> PdfFacts:
    """The accessibility facts of a PDF file."""
    with pikepdf.open(pdf_path) as pdf:
        root = pdf.Root
        mark_info = root.get("/MarkInfo")
        viewer = root.get("/ViewerPreferences")
        metadata = pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False)
        unembedded = sorted(set(_unembedded_fonts(pdf)))
        titles = _outline_titles(pdf)
        lang = root.get("/Lang")
        title = pdf.docinfo.get("/Title")
        return PdfFacts(
            struct_tree_root="/StructTreeRoot" in root,
            marked=mark_info is not None and bool(mark_info.get("/Marked", False)),
            lang=str(lang) if lang is not None else None,
            title=str(title) if title is not None else None,
            xmp_title=_text(metadata.get("dc:title")),
            display_doc_title=viewer is not None and bool(viewer.get("/DisplayDocTitle", False)),
            pdfua_part=_text(metadata.get("pdfuaid:part")),
            fonts_embedded=not unembedded,
            unembedded_fonts=unembedded,
            outlines=bool(titles),
            outline_titles=titles,
        )


def pdf_fact_problems(facts: PdfFacts) -> list[str]:
    """What the facts lack for an accessible PDF/UA-1 file (empty when nothing is missing)."""
    checks = [
        (facts["struct_tree_root"], "no /StructTreeRoot: the PDF is not tagged"),
        (facts["marked"], "no /MarkInfo << /Marked true >>"),
        (bool(facts["lang"]), "no document language (/Lang in the catalog)"),
        (bool(facts["title"]), "no /Title in the document information"),
        (bool(facts["xmp_title"]), "no dc:title in the XMP metadata"),
        (facts["display_doc_title"], "no /ViewerPreferences << /DisplayDocTitle true >>"),
        (facts["pdfua_part"] == "1", f"XMP pdfuaid:part is {facts['pdfua_part']!r}, not '1'"),
        (facts["fonts_embedded"], f"fonts not embedded: {', '.join(facts['unembedded_fonts'])}"),
        (facts["outlines"], "no bookmarks (/Outlines is missing or empty)"),
    ]
    return [problem for ok, problem in checks if not ok]


def pdftotext(
    pdf_path: Path | str, *, mode: Literal["raw", "layout", "plain"] = "raw", timeout: float = 60
) -> str:
    """The PDF's text from poppler's pdftotext.

    `raw` keeps content-stream order (the reading order WeasyPrint writes), `layout` keeps
    the physical layout, `plain` is pdftotext's default column-aware order.
    """
    program = executable("pdftotext", "poppler-utils")
    options = {"raw": ["-raw"], "layout": ["-layout"], "plain": []}[mode]
    finished = run([program, *options, "-enc", "UTF-8", str(pdf_path), "-"], timeout)
    if finished.returncode != 0:
        raise CheckerError(f"pdftotext failed on {pdf_path}: {finished.stderr.strip()}")
    return str(finished.stdout)


def _unembedded_fonts(pdf: pikepdf.Pdf) -> list[str]:
    missing: list[str] = []
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != "/Font":
            continue
        subtype = obj.get("/Subtype")
        if subtype == "/Type3":  # glyphs are content streams: nothing to embed
            continue
        fonts = list(obj.get("/DescendantFonts", [])) if subtype == "/Type0" else [obj]
        for font in fonts:
            descriptor = font.get("/FontDescriptor")
            if descriptor is None or not any(key in descriptor for key in EMBEDDED):
                missing.append(str(font.get("/BaseFont", obj.get("/BaseFont", "?"))))
    return missing


def _outline_titles(pdf: pikepdf.Pdf) -> list[str]:
    titles: list[str] = []

    def walk(items: list[Any], depth: int) -> None:
        for item in items:
            titles.append("  " * depth + str(item.title))
            walk(item.children, depth + 1)

    if "/Outlines" in pdf.Root:
        walk(pdf.open_outline().root, 0)
    return titles


def _text(value: object) -> str | None:
    return str(value) if value not in (None, "") else None
