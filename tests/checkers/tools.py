"""Finding the checker tools, and the errors that say what to install."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

INSTALL_SCRIPT = ".ci/install-checkers"


class CheckerMissing(RuntimeError):
    """A checker tool is not installed; the message names the install step."""

    def __init__(self, what: str, step: str) -> None:
        super().__init__(
            f"{what} is not installed. Install step missing: {step} "
            f"(`bash {INSTALL_SCRIPT}` does every step)"
        )


class CheckerError(RuntimeError):
    """A checker tool ran but failed, so it gave no verdict."""


def checkers_dir() -> Path:
    """Where `.ci/install-checkers` puts the npm packages and compiled helpers.

    `$REPORTGEN_CHECKERS`, else `$XDG_CACHE_HOME/reportgen-checkers`, else
    `~/.cache/reportgen-checkers`: outside the work tree, so a fresh clone on the same
    machine reuses it and nothing needs ignoring in git.
    """
    if env := os.environ.get("REPORTGEN_CHECKERS"):
        return Path(env)
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "reportgen-checkers"


def node_file(package: str, relative: str) -> Path:
    """A file of an npm package installed by the install script."""
    path = checkers_dir() / "node_modules" / package / relative
    if not path.is_file():
        raise CheckerMissing(
            f"npm package {package} ({path})",
            f"npm install --prefix {checkers_dir()} {package}@<version pinned in {INSTALL_SCRIPT}>",
        )
    return path


def executable(name: str, apt_package: str) -> str:
    """The path of a program on PATH, or CheckerMissing naming its Debian package."""
    found = shutil.which(name)
    if found is None:
        raise CheckerMissing(f"the program `{name}`", f"apt-get install {apt_package}")
    return found


def run(command: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
    """Run a checker command, capturing its output as text."""
    try:
        return subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired as error:
        raise CheckerError(f"{command[0]} did not finish within {timeout:.0f}s") from error
