"""A narrative's images: checked files inside the project, embedded as data: URIs."""

from __future__ import annotations

import re
from html import unescape as html_unescape
from pathlib import Path
from urllib.parse import unquote

from reportgen.errors import Location, Problem, Problems, ReportError
from reportgen.narrative.markup import Converted
from reportgen.narrative.text import NarrativeText
from reportgen.paths import IMAGE_TYPES
from reportgen.safe.images import image_data_uri

_IMG_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]*)(")')


def take_images(converted: Converted,
                src: NarrativeText) -> tuple[str, dict[str, str], list[Problem]]:
    """Swap each image for a token to survive sanitising; `put_images` puts its data back.

    An image must be a file inside the project, named by a relative path, of a bounded
    size; an SVG is cleaned of scripts. Nothing is fetched from the network, and no other
    file on the machine can be embedded."""
    images: dict[str, str] = {}
    problems: list[Problem] = []
    lines = {r.target: r.line for r in converted.references if r.kind == "image"}

    def swap(match: re.Match[str]) -> str:
        target = html_unescape(match[2])
        at = Location(src.display, lines.get(target) or src.line_of(target))
        uri = _image_uri(target, src, at, problems)
        if uri is None:
            return match[1] + match[3]
        token = f"rg-image-{len(images)}.png"
        images[token] = uri
        return match[1] + token + match[3]

    return _IMG_SRC.sub(swap, converted.html), images, problems


def put_images(html: str, images: dict[str, str]) -> str:
    """Each image token in sanitised HTML replaced by the image's data: URI."""
    for token, uri in images.items():
        html = html.replace(f'src="{token}"', f'src="{uri}"')
    return html


def _image_uri(target: str, src: NarrativeText, at: Location,
               problems: list[Problem]) -> str | None:
    """The image as a checked data: URI, or None with the reason in `problems`."""
    outside = Problem(at, f"image '{target}' is not an image file inside the project",
                      "put images beside the narrative and refer to them by a relative path")
    if src.root is None or not target or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target):
        problems.append(outside)  # a scheme (file:, http:, data:, javascript:) is never followed
        return None
    root = src.root.resolve()
    path = root / Path(src.display).parent / unquote(target)
    try:
        inside = path.resolve().is_relative_to(root) and path.is_file()
    except (OSError, ValueError):  # a name with a NUL byte, or one too long to exist
        inside = False
    if path.suffix.lower() not in IMAGE_TYPES or not inside:
        problems.append(outside)
        return None
    found = Problems()
    try:
        uri = image_data_uri(root, path, path.resolve().relative_to(root).as_posix(), at, found)
    except ReportError as exc:
        problems.extend(exc.problems)
        return None
    problems.extend(found)
    return uri
