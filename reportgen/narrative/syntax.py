"""How a narrative writes an expression: `{{ }}` and the quotes inside it."""

from __future__ import annotations

import re

# What an expression holds: anything up to its `}}`, but never the `{{` of another, so a
# missing `}}` cannot swallow the prose up to the next expression.
_INSIDE = r"(?:(?!\{\{|\}\}).)*"

# One `{{ }}`; group 1 is what is written inside.
EXPRESSION = re.compile(r"\{\{(" + _INSIDE + r")\}\}", re.S)

# One `{{ }}`, or an opening `{{` with no `}}` before the next `{{` (group 2 is then None):
# the same expression, also found when it is not closed, so that mistake can be named.
OPENED = re.compile(r"\{\{(" + _INSIDE + r")(\}\})?", re.S)

# The curly quotes Word and Teams type in place of straight ones: read as straight quotes.
CURLY = "“”‘’"

# Marks that also look like quotes in an expression Jinja cannot read, and are named as its
# likely fault; they are not mended, as they reach a narrative from elsewhere (a German
# low quote, a double prime for inches) and a guess at what they meant could be wrong.
QUOTE_LIKE = CURLY + "„‟″"
