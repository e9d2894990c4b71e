"""The languages of a report. English is the source language: the messages in the code and
templates are English, its narratives are the ones every translation is checked against,
and its files carry no language suffix (`children.md`, `children.cy.md`)."""

from typing import Final

SOURCE_LANGUAGE: Final = "en"
