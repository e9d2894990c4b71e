"""Hostile content in small files: YAML bombs, deep nesting, vast images, active SVG, pasted
control characters and theme code that tries to escape, each refused with a location."""

from __future__ import annotations

import io
import struct
import warnings
import zipfile
import zlib
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
from PIL import Image

from reportgen.commands.build import build, check
from reportgen.errors import Location, Problems, ReportError
from reportgen.render import theme as render
from reportgen.render.theme_sandbox import ProjectLoader, ThemeSandbox
from reportgen.safe.files import read_utf8
from reportgen.safe.grids import check_workbook
from reportgen.safe.images import check_image, image_data_uri, sanitise_svg
from reportgen.safe.sanitise import check_nesting, control_name, defuse_cell, strip_controls
from reportgen.safe.yamlfile import load_yaml, parse_yaml

from ..conftest import QUARTER

Q = f"data/quarters/{QUARTER}"
LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))


def refusal(text: str, first_line: int = 1) -> str:
    with pytest.raises(ReportError) as caught:
        parse_yaml(text, "kpis.yaml", first_line)
    assert len(caught.value.problems) == 1
    return str(caught.value.problems[0])


# --- YAML ---------------------------------------------------------------------------------


def test_a_yaml_alias_bomb_is_refused_at_its_line() -> None:
    assert refusal(LAUGHS) == (
        "kpis.yaml:6:8: error: aliases (*name) expand to more than 100,000 values — write the "
        "values out instead of repeating aliases of aliases: a few lines like this can "
        "otherwise fill the memory")


def test_ordinary_aliases_still_work() -> None:
    data = parse_yaml("base: &t {2017: 780}\na: {target: *t}\nb: {target: *t}\n", "k.yaml")
    assert data["a"]["target"] == data["b"]["target"] == {2017: 780}


def test_an_alias_inside_its_own_anchor_is_refused() -> None:
    assert refusal("a: &a [1, *a]\n", 3) == (
        "kpis.yaml:3:11: error: the alias *a is used inside its own anchor — a value cannot "
        "contain itself: copy the values instead")


@pytest.mark.parametrize(("text", "where"), [("[" * 5000, "kpis.yaml:1:51"), ("a:\n" + "".join(
    " " * n + f"k{n}:\n" for n in range(1, 80)), "kpis.yaml:50:50")])
def test_deep_yaml_nesting_is_refused(text: str, where: str) -> None:
    # Refused at the 51st level in our words, whether our bound or the YAML parser's own
    # limit (a long run of brackets) meets it first: no library's wording reaches the user.
    assert refusal(text) == (
        f"{where}: error: lists and mappings are nested more than 50 levels deep — check the "
        "brackets and indentation: settings need only a few levels")


@pytest.mark.parametrize(("text", "where"), [("? [a, b]\n: 1\n", "kpis.yaml:1:3"),
                                             ("x:\n  {[1]: x}\n", "kpis.yaml:2:4"),
                                             ("{a: 1}: 2\n", "kpis.yaml:1:1")])
def test_a_list_or_mapping_as_a_key_is_located(text: str, where: str) -> None:
    assert refusal(text) == (
        f"{where}: error: a list or mapping cannot be a key — write the key as plain text "
        "before the colon; a key starting with '?', '[' or '{' is read as a list or mapping")


@pytest.mark.parametrize(("text", "found"), [
    ("approved_on: 2017-02-30\n", "cannot read the value '2017-02-30': day is out of range"),
    ("x: !!int 0x\n", "cannot read the value '0x'"),
    ("x: !!float lots\n", "cannot read the value 'lots'"),
])
def test_an_impossible_value_is_located(text: str, found: str) -> None:
    assert refusal(text, 2).startswith(f"kpis.yaml:2:{text.index(':') + 3}: error: {found}")


def test_validate_locates_a_catalogue_bomb(example: Path) -> None:
    (example / "kpis.yaml").write_text(LAUGHS)
    _, problems = check(example, QUARTER)
    assert "kpis.yaml:6:8" in [str(p.location) for p in problems.errors]


def test_validate_locates_a_list_key_in_the_settings(example: Path) -> None:
    config = example / "reportgen.yaml"
    lines = config.read_text().count("\n")
    config.write_text(config.read_text() + "? [a, b]\n: 1\n")
    _, problems = check(example, QUARTER)
    assert [str(p.location) for p in problems.errors] == [f"reportgen.yaml:{lines + 1}:3"]


# --- nesting in narratives and expressions -------------------------------------------------


def test_deep_quotes_are_located_at_the_first_line_too_deep() -> None:
    text = "Intro\n\n" + "".join("> " * n + "x\n" for n in range(1, 60))
    problems = check_nesting(text, "narratives/2017Q3/housing.md", 5)
    assert [str(p) for p in problems] == [
        "narratives/2017Q3/housing.md:57: error: this line is nested 51 levels deep (quotes, "
        "list levels and HTML elements), more than the 50 a report can lay out — flatten it: "
        "use fewer '>' quote marks, list levels or nested HTML tags"]


def test_deep_lists_and_html_are_found_and_shallow_ones_pass() -> None:
    lists = "".join("  " * n + "- item\n" for n in range(60))
    assert [p.location.line for p in check_nesting(lists, "n.md")] == [51]
    assert check_nesting("".join("  " * n + "- item\n" for n in range(50)), "n.md") == []
    html = "<blockquote>" * 30 + "\n" + "<b>" * 30 + "x" + "</b>" * 30 + "\n"
    assert [p.location.line for p in check_nesting(html, "n.md")] == [2]
    siblings = "".join("- a\n  - b\n" for _ in range(500)) + "<p>x</p>" * 500
    assert check_nesting(siblings, "n.md") == []


def test_brackets_nested_deep_in_an_expression_are_located() -> None:
    text = "Fine {{ kpi(\"A\").change }}\n\nBad {{ kpi" + "(" * 60 + "\"A\"" + ")" * 60 + " }}\n"
    problems = check_nesting(text, "n.md", 4)
    assert [str(p.location) for p in problems] == ["n.md:6"]
    assert "nests brackets 60 deep" in problems[0].message
    unclosed = "Bad {% if " + "[" * 70
    assert [p.location.line for p in check_nesting(unclosed, "n.md")] == [1]


def test_a_very_long_line_of_quote_marks_is_checked_quickly() -> None:
    problems = check_nesting(">" * 2_000_000, "n.md")  # linear, or this would never end
    assert [p.location.line for p in problems] == [1]


# --- images ------------------------------------------------------------------------------


def png_header(width: int, height: int) -> bytes:
    """A PNG with a header and no pixels: 45 bytes can declare any size."""
    chunk = b"IHDR" + struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    end = b"IEND"
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + chunk
            + struct.pack(">I", zlib.crc32(chunk)) + struct.pack(">I", 0) + end
            + struct.pack(">I", zlib.crc32(end)))


def real_png(width: int = 12, height: int = 8) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "#1d4f73").save(out, "PNG")
    return out.getvalue()


def test_a_small_image_is_accepted() -> None:
    assert check_image(real_png(), "branding/logo.png") == "image/png"
    assert check_image(b"\n<svg xmlns='http://www.w3.org/2000/svg'/>", "a.svg") == "image/svg+xml"


def test_an_image_declaring_900_megapixels_is_refused_from_its_header() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # Pillow's own warning must not escape either
        with pytest.raises(ReportError) as caught:
            check_image(png_header(30000, 30000), "narratives/2017Q3/map.png")
    assert str(caught.value.problems[0]) == (
        "narratives/2017Q3/map.png: error: declares an image of more than 25 megapixels, too "
        "large to embed — scale the image down (a report page needs at most about 2,500 "
        "pixels across)")


def test_an_image_over_the_pixel_bound_but_under_pillows_is_refused() -> None:
    where = Location("narratives/2017Q3/housing.md", 12)
    with pytest.raises(ReportError) as caught:
        check_image(png_header(6000, 5000), "map.png", at=where)
    assert str(caught.value.problems[0]).startswith(
        "narratives/2017Q3/housing.md:12: error: 'map.png' is 6,000 × 5,000 pixels, more than "
        "the 25 megapixels a report embeds")


@pytest.mark.parametrize("data", [b"GIF87a-not-really", b"%!PS-Adobe-3.0 EPSF-3.0\n",
                                  b"BM" + b"\0" * 60, b"plain text"])
def test_unsupported_or_damaged_images_are_refused(data: bytes) -> None:
    with pytest.raises(ReportError, match="is not an image that can be embedded"):
        check_image(data, "x.png")


def test_an_image_data_uri_checks_where_the_file_is(example: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.png"
    outside.write_bytes(real_png())
    (example / "branding" / "linked.png").symlink_to(outside)
    with pytest.raises(ReportError, match="outside the project"):
        image_data_uri(example, example / "branding" / "linked.png", "branding/linked.png")
    (example / "branding" / "own.png").write_bytes(real_png())
    uri = image_data_uri(example, example / "branding" / "own.png", "branding/own.png")
    assert uri.startswith("data:image/png;base64,iVBOR")


# --- active content in SVG -----------------------------------------------------------------

SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" ' \
      'viewBox="0 0 10 10" onload="alert(1)">{}</svg>'


@pytest.mark.parametrize("attack", [
    "<script>alert(document.cookie)</script>",
    '<script xlink:href="https://evil.test/x.js"/>',
    '<foreignObject><body xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script>'
    "</body></foreignObject>",
    '<a xlink:href="javascript:alert(1)"><rect width="5" height="5"/></a>',
    '<a href="javascript:alert(1)"><rect width="5" height="5"/></a>',
    '<rect width="5" height="5" onclick="alert(1)" onmouseover="alert(2)"/>',
    '<image href="data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+"/>',
    '<use xlink:href="https://evil.test/sprite.svg#a"/>',
    '<set attributeName="href" to="javascript:alert(1)"/>',
    '<animate attributeName="href" values="javascript:alert(1)"/>',
    '<rect width="5" height="5" style="fill: url(https://evil.test/track.png)"/>',
    "<style>@import url(https://evil.test/a.css);</style>",
    '<iframe src="https://evil.test"/>',
])
def test_active_svg_content_is_removed(attack: str) -> None:
    cleaned, problems = sanitise_svg(SVG.format(attack).encode(), "branding/logo.svg")
    text = cleaned.decode().lower()
    for needle in ("script", "javascript", "onload", "onclick", "onmouseover", "evil.test",
                   "data:", "foreignobject", "iframe", "<set", "<animate", "@import"):
        assert needle not in text
    assert ElementTree.fromstring(cleaned).tag == "{http://www.w3.org/2000/svg}svg"
    assert [p.severity for p in problems] == ["warning"]
    assert problems[0].location == Location("branding/logo.svg")


def test_a_clean_drawing_keeps_its_shapes_and_internal_links() -> None:
    drawing = SVG.format(
        '<defs><linearGradient id="g"><stop offset="0" stop-color="#1d4f73"/>'
        '</linearGradient></defs><title>Logo</title>'
        '<rect id="r" width="5" height="5" fill="url(#g)"/><use xlink:href="#r" x="5"/>'
        '<text x="1" y="9" font-size="2">Glanmor &amp; Co</text>').replace(
            ' onload="alert(1)"', "")
    cleaned, problems = sanitise_svg(drawing.encode(), "logo.svg")
    assert problems == []
    assert cleaned.decode() == (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'viewBox="0 0 10 10"><defs><linearGradient id="g"><stop offset="0" '
        'stop-color="#1d4f73"/></linearGradient></defs><title>Logo</title><rect id="r" '
        'width="5" height="5" fill="url(#g)"/><use xlink:href="#r" x="5"/><text x="1" y="9" '
        'font-size="2">Glanmor &amp; Co</text></svg>')


def test_the_example_logo_survives_cleaning() -> None:
    logo = (Path(__file__).resolve().parents[2] / "branding" / "logo.svg").read_bytes()
    cleaned = sanitise_svg(logo, "branding/logo.svg")[0]
    assert cleaned.count(b"<path") == 3 and cleaned.count(b"<text") == 2
    assert b"Glanmor County Borough Council" in cleaned


@pytest.mark.parametrize("bomb", [
    '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;">]><svg xmlns="http://www.w3.org/2000/svg">'
    "<text>&c;</text></svg>",
    '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    '<svg xmlns="http://www.w3.org/2000/svg"><text>&xxe;</text></svg>',
    '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/'
    'svg11.dtd"><svg xmlns="http://www.w3.org/2000/svg"/>',
])
def test_svg_with_a_dtd_or_entities_is_refused(bomb: str) -> None:
    with pytest.raises(ReportError) as caught:
        sanitise_svg(bomb.encode(), "branding/logo.svg")
    assert str(caught.value.problems[0]) == (
        "branding/logo.svg: error: declares a DTD or entities, which an SVG does not need and "
        "which can make a small file expand to gigabytes — save the SVG again without its "
        "<!DOCTYPE> (Inkscape: Save as, Plain SVG)")


@pytest.mark.parametrize(("data", "message"), [
    (b"<svg", "is not well-formed SVG"),
    (b"<html><script>alert(1)</script></html>", "is not an SVG image"),
    (('<svg xmlns="http://www.w3.org/2000/svg">' + "<g>" * 60 + "</g>" * 60 + "</svg>").encode(),
     "nests its elements more than 50 deep"),
])
def test_svg_that_cannot_be_cleaned_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(ReportError, match=message):
        sanitise_svg(data, "logo.svg")


# --- control characters ------------------------------------------------------------------


def test_control_characters_are_removed_with_a_warning_at_their_line() -> None:
    text = "first\nsecond\x0b line\x0c\nthird\x1b[31m\nfine\ttab\r\n\x00"
    clean, problems = strip_controls(text, "narratives/2017Q3/housing.md", 4)
    assert clean == "first\nsecond line\nthird[31m\nfine\ttab\r\n"
    hint = ("they usually come from text pasted from Word or e-mail: delete them from the "
            "file, and check the line reads as you meant")
    assert [str(p) for p in problems] == [
        "narratives/2017Q3/housing.md:5: warning: removed 2 control characters that do not "
        f"print (U+000B vertical tab, U+000C form feed) — {hint}",
        "narratives/2017Q3/housing.md:6: warning: removed a control character that does not "
        f"print (U+001B ESC) — {hint}",
        "narratives/2017Q3/housing.md:8: warning: removed a control character that does not "
        f"print (U+0000 NUL) — {hint}"]
    assert control_name("\x85") == "U+0085 control character"
    _, errors = strip_controls("ok\nbad\x07", "kpis.yaml", 1, "error")
    assert [str(p) for p in errors] == [
        "kpis.yaml:2: error: the line has a control character that does not print (U+0007 "
        f"bell) — {hint}"]


def test_read_utf8_removes_controls_with_a_warning_or_refuses_them(example: Path) -> None:
    narrative = example / "narratives" / QUARTER / "housing.md"
    narrative.write_text("---\nstatus: draft\n---\nNUL\x00 and FF\x0c here\n")
    problems = Problems()
    text = read_utf8(narrative, f"narratives/{QUARTER}/housing.md", problems=problems)
    assert text == "---\nstatus: draft\n---\nNUL and FF here\n"
    assert [(str(p.location), p.severity) for p in problems] == [
        (f"narratives/{QUARTER}/housing.md:4", "warning")]
    with pytest.raises(ReportError) as caught:  # no list to take the warning: an error
        read_utf8(narrative, f"narratives/{QUARTER}/housing.md")
    assert [(str(p.location), p.severity) for p in caught.value.problems] == [
        (f"narratives/{QUARTER}/housing.md:4", "error")]


def test_yaml_with_control_characters(example: Path) -> None:
    config = example / "reportgen.yaml"
    config.write_text(config.read_text().replace("council: ", "council: Glan\x0bmor "))
    problems = Problems()
    assert "\x0b" not in load_yaml(config, "reportgen.yaml", problems)["council"]
    assert [p.severity for p in problems] == ["warning"]
    with pytest.raises(ReportError, match=r"reportgen\.yaml:\d+: error: the line has a control"):
        load_yaml(config, "reportgen.yaml")


def test_a_narrative_with_a_form_feed_never_reaches_the_report(example: Path) -> None:
    narrative = example / "narratives" / QUARTER / "housing.md"
    narrative.write_text(narrative.read_text().replace("## Key Areas of Progress",
                                                       "## Key Areas\x0c of Progress", 1))
    result = build(example, QUARTER, ["housing"], formats=["html"])
    warned = [p for p in result.warnings if "U+000C form feed" in p.message]
    assert [str(p.location) for p in warned] == [f"narratives/{QUARTER}/housing.md:7"]
    html = (result.folder / "housing.html").read_text()
    assert "\x0c" not in html and "Key Areas of Progress" in html  # removed, and said so


def test_defuse_cell_only_touches_formula_starts() -> None:
    assert [defuse_cell(v) for v in ("=1+1", "-1", "plain", "", "'quoted", " =1")] == [
        "'=1+1", "'-1", "plain", "", "'quoted", " =1"]


# --- the theme: sandboxed, read like any project file --------------------------------------


@pytest.fixture
def sandboxed() -> None:
    """The theme runs in ThemeSandbox with the ProjectLoader (render.Theme makes it so)."""
    assert isinstance(render.Theme(Path()).env("en"), ThemeSandbox)


@pytest.mark.parametrize("escape", [
    '{{ cycler.__init__.__globals__.os.popen("id").read() }}',
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ Rag.__init__.__globals__ }}",
])
def test_theme_code_cannot_reach_python(example: Path, sandboxed: None, escape: str) -> None:
    (example / "templates").mkdir(exist_ok=True)
    (example / "templates" / "report.html").write_text(
        '{% extends "builtin/report.html" %}\n{% block glossary %}' + escape + "{% endblock %}\n")
    with pytest.raises(ReportError) as caught:
        build(example, QUARTER, formats=["html"])
    assert str(caught.value.problems[0].location) == "templates/report.html:2"
    assert "unsafe" in caught.value.problems[0].message
    assert not (example / "output").exists()


def test_a_theme_template_linked_outside_is_refused(example: Path, tmp_path: Path,
                                                    sandboxed: None) -> None:
    outside = tmp_path / "stolen.html"
    outside.write_text('{% extends "builtin/report.html" %}')
    (example / "templates").mkdir(exist_ok=True)
    (example / "templates" / "report.html").symlink_to(outside)
    loader = ProjectLoader(example)
    with pytest.raises(ReportError, match=r"templates/report\.html: error: is a link to"):
        loader.get_source(ThemeSandbox(), "report.html")
    assert "report.html" in loader.list_templates()


# --- spreadsheets that declare far more than they hold ------------------------------------


def workbook(stray: str | None = None, merge: str | None = None) -> bytes:
    """A one-sheet workbook of a few kilobytes, with a stray cell or a merged range."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Q3"
    sheet.append(["kpi", "value"])
    sheet.append(["CS-LAC-01", 803])
    if stray:
        sheet[stray] = "x"
    out = io.BytesIO()
    book.save(out)
    if merge is None:
        return out.getvalue()
    # written by hand: openpyxl itself would make an object for every merged cell
    source, patched = zipfile.ZipFile(io.BytesIO(out.getvalue())), io.BytesIO()
    with zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = body.replace(b"</sheetData>", b"</sheetData><mergeCells count=\"1\">"
                                    b"<mergeCell ref=\"" + merge.encode() + b"\"/></mergeCells>")
            target.writestr(item, body)
    return patched.getvalue()


def open_sheet(data: bytes) -> object:
    return openpyxl.load_workbook(io.BytesIO(data), data_only=True).worksheets[0]


def test_a_vast_merged_range_is_refused_before_the_workbook_is_opened() -> None:
    with pytest.raises(ReportError) as caught:
        check_workbook(workbook(merge="A3:XFD1048576"), f"{Q}/children.xlsx")
    assert str(caught.value.problems[0]) == (
        f"{Q}/children.xlsx: error: merges cells A3:XFD1048576, 17,179,836,416 cells, more "
        "than the 1,000,000 reportgen reads — unmerge them in Excel (Home, Merge & Center, "
        "Unmerge Cells), or export the sheet as CSV")
    check_workbook(workbook(merge="A3:B4"), "a.xlsx")  # an ordinary merge is fine


def test_a_workbook_that_unzips_to_too_much_is_refused() -> None:
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("xl/sharedStrings.xml", b"\0" * (3 * 1024 * 1024))
    assert len(packed.getvalue()) < 10_000
    with pytest.raises(ReportError, match="would unzip to 3 MB, more than the 2 MB"):
        check_workbook(packed.getvalue(), "a.xlsx", limit=2 * 1024 * 1024)
    check_workbook(packed.getvalue(), "a.xlsx")  # within the real bound
    check_workbook(b"not a zip at all", "a.xlsx")  # left for openpyxl to report


@pytest.mark.parametrize(("text", "line"), [("\x00", 3), ("a: 1\nb: \x1b[2J\n", 4)])
def test_a_control_character_in_yaml_text_is_located(text: str, line: int) -> None:
    assert refusal(text, 3).startswith(f"kpis.yaml:{line}: error: YAML cannot contain the "
                                       "control character U+00")


def test_a_cleaned_svg_still_draws_in_the_pdf(example: Path,
                                              caplog: pytest.LogCaptureFixture) -> None:
    import pikepdf
    import weasyprint

    logo = example / "branding" / "logo.svg"
    logo.write_text(logo.read_text().replace(
        "<title>", '<script>alert(1)</script><title onclick="x()">'))
    problems = Problems()
    uri = image_data_uri(example, logo, "branding/logo.svg", problems=problems)
    assert [p.message for p in problems] == [
        "had active content that was removed: <script>, event handlers (on…)"]
    empty = "data:image/svg+xml;base64,PHN2ZyB4bWxucz0naHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmcnLz4="

    def drawing(src: str) -> bytes:
        pdf = weasyprint.HTML(string=f'<img src="{src}" alt="logo">').write_pdf()
        with pikepdf.Pdf.open(io.BytesIO(pdf)) as document:  # every drawing stream, decoded
            return b"".join(bytes(item.read_bytes()) for item in document.objects
                            if isinstance(item, pikepdf.Stream) and "/Length1" not in item
                            and item.get("/Subtype") != "/XML")

    with caplog.at_level("WARNING", logger="weasyprint"):
        drawn, blank = drawing(uri), drawing(empty)
    assert not [r for r in caplog.records if "image" in r.getMessage().lower()]
    assert b" Tf" in drawn and b" Tf" not in blank  # the logo's words are set in type
    assert drawn.count(b" c\n") >= 6  # and its three waves drawn as curves


def test_checking_nesting_first_makes_validate_and_build_agree(example: Path) -> None:
    """narrative.render_body checks nesting first: a 200-deep quote is one located error in
    both validate and build, instead of a PDF that overflows the stack."""
    narrative = example / "narratives" / QUARTER / "housing.md"
    lines = narrative.read_text().splitlines()
    at = lines.index("## Key Areas of Progress") + 1
    lines.insert(at, "> " * 200 + "deep")
    narrative.write_text("\n".join(lines) + "\n")
    _, problems = check(example, QUARTER, render=True)
    assert [str(p.location) for p in problems.errors] == [
        f"narratives/{QUARTER}/housing.md:{at + 1}"]
    with pytest.raises(ReportError) as caught:
        build(example, QUARTER, directorates=["housing"], formats=["pdf"])
    assert caught.value.problems == problems.errors


def test_with_the_safe_loader_validate_and_build_refuse_a_linked_template(
        example: Path, tmp_path: Path, sandboxed: None) -> None:
    outside = tmp_path / "stolen.css"
    outside.write_text("/* someone else's file */")
    (example / "templates").mkdir(exist_ok=True)
    (example / "templates" / "custom.css").symlink_to(outside)
    _, problems = check(example, QUARTER, render=True)
    assert [p.location.path for p in problems.errors] == ["templates/custom.css"]
    assert "outside the project" in problems.errors[0].message
    with pytest.raises(ReportError) as caught:
        build(example, QUARTER, formats=["html"])
    assert [p.location.path for p in caught.value.problems] == ["templates/custom.css"]
    assert not (example / "output").exists()
