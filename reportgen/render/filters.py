"""What a template gets from the report language's Formatter besides `fmt`: the Jinja
filters that format figures, and the translated page footer for print.css."""

from __future__ import annotations

from collections.abc import Mapping

from markupsafe import Markup

from reportgen.words.formatter import Formatter


def jinja_filters(fmt: Formatter) -> Mapping[str, object]:
    """The Jinja filters templates use to format figures."""
    return {
        "figure": fmt.result, "money": fmt.money,
        "change": lambda comparison, kpi: fmt.change(comparison, kpi, short=True),
        "signed_money": fmt.signed_money, "number": fmt.number, "pct": fmt.pct,
        "share": fmt.share, "quarter": fmt.quarter, "short_quarter": fmt.short_quarter,
        "date": fmt.date,
        "value": lambda amount, result: (
            "–" if amount is None else fmt.value(amount, result.kpi, short=True)),
    }


def page_counter_css(fmt: Formatter) -> Markup:
    """`"Page " counter(page) " of " counter(pages)`: the footer in CSS, translated."""
    return _counters(fmt._("Page %(page)s of %(pages)s", page="\0page\0", pages="\0pages\0"))


def pack_page_counter_css(fmt: Formatter) -> Markup:
    """`"Pack page " counter(page) " of " counter(pages)`: the pack's page numbers in CSS."""
    return _counters(fmt._("Pack page %(page)s of %(pages)s", page="\0page\0",
                           pages="\0pages\0"))


def _counters(text: str) -> Markup:
    parts = []
    for index, piece in enumerate(text.split("\0")):
        if index % 2:
            parts.append(f"counter({piece})")
        elif piece:
            parts.append('"' + piece.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return Markup(" ".join(parts))  # CSS, not HTML: its quotes must stay as they are
