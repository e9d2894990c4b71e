"""Incremental builds: the keys of a build and its PDFs, and whether an output can be kept.

Each output is keyed on everything that can change its bytes. A PDF's key is the hash of
the HTML and page CSS it is typeset from, with reportgen's and WeasyPrint's versions: the
HTML already holds every figure, narrative, translation and template, so an unchanged key
means the same PDF, which is by far the slowest thing a build makes. The whole build is
keyed on the bytes of every input, so a build with nothing changed stops before it
starts. The keys are kept in output/QUARTER/manifest.json beside the outputs' hashes
(publish/manifest.py writes it and reads it back as a Previous).

Every report PDF typeset is also kept by its key in output/.typeset/, the latest
STORE_LIMIT of them: a build after a build of one directorate (whose folder then holds that
directorate alone), or of a pack without the reports' own PDFs, typesets only what
changed. The store only saves time: a build never fails for it, and never reads or writes
it through a link."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterable, Mapping
from contextlib import suppress
from functools import cache
from pathlib import Path

from reportgen import __version__
from reportgen.paths import OUTPUT_DIR
from reportgen.publish.digests import digest, input_bytes, sha256
from reportgen.publish.manifest import Previous, display_path


@cache
def engine_version() -> str:
    """The PDF engine's version: a new WeasyPrint may typeset the same HTML differently."""
    from importlib.metadata import version

    return version("weasyprint")


def pdf_key(html: str, page_css: str) -> str:
    """Everything that can change a PDF's bytes."""
    return digest("pdf", __version__, engine_version(), html, page_css)


def pack_key(html: str, page_css: str, stamp_css: str, parts: Iterable[bytes]) -> str:
    """The corporate pack's key: its front matter's HTML and layouts, and the bytes of its
    parts (each report's PDF, itself keyed on its own HTML), with the joining library's
    version. An edit to one narrative re-typesets that report and the front matter, then
    joins again; nothing else is typeset."""
    from importlib.metadata import version

    return digest("pack", __version__, engine_version(), version("pikepdf"), html, page_css,
                  stamp_css, *(sha256(part) for part in parts))


def input_hashes(root: Path, files: Iterable[Path]) -> dict[str, str]:
    """Each input's SHA-256, by the name the manifest gives it; an entry the reader refuses
    (a folder, a pipe, a link out) is hashed with its refusal, so it still counts."""
    return {display_path(root, path): sha256(input_bytes(root, path))
            for path in sorted(set(files))}


def inputs_key(hashes: Mapping[str, str], *settings: str) -> str:
    """Every input's hash (`input_hashes`), with the build's settings and reportgen's
    version."""
    return digest("build", __version__, *settings,
                  *(part for name in sorted(hashes) for part in (name, hashes[name])))


def changed_inputs(root: Path, hashes: Mapping[str, str], previous: Previous) -> set[str]:
    """The inputs (as the manifest names them) added, removed or changed since the last
    build recorded them: those of `hashes` (`input_hashes`), and every file its manifest
    lists (a name reaching outside the project is taken as changed, never read)."""
    now = {name: found for name, found in hashes.items()
           if (root / name).is_file() or (root / name).is_symlink()}
    for name in previous.inputs.keys() - hashes.keys():
        path = root / name
        if not (Path(name).is_absolute() or ".." in Path(name).parts) and (
                path.is_file() or path.is_symlink()):
            now[name] = sha256(input_bytes(root, path))
    return {name for name in now.keys() | previous.inputs.keys()
            if now.get(name) != previous.inputs.get(name)}


def kept(previous: Previous, folder: Path, name: str, key: str) -> bytes | None:
    """The output as the last build made it, if its key is unchanged and the file is intact."""
    return as_left(previous, folder, name) if previous.keys.get(name) == key else None


def as_left(previous: Previous, folder: Path, name: str) -> bytes | None:
    """The output as the last build made it, if the file is intact (whatever its key)."""
    body = on_disk(folder / name)
    return body if body is not None and sha256(body) == previous.hashes.get(name) else None


def intact(previous: Previous, folder: Path) -> bool:
    """Every output the last build recorded is still there, byte for byte."""
    if not previous.hashes:
        return False
    for name, expected in previous.hashes.items():
        body = on_disk(folder / name)
        if body is None or sha256(body) != expected:
            return False
    return True


def on_disk(path: Path) -> bytes | None:
    """An output's bytes as they are now, if it is an ordinary file (a link or a pipe is
    never ours)."""
    try:
        return None if path.is_symlink() or not path.is_file() else path.read_bytes()
    except OSError:
        return None


STORE = ".typeset"  # output/.typeset/KEY.pdf
STORE_LIMIT = 200  # report PDFs: about 100 MB for ten directorates' of 50 indicators


def stored(root: Path, key: str) -> bytes | None:
    """A report PDF typeset before from the same HTML and layout, if the store has it."""
    path = root / OUTPUT_DIR / STORE / f"{key}.pdf"
    if (root / OUTPUT_DIR).is_symlink() or path.parent.is_symlink():
        return None
    body = on_disk(path)
    if body is None or not body.startswith(b"%PDF-"):
        return None
    with suppress(OSError):
        os.utime(path)  # used: the last to go
    return body


def store(root: Path, pdfs: Mapping[str, bytes]) -> None:
    """Report PDFs just typeset, kept by key for later builds; the least lately used go
    once there are more than STORE_LIMIT."""
    outputs, folder = root / OUTPUT_DIR, root / OUTPUT_DIR / STORE
    try:
        if not pdfs or outputs.is_symlink() or folder.is_symlink() or \
                (outputs.exists() and not outputs.is_dir()):
            return
        folder.mkdir(parents=True, exist_ok=True)
        for key, body in pdfs.items():
            with tempfile.NamedTemporaryFile(dir=folder, prefix=".", suffix=".part",
                                             delete=False) as part:
                part.write(body)
            os.replace(part.name, folder / f"{key}.pdf")  # a link in its place is replaced
        kept = sorted((entry for entry in folder.iterdir() if entry.suffix == ".pdf"
                       and entry.is_file() and not entry.is_symlink()),
                      key=lambda entry: entry.stat().st_mtime_ns, reverse=True)
        for entry in kept[STORE_LIMIT:]:
            entry.unlink()
        for entry in folder.glob(".*.part"):  # left by a build that was killed writing it
            if entry.stat().st_mtime < time.time() - 3600:
                entry.unlink()
    except OSError:
        pass  # a full disk or a read-only folder: the next build typesets again
