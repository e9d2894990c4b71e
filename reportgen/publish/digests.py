"""SHA-256, the one hash of builds and previews: of bytes, of several parts, of an input."""

from __future__ import annotations

import hashlib
from pathlib import Path

from reportgen.errors import ReportError
from reportgen.safe.files import read_bytes

REFUSED = b"\0refused: "  # hashed, with why, for a file the reader refuses


def sha256(data: bytes) -> str:
    """The SHA-256 of some bytes, in hex."""
    return hashlib.sha256(data).hexdigest()


def digest(*parts: str | bytes) -> str:
    """One SHA-256 over several parts, each length-prefixed so parts cannot run together."""
    hasher = hashlib.sha256()
    for part in parts:
        # surrogatepass: a file name that is not UTF-8 still hashes (valid text is unchanged)
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()


def input_bytes(root: Path, path: Path) -> bytes:
    """A project input's bytes, read as every project file is (bounded, inside the project,
    an ordinary file); REFUSED and the reason in their place when the reader refuses it (a
    folder, a pipe, a broken link, a link out, a file over the bound), so that a refused
    entry still changes the key when it appears, goes, or changes kind."""
    try:
        return read_bytes(path, path.name, root)
    except ReportError as exc:
        return REFUSED + str(exc).encode("utf-8", "surrogatepass")
