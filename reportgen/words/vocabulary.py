"""The word tables: what each status, direction, unit and scheme is called, in English.

Each entry is a source message marked with `N_` for extraction; the Formatter translates
it where it is used, so these tables never hold a translated word.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.compute.calculate import Direction, Rag, Standing


def N_(message: str) -> str:
    """Marks a message for extraction; it is translated where it is used."""
    return message


RAG_WORDS = {Rag.GREEN: N_("Green"), Rag.AMBER: N_("Amber"), Rag.RED: N_("Red"),
             Rag.NO_TARGET: N_("No target"), Rag.NOT_AVAILABLE: N_("Not available")}
RAG_SYMBOL = {Rag.GREEN: "✓", Rag.AMBER: "!", Rag.RED: "✕", Rag.NO_TARGET: "–",
              Rag.NOT_AVAILABLE: "?"}
DIRECTION_WORDS = {
    Direction.IMPROVED: (N_("Improved"), N_("improved")),
    Direction.DECLINED: (N_("Declined"), N_("declined")),
    Direction.NO_CHANGE: (N_("No change"), N_("no change")),
    Direction.INCREASED: (N_("Up"), N_("went up")),
    Direction.DECREASED: (N_("Down"), N_("went down")),
    Direction.NOT_AVAILABLE: (N_("Not available"), N_("not available")),
}
# One symbol language: an arrow always shows which way the figure moved; the word beside
# it says whether that is better (judged by the indicator's polarity) or only up or down.
UP, DOWN, LEVEL = "↑", "↓", "→"
STANDING_WORDS = {
    Standing.BETTER: N_("Better"), Standing.WORSE: N_("Worse"), Standing.SAME: N_("Same"),
    Standing.HIGHER: N_("Higher"), Standing.LOWER: N_("Lower"),
    Standing.NOT_AVAILABLE: N_("Not available"),
}
MISSING_WORDS = {"[x]": N_("not available"), "[c]": N_("confidential"),
                 "[z]": N_("not applicable"), "[u]": N_("low reliability")}
UNIT_PHRASE = {  # a value with its unit; the short form drops a rate's "per 10,000"
    "days": N_("%(value)s days"), "weeks": N_("%(value)s weeks"),
    "hours": N_("%(value)s hours"), "rate_per_1k": N_("%(value)s per 1,000"),
    "rate_per_10k": N_("%(value)s per 10,000"), "rate_per_100k": N_("%(value)s per 100,000"),
}
MEASURE_WORDS = {
    "snapshot": N_("Measured at the end of each quarter"),
    "flow": N_("Activity within each quarter, added up over the year"),
    "ytd": N_("Reported cumulatively for the year to date"),
}
ANNUAL_WORDS = N_("An annual measure: one figure for each year")
POLARITY_WORDS = {"higher_is_better": N_("higher is better"),
                  "lower_is_better": N_("lower is better"), "neutral": N_("context measure")}
SCHEME_WORDS = {  # what each status means under each RAG scheme, for the key and the tiles
    # in plain words: "tolerance" is the agreed margin a figure may miss its target by
    "tolerance": (N_("target met"), N_("target missed, but by no more than the agreed margin"),
                  N_("target missed by more than the agreed margin")),
    "trend": (N_("target met, or missed by no more than the agreed margin"),
              N_("target missed by more than the agreed margin, but better than the same "
                 "quarter last year"),
              N_("target missed by more than the agreed margin, and no better than last "
                 "year")),
}


@dataclass(frozen=True)
class SchemeWords:
    """What green, amber and red mean in this project's RAG scheme."""

    green: str  # `target met`
    amber: str  # `target missed, but by no more than the agreed margin`
    red: str  # `target missed by more than the agreed margin`
