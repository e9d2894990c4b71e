"""A quarter folder's files are read as sources read theirs: title rows above the header,
the same header aliases, and every spreadsheet format, never one ignored."""

import sys
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
import pytest

from reportgen.errors import Problems
from reportgen.load.config import Source
from reportgen.load.quarter_data import load_data
from reportgen.quarters import Quarter

from .test_excel import CATALOGUE, CONFIG, folder

Q3 = Quarter.parse("2017Q3")


def figures(root: Path) -> tuple[dict[str, Decimal | None], Problems]:
    problems = Problems()
    dataset = load_data(root, CONFIG, CATALOGUE, problems)
    return {k: o.value for (k, q), o in dataset.observations.items() if q == Q3}, problems


def test_a_workbook_with_a_title_row_headed_kpi_ref(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["Children's Services quarterly return"])
    book.active.append(["KPI ref", "Description", "Actual", "Commentary"])
    book.active.append(["CS-LAC-01", "Looked after children", 803, "Up from 784"])
    book.save(folder(tmp_path) / "children.xlsx")
    found, problems = figures(tmp_path)
    assert not problems.errors, [str(p) for p in problems]
    assert found == {"CS-LAC-01": Decimal(803)}


def test_a_csv_with_a_title_row_headed_indicator_and_figure(tmp_path: Path) -> None:
    (folder(tmp_path) / "children.csv").write_text(
        "Quarter 3 2017/18 return,,\nIndicator,Figure,Notes\nCS-LAC-01,803,\nCS-PCT,12.5,\n",
        encoding="utf-8")
    found, problems = figures(tmp_path)
    assert not problems.errors, [str(p) for p in problems]
    assert found == {"CS-LAC-01": Decimal(803), "CS-PCT": Decimal("12.5")}


def ods(path: Path, rows: list[list[object]]) -> None:
    """A minimal OpenDocument spreadsheet, as LibreOffice saves one."""
    cells = []
    for row in rows:
        out = []
        for value in row:
            if isinstance(value, int | float):
                out.append(f'<table:table-cell office:value-type="float" office:value='
                           f'"{value}"><text:p>{value}</text:p></table:table-cell>')
            else:
                out.append('<table:table-cell office:value-type="string"><text:p>'
                           f"{escape(str(value))}</text:p></table:table-cell>")
        cells.append("<table:table-row>" + "".join(out) + "</table:table-row>")
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="children">'
        + "".join(cells) + "</table:table></office:spreadsheet></office:body>"
        "</office:document-content>")
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
        '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type='
        '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
        'manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>")
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                      compress_type=zipfile.ZIP_STORED)
        book.writestr("content.xml", content)
        book.writestr("META-INF/manifest.xml", manifest)


def test_an_ods_file_in_a_quarter_folder_is_read(tmp_path: Path) -> None:
    pytest.importorskip("python_calamine")
    ods(folder(tmp_path) / "children.ods", [["Return"], ["kpi", "value"], ["CS-LAC-01", 803]])
    found, problems = figures(tmp_path)
    assert not problems.errors, [str(p) for p in problems]
    assert found == {"CS-LAC-01": Decimal(803)}


def test_an_xlsm_file_in_a_quarter_folder_is_read(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["kpi", "value"])
    book.active.append(["CS-LAC-01", 803])
    book.save(folder(tmp_path) / "children.xlsm")
    found, problems = figures(tmp_path)
    assert not problems.errors, [str(p) for p in problems]
    assert found == {"CS-LAC-01": Decimal(803)}


def test_without_the_library_an_xls_file_is_refused_at_its_path(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "python_calamine", None)  # as if not installed
    (folder(tmp_path) / "children.xls").write_bytes(b"\xd0\xcf\x11\xe0 not really")
    _, problems = figures(tmp_path)
    (error,) = problems.errors
    assert str(error.location) == "data/quarters/2017Q3/children.xls"
    assert "python-calamine" in error.message
    assert "save the file as .xlsx or as CSV UTF-8" in error.hint


def test_a_damaged_xls_file_is_an_error_at_its_path(tmp_path: Path) -> None:
    pytest.importorskip("python_calamine")
    (folder(tmp_path) / "children.xls").write_bytes(b"\xd0\xcf\x11\xe0 not really")
    _, problems = figures(tmp_path)
    (error,) = problems.errors
    assert str(error.location) == "data/quarters/2017Q3/children.xls"
    assert error.message.startswith("cannot read the spreadsheet")


# The same file, read through a quarter folder and through `sources:` (period: Quarter).
SOURCE_CONFIG = CONFIG.model_copy(update={"sources": [Source.model_validate(
    {"file": "imports/*", "period": "Quarter", "line": 5})]})
Read = tuple[dict[str, tuple[Decimal | None, str | None, str]], list[tuple[str, str, str]]]


def read_both(tmp_path: Path, name: str, write: Callable[[Path], None]) -> tuple[Read, Read]:
    """The file's figures for 2017Q3 and its problems (file path left out), read each way."""
    found = []
    for root, place, config in ((tmp_path / "folder", "data/quarters/2017Q3", CONFIG),
                                (tmp_path / "source", "imports", SOURCE_CONFIG)):
        (root / place).mkdir(parents=True)
        write(root / place / name)
        problems = Problems()
        dataset = load_data(root, config, CATALOGUE, problems)
        figures = {k: (o.value, o.symbol, o.note)
                   for (k, q), o in dataset.observations.items() if q == Q3}
        said = [(str(p.location).replace(f"{place}/", ""), p.message,
                 p.hint.replace(f"{place}/", "")) for p in problems.sorted()]
        found.append((figures, said))
    return found[0], found[1]


TITLED = [["Children's Services quarterly return", "", "", ""],
          ["KPI ref", "Quarter", "Figure", "Commentary"],
          ["cs-lac-01", "2017Q3", "803", "Up from 784"],
          ["CS-PCT", "2017Q3", "..", "Not yet published"],
          ["", "", "", ""],
          ["Source: council returns", "", "", ""]]


def as_csv(rows: list[list[str]]) -> Callable[[Path], None]:
    return lambda path: path.write_text("\n".join(",".join(r) for r in rows) + "\n",
                                        encoding="utf-8")


def as_xlsx(rows: list[list[str]]) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        book = openpyxl.Workbook()
        book.active.title = "children"
        for row in rows:
            book.active.append([int(c) if c.isdigit() else c or None for c in row])
        book.save(path)
    return write


@pytest.mark.parametrize(("name", "write"), [("children.csv", as_csv(TITLED)),
                                             ("children.xlsx", as_xlsx(TITLED))])
def test_the_same_file_reads_the_same_through_a_folder_and_a_source(
        tmp_path: Path, name: str, write: Callable[[Path], None]) -> None:
    # a title row above the header, KPI ref/Figure/Commentary, a `..` marker, an id in
    # another case, and a footnote below the table
    folder_read, source_read = read_both(tmp_path, name, write)
    assert folder_read == source_read
    assert folder_read == ({"CS-LAC-01": (Decimal(803), None, "Up from 784"),
                            "CS-PCT": (None, "[x]", "Not yet published")}, [])


def test_the_same_rows_are_refused_with_the_same_messages(tmp_path: Path) -> None:
    rows = [["KPI", "Quarter", "Value", "Note"],
            ["CS-LAC-01", "2017Q3", "803", ""],
            ["CS-LAC-1", "2017Q3", "12", ""],            # unknown, close to a real id
            ["CS-LAC-01", "2017Q3", "804", ""],          # given twice
            ["CS-CNT", "2017Q3", "1", "234", ""]]        # an unquoted comma
    (folder_figures, folder_said), (source_figures, source_said) = read_both(
        tmp_path, "children.csv", as_csv(rows))
    assert folder_figures == source_figures == {"CS-LAC-01": (Decimal(803), None, "")}
    assert [said[:2] for said in folder_said] == [said[:2] for said in source_said] == [
        ("children.csv:3", "unknown KPI 'CS-LAC-1'"),
        ("children.csv:4", "CS-LAC-01 appears twice in 2017Q3"),
        ("children.csv:5", "row has 5 fields but the header has 4")]
    assert folder_said[0][2] == "did you mean 'CS-LAC-01'?"
    assert source_said[0][2] == ("did you mean 'CS-LAC-01'? If not, map it to a KPI id under "
                                 "codes: in reportgen.yaml (line 5), or set unlisted: ignore "
                                 "to skip such rows")
    assert folder_said[1][2] == source_said[1][2] == "the first is at children.csv:2; keep one row"


def test_a_missing_column_is_named_with_its_aliases(tmp_path: Path) -> None:
    (folder(tmp_path) / "children.csv").write_text(
        "Return for Q3,\nKPI ref,Amount\nCS-LAC-01,803\n", encoding="utf-8")
    _, problems = figures(tmp_path)
    assert [str(p) for p in problems] == [
        "data/quarters/2017Q3/children.csv:2: error: missing column 'value' (or figure, "
        "actual) — the header must include: kpi, value; title rows above it are skipped"]


def test_a_source_csv_separated_by_semicolons_says_so(tmp_path: Path) -> None:
    (tmp_path / "imports").mkdir()
    (tmp_path / "imports" / "x.csv").write_text("KPI;Quarter;Value\nCS-LAC-01;2017Q3;803\n",
                                                encoding="utf-8")
    problems = Problems()
    load_data(tmp_path, SOURCE_CONFIG, CATALOGUE, problems)
    assert [(str(p.location), p.message) for p in problems] == [
        ("imports/x.csv:1", "the columns are separated by ';', not ','")]


def test_a_quarter_column_must_agree_with_the_folder(tmp_path: Path) -> None:
    (folder(tmp_path) / "children.csv").write_text(
        "kpi,quarter,value\nCS-LAC-01,Q3 2017/18,803\nCS-PCT,Q2 2017/18,12.5\n",
        encoding="utf-8")
    found, problems = figures(tmp_path)
    assert found == {"CS-LAC-01": Decimal(803)}
    assert [str(p) for p in problems] == [
        "data/quarters/2017Q3/children.csv:3: error: row is for 2017Q2 but the file is in the "
        "2017Q3 folder — move it to data/quarters/2017Q2/"]


def test_a_merge_conflict_is_refused_alike_in_a_folder_and_a_source(tmp_path: Path) -> None:
    rows = [["kpi", "quarter", "value"], ["<<<<<<< HEAD"], ["CS-LAC-01", "2017Q3", "803"],
            ["======="], ["CS-PCT", "2017Q3", "12.5"], [">>>>>>> q3-figures"]]
    folder_read, source_read = read_both(tmp_path, "children.csv", as_csv(rows))
    assert folder_read == source_read
    assert [(place, message.split(" is a ")[0]) for place, message, _ in folder_read[1]] == [
        (f"children.csv:{line}", f"unresolved merge conflict: '{marker}'")
        for line, marker in ((2, "<<<<<<<"), (4, "======="), (6, ">>>>>>>"))]
