"""The build's manifest: what it was made from and what it made, each file by its hash."""

from __future__ import annotations

import hashlib
import json
import subprocess
from collections.abc import Iterable
from pathlib import Path

from reportgen import __version__
from reportgen.safe.files import read_bytes


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def git_commit(root: Path) -> str | None:
    """The project's current commit, with '-dirty' if files differ from it; None outside git."""
    # core.fsmonitor names a program git runs: a project's git settings must not run anything
    git = ["git", "-c", "core.fsmonitor=false"]
    try:
        commit = subprocess.run([*git, "rev-parse", "HEAD"], cwd=root, capture_output=True,
                                text=True, check=True, timeout=10).stdout.strip()
        status = subprocess.run([*git, "status", "--porcelain", "--", ".", ":!output"],
                                cwd=root, capture_output=True, text=True, check=True,
                                timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return f"{commit}-dirty" if status.strip() else commit


def manifest(root: Path, quarter: str, inputs: Iterable[Path], outputs: dict[str, bytes],
             keys: dict[str, str] | None = None, build_key: str | None = None,
             warnings: Iterable[str] = (),
             approvals: dict[str, dict[str, str | None]] | None = None) -> bytes:
    """The build's provenance: tool version, git commit, and the hash of every file.

    Inputs are read as every project file is (files.read_bytes): a link out of the project,
    a device or an oversized file is an error at that file, never hashed."""
    hashes = {}
    for path in sorted(set(inputs)):
        if path.is_file() or path.is_symlink():
            display = _display(root, path)
            hashes[display] = sha256(read_bytes(path, display, root))
    data = {
        "tool": "reportgen", "version": __version__, "quarter": quarter,
        "git_commit": git_commit(root),
        "inputs": hashes,
        "outputs": {name: sha256(body) for name, body in sorted(outputs.items())},
        "keys": dict(sorted((keys or {}).items())),  # what each PDF was typeset from
        "build_key": build_key,  # every input's bytes, with the build's settings
        "warnings": list(warnings),
        "approvals": approvals or {},  # each report's sign-off: status, by whom, when
    }
    return (json.dumps(data, indent=2) + "\n").encode()


def _display(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
