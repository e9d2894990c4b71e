"""The W3C Nu HTML checker (vnu.jar from the npm package vnu-jar) on Java."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from .tools import CheckerError, executable, node_file, run


def run_vnu(html_paths: Iterable[Path | str], *, timeout: float = 300) -> list[dict[str, Any]]:
    """vnu's error messages for the pages, each with `path` added (empty when all are valid).

    One Java process checks every page given, so pass them all at once.
    """
    paths = [Path(p).resolve() for p in html_paths]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise FileNotFoundError(", ".join(missing))
    if not paths:
        return []
    java = executable("java", "default-jre-headless")
    jar = node_file("vnu-jar", "build/dist/vnu.jar")
    command = [
        java,
        "-Xss16m",
        "-jar",
        str(jar),
        "--format",
        "json",
        "--errors-only",
        "--exit-zero-always",
        "--stdout",
        *map(str, paths),
    ]
    finished = run(command, timeout)
    try:
        messages: list[dict[str, Any]] = json.loads(finished.stdout)["messages"]
    except (ValueError, KeyError) as error:
        raise CheckerError(
            f"vnu gave no JSON report (exit {finished.returncode}):\n"
            f"{finished.stdout[-2000:]}{finished.stderr[-2000:]}"
        ) from error
    for message in messages:
        url = message.get("url", "")
        message["path"] = unquote(urlparse(url).path) if url.startswith("file:") else url
    return messages


def format_vnu(messages: list[dict[str, Any]]) -> str:
    """Messages as `file:line:column: type: message` lines, each with the offending extract."""
    lines: list[str] = []
    for message in messages:
        where = f"{Path(message.get('path', '?')).name}:{message.get('lastLine', '?')}"
        if "firstColumn" in message:
            where += f":{message['firstColumn']}"
        lines.append(f"{where}: {message.get('type')}: {message.get('message')}")
        if extract := message.get("extract"):
            lines.append(f"    {' '.join(extract.split())}")
    return "\n".join(lines)
