"""The names of a report project's files and folders, and the list of a quarter's inputs."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from reportgen.languages import SOURCE_LANGUAGE

CONFIG_FILE = "reportgen.yaml"
CATALOGUE_FILE = "kpis.yaml"
CATALOGUE_DIR = "kpis"
DATA_DIR = Path("data/quarters")
NARRATIVE_DIR = Path("narratives")
TEMPLATE_DIR = "templates"
OUTPUT_DIR = "output"
PUBLISHED_DIR = "published"  # publication records: the one thing a build writes outside output/
TABLE_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".xls", ".ods")
IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".gif": "image/gif", ".svg": "image/svg+xml", ".webp": "image/webp"}


def narrative_file(quarter: object, directorate: str, language: str = SOURCE_LANGUAGE) -> Path:
    """`narratives/2017Q3/children.md`, or `children.cy.md` for a second language."""
    suffix = "" if language == SOURCE_LANGUAGE else f".{language}"
    return NARRATIVE_DIR / str(quarter) / f"{directorate}{suffix}.md"


def output_name(stem: str, language: str, suffix: str) -> str:
    """`children.html`, or `children.cy.html` for a second language."""
    return f"{stem}{'' if language == 'en' else '.' + language}.{suffix}"


def is_table(path: Path) -> bool:
    """A data file reportgen reads: CSV or a spreadsheet, not a lock file or a hidden file."""
    return (path.suffix.lower() in TABLE_SUFFIXES and path.is_file()
            and not path.name.startswith(("~$", ".")))


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))


def inputs(root: Path, quarter: object, also: Iterable[Path] = ()) -> list[Path]:
    """Every file that can change a quarter's outputs: config, catalogue, all data (history
    feeds comparisons and charts), the quarter's narratives and images, the theme,
    the publication records, and `also` (the files `sources:` in the config names)."""
    found = [root / CONFIG_FILE, root / CATALOGUE_FILE, *also]
    found += sorted((root / CATALOGUE_DIR).glob("*.yaml"))
    found += [p for p in _files(root / DATA_DIR) if is_table(p)]
    found += _files(root / NARRATIVE_DIR / str(quarter))
    found += _files(root / TEMPLATE_DIR)
    found += [p for p in _files(root / PUBLISHED_DIR) if p.suffix == ".json"]
    return [p for p in dict.fromkeys(found) if p.is_file()]


def _entries(folder: Path) -> list[Path]:
    """Every entry below `folder`, of any kind (files, folders, links, pipes), hidden ones
    too; links to folders are listed, not followed."""
    if not folder.is_dir() or folder.is_symlink():
        return [folder] if folder.is_symlink() else []
    found = []
    for top, folders, names in os.walk(folder):
        found += [Path(top, name) for name in (*folders, *names)]
    return sorted(found)


def watched_inputs(root: Path, quarter: object, also: Iterable[Path] = ()) -> list[Path]:
    """What the quick up-to-date check and the preview watch: everything `inputs` lists, and
    every other entry a full check could read or refuse, whatever its name or kind (a pipe
    named like a CSV, a folder, a broken link, an .xls beside the CSVs in data/), and every
    match of `also` (the sources' patterns, matched with no filter)."""
    found = [root / CONFIG_FILE, root / CATALOGUE_FILE, *also, *_entries(root / CATALOGUE_DIR)]
    found += _entries(root / DATA_DIR)
    found += [p for p in _entries(root / NARRATIVE_DIR / str(quarter))
              if not p.name.startswith(".")]
    found += [p for p in _entries(root / TEMPLATE_DIR) if not p.name.startswith(".")]
    return list(dict.fromkeys(found))
