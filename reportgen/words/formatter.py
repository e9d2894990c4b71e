"""One Formatter per language turns every figure, date and state into text.

Every phrase is a whole phrase in a gettext catalogue (the English messages here and in
the vocabulary are the source); numbers and dates are formatted by Babel for the language,
never by the process locale; rounding is half up, as people expect, before Babel sees a
figure. Whole sentences are built from these in reportgen.words.sentences.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from functools import cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import NumberPattern, parse_pattern
from markupsafe import Markup, escape

from reportgen.compute.calculate import (
    CONFIDENTIAL,
    ComparatorResult,
    Comparison,
    Direction,
    KpiResult,
    Rag,
    Revision,
)
from reportgen.compute.rounding import percent, round_half_up
from reportgen.languages import SOURCE_LANGUAGE
from reportgen.load.kpis import Kpi
from reportgen.quarters import Quarter
from reportgen.words.translations import translations
from reportgen.words.vocabulary import (
    ANNUAL_WORDS,
    DIRECTION_WORDS,
    DOWN,
    LEVEL,
    MEASURE_WORDS,
    MISSING_WORDS,
    POLARITY_WORDS,
    RAG_SYMBOL,
    RAG_WORDS,
    SCHEME_WORDS,
    STANDING_WORDS,
    UNIT_PHRASE,
    UP,
    SchemeWords,
)

MINUS = "\u2212"
VALUE_MARKS = ("[u]", "[p]", "[r]")  # marks printed after a figure: `803 [p]`


def _fill(message: str, values: Mapping[str, object]) -> Markup:
    """A message as escaped HTML with its values filled; Markup values are kept as they are."""
    return escape(message) % {k: v if isinstance(v, Markup) else escape(str(v))
                              for k, v in values.items()}


@cache
def _separators(language: str) -> tuple[str, str]:
    """The locale's thousands and decimal separators, from CLDR."""
    symbols = Locale.parse(language).number_symbols["latn"]
    return symbols["group"], symbols["decimal"]


@cache
def _pattern(places: int) -> NumberPattern:
    return parse_pattern("#,##0" + ("." + "0" * places if places else ""))


class Formatter:
    """Figures, money, dates, quarters, changes and states as text in one language."""

    def __init__(self, language: str = SOURCE_LANGUAGE) -> None:
        self.language = language
        self._translations = translations(language)
        self._plain_digits = _separators(language) == (",", ".")

    # -- messages -----------------------------------------------------------------------

    def _(self, message: str, **values: object) -> str:
        """The message in this language, with `%(name)s` placeholders filled."""
        text = self._translations.gettext(message)
        return text % values if values else text

    def n_(self, singular: str, plural: str, n: int, **values: object) -> str:
        """A message whose wording depends on a number `n` (`%(count)s` is `n`, unless
        given)."""
        text = self._translations.ngettext(singular, plural, n)
        return text % {"count": self.integer(n), **values}

    def markup(self, message: str, **values: object) -> Markup:
        """A message as HTML: its text escaped, values that are Markup kept as they are."""
        return _fill(self._(message), values)

    def n_markup(self, singular: str, plural: str, n: int, **values: object) -> Markup:
        """`n_` as HTML: the form for `n`, with Markup values (`%(count)s` among them)."""
        return _fill(self._translations.ngettext(singular, plural, n), values)

    # -- numbers and money --------------------------------------------------------------

    def number(self, value: Decimal, places: int = 0) -> str:
        """`1,234.5`, rounded half up, with a true minus sign."""
        rounded = round_half_up(value, places)
        if self._plain_digits:  # the locale writes 1,234.5 (English, Welsh): as Python does
            text = f"{abs(rounded):,.{places}f}"
        else:
            text = _pattern(places).apply(abs(rounded), self.language)
        return f"{MINUS}{text}" if rounded < 0 else text

    def integer(self, value: int) -> str:
        return self.number(Decimal(value))

    def money(self, value: Decimal, like: Decimal | None = None) -> str:
        """`£4.1m` from a million up, else `£100,000`; the sign is the caller's business.

        `like` sets the scale, so a movement reads in the same units as the position it
        changes: the overspend of £4.1m grew by £0.6m, not by £600,000."""
        amount = abs(value)
        in_millions = like is not None and abs(like) >= 1_000_000 and amount >= 50_000
        if amount >= 1_000_000 or in_millions:
            return self._("£%(amount)sm", amount=self.number(amount / 1_000_000, 1))
        return self._("£%(amount)s", amount=self.number(amount))

    def signed_money(self, amount: Decimal) -> str:
        """`+£4.1m` / `−£100,000`, for variance columns."""
        if amount == 0:
            return self.money(amount)
        return ("+" if amount > 0 else MINUS) + self.money(amount)

    def share(self, pct: Decimal | None, signed: bool = False) -> str:
        """A share of budget: `6.7%`, or `+6.7%` / `−0.1%` in a signed column."""
        if pct is None:
            return self._("not available")
        sign = ("+" if pct > 0 else MINUS if pct < 0 else "") if signed else ""
        return sign + self.percent(abs(pct), 1)

    def percent(self, value: Decimal, places: int = 0) -> str:
        return self._("%(value)s%%", value=self.number(value, places))

    def pct(self, part: int, whole: int) -> str:
        """`16%` for 7 of 44; `–` when there is no whole."""
        found = percent(part, whole)
        return "–" if found is None else self.percent(found)

    # -- KPI values ---------------------------------------------------------------------

    def value(self, amount: Decimal, kpi: Kpi, short: bool = False) -> str:
        """A KPI value in its unit: `803`, `12.5%`, `£4.1m`, `23 days`, `146.3 per 10,000`.

        `short` leaves out a rate's "per 10,000", for table cells whose title says it."""
        if kpi.unit == "gbp":
            return (MINUS if amount < 0 else "") + self.money(amount)
        text = self.number(amount, kpi.places)
        if kpi.percentage:
            return self._("%(value)s%%", value=text)
        if (short and kpi.unit.startswith("rate_")) or kpi.unit not in UNIT_PHRASE:
            return text
        return self._(UNIT_PHRASE[kpi.unit], value=text)

    def missing(self, symbol: str | None) -> str:
        """The words for a missing value: `not available`, `confidential`, …"""
        return self._(MISSING_WORDS.get(symbol or "[x]", MISSING_WORDS["[x]"]))

    def figure(self, amount: Decimal | None, symbol: str | None, kpi: Kpi,
               short: bool = False) -> str:
        """A value, or the words that stand in for it; a confidential figure is `[c]`, as
        official tables print it (its footnote says why); low-reliability, provisional and
        revised values keep their mark: `803 [p]`."""
        if amount is None:
            return CONFIDENTIAL if symbol == CONFIDENTIAL else self.missing(symbol)
        text = self.value(amount, kpi, short)
        return f"{text} {symbol}" if symbol in VALUE_MARKS else text

    def result(self, result: KpiResult) -> str:
        """The quarter's figure for a table cell."""
        return self.figure(result.value, result.symbol, result.kpi, short=True)

    def footnotes(self, results: Iterable[KpiResult]) -> list[str]:
        """The footnotes a table of these results needs: what `[c]` and `[p]` mean, when
        any figure in it carries the mark."""
        marks: set[str] = set()
        for r in results:
            marks.update(s for s in (r.symbol, r.previous.symbol, r.last_year.symbol) if s)
            if r.withheld or r.ytd_withheld or r.previous.withheld or r.last_year.withheld:
                marks.add(CONFIDENTIAL)
        notes = []
        if CONFIDENTIAL in marks:
            notes.append(self._(
                "[c] confidential: not published, to protect the people it is about. A small "
                "number is not published, nor any figure from which it could be worked out."))
        if "[p]" in marks:
            notes.append(self._("[p] provisional: the figure may be revised in a later report."))
        for r in results:
            for revision in r.revisions:
                notes.append(self._("[r] revised: %(line)s",
                                    line=self.revision(r.kpi, revision)))
        return notes

    def revision(self, kpi: Kpi, revision: Revision) -> str:
        """`Number of looked after children, Q3 2017/18: 805, published as 803 in the
        Quarter 3 2017/18 report.`"""
        return self._("%(title)s, %(quarter)s: %(value)s, published as %(was)s in the "
                      "%(report)s report.", title=kpi.title,
                      quarter=self.short_quarter(revision.quarter),
                      value=self.value(revision.value, kpi),
                      was=self.value(revision.revised_from, kpi),
                      report=self.quarter(revision.report))

    def change(self, comparison: Comparison, kpi: Kpi, short: bool = False,
               spelled: bool = False) -> str:
        """`+19 (+2.4%)`, `−1.4pp`, `no change` or `not available`; `short` leaves out a
        rate's "per 10,000", for a table cell; `spelled` gives `−1.4 percentage points
        (pp)`, for the first change in points a reader meets."""
        if comparison.change is None:
            return self._("not available")
        if comparison.change == 0:
            return self._("no change")
        sign = "+" if comparison.change > 0 else MINUS
        if kpi.percentage and spelled:
            return self._("%(sign)s%(points)s percentage points (pp)", sign=sign,
                          points=self.number(abs(comparison.change), kpi.places))
        if kpi.percentage:
            return self._("%(sign)s%(points)spp", sign=sign,
                          points=self.number(abs(comparison.change), kpi.places))
        body = self.value(abs(comparison.change), kpi, short)
        if comparison.change_pct is None:
            return sign + body
        return self._("%(sign)s%(change)s (%(sign)s%(percent)s)", sign=sign, change=body,
                      percent=self.percent(abs(comparison.change_pct), 1))

    def change_words(self, comparison: Comparison, kpi: Kpi) -> str:
        """Words that follow the data: `rose by 19 (2.4%)`, `fell by 3 (1.2%)`, `did not
        change`, `rose by 1.4 percentage points`; `not available` with nothing to compare."""
        change = comparison.change
        if change is None:
            return CONFIDENTIAL if comparison.withheld else self._("not available")
        if change == 0:
            return self._("did not change")
        rose = change > 0
        if kpi.percentage:
            points = self._at_least(abs(change), kpi.places)
            one = kpi.places == 0 and round_half_up(abs(change), 0) <= 1  # less than 1 too
            if rose:
                return self.n_("rose by %(count)s percentage point",
                               "rose by %(count)s percentage points", 1 if one else 2,
                               count=points)
            return self.n_("fell by %(count)s percentage point",
                           "fell by %(count)s percentage points", 1 if one else 2,
                           count=points)
        amount = self._at_least(abs(change), kpi.places, kpi)
        if comparison.change_pct is None:  # the earlier value was 0: no percentage of it
            return (self._("rose by %(amount)s", amount=amount) if rose
                    else self._("fell by %(amount)s", amount=amount))
        share = self._at_least(abs(comparison.change_pct), 1, percent=True)
        if rose:
            return self._("rose by %(amount)s (%(percent)s)", amount=amount, percent=share)
        return self._("fell by %(amount)s (%(percent)s)", amount=amount, percent=share)

    def _at_least(self, amount: Decimal, places: int, kpi: Kpi | None = None,
                  percent: bool = False) -> str:
        """The amount as written, or `less than 0.1` when it is too small to show: a change
        is never written as a rise of 0."""
        def write(value: Decimal) -> str:
            if kpi is not None:
                return self.value(value, kpi)
            return self.percent(value, places) if percent else self.number(value, places)

        if round_half_up(amount, places) == 0:
            return self._("less than %(amount)s", amount=write(Decimal(1).scaleb(-places)))
        return write(amount)

    def standing(self, comparator: ComparatorResult) -> str:
        """`Better`, `Worse`, `Same` (or `Higher`/`Lower` for a context measure)."""
        return self._(STANDING_WORDS[comparator.standing])

    def comparator_value(self, comparator: ComparatorResult, result: KpiResult) -> str:
        """The comparator's figure for a table cell, or the words for a missing one."""
        return self.figure(comparator.value, comparator.symbol, result.kpi, short=True)

    def period_note(self, result: KpiResult) -> str | None:
        """`2016/17, annual measure` under an annual KPI's figure: the year it is for."""
        if not result.annual:
            return None
        return self._("%(year)s, annual measure", year=result.period_label)

    def ytd_note(self, result: KpiResult) -> str | None:
        """The year to date under a flow's quarterly figure, or a derived flow's reminder
        that its figure is already the year to date."""
        kpi = result.kpi
        if kpi.measure != "flow":
            return None
        if kpi.derived:
            return self._("Year to date")
        if result.ytd_withheld:
            return self._("Year to date: %(value)s", value=CONFIDENTIAL)
        if result.ytd is None:
            return None
        return self._("Year to date: %(value)s", value=self.value(result.ytd, kpi, short=True))

    def target_note(self, result: KpiResult) -> str | None:
        """`to date; 3,000 for the year` under a target profiled through the year."""
        if result.annual_target is None:
            return None
        return self._("to date; %(annual)s for the year",
                      annual=self.value(result.annual_target, result.kpi, short=True))

    # -- states -------------------------------------------------------------------------

    def rag(self, rag: Rag) -> str:
        return self._(RAG_WORDS[rag])

    def rag_symbol(self, rag: Rag) -> str:
        return RAG_SYMBOL[rag]

    def direction(self, direction: Direction) -> str:
        """`Improved`, for a table cell."""
        return self._(DIRECTION_WORDS[direction][0])

    def direction_words(self, direction: Direction) -> str:
        """`improved`, within a sentence."""
        return self._(DIRECTION_WORDS[direction][1])

    def movement_symbol(self, comparison: Comparison) -> str:
        """↑, ↓ or →: which way the figure moved, whether or not that is better."""
        if comparison.change is None:
            return "–"
        return UP if comparison.change > 0 else DOWN if comparison.change < 0 else LEVEL

    def polarity(self, kpi: Kpi) -> str:
        return self._(POLARITY_WORDS[kpi.polarity])

    def scheme(self, name: str) -> SchemeWords:
        green, amber, red = (self._(m) for m in SCHEME_WORDS[name])
        return SchemeWords(green, amber, red)

    def glossary_note(self, kpi: Kpi) -> str:
        """How an indicator is measured and judged, in a sentence."""
        measured = MEASURE_WORDS[kpi.measure] if kpi.frequency != "annual" else ANNUAL_WORDS
        parts = [self._(measured)]
        if kpi.polarity != "neutral":
            parts.append(self.polarity(kpi))
        if kpi.tolerance:
            parts.append(self.tolerance(kpi))
        text = "; ".join(parts)
        if kpi.source:
            text += ". " + self._("Source: %(source)s", source=kpi.source)
        if kpi.owner:
            text += ". " + self._("Owner: %(owner)s", owner=kpi.owner)
        return text + "."

    def tolerance(self, kpi: Kpi) -> str:
        """The amber band in words: `amber when within 2 percentage points of the target`."""
        tolerance = kpi.tolerance
        assert tolerance is not None
        amount = self.number(tolerance.amount, max(0, -tolerance.amount.normalize()
                                                    .as_tuple().exponent))  # type: ignore[operator]
        if tolerance.kind == "relative":
            return self._("amber when within %(amount)s%% of the target", amount=amount)
        if tolerance.kind == "points":  # 1.5 takes the plural, as 2 does
            return self.n_("amber when within %(count)s percentage point of the target",
                           "amber when within %(count)s percentage points of the target",
                           math.ceil(tolerance.amount), count=amount)
        return self._("amber when within %(amount)s of the target",
                      amount=self.value(tolerance.amount, kpi))

    # -- quarters and dates -------------------------------------------------------------

    def quarter(self, quarter: Quarter) -> str:
        """`Quarter 3 2017/18`, or `Q3 2017` for calendar-year quarters."""
        if quarter.calendar_year:
            return self.short_quarter(quarter)
        return self._("Quarter %(number)s %(year)s", number=quarter.number,
                      year=quarter.fiscal_year_label)

    def short_quarter(self, quarter: Quarter) -> str:
        """`Q3 2017/18`, for table columns and chart axes."""
        return self._("Q%(number)s %(year)s", number=quarter.number,
                      year=quarter.fiscal_year_label)

    def quarter_only(self, quarter: Quarter) -> str:
        """`Quarter 2` (or `Q2` for calendar quarters): a quarter within its year."""
        if quarter.calendar_year:
            return self._("Q%(number)s", number=quarter.number)
        return self._("Quarter %(number)s", number=quarter.number)

    def date(self, day: date) -> str:
        """`31 December 2017`."""
        return format_date(day, "d MMMM y", locale=self.language)

    def months(self, quarter: Quarter) -> str:
        """`October to December 2017` (`November 2017 to January 2018` across a year end)."""
        first, last = quarter.start, quarter.end
        if first.year == last.year:
            return self._("%(first)s to %(last)s",
                          first=format_date(first, "MMMM", locale=self.language),
                          last=format_date(last, "MMMM y", locale=self.language))
        return self._("%(first)s to %(last)s",
                      first=format_date(first, "MMMM y", locale=self.language),
                      last=format_date(last, "MMMM y", locale=self.language))
