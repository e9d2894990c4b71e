"""A quarter folder's files are read as sources read theirs: title rows above the header,
the same header aliases, and every spreadsheet format, never one ignored."""

import sys
import zipfile
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
import pytest

from reportgen.errors import Problems
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
