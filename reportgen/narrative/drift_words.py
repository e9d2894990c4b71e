"""The drift lint's words and patterns: what a number typed in a sentence is, and what
the words around it say about which figure it states."""

from __future__ import annotations

import re

from reportgen.narrative.syntax import EXPRESSION


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Words too common in KPI titles to say which KPI a sentence is about.
STOP = _set("""
a about above across after against aged all also an and any are as at average be been being
both but by can compared completed council during each end for from had has have having
in into is it its last less made more most not now number of on or other our out over per
percentage proportion quarter rate received since so some than that the their them there these
they this those through to total under up was we were when where which who whose with
within year years day days week weeks month months hour hours case cases
""")
# A sentence about what is expected or hoped for states no figure of this quarter's.
FUTURE = re.compile(r"\b(?:will|would|could|might|should|expect(?:s|ed)?|forecasts?|"
                    r"predict(?:s|ed)?|anticipate[sd]?|aim(?:s|ing)?|hope[sd]?|plan(?:s|ned)?|"
                    r"estimate[sd]?|by (?:the end of )?(?:march|april|june|september|"
                    r"december|next))\b", re.I)
# Words between a number and what it counts that do not change what it counts.
MODIFIERS = _set("more fewer extra additional new further than")
APPROXIMATE = {
    "around": "near", "about": "near", "approximately": "near", "roughly": "near",
    "circa": "near", "c.": "near", "~": "near", "some": "near", "nearly": "below",
    "almost": "below", "under": "below", "below": "below", "less than": "below",
    "fewer than": "below", "up to": "below", "over": "above", "above": "above",
    "more than": "above", "at least": "above", "just over": "above", "just under": "below",
    "well over": "above", "exceeding": "above",
}
RISE = _set("rose risen rise rising increased increase increasing grew grown up higher more")
FALL = _set("fell fallen fall falling decreased decrease decreasing reduced reduction dropped "
            "drop down lower fewer")
# Words before a number saying it is a name or a place in a sequence, not an amount.
NAMING = _set("""
q quarter section paragraph para page table figure chart appendix chapter item step
stage phase priority tier level band ward option version no no. schedule article regulation
act standard week month aged age per top
""")
MONTHS = _set("january february march april may june july august september october november "
              "december jan feb mar apr jun jul aug sep sept oct nov dec")
TIME_UNITS = {"day": "days", "days": "days", "week": "weeks", "weeks": "weeks",
              "hour": "hours", "hours": "hours"}
# Which units a typed number's kind can be compared with.
COMPATIBLE = {
    "money": {"gbp"},
    "percent": {"percent", "pp"},
    "pp": {"pp"},
    "days": {"days"},
    "weeks": {"weeks"},
    "hours": {"hours"},
    "plain": {"count", "number", "ratio", "days", "weeks", "hours", "rate_per_1k",
              "rate_per_10k", "rate_per_100k"},
}
ROLE_WORDS = {
    "value": "",
    "previous": " last quarter",
    "last_year": " a year earlier",
    "target": " for the target",
    "ytd": " for the year to date",
    "change": " on last quarter",
    "change_pct": " on last quarter",
    "change_last_year": " on a year earlier",
    "change_pct_last_year": " on a year earlier",
    "budget": " for the budget",
    "outturn": " for the projected outturn",
    "variance_pct": " for the variance as a share of the budget",
}

NUMBER = re.compile(r"""
    (?P<pound>£\s?)?
    (?P<sign>[+\-−])?
    (?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)
    (?P<scale>\s?(?:bn|m|k|billion|million|thousand)\b)?
    (?P<percent>\s?(?:%|per\ ?cent\b|percent\b))?
    (?P<points>\s?(?:pp\b|percentage\ points?\b|points?\b))?
""", re.X | re.I)
SCALES = {"bn": 9, "billion": 9, "m": 6, "million": 6, "k": 3, "thousand": 3}
MASKED = re.compile(
    EXPRESSION.pattern + r"|\{%.*?%\}|\{#.*?#\}"  # expressions: the data's own numbers
    r"|`[^`\n]*`|<[^>\n]*>|&#?\w+;"  # code, HTML tags and character references
    r"|\]\([^)\n]*\)|https?://\S+|^\s*\[[^\]\n]+\]:.*$"  # link targets and definitions
    r"|^[ \t]*(?:>[ \t]*)*(?:\d{1,9}[.)]|[-*+])(?=[ \t])"  # list markers, 1. and 1)
    r"|^#{1,6}[ \t]+\d+(?:\.\d+)*\.?"  # a section number in a heading
    r"|\(\d{1,2}\)"  # (1), (2): numbered points
    r"|\d+(?:\.\d+)?\s+(?:in|out\s+of)\s+(?:every\s+)?\d+"  # 1 in 5: a ratio, not a figure
    r"|\d+(?:\.\d+)?\s*(?:am|pm)\b|\d+:\d+",  # times
    re.S | re.M | re.I)
UNIT_BREAK = re.compile(r"^\s*$|^[ \t]*(?:>[ \t]*)*(?:[-*+]|\d{1,9}[.)])[ \t]|^\s*\||^#")
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)*_]*\s+(?=[\"“‘(*_]*[A-Z0-9£])")
WORD = re.compile(r"[A-Za-z][A-Za-z’'-]*")
# Words that join a number to what it counts: "7.4% of the looked after children".
OF_THE = frozenset({"of", "the", "our", "their", "its", "these", "those", "all"})
# Nouns any count of people may use, whatever its KPI's title calls them.
ANYONE = frozenset({"people", "person", "persons", "individuals", "residents"})
# Words saying a number is last year's figure, or a change (just before the number).
LAST_YEAR = re.compile(r"last year|a year (?:ago|earlier|before)|previous year|"
                       r"same (?:quarter|point|time|period) last year")
CHANGE = re.compile(r"(?:\bby|change of|increase of|rise of|fall of|decrease of|"
                    r"reduction of|\bup|\bdown|change(?: on [a-z ]+)? (?:is|was)|\d\s?\()\s*$")


def stem(word: str) -> str:
    """A word reduced so that "children's", "placements" and "placement" meet."""
    word = word.lower().replace("’", "'").removesuffix("'s").strip("'-")
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def title_words(title: str) -> tuple[str, ...]:
    """The words of a title that tell its KPI from others: no numbers, no filler."""
    stems = [stem(w) for w in WORD.findall(title) if w.lower() not in STOP]
    return tuple(dict.fromkeys(w for w in stems if w))
