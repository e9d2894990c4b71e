"""`sources:` in reportgen.yaml: the exports councils already have, read as they are."""

from __future__ import annotations

from pathlib import Path

from reportgen.errors import Location, Problems
from reportgen.load.config import ProjectConfig, Source
from reportgen.load.dataset import Dataset
from reportgen.load.headers import key
from reportgen.load.kpis import Catalogue
from reportgen.load.rows import Reader
from reportgen.load.tables import read_table
from reportgen.paths import CONFIG_FILE, TABLE_SUFFIXES
from reportgen.quarters import Quarter


def read_sources(root: Path, config: ProjectConfig, catalogue: Catalogue, dataset: Dataset,
                 problems: Problems, until: Quarter | None = None) -> None:
    """Read every declared source into the dataset, beside the quarter folders."""
    for source in config.sources:
        where = Location(CONFIG_FILE, source.line or None)
        codes, spelled = _codes(root, source, where, catalogue, problems)
        reader = Reader(source, config.fiscal_year_start_month, catalogue, codes, dataset,
                        problems, until, spelled=spelled)
        for path in _files(root, source, where, problems):
            dataset.files.append(path)
            reader.read_file(path, path.relative_to(root).as_posix())
        reader.finish()


def _files(root: Path, source: Source, where: Location, problems: Problems) -> list[Path]:
    """The files a source names, all inside the project; none is an error."""
    pattern = source.file.replace("\\", "/")
    if Path(pattern).is_absolute() or ".." in Path(pattern).parts:
        problems.error(where, f"source file '{source.file}' is outside the project",
                       "copy the export into the project (e.g. imports/) and name it from there")
        return []
    project = root.resolve()
    found = sorted(p for p in root.glob(pattern) if p.is_file()
                   and not p.name.startswith(("~$", "."))
                   and p.resolve().is_relative_to(project))
    if not found:
        problems.error(where, f"no file matches '{source.file}'",
                       "check the path, which is relative to the project folder, or remove "
                       "the source")
    usable = [p for p in found if p.suffix.lower() in TABLE_SUFFIXES]
    for path in sorted(set(found) - set(usable)):
        problems.error(Location(path.relative_to(root).as_posix()),
                       "reportgen reads CSV files and spreadsheets (.xlsx, .xlsm, .xls, .ods), "
                       f"not {path.suffix or 'this file'}", "save it as .xlsx or as CSV UTF-8")
    return usable


def _codes(root: Path, source: Source, where: Location, catalogue: Catalogue,
           problems: Problems) -> tuple[dict[str, str], dict[str, str]]:
    """The source's own codes and titles, mapped to KPI ids (from the YAML or a CSV), and
    each code as it is written there, for messages."""
    mapping: dict[str, tuple[str, Location]] = {}
    spelled: dict[str, str] = {}
    if isinstance(source.codes, dict):
        mapping = {key(code): (kpi, where) for code, kpi in source.codes.items()}
        spelled = {key(code): str(code) for code in source.codes}
    else:
        path = root / source.codes
        display = source.codes
        if not path.resolve().is_relative_to(root.resolve()) or not path.is_file():
            problems.error(where, f"codes file '{source.codes}' is not a file in the project",
                           "give the path of a CSV with the columns code,kpi")
            return {}, {}
        for row in read_table(path, display, ("code", "kpi"), problems):
            mapping[key(row.get("code"))] = (row.get("kpi"), row.location)
            spelled[key(row.get("code"))] = " ".join(str(row.get("code")).split())
    codes = {}
    for code, (kpi_id, place) in mapping.items():
        if kpi_id in catalogue.rejected:  # its own error explains it: its rows are not unknown
            codes[code] = kpi_id
            continue
        if kpi_id not in catalogue.kpis:
            if catalogue.complete:
                problems.error(place, f"codes maps '{spelled.get(code, code)}' to unknown "
                               f"KPI '{kpi_id}'",
                               catalogue.suggest(kpi_id))
            continue
        codes[code] = kpi_id
    return codes, spelled
