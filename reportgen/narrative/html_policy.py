"""What a narrative's HTML may keep: the tags and attributes markdown makes, and no more."""

from __future__ import annotations

import nh3

from reportgen.safe.sanitise import CONTROLS

ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "b", "i", "a", "br",
    "hr", "blockquote", "code", "pre", "table", "thead", "tbody", "tr", "th", "td", "abbr",
    "img", "sup", "sub", "del",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"}, "abbr": {"title"}, "img": {"src", "alt", "title"},
    "th": {"scope", "colspan", "rowspan", "align", "style"},
    "td": {"colspan", "rowspan", "align", "style"},
    **{f"h{n}": {"id"} for n in range(2, 7)},
}


def sanitise(html: str) -> str:
    """The HTML with every other tag, attribute, link scheme and style dropped, and with no
    control character, however written (the reader removed those typed in the file)."""
    return CONTROLS.sub("", nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                                      url_schemes={"http", "https", "mailto"},
                                      filter_style_properties={"text-align"}))
