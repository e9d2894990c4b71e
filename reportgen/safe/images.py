"""Images a report embeds: raster images judged by their header, SVG stripped of active content."""

from __future__ import annotations

import base64
import io
import re
import warnings
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError
from xml.sax.saxutils import escape, quoteattr

import defusedxml.ElementTree as safe_xml
from defusedxml import DefusedXmlException

from reportgen.errors import Location, Problem, Problems, ReportError
from reportgen.paths import CONFIG_FILE, IMAGE_TYPES
from reportgen.safe.files import MAX_DATA_BYTES, MB, Refuse, read_bytes, refuser
from reportgen.safe.sanitise import MAX_NESTING

MAX_PIXELS = 25_000_000  # 5000 × 5000: far more than a printed page or a screen needs
MAX_SVG_BYTES = 5 * MB
RASTER_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif",
                "WEBP": "image/webp"}
SVG_TYPE = "image/svg+xml"

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"

# What a logo or a chart drawn in Illustrator or Inkscape uses; nothing that runs, fetches,
# embeds other documents or animates (an <animate> can turn a link into javascript:).
SVG_ELEMENTS = frozenset({
    "svg", "g", "defs", "symbol", "use", "title", "desc", "path", "rect", "circle", "ellipse",
    "line", "polyline", "polygon", "text", "tspan", "textPath", "linearGradient",
    "radialGradient", "stop", "clipPath", "mask", "pattern", "marker", "style", "switch",
    "filter", "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite", "feFlood",
    "feFuncA", "feFuncB", "feFuncG", "feFuncR", "feGaussianBlur", "feMerge", "feMergeNode",
    "feMorphology", "feOffset",
})
SVG_ATTRIBUTES = frozenset({
    "id", "class", "style", "transform", "viewBox", "preserveAspectRatio", "version",
    "width", "height", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx",
    "fy", "d", "points", "pathLength", "dx", "dy", "rotate", "textLength", "lengthAdjust",
    "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-linecap",
    "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray", "stroke-dashoffset",
    "stroke-opacity", "opacity", "color", "display", "visibility", "overflow",
    "clip-path", "clip-rule", "clipPathUnits", "mask", "maskUnits", "maskContentUnits",
    "filter", "filterUnits", "primitiveUnits", "in", "in2", "result", "stdDeviation", "mode",
    "operator", "k1", "k2", "k3", "k4", "values", "type", "tableValues", "slope",
    "intercept", "amplitude", "exponent", "offset", "radius", "flood-color",
    "flood-opacity", "stop-color", "stop-opacity", "gradientUnits", "gradientTransform",
    "spreadMethod", "patternUnits", "patternContentUnits", "patternTransform", "marker-start",
    "marker-mid", "marker-end", "markerWidth", "markerHeight", "markerUnits", "refX", "refY",
    "orient", "font-family", "font-size", "font-style", "font-weight", "font-variant",
    "font-stretch", "text-anchor", "text-decoration", "dominant-baseline",
    "alignment-baseline", "baseline-shift", "letter-spacing", "word-spacing",
    "writing-mode", "direction", "unicode-bidi", "startOffset", "method", "spacing",
    "lang", "role", "aria-label", "aria-hidden", "aria-labelledby", "aria-describedby",
    "focusable", "tabindex", "mix-blend-mode", "isolation", "paint-order", "vector-effect",
    "shape-rendering", "text-rendering", "image-rendering", "color-interpolation",
    "color-interpolation-filters", "requiredFeatures", "systemLanguage",
})
# Active content worth a warning when removed; editors' own markup goes quietly.
ACTIVE_ELEMENTS = frozenset({"script", "foreignObject", "iframe", "embed", "object", "image",
                             "a", "animate", "set", "animateTransform", "animateMotion",
                             "handler", "listener", "feImage"})
_UNSAFE_VALUE = re.compile(
    r"url\s*\(\s*['\"]?\s*(?!#)|javascript\s*:|vbscript\s*:|data\s*:|@import|expression\s*\(|"
    r"-moz-binding|behaviou?r\s*:", re.I)


def check_image(data: bytes, display: str, at: Location | None = None) -> str:
    """The image's media type, judged from its header alone; a ReportError for an image a
    report must not embed: not an image, an unsupported kind, or over MAX_PIXELS.

    Anything that starts like XML is reported as SVG unchecked: embed it only after
    `sanitise_svg` (as `image_data_uri` does)."""
    refuse = refuser(display, at)
    if _looks_like_xml(data):
        return SVG_TYPE
    from PIL import Image  # installed with WeasyPrint; only needed when there is an image

    with warnings.catch_warnings():
        # Pillow warns, then fails, on images whose header declares vast sizes (a few bytes
        # can declare 30000 × 30000 pixels): both become our located error.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=list(RASTER_TYPES)) as image:
                kind, (width, height) = image.format or "", image.size
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise refuse(f"declares an image of more than {MAX_PIXELS // 1_000_000} megapixels,"
                         " too large to embed", _SMALLER) from None
        except Exception:  # Pillow raises many kinds for a damaged or unknown file
            raise refuse("is not an image that can be embedded (PNG, JPEG, GIF, WebP or SVG)",
                         "save it again as PNG or SVG") from None
    if width * height > MAX_PIXELS:
        raise refuse(f"is {width:,} × {height:,} pixels, more than the "
                     f"{MAX_PIXELS // 1_000_000} megapixels a report embeds", _SMALLER)
    return RASTER_TYPES[kind]


def sanitise_svg(data: bytes, display: str,
                 at: Location | None = None) -> tuple[bytes, list[Problem]]:
    """The SVG rebuilt from an allow-list of elements and attributes, and a warning for each
    kind of active content removed: scripts, foreignObject, event handlers, links that are not
    to the drawing itself. An SVG with a DTD or entities (an "XML bomb"), deeper nesting than
    MAX_NESTING, or that is not SVG is a ReportError."""
    refuse = refuser(display, at)
    if len(data) > MAX_SVG_BYTES:
        raise refuse(f"is larger than the {MAX_SVG_BYTES // MB} MB an SVG image may be", _SMALLER)
    try:
        root = safe_xml.fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise refuse("declares a DTD or entities, which an SVG does not need and which can make "
                     "a small file expand to gigabytes",
                     "save the SVG again without its <!DOCTYPE> (Inkscape: Save as, Plain SVG)"
                     ) from None
    except ParseError as exc:
        raise refuse(f"is not well-formed SVG ({exc})", "save the SVG again from its editor"
                     ) from None
    if _local(root.tag) != "svg" or _namespace(root.tag) not in ("", SVG_NS):
        raise refuse("is not an SVG image", "save the picture as SVG or PNG")
    removed: dict[str, None] = {}
    out: list[str] = []
    _write(root, out, removed, 0, refuse)
    where = at or Location(display)
    problems = [Problem(where, f"{'' if at is None else repr(display) + ' '}had active content "
                        f"that was removed: {', '.join(removed)}",
                        "an image in a report cannot run scripts, react to events or link "
                        "elsewhere; remove these from the SVG to silence this warning", "warning")
                ] if removed else []
    return "".join(out).encode(), problems


def image_data_uri(root: Path, path: Path, display: str, at: Location | None = None,
                   problems: Problems | None = None) -> str:
    """A project image as a checked data: URI: inside the project, bounded, raster images no
    larger than MAX_PIXELS, SVG sanitised (its warnings go to `problems`)."""
    data = read_bytes(path, display, root, MAX_DATA_BYTES, at)
    kind = check_image(data, display, at)
    if kind == SVG_TYPE:
        data, found = sanitise_svg(data, display, at)
        if problems is not None:
            problems.extend(found)
    return f"data:{kind};base64,{base64.b64encode(data).decode()}"


def logo_data_uri(root: Path, logo: str) -> tuple[str | None, list[Problem]]:
    """The council's logo (a path in reportgen.yaml) as a checked data: URI, or the problems
    that stop it: outside the project, not an image, too large, or an SVG with scripts."""
    at = Location(CONFIG_FILE)
    refused = Problem(at, f"logo '{logo}' is not an image file inside the project",
                      "give a path inside the project to an SVG or PNG file, e.g. "
                      "branding/logo.svg")
    try:
        resolved = (root / logo).resolve()
        inside = resolved.is_relative_to(root.resolve()) and resolved.is_file()
    except (OSError, ValueError):  # a NUL byte, a name too long, a link loop
        inside = False
    if not inside or Path(logo).suffix.lower() not in IMAGE_TYPES:
        return None, [refused]
    found = Problems()
    try:
        uri = image_data_uri(root, root / logo, logo, at, found)
    except ReportError as exc:
        return None, exc.problems
    return uri, found.items


_SMALLER = "scale the image down (a report page needs at most about 2,500 pixels across)"


def _looks_like_xml(data: bytes) -> bool:
    return data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<"


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def _write(element: Element, out: list[str], removed: dict[str, None], depth: int,
           refuse: Refuse) -> None:
    """Append the element, if allowed, and its allowed content to `out`."""
    if depth > MAX_NESTING:
        raise refuse(f"nests its elements more than {MAX_NESTING} deep",
                     "simplify the drawing (ungroup nested groups) and save it again")
    name = _local(element.tag)
    if name == "a" and _namespace(element.tag) in ("", SVG_NS):
        removed["links (<a>)"] = None
        name = "g"  # keep a link's drawing, without the link
    elif name not in SVG_ELEMENTS or _namespace(element.tag) not in ("", SVG_NS):
        if name in ACTIVE_ELEMENTS:
            removed[f"<{name}>"] = None
        out.append(escape(element.tail or ""))
        return
    if name == "style" and _UNSAFE_VALUE.search(element.text or ""):
        removed["a stylesheet that fetches or runs"] = None
        out.append(escape(element.tail or ""))
        return
    attributes = _attributes(element, removed)
    if depth == 0:
        attributes.insert(0, f"xmlns={quoteattr(SVG_NS)}")
        if any(a.startswith("xlink:") for a in _all_attributes(element)):
            attributes.insert(1, f"xmlns:xlink={quoteattr(XLINK_NS)}")
    out.append(f"<{' '.join([name, *attributes])}")
    if element.text is None and not len(element):
        out.append("/>")
    else:
        out.append(">" + escape(element.text or ""))
        for child in element:
            _write(child, out, removed, depth + 1, refuse)
        out.append(f"</{name}>")
    if depth:
        out.append(escape(element.tail or ""))


def _attributes(element: Element, removed: dict[str, None]) -> list[str]:
    kept = []
    for key, value in element.attrib.items():
        name = _attribute_name(key)
        if name.lower().startswith("on"):
            removed["event handlers (on…)"] = None
        elif name in ("href", "xlink:href"):
            if value.strip().startswith("#"):
                kept.append(f"{name}={quoteattr(value.strip())}")
            else:
                removed["links out of the image (href)"] = None
        elif name in SVG_ATTRIBUTES or name in ("xml:space", "xml:lang"):
            if _UNSAFE_VALUE.search(value):
                removed[f"a {name} that fetches or runs"] = None
            else:
                kept.append(f"{name}={quoteattr(value)}")
    return kept


def _all_attributes(element: Element) -> list[str]:
    names: list[str] = []
    for item in element.iter():
        names.extend(_attribute_name(key) for key in item.attrib)
    return names


def _attribute_name(key: str) -> str:
    """`{xlink namespace}href` → `xlink:href`; another namespace's attribute → `?:name`."""
    if not key.startswith("{"):
        return key
    prefix = {XLINK_NS: "xlink", XML_NS: "xml"}.get(_namespace(key), "?")
    return f"{prefix}:{_local(key)}"

