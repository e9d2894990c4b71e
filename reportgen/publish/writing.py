"""The atomic hand-over: a build's files go into output/QUARTER all at once, or not at all.

Every new file is written into a staging folder first. Then one journal is written and
renamed into place: that rename is the single step that switches the quarter from the old
set of files to the new one. The journal lists the renames that follow and the old files to
remove; if the build is killed in the middle of them, the next build (or hand-over) reads the
journal and finishes them before it does anything else, so the folder always ends up holding
one whole set. Without a journal, what is left in staging was never published and is
removed. Two builds of the same quarter take turns through a lock on the hand-over."""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from reportgen.errors import ReportError
from reportgen.paths import OUTPUT_DIR
from reportgen.publish.cache import on_disk
from reportgen.publish.manifest import MANIFEST, previous_build
from reportgen.safe.files import MAX_TEXT_BYTES, read_bytes

_OLD_STAGING = re.compile(r"^\.staging-[a-z0-9_]{8}$")  # left by builds before the journal


def publish(folder: Path, files: dict[str, bytes], display: str,
            unchanged: Collection[str] = ()) -> list[Path]:
    """Put `files` into `folder` as one set, remove the previous build's outputs that this
    build did not make, and return the paths written. A file already in place with the same
    bytes is left as it is (`unchanged` names those the caller saw so; each is checked again
    here, under the lock, since another build may have written since).

    Nothing is written until every output is ready, and a rename never leaves a half-written
    file, so a failed build keeps what was published and an interrupted one is finished by
    the next. Nothing is written through a symbolic link: if output/, output/QUARTER or a
    file in it is a link, the build stops before writing. Files no manifest ever listed (an
    officer's own notes) are left."""
    outputs = folder.parent
    _refuse_links(outputs, folder, display)
    for path, shown in ((outputs, OUTPUT_DIR), (folder, display)):
        if path.exists() and not path.is_dir():
            raise ReportError.at(shown, "is a file, not a folder: the build writes its files "
                                 "into a folder of this name", f"rename or move the file "
                                 f"{shown}; the build makes the folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _refuse_links(outputs, folder, display)  # made since the check: still no links
    except OSError as exc:
        raise _cannot_write(display, exc, "make sure output/ and output/QUARTER are folders "
                            "you may write to") from None
    with _turn(folder, display):
        _finish(folder)
        stale = previous_outputs(folder) - set(files)
        changed = [name for name in files
                   if name not in unchanged or on_disk(folder / name) != files[name]]
        changed.sort(key=lambda name: name == MANIFEST)  # the manifest last: it says what is
        staging = None
        try:
            staging = Path(tempfile.mkdtemp(prefix=f".staging-{folder.name}-", dir=outputs))
            for name in changed:
                (staging / name).write_bytes(files[name])
            _write_journal(folder, {"staging": staging.name, "moves": changed,
                                    "removes": sorted(stale)})
        except OSError as exc:
            if staging is not None:
                shutil.rmtree(staging, ignore_errors=True)
            raise _cannot_write(display, exc, "free some disk space, or close the report if "
                                "another program has it open") from None
        try:
            _finish(folder)  # the switch is made: from here on, the new set is the one
        except OSError as exc:
            raise _cannot_write(display, exc, "close the report if another program has it "
                                "open, then build again: the next build finishes the "
                                "hand-over") from None
    return [folder / name for name in changed]


def recover(folder: Path) -> None:
    """Finish a hand-over an interrupted build left, and remove what it left unpublished, so
    the folder holds one whole set of files before anything reads it. Quiet when it cannot:
    the hand-over that follows tries again and says what is wrong."""
    if not folder.parent.is_dir() or folder.parent.is_symlink():
        return
    try:
        with _turn(folder, str(folder)):
            _finish(folder)
    except (OSError, ReportError):
        return


def previous_outputs(folder: Path) -> set[str]:
    """The files the last build's manifest lists as its outputs and that are still there:
    plain names of ordinary files in `folder` only, whatever the manifest says."""
    names = {name for name in previous_build(folder).outputs if _plain_name(name)}
    return {name for name in names
            if (folder / name).is_file() and not (folder / name).is_symlink()}


def _journal(folder: Path) -> Path:
    return folder.parent / f".{folder.name}.journal"


def _write_journal(folder: Path, entries: dict[str, object]) -> None:
    """The switch: the journal appears whole, by one rename, or not at all."""
    journal = _journal(folder)
    draft = journal.with_name(journal.name + ".new")
    draft.unlink(missing_ok=True)  # never written through: O_EXCL makes a new file or fails
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(entries, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(draft, journal)


def _finish(folder: Path) -> None:
    """Carry out the journal, if there is one, then remove it and every staging folder of
    this quarter (none is in use: the caller holds the quarter's turn)."""
    journal = _journal(folder)
    entries = _read_journal(journal)
    if entries is not None:
        staging = folder.parent / entries.staging
        for name in entries.moves:
            if (staging / name).is_file() and not (staging / name).is_symlink():
                os.replace(staging / name, folder / name)  # a name already moved is gone
        for name in entries.removes:
            target = folder / name
            if target.is_file() and not target.is_symlink():
                target.unlink()
    journal.unlink(missing_ok=True)
    journal.with_name(journal.name + ".new").unlink(missing_ok=True)
    for left in folder.parent.iterdir():
        if left.is_dir() and not left.is_symlink() and (
                left.name.startswith(f".staging-{folder.name}-")
                or _OLD_STAGING.match(left.name)):
            shutil.rmtree(left, ignore_errors=True)


@dataclass(frozen=True)
class Journal:
    """A hand-over under way: the staging folder, the files to move from it, in order, and
    the previous build's files to remove."""

    staging: str
    moves: list[str]
    removes: list[str]


def _read_journal(journal: Path) -> Journal | None:
    """The journal's entries, if it is there and of the shape this module writes; a journal
    of any other shape is not ours to follow (it is removed, with the staging folders)."""
    if not journal.exists() and not journal.is_symlink():
        return None
    try:
        data = json.loads(read_bytes(journal, journal.name, journal.parent, MAX_TEXT_BYTES))
    except (ReportError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    staging, moves, removes = data.get("staging"), data.get("moves"), data.get("removes")
    if not (isinstance(staging, str) and _plain_name(staging)
            and staging.startswith(".staging-")):
        return None
    if not all(isinstance(names, list) and all(isinstance(n, str) and _plain_name(n)
                                               for n in names) for names in (moves, removes)):
        return None
    return Journal(staging, list(moves or ()), list(removes or ()))


@contextmanager
def _turn(folder: Path, display: str) -> Iterator[None]:
    """Hold the quarter's lock: another build of it waits here until this hand-over is done.
    The system releases it if the build is killed, so a lock is never left behind."""
    lock = folder.parent / f".{folder.name}.lock"
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
    except OSError as exc:
        raise _cannot_write(display, exc, "make sure output/ is a folder you may write "
                            "to") from None
    try:
        _lock(fd)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _lock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        while True:
            try:
                msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
                return
            except OSError:  # LK_LOCK gives up after 10 s: the other build is still at it
                continue
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX)


def _cannot_write(display: str, exc: OSError, hint: str) -> ReportError:
    return ReportError.at(display, f"cannot write the outputs here ({exc.strerror or exc})",
                          hint)


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
