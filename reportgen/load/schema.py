"""Turning parsed YAML into typed models, with every problem placed at its line."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from reportgen.errors import Location, Problems, closest
from reportgen.safe.yamlfile import LineDict, line_of

M = TypeVar("M", bound=BaseModel)


def validate_model(
    model: type[M], data: Any, path: str, problems: Problems, prefix: tuple[int | str, ...] = ()
) -> M | None:
    """Validate `data` as `model`; on failure record each error at its YAML line."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            loc = tuple(error["loc"])
            field = ".".join(str(part) for part in (*prefix, *loc)) or "file"
            message = error["msg"].removeprefix("Value error, ")
            problems.error(
                Location(path, line_of(data, loc)),
                f"{field}: {message}",
                _hint(error),
            )
        return None


def _hint(error: Any) -> str:
    kind, loc = error["type"], tuple(error["loc"])
    if kind == "missing":
        return f"add '{loc[-1]}' here"
    if kind in ("literal_error", "enum"):
        allowed = re.findall(r"'([^']*)'", str(error.get("ctx", {}).get("expected", "")))
        close = closest(str(error.get("input", "")), allowed) if allowed else None
        return f"did you mean '{close}'?" if close else "use one of the values listed"
    return "see docs/formats.md (reportgen docs formats)"


def warn_unknown_keys(
    data: Any, known: Iterable[str], path: str, problems: Problems, what: str
) -> None:
    """Warn about keys that are not part of the format (usually a typo)."""
    if not isinstance(data, LineDict):
        return
    known = sorted(known)
    for key in data:
        if key not in known:
            close = closest(str(key), known)
            hint = f"did you mean '{close}'?" if close else f"valid keys: {', '.join(known)}"
            problems.warning(
                Location(path, data.lines.get(key)), f"unknown {what} key '{key}' is ignored", hint
            )
