"""Fixtures the command tests share."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from reportgen.commands.serve import Server


@contextmanager
def preview(example: Path, allow_remote: str | None = None) -> Iterator[Server]:
    """The preview of the example's 2017Q3 on a free loopback port, stopped on leaving."""
    running = Server(example, "2017Q3", port=0, allow_remote=allow_remote)
    running.start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def server(example: Path) -> Iterator[Server]:
    """The preview of the example's 2017Q3, running on a free loopback port."""
    with preview(example) as running:
        yield running
