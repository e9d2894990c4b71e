"""Disclosure control: which figures a report may publish, decided once for every output.

A `Disclosed` calculator gives the figures as published: a confidential figure is no
value with the symbol `[c]`, a protected count is rounded when the project asks for it.
Everything computed from it (changes, years to date, RAG, charts, exports, narrative
expressions) therefore never sees a suppressed value. The rules, as docs/formats.md
explains them:

1. primary: a protected KPI's figure from 1 to threshold − 1 is confidential;
2. a derived KPI is confidential when any of its components is;
3. a year to date is confidential when it is small or any quarter summed in it is;
4. a change is not published when either end is confidential (compare() gives none);
5. sums: the KPIs listed together as a derived KPI's numerator or denominator add up to a
   total. While the confidential parts of such a sum add up to less than the threshold,
   the smallest published part is made confidential too, so no small count can be found
   by subtracting the published parts from the total.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from reportgen.compute.calculate import Calculator, Figure
from reportgen.compute.rounding import round_half_up
from reportgen.load.dataset import Observation
from reportgen.load.kpis import Catalogue, Kpi
from reportgen.quarters import Quarter

CONFIDENTIAL = "[c]"


@dataclass(frozen=True)
class Policy:
    """The project's `disclosure:` settings."""

    threshold: int
    units: frozenset[str] = frozenset({"count"})
    round: int | None = None

    def protects(self, kpi: Kpi) -> bool:
        """Whether the KPI's own figures are checked: `disclosure: true|false` on the KPI,
        else its unit. A derived KPI is protected through its components."""
        if kpi.disclosure is not None:
            return kpi.disclosure
        return kpi.unit in self.units and kpi.derived is None

    def small(self, value: Decimal | None) -> bool:
        return value is not None and 0 < value < self.threshold

    def rounded(self, value: Decimal) -> Decimal:
        if self.round is None:
            return value
        base = Decimal(self.round)
        return round_half_up(value / base, 0) * base


Level = str  # "value" (the quarter's figure) or "ytd" (its year to date)


class Disclosed(Calculator):
    """The figures as published under a disclosure policy (see the module's rules)."""

    def __init__(self, catalogue: Catalogue,
                 observations: dict[tuple[str, Quarter], Observation], policy: Policy):
        super().__init__(catalogue, observations)
        self.raw = Calculator(catalogue, observations)
        self.policy = policy
        self.sums = [parts for kpi in catalogue.kpis.values() if kpi.derived
                     for parts in (kpi.derived.numerator, kpi.derived.denominator)
                     if len(parts) > 1]
        self._hidden: dict[tuple[int, Quarter, Level], frozenset[str]] = {}
        self._deciding: set[tuple[str, Quarter, Level]] = set()
        self._decided: dict[tuple[str, Quarter, Level], bool] = {}

    # -- the published figures ----------------------------------------------------------

    def headline(self, kpi_id: str, quarter: Quarter) -> Figure:
        if self.confidential(kpi_id, quarter, "value"):
            return None, CONFIDENTIAL
        value, symbol = self.raw.headline(kpi_id, quarter)
        kpi = self.catalogue.kpis[kpi_id]
        if value is not None and not kpi.derived and self.policy.protects(kpi):
            value = self.policy.rounded(value)
        return value, symbol

    def ytd(self, kpi_id: str, quarter: Quarter) -> Decimal | None:
        kpi = self.catalogue.kpis[kpi_id]
        if kpi.derived or kpi.measure != "flow":
            return super().ytd(kpi_id, quarter)  # the headline itself, or none
        if self.confidential(kpi_id, quarter, "ytd"):
            return None
        value = self.raw.ytd(kpi_id, quarter)
        if value is not None and self.policy.protects(kpi):
            value = self.policy.rounded(value)
        return value

    def shown_parts(self, kpi_id: str, found: Observation | None) -> tuple[tuple[str, str], ...]:
        """A figure's parts as read, unless one is small (a month's count, a numerator):
        then none, since the part would give a small count away."""
        parts = super().shown_parts(kpi_id, found)
        for _, text in parts:
            try:
                if self.policy.small(Decimal(text)):
                    return ()
            except ArithmeticError:
                continue
        return parts

    def withheld_ytd(self, kpi_id: str, quarter: Quarter) -> bool:
        """True when the year to date exists but is not published."""
        kpi = self.catalogue.kpis[kpi_id]
        level = "ytd" if kpi.measure == "flow" and not kpi.derived else "value"
        return self.confidential(kpi_id, quarter, level)

    # -- the decision -------------------------------------------------------------------

    def confidential(self, kpi_id: str, quarter: Quarter, level: Level) -> bool:
        """Whether the KPI's figure (its quarter's, or its year to date) is withheld."""
        key = (kpi_id, quarter, level)
        if key in self._decided:
            return self._decided[key]
        if key in self._deciding:  # a cycle (reported by validation) decides nothing
            return False
        self._deciding.add(key)
        try:
            decision = self._decided[key] = self._decide(kpi_id, quarter, level)
        finally:
            self._deciding.discard(key)
        return decision

    def _decide(self, kpi_id: str, quarter: Quarter, level: Level) -> bool:
        kpi = self.catalogue.kpis[kpi_id]
        if kpi.derived:
            cumulative = kpi.measure in ("flow", "ytd")
            return any(self._component_withheld(c, quarter, cumulative)
                       for c in kpi.derived.components)
        if level == "ytd" and any(self.confidential(kpi_id, q, "value")
                                  for q in quarter.year_to_date()):
            return True
        if self._primary(kpi, quarter, level):
            return True
        return any(kpi_id in self._hidden_parts(index, quarter, level)
                   for index, parts in enumerate(self.sums) if kpi_id in parts)

    def _component_withheld(self, kpi_id: str, quarter: Quarter, cumulative: bool) -> bool:
        kpi = self.catalogue.kpis.get(kpi_id)
        if kpi is None:
            return False
        ytd = cumulative and kpi.measure == "flow" and not kpi.derived
        return self.confidential(kpi_id, quarter, "ytd" if ytd else "value")

    def _figure(self, kpi: Kpi, quarter: Quarter, level: Level) -> Decimal | None:
        if level == "ytd":
            return self.raw.ytd(kpi.id, quarter)
        return self.raw.headline(kpi.id, quarter)[0]

    def _primary(self, kpi: Kpi, quarter: Quarter, level: Level) -> bool:
        return self.policy.protects(kpi) and self.policy.small(self._figure(kpi, quarter, level))

    def _hidden_parts(self, index: int, quarter: Quarter, level: Level) -> frozenset[str]:
        """The parts of a sum withheld so that its total gives no small count away."""
        key = (index, quarter, level)
        if key not in self._hidden:
            self._hidden[key] = frozenset()  # while deciding, as if none
            parts = [self.catalogue.kpis[p] for p in self.sums[index] if p in self.catalogue.kpis]
            values = {k.id: self._figure(k, quarter, level) for k in parts}
            hidden = {k.id for k in parts if self._primary(k, quarter, level)
                      or (level == "ytd" and any(self.confidential(k.id, q, "value")
                                                 for q in quarter.year_to_date()))}
            shown = sorted((v, k) for k, v in values.items() if k not in hidden and v is not None)
            while hidden and shown and self.policy.small(
                    sum((values[k] or Decimal(0) for k in hidden), Decimal(0))):
                hidden.add(shown.pop(0)[1])
            self._hidden[key] = frozenset(hidden)
        return self._hidden[key]
