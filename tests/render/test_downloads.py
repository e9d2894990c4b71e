"""A table's CSV download: figures rounded as the table shows them, each column named."""

import csv
import io
from urllib.parse import unquote

from reportgen.compute.calculate import compute_quarter
from reportgen.quarters import Quarter
from reportgen.render.downloads import table_csv
from reportgen.words.formatter import Formatter

from ..helpers import catalogue, kpi, observations

Q3 = Quarter.parse("2017Q3")


def test_the_download_is_rounded_as_shown_with_the_exact_value_in_a_named_column() -> None:
    rate = kpi(id="R", title="Repeat referrals", unit="percent", decimals=1,
               polarity="lower_is_better", derived={"numerator": "N", "denominator": "D",
                                                    "per": 100}, target={2017: 20})
    parts = [kpi(id="N", show=False), kpi(id="D", show=False)]
    values = {("N", "2017Q3"): 131, ("D", "2017Q3"): 666, ("N", "2017Q2"): 120,
              ("D", "2017Q2"): 600}
    cat = catalogue(rate, *parts)
    result = compute_quarter(cat, observations(values), {}, ["children"], Q3).kpis["R"]
    text = unquote(table_csv([result], Formatter("en")).split(",", 1)[1])
    [row] = list(csv.DictReader(io.StringIO(text)))
    # 131 of 666 is 19.6696…%, shown as 19.7%; 120 of 600 is 20.0%, a fall of 0.3 points
    assert (row["Unit"], row["Value"], row["Previous quarter"], row["Change"]) == (
        "percent", "19.7", "20.0", "-0.3")
    assert row["Target"] == "20.0"
    assert row["Value, unrounded"] == "19.6696696697"


def test_a_flow_s_download_gives_the_year_to_date_its_target_is_for() -> None:
    flow = kpi(id="F", title="Fly-tipping incidents cleared", unit="count", measure="flow",
               polarity="higher_is_better", target={2017: 1200})
    values = {("F", "2017Q1"): 300, ("F", "2017Q2"): 315, ("F", "2017Q3"): 272}
    result = compute_quarter(catalogue(flow), observations(values), {}, ["housing"],
                             Q3).kpis["F"]
    text = unquote(table_csv([result], Formatter("en")).split(",", 1)[1])
    [row] = list(csv.DictReader(io.StringIO(text)))
    assert (row["Value"], row["Year to date"], row["Target"]) == ("272", "887", "900")
