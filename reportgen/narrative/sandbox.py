"""Jinja's sandbox as narratives get it, and a narrative's expressions run in it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from reportgen.narrative.expressions import (
    FUNCTIONS_HINT,
    Drawing,
    Expressions,
    LineProblem,
    each_expression,
    syntax_hint,
)
from reportgen.narrative.template_lines import template_frame


class _NarrativeSandbox(SandboxedEnvironment):
    """Jinja's sandbox, with arithmetic refused too: figures come from the data, and
    `'a' * 10**9` must not be able to exhaust memory."""

    intercepted_binops = frozenset({"+", "-", "*", "/", "//", "%", "**"})
    intercepted_unops = frozenset({"+", "-"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        raise SecurityError(f"arithmetic ('{operator}') is not allowed in narratives")

    def call_unop(self, context: Any, operator: str, arg: Any) -> Any:
        raise SecurityError(f"arithmetic ('{operator}') is not allowed in narratives")


def _environment() -> SandboxedEnvironment:
    env = _NarrativeSandbox(undefined=StrictUndefined, autoescape=False,
                            keep_trailing_newline=True)
    env.globals.clear()  # no range(), dict(), lipsum(), cycler(): only what narratives need
    env.filters = {k: env.filters[k] for k in ("upper", "lower", "title", "capitalize", "round")}
    return env


ENV = _environment()


@dataclass(frozen=True)
class Evaluated:
    """A narrative's markdown with each expression's text in place, and what they did."""

    source: str | None  # None when Jinja could not read the narrative: nothing to show
    problems: tuple[LineProblem, ...]  # at lines of the narrative's body
    drawings: tuple[Drawing, ...] = ()
    mentions: frozenset[str] = frozenset()


def evaluate(text: str, make: Callable[[], Expressions]) -> Evaluated:
    """Run a narrative's expressions, with `make` giving the functions they may call.

    Every problem in the text is reported, each at its own line, even when one mistake
    stops Jinja reading or running the whole."""
    calls = make()
    try:
        calls.template = ENV.from_string(text)
        source = calls.template.render(**calls.functions())
    except TemplateSyntaxError as exc:
        # one broken expression must not hide the others: read each {{ }} on its own
        lines = text.splitlines()
        line = exc.lineno or 1
        written = lines[line - 1] if 0 < line <= len(lines) else ""
        whole = (line, f"expression syntax error: {exc.message}", syntax_hint(written))
        each = each_expression(text, ENV, make)
        if not any("syntax error" in m or "not closed" in m for _, m, _ in each):
            each.insert(0, whole)  # the mistake is outside any {{ }}, e.g. in a {% %}
        return Evaluated(None, tuple(each))
    except Exception as exc:  # the template is the user's own: any failure in it is theirs
        found = template_frame(exc.__traceback__)
        line = found[1] if found else 1
        # the render stopped at the first failure: run each expression for the rest
        calls.problems = each_expression(text, ENV, make) or [
            (line, f"expression not allowed: {exc}", FUNCTIONS_HINT)]
        source = ""
    return Evaluated(source, tuple(calls.problems), tuple(calls.placed),
                     frozenset(calls.mentions))
