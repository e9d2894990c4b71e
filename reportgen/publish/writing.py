"""The atomic hand-over: a build's files go into output/QUARTER all at once, or not at all."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Collection
from pathlib import Path

from reportgen.errors import ReportError
from reportgen.paths import OUTPUT_DIR
from reportgen.publish.manifest import previous_build


def publish(folder: Path, files: dict[str, bytes], display: str,
            unchanged: Collection[str] = ()) -> list[Path]:
    """Write every file beside its final place, then rename each into place, then remove the
    previous build's outputs that this build did not make. Files named in `unchanged` are
    already in place with these bytes, and are left as they are.

    Nothing is written until every output is ready, and a rename never leaves a half-written
    file, so a failed or interrupted build keeps what was published. Nothing is written
    through a symbolic link: if output/, output/QUARTER or a file in it is a link, the build
    stops before writing. Files no manifest ever listed (an officer's own notes) are left."""
    outputs = folder.parent
    _refuse_links(outputs, folder, display)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _refuse_links(outputs, folder, display)  # made since the check: still no links
        staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=outputs))
    except OSError as exc:
        raise ReportError.at(display, f"cannot write the outputs here "
                             f"({exc.strerror or exc})", "make sure output/ and output/QUARTER "
                             "are folders you may write to") from None
    stale = previous_outputs(folder) - set(files)
    changed = [name for name in files if name not in unchanged]  # the rest are in place
    try:
        for name in changed:
            (staging / name).write_bytes(files[name])
        written = []
        for name in changed:
            os.replace(staging / name, folder / name)
            written.append(folder / name)
        for name in sorted(stale):
            (folder / name).unlink(missing_ok=True)
        return written
    except OSError as exc:
        raise ReportError.at(display, f"cannot write the outputs here "
                             f"({exc.strerror or exc})", "free some disk space, or close the "
                             "report if another program has it open") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def previous_outputs(folder: Path) -> set[str]:
    """The files the last build's manifest lists as its outputs and that are still there:
    plain names of ordinary files in `folder` only, whatever the manifest says."""
    names = {name for name in previous_build(folder).outputs if _plain_name(name)}
    return {name for name in names
            if (folder / name).is_file() and not (folder / name).is_symlink()}


def _plain_name(name: str) -> bool:
    return bool(name) and name not in (".", "..") and "/" not in name and "\\" not in name \
        and "\0" not in name


def _refuse_links(outputs: Path, folder: Path, display: str) -> None:
    """A located error if the output folders, or anything in the quarter's, is a link."""
    for path, shown in ((outputs, OUTPUT_DIR), (folder, display)):
        if path.is_symlink():
            raise ReportError.at(shown, "is a symbolic link: reportgen writes only into real "
                                 "folders inside the project", f"delete the link {shown} "
                                 "(the build makes the folder)")
    if folder.is_dir():
        for entry in sorted(folder.iterdir()):
            if entry.is_symlink():
                shown = f"{display}/{entry.name}"
                raise ReportError.at(shown, "is a symbolic link: reportgen never writes "
                                     "through a link", f"delete {shown}; the build writes the "
                                     "file itself")
