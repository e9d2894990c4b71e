"""Bilingual reports (issue 11): the Welsh catalogue is complete and current, the example
builds in English and Welsh with the same figures, and a Welsh report that falls short of
the English one warns, and stops `build --publish`."""

from __future__ import annotations

import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from reportgen.commands.build import BuildResult, build
from reportgen.errors import Problem, ReportError
from reportgen.prepare.pipeline import prepare
from reportgen.prepare.prepared import Prepared
from reportgen.quarters import Quarter
from reportgen.render.filters import page_counter_css
from reportgen.words.formatter import Formatter
from scripts.i18n import POT, extracted, mo_path, po_path

from ..checkers import pdftotext
from ..conftest import QUARTER

DIRECTORATES = ["children", "adults", "housing"]
PLACEHOLDER = re.compile(r"%\((\w+)\)s|%%")


def _ids(catalog: object) -> set[object]:
    return {m.id for m in catalog if m.id}  # type: ignore[attr-defined]


def _welsh() -> object:
    with po_path("cy").open("rb") as po:
        return read_po(po, locale="cy")


# -- the catalogues -----------------------------------------------------------------------


def test_pot_is_current_with_the_code_and_templates() -> None:
    with POT.open("rb") as pot:
        stored = _ids(read_po(pot))
    found = _ids(extracted())
    assert found == stored, (
        f"reportgen.pot is stale: new {sorted(map(str, found - stored))[:5]}, "
        f"gone {sorted(map(str, stored - found))[:5]}: run python scripts/i18n.py extract")
    assert len(found) > 150  # the whole presentation layer, not an empty extraction


def test_every_message_has_a_welsh_translation() -> None:
    welsh = _welsh()
    with POT.open("rb") as pot:
        assert _ids(welsh) == _ids(read_po(pot)), "run python scripts/i18n.py update"
    assert welsh.num_plurals == 6  # type: ignore[attr-defined]
    assert welsh.plural_expr == (  # type: ignore[attr-defined]
        "(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n==3 ? 3 : n==6 ? 4 : 5)")
    untranslated = []
    for message in welsh:  # type: ignore[attr-defined]
        if not message.id:
            continue
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(forms) or (isinstance(message.id, tuple)
                                               and len(forms) != 6):
            untranslated.append(message.id)
    assert not untranslated, f"untranslated or fuzzy: {untranslated[:5]}"


def test_translations_keep_every_placeholder_and_are_safe_in_attributes() -> None:
    for message in _welsh():  # type: ignore[attr-defined]
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        for form in forms:
            assert set(PLACEHOLDER.findall(form)) == wanted, (message.id, form)
            # some phrases go into HTML attributes and CSS strings as they are
            assert not set(form) & {'"', "<", "&"}, form


def _key(text: str | tuple[str, ...] | list[str]) -> str | tuple[str, ...]:
    return text if isinstance(text, str) else tuple(text)


def test_compiled_catalogue_is_current_with_the_po() -> None:
    # The messages, not the bytes: another Babel release may lay the same .mo out differently.
    with mo_path("cy").open("rb") as compiled:
        shipped = {_key(m.id): _key(m.string) for m in read_mo(compiled) if m.id}
    wanted = {_key(m.id): _key(m.string) for m in _welsh()  # type: ignore[attr-defined]
              if m.id and m.string and not m.fuzzy}
    assert shipped == wanted, "reportgen.mo is stale: run python scripts/i18n.py compile"


# -- the Welsh presentation layer ---------------------------------------------------------


def test_welsh_has_six_plural_forms() -> None:
    plural = Formatter("cy")._translations.plural  # type: ignore[attr-defined]
    assert [plural(n) for n in (0, 1, 2, 3, 4, 5, 6, 7, 11)] == [0, 1, 2, 3, 5, 5, 4, 5, 5]


def test_welsh_quarters_dates_and_pages() -> None:
    f, q = Formatter("cy"), Quarter.parse("2017Q3", 4)
    assert f.quarter(q) == "Chwarter 3 2017/18"
    assert f.short_quarter(q) == "Ch3 2017/18"
    assert f.months(q) == "Hydref – Rhagfyr 2017"
    assert f.date(q.end) == "31 Rhagfyr 2017"
    assert str(page_counter_css(f)) == '"Tudalen " counter(page) " o " counter(pages)'


def test_welsh_figures_round_like_the_english() -> None:
    english, welsh = Formatter("en"), Formatter("cy")
    for amount in ("2.25", "2.35", "1228", "-0.05", "146.25"):
        assert welsh.number(Decimal(amount), 1) == english.number(Decimal(amount), 1)
    assert welsh.number(Decimal("2.25"), 1) == "2.3"  # half up, not Babel's half even
    assert welsh.money(Decimal("4_060_000")) == "£4.1m"
    assert welsh.percent(Decimal("12.5"), 1) == "12.5%"


# -- the bilingual example ----------------------------------------------------------------


def test_example_builds_english_and_welsh_html_and_pdf(built: BuildResult) -> None:
    names = {p.name for p in built.folder.iterdir()}
    for stem in DIRECTORATES:
        assert {f"{stem}.html", f"{stem}.pdf", f"{stem}.cy.html", f"{stem}.cy.pdf"} <= names
    assert {"index.html", "index.cy.html", "council.pdf", "council.cy.pdf"} <= names
    for stem in [*DIRECTORATES, "index"]:
        welsh = (built.folder / f"{stem}.cy.html").read_text(encoding="utf-8")
        english = (built.folder / f"{stem}.html").read_text(encoding="utf-8")
        assert '<html lang="cy">' in welsh and '<html lang="en">' in english
        assert f'hreflang="en" href="{stem}.html"' in welsh
        assert f'hreflang="cy" href="{stem}.cy.html"' in english


def test_welsh_pdf_text_has_welsh_labels(built: BuildResult) -> None:
    text = " ".join(pdftotext(built.folder / "children.cy.pdf").split())
    for label in ("Chwarter 3 2017/18", "Tudalen 2 o", "Gwasanaethau Plant", "Cynnwys",
                  "Crynodeb", "Dangosyddion perfformiad", "Cyngor Bwrdeistref Sirol Glanmor",
                  "Hydref – Rhagfyr 2017", "Heriau", "gorwariant a ragwelir o £4.1m ym mis 9"):
        assert label in text, label
    for english in ("Quarter 3", "Page 2 of", "Contents", "Performance indicators"):
        assert english not in text, english


def test_welsh_corporate_pack_is_in_welsh(built: BuildResult) -> None:
    text = " ".join(pdftotext(built.folder / "council.cy.pdf").split())
    for label in ("Adroddiad perfformiad corfforaethol", "Crynodeb ar draws y cyngor",
                  "Gwasanaethau Plant", "Tai a Chymunedau", "Tudalen 2 o", "Chwarter 3 2017/18"):
        assert label in text, label
    assert "Council-wide summary" not in text and "Page 2 of" not in text


class _Cells(HTMLParser):
    """The text of every cell of the KPI tables (`table.kpis`), row by row."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._depth = 0  # inside a KPI table
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" and ("class", "kpis") in attrs:
            self._depth = 1
        elif self._depth and tag == "tr":
            self.rows.append([])
        elif self._depth and tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._depth = 0
        elif self._depth and tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


NUMBER = re.compile(r"[+−-]?£?\d[\d,]*(?:\.\d+)?%?")


def _figures(path: Path) -> list[list[str]]:
    """The numbers in each cell of a report's KPI tables: the Q labels' digits too, since
    `Q3 2017/18` and `Ch3 2017/18` must name the same quarter."""
    cells = _Cells()
    cells.feed(path.read_text(encoding="utf-8"))
    return [NUMBER.findall(cell) for row in cells.rows for cell in row]


@pytest.mark.parametrize("stem", DIRECTORATES)
def test_welsh_kpi_tables_have_exactly_the_english_figures(built: BuildResult,
                                                           stem: str) -> None:
    english = _figures(built.folder / f"{stem}.html")
    welsh = _figures(built.folder / f"{stem}.cy.html")
    assert sum(len(cell) for cell in english) > 40  # the tables were found and read
    assert len(welsh) == len(english)
    for number, (ours, theirs) in enumerate(zip(english, welsh, strict=True)):
        assert ours == theirs, f"{stem}: cell {number}: English {ours}, Welsh {theirs}"


def test_figures_of_a_known_row_in_both_languages(built: BuildResult) -> None:
    """Hand-checked: 803 looked after children, 784 last quarter (+19, +2.4%)."""
    welsh = (built.folder / "children.cy.html").read_text(encoding="utf-8")
    row = welsh[welsh.index('class="indicator">Nifer y plant sy&#39;n derbyn gofal ar ddiwedd'):]
    row = row[:row.index("</tr>")]
    for figure in ("803", "784", "+19 (+2.4%)", "761", "I fyny"):
        assert figure in row, figure


# -- validation ---------------------------------------------------------------------------


def _prepared(root: Path) -> Prepared:
    found = prepare(root, QUARTER)
    assert isinstance(found, Prepared), found
    return found


def _language_problems(root: Path) -> list[Problem]:
    return [p for p in _prepared(root).problems if p.blocks_publish and (
        "Welsh" in p.message or ".cy.md" in p.location.path)]


def test_example_has_no_language_warning(example: Path) -> None:
    assert _language_problems(example) == []


def test_missing_welsh_narrative_warns(example: Path) -> None:
    (example / "narratives" / QUARTER / "housing.cy.md").unlink()
    found = _language_problems(example)
    assert [(p.location.path, p.severity) for p in found] == [
        (f"narratives/{QUARTER}/housing.cy.md", "warning")]
    assert "no Welsh version" in found[0].message


def test_welsh_narrative_with_a_section_missing_warns(example: Path) -> None:
    path = example / "narratives" / QUARTER / "housing.cy.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "## Sefyllfa'r Gyllideb\n", ""), encoding="utf-8")
    found = _language_problems(example)
    assert len(found) == 1
    assert "has 2 '## ' section(s), the English narratives/2017Q3/housing.md has 3" in (
        found[0].message)


def test_welsh_narrative_with_other_figures_warns_at_the_section(example: Path) -> None:
    path = example / "narratives" / QUARTER / "housing.cy.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('kpi("HC-TA-01").last_year', 'kpi("HC-TA-01").previous'),
                    encoding="utf-8")
    found = _language_problems(example)
    assert len(found) == 1
    line = text.splitlines().index("## Heriau'r Gyfarwyddiaeth") + 1
    assert found[0].location.line == line
    assert found[0].message.startswith("the figures in section 2 of the Welsh narrative")
    assert 'not in the English: kpi("HC-TA-01").previous' in found[0].message
    assert 'missing: kpi("HC-TA-01").last_year' in found[0].message


def test_the_same_figures_spaced_or_quoted_differently_match(example: Path) -> None:
    path = example / "narratives" / QUARTER / "housing.cy.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        '{{ kpi("HC-HP-01").target }}', "{{kpi( 'HC-HP-01' ) .target}}"), encoding="utf-8")
    assert _language_problems(example) == []


def test_kpi_without_a_welsh_title_warns(example: Path) -> None:
    catalogue = example / "kpis.yaml"
    text = catalogue.read_text(encoding="utf-8")
    line = '  title_cy: "Nifer yr aelwydydd mewn llety dros dro"\n'
    assert line in text
    catalogue.write_text(text.replace(line, ""), encoding="utf-8")
    found = [p for p in _prepared(example).problems if p.blocks_publish]
    assert len(found) == 1 and found[0].location.path == "kpis.yaml"
    assert found[0].message.startswith("HC-TA-01 has no Welsh title_cy")


def test_directorate_without_a_welsh_name_warns(example: Path) -> None:
    config = example / "reportgen.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "    name_cy: Tai a Chymunedau\n", ""), encoding="utf-8")
    found = [p for p in _prepared(example).problems if p.blocks_publish]
    assert [p.message for p in found] == [
        "directorate 'housing' has no Welsh name (name_cy)"]


def test_english_only_project_is_not_checked_for_welsh(example: Path) -> None:
    config = example / "reportgen.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "languages: [en, cy]", "languages: [en]"), encoding="utf-8")
    for path in (example / "narratives" / QUARTER).glob("*.cy.md"):
        path.unlink()
    assert [p for p in _prepared(example).problems if p.blocks_publish] == []


def test_publish_turns_a_welsh_gap_into_an_error(example: Path) -> None:
    # housing's narratives are approved in both languages, so --publish builds it ...
    build(example, QUARTER, ["housing"], formats=["html"], publish_only_approved=True)
    # ... until its Welsh narrative is missing
    (example / "narratives" / QUARTER / "housing.cy.md").unlink()
    with pytest.raises(ReportError) as raised:
        build(example, QUARTER, ["housing"], formats=["html"], publish_only_approved=True)
    welsh = [p for p in raised.value.problems if p.location.path.endswith("housing.cy.md")
             and "no Welsh version" in p.message]
    assert [p.severity for p in welsh] == ["error"]
    # without --publish it is a warning and the reports are built
    result = build(example, QUARTER, ["housing"], formats=["html"])
    assert any("no Welsh version" in p.message for p in result.warnings)


def test_docs_describe_every_welsh_check(example: Path) -> None:
    root = example / "narratives" / QUARTER
    (root / "adults.cy.md").unlink()
    text = (root / "housing.cy.md").read_text(encoding="utf-8")
    (root / "housing.cy.md").write_text(text.replace("## Sefyllfa'r Gyllideb\n", ""),
                                        encoding="utf-8")
    text = (root / "children.cy.md").read_text(encoding="utf-8")
    (root / "children.cy.md").write_text(text.replace("{{ kpi(\"CS-EH-01\") }}", ""),
                                         encoding="utf-8")
    config = example / "reportgen.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("council_cy:", "# council_cy:")
                      .replace("name_cy: Tai", "# name_cy: Tai"), encoding="utf-8")
    catalogue = example / "kpis.yaml"
    catalogue.write_text(catalogue.read_text(encoding="utf-8").replace(
        '  section_cy: "Digartrefedd"\n', "", 1), encoding="utf-8")
    found = [p for p in _prepared(example).problems if p.blocks_publish]
    assert len(found) == 6, found
    docs = (Path(__file__).parents[2] / "docs" / "checks.md").read_text(encoding="utf-8")
    for problem in found:
        kind = problem.message.split("'")[0].split("(")[0].strip()
        kind = re.sub(r"^[A-Z]+-[A-Z0-9-]+ ", "", kind)  # the docs' example names another KPI
        described = re.sub(r"\d+", "N", kind[:25]) in re.sub(r"\d+", "N", docs)
        assert described, f"docs/checks.md does not describe: {problem.message}"


def test_a_broken_expression_is_not_also_a_language_warning(example: Path) -> None:
    path = example / "narratives" / QUARTER / "housing.md"
    path.write_text(path.read_text(encoding="utf-8") + '\n{{ kpi("HC-NOPE-01") }}\n',
                    encoding="utf-8")
    problems = _prepared(example).problems
    assert [p.message for p in problems if p.severity == "error"] == [
        "unknown KPI 'HC-NOPE-01'"]
    assert _language_problems(example) == []


def test_sections_are_compared_as_the_reports_show_them(example: Path) -> None:
    """A '# ' heading is shown as a section (with its own warning), so a Welsh version
    that writes it as '## ' has the same sections."""
    english = example / "narratives" / QUARTER / "housing.md"
    english.write_text(english.read_text().replace("## Key Areas of Progress",
                                                   "# Key Areas of Progress", 1))
    prepared = prepare(example, QUARTER)
    assert isinstance(prepared, Prepared)
    assert not [p for p in prepared.problems if "section(s)" in p.message]


@pytest.mark.parametrize("underline", ["=", "-"])
def test_an_underlined_heading_is_a_section_like_any_other(example: Path,
                                                           underline: str) -> None:
    """A heading underlined with '===' or '---' is shown as a section, so a Welsh version
    that writes it as '## ' has the same sections, and `--publish` is not stopped."""
    english = example / "narratives" / QUARTER / "housing.md"
    english.write_text(english.read_text().replace(
        "## Key Areas of Progress\n", f"Key Areas of Progress\n{underline * 21}\n", 1))
    prepared = prepare(example, QUARTER)
    assert isinstance(prepared, Prepared)
    assert not [p for p in prepared.problems if "section(s)" in p.message]
    build(example, QUARTER, ["housing"], formats=["html"], publish_only_approved=True)
