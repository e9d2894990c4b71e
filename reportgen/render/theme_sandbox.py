"""The project's theme (templates/) run safely: read like every project file, sandboxed when run.

A project's templates come from the same shared repository as its data, so they get no more
power than a narrative: they lay out the figures they are given, and cannot reach Python's
internals, run programs, read files outside the project or change the objects they are given.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from jinja2 import BaseLoader, Environment, TemplateNotFound
from jinja2.bccache import Bucket, BytecodeCache
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment

from reportgen.safe.files import MAX_TEXT_BYTES, read_utf8


class ThemeSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox: no attribute starting '_', no unsafe callables (so no path
    from `cycler.__init__.__globals__` to `os.popen`), no changing lists or dicts in place,
    and `range` bounded. A drop-in for `jinja2.Environment` in the theme."""


class CompiledOnce(BytecodeCache):
    """Each template compiled once per process, whichever theme or language asks: the
    compiled code depends only on the template's name and source (Jinja checks the source's
    checksum before using it) and on the environment's settings, the same in every theme."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


COMPILED = CompiledOnce()


class ProjectLoader(BaseLoader):
    """Templates from the project's templates/ folder, read through `files.read_utf8`: a link
    out of the project, a device or a file over MAX_TEXT_BYTES is a ReportError at the file;
    a name with '..' or a missing file is not found (so the built-in theme answers)."""

    def __init__(self, root: Path, folder: str = "templates") -> None:
        self.root = root
        self.folder = root / folder

    def get_source(self, environment: Environment,
                   template: str) -> tuple[str, str | None, Callable[[], bool] | None]:
        path = self.folder.joinpath(*split_template_path(template))  # refuses '..'
        if not (path.exists() or path.is_symlink()):
            raise TemplateNotFound(template)
        display = path.relative_to(self.root).as_posix()
        text = read_utf8(path, display, self.root, limit=MAX_TEXT_BYTES)
        mtime = _mtime(path)
        return text, os.fspath(path), lambda: _mtime(path) == mtime

    def list_templates(self) -> list[str]:
        if not self.folder.is_dir():
            return []
        return sorted(p.relative_to(self.folder).as_posix() for p in self.folder.rglob("*")
                      if p.is_file() or p.is_symlink())


def _mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime
    except OSError:
        return None
