"""Narrative markdown to HTML as CommonMark and GitHub read it, with every block's source line.

Directors write markdown the way GitHub, Teams and Word taught them: a list straight
after a sentence, `1)` lists, two-space nesting, `~~struck~~` text and pipe tables.
CommonMark (plus GitHub's tables and strikethrough) is the dialect that reads all of
those as meant, so it is the one used here. Typography follows the old converter's
`smarty`: curly quotes, en and em dashes, ellipses, and nothing else (no `(c)` → ©,
since "(a) … (b) … (c)" is how officers number points)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

# Only the replacements python-markdown's smarty made, so reports keep their look.
_EM_DASH = re.compile(r"(?<!-)---(?!-)")
_EN_DASH = re.compile(r"(?<!-)--(?!-)")
_ELLIPSIS = re.compile(r"(?<!\.)\.\.\.(?!\.)")


@dataclass(frozen=True)
class Heading:
    """A heading: its level (2 for `##`), anchor id, plain text and source line."""

    level: int
    id: str
    text: str
    line: int


@dataclass(frozen=True)
class Block:
    """A block of the document (paragraph, list item, table, …) and the lines it spans."""

    kind: str
    line: int
    end_line: int


@dataclass(frozen=True)
class Reference:
    """An image or link target, and the line it was written on."""

    kind: str  # "image" or "link"
    target: str
    line: int


@dataclass(frozen=True)
class Converted:
    """The HTML (not yet sanitised) and what is needed to locate things in the source."""

    html: str
    headings: tuple[Heading, ...]
    blocks: tuple[Block, ...]
    references: tuple[Reference, ...]


def slug(text: str) -> str:
    """`section-key-areas-of-progress`: the anchor rule reports have always used."""
    words = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return f"section-{words or 'untitled'}"


def _unique(base: str, taken: set[str]) -> str:
    """`base`, or `base_1`, `base_2`, … as python-markdown's toc numbered repeats."""
    candidate, count = base, 0
    while candidate in taken:
        count += 1
        candidate = f"{base}_{count}"
    taken.add(candidate)
    return candidate


def _typography(state: StateCore) -> None:
    """Dashes and ellipses in text (never in code or URLs), as smarty made them."""
    for token in state.tokens:
        for child in token.children or ():
            if child.type == "text":
                text = _EM_DASH.sub("\u2014", child.content)
                text = _EN_DASH.sub("\u2013", text)
                child.content = _ELLIPSIS.sub("\u2026", text)


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"typographer": True, "strikethrough_single_tilde": True})
    md.enable(["table", "strikethrough", "smartquotes"])
    md.core.ruler.after("smartquotes", "rg_typography", _typography)
    # Every link and image is parsed, whatever its scheme, so that none is left behind as
    # literal text: the sanitiser drops unsafe links, and images are checked one by one.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


_MD = _parser()


def plain_text(inline: Token) -> str:
    """An inline token's text without markup: what a contents entry shows."""
    parts = [c.content for c in inline.children or () if c.type in ("text", "code_inline")]
    parts += [" " for c in inline.children or () if c.type in ("softbreak", "hardbreak")]
    return "".join(parts).strip() if inline.children else inline.content.strip()


def _inline_line(inline: Token, target: str, first_line: int) -> int:
    """The line within an inline run where `target` is written (its first line if unsure)."""
    start = (inline.map or [0, 0])[0] + first_line
    at = inline.content.find(target)
    if at < 0:  # the parser percent-encodes destinations: look for the text as written
        at = inline.content.find(unquote(target))
    return start + (inline.content[:at].count("\n") if at >= 0 else 0)


def convert(source: str, first_line: int = 1) -> Converted:
    """Markdown to HTML, with headings given ids, and every block located in the file.

    `first_line` is the file line of the source's first line (after front matter)."""
    tokens = _MD.parse(source)
    taken: set[str] = set()
    headings: list[Heading] = []
    blocks: list[Block] = []
    references: list[Reference] = []
    for index, token in enumerate(tokens):
        if token.map is not None and token.nesting >= 0 and token.type != "inline":
            kind = token.type.removesuffix("_open")
            blocks.append(Block(kind, token.map[0] + first_line, token.map[1] + first_line))
        if token.type == "heading_open":
            inline = tokens[index + 1]
            text = plain_text(inline)
            token.attrSet("id", _unique(slug(text), taken))
            line = (token.map or [0])[0] + first_line
            headings.append(Heading(int(token.tag[1]), str(token.attrGet("id")), text, line))
        if token.type == "inline":
            for child in token.children or ():
                if child.type in ("s_open", "s_close"):
                    child.tag = "del"  # GitHub's element for ~~struck~~ text
                target = child.attrGet("src") if child.type == "image" else (
                    child.attrGet("href") if child.type == "link_open" else None)
                if target is not None:
                    kind = "image" if child.type == "image" else "link"
                    line = _inline_line(token, str(target), first_line)
                    references.append(Reference(kind, str(target), line))
    html = _MD.renderer.render(tokens, _MD.options, {})
    return Converted(html, tuple(headings), tuple(blocks), tuple(references))

