"""Where in a template a failure happened: the innermost frame that runs a template."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from types import FrameType, TracebackType

TEMPLATE_NAME = "<template>"  # the file name Jinja gives a template made from a string


def is_narrative(filename: str) -> bool:
    """Whether a frame runs a narrative: a template Jinja made from a string."""
    return filename == TEMPLATE_NAME


def template_frame(where: TracebackType | FrameType | None,
                   is_template: Callable[[str], bool] = is_narrative) -> tuple[str, int] | None:
    """The file name and line of the innermost frame running a template, or None.

    In a traceback Jinja has already given each template frame its template line; in the
    running stack (`FrameType`) the line is the compiled code's, which the template maps."""
    for filename, line in _innermost_first(where):
        if is_template(filename):
            return filename, line
    return None


def _innermost_first(where: TracebackType | FrameType | None) -> Iterator[tuple[str, int]]:
    if isinstance(where, FrameType):
        frame: FrameType | None = where
        while frame is not None:
            yield frame.f_code.co_filename, frame.f_lineno
            frame = frame.f_back
        return
    outermost_first = []
    tb = where
    while tb is not None:
        outermost_first.append((tb.tb_frame.f_code.co_filename, tb.tb_lineno))
        tb = tb.tb_next
    yield from reversed(outermost_first)
