"""Nothing lost, nothing leaked: interrupted builds, untouched inputs, contained outputs."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from reportgen.commands.build import build
from reportgen.errors import Problems, ReportError
from reportgen.load.config import load_config
from reportgen.publish import pdf as pdf_module

from ..conftest import QUARTER


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_interrupted_build_keeps_the_published_files(example: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    build(example, QUARTER)
    published = snapshot(example / "output")
    calls = {"n": 0}
    real = pdf_module.write_pdf

    def interrupted(html: str, base: Path, page_css: str,
                    attachments: tuple[pdf_module.PdfAttachment, ...] = ()) -> bytes:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # Ctrl-C while the second PDF is being written
        return real(html, base, page_css, attachments)

    monkeypatch.setattr(pdf_module, "write_pdf", interrupted)
    edit = example / "data" / "quarters" / QUARTER / "children.csv"
    edit.write_text(edit.read_text().replace("CS-LAC-01,803,", "CS-LAC-01,810,"))
    with pytest.raises(KeyboardInterrupt):
        build(example, QUARTER, jobs=1)  # in this process, where the patch is
    assert snapshot(example / "output") == published
    assert not list((example / "output").glob(".staging-*"))


def test_build_never_changes_data_or_narratives(example: Path) -> None:
    before = {name: snapshot(example / name) for name in ("data", "narratives")}
    build(example, QUARTER, formats=["html"])
    assert {name: snapshot(example / name) for name in ("data", "narratives")} == before


@pytest.mark.parametrize("bad_id", ["../escape", "/etc", "a/b", "..", "Children"])
def test_directorate_ids_cannot_name_paths(tmp_path: Path, bad_id: str) -> None:
    (tmp_path / "reportgen.yaml").write_text(
        f'council: C\ndirectorates:\n  - id: "{bad_id}"\n    name: X\n')
    problems = Problems()
    assert load_config(tmp_path, problems) is None
    assert "is not a valid id" in problems.errors[0].message


def test_report_cannot_fetch_anything(example: Path) -> None:
    """A template that asks for a stylesheet or image by URL stops the PDF, loudly."""
    (example / "templates").mkdir(exist_ok=True)
    (example / "templates" / "custom.css").write_text(
        "@import url('file:///etc/passwd');\n.cover { background: url('https://x.test/a.png'); }")
    with pytest.raises(ReportError) as caught:
        build(example, QUARTER, directorates=["housing"], formats=["pdf"])
    message = str(caught.value.problems[0])
    assert message.startswith("templates: error: the report asks for an outside resource: "
                              "refused to fetch file:///etc/passwd: ")
    assert message.endswith(
        "— embed it in the template as a data: URI, or remove it; a report never fetches "
        "from the network or reads files outside the project")
    assert not (example / "output").exists()


def test_narrative_escape_attempts_leave_no_trace(example: Path) -> None:
    narrative = example / "narratives" / QUARTER / "housing.md"
    text = narrative.read_text()
    narrative.write_text(text.replace(
        "## Key Areas of Progress",
        "## Key Areas of Progress\n\n<script>alert('x')</script>\n\n"
        '<a href="javascript:alert(1)">click</a>\n\n![secret](../../../../etc/passwd)\n\n'
        "{{ ''.__class__.__mro__[1].__subclasses__() }}\n", 1))
    with pytest.raises(ReportError) as caught:
        build(example, QUARTER, formats=["html"])
    messages = [p.message for p in caught.value.problems]
    assert any("__class__" in m and "unsafe" in m for m in messages)
    assert not (example / "output").exists()




@pytest.mark.parametrize("logo", ["/etc/passwd", "../outside.svg", "branding/missing.svg",
                                  "kpis.yaml"])
def test_logo_must_be_an_image_inside_the_project(example: Path, logo: str) -> None:
    config = example / "reportgen.yaml"
    config.write_text(config.read_text().replace("logo: branding/logo.svg", f"logo: {logo}"))
    with pytest.raises(ReportError) as caught:
        build(example, QUARTER, formats=["html"])
    assert str(caught.value.problems[0]) == (
        f"reportgen.yaml: error: logo '{logo}' is not an image file inside the project — give "
        "a path inside the project to an SVG or PNG file, e.g. branding/logo.svg")


def test_pale_branding_colour_is_a_warning(example: Path) -> None:
    config = example / "reportgen.yaml"
    config.write_text(config.read_text().replace('colour: "#1d4f73"', 'colour: "#ffbf47"'))
    result = build(example, QUARTER, formats=["html"])
    assert [str(w) for w in result.warnings] == [
        "reportgen.yaml: warning: branding colour #ffbf47 has a contrast of 1.6:1 against "
        "white, below the 4.5:1 WCAG AA asks for text — choose a darker shade; the report's "
        "headings and chart labels use it"]


def test_hostile_html_in_a_narrative_never_reaches_the_outputs(example: Path) -> None:
    narrative = example / "narratives" / QUARTER / "housing.md"
    narrative.write_text(narrative.read_text().replace(
        "## Key Areas of Progress",
        "## Key Areas of Progress\n\n<script>alert('x')</script>\n\n"
        '<a href="javascript:alert(1)" onclick="steal()">click</a> '
        '<b onmouseover="steal()">bold</b> <style>body{display:none}</style>\n', 1))
    problems = build(example, QUARTER, directorates=["housing"]).warnings
    assert not [p for p in problems if p.severity == "error"]
    html = (example / "output" / QUARTER / "housing.html").read_text()
    for needle in ("<script", "alert(", "javascript:", "onclick", "onmouseover", "display:none"):
        assert needle not in html
    pdf = (example / "output" / QUARTER / "housing.pdf").read_bytes()
    assert b"javascript" not in pdf.lower() and b"/JS" not in pdf
