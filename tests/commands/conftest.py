"""Fixtures the command tests share."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reportgen.commands.serve import Server


@pytest.fixture
def server(example: Path) -> Iterator[Server]:
    """The preview of the example's 2017Q3, running on a free loopback port."""
    running = Server(example, "2017Q3", port=0)
    running.start()
    try:
        yield running
    finally:
        running.stop()
