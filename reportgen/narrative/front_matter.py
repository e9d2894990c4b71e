"""A narrative's front matter: its title, and whether (and by whom) it is approved."""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, field_validator

from reportgen.errors import Location, Problems, ReportError
from reportgen.load.schema import validate_model
from reportgen.safe.yamlfile import LineDict, parse_yaml

# the opening ---, the YAML, and the closing --- (also read by `reportgen new`)
FRONT_MATTER = re.compile(r"\A(---[ \t]*\r?\n)(.*?)(^---[ \t]*(?:\r?\n|\Z))", re.S | re.M)
STATUSES = ("draft", "approved")
_DAY_MONTH_YEAR = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")


class FrontMatter(BaseModel):
    """The YAML block at the top of a narrative."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    title: str | None = None
    status: Literal["draft", "approved"] = "draft"
    approved_by: str | None = None
    approved_on: date | None = None

    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, value: Any) -> Any:
        """`Approved` or `DRAFT` as typed in Word's habit of capitals: the case is ignored."""
        if value is None:
            return "draft"
        text = str(value).strip().lower()
        if text not in STATUSES:
            raise ValueError(f"'{value}' is not a status: write 'status: draft' or "
                             "'status: approved' (capitals are fine)")
        return text

    @field_validator("approved_on", mode="before")
    @classmethod
    def _approved_on(cls, value: Any) -> Any:
        """Only YYYY-MM-DD: 03/04/2018 is April to one reader and March to another."""
        if not isinstance(value, str) or not value.strip():
            return value or None
        found = _DAY_MONTH_YEAR.match(value)
        if found:
            day, month, year = (int(part) for part in found.groups())
            try:
                meant = f" (here {date(year, month, day).isoformat()}, if {day} is the day)"
            except ValueError:
                meant = ""
            raise ValueError(f"'{value}' is not a date reportgen reads: write it as "
                             f"YYYY-MM-DD{meant}")
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"'{value}' is not a date reportgen reads: write it as "
                             "YYYY-MM-DD, e.g. 2018-01-24") from None


def split_front_matter(text: str, display: str) -> tuple[Any, str, int]:
    """Front matter data, the body, and the body's first line number."""
    match = FRONT_MATTER.match(text)
    if not match:
        return {}, text, 1
    data = parse_yaml(match[2], display, first_line=2) or {}
    return data, text[match.end():], match[0].count("\n") + 1


def read_front_matter(text: str, display: str,
                      problems: Problems) -> tuple[FrontMatter, str, int] | None:
    """The front matter, the body and the body's first line; None when it is unusable."""
    try:
        data, body, first_line = split_front_matter(text, display)
    except ReportError as exc:
        problems.extend(exc.problems)
        return None
    if not isinstance(data, dict):
        problems.error(Location(display, 2), "front matter must be a mapping",
                       "write 'title: ...' and 'status: draft' between the --- lines")
        return None
    front = validate_model(FrontMatter, data, display, problems)
    if front is None:
        return None
    if isinstance(data, LineDict) and front.status == "approved" and not front.approved_by:
        problems.warning(Location(display, data.lines.get("status")),
                         "approved narrative does not say who approved it",
                         "add 'approved_by:' and 'approved_on:' to the front matter")
    return front, body, first_line
