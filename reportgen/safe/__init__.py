"""Reading untrusted files safely, the one layer that opens a project's files: the
bounded reader (`files`), control characters and nesting (`sanitise`), YAML that keeps its
line numbers (`yamlfile`), CSV files and workbooks as grids within fixed bounds (`grids`),
and images judged by their header, SVG rebuilt from an allow-list (`images`)."""

from reportgen.safe.files import read_bytes, read_utf8
from reportgen.safe.grids import Grid, read_csv, read_workbook
from reportgen.safe.images import image_data_uri, logo_data_uri
from reportgen.safe.sanitise import defuse_cell, strip_controls, visible
from reportgen.safe.yamlfile import LineDict, load_yaml, parse_yaml

__all__ = [
    "Grid", "LineDict", "defuse_cell", "image_data_uri", "load_yaml", "logo_data_uri",
    "parse_yaml", "read_bytes", "read_csv", "read_utf8", "read_workbook", "strip_controls",
    "visible",
]
