"""Reading a project's files: any failure becomes a located ReportError, never a traceback."""

from __future__ import annotations

from pathlib import Path

from .errors import ReportError


def read_bytes(path: Path, display: str) -> bytes:
    """The file's bytes; a folder, a broken link or no permission is the user's to fix."""
    if path.is_dir():
        raise ReportError.at(display, "is a folder, not a file", "rename or move the folder")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ReportError.at(display, f"cannot be read ({exc.strerror or exc})",
                             "check that the file exists and that you may read it") from None


def read_utf8(path: Path, display: str) -> str:
    """The file's text in UTF-8 (a byte-order mark is allowed)."""
    try:
        return read_bytes(path, display).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        text = read_bytes(path, display)[: exc.start]
        line = text.count(b"\n") + 1
        raise ReportError.at(display, "is not UTF-8 text",
                             "save it as UTF-8 (in Notepad: Save as, Encoding UTF-8)",
                             line) from None
