"""The build's manifest, output/QUARTER/manifest.json: what the build was made from and what
it made, each file by its hash, with the keys the next build compares to keep outputs.

This module alone writes it and reads it back. Anyone who can write to output/ can edit it, so
it is read bounded in size and its shape checked: anything unexpected means no previous build
(a full rebuild that removes nothing), never an error."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeGuard

from reportgen import __version__
from reportgen.errors import ReportError
from reportgen.publish.digests import sha256
from reportgen.safe.files import MAX_TEXT_BYTES, read_bytes

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Previous:
    """What the last build into a folder recorded in its manifest."""

    build_key: str | None = None
    keys: dict[str, str] = field(default_factory=dict)  # output name -> key
    hashes: dict[str, str] = field(default_factory=dict)  # output name -> SHA-256
    warnings: tuple[str, ...] = ()  # as printed, so a build with nothing to do repeats them
    inputs: dict[str, str] = field(default_factory=dict)  # input path -> SHA-256

    @property
    def outputs(self) -> list[str]:
        """The names of the files the last build made, as its manifest lists them."""
        return sorted(self.hashes)


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
            display = display_path(root, path)
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


def display_path(root: Path, path: Path) -> str:
    """A file's path as the manifest shows it: relative to the project, else as given."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def previous_build(folder: Path) -> Previous:
    """The last build's record, or an empty one when there is no manifest of the right shape."""
    path = folder / MANIFEST
    try:
        if path.is_symlink():  # the manifest is only ever written as a plain file
            return Previous()
        data = json.loads(read_bytes(path, MANIFEST, folder, MAX_TEXT_BYTES))
    except (ReportError, OSError, ValueError, RecursionError):  # RecursionError: nesting too deep
        return Previous()
    if not isinstance(data, dict):
        return Previous()
    build_key, keys, hashes = data.get("build_key"), data.get("keys", {}), data.get("outputs", {})
    warnings, inputs = data.get("warnings", []), data.get("inputs", {})
    if not (_text_or_none(build_key) and _names(keys) and _names(hashes) and _names(inputs)
            and isinstance(warnings, list) and all(isinstance(w, str) for w in warnings)):
        return Previous()
    return Previous(build_key, dict(keys), dict(hashes), tuple(warnings), dict(inputs))


def _text_or_none(found: object) -> TypeGuard[str | None]:
    return found is None or isinstance(found, str)


def _names(found: object) -> TypeGuard[dict[str, str]]:
    """A mapping of text to text, as the manifest's `keys` and `outputs` are."""
    return isinstance(found, dict) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in found.items())
