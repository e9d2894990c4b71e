"""Whole sentences for a report: its budget position and its summary, in one language.

The sentences are built from the Formatter's figures and messages, so they are worded by
the gettext catalogue and numbered by Babel exactly as the tables are.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from decimal import Decimal

from markupsafe import Markup

from reportgen.compute.calculate import BudgetResult, KpiResult, Rag, Summary
from reportgen.quarters import Quarter
from reportgen.words.formatter import Formatter
from reportgen.words.vocabulary import N_, RAG_SYMBOL, SchemeWords


class Sentences:
    """The budget and summary sentences of a report, in its Formatter's language."""

    def __init__(self, fmt: Formatter) -> None:
        self.fmt = fmt

    # -- budgets ------------------------------------------------------------------------

    def variance_phrase(self, result: BudgetResult) -> str:
        """`projected overspend of £4.1m at month 9`."""
        f = self.fmt
        variance, month = result.total.variance, result.quarter.budget_month
        if variance == 0:
            return f._("projected balanced budget at month %(month)s", month=month)
        if variance > 0:
            return f._("projected overspend of %(amount)s at month %(month)s",
                       amount=f.money(variance), month=month)
        return f._("projected underspend of %(amount)s at month %(month)s",
                   amount=f.money(variance), month=month)

    def position(self, variance: Decimal) -> str:
        """`overspend`, `underspend` or `on budget`."""
        f = self.fmt
        if variance == 0:
            return f._("on budget")
        return f._("overspend") if variance > 0 else f._("underspend")

    def movement_phrase(self, result: BudgetResult) -> str:
        """`the overspend grew by £0.6m since Quarter 2`, or why there is no movement."""
        f = self.fmt
        if result.movement is None or result.previous_variance is None:
            return f._("no earlier projection this financial year to compare with")
        since = f.quarter_only(result.quarter.previous)
        before, now = result.previous_variance, result.total.variance
        if result.movement == 0:
            return f._("the position is unchanged since %(since)s", since=since)
        if before != 0 and now != 0 and (before > 0) == (now > 0):
            amount = f.money(result.movement, like=now)
            grew = abs(now) > abs(before)
            if now > 0:
                message = (N_("the overspend grew by %(amount)s since %(since)s") if grew
                           else N_("the overspend fell by %(amount)s since %(since)s"))
            else:
                message = (N_("the underspend grew by %(amount)s since %(since)s") if grew
                           else N_("the underspend fell by %(amount)s since %(since)s"))
            return f._(message, amount=amount, since=since)
        return f._("the position moved from %(before)s to %(now)s since %(since)s",
                   before=self._state(before), now=self._state(now), since=since)

    def _state(self, variance: Decimal) -> str:
        """`an overspend of £150,000`, `a balanced budget`."""
        f = self.fmt
        if variance == 0:
            return f._("a balanced budget")
        if variance > 0:
            return f._("an overspend of %(amount)s", amount=f.money(variance))
        return f._("an underspend of %(amount)s", amount=f.money(variance))

    def budget_sentence(self, name: str, result: BudgetResult) -> str:
        """The budget section's opening sentence."""
        f = self.fmt
        return f._("%(name)s reports a %(phrase)s, %(share)s of its budget; %(movement)s.",
                   name=name, phrase=self.variance_phrase(result),
                   share=f.share(result.total.variance_pct),
                   movement=self.movement_phrase(result))

    def budget_summary(self, result: BudgetResult) -> str:
        """The summary's budget line."""
        f = self.fmt
        return f._("Budget: %(phrase)s (%(share)s of the %(budget)s budget); %(movement)s.",
                   phrase=self.variance_phrase(result),
                   share=f.share(result.total.variance_pct),
                   budget=f.money(result.total.budget),
                   movement=self.movement_phrase(result))

    def council_budget(self, budget: Decimal, variance: Decimal, quarter: Quarter) -> str:
        """The corporate overview's budget sentence."""
        f = self.fmt
        month, total = quarter.budget_month, f.money(budget)
        if variance > 0:
            return f._("Together the directorates project an overspend of %(amount)s "
                       "against budgets of %(total)s at month %(month)s.",
                       amount=f.money(variance), total=total, month=month)
        if variance < 0:
            return f._("Together the directorates project an underspend of %(amount)s "
                       "against budgets of %(total)s at month %(month)s.",
                       amount=f.money(variance), total=total, month=month)
        return f._("Together the directorates project a balanced budget against budgets "
                   "of %(total)s at month %(month)s.", total=total, month=month)

    # -- summaries ----------------------------------------------------------------------

    def summary_lead(self, summary: Summary, quarter: Quarter) -> str:
        """How many indicators, and how many of those judged are green, amber and red."""
        f = self.fmt
        text = f.n_("%(count)s indicator is reported for %(quarter)s.",
                    "%(count)s indicators are reported for %(quarter)s.",
                    summary.total, quarter=f.quarter(quarter))
        judged = summary.green + summary.amber + summary.red
        if judged:  # the verb agrees with the number of greens
            text += " " + f.n_(
                "Of the %(judged)s with a target and a figure, %(count)s is green, "
                "%(amber)s amber and %(red)s red.",
                "Of the %(judged)s with a target and a figure, %(count)s are green, "
                "%(amber)s amber and %(red)s red.",
                summary.green, judged=f.integer(judged), amber=f.integer(summary.amber),
                red=f.integer(summary.red))
        if summary.not_available:
            text += " " + f.n_("%(count)s with a target has no figure this quarter.",
                               "%(count)s with a target have no figure this quarter.",
                               summary.not_available)
        return text

    def travel(self, summary: Summary) -> Markup:
        """Since last quarter and against last year, with the counts in bold; every
        indicator is counted once, so the counts add up to the total."""
        f = self.fmt

        def bold(count: int) -> Markup:
            return Markup("<strong>%s</strong>") % f.integer(count)

        text = f.markup(
            "Since last quarter %(improved)s improved, %(declined)s declined and "
            "%(no_change)s did not change.", improved=bold(summary.improved),
            declined=bold(summary.declined), no_change=bold(summary.no_change))
        if summary.moved:
            text += Markup(" ") + f.n_markup(
                "%(count)s context measure, with no better direction, went up or down.",
                "%(count)s context measures, with no better direction, went up or down.",
                summary.moved, count=bold(summary.moved))
        if summary.not_compared:
            text += Markup(" ") + f.n_markup(
                "%(count)s had no figure to compare.", "%(count)s had no figures to compare.",
                summary.not_compared, count=bold(summary.not_compared))
        if not summary.last_year_figures:  # a first year: "0 improved and 0 declined" misleads
            return text + Markup(" ") + f.markup(
                "No indicator has a figure for the same quarter last year to compare with.")
        return text + Markup(" ") + f.markup(
            "Against the same quarter last year %(improved_year)s improved and "
            "%(declined_year)s declined.", improved_year=bold(summary.improved_year),
            declined_year=bold(summary.declined_year))

    def key(self, scheme: SchemeWords, comparators: Sequence[str] = (),
            about: Mapping[str, str] | None = None, marks: Collection[str] = ()) -> Markup:
        """The key under the indicators heading, in plain words: what the status and
        direction marks mean, what each comparator is (`about`, from reportgen.yaml), and
        `[p]` and `[r]` where the report's figures carry them (`marks`)."""
        f = self.fmt

        def badge(rag: Rag) -> Markup:
            return Markup("<strong>%s %s</strong>") % (RAG_SYMBOL[rag], f.rag(rag))

        key = f.markup(
            "How to read the tables. Status: %(green)s %(green_means)s; %(amber)s "
            "%(amber_means)s; %(red)s %(red_means)s; %(none)s no target is set, because the "
            "figure shows demand or circumstances rather than how well a service did (a "
            "context measure). Each figure is compared with the previous quarter and with the "
            "same quarter last year: the arrow shows whether it went up (↑), down (↓) or "
            "stayed the same (→), and the word says whether that is better (Improved) or "
            "worse (Declined). A context measure is neither better nor worse when it moves, "
            "so it says only Up or Down. A change in a percentage is given in percentage "
            "points (pp): from 10%% to 12%% is a rise of 2 percentage points. A mark in "
            "square brackets says why a figure is missing: [x] not available, [c] withheld "
            "so that no one can be identified, [z] does not apply, [u] less reliable than "
            "usual.",
            green=badge(Rag.GREEN), green_means=scheme.green, amber=badge(Rag.AMBER),
            amber_means=scheme.amber, red=badge(Rag.RED), red_means=scheme.red,
            none=badge(Rag.NO_TARGET))
        if "[p]" in marks:
            key += Markup(" ") + f._("[p] means provisional: the figure may change when the "
                                     "final one is in.")
        if "[r]" in marks:
            key += Markup(" ") + f._("[r] means revised: the figure differs from the one an "
                                     "earlier report published, which its note gives.")
        for name in comparators:
            said = (about or {}).get(name)
            key += Markup(" ") + (f.markup(
                "%(name)s: %(about)s Under it, Better or Worse says how our figure compares.",
                name=Markup("<strong>%s</strong>") % name, about=said) if said else f.markup(
                "%(name)s: the same figure for the areas we compare ourselves with. Under "
                "it, Better or Worse says how our figure compares.",
                name=Markup("<strong>%s</strong>") % name))
        return key

    def council_lead(self, summary: Summary) -> str:
        """The corporate overview's opening sentences."""
        f = self.fmt
        judged = summary.green + summary.amber + summary.red
        return f._(
            "Across the council %(total)s indicators are reported. %(green)s are green "
            "(%(share)s of those with a target), %(amber)s amber and %(red)s red. Since last "
            "quarter %(improved)s improved and %(declined)s declined.",
            total=f.integer(summary.total), green=f.integer(summary.green),
            share=f.pct(summary.green, judged), amber=f.integer(summary.amber),
            red=f.integer(summary.red), improved=f.integer(summary.improved),
            declined=f.integer(summary.declined))

    def red_flag(self, result: KpiResult) -> str:
        """An indicator outside tolerance, with its figure and target."""
        f = self.fmt
        kpi, target = result.kpi, result.target
        assert target is not None  # only a KPI with a target can be red
        if result.annual_target is not None and result.ytd is not None:
            return f._("%(title)s: %(ytd)s so far this year against %(target)s to date",
                       title=kpi.title, ytd=f.value(result.ytd, kpi, short=True),
                       target=f.value(target, kpi, short=True))
        return f._("%(title)s: %(figure)s against a target of %(target)s",
                   title=kpi.title, figure=f.result(result),
                   target=f.value(target, kpi, short=True))

    def worse_flag(self, result: KpiResult, spelled: bool = False) -> str:
        """An indicator that declined since last quarter: the figure and the change, so the
        reader does no arithmetic; `spelled` writes "percentage points" out in full."""
        f = self.fmt
        before = result.previous.value
        assert before is not None  # a decline needs both figures
        return f._("%(title)s: %(now)s, %(change)s on %(before)s last quarter",
                   title=result.kpi.title, now=f.result(result),
                   change=f.change(result.previous, result.kpi, spelled=spelled),
                   before=f.value(before, result.kpi, short=True))


def marks_in(results: Iterable[KpiResult]) -> set[str]:
    """The marks the figures of a report carry, for its key: a revised figure is `[r]`
    wherever it is shown, a chart's table of figures too."""
    found: set[str] = set()
    for r in results:
        found.update(m for m in (r.symbol, r.previous.symbol, r.last_year.symbol) if m)
        if r.revisions:
            found.add("[r]")
    return found
