"""Small builders for unit tests: KPIs and observations without files."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reportgen.errors import Location
from reportgen.load.dataset import Observation
from reportgen.load.kpis import Catalogue, Kpi
from reportgen.quarters import Quarter


def kpi(**fields: Any) -> Kpi:
    base: dict[str, Any] = {"id": "K-1", "title": "A measure", "directorate": "children"}
    return Kpi.model_validate(base | fields)


def catalogue(*kpis: Kpi) -> Catalogue:
    return Catalogue(kpis={k.id: k for k in kpis},
                     locations={k.id: Location("kpis.yaml", n) for n, k in enumerate(kpis, 1)})


def observations(values: dict[tuple[str, str], Any]) -> dict[tuple[str, Quarter], Observation]:
    """{(kpi, "2017Q3"): 803} → observations; a str value starting '[' is a GSS symbol."""
    out = {}
    for (kpi_id, quarter), value in values.items():
        symbol = value if isinstance(value, str) and value.startswith("[") else None
        number = None if symbol or value is None else Decimal(str(value))
        out[(kpi_id, Quarter.parse(quarter))] = Observation(
            number, symbol, "", Location("data.csv", 2))
    return out
