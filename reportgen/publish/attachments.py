"""Files a PDF carries (its figures as CSV), and their embedding in a PDF already made: the
corporate pack is joined from its parts' PDFs, so its own figures are attached after the
join. Each is named and described, as PDF/UA asks, for assistive technology."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import pikepdf
from pikepdf import AttachedFileSpec, Pdf


@dataclass(frozen=True)
class PdfAttachment:
    """A file embedded in a PDF (its figures as CSV), described for assistive technology."""

    name: str
    body: bytes
    description: str
    dated: datetime  # its creation and modification date: fixed, so builds are repeatable


def attach(pdf: bytes, attachments: Sequence[PdfAttachment]) -> bytes:
    """The PDF with `attachments` embedded; everything else as it was."""
    if not attachments:
        return pdf
    with Pdf.open(io.BytesIO(pdf)) as opened:
        for file in attachments:
            opened.attachments[file.name] = AttachedFileSpec(
                opened, file.body, description=file.description, filename=file.name,
                mime_type="text/csv", creation_date=_date(file.dated),
                mod_date=_date(file.dated))
        buffer = io.BytesIO()
        opened.save(buffer, deterministic_id=True, min_version=opened.pdf_version,
                    object_stream_mode=pikepdf.ObjectStreamMode.generate,
                    stream_decode_level=pikepdf.StreamDecodeLevel.none)
    return buffer.getvalue()


def _date(when: datetime) -> str:
    """A PDF date string: D:YYYYMMDDHHmmSS."""
    return f"D:{when:%Y%m%d%H%M%S}"
