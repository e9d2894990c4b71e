"""Files a PDF carries (its figures as CSV), and their embedding in a PDF being made: the
corporate pack is joined from its parts' PDFs, so the join embeds its own figures before it
saves. Each is named and described, as PDF/UA asks, for assistive technology."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from pikepdf import AttachedFileSpec, Pdf


@dataclass(frozen=True)
class PdfAttachment:
    """A file embedded in a PDF (its figures as CSV), described for assistive technology."""

    name: str
    body: bytes
    description: str
    dated: datetime  # its creation and modification date: fixed, so builds are repeatable


def embed(pdf: Pdf, attachments: Sequence[PdfAttachment]) -> None:
    """`attachments` embedded in an open PDF, before it is saved."""
    for file in attachments:
        pdf.attachments[file.name] = AttachedFileSpec(
            pdf, file.body, description=file.description, filename=file.name,
            mime_type="text/csv", creation_date=_date(file.dated), mod_date=_date(file.dated))


def _date(when: datetime) -> str:
    """A PDF date string: D:YYYYMMDDHHmmSS."""
    return f"D:{when:%Y%m%d%H%M%S}"
