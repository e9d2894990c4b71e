"""Reading a project's files: inside the project, bounded in size, and any failure located.

Every file a report reads is untrusted: a project is shared in git by many people and built on
shared machines. A file is read only if its real path (after every symbolic link) is inside the
project, it is an ordinary file (not a device, pipe or socket, which could be endless or block),
and it is no larger than its bound. Anything else is a ReportError at the file, never a traceback.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from reportgen.errors import Location, Problem, Problems, ReportError
from reportgen.safe.sanitise import conflict_markers, strip_controls

MB = 1024 * 1024
MAX_DATA_BYTES = 50 * MB  # a data file (CSV, XLSX) or an image
MAX_TEXT_BYTES = 2 * MB  # YAML settings and catalogue, a narrative
MAX_NAME_BYTES = 255  # one file or folder name, as the common file systems allow
MAX_PATH_BYTES = 4096  # a whole path, as Linux allows

# the local `refuse` helpers: a message and a hint in, the located error out
Refuse = Callable[[str, str], ReportError]
_OUTSIDE_HINT = ("copy the file into the project instead of linking to it: a report reads only "
                 "files inside its own project")


def project_file(root: Path | None, path: Path, display: str, limit: int = MAX_DATA_BYTES,
                 at: Location | None = None) -> Path:
    """The real path of an ordinary file inside `root`, no larger than `limit`; else a ReportError.

    The error is at `display` (the file), or at `at` (the place that names the file, such as
    a logo in reportgen.yaml) with the file's name in the message. With `root` None only the
    kind of file and its size are checked."""
    refuse = refuser(display, at)
    _check_name(path, refuse)
    try:
        real = path.resolve()
        if root is not None and not real.is_relative_to(root.resolve()):
            raise refuse(f"is a link to {real}, outside the project" if _is_link(path, root)
                         else "is outside the project", _OUTSIDE_HINT)
        info = real.stat()
    except (OSError, RuntimeError) as exc:  # RuntimeError: a loop of symbolic links
        raise _unreadable(exc, refuse) from None
    _check_kind(info, limit, refuse)
    return real


def read_bytes(path: Path, display: str, root: Path | None = None,
               limit: int = MAX_DATA_BYTES, at: Location | None = None) -> bytes:
    """The file's bytes, read only if `project_file` allows it (errors at `display`, or `at`).

    `root` defaults to the project folder implied by `display`, the file's project-relative
    path (`data/quarters/2017Q3/a.csv` for `<root>/data/quarters/2017Q3/a.csv`)."""
    root = root if root is not None else project_root_of(path, display)
    real = project_file(root, path, display, limit, at)
    refuse = refuser(display, at)

    try:
        # O_NONBLOCK: a pipe swapped in since the check must not block the build;
        # O_NOFOLLOW: nor may a link swapped in for the checked file.
        fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        raise _unreadable(exc, refuse) from None
    with os.fdopen(fd, "rb") as handle:
        _check_kind(os.fstat(handle.fileno()), limit, refuse)
        data = handle.read(limit + 1)  # a file still growing is cut off at the bound
    if len(data) > limit:
        raise refuse(*_too_large(len(data), limit))
    return data


def read_utf8(path: Path, display: str, root: Path | None = None,
              problems: Problems | None = None, limit: int = MAX_TEXT_BYTES) -> str:
    """The file's text in UTF-8 (a byte-order mark is allowed), or UTF-16 with its byte-order
    mark, without control characters.

    Control characters (NUL, form feed, ESC…, as pasted from Word) are removed with a warning
    at each line into `problems`; without `problems` to take warnings, they are an error.
    The lines of an unresolved merge conflict are an error either way."""
    raw = read_bytes(path, display, root, limit)
    try:
        # Notepad's "Unicode" is UTF-16, and says so by its byte-order mark
        text = raw.decode("utf-16" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else
                          "utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ReportError.at(display, "is not UTF-8 text",
                             "save it as UTF-8 (in Notepad: Save as, Encoding UTF-8)",
                             line) from None
    clean, found = strip_controls(text, display, 1, "warning" if problems is not None else "error")
    found += conflict_markers(clean, display)
    if problems is None and found:
        raise ReportError(found)
    if problems is not None:
        problems.extend(found)
    return clean


def project_root_of(path: Path, display: str) -> Path | None:
    """The project folder, when `display` is `path` relative to it; else None."""
    parts = PurePosixPath(display).parts
    if not parts or PurePosixPath(display).is_absolute() or ".." in parts:
        return None
    if path.parts[-len(parts):] != parts or len(path.parts) <= len(parts):
        return None
    return Path(*path.parts[: -len(parts)])


def refuser(display: str, at: Location | None) -> Refuse:
    """Errors at the file, or at the place that names it (then the message names the file)."""
    subject = f"'{display}' " if at is not None else ""

    def refuse(message: str, hint: str) -> ReportError:
        return ReportError([Problem(at or Location(display), subject + message, hint)])

    return refuse


def _check_name(path: Path, refuse: Refuse) -> None:
    text = os.fspath(path)
    if "\0" in text:
        raise refuse("has a NUL character in its name",
                     "retype the name: an invisible character was pasted into it")
    encoded = os.fsencode(text.replace("\0", ""))
    if len(encoded) > MAX_PATH_BYTES or any(len(part) > MAX_NAME_BYTES
                                            for part in encoded.split(b"/")):
        raise refuse(f"has a name too long for the file system (over {MAX_NAME_BYTES} bytes)",
                     "give the file a shorter name")


def _is_link(path: Path, root: Path) -> bool:
    """Whether any part of `path` below `root` is a symbolic link."""
    current = path
    while current != current.parent and current != root:
        if current.is_symlink():
            return True
        current = current.parent
    return False


def _check_kind(info: os.stat_result, limit: int, refuse: Refuse) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise refuse("is a folder, not a file", "rename or move the folder")
    if not stat.S_ISREG(info.st_mode):
        raise refuse("is a device, pipe or socket, not an ordinary file",
                     "replace it with an ordinary file: a report never reads from these")
    if info.st_size > limit:
        raise refuse(*_too_large(info.st_size, limit))


def _too_large(size: int, limit: int) -> tuple[str, str]:
    return (f"is {_megabytes(size)}, over the {_megabytes(limit)} a project file of this kind "
            "may be", "check that it is the right file; split a larger data file by quarter")


def _megabytes(size: int) -> str:
    return f"{size / MB:,.1f} MB" if size % MB else f"{size // MB:,} MB"


def _unreadable(exc: OSError | RuntimeError, refuse: Refuse) -> ReportError:
    if isinstance(exc, OSError) and exc.errno == errno.ENAMETOOLONG:
        return refuse("has a name too long for the file system", "give the file a shorter name")
    if isinstance(exc, RuntimeError) or exc.errno == errno.ELOOP:
        return refuse("is a symbolic link that leads back to itself",
                      "replace the link with the file itself")
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return refuse(f"cannot be read ({reason})",
                  "check that the file exists and that you may read it")
